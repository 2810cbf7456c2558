//! Issue 15, modelgate in every pipeline: several reports from one run
//! (`--output`), GitLab Code Quality, diff-aware audit (`--since`), fix
//! previews and audit fixes (`--diff`, `audit --fix`), and the inventory as
//! data. Each runs the real binary on fixtures or a temporary git repository.

use crate::common;

use std::collections::HashSet;
use std::path::Path;

use common::{check, copy_dir, fails_with, git, json, modelgate, repo, run, TODAY};

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

// --- 5. The inventory as data ---

fn inventory(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.args(["audit", "--inventory"]).args(args);
    cmd
}

#[test]
fn inventory_json_lists_each_model_its_lifecycle_and_references() {
    let (code, doc) = json(inventory(&[
        "tests/fixtures/audit",
        "--today",
        TODAY,
        "--format",
        "json",
    ]));
    assert_eq!(code, 0);
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["today"], TODAY);
    let models = doc["models"].as_array().expect("models");
    let haiku = models
        .iter()
        .find(|m| m["id"] == "anthropic.claude-3-haiku-20240307-v1:0")
        .expect("Claude 3 Haiku is used");
    assert_eq!(haiku["group"], "model");
    assert_eq!(haiku["name"], "Claude 3 Haiku");
    assert_eq!(haiku["provider"], "Anthropic");
    assert_eq!(haiku["lifecycle"]["status"], "end_of_life");
    // The gdpr workload calls it from eu-west-1.
    assert_eq!(haiku["lifecycle"]["regions"]["eu-west-1"], "end_of_life");
    let references = haiku["references"].as_array().expect("references");
    assert_eq!(references.len(), 6);
    assert_eq!(
        references[0],
        serde_json::json!({
            "file": "tests/fixtures/audit/app/main.py", "line": 7, "column": 44,
            "end_column": 82, "text": "anthropic.claude-3-haiku-20240307-v1:0",
            "kind": "model_id"
        })
    );
    // Most referenced first; groups for what names no catalog model.
    assert_eq!(models[0]["id"], "anthropic.claude-3-haiku-20240307-v1:0");
    let groups: HashSet<&str> = models.iter().filter_map(|m| m["group"].as_str()).collect();
    assert!(groups.contains("application_profile") && groups.contains("malformed"));
    let malformed = models
        .iter()
        .find(|m| m["group"] == "malformed")
        .expect("one");
    assert_eq!(malformed["lifecycle"], serde_json::Value::Null);
    assert_eq!(doc["summary"]["references"], 27);
    assert_eq!(doc["summary"]["models"], models.len());
    assert!(
        doc["summary"].get("errors").is_none(),
        "the inventory judges nothing"
    );
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn inventory_lifecycle_is_as_of_today() {
    let status_on = |date: &str| {
        let (_, doc) = json(inventory(&[
            "tests/fixtures/audit/gdpr",
            "--today",
            date,
            "--format",
            "json",
        ]));
        doc["models"]
            .as_array()
            .expect("models")
            .iter()
            .find(|m| m["id"] == "anthropic.claude-3-haiku-20240307-v1:0")
            .map(|m| m["lifecycle"]["status"].clone())
            .expect("Claude 3 Haiku")
    };
    assert_eq!(status_on(TODAY), "end_of_life");
    assert_eq!(status_on("2024-01-01"), "active");
}

#[test]
fn inventory_summary_counts_no_findings_and_other_formats_are_refused() {
    let out = run(inventory(&["tests/fixtures/audit", "--today", TODAY]));
    assert_eq!(out.code, 0);
    let last = out.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("15 files scanned (1 skipped: 1 binary); 27 references to 19 models; findings not judged"),
        "{last}"
    );
    assert!(!last.contains("0 errors"), "{last}");
    // The human inventory is as before.
    assert!(out
        .stdout
        .contains("anthropic.claude-3-haiku-20240307-v1:0 (Claude 3 Haiku): 6 references\n  anthropic.claude-3-haiku-20240307-v1:0 ×1\n    tests/fixtures/audit/app/main.py:7:44\n"));

    for format in ["sarif", "concise", "gitlab"] {
        let out = fails_with(
            inventory(&["tests/fixtures/audit", "--format", format]),
            &[&format!(
                "--inventory prints human or json, not --format {format}"
            )],
        );
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
}

#[test]
fn inventory_reports_a_manifest_it_cannot_read_and_exits_2() {
    let (code, doc) = json(inventory(&[
        "tests/fixtures/broken/audit",
        "--today",
        TODAY,
        "--format",
        "json",
    ]));
    assert_eq!(code, 2);
    let errors = doc["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0]["file"],
        "tests/fixtures/broken/audit/svc/modelgate.toml"
    );
    assert_eq!(doc["models"].as_array().map(Vec::len), Some(2));
}

