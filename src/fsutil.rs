//! The one way modelgate reads and writes the user's files.
//!
//! Reading: only a regular file (a symlink to one is fine), never more than
//! a documented limit. The file is opened without blocking and its type is
//! checked on the open handle, so a FIFO cannot hang the run, `/dev/zero`
//! cannot fill the memory, and nothing can be swapped in between a check
//! and the open.
//!
//! Writing: to a temporary file in the same folder, synced, then renamed
//! over the target, so the target holds either its old bytes or all the new
//! ones, whatever happens (a full disk, a kill, a concurrent run).

use std::fs::{File, Metadata};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Result, RunError};
use crate::source::SourceFile;

const MIB: u64 = 1024 * 1024;

/// The most modelgate reads of a manifest, a `.modelgate.toml`, a policy
/// file or a baseline.
pub const TEXT_LIMIT: u64 = 16 * MIB;

/// The most modelgate reads of one catalog file (in a `--catalog` folder,
/// or an input of `catalog import`).
pub const CATALOG_LIMIT: u64 = 64 * MIB;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(io::Error),
    /// The path names something other than a regular file (`a FIFO`, …).
    NotRegular(&'static str),
    /// The file holds more than the limit.
    TooLarge { size: u64, limit: u64 },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(err) => write!(f, "{err}"),
            ReadError::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "it holds {}, more than the limit of {}",
                human_size(*size),
                human_size(*limit)
            ),
        }
    }
}

impl ReadError {
    fn into_run_error(self, path: &Path, what: &str) -> RunError {
        let help = match &self {
            ReadError::Io(_) => None,
            ReadError::NotRegular(_) => Some(
                "modelgate reads only regular files (or symlinks to them): pass the file itself",
            ),
            ReadError::TooLarge { .. } => Some(
                "modelgate reads at most 16 MiB of a manifest, configuration, policy or baseline, \
                 and 64 MiB of a catalog file: check that the path names the file you meant",
            ),
        };
        let error = RunError::plain(format!("cannot read {what} {}: {self}", path.display()));
        match help {
            Some(help) => error.with_help(help),
            None => error,
        }
    }
}

/// `2 MiB`, `512 KiB`, `17 bytes`: exact where the size is a whole unit,
/// else one decimal.
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    let unit = |n: u64, size: u64, name: &str| {
        if n.is_multiple_of(size) {
            format!("{} {name}", n / size)
        } else {
            format!("{:.1} {name}", n as f64 / size as f64)
        }
    };
    if bytes >= MIB {
        unit(bytes, MIB, "MiB")
    } else if bytes >= KIB {
        unit(bytes, KIB, "KiB")
    } else {
        format!("{bytes} bytes")
    }
}

/// What the opened file is, in the words of an error message.
fn kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Opens for reading without blocking: opening a FIFO with no writer
/// returns at once instead of waiting for one.
fn open_for_reading(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Reads the regular file at `path` into `buf` (cleared first), refusing
/// anything else and anything over `limit` bytes. Never reads more than
/// `limit + 1` bytes, even from a file that grows while it is read.
pub fn read_into(path: &Path, limit: u64, buf: &mut Vec<u8>) -> Result<(), ReadError> {
    buf.clear();
    let file = open_for_reading(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    buf.reserve(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(buf)
        .map_err(ReadError::Io)?;
    let size = buf.len() as u64;
    if size > limit {
        buf.clear();
        return Err(ReadError::TooLarge { size, limit });
    }
    Ok(())
}

/// The bytes of the regular file at `path` (at most `limit`). `what` names
/// the file in errors: "the manifest", "the baseline".
pub fn read_regular(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    read_into(path, limit, &mut buf).map_err(|err| err.into_run_error(path, what))?;
    Ok(buf)
}

/// The regular file at `path` as UTF-8 text. Invalid UTF-8 is an error at
/// the first bad byte.
pub fn read_source(path: &Path, limit: u64, what: &str) -> Result<SourceFile> {
    let bytes = read_regular(path, limit, what)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            // The lossy text keeps every byte before the bad one in place,
            // so the offset still points at it.
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let file = SourceFile::new(path, lossy);
            Err(RunError::at(
                &file,
                offset..offset + 1,
                format!("{what} is not valid UTF-8"),
                "invalid byte",
            )
            .with_help("save the file as UTF-8"))
        }
    }
}

/// What writing an output file does to a file already at its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (`--write-baseline`, `--output`).
    Replace,
    /// Leave it and fail (`init` never overwrites a manifest).
    Refuse,
}

