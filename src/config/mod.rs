//! Project configuration: `.modelgate.toml`, found from each checked path
//! upward (the nearest one above a manifest, or above the audit root), or
//! named with `--config FILE`. It holds what a team would otherwise repeat
//! on every command line. Precedence is default < file < flag, and every
//! resolved setting remembers where it came from (`modelgate config`).
//!
//! Each setting is defined once, in [`spec`]: its key (also its flag), its
//! default and its help.

pub mod spec;
mod tables;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Result, RunError};
use crate::finding::{FailOn, Severity};
use crate::fsutil;
use crate::policy::limits::{self, Limits};
use crate::source::SourceFile;
use crate::syntax::table::{error, node_at, wrong_type, Table};
use crate::syntax::tree::{parse_toml, Node, NodeValue};
use crate::syntax::At;
use crate::units;

pub use tables::{AuditConfig, Level, PathIgnore, SeverityOverride};

pub const FILE_NAME: &str = ".modelgate.toml";

/// What a command's flags say; each unset (`None`, empty) when not given.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub fail_on: Option<FailOn>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub policy_dirs: Vec<PathBuf>,
    pub no_default_policies: bool,
    pub catalog: Option<PathBuf>,
    pub eol_horizon: Option<u32>,
    pub max_catalog_age: Option<u32>,
    pub data: Vec<PathBuf>,
    pub time_limit: Option<Duration>,
    pub memory_limit: Option<u64>,
    pub config: Option<PathBuf>,
    pub no_config: bool,
}

/// The configuration file in force for `start` (a path being checked or
/// audited): `--config FILE`, else the nearest `.modelgate.toml` in
/// `start`'s folder or above it, else none.
pub fn find(flags: &Flags, start: &Path) -> Result<Option<PathBuf>> {
    if flags.no_config {
        return Ok(None);
    }
    if let Some(path) = &flags.config {
        if !path.is_file() {
            return Err(RunError::plain(format!(
                "--config {}: no such file",
                path.display()
            )));
        }
        return Ok(Some(path.clone()));
    }
    let cwd = std::env::current_dir()?;
    let absolute = cwd.join(start);
    let dir = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent().unwrap_or(&cwd)
    };
    Ok(dir
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
        // Shown as the user would type it from here (`.modelgate.toml`,
        // `../.modelgate.toml`, `repo/.modelgate.toml`), not absolute.
        .map(|found| shown(&cwd, &found)))
}

/// `path` relative to `cwd` when that is shorter to read.
fn shown(cwd: &Path, path: &Path) -> PathBuf {
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    pathdiff::diff_paths(&absolute, &cwd)
        .filter(|relative| relative.components().count() <= absolute.components().count())
        .unwrap_or(absolute)
}

/// The values a `.modelgate.toml` holds, each with its pointer. Paths are
/// resolved against the folder of the file.
#[derive(Debug, Default)]
pub struct ConfigFile {
    pub source: Option<SourceFile>,
    tree: Option<Node>,
    fail_on: Option<At<FailOn>>,
    select: Option<At<Vec<String>>>,
    ignore: Option<At<Vec<String>>>,
    policies: Option<At<Vec<PathBuf>>>,
    no_default_policies: Option<At<bool>>,
    catalog: Option<At<PathBuf>>,
    eol_horizon: Option<At<u32>>,
    max_catalog_age: Option<At<u32>>,
    data: Option<At<Vec<PathBuf>>>,
    time_limit: Option<At<Duration>>,
    memory_limit: Option<At<u64>>,
    per_path_ignores: Vec<At<PathIgnore>>,
    severity: Vec<At<SeverityOverride>>,
    audit: AuditConfig,
}

