//! GitLab Code Quality (a subset of the Code Climate issue format): a JSON
//! array of issues, shown in the merge request widget and diff.
//!
//! Severities: `error` → `major`, `warning` → `minor`, `info` → `info`; an
//! input the run could not judge → `blocker`: nothing is known about it and
//! the run exits 2, worse than any finding. `critical` is left unused, so a
//! finding never outranks a failed run.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use super::{fingerprint, Report};
use crate::error::RunError;
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;

/// What `check_name` says for an input the run could not judge.
pub const ERROR_CHECK: &str = "modelgate/input-error";

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: String,
    severity: &'static str,
    fingerprint: String,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

fn finding_issue(f: &Finding, fingerprint: String) -> Issue<'_> {
    let mut description = f.message.clone();
    if let Some(fix) = &f.fix {
        description.push_str(&format!(" (fix: {})", fix.description));
    }
    Issue {
        kind: "issue",
        check_name: f.rule.as_str(),
        description,
        severity: severity(f.severity),
        fingerprint,
        location: Location {
            path: &f.location.file,
            lines: Lines {
                begin: f.location.line,
                end: f.location.end_line,
            },
        },
    }
}

/// An input the run could not judge, at its file (or `.`, the project, when
/// the error names none) and line (1 when it names none).
fn error_issue(error: &RunError) -> Issue<'_> {
    let at = error.location();
    let line = at.and_then(|a| a.line).unwrap_or(1);
    let mut description = format!("not judged: {}", error.summary());
    if let Some(help) = error.help_text() {
        description.push_str(&format!(" ({help})"));
    }
    Issue {
        kind: "issue",
        check_name: ERROR_CHECK,
        description,
        severity: "blocker",
        fingerprint: fingerprint::of_error(error),
        location: Location {
            path: at.map_or(".", |a| a.file.as_str()),
            lines: Lines {
                begin: line,
                end: line,
            },
        },
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let files: HashMap<String, &SourceFile> =
        report.files.iter().map(|f| (f.display_path(), f)).collect();
    let fingerprints = fingerprint::of_findings(&report.findings, &files);
    let issues: Vec<Issue> = report
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fp)| finding_issue(f, fp))
        .chain(report.errors.iter().map(error_issue))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
