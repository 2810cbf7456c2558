//! Issue 15, modelgate in every pipeline: several reports from one run
//! (`--output`), GitLab Code Quality, diff-aware audit (`--since`), fix
//! previews and audit fixes (`--diff`, `audit --fix`), and the inventory as
//! data. Each runs the real binary on fixtures or a temporary git repository.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::{check, copy_dir, fails_with, json, modelgate, run, TODAY};

const SEVERITIES: [&str; 5] = ["info", "minor", "major", "critical", "blocker"];

/// Every issue of a GitLab Code Quality report validated against GitLab's
/// own schema (vendored) and the fields its documentation names.
fn assert_gitlab_report(report: &serde_json::Value) -> &Vec<serde_json::Value> {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/gitlab/codeclimate.json").expect("schema"),
    )
    .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let issues = report
        .as_array()
        .expect("a Code Quality report is an array");
    let mut fingerprints = HashSet::new();
    for issue in issues {
        let errors: Vec<String> = validator
            .iter_errors(issue)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{issue}: {errors:?}");
        for key in ["description", "check_name", "fingerprint"] {
            assert!(
                issue[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {issue}"
            );
        }
        let severity = issue["severity"].as_str().unwrap_or_default();
        assert!(SEVERITIES.contains(&severity), "{issue}");
        assert!(issue["location"]["path"].is_string(), "{issue}");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap_or(0) >= 1);
        let fingerprint = issue["fingerprint"].as_str().unwrap_or_default();
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "unique: {issue}"
        );
    }
    issues
}

// --- 2. GitLab Code Quality ---

#[test]
fn gitlab_code_quality_validates_and_maps_severities() {
    let (code, report) = json(check("examples/gdpr-cross-region", &["--format", "gitlab"]));
    assert_eq!(code, 1);
    let issues = assert_gitlab_report(&report);
    let first = &issues[0];
    assert_eq!(first["check_name"], "availability/profile-source-region");
    assert_eq!(first["severity"], "major");
    assert_eq!(
        first["location"]["path"],
        "examples/gdpr-cross-region/modelgate.toml"
    );
    assert_eq!(first["location"]["lines"]["begin"], 18);
    assert!(first["description"]
        .as_str()
        .unwrap_or_default()
        .contains("cannot be called from eu-west-1"));

    // Warnings are minor, infos info.
    let (_, report) = json(check(
        "examples/profile-only-bare-id",
        &["--format", "gitlab"],
    ));
    let severities: Vec<(&str, &str)> = assert_gitlab_report(&report)
        .iter()
        .map(|i| {
            (
                i["check_name"].as_str().unwrap_or_default(),
                i["severity"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        severities.contains(&("lifecycle/legacy-model", "minor")),
        "{severities:?}"
    );
}

#[test]
fn gitlab_fingerprints_are_the_sarif_ones() {
    let (_, gitlab) = json(check("examples/gdpr-cross-region", &["--format", "gitlab"]));
    let (_, sarif) = json(check("examples/gdpr-cross-region", &["--format", "sarif"]));
    let from_gitlab: Vec<&str> = assert_gitlab_report(&gitlab)
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    let from_sarif: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["partialFingerprints"]["modelgate/v1"].as_str())
        .collect();
    assert_eq!(from_gitlab.len(), 2);
    assert_eq!(from_gitlab, from_sarif);
}

#[test]
fn gitlab_reports_inputs_it_could_not_judge_as_blockers() {
    let (code, report) = json(check("tests/fixtures/broken", &["--format", "gitlab"]));
    assert_eq!(code, 2);
    let issues = assert_gitlab_report(&report);
    let errors: Vec<&serde_json::Value> = issues
        .iter()
        .filter(|i| i["check_name"] == "modelgate/input-error")
        .collect();
    // Two manifests of a version modelgate does not read.
    assert_eq!(errors.len(), 2, "{report}");
    assert!(errors.iter().all(|e| e["severity"] == "blocker"));
    assert!(errors
        .iter()
        .any(|e| e["location"]["path"] == "tests/fixtures/broken/bad/modelgate.toml"));
    // The good manifest's findings are still there.
    assert!(issues.iter().any(|i| i["severity"] == "major"));

    // A run that fails before judging anything is one blocker, not `[]`.
    let (code, report) = json(check("no/such/folder", &["--format", "gitlab"]));
    assert_eq!(code, 2);
    let issues = assert_gitlab_report(&report);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0]["location"]["path"], ".");
}

#[test]
fn gitlab_audit_reports_each_reference_at_its_line() {
    let mut cmd = modelgate();
    cmd.args([
        "audit",
        "tests/fixtures/audit",
        "--today",
        TODAY,
        "--format",
        "gitlab",
    ]);
    let (code, report) = json(cmd);
    assert_eq!(code, 1);
    let issues = assert_gitlab_report(&report);
    assert!(issues.iter().any(
        |i| i["location"]["path"] == "tests/fixtures/audit/app/main.py"
            && i["location"]["lines"]["begin"] == 5
    ));
}

// --- 1. Several reports from one run ---

