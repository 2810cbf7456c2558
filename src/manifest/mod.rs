//! The manifest (v1): what a workload declares about its Bedrock model use.
//!
//! A manifest is parsed once, at the edge, into typed values. Each value that a
//! finding may point at keeps its JSON pointer; the [`tree::Node`] of the file
//! maps pointers back to the exact characters.

mod decode;
mod discover;

pub use decode::{unknown_boundary, unknown_compliance, unknown_region};
pub use discover::{discover, FILE_NAMES};

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

impl Manifest {
    /// A manifest that declares nothing: the workload of code no manifest
    /// owns, before flags or configuration fill it in.
    pub fn empty() -> Self {
        Manifest {
            workload: Workload {
                name: None,
                regions: Vec::new(),
                residency: None,
                compliance: Vec::new(),
            },
            models: Vec::new(),
            waivers: Vec::new(),
        }
    }
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

/// Where a fix trial places the entry it evaluates.
pub const TRIAL_ENTRY: &str = "/models/0";

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

    /// Entry `index` with the value at `pointer` (relative to the entry)
    /// set to `value`, decoded as the first entry of a manifest
    /// (`/models/0`): what a fix trial evaluates. `None` when the value has
    /// no place there or the entry would no longer be valid.
    pub fn trial_entry(
        &self,
        index: usize,
        pointer: &str,
        value: &serde_json::Value,
        catalog: &Catalog,
    ) -> Option<ModelEntry> {
        let mut node = self.tree.at_pointer(&format!("/models/{index}"))?.clone();
        let span = node.at_pointer(pointer).unwrap_or(&node).span.clone();
        if !node.replace_at(pointer, tree::NodeValue::from_json(value, &span)?) {
            return None;
        }
        decode::decode_entry(&node, TRIAL_ENTRY.to_string(), catalog).ok()
    }

    /// The byte span of the value at `pointer` (or its nearest ancestor).
    pub fn span_of(&self, pointer: &str) -> std::ops::Range<usize> {
        self.tree.span_of(pointer)
    }
}
