//! Manifests (TOML and JSON): parsed as `check` parses them, judged by the
//! built-in rules, reported in every format, and fixed.
//!
//! Invariants: every decoded value's pointer maps to a span inside the text
//! on character boundaries (and, for a string written without escapes, to
//! characters that hold it); every finding's span and every fix's edit do
//! too; a manifest with fixes, all applied as `--fix --unsafe-fixes` does,
//! still parses, and re-checked holds none of the findings whose fixes were
//! applied.

use modelgate::check::{self, Checked};
use modelgate::finding::{Edit, Finding};
use modelgate::fix::apply_edits;
use modelgate::manifest::{At, Manifest, ManifestFile, Residency};
use modelgate::report::{Command, Report};
use modelgate::source::SourceFile;
use modelgate::verdict::{Core, TrialMemo};

use crate::{assert_span_in, output, run};

/// One manifest, named `name` (`modelgate.toml` or `modelgate.json`).
pub fn fuzz(data: &[u8], name: &str) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(checked) = parse_and_check(text, name) else {
        return;
    };
    for finding in &checked.findings {
        assert_finding_located(&checked.file, finding);
    }
    output::report(&report_of(&checked));
    assert_fixes_hold(&checked);
}

/// The manifest parsed and checked; `None` (its error rendered and checked)
/// when it is not a valid manifest.
fn parse_and_check(text: &str, name: &str) -> Option<Checked> {
    let run = run();
    let file = match ManifestFile::parse(SourceFile::new(name, text), &run.catalog) {
        Ok(file) => file,
        Err(err) => {
            output::error(err, Command::Check);
            return None;
        }
    };
    assert_pointers_map_back(&file);
    // A fresh memo per input: a shared one would grow for ever and make
    // a crash depend on the inputs run before it.
    let memo = TrialMemo::default();
    let mut core = Core::new(run.evaluator.clone(), &run.filter, &memo);
    match check::check(run, &mut core, file) {
        Ok(checked) => Some(checked),
        Err(err) => {
            output::error(err, Command::Check);
            None
        }
    }
}

/// Every value the manifest decoded, with its pointer, as text where the
/// value is a string (`None` for numbers and dates).
fn decoded(manifest: &Manifest) -> Vec<(&str, Option<&str>)> {
    fn strings(list: &[At<String>]) -> impl Iterator<Item = (&str, Option<&str>)> {
        list.iter()
            .map(|at| (at.pointer.as_str(), Some(at.value.as_str())))
    }
    let mut out: Vec<(&str, Option<&str>)> = Vec::new();
    let workload = &manifest.workload;
    out.extend(strings(&workload.regions));
    out.extend(strings(&workload.compliance));
    if let Some(residency) = &workload.residency {
        match &residency.value {
            Residency::Named(name) => out.push((&residency.pointer, Some(name.as_str()))),
            Residency::Regions(regions) => {
                out.push((&residency.pointer, None));
                out.extend(strings(regions));
            }
            Residency::OwnRegions | Residency::None => out.push((&residency.pointer, None)),
        }
    }
    for entry in &manifest.models {
        out.push((&entry.model.pointer, Some(&entry.model.value)));
        out.extend(strings(entry.regions.as_deref().unwrap_or_default()));
        out.extend(strings(&entry.features));
        if let Some(tokens) = &entry.max_output_tokens {
            out.push((&tokens.pointer, None));
        }
    }
    for waiver in &manifest.waivers {
        out.push((&waiver.rule.pointer, Some(&waiver.rule.value)));
        if let Some(model) = &waiver.model {
            out.push((&model.pointer, Some(&model.value)));
        }
        out.push((&waiver.expires.pointer, None));
    }
    out
}

fn assert_pointers_map_back(file: &ManifestFile) {
    let text = file.source.text();
    for (pointer, value) in decoded(&file.manifest) {
        let span = file.span_of(pointer);
        assert_span_in(text, &span, pointer);
        let written = &text[span.clone()];
        // Escapes and line-ending normalisation change the characters; a
        // plain string is its quoted literal, exactly.
        let plain = !written.contains('\\') && !written.contains('\r');
        if let Some(value) = value.filter(|_| plain) {
            assert_eq!(
                unquote(written),
                Some(value),
                "{pointer}: span {span:?} holds {written:?}, not the literal of {value:?}"
            );
        }
    }
}

