//! `--catalog DIR`: a catalog folder written from the input, loaded as
//! `Catalog::from_dir` loads it, then used as a run uses it.
//!
//! The input is the folder's files joined by NUL bytes, in this order:
//! catalog.json, regions.json, prefixes.json, features.json,
//! profiles.json, then each file of models/. A seed is a real catalog
//! joined so (see `fuzz/make-seeds.sh`); a mutation may edit any file, move
//! bytes from one to the next, or drop the last ones.
//!
//! Invariants: no panic; an error that names a position names one inside
//! the file it names; a catalog that loads can build the reference scanner,
//! parse every id it lists, and propose fixes from it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use modelgate::audit::scan::Scanner;
use modelgate::catalog::Catalog;
use modelgate::fix;
use modelgate::manifest::ManifestFile;
use modelgate::normalize::{catalog_data, Normalizer, Settings};
use modelgate::reference::Reference;
use modelgate::report::Command;
use modelgate::source::SourceFile;

use crate::{output, split_files, today};

const TOP_FILES: [&str; 5] = [
    "catalog.json",
    "regions.json",
    "prefixes.json",
    "features.json",
    "profiles.json",
];
/// Ids of a loaded catalog tried as references, at most.
const IDS_TRIED: usize = 16;

/// The folder this process writes its inputs to (memory-backed if it can).
fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let base = if shm.is_dir() {
            shm
        } else {
            std::env::temp_dir()
        };
        base.join(format!("modelgate-fuzz-catalog-{}", std::process::id()))
    })
}

pub fn fuzz(data: &[u8]) {
    let parts = split_files(data, 64);
    let mut files: Vec<(String, &[u8])> = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        let name = match TOP_FILES.get(i) {
            Some(name) => name.to_string(),
            None => format!("models/m{:02}.json", i - TOP_FILES.len()),
        };
        files.push((name, part));
    }
    let dir = folder();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("models")).expect("create the catalog folder");
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).expect("write a catalog file");
    }
    match Catalog::from_dir(dir) {
        Ok(catalog) => use_catalog(&catalog),
        Err(err) => {
            assert_error_inside(&err, dir, &files);
            output::error(err, Command::Check);
        }
    }
    // Only the folder of an input that crashed stays behind.
    let _ = std::fs::remove_dir_all(dir);
}

/// An error at `file:line:col` names a line of that file.
fn assert_error_inside(err: &modelgate::error::RunError, dir: &Path, files: &[(String, &[u8])]) {
    let Some(at) = err.location() else { return };
    let Some(line) = at.line else { return };
    let named = files
        .iter()
        .find(|(name, _)| modelgate::source::display(&dir.join(name)) == at.file);
    let Some((name, bytes)) = named else {
        panic!(
            "the error names {}, which is no catalog file: {}",
            at.file,
            err.message()
        );
    };
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    assert!(
        line <= lines,
        "the error names line {line} of {name}, which has {lines}: {}",
        err.message()
    );
}

/// What a run does with a catalog: the rules' data, the scanner,
/// references and fixes for the ids it lists, and the input document of a
/// manifest that calls them.
fn use_catalog(catalog: &Catalog) {
    let _ = catalog_data(catalog);
    normalize_manifest_of(catalog);
    let scanner = Scanner::new(catalog).expect("a loaded catalog builds the scanner");
    let regions: Vec<String> = catalog.regions().take(2).map(|r| r.code.clone()).collect();
    let ids = catalog
        .models()
        .map(|m| m.id.clone())
        .take(IDS_TRIED)
        .chain(catalog.profiles().map(|p| p.id.clone()).take(IDS_TRIED));
    for id in ids {
        let _ = scanner.scan(format!("model = \"{id}\"\n").as_bytes());
        let reference = Reference::parse(&id, catalog);
        let _ = fix::candidates(catalog, today(), &reference, &regions);
        let _ = catalog.similar_ids(&id);
    }
}

/// A JSON manifest calling the catalog's first models and profiles from its
/// first Regions, decoded against it and turned into the rules' input.
fn normalize_manifest_of(catalog: &Catalog) {
    let regions: Vec<&str> = catalog.regions().take(2).map(|r| r.code.as_str()).collect();
    let features: Vec<&str> = catalog.feature_names().take(1).collect();
    let residency = catalog.boundary_names().next().unwrap_or("none");
    let models: Vec<serde_json::Value> = catalog
        .models()
        .map(|m| m.id.as_str())
        .take(IDS_TRIED)
        .chain(catalog.profiles().map(|p| p.id.as_str()).take(IDS_TRIED))
        .map(|id| serde_json::json!({"model": id, "features": features, "max_output_tokens": 4096}))
        .collect();
    let manifest = serde_json::json!({
        "version": 1,
        "workload": {"regions": regions, "residency": residency},
        "models": models,
    });
    let source = SourceFile::new("modelgate.json", manifest.to_string());
    let file = match ManifestFile::parse(source, catalog) {
        Ok(file) => file,
        Err(err) => return output::error(err, Command::Check),
    };
    let normalizer = Normalizer {
        catalog,
        today: today(),
        settings: Settings {
            eol_horizon_days: 90,
            max_catalog_age_days: Some(120),
        },
    };
    let input = normalizer.input(&file.manifest);
    serde_json::to_string(&input).expect("the input document serializes");
}
