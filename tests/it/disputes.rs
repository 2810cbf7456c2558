//! Facts the catalog keeps as disputes (two sources that disagree, with no
//! evidence of which is newer) are read on the strict side: residency
//! judges the union of the destinations; availability raises an `info`
//! naming both sources instead of an error; lifecycle takes the reading
//! furthest along and says another source states otherwise.

use crate::common;

use std::path::Path;

use common::{copy_dir, json, modelgate, TODAY};
use serde_json::{json, Value};

const CARD: &str = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-sonnet-4-5.html";
const PAGE: &str =
    "https://docs.aws.amazon.com/bedrock/latest/userguide/models-region-compatibility.html";

fn edit(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
    change(&mut doc);
    std::fs::write(path, serde_json::to_string_pretty(&doc).expect("JSON")).expect("write");
}

fn find<'v>(list: &'v mut Value, key: &str, id: &str) -> &'v mut Value {
    list[key]
        .as_array_mut()
        .expect("a list")
        .iter_mut()
        .find(|item| item["id"] == id)
        .expect("the item")
}

/// The test catalog with one dispute of each kind.
fn disputed_catalog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(common::TEST_CATALOG),
        dir.path(),
    );
    edit(&dir.path().join("profiles.json"), |doc| {
        let profile = find(
            doc,
            "profiles",
            "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0",
        );
        profile["disputes"] = json!([{
            "routing": {
                "us-gov-east-1": ["us-gov-east-1", "us-gov-west-1"],
                "us-gov-west-1": ["us-gov-east-1", "us-gov-west-1"]
            },
            "source": CARD,
            "note": "the card routes both GovCloud Regions to both"
        }]);
        let eu = find(doc, "profiles", "eu.anthropic.claude-3-haiku-20240307-v1:0");
        eu["disputes"] = json!([{
            "routing": { "eu-west-2": ["eu-west-2"] },
            "source": PAGE,
            "note": "the page lists London as a source"
        }]);
    });
    edit(&dir.path().join("models/anthropic.json"), |doc| {
        let haiku3 = find(doc, "models", "anthropic.claude-3-haiku-20240307-v1:0");
        haiku3["regions"]["disputes"] = json!([{
            "in_region": [], "profile_only": ["eu-west-1"], "source": PAGE,
            "note": "the page shows eu-west-1 through a profile only"
        }]);
        let haiku45 = find(doc, "models", "anthropic.claude-haiku-4-5-20251001-v1:0");
        haiku45["lifecycle"][0]["disputes"] = json!([{
            "status": "legacy", "legacy": "2026-01-01", "end_of_life": "2026-06-01",
            "source": PAGE, "note": "the page says end of life"
        }]);
    });
    dir
}

fn check_with(catalog: &Path, manifest: &str) -> Value {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("modelgate.toml"), manifest).expect("write");
    let mut cmd = modelgate();
    cmd.args([
        "check",
        work.path().to_str().expect("utf-8"),
        "--today",
        TODAY,
    ])
    .args(["--format", "json", "--no-config", "--catalog"])
    .arg(catalog);
    json(cmd).1
}

fn messages(report: &Value, rule: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            format!(
                "{}: {}",
                f["severity"].as_str().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn residency_judges_the_union_of_disputed_destinations() {
    let catalog = disputed_catalog();
    let manifest = "version = 1\n[workload]\nregions = [\"us-gov-west-1\"]\nresidency = [\"us-gov-west-1\"]\n[[models]]\nmodel = \"us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0\"\n";
    let report = check_with(catalog.path(), manifest);
    let routing = messages(&report, "residency/cross-region-routing");
    assert_eq!(routing.len(), 1, "{report:#}");
    assert!(
        routing[0].contains("may process requests in us-gov-east-1"),
        "{routing:?}"
    );
    // Without the dispute, the table's routing stays in us-gov-west-1.
    let plain = check_with(Path::new(common::TEST_CATALOG), manifest);
    assert!(
        messages(&plain, "residency/cross-region-routing").is_empty(),
        "{plain:#}"
    );
}

#[test]
fn availability_disputes_are_an_info_naming_both_sources() {
    let catalog = disputed_catalog();
    // The profile from eu-west-2: the table says it cannot be called
    // there, the page says it can.
    let report = check_with(
        catalog.path(),
        "version = 1\n[workload]\nregions = [\"eu-west-2\"]\n[[models]]\nmodel = \"eu.anthropic.claude-3-haiku-20240307-v1:0\"\n",
    );
    assert!(
        messages(&report, "availability/profile-source-region").is_empty(),
        "{report:#}"
    );
    let info = messages(&report, "availability/region-unavailable");
    assert_eq!(info.len(), 1, "{report:#}");
    assert!(
        info[0].starts_with("info: the catalog's sources disagree on whether"),
        "{info:?}"
    );
    assert!(
        info[0].contains(PAGE) && info[0].contains("it cannot be called from eu-west-2"),
        "{info:?}"
    );
    // Without the dispute it is an error.
    let plain = check_with(
        Path::new(common::TEST_CATALOG),
        "version = 1\n[workload]\nregions = [\"eu-west-2\"]\n[[models]]\nmodel = \"eu.anthropic.claude-3-haiku-20240307-v1:0\"\n",
    );
    assert_eq!(
        messages(&plain, "availability/profile-source-region").len(),
        1,
        "{plain:#}"
    );

    // A bare id in a Region one source places in-Region, another profile-only.
    let report = check_with(
        catalog.path(),
        "version = 1\n[workload]\nregions = [\"eu-west-1\"]\n[[models]]\nmodel = \"anthropic.claude-3-haiku-20240307-v1:0\"\n",
    );
    assert!(
        messages(&report, "availability/requires-inference-profile").is_empty(),
        "{report:#}"
    );
    let info = messages(&report, "availability/region-unavailable");
    assert!(
        info.iter()
            .any(|m| m.contains(PAGE) && m.contains("offered only through a profile")),
        "{info:?}"
    );
}

#[test]
fn a_lifecycle_dispute_is_read_on_the_strict_side() {
    let catalog = disputed_catalog();
    let report = check_with(
        catalog.path(),
        "version = 1\n[workload]\nregions = [\"us-east-1\"]\n[[models]]\nmodel = \"us.anthropic.claude-haiku-4-5-20251001-v1:0\"\n",
    );
    let eol = messages(&report, "lifecycle/end-of-life");
    assert_eq!(eol.len(), 1, "{report:#}");
    assert!(eol[0].contains("on 2026-06-01"), "{eol:?}");
    assert!(
        eol[0].contains("state otherwise; modelgate reads the strict side"),
        "{eol:?}"
    );
}

#[test]
fn catalog_show_shows_the_disputes() {
    let catalog = disputed_catalog();
    let show = |id: &str| {
        let mut cmd = modelgate();
        cmd.args(["catalog", "show", id, "--catalog"])
            .arg(catalog.path());
        common::run(cmd).stdout
    };
    let profile = show("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert!(
        profile.contains("Disputes (sources that disagree; residency reads the union):")
            && profile.contains(&format!("per {CARD}:"))
            && profile.contains("us-gov-east-1 → us-gov-east-1, us-gov-west-1"),
        "{profile}"
    );
    let model = show("anthropic.claude-haiku-4-5-20251001-v1:0");
    assert!(
        model.contains(&format!(
            "lifecycle in *, per {PAGE}: legacy, legacy 2026-01-01, end of life 2026-06-01"
        )),
        "{model}"
    );
}
