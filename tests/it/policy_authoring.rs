//! Writing, testing and running your own Rego, as a policy author meets it:
//! the limits every evaluation runs under, the mistakes refused or warned
//! about at load, rule failures that are located and contained, conftest
//! policies, `modelgate test`, `modelgate new rule`, and the organisation
//! policies shipped under examples/policies/.

use crate::common;

use common::{check, fails_with, json, modelgate, positions, run};

const AUTHORING: &str = "tests/fixtures/authoring";

fn policy(case: &str) -> String {
    format!("{AUTHORING}/{case}")
}

fn test_cmd(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.arg("test").args(args);
    cmd
}

// --- limits (issue 11.5) ---------------------------------------------------

#[test]
fn recursion_is_refused_at_load_in_check_and_in_test() {
    let out = fails_with(
        check("examples/gdpr-compliant", &["--policy", &policy("recursion")]),
        &[
            "recursion/rule.rego:7:13: `depth` depends on itself (depth → depth): recursion is not allowed in Rego",
        ],
    );
    assert!(!out.stderr.contains("overflow"), "{}", out.stderr);
    fails_with(
        test_cmd(&[&policy("recursion-test")]),
        &["loop_test.rego:4:12: `ping` depends on itself (ping → pong → ping)"],
    );
}

#[test]
fn a_huge_range_is_a_located_error_and_the_other_rules_still_report() {
    let out = run(check(
        "examples/gdpr-cross-region",
        &["--policy", &policy("range"), "--format", "json"],
    ));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("json report");
    let found = positions(&report);
    assert!(
        found
            .iter()
            .any(|(rule, ..)| rule == "residency/global-routing"),
        "the built-in rules still report: {found:?}"
    );
    for needle in [
        "range/rule.rego:8:21: rule `acme/range` failed on examples/gdpr-cross-region/modelgate.toml",
        "numbers.range would build 1000000000 numbers",
        "--memory-limit",
    ] {
        assert!(out.stderr.contains(needle), "`{needle}` in:\n{}", out.stderr);
    }
}

#[test]
fn a_test_over_the_time_limit_is_an_error_naming_the_test() {
    let started = std::time::Instant::now();
    let out = run(test_cmd(&[&policy("slow-test"), "--time-limit", "300ms"]));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(
            "ERROR data.acme.slow_test.test_slow (tests/fixtures/authoring/slow-test/slow_test.rego:4): the evaluation took longer than the time limit of 300 ms"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("1 passed, 1 failed\n"),
        "{}",
        out.stdout
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "the limit stopped the test"
    );
    fails_with(
        test_cmd(&[&policy("slow-test"), "--time-limit", "soon"]),
        &["invalid value 'soon' for '--time-limit <DURATION>'"],
    );
}

#[test]
fn the_memory_limit_is_settable_on_test() {
    // Three million numbers need more than 32 MiB: refused before they
    // are built.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("range_test.rego"),
        "package acme.range_test\n\ntest_range if count(numbers.range(1, 3000000)) == 3000000\n",
    )
    .expect("write test");
    let path = dir.path().to_str().expect("utf-8");
    let out = run(test_cmd(&[path]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    let out = run(test_cmd(&[path, "--memory-limit", "32M"]));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("numbers.range would build 3000000 numbers"),
        "{}",
        out.stdout
    );
}

// --- determinism and built-ins (issues 11.8, 13.4) -------------------------

#[test]
fn functions_that_break_determinism_are_refused_at_load() {
    fails_with(
        check("examples/gdpr-compliant", &["--policy", &policy("now")]),
        &[
            "now/rule.rego:8:2: `time.now_ns` is not available to rules: it reads the clock",
            "input.today",
            "--today",
        ],
    );
    fails_with(
        check("examples/gdpr-compliant", &["--policy", &policy("rand")]),
        &["rand/rule.rego:7:69: `rand.intn` is not available to rules"],
    );
}

#[test]
fn an_unknown_function_is_an_error_at_load_even_where_it_never_runs() {
    fails_with(
        check(
            "examples/gdpr-compliant",
            &["--policy", &policy("unknown-function")],
        ),
        &[
            "unknown-function/rule.rego:10:2: unknown function `startwith`",
            "did you mean `startswith`?",
        ],
    );
}

#[test]
fn the_builtin_families_policy_authors_use_are_available() {
    // A single test file may be given instead of a folder.
    let out = run(test_cmd(&[&format!(
        "{}/families_test.rego",
        policy("builtins")
    )]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.ends_with("12 passed, 0 failed\n"),
        "{}",
        out.stdout
    );
}

/// The findings of `rule` in a JSON report.
fn findings_of<'r>(
    report: &'r serde_json::Value,
    rule: &'r str,
) -> impl Iterator<Item = &'r serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(move |f| f["rule"] == rule)
}

