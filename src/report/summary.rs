//! The one-line summary at the end of a run: `check`'s counts and fixes,
//! `audit`'s scan, references and exceptions.

use super::{AuditFacts, Report};
use crate::date::Date;
use crate::finding::Applicability;
use crate::fsutil;
use crate::text::plural;

pub fn line(report: &Report) -> String {
    match &report.audit {
        Some(audit) => audit_line(report, audit),
        None => check_line(report),
    }
}

/// `3 manifests checked: 2 errors, 1 warning, 0 infos; 1 with a safe fix (…) (catalog as of …)`
fn check_line(report: &Report) -> String {
    let summary = report.summary();
    let mut line = format!(
        "{} checked: {}, {}, {}",
        plural(summary.files, "manifest"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info")
    );
    line.push_str(&not_judged(report));
    line.push_str(&fixes(report));
    line.push_str(&format!(" (catalog as of {})", report.catalog_as_of));
    line
}

/// `12 files scanned (2 skipped: 1 binary, 1 larger than 2 MiB); 9 references found; …`
fn audit_line(report: &Report, audit: &AuditFacts) -> String {
    let mut line = plural(audit.scanned, "file") + " scanned";
    line.push_str(&skipped(audit));
    line.push_str(&format!(
        "; {} found",
        plural(audit.references.len(), "reference")
    ));
    let summary = report.summary();
    line.push_str(&format!(
        "; {}, {}, {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info")
    ));
    let by_rule = report.by_rule();
    if !by_rule.is_empty() {
        let parts: Vec<String> = by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    line.push_str(&not_judged(report));
    if audit.suppressed > 0 {
        line.push_str(&format!("; {} suppressed inline", audit.suppressed));
    }
    if audit.baselined > 0 {
        line.push_str(&format!("; {} in the baseline", audit.baselined));
    }
    line.push_str(&fixes(report));
    line.push_str(&format!(" (catalog as of {})", report.catalog_as_of));
    line
}

/// `12 files scanned (none skipped); 9 references to 4 models; findings not
/// judged (…) (catalog as of …)`: the inventory runs no rule, so it counts
/// no finding.
pub fn inventory_line(audit: &AuditFacts, models: usize, catalog_as_of: Date) -> String {
    format!(
        "{} scanned{}; {} to {}; findings not judged (`modelgate audit` without --inventory judges them) (catalog as of {catalog_as_of})",
        plural(audit.scanned, "file"),
        skipped(audit),
        plural(audit.references.len(), "reference"),
        plural(models, "model"),
    )
}

/// What `--fix` did, and what the findings left offer:
/// `; 2 fixes applied (2 safe, 0 unsafe); remaining: 3 with an unsafe fix (…)`.
fn fixes(report: &Report) -> String {
    let mut out = String::new();
    if let Some(fixing) = &report.fixing {
        let (safe, unsafe_) = fixing.counts();
        let applied = plural(fixing.applied.len(), "fix");
        out.push_str(&if fixing.preview {
            format!("; {applied} would be applied ({safe} safe, {unsafe_} unsafe), nothing written (--diff)")
        } else {
            format!("; {applied} applied ({safe} safe, {unsafe_} unsafe)")
        });
    }
    // With --diff the findings are those of the files as they are: leave
    // out those whose fix the preview applies.
    let previewed = |f: &crate::finding::Finding| {
        report.fixing.iter().filter(|x| x.preview).any(|x| {
            x.applied.iter().any(|a| {
                a.location.file == f.location.file
                    && f.fix
                        .as_ref()
                        .is_some_and(|fix| fix.edit.span == a.location.span)
            })
        })
    };
    let count = |applicability| {
        report
            .findings
            .iter()
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|fix| fix.applicability == applicability)
            })
            .filter(|f| !previewed(f))
            .count()
    };
    let mut left = Vec::new();
    match count(Applicability::Safe) {
        0 => {}
        n => left.push(format!("{n} with a safe fix (`--fix` applies them)")),
    }
    match count(Applicability::Unsafe) {
        0 => {}
        n => left.push(format!(
            "{n} with an unsafe fix (`--fix --unsafe-fixes` applies them)"
        )),
    }
    if !left.is_empty() {
        let lead = if report.fixing.is_some() {
            "; remaining: "
        } else {
            "; "
        };
        out.push_str(lead);
        out.push_str(&left.join(", "));
    }
    out
}

/// `; 1 input could not be judged (see the errors)` when some could not.
fn not_judged(report: &Report) -> String {
    match report.errors.len() {
        0 => String::new(),
        1 => "; 1 input could not be judged (see the error)".to_string(),
        n => format!("; {n} inputs could not be judged (see the errors)"),
    }
}

/// ` (2 skipped: 1 binary, 1 larger than 2 MiB)` or ` (none skipped)`.
fn skipped(audit: &AuditFacts) -> String {
    let mut why = Vec::new();
    if audit.binary > 0 {
        why.push(format!("{} binary", audit.binary));
    }
    if audit.too_large > 0 {
        why.push(format!(
            "{} larger than {}",
            audit.too_large,
            fsutil::human_size(audit.max_filesize)
        ));
    }
    if audit.unreadable > 0 {
        why.push(format!("{} unreadable", audit.unreadable));
    }
    let count = audit.binary + audit.too_large + audit.unreadable;
    if count == 0 {
        " (none skipped)".to_string()
    } else {
        format!(" ({count} skipped: {})", why.join(", "))
    }
}