impl ConfigFile {
    /// Reads the file at `path`, or nothing.
    pub fn load(path: Option<&Path>) -> Result<Self> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        Self::parse(fsutil::read_source(
            path,
            fsutil::TEXT_LIMIT,
            "the configuration",
        )?)
    }

    pub fn parse(source: SourceFile) -> Result<Self> {
        let tree = parse_toml(source.text()).map_err(|err| {
            RunError::at(
                &source,
                err.span,
                format!("TOML syntax error: {}", err.value),
                "here",
            )
        })?;
        let base = source
            .path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut config = decode(&tree, &base).map_err(|err| err.into_run_error(&source))?;
        config.source = Some(source);
        config.tree = Some(tree);
        Ok(config)
    }

    fn origin(&self) -> Origin {
        match &self.source {
            Some(source) => Origin::File(source.display_path()),
            None => Origin::Default,
        }
    }
}

type Decoded<T> = crate::syntax::table::Result<T>;

fn decode(root: &Node, base: &Path) -> Decoded<ConfigFile> {
    let top = Table::new(root, String::new(), "the configuration")?;
    top.only(&spec::top_keys())?;
    let paths = |at: Option<At<Vec<String>>>| {
        at.map(|at| At {
            value: at.value.into_iter().map(|p| base.join(p)).collect(),
            pointer: at.pointer,
        })
    };
    Ok(ConfigFile {
        source: None,
        tree: None,
        fail_on: fail_on(root, &top)?,
        select: tables::strings(&top, spec::SELECT.key)?,
        ignore: tables::strings(&top, spec::IGNORE.key)?,
        policies: paths(tables::strings(&top, spec::POLICIES.key)?),
        no_default_policies: boolean(&top, spec::NO_DEFAULT_POLICIES.key)?,
        catalog: top.optional_string(spec::CATALOG.key)?.map(|at| At {
            value: base.join(at.value),
            pointer: at.pointer,
        }),
        eol_horizon: days(&top, spec::EOL_HORIZON.key)?,
        max_catalog_age: days(&top, spec::MAX_CATALOG_AGE.key)?,
        data: paths(tables::strings(&top, spec::DATA.key)?),
        time_limit: unit(root, &top, spec::TIME_LIMIT.key, units::parse_duration)?,
        memory_limit: unit(root, &top, spec::MEMORY_LIMIT.key, units::parse_size)?,
        per_path_ignores: match top.get(spec::PER_PATH_IGNORES) {
            None => Vec::new(),
            Some((node, pointer)) => tables::per_path(node, &pointer)?,
        },
        severity: match top.get(spec::SEVERITY) {
            None => Vec::new(),
            Some((node, pointer)) => tables::severity(node, &pointer)?,
        },
        audit: match top.get(spec::AUDIT) {
            None => AuditConfig::default(),
            Some((node, pointer)) => tables::audit(node, pointer, base)?,
        },
    })
}

fn fail_on(root: &Node, top: &Table<'_>) -> Decoded<Option<At<FailOn>>> {
    let Some(at) = top.optional_string(spec::FAIL_ON.key)? else {
        return Ok(None);
    };
    let value = at.value.parse::<FailOn>().map_err(|msg| {
        error(
            node_at(root, &at.pointer).span.clone(),
            msg,
            "not a severity",
        )
        .help("use error, warning, info or never")
    })?;
    Ok(Some(At {
        value,
        pointer: at.pointer,
    }))
}

/// A size or a duration, written as a string (`"512M"`, `"10s"`).
fn unit<T>(
    root: &Node,
    top: &Table<'_>,
    key: &str,
    parse: fn(&str) -> std::result::Result<T, String>,
) -> Decoded<Option<At<T>>> {
    let Some(at) = top.optional_string(key)? else {
        return Ok(None);
    };
    let value = parse(&at.value)
        .map_err(|msg| error(node_at(root, &at.pointer).span.clone(), msg, "here"))?;
    Ok(Some(At {
        value,
        pointer: at.pointer,
    }))
}

