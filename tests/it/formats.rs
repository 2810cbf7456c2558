//! The CI formats: SARIF for code scanning, GitHub workflow commands, JUnit
//! XML (parsed here with a real XML parser).

use crate::common;

use common::{check, copy_dir, json, modelgate, run};

/// Every rule in force is described in the SARIF driver.
fn builtin_rule_count() -> usize {
    let mut cmd = modelgate();
    cmd.args(["rules", "--json"]);
    let (_, rules) = json(cmd);
    rules.as_array().map(Vec::len).unwrap_or_default()
}

#[test]
fn sarif_carries_rules_results_regions_and_fixes() {
    let (code, log) = json(check("examples/gdpr-cross-region", &["--format", "sarif"]));
    assert_eq!(code, 1);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), builtin_rule_count());
    for rule in rules {
        for key in [
            "id",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
        ] {
            assert!(rule.get(key).is_some(), "rule without {key}: {rule}");
        }
    }
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap_or_default()
        .starts_with("file://"));
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let first = &results[0];
    assert_eq!(first["ruleId"], "availability/profile-source-region");
    assert_eq!(first["level"], "error");
    let rule_index = first["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[rule_index]["id"], first["ruleId"]);
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "examples/gdpr-cross-region/modelgate.toml"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 18, "startColumn": 9, "endLine": 18, "endColumn": 54})
    );
    let replacement = &first["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "\"anthropic.claude-haiku-4-5-20251001-v1:0\""
    );
    assert_eq!(replacement["deletedRegion"], location["region"]);
}

#[test]
fn sarif_without_findings_is_still_a_complete_log() {
    let (code, log) = json(check("examples/gdpr-compliant", &["--format", "sarif"]));
    assert_eq!(code, 0);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(builtin_rule_count())
    );
}

#[test]
fn sarif_fingerprints_survive_lines_moving() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        std::path::Path::new("examples/gdpr-cross-region"),
        dir.path(),
    );
    let manifest = dir.path().join("modelgate.toml");
    let path = manifest.to_str().expect("utf-8").to_string();
    let fingerprints = |log: &serde_json::Value| -> Vec<(String, u64)> {
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["modelgate/v1"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap_or_default(),
                )
            })
            .collect()
    };
    let (_, before) = json(check(&path, &["--format", "sarif"]));
    let text = std::fs::read_to_string(&manifest).expect("read");
    std::fs::write(&manifest, format!("# a new comment\n# and another\n{text}")).expect("write");
    let (_, after) = json(check(&path, &["--format", "sarif"]));
    let (before, after) = (fingerprints(&before), fingerprints(&after));
    assert_eq!(before.len(), 2);
    for ((fp_before, line_before), (fp_after, line_after)) in before.iter().zip(&after) {
        assert_eq!(fp_before, fp_after, "same finding, same fingerprint");
        assert_eq!(line_before + 2, *line_after, "the lines did move");
    }
    assert_ne!(before[0].0, before[1].0, "different findings differ");
}

#[test]
fn github_annotations() {
    let out = run(check(
        "examples/unsupported-features",
        &["--format", "github"],
    ));
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(
        lines[0].starts_with(
            "::error file=examples/unsupported-features/modelgate.toml,line=20,col=13,endLine=20,endColumn=21,title=modelgate features/unsupported::"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[3].starts_with("::warning file="), "{}", lines[3]);
    // A fix goes on a second line of the message, escaped as GitHub requires.
    assert!(
        lines[2].contains("%0Acall `us.amazon.nova-pro-v1:0` instead"),
        "{}",
        lines[2]
    );
    assert!(lines.iter().all(|l| !l.contains('\r')));
}

#[test]
fn junit_is_one_case_per_manifest_and_one_failure_per_failing_finding() {
    let out = run(check("examples", &["--format", "junit"]));
    assert_eq!(out.code, 1);
    let doc = roxmltree::Document::parse(&out.stdout).expect("well-formed XML");
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    assert_eq!(suites.attribute("tests"), Some("6"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 6);
    let compliant = cases
        .iter()
        .find(|c| c.attribute("name") == Some("examples/gdpr-compliant/modelgate.toml"))
        .expect("the compliant example is a case");
    assert_eq!(
        compliant
            .children()
            .filter(|n| n.has_tag_name("failure"))
            .count(),
        0
    );
    let (_, report) = json(check("examples", &["--format", "json"]));
    let errors = report["summary"]["errors"].as_u64().unwrap_or_default() as usize;
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(
        failures, errors,
        "with --fail-on error, each error is a failure"
    );
    let failed_cases = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count()
        .to_string();
    assert_eq!(suites.attribute("failures"), Some(failed_cases.as_str()));
    // Warnings fail the gate when asked to.
    let out = run(check(
        "examples/profile-only-bare-id",
        &["--format", "junit", "--fail-on", "warning"],
    ));
    let doc = roxmltree::Document::parse(&out.stdout).expect("well-formed XML");
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count(),
        2
    );
}

#[test]
fn paths_are_written_without_dot_slash_in_every_format() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gdpr-cross-region");
    let in_example = |format: &str| {
        let mut cmd = common::modelgate();
        cmd.current_dir(&dir)
            .args(["check", ".", "--today", common::TODAY, "--format", format]);
        common::run(cmd).stdout
    };
    let github = in_example("github");
    assert!(github.contains("file=modelgate.toml,"), "{github}");
    assert!(!github.contains("./"), "{github}");
    let report: serde_json::Value = serde_json::from_str(&in_example("json")).expect("JSON");
    assert_eq!(report["findings"][0]["file"], "modelgate.toml");
    let sarif = common::sarif(&in_example("sarif"), "check .");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "modelgate.toml"
    );
    for format in ["concise", "junit"] {
        let out = in_example(format);
        assert!(!out.contains("./modelgate.toml"), "{format}: {out}");
    }
}
