//! Graphical diagnostics (miette): the snippet, a label on the offending
//! characters, and a `help:` line with the fix.

use std::io::Write;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
    SourceSpan,
};

use super::Report;
use crate::error::RunError;
use crate::finding::{Applicability, Finding, Severity};
use crate::sanitize;
use crate::snippet::Excerpt;

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    /// The lines around the finding (never the whole file: see
    /// [`Excerpt`]), and the finding's span in them.
    source: NamedSource<Excerpt>,
    span: SourceSpan,
}

impl std::fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&sanitize::text(&self.finding.message))
    }
}

impl std::fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&sanitize::text(&self.finding.message))
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(sanitize::line(self.finding.rule.as_str())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let fix = self.finding.fix.as_ref()?;
        let tag = match fix.applicability {
            Applicability::Safe => "fix",
            Applicability::Unsafe => "suggested fix (unsafe)",
        };
        Some(Box::new(format!(
            "{tag}: {}",
            sanitize::text(&fix.description)
        )))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label =
            LabeledSpan::new_primary_with_span(Some(self.finding.severity.to_string()), self.span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// The diagnostics and the summary line; coloured and wrapped only for a
/// `terminal`.
pub fn render(report: &Report, out: &mut dyn Write, terminal: bool) -> std::io::Result<()> {
    render_diagnostics(report, out, terminal)?;
    writeln!(out, "{}", report.summary_line())
}

/// Run errors as the diagnostics `main` prints for a failed run.
pub fn render_errors(
    errors: &[RunError],
    out: &mut dyn Write,
    terminal: bool,
) -> std::io::Result<()> {
    let handler = handler(terminal);
    for error in errors {
        let mut rendered = String::new();
        handler
            .render_report(&mut rendered, error)
            .map_err(std::io::Error::other)?;
        writeln!(out, "{rendered}")?;
    }
    Ok(())
}

/// The graphical handler, coloured and wrapped only for a terminal.
fn handler(terminal: bool) -> GraphicalReportHandler {
    let theme = if terminal && std::env::var_os("NO_COLOR").is_none() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Wrapped lines help people on a terminal, but never inside a Region
    // code or a date (`us-` / `east-2`); in a log they only break grep.
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_wrap_lines(terminal)
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// The diagnostics alone, without the summary line.
fn render_diagnostics(report: &Report, out: &mut dyn Write, terminal: bool) -> std::io::Result<()> {
    let handler = handler(terminal);
    for finding in &report.findings {
        let Some(file) = report
            .files
            .iter()
            .find(|f| f.display_path() == finding.location.file)
        else {
            continue;
        };
        let excerpt = Excerpt::new(file, finding.location.span.clone());
        let diagnostic = FindingDiagnostic {
            finding,
            span: excerpt.span(),
            source: NamedSource::new(sanitize::line(&file.display_path()), excerpt),
        };
        let mut rendered = String::new();
        handler
            .render_report(&mut rendered, &diagnostic)
            .map_err(std::io::Error::other)?;
        writeln!(out, "{rendered}")?;
    }
    Ok(())
}
