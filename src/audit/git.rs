//! The `git` CLI, for the audits that read git's view of the tree
//! (`--staged`, `--since`). `flag` names the option in errors.

use std::path::Path;
use std::process::Command;

use crate::error::{Result, RunError};

pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir);
    cmd
}

/// What `git ARGS` prints, run in `dir`; a failure is a run error naming
/// `flag` and saying what git said.
pub fn run(dir: &Path, args: &[&str], flag: &str) -> Result<Vec<u8>> {
    let output = command(dir).args(args).output().map_err(|err| {
        RunError::plain(format!(
            "{flag} runs `git`, which could not be started: {err}"
        ))
        .with_help(format!(
            "install git, or audit the working tree without {flag}"
        ))
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(RunError::plain(format!(
            "`git {}` failed: {}",
            args.join(" "),
            stderr.trim()
        ))
        .with_help(format!(
            "{flag} reads git's view of the files: run it inside a git repository"
        )));
    }
    Ok(output.stdout)
}

/// The repository's top folder, resolved.
pub fn top(cwd: &Path, flag: &str) -> Result<std::path::PathBuf> {
    let top = run(cwd, &["rev-parse", "--show-toplevel"], flag)?;
    let top =
        std::path::PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
    Ok(top.canonicalize().unwrap_or(top))
}

/// NUL-separated names (`-z` output), as strings.
pub fn names(output: &[u8]) -> impl Iterator<Item = String> + '_ {
    output
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}
