//! `--since REF`: audit only the files a branch changed, for pull-request
//! gates in large repositories.
//!
//! The files are those `git diff` lists between the merge base of REF and
//! HEAD (what a pull request's diff shows: changes REF gained meanwhile are
//! not the branch's) and the working tree, added, copied, modified, renamed
//! or retyped, plus untracked files git does not ignore (a new file not yet
//! added is a change too; a CI checkout has none). Deleted files are not
//! scanned. The tree walk still applies its rules to them (.gitignore,
//! hidden files, `--exclude`, the paths given), so `--since` scans a subset
//! of what a full audit scans.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::git;
use crate::error::{Result, RunError};

const FLAG: &str = "--since";

/// The changed files, absolute and resolved.
pub fn changed(reference: &str) -> Result<HashSet<PathBuf>> {
    let cwd = std::env::current_dir()?;
    let top = git::top(&cwd, FLAG)?;
    let base = merge_base(&top, reference)?;
    let diff = git::run(
        &top,
        &[
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--diff-filter=ACMRT",
            &base,
            "--",
        ],
        FLAG,
    )?;
    let untracked = git::run(
        &top,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--full-name",
        ],
        FLAG,
    )?;
    Ok(git::names(&diff)
        .chain(git::names(&untracked))
        .map(|name| {
            let path = top.join(name);
            path.canonicalize().unwrap_or(path)
        })
        .collect())
}

/// The merge base of `reference` and HEAD, as a commit id. A name git does
/// not know (or one that could pass for an option) is a run error.
fn merge_base(top: &Path, reference: &str) -> Result<String> {
    let unknown = || {
        RunError::plain(format!("--since {reference}: git knows no commit by that name"))
            .with_help(
                "name a branch, tag or commit of this repository; in CI, fetch it first \
                 (a shallow clone lacks it: fetch-depth: 0 in actions/checkout, GIT_DEPTH: 0 in GitLab)",
            )
    };
    if reference.is_empty() || reference.starts_with('-') {
        return Err(unknown());
    }
    let commit = format!("{reference}^{{commit}}");
    let verified = git::command(top)
        .args(["rev-parse", "--verify", "--quiet", &commit])
        .output()
        .map_err(|err| {
            RunError::plain(format!(
                "{FLAG} runs `git`, which could not be started: {err}"
            ))
        })?;
    if !verified.status.success() {
        return Err(unknown());
    }
    let id = String::from_utf8_lossy(&verified.stdout).trim().to_string();
    let base = git::run(top, &["merge-base", &id, "HEAD"], FLAG).map_err(|_| {
        RunError::plain(format!(
            "--since {reference}: it has no common history with HEAD"
        ))
        .with_help("name a commit HEAD descends from, such as the pull request's target branch; a shallow clone may lack the history: fetch it")
    })?;
    Ok(String::from_utf8_lossy(&base).trim().to_string())
}
