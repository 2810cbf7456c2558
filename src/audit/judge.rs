//! The references of one workload context as a [`Subject`] of the verdict
//! core `check` uses, and the input documents of the `audit/*` rules.
//!
//! The references of a context become one input document, one entry per
//! reference, each with the pointer `/references/N` (policies/README.md,
//! "The audit input document"). Findings about the workload itself belong
//! to `check` and are dropped by the caller. A fix replaces the text of
//! the reference where it is written, so only a reference written plainly
//! (no template, no URL encoding) can take one.

use serde::Serialize;

use crate::fix::{self, Candidate};
use crate::manifest::Manifest;
use crate::normalize::{EntryInput, EntryLocation, Input, Normalizer, RegionRef, SourceReference};
use crate::reference::{Reference, ReferenceKind};
use crate::verdict::{Change, Subject};

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
    /// The line it covers: its own after code, else the next.
    pub covers_line: usize,
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
