//! `policies/input.schema.json` is the schema the Rust types generate, and
//! it describes what rules really receive: the documents of every manifest
//! in the examples and the fixtures, audit's documents, and every builder
//! of `policies/lib/testing.rego` (which drifted from the real documents
//! before this test existed).

use crate::common;

use std::path::Path;

use common::{modelgate_embedded, run};
use serde_json::Value;

/// The date the documents are built as of.
const TODAY: &str = "2026-11-29";

const SCHEMA: &str = "policies/input.schema.json";

const BUILDERS: &str = "policies/lib/testing.rego";

/// Documents that use every builder of [`BUILDERS`], one per builder.
const BUILDER_DOCUMENTS: &str = "tests/fixtures/input-schema/builders.rego";

fn root(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root(path)).unwrap_or_else(|err| panic!("read {path}: {err}"))
}

fn committed_schema() -> Value {
    serde_json::from_str(&read(SCHEMA)).expect("the committed schema is JSON")
}

/// A validator of the whole schema, or of its definition `name` alone
/// (whose violations are precise: the root's `anyOf` only says that no
/// alternative matched).
fn validator_of(name: Option<&str>) -> jsonschema::Validator {
    let mut schema = committed_schema();
    if let (Some(name), Some(root)) = (name, schema.as_object_mut()) {
        root.remove("anyOf");
        root.insert("$ref".to_string(), Value::from(format!("#/$defs/{name}")));
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// A validator of the input document.
fn validator() -> jsonschema::Validator {
    validator_of(Some("Input"))
}

/// Every way `document` fails the schema, one line each.
fn violations(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The documents `modelgate input` prints for `args`, and its exit status
/// and stderr.
fn input(args: &[&str]) -> (Vec<Value>, i32, String) {
    let mut cmd = modelgate_embedded();
    cmd.args(["input", "--today", TODAY]).args(args);
    let out = run(cmd);
    let shown: Vec<Value> = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}\n{}", out.stdout, out.stderr));
    let documents = shown.iter().map(|s| s["input"].clone()).collect();
    (documents, out.code, out.stderr)
}

fn assert_valid(documents: &[Value]) {
    let (validator, whole) = (validator(), validator_of(None));
    for document in documents {
        let problems = violations(&validator, document);
        assert!(problems.is_empty(), "{problems:#?}\nin {document:#}");
        assert!(whole.is_valid(document));
    }
}

#[test]
fn the_committed_schema_is_the_one_the_types_generate() {
    let mut cmd = modelgate_embedded();
    cmd.args(["input", "--schema"]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout == read(SCHEMA),
        "{SCHEMA} differs from the schema the Rust input types generate: \
         regenerate it with `cargo run -- input --schema > {SCHEMA}` and review the diff \
         (and policies/README.md, if a field changed)"
    );
}

#[test]
fn the_schema_is_valid_json_schema_2020_12() {
    let schema = committed_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(err) = jsonschema::meta::validate(&schema) {
        panic!("{err}");
    }
}

/// Every manifest under `examples/` and `tests/fixtures/` that can be read
/// gives a document that validates; the others are reported, each at its
/// file.
#[test]
fn real_documents_validate() {
    let (documents, code, stderr) = input(&["examples", "tests/fixtures"]);
    assert_eq!(code, 2, "the broken fixtures are reported: {stderr}");
    let broken = stderr.matches("  × ").count();
    let mut manifests = Vec::new();
    manifests_below(&root("examples"), &mut manifests);
    manifests_below(&root("tests/fixtures"), &mut manifests);
    assert_eq!(documents.len() + broken, manifests.len(), "{stderr}");
    assert!(documents.len() > broken, "{stderr}");
    assert_valid(&documents);
}

fn manifests_below(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read a folder") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() && !name.starts_with('.') {
            manifests_below(&path, out);
        } else if name == "modelgate.toml" || name == "modelgate.json" {
            out.push(path);
        }
    }
}

