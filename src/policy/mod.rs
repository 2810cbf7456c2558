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

use crate::catalog::Catalog;
use crate::error::{Result, RunError};
use crate::finding::Severity;
use crate::source::SourceFile;
pub use metadata::RuleMeta;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// The rule that gathers every rule's findings, evaluated once per input.
const REPORT_RULE: &str = "data.modelgate.main.report";
const RULES_ROOT: &str = "modelgate.rules.";
/// User policies run in-process; a runaway rule must not hang a CI job.
const EVALUATION_LIMIT: Duration = Duration::from_secs(10);

/// One `.rego` file and where it came from.
#[derive(Clone, Debug)]
pub struct PolicyFile {
    pub source: SourceFile,
    pub package: Option<String>,
}

impl PolicyFile {
    fn new(source: SourceFile) -> Self {
        let package = metadata::package_of(source.text());
        Self { source, package }
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
            out.push(PolicyFile::new(SourceFile::new(
                path,
                file.contents_utf8().unwrap_or_default(),
            )));
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
            files.push(PolicyFile::new(source));
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

/// The documentation of every rule among `files`, keyed by package.
pub fn rule_metadata(files: &[PolicyFile]) -> Result<BTreeMap<String, RuleMeta>> {
    let mut rules: BTreeMap<String, RuleMeta> = BTreeMap::new();
    for file in files.iter().filter(|f| !f.is_test() && !f.is_lib()) {
        let Some(package) = &file.package else {
            continue;
        };
        if !package.starts_with(RULES_ROOT) {
            continue;
        }
        let origin = file.source.display_path();
        let meta = metadata::parse(file.source.text(), &origin)
            .map_err(|msg| RunError::plain(format!("{origin}: {msg}")))?
            .ok_or_else(|| {
                RunError::plain(format!("{origin}: rule package `{package}` has no # METADATA block")).with_help(
                    "start the file with a # METADATA block giving title, description and custom.id / custom.severity / custom.remediation (see policies/README.md)",
                )
            })?;
        if let Some(other) = rules.values().find(|r| r.id == meta.id) {
            return Err(RunError::plain(format!(
                "rule id `{}` is declared twice: in {} and in {}",
                meta.id, other.origin, origin
            )));
        }
        rules.insert(package.clone(), meta);
    }
    Ok(rules)
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

/// The compiled policies, ready to evaluate many inputs.
#[derive(Clone)]
pub struct Evaluator {
    engine: regorus::Engine,
    pub rules: BTreeMap<String, RuleMeta>,
}

impl Evaluator {
    pub fn new(files: &[PolicyFile], catalog: &Catalog) -> Result<Self> {
        let rules = rule_metadata(files)?;
        let mut engine = compile(files)?;
        engine.add_data(catalog_data(catalog)?).map_err(|err| {
            RunError::plain(format!(
                "cannot load the catalog into the policy engine: {err}"
            ))
        })?;
        warm_up(&mut engine, files)?;
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: EVALUATION_LIMIT,
            check_interval: NonZeroU32::MIN.saturating_add(999),
        });
        Ok(Self { engine, rules })
    }

    /// The rule id and default severity of a finding's package, which the
    /// aggregate rule names relative to `modelgate.rules`. A package without
    /// metadata (only possible outside `modelgate.rules`) is named after its
    /// path and treated as an error.
    pub fn rule_of(&self, package: &str) -> (String, Severity) {
        match self.rules.get(&format!("{RULES_ROOT}{package}")) {
            Some(meta) => (meta.id.clone(), meta.severity),
            None => (
                package.replacen('.', "/", 1).replace('_', "-"),
                Severity::Error,
            ),
        }
    }

    /// Evaluates every rule against `input` and returns what they found.
    pub fn evaluate(&mut self, input: &impl serde::Serialize) -> Result<Vec<RawFinding>> {
        let json = serde_json::to_string(input).map_err(|err| RunError::plain(err.to_string()))?;
        let value =
            regorus::Value::from_json_str(&json).map_err(|err| RunError::plain(err.to_string()))?;
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

/// `data.catalog.regions`: Region names and classes for messages.
fn catalog_data(catalog: &Catalog) -> Result<regorus::Value> {
    let regions: serde_json::Map<String, serde_json::Value> = catalog
        .regions()
        .map(|r| {
            (
                r.code.clone(),
                serde_json::json!({
                    "name": r.name, "geography": r.geography,
                    "eu_member": r.eu_member, "commercial": r.commercial,
                }),
            )
        })
        .collect();
    let data = serde_json::json!({ "catalog": { "regions": regions } });
    regorus::Value::from_json_str(&data.to_string()).map_err(|err| RunError::plain(err.to_string()))
}
