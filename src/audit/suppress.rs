//! Inline suppression: `modelgate: ignore[rule-id, …] -- reason` in a
//! comment on the line of a finding or on the line above it. The reason is
//! required: a suppression without one suppresses nothing (and is reported
//! by `audit/suppression-without-reason`); one that suppresses nothing is
//! reported by `audit/unused-suppression`.

use crate::rules::{RuleId, RuleSet, Selector};
use crate::source::SourceFile;

use super::judge::SuppressionInput;
use super::scan::Suppression;

/// A suppression comment with where it is.
struct Placed<'a> {
    file: usize,
    path: String,
    line: usize,
    suppression: &'a Suppression,
    selectors: Vec<Selector>,
    used: bool,
}

/// Every suppression comment of the scanned files.
pub struct Suppressions<'a> {
    placed: Vec<Placed<'a>>,
    /// How many findings they removed.
    pub suppressed: usize,
}

impl<'a> Suppressions<'a> {
    /// The comments of `files` (each a source and the comments found in
    /// it). A rule name that names no rule matches nothing.
    pub fn collect(
        files: impl Iterator<Item = (&'a SourceFile, &'a [Suppression])>,
        rules: &RuleSet,
    ) -> Self {
        let mut placed = Vec::new();
        for (file, (source, found)) in files.enumerate() {
            for suppression in found {
                placed.push(Placed {
                    file,
                    path: source.display_path(),
                    line: source.line_col(suppression.span.start).line,
                    selectors: suppression
                        .rules
                        .iter()
                        .filter_map(|r| rules.selector(r).ok())
                        .collect(),
                    suppression,
                    used: false,
                });
            }
        }
        Self {
            placed,
            suppressed: 0,
        }
    }

    /// Whether a suppression with a reason covers `rule` at `path:line`;
    /// every one that does is marked used.
    pub fn covers(&mut self, path: &str, line: usize, rule: &RuleId) -> bool {
        let mut covered = false;
        for p in &mut self.placed {
            let on_line = p.line == line || p.line + 1 == line;
            if p.path == path
                && on_line
                && p.suppression.reason.is_some()
                && p.selectors.iter().any(|s| s.matches(rule))
            {
                p.used = true;
                covered = true;
            }
        }
        if covered {
            self.suppressed += 1;
        }
        covered
    }

    pub fn is_empty(&self) -> bool {
        self.placed.is_empty()
    }

    /// The input of the `audit/*` rules about the comments themselves.
    pub fn inputs(&self) -> Vec<SuppressionInput> {
        self.placed
            .iter()
            .enumerate()
            .map(|(k, p)| SuppressionInput {
                pointer: format!("/suppressions/{k}"),
                file: p.path.clone(),
                line: p.line,
                rules: p.suppression.rules.clone(),
                reason: p.suppression.reason.clone(),
                used: p.used,
            })
            .collect()
    }

    /// The file (index into the collected files) and comment of
    /// `/suppressions/K`.
    pub fn at(&self, pointer: &str) -> Option<(usize, &Suppression)> {
        let k: usize = pointer.strip_prefix("/suppressions/")?.parse().ok()?;
        self.placed.get(k).map(|p| (p.file, p.suppression))
    }
}
