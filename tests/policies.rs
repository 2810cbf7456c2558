//! Policies as a user meets them: the built-in Rego unit tests, custom rule
//! folders, broken policies, and the rule documentation commands.

mod common;

use common::{check, fails_with, json, modelgate, positions, run};

#[test]
fn builtin_rego_unit_tests_pass() {
    for args in [vec!["test", "policies"], vec!["test"]] {
        let mut cmd = modelgate();
        cmd.args(&args);
        let out = run(cmd);
        assert_eq!(out.code, 0, "{args:?}\n{}", out.stdout);
        let last = out.stdout.lines().last().unwrap_or_default();
        assert!(last.ends_with(" passed, 0 failed"), "{last}");
        let passed: usize = last.split(' ').next().unwrap_or("0").parse().unwrap_or(0);
        // Every rule has at least one firing and one non-firing test.
        assert!(passed >= 26, "only {passed} Rego tests ran");
    }
}

#[test]
fn every_builtin_rule_has_its_test_file_beside_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut rules = 0;
    for family in std::fs::read_dir(&root).expect("policies/") {
        let family = family.expect("entry").path();
        if !family.is_dir() || family.ends_with("lib") {
            continue;
        }
        for file in std::fs::read_dir(&family).expect("family folder") {
            let path = file.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if name.ends_with(".rego") && !name.ends_with("_test.rego") {
                rules += 1;
                let test = path.with_file_name(name.replace(".rego", "_test.rego"));
                assert!(
                    test.exists(),
                    "{} has no {}",
                    path.display(),
                    test.display()
                );
            }
        }
    }
    assert_eq!(
        rules, 19,
        "DESIGN.md's 15 rules, catalog/stale and the 3 audit/* rules"
    );
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
    assert_eq!(
        ids,
        [
            "audit/stale-baseline",
            "audit/suppression-without-reason",
            "audit/unused-suppression",
            "availability/profile-source-region",
            "availability/region-unavailable",
            "availability/requires-inference-profile",
            "catalog/stale",
            "features/output-limit",
            "features/unsupported",
            "lifecycle/end-of-life",
            "lifecycle/eol-approaching",
            "lifecycle/legacy-model",
            "reference/malformed",
            "reference/unknown-model",
            "residency/cross-region-routing",
            "residency/global-routing",
            "residency/region-outside-boundary",
            "waivers/expired",
            "waivers/unused",
        ]
    );
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
    assert_eq!(list.as_array().map(Vec::len), Some(20));
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
