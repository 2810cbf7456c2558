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
use crate::policy::{limits, ParsedAhead};
use crate::report::{Command, Fixing, Report};
use crate::run::{Prepared, RunContext};
use crate::verdict::Core;

pub fn run(args: &CheckArgs) -> Result<Report> {
    // The built-in policies are parsed while the manifests and their
    // configurations are read (ParsedAhead).
    let mut runs = Runs {
        ahead: ParsedAhead::start(),
        ..Runs::default()
    };
    let manifests = manifest::discover(&args.paths)?;
    if manifests.is_empty() {
        return Err(no_manifest(&args.paths));
    }
    let flags = Flags::from(&args.common);
    // Each manifest's run context first (configurations are read and rules
    // compiled once each), then every manifest judged in parallel.
    let planned: Vec<Planned> = manifests
        .iter()
        .map(|path| match runs.key_for(&flags, &args.common, path) {
            Ok(Some(key)) => Planned::Judge(path, key),
            Ok(None) => Planned::Skip, // its configuration failed: reported once
            Err(err) => Planned::Failed(err),
        })
        .collect();
    let fixing = args.fixes.fix.then(|| Fixing {
        preview: args.fixes.diff,
        ..Fixing::default()
    });
    let fixing_ref = fixing.as_ref();
    let judged = limits::map_in_parallel(planned, Cores::default, |cores, plan| {
        judge(&runs, cores, plan, args.fixes.unsafe_fixes, fixing_ref)
    });
    let report = gather(judged, fixing);
    // The compiled rules and the catalog live until the process exits,
    // which frees them faster than dropping them piece by piece (a tenth
    // of a one-manifest run).
    std::mem::forget(runs);
    Ok(report)
}

/// What is done with one manifest found.
enum Planned<'p> {
    /// Judge it with the run context of this configuration.
    Judge(&'p PathBuf, Option<PathBuf>),
    /// Its configuration failed, and that is reported for another manifest.
    Skip,
    /// Its configuration failed: reported here.
    Failed(RunError),
}

/// One manifest as judged, in the order found.
enum Judged<'r> {
    Checked {
        run: &'r RunContext,
        one: Box<CheckedOne>,
        fixing: Option<Fixing>,
    },
    /// The run it was judged in, when its configuration could be read.
    Failed(Option<&'r RunContext>, RunError),
    Skipped,
}

/// One thread's verdict cores, one per configuration in force, reused from
/// one manifest to the next (a clone of the evaluator is not free).
type Cores<'r> = HashMap<Option<PathBuf>, Core<'r>>;

fn judge<'r>(
    runs: &'r Runs,
    cores: &mut Cores<'r>,
    plan: Planned<'_>,
    unsafe_fixes: bool,
    fixing: Option<&Fixing>,
) -> Judged<'r> {
    let (path, key) = match plan {
        Planned::Judge(path, key) => (path, key),
        Planned::Skip => return Judged::Skipped,
        Planned::Failed(err) => return Judged::Failed(None, err),
    };
    let Some(run) = runs.get(&key) else {
        return Judged::Skipped;
    };
    let core = cores.entry(key).or_insert_with(|| {
        let mut core = run.core();
        core.contain_errors();
        core
    });
    // Each manifest's fixes apart, merged in order afterwards.
    let mut own = fixing.map(|f| Fixing {
        preview: f.preview,
        ..Fixing::default()
    });
    match check_one(run, core, path, unsafe_fixes, own.as_mut()) {
        Ok(one) => Judged::Checked {
            run,
            one: Box::new(one),
            fixing: own,
        },
        Err(err) => Judged::Failed(Some(run), err.about_file(path)),
    }
}

/// The report of every manifest judged, in the order they were found.
fn gather(judged: Vec<Judged<'_>>, mut fixing: Option<Fixing>) -> Report {
    let mut report: Option<Report> = None;
    let mut errors = Vec::new();
    for outcome in judged {
        match outcome {
            Judged::Checked {
                run,
                one,
                fixing: own,
            } => {
                let report = report.get_or_insert_with(|| empty_report(run));
                report.files.push(one.checked.file.source.clone());
                report.findings.extend(one.checked.findings);
                errors.extend(one.rule_errors);
                if let (Some(all), Some(own)) = (fixing.as_mut(), own) {
                    all.applied.extend(own.applied);
                    all.diffs.extend(own.diffs);
                }
            }
            Judged::Failed(run, err) => {
                if let Some(run) = run {
                    report.get_or_insert_with(|| empty_report(run));
                }
                errors.push(err);
            }
            Judged::Skipped => {}
        }
    }
    let mut report = match report {
        Some(report) => report,
        None => Report::of_errors(Command::Check, crate::report::embedded_as_of(), Vec::new()),
    };
    report.errors = errors;
    report.fixing = fixing;
    report
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
    core: &mut Core<'_>,
    path: &Path,
    unsafe_fixes: bool,
    fixing: Option<&mut Fixing>,
) -> Result<CheckedOne> {
    // Rule errors left by a manifest that failed after judging are its own.
    core.take_errors();
    let file = ManifestFile::read(path, &run.catalog)?;
    let checked = check::check(run, core, file)?;
    let checked = match fixing {
        None => checked,
        Some(fixing) => fixed(run, core, checked, unsafe_fixes, fixing)?,
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
    core: &mut Core<'_>,
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
    /// The built-in policies parsed ahead, for the first run context built.
    ahead: Option<ParsedAhead>,
}

impl Runs {
    pub(super) fn for_path(
        &mut self,
        flags: &Flags,
        common: &CommonArgs,
        path: &Path,
    ) -> Result<Option<&RunContext>> {
        Ok(match self.key_for(flags, common, path)? {
            Some(key) => self.get(&key),
            None => None,
        })
    }

    /// The configuration in force for `path`, its run context built on
    /// first use; `None` when that configuration failed before (the
    /// failure is returned once, for the first manifest under it).
    fn key_for(
        &mut self,
        flags: &Flags,
        common: &CommonArgs,
        path: &Path,
    ) -> Result<Option<Option<PathBuf>>> {
        let config = config::find(flags, path)?;
        if !self.by_config.contains_key(&config) {
            let built = build(flags, common, config.as_deref(), self.ahead.take());
            let (run, error) = match built {
                Ok(run) => (Some(run), None),
                Err(err) => (None, Some(err)),
            };
            self.by_config.insert(config.clone(), run);
            if let Some(err) = error {
                return Err(err);
            }
        }
        Ok(self.get(&config).is_some().then_some(config))
    }

    fn get(&self, key: &Option<PathBuf>) -> Option<&RunContext> {
        self.by_config.get(key).and_then(Option::as_ref)
    }
}

fn build(
    flags: &Flags,
    common: &CommonArgs,
    config: Option<&Path>,
    ahead: Option<ParsedAhead>,
) -> Result<RunContext> {
    let settings = Settings::from_file(flags, ConfigFile::load(config)?)?;
    let (prepared, evaluator) = Prepared::compiled(settings, common.today, ahead)?;
    prepared.finish(evaluator)
}

pub(super) fn no_manifest(paths: &[PathBuf]) -> RunError {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    RunError::plain(format!("no manifest found in {}", shown.join(", "))).with_help(
        "create a modelgate.toml at the workload's root (`modelgate init` writes one from the code), or pass its path",
    )
}
