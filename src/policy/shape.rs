//! What the aggregate rule returns, checked and turned into findings: one
//! row per finding of a `findings` rule, one row per conftest rule
//! (`deny`, `violation`, `warn`) holding its whole value. A row of the
//! wrong shape is reported against the rule that made it, never silently
//! dropped, and never taken for another rule's.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::analysis::CONFTEST_RULES;
use crate::finding::Severity;

/// A finding as a rule returns it, before it is located and filtered.
#[derive(Clone, Debug, Deserialize)]
pub struct RawFinding {
    /// The package of the rule that reported it (`modelgate.rules.a.b`,
    /// `main`).
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
    pub replacement: Option<Value>,
    #[serde(default)]
    pub pointer: Option<String>,
}

/// One row of the aggregate rule.
#[derive(Deserialize)]
pub struct Row {
    pub package: String,
    /// A `findings` element.
    #[serde(default)]
    finding: Option<Value>,
    /// A conftest rule's name and value.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    value: Option<Value>,
}

/// The findings of one row, or what is wrong with it.
pub fn findings_of(row: Row) -> Result<Vec<RawFinding>, String> {
    match (row.finding, row.kind, row.value) {
        (Some(finding), None, None) => finding_of(&row.package, finding).map(|f| vec![f]),
        (None, Some(kind), Some(value)) => conftest_findings(&row.package, &kind, value),
        _ => Err("the aggregate rule returned a row it should not".to_string()),
    }
}

const FINDING_KEYS: [&str; 4] = ["pointer", "message", "severity", "fix"];
const FIX_KEYS: [&str; 3] = ["description", "replacement", "pointer"];

fn finding_of(package: &str, value: Value) -> Result<RawFinding, String> {
    let Value::Object(object) = value else {
        return Err(format!(
            "a finding must be an object with `pointer` and `message`, not {}",
            brief(&value)
        ));
    };
    unknown_keys(&object, &FINDING_KEYS, "a finding")?;
    let text = |key: &str| match object.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(format!(
            "a finding's `{key}` must be a string, not {}",
            brief(other)
        )),
        None => Err(format!("a finding has no `{key}`")),
    };
    let pointer = text("pointer")?;
    check_pointer(&pointer, "a finding's `pointer`")?;
    let message = text("message")?;
    let severity = match object.get("severity") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(severity_of(s).ok_or_else(|| {
            format!("a finding's `severity` must be error, warning or info, not `{s}`")
        })?),
        Some(other) => {
            return Err(format!(
                "a finding's `severity` must be a string, not {}",
                brief(other)
            ))
        }
    };
    let fix = match object.get("fix") {
        None | Some(Value::Null) => None,
        Some(fix) => Some(fix_of(fix, &pointer)?),
    };
    Ok(RawFinding {
        package: package.to_string(),
        pointer,
        message,
        severity,
        fix,
    })
}

fn fix_of(value: &Value, finding_pointer: &str) -> Result<RawFix, String> {
    let Value::Object(object) = value else {
        return Err(format!(
            "a fix must be an object with `description` and `replacement`, not {}",
            brief(value)
        ));
    };
    match object.get("applicability") {
        Some(Value::String(s)) if s == "unsafe" => {}
        Some(_) => {
            return Err("a rule cannot mark its fix safe: modelgate offers a fix from a rule as unsafe (applied with --fix --unsafe-fixes) after verifying it; remove `applicability`".to_string())
        }
        None => {}
    }
    let keys: Map<String, Value> = object
        .iter()
        .filter(|(k, _)| k.as_str() != "applicability")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    unknown_keys(&keys, &FIX_KEYS, "a fix")?;
    let description = match object.get("description") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(format!(
                "a fix's `description` must be a string, not {}",
                brief(other)
            ))
        }
        None => return Err("a fix has no `description`".to_string()),
    };
    let replacement = match object.get("replacement") {
        None | Some(Value::Null) => return Err("a fix has no `replacement`".to_string()),
        Some(v) => v.clone(),
    };
    let pointer = match object.get("pointer") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            check_pointer(s, "a fix's `pointer`")?;
            Some(s.clone())
        }
        Some(other) => {
            return Err(format!(
                "a fix's `pointer` must be a string, not {}",
                brief(other)
            ))
        }
    };
    let target = pointer.as_deref().unwrap_or(finding_pointer);
    check_type(target, &replacement)?;
    Ok(RawFix {
        description,
        replacement: Some(replacement),
        pointer,
    })
}

/// The type of the manifest value at `pointer`, where the manifest schema
/// fixes it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Text,
    Count,
    TextList,
    TextOrTextList,
}

fn kind_at(pointer: &str) -> Option<Kind> {
    let parts: Vec<&str> = pointer.split('/').skip(1).collect();
    let index = |s: &str| s.parse::<usize>().is_ok();
    match parts.as_slice() {
        ["models", n, "model" | "name"] if index(n) => Some(Kind::Text),
        ["models", n, "max_output_tokens"] if index(n) => Some(Kind::Count),
        ["models", n, "features" | "regions"] if index(n) => Some(Kind::TextList),
        ["models", n, "features" | "regions", k] if index(n) && index(k) => Some(Kind::Text),
        ["workload", "name"] => Some(Kind::Text),
        ["workload", "regions" | "compliance"] => Some(Kind::TextList),
        ["workload", "regions" | "compliance", k] if index(k) => Some(Kind::Text),
        ["workload", "residency"] => Some(Kind::TextOrTextList),
        ["references", n] if index(n) => Some(Kind::Text),
        _ => None,
    }
}

