//! `modelgate audit`: find every Bedrock model reference in a tree (or in
//! the git index) and judge it with the same rules and the same verdict
//! core as `check`.
//!
//! walk ([`walk`], [`staged`]) → scan ([`scan`]) → attribute each file to a
//! workload ([`context`]) → judge each workload's references ([`judge`],
//! with per-path ignores and inline suppressions ([`suppress`]) as
//! exceptions) → baseline ([`baseline`]) → report.

pub mod baseline;
pub mod context;
mod fixes;
mod git;
mod inventory;
pub mod judge;
pub mod scan;
mod since;
pub mod staged;
pub mod suppress;
pub mod walk;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::AuditArgs;
use crate::config::Settings;
use crate::error::{Result, RunError};
use crate::finding::{Edit, Finding, Fix, Location};
use crate::fsutil;
use crate::normalize::{EntryLocation, RegionRef};
use crate::policy::Evaluator;
use crate::reference::Reference;
use crate::report::{self, AuditFacts, Command, OutputFormat, ReferenceRow, Report};
use crate::run::{Prepared, RunContext};
use crate::source::SourceFile;
use crate::verdict::{Core, Verdict};

use context::{ContextValues, Contexts, WrittenIn};
use judge::{BaselineInput, ContextSubject, Item, StaleInput};
use scan::{Found, Scanned, Scanner};
use suppress::Suppressions;
use walk::{FileHit, Tally, WalkOptions};

/// One file with references or suppression comments.
pub struct AuditFile {
    pub source: SourceFile,
    pub scanned: Scanned,
}

/// What an audit run ends with: a report to render, or nothing more to say
/// (`--print-needles`, `--inventory` and `--write-baseline` print their
/// own output) and the exit status.
enum Outcome {
    Report(Box<Report>),
    Done(ExitCode),
}

pub fn run(args: &AuditArgs) -> Result<ExitCode> {
    let format = args.common.format;
    let files = &args.output.files;
    if args.inventory && !matches!(format, OutputFormat::Human | OutputFormat::Json) {
        return Err(RunError::plain(format!(
            "--inventory prints human or json, not --format {}",
            format.name()
        ))
        .with_help("use --format json for the inventory as data, or drop --inventory to report findings in this format"));
    }
    report::check_diff(format, args.fixes.diff)?;
    if let Err(err) = report::outputs::check(files) {
        // Nothing ran: no report is written anywhere.
        return report::emit(Err(err), format, &[], Command::Audit);
    }
    match audit(args) {
        Ok(Outcome::Done(code)) => Ok(code),
        Ok(Outcome::Report(report)) => report::emit(Ok(*report), format, files, Command::Audit),
        Err(err) => report::emit(Err(err), format, files, Command::Audit),
    }
}

/// The audit, and with `--fix` its fixes applied and the tree audited
/// again (with `--diff`, the fixes only recorded: the findings are those
/// of the files as they are).
fn audit(args: &AuditArgs) -> Result<Outcome> {
    let report = match audit_once(args)? {
        Outcome::Report(report) if args.fixes.fix => report,
        other => return Ok(other),
    };
    let (fixing, errors) = fixes::apply(&report, args.fixes.unsafe_fixes, args.fixes.diff);
    let mut report = if fixing.preview || fixing.applied.is_empty() {
        report
    } else {
        match audit_once(args)? {
            Outcome::Report(report) => report,
            other => return Ok(other),
        }
    };
    report.errors.extend(errors);
    report.fixing = Some(fixing);
    Ok(Outcome::Report(report))
}

