//! A green run means compliant: each way today's checks could pass a
//! non-compliant workload, or hide a finding, pinned by a test that runs
//! the real binary (issue 10).

use crate::common;
use crate::common::git;

use std::path::Path;

use common::{check, fails_with, json, modelgate, run, TODAY};

fn audit_in(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.current_dir(dir)
        .args(["audit", ".", "--today", TODAY, "--format", "json"])
        .args(args);
    cmd
}

// 1. Compliance tags are a closed set the catalog defines.

#[test]
fn a_misspelt_compliance_tag_is_a_located_error() {
    fails_with(
        check("tests/fixtures/fail-closed/typo-tag", &[]),
        &[
            "tests/fixtures/fail-closed/typo-tag/modelgate.toml:6:15: unknown compliance tag `gdrp`",
            "did you mean `gdpr`?",
        ],
    );
    // Case does not matter for a known tag: GDPR implies the eu boundary.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string("tests/fixtures/fail-closed/typo-tag/modelgate.toml")
        .expect("read")
        .replace("gdrp", "GDPR");
    std::fs::write(dir.path().join("modelgate.toml"), text).expect("write");
    let (code, report) = json(check(
        dir.path().to_str().expect("utf-8"),
        &["--format", "json", "--no-config"],
    ));
    assert_eq!(code, 1);
    assert!(report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule"] == "residency/global-routing"));
}

#[test]
fn a_misspelt_compliance_tag_in_audit_flags_or_config_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("app.py"),
        "M = \"global.anthropic.claude-sonnet-4-5-20250929-v1:0\"\n",
    )
    .expect("write");
    fails_with(
        audit_in(
            dir.path(),
            &[
                "--no-config",
                "--compliance",
                "gdrp",
                "--regions",
                "eu-west-1",
            ],
        ),
        &[
            "--compliance: unknown compliance tag `gdrp`",
            "did you mean `gdpr`?",
        ],
    );
    std::fs::write(
        dir.path().join(".modelgate.toml"),
        "[audit]\nregions = [\"eu-west-1\"]\ncompliance = [\"gdrp\"]\n",
    )
    .expect("write");
    fails_with(
        audit_in(dir.path(), &[]),
        &[".modelgate.toml:3:15: unknown compliance tag `gdrp`"],
    );
}

// 3. A trailing suppression covers its own line only; unknown rules and a
//    bare `modelgate: ignore` are errors.

const EOL_ID: &str = "anthropic.claude-3-haiku-20240307-v1:0";

fn rules_at(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn a_trailing_suppression_does_not_silence_the_next_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.py"),
        format!(
            "OLD = \"{EOL_ID}\"  # modelgate: ignore[lifecycle/end-of-life] -- PLAT-1, this line only\n\
             NEW_BUG = \"{EOL_ID}\"\n\
             # modelgate: ignore[lifecycle/end-of-life] -- PLAT-2, the next line\n\
             ACCEPTED = \"{EOL_ID}\"\n"
        ),
    )
    .expect("write");
    let (code, report) = json(audit_in(
        dir.path(),
        &["--no-config", "--regions", "us-east-1"],
    ));
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        rules_at(&report),
        [("lifecycle/end-of-life".to_string(), 2)],
        "only the line below a trailing comment is reported: {report:#}"
    );
    assert_eq!(report["summary"]["suppressed"], 2);
}

#[test]
fn a_suppression_naming_no_rule_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.py"),
        format!(
            "A = \"{EOL_ID}\"  # modelgate: ignore[lifecycle/end-of-lyfe] -- typo\n\
             B = \"{EOL_ID}\"  # modelgate: ignore -- no rule list\n"
        ),
    )
    .expect("write");
    let out = run(audit_in(
        dir.path(),
        &["--no-config", "--regions", "us-east-1"],
    ));
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    for needle in [
        "a.py:1:",
        "the suppression's rule `lifecycle/end-of-lyfe` names no rule",
        "did you mean `lifecycle/end-of-life`?",
        "a.py:2:",
        "`modelgate: ignore` names no rule, so it would suppress nothing",
    ] {
        assert!(out.stderr.contains(needle), "{needle}: {}", out.stderr);
    }
    // Neither suppresses: both findings stay in the report.
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let eol = rules_at(&report)
        .into_iter()
        .filter(|(r, _)| r == "lifecycle/end-of-life")
        .count();
    assert_eq!(eol, 2, "{report:#}");
}

