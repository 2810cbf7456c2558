//! modelgate inside the tools it is meant for, run for real: the SARIF it
//! writes validated against the official SARIF 2.1.0 schema, and the
//! pre-commit framework blocking a commit. `scripts/test-tools.sh` installs
//! what these tests need (pre-commit, a JSON Schema validator, the schema).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{check, run, test_catalog};

fn tools() -> &'static Path {
    static TOOLS: OnceLock<PathBuf> = OnceLock::new();
    TOOLS.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test-tools.sh");
        let output = Command::new("bash")
            .arg(script)
            .output()
            .expect("bash runs");
        assert!(
            output.status.success(),
            "scripts/test-tools.sh failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
    })
}

/// Validates a SARIF log with the Python `jsonschema` package against the
/// schema file from @microsoft/jest-sarif; returns the validator's errors.
fn sarif_errors(log: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sarif");
    std::fs::write(&path, log).expect("write log");
    let program = "import json, sys, jsonschema\n\
                   schema = json.load(open(sys.argv[1]))\n\
                   log = json.load(open(sys.argv[2]))\n\
                   cls = jsonschema.validators.validator_for(schema)\n\
                   errors = sorted(cls(schema).iter_errors(log), key=str)\n\
                   print('\\n'.join(f'{list(e.absolute_path)}: {e.message}' for e in errors))\n\
                   sys.exit(1 if errors else 0)\n";
    let output = Command::new(tools().join("venv/bin/python"))
        .args(["-c", program])
        .arg(tools().join("sarif-schema-2.1.0.json"))
        .arg(&path)
        .output()
        .expect("python runs");
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

#[test]
fn sarif_validates_against_the_official_schema() {
    for (example, expect_results) in [
        ("examples/profile-only-bare-id", true), // findings with fixes
        ("examples/codegen-past-eol", true),     // many findings, unsafe fixes
        ("examples/gdpr-compliant", false),      // no finding at all
        ("examples", true),                      // several files
    ] {
        let out = run(check(example, &["--format", "sarif"]));
        let log: serde_json::Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
        let results = log["runs"][0]["results"]
            .as_array()
            .map(Vec::len)
            .unwrap_or_default();
        assert_eq!(results > 0, expect_results, "{example}");
        let errors = sarif_errors(&out.stdout);
        assert!(
            errors.trim().is_empty(),
            "{example}: SARIF does not validate:\n{errors}"
        );
    }
    // audit's SARIF: findings from every kind of source file, with fixes.
    let tree = "tests/fixtures/audit";
    let mut cmd = common::modelgate();
    cmd.args(["audit", tree, "--today", common::TODAY, "--format", "sarif"]);
    let out = run(cmd);
    let log: serde_json::Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"]
        .as_array()
        .map(Vec::len)
        .unwrap_or_default();
    assert!(results > 0, "{tree}");
    let errors = sarif_errors(&out.stdout);
    assert!(
        errors.trim().is_empty(),
        "{tree}: SARIF does not validate:\n{errors}"
    );
}

#[test]
fn the_validator_does_reject_a_broken_log() {
    let out = run(check(
        "examples/profile-only-bare-id",
        &["--format", "sarif"],
    ));
    let broken = out
        .stdout
        .replace("\"level\": \"error\"", "\"level\": \"fatal\"");
    assert!(
        sarif_errors(&broken).contains("'fatal' is not one of"),
        "the check can fail"
    );
}

fn git(repo: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(repo)
        .args(args)
        .env("PRE_COMMIT_HOME", repo.join(".cache-pre-commit"))
        .env("PATH", path_with_tools())
        // The hooks judge against the frozen test catalog, like `check`.
        .env("MODELGATE_CATALOG", test_catalog())
        .output()
        .expect("git runs")
}

fn path_with_tools() -> String {
    format!(
        "{}:{}",
        tools().join("venv/bin").display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn pre_commit_blocks_a_commit_adding_a_deprecated_model() {
    let pre_commit = tools().join("venv/bin/pre-commit");
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The repository's own hook definitions are what pre-commit expects.
    let status = Command::new(&pre_commit)
        .args(["validate-manifest"])
        .arg(manifest_dir.join(".pre-commit-hooks.yaml"))
        .status()
        .expect("pre-commit runs");
    assert!(
        status.success(),
        ".pre-commit-hooks.yaml is a valid hook manifest"
    );

    // The same hook as .pre-commit-hooks.yaml, pointing at the built binary
    // (a local `language: system` hook, so the test needs no cargo install).
    let repo_dir = repo_with_hook(&format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: modelgate-check\n        name: modelgate check\n        \
             entry: {} check --today 2026-11-22\n        language: system\n        files: (^|/)modelgate\\.(toml|json)$\n        \
             pass_filenames: true\n",
            binary().display()
        ));
    let repo = repo_dir.path();

    // A clean commit passes.
    std::fs::create_dir_all(repo.join("svc")).expect("mkdir");
    std::fs::copy(
        manifest_dir.join("examples/gdpr-compliant/modelgate.toml"),
        repo.join("svc/modelgate.toml"),
    )
    .expect("copy");
    assert!(git(repo, &["add", "svc/modelgate.toml"]).status.success());
    let clean = git(repo, &["commit", "-q", "-m", "add a compliant workload"]);
    assert!(
        clean.status.success(),
        "{}{}",
        String::from_utf8_lossy(&clean.stdout),
        String::from_utf8_lossy(&clean.stderr)
    );

    // A commit that switches to a model past end of life is blocked, and
    // the hook's output says why.
    let text = std::fs::read_to_string(repo.join("svc/modelgate.toml")).expect("read");
    std::fs::write(
        repo.join("svc/modelgate.toml"),
        text.replace(
            "\"anthropic.claude-haiku-4-5-20251001-v1:0\"",
            "\"anthropic.claude-3-haiku-20240307-v1:0\"",
        ),
    )
    .expect("write");
    assert!(git(repo, &["add", "svc/modelgate.toml"]).status.success());
    let blocked = git(repo, &["commit", "-q", "-m", "use the cheap model"]);
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(
        !blocked.status.success(),
        "the commit must be blocked:\n{output}"
    );
    assert!(output.contains("modelgate check"), "{output}");
    assert!(output.contains("lifecycle/end-of-life"), "{output}");
    assert!(
        output.contains("reached end of life on Amazon Bedrock on 2026-09-10"),
        "{output}"
    );
    let log = git(repo, &["log", "--oneline"]);
    assert_eq!(
        String::from_utf8_lossy(&log.stdout).lines().count(),
        1,
        "only the clean commit landed"
    );
}

#[test]
fn pre_commit_audit_hook_blocks_a_staged_deprecated_model_id() {
    // The modelgate-audit hook of .pre-commit-hooks.yaml, as a local hook on
    // the built binary: no file names, one run over what is staged.
    let repo_dir = repo_with_hook(&format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: modelgate-audit\n        name: modelgate audit --staged\n        \
             entry: {} audit --staged --today 2026-11-22 --regions eu-west-1\n        language: system\n        \
             pass_filenames: false\n        always_run: true\n        require_serial: true\n",
            binary().display()
        ));
    let repo = repo_dir.path();

    std::fs::write(
        repo.join("app.py"),
        "MODEL_ID = \"anthropic.claude-haiku-4-5-20251001-v1:0\"\n",
    )
    .expect("write");
    assert!(git(repo, &["add", "app.py"]).status.success());
    let clean = git(repo, &["commit", "-q", "-m", "call Claude Haiku 4.5"]);
    assert!(
        clean.status.success(),
        "{}{}",
        String::from_utf8_lossy(&clean.stdout),
        String::from_utf8_lossy(&clean.stderr)
    );

    // Staged now: a model past end of life.
    std::fs::write(
        repo.join("app.py"),
        "MODEL_ID = \"anthropic.claude-3-haiku-20240307-v1:0\"\n",
    )
    .expect("write");
    assert!(git(repo, &["add", "app.py"]).status.success());
    let blocked = git(repo, &["commit", "-q", "-m", "use the cheap model"]);
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(
        !blocked.status.success(),
        "the commit must be blocked:\n{output}"
    );
    assert!(output.contains("modelgate audit --staged"), "{output}");
    assert!(output.contains("lifecycle/end-of-life"), "{output}");
    assert!(output.contains("app.py:1:13"), "{output}");
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("modelgate")
}

/// A fresh git repository whose pre-commit configuration is `config`, with
/// the hook installed by the real pre-commit.
fn repo_with_hook(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    for args in [
        vec!["init", "-q", "-b", "main"],
        vec!["config", "user.email", "dev@example.com"],
        vec!["config", "user.name", "Dev"],
    ] {
        assert!(git(repo, &args).status.success());
    }
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).expect("write config");
    assert!(git(repo, &["add", ".pre-commit-config.yaml"])
        .status
        .success());
    let install = Command::new(tools().join("venv/bin/pre-commit"))
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", repo.join(".cache-pre-commit"))
        .arg("install")
        .output()
        .expect("pre-commit install");
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    dir
}
