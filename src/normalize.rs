//! Manifest + catalog → the Rego input document (`policies/README.md`).
//!
//! Everything a rule needs is resolved here, per model entry and per source
//! Region: what the reference is, whether it can be called from that Region,
//! where requests may be processed, the lifecycle there, the declared
//! features. Rules then only compare fields; they never parse ids or search
//! the catalog.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalog::{Catalog, LifecycleStatus, Model, PrefixScope};
use crate::date::Date;
use crate::manifest::{At, Manifest, ModelEntry, Residency};
use crate::reference::{Reference, ReferenceKind, Scope};

pub const INPUT_SCHEMA: u32 = 1;

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
    pub implied_by: Option<&'static str>,
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
    pub known: bool,
    pub suggestions: Vec<String>,
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
    Unknown,
}

#[derive(Debug, Serialize)]
pub struct CallInput {
    pub region: String,
    pub pointer: String,
    pub availability: Availability,
    pub destinations: Option<Vec<String>>,
    pub global: bool,
    pub lifecycle: LifecycleInput,
    pub features: BTreeMap<String, Support>,
}

#[derive(Debug, Serialize)]
pub struct LifecycleInput {
    pub status: LifecycleStatus,
    pub legacy_date: Option<Date>,
    pub public_extended_access_date: Option<Date>,
    pub end_of_life_date: Option<Date>,
    pub days_to_end_of_life: Option<i64>,
    pub replacement: Option<String>,
    pub source: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    Supported,
    Unsupported,
    Unknown,
}

/// Builds input documents for one manifest; reusable for re-evaluating an
/// entry with a candidate fix.
pub struct Normalizer<'a> {
    pub catalog: &'a Catalog,
    pub today: Date,
    pub settings: Settings,
}

