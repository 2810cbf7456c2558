//! The shared options of `check`: exit status and --fail-on, --select and
//! --ignore, --fix, --catalog, and manifest discovery in folders.

use crate::common;

use common::{check, copy_dir, fails_with, json, positions, run, TEST_CATALOG};

#[test]
fn fail_on_sets_the_threshold() {
    // The compliant example has no finding at all.
    for level in ["error", "warning", "info"] {
        assert_eq!(
            run(check("examples/gdpr-compliant", &["--fail-on", level])).code,
            0
        );
    }
    // This fixture has one info finding and nothing else.
    let fixture = "tests/fixtures/rules/unknown-fact.toml";
    assert_eq!(run(check(fixture, &[])).code, 0);
    assert_eq!(run(check(fixture, &["--fail-on", "warning"])).code, 0);
    assert_eq!(run(check(fixture, &["--fail-on", "info"])).code, 1);
    // Example (d) has an error and a warning.
    let example = "examples/profile-only-bare-id";
    assert_eq!(run(check(example, &[])).code, 1);
    assert_eq!(run(check(example, &["--fail-on", "never"])).code, 0);
}

#[test]
fn select_and_ignore_take_ids_and_families() {
    let example = "examples/profile-only-bare-id";
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let (_, report) = json(check(example, &all));
        positions(&report)
            .into_iter()
            .map(|(rule, ..)| rule)
            .collect()
    };
    let all = rules(&[]);
    assert!(
        all.contains(&"lifecycle/legacy-model".to_string()),
        "{all:?}"
    );
    assert_eq!(
        rules(&["--select", "lifecycle"]),
        ["lifecycle/legacy-model"]
    );
    assert_eq!(
        rules(&["--select", "lifecycle/legacy-model"]),
        ["lifecycle/legacy-model"]
    );
    let ignored = rules(&["--ignore", "lifecycle,features"]);
    assert!(
        ignored
            .iter()
            .all(|r| !r.starts_with("lifecycle/") && !r.starts_with("features/")),
        "{ignored:?}"
    );
    assert!(ignored.contains(&"availability/requires-inference-profile".to_string()));
    // Ignoring the only error makes the run pass.
    assert_eq!(run(check(example, &["--ignore", "availability"])).code, 0);
}

#[test]
fn an_unknown_selector_is_refused_not_ignored() {
    fails_with(
        check(
            "examples/gdpr-compliant",
            &["--ignore", "residency/global-routng"],
        ),
        &["did you mean `residency/global-routing`?"],
    );
}

#[test]
fn fix_applies_safe_fixes_and_keeps_comments() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        std::path::Path::new("examples/profile-only-bare-id"),
        dir.path(),
    );
    let manifest = dir.path().join("modelgate.toml");
    let before = std::fs::read_to_string(&manifest).expect("read");
    let out = run(check(manifest.to_str().expect("utf-8"), &["--fix"]));
    let after = std::fs::read_to_string(&manifest).expect("read");
    assert_eq!(
        after,
        before.replace(
            "model = \"anthropic.claude-sonnet-4-5-20250929-v1:0\"",
            "model = \"eu.anthropic.claude-sonnet-4-5-20250929-v1:0\""
        ),
        "only the model value changes; comments and layout stay"
    );
    assert!(out.stdout.contains("1 fix applied"), "{}", out.stdout);
    // What is left is the legacy warning, which has no safe fix.
    assert_eq!(out.code, 0, "{}", out.stdout);
    let (_, report) = json(check(
        manifest.to_str().expect("utf-8"),
        &["--format", "json"],
    ));
    let rules: Vec<String> = positions(&report).into_iter().map(|(r, ..)| r).collect();
    assert!(
        !rules.contains(&"availability/requires-inference-profile".to_string()),
        "{rules:?}"
    );
}

#[test]
fn fix_leaves_unsafe_fixes_unless_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        std::path::Path::new("examples/unsupported-features"),
        dir.path(),
    );
    let manifest = dir.path().join("modelgate.toml");
    let path = manifest.to_str().expect("utf-8");
    run(check(path, &["--fix"]));
    let text = std::fs::read_to_string(&manifest).expect("read");
    assert!(
        text.contains("max_output_tokens = 32000"),
        "the limit fix changes behaviour: not applied by --fix"
    );
    run(check(path, &["--fix", "--unsafe-fixes"]));
    let text = std::fs::read_to_string(&manifest).expect("read");
    assert!(!text.contains("max_output_tokens = 32000"), "{text}");
    assert!(text.contains("# Example (e)"), "comments survive");
}

#[test]
fn folders_are_searched_for_manifests() {
    let (code, report) = json(check("examples", &["--format", "json"]));
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], 6, "{}", report["summary"]);
    let files: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(
        files.contains("examples/json-manifest/modelgate.json"),
        "{files:?}"
    );
}

#[test]
fn catalog_folder_replaces_the_embedded_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The catalog the other tests judge against, as a folder: the same facts.
    copy_dir(std::path::Path::new(TEST_CATALOG), dir.path());
    let catalog = dir.path().to_str().expect("utf-8").to_string();
    let (_, embedded) = json(check("examples/gdpr-cross-region", &["--format", "json"]));
    let (_, from_dir) = json(check(
        "examples/gdpr-cross-region",
        &["--format", "json", "--catalog", &catalog],
    ));
    assert_eq!(embedded["findings"], from_dir["findings"]);

    // Facts from the folder are the ones judged: give Haiku 4.5 an end of
    // life in the past, and the compliant example is no longer compliant.
    let path = dir.path().join("models/anthropic.json");
    let text = std::fs::read_to_string(&path).expect("read");
    let mut models: serde_json::Value = serde_json::from_str(&text).expect("json");
    for model in models["models"].as_array_mut().expect("models") {
        if model["id"] == "anthropic.claude-haiku-4-5-20251001-v1:0" {
            model["lifecycle"] = serde_json::json!([{
                "regions": ["*"], "status": "legacy", "legacy": "2026-01-01",
                "end_of_life": "2026-06-01", "source": "https://example.com/test-fixture"
            }]);
        }
    }
    std::fs::write(&path, models.to_string()).expect("write");
    let (_, report) = json(check(
        "examples/gdpr-compliant",
        &["--format", "json", "--catalog", &catalog],
    ));
    let rules: Vec<String> = positions(&report).into_iter().map(|(r, ..)| r).collect();
    assert!(
        rules.contains(&"lifecycle/end-of-life".to_string()),
        "{rules:?}"
    );

    // A broken catalog file is a located run failure.
    std::fs::write(dir.path().join("regions.json"), "{\"regions\": [}").expect("write");
    fails_with(
        check("examples/gdpr-compliant", &["--catalog", &catalog]),
        &["regions.json:1:"],
    );
}
