//! JUnit XML: one test suite per run, one test case per manifest (`check`)
//! or file (`audit`), one `<failure>` per finding at or above `--fail-on`
//! (the others are listed in the case's `<system-out>`), and one `<error>`
//! per input the run could not judge, so CI dashboards show what failed the
//! gate and what could not be checked.

use std::io::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::concise::line;
use super::Report;
use crate::error::RunError;
use crate::finding::Finding;
use crate::sanitize;

type Xml = Writer<Vec<u8>>;

/// One test case: a file, its findings and its errors.
struct Case<'r> {
    name: String,
    findings: Vec<&'r Finding>,
    errors: Vec<&'r RunError>,
}

/// The report's files in order, then the files only errors name, then the
/// errors that name no file (as the run itself).
fn cases(report: &Report) -> Vec<Case<'_>> {
    let mut cases: Vec<Case<'_>> = report
        .files
        .iter()
        .map(|file| Case {
            name: file.display_path(),
            findings: report.findings_in(file).collect(),
            errors: Vec::new(),
        })
        .collect();
    for error in &report.errors {
        let name = error
            .location()
            .map_or_else(|| "modelgate".to_string(), |at| at.file.clone());
        match cases.iter_mut().find(|c| c.name == name) {
            Some(case) => case.errors.push(error),
            None => cases.push(Case {
                name,
                findings: Vec::new(),
                errors: vec![error],
            }),
        }
    }
    cases
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let cases = cases(report);
    let failing = |f: &&Finding| report.fail_on.fails(f.severity);
    let failed = cases
        .iter()
        .filter(|c| c.findings.iter().any(failing))
        .count()
        .to_string();
    let errored = cases
        .iter()
        .filter(|c| !c.errors.is_empty())
        .count()
        .to_string();
    let tests = cases.len().to_string();
    let suite_name = format!("modelgate {}", report.command.name());
    let classname = format!("modelgate.{}", report.command.name());

    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", "modelgate"));
    suites.push_attribute(("tests", tests.as_str()));
    suites.push_attribute(("failures", failed.as_str()));
    suites.push_attribute(("errors", errored.as_str()));
    xml.write_event(Event::Start(suites))?;
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", suite_name.as_str()));
    suite.push_attribute(("tests", tests.as_str()));
    suite.push_attribute(("failures", failed.as_str()));
    suite.push_attribute(("errors", errored.as_str()));
    xml.write_event(Event::Start(suite))?;
    for case in &cases {
        write_case(&mut xml, case, &classname, &failing)?;
    }
    xml.write_event(Event::End(BytesEnd::new("testsuite")))?;
    xml.write_event(Event::End(BytesEnd::new("testsuites")))?;
    out.write_all(&xml.into_inner())?;
    writeln!(out)
}

// XML 1.0 forbids most control characters, escaped or not: every text from
// input goes through sanitize, so the document is always well-formed.
fn write_case(
    xml: &mut Xml,
    case: &Case<'_>,
    classname: &str,
    failing: &dyn Fn(&&Finding) -> bool,
) -> std::io::Result<()> {
    let name = sanitize::line(&case.name).into_owned();
    let mut start = BytesStart::new("testcase");
    start.push_attribute(("name", name.as_str()));
    start.push_attribute(("classname", classname));
    xml.write_event(Event::Start(start))?;
    for error in &case.errors {
        write_error(xml, error)?;
    }
    let mut others = Vec::new();
    for finding in &case.findings {
        if failing(finding) {
            write_failure(xml, finding)?;
        } else {
            others.push(line(finding));
        }
    }
    if !others.is_empty() {
        xml.write_event(Event::Start(BytesStart::new("system-out")))?;
        xml.write_event(Event::Text(BytesText::new(&others.join("\n"))))?;
        xml.write_event(Event::End(BytesEnd::new("system-out")))?;
    }
    xml.write_event(Event::End(BytesEnd::new("testcase")))
}

fn write_failure(xml: &mut Xml, finding: &Finding) -> std::io::Result<()> {
    let mut failure = BytesStart::new("failure");
    failure.push_attribute(("type", finding.rule.as_str()));
    failure.push_attribute(("message", sanitize::text(&finding.message).as_ref()));
    xml.write_event(Event::Start(failure))?;
    let mut body = line(finding);
    if let Some(fix) = &finding.fix {
        body.push_str(&format!("\nfix: {}", sanitize::text(&fix.description)));
    }
    xml.write_event(Event::Text(BytesText::new(&body)))?;
    xml.write_event(Event::End(BytesEnd::new("failure")))
}

fn write_error(xml: &mut Xml, error: &RunError) -> std::io::Result<()> {
    let mut element = BytesStart::new("error");
    element.push_attribute(("type", "modelgate/input"));
    element.push_attribute(("message", sanitize::text(error.summary()).as_ref()));
    xml.write_event(Event::Start(element))?;
    let mut body = sanitize::text(error.message()).into_owned();
    if let Some(help) = error.help_text() {
        body.push_str(&format!("\nhelp: {}", sanitize::text(help)));
    }
    xml.write_event(Event::Text(BytesText::new(&body)))?;
    xml.write_event(Event::End(BytesEnd::new("error")))
}
