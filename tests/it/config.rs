//! Project configuration: `.modelgate.toml` found from the current folder
//! upward, default < file < flag, and `modelgate config` saying where each
//! setting came from.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use common::{fails_with, json, run, TODAY};

const MANIFEST: &str = "examples/profile-only-bare-id/modelgate.toml";

/// A project folder holding example (d) (one error, one warning) under
/// `service/` and, under `legacy/`, the lifecycle fixture (warnings only).
fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (from, to) in [
        (MANIFEST, "service/modelgate.toml"),
        (
            "tests/fixtures/rules/lifecycle.toml",
            "legacy/modelgate.toml",
        ),
        (
            "tests/fixtures/custom-policy/acme/approved-providers.rego",
            "rules/approved-providers.rego",
        ),
    ] {
        let target = dir.path().join(to);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root.join(from), target).expect("copy");
    }
    if let Some(text) = config {
        std::fs::write(dir.path().join(".modelgate.toml"), text).expect("write config");
    }
    dir
}

fn modelgate_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("modelgate").expect("binary");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("MODELGATE_CATALOG", common::test_catalog());
    cmd
}

fn check_in(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = modelgate_in(dir);
    cmd.args(["check", "--today", TODAY]).args(args);
    cmd
}

fn rules(report: &serde_json::Value) -> Vec<String> {
    common::positions(report)
        .into_iter()
        .map(|(rule, ..)| rule)
        .collect()
}

#[test]
fn precedence_is_default_then_file_then_flag() {
    // Default fail-on is error: the legacy folder has warnings only.
    let dir = project(None);
    assert_eq!(run(check_in(dir.path(), &["legacy"])).code, 0);
    // The file raises it to warning...
    let dir = project(Some("fail-on = \"warning\"\n"));
    assert_eq!(run(check_in(dir.path(), &["legacy"])).code, 1);
    // ...and the flag wins over the file.
    assert_eq!(
        run(check_in(dir.path(), &["legacy", "--fail-on", "error"])).code,
        0
    );
}

#[test]
fn the_file_is_found_from_a_subfolder_upward() {
    let dir = project(Some("fail-on = \"warning\"\n"));
    let out = run(check_in(&dir.path().join("legacy"), &["."]));
    assert_eq!(out.code, 1, "{}", out.stdout);
    // --no-config ignores it, --config names another one.
    assert_eq!(
        run(check_in(&dir.path().join("legacy"), &[".", "--no-config"])).code,
        0
    );
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "fail-on = \"never\"\n").expect("write");
    let out = run(check_in(
        dir.path(),
        &["service", "--config", other.to_str().expect("utf-8")],
    ));
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn select_and_ignore_from_the_file_and_replaced_by_flags() {
    let dir = project(Some("ignore = [\"lifecycle\"]\n"));
    let (_, report) = json(check_in(dir.path(), &["service", "--format", "json"]));
    assert_eq!(rules(&report), ["availability/requires-inference-profile"]);
    let (_, report) = json(check_in(
        dir.path(),
        &["service", "--format", "json", "--ignore", "availability"],
    ));
    assert_eq!(rules(&report), ["lifecycle/legacy-model"]);
}

#[test]
fn per_path_ignores_apply_only_below_their_glob() {
    let dir = project(Some(
        "[per-path-ignores]\n\"legacy/**\" = [\"lifecycle\"]\n",
    ));
    let (_, report) = json(check_in(dir.path(), &[".", "--format", "json"]));
    let files: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(files.iter().all(|f| f.contains("service")), "{files:?}");
    assert!(
        rules(&report).contains(&"lifecycle/legacy-model".to_string()),
        "still reported under service/"
    );
}

#[test]
fn policy_folders_are_relative_to_the_file() {
    let dir = project(Some("policies = [\"rules\"]\n"));
    std::fs::write(
        dir.path().join("service/modelgate.toml"),
        "version = 1\n[workload]\nregions = [\"us-east-1\"]\n[[models]]\nmodel = \"us.meta.llama3-1-8b-instruct-v1:0\"\n",
    )
    .expect("write manifest");
    let (_, report) = json(check_in(
        &dir.path().join("service"),
        &[".", "--format", "json"],
    ));
    assert!(
        rules(&report).contains(&"acme/approved-providers".to_string()),
        "{report:#}"
    );
}

