//! `--staged`: audit what the next commit will contain, read from the git
//! index (not the working tree) with the `git` CLI, for pre-commit hooks.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use super::git;
use super::scan::Scanner;
use super::walk::{resolved, scan_bytes, Excludes, FileHit, Outcome, Scope, Tally};
use crate::error::{Result, RunError};
use crate::sanitize;

fn run_git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    git::run(dir, args, "--staged")
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
    let top_real = git::top(&cwd, "--staged")?;
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
    let names: Vec<String> = git::names(&names)
        .filter(|n| !excludes.excludes(Path::new(n)))
        .collect();
    let blobs = read_index(&top_real, &names, max_filesize)?;
    let cwd_real = cwd.canonicalize().unwrap_or(cwd);
    // The scope of a staged audit is the staged files, and only those: a
    // baseline entry for any other file is not stale.
    let mut tally = Tally {
        scope: Some(Scope::default()),
        ..Tally::default()
    };
    let mut hits = Vec::new();
    for (name, blob) in names.iter().zip(blobs) {
        let absolute = top_real.join(name);
        let display = absolute
            .strip_prefix(&cwd_real)
            .map(Path::to_path_buf)
            .unwrap_or(absolute);
        let bytes = match blob {
            Blob::Content(bytes) => bytes,
            Blob::TooLarge => {
                tally.too_large += 1;
                continue;
            }
            Blob::Missing => {
                let problem = format!("{name}: not in the index");
                tally.unreadable.push(sanitize::line(&problem).into_owned());
                continue;
            }
        };
        match scan_bytes(scanner, display, &bytes) {
            Outcome::Binary => tally.binary += 1,
            Outcome::Scanned(hit) => {
                tally.scanned += 1;
                if let Some(scope) = &mut tally.scope {
                    scope.files.insert(resolved(&top_real.join(name)));
                }
                hits.extend(hit);
            }
        }
    }
    hits.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((hits, tally))
}

/// A staged file as the index holds it.
enum Blob {
    Content(Vec<u8>),
    /// Larger than `--max-filesize`: its size was asked, its content never
    /// read.
    TooLarge,
    /// Not a blob in the index (gone, or a submodule).
    Missing,
}

/// The index version of each of `names` (paths relative to `top`). Sizes
/// come first (`git cat-file --batch-check`), so a blob over `max` is
/// never read; the others are read through one `git cat-file --batch`.
fn read_index(top: &Path, names: &[String], max: u64) -> Result<Vec<Blob>> {
    // The batch modes read one object name per line: a path with a newline
    // is asked for on the command line instead.
    let batched: Vec<String> = names
        .iter()
        .filter(|n| !n.contains('\n'))
        .map(|n| format!(":{n}"))
        .collect();
    let infos = batch(top, "--batch-check", &batched, |_, _| Ok(None))?;
    let small: Vec<String> = infos
        .iter()
        .filter_map(|info| info.as_ref())
        .filter(|info| info.kind == "blob" && info.size <= max)
        .map(|info| info.oid.clone())
        .collect();
    let mut contents = batch(top, "--batch", &small, |reader, size| {
        let mut content = Vec::new();
        reader.take(size).read_to_end(&mut content)?;
        let mut newline = [0u8; 1];
        reader.read_exact(&mut newline)?;
        Ok(Some(content))
    })?
    .into_iter();
    let mut infos = infos.into_iter();
    Ok(names
        .iter()
        .map(|name| {
            if name.contains('\n') {
                return read_one(top, name, max);
            }
            match infos.next().flatten() {
                Some(info) if info.kind != "blob" => Blob::Missing,
                Some(info) if info.size > max => Blob::TooLarge,
                Some(_) => match contents.next().flatten().and_then(|i| i.content) {
                    Some(content) => Blob::Content(content),
                    None => Blob::Missing,
                },
                None => Blob::Missing,
            }
        })
        .collect())
}

/// One staged file whose name holds a newline, size first.
fn read_one(top: &Path, name: &str, max: u64) -> Blob {
    let object = format!(":{name}");
    let size = run_git(top, &["cat-file", "-s", &object])
        .ok()
        .and_then(|out| String::from_utf8_lossy(&out).trim().parse::<u64>().ok());
    match size {
        None => Blob::Missing,
        Some(size) if size > max => Blob::TooLarge,
        Some(_) => run_git(top, &["cat-file", "blob", &object])
            .map(Blob::Content)
            .unwrap_or(Blob::Missing),
    }
}

/// What `git cat-file` says of one object.
struct Info {
    oid: String,
    kind: String,
    size: u64,
    content: Option<Vec<u8>>,
}

/// Runs `git cat-file MODE` on `requests` (one object name each) and reads
/// one answer per request: `None` for a missing object, else its header,
/// with what `content` reads after it.
fn batch(
    top: &Path,
    mode: &str,
    requests: &[String],
    content: impl Fn(&mut BufReader<std::process::ChildStdout>, u64) -> std::io::Result<Option<Vec<u8>>>,
) -> Result<Vec<Option<Info>>> {
    if requests.is_empty() {
        return Ok(Vec::new());
    }
    let broken = |err: std::io::Error| RunError::plain(format!("reading `git cat-file`: {err}"));
    let mut child = git::command(top)
        .args(["cat-file", mode])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| RunError::plain(format!("cannot run `git cat-file`: {err}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| RunError::plain("cannot write to `git cat-file`"))?;
    let lines: Vec<String> = requests.iter().map(|r| format!("{r}\n")).collect();
    // Written from another thread, so that neither pipe fills up while the
    // other waits.
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        for line in lines {
            stdin.write_all(line.as_bytes())?;
        }
        Ok(())
    });
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| RunError::plain("cannot read from `git cat-file`"))?;
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(requests.len());
    for _ in requests {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(broken)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        let info = match fields.as_slice() {
            [oid, kind, size] => {
                let size: u64 = size.parse().map_err(|_| {
                    RunError::plain(format!("unexpected `git cat-file` header: {header}"))
                })?;
                Some(Info {
                    oid: oid.to_string(),
                    kind: kind.to_string(),
                    size,
                    content: content(&mut reader, size).map_err(broken)?,
                })
            }
            _ => None, // `<name> missing`
        };
        out.push(info);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}
