//! `--staged`: audit what the next commit will contain, read from the git
//! index (not the working tree) with the `git` CLI, for pre-commit hooks.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::scan::Scanner;
use super::walk::{scan_bytes, Excludes, FileHit, Outcome, Tally};
use crate::error::{Result, RunError};

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir);
    cmd
}

fn run_git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = git(dir).args(args).output().map_err(|err| {
        RunError::plain(format!(
            "--staged runs `git`, which could not be started: {err}"
        ))
        .with_help("install git, or audit the working tree without --staged")
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(RunError::plain(format!(
            "`git {}` failed: {}",
            args.join(" "),
            stderr.trim()
        ))
        .with_help("--staged audits the git index: run it inside a git repository"));
    }
    Ok(output.stdout)
}

/// The staged content of the files added, copied, modified or renamed in the
/// index (restricted to `paths` when given), scanned.
pub fn collect(
    paths: &[PathBuf],
    excludes: &Excludes,
    max_filesize: u64,
    scanner: &Scanner,
) -> Result<(Vec<FileHit>, Tally)> {
    let cwd = std::env::current_dir()?;
    let top = run_git(&cwd, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
    let mut args: Vec<String> = [
        "diff",
        "--cached",
        "--name-only",
        "-z",
        "--no-renames",
        "--diff-filter=ACMR",
        "--",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let names = run_git(&cwd, &args)?;
    let names: Vec<String> = names
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .filter(|n| !excludes.excludes(Path::new(n)))
        .collect();
    let blobs = read_index(&top, &names)?;
    let cwd_real = cwd.canonicalize().unwrap_or(cwd);
    let top_real = top.canonicalize().unwrap_or(top);
    let mut tally = Tally::default();
    let mut hits = Vec::new();
    for (name, blob) in names.iter().zip(blobs) {
        let absolute = top_real.join(name);
        let display = absolute
            .strip_prefix(&cwd_real)
            .map(Path::to_path_buf)
            .unwrap_or(absolute);
        let Some(bytes) = blob else {
            tally.unreadable.push(format!("{name}: not in the index"));
            continue;
        };
        if bytes.len() as u64 > max_filesize {
            tally.too_large += 1;
            continue;
        }
        match scan_bytes(scanner, display, &bytes) {
            Outcome::Binary => tally.binary += 1,
            Outcome::Scanned(hit) => {
                tally.scanned += 1;
                hits.extend(hit);
            }
        }
    }
    hits.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((hits, tally))
}

/// The index version of each of `names` (paths relative to `top`), through
/// one `git cat-file --batch` process; `None` for what it cannot find.
fn read_index(top: &Path, names: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
    // --batch reads one object name per line: a path with a newline is
    // asked for with `git show` instead.
    let batched: Vec<&String> = names.iter().filter(|n| !n.contains('\n')).collect();
    let mut answers = read_batch(top, &batched)?.into_iter();
    Ok(names
        .iter()
        .map(|name| {
            if name.contains('\n') {
                run_git(top, &["show", &format!(":{name}")]).ok()
            } else {
                answers.next().flatten()
            }
        })
        .collect())
}

fn read_batch(top: &Path, names: &[&String]) -> Result<Vec<Option<Vec<u8>>>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let broken = |err: std::io::Error| RunError::plain(format!("reading `git cat-file`: {err}"));
    let mut child = git(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| RunError::plain(format!("cannot run `git cat-file`: {err}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| RunError::plain("cannot write to `git cat-file`"))?;
    let requests: Vec<String> = names.iter().map(|n| format!(":{n}\n")).collect();
    // Written from another thread, so that neither pipe fills up while the
    // other waits.
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        for request in requests {
            stdin.write_all(request.as_bytes())?;
        }
        Ok(())
    });
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| RunError::plain("cannot read from `git cat-file`"))?;
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(names.len());
    for _ in names {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(broken)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        let content = match fields.as_slice() {
            [_, kind, size] => {
                let size: u64 = size.parse().map_err(|_| {
                    RunError::plain(format!("unexpected `git cat-file` header: {header}"))
                })?;
                let mut content = Vec::new();
                (&mut reader)
                    .take(size)
                    .read_to_end(&mut content)
                    .map_err(broken)?;
                let mut newline = [0u8; 1];
                reader.read_exact(&mut newline).map_err(broken)?;
                // A submodule (commit) or other object is not a file.
                (*kind == "blob").then_some(content)
            }
            _ => None, // `<name> missing`
        };
        out.push(content);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}
