//! `modelgate check`: parse → normalize → evaluate → locate → filter → fix.
//!
//! One [`Checker`] holds the compiled policies and the catalog and checks any
//! number of manifests; nothing is compiled twice in a process.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::error::{Result, RunError};
use crate::finding::{Edit, Finding, Fix, Location, Severity};
use crate::fix::{self, Candidate};
use crate::manifest::ManifestFile;
use crate::normalize::Normalizer;
use crate::policy::{Evaluator, RawFinding};
use crate::reference::Reference;
use crate::source::SourceFile;
use crate::waivers;

pub const MANIFEST_NAMES: [&str; 2] = ["modelgate.toml", "modelgate.json"];

/// `--select` / `--ignore`: rule ids, or families (`lifecycle`).
#[derive(Clone, Debug, Default)]
pub struct RuleFilter {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleFilter {
    pub fn allows(&self, rule: &str) -> bool {
        let matches = |selector: &String| selector_matches(selector, rule);
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
    }
}

/// Whether a selector (a rule id, or a family such as `lifecycle`) names `rule`.
pub fn selector_matches(selector: &str, rule: &str) -> bool {
    let selector = selector.trim_end_matches('/');
    rule == selector
        || rule
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

pub struct Checker<'a> {
    pub evaluator: Evaluator,
    pub normalizer: Normalizer<'a>,
    pub filter: RuleFilter,
}

/// The findings of one manifest, sorted.
pub struct Checked {
    pub file: ManifestFile,
    pub findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    pub fn catalog(&self) -> &'a Catalog {
        self.normalizer.catalog
    }

    pub fn check_path(&mut self, path: &Path) -> Result<Checked> {
        let file = ManifestFile::read(path, self.catalog())?;
        self.check_file(file)
    }

    pub fn check_file(&mut self, file: ManifestFile) -> Result<Checked> {
        self.check_waiver_rules(&file)?;
        let raw = self.raw_findings(&file)?;
        let before = self.outcome(&raw);
        let located: Vec<Finding> = raw.iter().map(|r| self.locate(&file, r)).collect();
        // Waivers see every finding, before --select/--ignore, so that a
        // waiver is not reported unused just because its rule is ignored.
        let mut pending: Vec<(Finding, Option<crate::policy::RawFix>)> = Vec::new();
        if file.manifest.waivers.is_empty() {
            pending.extend(located.into_iter().zip(raw.iter().map(|r| r.fix.clone())));
        } else {
            let (waived, input) = waivers::apply(&file.manifest, self.normalizer.today, &located);
            for ((finding, raw), waived) in located.into_iter().zip(&raw).zip(waived) {
                if !waived {
                    pending.push((finding, raw.fix.clone()));
                }
            }
            for raw in self.evaluator.evaluate(&input)? {
                pending.push((self.locate(&file, &raw), None));
            }
        }
        let mut trials: BTreeMap<usize, Trials> = BTreeMap::new();
        let mut findings = Vec::new();
        for (mut finding, raw_fix) in pending {
            if !self.filter.allows(&finding.rule) {
                continue;
            }
            let pointer = finding.pointer.clone().unwrap_or_default();
            let proposed = match &raw_fix {
                Some(raw_fix) => self.verified_rule_fix(&file, &finding, raw_fix, &before)?,
                None => None,
            };
            // A rule's own proposal comes first; when it has none, or its
            // proposal fails verification, search the entry's candidates.
            finding.fix = match (proposed, model_entry_of(&file, &pointer)) {
                (Some(fix), _) => Some(fix),
                (None, Some(index)) if finding.severity >= Severity::Warning => {
                    let entry_trials = match trials.entry(index) {
                        std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(self.model_candidates(&file, index))
                        }
                    };
                    self.first_fix(&file, entry_trials, &finding, &before)?
                }
                (None, _) => None,
            };
            findings.push(finding);
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok(Checked { file, findings })
    }

