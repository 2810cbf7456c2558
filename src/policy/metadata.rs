//! Rule documentation from the `# METADATA` comment block above a rule
//! package (OPA's annotation format). regorus does not expose annotations,
//! so modelgate reads the blocks itself, and says so when a block would be
//! silently ignored or cut: a block above a rule rather than the package,
//! an unknown key, a ` #` that YAML reads as the start of a comment.

use std::ops::Range;

use serde::Deserialize;

use super::PolicyWarning;
use crate::error::{did_you_mean, Result, RunError};
use crate::finding::Severity;
use crate::rules::{RuleId, RuleMeta};
use crate::source::SourceFile;

/// The keys OPA defines for an annotation; anything else is a typo.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Annotation {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    related_resources: Vec<Resource>,
    #[serde(default)]
    custom: Option<serde_norway::Mapping>,
    // Read by other tools; accepted and not used.
    #[serde(default)]
    #[allow(dead_code)]
    scope: Option<serde_norway::Value>,
    #[serde(default)]
    #[allow(dead_code)]
    authors: Option<serde_norway::Value>,
    #[serde(default)]
    #[allow(dead_code)]
    organizations: Option<serde_norway::Value>,
    #[serde(default)]
    #[allow(dead_code)]
    schemas: Option<serde_norway::Value>,
    #[serde(default)]
    #[allow(dead_code)]
    entrypoint: Option<serde_norway::Value>,
}

/// OPA's `related_resources` entry: `- ref: URL` (with an optional
/// `description`) or a bare URL.
#[derive(Deserialize)]
#[serde(untagged)]
enum Resource {
    Url(String),
    Ref {
        #[serde(rename = "ref")]
        reference: String,
        #[serde(default)]
        #[allow(dead_code)]
        description: Option<String>,
    },
}

/// The `custom` keys modelgate reads.
const CUSTOM_KEYS: [&str; 3] = ["id", "severity", "remediation"];

/// YAML nested deeper than this is refused before it is parsed (the
/// parser's cost grows with the square of the depth).
const MAX_NESTING: usize = 64;

/// The package a Rego file declares (`package a.b.c`), if any.
pub fn package_of(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("package ")?;
        Some(rest.split('#').next().unwrap_or(rest).trim().to_string())
    })
}

/// One `# METADATA` comment block.
struct Block {
    /// Byte range of the `# METADATA` line.
    header: Range<usize>,
    /// Each YAML line: its text, and the byte offset in the file where it
    /// starts.
    lines: Vec<(String, usize)>,
    /// Whether the first statement after the block is `package`.
    above_package: bool,
}

impl Block {
    fn yaml(&self) -> String {
        self.lines
            .iter()
            .map(|(l, _)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The byte offset in the file of YAML line `line` (1-based), column
    /// `column` (1-based).
    fn offset(&self, line: usize, column: usize) -> usize {
        match self.lines.get(line.saturating_sub(1)) {
            Some((text, start)) => start + column.saturating_sub(1).min(text.len()),
            None => self.header.start,
        }
    }

    /// Where `key:` is written at the start of a line, for errors about its
    /// value.
    fn key_offset(&self, key: &str) -> usize {
        self.lines
            .iter()
            .find(|(text, _)| text.trim_start().starts_with(&format!("{key}:")))
            .map(|(text, start)| start + (text.len() - text.trim_start().len()))
            .unwrap_or(self.header.start)
    }
}

/// Every `# METADATA` block of `text`.
fn blocks(text: &str) -> Vec<Block> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((line.trim_end_matches(['\n', '\r']), offset));
        offset += line.len();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (line, start) = lines[i];
        i += 1;
        if line.trim() != "# METADATA" {
            continue;
        }
        let mut block = Block {
            header: start..start + line.len(),
            lines: Vec::new(),
            above_package: false,
        };
        while let Some(&(line, start)) = lines.get(i) {
            let trimmed = line.trim_start();
            let Some(rest) = trimmed.strip_prefix('#') else {
                break;
            };
            let content = rest.strip_prefix(' ').unwrap_or(rest);
            let at = start + (line.len() - content.len());
            block.lines.push((content.to_string(), at));
            i += 1;
        }
        let next = lines[i..].iter().find(|(l, _)| !l.trim().is_empty());
        block.above_package = next.is_some_and(|(l, _)| l.trim_start().starts_with("package "));
        out.push(block);
    }
    out
}

/// What a package's METADATA says, once read and checked.
struct Read {
    block: Block,
    annotation: Annotation,
}

