//! Judging references with the same Rego rules as `check`.
//!
//! The references of one workload context become one input document, one
//! entry per reference, each with the synthetic pointer `/references/N`
//! (policies/README.md, "The audit input document"). A finding whose pointer
//! lies under `/references/N` is about reference N; findings about the
//! workload itself belong to `check` and are dropped. Fixes are offered as in
//! `check`: a candidate is evaluated in the same context and offered only if
//! it resolves the finding without adding a warning or an error.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::check::RuleFilter;
use crate::error::Result;
use crate::finding::{Applicability, Severity};
use crate::fix::{self, Candidate};
use crate::manifest::Manifest;
use crate::normalize::{EntryInput, EntryLocation, Input, Normalizer, RegionRef, SourceReference};
use crate::policy::{Evaluator, RawFinding};
use crate::reference::{Reference, ReferenceKind};

/// The audit input document: `check`'s, with entries made from references,
/// and, for the `audit/*` rules, the suppression comments and stale
/// baseline entries.
#[derive(Serialize)]
pub struct AuditInput {
    /// The same document `check` evaluates, one entry per reference.
    #[serde(flatten)]
    pub document: Input,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressions: Option<Vec<SuppressionInput>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineInput>,
}

#[derive(Serialize)]
pub struct SuppressionInput {
    pub pointer: String,
    pub file: String,
    pub line: usize,
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub used: bool,
}

#[derive(Serialize)]
pub struct BaselineInput {
    pub file: String,
    pub stale: Vec<StaleInput>,
}

#[derive(Serialize)]
pub struct StaleInput {
    pub pointer: String,
    pub rule: String,
    pub file: String,
    pub reference: String,
    pub occurrence: usize,
}

/// One reference to judge.
pub struct Item {
    /// As written, for messages; parsed from the normalized text.
    pub reference: Reference,
    pub regions: Vec<RegionRef>,
    pub location: EntryLocation,
    /// A fix may replace the text (no template, no URL encoding).
    pub fixable: bool,
}

/// A finding on item `item`, before it is located.
pub struct ItemFinding {
    pub item: usize,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub fix: Option<Candidate>,
}

/// `rule id` → worst severity on one entry.
type Outcome = BTreeMap<String, Severity>;

/// Candidates evaluated, with what the rules reported (`None`: malformed).
type Tried = Vec<(Candidate, Option<Outcome>)>;

pub struct Judge<'a> {
    pub evaluator: Evaluator,
    pub normalizer: Normalizer<'a>,
    pub filter: RuleFilter,
    /// Verified outcomes of fix candidates per (context, reference text).
    trials: HashMap<(usize, String), Tried>,
}