/// The test builders (`data.modelgate.lib.testing`) are left out of runs
/// whose policies do not name them; a rule that does name them gets them.
#[test]
fn a_rule_that_uses_the_test_builders_gets_them() {
    let (code, report) = json(check(
        "examples/codegen-past-eol",
        &[
            "--policy",
            &policy("uses-test-builders"),
            "--format",
            "json",
            "--no-config",
        ],
    ));
    assert_eq!(code, 1, "the example's own findings");
    let lines: Vec<u64> = findings_of(&report, "acme/builders")
        .filter_map(|f| f["line"].as_u64())
        .collect();
    assert_eq!(lines, [28]);
}

/// A run of the built-in rules alone leaves `data.catalog` out (it is built
/// for the rules that read it); a user's rule that reads it must still get
/// it in every command, or its conditions on it would be undefined and pass
/// in silence.
#[test]
fn a_rule_that_reads_data_catalog_gets_it_in_check_and_audit() {
    let policy = policy("reads-catalog");
    let check = json(check(
        "examples/gdpr-compliant",
        &["--policy", &policy, "--format", "json", "--no-config"],
    ));
    let mut audit = modelgate();
    audit.args(["audit", "examples/gdpr-compliant", "--today", common::TODAY]);
    audit.args(["--policy", &policy, "--format", "json", "--no-config"]);
    for (command, (code, report)) in [("check", check), ("audit", json(audit))] {
        assert_eq!(code, 0, "{command}: warnings only");
        let messages: Vec<&str> = findings_of(&report, "acme/eu-member")
            .filter_map(|f| f["message"].as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "`eu.anthropic.claude-haiku-4-5-20251001-v1:0` is called from Europe (Ireland), an EU member state",
                "`qwen.qwen3-32b-v1:0` is called from Europe (Ireland), an EU member state",
            ],
            "{command}"
        );
    }
}

// --- no silent no-ops (issue 13.7) -----------------------------------------

fn rules_with(case: &str) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.args(["rules", "--no-default-policies", "--policy", &policy(case)]);
    cmd
}

#[test]
fn package_mistakes_are_located_errors() {
    fails_with(
        rules_with("deep-package"),
        &["deep-package/rule.rego:5:1: rule package `modelgate.rules.acme.cost.budget` is not `modelgate.rules.<family>.<name>`"],
    );
    fails_with(
        rules_with("near-miss"),
        &[
            "near-miss/rule.rego:6:1: package `modelgate.rule.acme.typo` is almost `modelgate.rules.…`",
            "did you mean `package modelgate.rules.acme.typo`?",
        ],
    );
    fails_with(
        rules_with("no-findings"),
        &["no-findings/rule.rego:5:1: rule package `modelgate.rules.acme.quiet` declares no `findings` rule"],
    );
}