fn audit_once(args: &AuditArgs) -> Result<Outcome> {
    // The configuration above the audit root (the first path) applies.
    let root = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let prepared = Prepared::load(&args.common, &root)?;
    let scanner = Scanner::new(&prepared.catalog)?;
    if args.print_needles {
        let mut out = std::io::stdout().lock();
        for needle in scan::needles(&prepared.catalog) {
            writeln!(out, "{needle}")?;
        }
        return Ok(Outcome::Done(ExitCode::SUCCESS));
    }
    if let Some(path) = &args.write_baseline {
        // A path modelgate would refuse to write fails before the scan.
        fsutil::check_output(path, fsutil::Existing::Replace, "the baseline")?;
    }
    let options = walk_options(args, &prepared)?;
    let (walked, evaluator) = walk_and_compile(args, &prepared, &scanner, &options);
    let (hits, tally) = walked?;
    for problem in &tally.unreadable {
        eprintln!("modelgate: skipped {problem}");
    }
    let files = audit_files(hits, args, &prepared);
    if args.inventory {
        let facts = facts(&tally, &files, options.max_filesize);
        return inventory(args, &prepared, &files, facts);
    }
    let evaluator = match evaluator {
        Some(result) => result?,
        None => prepared.compile()?,
    };
    let run = prepared.finish(evaluator)?;
    let mut audit = Audit::new(&run, &files);
    let mut findings = audit.judge_contexts(args)?;
    findings.extend(audit.judge_suppressions()?);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut facts = facts(&tally, &files, options.max_filesize);
    facts.suppressed = audit.suppressions.suppressed;
    let mut report_files: Vec<SourceFile> = files.iter().map(|f| f.source.clone()).collect();
    if let Some(path) = &args.write_baseline {
        write_baseline(path, &findings)?;
        return Ok(Outcome::Done(ExitCode::SUCCESS));
    }
    if let Some(path) = baseline_path(args, &run) {
        let scope = tally.scope.as_ref();
        let (kept, baselined, baseline_source) = audit.apply_baseline(&path, findings, scope)?;
        findings = kept;
        facts.baselined = baselined;
        report_files.extend(baseline_source);
    }
    let report = Report {
        command: Command::Audit,
        files: report_files,
        findings,
        catalog_as_of: run.catalog.as_of(),
        fixing: None,
        rules: run.rules().sorted().into_iter().cloned().collect(),
        fail_on: run.fail_on(),
        audit: Some(facts),
        errors: audit.errors,
    };
    Ok(Outcome::Report(Box::new(report)))
}

/// The files of one workload context, as a rule error names them: the
/// first, and how many others.
pub(crate) fn context_subject(files: &[AuditFile], members: &[(usize, usize)]) -> String {
    let mut paths: Vec<String> = members
        .iter()
        .filter_map(|&(f, _)| files.get(f).map(|file| file.source.display_path()))
        .collect();
    paths.dedup();
    match paths.as_slice() {
        [] => "the code".to_string(),
        [one] => one.clone(),
        [first, rest @ ..] => format!(
            "{first} and {}",
            crate::text::plural(rest.len(), "other file")
        ),
    }
}

pub(crate) fn walk_options(args: &AuditArgs, prepared: &Prepared) -> Result<WalkOptions> {
    let max_filesize = crate::units::parse_size(&args.max_filesize)
        .map_err(|msg| RunError::plain(format!("--max-filesize: {msg}")))?;
    let mut excludes = args.exclude.clone();
    if let Some(more) = &prepared.settings.audit.exclude {
        excludes.extend(more.value.iter().cloned());
    }
    let baseline = args.baseline.is_some() || prepared.settings.audit.baseline.is_some();
    let only = match &args.since {
        Some(reference) => Some(std::sync::Arc::new(since::changed(reference)?)),
        None => None,
    };
    Ok(WalkOptions {
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        excludes,
        max_filesize,
        record_scanned: baseline && args.write_baseline.is_none(),
        only,
    })
}

type Walked = Result<(Vec<FileHit>, Tally)>;

