//! Renderers. Each output format lives in its own file and renders the same
//! [`Report`]; none re-derives anything from the manifest or the catalog.

mod concise;
mod diff;
mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
pub mod outputs;
mod sarif;
mod summary;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;

use crate::date::Date;
use crate::error::{Result, RunError};
use crate::finding::{Applicability, FailOn, Finding, Location, Summary};
use crate::reference::ReferenceKind;
use crate::rules::RuleMeta;
use crate::source::SourceFile;
pub use json::{JsonError, SCHEMA as JSON_SCHEMA};
pub use outputs::OutputFile;

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
    /// GitLab Code Quality report (JSON), for the merge request widget.
    Gitlab,
    /// JUnit XML: one test case per manifest (check) or file (audit), a failure per finding at or above --fail-on, an error per input that could not be judged.
    Junit,
}

/// Renders what an evaluating command produced, on standard output in
/// `format` and in each `--output` file, and turns it into an exit status.
/// A run that failed before judging anything still writes one complete
/// document in a machine format (the error inside it), so that a CI job
/// that uploads SARIF never uploads an empty file.
pub fn emit(
    result: Result<Report>,
    format: OutputFormat,
    files: &[OutputFile],
    command: Command,
) -> Result<ExitCode> {
    let report = match result {
        Ok(report) => report,
        Err(err) if err.is_broken_pipe() => return Err(err),
        Err(err) => {
            let report = Report::of_errors(command, embedded_as_of(), vec![err]);
            outputs::write(&report, files)?;
            if format.is_for_people() {
                let mut errors = report.errors;
                return Err(errors
                    .pop()
                    .unwrap_or_else(|| RunError::plain("the run failed")));
            }
            report
        }
    };
    // The diagnostics go to stderr in every format, first: a machine
    // format carries them in its document too, but people read CI logs,
    // and the summary line should come last.
    report.render_errors(&mut std::io::stderr().lock())?;
    let mut stdout = std::io::stdout().lock();
    let terminal = std::io::IsTerminal::is_terminal(&stdout);
    let preview = report.fixing.as_ref().filter(|f| f.preview);
    match preview {
        Some(fixing) => diff::render(fixing, &mut stdout)?,
        None => report.render(format, &mut stdout, terminal)?,
    }
    stdout.flush()?;
    drop(stdout);
    if preview.is_some() || (command == Command::Audit && format != OutputFormat::Human) {
        // The diff, or the other formats' one document, keeps stdout.
        eprintln!("{}", report.summary_line());
    }
    outputs::write(&report, files)?;
    Ok(report.exit_code())
}

/// `--diff` takes standard output for itself: a `--format` beside it is a
/// usage error (the report can go to a file with `--output`).
pub fn check_diff(format: OutputFormat, diff: bool) -> Result<()> {
    if diff && format != OutputFormat::Human {
        return Err(RunError::plain(format!(
            "--diff prints a unified diff on standard output, not --format {}",
            format.name()
        ))
        .with_help(format!(
            "write the report to a file with --output {}=PATH",
            format.name()
        )));
    }
    Ok(())
}

/// Errors as diagnostics on `out` (stderr), coloured on a terminal: for
/// commands that print no [`Report`] (`audit --inventory`).
pub fn render_run_errors(errors: &[RunError], out: &mut dyn Write) -> std::io::Result<()> {
    human::render_errors(
        errors,
        out,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
    )
}

/// The last line of `audit --inventory`.
pub fn inventory_summary_line(audit: &AuditFacts, models: usize, catalog_as_of: Date) -> String {
    summary::inventory_line(audit, models, catalog_as_of)
}

/// The date of the embedded catalog, for a report written before any
/// catalog was loaded.
pub fn embedded_as_of() -> crate::date::Date {
    crate::catalog::Catalog::embedded()
        .map(|c| c.as_of())
        .unwrap_or_else(|_| crate::date::Date::today_utc())
}

/// The command a report comes from; formats that name the run say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Check,
    Audit,
}

impl OutputFormat {
    /// The format's name, as `--format` takes it.
    pub fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }

    /// Formats read by people, which leave errors to stderr diagnostics.
    pub fn is_for_people(self) -> bool {
        matches!(self, OutputFormat::Human | OutputFormat::Concise)
    }
}

impl Command {
    pub fn name(self) -> &'static str {
        match self {
            Command::Check => "check",
            Command::Audit => "audit",
        }
    }
}

/// What `audit` reports beside findings: what was scanned and skipped, the
/// inventory of references, and the findings its exceptions removed.
#[derive(Clone, Debug, Default)]
pub struct AuditFacts {
    pub scanned: usize,
    pub binary: usize,
    pub too_large: usize,
    pub unreadable: usize,
    /// The size above which files were skipped.
    pub max_filesize: u64,
    pub references: Vec<ReferenceRow>,
    pub suppressed: usize,
    pub baselined: usize,
}

