//! Renderers. Each output format lives in its own file and renders the same
//! [`Report`]; none re-derives anything from the manifest or the catalog.

mod concise;
mod human;
mod json;

use std::io::Write;

use clap::ValueEnum;

use crate::date::Date;
use crate::finding::{Finding, Summary};
use crate::source::SourceFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Graphical diagnostics with the source snippet and the fix.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The versioned JSON schema documented in the README.
    Json,
}

/// Everything one run found, ready to render.
pub struct Report {
    pub files: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    pub catalog_as_of: Date,
    /// Fixes applied by `--fix`, for the summary line.
    pub fixed: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        Summary::of(self.files.len(), &self.findings)
    }

    pub fn render(&self, format: OutputFormat, out: &mut dyn Write) -> std::io::Result<()> {
        match format {
            OutputFormat::Human => human::render(self, out),
            OutputFormat::Concise => concise::render(self, out),
            OutputFormat::Json => json::render(self, out),
        }
    }
}
