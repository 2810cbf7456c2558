//! Policies as a user meets them: the built-in Rego unit tests, custom rule
//! folders, broken policies, and the rule documentation commands.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{check, copy_dir, fails_with, json, modelgate, positions, run};

/// The built-in rules as `modelgate rules --json` lists them.
fn builtin_rules() -> Vec<serde_json::Value> {
    let mut cmd = modelgate();
    cmd.args(["rules", "--json"]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let list: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).expect("json");
    assert!(!list.is_empty(), "modelgate rules lists no rule");
    list
}

fn rule_id(rule: &serde_json::Value) -> &str {
    rule["id"].as_str().expect("a rule has an id")
}

fn policies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")
}

/// `policies/<family>/<name>.rego` of every rule file (not tests, not lib).
fn rule_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for family in std::fs::read_dir(policies_dir()).expect("policies/") {
        let family = family.expect("entry").path();
        if !family.is_dir() || family.ends_with("lib") {
            continue;
        }
        for file in std::fs::read_dir(&family).expect("family folder") {
            let path = file.expect("entry").path();
            let name = path.to_string_lossy().to_string();
            if name.ends_with(".rego") && !name.ends_with("_test.rego") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `family/name` → `modelgate.rules.family.name` (`-` becomes `_`).
fn package_of(id: &str) -> String {
    format!("modelgate.rules.{}", id.replace('/', ".").replace('-', "_"))
}

/// The `package` line of a Rego file.
fn package_line(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.strip_prefix("package "))
        .unwrap_or_default()
        .trim()
}

/// The `# METADATA` block of a rule file, as YAML.
fn metadata(text: &str) -> serde_json::Value {
    let block: String = text
        .lines()
        .skip_while(|l| l.trim() != "# METADATA")
        .skip(1)
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or("")))
        .collect();
    serde_norway::from_str(&block).unwrap_or_else(|e| panic!("METADATA is YAML ({e}):\n{block}"))
}

#[test]
fn builtin_rego_unit_tests_pass_and_all_of_them_run() {
    let declared: usize = rule_files()
        .iter()
        .map(|rule| rule.with_file_name(test_file_name(rule)))
        .map(|test| {
            let text = std::fs::read_to_string(&test).expect("a test file");
            text.lines().filter(|l| l.starts_with("test_")).count()
        })
        .sum();
    for args in [vec!["test", "policies"], vec!["test"]] {
        let mut cmd = modelgate();
        cmd.args(&args);
        let out = run(cmd);
        assert_eq!(out.code, 0, "{args:?}\n{}", out.stdout);
        let last = out.stdout.lines().last().unwrap_or_default();
        assert!(last.ends_with(" passed, 0 failed"), "{last}");
        let passed: usize = last.split(' ').next().unwrap_or("0").parse().unwrap_or(0);
        assert!(
            passed >= declared,
            "{args:?}: {passed} Rego tests ran, the rule test files declare {declared}"
        );
    }
}

fn test_file_name(rule: &Path) -> String {
    let stem = rule
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    format!("{stem}_test.rego")
}

#[test]
fn every_builtin_rule_is_one_file_whose_path_package_and_metadata_agree() {
    let listed: Vec<String> = builtin_rules()
        .iter()
        .map(|r| rule_id(r).to_string())
        .collect();
    let root = policies_dir();
    let mut from_files = Vec::new();
    for path in rule_files() {
        let relative = path.strip_prefix(&root).expect("under policies/");
        let id = relative
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).expect("read rule");
        assert_eq!(
            package_line(&text),
            package_of(&id),
            "{}: the package must match the path",
            path.display()
        );
        let meta = metadata(&text);
        assert_eq!(
            meta["custom"]["id"].as_str(),
            Some(id.as_str()),
            "{}: METADATA custom.id",
            path.display()
        );
        for key in ["title", "description"] {
            let value = meta[key].as_str().unwrap_or_default();
            assert!(!value.trim().is_empty(), "{}: no {key}", path.display());
        }
        let remediation = meta["custom"]["remediation"].as_str().unwrap_or_default();
        assert!(
            !remediation.trim().is_empty(),
            "{}: no custom.remediation",
            path.display()
        );
        let severity = meta["custom"]["severity"].as_str().unwrap_or_default();
        assert!(
            ["error", "warning", "info"].contains(&severity),
            "{}: severity `{severity}`",
            path.display()
        );
        from_files.push(id);
    }
    from_files.sort();
    assert_eq!(
        listed, from_files,
        "`modelgate rules` lists exactly the rule files"
    );
    for rule in builtin_rules() {
        for key in ["title", "description", "remediation"] {
            let value = rule[key].as_str().unwrap_or_default();
            assert!(!value.trim().is_empty(), "{}: no {key}", rule_id(&rule));
        }
    }
}

