//! The commands that work on the rules themselves rather than on a
//! workload: `test`, `rules`, `explain` and `new rule`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{
    ExplainArgs, NewCommand, NewCommandArgs, PolicyArgs, RulesArgs, TestArgs, TestFormat,
};
use crate::config::{Flags, Settings};
use crate::error::{did_you_mean, Result, RunError};
use crate::policy::testing::{self, Outcome, TestOptions};
use crate::policy::{self, test_report, PolicyFile};
use crate::rules::RuleMeta;

/// The settings of a command run from the current folder.
fn settings(flags: &Flags) -> Result<Settings> {
    Settings::resolve(flags, Path::new("."))
}

pub fn test(args: &TestArgs) -> Result<ExitCode> {
    let settings = settings(&Flags {
        catalog: args.catalog.catalog_dir.clone(),
        time_limit: args.limits.time_limit,
        memory_limit: args.limits.memory_limit,
        config: args.config.config.clone(),
        no_config: args.config.no_config,
        ..Flags::default()
    })?;
    let dirs: Vec<PathBuf> = if args.dirs.is_empty() {
        settings.policy_dirs.value.clone()
    } else {
        args.dirs.clone()
    };
    let files = test_files(&dirs)?;
    let catalog = crate::run::load_catalog(settings.catalog_dir.value.as_deref())?;
    let options = TestOptions {
        filter: args.run.as_deref().map(test_filter).transpose()?,
        limits: settings.limits(),
        coverage: args.coverage || args.coverage_min.is_some(),
        data: crate::run::policy_data(&settings, &catalog)?,
    };
    // Coverage is of the rule files under test, not of the library that
    // is loaded beside them.
    let under_test = |f: &PolicyFile| dirs.is_empty() || !f.builtin;
    let run = testing::run(&files, &options, &under_test)?;
    if run.results.is_empty() {
        let message = match &args.run {
            Some(r) => format!("no test matches --run `{r}`"),
            None => "no test found: test rules are named test_* in *_test.rego files".to_string(),
        };
        return Err(RunError::plain(message));
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        TestFormat::Human => test_report::human(&mut out, &run, args.verbose)?,
        TestFormat::Json => test_report::json(&mut out, &run)?,
    }
    let failed = run
        .results
        .iter()
        .any(|r| matches!(r.outcome, Outcome::Fail | Outcome::Error(_)));
    let below = match (args.coverage_min, &run.coverage) {
        (Some(min), Some(coverage)) if coverage.percent() < min => {
            let _ = writeln!(
                std::io::stderr(),
                "coverage {:.1}% is below --coverage-min {min}",
                coverage.percent()
            );
            true
        }
        _ => false,
    };
    Ok(if failed || below {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn test_filter(pattern: &str) -> Result<regex::Regex> {
    regex::Regex::new(pattern).map_err(|err| {
        RunError::plain(format!(
            "--run: `{pattern}` is not a regular expression: {err}"
        ))
    })
}

/// The files `modelgate test` loads: the folders' (or, with none, the
/// built-in policies with their tests), plus the built-in library and rules
/// the folders do not define themselves, so that a custom rule can use
/// `data.modelgate.lib` and a test can compose with built-in rules.
fn test_files(dirs: &[PathBuf]) -> Result<Vec<PolicyFile>> {
    if dirs.is_empty() {
        return Ok(policy::embedded_files());
    }
    let mut files: Vec<PolicyFile> = Vec::new();
    for dir in dirs {
        files.extend(policy::files_in(dir)?);
    }
    let defined: Vec<String> = files.iter().filter_map(|f| f.package.clone()).collect();
    let builtin = policy::embedded_files()
        .into_iter()
        .filter(|f| !f.is_test())
        .filter(|f| !f.package.as_ref().is_some_and(|p| defined.contains(p)));
    files.extend(builtin);
    Ok(files)
}

/// The rules in force from the current folder: the flags' policy folders
/// added to those of `.modelgate.toml`.
fn load_rules(
    args: &PolicyArgs,
    config: Option<PathBuf>,
    no_config: bool,
) -> Result<Vec<RuleMeta>> {
    let settings = settings(&args.flags(config, no_config))?;
    let files = policy::rule_files(&crate::run::policy_options(&settings))?;
    let loaded = policy::load(&files)?;
    policy::show_warnings(loaded.warnings);
    Ok(loaded.rules.sorted().into_iter().cloned().collect())
}

pub fn rules(args: &RulesArgs) -> Result<ExitCode> {
    let rules = load_rules(
        &args.policies,
        args.config.config.clone(),
        args.config.no_config,
    )?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let list: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "severity": r.severity, "title": r.title,
                    "description": r.description, "remediation": r.remediation,
                    "help_uri": r.help_uri,
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

pub fn explain(args: &ExplainArgs) -> Result<ExitCode> {
    let rules = load_rules(
        &args.policies,
        args.config.config.clone(),
        args.config.no_config,
    )?;
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
    if !rule.description.is_empty() {
        writeln!(out, "{}\n", rule.description)?;
    }
    if !rule.remediation.is_empty() {
        writeln!(out, "How to fix:\n{}\n", rule.remediation)?;
    }
    if let Some(uri) = &rule.help_uri {
        writeln!(out, "More: {uri}\n")?;
    }
    writeln!(out, "Defined in {}", rule.origin)?;
    Ok(ExitCode::SUCCESS)
}

pub fn new(args: NewCommandArgs) -> Result<ExitCode> {
    match args.command {
        NewCommand::Rule(args) => {
            let dir = match &args.policy_dir {
                Some(dir) => dir.clone(),
                None => settings(&Flags {
                    config: args.config.config.clone(),
                    no_config: args.config.no_config,
                    ..Flags::default()
                })?
                .policy_dirs
                .value
                .into_iter()
                .next()
                .unwrap_or_else(|| PathBuf::from("policies")),
            };
            let written = policy::scaffold::new_rule(&args.id, &dir)?;
            let mut out = std::io::stdout().lock();
            for path in &written {
                writeln!(out, "wrote {}", path.display())?;
            }
            writeln!(
                out,
                "run `modelgate test {}` (both tests pass as written), then make the rule yours",
                dir.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
