//! The verdict core `check` and `audit` share: evaluate a subject's input
//! document once, keep one finding per (rule, pointer, message) at its
//! effective severity, let the front end apply its exceptions (waivers,
//! per-path ignores, inline suppressions), apply `--select`/`--ignore`, then
//! search and verify fixes.
//!
//! A front end describes what it judges through [`Subject`]: the document,
//! the replacement references worth trying for an entry, and the document
//! of one entry with a change applied. A fix is offered only if, applied in
//! memory and re-evaluated, it resolves its finding, leaves no error on the
//! value it edits, and raises nothing at warning or above that was not
//! there before. Re-evaluation looks at the edited entry alone (in its
//! workload), so verifying fixes costs the same per entry however many
//! entries a manifest has; trial verdicts are memoised by their document,
//! so a reference judged in the same context twice is evaluated once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::error::{Result, RunError};
use crate::finding::{Applicability, Severity};
use crate::fix::Candidate;
use crate::normalize::Input;
use crate::policy::{limits, Evaluation, Evaluator, RawFinding, RawFix, RuleError};
use crate::rules::{RuleFilter, RuleId};

/// One finding of the rules, before it is located in a file.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// JSON pointer, in the subject's document, of what the finding is about.
    pub pointer: String,
    /// The entry of the document the pointer lies in.
    pub entry: Option<usize>,
    /// The fix the rule itself proposed, not yet verified.
    proposed: Option<RawFix>,
    /// A verified fix, after [`Core::judge`].
    pub fix: Option<VerifiedFix>,
}

/// A new value for the value at `pointer` in the subject's document.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub pointer: String,
    pub value: serde_json::Value,
}

#[derive(Clone, Debug)]
pub struct VerifiedFix {
    pub change: Change,
    pub description: String,
    pub applicability: Applicability,
}

/// What the core judges: a manifest (`check`) or the references of one
/// workload context (`audit`).
/// `Sync`: the fixes of several verdicts are searched in parallel.
pub trait Subject: Sync {
    /// The document every rule is evaluated against.
    fn input(&self) -> Input;
    /// The replacement references worth trying for entry `entry`, best
    /// first; empty when its text cannot be rewritten.
    fn candidates(&self, entry: usize) -> Vec<Candidate>;
    /// A document holding entry `entry` alone, in its workload, with
    /// `change` applied; `None` when the change cannot be applied (it
    /// lies outside the entry, or the result is not a valid entry).
    fn trial(&self, entry: usize, change: &Change) -> Option<Input>;
}

/// `(rule, pointer relative to its entry)` → the worst severity there.
type Outcome = BTreeMap<(RuleId, String), Severity>;

/// Trial verdicts shared by every thread of a run, keyed by the trial
/// document (determinism makes that sound: rules see no clock but
/// `today` and no randomness). `None`: a rule failed on the trial.
#[derive(Default)]
pub struct TrialMemo {
    outcomes: Mutex<HashMap<String, Option<Arc<Outcome>>>>,
}

impl TrialMemo {
    fn get(&self, key: &str) -> Option<Option<Arc<Outcome>>> {
        self.outcomes.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: String, outcome: Option<Arc<Outcome>>) {
        if let Ok(mut map) = self.outcomes.lock() {
            map.insert(key, outcome);
        }
    }
}

/// Front-end exceptions, applied between evaluation and the rule filter:
/// they may drop verdicts (waived, suppressed) and add some (about the
/// exceptions themselves).
pub type Exceptions<'e> = dyn FnMut(&mut Vec<Verdict>) -> Result<()> + 'e;

/// One thread's evaluator, with the run's filter and memo.
pub struct Core<'r> {
    evaluator: Evaluator,
    filter: &'r RuleFilter,
    memo: &'r TrialMemo,
    /// Rules that failed, when the caller reports them itself
    /// ([`Core::contain_errors`]); otherwise the first one stops the run.
    errors: Option<Vec<RuleError>>,
}

impl<'r> Core<'r> {
    pub fn new(evaluator: Evaluator, filter: &'r RuleFilter, memo: &'r TrialMemo) -> Self {
        Self {
            evaluator,
            filter,
            memo,
            errors: None,
        }
    }