/// Reads the block above the package of `source`; the warnings about its
/// other blocks and its text go to `warnings`.
fn read(source: &SourceFile, warnings: &mut Vec<PolicyWarning>) -> Result<Option<Read>> {
    let mut found = None;
    for block in blocks(source.text()) {
        warnings.extend(hash_warnings(source, &block));
        if !block.above_package {
            warnings.push(PolicyWarning::at(
                source,
                block.header.clone(),
                "this # METADATA block annotates a rule, and modelgate reads only the block above `package`: its title, severity and other keys are ignored",
                "move it above the `package` line (one block per rule file)",
            ));
            continue;
        }
        if found.is_none() {
            found = Some(block);
        }
    }
    let Some(block) = found else {
        return Ok(None);
    };
    let yaml = block.yaml();
    if nesting(&yaml) > MAX_NESTING {
        return Err(RunError::at(
            source,
            block.header.clone(),
            format!("the # METADATA block nests deeper than {MAX_NESTING} levels"),
            "here",
        ));
    }
    let annotation: Annotation = serde_norway::from_str(&yaml).map_err(|err| {
        let at = err
            .location()
            .map(|l| block.offset(l.line(), l.column()))
            .unwrap_or(block.header.start);
        let message = strip_location(&err.to_string());
        RunError::at(source, at..at, format!("the # METADATA block does not parse: {message}"), "here")
            .with_help("the block is YAML: quote a value that holds `: ` or ` #` (e.g. `title: \"Cost: cap\"`); the keys are OPA's (title, description, related_resources, custom …)")
    })?;
    Ok(Some(Read { block, annotation }))
}