/// Whether an output file may be written at `path`: nothing there, or
/// (with [`Existing::Replace`]) a regular file. A symlink is refused, never
/// followed: it could point anywhere, outside the repository too. Call it
/// before the work that produces the output, to fail early.
pub fn check_output(path: &Path, existing: Existing, what: &str) -> Result<()> {
    output_target(path, existing, what).map(|_| ())
}

/// Fails if `path` is a symbolic link (dangling or not): for an output
/// that is not a single file (`catalog import --out DIR`).
pub fn refuse_symlink(path: &Path, what: &str) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::read_link(path)
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            Err(refusal(
                path,
                what,
                format!("it is a symbolic link{target}, and modelgate never writes through one"),
                "remove the link, or pass the path of the file itself",
            ))
        }
        _ => Ok(()),
    }
}

fn refusal(path: &Path, what: &str, why: String, help: &str) -> RunError {
    RunError::plain(format!(
        "refusing to write {what} {}: {why}",
        path.display()
    ))
    .with_help(help.to_string())
}

/// The metadata of the file an output replaces, if there is one.
fn output_target(path: &Path, existing: Existing, what: &str) -> Result<Option<Metadata>> {
    refuse_symlink(path, what)?;
    let refuse = |why: String, help: &str| Err(refusal(path, what, why, help));
    match std::fs::symlink_metadata(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(cannot_write(path, what, &err)),
        Ok(meta) if !meta.is_file() => refuse(
            format!("it is {}, not a regular file", kind(&meta.file_type())),
            "pass the path of a file to write",
        ),
        Ok(_) if existing == Existing::Refuse => refuse(
            "it already exists".to_string(),
            "modelgate does not overwrite it: remove it, or choose another path",
        ),
        Ok(meta) => Ok(Some(meta)),
    }
}

/// Creates or replaces the output file at `path` atomically with
/// `contents`. Refuses a symlink (see [`check_output`]). A new file gets
/// mode 0644 less the umask; a replaced one keeps its mode.
pub fn write_output(path: &Path, contents: &[u8], existing: Existing, what: &str) -> Result<()> {
    let like = output_target(path, existing, what)?;
    let commit = match existing {
        Existing::Replace => Commit::Replace,
        Existing::Refuse => Commit::NoClobber,
    };
    replace(path, contents, like.as_ref(), commit, &mut || Ok(()))
        .map_err(|err| err.into_run_error(path, what))
}

/// Replaces a file modelgate read (`original`, its bytes as read) with
/// `contents`, atomically. A symlink is followed: its target is written and
/// the link stays a link. If the file no longer holds `original` (someone
/// saved it meanwhile), nothing is written and the run fails.
pub fn write_edited(path: &Path, original: &[u8], contents: &[u8], what: &str) -> Result<()> {
    let target = std::fs::canonicalize(path).map_err(|err| cannot_write(path, what, &err))?;
    let meta = std::fs::metadata(&target).map_err(|err| cannot_write(path, what, &err))?;
    // Renaming needs only the folder to be writable: ask the file itself,
    // so a read-only or immutable file stays as protected as before.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&target)
        .map_err(|err| cannot_write(path, what, &err))?;
    let limit = original.len() as u64;
    let mut unchanged = || {
        let mut now = Vec::new();
        match read_into(&target, limit, &mut now) {
            Ok(()) if now == original => Ok(()),
            Ok(()) | Err(ReadError::TooLarge { .. }) => Err(WriteError::Changed),
            Err(err) => Err(WriteError::Io(io::Error::other(err.to_string()))),
        }
    };
    replace(
        &target,
        contents,
        Some(&meta),
        Commit::Replace,
        &mut unchanged,
    )
    .map_err(|err| err.into_run_error(path, what))
}