#[test]
fn config_errors_are_located_with_did_you_mean() {
    let dir = project(Some(
        "fail-on = \"warning\"\n\n[audit]\nexclued = [\"vendor/**\"]\n",
    ));
    fails_with(
        check_in(dir.path(), &["service"]),
        &[
            ".modelgate.toml:4:1: unknown key `exclued` in [audit]",
            "did you mean `exclude`?",
        ],
    );

    let dir = project(Some("ignore = [\"lifecycle/legacy\"]\n"));
    let out = run(check_in(dir.path(), &["service"]));
    assert_eq!(
        out.code, 2,
        "a selector naming no rule is refused, wherever it is written"
    );
}

#[test]
fn config_shows_each_setting_and_its_origin() {
    let dir = project(Some("fail-on = \"warning\"\neol-horizon = 30\n"));
    let mut cmd = modelgate_in(dir.path());
    cmd.args(["config", "--eol-horizon", "45"]);
    let out = run(cmd);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("configuration file: "),
        "{}",
        out.stdout
    );
    let line = |name: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("fail-on").contains("warning") && line("fail-on").ends_with(".modelgate.toml)"),
        "{}",
        out.stdout
    );
    assert!(
        line("eol-horizon").contains("45") && line("eol-horizon").ends_with("(command line)"),
        "{}",
        out.stdout
    );
    assert!(line("select").ends_with("(default)"), "{}", out.stdout);

    let mut cmd = modelgate_in(dir.path());
    cmd.args(["config", "--format", "json"]);
    let (_, doc) = json(cmd);
    assert_eq!(doc["settings"]["fail-on"]["value"], "warning");
    assert_eq!(doc["settings"]["eol-horizon"]["value"], "30");
}

#[test]
fn audit_context_values_are_checked_where_they_are_written() {
    let dir = project(Some(
        "[audit]\nresidency = \"eu\"\nregions = [\"eu-west-1\", \"eu-wset-3\"]\n",
    ));
    let audit_in = |extra: &[&str]| {
        let mut cmd = modelgate_in(&dir.path().join("service"));
        cmd.args(["audit", "--today", TODAY]).args(extra).arg(".");
        cmd
    };
    fails_with(
        audit_in(&[]),
        &[
            "../.modelgate.toml:3:25: unknown Region `eu-wset-3`",
            "did you mean `eu-west-3`?",
        ],
    );
    // A flag is named as the flag, not as a made-up file.
    fails_with(
        audit_in(&["--residency", "euu"]),
        &[
            "--residency: unknown residency boundary `euu`",
            "did you mean `eu`?",
        ],
    );
}

#[test]
fn per_path_ignores_hold_when_run_from_a_subfolder() {
    let dir = project(Some(
        "[per-path-ignores]\n\"service/**\" = [\"availability\"]\n",
    ));
    let (_, report) = json(check_in(
        &dir.path().join("service"),
        &[".", "--format", "json"],
    ));
    assert_eq!(rules(&report), ["lifecycle/legacy-model"], "{report:#}");
}

#[test]
fn the_configuration_above_each_checked_path_applies_from_anywhere() {
    // fail-on = "warning" in the project: the legacy folder (warnings only)
    // fails wherever the command is run from.
    let dir = project(Some("fail-on = \"warning\"\n"));
    let parent = dir.path().parent().expect("a parent folder");
    let name = dir
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name");
    let from_root = run(check_in(dir.path(), &["legacy"]));
    let from_parent = run(check_in(parent, &[&format!("{name}/legacy")]));
    assert_eq!(from_root.code, 1, "{}", from_root.stdout);
    assert_eq!(from_parent.code, 1, "{}", from_parent.stdout);
    // A manifest outside the project is judged by its own (absent) file.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(elsewhere.path().join("legacy")).expect("mkdir");
    std::fs::copy(
        dir.path().join("legacy/modelgate.toml"),
        elsewhere.path().join("legacy/modelgate.toml"),
    )
    .expect("copy");
    let both = run(check_in(
        dir.path(),
        &[
            "legacy",
            elsewhere.path().join("legacy").to_str().expect("utf-8"),
        ],
    ));
    assert_eq!(
        both.code, 1,
        "the project's manifest still fails: {}",
        both.stdout
    );
}

