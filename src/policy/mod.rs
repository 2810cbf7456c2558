//! Rego policies: loading the built-in and user rule files, compiling them
//! once per process with regorus, evaluating an input document, and running
//! the Rego unit tests.

pub mod metadata;
pub mod testing;

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::time::Duration;

use include_dir::{include_dir, Dir};
use serde::Deserialize;

use crate::error::{Result, RunError};
use crate::finding::Severity;
use crate::rules::{RuleMeta, RuleSet, RULES_ROOT};
use crate::source::SourceFile;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// The rule that gathers every rule's findings, evaluated once per input.
const REPORT_RULE: &str = "data.modelgate.main.report";
/// User policies run in-process; a runaway rule must not hang a CI job.
const EVALUATION_LIMIT: Duration = Duration::from_secs(10);

/// One `.rego` file and where it came from.
#[derive(Clone, Debug)]
pub struct PolicyFile {
    pub source: SourceFile,
    pub package: Option<String>,
    /// Shipped with modelgate (embedded), rather than from a `--policy` folder.
    pub builtin: bool,
}

impl PolicyFile {
    fn new(source: SourceFile, builtin: bool) -> Self {
        let package = metadata::package_of(source.text());
        Self {
            source,
            package,
            builtin,
        }
    }

    pub fn is_test(&self) -> bool {
        self.source.path().to_string_lossy().ends_with("_test.rego")
    }

    fn is_lib(&self) -> bool {
        self.package
            .as_deref()
            .is_some_and(|p| p.starts_with("modelgate.lib") || p == "modelgate.main")
    }
}

/// Which policy files to load.
#[derive(Clone, Debug, Default)]
pub struct PolicyOptions {
    pub extra_dirs: Vec<PathBuf>,
    pub no_default_policies: bool,
}

/// The embedded policy files, in path order.
pub fn embedded_files() -> Vec<PolicyFile> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    files.sort_by(|a, b| a.source.path().cmp(b.source.path()));
    files
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<PolicyFile>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "rego") {
            let path = format!("<embedded>/policies/{}", file.path().display());
            out.push(PolicyFile::new(
                SourceFile::new(path, file.contents_utf8().unwrap_or_default()),
                true,
            ));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Every `.rego` file below `dir`, in path order.
pub fn files_in(dir: &Path) -> Result<Vec<PolicyFile>> {
    if !dir.is_dir() {
        return Err(
            RunError::plain(format!("policy folder {} does not exist", dir.display()))
                .with_help("pass a folder of .rego files to --policy"),
        );
    }
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = entry
            .map_err(|err| RunError::plain(format!("cannot read {}: {err}", dir.display())))?;
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rego") {
            let source = crate::fsutil::read_source(path, crate::fsutil::TEXT_LIMIT, "the policy")?;
            files.push(PolicyFile::new(source, false));
        }
    }
    files.sort_by(|a, b| a.source.path().cmp(b.source.path()));
    Ok(files)
}

/// The rule files for a run: the embedded library always (custom rules build
/// on it), the embedded rules unless `--no-default-policies`, then every
/// `--policy` folder. Test files are left out.
pub fn rule_files(options: &PolicyOptions) -> Result<Vec<PolicyFile>> {
    let mut files: Vec<PolicyFile> = embedded_files()
        .into_iter()
        .filter(|f| !f.is_test() && (f.is_lib() || !options.no_default_policies))
        .collect();
    for dir in &options.extra_dirs {
        files.extend(files_in(dir)?.into_iter().filter(|f| !f.is_test()));
    }
    Ok(files)
}

/// The documentation of every rule among `files`. A user file may not
/// declare a package modelgate ships (it would silently replace a built-in
/// rule, or the library every rule builds on), nor a rules package at a
/// depth the aggregate rule does not collect.
pub fn rule_metadata(files: &[PolicyFile]) -> Result<RuleSet> {
    refuse_builtin_packages(files)?;
    let mut rules: BTreeMap<String, RuleMeta> = BTreeMap::new();
    for file in files.iter().filter(|f| !f.is_test() && !f.is_lib()) {
        let Some(package) = &file.package else {
            continue;
        };
        if !package.starts_with(RULES_ROOT) {
            continue;
        }
        let meta = rule_meta(file, package)?;
        if let Some(other) = rules.values().find(|r| r.id == meta.id) {
            return Err(RunError::plain(format!(
                "rule id `{}` is declared twice: in {} and in {}",
                meta.id, other.origin, meta.origin
            )));
        }
        rules.insert(package.clone(), meta);
    }
    Ok(RuleSet::new(rules))
}

/// The METADATA of the rule package `package` declared by `file`.
fn rule_meta(file: &PolicyFile, package: &str) -> Result<RuleMeta> {
    let origin = file.source.display_path();
    if package.trim_start_matches(RULES_ROOT).split('.').count() != 2 {
        return Err(RunError::plain(format!(
            "{origin}: rule package `{package}` is not `modelgate.rules.<family>.<name>`, so its findings would never be collected"
        ))
        .with_help("name the package after the rule: `package modelgate.rules.<family>.<name>` (a `-` in the name is written `_`)"));
    }
    metadata::parse(file.source.text(), &origin, file.builtin)
        .map_err(|msg| RunError::plain(format!("{origin}: {msg}")))?
        .ok_or_else(|| {
            RunError::plain(format!("{origin}: rule package `{package}` has no # METADATA block")).with_help(
                "start the file with a # METADATA block giving title, description and custom.severity / custom.remediation (see policies/README.md)",
            )
        })
}