    /// Keep judging when a rule fails: the caller collects the failures
    /// with [`Core::take_errors`] and reports them beside the findings.
    pub fn contain_errors(&mut self) {
        self.errors.get_or_insert_with(Vec::new);
    }

    /// The rules that failed since the last call.
    pub fn take_errors(&mut self) -> Vec<RuleError> {
        self.errors.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// A failure as a located diagnostic naming what was judged.
    pub fn describe(&self, error: &RuleError, subject: Option<&str>) -> RunError {
        self.evaluator.describe(error, subject)
    }

    /// The findings of `evaluation`; its failures are kept, or stop the run
    /// when the caller does not contain them. `false` when a rule failed.
    fn record(&mut self, evaluation: Evaluation) -> Result<(Vec<RawFinding>, bool)> {
        let failed = !evaluation.errors.is_empty();
        match (&mut self.errors, evaluation.errors.first()) {
            (Some(errors), _) => errors.extend(evaluation.errors),
            (None, Some(first)) => return Err(self.evaluator.describe(first, None)),
            (None, None) => {}
        }
        Ok((evaluation.findings, !failed))
    }

    /// Evaluates `subject`, applies `exceptions` and the rule filter, and
    /// searches and verifies a fix for every finding kept.
    pub fn judge(
        &mut self,
        subject: &dyn Subject,
        exceptions: &mut Exceptions<'_>,
    ) -> Result<Vec<Verdict>> {
        let input = subject.input();
        let entries = EntryPointers::of(&input);
        let (mut verdicts, sound) = self.verdicts(&input, &entries)?;
        let before = outcomes(&verdicts, &entries);
        exceptions(&mut verdicts)?;
        verdicts.retain(|v| self.filter.allows(&v.rule));
        // A fix is verified by every rule: with one failing, none can be.
        if !sound {
            return Ok(verdicts);
        }
        let search = FixSearch {
            subject,
            entries: &entries,
            before: &before,
            candidates: (0..entries.pointers.len())
                .map(|_| OnceLock::new())
                .collect(),
        };
        self.search_fixes(&search, &mut verdicts)?;
        Ok(verdicts)
    }

    /// A fix for every verdict that may have one. The trials of one
    /// verdict do not depend on another's, so with several to search they
    /// run in parallel, each thread on its own clone of the evaluator,
    /// unless the subject is itself judged on an evaluation thread (beside
    /// others: the threads are busy already, and a clone costs more than a
    /// trial).
    fn search_fixes(&mut self, search: &FixSearch<'_>, verdicts: &mut [Verdict]) -> Result<()> {
        let searched = verdicts.iter().filter(|v| search.may_fix(v)).count();
        if searched <= 1 || rayon::current_thread_index().is_some() {
            for verdict in verdicts.iter_mut() {
                verdict.fix = search.fix(self, verdict)?;
            }
            return Ok(());
        }
        let this = &*self;
        let fixes: Vec<Result<Option<VerifiedFix>>> = limits::in_parallel(|| {
            verdicts
                .par_iter()
                .map_init(|| this.fork(), |core, verdict| search.fix(core, verdict))
                .collect()
        });
        for (verdict, fix) in verdicts.iter_mut().zip(fixes) {
            verdict.fix = fix?;
        }
        Ok(())
    }

    /// A core for another thread: the same rules, filter and memo.
    fn fork(&self) -> Core<'r> {
        Core {
            evaluator: self.evaluator.clone(),
            filter: self.filter,
            memo: self.memo,
            errors: None,
        }
    }

    /// The verdicts of a document that has no entries to fix (waivers,
    /// suppressions, baseline entries), filtered.
    pub fn evaluate_document(&mut self, document: &impl serde::Serialize) -> Result<Vec<Verdict>> {
        let json =
            serde_json::to_string(document).map_err(|err| RunError::plain(err.to_string()))?;
        let evaluation = self.evaluator.evaluate_json(&json)?;
        let (raw, _) = self.record(evaluation)?;
        let mut verdicts = self.to_verdicts(raw, &EntryPointers::default())?;
        verdicts.retain(|v| self.filter.allows(&v.rule));
        Ok(verdicts)
    }