#[test]
fn metadata_that_would_be_ignored_or_cut_is_warned_about() {
    for (case, needle) in [
        (
            "rule-metadata",
            "rule-metadata/rule.rego:7:1: this # METADATA block annotates a rule",
        ),
        (
            "unknown-key",
            "unknown-key/rule.rego:5:5: modelgate does not read `custom.remedation`",
        ),
        (
            "hash",
            "hash/rule.rego:5:45: ` #` starts a YAML comment, so `#platform-ai.` is dropped",
        ),
    ] {
        let out = run(rules_with(case));
        assert_eq!(out.code, 0, "{case}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{case}:\n{}", out.stderr);
    }
    let out = run(rules_with("unknown-key"));
    assert!(
        out.stderr.contains("did you mean `remediation`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_finding_or_fix_of_the_wrong_shape_names_the_rule_and_its_file() {
    for (case, needle) in [
        ("wrong-shape", "wrong-shape/rule.rego:7:1: rule `acme/shape` failed on examples/unsupported-features/modelgate.toml: it returned a finding of the wrong shape: a finding has an unknown field `text`"),
        ("wrong-fix-type", "rule `acme/fix-type` failed on examples/unsupported-features/modelgate.toml: it returned a finding of the wrong shape: the fix for `/models/2/max_output_tokens` replaces it with a string (`\"lots\"`), but the manifest needs a positive integer there"),
        ("safe-fix", "rule `acme/safe-fix` failed on examples/unsupported-features/modelgate.toml: it returned a finding of the wrong shape: a rule cannot mark its fix safe"),
    ] {
        let out = run(check(
            "examples/unsupported-features",
            &["--policy", &policy(case), "--format", "json"],
        ));
        assert_eq!(out.code, 2, "{case}");
        assert!(out.stderr.contains(needle), "{case}:\n{}", out.stderr);
        let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        assert!(
            positions(&report).iter().any(|(r, ..)| r == "features/unsupported"),
            "{case}: the other rules still report"
        );
    }
}

#[test]
fn related_resources_is_the_help_url_in_explain_and_sarif() {
    let mut cmd = modelgate();
    cmd.args(["explain", "acme/linked", "--policy", &policy("related")]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("More: https://platform.example.com/rules/linked"),
        "{}",
        out.stdout
    );
    let (_, sarif) = json(check(
        "examples/gdpr-compliant",
        &["--policy", &policy("related"), "--format", "sarif"],
    ));
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let linked = rules
        .iter()
        .find(|r| r["id"] == "acme/linked")
        .expect("acme/linked");
    assert_eq!(
        linked["helpUri"],
        "https://platform.example.com/rules/linked"
    );
    assert!(
        rules
            .iter()
            .filter(|r| r["id"] != "acme/linked")
            .all(|r| r.get("helpUri").is_none()),
        "no helpUri where none is given"
    );
}

// --- runtime errors located and contained (issue 13.8) ---------------------

#[test]
fn a_failing_rule_is_located_per_manifest_and_everything_else_is_reported() {
    let out = run(check(
        "examples",
        &["--policy", &policy("runtime-error"), "--format", "json"],
    ));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let files: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(files.len() >= 5, "every manifest still reports: {files:?}");
    let failures = out
        .stderr
        .matches("runtime-error/rule.rego:10:17: rule `acme/fragile` failed on examples/")
        .count();
    assert_eq!(failures, 6, "one error per manifest:\n{}", out.stderr);
    assert!(
        out.stderr.contains("could not parse string as number"),
        "{}",
        out.stderr
    );
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(errors.iter().all(|e| e["line"] == 10 && e["column"] == 17));

    // audit judges the same manifests with the same core: the same errors.
    let mut cmd = modelgate();
    cmd.args(["audit", "examples", "--policy", &policy("runtime-error")]);
    cmd.args(["--format", "json", "--today", "2026-11-29"]);
    let out = run(cmd);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(!report["findings"].as_array().expect("findings").is_empty());
}

#[test]
fn print_output_is_located_and_shown_once_per_evaluation() {
    // This manifest has findings with fixes: each fix is verified by a
    // trial evaluation, which prints nothing.
    let out = run(check(
        "examples/unsupported-features",
        &["--policy", &policy("print"), "--format", "concise"],
    ));
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr
            .matches("tests/fixtures/authoring/print/rule.rego:8: entries: 3")
            .count(),
        1,
        "{}",
        out.stderr
    );
}

// --- conftest policies (issue 13.2) ----------------------------------------

#[test]
fn conftest_policies_run_unchanged() {
    let (code, report) = json(check(
        "examples/gdpr-compliant",
        &["--policy", &policy("conftest"), "--format", "json"],
    ));
    assert_eq!(code, 1, "deny is an error");
    let found = positions(&report);
    let conftest: Vec<_> = found
        .iter()
        .filter(|(rule, ..)| rule == "conftest/main")
        .collect();
    // One Anthropic entry (deny) and the first model (warn).
    assert_eq!(conftest.len(), 2, "{found:?}");
    assert!(
        conftest.contains(&&("conftest/main".to_string(), 1, 1)),
        "a message without a pointer is at the first line: {found:?}"
    );
    assert!(
        conftest.contains(&&("conftest/main".to_string(), 19, 9)),
        "the pointer of an object locates it: {found:?}"
    );
    let warn = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["message"] == "first model named here")
        .expect("the warn finding");
    assert_eq!(warn["severity"], "warning");

    let (_, report) = json(check(
        "examples/unsupported-features",
        &["--policy", &policy("conftest"), "--format", "json"],
    ));
    assert!(
        positions(&report).contains(&("acme/no-us-regions".to_string(), 14, 12)),
        "custom.id names a violation rule"
    );

    let mut cmd = modelgate();
    cmd.args([
        "rules",
        "--no-default-policies",
        "--policy",
        &policy("conftest"),
    ]);
    let out = run(cmd);
    assert!(out.stdout.contains("acme/no-us-regions"), "{}", out.stdout);
    assert!(out.stdout.contains("conftest/main"), "{}", out.stdout);
}

// --- modelgate test (issue 13.5) -------------------------------------------

