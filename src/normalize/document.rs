//! The Rego input document (`policies/README.md`, "The input document"):
//! the types the normalizer fills and every rule reads. Field names here
//! are the contract with the rules; their doc comments are the field
//! descriptions of `policies/input.schema.json` (`modelgate input
//! --schema`), so they speak to policy authors. Every type is closed
//! (`deny_unknown_fields`): a test builder or fixture with a field the
//! rules never receive fails schema validation.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::catalog::LifecycleStatus;
use crate::date::Date;
use crate::reference::{Reference, ReferenceKind, Scope};

/// Knobs that are not facts but change verdicts.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Settings {
    /// `--eol-horizon` / `eol-horizon` (default 90): how many days before
    /// its end of life a model is reported as approaching it.
    pub eol_horizon_days: u32,
    /// `--max-catalog-age` / `max-catalog-age` (default 120): the age in
    /// days past which the catalog is stale; `null` when no maximum is set
    /// (a setting of 0).
    pub max_catalog_age_days: Option<u32>,
}

/// The catalog the run judges against, for rules about the facts themselves
/// (`catalog/stale`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CatalogInput {
    /// The `as_of` date of the catalog in use.
    pub as_of: Date,
    /// Whole days from `as_of` to `today` (negative when the catalog is
    /// dated after `today`).
    pub age_days: i64,
    /// `embedded`, or the `--catalog` folder.
    pub origin: String,
}

/// The document every rule reads as `input`: one per manifest in `check`,
/// one per workload context in `audit`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Input {
    /// The version of this document's shape; a change that could break a
    /// rule raises it.
    #[schemars(extend("const" = super::INPUT_SCHEMA))]
    pub schema: u32,
    /// `--today`: the date lifecycle rules judge as of (default: today, UTC).
    pub today: Date,
    pub settings: Settings,
    pub catalog: CatalogInput,
    pub workload: WorkloadInput,
    /// One per `[[models]]` entry of the manifest, in order (`check`), or
    /// one per model reference found in the code (`audit`).
    pub entries: Vec<EntryInput>,
}

/// The manifest's `[workload]`, resolved.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct WorkloadInput {
    /// `workload.name`, or `null` when the manifest gives none (and in
    /// audit's documents of references no manifest owns).
    pub name: Option<String>,
    /// Always `/workload`.
    #[schemars(extend("const" = "/workload"))]
    pub pointer: &'static str,
    /// The Regions the workload calls Bedrock from, each with the pointer
    /// of its string in the manifest.
    pub regions: Vec<RegionRef>,
    /// The compliance tags, as declared (e.g. `gdpr`).
    pub compliance: Vec<String>,
    /// The residency boundary requests must stay in; `null` when the
    /// workload declares none (`residency = "none"`, or no residency and no
    /// tag that implies one).
    pub boundary: Option<BoundaryInput>,
}

/// A Region code with the pointer of the manifest value it comes from.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RegionRef {
    /// A Region code, e.g. `eu-west-1`.
    pub region: String,
    /// JSON pointer of the manifest value naming the Region (in audit's
    /// documents, the entry's pointer when the Region was not written in a
    /// manifest).
    pub pointer: String,
}

/// A residency boundary: the Regions requests may be processed in.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BoundaryInput {
    /// A boundary named in the catalog (`eu`, `europe`, `us` …), `regions`
    /// (the workload's own Regions) or `custom` (an explicit list of Region
    /// codes).
    pub name: String,
    /// How messages describe it, e.g. "EU/EEA member states".
    pub description: String,
    /// The Region codes inside the boundary, sorted.
    pub regions: Vec<String>,
    /// Where it is declared: `/workload/residency`, or
    /// `/workload/compliance` when a compliance tag implies it.
    pub pointer: String,
    /// The compliance tag that implies the boundary (`gdpr`) when the
    /// manifest declares no `residency`; `null` otherwise.
    pub implied_by: Option<String>,
}

