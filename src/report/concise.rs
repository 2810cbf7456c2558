//! `path:line:col: severity[rule] message`, one finding per line, like a
//! compiler's terse output: easy to grep and to jump to from an editor.

use std::io::Write;

use super::Report;
use crate::error::RunError;
use crate::finding::Finding;
use crate::sanitize;

/// The concise line of one finding: whatever the input holds, one line,
/// with no control character in it.
pub fn line(f: &Finding) -> String {
    format!(
        "{}:{}:{}: {}[{}] {}",
        sanitize::line(&f.location.file),
        f.location.line,
        f.location.column,
        f.severity,
        sanitize::line(f.rule.as_str()),
        sanitize::line(&f.message)
    )
}

/// `path:line:col: error: message` for each input the run could not judge
/// (`path: error: …` where it names no position).
pub fn render_errors(errors: &[RunError], out: &mut dyn Write) -> std::io::Result<()> {
    for error in errors {
        let mut place = String::new();
        if let Some(at) = error.location() {
            place.push_str(&sanitize::line(&at.file));
            if let (Some(line), Some(column)) = (at.line, at.column) {
                place.push_str(&format!(":{line}:{column}"));
            }
            place.push_str(": ");
        }
        writeln!(out, "{place}error: {}", sanitize::line(error.summary()))?;
    }
    Ok(())
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for f in &report.findings {
        writeln!(out, "{}", line(f))?;
    }
    Ok(())
}