/// One model reference found by `audit`, compliant or not.
#[derive(Clone, Debug, Serialize)]
pub struct ReferenceRow {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub text: String,
    pub kind: ReferenceKind,
}

/// One fix `--fix` applied (or, with `--diff`, would apply), located in
/// the file as it was read.
#[derive(Clone, Debug)]
pub struct AppliedFix {
    /// The rule of the finding it fixes.
    pub rule: String,
    pub location: Location,
    /// The characters it replaced, and those it wrote in their place
    /// (as written in the file: a manifest value keeps its quotes).
    pub original: String,
    pub replacement: String,
    pub applicability: Applicability,
    pub description: String,
}

/// One file's text before and after its fixes, for `--diff`.
#[derive(Clone, Debug)]
pub struct FileDiff {
    pub path: String,
    pub before: String,
    pub after: String,
}

/// What `--fix` did to the files.
#[derive(Clone, Debug, Default)]
pub struct Fixing {
    /// `--diff`: nothing was written; the changes are shown instead.
    pub preview: bool,
    pub applied: Vec<AppliedFix>,
    pub diffs: Vec<FileDiff>,
}

impl Fixing {
    /// How many of the applied fixes were safe, and how many unsafe.
    pub fn counts(&self) -> (usize, usize) {
        let safe = self
            .applied
            .iter()
            .filter(|f| f.applicability == Applicability::Safe)
            .count();
        (safe, self.applied.len() - safe)
    }
}

/// Everything one run found, ready to render.
pub struct Report {
    pub command: Command,
    pub files: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    pub catalog_as_of: Date,
    /// What `--fix` applied (or, with `--diff`, would apply); `None`
    /// without `--fix`.
    pub fixing: Option<Fixing>,
    /// The rules in force, for formats that describe them (SARIF).
    pub rules: Vec<RuleMeta>,
    /// What counts as a failure (JUnit).
    pub fail_on: FailOn,
    /// Set for `audit` reports.
    pub audit: Option<AuditFacts>,
    /// Inputs the run could not judge (a broken manifest, a rule that
    /// failed): reported beside the findings of every other input, and the
    /// reason the run exits 2.
    pub errors: Vec<RunError>,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let files = match &self.audit {
            Some(audit) => audit.scanned,
            None => self.files.len(),
        };
        Summary::of(files, &self.findings)
    }

    /// Renders the report to `out`. Human and concise output leave the
    /// errors to [`Report::render_errors`] (diagnostics go to stderr);
    /// every other format carries them in its one document.
    /// Human output is coloured and wrapped only for a `terminal`.
    pub fn render(
        &self,
        format: OutputFormat,
        out: &mut dyn Write,
        terminal: bool,
    ) -> std::io::Result<()> {
        match format {
            OutputFormat::Human => human::render(self, out, terminal),
            OutputFormat::Concise => concise::render(self, out),
            OutputFormat::Json => json::render(self, out),
            OutputFormat::Sarif => sarif::render(self, out),
            OutputFormat::Github => github::render(self, out),
            OutputFormat::Gitlab => gitlab::render(self, out),
            OutputFormat::Junit => junit::render(self, out),
        }
    }

    /// 2 when an input could not be judged, else 1 when a finding is at or
    /// above `--fail-on`, else 0.
    pub fn exit_code(&self) -> std::process::ExitCode {
        if !self.errors.is_empty() {
            std::process::ExitCode::from(2)
        } else if self.findings.iter().any(|f| self.fail_on.fails(f.severity)) {
            std::process::ExitCode::from(1)
        } else {
            std::process::ExitCode::SUCCESS
        }
    }

    /// An empty report of `command` that only carries `errors`: what a
    /// machine format writes when the run failed before judging anything,
    /// so that CI still gets one complete document.
    pub fn of_errors(command: Command, catalog_as_of: Date, errors: Vec<RunError>) -> Self {
        Report {
            command,
            files: Vec::new(),
            findings: Vec::new(),
            catalog_as_of,
            fixing: None,
            rules: Vec::new(),
            fail_on: FailOn::At(crate::severity::Severity::Error),
            audit: (command == Command::Audit).then(AuditFacts::default),
            errors,
        }
    }

    /// The errors as graphical diagnostics, for people (stderr).
    pub fn render_errors(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        human::render_errors(&self.errors, out, terminal)
    }

    /// The errors in a file of a format for people, which has no stderr:
    /// diagnostics (human) or one line each (concise).
    pub fn render_errors_to(
        &self,
        format: OutputFormat,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        match format {
            OutputFormat::Concise => concise::render_errors(&self.errors, out),
            _ => human::render_errors(&self.errors, out, false),
        }
    }

    /// The one-line summary people read at the end of the run.
    pub fn summary_line(&self) -> String {
        summary::line(self)
    }

    /// How many findings each rule has, by rule id.
    pub fn by_rule(&self) -> BTreeMap<&str, usize> {
        let mut out = BTreeMap::new();
        for f in &self.findings {
            *out.entry(f.rule.as_str()).or_insert(0) += 1;
        }
        out
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