// 4. Only baseline entries for files in the scanned set can be stale.

#[test]
fn a_partial_scan_reports_no_stale_entries_for_files_it_did_not_scan() {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["config", "user.email", "t@example.com"]);
    git(dir.path(), &["config", "user.name", "t"]);
    for sub in ["svc-a", "svc-b"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        std::fs::write(
            dir.path().join(sub).join("app.py"),
            format!("M = \"{EOL_ID}\"\n"),
        )
        .expect("write");
    }
    let baseline = [
        "--no-config",
        "--regions",
        "us-east-1",
        "--baseline",
        "baseline.json",
    ];
    let mut write = audit_in(dir.path(), &["--no-config", "--regions", "us-east-1"]);
    write.args(["--write-baseline", "baseline.json"]);
    assert_eq!(run(write).code, 0);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "accepted"]);

    // A commit that only adds a comment to one file.
    std::fs::write(
        dir.path().join("svc-a/app.py"),
        format!("# a comment\nM = \"{EOL_ID}\"\n"),
    )
    .expect("write");
    git(dir.path(), &["add", "svc-a/app.py"]);
    let mut staged = modelgate();
    staged
        .current_dir(dir.path())
        .args([
            "audit",
            "--staged",
            "--today",
            TODAY,
            "--format",
            "json",
            "--fail-on",
            "warning",
        ])
        .args(baseline);
    let (code, report) = json(staged);
    assert_eq!(code, 0, "nothing new, nothing stale: {report:#}");
    assert_eq!(report["summary"]["baselined"], 1);

    // A sub-folder audit says nothing of the other folder's entries.
    let mut sub = modelgate();
    sub.current_dir(dir.path())
        .args([
            "audit",
            "svc-a",
            "--today",
            TODAY,
            "--format",
            "json",
            "--fail-on",
            "warning",
        ])
        .args(baseline);
    let (code, report) = json(sub);
    assert_eq!(code, 0, "{report:#}");

    // A removed reference in a scanned file is still stale.
    std::fs::write(dir.path().join("svc-b/app.py"), "M = 1\n").expect("write");
    let mut full = audit_in(dir.path(), &["--fail-on", "warning"]);
    full.args(baseline);
    let (code, report) = json(full);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        rules_at(&report),
        [(
            "audit/stale-baseline".to_string(),
            report["findings"][0]["line"].as_u64().unwrap_or(0)
        )],
        "{report:#}"
    );
}

// 6. check and audit give one verdict on a manifest.

/// `(line, rule)` of the findings about model references.
fn reference_findings(
    report: &serde_json::Value,
    manifest_only: bool,
) -> std::collections::BTreeSet<(u64, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| !manifest_only || f["pointer"].as_str().is_some_and(|p| p.ends_with("/model")))
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn check_and_audit_report_the_same_rules_on_every_manifest_reference() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut manifests: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        for entry in walk(&root.join(dir)) {
            let name = entry
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let in_rules = entry.parent().is_some_and(|p| p.ends_with("rules"));
            if name.starts_with("modelgate.") || (in_rules && name.ends_with(".toml")) {
                manifests.push(entry);
            }
        }
    }
    manifests.push(root.join("tests/fixtures/fail-closed/entry-regions.toml"));
    let mut compared = 0;
    for manifest in manifests {
        let ext = manifest
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("toml");
        let dir = tempfile::tempdir().expect("temp dir");
        let copy = dir.path().join(format!("modelgate.{ext}"));
        std::fs::copy(&manifest, &copy).expect("copy");
        let (code, checked) = json(check(
            dir.path().to_str().expect("utf-8"),
            &["--format", "json", "--no-config"],
        ));
        if code == 2 {
            continue; // not a manifest check can read; nothing to compare
        }
        let mut cmd = modelgate();
        cmd.current_dir(dir.path()).args([
            "audit",
            ".",
            "--today",
            TODAY,
            "--format",
            "json",
            "--no-config",
        ]);
        let (_, audited) = json(cmd);
        assert_eq!(
            reference_findings(&checked, true),
            reference_findings(&audited, false),
            "{}: check and audit disagree",
            manifest.display()
        );
        compared += 1;
    }
    assert!(compared >= 15, "only {compared} manifests compared");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