impl Normalizer<'_> {
    fn catalog_input(&self) -> CatalogInput {
        CatalogInput {
            as_of: self.catalog.as_of(),
            age_days: self.catalog.as_of().days_until(self.today),
            origin: self.catalog.origin.clone(),
        }
    }

    pub fn input(&self, manifest: &Manifest) -> Input {
        let workload = self.workload(manifest);
        let entries = manifest
            .models
            .iter()
            .enumerate()
            .map(|(index, entry)| self.entry(index, entry, &entry.model.value, &workload))
            .collect();
        self.document(workload, entries)
    }

    /// The input document for `workload` and its `entries`.
    pub fn document(&self, workload: WorkloadInput, entries: Vec<EntryInput>) -> Input {
        Input {
            schema: INPUT_SCHEMA,
            today: self.today,
            settings: self.settings.clone(),
            catalog: self.catalog_input(),
            workload,
            entries,
        }
    }

    /// The document of `entry` alone (already placed as the first entry)
    /// in `manifest`'s workload: what a fix trial evaluates.
    pub fn trial_document(&self, manifest: &Manifest, entry: &ModelEntry) -> Input {
        let workload = self.workload(manifest);
        let entry = self.entry(0, entry, &entry.model.value, &workload);
        self.document(workload, vec![entry])
    }

    pub fn workload(&self, manifest: &Manifest) -> WorkloadInput {
        let workload = &manifest.workload;
        WorkloadInput {
            name: workload.name.clone(),
            pointer: "/workload",
            regions: region_refs(&workload.regions),
            compliance: workload
                .compliance
                .iter()
                .map(|c| c.value.clone())
                .collect(),
            boundary: self.boundary(manifest),
        }
    }

    fn boundary(&self, manifest: &Manifest) -> Option<BoundaryInput> {
        let workload = &manifest.workload;
        let declared =
            |name: &str, description: String, regions: Vec<String>, pointer: &str| BoundaryInput {
                name: name.to_string(),
                description,
                regions: sorted(regions),
                pointer: pointer.to_string(),
                implied_by: None,
            };
        match &workload.residency {
            Some(At { value, pointer }) => match value {
                Residency::None => None,
                Residency::Named(name) => self
                    .catalog
                    .boundary(name)
                    .map(|b| declared(name, b.description.clone(), b.regions.clone(), pointer)),
                Residency::OwnRegions => Some(declared(
                    "regions",
                    "the workload's own Regions".to_string(),
                    workload.regions.iter().map(|r| r.value.clone()).collect(),
                    pointer,
                )),
                Residency::Regions(list) => Some(declared(
                    "custom",
                    "the Regions listed in `residency`".to_string(),
                    list.iter().map(|r| r.value.clone()).collect(),
                    pointer,
                )),
            },
            None => {
                let gdpr = workload
                    .compliance
                    .iter()
                    .any(|c| c.value.eq_ignore_ascii_case("gdpr"));
                let eu = self.catalog.boundary("eu")?;
                gdpr.then(|| BoundaryInput {
                    name: "eu".to_string(),
                    description: eu.description.clone(),
                    regions: sorted(eu.regions.clone()),
                    pointer: "/workload/compliance".to_string(),
                    implied_by: Some("gdpr"),
                })
            }
        }
    }

    fn entry(
        &self,
        index: usize,
        entry: &ModelEntry,
        text: &str,
        workload: &WorkloadInput,
    ) -> EntryInput {
        let reference = Reference::parse(text, self.catalog);
        let regions = match &entry.regions {
            Some(own) => region_refs(own),
            None => workload.regions.clone(),
        };
        let features: Vec<FeatureRef> = entry
            .features
            .iter()
            .map(|f| FeatureRef {
                name: f.value.clone(),
                pointer: f.pointer.clone(),
            })
            .collect();
        self.build_entry(Parts {
            index,
            name: entry.name.clone(),
            pointer: format!("/models/{index}"),
            reference_pointer: entry.model.pointer.clone(),
            reference,
            call_regions: regions.clone(),
            regions,
            features,
            max_output_tokens: entry.max_output_tokens.as_ref().map(|m| ValueRef {
                value: m.value,
                pointer: m.pointer.clone(),
            }),
            location: None,
        })
    }

    /// The entry of a reference found in a source file. With no Region
    /// known, it is judged from every Region the catalog says it can be
    /// called from (so lifecycle rules still run), while `regions` stays
    /// empty (so no rule blames a Region the code never chose).
    pub fn source_entry(&self, source: SourceReference) -> EntryInput {
        let call_regions = if source.regions.is_empty() {
            self.callable_regions(&source.reference)
                .into_iter()
                .map(|region| RegionRef {
                    region,
                    pointer: source.pointer.clone(),
                })
                .collect()
        } else {
            source.regions.clone()
        };
        self.build_entry(Parts {
            index: source.index,
            name: None,
            reference_pointer: source.pointer.clone(),
            pointer: source.pointer,
            reference: source.reference,
            regions: source.regions,
            call_regions,
            features: Vec::new(),
            max_output_tokens: None,
            location: Some(source.location),
        })
    }

    /// The Regions `reference` is judged from when the code names none:
    /// where the catalog says it can be called (narrowed to the Regions it
    /// has lifecycle facts for, when there are such); for a bare model id
    /// offered nowhere in-Region, where its model is offered through a
    /// profile (so that `availability/requires-inference-profile` says so);
    /// for a model with no availability facts, the Regions its lifecycle
    /// facts name (every commercial Region for a `*` row).
    pub fn callable_regions(&self, reference: &Reference) -> Vec<String> {
        let Some(model) = reference
            .model_id
            .as_deref()
            .and_then(|id| self.catalog.model(id))
        else {
            return Vec::new();
        };
        let verdicts: Vec<(String, Availability)> = self
            .catalog
            .regions()
            .map(|r| (r.code.clone(), self.routing(&r.code, reference, model).0))
            .collect();
        let with = |wanted: Availability| -> Vec<String> {
            verdicts
                .iter()
                .filter(|(_, a)| *a == wanted)
                .map(|(r, _)| r.clone())
                .collect()
        };
        let available = with(Availability::Available);
        if !available.is_empty() {
            let with_facts: Vec<String> = available
                .iter()
                .filter(|r| model.lifecycle_in(r).is_some())
                .cloned()
                .collect();
            return if with_facts.is_empty() {
                available
            } else {
                with_facts
            };
        }
        if reference.scope == Scope::InRegion {
            let profile_only = with(Availability::RequiresProfile);
            if !profile_only.is_empty() {
                return profile_only;
            }
        }
        if model.regions.is_some() || reference.profile_id.is_some() {
            return Vec::new();
        }
        self.catalog
            .regions()
            .filter(|r| {
                model
                    .lifecycle
                    .iter()
                    .any(|row| row.regions.contains(&r.code))
                    || (r.commercial && model.lifecycle_in(&r.code).is_some())
            })
            .map(|r| r.code.clone())
            .collect()
    }

    fn build_entry(&self, parts: Parts) -> EntryInput {
        let Parts {
            index,
            name,
            pointer,
            reference_pointer,
            reference,
            regions,
            call_regions,
            features,
            max_output_tokens,
            location,
        } = parts;
        let model = reference
            .model_id
            .as_deref()
            .and_then(|id| self.catalog.model(id));
        let profile_known = reference
            .profile_id
            .as_deref()
            .is_none_or(|id| self.catalog.profile(id).is_some());
        let known = model.is_some() && profile_known;
        let suggestions = match (known, reference.kind, model) {
            (true, ..) | (_, ReferenceKind::Malformed, _) => Vec::new(),
            // A known model behind a profile the catalog does not have: the
            // model's real profiles are the likely meaning.
            (false, _, Some(model)) => {
                let mut ids: Vec<String> = self
                    .catalog
                    .profiles_for(&model.id)
                    .map(|p| p.id.clone())
                    .collect();
                ids.sort();
                ids.insert(0, model.id.clone());
                ids
            }
            (false, _, None) => {
                let unknown_id = reference
                    .profile_id
                    .as_deref()
                    .or(reference.model_id.as_deref());
                unknown_id
                    .map(|id| self.catalog.similar_ids(id))
                    .unwrap_or_default()
            }
        };
        let calls = call_regions
            .iter()
            .map(|region| self.call(region, &reference, model.filter(|_| known), &features))
            .collect();
        EntryInput {
            index,
            name,
            pointer,
            reference: ReferenceInput {
                pointer: reference_pointer,
                text: reference.text.clone(),
                kind: reference.kind,
                problem: reference.problem.clone(),
                model_id: reference.model_id.clone(),
                profile_id: reference.profile_id.clone(),
                prefix: reference.prefix.clone(),
                scope: reference.scope,
                arn_region: reference.arn_region.clone(),
                known,
                suggestions,
            },
            model: model.map(|m| ModelInput {
                id: m.id.clone(),
                name: m.name.clone(),
                provider: m.provider.clone(),
                max_output_tokens: m.limits.max_output_tokens.as_ref().map(|l| l.value),
                max_output_tokens_upper: m.limits.max_output_tokens.as_ref().and_then(|l| l.upper),
                context_window: m.limits.context_window.as_ref().map(|l| l.value),
            }),
            regions,
            features,
            max_output_tokens,
            calls,
            location,
        }
    }

    fn call(
        &self,
        region: &RegionRef,
        reference: &Reference,
        model: Option<&Model>,
        features: &[FeatureRef],
    ) -> CallInput {
        let (availability, destinations, global) = match model {
            Some(model) => self.routing(&region.region, reference, model),
            None => (Availability::Unknown, None, false),
        };
        let through_profile = reference.profile_id.is_some();
        CallInput {
            region: region.region.clone(),
            pointer: region.pointer.clone(),
            availability,
            destinations,
            global,
            lifecycle: model
                .map(|m| self.lifecycle(m, &region.region))
                .unwrap_or_else(LifecycleInput::unknown),
            features: features
                .iter()
                .map(|f| {
                    let support = model
                        .map(|m| feature_support(m, &f.name, &region.region, through_profile))
                        .unwrap_or(Support::Unknown);
                    (f.name.clone(), support)
                })
                .collect(),
        }
    }

    /// Whether the reference can be called from `region`, and where the
    /// request may then be processed.
    fn routing(
        &self,
        region: &str,
        reference: &Reference,
        model: &Model,
    ) -> (Availability, Option<Vec<String>>, bool) {
        // An ARN names the Region its resource lives in; the runtime
        // refuses it from a client in any other Region.
        if reference
            .arn_region
            .as_deref()
            .is_some_and(|arn| arn != region)
        {
            return (Availability::ArnRegionMismatch, None, false);
        }
        if let Some(profile_id) = &reference.profile_id {
            let Some(profile) = self.catalog.profile(profile_id) else {
                return (Availability::Unknown, None, false);
            };
            let global = self
                .catalog
                .prefix(&profile.prefix)
                .is_some_and(|p| p.scope == PrefixScope::Global);
            let Some(routing) = &profile.routing else {
                return (Availability::Unknown, None, global);
            };
            return match routing.get(region) {
                None => (Availability::ProfileNotFromRegion, None, global),
                Some(_) if global => (
                    Availability::Available,
                    Some(self.catalog.commercial_regions()),
                    true,
                ),
                Some(destinations) => (
                    Availability::Available,
                    Some(sorted(destinations.clone())),
                    false,
                ),
            };
        }
        if reference.scope == Scope::Global {
            // The Region-less foundation-model ARN is what the model's global
            // profile routes to (IAM policies for global inference name it):
            // judge it as that profile, global routing included.
            let global_profile = self.catalog.profiles_for(&model.id).find(|p| {
                self.catalog
                    .prefix(&p.prefix)
                    .is_some_and(|prefix| prefix.scope == PrefixScope::Global)
            });
            return match global_profile.map(|p| p.routing.as_ref()) {
                Some(Some(routing)) if routing.contains_key(region) => (
                    Availability::Available,
                    Some(self.catalog.commercial_regions()),
                    true,
                ),
                Some(Some(_)) => (Availability::ProfileNotFromRegion, None, true),
                Some(None) | None => (Availability::Unknown, None, true),
            };
        }
        let Some(regions) = &model.regions else {
            return (Availability::Unknown, None, false);
        };
        let listed = |list: &[String]| list.iter().any(|r| r == region);
        if listed(&regions.in_region) {
            (
                Availability::Available,
                Some(vec![region.to_string()]),
                false,
            )
        } else if listed(&regions.profile_only) {
            (Availability::RequiresProfile, None, false)
        } else if listed(&regions.mode_unknown) {
            (Availability::Unknown, Some(vec![region.to_string()]), false)
        } else {
            (Availability::NotOffered, None, false)
        }
    }

    fn lifecycle(&self, model: &Model, region: &str) -> LifecycleInput {
        let Some(row) = model.lifecycle_in(region) else {
            return LifecycleInput::unknown();
        };
        LifecycleInput {
            status: row.status_on(self.today),
            legacy_date: row.legacy,
            public_extended_access_date: row.public_extended_access,
            end_of_life_date: row.end_of_life,
            days_to_end_of_life: row.end_of_life.map(|eol| self.today.days_until(eol)),
            replacement: model.replacement.as_ref().map(|r| r.model.clone()),
            source: Some(row.source.clone()),
        }
    }
}

