//! `modelgate check`: every manifest found, each judged with the run
//! context of the configuration above it, optionally fixed, all reported
//! together. A manifest that cannot be judged is reported as an error
//! beside the findings of the others: one bad input hides nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::check::{self, Checked};
use crate::cli::{CheckArgs, CommonArgs};
use crate::config::{self, ConfigFile, Flags, Settings};
use crate::error::{Result, RunError};
use crate::finding::Finding;
use crate::fix;
use crate::manifest::{self, ManifestFile};
use crate::report::{Command, Fixing, Report};
use crate::run::{Prepared, RunContext};

pub fn run(args: &CheckArgs) -> Result<Report> {
    let manifests = manifest::discover(&args.paths)?;
    if manifests.is_empty() {
        return Err(no_manifest(&args.paths));
    }
    let flags = Flags::from(&args.common);
    let mut runs = Runs::default();
    let mut report: Option<Report> = None;
    let mut errors = Vec::new();
    let mut fixing = args.fixes.fix.then(|| Fixing {
        preview: args.fixes.diff,
        ..Fixing::default()
    });
    for path in &manifests {
        let run = match runs.for_path(&flags, &args.common, path) {
            Ok(Some(run)) => run,
            Ok(None) => continue, // its configuration failed: reported once
            Err(err) => {
                errors.push(err);
                continue;
            }
        };
        let report = report.get_or_insert_with(|| empty_report(run));
        match check_one(run, path, args.fixes.unsafe_fixes, fixing.as_mut()) {
            Ok(one) => {
                report.files.push(one.checked.file.source.clone());
                report.findings.extend(one.checked.findings);
                errors.extend(one.rule_errors);
            }
            Err(err) => errors.push(err.about_file(path)),
        }
    }
    let mut report = match report {
        Some(report) => report,
        None => Report::of_errors(Command::Check, crate::report::embedded_as_of(), Vec::new()),
    };
    report.errors = errors;
    report.fixing = fixing;
    Ok(report)
}

fn empty_report(run: &RunContext) -> Report {
    Report {
        command: Command::Check,
        files: Vec::new(),
        findings: Vec::new(),
        catalog_as_of: run.catalog.as_of(),
        fixing: None,
        rules: run.rules().sorted().into_iter().cloned().collect(),
        fail_on: run.fail_on(),
        audit: None,
        errors: Vec::new(),
    }
}

/// One manifest judged.
struct CheckedOne {
    checked: Checked,
    /// The rules that failed on it: reported beside the findings of the
    /// others, which still stand.
    rule_errors: Vec<RunError>,
}

/// One manifest judged; with `--fix`, its allowed fixes written and the
/// result judged again (with `--diff`, the fixes only recorded: the
/// findings are those of the file as it is).
fn check_one(
    run: &RunContext,
    path: &Path,
    unsafe_fixes: bool,
    fixing: Option<&mut Fixing>,
) -> Result<CheckedOne> {
    let mut core = run.core();
    core.contain_errors();
    let file = ManifestFile::read(path, &run.catalog)?;
    let checked = check::check(run, &mut core, file)?;
    let checked = match fixing {
        None => checked,
        Some(fixing) => fixed(run, &mut core, checked, unsafe_fixes, fixing)?,
    };
    let shown = checked.file.source.display_path();
    let rule_errors = core
        .take_errors()
        .iter()
        .map(|e| core.describe(e, Some(&shown)))
        .collect();
    Ok(CheckedOne {
        checked,
        rule_errors,
    })
}

/// `checked` with its allowed fixes written, judged again (or, previewed
/// with `--diff`, as it is). The rule errors of the first judgement are
/// dropped when the file is judged again: the second one reports its own.
fn fixed(
    run: &RunContext,
    core: &mut crate::verdict::Core<'_>,
    checked: Checked,
    unsafe_fixes: bool,
    fixing: &mut Fixing,
) -> Result<Checked> {
    let findings: Vec<&Finding> = checked.findings.iter().collect();
    let source = &checked.file.source;
    let original = source.text().as_bytes();
    let changed = fix::fix_file(
        source,
        original,
        &findings,
        unsafe_fixes,
        fixing,
        "the manifest",
    )?;
    if !changed || fixing.preview {
        return Ok(checked);
    }
    core.take_errors();
    let file = ManifestFile::read(source.path(), &run.catalog)?;
    check::check(run, core, file)
}

/// One run context per configuration file in force: manifests in one
/// repository share it, manifests under another `.modelgate.toml` get
/// their own (its catalog, policies and settings). A configuration that
/// fails is reported once, for the first manifest under it.
#[derive(Default)]
pub(super) struct Runs {
    by_config: HashMap<Option<PathBuf>, Option<RunContext>>,
}

impl Runs {
    pub(super) fn for_path(
        &mut self,
        flags: &Flags,
        common: &CommonArgs,
        path: &Path,
    ) -> Result<Option<&RunContext>> {
        let config = config::find(flags, path)?;
        if !self.by_config.contains_key(&config) {
            let built = build(flags, common, config.as_deref());
            let (run, error) = match built {
                Ok(run) => (Some(run), None),
                Err(err) => (None, Some(err)),
            };
            self.by_config.insert(config.clone(), run);
            if let Some(err) = error {
                return Err(err);
            }
        }
        Ok(self.by_config.get(&config).and_then(Option::as_ref))
    }
}

fn build(flags: &Flags, common: &CommonArgs, config: Option<&Path>) -> Result<RunContext> {
    let settings = Settings::from_file(flags, ConfigFile::load(config)?)?;
    let prepared = Prepared::with_settings(settings, common.today)?;
    let evaluator = prepared.compile()?;
    prepared.finish(evaluator)
}

pub(super) fn no_manifest(paths: &[PathBuf]) -> RunError {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    RunError::plain(format!("no manifest found in {}", shown.join(", "))).with_help(
        "create a modelgate.toml at the workload's root (`modelgate init` writes one from the code), or pass its path",
    )
}
