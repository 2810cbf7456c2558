//! Project configuration: `.modelgate.toml`, found from the current folder
//! upward (or `--config FILE`), holding what a team would otherwise repeat on
//! every command line. Precedence is default < file < flag, and every
//! resolved setting remembers where it came from (`modelgate config`).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::cli::CommonArgs;
use crate::error::{Result, RunError};
use crate::finding::{FailOn, Severity};
use crate::fsutil;
use crate::source::SourceFile;
use crate::syntax::table::{error, node_at, wrong_type, Table};
use crate::syntax::tree::{parse_toml, Node, NodeValue};
use crate::syntax::At;

pub const FILE_NAME: &str = ".modelgate.toml";

/// The settings a `.modelgate.toml` may hold. Paths are resolved against
/// the folder of the file.
#[derive(Debug, Default)]
pub struct ConfigFile {
    pub source: Option<SourceFile>,
    pub fail_on: Option<At<FailOn>>,
    pub select: Option<At<Vec<String>>>,
    pub ignore: Option<At<Vec<String>>>,
    pub policies: Option<At<Vec<PathBuf>>>,
    pub no_default_policies: Option<At<bool>>,
    pub catalog: Option<At<PathBuf>>,
    pub eol_horizon: Option<At<u32>>,
    pub max_catalog_age: Option<At<u32>>,
    pub per_path_ignores: Vec<At<PathIgnore>>,
    pub audit: AuditConfig,
}

/// `[per-path-ignores]`: rules not reported for files matching a glob.
#[derive(Clone, Debug)]
pub struct PathIgnore {
    pub pattern: glob::Pattern,
    pub rules: Vec<String>,
}

/// `[audit]`: what `modelgate audit` reads when its flags are absent.
#[derive(Clone, Debug, Default)]
pub struct AuditConfig {
    pub exclude: Option<At<Vec<String>>>,
    pub baseline: Option<At<PathBuf>>,
    pub regions: Option<At<Vec<String>>>,
    pub residency: Option<At<String>>,
    pub compliance: Option<At<Vec<String>>>,
}

const TOP_KEYS: &[&str] = &[
    "fail-on",
    "select",
    "ignore",
    "policies",
    "no-default-policies",
    "catalog",
    "eol-horizon",
    "max-catalog-age",
    "per-path-ignores",
    "audit",
];
const AUDIT_KEYS: &[&str] = &["exclude", "baseline", "regions", "residency", "compliance"];