    /// The verdicts of `input`, and whether every rule could be evaluated.
    fn verdicts(&mut self, input: &Input, entries: &EntryPointers) -> Result<(Vec<Verdict>, bool)> {
        let evaluation = self.evaluator.evaluate(input)?;
        let (raw, sound) = self.record(evaluation)?;
        Ok((self.to_verdicts(raw, entries)?, sound))
    }

    /// Raw findings as verdicts: exact duplicates dropped (rules that
    /// iterate over entries report a shared workload value once per
    /// entry), each with its rule and effective severity.
    fn to_verdicts(&self, raw: Vec<RawFinding>, entries: &EntryPointers) -> Result<Vec<Verdict>> {
        let mut seen = HashSet::new();
        let mut verdicts = Vec::with_capacity(raw.len());
        for f in raw {
            if !seen.insert((f.package.clone(), f.pointer.clone(), f.message.clone())) {
                continue;
            }
            let meta = self.evaluator.rule_of(&f.package).ok_or_else(|| {
                RunError::plain(format!(
                    "a finding came from `{}`, which declares no rule",
                    f.package
                ))
            })?;
            verdicts.push(Verdict {
                rule: meta.id.clone(),
                severity: f.severity.unwrap_or(meta.severity),
                entry: entries.entry_of(&f.pointer),
                message: f.message,
                pointer: f.pointer,
                proposed: f.fix,
                fix: None,
            });
        }
        verdicts.sort_by(|a, b| {
            (&a.pointer, &a.rule, &a.message).cmp(&(&b.pointer, &b.rule, &b.message))
        });
        Ok(verdicts)
    }

    /// What the rules report on the entry of a trial document (memoised);
    /// `None` when a rule fails on it.
    fn trial_outcome(&mut self, trial: &Input) -> Result<Option<Arc<Outcome>>> {
        let key = serde_json::to_string(trial).map_err(|err| RunError::plain(err.to_string()))?;
        if let Some(known) = self.memo.get(&key) {
            return Ok(known);
        }
        let entries = EntryPointers::of(trial);
        let outcome = match self.evaluator.trial_json(&key)? {
            Some(raw) => {
                let verdicts = self.to_verdicts(raw, &entries)?;
                Some(Arc::new(
                    outcomes(&verdicts, &entries)
                        .into_values()
                        .next()
                        .unwrap_or_default(),
                ))
            }
            None => None,
        };
        self.memo.put(key, outcome.clone());
        Ok(outcome)
    }
}

/// The pointer of every entry of a document, to tell which entry a
/// finding is about and where it lies within it.
#[derive(Default)]
struct EntryPointers {
    pointers: Vec<String>,
    references: Vec<String>,
}

impl EntryPointers {
    fn of(input: &Input) -> Self {
        Self {
            pointers: input.entries.iter().map(|e| e.pointer.clone()).collect(),
            references: input
                .entries
                .iter()
                .map(|e| e.reference.pointer.clone())
                .collect(),
        }
    }

    fn entry_of(&self, pointer: &str) -> Option<usize> {
        self.pointers
            .iter()
            .position(|p| relative(pointer, p).is_some())
    }

    /// `pointer` relative to entry `entry`'s pointer.
    fn relative<'p>(&self, entry: usize, pointer: &'p str) -> Option<&'p str> {
        relative(pointer, self.pointers.get(entry)?)
    }
}

/// `/models/2/features/0` relative to `/models/2` is `/features/0`.
fn relative<'p>(pointer: &'p str, base: &str) -> Option<&'p str> {
    let rest = pointer.strip_prefix(base)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// Per entry, what the rules report on it.
fn outcomes(verdicts: &[Verdict], entries: &EntryPointers) -> HashMap<usize, Outcome> {
    let mut out: HashMap<usize, Outcome> = HashMap::new();
    for v in verdicts {
        let Some(entry) = v.entry else { continue };
        let Some(rel) = entries.relative(entry, &v.pointer) else {
            continue;
        };
        let slot = out
            .entry(entry)
            .or_default()
            .entry((v.rule.clone(), rel.to_string()))
            .or_insert(v.severity);
        *slot = (*slot).max(v.severity);
    }
    out
}