fn cannot_write(path: &Path, what: &str, err: &io::Error) -> RunError {
    RunError::plain(format!("cannot write {what} {}: {err}", path.display()))
}

/// Why an atomic write did not happen. In every case the target is as it
/// was and the temporary file is gone.
#[derive(Debug)]
enum WriteError {
    Io(io::Error),
    Changed,
}

impl WriteError {
    fn into_run_error(self, path: &Path, what: &str) -> RunError {
        match self {
            WriteError::Io(err) => cannot_write(path, what, &err)
                .with_help("nothing was changed: the file holds what it held before"),
            WriteError::Changed => RunError::plain(format!(
                "{} changed after modelgate read it: nothing was written",
                path.display()
            ))
            .with_help(format!(
                "another program (or run) saved {what} meanwhile; run the command again on the saved version"
            )),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(err: io::Error) -> Self {
        WriteError::Io(err)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Commit {
    Replace,
    NoClobber,
}

/// Writes `contents` to a new temporary file beside `target`, syncs it,
/// calls `before_commit` (the last moment to give up), renames it over
/// `target` and syncs the folder. `like` is the file being replaced, whose
/// mode (and, where allowed, owner) the new file takes.
fn replace(
    target: &Path,
    contents: &[u8],
    like: Option<&Metadata>,
    commit: Commit,
    before_commit: &mut dyn FnMut() -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    let dir = folder_of(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    // Dropped on any early return: the temporary file is removed.
    let mut temp = builder.tempfile_in(&dir)?;
    if let Some(like) = like {
        temp.as_file().set_permissions(like.permissions())?;
        keep_owner(temp.as_file(), like);
    }
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    before_commit()?;
    match commit {
        Commit::Replace => temp.persist(target),
        Commit::NoClobber => temp.persist_noclobber(target),
    }
    .map_err(|err| WriteError::Io(err.error))?;
    sync_folder(&dir);
    Ok(())
}

/// The folder a file lives in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Gives the new file the owner of the one it replaces, where the system
/// allows it (root editing a user's file); elsewhere it is a no-op.
fn keep_owner(file: &File, like: &Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ours = file.metadata().map(|m| (m.uid(), m.gid())).ok();
        if ours != Some((like.uid(), like.gid())) {
            let _ = std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid()));
        }
    }
    #[cfg(not(unix))]
    let _ = (file, like);
}

/// Makes the rename itself durable. Best effort: some file systems cannot
/// sync a folder, and the rename has happened either way.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    fn message(err: RunError) -> String {
        format!("{} {:?}", err.message(), err)
    }

    /// Everything in `dir` but `keep`: leftovers of a failed write.
    fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("read dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !keep.contains(&n.as_str()))
            .collect()
    }

