//! `Finding`: the one diagnostic model. Every reporter renders this struct and
//! nothing else, so no output format re-derives anything.

use std::ops::Range;

use serde::Serialize;

use crate::rules::RuleId;
pub use crate::severity::{FailOn, Severity};
use crate::source::SourceFile;

/// How confidently a fix may be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the same model; changes only how it is reached.
    Safe,
    /// Changes the model or a limit: behaviour may change, review it.
    Unsafe,
}

/// A byte range of the file and the text that replaces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub description: String,
    /// The new value as the user reads it (unquoted).
    pub replacement: String,
    pub applicability: Applicability,
    pub edit: Edit,
}

/// Where a finding points, resolved to lines and byte columns (1-based; the
/// end column is exclusive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location {
    /// Where `span` lies in `source`.
    pub fn in_file(source: &SourceFile, span: Range<usize>) -> Self {
        let (start, end) = source.span_positions(&span);
        Location {
            file: source.display_path(),
            span,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// JSON pointer of the offending manifest value.
    pub pointer: Option<String>,
    /// The model reference the finding is about, as written.
    pub reference: Option<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    /// The order every report uses: by file, position, then rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.location.file,
            self.location.span.start,
            self.location.span.end,
            self.rule.as_str(),
            &self.message,
        )
    }
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(files: usize, findings: &[Finding]) -> Self {
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        Summary {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }
}
