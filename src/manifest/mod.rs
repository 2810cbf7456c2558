//! The manifest (v1): what a workload declares about its Bedrock model use.
//!
//! A manifest is parsed once, at the edge, into typed values. Each value that a
//! finding may point at keeps its JSON pointer; the [`tree::Node`] of the file
//! maps pointers back to the exact characters.

mod decode;

pub use decode::{unknown_boundary, unknown_region};

use crate::syntax::tree;
pub use crate::syntax::At;

use std::path::Path;

use crate::catalog::Catalog;
use crate::date::Date;
use crate::error::{Result, RunError};
use crate::fsutil;
use crate::source::SourceFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

#[derive(Debug)]
pub struct Manifest {
    pub workload: Workload,
    pub models: Vec<ModelEntry>,
    pub waivers: Vec<Waiver>,
}

#[derive(Debug)]
pub struct Workload {
    pub name: Option<String>,
    pub regions: Vec<At<String>>,
    pub residency: Option<At<Residency>>,
    pub compliance: Vec<At<String>>,
}

/// The residency boundary as declared.
#[derive(Clone, Debug, PartialEq)]
pub enum Residency {
    /// A boundary named in the catalog (`eu`, `europe`, `us` …).
    Named(String),
    /// Only the Regions the workload lists.
    OwnRegions,
    /// An explicit list of Region codes.
    Regions(Vec<At<String>>),
    /// No boundary.
    None,
}

#[derive(Debug)]
pub struct ModelEntry {
    pub name: Option<String>,
    pub model: At<String>,
    pub regions: Option<Vec<At<String>>>,
    pub features: Vec<At<String>>,
    pub max_output_tokens: Option<At<u64>>,
}

#[derive(Debug)]
pub struct Waiver {
    pub rule: At<String>,
    pub model: Option<At<String>>,
    pub reason: String,
    pub expires: At<Date>,
}

/// The `[[models]]` entry a JSON pointer falls in: `/models/3/...` → 3.
pub fn entry_index(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/models/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// A parsed manifest together with its source, for locating findings.
#[derive(Debug)]
pub struct ManifestFile {
    pub source: SourceFile,
    pub format: Format,
    pub tree: tree::Node,
    pub manifest: Manifest,
}

impl ManifestFile {
    pub fn read(path: &Path, catalog: &Catalog) -> Result<Self> {
        let source = fsutil::read_source(path, fsutil::TEXT_LIMIT, "the manifest")?;
        Self::parse(source, catalog)
    }

    pub fn parse(source: SourceFile, catalog: &Catalog) -> Result<Self> {
        let format = if source.path().extension().is_some_and(|e| e == "json") {
            Format::Json
        } else {
            Format::Toml
        };
        if source.text().trim().is_empty() {
            return Err(
                RunError::at(&source, 0..0, "the manifest is empty", "empty file").with_help(
                    "a manifest starts with `version = 1` and a [workload] table; see examples/",
                ),
            );
        }
        let parsed = match format {
            Format::Toml => tree::parse_toml(source.text()),
            Format::Json => tree::parse_json(source.text()),
        };
        let tree = parsed.map_err(|err| {
            let kind = if format == Format::Json {
                "JSON"
            } else {
                "TOML"
            };
            RunError::at(
                &source,
                err.span,
                format!("{kind} syntax error: {}", err.value),
                "here",
            )
        })?;
        let manifest = decode::decode(&tree, catalog).map_err(|err| err.into_run_error(&source))?;
        Ok(Self {
            source,
            format,
            tree,
            manifest,
        })
    }

    /// The byte span of the value at `pointer` (or its nearest ancestor).
    pub fn span_of(&self, pointer: &str) -> std::ops::Range<usize> {
        self.tree.span_of(pointer)
    }
}