/// The outcome of each test of one rule's `_test.rego`, with the rule
/// file replaced by `mutant` (a copy of policies/ in a temp folder).
fn outcomes_with(rule: &Path, mutant: &str) -> BTreeMap<String, bool> {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("policies");
    copy_dir(&policies_dir(), &copy);
    let relative = rule.strip_prefix(policies_dir()).expect("under policies/");
    let text = std::fs::read_to_string(rule).expect("read rule");
    assert!(text.contains("\nfindings contains "), "{}", rule.display());
    // The rule's own findings renamed, and `findings` redefined from them.
    let renamed = text.replace("\nfindings contains ", "\n_original_findings contains ");
    std::fs::write(
        copy.join(relative),
        format!("{renamed}\nfindings := {mutant}\n"),
    )
    .expect("write mutant");
    let tests = format!("^data\\.{}_test\\.", regex_escape(package_line(&text)));
    let mut cmd = modelgate();
    cmd.args(["test", "--format", "json", "--run", &tests])
        .arg(&copy);
    let out = run(cmd);
    let report: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    report["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap_or_default().to_string(),
                t["outcome"] == "pass",
            )
        })
        .collect()
}

fn regex_escape(text: &str) -> String {
    text.replace('.', "\\.")
}

/// Every rule's tests hold one that fires it and one that asserts it does
/// not fire, judged by what they do rather than by their names: a firing
/// test fails once the rule can never fire; a not-firing test passes then,
/// and fails once the rule fires on every input.
#[test]
fn every_builtin_rule_has_tests_that_fire_it_and_that_do_not() {
    for rule in rule_files() {
        let test = rule.with_file_name(test_file_name(&rule));
        assert!(
            test.exists(),
            "{} has no {}",
            rule.display(),
            test.display()
        );
        let silenced = outcomes_with(&rule, "set()");
        let loud = outcomes_with(
            &rule,
            r#"_original_findings | {{"pointer": "/mutant", "message": "always"}}"#,
        );
        assert!(!silenced.is_empty(), "{}: no test ran", test.display());
        let fires: Vec<&String> = silenced
            .iter()
            .filter(|(_, pass)| !**pass)
            .map(|(n, _)| n)
            .collect();
        let does_not: Vec<&String> = silenced
            .iter()
            .filter(|(name, pass)| **pass && loud.get(*name) == Some(&false))
            .map(|(n, _)| n)
            .collect();
        assert!(
            !fires.is_empty(),
            "{}: no test fails when the rule never fires",
            test.display()
        );
        assert!(
            !does_not.is_empty(),
            "{}: no test asserts that the rule does not fire (passes when it is silent, fails when it always fires)",
            test.display()
        );
    }
}