impl ConfigFile {
    /// The configuration in force: `--config FILE`, else the nearest
    /// `.modelgate.toml` from the current folder upward, else none.
    pub fn discover(explicit: Option<&Path>, disabled: bool) -> Result<Self> {
        if disabled {
            return Ok(Self::default());
        }
        let path = match explicit {
            Some(path) => {
                if !path.is_file() {
                    return Err(RunError::plain(format!(
                        "--config {}: no such file",
                        path.display()
                    )));
                }
                path.to_path_buf()
            }
            None => {
                let cwd = std::env::current_dir()?;
                match cwd
                    .ancestors()
                    .map(|dir| dir.join(FILE_NAME))
                    .find(|p| p.is_file())
                {
                    // Shown as `.modelgate.toml` or `../.modelgate.toml`, as the user
                    // would type it, rather than as an absolute path.
                    Some(found) => relative_to(&cwd, &found),
                    None => return Ok(Self::default()),
                }
            }
        };
        Self::parse(fsutil::read_source(
            &path,
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
        Ok(config)
    }

    fn origin(&self) -> Origin {
        match &self.source {
            Some(source) => Origin::File(source.display_path()),
            None => Origin::Default,
        }
    }
}

/// `found`, a file in `cwd` or one of its ancestors, relative to `cwd`.
fn relative_to(cwd: &Path, found: &Path) -> PathBuf {
    let Some(dir) = found.parent() else {
        return found.to_path_buf();
    };
    match cwd.strip_prefix(dir) {
        Ok(below) => {
            let mut path: PathBuf = below.components().map(|_| "..").collect();
            path.push(FILE_NAME);
            path
        }
        Err(_) => found.to_path_buf(),
    }
}

type Decoded<T> = crate::syntax::table::Result<T>;

fn decode(root: &Node, base: &Path) -> Decoded<ConfigFile> {
    let top = Table::new(root, String::new(), "the configuration")?;
    top.only(TOP_KEYS)?;
    let strings = |table: &Table<'_>, key: &str| -> Decoded<Option<At<Vec<String>>>> {
        Ok(table.string_list(key)?.map(|items| At {
            value: items.into_iter().map(|i| i.value).collect(),
            pointer: format!("{}/{key}", table.pointer),
        }))
    };
    let path = |value: String| base.join(value);
    let fail_on = match top.optional_string("fail-on")? {
        None => None,
        Some(at) => {
            let value = at.value.parse::<FailOn>().map_err(|msg| {
                error(
                    node_at(root, &at.pointer).span.clone(),
                    msg,
                    "not a severity",
                )
                .help("use error, warning, info or never")
            })?;
            Some(At {
                value,
                pointer: at.pointer,
            })
        }
    };
    let policies = strings(&top, "policies")?.map(|at| At {
        value: at.value.into_iter().map(path).collect(),
        pointer: at.pointer,
    });
    let catalog = top.optional_string("catalog")?.map(|at| At {
        value: path(at.value),
        pointer: at.pointer,
    });
    let no_default_policies = match top.get("no-default-policies") {
        None => None,
        Some((node, pointer)) => match node.value {
            NodeValue::Bool(value) => Some(At { value, pointer }),
            _ => return Err(wrong_type(node, "no-default-policies", "true or false")),
        },
    };
    let eol_horizon = match top.get("eol-horizon") {
        None => None,
        Some((node, pointer)) => match node.value {
            NodeValue::Integer(days) if (0..=36_500).contains(&days) => Some(At {
                value: days as u32,
                pointer,
            }),
            _ => return Err(wrong_type(node, "eol-horizon", "a number of days")),
        },
    };
    let max_catalog_age = match top.get("max-catalog-age") {
        None => None,
        Some((node, pointer)) => match node.value {
            NodeValue::Integer(days) if (0..=36_500).contains(&days) => Some(At {
                value: days as u32,
                pointer,
            }),
            _ => return Err(wrong_type(node, "max-catalog-age", "a number of days")),
        },
    };
    let per_path_ignores = match top.get("per-path-ignores") {
        None => Vec::new(),
        Some((node, pointer)) => per_path(node, &pointer)?,
    };
    let audit = match top.get("audit") {
        None => AuditConfig::default(),
        Some((node, pointer)) => {
            let table = Table::new(node, pointer, "[audit]")?;
            table.only(AUDIT_KEYS)?;
            AuditConfig {
                exclude: strings(&table, "exclude")?,
                baseline: table.optional_string("baseline")?.map(|at| At {
                    value: path(at.value),
                    pointer: at.pointer,
                }),
                regions: strings(&table, "regions")?,
                residency: table.optional_string("residency")?,
                compliance: strings(&table, "compliance")?,
            }
        }
    };
    Ok(ConfigFile {
        source: None,
        fail_on,
        select: strings(&top, "select")?,
        ignore: strings(&top, "ignore")?,
        policies,
        no_default_policies,
        catalog,
        eol_horizon,
        max_catalog_age,
        per_path_ignores,
        audit,
    })
}

/// `[per-path-ignores]`: `"glob" = ["rule-or-family", …]`.
fn per_path(node: &Node, pointer: &str) -> Decoded<Vec<At<PathIgnore>>> {
    let NodeValue::Table(entries) = &node.value else {
        return Err(wrong_type(
            node,
            "per-path-ignores",
            "a table of glob = [rules]",
        ));
    };
    entries
        .iter()
        .map(|entry| {
            let pattern = glob::Pattern::new(&entry.key).map_err(|err| {
                error(
                    entry.key_span.clone(),
                    format!("`{}` is not a valid glob: {err}", entry.key),
                    "bad glob",
                )
            })?;
            let NodeValue::Array(items) = &entry.value.value else {
                return Err(wrong_type(&entry.value, &entry.key, "an array of rule ids"));
            };
            let rules = items
                .iter()
                .map(|item| match &item.value {
                    NodeValue::String(s) => Ok(s.clone()),
                    _ => Err(wrong_type(item, &entry.key, "an array of rule ids")),
                })
                .collect::<Decoded<Vec<_>>>()?;
            Ok(At {
                value: PathIgnore { pattern, rules },
                pointer: format!(
                    "{pointer}/{}",
                    entry.key.replace('~', "~0").replace('/', "~1")
                ),
            })
        })
        .collect()
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
}

/// The settings of one run: each from the flag if given, else the file, else
/// the default.
#[derive(Debug)]
pub struct Settings {
    pub config_file: Option<String>,
    /// The `.modelgate.toml` in force, for errors about its values that only
    /// the catalog can find (an unknown Region under `[audit]`).
    pub config_source: Option<SourceFile>,
    pub fail_on: Setting<FailOn>,
    pub select: Setting<Vec<String>>,
    pub ignore: Setting<Vec<String>>,
    pub policy_dirs: Setting<Vec<PathBuf>>,
    pub no_default_policies: Setting<bool>,
    pub catalog_dir: Setting<Option<PathBuf>>,
    pub eol_horizon: Setting<u32>,
    /// `None`: no limit on the catalog's age.
    pub max_catalog_age: Setting<Option<u32>>,
    pub per_path_ignores: Setting<Vec<PathIgnore>>,
    /// The folder per-path globs are relative to.
    pub root: PathBuf,
    pub audit: AuditConfig,
}

fn pick<T>(flag: Option<T>, file: Option<T>, default: T, file_origin: &Origin) -> Setting<T> {
    match (flag, file) {
        (Some(value), _) => Setting {
            value,
            origin: Origin::Flag,
        },
        (None, Some(value)) => Setting {
            value,
            origin: file_origin.clone(),
        },
        (None, None) => Setting {
            value: default,
            origin: Origin::Default,
        },
    }
}

fn non_empty<T>(list: &[T]) -> Option<Vec<T>>
where
    T: Clone,
{
    (!list.is_empty()).then(|| list.to_vec())
}

impl Settings {
    pub fn resolve(args: &CommonArgs) -> Result<Self> {
        let file = ConfigFile::discover(args.config.as_deref(), args.no_config)?;
        let origin = file.origin();
        // The folder of the file (`.` for a bare `.modelgate.toml`, whose
        // parent is the empty path), else the current one.
        let root = match file.source.as_ref().and_then(|s| s.path().parent()) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            Some(_) => PathBuf::from("."),
            None => std::env::current_dir()?,
        };
        // `--policy` adds folders: the file's and the command line's together.
        let mut policy_dirs: Vec<PathBuf> = file
            .policies
            .as_ref()
            .map(|p| p.value.clone())
            .unwrap_or_default();
        policy_dirs.extend(args.policies.policy_dirs.iter().cloned());
        let policy_origin = if !args.policies.policy_dirs.is_empty() {
            Origin::Flag
        } else if file.policies.is_some() {
            origin.clone()
        } else {
            Origin::Default
        };
        Ok(Settings {
            config_file: file.source.as_ref().map(SourceFile::display_path),
            config_source: file.source.clone(),
            fail_on: pick(
                args.fail_on,
                file.fail_on.map(|a| a.value),
                FailOn::At(Severity::Error),
                &origin,
            ),
            select: pick(
                non_empty(&args.select),
                file.select.map(|a| a.value),
                Vec::new(),
                &origin,
            ),
            ignore: pick(
                non_empty(&args.ignore),
                file.ignore.map(|a| a.value),
                Vec::new(),
                &origin,
            ),
            policy_dirs: Setting {
                value: policy_dirs,
                origin: policy_origin,
            },
            no_default_policies: pick(
                args.policies.no_default_policies.then_some(true),
                file.no_default_policies.map(|a| a.value),
                false,
                &origin,
            ),
            catalog_dir: pick(
                args.catalog.catalog_dir.clone().map(Some),
                file.catalog.map(|a| Some(a.value)),
                None,
                &origin,
            ),
            eol_horizon: pick(
                args.eol_horizon,
                file.eol_horizon.map(|a| a.value),
                90,
                &origin,
            ),
            max_catalog_age: pick(
                args.max_catalog_age.map(Some),
                file.max_catalog_age.map(|a| Some(a.value)),
                None,
                &origin,
            ),
            per_path_ignores: Setting {
                origin: if file.per_path_ignores.is_empty() {
                    Origin::Default
                } else {
                    origin.clone()
                },
                value: file.per_path_ignores.into_iter().map(|a| a.value).collect(),
            },
            root,
            audit: file.audit,
        })
    }