// 8. IAM resources and templated ARNs are ARNs of a model, not calls.

#[test]
fn iam_resources_and_templated_arns_are_judged_only_for_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fail-closed/iam");
    let (code, report) = json(audit_in(
        &dir,
        &[
            "--no-config",
            "--regions",
            "us-east-1",
            "--compliance",
            "gdpr",
        ],
    ));
    assert_eq!(code, 1, "{report:#}");
    let kinds: Vec<(String, String)> = report["references"]
        .as_array()
        .expect("references")
        .iter()
        .map(|r| {
            (
                r["text"].as_str().unwrap_or_default().to_string(),
                r["kind"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(kinds.len(), 6, "every ARN is a reference: {kinds:?}");
    assert!(kinds.contains(&(
        "arn:aws:bedrock:*:*:inference-profile/global.anthropic.claude-opus-4-6-v1".to_string(),
        "inference_profile_arn".to_string()
    )));
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules
            .iter()
            .all(|r| !r.starts_with("availability/") && !r.starts_with("residency/")),
        "no rule that assumes a call from a Region: {rules:?}"
    );
    // The model itself is still judged: Claude 3 Haiku is past end of life.
    let eol = rules
        .iter()
        .filter(|r| **r == "lifecycle/end-of-life")
        .count();
    assert_eq!(eol, 2, "{report:#}");

    // With no Region named, on the shipped catalog, where Claude Sonnet 4.5
    // is profile-only in some Regions: still no call is assumed.
    let mut cmd = common::modelgate_embedded();
    cmd.current_dir(dir.with_file_name("iam-shipped"))
        .args(["audit", ".", "--today", "2026-11-29", "--format", "json"])
        .arg("--no-config");
    let (_, report) = json(cmd);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules
            .iter()
            .all(|r| !r.starts_with("availability/") && !r.starts_with("residency/")),
        "no rule that assumes a call from a Region: {rules:?}"
    );
    assert!(rules.contains(&"lifecycle/legacy-model"), "{rules:?}");
}

// 11. Other silent passes.

#[test]
fn a_symlinked_manifest_is_checked_not_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.path().join("shared")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("svc")).expect("mkdir");
    std::fs::copy(
        root.join("examples/gdpr-cross-region/modelgate.toml"),
        dir.path().join("shared/modelgate.toml"),
    )
    .expect("copy");
    std::os::unix::fs::symlink(
        dir.path().join("shared/modelgate.toml"),
        dir.path().join("svc/modelgate.toml"),
    )
    .expect("symlink");
    let (code, report) = json(check(
        dir.path().join("svc").to_str().expect("utf-8"),
        &["--format", "json", "--no-config"],
    ));
    assert_eq!(
        code, 1,
        "the linked manifest's errors are reported: {report:#}"
    );
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn duplicate_entry_names_are_an_error_at_the_second() {
    fails_with(
        check("tests/fixtures/fail-closed/dup-names", &[]),
        &[
            "tests/fixtures/fail-closed/dup-names/modelgate.toml:11:8: duplicate entry name `a`",
            "[[models]] entry 1",
        ],
    );
}

#[test]
fn an_unknown_throughput_suffix_is_malformed_with_a_did_you_mean() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("modelgate.toml"),
        "version = 1\n[workload]\nregions = [\"us-east-1\"]\n[[models]]\nmodel = \"anthropic.claude-3-haiku-20240307-v1:0:bogus\"\n[[models]]\nmodel = \"amazon.nova-pro-v1:0:30k0\"\n",
    )
    .expect("write");
    let (code, report) = json(check(
        dir.path().to_str().expect("utf-8"),
        &["--format", "json", "--no-config"],
    ));
    assert_eq!(code, 1, "{report:#}");
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "reference/malformed")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{report:#}");
    assert!(
        messages[0].contains("`bogus` is not a provisioned-throughput suffix"),
        "{messages:?}"
    );
    assert!(messages[1].contains("did you mean `300k`?"), "{messages:?}");
}
