//! Rule documentation from the `# METADATA` comment block that opens each
//! rule file (OPA's annotation format). regorus does not expose annotations,
//! so modelgate reads the block itself.

use serde::Deserialize;

use crate::finding::Severity;
use crate::rules::{RuleId, RuleMeta};

#[derive(Deserialize)]
struct Annotation {
    title: String,
    #[serde(default)]
    description: String,
    custom: Custom,
}

#[derive(Deserialize)]
struct Custom {
    /// Optional for packages under `modelgate.rules`, whose path names the
    /// rule; when given it must agree with the path.
    #[serde(default)]
    id: Option<String>,
    severity: Severity,
    #[serde(default)]
    remediation: String,
}

/// The package a Rego file declares (`package a.b.c`), if any.
pub fn package_of(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("package ")?;
        Some(rest.split('#').next().unwrap_or(rest).trim().to_string())
    })
}

/// Reads the first `# METADATA` block of `text`. `Ok(None)` when the file has
/// none; `Err` with a message when it has one that does not parse, or whose
/// id disagrees with the package path.
pub fn parse(text: &str, origin: &str, builtin: bool) -> Result<Option<RuleMeta>, String> {
    let mut lines = text.lines().skip_while(|l| l.trim() != "# METADATA");
    if lines.next().is_none() {
        return Ok(None);
    }
    let yaml: String = lines
        .map_while(|l| l.trim_start().strip_prefix('#'))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let annotation: Annotation = serde_norway::from_str(&yaml)
        .map_err(|err| format!("the # METADATA block does not parse: {err}"))?;
    let package = package_of(text).ok_or("the file declares no package")?;
    let id = rule_id(&package, annotation.custom.id.as_deref())?;
    Ok(Some(RuleMeta {
        id,
        package,
        title: annotation.title.trim().to_string(),
        description: annotation.description.trim().to_string(),
        severity: annotation.custom.severity,
        remediation: annotation.custom.remediation.trim().to_string(),
        origin: origin.to_string(),
        builtin,
        configured: None,
    }))
}

/// The rule's id: the one its package path implies, which a `custom.id`, if
/// given, must repeat exactly (a rule's id is written in one place).
fn rule_id(package: &str, declared: Option<&str>) -> Result<RuleId, String> {
    let implied = RuleId::of_package(package);
    match (implied, declared) {
        (Some(implied), None) => Ok(implied),
        (Some(implied), Some(declared)) if implied.as_str() == declared => Ok(implied),
        (Some(implied), Some(declared)) => Err(format!(
            "custom.id `{declared}` disagrees with the package `{package}`, which names the rule `{implied}`; remove custom.id or make it `{implied}`"
        )),
        (None, Some(declared)) => RuleId::parse(declared),
        (None, None) => Err(format!(
            "package `{package}` is not `modelgate.rules.<family>.<name>`, so its rule id cannot be derived; give one as custom.id"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_block_and_the_package() {
        let text = "# METADATA\n# title: T\n# description: >-\n#   two\n#   lines\n# custom:\n#   id: a/b\n#   severity: warning\n#   remediation: do it\npackage modelgate.rules.a.b\n";
        let meta = parse(text, "x.rego", true).unwrap().unwrap();
        assert_eq!(meta.id.as_str(), "a/b");
        assert_eq!(meta.package, "modelgate.rules.a.b");
        assert_eq!(meta.description, "two lines");
        assert_eq!(meta.severity, Severity::Warning);
    }

    #[test]
    fn the_id_comes_from_the_package_when_omitted() {
        let text =
            "# METADATA\n# title: T\n# custom:\n#   severity: error\npackage modelgate.rules.acme.no_thinking\n";
        let meta = parse(text, "x.rego", false).unwrap().unwrap();
        assert_eq!(meta.id.as_str(), "acme/no-thinking");
    }

    #[test]
    fn an_id_that_disagrees_with_the_package_is_an_error() {
        let text = "# METADATA\n# title: T\n# custom:\n#   id: acme/other\n#   severity: error\npackage modelgate.rules.acme.rule\n";
        let err = parse(text, "x.rego", false).unwrap_err();
        assert!(err.contains("acme/rule"), "{err}");
    }

    #[test]
    fn a_bad_severity_is_an_error() {
        let text =
            "# METADATA\n# title: T\n# custom:\n#   id: a/b\n#   severity: fatal\npackage p\n";
        assert!(parse(text, "x.rego", false).is_err());
    }
}
