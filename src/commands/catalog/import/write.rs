//! Writing the merged catalog: built in a temporary sibling folder, loaded
//! back (so it passes the same consistency checks as any `--catalog`), and
//! only then renamed into place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::catalog::schema::*;
use crate::catalog::Catalog;
use crate::error::{Result, RunError};
use crate::fsutil;

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

/// One file of the new folder, synced before the folder is renamed into
/// place.
fn write_file(path: &Path, text: &str) -> Result<()> {
    fsutil::write_output(
        path,
        text.as_bytes(),
        fsutil::Existing::Refuse,
        "the catalog file",
    )
}

pub(super) fn write_catalog(merged: &Merged, target: &Path, force: bool) -> Result<()> {
    fsutil::refuse_symlink(target, "the catalog folder")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::catalog::import::fixture_base;
    use crate::commands::catalog::import::merge::merge;
    use crate::commands::catalog::import::Summary;

    /// The fixture catalog merged with nothing: every file it has, as a
    /// folder written from it would hold them.
    fn merged() -> Merged {
        let today = "2026-11-30".parse().expect("a date");
        merge(&fixture_base(), &[], today, &mut Summary::default())
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_folder_written_loads_back_with_the_same_facts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("out");
        let merged = merged();
        write_catalog(&merged, &target, false).expect("written");
        let loaded = Catalog::from_dir(&target).expect("loads as any --catalog");
        assert_eq!(loaded.as_of(), merged.meta.as_of);
        let ids: Vec<&str> = loaded.models().map(|m| m.id.as_str()).collect();
        assert_eq!(
            ids,
            merged.models.keys().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(loaded.profiles().count(), merged.profiles.len());
        assert_eq!(entries(&target.join("models")), ["acme.json"]);
        assert_eq!(entries(dir.path()), ["out"], "no temporary folder is left");
    }

    #[test]
    fn force_replaces_a_folder_that_is_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("out");
        std::fs::create_dir_all(&target).expect("create");
        std::fs::write(target.join("stale.txt"), "old").expect("write");
        write_catalog(&merged(), &target, true).expect("replaced");
        assert!(!target.join("stale.txt").exists());
        assert!(Catalog::from_dir(&target).is_ok());
        assert_eq!(
            entries(dir.path()),
            ["out"],
            "no old or temporary folder is left"
        );
    }

    #[test]
    fn a_catalog_that_does_not_load_back_is_not_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("out");
        let mut merged = merged();
        if let Some(profile) = merged.profiles.values_mut().next() {
            profile.model = "acme.missing-v1:0".to_string();
        }
        let err = write_catalog(&merged, &target, false).expect_err("inconsistent");
        assert!(
            err.message().contains("is not in the catalog"),
            "{}",
            err.message()
        );
        assert!(entries(dir.path()).is_empty(), "nothing is written");
    }
}
