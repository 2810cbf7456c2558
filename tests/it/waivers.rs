//! Waivers: an active one removes the findings it names, an unused one is a
//! warning, an expired one an error that excuses nothing, and a waiver for
//! a rule that does not exist is refused.

use crate::common;

use common::{check, check_on, fails_with, json, positions};

const FIXTURE: &str = "tests/fixtures/waivers";

#[test]
fn waivers_excuse_expire_and_go_stale() {
    let (code, report) = json(check(FIXTURE, &["--format", "json"]));
    assert_eq!(code, 1);
    assert_eq!(
        positions(&report),
        [
            ("features/unsupported".to_string(), 17, 13),
            ("waivers/unused".to_string(), 25, 1),
            ("waivers/expired".to_string(), 35, 11),
        ],
        "{report:#}"
    );
    // Without its waiver, Llama 3.3's legacy warning is back.
    let (_, unwaived) = json(check(
        FIXTURE,
        &["--format", "json", "--select", "lifecycle", "--no-config"],
    ));
    assert!(
        positions(&unwaived).is_empty(),
        "the legacy warning is waived"
    );
}

#[test]
fn before_expiry_the_waiver_excuses_its_finding() {
    let (code, report) = json(check_on("2026-10-01", FIXTURE, &["--format", "json"]));
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(positions(&report), [("waivers/unused".to_string(), 25, 1)]);
}

#[test]
fn a_waiver_for_an_unknown_rule_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("modelgate.toml");
    std::fs::write(
        &path,
        "version = 1\n[workload]\nregions = [\"us-east-1\"]\n[[models]]\nmodel = \"amazon.nova-lite-v1:0\"\n\
         [[waivers]]\nrule = \"lifecycle/legacy-modle\"\nreason = \"x\"\nexpires = \"2027-01-01\"\n",
    )
    .expect("write");
    fails_with(
        check(path.to_str().expect("utf-8"), &[]),
        &[
            ":7:8: the waiver's rule `lifecycle/legacy-modle` names no rule",
            "did you mean `lifecycle/legacy-model`?",
        ],
    );
}
