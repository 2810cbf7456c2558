//! Walking the tree: the `ignore` crate's parallel walker (the one ripgrep
//! uses), honouring .gitignore, .ignore and hidden files unless told
//! otherwise, with `--exclude` globs. Binary files and files above the size
//! limit are skipped and counted, never silently.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use super::scan::{Scanned, Scanner};
use crate::error::{Result, RunError};
use crate::fsutil::{self, ReadError};
use crate::sanitize;

#[derive(Clone, Debug)]
pub struct WalkOptions {
    pub hidden: bool,
    pub no_ignore: bool,
    pub excludes: Vec<String>,
    pub max_filesize: u64,
    /// Remember every file scanned (for a baseline, whose entries for
    /// files outside the scan are not stale); off, memory stays flat.
    pub record_scanned: bool,
    /// Read only these files (absolute, resolved), where the walk meets
    /// them (`--since`): the scope is then the files read, and a file that
    /// no longer exists is in it no more than any other unread file.
    pub only: Option<Arc<HashSet<PathBuf>>>,
}

/// A file that holds references or suppression comments.
#[derive(Debug)]
pub struct FileHit {
    /// The path as the user reads it (as walked, without a leading `./`).
    pub path: PathBuf,
    /// The text, byte for byte (invalid UTF-8 bytes become `?`, so every
    /// offset stays valid).
    pub text: String,
    pub scanned: Scanned,
}

/// What was looked at and what was skipped, and why.
#[derive(Debug, Default)]
pub struct Tally {
    pub scanned: usize,
    pub binary: usize,
    pub too_large: usize,
    /// Each file that could not be read, with why: safe to print.
    pub unreadable: Vec<String>,
    /// What the scan covered, when asked to record it.
    pub scope: Option<Scope>,
}

/// What a scan covered: the files it read (absolute, resolved), and for a
/// tree walk its roots (a file under them that no longer exists was in
/// scope too: its findings are gone).
#[derive(Debug, Default)]
pub struct Scope {
    pub files: std::collections::HashSet<PathBuf>,
    pub roots: Vec<PathBuf>,
}

impl Scope {
    /// Whether the scan covered `path` (absolute).
    pub fn covers(&self, path: &Path) -> bool {
        let resolved = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.files.contains(&resolved)
            || (!path.exists() && self.roots.iter().any(|root| path.starts_with(root)))
    }
}

/// `path` absolute and resolved, as scopes hold it.
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    absolute.canonicalize().unwrap_or(absolute)
}

/// `--exclude` globs: a glob without `/` matches a file or folder name at any
/// depth (as in .gitignore); one with `/` matches the path below the root.
#[derive(Clone)]
pub struct Excludes {
    names: GlobSet,
    paths: GlobSet,
    any: bool,
}

impl Excludes {
    pub fn new(globs: &[String]) -> Result<Self> {
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        for raw in globs {
            let pattern = raw.trim_start_matches("./").trim_end_matches('/');
            let glob = Glob::new(pattern).map_err(|err| {
                RunError::plain(format!("--exclude `{raw}` is not a valid glob: {err}"))
            })?;
            if pattern.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |b: GlobSetBuilder| {
            b.build()
                .map_err(|err| RunError::plain(format!("invalid --exclude glob: {err}")))
        };
        Ok(Self {
            names: build(names)?,
            paths: build(paths)?,
            any: !globs.is_empty(),
        })
    }

    /// Whether `relative` (a path below a root, `/`-separated) is excluded.
    pub fn excludes(&self, relative: &Path) -> bool {
        if !self.any {
            return false;
        }
        let name_match = relative
            .file_name()
            .is_some_and(|name| self.names.is_match(Path::new(name)));
        name_match || self.paths.is_match(relative)
    }
}

/// A scanned file (`None`: nothing in it), or a binary one, skipped.
pub enum Outcome {
    Scanned(Option<FileHit>),
    Binary,
}

/// Scans the bytes of one file (already read). `display` is its path.
pub fn scan_bytes(scanner: &Scanner, display: PathBuf, bytes: &[u8]) -> Outcome {
    if memchr::memchr(0, bytes).is_some() {
        return Outcome::Binary;
    }
    let scanned = scanner.scan(bytes);
    // A manifest is kept even when the scanner sees no reference in it:
    // audit judges it as `check` does, malformed references included.
    let manifest = display
        .file_name()
        .is_some_and(|name| crate::manifest::FILE_NAMES.iter().any(|n| name == *n));
    if scanned.is_empty() && !manifest {
        return Outcome::Scanned(None);
    }
    Outcome::Scanned(Some(FileHit {
        path: display,
        text: lossless_text(bytes),
        scanned,
    }))
}

/// The text of `bytes` with the same byte offsets: each byte of an invalid
/// UTF-8 sequence becomes `?`.
pub fn lossless_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len());
            let mut rest = bytes;
            while !rest.is_empty() {
                match std::str::from_utf8(rest) {
                    Ok(text) => {
                        out.push_str(text);
                        break;
                    }
                    Err(err) => {
                        let valid = err.valid_up_to();
                        out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                        let bad = err.error_len().unwrap_or(rest.len() - valid);
                        out.extend(std::iter::repeat_n('?', bad));
                        rest = &rest[valid + bad..];
                    }
                }
            }
            out
        }
    }
}

/// `./a/b` → `a/b`; other paths as given.
pub fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix("./").unwrap_or(path).to_path_buf()
}

