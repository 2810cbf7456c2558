//! Each example under `examples/` gives the findings its comment promises,
//! at the right line and column, in every output format. The rendered
//! outputs are snapshot-tested (`tests/it/snapshots/`, reviewed with
//! `cargo insta review`), so a change to a message, a span or a fix shows
//! up in review.

use crate::common;

use common::{check, json, positions, run};

fn expect_positions(example: &str, expected: &[(&str, u64, u64)]) -> serde_json::Value {
    let (code, report) = json(check(&format!("examples/{example}"), &["--format", "json"]));
    let expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|(r, l, c)| (r.to_string(), *l, *c))
        .collect();
    assert_eq!(positions(&report), expected, "{example}: {report:#}");
    let errors = report["summary"]["errors"].as_u64().unwrap_or_default();
    assert_eq!(
        code,
        if errors > 0 { 1 } else { 0 },
        "{example}: exit status"
    );
    report
}

fn fix_of(report: &serde_json::Value, i: usize) -> (&str, &str) {
    let fix = &report["findings"][i]["fix"];
    (
        fix["replacement"].as_str().unwrap_or("<no fix>"),
        fix["applicability"].as_str().unwrap_or("<no fix>"),
    )
}

#[test]
fn a_codegen_team_on_models_past_end_of_life() {
    let report = expect_positions(
        "codegen-past-eol",
        &[
            ("availability/requires-inference-profile", 18, 9),
            ("lifecycle/end-of-life", 18, 9),
            ("availability/region-unavailable", 23, 9),
            ("availability/requires-inference-profile", 23, 9),
            ("lifecycle/end-of-life", 23, 9),
            ("lifecycle/end-of-life", 23, 9),
            ("lifecycle/end-of-life", 23, 9),
            ("availability/requires-inference-profile", 28, 9),
            ("lifecycle/end-of-life", 28, 9),
        ],
    );
    // All three models are past end of life, with their dates...
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "lifecycle/end-of-life" && f["severity"] == "error")
        .filter_map(|f| f["message"].as_str())
        .collect();
    // (Claude 3.5 Sonnet v2's date differs by Region.)
    assert_eq!(messages.len(), 4);
    assert!(messages[0].contains("on 2026-04-28"));
    assert!(messages[1].contains("on 2026-03-01 in us-east-2"));
    assert!(messages[2].contains("on 2026-07-30 in ap-northeast-1"));
    assert!(messages[3].contains("on 2026-09-10"));
    // ...and each gets a verified suggestion callable from all three Regions,
    // labelled as a suggestion (it changes the model).
    assert_eq!(
        fix_of(&report, 1),
        ("global.anthropic.claude-sonnet-4-6", "unsafe")
    );
    assert_eq!(
        fix_of(&report, 4),
        ("global.anthropic.claude-sonnet-4-6", "unsafe")
    );
    assert_eq!(
        fix_of(&report, 8),
        ("global.anthropic.claude-haiku-4-5-20251001-v1:0", "unsafe")
    );
    let description = report["findings"][8]["fix"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        description.contains("not an AWS recommendation"),
        "{description}"
    );
}

#[test]
fn a_gdpr_workload_using_us_and_global_profiles() {
    let report = expect_positions(
        "gdpr-cross-region",
        &[
            ("availability/profile-source-region", 18, 9),
            ("residency/global-routing", 23, 9),
        ],
    );
    let global = report["findings"][1]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        global.contains("outside the `eu` residency boundary"),
        "{global}"
    );
    assert!(
        global.contains("implied by the `gdpr` compliance tag"),
        "{global}"
    );
    // Same model, reached in-Region: a safe fix for both.
    for i in 0..2 {
        assert_eq!(
            fix_of(&report, i),
            ("anthropic.claude-haiku-4-5-20251001-v1:0", "safe")
        );
    }
}

#[test]
fn the_same_gdpr_workload_made_compliant() {
    let report = expect_positions("gdpr-compliant", &[]);
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn a_profile_only_model_called_by_its_bare_id() {
    let report = expect_positions(
        "profile-only-bare-id",
        &[
            ("availability/requires-inference-profile", 18, 9),
            ("lifecycle/legacy-model", 18, 9),
        ],
    );
    assert_eq!(
        fix_of(&report, 0),
        ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "safe")
    );
    let legacy = report["findings"][1]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        legacy.contains("2027-04-08"),
        "the warning carries the end-of-life date: {legacy}"
    );
    assert_eq!(report["findings"][1]["severity"], "warning");
}

#[test]
fn declared_features_the_models_lack() {
    let report = expect_positions(
        "unsupported-features",
        &[
            ("features/unsupported", 20, 13),
            ("availability/requires-inference-profile", 24, 9),
            ("features/unsupported", 25, 13),
            ("lifecycle/legacy-model", 29, 9),
            ("features/output-limit", 30, 21),
        ],
    );
    assert_eq!(
        fix_of(&report, 0),
        ("<no fix>", "<no fix>"),
        "no Nova Micro successor has vision"
    );
    assert_eq!(
        fix_of(&report, 2),
        ("us.amazon.nova-pro-v1:0", "safe"),
        "the US profile has batch in us-east-2"
    );
    assert_eq!(fix_of(&report, 4), ("4000", "unsafe"));
}

#[test]
fn a_json_manifest() {
    expect_positions(
        "json-manifest",
        &[
            ("lifecycle/end-of-life", 11, 16),
            ("residency/cross-region-routing", 11, 16),
        ],
    );
}

/// The three formats a person or a script reads, locked as snapshots.
#[test]
fn rendered_outputs() {
    for example in [
        "codegen-past-eol",
        "gdpr-cross-region",
        "gdpr-compliant",
        "profile-only-bare-id",
        "unsupported-features",
        "json-manifest",
    ] {
        for format in ["human", "concise", "json"] {
            let out = run(check(&format!("examples/{example}"), &["--format", format]));
            let name = format!("{example}.{format}");
            insta::assert_snapshot!(name, out.stdout);
        }
    }
}

/// The examples keep their promise on the catalog modelgate ships, not only
/// on the frozen test catalog: a catalog refresh that turns the compliant
/// example red, or silences an example's headline finding, fails here.
#[test]
fn the_examples_hold_on_the_embedded_catalog() {
    let expected: &[(&str, &[&str])] = &[
        ("gdpr-compliant", &[]),
        ("codegen-past-eol", &["lifecycle/end-of-life"]),
        ("gdpr-cross-region", &["residency/global-routing"]),
        ("json-manifest", &["residency/cross-region-routing"]),
        (
            "profile-only-bare-id",
            &["availability/requires-inference-profile"],
        ),
        (
            "unsupported-features",
            &["features/unsupported", "features/output-limit"],
        ),
    ];
    for (example, rules) in expected {
        let mut cmd = common::modelgate_embedded();
        cmd.args(["check", &format!("examples/{example}")]).args([
            "--today",
            "2026-11-29",
            "--format",
            "json",
        ]);
        let (code, report) = json(cmd);
        let found: std::collections::BTreeSet<String> = positions(&report)
            .into_iter()
            .map(|(rule, ..)| rule)
            .collect();
        if rules.is_empty() {
            assert_eq!(code, 0, "{example} is compliant: {report:#}");
            assert!(found.is_empty(), "{example}: {found:?}");
        }
        for rule in *rules {
            assert!(found.contains(*rule), "{example} reports {rule}: {found:?}");
        }
    }
}