#[test]
fn a_failing_rego_test_fails_the_run() {
    let mut cmd = modelgate();
    cmd.args(["test", "tests/fixtures/failing-test"]);
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("FAIL data.modelgate.rules.acme.always_test.test_fails"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("1 passed, 1 failed\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn custom_rules_add_to_the_builtin_ones() {
    let dir = "tests/fixtures/custom-policy";
    let (code, report) = json(check(
        dir,
        &[
            "--policy",
            "tests/fixtures/custom-policy/acme",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        code, 0,
        "a warning does not fail the default --fail-on error"
    );
    let found = positions(&report);
    assert!(
        found.contains(&("acme/approved-providers".to_string(), 11, 9)),
        "{found:?}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|(rule, ..)| rule == "acme/approved-providers")
            .count(),
        1,
        "the Amazon model is approved"
    );
    let finding = &report["findings"].as_array().expect("findings")[0];
    assert_eq!(
        finding["severity"], "warning",
        "severity comes from the METADATA block"
    );

    let mut cmd = modelgate();
    cmd.args(["test", "tests/fixtures/custom-policy/acme"]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("2 passed, 0 failed"), "{}", out.stdout);
}

#[test]
fn no_default_policies_leaves_only_custom_rules() {
    let (_, report) = json(check(
        "examples/gdpr-cross-region",
        &[
            "--no-default-policies",
            "--policy",
            "tests/fixtures/custom-policy/acme",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
}

#[test]
fn a_policy_that_does_not_compile_is_located() {
    fails_with(check(
        "tests/fixtures/custom-policy",
        &["--policy", "tests/fixtures/invalid-policy"],
    ), &["tests/fixtures/invalid-policy/broken.rego:12:1: policy does not compile: expecting `}` while parsing query"]);
}

#[test]
fn a_rule_without_metadata_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("bare.rego"),
        "package modelgate.rules.acme.bare\n\nfindings contains {\"pointer\": \"\", \"message\": \"x\"} if { true }\n",
    )
    .expect("write policy");
    fails_with(
        check(
            "tests/fixtures/custom-policy",
            &["--policy", dir.path().to_str().expect("utf-8")],
        ),
        &["has no # METADATA block"],
    );
}

/// The rule ids of DESIGN.md's contract: they are stable.
const DESIGN_RULES: &[&str] = &[
    "reference/unknown-model",
    "reference/malformed",
    "availability/region-unavailable",
    "availability/requires-inference-profile",
    "availability/profile-source-region",
    "residency/region-outside-boundary",
    "residency/cross-region-routing",
    "residency/global-routing",
    "features/unsupported",
    "features/output-limit",
    "lifecycle/legacy-model",
    "lifecycle/end-of-life",
    "lifecycle/eol-approaching",
    "waivers/expired",
    "waivers/unused",
];

#[test]
fn rules_lists_every_rule_with_its_severity() {
    let mut cmd = modelgate();
    cmd.arg("rules");
    let out = run(cmd);
    assert_eq!(out.code, 0);
    let ids: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let builtin = builtin_rules();
    let expected: Vec<&str> = builtin.iter().map(rule_id).collect();
    assert_eq!(ids, expected, "one line per rule, sorted by id");
    for id in DESIGN_RULES {
        assert!(ids.contains(id), "the stable id {id} is listed");
    }
    assert!(
        out.stdout
            .contains("lifecycle/legacy-model                   warning"),
        "{}",
        out.stdout
    );

    let mut cmd = modelgate();
    cmd.args([
        "rules",
        "--json",
        "--policy",
        "tests/fixtures/custom-policy/acme",
    ]);
    let out = run(cmd);
    let list: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let ids: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(rule_id)
        .collect();
    let mut expected: Vec<&str> = builtin.iter().map(rule_id).collect();
    expected.push("acme/approved-providers");
    expected.sort();
    assert_eq!(
        ids, expected,
        "the custom rule is listed beside the built-in ones"
    );
}

#[test]
fn explain_prints_the_metadata_block() {
    let mut cmd = modelgate();
    cmd.args(["explain", "residency/global-routing"]);
    let out = run(cmd);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .starts_with("residency/global-routing: Global inference profile"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Default severity: error"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("How to fix:"), "{}", out.stdout);

    let mut cmd = modelgate();
    cmd.args(["explain", "residency/global-routin"]);
    fails_with(cmd, &["did you mean `residency/global-routing`?"]);
}
