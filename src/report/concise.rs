//! `path:line:col: severity[rule] message`, one finding per line, like a
//! compiler's terse output: easy to grep and to jump to from an editor.

use std::io::Write;

use super::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for f in &report.findings {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.location.file, f.location.line, f.location.column, f.severity, f.rule, f.message
        )?;
    }
    Ok(())
}
