//! One function per subcommand: wire the modules together and turn the
//! outcome into an exit status.

pub mod catalog;

use std::io::Write;
use std::process::ExitCode;

use crate::check::{self, Checked};
use crate::cli::{
    CheckArgs, Cli, Command, ConfigArgs, ExplainArgs, PolicyArgs, RulesArgs, TestArgs,
};
use crate::config::Settings;
use crate::error::{did_you_mean, Result, RunError};
use crate::finding::Applicability;
use crate::fix::apply_edits;
use crate::manifest::{self, ManifestFile};
use crate::policy::testing::{self, Outcome};
use crate::policy::{self, PolicyFile, PolicyOptions};
use crate::report::{Command as ReportCommand, Report};
use crate::rules::RuleMeta;
use crate::run::RunContext;

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
    let run = RunContext::new(&args.common)?;
    let manifests = manifest::discover(&args.paths)?;
    if manifests.is_empty() {
        return Err(no_manifest(&args.paths));
    }
    let mut core = run.core();
    let mut report = Report {
        command: ReportCommand::Check,
        files: Vec::new(),
        findings: Vec::new(),
        catalog_as_of: run.catalog.as_of(),
        fixed: 0,
        rules: run.rules().sorted().into_iter().cloned().collect(),
        fail_on: run.fail_on(),
        audit: None,
    };
    for path in &manifests {
        let file = ManifestFile::read(path, &run.catalog)?;
        let mut checked = check::check(&run, &mut core, file)?;
        if args.fix {
            let applied = apply_fixes(&checked, args.unsafe_fixes)?;
            if applied > 0 {
                report.fixed += applied;
                let file = ManifestFile::read(path, &run.catalog)?;
                checked = check::check(&run, &mut core, file)?;
            }
        }
        report.files.push(checked.file.source.clone());
        report.findings.extend(checked.findings);
    }
    let mut stdout = std::io::stdout().lock();
    report.render(args.common.format, &mut stdout)?;
    stdout.flush()?;
    Ok(report.exit_code())
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
    std::fs::write(source.path(), text).map_err(|err| {
        RunError::plain(format!(
            "cannot write the fixed {}: {err}",
            source.path().display()
        ))
    })?;
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
    let settings = Settings::resolve(&args.common)?;
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
        writeln!(out, "{name:width$}  {value}  ({origin})")?;
    }
    Ok(ExitCode::SUCCESS)
}
