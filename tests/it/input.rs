//! `modelgate input`: the documents the rules evaluate, as a JSON array of
//! `{subject, input}`, whatever their number; the same values the rules
//! receive in `check` and `audit`; a broken manifest reported beside the
//! others' documents.

use crate::common;
use crate::common::git;

use std::path::Path;

use common::{fails_with, json, modelgate, run};
use serde_json::Value;

/// The date the documents are built as of.
const TODAY: &str = "2026-11-29";

/// A rule that reports the document it was given as its message.
const DUMP: &str = "tests/fixtures/input-schema/dump";

fn input(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.args(["input", "--today", TODAY]).args(args);
    cmd
}

fn subjects(shown: &Value) -> Vec<&str> {
    shown
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| s["subject"].as_str().expect("a subject"))
        .collect()
}

#[test]
fn each_manifest_gives_one_element_of_an_array() {
    let out = run(input(&[
        "examples/gdpr-compliant",
        "examples/json-manifest",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("[\n  {\n    \"subject\": "),
        "pretty-printed: {}",
        out.stdout
    );
    let shown: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        subjects(&shown),
        [
            "examples/gdpr-compliant/modelgate.toml",
            "examples/json-manifest/modelgate.json"
        ]
    );
    for element in shown.as_array().expect("an array") {
        let keys: Vec<&String> = element.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["subject", "input"]);
        assert_eq!(element["input"]["today"], TODAY);
        assert_eq!(element["input"]["schema"], 1);
    }
    let entries = shown[0]["input"]["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2, "one per [[models]] entry");
    assert_eq!(entries[0]["reference"]["pointer"], "/models/0/model");

    // One manifest: still an array.
    let (code, one) = json(input(&["examples/gdpr-compliant/modelgate.toml"]));
    assert_eq!(code, 0);
    assert_eq!(subjects(&one), ["examples/gdpr-compliant/modelgate.toml"]);
}

/// The findings of the dump rule: each document it was given.
fn dumped(report: &Value) -> Vec<(String, Value)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let message = f["message"].as_str().expect("a message");
            let document = serde_json::from_str(message).expect("the message is the document");
            (f["file"].as_str().unwrap_or_default().to_string(), document)
        })
        .collect()
}

#[test]
fn the_documents_are_those_check_evaluates() {
    let paths = ["examples/gdpr-cross-region", "tests/fixtures/waivers"];
    let (code, shown) = json(input(&paths));
    assert_eq!(code, 0, "{shown}");
    let mut cmd = modelgate();
    cmd.arg("check").args(paths).args([
        "--today",
        TODAY,
        "--policy",
        DUMP,
        "--select",
        "debug/input",
        "--format",
        "json",
    ]);
    let (_, report) = json(cmd);
    let evaluated = dumped(&report);
    assert_eq!(evaluated.len(), 2, "{report}");
    for (element, (file, document)) in shown.as_array().expect("an array").iter().zip(&evaluated) {
        assert_eq!(element["subject"].as_str(), Some(file.as_str()));
        assert_eq!(&element["input"], document, "{file}");
    }
}

#[test]
fn the_audit_documents_are_those_audit_evaluates() {
    let (code, shown) = json(input(&[
        "--audit",
        "tests/fixtures/audit",
        "--policy",
        DUMP,
    ]));
    assert_eq!(code, 0, "{shown}");
    let mut cmd = modelgate();
    cmd.args(["audit", "tests/fixtures/audit", "--today", TODAY])
        .args([
            "--policy",
            DUMP,
            "--select",
            "debug/input",
            "--format",
            "json",
        ]);
    let (_, report) = json(cmd);
    let evaluated: Vec<Value> = dumped(&report).into_iter().map(|(_, d)| d).collect();
    let documents: Vec<&Value> = shown
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| &s["input"])
        .collect();
    assert_eq!(documents.len(), 3, "{shown:#}");
    // The dump rule reports documents that have entries (the manifest in
    // the tree declares no model).
    let with_entries: Vec<&&Value> = documents
        .iter()
        .filter(|d| d["entries"].as_array().is_some_and(|e| !e.is_empty()))
        .collect();
    assert_eq!(with_entries.len(), evaluated.len(), "{report:#}");
    for document in with_entries {
        assert!(evaluated.contains(document), "not evaluated: {document:#}");
    }
    assert_eq!(
        subjects(&shown),
        [
            "tests/fixtures/audit/gdpr/modelgate.toml",
            "tests/fixtures/audit/app/Main.java and 9 other files",
            "tests/fixtures/audit/gdpr/cdk/stack.ts and 2 other files",
        ]
    );
    let entry = &documents[1]["entries"][0];
    assert_eq!(entry["pointer"], "/references/0");
    assert_eq!(
        entry["location"]["file"],
        "tests/fixtures/audit/app/Main.java"
    );
}

