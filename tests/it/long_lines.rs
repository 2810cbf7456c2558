//! Minified, one-line inputs: a diagnostic far along a line (miette panics
//! at column 65,537) is shown as a window of the line around the span, at
//! its real line and column, and the run keeps its exit status.

use crate::common;

use std::path::Path;

use common::{modelgate, run, Run, TODAY};

const GLOBAL: &str = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

fn in_dir(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = modelgate();
    cmd.current_dir(dir)
        .args(args)
        .args(["--today", TODAY, "--no-config"]);
    run(cmd)
}

/// The snippet shows a cut line (`…`), a few hundred bytes at most.
fn assert_windowed(output: &str, location: &str, shown: &str) {
    assert!(
        output.contains(location),
        "expected {location} in\n{output}"
    );
    let snippet = output
        .lines()
        .find(|l| l.contains('…'))
        .unwrap_or_else(|| panic!("no cut line in\n{output}"));
    assert!(snippet.contains(shown), "{snippet}");
    assert!(snippet.len() < 1000, "{} bytes", snippet.len());
    assert!(output.len() < 5000, "{} bytes of output", output.len());
}

#[test]
fn a_finding_at_the_end_of_a_minified_json_manifest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "x".repeat(70_000);
    let text = format!(
        "{{\"version\":1,\"workload\":{{\"name\":\"{name}\",\"regions\":[\"eu-west-1\"],\"residency\":\"eu\"}},\"models\":[{{\"model\":\"{GLOBAL}\"}}]}}"
    );
    std::fs::write(dir.path().join("modelgate.json"), &text).expect("write");
    let column = text.find(GLOBAL).unwrap_or_default(); // 1-based: the quote
    let out = in_dir(dir.path(), &["check", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("residency/global-routing"));
    assert_windowed(
        &out.stdout,
        &format!("modelgate.json:1:{column}]"),
        &format!("\"{GLOBAL}\""),
    );
}

#[test]
fn a_finding_in_a_minified_javascript_bundle() {
    let dir = tempfile::tempdir().expect("temp dir");
    let eol = "anthropic.claude-3-haiku-20240307-v1:0";
    let text = format!(
        "var a=\"{}\";var m=\"{eol}\";var b=\"{}\";",
        "y".repeat(70_000),
        "z".repeat(70_000)
    );
    std::fs::write(dir.path().join("app.min.js"), &text).expect("write");
    let column = text.find(eol).unwrap_or_default() + 1;
    let out = in_dir(dir.path(), &["audit", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_windowed(&out.stdout, &format!("app.min.js:1:{column}]"), eol);
    // Cut on both sides: the line goes on for 70,000 bytes after the id.
    let snippet = out
        .stdout
        .lines()
        .find(|l| l.contains(eol) && l.contains('…'))
        .unwrap_or("");
    assert!(snippet.trim_end().ends_with('…'), "{snippet}");
}

#[test]
fn a_syntax_error_at_column_70000() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "{{\"version\":1,\"workload\":{{\"name\":\"{}\",\"regions\":[\"eu-west-1\"],,\"residency\":\"eu\"}}}}",
        "x".repeat(70_000)
    );
    std::fs::write(dir.path().join("modelgate.json"), &text).expect("write");
    let column = text.find(",,").unwrap_or_default() + 2;
    let out = in_dir(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("modelgate.json:1:{column}: JSON syntax error")),
        "{}",
        out.stderr
    );
    assert_windowed(
        &out.stderr,
        &format!("modelgate.json:1:{column}]"),
        "[\"eu-west-1\"],,\"residency\"",
    );
}

#[test]
fn a_toml_error_after_a_long_value_keeps_its_line_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "version = 1\n[workload]\nname = \"{}\" regions = []\n",
        "n".repeat(65_540)
    );
    std::fs::write(dir.path().join("modelgate.toml"), &text).expect("write");
    let out = in_dir(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("modelgate.toml:3:65551"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(" 3 │ …"), "{}", out.stderr);
}