fn boolean(top: &Table<'_>, key: &str) -> Decoded<Option<At<bool>>> {
    match top.get(key) {
        None => Ok(None),
        Some((node, pointer)) => match node.value {
            NodeValue::Bool(value) => Ok(Some(At { value, pointer })),
            _ => Err(wrong_type(node, key, "true or false")),
        },
    }
}

/// A number of days, at most a hundred years.
fn days(top: &Table<'_>, key: &str) -> Decoded<Option<At<u32>>> {
    match top.get(key) {
        None => Ok(None),
        Some((node, pointer)) => match node.value {
            NodeValue::Integer(days) if (0..=36_500).contains(&days) => Ok(Some(At {
                value: days as u32,
                pointer,
            })),
            _ => Err(wrong_type(node, key, "a number of days")),
        },
    }
}

/// Where a setting in force came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(String),
    Flag,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(path) => f.write_str(path),
            Origin::Flag => f.write_str("command line"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
    /// Where the value is written in the configuration file, if it is.
    pub pointer: Option<String>,
}

/// The settings of one run: each from the flag if given, else the file, else
/// the default.
#[derive(Debug)]
pub struct Settings {
    pub config_file: Option<String>,
    /// The `.modelgate.toml` in force, for errors about its values that only
    /// the catalog or the rules can find (an unknown Region under
    /// `[audit]`, a selector naming no rule).
    pub config_source: Option<SourceFile>,
    config_tree: Option<Node>,
    pub fail_on: Setting<FailOn>,
    pub select: Setting<Vec<String>>,
    pub ignore: Setting<Vec<String>>,
    pub policy_dirs: Setting<Vec<PathBuf>>,
    pub no_default_policies: Setting<bool>,
    pub catalog_dir: Setting<Option<PathBuf>>,
    pub eol_horizon: Setting<u32>,
    /// 0: no limit on the catalog's age.
    pub max_catalog_age: Setting<u32>,
    pub data: Setting<Vec<PathBuf>>,
    pub time_limit: Setting<Duration>,
    pub memory_limit: Setting<u64>,
    pub per_path_ignores: Setting<Vec<At<PathIgnore>>>,
    pub severity: Setting<Vec<At<SeverityOverride>>>,
    /// The folder per-path globs are relative to.
    pub root: PathBuf,
    pub audit: AuditConfig,
}

/// A setting from its flag, else the file, else the default.
fn pick<T>(flag: Option<T>, file: Option<At<T>>, default: T, file_origin: &Origin) -> Setting<T> {
    match (flag, file) {
        (Some(value), _) => Setting {
            value,
            origin: Origin::Flag,
            pointer: None,
        },
        (None, Some(at)) => Setting {
            value: at.value,
            origin: file_origin.clone(),
            pointer: Some(at.pointer),
        },
        (None, None) => Setting {
            value: default,
            origin: Origin::Default,
            pointer: None,
        },
    }
}

/// A list the flag adds to: the file's items, then the flag's.
fn adding<T: Clone>(flag: &[T], file: Option<At<Vec<T>>>, file_origin: &Origin) -> Setting<Vec<T>> {
    let origin = match (flag.is_empty(), &file) {
        (false, _) => Origin::Flag,
        (true, Some(_)) => file_origin.clone(),
        (true, None) => Origin::Default,
    };
    let pointer = file.as_ref().map(|at| at.pointer.clone());
    let mut value = file.map(|at| at.value).unwrap_or_default();
    value.extend(flag.iter().cloned());
    Setting {
        value,
        origin,
        pointer,
    }
}

/// A table only the file sets.
fn table<T>(items: Vec<T>, file_origin: &Origin) -> Setting<Vec<T>> {
    Setting {
        origin: if items.is_empty() {
            Origin::Default
        } else {
            file_origin.clone()
        },
        value: items,
        pointer: None,
    }
}

/// One row of `modelgate config`.
fn row(spec: &spec::Spec, value: String, origin: &Origin) -> (&'static str, String, String) {
    (spec.key, value, origin.to_string())
}

