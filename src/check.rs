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
use crate::policy::{Evaluator, RawFinding, RuleMeta};
use crate::reference::Reference;
use crate::source::SourceFile;

pub const MANIFEST_NAMES: [&str; 2] = ["modelgate.toml", "modelgate.json"];

/// `--select` / `--ignore`: rule ids, or families (`lifecycle`).
#[derive(Clone, Debug, Default)]
pub struct RuleFilter {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleFilter {
    pub fn allows(&self, rule: &str) -> bool {
        let matches = |pattern: &String| {
            let pattern = pattern.trim_end_matches('/');
            rule == pattern
                || rule
                    .strip_prefix(pattern)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
    }
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
        let raw = self.raw_findings(&file)?;
        let mut findings = Vec::new();
        let mut entry_fixes: BTreeMap<usize, Option<Fix>> = BTreeMap::new();
        for raw_finding in raw {
            let mut finding = self.locate(&file, &raw_finding);
            if !self.filter.allows(&finding.rule) {
                continue;
            }
            finding.fix = match &raw_finding.fix {
                Some(raw_fix) => self.verified_rule_fix(&file, &finding, raw_fix)?,
                None => match model_entry_of(&file, &raw_finding.pointer) {
                    Some(index) if finding.severity >= Severity::Warning => {
                        let fix = match entry_fixes.get(&index) {
                            Some(fix) => fix.clone(),
                            None => self.model_fix(&file, index)?,
                        };
                        entry_fixes.insert(index, fix.clone());
                        fix
                    }
                    _ => None,
                },
            };
            findings.push(finding);
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok(Checked { file, findings })
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

    fn rule_of(&self, package: &str) -> (String, Severity) {
        match self.evaluator.rules.get(package) {
            Some(RuleMeta { id, severity, .. }) => (id.clone(), *severity),
            None => (rule_id_from_package(package), Severity::Error),
        }
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
        let shown = replacement
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| replacement.to_string());
        Ok(self.verify(file, &pointer, &edit)?.then(|| Fix {
            description: raw.description.clone(),
            replacement: shown,
            applicability: crate::finding::Applicability::Unsafe,
            edit,
        }))
    }

    /// The first replacement reference for entry `index` that passes every rule.
    fn model_fix(&mut self, file: &ManifestFile, index: usize) -> Result<Option<Fix>> {
        let Some(entry) = file.manifest.models.get(index) else {
            return Ok(None);
        };
        let regions: Vec<String> = entry
            .regions
            .as_ref()
            .unwrap_or(&file.manifest.workload.regions)
            .iter()
            .map(|r| r.value.clone())
            .collect();
        let reference = Reference::parse(&entry.model.value, self.catalog());
        let candidates =
            fix::candidates(self.catalog(), self.normalizer.today, &reference, &regions);
        for Candidate {
            text,
            applicability,
            description,
        } in candidates
        {
            let edit = Edit {
                span: file.span_of(&entry.model.pointer),
                content: fix::literal(&serde_json::Value::String(text.clone())),
            };
            if self.verify(file, &entry.model.pointer, &edit)? {
                return Ok(Some(Fix {
                    description,
                    replacement: text,
                    applicability,
                    edit,
                }));
            }
        }
        Ok(None)
    }

    /// Applies `edit` in memory and re-evaluates: the edited value must carry
    /// no error or warning afterwards, and no error may appear that was not
    /// there before.
    fn verify(&mut self, file: &ManifestFile, pointer: &str, edit: &Edit) -> Result<bool> {
        let (text, applied) = fix::apply_edits(file.source.text(), std::slice::from_ref(edit));
        if applied == 0 {
            return Ok(false);
        }
        let Ok(edited) =
            ManifestFile::parse(SourceFile::new(file.source.path(), text), self.catalog())
        else {
            return Ok(false);
        };
        let errors = |findings: &[RawFinding], this: &Self| -> HashSet<(String, String)> {
            findings
                .iter()
                .filter(|f| {
                    f.severity.unwrap_or_else(|| this.rule_of(&f.package).1) == Severity::Error
                })
                .map(|f| (f.package.clone(), f.pointer.clone()))
                .collect()
        };
        let before = self.raw_findings(file)?;
        let after = self.raw_findings(&edited)?;
        let still_flagged = after.iter().any(|f| {
            f.pointer == pointer
                && f.severity.unwrap_or_else(|| self.rule_of(&f.package).1) >= Severity::Warning
        });
        let before_errors = errors(&before, self);
        let new_error = errors(&after, self)
            .iter()
            .any(|e| !before_errors.contains(e));
        Ok(!still_flagged && !new_error)
    }
}

/// `/models/3/...` → 3.
fn model_entry_of(file: &ManifestFile, pointer: &str) -> Option<usize> {
    let index = pointer
        .strip_prefix("/models/")?
        .split('/')
        .next()?
        .parse()
        .ok()?;
    (index < file.manifest.models.len()).then_some(index)
}

/// `modelgate.rules.lifecycle.end_of_life` → `lifecycle/end-of-life`, for a
/// rule package without metadata.
fn rule_id_from_package(package: &str) -> String {
    let path = package.strip_prefix("modelgate.rules.").unwrap_or(package);
    path.replacen('.', "/", 1).replace('_', "-")
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