/// serde_norway ends its messages with ` at line L column C`, counted in
/// the block; the diagnostic gives the position in the file instead.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn nesting(yaml: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in yaml.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// ` #` in a plain (unquoted) YAML value starts a comment: the rest of the
/// line is silently dropped from the value.
fn hash_warnings(source: &SourceFile, block: &Block) -> Vec<PolicyWarning> {
    let mut out = Vec::new();
    // Inside a `|` or `>` block scalar, `#` is text; such a scalar runs
    // while lines are indented deeper than its key.
    let mut scalar_indent: Option<usize> = None;
    for (text, start) in &block.lines {
        let indent = text.len() - text.trim_start().len();
        let trimmed = text.trim_start();
        if let Some(key_indent) = scalar_indent {
            if trimmed.is_empty() || indent > key_indent {
                continue;
            }
            scalar_indent = None;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let value = match item.split_once(": ") {
            Some((key, value)) if !key.starts_with(['"', '\'']) => value,
            _ => item,
        };
        let value = value.trim_start();
        if value.starts_with(['|', '>']) {
            scalar_indent = Some(indent);
            continue;
        }
        if value.starts_with(['"', '\'']) {
            continue;
        }
        if let Some(hash) = value.find(" #") {
            let at = start + (text.len() - value.len()) + hash + 1;
            let dropped = value[hash + 1..].trim();
            out.push(PolicyWarning::at(
                source,
                at..at + 1,
                format!("` #` starts a YAML comment, so `{dropped}` is dropped from this value"),
                "quote the value (`key: \"… #…\"`) to keep the text",
            ));
        }
    }
    out
}

/// The METADATA of rule package `package` (`modelgate.rules.<family>.<name>`)
/// declared in `source`. `Ok(None)` when the file has no block above its
/// package.
pub fn rule_meta(
    source: &SourceFile,
    package: &str,
    builtin: bool,
    warnings: &mut Vec<PolicyWarning>,
) -> Result<Option<RuleMeta>> {
    let Some(read) = read(source, warnings)? else {
        return Ok(None);
    };
    let custom = Custom::of(source, &read, warnings)?;
    let Some(title) = read.annotation.title.clone() else {
        return Err(missing(source, &read.block, "title"));
    };
    let Some(severity) = custom.severity else {
        return Err(missing(source, &read.block, "custom.severity").with_help(
            "give the rule's default severity under `custom:` as `severity: error` (or warning, info)",
        ));
    };
    let id = rule_id(package, custom.id.as_deref())
        .map_err(|msg| RunError::at(source, custom.id_at..custom.id_at, msg, "here"))?;
    Ok(Some(meta(
        source,
        &read,
        id,
        package,
        title,
        severity,
        custom.remediation,
        builtin,
    )))
}

/// The METADATA of a conftest-style package (`deny` / `violation` /
/// `warn`), where the block is optional: the id comes from `custom.id`,
/// else from the package path, and the default severity from the rules it
/// declares.
pub fn conftest_meta(
    source: &SourceFile,
    package: &str,
    severity: Severity,
    warnings: &mut Vec<PolicyWarning>,
) -> Result<RuleMeta> {
    let read = read(source, warnings)?;
    let (custom, title) = match &read {
        Some(read) => (
            Custom::of(source, read, warnings)?,
            read.annotation.title.clone(),
        ),
        None => (Custom::default(), None),
    };
    let id = match custom.id.as_deref() {
        Some(declared) => RuleId::parse(declared)
            .map_err(|msg| RunError::at(source, custom.id_at..custom.id_at, msg, "here"))?,
        None => conftest_id(package).map_err(|msg| {
            RunError::plain(format!("{}: {msg}", source.display_path()))
                .with_help("give the rule an id in a # METADATA block above `package`: `custom:` then `  id: family/name`")
        })?,
    };
    let title = title.unwrap_or_else(|| format!("conftest rules of package `{package}`"));
    let severity = custom.severity.unwrap_or(severity);
    Ok(match &read {
        Some(read) => meta(
            source,
            read,
            id,
            package,
            title,
            severity,
            custom.remediation,
            false,
        ),
        None => RuleMeta {
            id,
            package: package.to_string(),
            title,
            description: String::new(),
            severity,
            remediation: String::new(),
            origin: source.display_path(),
            builtin: false,
            help_uri: None,
            configured: None,
        },
    })
}

/// The id of a conftest package without `custom.id`: its path with `/`
/// for `.` and `-` for `_`; a one-part package (conftest's `main`) is put
/// in the `conftest` family.
pub fn conftest_id(package: &str) -> Result<RuleId, String> {
    let path = package.replace('.', "/").replace('_', "-");
    let path = if path.contains('/') {
        path
    } else {
        format!("conftest/{path}")
    };
    RuleId::parse(&path).map_err(|_| {
        format!("package `{package}` does not make a rule id (`{path}`): ids are lowercase `family/name`")
    })
}

#[allow(clippy::too_many_arguments)]
fn meta(
    source: &SourceFile,
    read: &Read,
    id: RuleId,
    package: &str,
    title: String,
    severity: Severity,
    remediation: String,
    builtin: bool,
) -> RuleMeta {
    let help_uri = read.annotation.related_resources.first().map(|r| match r {
        Resource::Url(url) => url.clone(),
        Resource::Ref { reference, .. } => reference.clone(),
    });
    RuleMeta {
        id,
        package: package.to_string(),
        title: title.trim().to_string(),
        description: read.annotation.description.trim().to_string(),
        severity,
        remediation: remediation.trim().to_string(),
        origin: source.display_path(),
        builtin,
        help_uri,
        configured: None,
    }
}

fn missing(source: &SourceFile, block: &Block, key: &str) -> RunError {
    RunError::at(
        source,
        block.header.clone(),
        format!("the # METADATA block gives no `{key}`"),
        "this block",
    )
}

/// The `custom` keys modelgate reads, checked.
#[derive(Default)]
struct Custom {
    id: Option<String>,
    id_at: usize,
    severity: Option<Severity>,
    remediation: String,
}

impl Custom {
    fn of(source: &SourceFile, read: &Read, warnings: &mut Vec<PolicyWarning>) -> Result<Self> {
        let mut custom = Custom {
            id_at: read.block.key_offset("id"),
            ..Custom::default()
        };
        let Some(map) = &read.annotation.custom else {
            return Ok(custom);
        };
        for (key, value) in map {
            let name = key.as_str().unwrap_or_default();
            let at = read.block.key_offset(name);
            let text = |what: &str| {
                value.as_str().map(str::to_string).ok_or_else(|| {
                    RunError::at(
                        source,
                        at..at,
                        format!("custom.{name} must be {what}"),
                        "here",
                    )
                })
            };
            match name {
                "id" => custom.id = Some(text("a rule id such as `acme/no-thinking`")?),
                "remediation" => custom.remediation = text("text")?,
                "severity" => {
                    let value = text("error, warning or info")?;
                    custom.severity = Some(severity_of(&value).ok_or_else(|| {
                        RunError::at(
                            source,
                            at..at,
                            format!("custom.severity `{value}` is not error, warning or info"),
                            "here",
                        )
                    })?);
                }
                _ => warnings.push(unknown_custom_key(source, at, name)),
            }
        }
        Ok(custom)
    }
}

fn severity_of(text: &str) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|s| s.as_str() == text)
}

