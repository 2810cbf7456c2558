//! One function per subcommand: wire the modules together and turn the
//! outcome into an exit status.

pub mod catalog;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::check::{self, Checked};
use crate::cli::{
    CheckArgs, Cli, Command, CommonArgs, ConfigArgs, ExplainArgs, PolicyArgs, RulesArgs, TestArgs,
};
use crate::config::{self, ConfigFile, Flags, Settings};
use crate::error::{did_you_mean, Result, RunError};
use crate::finding::Applicability;
use crate::fix::apply_edits;
use crate::fsutil;
use crate::manifest::{self, ManifestFile};
use crate::policy::testing::{self, Outcome};
use crate::policy::{self, PolicyFile, PolicyOptions};
use crate::report::{Command as ReportCommand, Report};
use crate::rules::RuleMeta;
use crate::run::{Prepared, RunContext};
use crate::sanitize;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Audit(args) => crate::audit::run(args),
        Command::Test(args) => test(args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::Config(args) => config(args),
        Command::Init(args) => crate::init::run(args),
        Command::Catalog(args) => catalog::run(args.command),
    }
}

fn policy_options(args: &PolicyArgs) -> PolicyOptions {
    PolicyOptions {
        extra_dirs: args.policy_dirs.clone(),
        no_default_policies: args.no_default_policies,
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let manifests = manifest::discover(&args.paths)?;
    if manifests.is_empty() {
        return Err(no_manifest(&args.paths));
    }
    let flags = Flags::from(&args.common);
    let mut runs = Runs::default();
    let mut report: Option<Report> = None;
    let mut failed = false;
    for path in &manifests {
        let run = runs.for_path(&flags, &args.common, path)?;
        let report = report.get_or_insert_with(|| Report {
            command: ReportCommand::Check,
            files: Vec::new(),
            findings: Vec::new(),
            catalog_as_of: run.catalog.as_of(),
            fixed: 0,
            rules: run.rules().sorted().into_iter().cloned().collect(),
            fail_on: run.fail_on(),
            audit: None,
        });
        let mut core = run.core();
        let file = ManifestFile::read(path, &run.catalog)?;
        let mut checked = check::check(run, &mut core, file)?;
        if args.fix {
            let applied = apply_fixes(&checked, args.unsafe_fixes)?;
            if applied > 0 {
                report.fixed += applied;
                let file = ManifestFile::read(path, &run.catalog)?;
                checked = check::check(run, &mut core, file)?;
            }
        }
        failed |= checked
            .findings
            .iter()
            .any(|f| run.fail_on().fails(f.severity));
        report.files.push(checked.file.source.clone());
        report.findings.extend(checked.findings);
    }
    let Some(report) = report else {
        return Err(no_manifest(&args.paths));
    };
    let mut stdout = std::io::stdout().lock();
    report.render(args.common.format, &mut stdout)?;
    stdout.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One run context per configuration file in force: manifests in one
/// repository share it, manifests under another `.modelgate.toml` get
/// their own (its catalog, policies and settings).
#[derive(Default)]
struct Runs {
    by_config: Vec<(Option<PathBuf>, RunContext)>,
}

impl Runs {
    fn for_path(&mut self, flags: &Flags, common: &CommonArgs, path: &Path) -> Result<&RunContext> {
        let config = config::find(flags, path)?;
        let index = match self.by_config.iter().position(|(c, _)| *c == config) {
            Some(index) => index,
            None => {
                let settings = Settings::from_file(flags, ConfigFile::load(config.as_deref())?)?;
                let prepared = Prepared::with_settings(settings, common.today)?;
                let evaluator = prepared.compile()?;
                self.by_config.push((config, prepared.finish(evaluator)?));
                self.by_config.len() - 1
            }
        };
        Ok(&self.by_config[index].1)
    }
}

/// Writes the fixes of `checked` that `--fix` (and `--unsafe-fixes`) allow;
/// returns how many were applied.
fn apply_fixes(checked: &Checked, unsafe_fixes: bool) -> Result<usize> {
    let edits: Vec<_> = checked
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
        .map(|fix| fix.edit.clone())
        .collect();
    if edits.is_empty() {
        return Ok(0);
    }
    let source = &checked.file.source;
    let (text, applied) = apply_edits(source.text(), &edits);
    // Atomically, at the link's target, and only if nobody changed the
    // file since it was read.
    fsutil::write_edited(
        source.path(),
        source.text().as_bytes(),
        text.as_bytes(),
        "the manifest",
    )?;
    Ok(applied)
}

fn no_manifest(paths: &[std::path::PathBuf]) -> RunError {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    RunError::plain(format!("no manifest found in {}", shown.join(", "))).with_help(
        "create a modelgate.toml at the workload's root (see examples/), or pass its path",
    )
}

fn test(args: TestArgs) -> Result<ExitCode> {
    let mut files: Vec<PolicyFile> = Vec::new();
    if args.dirs.is_empty() {
        files = policy::embedded_files();
    } else {
        for dir in &args.dirs {
            files.extend(policy::files_in(dir)?);
        }
        // Custom rules import the built-in library; supply it unless the
        // folders define it themselves (as this repository's policies/ does).
        let defined: Vec<String> = files.iter().filter_map(|f| f.package.clone()).collect();
        let library = policy::embedded_files()
            .into_iter()
            .filter(|f| {
                !f.is_test()
                    && f.package
                        .as_ref()
                        .is_some_and(|p| !p.starts_with("modelgate.rules."))
            })
            .filter(|f| !f.package.as_ref().is_some_and(|p| defined.contains(p)));
        files.extend(library);
    }
    policy::rule_metadata(&files)?;
    let results = testing::run(&files)?;
    let mut out = std::io::stdout().lock();
    let (mut passed, mut failed) = (0, 0);
    for result in &results {
        match &result.outcome {
            Outcome::Pass => {
                passed += 1;
                if args.verbose {
                    writeln!(out, "PASS {}", result.name)?;
                }
            }
            Outcome::Fail => {
                failed += 1;
                writeln!(out, "FAIL {} ({})", result.name, result.file)?;
            }
            Outcome::Error(message) => {
                failed += 1;
                writeln!(out, "ERROR {} ({}): {message}", result.name, result.file)?;
            }
        }
    }
    if results.is_empty() {
        return Err(RunError::plain(
            "no test found: test rules are named test_* in *_test.rego files",
        ));
    }
    writeln!(out, "{passed} passed, {failed} failed")?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn load_rules(args: &PolicyArgs) -> Result<Vec<RuleMeta>> {
    let files = policy::rule_files(&policy_options(args))?;
    let rules = policy::rule_metadata(&files)?;
    Ok(rules.sorted().into_iter().cloned().collect())
}

fn rules(args: RulesArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.policies)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let list: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "severity": r.severity, "title": r.title,
                    "description": r.description, "remediation": r.remediation,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else {
        let width = rules.iter().map(|r| r.id.as_str().len()).max().unwrap_or(0);
        for rule in &rules {
            writeln!(
                out,
                "{:width$}  {:7}  {}",
                rule.id.as_str(),
                rule.severity.as_str(),
                rule.title
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.policies)?;
    let Some(rule) = rules.iter().find(|r| r.id == args.rule.as_str()) else {
        let mut err = RunError::plain(format!("no rule `{}`", args.rule));
        err = match did_you_mean(&args.rule, rules.iter().map(|r| r.id.as_str())) {
            Some(near) => err.with_help(format!("did you mean `{near}`?")),
            None => err.with_help("`modelgate rules` lists the rule ids"),
        };
        return Err(err);
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}: {}\n", rule.id, rule.title)?;
    writeln!(out, "Default severity: {}\n", rule.severity)?;
    writeln!(out, "{}\n", rule.description)?;
    if !rule.remediation.is_empty() {
        writeln!(out, "How to fix:\n{}\n", rule.remediation)?;
    }
    writeln!(out, "Defined in {}", rule.origin)?;
    Ok(ExitCode::SUCCESS)
}

fn config(args: ConfigArgs) -> Result<ExitCode> {
    let settings = Settings::resolve(&Flags::from(&args.common), &args.path)?;
    let mut out = std::io::stdout().lock();
    let rows = settings.rows();
    if args.common.format == crate::report::OutputFormat::Json {
        let settings_json: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(name, value, origin)| {
                (
                    name.to_string(),
                    serde_json::json!({"value": value, "origin": origin}),
                )
            })
            .collect();
        let doc =
            serde_json::json!({"config_file": settings.config_file, "settings": settings_json});
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    match &settings.config_file {
        Some(path) => writeln!(out, "configuration file: {path}\n")?,
        None => writeln!(
            out,
            "configuration file: none (no {} from here upward)\n",
            crate::config::FILE_NAME
        )?,
    }
    let width = rows.iter().map(|(name, ..)| name.len()).max().unwrap_or(0);
    for (name, value, origin) in rows {
        writeln!(
            out,
            "{name:width$}  {}  ({})",
            sanitize::line(&value),
            sanitize::line(&origin)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
