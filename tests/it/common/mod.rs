//! Shared helpers for the integration tests: run the real binary from the
//! crate root, with colours off and the date pinned.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// The date every lifecycle verdict in the tests is evaluated at, so that no
/// test changes outcome when a real end-of-life date passes.
pub const TODAY: &str = "2026-11-22";

/// The catalog the tests judge against: a frozen copy, so that a refresh
/// of the embedded catalog changes no test (tests of the embedded facts
/// use [`modelgate_embedded`]).
pub const TEST_CATALOG: &str = "tests/fixtures/catalog";

pub fn modelgate() -> Command {
    let mut cmd = modelgate_embedded();
    cmd.env("MODELGATE_CATALOG", test_catalog());
    cmd
}

/// The absolute path of [`TEST_CATALOG`].
pub fn test_catalog() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(TEST_CATALOG)
}

/// The binary with the catalog it embeds.
pub fn modelgate_embedded() -> Command {
    let mut cmd = Command::cargo_bin("modelgate").expect("the modelgate binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("MODELGATE_CATALOG");
    cmd
}

/// `modelgate check PATH --today TODAY` plus `args`.
pub fn check(path: &str, args: &[&str]) -> Command {
    check_on(TODAY, path, args)
}

/// `modelgate check PATH --today DATE` plus `args`.
pub fn check_on(date: &str, path: &str, args: &[&str]) -> Command {
    let mut cmd = modelgate();
    cmd.args(["check", path, "--today", date]).args(args);
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(mut cmd: Command) -> Run {
    let output = cmd.output().expect("modelgate runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "modelgate panicked:\n{}",
        run.stderr
    );
    run
}

/// Runs `cmd` and parses its stdout as JSON; a SARIF log is also validated
/// against the SARIF 2.1.0 schema, so that every SARIF document a test
/// reads this way is checked.
pub fn json(cmd: Command) -> (i32, serde_json::Value) {
    let run = run(cmd);
    let value: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    if is_sarif(&value) {
        assert_valid_sarif(&value, "stdout");
    }
    (run.code, value)
}

/// The vendored SARIF 2.1.0 schema (tests/fixtures/schemas/README.md).
pub const SARIF_SCHEMA: &str = "tests/fixtures/schemas/sarif-2.1.0.json";

fn is_sarif(value: &serde_json::Value) -> bool {
    value["version"] == "2.1.0" && value.get("runs").is_some()
}

/// Parses `text` as a SARIF log and validates it against the schema.
pub fn sarif(text: &str, what: &str) -> serde_json::Value {
    let value: serde_json::Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{what}: SARIF is not JSON ({e}):\n{text}"));
    assert_valid_sarif(&value, what);
    value
}

pub fn assert_valid_sarif(log: &serde_json::Value, what: &str) {
    let errors = sarif_violations(log);
    assert!(
        errors.is_empty(),
        "{what}: SARIF does not validate against {SARIF_SCHEMA}:\n{}\n{log:#}",
        errors.join("\n")
    );
}

/// What the schema says is wrong with `log` (`instance path: message`),
/// sorted; empty when it is valid. Formats (`uri`, `date-time` …) are
/// checked too.
pub fn sarif_violations(log: &serde_json::Value) -> Vec<String> {
    static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SARIF_SCHEMA);
        let text = std::fs::read_to_string(&path).expect("the vendored SARIF schema");
        // The `run.language` pattern has a bare `]`, a literal in ECMA-262
        // but an error in the unicode mode the `regex` format is checked
        // in, so the schema itself would not validate; escaped, it means
        // the same.
        let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
        assert!(
            text.contains(stray),
            "the schema changed: review this patch"
        );
        let text = text.replace(stray, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
        let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles offline")
    });
    let mut errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    errors.sort();
    errors
}

/// `(rule, line, column)` of every finding in a JSON report, in report order.
pub fn positions(report: &serde_json::Value) -> Vec<(String, u64, u64)> {
    report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// Runs `cmd`, expects a run failure (exit 2) and every `needle` in stderr.
pub fn fails_with(cmd: Command, needles: &[&str]) -> Run {
    let out = run(cmd);
    assert_eq!(
        out.code, 2,
        "expected a run failure:\n{}{}",
        out.stdout, out.stderr
    );
    for needle in needles {
        assert!(
            out.stderr.contains(needle),
            "expected `{needle}` in:\n{}",
            out.stderr
        );
    }
    out
}

/// Runs `git ARGS` in `dir`; it must succeed.
pub fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A new git repository in a temporary folder, on branch `main`, with an
/// author set.
pub fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.email", "test@example.com"]);
    git(dir.path(), &["config", "user.name", "modelgate tests"]);
    git(dir.path(), &["config", "commit.gpgsign", "false"]);
    dir
}
