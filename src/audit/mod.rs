//! `modelgate audit`: find every Bedrock model reference in a tree (or in
//! the git index) and judge it with the same rules as `check`.
//!
//! walk ([`walk`], [`staged`]) → scan ([`scan`]) → attribute each file to a
//! workload ([`context`]) → evaluate ([`judge`]) → per-path ignores →
//! inline suppressions ([`suppress`]) → baseline ([`baseline`]) → report.

pub mod baseline;
pub mod context;
pub mod judge;
pub mod scan;
pub mod staged;
pub mod suppress;
pub mod walk;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{json, Value};

use crate::catalog::Catalog;
use crate::check::{location, RuleFilter};
use crate::cli::AuditArgs;
use crate::config::Settings;
use crate::date::Date;
use crate::error::{Result, RunError};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::normalize::{EntryLocation, Normalizer, RegionRef, Settings as InputSettings};
use crate::policy::{self, Evaluator, PolicyOptions};
use crate::reference::{Reference, ReferenceKind};
use crate::report::{OutputFormat, Report};
use crate::source::SourceFile;

use context::{ContextValues, Contexts, WrittenIn};
use judge::{BaselineInput, Item, Judge, StaleInput, SuppressionInput};
use scan::{Found, Scanned, Scanner};
use walk::{Tally, WalkOptions};

/// One file with references or suppression comments.
struct AuditFile {
    source: SourceFile,
    scanned: Scanned,
}

