//! `audit --fix`: the verified reference rewrites its findings offer,
//! applied to the source files with the guarantees of `check --fix` (see
//! [`fix::fix_file`]); safe ones (the same model, reached another way)
//! only, unless `--unsafe-fixes`. Only reported findings are fixed: one the
//! baseline holds or a comment suppresses is left as it is.

use crate::error::{Result, RunError};
use crate::finding::Finding;
use crate::fix;
use crate::fsutil::{self, ReadError};
use crate::report::{Fixing, Report};
use crate::source::SourceFile;

use super::walk::lossless_text;

/// Applies (or, with `preview`, records for `--diff`) the fixes of every
/// file of `report`; a file that cannot be fixed is an error beside the
/// others.
pub fn apply(report: &Report, unsafe_fixes: bool, preview: bool) -> (Fixing, Vec<RunError>) {
    let mut fixing = Fixing {
        preview,
        ..Fixing::default()
    };
    let mut errors = Vec::new();
    for source in &report.files {
        let findings: Vec<&Finding> = report.findings_in(source).collect();
        if !findings.iter().any(|f| f.fix.is_some()) {
            continue;
        }
        let fixed = read_as_scanned(source).and_then(|original| {
            fix::fix_file(
                source,
                &original,
                &findings,
                unsafe_fixes,
                &mut fixing,
                "the source file",
            )
        });
        if let Err(err) = fixed {
            errors.push(err.about_file(source.path()));
        }
    }
    (fixing, errors)
}

/// The file's bytes, if they are still those the scan read (its text keeps
/// every byte offset, invalid UTF-8 included, so the fixes apply to the
/// bytes themselves).
fn read_as_scanned(source: &SourceFile) -> Result<Vec<u8>> {
    let path = source.path();
    let mut bytes = Vec::new();
    let changed = || {
        RunError::plain(format!(
            "{} changed after modelgate read it: nothing was written",
            path.display()
        ))
        .with_help("another program saved it meanwhile; run the command again on the saved version")
    };
    match fsutil::read_into(path, source.text().len() as u64, &mut bytes) {
        Ok(()) if lossless_text(&bytes) == source.text() => Ok(bytes),
        Ok(()) | Err(ReadError::TooLarge { .. }) => Err(changed()),
        Err(err) => Err(RunError::plain(format!(
            "cannot read the source file {}: {err}",
            path.display()
        ))),
    }
}
