//! The Rego input document (`policies/README.md`, "The input document"):
//! the types the normalizer fills and every rule reads. Field names here
//! are the contract with the rules.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::LifecycleStatus;
use crate::date::Date;
use crate::reference::{Reference, ReferenceKind, Scope};

/// Knobs that are not facts but change verdicts.
#[derive(Clone, Debug, Serialize)]
pub struct Settings {
    pub eol_horizon_days: u32,
    /// `--max-catalog-age` / `max-catalog-age`; `None`: no limit.
    pub max_catalog_age_days: Option<u32>,
}

/// The catalog the run judges against, for rules about the facts themselves
/// (`catalog/stale`).
#[derive(Clone, Debug, Serialize)]
pub struct CatalogInput {
    pub as_of: Date,
    /// Whole days from `as_of` to `today` (negative when the catalog is
    /// dated after `today`).
    pub age_days: i64,
    /// `embedded`, or the `--catalog` folder.
    pub origin: String,
}

#[derive(Debug, Serialize)]
pub struct Input {
    pub schema: u32,
    pub today: Date,
    pub settings: Settings,
    pub catalog: CatalogInput,
    pub workload: WorkloadInput,
    pub entries: Vec<EntryInput>,
}

#[derive(Debug, Serialize)]
pub struct WorkloadInput {
    pub name: Option<String>,
    pub pointer: &'static str,
    pub regions: Vec<RegionRef>,
    pub compliance: Vec<String>,
    pub boundary: Option<BoundaryInput>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegionRef {
    pub region: String,
    pub pointer: String,
}

#[derive(Debug, Serialize)]
pub struct BoundaryInput {
    pub name: String,
    pub description: String,
    pub regions: Vec<String>,
    pub pointer: String,
    pub implied_by: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EntryInput {
    pub index: usize,
    pub name: Option<String>,
    pub pointer: String,
    pub reference: ReferenceInput,
    pub model: Option<ModelInput>,
    pub regions: Vec<RegionRef>,
    pub features: Vec<FeatureRef>,
    pub max_output_tokens: Option<ValueRef>,
    pub calls: Vec<CallInput>,
    /// Where `audit` found the reference; absent for manifest entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<EntryLocation>,
}

/// The file position of a reference found by `modelgate audit`.
#[derive(Clone, Debug, Serialize)]
pub struct EntryLocation {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// A reference found in a source file (`modelgate audit`), to be judged like
/// a manifest entry that declares no features and no output limit.
pub struct SourceReference {
    pub index: usize,
    /// The JSON pointer of the entry and of its reference (`/references/N`).
    pub pointer: String,
    /// Parsed from the normalized text; `text` as written.
    pub reference: Reference,
    /// The Regions the reference is called from, as far as known (the
    /// workload's, or the Region an ARN names); empty when unknown.
    pub regions: Vec<RegionRef>,
    pub location: EntryLocation,
}

#[derive(Debug, Serialize)]
pub struct ReferenceInput {
    pub pointer: String,
    pub text: String,
    pub kind: ReferenceKind,
    pub problem: Option<String>,
    pub model_id: Option<String>,
    pub profile_id: Option<String>,
    pub prefix: Option<String>,
    pub scope: Scope,
    /// The Region an ARN names (`null` for ids and Region-less ARNs).
    pub arn_region: Option<String>,
    /// An ARN with a wildcard or templated Region or account, as IAM
    /// policies and templates write resources: not a call from a Region,
    /// so only rules about the model itself judge it.
    pub resource_pattern: bool,
    pub known: bool,
    pub suggestions: Vec<String>,
    /// For an unknown id, the catalog id it is a typo of (a small edit
    /// away, not only in its numbers); `null` when it may instead be a
    /// model newer than the catalog.
    pub typo_of: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ModelInput {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub max_output_tokens: Option<u64>,
    pub max_output_tokens_upper: Option<u64>,
    pub context_window: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct FeatureRef {
    pub name: String,
    pub pointer: String,
}

#[derive(Debug, Serialize)]
pub struct ValueRef {
    pub value: u64,
    pub pointer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Available,
    RequiresProfile,
    NotOffered,
    ProfileNotFromRegion,
    /// The reference is an ARN of another Region.
    ArnRegionMismatch,
    /// The catalog's sources disagree on whether the call can be made at
    /// all; `dispute` names them.
    Disputed,
    Unknown,
}

#[derive(Debug, Serialize)]
pub struct CallInput {
    pub region: String,
    pub pointer: String,
    pub availability: Availability,
    /// Every Region a request may be processed in; where sources disagree,
    /// the union of what each says (residency reads the strict side).
    pub destinations: Option<Vec<String>>,
    pub global: bool,
    /// Set when the catalog keeps disagreeing facts about this call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispute: Option<DisputeInput>,
    pub lifecycle: LifecycleInput,
    pub features: BTreeMap<String, Support>,
}

/// Sources that disagree about a call: where it may route, or whether it
/// can be made at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DisputeInput {
    /// Each source and what it says, e.g. "routes to us-gov-west-1".
    pub sources: Vec<SourceSays>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceSays {
    pub source: String,
    pub says: String,
}

#[derive(Debug, Serialize)]
pub struct LifecycleInput {
    /// The strictest reading where sources disagree (see `disputed_by`).
    pub status: LifecycleStatus,
    pub legacy_date: Option<Date>,
    pub public_extended_access_date: Option<Date>,
    pub end_of_life_date: Option<Date>,
    pub days_to_end_of_life: Option<i64>,
    pub replacement: Option<String>,
    pub source: Option<String>,
    /// Other sources that state a less strict lifecycle here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disputed_by: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    Supported,
    Unsupported,
    Unknown,
}

impl LifecycleInput {
    pub(super) fn unknown() -> Self {
        LifecycleInput {
            status: LifecycleStatus::Unknown,
            legacy_date: None,
            public_extended_access_date: None,
            end_of_life_date: None,
            days_to_end_of_life: None,
            replacement: None,
            source: None,
            disputed_by: Vec::new(),
        }
    }
}
