//! One snapshot per built-in rule: a small fixture under
//! `tests/fixtures/rules/<family>/<name>/` that fires it on the frozen
//! catalog, run through the real binary. The snapshot holds the concise
//! report, the characters each finding of the rule points at, its JSON
//! finding with the fix, and, where the fix can be applied (`check --fix
//! --unsafe-fixes`), the fixed line and the report after it, so a review
//! sees the rule fire at the right place and the fix leave it compliant.
//!
//! A fixture folder holds what its command reads: `modelgate.toml` for
//! `check`, source files for `audit` (the `audit/*` rules), and optionally
//! `args`, extra arguments one per line (`{dir}` is the fixture folder).
//! Review changes with `cargo insta review`.

use crate::common;

use std::path::{Path, PathBuf};

use common::{copy_dir, json, modelgate, run, test_catalog, TODAY};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The ids of the built-in rules, from `modelgate rules --json`.
fn builtin_rules() -> Vec<String> {
    let mut cmd = modelgate();
    cmd.args(["rules", "--json"]);
    let (code, list) = json(cmd);
    assert_eq!(code, 0);
    list.as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

/// The command line of a fixture, from the crate root, without `--format`.
fn command_line(rule: &str, dir: &str) -> Vec<String> {
    let command = if rule.starts_with("audit/") {
        "audit"
    } else {
        "check"
    };
    let mut args = vec![command.to_string(), dir.to_string()];
    let extra = std::fs::read_to_string(root().join(dir).join("args")).unwrap_or_default();
    let extra: Vec<String> = extra
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().replace("{dir}", dir))
        .collect();
    if !extra.iter().any(|a| a == "--today") {
        args.extend(["--today".to_string(), TODAY.to_string()]);
    }
    args.extend(extra);
    args
}

fn modelgate_with(args: &[String], format: &str) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.args(args).args(["--format", format]);
    cmd
}

/// Output made the same on every machine: the frozen catalog's absolute
/// path (the `catalog/stale` message names it) and a temp folder.
fn portable(text: &str, temp: Option<(&Path, &str)>) -> String {
    let mut text = text.replace(&test_catalog().display().to_string(), common::TEST_CATALOG);
    if let Some((dir, as_dir)) = temp {
        text = text.replace(&dir.display().to_string(), as_dir);
    }
    text
}

/// The findings of `rule` in a JSON report.
fn findings_of<'r>(report: &'r serde_json::Value, rule: &str) -> Vec<&'r serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// The source line of a finding with carets under its characters.
fn underline(finding: &serde_json::Value) -> String {
    let file = finding["file"].as_str().expect("a file");
    let line = finding["line"].as_u64().expect("a line") as usize;
    let column = finding["column"].as_u64().expect("a column") as usize;
    let end = if finding["end_line"] == finding["line"] {
        finding["end_column"].as_u64().expect("an end column") as usize
    } else {
        column + 1
    };
    let text = std::fs::read_to_string(root().join(file)).expect("the file of a finding");
    let source = text.lines().nth(line - 1).expect("the line of a finding");
    let gutter = format!("{line} | ");
    format!(
        "{gutter}{source}\n{}{}{}",
        " ".repeat(gutter.len()),
        " ".repeat(column - 1),
        "^".repeat(end.saturating_sub(column).max(1))
    )
}

/// `(rule, pointer)` of every error in a report.
fn errors(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["pointer"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Applies every fix to a copy of a `check` fixture and judges it again:
/// the fix must remove the rule's findings and add no error. Returns what
/// the snapshot shows of it.
fn apply_fixes(rule: &str, dir: &str, args: &[String], before: &serde_json::Value) -> String {
    let temp = tempfile::tempdir().expect("temp dir");
    let copy = temp.path().join("fixture");
    copy_dir(&root().join(dir), &copy);
    let copy_text = copy.display().to_string();
    let mut on_copy: Vec<String> = args.to_vec();
    on_copy[1] = copy_text.clone();

    let mut cmd = modelgate();
    cmd.args(&on_copy).args(["--fix", "--unsafe-fixes"]);
    let fixed = run(cmd);
    assert_ne!(fixed.code, 2, "{rule}: --fix failed: {}", fixed.stderr);
    let original = std::fs::read_to_string(root().join(dir).join("modelgate.toml")).expect("read");
    let changed = std::fs::read_to_string(copy.join("modelgate.toml")).expect("read");
    let diff: Vec<String> = original
        .lines()
        .zip(changed.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| format!("{} - {a}\n{} + {b}", i + 1, i + 1))
        .collect();
    assert!(!diff.is_empty(), "{rule}: the fix changed nothing");

    let (_, after) = json(modelgate_with(&on_copy, "json"));
    assert!(
        findings_of(&after, rule).is_empty(),
        "{rule}: still fires after its fix: {after:#}"
    );
    let known = errors(before);
    let new: Vec<_> = errors(&after)
        .into_iter()
        .filter(|e| !known.contains(e))
        .collect();
    assert!(new.is_empty(), "{rule}: the fix adds errors {new:?}");
    let concise = run(modelgate_with(&on_copy, "concise"));
    let concise = portable(&concise.stdout, Some((&copy, dir)));
    format!(
        "after `--fix --unsafe-fixes`:\n{}\n$ modelgate {} --format concise  # on the fixed copy\nexit {}\n{concise}",
        diff.join("\n"),
        args.join(" "),
        concise_code(&concise)
    )
}

/// The exit status the concise report implies: 1 with an error, else 0.
fn concise_code(concise: &str) -> i32 {
    i32::from(concise.lines().any(|l| l.contains(": error[")))
}

fn snapshot(rule: &str, dir: &str) -> String {
    let args = command_line(rule, dir);
    let concise = run(modelgate_with(&args, "concise"));
    assert_ne!(concise.code, 2, "{rule}: {}", concise.stderr);
    let (code, report) = json(modelgate_with(&args, "json"));
    assert_eq!(code, concise.code, "{rule}: json and concise disagree");
    let found = findings_of(&report, rule);
    assert!(
        !found.is_empty(),
        "{rule}: {dir} does not fire it: {report:#}"
    );

    let mut out = format!(
        "$ modelgate {} --format concise\nexit {}\n{}\n",
        args.join(" "),
        concise.code,
        portable(&concise.stdout, None)
    );
    for finding in &found {
        out.push_str(&underline(finding));
        out.push('\n');
    }
    let json_text = serde_json::to_string_pretty(&found).expect("JSON");
    out.push_str(&format!(
        "\n{rule} as JSON:\n{}\n",
        portable(&json_text, None)
    ));
    let has_fix = found.iter().any(|f| f.get("fix").is_some());
    if has_fix && args[0] == "check" {
        out.push('\n');
        out.push_str(&apply_fixes(rule, dir, &args, &report));
    }
    out
}

#[test]
fn every_builtin_rule_fires_on_its_fixture_as_its_snapshot_shows() {
    let mut missing: Vec<PathBuf> = Vec::new();
    for rule in builtin_rules() {
        let dir = format!("tests/fixtures/rules/{rule}");
        if !root().join(&dir).is_dir() {
            missing.push(root().join(&dir));
            continue;
        }
        let text = snapshot(&rule, &dir);
        insta::assert_snapshot!(rule.replace('/', "__"), text);
    }
    assert!(
        missing.is_empty(),
        "built-in rules without a fixture (a folder that fires the rule): {missing:?}"
    );
}
