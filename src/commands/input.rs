//! `modelgate input`: the documents the rules are evaluated against, as
//! JSON, so that a policy author sees exactly what a rule receives; and
//! `--schema`, the JSON Schema of every input document
//! (`policies/input.schema.json`).
//!
//! Each document is built by the code `check` and `audit` build it with
//! (`check::input`, audit's `ContextSubject` and `judge::meta_input`), from
//! settings resolved as they resolve them, never by a copy of it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;

use crate::audit::context::Contexts;
use crate::audit::judge::{self, AuditInput, ContextSubject, Item};
use crate::audit::scan::Scanner;
use crate::audit::{self, AuditFile};
use crate::check;
use crate::cli::{
    AuditArgs, CatalogArgs, CommonArgs, InputArgs, LimitArgs, PolicyArgs, SettingsArgs,
};
use crate::config::Flags;
use crate::error::{Result, RunError};
use crate::manifest::{self, ManifestFile};
use crate::report::{self, OutputFormat, Report};
use crate::run::{Prepared, RunContext};
use crate::verdict::Subject;
use crate::waivers::WaiversInput;

use super::check::{no_manifest, Runs};

/// What audit names the document of the suppression comments by (in its
/// rule errors too).
const SUPPRESSIONS: &str = "the suppression comments";

/// One element of the output: a document and what it is about.
#[derive(Serialize)]
struct Shown {
    subject: String,
    input: serde_json::Value,
}

impl Shown {
    fn new(subject: String, input: &impl Serialize) -> Result<Self> {
        Ok(Self {
            subject,
            input: serde_json::to_value(input)?,
        })
    }
}

/// The documents printed, and what could not be read.
type Documents = (Vec<Shown>, Vec<RunError>);

pub fn run(args: InputArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if args.schema {
        serde_json::to_writer_pretty(&mut out, &schema())?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (shown, errors) = if args.audit {
        audit_documents(args)?
    } else {
        manifest_documents(&args)?
    };
    let failed = !errors.is_empty();
    Report::of_errors(report::Command::Check, report::embedded_as_of(), errors)
        .render_errors(&mut std::io::stderr().lock())?;
    serde_json::to_writer_pretty(&mut out, &shown)?;
    writeln!(out)?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The JSON Schema of every document a rule may be given as `input`.
pub fn schema() -> Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(RecursiveTransform(unwrap_description))
        .into_generator()
        .into_root_schema_for::<Document>()
}

/// A description as one paragraph per line: doc comments are wrapped for
/// the source, and editors show the schema's line breaks as they are.
fn unwrap_description(schema: &mut Schema) {
    if let Some(serde_json::Value::String(text)) = schema.get_mut("description") {
        *text = text
            .split("\n\n")
            .map(|paragraph| paragraph.split('\n').collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n\n");
    }
}

/// The documents rules are evaluated against: the input document of
/// `check` and `audit` (with the `audit/*` rules' keys), or the waivers
/// document. Only its schema is ever built.
struct Document;

impl JsonSchema for Document {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "modelgate input document".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "What a modelgate rule reads as `input`: the input document (`Input`), or, for a manifest with `[[waivers]]`, the waivers document of a second evaluation (`WaiversInput`). Generated from modelgate's Rust types by `modelgate input --schema`; `modelgate input PATH` prints the documents of real manifests. policies/README.md explains each field.",
            "anyOf": [
                generator.subschema_for::<AuditInput>(),
                generator.subschema_for::<WaiversInput>(),
            ],
        })
    }
}

/// The options `check` would have been given: what resolves the settings.
fn common(args: &InputArgs) -> CommonArgs {
    CommonArgs {
        format: OutputFormat::Json,
        today: args.today,
        settings: SettingsArgs {
            fail_on: None,
            policies: PolicyArgs {
                policy_dirs: args.policies.policy_dirs.clone(),
                no_default_policies: args.policies.no_default_policies,
            },
            catalog: CatalogArgs {
                catalog_dir: args.catalog.catalog_dir.clone(),
            },
            eol_horizon: args.eol_horizon,
            max_catalog_age: args.max_catalog_age,
            select: Vec::new(),
            ignore: Vec::new(),
            data: args.data.clone(),
            limits: LimitArgs {
                time_limit: args.limits.time_limit,
                memory_limit: args.limits.memory_limit,
            },
            config: args.config.clone(),
            no_config: args.no_config,
        },
    }
}