fn unknown_custom_key(source: &SourceFile, at: usize, name: &str) -> PolicyWarning {
    let help = match did_you_mean(name, CUSTOM_KEYS) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "modelgate reads custom.{}; other tools' keys are allowed",
            CUSTOM_KEYS.join(", custom.")
        ),
    };
    PolicyWarning::at(
        source,
        at..at + name.len(),
        format!("modelgate does not read `custom.{name}`"),
        help,
    )
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

    fn parse(text: &str) -> (Result<Option<RuleMeta>>, Vec<PolicyWarning>) {
        let source = SourceFile::new("x.rego", text);
        let package = package_of(text).unwrap_or_default();
        let mut warnings = Vec::new();
        let meta = rule_meta(&source, &package, false, &mut warnings);
        (meta, warnings)
    }

    #[test]
    fn reads_the_block_and_the_package() {
        let text = "# METADATA\n# title: T\n# description: >-\n#   two\n#   lines\n# related_resources:\n#   - ref: https://example.com/r\n# custom:\n#   id: a/b\n#   severity: warning\n#   remediation: do it\npackage modelgate.rules.a.b\n";
        let (meta, warnings) = parse(text);
        let meta = meta.unwrap().unwrap();
        assert_eq!(meta.id.as_str(), "a/b");
        assert_eq!(meta.package, "modelgate.rules.a.b");
        assert_eq!(meta.description, "two lines");
        assert_eq!(meta.severity, Severity::Warning);
        assert_eq!(meta.help_uri.as_deref(), Some("https://example.com/r"));
        assert!(warnings.is_empty());
    }

    #[test]
    fn the_id_comes_from_the_package_when_omitted() {
        let text = "# METADATA\n# title: T\n# custom:\n#   severity: error\npackage modelgate.rules.acme.no_thinking\n";
        let meta = parse(text).0.unwrap().unwrap();
        assert_eq!(meta.id.as_str(), "acme/no-thinking");
    }

    #[test]
    fn an_id_that_disagrees_with_the_package_is_an_error() {
        let text = "# METADATA\n# title: T\n# custom:\n#   id: acme/other\n#   severity: error\npackage modelgate.rules.acme.rule\n";
        let err = parse(text).0.unwrap_err();
        assert!(err.message().contains("acme/rule"), "{}", err.message());
        assert!(
            err.message().starts_with("x.rego:4:5:"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_bad_severity_is_located_in_the_file() {
        let text = "\n# METADATA\n# title: T\n# custom:\n#   severity: fatal\npackage modelgate.rules.a.b\n";
        let err = parse(text).0.unwrap_err();
        assert!(
            err.message().starts_with("x.rego:5:5:"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn yaml_errors_are_located_in_the_file() {
        let text = "# METADATA\n# title: Cost control: cap\n# custom:\n#   severity: error\npackage modelgate.rules.a.b\n";
        let err = parse(text).0.unwrap_err();
        assert!(err.message().starts_with("x.rego:2:"), "{}", err.message());
    }

    #[test]
    fn unknown_keys_are_refused_or_warned() {
        let text = "# METADATA\n# title: T\n# severity: error\n# custom:\n#   severity: error\npackage modelgate.rules.a.b\n";
        assert!(
            parse(text).0.is_err(),
            "an unknown top-level key is an error"
        );
        let text = "# METADATA\n# title: T\n# custom:\n#   severity: error\n#   remedation: x\npackage modelgate.rules.a.b\n";
        let (meta, warnings) = parse(text);
        assert!(meta.is_ok());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].help().contains("remediation"));
    }

    #[test]
    fn a_hash_that_cuts_a_value_is_warned_about() {
        let text = "# METADATA\n# title: T\n# description: |\n#   a #literal\n# custom:\n#   severity: error\n#   remediation: ask in #platform-ai.\n#   id: \"a/b\" # a real comment after a quoted value\npackage modelgate.rules.a.b\n";
        let (meta, warnings) = parse(text);
        assert_eq!(meta.unwrap().unwrap().remediation, "ask in");
        assert_eq!(warnings.len(), 1, "only the plain value is cut");
        assert!(warnings[0].message().contains("#platform-ai."));
    }

    #[test]
    fn a_block_above_a_rule_is_warned_about() {
        let text = "# METADATA\n# title: T\n# custom:\n#   severity: error\npackage modelgate.rules.a.b\n\n# METADATA\n# title: rule\nfindings contains 1 if false\n";
        let (meta, warnings) = parse(text);
        assert!(meta.unwrap().is_some());
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn conftest_ids_come_from_the_package() {
        assert_eq!(conftest_id("main").unwrap().as_str(), "conftest/main");
        assert_eq!(
            conftest_id("acme.cost_cap").unwrap().as_str(),
            "acme/cost-cap"
        );
        assert!(conftest_id("Main").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let text = format!("# METADATA\n# title: {}\npackage p\n", "[".repeat(10_000));
        assert!(parse(&text).0.is_err());
    }
}
