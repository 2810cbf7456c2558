//! Inline suppression: `modelgate: ignore[rule-id, …] -- reason` in a
//! comment. A comment that follows code covers its own line only (a new
//! reference written below an accepted one is not silenced); a comment
//! alone on its line covers the next line. The reason is required: a
//! suppression without one suppresses nothing (and is reported by
//! `audit/suppression-without-reason`); one that suppresses nothing is
//! reported by `audit/unused-suppression`. A rule name that names no rule,
//! and a bare `modelgate: ignore`, are errors, as a waiver's would be.

use crate::error::RunError;
use crate::rules::{RuleId, RuleSet, Selector};
use crate::source::SourceFile;

use super::judge::SuppressionInput;
use super::scan::Suppression;

/// A suppression comment with where it is.
struct Placed<'a> {
    file: usize,
    path: String,
    line: usize,
    /// The line it covers.
    covers: usize,
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
    /// it); the errors of those that name no rule, or no rule list.
    pub fn collect(
        files: impl Iterator<Item = (&'a SourceFile, &'a [Suppression])>,
        rules: &RuleSet,
    ) -> (Self, Vec<RunError>) {
        let mut placed = Vec::new();
        let mut errors = Vec::new();
        for (file, (source, found)) in files.enumerate() {
            for suppression in found {
                let line = source.line_col(suppression.span.start).line;
                let selectors = match selectors(source, suppression, rules) {
                    Ok(selectors) => selectors,
                    Err(err) => {
                        errors.push(err);
                        continue;
                    }
                };
                placed.push(Placed {
                    file,
                    path: source.display_path(),
                    line,
                    covers: if suppression.trails_code {
                        line
                    } else {
                        line + 1
                    },
                    selectors,
                    suppression,
                    used: false,
                });
            }
        }
        let suppressions = Self {
            placed,
            suppressed: 0,
        };
        (suppressions, errors)
    }

    /// Whether a suppression with a reason covers `rule` at `path:line`;
    /// every one that does is marked used.
    pub fn covers(&mut self, path: &str, line: usize, rule: &RuleId) -> bool {
        let mut covered = false;
        for p in &mut self.placed {
            if p.path == path
                && p.covers == line
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
                covers_line: p.covers,
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

/// The selectors a comment names, each a rule in force; a comment that
/// names none is a located error with what to write instead.
fn selectors(
    source: &SourceFile,
    suppression: &Suppression,
    rules: &RuleSet,
) -> Result<Vec<Selector>, RunError> {
    if suppression.rules.is_empty() {
        return Err(RunError::at(
            source,
            suppression.span.clone(),
            "`modelgate: ignore` names no rule, so it would suppress nothing",
            "no rule list",
        )
        .with_help("name the rules it accepts and why: `modelgate: ignore[lifecycle/legacy-model] -- PLAT-412`"));
    }
    suppression
        .rules
        .iter()
        .map(|rule| {
            rules.selector(rule).map_err(|unknown| {
                RunError::at(
                    source,
                    suppression.span.clone(),
                    format!("the suppression's rule {}", unknown.message()),
                    "unknown rule",
                )
                .with_help(unknown.help())
            })
        })
        .collect()
}