#[test]
fn one_run_writes_every_report_and_stdout_keeps_its_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sarif = dir.path().join("modelgate.sarif");
    let gitlab = dir.path().join("gl-code-quality.json");
    let junit = dir.path().join("junit.xml");
    let human = dir.path().join("report.txt");
    // An existing report is replaced.
    std::fs::write(&junit, "old").expect("write");
    let out = run(check(
        "examples/gdpr-cross-region",
        &[
            "--format",
            "github",
            "--output",
            &format!("sarif={}", sarif.display()),
            "--output",
            &format!("gitlab={}", gitlab.display()),
            "--output",
            &format!("junit={}", junit.display()),
            "--output",
            &format!("human={}", human.display()),
        ],
    ));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out
        .stdout
        .starts_with("::error file=examples/gdpr-cross-region/modelgate.toml,line=18"));
    assert_eq!(out.stdout.lines().count(), 2);

    // Each file holds the same findings, in its own format, byte for byte
    // what --format would print.
    for (path, format) in [(&sarif, "sarif"), (&gitlab, "gitlab"), (&junit, "junit")] {
        let alone = run(check("examples/gdpr-cross-region", &["--format", format]));
        let written = std::fs::read_to_string(path).expect("report written");
        assert_eq!(written, alone.stdout, "{format}");
    }
    let human = std::fs::read_to_string(&human).expect("human report");
    assert!(human.contains("residency/global-routing"), "{human}");
    assert!(!human.contains('\u{1b}'), "no colour in a file");
    assert!(human.trim_end().ends_with("(catalog as of 2026-11-22)"));
}

#[test]
fn output_files_carry_the_errors_of_a_run_that_could_not_judge_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json_path = dir.path().join("r.json");
    let concise_path = dir.path().join("r.txt");
    let out = run(check(
        "tests/fixtures/broken",
        &[
            "--output",
            &format!("json={}", json_path.display()),
            "--output",
            &format!("concise={}", concise_path.display()),
        ],
    ));
    assert_eq!(out.code, 2);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("json")).expect("JSON");
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(2));
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(2));
    // Errors first (on a terminal they go to stderr), then the findings.
    let concise = std::fs::read_to_string(&concise_path).expect("concise");
    let lines: Vec<&str> = concise.lines().collect();
    assert_eq!(lines.len(), 4, "{concise}");
    assert!(lines[..2]
        .iter()
        .all(|l| l.contains(": error: unsupported manifest version 2")));
    assert!(
        lines.contains(
            &"tests/fixtures/broken/bad/modelgate.toml:1:11: error: unsupported manifest version 2"
        ),
        "{concise}"
    );
    assert!(lines[2].contains("error[availability/profile-source-region]"));
}

#[test]
fn a_bad_output_fails_before_anything_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest_dir = dir.path().join("w");
    copy_dir(Path::new("examples/profile-only-bare-id"), &manifest_dir);
    let manifest = manifest_dir.join("modelgate.toml");
    let before = std::fs::read_to_string(&manifest).expect("read");
    let w = manifest_dir.to_string_lossy().into_owned();

    // A format modelgate does not have: a usage error, with a suggestion.
    fails_with(
        check(&w, &["--output", "sarf=x.sarif", "--fix"]),
        &["`sarf` is not a format: did you mean `sarif`?"],
    );
    fails_with(
        check(&w, &["--output", "x.sarif"]),
        &["expected FORMAT=PATH"],
    );

    // A symlink, a missing folder, one file twice: refused, and --fix
    // wrote nothing, since nothing ran.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.sarif");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &link).expect("symlink");
        fails_with(
            check(
                &w,
                &["--fix", "--output", &format!("sarif={}", link.display())],
            ),
            &["refusing to write the --output report", "symbolic link"],
        );
        assert!(!dir.path().join("elsewhere").exists());
    }
    let missing = dir.path().join("no/such/folder/r.json");
    fails_with(
        check(
            &w,
            &["--fix", "--output", &format!("json={}", missing.display())],
        ),
        &["does not exist"],
    );
    let twice = dir.path().join("r.json");
    fails_with(
        check(
            &w,
            &[
                "--fix",
                "--output",
                &format!("json={}", twice.display()),
                "--output",
                &format!("sarif={}", twice.display()),
            ],
        ),
        &["names", "twice"],
    );
    assert!(!twice.exists());
    assert_eq!(std::fs::read_to_string(&manifest).expect("read"), before);
}

#[test]
fn audit_writes_reports_and_never_scans_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tree = dir.path().join("tree");
    copy_dir(Path::new("tests/fixtures/audit"), &tree);
    let audit_to = |extra: &[&str]| {
        let mut cmd = modelgate();
        cmd.current_dir(&tree)
            .args(["audit", "--today", TODAY, "--format", "json"])
            .args(extra);
        json(cmd)
    };
    let (code, first) = audit_to(&[
        "--output",
        "sarif=modelgate.sarif",
        "--output",
        "gitlab=cq.json",
    ]);
    assert_eq!(code, 1);
    assert!(tree.join("modelgate.sarif").is_file());
    assert_gitlab_report(
        &serde_json::from_str(&std::fs::read_to_string(tree.join("cq.json")).expect("read"))
            .expect("JSON"),
    );
    // The second run finds the same references: the reports, which name
    // them all, are not read as code.
    let (_, second) = audit_to(&[
        "--output",
        "sarif=modelgate.sarif",
        "--output",
        "gitlab=cq.json",
    ]);
    assert_eq!(first["references"], second["references"]);
    assert_eq!(first["findings"], second["findings"]);
}