/// Walks the tree (or reads the index) while the policies compile: the
/// two are independent, and each takes a few milliseconds.
pub(crate) fn walk_and_compile(
    args: &AuditArgs,
    prepared: &Prepared,
    scanner: &Scanner,
    options: &WalkOptions,
) -> (Walked, Option<Result<Evaluator>>) {
    std::thread::scope(|scope| {
        let compiling = (!args.inventory).then(|| scope.spawn(|| prepared.compile()));
        let walked = if args.staged {
            walk::Excludes::new(&options.excludes)
                .and_then(|ex| staged::collect(&args.paths, &ex, options.max_filesize, scanner))
        } else {
            walk::walk(&args.paths, options, scanner)
        };
        let evaluator = compiling.map(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err(RunError::plain("compiling the policies failed")))
        });
        (walked, evaluator)
    })
}

/// The files found, less the baseline files and the `--output` reports
/// (they name references too, but they are not code).
pub(crate) fn audit_files(
    hits: Vec<FileHit>,
    args: &AuditArgs,
    prepared: &Prepared,
) -> Vec<AuditFile> {
    let baseline_files: Vec<PathBuf> = [
        args.baseline.clone(),
        args.write_baseline.clone(),
        prepared
            .settings
            .audit
            .baseline
            .as_ref()
            .map(|b| b.value.clone()),
    ]
    .into_iter()
    .flatten()
    .chain(report::outputs::paths(&args.output.files).map(PathBuf::from))
    .filter_map(|p| p.canonicalize().ok())
    .collect();
    hits.into_iter()
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
        .collect()
}

/// A found reference as reports list it.
fn reference_row(file: &AuditFile, found: &Found) -> ReferenceRow {
    let (start, end) = file.source.span_positions(&found.span);
    ReferenceRow {
        file: file.source.display_path(),
        line: start.line,
        column: start.column,
        end_column: end.column,
        text: found.text.clone(),
        kind: found.kind,
    }
}

/// What was scanned and found, for the report.
fn facts(tally: &Tally, files: &[AuditFile], max_filesize: u64) -> AuditFacts {
    let references = files
        .iter()
        .flat_map(|file| {
            file.scanned
                .references
                .iter()
                .map(move |found| reference_row(file, found))
        })
        .collect();
    AuditFacts {
        scanned: tally.scanned,
        binary: tally.binary,
        too_large: tally.too_large,
        unreadable: tally.unreadable.len(),
        max_filesize,
        references,
        suppressed: 0,
        baselined: 0,
    }
}

/// `--inventory`: the models the files use, for people or as JSON. Inputs
/// that could not be read (a broken manifest) are reported, and make the
/// run exit 2, as in `audit`.
fn inventory(
    args: &AuditArgs,
    prepared: &Prepared,
    files: &[AuditFile],
    facts: AuditFacts,
) -> Result<Outcome> {
    let catalog = &prepared.catalog;
    let mut contexts = Contexts::new(
        catalog,
        flag_values(args),
        config_values(&prepared.settings),
    )?;
    let inventory = inventory::Inventory::collect(files, catalog, &mut contexts)?;
    let errors = contexts.errors;
    let mut err = std::io::stderr().lock();
    report::render_run_errors(&errors, &mut err)?;
    let mut out = std::io::stdout().lock();
    if args.common.format == OutputFormat::Json {
        let summary = serde_json::json!({
            "files": facts.scanned,
            "references": facts.references.len(),
            "models": inventory.len(),
            "skipped": {
                "binary": facts.binary,
                "too_large": facts.too_large,
                "unreadable": facts.unreadable,
            },
        });
        let document = inventory.to_json(catalog, prepared.today, summary, &errors);
        serde_json::to_writer_pretty(&mut out, &document)?;
        writeln!(out)?;
    } else {
        inventory.render_human(&mut out)?;
        let line = report::inventory_summary_line(&facts, inventory.len(), catalog.as_of());
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    let code = if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    };
    Ok(Outcome::Done(code))
}

fn baseline_path(args: &AuditArgs, run: &RunContext) -> Option<PathBuf> {
    args.baseline.clone().or_else(|| {
        run.settings
            .audit
            .baseline
            .as_ref()
            .map(|b| b.value.clone())
    })
}