    /// A waiver whose `rule` names no rule would silently waive nothing.
    fn check_waiver_rules(&self, file: &ManifestFile) -> Result<()> {
        for waiver in &file.manifest.waivers {
            let known = self
                .evaluator
                .rules
                .values()
                .any(|r| selector_matches(&waiver.rule.value, &r.id));
            if !known {
                let ids: Vec<&str> = self
                    .evaluator
                    .rules
                    .values()
                    .map(|r| r.id.as_str())
                    .collect();
                let error = RunError::at(
                    &file.source,
                    file.span_of(&waiver.rule.pointer),
                    format!("the waiver's rule `{}` names no rule", waiver.rule.value),
                    "unknown rule",
                );
                return Err(match crate::error::did_you_mean(&waiver.rule.value, ids) {
                    Some(near) => error.with_help(format!("did you mean `{near}`?")),
                    None => error.with_help("`modelgate rules` lists the rule ids"),
                });
            }
        }
        Ok(())
    }

    /// Evaluates the manifest and drops exact duplicates (rules that iterate
    /// over entries report a shared workload value once per entry).
    fn raw_findings(&mut self, file: &ManifestFile) -> Result<Vec<RawFinding>> {
        let input = self.normalizer.input(&file.manifest);
        let mut raw = self.evaluator.evaluate(&input)?;
        let mut seen = HashSet::new();
        raw.retain(|f| seen.insert((f.package.clone(), f.pointer.clone(), f.message.clone())));
        raw.sort_by(|a, b| {
            (&a.pointer, &a.package, &a.message).cmp(&(&b.pointer, &b.package, &b.message))
        });
        Ok(raw)
    }

    /// `(rule, pointer)` → worst severity, for comparing before and after a fix.
    fn outcome(&self, raw: &[RawFinding]) -> Outcome {
        let mut outcome = Outcome::new();
        for f in raw {
            let (rule, default) = self.rule_of(&f.package);
            let severity = f.severity.unwrap_or(default);
            let slot = outcome.entry((rule, f.pointer.clone())).or_insert(severity);
            *slot = (*slot).max(severity);
        }
        outcome
    }

    /// A manifest with `edit` applied, evaluated; `None` if it no longer parses.
    fn trial(&mut self, file: &ManifestFile, edit: &Edit) -> Result<Option<Outcome>> {
        let (text, applied) = fix::apply_edits(file.source.text(), std::slice::from_ref(edit));
        if applied == 0 {
            return Ok(None);
        }
        let Ok(edited) =
            ManifestFile::parse(SourceFile::new(file.source.path(), text), self.catalog())
        else {
            return Ok(None);
        };
        let raw = self.raw_findings(&edited)?;
        Ok(Some(self.outcome(&raw)))
    }

    fn rule_of(&self, package: &str) -> (String, Severity) {
        self.evaluator.rule_of(package)
    }

    fn locate(&self, file: &ManifestFile, raw: &RawFinding) -> Finding {
        let (rule, default_severity) = self.rule_of(&raw.package);
        let reference = model_entry_of(file, &raw.pointer)
            .and_then(|i| file.manifest.models.get(i))
            .map(|entry| entry.model.value.clone());
        Finding {
            rule,
            severity: raw.severity.unwrap_or(default_severity),
            message: raw.message.clone(),
            location: location(&file.source, file.span_of(&raw.pointer)),
            pointer: Some(raw.pointer.clone()),
            reference,
            fix: None,
        }
    }