    #[test]
    fn reads_a_regular_file_and_a_symlink_to_one() {
        let dir = temp_dir();
        let path = dir.path().join("m.toml");
        std::fs::write(&path, "version = 1\n").expect("write");
        assert_eq!(
            read_regular(&path, TEXT_LIMIT, "the manifest").expect("reads"),
            b"version = 1\n"
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link.toml");
            std::os::unix::fs::symlink(&path, &link).expect("symlink");
            assert_eq!(
                read_regular(&link, TEXT_LIMIT, "the manifest").expect("reads"),
                b"version = 1\n"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_an_error_not_a_hang() {
        let dir = temp_dir();
        let fifo = dir.path().join("fifo.json");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        let err = read_regular(&fifo, TEXT_LIMIT, "the baseline").expect_err("refused");
        let text = message(err);
        assert!(text.contains("the baseline"), "{text}");
        assert!(text.contains("fifo.json"), "{text}");
        assert!(text.contains("a FIFO"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_and_a_folder_are_errors_naming_the_path() {
        let dev = Path::new("/dev/zero");
        let text = message(read_regular(dev, TEXT_LIMIT, "the catalog file").expect_err("device"));
        assert!(text.contains("/dev/zero: it is a device"), "{text}");
        let dir = temp_dir();
        let link = dir.path().join("catalog.json");
        std::os::unix::fs::symlink(dev, &link).expect("symlink");
        let text = message(read_regular(&link, TEXT_LIMIT, "the catalog file").expect_err("link"));
        assert!(text.contains("catalog.json: it is a device"), "{text}");
        let text = message(read_regular(dir.path(), TEXT_LIMIT, "x").expect_err("folder"));
        assert!(text.contains("it is a folder"), "{text}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_without_reading_it() {
        let dir = temp_dir();
        let path = dir.path().join("big.json");
        std::fs::write(&path, vec![b' '; 2048]).expect("write");
        let mut buf = Vec::new();
        match read_into(&path, 1024, &mut buf) {
            Err(ReadError::TooLarge { size, limit }) => assert_eq!((size, limit), (2048, 1024)),
            other => panic!("expected TooLarge, got {other:?}"),
        }
        assert!(buf.is_empty());
        let text = message(read_regular(&path, 1024, "the baseline").expect_err("refused"));
        assert!(
            text.contains("2 KiB, more than the limit of 1 KiB"),
            "{text}"
        );
        assert!(read_regular(&path, 2048, "the baseline").is_ok());
    }

    #[test]
    fn invalid_utf8_is_located_at_the_bad_byte() {
        let dir = temp_dir();
        let path = dir.path().join("m.toml");
        std::fs::write(&path, b"version = 1\nname = \"\xff\"\n").expect("write");
        let err = read_source(&path, TEXT_LIMIT, "the manifest").expect_err("invalid");
        assert!(err
            .message()
            .ends_with("m.toml:2:9: the manifest is not valid UTF-8"));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(16 * MIB), "16 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(17), "17 bytes");
    }

    #[test]
    fn an_output_replaces_atomically_and_keeps_the_mode() {
        let dir = temp_dir();
        let path = dir.path().join("baseline.json");
        write_output(&path, b"first", Existing::Replace, "the baseline").expect("created");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            // 0644 less the umask: never more than 0644.
            assert_eq!(mode(&path) & !0o644, 0);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
            write_output(&path, b"second", Existing::Replace, "the baseline").expect("replaced");
            assert_eq!(mode(&path), 0o600);
        }
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        assert!(leftovers(dir.path(), &["baseline.json"]).is_empty());
    }

    #[test]
    fn refuse_never_overwrites() {
        let dir = temp_dir();
        let path = dir.path().join("modelgate.toml");
        std::fs::write(&path, "mine").expect("write");
        let text = message(
            write_output(&path, b"theirs", Existing::Refuse, "the manifest").expect_err("refused"),
        );
        assert!(text.contains("already exists"), "{text}");
        assert_eq!(std::fs::read(&path).expect("read"), b"mine");
        assert!(leftovers(dir.path(), &["modelgate.toml"]).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn an_output_never_goes_through_a_symlink() {
        let dir = temp_dir();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "IMPORTANT USER DATA").expect("write");
        let link = dir.path().join("baseline.json");
        std::os::unix::fs::symlink(&victim, &link).expect("symlink");
        for existing in [Existing::Replace, Existing::Refuse] {
            let err = write_output(&link, b"{}", existing, "the baseline").expect_err("refused");
            let text = message(err);
            assert!(text.contains("baseline.json"), "{text}");
            assert!(text.contains("symbolic link"), "{text}");
        }
        assert!(check_output(&link, Existing::Replace, "the baseline").is_err());
        assert!(refuse_symlink(&link, "the catalog folder").is_err());
        assert!(refuse_symlink(&victim, "the catalog folder").is_ok());
        assert_eq!(
            std::fs::read(&victim).expect("read"),
            b"IMPORTANT USER DATA"
        );
        // A dangling link is refused as well.
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("symlink");
        assert!(write_output(&dangling, b"{}", Existing::Replace, "the baseline").is_err());
        assert!(!dir.path().join("nowhere").exists());
    }

    #[cfg(unix)]
    #[test]
    fn an_edit_follows_the_symlink_and_keeps_the_link() {
        let dir = temp_dir();
        let real = dir.path().join("real.toml");
        std::fs::write(&real, "old").expect("write");
        let link = dir.path().join("modelgate.toml");
        std::os::unix::fs::symlink("real.toml", &link).expect("symlink");
        write_edited(&link, b"old", b"new", "the manifest").expect("written");
        assert!(std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        assert!(leftovers(dir.path(), &["real.toml", "modelgate.toml"]).is_empty());
    }

    #[test]
    fn an_edit_of_a_file_changed_since_it_was_read_writes_nothing() {
        let dir = temp_dir();
        let path = dir.path().join("modelgate.toml");
        std::fs::write(&path, "as read").expect("write");
        // The user saves the file between modelgate's read and its write.
        std::fs::write(&path, "as saved by the user").expect("write");
        let err = write_edited(&path, b"as read", b"fixed", "the manifest").expect_err("refused");
        let text = message(err);
        assert!(text.contains("changed after modelgate read it"), "{text}");
        assert_eq!(std::fs::read(&path).expect("read"), b"as saved by the user");
        assert!(leftovers(dir.path(), &["modelgate.toml"]).is_empty());
    }

    #[test]
    fn a_failed_commit_leaves_the_target_and_no_temporary_file() {
        // The rename fails (a non-empty folder is in the way): even as root,
        // which no permission bit stops.
        let dir = temp_dir();
        let target = dir.path().join("out");
        std::fs::create_dir(&target).expect("mkdir");
        std::fs::write(target.join("keep"), "kept").expect("write");
        let result = replace(&target, b"new", None, Commit::Replace, &mut || Ok(()));
        assert!(matches!(result, Err(WriteError::Io(_))));
        assert_eq!(std::fs::read(target.join("keep")).expect("read"), b"kept");
        assert!(leftovers(dir.path(), &["out"]).is_empty());
    }

    /// Makes a folder or file read-only for this process (`on`) or writable
    /// again: by its mode, or for root (whom modes do not stop) by the
    /// immutable attribute. False where the file system cannot.
    #[cfg(unix)]
    fn make_read_only(dir: &Path, on: bool) -> bool {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } == 0 {
            let flag = if on { "+i" } else { "-i" };
            return std::process::Command::new("chattr")
                .arg(flag)
                .arg(dir)
                .status()
                .is_ok_and(|s| s.success());
        }
        let mode = match (dir.is_dir(), on) {
            (true, true) => 0o555,
            (true, false) => 0o755,
            (false, true) => 0o444,
            (false, false) => 0o644,
        };
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).is_ok()
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_written_leaves_the_original() {
        let dir = temp_dir();
        let path = dir.path().join("modelgate.toml");
        std::fs::write(&path, "original").expect("write");
        if !make_read_only(dir.path(), true) {
            eprintln!("skipped: this file system cannot make a folder read-only for root");
            return;
        }
        let result = write_edited(&path, b"original", b"fixed", "the manifest");
        let output = write_output(
            &dir.path().join("baseline.json"),
            b"{}",
            Existing::Replace,
            "the baseline",
        );
        assert!(make_read_only(dir.path(), false));
        let text = message(result.expect_err("cannot write"));
        assert!(text.contains("cannot write the manifest"), "{text}");
        assert!(text.contains("nothing was changed"), "{text}");
        assert!(output.is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"original");
        assert!(leftovers(dir.path(), &["modelgate.toml"]).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_stays_protected() {
        let dir = temp_dir();
        let path = dir.path().join("modelgate.toml");
        std::fs::write(&path, "original").expect("write");
        if !make_read_only(&path, true) {
            eprintln!("skipped: this file system cannot make a file read-only for root");
            return;
        }
        let result = write_edited(&path, b"original", b"fixed", "the manifest");
        assert!(make_read_only(&path, false));
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"original");
        assert!(leftovers(dir.path(), &["modelgate.toml"]).is_empty());
    }
}
