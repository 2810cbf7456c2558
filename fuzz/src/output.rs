//! Rendering what a target produced, in every output format, and checking
//! that the output is well formed: where issue 11 found panics (a label at
//! column 65,537) and broken documents (control characters in JUnit XML,
//! terminal escapes in human output).

use std::io::IsTerminal;

use modelgate::error::RunError;
use modelgate::report::{Command, OutputFormat, Report};
use modelgate::sanitize;

const FORMATS: [OutputFormat; 6] = [
    OutputFormat::Human,
    OutputFormat::Concise,
    OutputFormat::Json,
    OutputFormat::Sarif,
    OutputFormat::Github,
    OutputFormat::Junit,
];

/// Renders a run error the way `check` reports one: the diagnostic people
/// read, and every machine format that carries it.
pub fn error(err: RunError, command: Command) {
    if let Some(at) = err.location() {
        assert!(
            at.line.is_none_or(|l| l >= 1) && at.column.is_none_or(|c| c >= 1),
            "an error position is 1-based: {at:?}"
        );
    }
    report(&Report::of_errors(command, crate::today(), vec![err]));
}

/// Renders `report` in every format and checks each output.
pub fn report(report: &Report) {
    for format in FORMATS {
        let mut out = Vec::new();
        report
            .render(format, &mut out, false)
            .expect("rendering to memory does not fail");
        check(format, &out);
    }
    let mut out = Vec::new();
    report
        .render_errors(&mut out)
        .expect("rendering to memory does not fail");
    check(OutputFormat::Human, &out);
}

fn check(format: OutputFormat, out: &[u8]) {
    let text = std::str::from_utf8(out).expect("output is UTF-8");
    match format {
        // JSON carries values exactly as written: its own escapes make
        // control characters safe, and a reader wants the real value.
        OutputFormat::Json | OutputFormat::Sarif => {
            if let Err(err) = serde_json::from_str::<serde_json::Value>(text) {
                panic!("{format:?} output is not JSON ({err}):\n{text}");
            }
            return;
        }
        OutputFormat::Junit => {
            if let Err(err) = roxmltree::Document::parse(text) {
                panic!("JUnit output is not XML ({err}):\n{text}");
            }
        }
        _ => {}
    }
    // The human format is coloured on a terminal: only its escapes then.
    let coloured = format == OutputFormat::Human
        && (std::io::stdout().is_terminal() || std::io::stderr().is_terminal());
    if coloured {
        return;
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A `\r\n` from a CRLF file is line structure, kept as it is.
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        assert!(
            !sanitize::is_unsafe(c),
            "{format:?} output holds the raw control character {c:?}:\n{text}"
        );
    }
}