/// Walks `paths` in parallel and scans every text file.
pub fn walk(
    paths: &[PathBuf],
    options: &WalkOptions,
    scanner: &Scanner,
) -> Result<(Vec<FileHit>, Tally)> {
    for path in paths {
        if !path.exists() {
            return Err(
                RunError::plain(format!("{}: no such file or folder", path.display()))
                    .with_help("pass the files or folders to audit (default: the current folder)"),
            );
        }
    }
    let Some(builder) = walker(paths, options)? else {
        return Ok((Vec::new(), Tally::default()));
    };
    let collector = Collector::default();
    builder.build_parallel().run(|| {
        let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
        let collector = &collector;
        Box::new(move |entry| {
            collector.visit(entry, scanner, options, &mut buf);
            WalkState::Continue
        })
    });
    let roots: &[PathBuf] = if options.only.is_some() { &[] } else { paths };
    Ok(collector.finish(roots, options.record_scanned))
}

/// The walker over `paths`: ignore files honoured unless told otherwise,
/// `.git` never entered, `--exclude` globs applied below each root.
fn walker(paths: &[PathBuf], options: &WalkOptions) -> Result<Option<WalkBuilder>> {
    let Some((first, rest)) = paths.split_first() else {
        return Ok(None);
    };
    let mut builder = WalkBuilder::new(first);
    for path in rest {
        builder.add(path);
    }
    let respect = !options.no_ignore;
    builder
        .hidden(!options.hidden)
        .ignore(respect)
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .parents(respect);
    let excludes = Excludes::new(&options.excludes)?;
    let roots: Arc<Vec<PathBuf>> = Arc::new(paths.to_vec());
    builder.filter_entry(move |entry| {
        if entry.depth() == 0 {
            return true;
        }
        if entry.file_name() == ".git" && entry.file_type().is_some_and(|t| t.is_dir()) {
            return false;
        }
        let path = entry.path();
        let relative = roots
            .iter()
            .find_map(|root| path.strip_prefix(root).ok())
            .unwrap_or(path);
        !excludes.excludes(relative)
    });
    Ok(Some(builder))
}

/// What the walker threads found, shared between them.
#[derive(Default)]
struct Collector {
    hits: Mutex<Vec<FileHit>>,
    recorded: Mutex<Vec<PathBuf>>,
    unreadable: Mutex<Vec<String>>,
    scanned: AtomicUsize,
    binary: AtomicUsize,
    too_large: AtomicUsize,
}

impl Collector {
    fn unreadable(&self, problem: &str) {
        if let Ok(mut list) = self.unreadable.lock() {
            list.push(sanitize::line(problem).into_owned());
        }
    }

    /// Reads and scans one entry; a folder, a link or a special file is
    /// passed over, a file that cannot be read is counted.
    fn visit(
        &self,
        entry: std::result::Result<ignore::DirEntry, ignore::Error>,
        scanner: &Scanner,
        options: &WalkOptions,
        buf: &mut Vec<u8>,
    ) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => return self.unreadable(&err.to_string()),
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            return;
        }
        let path = entry.path();
        if let Some(only) = &options.only {
            if !only.contains(&resolved(path)) {
                return;
            }
        }
        match fsutil::read_into(path, options.max_filesize, buf) {
            Ok(()) => {}
            Err(ReadError::TooLarge { .. }) => {
                self.too_large.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Err(err) => return self.unreadable(&format!("{}: {err}", path.display())),
        }
        match scan_bytes(scanner, display_path(path), buf) {
            Outcome::Binary => {
                self.binary.fetch_add(1, Ordering::Relaxed);
            }
            Outcome::Scanned(hit) => {
                self.scanned.fetch_add(1, Ordering::Relaxed);
                if options.record_scanned {
                    if let Ok(mut list) = self.recorded.lock() {
                        list.push(resolved(path));
                    }
                }
                if let (Some(hit), Ok(mut list)) = (hit, self.hits.lock()) {
                    list.push(hit);
                }
            }
        }
    }

    /// `roots`: the folders whose every file was read, for the scope.
    fn finish(self, roots: &[PathBuf], record: bool) -> (Vec<FileHit>, Tally) {
        let mut hits = self.hits.into_inner().unwrap_or_default();
        hits.sort_by(|a, b| a.path.cmp(&b.path));
        let mut unreadable = self.unreadable.into_inner().unwrap_or_default();
        unreadable.sort();
        let scope = record.then(|| Scope {
            files: self
                .recorded
                .into_inner()
                .unwrap_or_default()
                .into_iter()
                .collect(),
            roots: roots.iter().map(|p| resolved(p)).collect(),
        });
        let tally = Tally {
            scanned: self.scanned.into_inner(),
            binary: self.binary.into_inner(),
            too_large: self.too_large.into_inner(),
            unreadable,
            scope,
        };
        (hits, tally)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let bytes = b"a\xffb\xe2\x82c";
        let text = lossless_text(bytes);
        assert_eq!(text.len(), bytes.len());
        assert_eq!(text, "a?b??c");
    }

    #[test]
    fn excludes_by_name_and_path() {
        let ex = Excludes::new(&["vendor".into(), "docs/*.md".into(), "*.min.js".into()])
            .expect("globs");
        assert!(ex.excludes(Path::new("a/vendor")));
        assert!(ex.excludes(Path::new("docs/x.md")));
        assert!(!ex.excludes(Path::new("src/docs/x.md")));
        assert!(ex.excludes(Path::new("web/app.min.js")));
        assert!(!ex.excludes(Path::new("web/app.js")));
    }
}