/// What [`Normalizer::build_entry`] assembles into an entry.
struct Parts {
    index: usize,
    name: Option<String>,
    pointer: String,
    reference_pointer: String,
    reference: Reference,
    /// The entry's `regions`.
    regions: Vec<RegionRef>,
    /// The Regions its `calls` are judged from (the same, for a manifest).
    call_regions: Vec<RegionRef>,
    features: Vec<FeatureRef>,
    max_output_tokens: Option<ValueRef>,
    location: Option<EntryLocation>,
}

impl LifecycleInput {
    fn unknown() -> Self {
        LifecycleInput {
            status: LifecycleStatus::Unknown,
            legacy_date: None,
            public_extended_access_date: None,
            end_of_life_date: None,
            days_to_end_of_life: None,
            replacement: None,
            source: None,
        }
    }
}

/// A feature fact applied to one call: a Region restriction, where the
/// source gives one, is read for the way the model is called.
fn feature_support(model: &Model, feature: &str, region: &str, through_profile: bool) -> Support {
    let Some(fact) = model.features.get(feature) else {
        return Support::Unknown;
    };
    if !fact.supported {
        return Support::Unsupported;
    }
    let restriction = if through_profile {
        &fact.profile_regions
    } else {
        &fact.regions
    };
    match (restriction, &fact.regions, &fact.profile_regions) {
        (Some(list), _, _) if list.iter().any(|r| r == region) => Support::Supported,
        (Some(_), _, _) => Support::Unsupported,
        // Restricted for the other way of calling only: this way is unknown.
        (None, Some(_), _) | (None, _, Some(_)) => Support::Unknown,
        (None, None, None) => Support::Supported,
    }
}

fn region_refs(regions: &[At<String>]) -> Vec<RegionRef> {
    regions
        .iter()
        .map(|r| RegionRef {
            region: r.value.clone(),
            pointer: r.pointer.clone(),
        })
        .collect()
}

fn sorted(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// What rules read as `data.catalog`: `regions`, Region names and classes
/// for messages.
pub fn catalog_data(catalog: &Catalog) -> serde_json::Value {
    let regions: serde_json::Map<String, serde_json::Value> = catalog
        .regions()
        .map(|r| {
            (
                r.code.clone(),
                serde_json::json!({
                    "name": r.name, "geography": r.geography,
                    "eu_member": r.eu_member, "commercial": r.commercial,
                }),
            )
        })
        .collect();
    serde_json::json!({ "regions": regions })
}