/// `items` joined with commas, or `empty` when there are none.
fn shown_list(items: &[String], empty: &str) -> String {
    if items.is_empty() {
        empty.to_string()
    } else {
        items.join(", ")
    }
}

fn shown_paths(items: &[PathBuf]) -> String {
    let shown: Vec<String> = items.iter().map(|p| p.display().to_string()).collect();
    shown_list(&shown, "(none)")
}

fn non_empty<T: Clone>(list: &[T]) -> Option<Vec<T>> {
    (!list.is_empty()).then(|| list.to_vec())
}

impl Settings {
    /// The settings for `start` (a path being checked or audited; `.` for
    /// the current folder).
    pub fn resolve(flags: &Flags, start: &Path) -> Result<Self> {
        let path = find(flags, start)?;
        Self::from_file(flags, ConfigFile::load(path.as_deref())?)
    }

    pub fn from_file(flags: &Flags, file: ConfigFile) -> Result<Self> {
        let origin = file.origin();
        // The folder of the file (`.` for a bare `.modelgate.toml`, whose
        // parent is the empty path), else the current one.
        let root = match file.source.as_ref().and_then(|s| s.path().parent()) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            Some(_) => PathBuf::from("."),
            None => std::env::current_dir()?,
        };
        Ok(Settings {
            config_file: file.source.as_ref().map(SourceFile::display_path),
            config_source: file.source.clone(),
            config_tree: file.tree,
            fail_on: pick(
                flags.fail_on,
                file.fail_on,
                FailOn::At(Severity::Error),
                &origin,
            ),
            select: pick(non_empty(&flags.select), file.select, Vec::new(), &origin),
            ignore: pick(non_empty(&flags.ignore), file.ignore, Vec::new(), &origin),
            policy_dirs: adding(&flags.policy_dirs, file.policies, &origin),
            no_default_policies: pick(
                flags.no_default_policies.then_some(true),
                file.no_default_policies,
                false,
                &origin,
            ),
            catalog_dir: pick(
                flags.catalog.clone().map(Some),
                file.catalog.map(|at| At {
                    value: Some(at.value),
                    pointer: at.pointer,
                }),
                None,
                &origin,
            ),
            eol_horizon: pick(flags.eol_horizon, file.eol_horizon, 90, &origin),
            max_catalog_age: pick(flags.max_catalog_age, file.max_catalog_age, 120, &origin),
            data: adding(&flags.data, file.data, &origin),
            time_limit: pick(
                flags.time_limit,
                file.time_limit,
                limits::DEFAULT_TIME,
                &origin,
            ),
            memory_limit: pick(
                flags.memory_limit,
                file.memory_limit,
                limits::DEFAULT_MEMORY,
                &origin,
            ),
            per_path_ignores: table(file.per_path_ignores, &origin),
            severity: table(file.severity, &origin),
            root,
            audit: file.audit,
        })
    }

    /// A run error about the key that holds the value at `pointer` (a
    /// `[severity]` rule name, say); `None` when no file is in force.
    pub fn error_at_key(
        &self,
        pointer: &str,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Option<RunError> {
        let (source, tree) = (self.config_source.as_ref()?, self.config_tree.as_ref()?);
        let span = tree
            .key_span_of(pointer)
            .unwrap_or_else(|| node_at(tree, pointer).span.clone());
        Some(RunError::at(source, span, message, label))
    }

    /// A run error about the value at `pointer` of the configuration file,
    /// at its characters; `None` when no file is in force.
    pub fn error_at(
        &self,
        pointer: &str,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Option<RunError> {
        let (source, tree) = (self.config_source.as_ref()?, self.config_tree.as_ref()?);
        let span = node_at(tree, pointer).span.clone();
        Some(RunError::at(source, span, message, label))
    }

    /// What one evaluation of the rules may cost.
    pub fn limits(&self) -> Limits {
        Limits {
            time: self.time_limit.value,
            memory: self.memory_limit.value,
        }
    }

    /// The settings as (name, value, origin) rows, for `modelgate config`.
    pub fn rows(&self) -> Vec<(&'static str, String, String)> {
        let mut rows = self.rule_rows();
        rows.extend(self.input_rows());
        rows.push((
            spec::PER_PATH_IGNORES,
            self.per_path_ignores_shown(),
            self.per_path_ignores.origin.to_string(),
        ));
        rows.push((
            spec::SEVERITY,
            self.severity_shown(),
            self.severity.origin.to_string(),
        ));
        rows.extend(self.audit_rows());
        rows
    }

    /// Which rules run, and which findings fail the run.
    fn rule_rows(&self) -> Vec<(&'static str, String, String)> {
        let fail_on = match self.fail_on.value {
            FailOn::At(severity) => severity.to_string(),
            FailOn::Never => "never".to_string(),
        };
        vec![
            row(&spec::FAIL_ON, fail_on, &self.fail_on.origin),
            row(
                &spec::SELECT,
                shown_list(&self.select.value, "(all)"),
                &self.select.origin,
            ),
            row(
                &spec::IGNORE,
                shown_list(&self.ignore.value, "(none)"),
                &self.ignore.origin,
            ),
            row(
                &spec::POLICIES,
                shown_paths(&self.policy_dirs.value),
                &self.policy_dirs.origin,
            ),
            row(
                &spec::NO_DEFAULT_POLICIES,
                self.no_default_policies.value.to_string(),
                &self.no_default_policies.origin,
            ),
        ]
    }

    /// What the rules read and the limits they run under.
    fn input_rows(&self) -> Vec<(&'static str, String, String)> {
        vec![
            row(
                &spec::CATALOG,
                self.catalog_dir
                    .value
                    .as_ref()
                    .map_or("(embedded)".to_string(), |p| p.display().to_string()),
                &self.catalog_dir.origin,
            ),
            row(
                &spec::EOL_HORIZON,
                self.eol_horizon.value.to_string(),
                &self.eol_horizon.origin,
            ),
            row(
                &spec::MAX_CATALOG_AGE,
                match self.max_catalog_age.value {
                    0 => "0 (no limit)".to_string(),
                    days => days.to_string(),
                },
                &self.max_catalog_age.origin,
            ),
            row(
                &spec::DATA,
                shown_paths(&self.data.value),
                &self.data.origin,
            ),
            row(
                &spec::TIME_LIMIT,
                self.limits().time_text(),
                &self.time_limit.origin,
            ),
            row(
                &spec::MEMORY_LIMIT,
                self.limits().memory_text(),
                &self.memory_limit.origin,
            ),
        ]
    }

    fn per_path_ignores_shown(&self) -> String {
        if self.per_path_ignores.value.is_empty() {
            return "(none)".to_string();
        }
        self.per_path_ignores
            .value
            .iter()
            .map(|p| {
                format!(
                    "{} = [{}]",
                    p.value.pattern.as_str(),
                    p.value.rules.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn severity_shown(&self) -> String {
        if self.severity.value.is_empty() {
            return "(as each rule declares)".to_string();
        }
        self.severity
            .value
            .iter()
            .map(|s| format!("{} = {}", s.value.rule, s.value.level.as_str()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The `[audit]` values, which `audit`'s flags override.
    fn audit_rows(&self) -> Vec<(&'static str, String, String)> {
        let origin = match &self.config_file {
            Some(path) => path.clone(),
            None => Origin::Default.to_string(),
        };
        let audit = &self.audit;
        let strings = |at: &Option<At<Vec<String>>>| at.as_ref().map(|a| a.value.join(", "));
        [
            ("audit.exclude", strings(&audit.exclude)),
            (
                "audit.baseline",
                audit
                    .baseline
                    .as_ref()
                    .map(|b| b.value.display().to_string()),
            ),
            ("audit.regions", strings(&audit.regions)),
            (
                "audit.residency",
                audit.residency.as_ref().map(|r| r.value.clone()),
            ),
            ("audit.compliance", strings(&audit.compliance)),
        ]
        .into_iter()
        .map(|(name, value)| match value {
            Some(value) => (name, value, origin.clone()),
            None => (name, "(none)".to_string(), Origin::Default.to_string()),
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile> {
        ConfigFile::parse(SourceFile::new("/repo/.modelgate.toml", text))
    }

    #[test]
    fn reads_every_key() {
        let config = parse(
            "fail-on = \"warning\"\nselect = [\"lifecycle\"]\npolicies = [\"rules\"]\ncatalog = \"cat\"\neol-horizon = 30\ndata = [\"d.json\"]\n\
             [per-path-ignores]\n\"legacy/**\" = [\"lifecycle\"]\n[severity]\n\"lifecycle/legacy-model\" = \"error\"\nresidency = \"off\"\n[audit]\nexclude = [\"vendor/**\"]\nresidency = \"eu\"\n",
        )
        .map_err(|e| e.message().to_string())
        .unwrap();
        assert_eq!(
            config.fail_on.map(|f| f.value),
            Some(FailOn::At(Severity::Warning))
        );
        assert_eq!(
            config.policies.map(|p| p.value),
            Some(vec![PathBuf::from("/repo/rules")])
        );
        assert_eq!(
            config.catalog.map(|p| p.value),
            Some(PathBuf::from("/repo/cat"))
        );
        assert_eq!(
            config.data.map(|p| p.value),
            Some(vec![PathBuf::from("/repo/d.json")])
        );
        assert_eq!(config.eol_horizon.map(|p| p.value), Some(30));
        assert_eq!(config.per_path_ignores.len(), 1);
        let levels: Vec<(String, Level)> = config
            .severity
            .into_iter()
            .map(|s| (s.value.rule, s.value.level))
            .collect();
        assert_eq!(
            levels,
            [
                (
                    "lifecycle/legacy-model".to_string(),
                    Level::At(Severity::Error)
                ),
                ("residency".to_string(), Level::Off)
            ]
        );
        assert_eq!(
            config.audit.residency.map(|r| r.value),
            Some("eu".to_string())
        );
    }

    #[test]
    fn unknown_keys_have_did_you_mean() {
        let err = parse("fail_on = \"warning\"\n").map(|_| ()).unwrap_err();
        assert!(
            err.message().contains("unknown key `fail_on`"),
            "{}",
            err.message()
        );
        let err = parse("[audit]\nexclud = []\n").map(|_| ()).unwrap_err();
        assert!(
            err.message().contains("/repo/.modelgate.toml:2:1"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn bad_values_are_located() {
        let err = parse("fail-on = \"sometimes\"\n").map(|_| ()).unwrap_err();
        assert!(err.message().contains(":1:11:"), "{}", err.message());
        let err = parse("[severity]\nlifecycle = \"fatal\"\n")
            .map(|_| ())
            .unwrap_err();
        assert!(err.message().contains(":2:13:"), "{}", err.message());
    }

    #[test]
    fn flags_add_to_listed_folders_and_replace_the_rest() {
        let file = parse("policies = [\"rules\"]\nselect = [\"lifecycle\"]\n").unwrap();
        let flags = Flags {
            policy_dirs: vec![PathBuf::from("more")],
            select: vec!["residency".to_string()],
            ..Flags::default()
        };
        let settings = Settings::from_file(&flags, file).unwrap();
        assert_eq!(
            settings.policy_dirs.value,
            [PathBuf::from("/repo/rules"), PathBuf::from("more")]
        );
        assert_eq!(settings.select.value, ["residency"]);
        assert_eq!(settings.select.origin, Origin::Flag);
        assert_eq!(settings.max_catalog_age.value, 120);
    }
}
