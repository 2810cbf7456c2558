//! GitHub Actions workflow commands: each finding becomes an annotation on
//! the pull request (`::error file=…,line=…::message`).

use std::io::Write;

use super::Report;
use crate::error::RunError;
use crate::finding::Severity;
use crate::sanitize;

/// Escaping GitHub requires in a command's message, after every control
/// character but the line feed is made visible (a log shows ANSI escapes).
fn escape_data(text: &str) -> String {
    sanitize::text(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping GitHub requires in a command's properties (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = f.message.clone();
        if let Some(fix) = &f.fix {
            message.push_str(&format!("\n{}", fix.description));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&f.location.file),
            f.location.line,
            f.location.column,
            f.location.end_line,
            f.location.end_column,
            escape_property(&format!("modelgate {}", f.rule)),
            escape_data(&message),
        )?;
    }
    for error in &report.errors {
        writeln!(out, "{}", error_command(error))?;
    }
    Ok(())
}

/// `::error file=…,line=…,col=…,title=modelgate::message` for an input the
/// run could not judge (position properties only where known).
fn error_command(error: &RunError) -> String {
    let mut properties = Vec::new();
    if let Some(at) = error.location() {
        properties.push(format!("file={}", escape_property(&at.file)));
        if let Some(line) = at.line {
            properties.push(format!("line={line}"));
        }
        if let Some(column) = at.column {
            properties.push(format!("col={column}"));
        }
    }
    properties.push("title=modelgate".to_string());
    let mut message = error.summary().to_string();
    if let Some(help) = error.help_text() {
        message.push_str(&format!("\n{help}"));
    }
    format!(
        "::error {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_requires() {
        assert_eq!(escape_data("50% a\nb\r\n"), "50%25 a%0Ab\\u{d}%0A");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn control_characters_never_reach_the_log() {
        let escaped = escape_data("\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}ok");
        assert_eq!(escaped, "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}ok");
        assert_eq!(escape_property("a\u{1b}b.py"), "a\\u{1b}b.py");
    }
}
