//! The tables of `.modelgate.toml`: `[per-path-ignores]`, `[severity]` and
//! `[audit]`, decoded with every error at its characters.

use std::path::{Path, PathBuf};

pub use crate::rules::Level;
use crate::severity::Severity;
use crate::syntax::table::{error, wrong_type, Result, Table};
use crate::syntax::tree::{Node, NodeValue};
use crate::syntax::At;

/// `[per-path-ignores]`: rules not reported for files matching a glob.
#[derive(Clone, Debug)]
pub struct PathIgnore {
    pub pattern: glob::Pattern,
    pub rules: Vec<String>,
}

/// `[severity]`: a rule (or a family) re-graded or switched off.
#[derive(Clone, Debug, PartialEq)]
pub struct SeverityOverride {
    /// A rule id or a family, as written (validated against the rules in
    /// force by the run context).
    pub rule: String,
    pub level: Level,
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

const AUDIT_KEYS: &[&str] = &["exclude", "baseline", "regions", "residency", "compliance"];

/// A list of strings at `key` of `table`, with its pointer.
pub fn strings(table: &Table<'_>, key: &str) -> Result<Option<At<Vec<String>>>> {
    Ok(table.string_list(key)?.map(|items| At {
        value: items.into_iter().map(|i| i.value).collect(),
        pointer: format!("{}/{key}", table.pointer),
    }))
}

/// A JSON pointer token for a table key (`/` and `~` escaped).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// `[per-path-ignores]`: `"glob" = ["rule-or-family", …]`.
pub fn per_path(node: &Node, pointer: &str) -> Result<Vec<At<PathIgnore>>> {
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
                .collect::<Result<Vec<_>>>()?;
            Ok(At {
                value: PathIgnore { pattern, rules },
                pointer: format!("{pointer}/{}", token(&entry.key)),
            })
        })
        .collect()
}

/// `[severity]`: `"rule-or-family" = "error" | "warning" | "info" | "off"`.
pub fn severity(node: &Node, pointer: &str) -> Result<Vec<At<SeverityOverride>>> {
    let NodeValue::Table(entries) = &node.value else {
        return Err(wrong_type(node, "severity", "a table of rule = severity"));
    };
    entries
        .iter()
        .map(|entry| {
            let NodeValue::String(text) = &entry.value.value else {
                return Err(wrong_type(
                    &entry.value,
                    &entry.key,
                    "\"error\", \"warning\", \"info\" or \"off\"",
                ));
            };
            let level = match text.as_str() {
                "error" => Level::At(Severity::Error),
                "warning" => Level::At(Severity::Warning),
                "info" => Level::At(Severity::Info),
                "off" => Level::Off,
                other => {
                    return Err(error(
                        entry.value.span.clone(),
                        format!("`{other}` is not a severity"),
                        "not a severity",
                    )
                    .help("use \"error\", \"warning\", \"info\" or \"off\""))
                }
            };
            Ok(At {
                value: SeverityOverride {
                    rule: entry.key.clone(),
                    level,
                },
                pointer: format!("{pointer}/{}", token(&entry.key)),
            })
        })
        .collect()
}

/// `[audit]`; `baseline` is relative to the configuration file's folder.
pub fn audit(node: &Node, pointer: String, base: &Path) -> Result<AuditConfig> {
    let table = Table::new(node, pointer, "[audit]")?;
    table.only(AUDIT_KEYS)?;
    Ok(AuditConfig {
        exclude: strings(&table, "exclude")?,
        baseline: table.optional_string("baseline")?.map(|at| At {
            value: base.join(at.value),
            pointer: at.pointer,
        }),
        regions: strings(&table, "regions")?,
        residency: table.optional_string("residency")?,
        compliance: strings(&table, "compliance")?,
    })
}