/// A user file that declares a package of the built-in policies is refused,
/// naming both files: a built-in rule is switched off or re-graded only by
/// explicit configuration, never by a colliding package.
fn refuse_builtin_packages(files: &[PolicyFile]) -> Result<()> {
    for user in files.iter().filter(|f| !f.builtin && !f.is_test()) {
        let Some(package) = &user.package else {
            continue;
        };
        if let Some(builtin) = files
            .iter()
            .find(|f| f.builtin && f.package.as_ref() == Some(package))
        {
            return Err(RunError::plain(format!(
                "{} declares `package {package}`, which is modelgate's own ({}); a policy cannot replace a built-in rule or library",
                user.source.display_path(),
                builtin.source.display_path()
            ))
            .with_help("give the rule its own package, e.g. `modelgate.rules.<your-family>.<name>`; to re-grade or switch off a built-in rule use --select/--ignore or [severity] in .modelgate.toml"));
        }
    }
    Ok(())
}

/// A finding as a rule returns it, before it is located and filtered.
#[derive(Clone, Debug, Deserialize)]
pub struct RawFinding {
    pub package: String,
    pub pointer: String,
    pub message: String,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub fix: Option<RawFix>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RawFix {
    pub description: String,
    #[serde(default)]
    pub replacement: Option<serde_json::Value>,
    #[serde(default)]
    pub pointer: Option<String>,
}

/// The compiled policies, ready to evaluate many inputs. Cloning is cheap
/// and keeps the analysis done by the warm-up (one clone per thread).
#[derive(Clone)]
pub struct Evaluator {
    engine: regorus::Engine,
    pub rules: RuleSet,
}

impl Evaluator {
    /// Compiles `files` with `data` (the facts rules may read besides the
    /// input, e.g. `data.catalog`) and validates them with one evaluation.
    pub fn new(files: &[PolicyFile], data: serde_json::Value) -> Result<Self> {
        let rules = rule_metadata(files)?;
        let mut engine = compile(files)?;
        let data = regorus::Value::from_json_str(&data.to_string())
            .map_err(|err| RunError::plain(err.to_string()))?;
        engine
            .add_data(data)
            .map_err(|err| RunError::plain(format!("cannot load the policy data: {err}")))?;
        warm_up(&mut engine, files)?;
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: EVALUATION_LIMIT,
            check_interval: NonZeroU32::MIN.saturating_add(999),
        });
        Ok(Self { engine, rules })
    }

    /// The documentation of the rule a finding's package names (relative
    /// to `modelgate.rules`, as the aggregate rule reports it).
    pub fn rule_of(&self, package: &str) -> Option<&RuleMeta> {
        self.rules.by_package(&format!("{RULES_ROOT}{package}"))
    }

    /// Evaluates every rule against `input` and returns what they found.
    pub fn evaluate(&mut self, input: &impl serde::Serialize) -> Result<Vec<RawFinding>> {
        let json = serde_json::to_string(input).map_err(|err| RunError::plain(err.to_string()))?;
        self.evaluate_json(&json)
    }

    /// As [`Evaluator::evaluate`], for an input already serialized.
    pub fn evaluate_json(&mut self, json: &str) -> Result<Vec<RawFinding>> {
        let value =
            regorus::Value::from_json_str(json).map_err(|err| RunError::plain(err.to_string()))?;
        self.engine.set_input(value);
        let report = self
            .engine
            .eval_rule(REPORT_RULE.to_string())
            .map_err(|err| RunError::plain(format!("policy evaluation failed: {err}")))?;
        if report == regorus::Value::Undefined {
            return Ok(Vec::new());
        }
        let json = report
            .to_json_str()
            .map_err(|err| RunError::plain(err.to_string()))?;
        serde_json::from_str(&json).map_err(|err| {
            RunError::plain(format!("a rule returned a finding of the wrong shape: {err}"))
                .with_help("a finding is an object with `pointer` and `message` (see policies/README.md); build it with data.modelgate.lib.finding")
        })
    }
}

/// Loads `files` into a fresh engine; a syntax error becomes a diagnostic at
/// the file, line and column regorus names.
pub fn compile(files: &[PolicyFile]) -> Result<regorus::Engine> {
    let mut engine = regorus::Engine::new();
    for file in files {
        engine
            .add_policy(file.source.display_path(), file.source.text().to_string())
            .map_err(|err| policy_error(files, &err.to_string()))?;
    }
    Ok(engine)
}

/// Unsafe variables and conflicting rules only surface at the first
/// evaluation; evaluate once now so that they are reported as load errors.
pub fn warm_up(engine: &mut regorus::Engine, files: &[PolicyFile]) -> Result<()> {
    engine
        .eval_query("true".to_string(), false)
        .map(|_| ())
        .map_err(|err| policy_error(files, &err.to_string()))
}

/// regorus renders an error as a `--> file:line:col` line, a snippet and an
/// `error: …` line; turn that into a diagnostic on the policy file itself.
fn policy_error(files: &[PolicyFile], rendered: &str) -> RunError {
    let summary = rendered
        .lines()
        .find_map(|l| l.trim().strip_prefix("error:"))
        .unwrap_or(rendered)
        .trim()
        .to_string();
    let located = rendered.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        let column: usize = parts.next()?.trim().parse().ok()?;
        let line: usize = parts.next()?.trim().parse().ok()?;
        let path = parts.next()?;
        let file = files.iter().find(|f| f.source.display_path() == path)?;
        Some((file, line, column))
    });
    match located {
        Some((file, line, column)) => {
            let offset = file.source.offset(line, column);
            RunError::at(
                &file.source,
                offset..offset,
                format!("policy does not compile: {summary}"),
                "here",
            )
            .with_help("see policies/README.md for how rules are written")
        }
        None => RunError::plain(format!("the policies do not compile: {rendered}")),
    }
}
