//! Text from input reaches no output raw: control characters, a line feed
//! that would forge a CI line, and bidi overrides in a model value, a
//! waiver, an audited file's name and its source line are escaped in every
//! format, and every machine format stays well-formed.

use crate::common;

use std::path::Path;

use common::{check, json, modelgate, run, Run, TODAY};

const MANIFEST: &str = "tests/fixtures/injection";
const FORMATS: [&str; 6] = ["human", "concise", "github", "junit", "sarif", "json"];

/// Characters that must never be printed as they are.
fn assert_clean(format: &str, output: &str) {
    for bad in [
        '\u{1b}', '\u{0}', '\u{7}', '\u{202e}', '\u{2028}', '\u{fffe}',
    ] {
        assert!(
            !output.contains(bad),
            "{format}: raw U+{:04X} in\n{output}",
            bad as u32
        );
    }
    // A JSON document escapes the line feed itself; elsewhere the forged
    // command must not start a line.
    assert!(
        !output.lines().any(|l| l.starts_with("::error file=evil")
            || l.starts_with("::warning::FORGED")
            || l.starts_with("::error::x")),
        "{format}: a forged line in\n{output}"
    );
}

/// One format's output is what its readers expect, line by line.
fn assert_shape(format: &str, out: &Run, findings: usize) {
    let lines: Vec<&str> = out.stdout.lines().collect();
    match format {
        "concise" => assert_eq!(lines.len(), findings, "{}", out.stdout),
        "github" => {
            assert_eq!(lines.len(), findings, "{}", out.stdout);
            assert!(lines.iter().all(|l| l.starts_with("::")), "{}", out.stdout);
        }
        "junit" => {
            let doc = roxmltree::Document::parse(&out.stdout)
                .unwrap_or_else(|e| panic!("JUnit is not well-formed ({e}):\n{}", out.stdout));
            let failures = doc
                .descendants()
                .filter(|n| n.has_tag_name("failure"))
                .count();
            assert!(failures >= 1, "{}", out.stdout);
        }
        "sarif" => {
            common::sarif(&out.stdout, "sarif");
        }
        "json" => {
            serde_json::from_str::<serde_json::Value>(&out.stdout)
                .unwrap_or_else(|e| panic!("{format} is not JSON ({e}):\n{}", out.stdout));
        }
        _ => assert!(out.stdout.contains("\\u{1b}"), "{}", out.stdout),
    }
}

#[test]
fn hostile_values_in_a_manifest_are_escaped_in_every_format() {
    let (code, report) = json(check(MANIFEST, &["--no-config", "--format", "json"]));
    assert_eq!(code, 1, "{report}");
    let findings = report["findings"].as_array().map_or(0, Vec::len);
    assert_eq!(
        findings, 2,
        "a malformed model and an unused waiver: {report}"
    );
    for format in FORMATS {
        let out = run(check(MANIFEST, &["--no-config", "--format", format]));
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        if format != "json" && format != "sarif" {
            assert_clean(format, &out.stdout);
        }
        assert_clean(format, &out.stderr);
        assert_shape(format, &out, findings);
    }
}

#[test]
fn hostile_file_names_and_source_lines_under_audit_are_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "a\u{1b}[31m\n::error::x\u{202e} b%#.py";
    std::fs::write(
        dir.path().join(name),
        "MODEL = \"anthropic.claude-3-haiku-20240307-v1:0\"  # \u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}\n",
    )
    .expect("write");
    let audit = |format: &str| {
        let mut cmd = modelgate();
        cmd.current_dir(dir.path()).args([
            "audit",
            ".",
            "--today",
            TODAY,
            "--no-config",
            "--format",
            format,
        ]);
        run(cmd)
    };
    for format in FORMATS {
        let out = audit(format);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        if format != "json" && format != "sarif" {
            assert_clean(format, &out.stdout);
        }
        assert_clean(format, &out.stderr);
        assert_shape(format, &out, 1);
    }
    // The SARIF URI is an RFC 3986 reference that resolves to the file.
    let out = audit("sarif");
    let log = common::sarif(&out.stdout, "audit");
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .expect("uri");
    let base = url::Url::parse("file:///repo/").expect("base");
    let resolved = base.join(uri).expect("a valid URI reference");
    assert_eq!(
        resolved.to_file_path().expect("a file URL"),
        Path::new("/repo").join(name),
        "{uri}"
    );
}