/// Each manifest's document, as `check` finds the manifests and resolves
/// the settings of each (its nearest `.modelgate.toml`); a manifest that
/// cannot be read is an error beside the others' documents.
fn manifest_documents(args: &InputArgs) -> Result<Documents> {
    let manifests = manifest::discover(&args.paths)?;
    if manifests.is_empty() {
        return Err(no_manifest(&args.paths));
    }
    let common = common(args);
    let flags = Flags::from(&common);
    let mut runs = Runs::default();
    let mut shown = Vec::new();
    let mut errors = Vec::new();
    for path in &manifests {
        let run = match runs.for_path(&flags, &common, path) {
            Ok(Some(run)) => run,
            Ok(None) => continue, // its configuration failed: reported once
            Err(err) => {
                errors.push(err);
                continue;
            }
        };
        match ManifestFile::read(path, &run.catalog) {
            Ok(file) => shown.push(Shown::new(
                file.source.display_path(),
                &check::input(run, &file),
            )?),
            Err(err) => errors.push(err.about_file(path)),
        }
    }
    Ok((shown, errors))
}

/// `modelgate audit`'s options for the same scan.
fn audit_args(args: InputArgs) -> AuditArgs {
    AuditArgs {
        common: common(&args),
        paths: args.paths,
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        exclude: args.exclude,
        max_filesize: args.max_filesize,
        regions: args.regions,
        residency: args.residency,
        compliance: args.compliance,
        baseline: None,
        write_baseline: None,
        staged: args.staged,
        since: None,
        inventory: false,
        print_needles: false,
        output: crate::cli::OutputArgs { files: Vec::new() },
        fixes: crate::cli::FixArgs {
            fix: false,
            unsafe_fixes: false,
            diff: false,
        },
    }
}

/// The documents `modelgate audit` evaluates, in its order: each manifest
/// in the tree (judged as `check` judges it), each workload context's
/// references, then the suppression comments, once the references have
/// been judged (which marks the comments used). The errors are those audit
/// reports.
fn audit_documents(args: InputArgs) -> Result<Documents> {
    let args = audit_args(args);
    let root = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let prepared = Prepared::load(&args.common, &root)?;
    let scanner = Scanner::new(&prepared.catalog)?;
    let options = audit::walk_options(&args, &prepared)?;
    let (walked, evaluator) = audit::walk_and_compile(&args, &prepared, &scanner, &options);
    let (hits, _) = walked?;
    let files = audit::audit_files(hits, &args, &prepared);
    let evaluator = match evaluator {
        Some(result) => result?,
        None => prepared.compile()?,
    };
    let run = prepared.finish(evaluator)?;
    let mut judged = audit::Audit::new(&run, &files);
    judged.judge_contexts(&args)?;
    let mut shown = reference_documents(&run, &files, &args)?;
    if !judged.suppressions.is_empty() {
        let normalizer = run.normalizer();
        let inputs = judged.suppressions.inputs();
        let document = judge::meta_input(&normalizer, Some(inputs), None);
        shown.push(Shown::new(SUPPRESSIONS.to_string(), &document)?);
    }
    Ok((shown, judged.errors))
}

