//! Inline suppression: `modelgate: ignore[rule-id, …] -- reason` in a
//! comment on the line of a finding or on the line above it. The reason is
//! required: a suppression without one suppresses nothing (and is reported
//! by `audit/suppression-without-reason`); one that suppresses nothing is
//! reported by `audit/unused-suppression`.

use crate::check::selector_matches;
use crate::finding::Finding;

use super::scan::Suppression;

/// A suppression comment with where it is.
pub struct Placed<'a> {
    pub file: String,
    pub line: usize,
    pub suppression: &'a Suppression,
    pub used: bool,
}

/// Removes the findings a suppression with a reason covers, marking those
/// suppressions used; returns the findings kept and how many were dropped.
pub fn apply(findings: Vec<Finding>, placed: &mut [Placed<'_>]) -> (Vec<Finding>, usize) {
    let mut kept = Vec::with_capacity(findings.len());
    let mut suppressed = 0;
    for finding in findings {
        let mut covered = false;
        for p in placed.iter_mut() {
            let on_line = p.line == finding.location.line || p.line + 1 == finding.location.line;
            if p.file == finding.location.file
                && on_line
                && p.suppression.reason.is_some()
                && p.suppression
                    .rules
                    .iter()
                    .any(|r| selector_matches(r, &finding.rule))
            {
                p.used = true;
                covered = true;
            }
        }
        if covered {
            suppressed += 1;
        } else {
            kept.push(finding);
        }
    }
    (kept, suppressed)
}
