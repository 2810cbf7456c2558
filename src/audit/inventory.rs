//! `--inventory`: which models the tree uses, how often and where; for
//! people (by model, by written form, by place) or as JSON (each model with
//! its lifecycle as of `--today` and its references).
//!
//! The inventory judges nothing: it runs no rule, so it states no finding
//! counts (a count of zero errors would read as "clean" on a tree full of
//! them); `audit` without `--inventory` judges. A model's lifecycle is the
//! catalog's fact for the Regions it is referenced from, not a finding.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::Serialize;

use super::context::Contexts;
use super::AuditFile;
use crate::catalog::{Catalog, LifecycleStatus, Model};
use crate::date::Date;
use crate::error::{Result, RunError};
use crate::reference::{Reference, ReferenceKind};
use crate::report::{JsonError, ReferenceRow};
use crate::sanitize;
use crate::text::plural;

/// What a group of references stands for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
enum Group {
    /// A catalog model (by id).
    Model,
    /// A model id the catalog does not hold.
    NotInCatalog,
    /// Application inference profiles: the ARN does not say which model.
    ApplicationProfile,
    /// Text shaped like a reference that is not a valid one.
    Malformed,
}

/// One model (or what stands for it) and every place it is referenced.
struct Entry<'c> {
    group: Group,
    id: Option<String>,
    model: Option<&'c Model>,
    /// The Regions its references are called from.
    regions: BTreeSet<String>,
    /// Some reference is called from no known Region (no workload Region,
    /// no Region in its ARN): it may be called wherever the model is offered.
    unplaced: bool,
    places: Vec<ReferenceRow>,
}

impl Entry<'_> {
    /// The line people read: `id (name)`.
    fn title(&self) -> String {
        match (&self.group, &self.id, self.model) {
            (Group::Malformed, ..) => "(malformed references)".to_string(),
            (Group::ApplicationProfile, ..) => {
                "(application inference profiles: model not known from the ARN)".to_string()
            }
            (_, Some(id), Some(model)) => format!("{id} ({})", model.name),
            (_, Some(id), None) => format!("{id} (not in the catalog)"),
            (_, None, _) => String::new(),
        }
    }
}

/// The inventory of `files`: most referenced first.
pub struct Inventory<'c> {
    entries: Vec<Entry<'c>>,
}

impl<'c> Inventory<'c> {
    /// Groups the references of `files` by model; `contexts` says which
    /// Regions each file's code calls from.
    pub fn collect(
        files: &[AuditFile],
        catalog: &'c Catalog,
        contexts: &mut Contexts,
    ) -> Result<Self> {
        let mut by_key: BTreeMap<(Group, Option<String>), Entry<'c>> = BTreeMap::new();
        for file in files {
            let context = contexts.for_file(file.source.path())?;
            let workload_regions: Vec<String> = contexts
                .list
                .get(context)
                .map(|c| {
                    c.workload
                        .workload
                        .regions
                        .iter()
                        .map(|r| r.value.clone())
                        .collect()
                })
                .unwrap_or_default();
            for found in &file.scanned.references {
                let reference = Reference::parse(&found.normalized, catalog);
                let (group, id) = match (&reference.model_id, reference.kind) {
                    (_, ReferenceKind::Malformed) => (Group::Malformed, None),
                    (_, ReferenceKind::ApplicationProfileArn) => (Group::ApplicationProfile, None),
                    (Some(id), _) if catalog.model(id).is_some() => {
                        (Group::Model, Some(id.clone()))
                    }
                    (Some(id), _) => (Group::NotInCatalog, Some(id.clone())),
                    (None, _) => (Group::NotInCatalog, Some(found.normalized.clone())),
                };
                let model = id.as_deref().and_then(|id| catalog.model(id));
                let entry = by_key.entry((group.clone(), id.clone())).or_insert(Entry {
                    group,
                    id,
                    model,
                    regions: BTreeSet::new(),
                    unplaced: false,
                    places: Vec::new(),
                });
                // The workload's Regions; with none known, the Region an ARN
                // names (a call can only be made there).
                let arn_region = found
                    .arn_region
                    .as_ref()
                    .filter(|r| catalog.region(r).is_some());
                match arn_region {
                    _ if !workload_regions.is_empty() => {
                        entry.regions.extend(workload_regions.iter().cloned())
                    }
                    Some(region) => {
                        entry.regions.insert(region.clone());
                    }
                    None => entry.unplaced = true,
                }
                entry.places.push(super::reference_row(file, found));
            }
        }
        let mut entries: Vec<Entry<'c>> = by_key.into_values().collect();
        entries.sort_by(|a, b| {
            b.places
                .len()
                .cmp(&a.places.len())
                .then_with(|| a.title().cmp(&b.title()))
        });
        Ok(Self { entries })
    }