// --- 3. Diff-aware audit ---

const EOL: &str = "anthropic.claude-3-haiku-20240307-v1:0";
const EOL_2: &str = "anthropic.claude-v2";

fn audit_in(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.current_dir(dir)
        .args(["audit", "--today", TODAY])
        .args(args);
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

/// `(file, line, rule)` of every finding.
fn found(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["rule"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// main: `changed.py`, `gone.py`, `shared.py` and `same.py`, each with an
/// end-of-life id. The branch `feature` (checked out) changes `changed.py`,
/// adds `added.py`, deletes `gone.py` and leaves an untracked `new.py`;
/// main meanwhile changes `shared.py`, which the branch did not touch.
fn branch_repo() -> tempfile::TempDir {
    let dir = repo();
    let d = dir.path();
    for name in ["changed.py", "gone.py", "shared.py", "same.py"] {
        write(d, name, &format!("MODEL = \"{EOL}\"\n"));
    }
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "main"]);
    git(d, &["checkout", "-qb", "feature"]);
    write(
        d,
        "changed.py",
        &format!("MODEL = \"{EOL}\"\nOTHER = \"{EOL_2}\"\n"),
    );
    write(d, "added.py", &format!("NEW = \"{EOL_2}\"\n"));
    git(d, &["rm", "-q", "gone.py"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "feature"]);
    write(d, "new.py", &format!("UNTRACKED = \"{EOL}\"\n"));
    git(d, &["checkout", "-q", "main"]);
    write(
        d,
        "shared.py",
        &format!("MODEL = \"{EOL}\"\nMORE = \"{EOL_2}\"\n"),
    );
    git(d, &["commit", "-qam", "main moves on"]);
    git(d, &["checkout", "-q", "feature"]);
    dir
}

#[test]
fn since_scans_only_what_the_branch_changed() {
    let dir = branch_repo();
    let (code, report) = json(audit_in(
        dir.path(),
        &["--since", "main", "--format", "json"],
    ));
    assert_eq!(code, 1);
    let files: HashSet<String> = found(&report).into_iter().map(|(f, ..)| f).collect();
    let expected: HashSet<String> = ["added.py", "changed.py", "new.py"]
        .into_iter()
        .map(String::from)
        .collect();
    // Not same.py (unchanged), not gone.py (deleted), not shared.py (only
    // main changed it: the merge base is the branch point).
    assert_eq!(files, expected);
    assert_eq!(report["summary"]["files"], 3);
    assert_eq!(report["summary"]["references"], 4);

    // Paths narrow it further; the full audit sees every file.
    let (_, report) = json(audit_in(
        dir.path(),
        &["--since", "main", "--format", "json", "added.py"],
    ));
    assert_eq!(report["summary"]["files"], 1);
    let (_, full) = json(audit_in(dir.path(), &["--format", "json"]));
    assert_eq!(full["summary"]["files"], 5);

    // A commit id and HEAD~1 work as REF; nothing changed since HEAD but the
    // untracked file.
    let (_, report) = json(audit_in(
        dir.path(),
        &["--since", "HEAD", "--format", "json"],
    ));
    let files: Vec<String> = found(&report).into_iter().map(|(f, ..)| f).collect();
    assert_eq!(files, ["new.py"]);
}

#[test]
fn since_with_a_baseline_counts_only_the_scanned_files_entries() {
    let dir = repo();
    let d = dir.path();
    for name in ["edited.py", "gone.py", "same.py"] {
        write(d, name, &format!("MODEL = \"{EOL}\"\n"));
    }
    let out = run(audit_in(d, &["--write-baseline", "baseline.json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "baseline"]);
    // The branch fixes edited.py and deletes gone.py.
    write(d, "edited.py", "MODEL = \"amazon.nova-pro-v1:0\"\n");
    std::fs::remove_file(d.join("gone.py")).expect("rm");

    let (code, report) = json(audit_in(
        d,
        &[
            "--since",
            "HEAD",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    ));
    // edited.py's entry (the first, on line 6) is stale; gone.py (deleted, not scanned) and
    // same.py (unchanged) say nothing.
    assert_eq!(
        found(&report),
        [(
            "baseline.json".to_string(),
            6,
            "audit/stale-baseline".to_string()
        )],
        "{report}"
    );
    assert_eq!(code, 0, "a stale entry is a warning");
    let (_, full) = json(audit_in(
        d,
        &["--baseline", "baseline.json", "--format", "json"],
    ));
    let stale = found(&full)
        .iter()
        .filter(|(_, _, rule)| rule == "audit/stale-baseline")
        .count();
    assert_eq!(
        stale, 2,
        "the full audit reports gone.py's entry too: {full}"
    );
}

#[test]
fn since_refuses_a_ref_git_does_not_know() {
    let dir = branch_repo();
    for reference in ["no-such-branch", "--output=x", ""] {
        fails_with(
            audit_in(dir.path(), &[&format!("--since={reference}")]),
            &[&format!(
                "--since {reference}: git knows no commit by that name"
            )],
        );
    }
    assert!(!dir.path().join("x").exists());
    let outside = tempfile::tempdir().expect("temp dir");
    fails_with(
        audit_in(outside.path(), &["--since", "main"]),
        &["--since reads git's view of the files: run it inside a git repository"],
    );
    fails_with(
        audit_in(dir.path(), &["--since", "main", "--staged"]),
        &["cannot be used with"],
    );
}

// --- 4. Fix previews and audit fixes ---

/// A copy of an example in a temporary folder: (folder, its path as text).
fn example_copy(name: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&Path::new("examples").join(name), &dir.path().join(name));
    (dir, name.to_string())
}

fn check_in(dir: &Path, path: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.current_dir(dir)
        .args(["check", path, "--today", TODAY])
        .args(args);
    cmd
}

#[test]
fn diff_previews_exactly_what_fix_writes_and_writes_nothing() {
    let (preview, name) = example_copy("gdpr-cross-region");
    let manifest = preview.path().join(&name).join("modelgate.toml");
    let before = std::fs::read_to_string(&manifest).expect("read");
    let out = run(check_in(preview.path(), &name, &["--fix", "--diff"]));
    assert_eq!(out.code, 1, "the findings are still there: {}", out.stderr);
    assert_eq!(std::fs::read_to_string(&manifest).expect("read"), before);
    assert!(
        out.stdout.starts_with(&format!(
            "--- {name}/modelgate.toml\n+++ {name}/modelgate.toml\n@@ "
        )),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("\n-model = \"global.anthropic.claude-haiku-4-5-20251001-v1:0\"\n"));
    assert!(out.stderr.trim_end().ends_with(
        "2 fixes would be applied (2 safe, 0 unsafe), nothing written (--diff) (catalog as of 2026-11-22)"
    ), "{}", out.stderr);

    // The diff applies (git apply -p0) to exactly what --fix writes.
    std::fs::write(preview.path().join("fix.diff"), &out.stdout).expect("write");
    git(preview.path(), &["apply", "-p0", "fix.diff"]);
    let (fixed, _) = example_copy("gdpr-cross-region");
    let out = run(check_in(fixed.path(), &name, &["--fix"]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(
        std::fs::read_to_string(&manifest).expect("read"),
        std::fs::read_to_string(fixed.path().join(&name).join("modelgate.toml")).expect("read")
    );

    // --diff takes stdout: a --format beside it is refused, --diff alone too.
    let out = fails_with(
        check_in(
            preview.path(),
            &name,
            &["--fix", "--diff", "--format", "json"],
        ),
        &[
            "--diff prints a unified diff on standard output, not --format json",
            "--output json=PATH",
        ],
    );
    assert!(out.stdout.is_empty());
    fails_with(check_in(preview.path(), &name, &["--diff"]), &["--fix"]);
}

#[test]
fn fix_counts_safe_and_unsafe_apart_and_json_records_what_it_wrote() {
    let (dir, name) = example_copy("profile-only-bare-id");
    let out = run(check_in(dir.path(), &name, &[]));
    let last = out.stdout.lines().last().unwrap_or_default().to_string();
    assert!(last.contains("; 1 with a safe fix (`--fix` applies them), 1 with an unsafe fix (`--fix --unsafe-fixes` applies them)"), "{last}");

    let (code, report) = json(check_in(dir.path(), &name, &["--fix", "--format", "json"]));
    assert_eq!(code, 0);
    assert_eq!(
        report["summary"]["fixed"],
        serde_json::json!({"safe": 1, "unsafe": 0})
    );
    let fixed = report["fixed"].as_array().expect("fixed");
    assert_eq!(fixed.len(), 1);
    assert_eq!(
        fixed[0],
        serde_json::json!({
            "rule": "availability/requires-inference-profile",
            "file": format!("{name}/modelgate.toml"),
            "line": 18, "column": 9, "end_line": 18, "end_column": 52,
            "original": "\"anthropic.claude-sonnet-4-5-20250929-v1:0\"",
            "replacement": "\"eu.anthropic.claude-sonnet-4-5-20250929-v1:0\"",
            "applicability": "safe",
            "description": "call `eu.anthropic.claude-sonnet-4-5-20250929-v1:0` instead: the same model, reached another way"
        })
    );

    // Nothing safe is left; the hint says what remains, and fixes is plural.
    let out = run(check_in(dir.path(), &name, &["--fix"]));
    let last = out.stdout.lines().last().unwrap_or_default().to_string();
    assert!(last.contains("; 0 fixes applied (0 safe, 0 unsafe); remaining: 1 with an unsafe fix (`--fix --unsafe-fixes` applies them)"), "{last}");
    let out = run(check_in(dir.path(), &name, &["--fix", "--unsafe-fixes"]));
    let last = out.stdout.lines().last().unwrap_or_default().to_string();
    assert!(
        last.contains("; 1 fix applied (0 safe, 1 unsafe)"),
        "{last}"
    );
    // Without --fix the JSON has no record of fixes.
    let (_, report) = json(check_in(dir.path(), &name, &["--format", "json"]));
    assert!(report.get("fixed").is_none() && report["summary"].get("fixed").is_none());
}

/// A git repository with a workload in eu-west-1 whose code calls a `us.`
/// profile (safe fix: the model's in-Region id), a `global.` one (the same) and an
/// end-of-life model (unsafe fix only); a byte of invalid UTF-8 sits in a
/// comment of the same file.
fn fixable_repo() -> tempfile::TempDir {
    let dir = repo();
    let d = dir.path();
    write(
        d,
        "modelgate.toml",
        "version = 1\n\n[workload]\nregions = [\"eu-west-1\"]\nresidency = \"eu\"\n",
    );
    let mut app = b"# caf\xe9 (latin-1)\n".to_vec();
    app.extend_from_slice(
        format!(
            "A = \"us.anthropic.claude-haiku-4-5-20251001-v1:0\"  # keep\n\
             B = \"global.anthropic.claude-haiku-4-5-20251001-v1:0\"\n\
             C = \"{EOL}\"\n"
        )
        .as_bytes(),
    );
    std::fs::write(d.join("app.py"), app).expect("write");
    dir
}

#[test]
fn audit_fix_rewrites_references_in_source_files() {
    let dir = fixable_repo();
    let d = dir.path();
    let original = std::fs::read(d.join("app.py")).expect("read");

    // --diff first: the change shown, nothing written.
    let out = run(audit_in(d, &["--fix", "--diff"]));
    assert_eq!(out.code, 1);
    assert_eq!(std::fs::read(d.join("app.py")).expect("read"), original);
    assert!(out.stdout.contains(
        "-A = \"us.anthropic.claude-haiku-4-5-20251001-v1:0\"  # keep\n-B = \"global.anthropic.claude-haiku-4-5-20251001-v1:0\"\n+A = \"anthropic.claude-haiku-4-5-20251001-v1:0\"  # keep\n+B = \"anthropic.claude-haiku-4-5-20251001-v1:0\"\n"
    ), "{}", out.stdout);

    let out = run(audit_in(d, &["--fix"]));
    assert_eq!(out.code, 1, "the end-of-life model remains: {}", out.stdout);
    let last = out.stdout.lines().last().unwrap_or_default().to_string();
    assert!(last.contains("; 2 fixes applied (2 safe, 0 unsafe); remaining: 1 with an unsafe fix (`--fix --unsafe-fixes` applies them)"), "{last}");
    let mut expected = b"# caf\xe9 (latin-1)\n".to_vec();
    expected.extend_from_slice(
        format!(
            "A = \"anthropic.claude-haiku-4-5-20251001-v1:0\"  # keep\n\
             B = \"anthropic.claude-haiku-4-5-20251001-v1:0\"\n\
             C = \"{EOL}\"\n"
        )
        .as_bytes(),
    );
    assert_eq!(std::fs::read(d.join("app.py")).expect("read"), expected);

    // The unsafe one, on request; JSON says what was written.
    let (code, report) = json(audit_in(
        d,
        &["--fix", "--unsafe-fixes", "--format", "json"],
    ));
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        report["summary"]["fixed"],
        serde_json::json!({"safe": 0, "unsafe": 1})
    );
    assert_eq!(report["fixed"][0]["rule"], "lifecycle/end-of-life");
    assert_eq!(report["fixed"][0]["original"], EOL);
    assert_eq!(report["fixed"][0]["line"], 4);
    assert!(!std::fs::read_to_string(d.join("app.py"))
        .unwrap_or_default()
        .contains(EOL));
}

#[test]
fn audit_fix_leaves_suppressed_findings_and_refuses_the_index() {
    let dir = fixable_repo();
    let d = dir.path();
    write(
        d,
        "app.py",
        "A = \"us.anthropic.claude-haiku-4-5-20251001-v1:0\"  # modelgate: ignore[availability] -- PLAT-9\n",
    );
    let out = run(audit_in(d, &["--fix"]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("; 0 fixes applied (0 safe, 0 unsafe)"),
        "{}",
        out.stdout
    );
    assert!(std::fs::read_to_string(d.join("app.py"))
        .unwrap_or_default()
        .contains("\"us.anthropic"));
    fails_with(
        audit_in(d, &["--fix", "--staged"]),
        &["cannot be used with"],
    );
}
