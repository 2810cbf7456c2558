//! Rule documentation from the `# METADATA` comment block that opens each
//! rule file (OPA's annotation format). regorus does not expose annotations,
//! so modelgate reads the block itself.

use serde::Deserialize;

use crate::finding::Severity;

#[derive(Clone, Debug)]
pub struct RuleMeta {
    pub id: String,
    pub package: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub remediation: String,
    /// Where the rule came from (`<embedded>/policies/…` or a path).
    pub origin: String,
}

#[derive(Deserialize)]
struct Annotation {
    title: String,
    #[serde(default)]
    description: String,
    custom: Custom,
}

#[derive(Deserialize)]
struct Custom {
    id: String,
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
/// none; `Err` with a message when it has one that does not parse.
pub fn parse(text: &str, origin: &str) -> Result<Option<RuleMeta>, String> {
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
    Ok(Some(RuleMeta {
        id: annotation.custom.id,
        package,
        title: annotation.title.trim().to_string(),
        description: annotation.description.trim().to_string(),
        severity: annotation.custom.severity,
        remediation: annotation.custom.remediation.trim().to_string(),
        origin: origin.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_block_and_the_package() {
        let text = "# METADATA\n# title: T\n# description: >-\n#   two\n#   lines\n# custom:\n#   id: a/b\n#   severity: warning\n#   remediation: do it\npackage modelgate.rules.a.b\n";
        let meta = parse(text, "x.rego").unwrap().unwrap();
        assert_eq!(meta.id, "a/b");
        assert_eq!(meta.package, "modelgate.rules.a.b");
        assert_eq!(meta.description, "two lines");
        assert_eq!(meta.severity, Severity::Warning);
    }

    #[test]
    fn a_bad_severity_is_an_error() {
        let text =
            "# METADATA\n# title: T\n# custom:\n#   id: a/b\n#   severity: fatal\npackage p\n";
        assert!(parse(text, "x.rego").is_err());
    }
}
