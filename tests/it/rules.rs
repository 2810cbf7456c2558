//! Every built-in rule, fired through the real binary on a fixture manifest,
//! at the exact line and column of the value it is about.

use crate::common;

use common::{check, check_on, json, positions};

fn findings(fixture: &str, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    json(check(&format!("tests/fixtures/rules/{fixture}"), &all))
}

fn expect(fixture: &str, args: &[&str], expected: &[(&str, u64, u64)]) -> serde_json::Value {
    let (_, report) = findings(fixture, args);
    let found = positions(&report);
    let expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|(r, l, c)| (r.to_string(), *l, *c))
        .collect();
    assert_eq!(found, expected, "{fixture}: {report:#}");
    report
}

fn message(report: &serde_json::Value, i: usize) -> &str {
    report["findings"][i]["message"]
        .as_str()
        .unwrap_or_default()
}

#[test]
fn reference_rules() {
    let report = expect(
        "reference.toml",
        &[],
        &[
            ("reference/unknown-model", 10, 9),
            ("reference/malformed", 14, 9),
            ("reference/unknown-model", 18, 9),
            ("reference/malformed", 22, 9),
        ],
    );
    assert!(message(&report, 0).contains("did you mean `anthropic.claude-3-haiku-20240307-v1:0`"));
    // The close id is past end of life, so it is named but never offered as a fix.
    assert!(report["findings"][0].get("fix").is_none(), "{report:#}");
    assert!(message(&report, 1).contains("`ap.` is not a geography prefix"));
    assert_eq!(report["findings"][2]["severity"], "info");
    assert!(message(&report, 2).contains("application inference profile"));
}

#[test]
fn availability_rules() {
    expect(
        "availability.toml",
        &[],
        &[
            ("availability/region-unavailable", 12, 9),
            ("availability/profile-source-region", 16, 9),
        ],
    );
}

#[test]
fn residency_region_outside_boundary_points_at_the_region() {
    let report = expect(
        "residency.toml",
        &[],
        &[
            ("residency/region-outside-boundary", 6, 25),
            ("residency/region-outside-boundary", 16, 12),
        ],
    );
    assert!(message(&report, 0).starts_with("eu-west-2 is outside the `eu` residency boundary"));
}

#[test]
fn residency_routing_rules() {
    let report = expect(
        "routing.toml",
        &[],
        &[
            ("residency/cross-region-routing", 12, 9),
            ("residency/global-routing", 16, 9),
        ],
    );
    assert!(
        message(&report, 0).contains("called from eu-west-1 may process requests in eu-central-1")
    );
    // Calling the same model in-Region keeps every request in eu-west-1.
    for i in 0..2 {
        assert_eq!(
            report["findings"][i]["fix"]["replacement"],
            "anthropic.claude-haiku-4-5-20251001-v1:0"
        );
        assert_eq!(report["findings"][i]["fix"]["applicability"], "safe");
    }
}

#[test]
fn lifecycle_rules_follow_today() {
    let report = expect(
        "lifecycle.toml",
        &[],
        &[
            ("lifecycle/eol-approaching", 10, 9),
            ("lifecycle/legacy-model", 10, 9),
        ],
    );
    assert!(message(&report, 0).contains("on 2027-01-08, in 47 days"));
    // A shorter horizon drops the approaching warning.
    expect(
        "lifecycle.toml",
        &["--eol-horizon", "30"],
        &[("lifecycle/legacy-model", 10, 9)],
    );
    // Before the Legacy date: nothing; after end of life: an error.
    let (code, report) = json(check_on(
        "2026-01-01",
        "tests/fixtures/rules/lifecycle.toml",
        &["--format", "json"],
    ));
    assert_eq!((code, positions(&report)), (0, vec![]));
    let (code, report) = json(check_on(
        "2027-01-08",
        "tests/fixtures/rules/lifecycle.toml",
        &["--format", "json"],
    ));
    assert_eq!(code, 1);
    assert_eq!(
        positions(&report),
        [("lifecycle/end-of-life".to_string(), 10, 9)]
    );
}

#[test]
fn arns_and_profiles_are_judged_and_fixed_in_their_own_form() {
    let report = expect(
        "arns-and-profiles.toml",
        &[],
        &[
            ("reference/unknown-model", 12, 9),
            ("availability/region-unavailable", 16, 9),
        ],
    );
    // The model exists: its real profiles are suggested, and the one
    // callable from Tokyo is the verified fix.
    assert!(
        message(&report, 0).contains("did you mean `anthropic.claude-sonnet-4-6`, `au.anthropic")
    );
    let fix = |i: usize| {
        report["findings"][i]["fix"]["replacement"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(fix(0), "jp.anthropic.claude-sonnet-4-6");
    // An ARN pins its Region; the fix moves it to the calling Region.
    assert!(message(&report, 1)
        .contains("is an ARN in us-east-1, so it cannot be called from ap-northeast-1"));
    assert_eq!(
        fix(1),
        "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"
    );
}

/// The Region-less ARN is what a global profile routes to (IAM policies
/// name it): fine without a boundary, global routing under one.
#[test]
fn the_region_less_arn_is_judged_as_the_global_profile() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string("tests/fixtures/rules/arns-and-profiles.toml")
        .expect("read")
        .replace("residency = \"none\"", "residency = \"jp\"");
    let path = dir.path().join("modelgate.toml");
    std::fs::write(&path, text).expect("write");
    let (_, report) = json(check(
        path.to_str().expect("utf-8"),
        &["--format", "json", "--select", "residency"],
    ));
    let found = positions(&report);
    assert_eq!(
        found,
        [("residency/global-routing".to_string(), 20, 9)],
        "{report:#}"
    );
    assert!(message(&report, 0)
        .contains("is the Region-less model ARN a global inference profile routes to"));
}
