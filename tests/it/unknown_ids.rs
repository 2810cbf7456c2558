//! Model ids are recognised by their grammar, so audit sees models newer
//! than the catalog; an id the catalog lacks is an error when it is a typo
//! of a known one and a warning otherwise (issue 12, point 5).

use crate::common;

use common::{check, json, modelgate, TODAY};

fn findings(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["reference"].as_str().unwrap_or_default().to_string(),
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn audit_sees_ids_newer_than_the_catalog_and_fails_only_on_typos() {
    let mut cmd = modelgate();
    cmd.args([
        "audit",
        "tests/fixtures/unknown-ids",
        "--today",
        TODAY,
        "--format",
        "json",
        "--no-config",
        "--regions",
        "us-east-1",
    ]);
    let (code, report) = json(cmd);
    assert_eq!(code, 1, "the typo fails the run: {report:#}");
    let texts: Vec<&str> = report["references"]
        .as_array()
        .expect("references")
        .iter()
        .filter_map(|r| r["text"].as_str())
        .collect();
    // The test catalog (2026-11-22) knows the openai. and deepseek.
    // namespaces but not zai. or moonshotai.: ids under a namespace it does
    // not know are recognised only in Bedrock's `-vN:M` shape.
    assert_eq!(
        texts,
        [
            "openai.gpt-5.6-luna",
            "deepseek.v3.2",
            "newco.great-model-v1:0",
            "anthropic.claude-3-hiaku-20240307-v1:0",
        ],
        "every well-formed id, and nothing else"
    );
    let found = findings(&report);
    for newer in [
        "openai.gpt-5.6-luna",
        "deepseek.v3.2",
        "newco.great-model-v1:0",
    ] {
        assert!(
            found.contains(&(
                newer.to_string(),
                "reference/unknown-model".to_string(),
                "warning".to_string()
            )),
            "{newer}: {found:?}"
        );
    }
    assert!(found.contains(&(
        "anthropic.claude-3-hiaku-20240307-v1:0".to_string(),
        "reference/unknown-model".to_string(),
        "error".to_string()
    )));
    let message = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["reference"] == "deepseek.v3.2")
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("as of 2026-11-22: it may be a model newer than the catalog, or misspelt"),
        "{message}"
    );
}

#[test]
fn check_applies_the_same_severities() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("modelgate.toml"),
        "version = 1\n[workload]\nregions = [\"us-east-1\"]\n[[models]]\nmodel = \"openai.gpt-5.6-luna\"\n",
    )
    .expect("write");
    let (code, report) = json(check(
        dir.path().to_str().expect("utf-8"),
        &["--format", "json", "--no-config"],
    ));
    assert_eq!(
        code, 0,
        "a newer model warns, it does not fail the build: {report:#}"
    );
    assert_eq!(findings(&report)[0].2, "warning");
    std::fs::write(
        dir.path().join("modelgate.toml"),
        "version = 1\n[workload]\nregions = [\"us-east-1\"]\n[[models]]\nmodel = \"anthropic.claude-3-hiaku-20240307-v1:0\"\n",
    )
    .expect("write");
    let (code, report) = json(check(
        dir.path().to_str().expect("utf-8"),
        &["--format", "json", "--no-config"],
    ));
    assert_eq!(code, 1, "a typo fails: {report:#}");
    let typo = &report["findings"][0];
    assert!(
        typo["message"]
            .as_str()
            .unwrap_or_default()
            .contains("did you mean `anthropic.claude-3-haiku-20240307-v1:0`"),
        "{report:#}"
    );
    // That model is past end of life, so the offered fix is a verified one.
    assert!(typo["fix"]["replacement"].is_string(), "{report:#}");
}