    /// How many models (and groups standing for one) there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// For people: each model with its written forms and their places.
    pub fn render_human(&self, out: &mut dyn Write) -> Result<()> {
        for entry in &self.entries {
            let title = sanitize::line(&entry.title()).into_owned();
            writeln!(out, "{title}: {}", plural(entry.places.len(), "reference"))?;
            let mut forms: BTreeMap<&str, Vec<&ReferenceRow>> = BTreeMap::new();
            for place in &entry.places {
                forms.entry(place.text.as_str()).or_default().push(place);
            }
            for (form, places) in forms {
                writeln!(out, "  {} ×{}", sanitize::line(form), places.len())?;
                for p in places {
                    let at = format!("{}:{}:{}", p.file, p.line, p.column);
                    writeln!(out, "    {}", sanitize::line(&at))?;
                }
            }
        }
        Ok(())
    }

    /// The JSON document (schema 1, documented in the README).
    pub fn to_json(
        &self,
        catalog: &Catalog,
        today: Date,
        summary: serde_json::Value,
        errors: &[RunError],
    ) -> serde_json::Value {
        let models: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|entry| {
                serde_json::json!({
                    "group": entry.group,
                    "id": entry.id,
                    "name": entry.model.map(|m| &m.name),
                    "provider": entry.model.map(|m| &m.provider),
                    "lifecycle": entry.model.map(|m| lifecycle(m, today, entry)),
                    "references": entry.places,
                })
            })
            .collect();
        serde_json::json!({
            "schema": crate::report::JSON_SCHEMA,
            "tool": {
                "name": "modelgate",
                "version": env!("CARGO_PKG_VERSION"),
                "catalog_as_of": catalog.as_of().to_string(),
            },
            "today": today.to_string(),
            "models": models,
            "errors": errors.iter().map(JsonError::from).collect::<Vec<_>>(),
            "summary": summary,
        })
    }
}

/// A model's lifecycle on `today` in each Region it is called from (for a
/// reference called from no known Region: each Region the catalog offers it
/// in or dates it for), and the worst of them: `end_of_life` over `legacy`
/// over `active`; `unknown` only when no Region's status is known.
fn lifecycle(model: &Model, today: Date, entry: &Entry) -> serde_json::Value {
    let mut regions: BTreeMap<String, LifecycleStatus> = if entry.unplaced {
        model.lifecycle_by_region(today)
    } else {
        BTreeMap::new()
    };
    for region in &entry.regions {
        let status = model
            .lifecycle_in(region)
            .map_or(LifecycleStatus::Unknown, |row| row.status_on(today));
        regions.insert(region.clone(), status);
    }
    let rank = |s: &LifecycleStatus| match s {
        LifecycleStatus::EndOfLife => 3,
        LifecycleStatus::Legacy => 2,
        LifecycleStatus::Active => 1,
        LifecycleStatus::Unknown => 0,
    };
    let status = regions
        .values()
        .max_by_key(|s| rank(s))
        .copied()
        .unwrap_or(LifecycleStatus::Unknown);
    serde_json::json!({
        "status": status,
        "regions": regions,
    })
}
