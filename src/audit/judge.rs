//! The references of one workload context as a [`Subject`] of the verdict
//! core `check` uses, and the input documents of the `audit/*` rules.
//!
//! The references of a context become one input document, one entry per
//! reference, each with the pointer `/references/N` (policies/README.md,
//! "The audit input document"). Findings about the workload itself belong
//! to `check` and are dropped by the caller. A fix replaces the text of
//! the reference where it is written, so only a reference written plainly
//! (no template, no URL encoding) can take one.

use schemars::JsonSchema;
use serde::Serialize;

use crate::fix::{self, Candidate};
use crate::manifest::Manifest;
use crate::normalize::{EntryInput, EntryLocation, Input, Normalizer, RegionRef, SourceReference};
use crate::reference::{Reference, ReferenceKind};
use crate::verdict::{Change, Subject};

/// The document every rule reads as `input`: one per manifest (`check`);
/// one per workload context of the references found in the code (`audit`:
/// one entry per reference, with its `location`); and, for the `audit/*`
/// rules, one with no entries that adds `suppressions` or `baseline`.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Input")]
pub struct AuditInput {
    /// The same document `check` evaluates, one entry per reference.
    #[serde(flatten)]
    pub document: Input,
    /// The inline `modelgate: ignore[…]` comments of the scanned files;
    /// present only in the document of the `audit/*` rules, evaluated once
    /// the references' findings are known (its `entries` are then empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<SuppressionInput>")]
    pub suppressions: Option<Vec<SuppressionInput>>,
    /// The `--baseline` entries that match no finding any more; present only
    /// in the document of `audit/stale-baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BaselineInput")]
    pub baseline: Option<BaselineInput>,
}

/// One inline suppression comment.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SuppressionInput {
    /// `/suppressions/K`: a finding here is located at the comment.
    pub pointer: String,
    /// The file the comment is in.
    pub file: String,
    /// The comment's 1-based line.
    pub line: usize,
    /// The line it covers: its own after code, else the next.
    pub covers_line: usize,
    /// The rule ids and families it names.
    pub rules: Vec<String>,
    /// The reason after `--`; `null` when the comment gives none (it then
    /// suppresses nothing).
    pub reason: Option<String>,
    /// Whether it removed a finding.
    pub used: bool,
}

/// The baseline file and its stale entries.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BaselineInput {
    /// The baseline file, as given.
    pub file: String,
    /// Its entries that match no finding of this run (only for files this
    /// run scanned).
    pub stale: Vec<StaleInput>,
}

/// A baseline entry that matches no finding any more.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StaleInput {
    /// `/baseline/K`, K the entry's index in the file: a finding here is
    /// located at the entry.
    pub pointer: String,
    /// The rule the entry accepted.
    pub rule: String,
    /// The file it names, relative to the baseline's folder.
    pub file: String,
    /// The model reference it names, as written.
    pub reference: String,
    /// Which finding of this rule on this reference in this file it is
    /// (1-based, in report order).
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

/// The references of one workload context.
pub struct ContextSubject<'a> {
    pub normalizer: &'a Normalizer<'a>,
    pub workload: &'a Manifest,
    pub items: &'a [Item],
}

impl ContextSubject<'_> {
    fn entry(&self, index: usize, item: &Item, reference: Reference) -> EntryInput {
        let pointer = format!("/references/{index}");
        self.normalizer.source_entry(SourceReference {
            index,
            regions: item
                .regions
                .iter()
                .map(|r| RegionRef {
                    region: r.region.clone(),
                    pointer: if r.pointer.is_empty() {
                        pointer.clone()
                    } else {
                        r.pointer.clone()
                    },
                })
                .collect(),
            pointer,
            reference,
            location: item.location.clone(),
        })
    }

    fn document(&self, entries: Vec<EntryInput>) -> Input {
        self.normalizer
            .document(self.normalizer.workload(self.workload), entries)
    }
}

impl Subject for ContextSubject<'_> {
    fn input(&self) -> Input {
        let entries = self
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| self.entry(i, item, item.reference.clone()))
            .collect();
        self.document(entries)
    }

    fn candidates(&self, entry: usize) -> Vec<Candidate> {
        let Some(item) = self.items.get(entry).filter(|item| item.fixable) else {
            return Vec::new();
        };
        let regions: Vec<String> = item.regions.iter().map(|r| r.region.clone()).collect();
        fix::candidates(
            self.normalizer.catalog,
            self.normalizer.today,
            &item.reference,
            &regions,
        )
    }

    /// The reference alone with its text replaced; without its location,
    /// so that the same reference judged elsewhere in the context shares
    /// the trial.
    fn trial(&self, entry: usize, change: &Change) -> Option<Input> {
        let item = self.items.get(entry).filter(|item| item.fixable)?;
        if change.pointer != format!("/references/{entry}") {
            return None;
        }
        let reference = Reference::parse(change.value.as_str()?, self.normalizer.catalog);
        if reference.kind == ReferenceKind::Malformed {
            return None;
        }
        let mut judged = self.entry(0, item, reference);
        judged.location = None;
        Some(self.document(vec![judged]))
    }
}

/// The document of the `audit/*` rules: no workload, no entries.
pub fn meta_input(
    normalizer: &Normalizer<'_>,
    suppressions: Option<Vec<SuppressionInput>>,
    baseline: Option<BaselineInput>,
) -> AuditInput {
    let empty = Manifest::empty();
    AuditInput {
        document: normalizer.document(normalizer.workload(&empty), Vec::new()),
        suppressions,
        baseline,
    }
}
