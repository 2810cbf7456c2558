//! Finding the manifests a `check` run evaluates: files as given, folders
//! searched (respecting .gitignore) for `modelgate.toml` / `modelgate.json`.

use std::path::PathBuf;

use crate::error::{Result, RunError};

/// The names a manifest may have, in order of preference.
pub const FILE_NAMES: [&str; 2] = ["modelgate.toml", "modelgate.json"];

/// The manifests to check, in the order given (each folder's in path order).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            found.extend(below(path)?);
        } else {
            return Err(
                RunError::plain(format!("{}: no such file or folder", path.display())).with_help(
                    "pass a manifest (modelgate.toml or modelgate.json) or a folder that holds one",
                ),
            );
        }
    }
    Ok(found)
}

fn below(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
    let mut below = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).build() {
        let entry = entry
            .map_err(|err| RunError::plain(format!("cannot walk {}: {err}", dir.display())))?;
        // A manifest may be a symbolic link (to a shared file): it is
        // checked, not passed over; a dangling one fails where it is read.
        let is_manifest = entry
            .file_type()
            .is_some_and(|t| t.is_file() || t.is_symlink())
            && !entry.path().is_dir()
            && FILE_NAMES.iter().any(|n| entry.file_name() == *n);
        if is_manifest {
            below.push(entry.into_path());
        }
    }
    below.sort();
    Ok(below)
}