/// `--write-baseline`: record today's findings (the run then exits 0).
fn write_baseline(path: &std::path::Path, findings: &[Finding]) -> Result<()> {
    let keys = baseline::Keys::for_baseline(path)?;
    let entries = keys.entries(findings, &subject_of);
    baseline::write(path, &entries)?;
    eprintln!(
        "modelgate: wrote {} with {}; `modelgate audit --baseline {}` now reports only new ones",
        path.display(),
        crate::text::plural(entries.len(), "finding"),
        path.display()
    );
    Ok(())
}

/// What a baseline entry names a finding by, besides its rule and file.
fn subject_of(finding: &Finding) -> String {
    finding.reference.clone().unwrap_or_default()
}

/// One audit run over the scanned files.
pub(crate) struct Audit<'r> {
    run: &'r RunContext,
    files: &'r [AuditFile],
    core: Core<'r>,
    pub(crate) suppressions: Suppressions<'r>,
    /// Manifests that could not be read: reported beside the findings.
    pub(crate) errors: Vec<RunError>,
}

impl<'r> Audit<'r> {
    pub(crate) fn new(run: &'r RunContext, files: &'r [AuditFile]) -> Self {
        let (suppressions, errors) = Suppressions::collect(
            files
                .iter()
                .map(|f| (&f.source, f.scanned.suppressions.as_slice())),
            run.rules(),
        );
        let mut core = run.core();
        // A rule that fails on one context is reported beside the findings
        // of the others.
        core.contain_errors();
        Self {
            run,
            files,
            core,
            suppressions,
            errors,
        }
    }

    /// The rules that failed on `subject` (what was just judged), as
    /// located errors of the report.
    fn keep_rule_errors(&mut self, subject: &str) {
        let failed = self.core.take_errors();
        let described = failed.iter().map(|e| self.core.describe(e, Some(subject)));
        self.errors.extend(described.collect::<Vec<_>>());
    }

    /// Attributes files to workloads and judges each workload's references.
    pub(crate) fn judge_contexts(&mut self, args: &AuditArgs) -> Result<Vec<Finding>> {
        let mut contexts = Contexts::new(
            &self.run.catalog,
            flag_values(args),
            config_values(&self.run.settings),
        )?;
        // context → [(file, reference)]
        let mut groups: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        let mut findings = Vec::new();
        for (f, file) in self.files.iter().enumerate() {
            if let Some(judged) = self.judge_manifest(file)? {
                findings.extend(judged);
                continue;
            }
            if file.scanned.references.is_empty() {
                continue;
            }
            let context = contexts.for_file(file.source.path())?;
            let group = groups.entry(context).or_default();
            group.extend((0..file.scanned.references.len()).map(|r| (f, r)));
        }
        for (context, members) in &groups {
            if let Some(ctx) = contexts.list.get(*context) {
                findings.extend(self.judge_context(&ctx.workload, members)?);
                self.keep_rule_errors(&context_subject(self.files, members));
            }
        }
        self.errors.append(&mut contexts.errors);
        Ok(findings)
    }

    /// A manifest in the tree is judged exactly as `check` judges it (each
    /// entry with its own Regions, features and the manifest's waivers),
    /// so the two commands give one verdict on it; audit keeps the findings
    /// about its model references. `None` when the file is no manifest, or
    /// one that does not parse (its references are then judged as code,
    /// and the broken manifest is reported as its context's error).
    fn judge_manifest(&mut self, file: &AuditFile) -> Result<Option<Vec<Finding>>> {
        let is_manifest = file
            .source
            .path()
            .file_name()
            .is_some_and(|name| crate::manifest::FILE_NAMES.iter().any(|n| name == *n));
        if !is_manifest {
            return Ok(None);
        }
        let Ok(manifest) =
            crate::manifest::ManifestFile::parse(file.source.clone(), &self.run.catalog)
        else {
            return Ok(None);
        };
        let checked = crate::check::check(self.run, &mut self.core, manifest)?;
        let path = file.source.display_path();
        self.keep_rule_errors(&path);
        let suppressions = &mut self.suppressions;
        Ok(Some(
            checked
                .findings
                .into_iter()
                .filter(|f| f.pointer.as_deref().is_some_and(|p| p.ends_with("/model")))
                .filter(|f| !suppressions.covers(&path, f.location.line, &f.rule))
                .collect(),
        ))
    }