/// `/references/12/…` → 12.
pub fn reference_index(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/references/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

impl<'a> Judge<'a> {
    pub fn new(evaluator: Evaluator, normalizer: Normalizer<'a>, filter: RuleFilter) -> Self {
        Self {
            evaluator,
            normalizer,
            filter,
            trials: HashMap::new(),
        }
    }

    pub fn rule_of(&self, package: &str) -> (String, Severity) {
        self.evaluator.rule_of(package)
    }

    fn input(&self, workload: &Manifest, entries: Vec<EntryInput>) -> AuditInput {
        AuditInput {
            document: self
                .normalizer
                .document(self.normalizer.workload(workload), entries),
            suppressions: None,
            baseline: None,
        }
    }

    fn entry(&self, index: usize, item: &Item, reference: Reference) -> EntryInput {
        self.normalizer.source_entry(SourceReference {
            index,
            pointer: format!("/references/{index}"),
            reference,
            regions: item
                .regions
                .iter()
                .map(|r| RegionRef {
                    region: r.region.clone(),
                    pointer: if r.pointer.is_empty() {
                        format!("/references/{index}")
                    } else {
                        r.pointer.clone()
                    },
                })
                .collect(),
            location: item.location.clone(),
        })
    }

    /// Evaluates every rule over `items` (all in context `context`) and
    /// returns the findings on them, with verified fixes.
    pub fn judge(
        &mut self,
        context: usize,
        workload: &Manifest,
        items: &[Item],
    ) -> Result<Vec<ItemFinding>> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let entries = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.entry(i, item, item.reference.clone()))
            .collect();
        let input = self.input(workload, entries);
        let mut raw = self.evaluator.evaluate(&input)?;
        let mut seen = HashSet::new();
        raw.retain(|f| seen.insert((f.package.clone(), f.pointer.clone(), f.message.clone())));
        let mut outcomes: HashMap<usize, Outcome> = HashMap::new();
        let mut located: Vec<(usize, RawFinding)> = Vec::new();
        for f in raw {
            let Some(index) = reference_index(&f.pointer).filter(|&i| i < items.len()) else {
                continue; // about the workload: `check` reports it
            };
            let (rule, default) = self.rule_of(&f.package);
            let severity = f.severity.unwrap_or(default);
            let slot = outcomes
                .entry(index)
                .or_default()
                .entry(rule)
                .or_insert(severity);
            *slot = (*slot).max(severity);
            located.push((index, f));
        }
        let mut out = Vec::new();
        for (index, f) in located {
            let (rule, default) = self.rule_of(&f.package);
            if !self.filter.allows(&rule) {
                continue;
            }
            let severity = f.severity.unwrap_or(default);
            let item = &items[index];
            // With no Region named, the Regions judged are the catalog's own;
            // that the catalog does not know availability in some of them
            // is no news about the code.
            if item.regions.is_empty()
                && severity == Severity::Info
                && rule.starts_with("availability/")
            {
                continue;
            }
            let fix = if severity >= Severity::Warning && item.fixable {
                let before = outcomes.get(&index).cloned().unwrap_or_default();
                let rule_fix = f.fix.as_ref().and_then(|raw| {
                    Some((
                        raw.replacement.as_ref()?.as_str()?.to_string(),
                        raw.description.clone(),
                    ))
                });
                self.first_fix(context, workload, item, &rule, &before, rule_fix)?
            } else {
                None
            };
            out.push(ItemFinding {
                item: index,
                rule,
                severity,
                message: f.message,
                fix,
            });
        }
        Ok(out)
    }

    /// The first candidate that resolves `rule` on `item` without harm.
    fn first_fix(
        &mut self,
        context: usize,
        workload: &Manifest,
        item: &Item,
        rule: &str,
        before: &Outcome,
        rule_fix: Option<(String, String)>,
    ) -> Result<Option<Candidate>> {
        if item.reference.kind == ReferenceKind::ApplicationProfileArn {
            return Ok(None);
        }
        let key = (context, item.reference.text.clone());
        if !self.trials.contains_key(&key) {
            let regions: Vec<String> = item.regions.iter().map(|r| r.region.clone()).collect();
            let mut candidates = Vec::new();
            if let Some((text, description)) = rule_fix {
                candidates.push(Candidate {
                    text,
                    applicability: Applicability::Unsafe,
                    description,
                });
            }
            candidates.extend(fix::candidates(
                self.normalizer.catalog,
                self.normalizer.today,
                &item.reference,
                &regions,
            ));
            let mut tried = Vec::new();
            let mut seen = HashSet::new();
            for candidate in candidates {
                if !seen.insert(candidate.text.clone()) || candidate.text == item.reference.text {
                    continue;
                }
                let outcome = self.trial(workload, item, &candidate.text)?;
                tried.push((candidate, outcome));
            }
            self.trials.insert(key.clone(), tried);
        }
        let tried = self.trials.get(&key).map(Vec::as_slice).unwrap_or_default();
        Ok(tried
            .iter()
            .find(|(_, after)| {
                after
                    .as_ref()
                    .is_some_and(|after| resolves(rule, before, after))
            })
            .map(|(candidate, _)| candidate.clone()))
    }

    /// What the rules report on `item` with its text replaced by `text`.
    fn trial(&mut self, workload: &Manifest, item: &Item, text: &str) -> Result<Option<Outcome>> {
        let reference = Reference::parse(text, self.normalizer.catalog);
        if reference.kind == ReferenceKind::Malformed {
            return Ok(None);
        }
        let entry = self.entry(0, item, reference);
        let input = self.input(workload, vec![entry]);
        let raw = self.evaluator.evaluate(&input)?;
        let mut outcome = Outcome::new();
        for f in raw {
            if reference_index(&f.pointer) != Some(0) {
                continue;
            }
            let (rule, default) = self.rule_of(&f.package);
            let severity = f.severity.unwrap_or(default);
            let slot = outcome.entry(rule).or_insert(severity);
            *slot = (*slot).max(severity);
        }
        Ok(Some(outcome))
    }

    /// Evaluates the `audit/*` rules over suppression comments and stale
    /// baseline entries; returns (pointer, rule, severity, message).
    pub fn judge_meta(
        &mut self,
        suppressions: Option<Vec<SuppressionInput>>,
        baseline: Option<BaselineInput>,
    ) -> Result<Vec<(String, String, Severity, String)>> {
        let empty = Manifest {
            workload: crate::manifest::Workload {
                name: None,
                regions: Vec::new(),
                residency: None,
                compliance: Vec::new(),
            },
            models: Vec::new(),
            waivers: Vec::new(),
        };
        let mut input = self.input(&empty, Vec::new());
        input.suppressions = suppressions;
        input.baseline = baseline;
        let raw = self.evaluator.evaluate(&input)?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for f in raw {
            let ours =
                f.pointer.starts_with("/suppressions/") || f.pointer.starts_with("/baseline/");
            if !ours || !seen.insert((f.package.clone(), f.pointer.clone(), f.message.clone())) {
                continue;
            }
            let (rule, default) = self.rule_of(&f.package);
            if !self.filter.allows(&rule) {
                continue;
            }
            out.push((f.pointer, rule, f.severity.unwrap_or(default), f.message));
        }
        Ok(out)
    }
}

/// The finding is gone, the reference carries no error, and nothing at
/// warning or above appears that was not there before.
fn resolves(rule: &str, before: &Outcome, after: &Outcome) -> bool {
    !after.contains_key(rule)
        && !after.values().any(|s| *s == Severity::Error)
        && after
            .iter()
            .filter(|(_, s)| **s >= Severity::Warning)
            .all(|(r, s)| before.get(r).is_some_and(|b| b >= s))
}
