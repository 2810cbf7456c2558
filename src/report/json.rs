//! The JSON report, schema 1 (documented in the README): deterministic order,
//! 1-based lines, byte columns with an exclusive end.

use std::io::Write;

use std::collections::BTreeMap;

use serde::Serialize;

use super::{AppliedFix, AuditFacts, Fixing, ReferenceRow, Report};
use crate::error::RunError;
use crate::finding::{Applicability, Finding, Summary};

pub const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    tool: Tool<'a>,
    findings: Vec<JsonFinding<'a>>,
    /// Inputs the run could not judge; the run then exits 2.
    errors: Vec<JsonError<'a>>,
    /// `audit` only: every reference found, compliant or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    references: Option<&'a [ReferenceRow]>,
    /// `--fix` (not `--diff`): the fixes written, where they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<Vec<JsonAppliedFix<'a>>>,
    summary: JsonSummary<'a>,
}

/// An input the run could not judge, as JSON reports list it.
#[derive(Serialize)]
pub struct JsonError<'a> {
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

impl<'a> From<&'a RunError> for JsonError<'a> {
    fn from(error: &'a RunError) -> Self {
        let at = error.location();
        JsonError {
            file: at.map(|a| a.file.as_str()),
            line: at.and_then(|a| a.line),
            column: at.and_then(|a| a.column),
            message: error.summary(),
            help: error.help_text(),
        }
    }
}

/// One fix `--fix` wrote, at the characters it replaced (as they were).
#[derive(Serialize)]
struct JsonAppliedFix<'a> {
    rule: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    original: &'a str,
    replacement: &'a str,
    applicability: Applicability,
    description: &'a str,
}

impl<'a> From<&'a AppliedFix> for JsonAppliedFix<'a> {
    fn from(fix: &'a AppliedFix) -> Self {
        let at = &fix.location;
        JsonAppliedFix {
            rule: &fix.rule,
            file: &at.file,
            line: at.line,
            column: at.column,
            end_line: at.end_line,
            end_column: at.end_column,
            original: &fix.original,
            replacement: &fix.replacement,
            applicability: fix.applicability,
            description: &fix.description,
        }
    }
}

/// How many fixes `--fix` wrote, safe and unsafe apart.
#[derive(Serialize)]
struct FixCounts {
    safe: usize,
    #[serde(rename = "unsafe")]
    unsafe_: usize,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    #[serde(flatten)]
    counts: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<FixCounts>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    audit: Option<AuditSummary<'a>>,
}

/// `audit`'s counts beside the findings'.
#[derive(Serialize)]
struct AuditSummary<'a> {
    skipped: Skipped,
    references: usize,
    by_rule: BTreeMap<&'a str, usize>,
    suppressed: usize,
    baselined: usize,
}

#[derive(Serialize)]
struct Skipped {
    binary: usize,
    too_large: usize,
    unreadable: usize,
}

impl<'a> AuditSummary<'a> {
    fn of(report: &'a Report, audit: &'a AuditFacts) -> Self {
        AuditSummary {
            skipped: Skipped {
                binary: audit.binary,
                too_large: audit.too_large,
                unreadable: audit.unreadable,
            },
            references: audit.references.len(),
            by_rule: report.by_rule(),
            suppressed: audit.suppressed,
            baselined: audit.baselined,
        }
    }
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'static str,
    catalog_as_of: String,
    /// Rules the project configuration re-graded or switched off
    /// (`[severity]`), so a reader knows the verdicts are not the defaults.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    rule_configuration: BTreeMap<&'a str, &'static str>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    replacement: &'a str,
    applicability: Applicability,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            rule: f.rule.as_str(),
            severity: f.severity.as_str(),
            message: &f.message,
            file: &f.location.file,
            line: f.location.line,
            column: f.location.column,
            end_line: f.location.end_line,
            end_column: f.location.end_column,
            pointer: f.pointer.as_deref(),
            reference: f.reference.as_deref(),
            fix: f.fix.as_ref().map(|fix| JsonFix {
                description: &fix.description,
                replacement: &fix.replacement,
                applicability: fix.applicability,
            }),
        }
    }
}

/// The fixes `--fix` wrote; `None` without `--fix`, or with `--diff`
/// (which writes nothing).
fn written(report: &Report) -> Option<&Fixing> {
    report.fixing.as_ref().filter(|f| !f.preview)
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let document = Document {
        schema: SCHEMA,
        tool: Tool {
            name: "modelgate",
            version: env!("CARGO_PKG_VERSION"),
            catalog_as_of: report.catalog_as_of.to_string(),
            rule_configuration: report
                .rules
                .iter()
                .filter_map(|r| Some((r.id.as_str(), r.configured?.as_str())))
                .collect(),
        },
        findings: report.findings.iter().map(JsonFinding::from).collect(),
        errors: report.errors.iter().map(JsonError::from).collect(),
        references: report.audit.as_ref().map(|a| a.references.as_slice()),
        fixed: written(report).map(|f| f.applied.iter().map(JsonAppliedFix::from).collect()),
        summary: JsonSummary {
            counts: report.summary(),
            fixed: written(report).map(|f| {
                let (safe, unsafe_) = f.counts();
                FixCounts { safe, unsafe_ }
            }),
            audit: report.audit.as_ref().map(|a| AuditSummary::of(report, a)),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