pub fn run(args: AuditArgs) -> Result<ExitCode> {
    let settings = Settings::resolve(&args.common)?;
    let catalog = match settings.catalog_dir.value.as_deref() {
        Some(dir) => Catalog::from_dir(dir)?,
        None => Catalog::embedded()?,
    };
    let scanner = Scanner::new(&catalog)?;
    if args.print_needles {
        let mut out = std::io::stdout().lock();
        for needle in scan::needles(&catalog) {
            writeln!(out, "{needle}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let max_filesize = walk::parse_size(&args.max_filesize)
        .map_err(|msg| RunError::plain(format!("--max-filesize: {msg}")))?;
    let mut excludes = args.exclude.clone();
    if let Some(more) = &settings.audit.exclude {
        excludes.extend(more.value.iter().cloned());
    }
    let options = WalkOptions {
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        excludes: excludes.clone(),
        max_filesize,
    };
    let policy_files = policy::rule_files(&PolicyOptions {
        extra_dirs: settings.policy_dirs.value.clone(),
        no_default_policies: settings.no_default_policies.value,
    })?;

    // The policies compile while the tree is walked.
    let (walked, evaluator) = std::thread::scope(|scope| {
        let compiling =
            (!args.inventory).then(|| scope.spawn(|| Evaluator::new(&policy_files, &catalog)));
        let walked = if args.staged {
            walk::Excludes::new(&excludes)
                .and_then(|ex| staged::collect(&args.paths, &ex, max_filesize, &scanner))
        } else {
            walk::walk(&args.paths, &options, &scanner)
        };
        let evaluator = compiling.map(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err(RunError::plain("compiling the policies failed")))
        });
        (walked, evaluator)
    });
    let (hits, tally) = walked?;
    for problem in &tally.unreadable {
        eprintln!("modelgate: skipped {problem}");
    }
    // The baseline file names references too: it is not code.
    let baseline_files: Vec<PathBuf> = [
        args.baseline.clone(),
        args.write_baseline.clone(),
        settings.audit.baseline.as_ref().map(|b| b.value.clone()),
    ]
    .into_iter()
    .flatten()
    .filter_map(|p| p.canonicalize().ok())
    .collect();
    let files: Vec<AuditFile> = hits
        .into_iter()
        .filter(|hit| {
            baseline_files.is_empty()
                || !hit
                    .path
                    .canonicalize()
                    .is_ok_and(|p| baseline_files.contains(&p))
        })
        .map(|hit| AuditFile {
            source: SourceFile::new(hit.path, hit.text),
            scanned: hit.scanned,
        })
        .collect();

    if args.inventory {
        let mut out = std::io::stdout().lock();
        inventory(&files, &catalog, &mut out)?;
        writeln!(
            out,
            "{}",
            summary_line(
                &tally,
                &files,
                &[],
                &Counts::default(),
                max_filesize,
                &catalog
            )
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let evaluator = match evaluator {
        Some(result) => result?,
        None => Evaluator::new(&policy_files, &catalog)?,
    };
    let filter = RuleFilter {
        select: settings.select.value.clone(),
        ignore: settings.ignore.value.clone(),
    };
    crate::commands::check_selectors(&evaluator, &filter)?;
    let fail_on = settings.fail_on.value;
    let rules = evaluator.rules.values().cloned().collect();
    let mut judge = Judge::new(
        evaluator,
        Normalizer {
            catalog: &catalog,
            today: args.common.today.unwrap_or_else(Date::today_utc),
            settings: InputSettings {
                eol_horizon_days: settings.eol_horizon.value,
                max_catalog_age_days: settings.max_catalog_age.value,
            },
        },
        filter,
    );

    // Attribute files to workloads and judge each workload's references.
    let flags = ContextValues {
        regions: (!args.regions.is_empty()).then(|| args.regions.clone()),
        residency: args.residency.clone(),
        compliance: (!args.compliance.is_empty()).then(|| args.compliance.clone()),
        written_in: None,
    };
    let audit = &settings.audit;
    let config = ContextValues {
        regions: audit.regions.as_ref().map(|a| a.value.clone()),
        residency: audit.residency.as_ref().map(|a| a.value.clone()),
        compliance: audit.compliance.as_ref().map(|a| a.value.clone()),
        written_in: settings.config_source.clone().map(|source| WrittenIn {
            source,
            regions: audit
                .regions
                .as_ref()
                .map(|a| a.pointer.clone())
                .unwrap_or_default(),
            residency: audit
                .residency
                .as_ref()
                .map(|a| a.pointer.clone())
                .unwrap_or_default(),
        }),
    };
    let mut contexts = Contexts::new(&catalog, flags, config)?;
    // context → [(file, reference)]
    let mut groups: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (f, file) in files.iter().enumerate() {
        if file.scanned.references.is_empty() {
            continue;
        }
        let context = contexts.for_file(file.source.path())?;
        let group = groups.entry(context).or_default();
        group.extend((0..file.scanned.references.len()).map(|r| (f, r)));
    }
    let mut findings: Vec<Finding> = Vec::new();
    for (context, members) in &groups {
        let Some(ctx) = contexts.list.get(*context) else {
            continue;
        };
        let workload_regions: Vec<RegionRef> = ctx
            .workload
            .workload
            .regions
            .iter()
            .map(|r| RegionRef {
                region: r.value.clone(),
                pointer: r.pointer.clone(),
            })
            .collect();
        let items: Vec<Item> = members
            .iter()
            .map(|&(f, r)| {
                let file = &files[f];
                let found = &file.scanned.references[r];
                item_of(&catalog, file, found, &workload_regions)
            })
            .collect();
        for finding in judge.judge(*context, &ctx.workload, &items)? {
            let Some(&(f, r)) = members.get(finding.item) else {
                continue;
            };
            let file = &files[f];
            let found = &file.scanned.references[r];
            findings.push(Finding {
                rule: finding.rule,
                severity: finding.severity,
                message: finding.message,
                location: location(&file.source, found.span.clone()),
                pointer: None,
                reference: Some(found.text.clone()),
                fix: finding.fix.map(|c| Fix {
                    description: c.description,
                    replacement: c.text.clone(),
                    applicability: c.applicability,
                    edit: Edit {
                        span: found.span.clone(),
                        content: c.text,
                    },
                }),
            });
        }
    }
    findings
        .retain(|f| !settings.ignored_for_path(&f.rule, std::path::Path::new(&f.location.file)));

    // Inline suppressions.
    let mut placed_in: Vec<usize> = Vec::new();
    let mut placed: Vec<suppress::Placed<'_>> = Vec::new();
    for (f, file) in files.iter().enumerate() {
        for s in &file.scanned.suppressions {
            placed_in.push(f);
            placed.push(suppress::Placed {
                file: file.source.display_path(),
                line: file.source.line_col(s.span.start).line,
                suppression: s,
                used: false,
            });
        }
    }
    let mut counts = Counts::default();
    let (kept, suppressed) = suppress::apply(findings, &mut placed);
    counts.suppressed = suppressed;
    let mut findings = kept;
    if !placed.is_empty() {
        let inputs = placed
            .iter()
            .enumerate()
            .map(|(k, p)| SuppressionInput {
                pointer: format!("/suppressions/{k}"),
                file: p.file.clone(),
                line: p.line,
                rules: p.suppression.rules.clone(),
                reason: p.suppression.reason.clone(),
                used: p.used,
            })
            .collect();
        for (pointer, rule, severity, message) in judge.judge_meta(Some(inputs), None)? {
            let Some((f, p)) = pointer
                .strip_prefix("/suppressions/")
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| Some((*placed_in.get(k)?, placed.get(k)?)))
            else {
                continue;
            };
            let source = &files[f].source;
            let span = p.suppression.span.clone();
            findings.push(Finding {
                rule,
                severity,
                message,
                location: location(source, span.clone()),
                pointer: None,
                reference: source.text().get(span).map(str::to_string),
                fix: None,
            });
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    // Baseline.
    let subject = |f: &Finding| f.reference.clone().unwrap_or_default();
    if let Some(path) = &args.write_baseline {
        let keys = baseline::Keys::for_baseline(path)?;
        let entries = keys.entries(&findings, &subject);
        baseline::write(path, &entries)?;
        eprintln!(
            "modelgate: wrote {} with {} finding{}; `modelgate audit --baseline {}` now reports only new ones",
            path.display(),
            entries.len(),
            if entries.len() == 1 { "" } else { "s" },
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let baseline_path = args
        .baseline
        .clone()
        .or_else(|| settings.audit.baseline.as_ref().map(|b| b.value.clone()));
    let mut report_files: Vec<SourceFile> = files.iter().map(|f| f.source.clone()).collect();
    if let Some(path) = &baseline_path {
        let base = baseline::Baseline::read(path)?;
        let keys = baseline::Keys::for_baseline(path)?;
        let (kept, baselined, stale) = base.apply(&keys, findings, &subject);
        counts.baselined = baselined;
        findings = kept;
        if !stale.is_empty() {
            let input = BaselineInput {
                file: base.source.display_path(),
                stale: stale
                    .iter()
                    .map(|&i| {
                        let e = &base.entries[i];
                        StaleInput {
                            pointer: format!("/baseline/{i}"),
                            rule: e.rule.clone(),
                            file: e.file.clone(),
                            reference: e.reference.clone(),
                            occurrence: e.occurrence,
                        }
                    })
                    .collect(),
            };
            for (pointer, rule, severity, message) in judge.judge_meta(None, Some(input))? {
                let Some(span) = pointer
                    .strip_prefix("/baseline/")
                    .and_then(|k| k.parse::<usize>().ok())
                    .and_then(|k| base.spans.get(k))
                else {
                    continue;
                };
                findings.push(Finding {
                    rule,
                    severity,
                    message,
                    location: location(&base.source, span.clone()),
                    pointer: None,
                    reference: None,
                    fix: None,
                });
            }
            findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            report_files.push(base.source.clone());
        }
    }

    let report = Report {
        files: report_files,
        findings,
        catalog_as_of: catalog.as_of(),
        fixed: 0,
        rules,
        fail_on,
        command: "audit",
    };
    let line = summary_line(
        &tally,
        &files,
        &report.findings,
        &counts,
        max_filesize,
        &catalog,
    );
    let mut stdout = std::io::stdout().lock();
    match args.common.format {
        OutputFormat::Human => {
            report.render_human_diagnostics(&mut stdout)?;
            writeln!(stdout, "{line}")?;
        }
        OutputFormat::Json => {
            let mut buffer = Vec::new();
            report.render(OutputFormat::Json, &mut buffer)?;
            let document = json_document(&buffer, &files, &tally, &report.findings, &counts)?;
            serde_json::to_writer_pretty(&mut stdout, &document)?;
            writeln!(stdout)?;
        }
        format => report.render(format, &mut stdout)?,
    }
    stdout.flush()?;
    if !matches!(args.common.format, OutputFormat::Human) {
        eprintln!("{line}");
    }
    let failed = report.findings.iter().any(|f| fail_on.fails(f.severity));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A found reference, parsed and placed, ready to judge.
fn item_of(
    catalog: &Catalog,
    file: &AuditFile,
    found: &Found,
    workload_regions: &[RegionRef],
) -> Item {
    let mut reference = Reference::parse(&found.normalized, catalog);
    reference.text = found.text.clone();
    if found.templated && found.arn_region.is_none() {
        reference.arn_region = None; // the placeholder stood for a template
    }
    let start = file.source.line_col(found.span.start);
    // The workload's Regions, as in `check` (an ARN of another Region is
    // reported by availability/region-unavailable); with none known, an ARN
    // that names its Region can only be called there.
    let regions = match &found.arn_region {
        Some(region) if workload_regions.is_empty() && catalog.region(region).is_some() => {
            vec![RegionRef {
                region: region.clone(),
                pointer: String::new(), // filled in with the entry's pointer
            }]
        }
        _ => workload_regions.to_vec(),
    };
    Item {
        reference,
        regions,
        location: EntryLocation {
            file: file.source.display_path(),
            line: start.line,
            column: start.column,
        },
        fixable: found.text == found.normalized,
    }
}

#[derive(Default)]
struct Counts {
    suppressed: usize,
    baselined: usize,
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// `12 files scanned (2 skipped: 1 binary, 1 larger than 2 MiB); 9 references found; …`
fn summary_line(
    tally: &Tally,
    files: &[AuditFile],
    findings: &[Finding],
    counts: &Counts,
    max_filesize: u64,
    catalog: &Catalog,
) -> String {
    let references: usize = files.iter().map(|f| f.scanned.references.len()).sum();
    let skipped = tally.binary + tally.too_large + tally.unreadable.len();
    let mut why = Vec::new();
    if tally.binary > 0 {
        why.push(format!("{} binary", tally.binary));
    }
    if tally.too_large > 0 {
        why.push(format!(
            "{} larger than {}",
            tally.too_large,
            human_size(max_filesize)
        ));
    }
    if !tally.unreadable.is_empty() {
        why.push(format!("{} unreadable", tally.unreadable.len()));
    }
    let mut line = plural(tally.scanned, "file") + " scanned";
    if skipped > 0 {
        line.push_str(&format!(" ({skipped} skipped: {})", why.join(", ")));
    } else {
        line.push_str(" (none skipped)");
    }
    line.push_str(&format!("; {} found", plural(references, "reference")));
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    line.push_str(&format!(
        "; {}, {}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Info), "info")
    ));
    let by_rule = by_rule(findings);
    if !by_rule.is_empty() {
        let parts: Vec<String> = by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    if counts.suppressed > 0 {
        line.push_str(&format!("; {} suppressed inline", counts.suppressed));
    }
    if counts.baselined > 0 {
        line.push_str(&format!("; {} in the baseline", counts.baselined));
    }
    line.push_str(&format!(" (catalog as of {})", catalog.as_of()));
    line
}

fn by_rule(findings: &[Finding]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for f in findings {
        *out.entry(f.rule.clone()).or_insert(0) += 1;
    }
    out
}

fn kind_name(kind: ReferenceKind) -> &'static str {
    match kind {
        ReferenceKind::ModelId => "model_id",
        ReferenceKind::InferenceProfile => "inference_profile",
        ReferenceKind::FoundationModelArn => "foundation_model_arn",
        ReferenceKind::InferenceProfileArn => "inference_profile_arn",
        ReferenceKind::ApplicationProfileArn => "application_profile_arn",
        ReferenceKind::Malformed => "malformed",
    }
}

/// `check`'s JSON document, with the `references` inventory beside the
/// findings and the audit's counts in `summary`.
fn json_document(
    rendered: &[u8],
    files: &[AuditFile],
    tally: &Tally,
    findings: &[Finding],
    counts: &Counts,
) -> Result<Value> {
    let base: Value =
        serde_json::from_slice(rendered).map_err(|err| RunError::plain(err.to_string()))?;
    let references: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            file.scanned.references.iter().map(move |found| {
                let (start, end) = file.source.span_positions(&found.span);
                json!({
                    "file": file.source.display_path(),
                    "line": start.line,
                    "column": start.column,
                    "end_column": end.column,
                    "text": found.text,
                    "kind": kind_name(found.kind),
                })
            })
        })
        .collect();
    let mut summary = base.get("summary").cloned().unwrap_or_else(|| json!({}));
    if let Some(object) = summary.as_object_mut() {
        object.insert("files".into(), json!(tally.scanned));
        object.insert(
            "skipped".into(),
            json!({
                "binary": tally.binary,
                "too_large": tally.too_large,
                "unreadable": tally.unreadable.len(),
            }),
        );
        object.insert("references".into(), json!(references.len()));
        object.insert("by_rule".into(), json!(by_rule(findings)));
        object.insert("suppressed".into(), json!(counts.suppressed));
        object.insert("baselined".into(), json!(counts.baselined));
    }
    Ok(json!({
        "schema": base.get("schema").cloned().unwrap_or(json!(1)),
        "tool": base.get("tool").cloned().unwrap_or(Value::Null),
        "findings": base.get("findings").cloned().unwrap_or(json!([])),
        "references": references,
        "summary": summary,
    }))
}

/// `--inventory`: which models the tree uses, how often and where.
fn inventory(files: &[AuditFile], catalog: &Catalog, out: &mut dyn Write) -> Result<()> {
    // model (or what stands for it) → written form → locations
    let mut models: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for file in files {
        for found in &file.scanned.references {
            let reference = Reference::parse(&found.normalized, catalog);
            let key = match (&reference.model_id, reference.kind) {
                (_, ReferenceKind::Malformed) => "(malformed references)".to_string(),
                (_, ReferenceKind::ApplicationProfileArn) => {
                    "(application inference profiles: model not known from the ARN)".to_string()
                }
                (Some(id), _) => match catalog.model(id) {
                    Some(model) => format!("{id} ({})", model.name),
                    None => format!("{id} (not in the catalog)"),
                },
                (None, _) => found.normalized.clone(),
            };
            let at = file.source.line_col(found.span.start);
            models
                .entry(key)
                .or_default()
                .entry(found.text.clone())
                .or_default()
                .push(format!(
                    "{}:{}:{}",
                    file.source.display_path(),
                    at.line,
                    at.column
                ));
        }
    }
    let mut rows: Vec<(&String, &BTreeMap<String, Vec<String>>)> = models.iter().collect();
    rows.sort_by(|a, b| {
        let count = |m: &BTreeMap<String, Vec<String>>| m.values().map(Vec::len).sum::<usize>();
        count(b.1).cmp(&count(a.1)).then_with(|| a.0.cmp(b.0))
    });
    for (model, forms) in rows {
        let total: usize = forms.values().map(Vec::len).sum();
        writeln!(out, "{model}: {}", plural(total, "reference"))?;
        for (form, places) in forms {
            writeln!(out, "  {form} ×{}", places.len())?;
            for place in places {
                writeln!(out, "    {place}")?;
            }
        }
    }
    Ok(())
}