/// The characters of a TOML or JSON string literal between its quotes (a
/// multi-line literal without the newline that may follow its opening).
fn unquote(literal: &str) -> Option<&str> {
    for quotes in ["\"\"\"", "'''", "\"", "'"] {
        let inner = literal
            .strip_prefix(quotes)
            .and_then(|rest| rest.strip_suffix(quotes));
        if let Some(inner) = inner {
            return Some(if quotes.len() == 3 {
                inner.strip_prefix('\n').unwrap_or(inner)
            } else {
                inner
            });
        }
    }
    None
}

fn assert_finding_located(file: &ManifestFile, finding: &Finding) {
    let text = file.source.text();
    let what = format!("finding {} at {:?}", finding.rule, finding.pointer);
    assert_span_in(text, &finding.location.span, &what);
    if let Some(fix) = &finding.fix {
        assert_span_in(text, &fix.edit.span, &format!("the fix of {what}"));
    }
    let start = file.source.line_col(finding.location.span.start);
    assert_eq!(
        (start.line, start.column),
        (finding.location.line, finding.location.column),
        "{what}: line and column disagree with the span"
    );
}

fn report_of(checked: &Checked) -> Report {
    let run = run();
    Report {
        command: Command::Check,
        files: vec![checked.file.source.clone()],
        findings: checked.findings.clone(),
        catalog_as_of: run.catalog.as_of(),
        fixing: None,
        rules: run.rules().sorted().into_iter().cloned().collect(),
        fail_on: run.fail_on(),
        audit: None,
        errors: Vec::new(),
    }
}

/// Applies every fix as `--fix --unsafe-fixes` does and checks the result.
fn assert_fixes_hold(checked: &Checked) {
    let edits: Vec<Edit> = checked
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|fix| fix.edit.clone()))
        .collect();
    if edits.is_empty() {
        return;
    }
    let source = &checked.file.source;
    let (fixed, _) = apply_edits(source.text().as_bytes(), &edits);
    // The edits replace whole strings of a valid text with valid text.
    let fixed = String::from_utf8(fixed).expect("fixes keep the manifest UTF-8");
    let name = source.path().to_string_lossy();
    let Some(after) = recheck(&fixed, &name, source.text()) else {
        return;
    };
    for finding in applied(&checked.findings) {
        let still = after
            .findings
            .iter()
            .find(|f| f.rule == finding.rule && f.pointer == finding.pointer);
        if let Some(still) = still {
            panic!(
                "the fix of {} at {:?} was applied, but the finding remains: {}\nbefore:\n{}\nafter:\n{fixed}",
                finding.rule,
                finding.pointer,
                still.message,
                source.text()
            );
        }
    }
}

/// The fixed text parsed and checked again; it must parse.
fn recheck(fixed: &str, name: &str, original: &str) -> Option<Checked> {
    let run = run();
    let file = match ManifestFile::parse(SourceFile::new(name, fixed), &run.catalog) {
        Ok(file) => file,
        Err(err) => panic!(
            "the fixed manifest does not parse: {}\nbefore:\n{original}\nafter:\n{fixed}",
            err.message()
        ),
    };
    let memo = TrialMemo::default();
    let mut core = Core::new(run.evaluator.clone(), &run.filter, &memo);
    match check::check(run, &mut core, file) {
        Ok(checked) => Some(checked),
        Err(err) => panic!(
            "the fixed manifest does not check: {}\nbefore:\n{original}\nafter:\n{fixed}",
            err.message()
        ),
    }
}

/// The findings whose fix `apply_edits` applies: it skips an edit that
/// overlaps one before it (by start, then end).
fn applied(findings: &[Finding]) -> Vec<&Finding> {
    let mut with_fix: Vec<(&Finding, &Edit)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|fix| (f, &fix.edit)))
        .collect();
    with_fix.sort_by_key(|(_, e)| (e.span.start, e.span.end));
    let mut cursor = 0;
    let mut out = Vec::new();
    for (finding, edit) in with_fix {
        if edit.span.start >= cursor {
            cursor = edit.span.end;
            out.push(finding);
        }
    }
    out
}
