//! Every fact of the embedded catalog cites a page the maintainers read in
//! the public documentation mirrors (issue 12, point 7), and has a basis on
//! that page (point 4).
//!
//! `tools/mirror-pages.json`, written by `tools/build-catalog.py`, lists
//! every AWS page the catalog cites with the mirror copies read; a non-AWS
//! page is allowed only where it declares itself secondary.
//! `tools/check-sources.py` checks each fact against the transcriptions of
//! its page (it needs the reference material the build reads, at
//! `MODELGATE_REFERENCE` or tools/reference).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::copy_dir;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The catalog files (the embedded ones are `catalog/`), each with its JSON.
fn catalog_files(dir: &Path) -> Vec<(PathBuf, Value)> {
    let mut files: Vec<PathBuf> = [
        "catalog.json",
        "regions.json",
        "prefixes.json",
        "profiles.json",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    let mut models: Vec<PathBuf> = std::fs::read_dir(dir.join("models"))
        .expect("models folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    models.sort();
    files.extend(models);
    files
        .into_iter()
        .map(|p| (p.clone(), read_json(&p)))
        .collect()
}

/// `(JSON pointer, the object)` of every object with a `source`: one fact.
fn facts<'a>(value: &'a Value, pointer: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if map.get("source").is_some_and(Value::is_string) {
                out.push((pointer.clone(), value));
            }
            for (k, v) in map {
                facts(v, format!("{pointer}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                facts(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The kind of fact at `pointer`, as `secondary` entries name them.
fn kind(pointer: &str) -> &'static str {
    if pointer.starts_with("/boundaries/") {
        "boundary"
    } else if pointer.starts_with("/compliance/") {
        "compliance"
    } else if pointer.ends_with("/replacement") {
        "replacement"
    } else {
        "fact"
    }
}

/// Every fact of the catalog in `dir` whose source is not a page of
/// `mirror-pages.json` with a recorded copy, nor an allowed secondary page.
fn unlisted_sources(dir: &Path, mirror_pages: &Value) -> (Vec<String>, usize) {
    let pages = mirror_pages["pages"].as_object().expect("pages");
    let secondary = mirror_pages["secondary"].as_object().expect("secondary");
    let mut problems = Vec::new();
    let mut n = 0;
    for (path, json) in catalog_files(dir) {
        let mut found = Vec::new();
        facts(&json, String::new(), &mut found);
        for (pointer, fact) in found {
            n += 1;
            let source = fact["source"].as_str().unwrap_or_default();
            let at = format!("{}#{pointer}", path.display());
            if let Some(page) = pages.get(source) {
                let copies = |k: &str| page[k].as_array().map_or(0, Vec::len);
                if copies("read") + copies("stored") == 0 {
                    problems.push(format!("{at}: {source} is listed with no mirror copy"));
                }
                continue;
            }
            let allowed = secondary.get(source).is_some_and(|s| {
                s["kinds"]
                    .as_array()
                    .is_some_and(|k| k.contains(&Value::from(kind(&pointer))))
            });
            let marked = kind(&pointer) == "replacement" && fact["confidence"] == "secondary";
            if !(allowed || marked) {
                problems.push(format!(
                    "{at}: {source} is not a page of tools/mirror-pages.json nor an allowed secondary source"
                ));
            }
        }
    }
    (problems, n)
}

#[test]
fn every_fact_cites_a_page_read_in_the_mirrors() {
    let mirror_pages = read_json(&root().join("tools/mirror-pages.json"));
    let (problems, n) = unlisted_sources(&root().join("catalog"), &mirror_pages);
    assert!(n > 1000, "the embedded catalog has {n} facts");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Every listed copy names the transcription that read it.
    for (url, page) in mirror_pages["pages"].as_object().expect("pages") {
        assert!(url.starts_with("https://docs.aws.amazon.com/"), "{url}");
        for copy in page["read"].as_array().expect("read") {
            assert!(copy["transcription"].is_string(), "{url}: {copy}");
        }
    }

    // The check can fail: a fact citing a page nobody read, and a non-AWS
    // page on a fact that cannot be secondary.
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("catalog"), dir.path());
    let path = dir.path().join("models/anthropic.json");
    let text = std::fs::read_to_string(&path).expect("read");
    let text = text.replacen(
        "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-opus-5.html",
        "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-unread.html",
        1,
    );
    let text = text.replacen(
        "\"source\": \"https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html\"",
        "\"source\": \"https://dataprivacymanager.net/glossary/eu-member-states/\"",
        1,
    );
    std::fs::write(&path, text).expect("write");
    let (problems, _) = unlisted_sources(dir.path(), &mirror_pages);
    assert_eq!(problems.len(), 2, "{}", problems.join("\n"));
    assert!(
        problems[0].contains("model-card-unread.html")
            || problems[1].contains("model-card-unread.html")
    );
    assert!(problems
        .iter()
        .any(|p| p.contains("dataprivacymanager.net") && p.contains("/lifecycle/")));
}

fn check_sources(catalog: &Path) -> (i32, String) {
    let output = Command::new("python3")
        .current_dir(root())
        .arg("tools/check-sources.py")
        .arg("--catalog")
        .arg(catalog)
        .output()
        .expect("python3 runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn every_fact_has_a_basis_on_the_page_it_cites() {
    let (code, out) = check_sources(&root().join("catalog"));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" without a basis"), "{out}");

    // The facts issue 12 found: "active" cited to model-lifecycle-legacy,
    // which does not list the model; and a limit cited to another model's card.
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("catalog"), dir.path());
    let path = dir.path().join("models/amazon.json");
    let mut doc = read_json(&path);
    for model in doc["models"].as_array_mut().expect("models") {
        if model["id"] == "amazon.rerank-v1:0" {
            model["lifecycle"] = serde_json::json!([{
                "regions": ["*"], "status": "active",
                "source": "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html"
            }]);
        }
        if model["id"] == "amazon.nova-pro-v1:0" {
            model["limits"]["context_window"]["source"] = Value::from(
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-amazon-nova-lite.html",
            );
        }
    }
    std::fs::write(&path, doc.to_string()).expect("write");
    let (code, out) = check_sources(dir.path());
    assert_eq!(code, 1, "{out}");
    for needle in [
        "model amazon.rerank-v1:0 lifecycle[0]: no basis: https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html: its rows read do not name the model",
        "model amazon.nova-pro-v1:0 limit context_window: no basis: https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-amazon-nova-lite.html: its card is another model's",
        "; 2 without a basis",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
}
