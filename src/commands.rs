//! One function per subcommand: wire the modules together and turn the
//! outcome into an exit status.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::check::{self, Checked};
use crate::cli::{
    CheckArgs, Cli, Command, ConfigArgs, ConfigFileArgs, ExplainArgs, LimitArgs, NewCommand,
    NewCommandArgs, PolicyArgs, RulesArgs, TestArgs, TestFormat,
};
use crate::config::{ConfigFile, Settings};
use crate::error::{did_you_mean, Result, RunError};
use crate::finding::Applicability;
use crate::fix::apply_edits;
use crate::manifest::{self, ManifestFile};
use crate::policy::testing::{self, Outcome, TestOptions};
use crate::policy::{self, test_report, Limits, PolicyFile, PolicyOptions};
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
        Command::Catalog(args) => crate::catalog::command::run(args.command),
        Command::New(args) => new(args),
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let run = RunContext::new(&args.common)?;
    let manifests = manifest::discover(&args.paths)?;
    if manifests.is_empty() {
        return Err(no_manifest(&args.paths));
    }
    let mut core = run.core();
    core.contain_errors();
    let mut failures = Vec::new();
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
        let shown = checked.file.source.display_path();
        failures.extend(
            core.take_errors()
                .iter()
                .map(|e| core.describe(e, Some(&shown))),
        );
        report.files.push(checked.file.source.clone());
        report.findings.extend(checked.findings);
    }
    let mut stdout = std::io::stdout().lock();
    report.render(args.common.format, &mut stdout)?;
    stdout.flush()?;
    // TODO(lead): carry these in the report's `errors` list; until then
    // they follow it on stderr, and a rule that failed fails the run.
    if !failures.is_empty() {
        let mut stderr = std::io::stderr().lock();
        for failure in failures {
            let _ = writeln!(stderr, "{:?}", miette::Report::new(failure));
        }
        return Ok(ExitCode::from(2));
    }
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

/// The policy folders and the `no-default-policies` setting of a command
/// that takes no other shared option: the flags, added to (or overriding)
/// `.modelgate.toml`.
fn policy_options_with_config(args: &PolicyArgs, config: &ConfigFileArgs) -> Result<PolicyOptions> {
    let file = ConfigFile::discover(config.config.as_deref(), config.no_config)?;
    let mut extra_dirs: Vec<PathBuf> = file.policies.map(|p| p.value).unwrap_or_default();
    extra_dirs.extend(args.policy_dirs.iter().cloned());
    Ok(PolicyOptions {
        extra_dirs,
        no_default_policies: args.no_default_policies
            || file.no_default_policies.is_some_and(|a| a.value),
    })
}

fn test(args: TestArgs) -> Result<ExitCode> {
    let config = ConfigFile::discover(args.config.config.as_deref(), args.config.no_config)?;
    let dirs: Vec<PathBuf> = if args.dirs.is_empty() {
        config.policies.map(|p| p.value).unwrap_or_default()
    } else {
        args.dirs.clone()
    };
    let files = test_files(&dirs)?;
    let catalog_dir = args
        .catalog
        .catalog_dir
        .clone()
        .or(config.catalog.map(|c| c.value));
    let catalog = crate::run::load_catalog(catalog_dir.as_deref())?;
    let coverage_min = args.coverage_min;
    let options = TestOptions {
        filter: args
            .run
            .as_deref()
            .map(|r| {
                regex::Regex::new(r).map_err(|err| {
                    RunError::plain(format!("--run: `{r}` is not a regular expression: {err}"))
                })
            })
            .transpose()?,
        limits: limits_of(&args.limits)?,
        coverage: args.coverage || coverage_min.is_some(),
        data: crate::normalize::policy_data(&catalog),
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
    let below = match (coverage_min, &run.coverage) {
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

fn limits_of(args: &LimitArgs) -> Result<Limits> {
    let mut limits = Limits::default();
    if let Some(text) = &args.time_limit {
        limits.time =
            parse_duration(text).map_err(|msg| RunError::plain(format!("--time-limit: {msg}")))?;
    }
    if let Some(text) = &args.memory_limit {
        limits.memory = crate::audit::walk::parse_size(text)
            .map_err(|msg| RunError::plain(format!("--memory-limit: {msg}")))?;
    }
    Ok(limits)
}

/// `10s`, `500ms`, `2m`, or a number of seconds.
fn parse_duration(text: &str) -> std::result::Result<std::time::Duration, String> {
    let trimmed = text.trim();
    let parsed = match trimmed.parse::<f64>() {
        Ok(seconds) => jiff::SignedDuration::try_from_secs_f64(seconds).map_err(|e| e.to_string()),
        Err(_) => trimmed
            .parse::<jiff::SignedDuration>()
            .map_err(|e| e.to_string()),
    };
    let duration = parsed
        .ok()
        .and_then(|d| std::time::Duration::try_from(d).ok())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("`{text}` is not a duration such as 10s, 500ms or 2m"))?;
    Ok(duration)
}

fn load_rules(args: &PolicyArgs, config: &ConfigFileArgs) -> Result<Vec<RuleMeta>> {
    let files = policy::rule_files(&policy_options_with_config(args, config)?)?;
    let loaded = policy::load(&files)?;
    policy::show_warnings(loaded.warnings);
    Ok(loaded.rules.sorted().into_iter().cloned().collect())
}

fn rules(args: RulesArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.policies, &args.config)?;
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

fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.policies, &args.config)?;
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

fn new(args: NewCommandArgs) -> Result<ExitCode> {
    match args.command {
        NewCommand::Rule(args) => {
            let dir = match &args.policy_dir {
                Some(dir) => dir.clone(),
                None => ConfigFile::discover(args.config.config.as_deref(), args.config.no_config)?
                    .policies
                    .and_then(|p| p.value.into_iter().next())
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
