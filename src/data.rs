//! `--data FILE|DIR` and `data = [...]`: documents the rules read under
//! `data`, loaded as conftest loads them. Each JSON, YAML or TOML file holds
//! an object whose keys are merged into `data`; a folder contributes every
//! such file below it, in path order. modelgate's own keys (`modelgate`,
//! `catalog`) are reserved, and a key two files both define is an error
//! rather than a silent override.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{did_you_mean, Result, RunError};

/// The top-level keys of `data` that modelgate itself provides.
pub const RESERVED: [&str; 2] = ["modelgate", "catalog"];

const EXTENSIONS: [&str; 4] = ["json", "yaml", "yml", "toml"];

/// The merged documents of `paths`, each key remembering its file.
pub fn load(paths: &[PathBuf]) -> Result<Map<String, Value>> {
    let mut merged = Map::new();
    let mut owners: Vec<(String, PathBuf)> = Vec::new();
    for file in files(paths)? {
        let Value::Object(document) = read(&file)? else {
            return Err(RunError::plain(format!(
                "data file {} does not hold an object",
                file.display()
            ))
            .with_help("a data file holds an object whose keys appear under `data` in the rules"));
        };
        for (key, value) in document {
            if let Some(reserved) = RESERVED.iter().find(|r| **r == key) {
                return Err(RunError::plain(format!(
                    "data file {} defines `data.{reserved}`, which modelgate provides itself",
                    file.display()
                ))
                .with_help("rename the key; `data.catalog` holds the catalog facts and `data.modelgate` the built-in policies"));
            }
            if let Some((_, owner)) = owners.iter().find(|(k, _)| *k == key) {
                return Err(RunError::plain(format!(
                    "`data.{key}` is defined by both {} and {}",
                    owner.display(),
                    file.display()
                )));
            }
            owners.push((key.clone(), file.clone()));
            merged.insert(key, value);
        }
    }
    Ok(merged)
}

/// Every data file `paths` names, folders expanded in path order.
fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut below: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .standard_filters(false)
                .build()
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.into_path())
                .filter(|p| p.is_file() && has_data_extension(p))
                .collect();
            below.sort();
            out.extend(below);
        } else if path.exists() {
            // Read as a file: fsutil refuses what is not a regular one.
            out.push(path.clone());
        } else {
            return Err(RunError::plain(format!(
                "--data {}: no such file or folder",
                path.display()
            )));
        }
    }
    Ok(out)
}

fn has_data_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e))
}

fn read(path: &Path) -> Result<Value> {
    let source = crate::fsutil::read_source(path, crate::fsutil::TEXT_LIMIT, "the data file")?;
    let text = source.text();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let parsed = match extension {
        "json" => serde_json::from_str::<Value>(text).map_err(|e| e.to_string()),
        "yaml" | "yml" => serde_norway::from_str::<Value>(text).map_err(|e| e.to_string()),
        "toml" => toml::from_str::<Value>(text).map_err(|e| e.to_string()),
        other => {
            let hint = did_you_mean(other, EXTENSIONS)
                .map(|e| format!(" (did you mean `.{e}`?)"))
                .unwrap_or_default();
            return Err(RunError::plain(format!(
                "data file {} is not JSON, YAML or TOML{hint}",
                path.display()
            )));
        }
    };
    parsed.map_err(|err| RunError::plain(format!("data file {}: {err}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_merge_and_reserved_or_repeated_keys_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("write");
            path
        };
        let a = write("a.json", r#"{"providers": ["Amazon"]}"#);
        let b = write("b.yaml", "limits:\n  tokens: 4096\n");
        let c = write("c.toml", "[teams]\nowner = \"ml\"\n");
        let data = load(&[a.clone(), b, c])
            .map_err(|e| e.message().to_string())
            .unwrap();
        assert_eq!(data["limits"]["tokens"], 4096);
        assert_eq!(data["teams"]["owner"], "ml");
        let again = write("again.json", r#"{"providers": []}"#);
        let err = load(&[a.clone(), again]).unwrap_err();
        assert!(
            err.message().contains("defined by both"),
            "{}",
            err.message()
        );
        let reserved = write("r.json", r#"{"catalog": {}}"#);
        let err = load(&[reserved]).unwrap_err();
        assert!(err.message().contains("data.catalog"), "{}", err.message());
    }
}
