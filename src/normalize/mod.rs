//! Manifest + catalog → the Rego input document (`policies/README.md`).
//!
//! Everything a rule needs is resolved here, per model entry and per source
//! Region: what the reference is, whether it can be called from that Region,
//! where requests may be processed, the lifecycle there, the declared
//! features. Rules then only compare fields; they never parse ids or search
//! the catalog.

mod document;
mod features;
mod lifecycle;
mod routing;

use std::collections::BTreeSet;

use crate::catalog::{Catalog, Model};
use crate::date::Date;
use crate::manifest::{At, Manifest, ModelEntry, Residency};
use crate::reference::{Reference, ReferenceKind, Scope};

pub use document::*;

pub const INPUT_SCHEMA: u32 = 1;

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
                // The first tag that implies a boundary (the catalog
                // defines which do).
                let (tag, boundary) = workload.compliance.iter().find_map(|c| {
                    let (name, tag) = self.catalog.compliance_tag(&c.value)?;
                    Some((name, tag.boundary.as_str()))
                })?;
                let implied = self.catalog.boundary(boundary)?;
                Some(BoundaryInput {
                    name: boundary.to_string(),
                    description: implied.description.clone(),
                    regions: sorted(implied.regions.clone()),
                    pointer: "/workload/compliance".to_string(),
                    implied_by: Some(tag.to_string()),
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
            .map(|r| {
                let route = routing::route(self.catalog, &r.code, reference, model);
                (r.code.clone(), route.availability)
            })
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
        let (suggestions, typo_of) = self.suggestions(&reference, known, model);
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
                resource_pattern: reference.resource_pattern,
                known,
                suggestions,
                typo_of,
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

    /// For a reference the catalog does not know: the ids it likely means,
    /// and the one it is a typo of, if it is one (see
    /// [`Catalog::typo_of`]; otherwise it may be newer than the catalog).
    fn suggestions(
        &self,
        reference: &Reference,
        known: bool,
        model: Option<&Model>,
    ) -> (Vec<String>, Option<String>) {
        match (known, reference.kind, model) {
            (true, ..) | (_, ReferenceKind::Malformed, _) => (Vec::new(), None),
            // A known model behind a profile the catalog does not have: the
            // model's real profiles are what was meant.
            (false, _, Some(model)) => {
                let mut ids: Vec<String> = self
                    .catalog
                    .profiles_for(&model.id)
                    .map(|p| p.id.clone())
                    .collect();
                ids.sort();
                ids.insert(0, model.id.clone());
                let typo = ids.first().cloned();
                (ids, typo)
            }
            (false, _, None) => {
                let unknown_id = reference
                    .profile_id
                    .as_deref()
                    .or(reference.model_id.as_deref());
                let Some(id) = unknown_id else {
                    return (Vec::new(), None);
                };
                (self.catalog.similar_ids(id), self.catalog.typo_of(id))
            }
        }
    }

    fn call(
        &self,
        region: &RegionRef,
        reference: &Reference,
        model: Option<&Model>,
        features: &[FeatureRef],
    ) -> CallInput {
        let route =
            model.map(|model| routing::route(self.catalog, &region.region, reference, model));
        let through_profile = reference.profile_id.is_some();
        CallInput {
            region: region.region.clone(),
            pointer: region.pointer.clone(),
            availability: route
                .as_ref()
                .map_or(Availability::Unknown, |r| r.availability),
            destinations: route.as_ref().and_then(|r| r.destinations.clone()),
            global: route.as_ref().is_some_and(|r| r.global),
            dispute: route.and_then(|r| r.dispute),
            lifecycle: model
                .map(|m| lifecycle::lifecycle(m, &region.region, self.today))
                .unwrap_or_else(LifecycleInput::unknown),
            features: features
                .iter()
                .map(|f| {
                    let support = model
                        .map(|m| {
                            features::feature_support(m, &f.name, &region.region, through_profile)
                        })
                        .unwrap_or(Support::Unknown);
                    (f.name.clone(), support)
                })
                .collect(),
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
