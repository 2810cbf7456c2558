//! One function per subcommand: wire the modules together and turn the
//! outcome into an exit status.

pub mod catalog;

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::Catalog;
use crate::check::{discover, Checker, RuleFilter};
use crate::cli::{
    CheckArgs, Cli, Command, ConfigArgs, ExplainArgs, PolicyArgs, RulesArgs, TestArgs,
};
use crate::config::Settings;
use crate::date::Date;
use crate::error::{did_you_mean, Result, RunError};
use crate::finding::Applicability;
use crate::fix::apply_edits;
use crate::normalize::{Normalizer, Settings as InputSettings};
use crate::policy::testing::{self, Outcome};
use crate::policy::{self, Evaluator, PolicyFile, PolicyOptions, RuleMeta};
use crate::report::Report;

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

fn load_catalog(dir: Option<&std::path::Path>) -> Result<Catalog> {
    match dir {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::embedded(),
    }
}

fn policy_options(args: &PolicyArgs) -> PolicyOptions {
    PolicyOptions {
        extra_dirs: args.policy_dirs.clone(),
        no_default_policies: args.no_default_policies,
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let common = &args.common;
    let settings = Settings::resolve(common)?;
    let catalog = load_catalog(settings.catalog_dir.value.as_deref())?;
    let files = policy::rule_files(&PolicyOptions {
        extra_dirs: settings.policy_dirs.value.clone(),
        no_default_policies: settings.no_default_policies.value,
    })?;
    let fail_on = settings.fail_on.value;
    let mut checker = Checker {
        evaluator: Evaluator::new(&files, &catalog)?,
        normalizer: Normalizer {
            catalog: &catalog,
            today: common.today.unwrap_or_else(Date::today_utc),
            settings: InputSettings {
                eol_horizon_days: settings.eol_horizon.value,
                max_catalog_age_days: settings.max_catalog_age.value,
            },
        },
        filter: RuleFilter {
            select: settings.select.value.clone(),
            ignore: settings.ignore.value.clone(),
        },
    };
    for ignore in &settings.per_path_ignores.value {
        check_selectors(
            &checker.evaluator,
            &RuleFilter {
                select: Vec::new(),
                ignore: ignore.rules.clone(),
            },
        )?;
    }
    check_selectors(&checker.evaluator, &checker.filter)?;
    let manifests = discover(&args.paths)?;
    if manifests.is_empty() {
        return Err(RunError::plain(format!(
            "no manifest found in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_help(
            "create a modelgate.toml at the workload's root (see examples/), or pass its path",
        ));
    }
    let mut report = Report {
        files: Vec::new(),
        findings: Vec::new(),
        catalog_as_of: catalog.as_of(),
        fixed: 0,
        rules: checker.evaluator.rules.values().cloned().collect(),
        fail_on,
        command: "check",
    };
    for path in &manifests {
        let mut checked = checker.check_path(path)?;
        if args.fix {
            let edits: Vec<_> = checked
                .findings
                .iter()
                .filter_map(|f| f.fix.as_ref())
                .filter(|fix| args.unsafe_fixes || fix.applicability == Applicability::Safe)
                .map(|fix| fix.edit.clone())
                .collect();
            if !edits.is_empty() {
                let (text, applied) = apply_edits(checked.file.source.text(), &edits);
                std::fs::write(path, text).map_err(|err| {
                    RunError::plain(format!("cannot write the fixed {}: {err}", path.display()))
                })?;
                report.fixed += applied;
                checked = checker.check_path(path)?;
            }
        }
        report.files.push(checked.file.source.clone());
        report.findings.extend(
            checked
                .findings
                .into_iter()
                .filter(|f| !settings.ignored_for_path(&f.rule, path)),
        );
    }
    let mut stdout = std::io::stdout().lock();
    report.render(common.format, &mut stdout)?;
    stdout.flush()?;
    let failed = report.findings.iter().any(|f| fail_on.fails(f.severity));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A `--select`/`--ignore` naming no rule is almost always a typo that would
/// silently turn checks off: refuse it.
pub(crate) fn check_selectors(evaluator: &Evaluator, filter: &RuleFilter) -> Result<()> {
    let ids: Vec<&str> = evaluator.rules.values().map(|r| r.id.as_str()).collect();
    for selector in filter.select.iter().chain(&filter.ignore) {
        let wanted = selector.trim_end_matches('/');
        let known = ids
            .iter()
            .any(|id| *id == wanted || id.strip_prefix(wanted).is_some_and(|r| r.starts_with('/')));
        if !known {
            let mut err = RunError::plain(format!("`{selector}` names no rule"));
            err = match did_you_mean(wanted, ids.iter().copied()) {
                Some(near) => err.with_help(format!("did you mean `{near}`? `modelgate rules` lists them")),
                None => err.with_help("`modelgate rules` lists the rule ids; a family such as `lifecycle` selects all of its rules"),
            };
            return Err(err);
        }
    }
    Ok(())
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
    let mut rules: Vec<RuleMeta> = policy::rule_metadata(&files)?.into_values().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rules)
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
        let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
        for rule in &rules {
            writeln!(
                out,
                "{:width$}  {:7}  {}",
                rule.id,
                rule.severity.as_str(),
                rule.title
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.policies)?;
    let Some(rule) = rules.iter().find(|r| r.id == args.rule) else {
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