/// A fix's replacement has the type of the value it replaces.
fn check_type(pointer: &str, replacement: &Value) -> Result<(), String> {
    let Some(kind) = kind_at(pointer) else {
        return Ok(());
    };
    let texts = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    let fits = match kind {
        Kind::Text => replacement.is_string(),
        Kind::Count => replacement.as_u64().is_some_and(|n| n > 0),
        Kind::TextList => texts(replacement),
        Kind::TextOrTextList => replacement.is_string() || texts(replacement),
    };
    if fits {
        return Ok(());
    }
    let wanted = match kind {
        Kind::Text => "a string",
        Kind::Count => "a positive integer",
        Kind::TextList => "an array of strings",
        Kind::TextOrTextList => "a string or an array of strings",
    };
    Err(format!(
        "the fix for `{pointer}` replaces it with {}, but the manifest needs {wanted} there",
        brief(replacement)
    ))
}

/// A conftest rule's value: a set of strings, or of objects with `msg`
/// (and optionally `pointer`); other keys are conftest's and ignored.
fn conftest_findings(package: &str, kind: &str, value: Value) -> Result<Vec<RawFinding>, String> {
    let severity = CONFTEST_RULES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, s)| *s)
        .ok_or_else(|| format!("`{kind}` is not a conftest rule"))?;
    let Value::Array(items) = value else {
        return Err(format!(
            "`{kind}` must be a set of messages (`{kind} contains msg if {{ … }}`), not {}",
            brief(&value)
        ));
    };
    items
        .into_iter()
        .map(|item| {
            let (message, pointer) = match item {
                Value::String(message) => (message, String::new()),
                Value::Object(object) => {
                    let message = match object.get("msg") {
                        Some(Value::String(s)) => s.clone(),
                        _ => {
                            return Err(format!(
                                "an element of `{kind}` is an object without a string `msg`"
                            ))
                        }
                    };
                    let pointer = match object.get("pointer") {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => {
                            return Err(format!(
                                "`pointer` in `{kind}` must be a string, not {}",
                                brief(other)
                            ))
                        }
                    };
                    check_pointer(&pointer, &format!("`pointer` in `{kind}`"))?;
                    (message, pointer)
                }
                other => {
                    return Err(format!(
                        "an element of `{kind}` must be a string or an object with `msg`, not {}",
                        brief(&other)
                    ))
                }
            };
            Ok(RawFinding {
                package: package.to_string(),
                pointer,
                message,
                severity: Some(severity),
                fix: None,
            })
        })
        .collect()
}

fn check_pointer(pointer: &str, what: &str) -> Result<(), String> {
    if pointer.is_empty() || pointer.starts_with('/') {
        Ok(())
    } else {
        Err(format!("{what} `{pointer}` is not a JSON pointer (`/models/0/model`, or \"\" for the whole manifest)"))
    }
}

fn unknown_keys(object: &Map<String, Value>, known: &[&str], what: &str) -> Result<(), String> {
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        Some(key) => Err(format!(
            "{what} has an unknown field `{key}` (it may have: {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}

fn severity_of(text: &str) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|s| s.as_str() == text)
}

/// A value as a message shows it: its type and, when short, itself.
fn brief(value: &Value) -> String {
    let kind = match value {
        Value::Null => return "null".to_string(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let text = value.to_string();
    if text.len() <= 40 {
        format!("{kind} (`{text}`)")
    } else {
        kind.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(finding: Value) -> Result<RawFinding, String> {
        finding_of("modelgate.rules.a.b", finding)
    }

    #[test]
    fn a_well_formed_finding_passes() {
        let f = one(
            json!({"pointer": "/models/0/max_output_tokens", "message": "m",
            "fix": {"description": "d", "replacement": 4096}}),
        )
        .unwrap();
        assert_eq!(f.fix.unwrap().replacement, Some(json!(4096)));
    }

    #[test]
    fn wrong_shapes_say_what_is_wrong() {
        let cases = [
            (json!("just a string"), "must be an object"),
            (json!({"message": "m"}), "no `pointer`"),
            (
                json!({"pointer": "/x", "message": "m", "rule": "r"}),
                "unknown field `rule`",
            ),
            (
                json!({"pointer": "/x", "message": "m", "severity": "critical"}),
                "`critical`",
            ),
            (
                json!({"pointer": "models/0", "message": "m"}),
                "not a JSON pointer",
            ),
            (
                json!({"pointer": "/models/0/max_output_tokens", "message": "m",
                "fix": {"description": "d", "replacement": "lots"}}),
                "a positive integer",
            ),
            (
                json!({"pointer": "/models/0/model", "message": "m",
                "fix": {"description": "d", "replacement": "x", "applicability": "safe"}}),
                "cannot mark its fix safe",
            ),
            (
                json!({"pointer": "/models/0/model", "message": "m",
                "fix": {"description": "d"}}),
                "no `replacement`",
            ),
        ];
        for (finding, needle) in cases {
            let err = one(finding.clone()).unwrap_err();
            assert!(err.contains(needle), "{finding}: {err}");
        }
    }

    #[test]
    fn conftest_values_become_findings() {
        let found = conftest_findings(
            "main",
            "warn",
            json!(["plain", {"msg": "located", "pointer": "/models/0/model", "details": 1}]),
        )
        .unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].pointer, "");
        assert_eq!(found[1].pointer, "/models/0/model");
        assert_eq!(found[1].severity, Some(Severity::Warning));
        assert!(conftest_findings("main", "deny", json!(true)).is_err());
        assert!(conftest_findings("main", "deny", json!([{"message": "x"}])).is_err());
    }
}