    /// The findings on the references `members` of one workload context.
    fn judge_context(
        &mut self,
        workload: &crate::manifest::Manifest,
        members: &[(usize, usize)],
    ) -> Result<Vec<Finding>> {
        let workload_regions: Vec<RegionRef> = workload
            .workload
            .regions
            .iter()
            .map(|r| RegionRef {
                region: r.value.clone(),
                pointer: r.pointer.clone(),
            })
            .collect();
        let files = self.files;
        let placed: Vec<(&AuditFile, &Found)> = members
            .iter()
            .filter_map(|&(f, r)| {
                let file = files.get(f)?;
                Some((file, file.scanned.references.get(r)?))
            })
            .collect();
        let items: Vec<Item> = placed
            .iter()
            .map(|(file, found)| item_of(self.run, file, found, &workload_regions))
            .collect();
        let normalizer = self.run.normalizer();
        let subject = ContextSubject {
            normalizer: &normalizer,
            workload,
            items: &items,
        };
        let run = self.run;
        let suppressions = &mut self.suppressions;
        let verdicts = self.core.judge(&subject, &mut |verdicts| {
            verdicts.retain(|v| {
                // About the workload itself: `check` reports it.
                let Some(&(file, found)) = v.entry.and_then(|i| placed.get(i)) else {
                    return false;
                };
                let path = file.source.display_path();
                let line = file.source.line_col(found.span.start).line;
                !run.ignored_for_path(&v.rule, file.source.path())
                    && !suppressions.covers(&path, line, &v.rule)
            });
            Ok(())
        })?;
        Ok(verdicts
            .into_iter()
            .filter_map(|v| {
                let (file, found) = *placed.get(v.entry?)?;
                Some(locate(file, found, v))
            })
            .collect())
    }

    /// The findings of the `audit/*` rules on the suppression comments.
    fn judge_suppressions(&mut self) -> Result<Vec<Finding>> {
        if self.suppressions.is_empty() {
            return Ok(Vec::new());
        }
        let normalizer = self.run.normalizer();
        let input = judge::meta_input(&normalizer, Some(self.suppressions.inputs()), None);
        let verdicts = self.core.evaluate_document(&input)?;
        self.keep_rule_errors("the suppression comments");
        Ok(verdicts
            .into_iter()
            .filter_map(|v| {
                let (f, suppression) = self.suppressions.at(&v.pointer)?;
                let source = &self.files.get(f)?.source;
                let span = suppression.span.clone();
                Some(Finding {
                    location: Location::in_file(source, span.clone()),
                    reference: source.text().get(span).map(str::to_string),
                    rule: v.rule,
                    severity: v.severity,
                    message: v.message,
                    pointer: None,
                    fix: None,
                })
            })
            .collect())
    }

