//! Writing the merged catalog: built in a temporary sibling folder, loaded
//! back (so it passes the same consistency checks as any `--catalog`), and
//! only then renamed into place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::catalog::schema::*;
use crate::catalog::Catalog;
use crate::error::{Result, RunError};

use super::merge::Merged;

fn provider_file(id: &str) -> String {
    let stem: String = id
        .split('.')
        .next()
        .unwrap_or(id)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if stem.is_empty() {
        "other".to_string()
    } else {
        stem
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| RunError::plain(format!("cannot serialize the catalog: {e}")))
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .map_err(|err| RunError::plain(format!("cannot write {}: {err}", path.display())))
}

pub(super) fn write_catalog(merged: &Merged, target: &Path, force: bool) -> Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|err| RunError::plain(format!("cannot create {}: {err}", parent.display())))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "catalog".to_string());
    let temp = parent.join(format!(".{name}.import-{}", std::process::id()));
    let result = write_into(merged, &temp).and_then(|()| {
        // The folder must load as any --catalog does, consistency checks included.
        Catalog::from_dir(&temp).map(|_| ())
    });
    if let Err(err) = result {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    let replace = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|err| {
            RunError::plain(format!(
                "cannot move {} to {}: {err}",
                from.display(),
                to.display()
            ))
        })
    };
    if target.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let moved = if force || target.is_dir() {
            replace(target, &old)
        } else {
            Err(RunError::plain(format!(
                "{} already exists",
                target.display()
            )))
        };
        if let Err(err) = moved.and_then(|()| replace(&temp, target)) {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(err);
        }
        let _ = if old.is_dir() {
            std::fs::remove_dir_all(&old)
        } else {
            std::fs::remove_file(&old)
        };
        return Ok(());
    }
    if let Err(err) = replace(&temp, target) {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    Ok(())
}

fn write_into(merged: &Merged, dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir.join("models"))
        .map_err(|err| RunError::plain(format!("cannot create {}: {err}", dir.display())))?;
    write_file(&dir.join("catalog.json"), &to_json(&merged.meta)?)?;
    write_file(&dir.join("regions.json"), &to_json(&merged.regions)?)?;
    write_file(&dir.join("prefixes.json"), &to_json(&merged.prefixes)?)?;
    write_file(&dir.join("features.json"), &to_json(&merged.features)?)?;
    let profiles = ProfilesFile {
        profiles: merged.profiles.values().cloned().collect(),
    };
    write_file(&dir.join("profiles.json"), &to_json(&profiles)?)?;
    let mut by_provider: BTreeMap<String, Vec<Model>> = BTreeMap::new();
    for model in merged.models.values() {
        by_provider
            .entry(provider_file(&model.id))
            .or_default()
            .push(model.clone());
    }
    for (provider, models) in by_provider {
        write_file(
            &dir.join("models").join(format!("{provider}.json")),
            &to_json(&ModelsFile { models })?,
        )?;
    }
    Ok(())
}