    /// A fix a rule proposed: offered only if it survives re-evaluation.
    fn verified_rule_fix(
        &mut self,
        file: &ManifestFile,
        finding: &Finding,
        raw: &crate::policy::RawFix,
        before: &Outcome,
    ) -> Result<Option<Fix>> {
        let Some(replacement) = &raw.replacement else {
            return Ok(None);
        };
        let pointer = raw
            .pointer
            .clone()
            .or_else(|| finding.pointer.clone())
            .unwrap_or_default();
        let edit = Edit {
            span: file.span_of(&pointer),
            content: fix::literal(replacement),
        };
        let Some(after) = self.trial(file, &edit)? else {
            return Ok(None);
        };
        let shown = replacement
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| replacement.to_string());
        Ok(resolves(finding, &pointer, before, &after).then(|| Fix {
            description: raw.description.clone(),
            replacement: shown,
            applicability: crate::finding::Applicability::Unsafe,
            edit,
        }))
    }

    /// The replacement references worth trying for entry `index`.
    fn model_candidates(&self, file: &ManifestFile, index: usize) -> Trials {
        let Some(entry) = file.manifest.models.get(index) else {
            return Trials::default();
        };
        let regions: Vec<String> = entry
            .regions
            .as_ref()
            .unwrap_or(&file.manifest.workload.regions)
            .iter()
            .map(|r| r.value.clone())
            .collect();
        let reference = Reference::parse(&entry.model.value, self.catalog());
        Trials {
            pointer: entry.model.pointer.clone(),
            pending: fix::candidates(self.catalog(), self.normalizer.today, &reference, &regions),
            tried: Vec::new(),
        }
    }

    /// The first candidate that resolves `finding`; candidates are evaluated
    /// lazily and each at most once per entry.
    fn first_fix(
        &mut self,
        file: &ManifestFile,
        trials: &mut Trials,
        finding: &Finding,
        before: &Outcome,
    ) -> Result<Option<Fix>> {
        let mut i = 0;
        loop {
            if i == trials.tried.len() {
                if trials.pending.is_empty() {
                    return Ok(None);
                }
                let Candidate {
                    text,
                    applicability,
                    description,
                } = trials.pending.remove(0);
                let edit = Edit {
                    span: file.span_of(&trials.pointer),
                    content: fix::literal(&serde_json::Value::String(text.clone())),
                };
                let after = self.trial(file, &edit)?;
                let fix = Fix {
                    description,
                    replacement: text,
                    applicability,
                    edit,
                };
                trials.tried.push((fix, after));
            }
            if let (fix, Some(after)) = &trials.tried[i] {
                if resolves(finding, &trials.pointer, before, after) {
                    return Ok(Some(fix.clone()));
                }
            }
            i += 1;
        }
    }
}

/// `(rule id, pointer)` → the worst severity reported there.
type Outcome = BTreeMap<(String, String), Severity>;

/// The candidate fixes of one model entry: those not yet evaluated, and
/// those evaluated with what the manifest reported afterwards.
#[derive(Default)]
struct Trials {
    pointer: String,
    pending: Vec<Candidate>,
    tried: Vec<(Fix, Option<Outcome>)>,
}

/// Whether an edit of the value at `edited` resolves `finding` without
/// harm: the finding is gone, the edited value carries no error, and no
/// warning or error appears that was not there before.
fn resolves(finding: &Finding, edited: &str, before: &Outcome, after: &Outcome) -> bool {
    let pointer = finding.pointer.as_deref().unwrap_or_default();
    let gone = !after.contains_key(&(finding.rule.clone(), pointer.to_string()));
    let clean = !after
        .iter()
        .any(|((_, p), severity)| p == edited && *severity == Severity::Error);
    let nothing_new = after
        .iter()
        .filter(|(_, severity)| **severity >= Severity::Warning)
        .all(|(key, severity)| before.get(key).is_some_and(|b| b >= severity));
    gone && clean && nothing_new
}

/// The model entry a finding at `pointer` is about, if it exists.
fn model_entry_of(file: &ManifestFile, pointer: &str) -> Option<usize> {
    crate::manifest::entry_index(pointer).filter(|&index| index < file.manifest.models.len())
}

pub fn location(source: &SourceFile, span: std::ops::Range<usize>) -> Location {
    let (start, end) = source.span_positions(&span);
    Location {
        file: source.display_path(),
        span,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// The manifests to check: files as given, folders searched (respecting
/// .gitignore) for `modelgate.toml` / `modelgate.json`.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            let mut below = Vec::new();
            for entry in ignore::WalkBuilder::new(path).build() {
                let entry = entry.map_err(|err| {
                    RunError::plain(format!("cannot walk {}: {err}", path.display()))
                })?;
                let is_manifest = entry.file_type().is_some_and(|t| t.is_file())
                    && MANIFEST_NAMES.iter().any(|n| entry.file_name() == *n);
                if is_manifest {
                    below.push(entry.into_path());
                }
            }
            below.sort();
            found.extend(below);
        } else {
            return Err(
                RunError::plain(format!("{}: no such file or folder", path.display())).with_help(
                    "pass a manifest (modelgate.toml or modelgate.json) or a folder that holds one",
                ),
            );
        }
    }
    Ok(found)
}
