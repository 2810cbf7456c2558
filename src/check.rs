//! `check` on one manifest: the manifest as a [`Subject`] of the verdict
//! core, its waivers and per-path ignores as exceptions, and its verdicts
//! located at the exact characters of the file.

use crate::error::Result;
use crate::finding::{Edit, Finding, Fix, Location};
use crate::fix::{self, Candidate};
use crate::manifest::{ManifestFile, TRIAL_ENTRY};
use crate::normalize::{Input, Normalizer};
use crate::reference::Reference;
use crate::run::RunContext;
use crate::verdict::{Change, Core, Subject, Verdict};
use crate::waivers;

/// The findings of one manifest, sorted.
pub struct Checked {
    pub file: ManifestFile,
    pub findings: Vec<Finding>,
}

/// A manifest as the verdict core sees it.
struct ManifestSubject<'a> {
    file: &'a ManifestFile,
    normalizer: &'a Normalizer<'a>,
}

impl Subject for ManifestSubject<'_> {
    fn input(&self) -> Input {
        self.normalizer.input(&self.file.manifest)
    }

    fn candidates(&self, entry: usize) -> Vec<Candidate> {
        let manifest = &self.file.manifest;
        let Some(model) = manifest.models.get(entry) else {
            return Vec::new();
        };
        let regions: Vec<String> = model
            .regions
            .as_ref()
            .unwrap_or(&manifest.workload.regions)
            .iter()
            .map(|r| r.value.clone())
            .collect();
        let catalog = self.normalizer.catalog;
        let reference = Reference::parse(&model.model.value, catalog);
        fix::candidates(catalog, self.normalizer.today, &reference, &regions)
    }

    fn trial(&self, entry: usize, change: &Change) -> Option<Input> {
        let within = change
            .pointer
            .strip_prefix(&format!("/models/{entry}"))
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))?;
        let edited =
            self.file
                .trial_entry(entry, within, &change.value, self.normalizer.catalog)?;
        debug_assert!(edited.model.pointer.starts_with(TRIAL_ENTRY));
        Some(self.normalizer.trial_document(&self.file.manifest, &edited))
    }
}

/// The document the rules are evaluated against for `file`, as [`check`]
/// builds it (`modelgate input` prints it).
pub fn input(run: &RunContext, file: &ManifestFile) -> Input {
    let normalizer = run.normalizer();
    ManifestSubject {
        file,
        normalizer: &normalizer,
    }
    .input()
}

/// Judges one parsed manifest.
pub fn check(run: &RunContext, core: &mut Core<'_>, file: ManifestFile) -> Result<Checked> {
    let selectors = waivers::selectors(&file, run.rules())?;
    let normalizer = run.normalizer();
    let subject = ManifestSubject {
        file: &file,
        normalizer: &normalizer,
    };
    let path = file.source.path().to_path_buf();
    let verdicts = core.judge(&subject, &mut |verdicts| {
        // Waivers see every finding, before --select/--ignore, so that a
        // waiver is not reported unused just because its rule is ignored.
        if !file.manifest.waivers.is_empty() {
            let input = waivers::apply(&file.manifest, &selectors, run.today, verdicts);
            let mut core = run.core();
            verdicts.extend(core.evaluate_document(&input)?);
        }
        verdicts.retain(|v| !run.ignored_for_path(&v.rule, &path));
        Ok(())
    })?;
    let mut findings: Vec<Finding> = verdicts.into_iter().map(|v| locate(&file, v)).collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Checked { file, findings })
}

/// A verdict at the characters its pointer names; its fix as an edit of
/// the value, written in manifest syntax.
fn locate(file: &ManifestFile, verdict: Verdict) -> Finding {
    let reference = verdict
        .entry
        .and_then(|i| file.manifest.models.get(i))
        .map(|entry| entry.model.value.clone());
    let fix = verdict.fix.map(|fix| Fix {
        replacement: fix
            .change
            .value
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| fix.change.value.to_string()),
        edit: Edit {
            span: file.span_of(&fix.change.pointer),
            content: fix::literal(&fix.change.value),
        },
        description: fix.description,
        applicability: fix.applicability,
    });
    Finding {
        location: Location::in_file(&file.source, file.span_of(&verdict.pointer)),
        rule: verdict.rule,
        severity: verdict.severity,
        message: verdict.message,
        pointer: Some(verdict.pointer),
        reference,
        fix,
    }
}