    /// Whether `rule` is switched off for `file` by `[per-path-ignores]`.
    pub fn ignored_for_path(&self, rule: &str, file: &Path) -> bool {
        if self.per_path_ignores.value.is_empty() {
            return false;
        }
        let absolute = if file.is_absolute() {
            file.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|cwd| cwd.join(file))
                .unwrap_or_else(|_| file.to_path_buf())
        };
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        let absolute = absolute.canonicalize().unwrap_or(absolute);
        let Ok(relative) = absolute.strip_prefix(&root) else {
            return false;
        };
        let options = glob::MatchOptions {
            require_literal_separator: true,
            ..glob::MatchOptions::new()
        };
        self.per_path_ignores.value.iter().any(|ignore| {
            ignore.pattern.matches_path_with(relative, options)
                && ignore
                    .rules
                    .iter()
                    .any(|r| crate::check::selector_matches(r, rule))
        })
    }

    /// The settings as (name, value, origin) rows, for `modelgate config`.
    pub fn rows(&self) -> Vec<(&'static str, String, String)> {
        let list = |items: &[String]| {
            if items.is_empty() {
                "(all)".to_string()
            } else {
                items.join(", ")
            }
        };
        let paths = |items: &[PathBuf]| {
            if items.is_empty() {
                "(none)".to_string()
            } else {
                items
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let fail_on = match self.fail_on.value {
            FailOn::At(severity) => severity.to_string(),
            FailOn::Never => "never".to_string(),
        };
        vec![
            ("fail-on", fail_on, self.fail_on.origin.to_string()),
            (
                "select",
                list(&self.select.value),
                self.select.origin.to_string(),
            ),
            (
                "ignore",
                if self.ignore.value.is_empty() {
                    "(none)".to_string()
                } else {
                    self.ignore.value.join(", ")
                },
                self.ignore.origin.to_string(),
            ),
            (
                "policies",
                paths(&self.policy_dirs.value),
                self.policy_dirs.origin.to_string(),
            ),
            (
                "no-default-policies",
                self.no_default_policies.value.to_string(),
                self.no_default_policies.origin.to_string(),
            ),
            (
                "catalog",
                self.catalog_dir
                    .value
                    .as_ref()
                    .map_or("(embedded)".to_string(), |p| p.display().to_string()),
                self.catalog_dir.origin.to_string(),
            ),
            (
                "eol-horizon",
                self.eol_horizon.value.to_string(),
                self.eol_horizon.origin.to_string(),
            ),
            (
                "max-catalog-age",
                self.max_catalog_age
                    .value
                    .map_or("(no limit)".to_string(), |days| days.to_string()),
                self.max_catalog_age.origin.to_string(),
            ),
            (
                "per-path-ignores",
                if self.per_path_ignores.value.is_empty() {
                    "(none)".to_string()
                } else {
                    self.per_path_ignores
                        .value
                        .iter()
                        .map(|p| format!("{} = [{}]", p.pattern.as_str(), p.rules.join(", ")))
                        .collect::<Vec<_>>()
                        .join("; ")
                },
                self.per_path_ignores.origin.to_string(),
            ),
        ]
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
            "fail-on = \"warning\"\nselect = [\"lifecycle\"]\npolicies = [\"rules\"]\ncatalog = \"cat\"\neol-horizon = 30\n\
             [per-path-ignores]\n\"legacy/**\" = [\"lifecycle\"]\n[audit]\nexclude = [\"vendor/**\"]\nresidency = \"eu\"\n",
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
        assert_eq!(config.eol_horizon.map(|p| p.value), Some(30));
        assert_eq!(config.per_path_ignores.len(), 1);
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
    }
}
