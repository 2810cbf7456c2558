//! The catalog files as serde types, exactly as `catalog/README.md` documents
//! them. Unknown keys are rejected so that a typo in a fact file cannot turn
//! a fact into silence.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::date::Date;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogMeta {
    pub schema: u32,
    pub as_of: Date,
    #[serde(default)]
    pub sources: BTreeMap<String, SourceRef>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsFile {
    pub regions: Vec<Region>,
    #[serde(default)]
    pub boundaries: BTreeMap<String, Boundary>,
    /// The compliance tags a manifest may declare (a closed set), each
    /// with the boundary it implies.
    #[serde(default)]
    pub compliance: BTreeMap<String, ComplianceTag>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ComplianceTag {
    /// The boundary the tag implies when the workload states no residency.
    pub boundary: String,
    pub description: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub geography: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub partition: String,
    pub commercial: bool,
    pub eu_member: bool,
    pub source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    pub description: String,
    pub regions: Vec<String>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixesFile {
    pub prefixes: BTreeMap<String, Prefix>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PrefixScope {
    Geographic,
    Global,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prefix {
    pub scope: PrefixScope,
    pub name: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeaturesFile {
    pub features: BTreeMap<String, FeatureInfo>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureInfo {
    pub description: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelsFile {
    pub models: Vec<Model>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    pub provider: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<ModelRegions>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifecycle: Vec<LifecycleRow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<Replacement>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub features: BTreeMap<String, FeatureFact>,
    #[serde(default, skip_serializing_if = "Limits::is_empty")]
    pub limits: Limits,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelRegions {
    #[serde(default)]
    pub in_region: Vec<String>,
    #[serde(default)]
    pub profile_only: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mode_unknown: Vec<String>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Other readings of the same Regions, from copies of a page that no
    /// evidence orders against the one above (`catalog/README.md`,
    /// "Disputes").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<RegionsDispute>,
}

/// A whole alternative placement: a Region in none of its lists is, by that
/// reading, not offered.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsDispute {
    #[serde(default)]
    pub in_region: Vec<String>,
    #[serde(default)]
    pub profile_only: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mode_unknown: Vec<String>,
    pub source: String,
    pub note: String,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum StatedStatus {
    Active,
    Legacy,
}

impl StatedStatus {
    /// As the catalog files spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            StatedStatus::Active => "active",
            StatedStatus::Legacy => "legacy",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleRow {
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatedStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_extended_access: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_life: Option<Date>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Other readings for the same Regions (`catalog/README.md`, "Disputes").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<LifecycleDispute>,
}

/// What another source states for the Regions of its row; a field it does
/// not state is absent.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleDispute {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatedStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_extended_access: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_life: Option<Date>,
    pub source: String,
    pub note: String,
}

impl LifecycleRow {
    pub fn covers(&self, region: &str) -> bool {
        self.regions.iter().any(|r| r == "*" || r == region)
    }

    /// The stated dates, e.g. "legacy 2026-03-10, end of life 2026-09-10";
    /// `None` when the row states none.
    pub fn dates(&self) -> Option<String> {
        let parts: Vec<String> = [
            ("legacy", self.legacy),
            ("public extended access", self.public_extended_access),
            ("end of life", self.end_of_life),
        ]
        .into_iter()
        .filter_map(|(what, date)| date.map(|d| format!("{what} {d}")))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The verdict on `today`. Dates win over the stated status: a model
    /// listed in the Legacy table is not legacy before its Legacy date.
    pub fn status_on(&self, today: Date) -> LifecycleStatus {
        match (self.end_of_life, self.legacy) {
            (Some(eol), _) if eol <= today => LifecycleStatus::EndOfLife,
            (_, Some(legacy)) if legacy <= today => LifecycleStatus::Legacy,
            (_, Some(_)) => LifecycleStatus::Active,
            (_, None) if self.status == Some(StatedStatus::Legacy) => LifecycleStatus::Legacy,
            (_, None) => LifecycleStatus::Active,
        }
    }
}

/// A model's lifecycle state in one Region on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LifecycleStatus {
    Active,
    Legacy,
    EndOfLife,
    Unknown,
}

impl LifecycleStatus {
    pub const ALL: [LifecycleStatus; 4] = [
        LifecycleStatus::Active,
        LifecycleStatus::Legacy,
        LifecycleStatus::EndOfLife,
        LifecycleStatus::Unknown,
    ];

    /// The status's one spelling, e.g. `end_of_life`: serialization (JSON
    /// output, the Rego input) and text output both use it, and `--status`
    /// derives its values from it.
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStatus::Active => "active",
            LifecycleStatus::Legacy => "legacy",
            LifecycleStatus::EndOfLife => "end_of_life",
            LifecycleStatus::Unknown => "unknown",
        }
    }
}

impl Serialize for LifecycleStatus {
    /// As `#[derive(Serialize)]` would, with [`LifecycleStatus::as_str`] as
    /// the variant's name.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit_variant("LifecycleStatus", *self as u32, self.as_str())
    }
}

/// The schema of what [`LifecycleStatus`]'s `Serialize` writes.
impl schemars::JsonSchema for LifecycleStatus {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LifecycleStatus".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = LifecycleStatus::ALL.iter().map(|s| s.as_str()).collect();
        schemars::json_schema!({
            "description": "A model's lifecycle state on `today`: `active`, `legacy` (still callable, on its way to end of life), `end_of_life` (its end-of-life date is `today` or earlier), or `unknown` (the catalog has no lifecycle fact for this model in this Region).",
            "type": "string",
            "enum": names,
        })
    }
}

impl Model {
    /// The lifecycle row that covers `region`, if the catalog has one: the
    /// row naming it, else a `*` row (which covers every Region no other row
    /// names).
    pub fn lifecycle_in(&self, region: &str) -> Option<&LifecycleRow> {
        self.lifecycle
            .iter()
            .find(|row| row.regions.iter().any(|r| r == region))
            .or_else(|| self.lifecycle.iter().find(|row| row.covers(region)))
    }

    /// Lifecycle per Region as of `today`: every Region the model is offered
    /// in or a lifecycle row names. A Region no row covers is `unknown`.
    pub fn lifecycle_by_region(&self, today: Date) -> BTreeMap<String, LifecycleStatus> {
        let mut regions: BTreeSet<&String> = self
            .regions
            .iter()
            .flat_map(|r| {
                r.in_region
                    .iter()
                    .chain(&r.profile_only)
                    .chain(&r.mode_unknown)
            })
            .collect();
        regions.extend(
            self.lifecycle
                .iter()
                .flat_map(|row| row.regions.iter())
                .filter(|r| *r != "*"),
        );
        regions
            .into_iter()
            .map(|region| {
                let status = self
                    .lifecycle_in(region)
                    .map_or(LifecycleStatus::Unknown, |row| row.status_on(today));
                (region.clone(), status)
            })
            .collect()
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    pub model: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureFact {
    pub supported: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_regions: Option<Vec<String>>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_window: Option<Limit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_output_tokens: Option<Limit>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        self.context_window.is_none() && self.max_output_tokens.is_none()
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub value: u64,
    /// The largest value the source's wording allows, where it states the
    /// limit loosely ("4K" may be 4,000 or 4,096); absent when exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<u64>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilesFile {
    pub profiles: Vec<Profile>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub prefix: String,
    pub model: String,
    /// Absent when the source does not list the profile's routing: then
    /// where it can be called from, and where it routes, are unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<BTreeMap<String, Vec<String>>>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Other routings documented for this profile (`catalog/README.md`,
    /// "Disputes").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<RoutingDispute>,
}

/// Another documented routing: for each source Region it names, the
/// destinations that source states.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingDispute {
    pub routing: BTreeMap<String, Vec<String>>,
    pub source: String,
    pub note: String,
}
