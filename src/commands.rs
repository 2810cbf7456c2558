//! One function per subcommand: wire the modules together and turn the
//! outcome into an exit status.

pub mod catalog;
mod check;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, Command, ConfigArgs, ExplainArgs, PolicyArgs, RulesArgs, TestArgs};
use crate::config::{Flags, Settings};
use crate::error::{did_you_mean, Result, RunError};
use crate::policy::testing::{self, Outcome};
use crate::policy::{self, PolicyFile, PolicyOptions};
use crate::report::{self, Command as ReportCommand};
use crate::rules::RuleMeta;
use crate::sanitize;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => {
            let (format, files) = (args.common.format, &args.output.files);
            report::check_diff(format, args.fixes.diff)?;
            match report::outputs::check(files) {
                Ok(()) => report::emit(check::run(&args), format, files, ReportCommand::Check),
                Err(err) => report::emit(Err(err), format, &[], ReportCommand::Check),
            }
        }
        Command::Audit(args) => crate::audit::run(&args),
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
