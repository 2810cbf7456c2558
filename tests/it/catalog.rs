//! `modelgate catalog list|show|import|diff`, the consistency checks run on
//! every catalog load, and the `catalog/stale` rule, through the real binary.

use crate::common;

use std::path::Path;

use common::{check, copy_dir, json, modelgate, modelgate_embedded, run, TODAY};
use serde_json::Value;

const IMPORT: &str = "tests/fixtures/catalog-import";
const DIFF_OLD: &str = "tests/fixtures/catalog-diff/old";
const DIFF_NEW: &str = "tests/fixtures/catalog-diff/new";

fn catalog(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.arg("catalog").args(args);
    cmd
}

/// `catalog …` on the embedded catalog, for tests of its facts.
fn embedded_catalog(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate_embedded();
    cmd.arg("catalog").args(args);
    cmd
}

fn import_fixtures(out: &Path) -> common::Run {
    let mut args: Vec<String> = [
        "us-east-1-models.json",
        "us-west-2-models.json",
        "eu-west-1-models.json",
        "us-east-1-profiles.json",
        "us-east-2-profiles.json",
        "eu-west-1-profiles.json",
    ]
    .iter()
    .map(|f| format!("{IMPORT}/{f}"))
    .collect();
    args.extend([
        "--out".to_string(),
        out.display().to_string(),
        "--today".to_string(),
        "2026-11-30".to_string(),
    ]);
    let mut cmd = modelgate();
    cmd.arg("catalog").arg("import").args(&args);
    run(cmd)
}

// --- list / show -------------------------------------------------------------

