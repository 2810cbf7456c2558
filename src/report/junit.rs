//! JUnit XML: one test suite per run, one test case per manifest, and one
//! `<failure>` per finding at or above `--fail-on` (the others are listed in
//! the case's `<system-out>`), so CI dashboards show what failed the gate.

use std::io::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::concise::line;
use super::Report;
use crate::finding::Finding;
use crate::sanitize;

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let failing = |f: &&Finding| report.fail_on.fails(f.severity);
    let failed_cases = report
        .files
        .iter()
        .filter(|file| report.findings_in(file).any(|f| failing(&f)))
        .count();
    let tests = report.files.len().to_string();
    let suite_name = format!("modelgate {}", report.command.name());
    let classname = format!("modelgate.{}", report.command.name());
    let failed = failed_cases.to_string();

    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", "modelgate"));
    suites.push_attribute(("tests", tests.as_str()));
    suites.push_attribute(("failures", failed.as_str()));
    xml.write_event(Event::Start(suites))?;
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", suite_name.as_str()));
    suite.push_attribute(("tests", tests.as_str()));
    suite.push_attribute(("failures", failed.as_str()));
    suite.push_attribute(("errors", "0"));
    xml.write_event(Event::Start(suite))?;
    for file in &report.files {
        // XML 1.0 forbids most control characters, escaped or not: every
        // text from input goes through sanitize, so the document is always
        // well-formed.
        let name = sanitize::line(&file.display_path()).into_owned();
        let mut case = BytesStart::new("testcase");
        case.push_attribute(("name", name.as_str()));
        case.push_attribute(("classname", classname.as_str()));
        xml.write_event(Event::Start(case))?;
        let mut others = Vec::new();
        for finding in report.findings_in(file) {
            if !failing(&finding) {
                others.push(line(finding));
                continue;
            }
            let mut failure = BytesStart::new("failure");
            failure.push_attribute(("type", sanitize::line(finding.rule.as_str()).as_ref()));
            failure.push_attribute(("message", sanitize::text(&finding.message).as_ref()));
            xml.write_event(Event::Start(failure))?;
            let mut body = line(finding);
            if let Some(fix) = &finding.fix {
                body.push_str(&format!("\nfix: {}", sanitize::text(&fix.description)));
            }
            xml.write_event(Event::Text(BytesText::new(&body)))?;
            xml.write_event(Event::End(BytesEnd::new("failure")))?;
        }
        if !others.is_empty() {
            xml.write_event(Event::Start(BytesStart::new("system-out")))?;
            xml.write_event(Event::Text(BytesText::new(&others.join("\n"))))?;
            xml.write_event(Event::End(BytesEnd::new("system-out")))?;
        }
        xml.write_event(Event::End(BytesEnd::new("testcase")))?;
    }
    xml.write_event(Event::End(BytesEnd::new("testsuite")))?;
    xml.write_event(Event::End(BytesEnd::new("testsuites")))?;
    out.write_all(&xml.into_inner())?;
    writeln!(out)
}