/// The documents of the manifests in the tree and of each workload
/// context's references, grouped as audit groups them.
fn reference_documents(
    run: &RunContext,
    files: &[AuditFile],
    args: &AuditArgs,
) -> Result<Vec<Shown>> {
    let mut contexts = Contexts::new(
        &run.catalog,
        audit::flag_values(args),
        audit::config_values(&run.settings),
    )?;
    let mut shown = Vec::new();
    // context → [(file, reference)]
    let mut groups: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (f, file) in files.iter().enumerate() {
        if let Some(manifest) = tree_manifest(file, run) {
            let document = check::input(run, &manifest);
            shown.push(Shown::new(file.source.display_path(), &document)?);
            continue;
        }
        if file.scanned.references.is_empty() {
            continue;
        }
        let context = contexts.for_file(file.source.path())?;
        let group = groups.entry(context).or_default();
        group.extend((0..file.scanned.references.len()).map(|r| (f, r)));
    }
    let normalizer = run.normalizer();
    for (context, members) in &groups {
        let Some(ctx) = contexts.list.get(*context) else {
            continue;
        };
        let regions = normalizer.workload(&ctx.workload).regions;
        let items: Vec<Item> = members
            .iter()
            .filter_map(|&(f, r)| {
                let file = files.get(f)?;
                let found = file.scanned.references.get(r)?;
                Some(audit::item_of(run, file, found, &regions))
            })
            .collect();
        let subject = ContextSubject {
            normalizer: &normalizer,
            workload: &ctx.workload,
            items: &items,
        };
        let name = audit::context_subject(files, members);
        shown.push(Shown::new(name, &subject.input())?);
    }
    Ok(shown)
}

/// A manifest in the tree that parses: audit judges it as `check` does
/// (one that does not parse is judged as code, and reported).
fn tree_manifest(file: &AuditFile, run: &RunContext) -> Option<ManifestFile> {
    let name = file.source.path().file_name()?;
    if !manifest::FILE_NAMES.iter().any(|n| name == *n) {
        return None;
    }
    ManifestFile::parse(file.source.clone(), &run.catalog).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::judge::{BaselineInput, StaleInput};
    use crate::catalog::Catalog;
    use crate::date::Date;
    use crate::normalize::{Normalizer, Settings, INPUT_SCHEMA};
    use crate::waivers::WaiverInput;

    fn violations(document: &impl Serialize) -> Vec<String> {
        let schema = serde_json::to_value(schema()).expect("JSON");
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles");
        let document = serde_json::to_value(document).expect("JSON");
        validator
            .iter_errors(&document)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    /// `modelgate input` prints neither, so the integration tests cannot
    /// validate real ones.
    #[test]
    fn the_waivers_and_stale_baseline_documents_validate() {
        let today: Date = "2026-11-29".parse().expect("a date");
        let catalog = Catalog::embedded().expect("the embedded catalog");
        let normalizer = Normalizer {
            catalog: &catalog,
            today,
            settings: Settings {
                eol_horizon_days: 90,
                max_catalog_age_days: None,
            },
        };
        let stale = StaleInput {
            pointer: "/baseline/0".to_string(),
            rule: "lifecycle/end-of-life".to_string(),
            file: "app.py".to_string(),
            reference: "anthropic.claude-v2".to_string(),
            occurrence: 1,
        };
        let baseline = BaselineInput {
            file: "modelgate-baseline.json".to_string(),
            stale: vec![stale],
        };
        let document = judge::meta_input(&normalizer, None, Some(baseline));
        assert_eq!(violations(&document), Vec::<String>::new());

        let waiver = WaiverInput {
            index: 0,
            pointer: "/waivers/0".to_string(),
            rule: "lifecycle".to_string(),
            model: None,
            reason: "PLAT-412".to_string(),
            expires: today,
            expires_pointer: "/waivers/0/expires".to_string(),
            expired: false,
            matched: 2,
        };
        let waivers = WaiversInput {
            schema: INPUT_SCHEMA,
            today,
            waivers: vec![waiver],
        };
        assert_eq!(violations(&waivers), Vec::<String>::new());
        let mut broken = serde_json::to_value(&waivers).expect("JSON");
        broken["waivers"][0]["expires"] = serde_json::Value::from("31/01/2027");
        assert!(!violations(&broken).is_empty());
    }
}