    /// The findings the baseline does not hold, with a finding for each of
    /// its stale entries; how many it held; its source, if it has stale
    /// entries to point at.
    fn apply_baseline(
        &mut self,
        path: &std::path::Path,
        findings: Vec<Finding>,
        scope: Option<&walk::Scope>,
    ) -> Result<(Vec<Finding>, usize, Option<SourceFile>)> {
        let base = baseline::Baseline::read(path)?;
        let keys = baseline::Keys::for_baseline(path)?;
        let (mut kept, baselined, stale) = base.apply(&keys, findings, &subject_of);
        // Only entries for files this run scanned can be stale: a partial
        // scan (--staged, a sub-folder) says nothing of the others.
        let stale: Vec<usize> = stale
            .into_iter()
            .filter(|&i| {
                let entry = base.entries.get(i);
                entry.is_some_and(|e| scope.is_none_or(|s| s.covers(&keys.absolute(&e.file))))
            })
            .collect();
        if stale.is_empty() {
            return Ok((kept, baselined, None));
        }
        let input = BaselineInput {
            file: base.source.display_path(),
            stale: stale
                .iter()
                .filter_map(|&i| {
                    let e = base.entries.get(i)?;
                    Some(StaleInput {
                        pointer: format!("/baseline/{i}"),
                        rule: e.rule.clone(),
                        file: e.file.clone(),
                        reference: e.reference.clone(),
                        occurrence: e.occurrence,
                    })
                })
                .collect(),
        };
        let normalizer = self.run.normalizer();
        let document = judge::meta_input(&normalizer, None, Some(input));
        for v in self.core.evaluate_document(&document)? {
            let Some(span) = v
                .pointer
                .strip_prefix("/baseline/")
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| base.spans.get(k))
            else {
                continue;
            };
            kept.push(Finding {
                location: Location::in_file(&base.source, span.clone()),
                rule: v.rule,
                severity: v.severity,
                message: v.message,
                pointer: None,
                reference: None,
                fix: None,
            });
        }
        kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok((kept, baselined, Some(base.source.clone())))
    }
}

/// `--regions`, `--residency`, `--compliance`.
pub(crate) fn flag_values(args: &AuditArgs) -> ContextValues {
    ContextValues {
        regions: (!args.regions.is_empty()).then(|| args.regions.clone()),
        residency: args.residency.clone(),
        compliance: (!args.compliance.is_empty()).then(|| args.compliance.clone()),
        written_in: None,
    }
}

/// `[audit]` of `.modelgate.toml`, with where each value is written.
pub(crate) fn config_values(settings: &Settings) -> ContextValues {
    let audit = &settings.audit;
    ContextValues {
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
            compliance: audit
                .compliance
                .as_ref()
                .map(|a| a.pointer.clone())
                .unwrap_or_default(),
        }),
    }
}

/// A verdict at the reference it is about; its fix replaces the text as
/// written.
fn locate(file: &AuditFile, found: &Found, verdict: Verdict) -> Finding {
    let fix = verdict.fix.and_then(|fix| {
        let text = fix.change.value.as_str()?.to_string();
        Some(Fix {
            description: fix.description,
            replacement: text.clone(),
            applicability: fix.applicability,
            edit: Edit {
                span: found.span.clone(),
                content: text,
            },
        })
    });
    Finding {
        rule: verdict.rule,
        severity: verdict.severity,
        message: verdict.message,
        location: Location::in_file(&file.source, found.span.clone()),
        pointer: None,
        reference: Some(found.text.clone()),
        fix,
    }
}

/// A found reference, parsed and placed, ready to judge.
pub(crate) fn item_of(
    run: &RunContext,
    file: &AuditFile,
    found: &Found,
    workload_regions: &[RegionRef],
) -> Item {
    let catalog = &run.catalog;
    let mut reference = Reference::parse(&found.normalized, catalog);
    reference.text = found.text.clone();
    if found.templated && reference.kind != crate::reference::ReferenceKind::Malformed {
        // The placeholder stood for a template or a wildcard: a resource
        // pattern, whose Region is unknown.
        reference.resource_pattern = true;
        reference.arn_region = None;
    }
    let start = file.source.line_col(found.span.start);
    // The workload's Regions, as in `check` (an ARN of another Region is
    // reported by availability/region-unavailable); with none known, an ARN
    // that names its Region can only be called there.
    let regions = match &found.arn_region {
        _ if reference.resource_pattern => Vec::new(),
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