/// One `[[models]]` entry (`check`), or one model reference found in the
/// code (`audit`), resolved against the catalog.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EntryInput {
    /// The entry's position: in `models` (`check`) or among the context's
    /// references (`audit`).
    pub index: usize,
    /// The entry's `name`, or `null` when it has none (always in `audit`).
    pub name: Option<String>,
    /// JSON pointer of the entry: `/models/N`, or `/references/N` in audit.
    pub pointer: String,
    pub reference: ReferenceInput,
    /// The catalog's facts about the model the reference resolves to;
    /// `null` when the catalog does not know it (or the reference does not
    /// name one).
    pub model: Option<ModelInput>,
    /// The Regions this entry is called from (its own `regions`, or the
    /// workload's), with pointers. In audit, empty when no Region is known
    /// (the `calls` are then judged from every Region it can be called
    /// from).
    pub regions: Vec<RegionRef>,
    /// The features the entry declares, each with its pointer (empty in
    /// audit: code declares none).
    pub features: Vec<FeatureRef>,
    /// `max_output_tokens` as declared, or `null`.
    pub max_output_tokens: Option<ValueRef>,
    /// One per source Region the entry is judged from.
    pub calls: Vec<CallInput>,
    /// Where `audit` found the reference; absent for manifest entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "EntryLocation")]
    pub location: Option<EntryLocation>,
}

/// The file position of a reference found by `modelgate audit`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EntryLocation {
    /// The file, as audit reports it.
    pub file: String,
    /// 1-based line of the reference's first character.
    pub line: usize,
    /// 1-based column of its first character, in bytes.
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

/// The model reference (`model = "…"`, or the text found in the code),
/// parsed and resolved: rules never parse ids or ARNs themselves.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReferenceInput {
    /// JSON pointer of the reference: `/models/N/model`, or `/references/N`
    /// in audit. A finding here is located at the reference's characters.
    pub pointer: String,
    /// The reference as written (in audit, templates and `%3A` kept).
    pub text: String,
    pub kind: ReferenceKind,
    /// Why a `malformed` reference is malformed; `null` otherwise.
    pub problem: Option<String>,
    /// The model id the reference resolves to; `null` when it cannot be
    /// known (application inference profiles, malformed references).
    pub model_id: Option<String>,
    /// The system inference profile id the reference calls through; `null`
    /// for direct model calls.
    pub profile_id: Option<String>,
    /// The geography prefix of a profile (`us`, `eu`, `global` …); `null`
    /// for direct model calls.
    pub prefix: Option<String>,
    pub scope: Scope,
    /// The Region an ARN names; `null` for ids, for the Region-less ARN of
    /// global profiles, and for templated Regions.
    pub arn_region: Option<String>,
    /// An ARN with a wildcard or templated Region or account, as IAM
    /// policies and templates write resources: not a call from a Region,
    /// so only rules about the model itself judge it.
    pub resource_pattern: bool,
    /// The model (and the profile, for a profile reference) is in the
    /// catalog.
    pub known: bool,
    /// For an unknown reference, catalog ids close to it, best first.
    pub suggestions: Vec<String>,
    /// For an unknown id, the catalog id it is a typo of (at most two
    /// edits, one of them in its words, in the same geography); `null`
    /// when it may instead be another version or a model newer than the
    /// catalog.
    pub typo_of: Option<String>,
}

/// The catalog's facts about a model. A limit the catalog does not know
/// is `null`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ModelInput {
    /// The model id, e.g. `anthropic.claude-3-haiku-20240307-v1:0`.
    pub id: String,
    /// Its name, e.g. `Claude 3 Haiku`.
    pub name: String,
    /// Its provider, e.g. `Anthropic`.
    pub provider: String,
    /// The most output tokens one request may ask for.
    pub max_output_tokens: Option<u64>,
    /// The largest value the source's wording allows when it states the
    /// maximum loosely ("4K": 4,000 or 4,096); `null` when the value is
    /// exact.
    pub max_output_tokens_upper: Option<u64>,
    /// The context window, in tokens.
    pub context_window: Option<u64>,
}