#[test]
fn test_filters_times_and_explains_failures() {
    let out = run(test_cmd(&[
        "policies",
        "--run",
        "global_routing_test",
        "-v",
    ]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[..lines.len() - 1].iter().all(|l| l
            .starts_with("PASS data.modelgate.rules.residency.global_routing_test.")
            && l.ends_with(" ms)")),
        "{}",
        out.stdout
    );

    fails_with(
        test_cmd(&["policies", "--run", "no_such_test"]),
        &["no test matches --run `no_such_test`"],
    );

    let out = run(test_cmd(&["tests/fixtures/failing-test"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("FAIL data.modelgate.rules.acme.always_test.test_fails (tests/fixtures/failing-test/always_test.rego:4,"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("  stopped at tests/fixtures/failing-test/always_test.rego:5: 1 == 2"),
        "{}",
        out.stdout
    );
}

#[test]
fn test_reports_coverage_and_fails_below_the_minimum() {
    let out = run(test_cmd(&["examples/policies", "--coverage"]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("100.0%  examples/policies/platform/allowed-providers.rego"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("lib/finding.rego"),
        "only the files under test"
    );

    // Two of the four tests leave the rule's fix branch uncovered.
    let out = run(test_cmd(&[
        "examples/policies",
        "--run",
        "cheap_output_cap_test.test_an_entry_outside",
        "--coverage-min",
        "99",
    ]));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("is below --coverage-min 99"),
        "{}",
        out.stderr
    );
}

#[test]
fn test_speaks_json() {
    let (code, doc) = json(test_cmd(&[
        "tests/fixtures/failing-test",
        "--format",
        "json",
        "--coverage",
    ]));
    assert_eq!(code, 1);
    assert_eq!(doc["summary"]["passed"], 1);
    assert_eq!(doc["summary"]["failed"], 1);
    let failed = doc["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|t| t["outcome"] == "fail")
        .expect("a failed test");
    assert_eq!(failed["line"], 4);
    assert_eq!(failed["stopped_at"]["line"], 5);
    assert!(failed["duration_ms"].is_number());
    assert!(doc["coverage"]["percent"].is_number());
}

#[test]
fn test_rules_and_explain_honour_the_project_configuration() {
    let project = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(policy("config-project"));
    let mut cmd = modelgate();
    cmd.current_dir(&project).arg("test");
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.ends_with("1 passed, 0 failed\n"),
        "{}",
        out.stdout
    );

    let mut cmd = modelgate();
    cmd.current_dir(&project).arg("rules");
    let out = run(cmd);
    assert!(out.stdout.contains("acme/configured"), "{}", out.stdout);

    let mut cmd = modelgate();
    cmd.current_dir(&project)
        .args(["explain", "acme/configured"]);
    assert_eq!(run(cmd).code, 0);

    let mut cmd = modelgate();
    cmd.current_dir(&project).args(["rules", "--no-config"]);
    assert!(!run(cmd).stdout.contains("acme/configured"));
}

// --- scaffold (issue 13.9) -------------------------------------------------

#[test]
fn new_rule_writes_a_rule_whose_two_tests_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("org-policies");
    let folder = folder.to_str().expect("utf-8");
    let mut cmd = modelgate();
    cmd.args([
        "new",
        "rule",
        "platform/approved-models",
        "--policy",
        folder,
    ]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("approved-models_test.rego"),
        "{}",
        out.stdout
    );

    let out = run(test_cmd(&[folder, "-v", "--coverage-min", "100"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.ends_with("2 passed, 0 failed\n"),
        "{}",
        out.stdout
    );

    let mut cmd = modelgate();
    cmd.args([
        "new",
        "rule",
        "platform/approved-models",
        "--policy",
        folder,
    ]);
    fails_with(cmd, &["already exists"]);
    let mut cmd = modelgate();
    cmd.args(["new", "rule", "Platform", "--policy", folder]);
    fails_with(cmd, &["is not a rule id"]);
}

// --- the organisation policies (authoring review, section 1) ----------------

#[test]
fn the_organisation_policies_report_end_to_end() {
    let (code, report) = json(check(
        "tests/fixtures/org-policies",
        &[
            "--policy",
            "examples/policies",
            "--select",
            "platform",
            "--format",
            "json",
        ],
    ));
    assert_eq!(code, 1);
    let found = positions(&report);
    for expected in [
        ("platform/gdpr-eu-legal-boundary", 7, 25),
        ("platform/eol-within-180-days", 12, 9),
        ("platform/no-extended-thinking-in-prod", 13, 13),
        ("platform/cheap-output-cap", 19, 21),
        ("platform/allowed-providers", 23, 9),
    ] {
        assert!(
            found.contains(&(expected.0.to_string(), expected.1, expected.2)),
            "{expected:?} in {found:?}"
        );
    }
    let fixes: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["fix"]["replacement"].as_str())
        .collect();
    assert!(fixes.contains(&"4096"), "{fixes:?}");
    assert!(fixes.contains(&"[\"tool-use\"]"), "{fixes:?}");

    let out = run(test_cmd(&["examples/policies", "--coverage-min", "90"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}