#[test]
fn severity_re_grades_or_switches_off_rules_and_says_so() {
    // lifecycle/legacy-model is a warning by default: raised to an error.
    let dir = project(Some("[severity]\n\"lifecycle/legacy-model\" = \"error\"\n"));
    let (code, report) = json(check_in(dir.path(), &["legacy", "--format", "json"]));
    assert_eq!(code, 1, "{report:#}");
    let legacy: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "lifecycle/legacy-model")
        .collect();
    assert!(!legacy.is_empty(), "{report:#}");
    assert!(
        legacy.iter().all(|f| f["severity"] == "error"),
        "{report:#}"
    );
    assert_eq!(
        report["tool"]["rule_configuration"]["lifecycle/legacy-model"],
        "error"
    );

    // A family switched off, a rule inside it kept at its own level.
    let dir = project(Some(
        "[severity]\nlifecycle = \"off\"\n\"lifecycle/legacy-model\" = \"warning\"\n",
    ));
    let (_, report) = json(check_in(dir.path(), &["legacy", "--format", "json"]));
    let families: Vec<String> = rules(&report);
    assert!(
        families
            .iter()
            .all(|r| r == "lifecycle/legacy-model" || !r.starts_with("lifecycle/")),
        "{families:?}"
    );
    let mut cmd = modelgate_in(dir.path());
    cmd.args(["config"]);
    let out = run(cmd);
    assert!(
        out.stdout
            .contains("lifecycle = off; lifecycle/legacy-model = warning"),
        "{}",
        out.stdout
    );

    // SARIF carries the configured level on the rule.
    let (_, sarif) = json(check_in(dir.path(), &["legacy", "--format", "sarif"]));
    let eol = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "lifecycle/end-of-life")
        .cloned()
        .expect("the rule is described");
    assert_eq!(eol["defaultConfiguration"]["enabled"], false);
    assert_eq!(
        eol["defaultConfiguration"]["properties"]["configured"],
        "off"
    );

    // A key that names no rule is refused where it is written.
    let dir = project(Some("[severity]\n\"lifecycle/legacy\" = \"off\"\n"));
    fails_with(
        check_in(dir.path(), &["legacy"]),
        &[
            ".modelgate.toml:2:1: `lifecycle/legacy` names no rule",
            "did you mean `lifecycle/legacy-model`?",
        ],
    );
}

#[test]
fn data_files_reach_the_rules_and_cannot_shadow_modelgate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data-policy");
    let dir = project(Some(&format!(
        "policies = [{:?}]\ndata = [{:?}]\n",
        root.join("rules"),
        root.join("data")
    )));
    let (code, report) = json(check_in(dir.path(), &["service", "--format", "json"]));
    assert_eq!(code, 1, "{report:#}");
    let allowed: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "platform/allowed-providers")
        .collect();
    assert_eq!(allowed.len(), 1, "{report:#}");
    assert!(
        allowed[0]["message"]
            .as_str()
            .unwrap_or_default()
            .ends_with("the platform allows Amazon"),
        "{report:#}"
    );
    // The same from the flag; a file that defines data.catalog is refused.
    let reserved = root.join("reserved.json");
    fails_with(
        check_in(
            dir.path(),
            &["service", "--data", reserved.to_str().expect("utf-8")],
        ),
        &["defines `data.catalog`, which modelgate provides itself"],
    );
}

#[test]
fn an_old_catalog_is_a_warning_by_default() {
    // The test catalog is dated 2026-11-22; 130 days later it is stale.
    let dir = project(None);
    let mut cmd = modelgate_in(dir.path());
    cmd.args([
        "check",
        "service",
        "--today",
        "2027-04-01",
        "--format",
        "json",
    ]);
    let (_, report) = json(cmd);
    assert!(
        rules(&report).contains(&"catalog/stale".to_string()),
        "{report:#}"
    );
    let mut cmd = modelgate_in(dir.path());
    cmd.args([
        "check",
        "service",
        "--today",
        "2027-04-01",
        "--format",
        "json",
        "--max-catalog-age",
        "0",
    ]);
    let (_, report) = json(cmd);
    assert!(
        !rules(&report).contains(&"catalog/stale".to_string()),
        "{report:#}"
    );
}
