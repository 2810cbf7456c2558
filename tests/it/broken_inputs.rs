//! One broken input hides nothing: every other manifest is still judged and
//! reported, the broken one is a located error inside the report, the run
//! exits 2, and a machine format always writes one complete document.

use crate::common;

use common::{check, json, modelgate, run, TODAY};

const BOTH: [&str; 2] = ["tests/fixtures/broken/good", "tests/fixtures/broken/bad"];

fn check_both(format: &str) -> assert_cmd::Command {
    let mut cmd = check(BOTH[0], &["--format", format]);
    cmd.arg(BOTH[1]);
    cmd
}

#[test]
fn json_reports_the_good_manifest_and_the_broken_one() {
    let (code, report) = json(check_both("json"));
    assert_eq!(code, 2, "{report:#}");
    let findings = report["findings"].as_array().expect("findings");
    assert!(
        findings
            .iter()
            .any(|f| f["file"] == "tests/fixtures/broken/good/modelgate.toml"),
        "the good manifest's findings are kept: {report:#}"
    );
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(
        errors[0]["file"],
        "tests/fixtures/broken/bad/modelgate.toml"
    );
    assert_eq!(errors[0]["line"], 1);
    assert_eq!(errors[0]["column"], 11);
    assert_eq!(errors[0]["message"], "unsupported manifest version 2");
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn sarif_says_the_run_was_not_successful_and_where() {
    let (code, sarif) = json(check_both("sarif"));
    assert_eq!(code, 2);
    let run = &sarif["runs"][0];
    assert!(!run["results"].as_array().expect("results").is_empty());
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    let location = &notification["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/fixtures/broken/bad/modelgate.toml"
    );
    assert_eq!(location["region"]["startLine"], 1);
}

#[test]
fn github_junit_human_and_concise_carry_the_error_too() {
    let github = run(check_both("github"));
    assert_eq!(github.code, 2);
    assert!(github.stdout.contains(
        "::error file=tests/fixtures/broken/bad/modelgate.toml,line=1,col=11,title=modelgate::unsupported manifest version 2"
    ), "{}", github.stdout);
    assert!(github
        .stdout
        .contains("file=tests/fixtures/broken/good/modelgate.toml"));

    let junit = run(check_both("junit"));
    assert_eq!(junit.code, 2);
    let doc = roxmltree::Document::parse(&junit.stdout).expect("well-formed XML");
    let bad = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testcase")
                && n.attribute("name") == Some("tests/fixtures/broken/bad/modelgate.toml")
        })
        .expect("a test case for the broken manifest");
    assert!(bad.children().any(|c| c.has_tag_name("error")));
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("suite");
    assert_eq!(suite.attribute("errors"), Some("1"));

    for format in ["human", "concise"] {
        let out = run(check_both(format));
        assert_eq!(out.code, 2, "{format}");
        assert!(
            out.stderr.contains(
                "tests/fixtures/broken/bad/modelgate.toml:1:11: unsupported manifest version 2"
            ),
            "{format}: {}",
            out.stderr
        );
        assert!(
            out.stdout
                .contains("tests/fixtures/broken/good/modelgate.toml"),
            "{format}: the good manifest is reported: {}",
            out.stdout
        );
    }
}

#[test]
fn a_run_that_fails_before_judging_still_writes_a_document() {
    let mut cmd = check(
        BOTH[0],
        &["--format", "sarif", "--policy", "no/such/folder"],
    );
    cmd.arg("--no-config");
    let (code, sarif) = json(cmd);
    assert_eq!(code, 2);
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    let text = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]
        ["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(text.contains("no/such/folder"), "{text}");

    let mut cmd = check(BOTH[0], &["--format", "json", "--policy", "no/such/folder"]);
    cmd.arg("--no-config");
    let (code, report) = json(cmd);
    assert_eq!(code, 2);
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(1));
}

#[test]
fn audit_judges_the_code_below_a_broken_manifest() {
    let mut cmd = modelgate();
    cmd.args([
        "audit",
        "tests/fixtures/broken/audit",
        "--today",
        TODAY,
        "--format",
        "json",
        "--no-config",
        "--compliance",
        "gdpr",
        "--regions",
        "eu-west-1",
    ]);
    let (code, report) = json(cmd);
    assert_eq!(code, 2, "{report:#}");
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"residency/global-routing"), "{rules:?}");
    assert!(rules.contains(&"lifecycle/end-of-life"), "{rules:?}");
    assert_eq!(
        report["errors"][0]["file"],
        "tests/fixtures/broken/audit/svc/modelgate.toml"
    );
}
