//! SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules in
//! force with their documentation, results with regions, content-based
//! fingerprints, and fixes.

use std::collections::HashMap;
use std::io::Write;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::json;

use super::{fingerprint, Report};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;
use crate::source::SourceFile;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF has no byte columns; report Unicode code points and say so in the
/// run's `columnKind`.
fn char_column(file: Option<&SourceFile>, line: usize, byte_column: usize) -> usize {
    file.map_or(byte_column, |file| file.char_column(line, byte_column))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn region(finding: &Finding, file: Option<&SourceFile>) -> Region {
    let l = &finding.location;
    Region {
        start_line: l.line,
        start_column: char_column(file, l.line, l.column),
        end_line: l.end_line,
        end_column: char_column(file, l.end_line, l.end_column),
    }
}

/// Every byte of a path but the unreserved characters of RFC 3986 and the
/// `/` between segments is percent-encoded: a space, `%`, `#`, `?`, `:` (which
/// would read as a scheme), control characters and non-ASCII letters.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The URI of a reported path: a `file://` URI for an absolute path, else
/// a relative reference against `%SRCROOT%`.
fn uri(path: &str) -> String {
    let encoded = utf8_percent_encode(path, PATH).to_string();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

fn artifact(path: &str) -> serde_json::Value {
    if path.starts_with('/') {
        json!({ "uri": uri(path) })
    } else {
        json!({ "uri": uri(path), "uriBaseId": SRCROOT })
    }
}

/// Whether the run judged every input: each input it could not judge is a
/// tool execution notification at its location.
fn invocation(report: &Report) -> serde_json::Value {
    let notifications: Vec<serde_json::Value> = report
        .errors
        .iter()
        .map(|error| {
            let mut message = error.summary().to_string();
            if let Some(help) = error.help_text() {
                message.push_str(&format!(" ({help})"));
            }
            let mut notification = json!({ "level": "error", "message": { "text": message } });
            if let Some(at) = error.location() {
                let mut location = json!({ "artifactLocation": artifact(&at.file) });
                if let (Some(line), Some(column)) = (at.line, at.char_column) {
                    location["region"] = json!({ "startLine": line, "startColumn": column });
                }
                notification["locations"] = json!([{ "physicalLocation": location }]);
            }
            notification
        })
        .collect();
    json!({
        "executionSuccessful": report.errors.is_empty(),
        "toolExecutionNotifications": notifications,
    })
}

/// A rule's level in this run; a level set by `[severity]` says so.
fn configuration(rule: &RuleMeta) -> serde_json::Value {
    let mut configuration = json!({ "level": level(rule.severity), "enabled": !rule.is_off() });
    if let Some(configured) = rule.configured {
        configuration["properties"] = json!({ "configured": configured.as_str() });
    }
    configuration
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let rule_index: HashMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let rules: Vec<serde_json::Value> = report
        .rules
        .iter()
        .map(|r| {
            let help = if r.remediation.is_empty() { r.description.clone() } else { r.remediation.clone() };
            let mut rule = json!({
                "id": r.id,
                "name": r.id.as_str().replace(['/', '-'], "_"),
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.description },
                "help": { "text": help, "markdown": format!("**{}**\n\n{}\n\n**How to fix:** {}", r.title, r.description, help) },
                "defaultConfiguration": configuration(r),
                "properties": { "tags": [r.id.family()] },
            });
            if let Some(uri) = &r.help_uri { rule["helpUri"] = json!(uri); }
            rule
        })
        .collect();
    let files: HashMap<String, &SourceFile> =
        report.files.iter().map(|f| (f.display_path(), f)).collect();
    let results: Vec<serde_json::Value> = report
        .findings
        .iter()
        .zip(fingerprint::of_findings(&report.findings, &files))
        .map(|(f, fingerprint)| {
            let file = files.get(&f.location.file).copied();
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact(&f.location.file),
                        "region": region(f, file),
                    }
                }],
                "partialFingerprints": { "modelgate/v1": fingerprint },
            });
            if let Some(index) = rule_index.get(f.rule.as_str()) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(fix) = &f.fix {
                let (start, end) = file.map_or(
                    ((f.location.line, f.location.column), (f.location.end_line, f.location.end_column)),
                    |source| {
                        let (a, b) = source.span_positions(&fix.edit.span);
                        (
                            (a.line, char_column(Some(source), a.line, a.column)),
                            (b.line, char_column(Some(source), b.line, b.column)),
                        )
                    },
                );
                result["fixes"] = json!([{
                    "description": { "text": fix.description },
                    "artifactChanges": [{
                        "artifactLocation": artifact(&f.location.file),
                        "replacements": [{
                            "deletedRegion": { "startLine": start.0, "startColumn": start.1, "endLine": end.0, "endColumn": end.1 },
                            "insertedContent": { "text": fix.edit.content },
                        }],
                    }],
                }]);
            }
            result
        })
        .collect();
    let src_root = std::env::current_dir().ok().map(|dir| {
        format!(
            "{}/",
            uri(dir
                .to_string_lossy()
                .replace('\\', "/")
                .trim_end_matches('/'))
        )
    });
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "modelgate",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": { "catalogAsOf": report.catalog_as_of.to_string() },
    });
    if let Some(uri) = src_root {
        run["originalUriBaseIds"] = json!({ SRCROOT: { "uri": uri } });
    }
    run["invocations"] = json!([invocation(report)]);
    let log = json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_and_parse_back_to_the_path() {
        let base = url::Url::parse("file:///work/repo/").expect("base");
        for path in [
            "src/app.py",
            "my dir/a b.py",
            "50%/#1?.py",
            "a:b,c.py",
            "café/ü.ts",
            "esc\u{1b}[31m/new\nline\u{202e}.py",
        ] {
            let reference = uri(path);
            assert!(
                reference.bytes().all(|b| b.is_ascii_graphic()),
                "{reference}"
            );
            let resolved = base.join(&reference).expect("a valid reference");
            let back = resolved.to_file_path().expect("a file URL");
            assert_eq!(
                back,
                std::path::Path::new("/work/repo").join(path),
                "{reference}"
            );
        }
        let absolute = url::Url::parse(&uri("/tmp/x y/é.py")).expect("valid");
        assert_eq!(
            absolute.to_file_path().expect("file"),
            std::path::Path::new("/tmp/x y/é.py")
        );
        assert_eq!(uri("a:b.py"), "a%3Ab.py");
    }

    #[test]
    fn columns_become_code_points() {
        let file = SourceFile::new("m.toml", "name = \"café\" # x\n");
        // `#` is byte 17 (é is two bytes) but character 16.
        assert_eq!(char_column(Some(&file), 1, 17), 16);
        assert_eq!(char_column(Some(&file), 1, 1), 1);
    }
}
