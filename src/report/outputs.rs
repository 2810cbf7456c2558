//! `--output FORMAT=PATH`: the report of one run written to files in other
//! formats, beside the one `--format` prints on standard output (a SARIF
//! file for code scanning and annotations in the log, from one run).

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{OutputFormat, Report};
use crate::error::{did_you_mean, Result, RunError};
use crate::fsutil;

/// What the files are called in errors.
const WHAT: &str = "the --output report";

/// One `--output FORMAT=PATH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub format: OutputFormat,
    pub path: PathBuf,
}

/// `human, concise, json, …`: the format names, as the flag takes them.
fn names() -> Vec<String> {
    OutputFormat::value_variants()
        .iter()
        .map(|f| f.name())
        .collect()
}

impl OutputFile {
    /// Parses `FORMAT=PATH` (clap's value parser: an error here is a usage
    /// error, exit 2, before anything runs).
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let formats = names().join(", ");
        let Some((name, path)) = text.split_once('=') else {
            return Err(format!(
                "expected FORMAT=PATH, such as sarif=modelgate.sarif (formats: {formats})"
            ));
        };
        let format = OutputFormat::from_str(name, false).map_err(|_| {
            let names = names();
            match did_you_mean(name, names.iter().map(String::as_str)) {
                Some(near) => format!("`{name}` is not a format: did you mean `{near}`?"),
                None => format!("`{name}` is not a format (formats: {formats})"),
            }
        })?;
        if path.is_empty() {
            return Err(format!("no path after `{name}=`: write {name}=PATH"));
        }
        Ok(Self {
            format,
            path: PathBuf::from(path),
        })
    }
}

/// Refuses, before the run, what could not be written after it: two reports
/// to one file, a path modelgate never writes (a symlink, a folder), a
/// folder that does not exist.
pub fn check(files: &[OutputFile]) -> Result<()> {
    let mut seen: Vec<PathBuf> = Vec::new();
    for file in files {
        let absolute = std::path::absolute(&file.path).unwrap_or_else(|_| file.path.clone());
        if seen.contains(&absolute) {
            return Err(
                RunError::plain(format!("--output names {} twice", file.path.display()))
                    .with_help("give each report its own file"),
            );
        }
        seen.push(absolute);
        fsutil::check_output(&file.path, fsutil::Existing::Replace, WHAT)?;
        let folder = file.path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(folder) = folder.filter(|f| !f.is_dir()) {
            return Err(RunError::plain(format!(
                "cannot write {WHAT} {}: the folder {} does not exist",
                file.path.display(),
                folder.display()
            ))
            .with_help("create the folder first, or write the report elsewhere"));
        }
    }
    Ok(())
}

/// The paths of the reports, which `audit` leaves out of its scan (a report
/// names the references it found; scanning it would find them again).
pub fn paths(files: &[OutputFile]) -> impl Iterator<Item = &Path> {
    files.iter().map(|f| f.path.as_path())
}

/// Writes `report` to every file, each atomically. A format for people gets
/// the errors too, which on standard output go to stderr.
pub fn write(report: &Report, files: &[OutputFile]) -> Result<()> {
    for file in files {
        let mut bytes = Vec::new();
        if file.format.is_for_people() {
            report.render_errors_to(file.format, &mut bytes)?;
        }
        report.render(file.format, &mut bytes, false)?;
        fsutil::write_output(&file.path, &bytes, fsutil::Existing::Replace, WHAT)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_format_and_path() {
        let file = OutputFile::parse("sarif=out/a=b.sarif").expect("parses");
        assert_eq!(file.format, OutputFormat::Sarif);
        assert_eq!(file.path, PathBuf::from("out/a=b.sarif"));
        assert_eq!(
            OutputFile::parse("gitlab=cq.json").expect("parses").format,
            OutputFormat::Gitlab
        );
    }

    #[test]
    fn refuses_what_is_not_format_and_path() {
        let err = OutputFile::parse("sarf=x").expect_err("bad format");
        assert!(err.contains("did you mean `sarif`"), "{err}");
        let err = OutputFile::parse("xml=x").expect_err("bad format");
        assert!(err.contains("formats: human, concise, json"), "{err}");
        assert!(OutputFile::parse("report.sarif").is_err());
        assert!(OutputFile::parse("json=").is_err());
    }
}