/// The suppression comments' document comes last, once the references are
/// judged: `used` says which removed a finding.
#[test]
fn the_suppression_comments_have_their_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q"]);
    let eol = "anthropic.claude-3-haiku-20240307-v1:0";
    let code = format!(
        "a = \"{eol}\"  # modelgate: ignore[lifecycle/end-of-life] -- PLAT-412\n\
         b = 1  # modelgate: ignore[lifecycle] -- nothing here\n"
    );
    std::fs::write(dir.path().join("app.py"), code).expect("write");
    let mut cmd = modelgate();
    cmd.current_dir(dir.path())
        .args(["input", "--audit", ".", "--today", TODAY]);
    let (code, shown) = json(cmd);
    assert_eq!(code, 0, "{shown}");
    assert_eq!(subjects(&shown), ["app.py", "the suppression comments"]);
    let comments = &shown[1]["input"];
    assert_eq!(comments["entries"], Value::Array(Vec::new()));
    let used: Vec<(&Value, &Value)> = comments["suppressions"]
        .as_array()
        .expect("suppressions")
        .iter()
        .map(|s| (&s["line"], &s["used"]))
        .collect();
    assert_eq!(
        used,
        [
            (&Value::from(1), &Value::from(true)),
            (&Value::from(2), &Value::from(false))
        ]
    );
}

#[test]
fn a_broken_manifest_is_reported_beside_the_others_documents() {
    let out = run(input(&[
        "tests/fixtures/broken/bad",
        "tests/fixtures/broken/good",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "tests/fixtures/broken/bad/modelgate.toml:1:11: unsupported manifest version 2"
        ),
        "{}",
        out.stderr
    );
    let shown: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        subjects(&shown),
        ["tests/fixtures/broken/good/modelgate.toml"]
    );

    // In audit, it is its context's error, and the code below it is judged
    // as code no manifest owns.
    let out = run(input(&["--audit", "tests/fixtures/broken/audit"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("svc/modelgate.toml:1:11"),
        "{}",
        out.stderr
    );
    let shown: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(subjects(&shown), ["tests/fixtures/broken/audit/svc/app.py"]);
    assert_eq!(shown[0]["input"]["workload"]["name"], Value::Null);
}

#[test]
fn no_manifest_is_a_run_failure() {
    let out = fails_with(
        input(&["tests/fixtures/invalid"]),
        &["no manifest found in tests/fixtures/invalid"],
    );
    assert_eq!(out.stdout, "");
    fails_with(
        input(&["no/such/folder"]),
        &["no/such/folder: no such file or folder"],
    );
}

/// Flags win over the configuration, the configuration over the defaults,
/// as in `check`.
#[test]
fn settings_are_resolved_as_check_resolves_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_dir(Path::new("tests/fixtures/broken/good"), dir.path());
    std::fs::write(
        dir.path().join(".modelgate.toml"),
        "eol-horizon = 120\nmax-catalog-age = 0\n",
    )
    .expect("write");
    let path = dir.path().to_str().expect("a UTF-8 path");
    let settings = |args: &[&str]| {
        let (code, shown) = json(input(&[&[path][..], args].concat()));
        assert_eq!(code, 0, "{shown}");
        shown[0]["input"]["settings"].clone()
    };
    let expect = |eol: u32, age: Option<u32>| serde_json::json!({"eol_horizon_days": eol, "max_catalog_age_days": age});
    assert_eq!(settings(&[]), expect(120, None));
    assert_eq!(settings(&["--eol-horizon", "30"]), expect(30, None));
    assert_eq!(settings(&["--no-config"]), expect(90, Some(120)));

    let mut cmd = modelgate();
    cmd.args(["input", path, "--today", "2027-01-01"]);
    let (_, shown) = json(cmd);
    assert_eq!(shown[0]["input"]["today"], "2027-01-01");
    let (_, shown) = json(input(&[path, "--catalog", common::TEST_CATALOG]));
    assert_eq!(shown[0]["input"]["catalog"]["origin"], common::TEST_CATALOG);
}

#[test]
fn the_command_line_is_checked() {
    // Audit's context flags only with --audit; --schema alone.
    fails_with(input(&["examples", "--regions", "eu-west-1"]), &["--audit"]);
    fails_with(input(&["--schema", "--audit"]), &["cannot be used with"]);
    let out = run(input(&["--help"]));
    assert_eq!(out.code, 0);
    for needle in [
        "JSON array",
        "\"subject\"",
        "Exit status",
        "--audit",
        "--schema",
    ] {
        assert!(
            out.stdout.contains(needle),
            "`{needle}` in:\n{}",
            out.stdout
        );
    }
}
