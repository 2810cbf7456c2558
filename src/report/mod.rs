//! Renderers. Each output format lives in its own file and renders the same
//! [`Report`]; none re-derives anything from the manifest or the catalog.

mod concise;
mod github;
mod human;
mod json;
mod junit;
mod sarif;

use std::io::Write;

use clap::ValueEnum;

use crate::date::Date;
use crate::finding::{FailOn, Finding, Summary};
use crate::policy::RuleMeta;
use crate::source::SourceFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Graphical diagnostics with the source snippet and the fix.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The versioned JSON schema documented in the README.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML: one test case per manifest, a failure per finding.
    Junit,
}

/// Everything one run found, ready to render.
pub struct Report {
    pub files: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    pub catalog_as_of: Date,
    /// Fixes applied by `--fix`, for the summary line.
    pub fixed: usize,
    /// The rules in force, for formats that describe them (SARIF).
    pub rules: Vec<RuleMeta>,
    /// What counts as a failure (JUnit).
    pub fail_on: FailOn,
    /// The command that produced the report (`check`, `audit`), for formats
    /// that name the run (JUnit).
    pub command: &'static str,
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
            OutputFormat::Sarif => sarif::render(self, out),
            OutputFormat::Github => github::render(self, out),
            OutputFormat::Junit => junit::render(self, out),
        }
    }
}

impl Report {
    /// The graphical diagnostics without `check`'s summary line (`audit`
    /// prints its own).
    pub fn render_human_diagnostics(&self, out: &mut dyn Write) -> std::io::Result<()> {
        human::render_diagnostics(self, out)
    }

    /// The findings of one file, in report order.
    pub fn findings_in<'a>(
        &'a self,
        file: &'a SourceFile,
    ) -> impl Iterator<Item = &'a Finding> + 'a {
        let path = file.display_path();
        self.findings
            .iter()
            .filter(move |f| f.location.file == path)
    }
}
