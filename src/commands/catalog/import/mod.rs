//! `modelgate catalog import FILE… --out DIR`: turn what `aws bedrock
//! list-foundation-models` and `aws bedrock list-inference-profiles` print
//! (one file per Region and call) into a catalog folder that `--catalog`
//! accepts, merged with the facts of a base catalog that the API does not
//! carry (lifecycle dates it omits, features, limits, boundaries, prefixes).
//!
//! What the API says wins for the Regions imported; everything else is kept
//! from the base and says so in `notes`. modelgate calls no API: the user runs
//! the AWS CLI in their own account and hands us its output.
//!
//! Nothing is written unless every input file is valid: the folder is built
//! in a temporary sibling, loaded back (so it passes the same consistency
//! checks as any `--catalog`), and only then renamed into place.
//!
//! Three phases, one module each: `read` decodes every file (and fails on
//! the first bad field, located), `merge` folds the listings into the base
//! catalog, `write` writes the folder.

mod merge;
mod read;
mod write;

use std::io::Write;
use std::path::PathBuf;

use crate::catalog::{read_text, Catalog};
use crate::date::Date;
use crate::error::{did_you_mean, Result, RunError};
use crate::source::SourceFile;

use merge::{merge, Merged};
use read::decode_input;
use write::write_catalog;

pub struct ImportOptions {
    pub files: Vec<PathBuf>,
    pub out: PathBuf,
    pub region: Option<String>,
    pub today: Date,
    pub force: bool,
}

const LIST_MODELS: &str = "aws bedrock list-foundation-models";
const LIST_PROFILES: &str = "aws bedrock list-inference-profiles";

/// What the import did, for the person who ran it.
#[derive(Default)]
pub struct Summary {
    pub lines: Vec<String>,
    pub warnings: Vec<String>,
}

pub fn run(base: &Catalog, options: &ImportOptions, out: &mut dyn Write) -> Result<()> {
    if options.files.is_empty() {
        return Err(RunError::plain("no input file given"));
    }
    if let Some(region) = &options.region {
        check_region_flag(base, region)?;
    }
    let target = &options.out;
    if target.exists() && !options.force {
        let empty = target.is_dir()
            && std::fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            return Err(
                RunError::plain(format!("{} already exists", target.display()))
                    .with_help("pass --force to replace it, or choose another --out folder"),
            );
        }
    }
    let files = options
        .files
        .iter()
        .map(|path| read_text(path))
        .collect::<Result<Vec<_>>>()?;
    let (merged, summary) = read_and_merge(base, files, options.region.as_deref(), options.today)?;
    write_catalog(&merged, target, options.force)?;
    for line in &summary.lines {
        writeln!(out, "{line}")?;
    }
    for warning in &summary.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    writeln!(
        out,
        "wrote {}: {} models, {} profiles; catalog as of {}",
        target.display(),
        merged.models.len(),
        merged.profiles.len(),
        options.today
    )?;
    Ok(())
}

/// The read and merge phases of `catalog import` on files already in
/// memory, writing nothing: the same located errors for a bad input, and
/// otherwise what the import would print. The fuzz targets drive it.
pub fn preview(
    base: &Catalog,
    files: Vec<SourceFile>,
    region: Option<&str>,
    today: Date,
) -> Result<Summary> {
    read_and_merge(base, files, region, today).map(|(_, summary)| summary)
}

/// Every input decoded (failing on the first bad field), then merged.
fn read_and_merge(
    base: &Catalog,
    files: Vec<SourceFile>,
    region: Option<&str>,
    today: Date,
) -> Result<(Merged, Summary)> {
    let inputs = files
        .into_iter()
        .map(|file| decode_input(base, file, region))
        .collect::<Result<Vec<_>>>()?;
    let mut summary = Summary::default();
    let merged = merge(base, &inputs, today, &mut summary);
    Ok((merged, summary))
}

fn check_region_flag(base: &Catalog, region: &str) -> Result<()> {
    if base.region(region).is_some() {
        return Ok(());
    }
    let err = RunError::plain(format!("--region {region}: not a Region the catalog knows"));
    Err(
        match did_you_mean(region, base.regions().map(|r| r.code.as_str())) {
            Some(near) => err.with_help(format!("did you mean `{near}`?")),
            None => err
                .with_help("add the Region to regions.json of the base catalog (--catalog) first"),
        },
    )
}

/// The small base catalog the unit tests of each phase import into.
#[cfg(test)]
fn fixture_base() -> Catalog {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog-diff/old");
    Catalog::from_dir(&dir).expect("the fixture catalog loads")
}