/// The fix search of one subject: candidates are computed once per entry,
/// by whichever thread needs them first.
struct FixSearch<'s> {
    subject: &'s dyn Subject,
    entries: &'s EntryPointers,
    before: &'s HashMap<usize, Outcome>,
    candidates: Vec<OnceLock<Vec<Candidate>>>,
}

impl FixSearch<'_> {
    /// Whether a fix may be searched for `verdict` (one about an entry that
    /// proposes its own, or a warning or an error).
    fn may_fix(&self, verdict: &Verdict) -> bool {
        verdict.entry.is_some()
            && (verdict.proposed.is_some() || verdict.severity >= Severity::Warning)
    }

    /// The rule's own proposal if it survives verification; otherwise, for
    /// a warning or an error, the first computed candidate that does.
    fn fix(&self, core: &mut Core<'_>, verdict: &Verdict) -> Result<Option<VerifiedFix>> {
        let Some(entry) = verdict.entry else {
            return Ok(None);
        };
        if let Some(proposed) = self.proposal(verdict) {
            if self.resolves(core, entry, verdict, &proposed.change)? {
                return Ok(Some(proposed));
            }
        }
        if verdict.severity < Severity::Warning {
            return Ok(None);
        }
        let (Some(reference), Some(slot)) = (
            self.entries.references.get(entry),
            self.candidates.get(entry),
        ) else {
            return Ok(None);
        };
        let candidates = slot.get_or_init(|| self.subject.candidates(entry));
        for candidate in candidates {
            let change = Change {
                pointer: reference.clone(),
                value: serde_json::Value::String(candidate.text.clone()),
            };
            if self.resolves(core, entry, verdict, &change)? {
                return Ok(Some(VerifiedFix {
                    change,
                    description: candidate.description.clone(),
                    applicability: candidate.applicability,
                }));
            }
        }
        Ok(None)
    }

    /// A rule's proposal as a change. A rule cannot know the proposal is
    /// safe, so it is offered as unsafe.
    fn proposal(&self, verdict: &Verdict) -> Option<VerifiedFix> {
        let raw = verdict.proposed.as_ref()?;
        Some(VerifiedFix {
            change: Change {
                pointer: raw
                    .pointer
                    .clone()
                    .unwrap_or_else(|| verdict.pointer.clone()),
                value: raw.replacement.clone()?,
            },
            description: raw.description.clone(),
            applicability: Applicability::Unsafe,
        })
    }

    /// Whether `change` resolves `verdict` without harm: the finding is
    /// gone, the edited value carries no error, and nothing at warning or
    /// above appears on the entry that was not there before.
    fn resolves(
        &self,
        core: &mut Core<'_>,
        entry: usize,
        verdict: &Verdict,
        change: &Change,
    ) -> Result<bool> {
        let (Some(rel), Some(edited)) = (
            self.entries.relative(entry, &verdict.pointer),
            self.entries.relative(entry, &change.pointer),
        ) else {
            return Ok(false);
        };
        let Some(trial) = self.subject.trial(entry, change) else {
            return Ok(false);
        };
        let Some(after) = core.trial_outcome(&trial)? else {
            return Ok(false);
        };
        let empty = Outcome::new();
        let before = self.before.get(&entry).unwrap_or(&empty);
        let gone = !after.contains_key(&(verdict.rule.clone(), rel.to_string()));
        let clean = !after
            .iter()
            .any(|((_, p), s)| p == edited && *s == Severity::Error);
        let nothing_new = after
            .iter()
            .filter(|(_, s)| **s >= Severity::Warning)
            .all(|(key, s)| before.get(key).is_some_and(|b| b >= s));
        Ok(gone && clean && nothing_new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_relative_to_an_entry() {
        assert_eq!(
            relative("/models/2/features/0", "/models/2"),
            Some("/features/0")
        );
        assert_eq!(relative("/models/2", "/models/2"), Some(""));
        assert_eq!(relative("/models/21/model", "/models/2"), None);
        assert_eq!(relative("/workload/regions/0", "/models/2"), None);
    }
}
