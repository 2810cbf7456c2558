//! A manifest that cannot be read is a run failure (exit 2) with a message
//! that names the file, line and column, labels the characters and, where
//! it can, says what was meant. Nothing here may panic.

use crate::common;

use common::{check, run};

fn fails_at(file: &str, location: &str, message: &str, help: Option<&str>) {
    let path = format!("tests/fixtures/invalid/{file}");
    let out = run(check(&path, &[]));
    assert_eq!(out.code, 2, "{file}: exit status\n{}", out.stderr);
    let expected = format!("{path}:{location}: {message}");
    assert!(
        out.stderr.contains(&expected),
        "{file}: expected `{expected}` in\n{}",
        out.stderr
    );
    if let Some(help) = help {
        assert!(
            out.stderr.contains(help),
            "{file}: expected help `{help}` in\n{}",
            out.stderr
        );
    }
    assert!(
        out.stdout.trim() == "0 manifests checked: 0 errors, 0 warnings, 0 infos; 1 input could not be judged (see the error) (catalog as of 2026-11-22)",
        "{file}: stdout holds only the summary, which counts the broken input:\n{}",
        out.stdout
    );
}

#[test]
fn toml_syntax_error() {
    fails_at(
        "syntax-error.toml",
        "7:1",
        "TOML syntax error: missing comma between array elements",
        None,
    );
}

#[test]
fn json_syntax_error() {
    fails_at(
        "syntax-error.json",
        "3:58",
        "JSON syntax error: Trailing commas are not allowed",
        None,
    );
}

#[test]
fn json_duplicate_key_is_an_error_at_the_second() {
    // Python and Node read the last `model` (a global profile); modelgate
    // read the first and passed. Neither guess: the key is an error.
    fails_at(
        "duplicate-key.json",
        "2:67",
        "JSON syntax error: duplicate key `model`; it was first set at 2:13",
        None,
    );
}

#[test]
fn unknown_key_has_did_you_mean() {
    fails_at(
        "unknown-key.toml",
        "5:1",
        "unknown key `regoins` in [workload]",
        Some("did you mean `regions`?"),
    );
    fails_at(
        "unknown-key.json",
        "4:49",
        "unknown key `feature` in a [[models]] entry",
        Some("did you mean `features`?"),
    );
}

#[test]
fn wrong_type_points_at_the_value() {
    fails_at(
        "wrong-type.toml",
        "9:21",
        "`max_output_tokens` must be a positive integer, found a string",
        None,
    );
}

#[test]
fn unknown_region_has_did_you_mean() {
    fails_at(
        "unknown-region.toml",
        "5:25",
        "unknown Region `eu-wset-3`",
        Some("did you mean `eu-west-3`?"),
    );
}

#[test]
fn unknown_feature_has_did_you_mean() {
    fails_at(
        "unknown-feature.toml",
        "9:25",
        "unknown feature `extended-thinkng`",
        Some("did you mean `extended-thinking`?"),
    );
}

#[test]
fn missing_version() {
    fails_at(
        "missing-version.toml",
        "1:1",
        "the manifest is missing the required key `version`",
        None,
    );
}

#[test]
fn non_utf8_byte_is_located() {
    fails_at(
        "non-utf8.toml",
        "4:12",
        "the manifest is not valid UTF-8",
        Some("save the file as UTF-8"),
    );
}

#[test]
fn empty_file() {
    fails_at("empty.toml", "1:1", "the manifest is empty", None);
}

#[test]
fn missing_path_is_a_run_failure() {
    let out = run(check("tests/fixtures/does-not-exist.toml", &[]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no such file or folder"),
        "{}",
        out.stderr
    );
}

#[test]
fn folder_without_manifest_is_a_run_failure() {
    let out = run(check("tests/fixtures/invalid-policy", &[]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no manifest found"), "{}", out.stderr);
}

#[test]
fn bad_flag_values_are_run_failures() {
    for args in [
        vec!["--fail-on", "sometimes"],
        vec!["--today", "22/11/2026"],
        vec!["--format", "xml"],
        vec!["--select", "lifecycle/end-of-lif"],
    ] {
        let out = run(check("examples/gdpr-compliant", &args));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    }
}

/// Every byte sequence below is something a user could save; none may panic.
#[test]
fn hostile_inputs_never_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: &[&[u8]] = &[
        b"version = 1\n[workload]\nregions = [\"eu-west-1\"]\n[[models]]\nmodel = \"\"\n",
        b"version = 1\n[workload]\nregions = []\n[[models]]\nmodel = \"amazon.nova-lite-v1:0\"\n",
        b"version = 99999999999999999999\n",
        b"version = 1\nworkload = 3\n",
        b"version = 1\n[workload]\nregions = [\"eu-west-1\"]\nmodels = 1\n",
        b"version = 1\n[workload]\nresidency = [1, 2]\n",
        b"version = 1\n[workload]\nregions = [\"eu-west-1\"]\n[[models]]\nmodel = \"arn:aws:bedrock:::\"\nmax_output_tokens = -5\n",
        b"\xef\xbb\xbfversion = 1\n",
        b"[[[\n",
        b"version = 1\n[workload]\nregions = [\"eu-west-1\"]\n[[waivers]]\nrule = \"x\"\nreason = \"\"\nexpires = 2027-01-01\n",
    ];
    for (i, bytes) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case{i}.toml"));
        std::fs::write(&path, bytes).expect("write case");
        let out = run(check(path.to_str().expect("utf-8 path"), &[]));
        assert!(matches!(out.code, 0..=2), "case {i}: {}", out.stderr);
    }
    let json_cases: &[&[u8]] = &[b"", b"[]", b"null", b"{\"version\": 1e400}", b"{\"version\": 1, \"workload\": {\"regions\": [\"eu-west-1\"]}, \"models\": [{\"model\": null}]}"];
    for (i, bytes) in json_cases.iter().enumerate() {
        let path = dir.path().join(format!("case{i}.json"));
        std::fs::write(&path, bytes).expect("write case");
        let out = run(check(path.to_str().expect("utf-8 path"), &[]));
        assert!(matches!(out.code, 0..=2), "json case {i}: {}", out.stderr);
    }
}

/// Deep nesting is refused by both parsers with a located error, not by
/// overflowing the stack.
#[test]
fn deep_nesting_is_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in [
        (
            "deep.json",
            format!(
                "{{\"version\": 1, \"x\": {}{}}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        (
            "deep.toml",
            format!(
                "version = 1\nx = {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let out = run(check(path.to_str().expect("utf-8"), &[]));
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(
            out.stderr.contains("syntax error"),
            "{name}: {}",
            out.stderr
        );
    }
}

/// `modelgate check | head`: the reader going away ends the run quietly.
#[test]
fn a_closed_stdout_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("modelgate"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples", "--today", common::TODAY])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?} {stderr}",
        output.status
    );
}