/// The optional keys appear only where the catalog keeps disputed facts.
#[test]
fn documents_with_disputed_facts_validate() {
    let (documents, code, stderr) = input(&["tests/fixtures/input-schema/disputed"]);
    assert_eq!(code, 0, "{stderr}");
    let text = serde_json::to_string(&documents).expect("JSON");
    assert!(text.contains("\"dispute\":{\"sources\""), "{text}");
    assert!(text.contains("\"availability\":\"disputed\""), "{text}");
    assert!(text.contains("\"disputed_by\":[\"https://"), "{text}");
    assert_valid(&documents);
}

#[test]
fn audit_documents_of_the_examples_validate() {
    let (documents, code, stderr) = input(&["--audit", "examples"]);
    assert_eq!(code, 0, "{stderr}");
    let located = documents
        .iter()
        .flat_map(|d| d["entries"].as_array().cloned().unwrap_or_default())
        .filter(|e| e.get("location").is_some())
        .count();
    assert!(
        located > 0,
        "some entries come from the code: {documents:#?}"
    );
    assert_valid(&documents);
}

/// The schema is strict: a field missing, or one the rules never receive,
/// is a violation naming it (the builders' drift was of both kinds).
#[test]
fn the_schema_catches_drift() {
    let (documents, _, stderr) = input(&["examples/gdpr-cross-region"]);
    let validator = validator();
    let document = documents.first().unwrap_or_else(|| panic!("{stderr}"));
    assert!(violations(&validator, document).is_empty());

    let mut missing = document.clone();
    missing["entries"][0]["reference"]
        .as_object_mut()
        .expect("a reference")
        .remove("arn_region");
    let problems = violations(&validator, &missing).join("\n");
    assert!(
        problems.contains("\"arn_region\" is a required property"),
        "{problems}"
    );

    let mut extra = document.clone();
    extra["workload"]["environment"] = Value::from("prod");
    let problems = violations(&validator, &extra).join("\n");
    assert!(problems.contains("environment"), "{problems}");

    let mut wrong = document.clone();
    wrong["entries"][0]["calls"][0]["availability"] = Value::from("maybe");
    assert!(!violations(&validator, &wrong).is_empty());
}

/// The public rules of a Rego file: its builders.
fn builder_names(rego: &str) -> Vec<String> {
    let mut names: Vec<String> = rego
        .lines()
        .filter_map(|line| {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let rest = line.get(name.len()..)?;
            let defines = rest.starts_with(" :=") || rest.starts_with('(');
            (!name.is_empty() && !name.starts_with('_') && name != "package" && defines)
                .then_some(name)
        })
        .collect();
    names.dedup();
    names
}

/// The documents of [`BUILDER_DOCUMENTS`], by the builder each shows,
/// evaluated by the engine the rules run on.
fn builder_documents() -> serde_json::Map<String, Value> {
    let mut engine = regorus::Engine::new();
    for path in [BUILDERS, BUILDER_DOCUMENTS] {
        engine
            .add_policy(path.to_string(), read(path))
            .unwrap_or_else(|err| panic!("{path}: {err}"));
    }
    let results = engine
        .eval_query("data.schema_check.builders.documents".to_string(), false)
        .expect("the documents evaluate");
    let value = &results.result[0].expressions[0].value;
    let json: Value = serde_json::from_str(&value.to_json_str().expect("JSON")).expect("JSON");
    json.as_object().cloned().expect("an object")
}

#[test]
fn every_test_builder_gives_documents_that_validate() {
    let documents = builder_documents();
    let uses = read(BUILDER_DOCUMENTS);
    for name in builder_names(&read(BUILDERS)) {
        assert!(
            uses.contains(&format!("t.{name}")),
            "{BUILDER_DOCUMENTS} does not use the builder `{name}`: add a document that does"
        );
    }
    assert!(documents.len() >= 8, "{documents:#?}");
    let (validator, whole) = (validator(), validator_of(None));
    for (name, document) in &documents {
        let problems = violations(&validator, document);
        assert!(
            problems.is_empty(),
            "the document `{name}` of {BUILDER_DOCUMENTS}, built with {BUILDERS}: {problems:#?}"
        );
        assert!(whole.is_valid(document));
    }
}

#[test]
fn builder_names_are_the_public_rules() {
    let rego = "package p\n\nx := 1\n\nf(a) := a\n\n_private := 2\n\ng(a) := b if {\n\tb := a\n}\n";
    assert_eq!(builder_names(rego), ["x", "f", "g"]);
}