/// A declared feature with the pointer of its string in the manifest.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FeatureRef {
    /// A feature name, e.g. `batch` or `prompt-caching`.
    pub name: String,
    /// JSON pointer of the string, e.g. `/models/0/features/1`.
    pub pointer: String,
}

/// A declared number with the pointer of its manifest value.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ValueRef {
    pub value: u64,
    /// JSON pointer of the value, e.g. `/models/0/max_output_tokens`.
    pub pointer: String,
}

/// Whether the reference can be called from the call's Region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// The reference can be called from this Region.
    Available,
    /// A bare model id (or model ARN) in a Region where the model is
    /// offered only through an inference profile.
    RequiresProfile,
    /// The model is not offered in this Region in any form.
    NotOffered,
    /// The profile exists but cannot be called from this Region.
    ProfileNotFromRegion,
    /// The reference is an ARN naming another Region
    /// (`reference.arn_region`), which the runtime refuses.
    ArnRegionMismatch,
    /// The catalog's sources disagree on whether the call can be made at
    /// all; `dispute` names them.
    Disputed,
    /// The catalog cannot tell (unknown model, application profile, a
    /// Region whose invocation mode is unknown, no Region facts).
    Unknown,
}

/// The reference called from one source Region.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CallInput {
    /// The source Region the call is made from.
    pub region: String,
    /// JSON pointer of the value naming that Region (in audit, the
    /// entry's pointer for a Region modelgate assumed).
    pub pointer: String,
    pub availability: Availability,
    /// Every Region a request may be processed in (`[region]` for an
    /// in-Region call); where sources disagree, the union of what each
    /// says (residency reads the strict side). `null` when unknown.
    pub destinations: Option<Vec<String>>,
    /// The profile may route to any commercial Region; `destinations` then
    /// lists every commercial Region in the catalog.
    pub global: bool,
    /// Present only when the catalog keeps disagreeing facts about this
    /// call.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "DisputeInput")]
    pub dispute: Option<DisputeInput>,
    /// The model's lifecycle in this Region as of `today`.
    pub lifecycle: LifecycleInput,
    /// For each declared feature (by name), whether the model supports it
    /// called this way from this Region.
    pub features: BTreeMap<String, Support>,
}

/// Sources that disagree about a call: where it may route, or whether it
/// can be made at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DisputeInput {
    /// Each source and what it says, e.g. "routes to us-gov-west-1".
    pub sources: Vec<SourceSays>,
}

/// What one source says about a disputed call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SourceSays {
    /// The source's URL.
    pub source: String,
    /// What it says, e.g. "routes to us-gov-west-1".
    pub says: String,
}

/// A model's lifecycle in one Region. Dates are `YYYY-MM-DD` or `null`
/// when the catalog states none.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LifecycleInput {
    /// The status as of `today`; the strictest reading where sources
    /// disagree (see `disputed_by`).
    pub status: LifecycleStatus,
    /// When the model became (or becomes) Legacy.
    pub legacy_date: Option<Date>,
    /// When public extended access begins.
    pub public_extended_access_date: Option<Date>,
    /// When the model reaches end of life.
    pub end_of_life_date: Option<Date>,
    /// Days from `today` to `end_of_life_date`, negative once past.
    pub days_to_end_of_life: Option<i64>,
    /// The model id a source names as its replacement, or `null`.
    pub replacement: Option<String>,
    /// The URL the lifecycle fact comes from; `null` when unknown.
    pub source: Option<String>,
    /// Other sources that state a less strict lifecycle here; absent when
    /// none does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disputed_by: Vec<String>,
}

/// Whether a model supports a declared feature for one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// The catalog says the model supports it here.
    Supported,
    /// The catalog says it does not.
    Unsupported,
    /// The catalog does not know (a rule reports that as `info`, never as a
    /// pass or a failure).
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