#[test]
fn list_prints_one_line_per_model_and_the_catalog_date() {
    let out = run(embedded_catalog(&["list", "--today", TODAY]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("ID "), "{}", lines[0]);
    assert!(
        lines[0].contains(" LIFECYCLE ") && lines[0].ends_with(" REGIONS"),
        "{}",
        lines[0]
    );
    let haiku = lines
        .iter()
        .find(|l| l.starts_with("anthropic.claude-3-haiku-20240307-v1:0 "))
        .expect("Claude 3 Haiku is listed");
    assert!(haiku.contains("Anthropic"), "{haiku}");
    assert!(haiku.contains("Claude 3 Haiku"), "{haiku}");
    assert!(
        out.stdout
            .trim_end()
            .ends_with("catalog as of 2026-11-29 (embedded)"),
        "{}",
        out.stdout
    );

    let (code, doc) = json(embedded_catalog(&[
        "list", "--today", TODAY, "--format", "json",
    ]));
    assert_eq!(code, 0);
    assert_eq!(doc["catalog"]["as_of"], "2026-11-29");
    assert_eq!(doc["today"], TODAY);
    let models = doc["models"].as_array().expect("models");
    assert!(models.len() > 100, "{}", models.len());
    assert_eq!(
        models.len() + 3,
        lines.len(),
        "the human list has a header, a blank line and a footer"
    );
    let haiku = models
        .iter()
        .find(|m| m["id"] == "anthropic.claude-3-haiku-20240307-v1:0")
        .expect("haiku");
    assert_eq!(haiku["provider"], "Anthropic");
    assert!(haiku["regions"].as_u64().unwrap_or(0) > 5, "{haiku}");
}

#[test]
fn list_filters_by_provider_status_and_region() {
    let (_, doc) = json(catalog(&[
        "list",
        "--today",
        TODAY,
        "--format",
        "json",
        "--provider",
        "anthropic",
        "--status",
        "legacy",
        "--region",
        "eu-west-1",
    ]));
    let models = doc["models"].as_array().expect("models");
    assert!(!models.is_empty());
    for m in models {
        assert_eq!(m["provider"], "Anthropic", "{m}");
        assert!(
            m["lifecycle"]
                .as_array()
                .is_some_and(|s| s.contains(&Value::from("legacy"))),
            "{m}"
        );
    }
    let out = run(catalog(&["list", "--region", "eu-wset-1"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `eu-west-1`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn show_a_model_in_both_formats() {
    let id = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    let out = run(embedded_catalog(&["show", id, "--today", TODAY]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for needle in [
        "Claude Sonnet 4.5 (Anthropic)",
        "Lifecycle as of 2026-11-22:",
        "legacy (legacy 2026-10-08, public extended access 2027-01-08, end of life 2027-04-08): ",
        "Regions:",
        "  profile only:",
        "    eu-west-1 (profiles: eu.anthropic.claude-sonnet-4-5-20250929-v1:0, global.anthropic.claude-sonnet-4-5-20250929-v1:0)",
        "Features:",
        "Limits:",
        "Sources:",
        "catalog as of 2026-11-29 (embedded)",
    ] {
        assert!(out.stdout.contains(needle), "{needle}\n{}", out.stdout);
    }

    let (code, doc) = json(catalog(&["show", id, "--today", TODAY, "--format", "json"]));
    assert_eq!(code, 0);
    assert_eq!(doc["kind"], "model");
    assert_eq!(doc["model"]["id"], id);
    let eu = doc["regions_by_mode"]
        .as_array()
        .expect("regions")
        .iter()
        .find(|r| r["region"] == "eu-west-1")
        .expect("eu-west-1")
        .clone();
    assert_eq!(eu["mode"], "profile_only");
    assert!(eu["profiles"]
        .as_array()
        .expect("profiles")
        .contains(&Value::from("eu.anthropic.claude-sonnet-4-5-20250929-v1:0")));
    let us = doc["lifecycle_by_region"]
        .as_array()
        .expect("lifecycle")
        .iter()
        .find(|r| r["region"] == "us-east-1")
        .expect("us-east-1")
        .clone();
    assert_eq!(us["status"], "legacy");
    assert_eq!(us["end_of_life"], "2027-04-08");
}

#[test]
fn show_a_profile_in_both_formats() {
    let id = "eu.anthropic.claude-3-haiku-20240307-v1:0";
    let out = run(catalog(&["show", id]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("geographic inference profile (prefix `eu`"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("model: anthropic.claude-3-haiku-20240307-v1:0 (Claude 3 Haiku, Anthropic)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("  eu-west-1 → "), "{}", out.stdout);

    let (_, doc) = json(catalog(&["show", id, "--format", "json"]));
    assert_eq!(doc["kind"], "profile");
    assert_eq!(doc["scope"], "geographic");
    assert_eq!(doc["model"]["id"], "anthropic.claude-3-haiku-20240307-v1:0");
    assert!(doc["routing"]
        .as_array()
        .expect("routing")
        .iter()
        .any(|r| r["source"] == "eu-west-1"));

    let (_, doc) = json(catalog(&[
        "show",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "--format",
        "json",
    ]));
    assert_eq!(doc["scope"], "global");
}

#[test]
fn show_an_unknown_id_suggests_a_close_one() {
    let out = run(catalog(&["show", "anthropic.claude-3-haiku-20240307-v2:0"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("is neither a model nor a profile in the catalog"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("anthropic.claude-3-haiku-20240307-v1:0"),
        "{}",
        out.stderr
    );
}

// --- import ------------------------------------------------------------------

#[test]
fn import_then_check_gives_the_expected_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("imported");
    let out = import_fixtures(&out_dir);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    for needle in [
        "us-east-1-models.json: us-east-1, 6 models",
        "us-west-2-models.json: us-west-2, 4 models",
        "us-east-2-profiles.json: us-east-2, 1 profile",
        "1 application inference profile skipped",
        "1 model id with no on-demand or profile use",
        "1 new model, 1 new profile",
        "catalog as of 2026-11-30",
    ] {
        assert!(out.stdout.contains(needle), "{needle}\n{}", out.stdout);
    }
    let catalog_dir = out_dir.to_str().expect("utf-8");

    let (code, report) = json(check(
        &format!("{IMPORT}/workload"),
        &["--catalog", catalog_dir, "--format", "json"],
    ));
    assert_eq!(code, 1);
    assert_eq!(report["tool"]["catalog_as_of"], "2026-11-30");
    let found: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["pointer"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [
        // INFERENCE_PROFILE only in us-east-1: a new model, profile only.
        ("availability/requires-inference-profile", "/models/0/model"),
        // LEGACY in the API, with its dates.
        ("lifecycle/legacy-model", "/models/2/model"),
        // Not in the complete us-east-1 listing: no longer offered there.
        ("availability/region-unavailable", "/models/3/model"),
        ("lifecycle/legacy-model", "/models/4/model"),
        ("residency/global-routing", "/models/4/model"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(r, p)| (r.to_string(), p.to_string()))
        .collect();
    assert_eq!(found, expected, "{report:#}");
    let legacy = &report["findings"][1]["message"];
    assert!(
        legacy.as_str().unwrap_or_default().contains("2027-04-08"),
        "{legacy}"
    );

    // Sources and dates say where each imported fact came from.
    let (_, meta) = json(catalog(&[
        "show",
        "amazon.nova-next-v1:0",
        "--catalog",
        catalog_dir,
        "--today",
        TODAY,
        "--format",
        "json",
    ]));
    let model = &meta["model"];
    assert_eq!(model["provider"], "Amazon");
    assert_eq!(
        model["regions"]["profile_only"],
        serde_json::json!(["us-east-1", "us-west-2"])
    );
    assert_eq!(model["regions"]["in_region"], serde_json::json!([]));
    assert_eq!(model["regions"]["as_of"], "2026-11-30");
    let row = &model["lifecycle"][0];
    assert_eq!(row["status"], "active");
    assert_eq!(row["as_of"], "2026-11-30");
    assert_eq!(
        row["source"],
        format!("aws bedrock list-foundation-models (us-east-1), file {IMPORT}/us-east-1-models.json; aws bedrock list-foundation-models (us-west-2), file {IMPORT}/us-west-2-models.json")
    );
    assert_eq!(model["features"]["streaming"]["supported"], true);
    // The API's customizationsSupported ([] everywhere) and inputModalities
    // (TEXT only, output TEXT) are facts too; the API field is noted.
    assert_eq!(model["features"]["fine-tuning"]["supported"], false);
    assert_eq!(model["features"]["vision"]["supported"], false);
    assert_eq!(
        model["features"]["vision"]["notes"],
        serde_json::json!(["inputModalities"])
    );

    // LEGACY with dates (boto3 timestamps in us-west-2), past end of life in eu-west-1.
    let (_, haiku) = json(catalog(&[
        "show",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "--catalog",
        catalog_dir,
        "--today",
        TODAY,
        "--format",
        "json",
    ]));
    let by_region = |doc: &Value, region: &str| -> Value {
        doc["lifecycle_by_region"]
            .as_array()
            .expect("lifecycle")
            .iter()
            .find(|r| r["region"] == region)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let eu = by_region(&haiku, "eu-west-1");
    assert_eq!(eu["status"], "end_of_life");
    // Fine-tuning only in us-west-2's listing: not turned into a
    // restriction that would also speak for Regions not imported.
    assert!(haiku["model"]["features"].get("fine-tuning").is_none());
    let notes = haiku["model"]["notes"].to_string();
    assert!(
        notes.contains("customizationsSupported differs between Regions (eu-west-1: not supported, us-east-1: not supported, us-west-2: supported): fine-tuning left as it was"),
        "{notes}"
    );
    assert_eq!(eu["end_of_life"], "2026-09-10");
    assert_eq!(
        eu["source"],
        format!(
            "aws bedrock list-foundation-models (eu-west-1), file {IMPORT}/eu-west-1-models.json"
        )
    );
    let (_, sonnet) = json(catalog(&[
        "show",
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "--catalog",
        catalog_dir,
        "--today",
        TODAY,
        "--format",
        "json",
    ]));
    let west = by_region(&sonnet, "us-west-2");
    assert_eq!(west["status"], "legacy");
    assert_eq!(west["legacy"], "2026-10-08");

    // Profiles: routing from models[], not the description; the global
    // profile's Region-less ARN is not a destination.
    let (_, profile) = json(catalog(&[
        "show",
        "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
        "--catalog",
        catalog_dir,
        "--format",
        "json",
    ]));
    let routing = &profile["profile"]["routing"];
    assert_eq!(
        routing["us-east-2"],
        serde_json::json!(["us-east-1", "us-west-2"])
    );
    assert!(
        routing.get("us-east-1").is_none(),
        "not in the complete us-east-1 listing: {routing}"
    );
    let notes = profile["profile"]["notes"].to_string();
    assert!(
        notes.contains("the description names us-east-1, us-east-2, us-west-2 but models[] lists us-east-1, us-west-2: models[] is used"),
        "{notes}"
    );
    let (_, global) = json(catalog(&[
        "show",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "--catalog",
        catalog_dir,
        "--format",
        "json",
    ]));
    assert_eq!(
        global["profile"]["routing"]["us-east-1"],
        serde_json::json!(["us-east-1"])
    );
    let (_, new_profile) = json(catalog(&[
        "show",
        "us.amazon.nova-next-v1:0",
        "--catalog",
        catalog_dir,
        "--format",
        "json",
    ]));
    assert_eq!(
        new_profile["profile"]["routing"],
        serde_json::json!({"us-east-1": ["us-east-1", "us-east-2", "us-west-2"]})
    );
    assert_eq!(new_profile["profile"]["as_of"], "2026-11-30");
    assert!(new_profile["profile"]["source"]
        .as_str()
        .unwrap_or_default()
        .starts_with("aws bedrock list-inference-profiles (us-east-1), file "));

    // The imported folder is a catalog like any other: diff reads it.
    let (code, diff) = json(catalog(&["diff", catalog_dir, "--format", "json"]));
    assert_eq!(code, 0);
    assert_eq!(diff["other"]["as_of"], "2026-11-30");
    assert_eq!(diff["models_added"][0]["id"], "amazon.nova-next-v1:0");

    // An existing --out is not replaced without --force.
    let again = import_fixtures(&out_dir);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn the_region_comes_from_the_flag_when_no_arn_names_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("empty.json");
    std::fs::write(&input, "{\"modelSummaries\": []}\n").expect("write");
    let out_dir = dir.path().join("out");
    let input = input.to_str().expect("utf-8");
    let out = out_dir.to_str().expect("utf-8");

    let failed = run(catalog(&["import", input, "--out", out]));
    assert_eq!(failed.code, 2);
    assert!(
        failed
            .stderr
            .contains("cannot tell which Region this file was listed from"),
        "{}",
        failed.stderr
    );
    assert!(!out_dir.exists());

    let wrong = run(catalog(&[
        "import",
        &format!("{IMPORT}/us-east-1-models.json"),
        "--region",
        "eu-west-1",
        "--out",
        out,
    ]));
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains(
            "us-east-1-models.json:4:25: this ARN is in us-east-1, but --region says eu-west-1"
        ),
        "{}",
        wrong.stderr
    );
    assert!(!out_dir.exists());
}

fn bad_import(name: &str, text: &str, expected: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join(name);
    std::fs::write(&input, text).expect("write");
    let good = format!("{IMPORT}/us-east-1-models.json");
    let out_dir = dir.path().join("out");
    let out = run(catalog(&[
        "import",
        &good,
        input.to_str().expect("utf-8"),
        "--out",
        out_dir.to_str().expect("utf-8"),
    ]));
    assert_eq!(out.code, 2, "{}", out.stdout);
    let located = format!("{}{expected}", input.display());
    assert!(out.stderr.contains(&located), "{located}\n{}", out.stderr);
    assert!(!out_dir.exists(), "nothing is written");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "no temporary folder is left: {left:?}");
}

#[test]
fn bad_input_is_located_and_nothing_is_written() {
    bad_import(
        "not-json.json",
        "{\n  \"modelSummaries\": [\n    {\"modelId\": \"a.b-v1:0\",}\n  ]\n}\n",
        ":3:27: not JSON: Trailing commas are not allowed",
    );
    bad_import(
        "wrong-shape.json",
        "{\n  \"modelSummaries\": {\"modelId\": \"a.b-v1:0\"}\n}\n",
        ":2:21: `modelSummaries` must be an array, found a table",
    );
    bad_import(
        "neither.json",
        "{\"foundationModels\": []}\n",
        ":1:1: neither `modelSummaries` nor `inferenceProfileSummaries` is here",
    );
    bad_import(
        "unknown-region.json",
        "{\"modelSummaries\": [\n  {\"modelId\": \"amazon.nova-lite-v1:0\", \"modelArn\": \"arn:aws:bedrock:eu-wset-1::foundation-model/amazon.nova-lite-v1:0\"}\n]}\n",
        ":2:52: unknown Region `eu-wset-1`",
    );
    bad_import(
        "bad-date.json",
        "{\"modelSummaries\": [\n  {\"modelId\": \"amazon.nova-lite-v1:0\", \"modelArn\": \"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0\",\n   \"modelLifecycle\": {\"status\": \"LEGACY\", \"endOfLifeTime\": \"soon\"}}\n]}\n",
        ":3:60: `endOfLifeTime` is not a timestamp",
    );
    bad_import(
        "two-models.json",
        "{\"inferenceProfileSummaries\": [{\"inferenceProfileId\": \"us.a.b-v1:0\", \"models\": [\n  {\"modelArn\": \"arn:aws:bedrock:us-east-1::foundation-model/a.b-v1:0\"},\n  {\"modelArn\": \"arn:aws:bedrock:us-west-2::foundation-model/a.c-v1:0\"}\n]}]}\n",
        ":3:16: profile `us.a.b-v1:0` names two models",
    );
}

// --- diff --------------------------------------------------------------------

#[test]
fn diff_lists_every_change_between_two_catalogs() {
    let out = run(catalog(&["diff", DIFF_NEW, "--catalog", DIFF_OLD]));
    assert_eq!(out.code, 0, "a diff is not a failure: {}", out.stderr);
    let expected = format!(
        "catalog diff: {DIFF_OLD} (as of 2026-11-01) → {DIFF_NEW} (as of 2026-12-01)

Regions added (1):
  + eu-central-1

Models added (1):
  + acme.new-v1:0  Acme New (Acme)

Models removed (1):
  - acme.old-v1:0  Acme Old (Acme)

Models changed (1):
  acme.main-v1:0
    lifecycle in us-east-1: active → legacy (legacy 2026-12-01, end of life 2027-06-01)
    Regions changed: us-west-2: in-Region → profile only
    Regions gained: eu-west-1: not offered → in-Region
    feature batch: unknown → supported
    max_output_tokens: 4096 → 8192

Profiles added (1):
  + global.acme.main-v1:0 (model acme.main-v1:0)

Profiles removed (1):
  - us.acme.old-v1:0 (model acme.old-v1:0)

Profiles changed (1):
  us.acme.main-v1:0
    from us-east-1: us-east-1, us-west-2 → us-east-1, us-east-2, us-west-2 (+us-east-2)
    from us-east-2: not callable → us-east-1, us-east-2, us-west-2 (+us-east-1 +us-east-2 +us-west-2)
    from us-west-2: us-east-1, us-west-2 → not callable (-us-east-1 -us-west-2)

1 model added, 1 removed, 1 changed; 1 profile added, 1 removed, 1 changed
"
    );
    assert_eq!(out.stdout, expected);

    let (code, doc) = json(catalog(&[
        "diff",
        DIFF_NEW,
        "--catalog",
        DIFF_OLD,
        "--format",
        "json",
    ]));
    assert_eq!(code, 0);
    let change = &doc["models_changed"][0];
    assert_eq!(
        change["lifecycle"],
        serde_json::json!([{
            "region": "us-east-1",
            "before": {"status": "active", "legacy": null, "public_extended_access": null, "end_of_life": null},
            "after": {"status": "legacy", "legacy": "2026-12-01", "public_extended_access": null, "end_of_life": "2027-06-01"}
        }])
    );
    assert_eq!(
        change["regions"],
        serde_json::json!([
            {"region": "eu-west-1", "before": "not_offered", "after": "in_region"},
            {"region": "us-west-2", "before": "in_region", "after": "profile_only"}
        ])
    );
    assert_eq!(
        doc["profiles_changed"][0]["routing"][0],
        serde_json::json!({
            "source": "us-east-1",
            "before": ["us-east-1", "us-west-2"],
            "after": ["us-east-1", "us-east-2", "us-west-2"],
            "gained": ["us-east-2"],
            "lost": []
        })
    );
    assert_eq!(doc["profiles_added"][0]["id"], "global.acme.main-v1:0");
    assert_eq!(doc["models_removed"][0]["id"], "acme.old-v1:0");

    let same = run(catalog(&["diff", DIFF_OLD, "--catalog", DIFF_OLD]));
    assert_eq!(same.code, 0);
    assert!(same.stdout.ends_with("\nno change\n"), "{}", same.stdout);
}

// --- validation --------------------------------------------------------------

#[test]
fn the_embedded_catalog_is_consistent() {
    // Every load validates; a clean list proves the embedded catalog passes.
    let out = run(embedded_catalog(&["list"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn an_inconsistent_catalog_is_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(Path::new(DIFF_OLD), dir.path());
    let profiles = dir.path().join("profiles.json");
    let text = std::fs::read_to_string(&profiles).expect("read");
    let broken = text
        .replacen(
            "\"model\": \"acme.main-v1:0\"",
            "\"model\": \"acme.mian-v1:0\"",
            1,
        )
        .replacen(
            "\"us-west-2\": [\"us-east-1\", \"us-west-2\"]",
            "\"us-west-2\": [\"us-east-1\", \"us-wets-2\"]",
            1,
        );
    std::fs::write(&profiles, broken).expect("write");
    let models = dir.path().join("models/acme.json");
    let text = std::fs::read_to_string(&models).expect("read");
    std::fs::write(
        &models,
        text.replacen("\"value\": 4096,", "\"value\": 4096, \"upper\": 4000,", 1)
            .replacen(
                "\"source\": \"https://example.com/lifecycle\"",
                "\"source\": \"\"",
                1,
            ),
    )
    .expect("write");

    let out = run(check(
        "examples/gdpr-compliant",
        &["--catalog", dir.path().to_str().expect("utf-8")],
    ));
    assert_eq!(out.code, 2);
    let profiles_path = format!("{}", profiles.display());
    for needle in [
        format!("{}/models/acme.json:", dir.path().display()),
        "inconsistent catalog: a lifecycle row of `acme.main-v1:0` has an empty `source`".to_string(),
        "`acme.main-v1:0`: `max_output_tokens.upper` is below its `value`".to_string(),
        format!("{profiles_path}:3:"),
        "profile `us.acme.main-v1:0`: its model `acme.mian-v1:0` is not in the catalog (did you mean `acme.main-v1:0`?)".to_string(),
        "unknown Region `us-wets-2`: it is not in regions.json (did you mean `us-west-2`?)".to_string(),
    ] {
        assert!(out.stderr.contains(&needle), "{needle}\n{}", out.stderr);
    }
}

#[test]
fn disputes_are_facts_checked_like_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(Path::new(DIFF_OLD), dir.path());
    let catalog_dir = dir.path().to_str().expect("utf-8");
    let models = dir.path().join("models/acme.json");
    let profiles = dir.path().join("profiles.json");
    let with_disputes = |regions: &str, lifecycle: &str, routing: &str| {
        let text =
            std::fs::read_to_string(DIFF_OLD.to_string() + "/models/acme.json").expect("read");
        let text = text
            .replacen(
                "\"source\": \"https://example.com/models\", \"as_of\"",
                &format!("\"disputes\": [{regions}], \"source\": \"https://example.com/models\", \"as_of\""),
                1,
            )
            .replacen(
                "\"end_of_life\": \"2026-12-01\",",
                &format!("\"end_of_life\": \"2026-12-01\", \"disputes\": [{lifecycle}],"),
                1,
            );
        std::fs::write(&models, text).expect("write");
        let text = std::fs::read_to_string(DIFF_OLD.to_string() + "/profiles.json").expect("read");
        std::fs::write(
            &profiles,
            text.replacen(
                "\"source\": \"https://example.com/profiles\" },",
                &format!(
                    "\"source\": \"https://example.com/profiles\", \"disputes\": [{routing}] }},"
                ),
                1,
            ),
        )
        .expect("write");
        run(catalog(&["list", "--catalog", catalog_dir]))
    };

    // Well-formed disputes load: another placement, another end of life,
    // another routing, each with its source and why.
    let fine = with_disputes(
        r#"{"in_region": ["us-east-1"], "profile_only": [], "source": "https://example.com/old-copy", "note": "an older copy"}"#,
        r#"{"status": "active", "source": "https://example.com/other-page", "note": "no Legacy text there"}"#,
        r#"{"routing": {"us-east-1": ["us-east-1", "us-east-2"]}, "source": "https://example.com/card", "note": "the card routes wider"}"#,
    );
    assert_eq!(fine.code, 0, "{}", fine.stderr);

    let broken = with_disputes(
        r#"{"in_region": ["us-esat-1"], "profile_only": ["us-esat-1"], "source": "https://example.com/old-copy", "note": "x"}"#,
        r#"{"legacy": "2026-06-01", "end_of_life": "2026-01-01", "source": " ", "note": ""}"#,
        r#"{"routing": {"eu-wset-1": ["eu-west-1"]}, "source": "https://example.com/card", "note": "x"}"#,
    );
    assert_eq!(broken.code, 2);
    for needle in [
        "models/acme.json:".to_string(),
        "unknown Region `us-esat-1`: it is not in regions.json (did you mean `us-east-1`?)"
            .to_string(),
        "`acme.main-v1:0`: a Regions dispute places `us-esat-1` twice".to_string(),
        "a dispute of `acme.old-v1:0` has an empty `source`: every fact names where it came from"
            .to_string(),
        "a dispute of `acme.old-v1:0` has an empty `note`".to_string(),
        "`acme.old-v1:0`: `end_of_life` (2026-01-01) is before `legacy` (2026-06-01)".to_string(),
        format!("{}:", profiles.display()),
        "unknown Region `eu-wset-1`: it is not in regions.json (did you mean `eu-west-1`?)"
            .to_string(),
    ] {
        assert!(
            broken.stderr.contains(&needle),
            "{needle}\n{}",
            broken.stderr
        );
    }
}

// --- staleness ---------------------------------------------------------------

#[test]
fn an_old_catalog_is_a_warning_only_when_a_maximum_age_is_set() {
    let manifest = "examples/gdpr-compliant";
    let stale = |report: &Value| -> Vec<Value> {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == "catalog/stale")
            .cloned()
            .collect()
    };
    let embedded = |today: &str, args: &[&str]| {
        let mut cmd = modelgate_embedded();
        cmd.args(["check", manifest, "--today", today]).args(args);
        cmd
    };
    let (_, off) = json(embedded("2027-03-01", &["--format", "json"]));
    assert!(stale(&off).is_empty(), "{off:#}");

    let (_, young) = json(embedded(
        TODAY,
        &["--format", "json", "--max-catalog-age", "30"],
    ));
    assert!(stale(&young).is_empty(), "{young:#}");

    let (_, old) = json(embedded(
        "2027-03-01",
        &["--format", "json", "--max-catalog-age", "30"],
    ));
    let found = stale(&old);
    assert_eq!(found.len(), 1, "{old:#}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["pointer"], "/version");
    assert_eq!(
        found[0]["message"],
        "the embedded catalog is 92 days old (as of 2026-11-29, evaluated on 2027-03-01), more than the allowed 30 days; its facts may be out of date"
    );
    let version_line = std::fs::read_to_string(format!("{manifest}/modelgate.toml"))
        .expect("manifest")
        .lines()
        .position(|l| l.starts_with("version"))
        .expect("a version line")
        + 1;
    assert_eq!(found[0]["line"], version_line as u64);

    // The same limit from the project configuration.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join(".modelgate.toml");
    std::fs::write(&config, "max-catalog-age = 30\n").expect("write");
    let (_, configured) = json(embedded(
        "2027-03-01",
        &[
            "--format",
            "json",
            "--config",
            config.to_str().expect("utf-8"),
        ],
    ));
    assert_eq!(stale(&configured).len(), 1, "{configured:#}");
}