#[test]
fn the_embedded_catalog_knows_the_newer_namespaces() {
    let mut cmd = common::modelgate_embedded();
    cmd.args([
        "audit",
        "tests/fixtures/unknown-ids",
        "--today",
        TODAY,
        "--format",
        "json",
        "--no-config",
        "--regions",
        "us-east-1",
    ]);
    let (_, report) = json(cmd);
    let texts: Vec<&str> = report["references"]
        .as_array()
        .expect("references")
        .iter()
        .filter_map(|r| r["text"].as_str())
        .collect();
    for id in ["zai.glm-4.7", "moonshotai.kimi-k2.5"] {
        assert!(texts.contains(&id), "{id}: {texts:?}");
    }
}

/// One finding of `audit tests/fixtures/short-ids`.
#[derive(Debug)]
struct ShortIdFinding {
    reference: String,
    severity: String,
    message: String,
    fix: Option<(String, String)>,
}

/// The findings of `audit tests/fixtures/short-ids` with `args`.
fn short_ids(args: &[&str]) -> Vec<ShortIdFinding> {
    let mut cmd = modelgate();
    cmd.args(["audit", "tests/fixtures/short-ids", "--today", TODAY])
        .args(["--format", "json", "--no-config"])
        .args(args);
    let (_, report) = json(cmd);
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| ShortIdFinding {
            reference: text(&f["reference"]),
            severity: text(&f["severity"]),
            message: text(&f["message"]),
            fix: f["fix"]["replacement"]
                .as_str()
                .map(|r| (r.to_string(), text(&f["fix"]["description"]))),
        })
        .collect()
}

/// An id without its date and version is met first by the id it is the
/// start of; an id that differs from a known one only in its version
/// numbers is another version, and a profile id of a geography is not a
/// typo of another geography's: warnings, not errors with a fix to
/// another model.
#[test]
fn short_ids_other_versions_and_geographies_are_not_typos() {
    let found = short_ids(&["--regions", "us-east-1"]);
    for (reference, says) in [
        (
            "anthropic.claude-sonnet-4-5",
            "(did you mean `anthropic.claude-sonnet-4-5-20250929-v1:0`, ",
        ),
        (
            "anthropic.claude-sonnet-4-5-20250514-v1:0",
            "it may be a model newer than the catalog",
        ),
        // Not a typo of `au.anthropic.claude-sonnet-4-6`, two edits away.
        (
            "eu.anthropic.claude-sonnet-4-5",
            "(did you mean `eu.anthropic.claude-sonnet-4-5-20250929-v1:0`, `eu.anthropic.claude-sonnet-4-6` or ",
        ),
    ] {
        let finding = found
            .iter()
            .find(|f| f.reference == reference)
            .unwrap_or_else(|| panic!("{reference} is reported: {found:?}"));
        assert_eq!(finding.severity, "warning", "{finding:?}");
        assert!(finding.message.contains(says), "{finding:?}");
    }
}

/// Where the code runs is unknown (no manifest, no --regions): a fix is
/// never a profile of a geography picked for it, and does not claim to be
/// offered where the entry is called.
#[test]
fn with_no_region_known_no_geography_is_guessed_for_a_fix() {
    let geographies = [
        "us", "us-gov", "eu", "apac", "au", "jp", "ca", "in", "global",
    ];
    let prefix = |id: &str| {
        id.split_once('.')
            .map(|(p, _)| p.to_string())
            .filter(|p| geographies.contains(&p.as_str()))
    };
    let found = short_ids(&[]);
    assert!(found.iter().any(|f| f.fix.is_some()), "{found:?}");
    for finding in &found {
        let Some((fix, description)) = &finding.fix else {
            continue;
        };
        // The original's own geography is kept; no other is chosen.
        assert!(
            prefix(fix).is_none() || prefix(fix) == prefix(&finding.reference),
            "{finding:?}"
        );
        assert!(
            !description.contains("offered where this entry is called"),
            "{finding:?}"
        );
    }
    let known = short_ids(&["--regions", "us-east-1"]);
    assert!(
        known.iter().any(|f| f
            .fix
            .as_ref()
            .is_some_and(|(_, d)| d.contains("offered where this entry is called"))),
        "with the Region known, a fix is offered where it is called: {known:?}"
    );
}
