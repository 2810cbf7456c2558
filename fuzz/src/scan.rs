//! The audit scanner on arbitrary bytes (any file `audit` reads).
//!
//! Invariants: each reference's span lies in the file and slices to
//! exactly its `text`; references come in file order without overlapping;
//! a suppression's span lies in the file. Where the file is text, a finding
//! at each reference renders in every format (a reference may sit at any
//! column of a minified line).

use std::sync::OnceLock;

use modelgate::audit::scan::{Scanned, Scanner};
use modelgate::finding::{FailOn, Finding, Location, Severity};
use modelgate::reference::Reference;
use modelgate::report::{AuditFacts, Command, ReferenceRow, Report};
use modelgate::rules::RuleId;
use modelgate::source::SourceFile;

use crate::{embedded, output};

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(embedded()).expect("the scanner builds"))
}

pub fn fuzz(data: &[u8]) {
    let scanned = scanner().scan(data);
    let mut previous_end = 0;
    for found in &scanned.references {
        let span = &found.span;
        assert!(
            span.start <= span.end && span.end <= data.len(),
            "reference span {span:?} is not within {} bytes",
            data.len()
        );
        assert_eq!(
            &data[span.clone()],
            found.text.as_bytes(),
            "the span {span:?} does not slice to the reference's text"
        );
        assert!(
            span.start >= previous_end,
            "reference {span:?} overlaps or precedes the one before it"
        );
        previous_end = span.end;
        let _ = Reference::parse(&found.normalized, embedded());
    }
    for suppression in &scanned.suppressions {
        let span = &suppression.span;
        assert!(
            span.start <= span.end && span.end <= data.len(),
            "suppression span {span:?} is not within {} bytes",
            data.len()
        );
    }
    if let Ok(text) = std::str::from_utf8(data) {
        output::report(&report_of(text, &scanned));
    }
}

/// An audit report with a finding at every reference found.
fn report_of(text: &str, scanned: &Scanned) -> Report {
    let file = SourceFile::new("app.min.js", text);
    let rule = RuleId::parse("reference/unknown-model").expect("a rule id");
    let findings = scanned
        .references
        .iter()
        .map(|found| Finding {
            rule: rule.clone(),
            severity: Severity::Warning,
            message: format!("`{}` is not a model the catalog knows", found.text),
            location: Location::in_file(&file, found.span.clone()),
            pointer: None,
            reference: Some(found.text.clone()),
            fix: None,
        })
        .collect();
    let rows = scanned
        .references
        .iter()
        .map(|found| {
            let (start, end) = file.span_positions(&found.span);
            ReferenceRow {
                file: file.display_path(),
                line: start.line,
                column: start.column,
                end_column: end.column,
                text: found.text.clone(),
                kind: found.kind,
            }
        })
        .collect();
    Report {
        command: Command::Audit,
        files: vec![file],
        findings,
        catalog_as_of: embedded().as_of(),
        fixing: None,
        rules: Vec::new(),
        fail_on: FailOn::At(Severity::Error),
        audit: Some(AuditFacts {
            scanned: 1,
            references: rows,
            ..AuditFacts::default()
        }),
        errors: Vec::new(),
    }
}
