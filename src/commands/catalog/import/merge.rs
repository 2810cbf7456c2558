//! Merging the listings into the base catalog: what the API says wins for
//! the Regions imported; everything else is kept from the base and says so
//! in `notes`.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::schema::*;
use crate::catalog::Catalog;
use crate::commands::catalog::browse::Mode;
use crate::date::Date;
use crate::source::SourceFile;
use crate::text::plural;

use super::read::{ApiLifecycle, ApiModel, ApiProfile, InputFile};
use super::{Summary, LIST_MODELS, LIST_PROFILES};

/// The files of the catalog to write.
pub(super) struct Merged {
    pub(super) meta: CatalogMeta,
    pub(super) regions: RegionsFile,
    pub(super) prefixes: PrefixesFile,
    pub(super) features: FeaturesFile,
    pub(super) models: BTreeMap<String, Model>,
    pub(super) profiles: BTreeMap<String, Profile>,
}

fn describe(call: &str, region: &str, files: &[&SourceFile]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display_path()).collect();
    format!(
        "{call} ({region}), file{} {}",
        if names.len() == 1 { "" } else { "s" },
        names.join(", ")
    )
}

/// "call (r1), file a; call (r2), file b" for the Regions in `regions`.
fn describe_regions(
    call: &str,
    regions: &BTreeSet<&str>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
) -> String {
    regions
        .iter()
        .map(|r| {
            describe(
                call,
                r,
                files.get(*r).map(Vec::as_slice).unwrap_or_default(),
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the imported files list, per Region.
#[derive(Default)]
struct Listings<'i> {
    model_files: BTreeMap<String, Vec<&'i SourceFile>>,
    profile_files: BTreeMap<String, Vec<&'i SourceFile>>,
    models: BTreeMap<String, BTreeMap<String, &'i ApiModel>>,
    profiles: BTreeMap<String, BTreeMap<String, &'i ApiProfile>>,
    /// Regions with a complete listing (not one page of it): what such a
    /// listing omits is not offered there.
    complete_models: BTreeSet<String>,
    complete_profiles: BTreeSet<String>,
}

impl<'i> Listings<'i> {
    /// Indexes the files by Region and call; says in the summary what each
    /// file held and which Regions were listed only in part.
    fn collect(inputs: &'i [InputFile], summary: &mut Summary) -> Self {
        let mut listings = Self::default();
        let mut partial_models: BTreeSet<String> = BTreeSet::new();
        let mut partial_profiles: BTreeSet<String> = BTreeSet::new();
        for input in inputs {
            let region = &input.region;
            if input.has_models_key {
                listings.add_models(input);
                if input.partial {
                    partial_models.insert(region.clone());
                } else {
                    listings.complete_models.insert(region.clone());
                }
            }
            if input.has_profiles_key {
                let system = listings.add_profiles(input, summary);
                if input.partial {
                    partial_profiles.insert(region.clone());
                } else if system > 0 {
                    listings.complete_profiles.insert(region.clone());
                } else {
                    summary.warnings.push(format!(
                        "{}: no system-defined profile in it, so it is not read as the complete list of {region} (was it listed with --type-equals APPLICATION?)",
                        input.file.display_path()
                    ));
                }
            }
            summary.lines.push(format!(
                "{}: {region}, {}",
                input.file.display_path(),
                match (input.has_models_key, input.has_profiles_key) {
                    (true, true) => format!(
                        "{} models, {} profiles",
                        input.models.len(),
                        input.profiles.len()
                    ),
                    (true, false) => plural(input.models.len(), "model"),
                    _ => plural(input.profiles.len(), "profile"),
                }
            ));
        }
        // A complete listing from another file of the same Region wins over a
        // page: the Region is complete if any of its files is.
        for region in partial_models.difference(&listings.complete_models) {
            summary.warnings.push(format!(
                "the model listing of {region} carries a `nextToken` (one page only): models absent from it keep their {region} facts"
            ));
        }
        for region in partial_profiles.difference(&listings.complete_profiles) {
            summary.warnings.push(format!(
                "the profile listing of {region} carries a `nextToken` (one page only): profiles absent from it keep their {region} routing"
            ));
        }
        listings
    }

    fn add_models(&mut self, input: &'i InputFile) {
        let region = &input.region;
        self.model_files
            .entry(region.clone())
            .or_default()
            .push(&input.file);
        let map = self.models.entry(region.clone()).or_default();
        for m in &input.models {
            map.insert(m.id.clone(), m);
        }
    }

    /// Adds the system-defined profiles of `input`; returns how many.
    fn add_profiles(&mut self, input: &'i InputFile, summary: &mut Summary) -> usize {
        let region = &input.region;
        self.profile_files
            .entry(region.clone())
            .or_default()
            .push(&input.file);
        let map = self.profiles.entry(region.clone()).or_default();
        let mut system = 0;
        for p in input.profiles.iter().filter(|p| p.system_defined) {
            system += 1;
            map.insert(p.id.clone(), p);
        }
        let skipped = input.profiles.len() - system;
        if skipped > 0 {
            summary.lines.push(format!(
                "{}: {} skipped (account-specific; not catalog facts)",
                input.file.display_path(),
                plural(skipped, "application inference profile")
            ));
        }
        system
    }

    /// How `id` is offered in each imported Region: `Some(mode)` offered
    /// that way, `None` not offered on demand (or absent from a complete
    /// listing); a Region that taught nothing is left out. Also the API's
    /// lifecycle and feature facts, and the first listing of the model.
    fn model_facts(&self, id: &str) -> ModelFacts<'_, 'i> {
        let mut facts = ModelFacts::default();
        for (region, map) in &self.models {
            match map.get(id) {
                Some(m) => {
                    facts.first = facts.first.or(Some(m));
                    facts.placement.insert(region, placement_of(m));
                    if let Some(lc) = m.lifecycle {
                        facts.lifecycle.insert(region, lc);
                    }
                    for &(feature, api_field, value) in &m.features {
                        facts
                            .features
                            .entry(feature)
                            .or_insert_with(|| (api_field, BTreeMap::new()))
                            .1
                            .insert(region, value);
                    }
                }
                None if self.complete_models.contains(region) => {
                    facts.placement.insert(region, None);
                }
                None => {}
            }
        }
        facts
    }

    /// Per imported source Region: the listing of profile `id`, or `None`
    /// where a complete listing omits it.
    fn routes(&self, id: &str) -> BTreeMap<&str, Option<&'i ApiProfile>> {
        let mut routes = BTreeMap::new();
        for (region, map) in &self.profiles {
            match map.get(id) {
                Some(p) => {
                    routes.insert(region.as_str(), Some(*p));
                }
                None if self.complete_profiles.contains(region) => {
                    routes.insert(region.as_str(), None);
                }
                None => {}
            }
        }
        routes
    }
}

#[derive(Default)]
struct ModelFacts<'l, 'i> {
    placement: BTreeMap<&'l str, Option<Mode>>,
    lifecycle: BTreeMap<&'l str, ApiLifecycle>,
    /// feature → (API field, value per Region).
    features: BTreeMap<&'static str, (&'static str, BTreeMap<&'l str, bool>)>,
    first: Option<&'i ApiModel>,
}

/// How a listing says a model is offered: `inferenceTypesSupported` holds
/// ON_DEMAND (in-Region), INFERENCE_PROFILE only (profile-only), neither
/// (provisioned throughput only: `None`), or is missing (mode unknown).
fn placement_of(m: &ApiModel) -> Option<Mode> {
    match &m.inference_types {
        None => Some(Mode::ModeUnknown),
        Some(types) if types.iter().any(|t| t == "ON_DEMAND") => Some(Mode::InRegion),
        Some(types) if types.iter().any(|t| t == "INFERENCE_PROFILE") => Some(Mode::ProfileOnly),
        Some(_) => None,
    }
}

pub(super) fn merge(
    base: &Catalog,
    inputs: &[InputFile],
    today: Date,
    summary: &mut Summary,
) -> Merged {
    let listings = Listings::collect(inputs, summary);
    let mut models: BTreeMap<String, Model> =
        base.models().map(|m| (m.id.clone(), m.clone())).collect();
    let new_models = merge_models(&listings, &mut models, today, summary);
    let mut profiles: BTreeMap<String, Profile> =
        base.profiles().map(|p| (p.id.clone(), p.clone())).collect();
    let new_profiles = merge_profiles(base, &listings, &models, &mut profiles, today, summary);
    summary.lines.push(format!(
        "merged with the {} catalog (as of {}): {}, {}",
        base.origin,
        base.as_of(),
        plural(new_models, "new model"),
        plural(new_profiles, "new profile"),
    ));
    Merged {
        meta: CatalogMeta {
            schema: base.meta.schema,
            as_of: today,
            sources: import_sources(base, inputs, today),
        },
        regions: RegionsFile {
            regions: base.regions().cloned().collect(),
            boundaries: base.boundaries().clone(),
            compliance: base.compliance_tags().clone(),
        },
        prefixes: PrefixesFile {
            prefixes: base.prefixes().clone(),
        },
        features: FeaturesFile {
            features: base.features().clone(),
        },
        models,
        profiles,
    }
}

/// Regions, lifecycle and API-stated features of every model, and the models only the
/// listings know; returns how many of those were added.
fn merge_models(
    listings: &Listings<'_>,
    models: &mut BTreeMap<String, Model>,
    today: Date,
    summary: &mut Summary,
) -> usize {
    let mut provisioned_only = 0usize;
    let mut new_models = 0usize;
    let all_ids: BTreeSet<String> = models
        .keys()
        .cloned()
        .chain(listings.models.values().flat_map(|m| m.keys().cloned()))
        .collect();
    for id in &all_ids {
        let facts = listings.model_facts(id);
        let is_new = !models.contains_key(id);
        if is_new {
            let Some(api) = facts.first else { continue };
            if facts.placement.values().all(Option::is_none) {
                // Provisioned-throughput variants (`…:0:200k`) and models with
                // no on-demand use: nothing a manifest can call by this id.
                provisioned_only += 1;
                continue;
            }
            new_models += 1;
            let regions: BTreeSet<&str> = facts.placement.keys().copied().collect();
            models.insert(id.clone(), new_model(id, api, &regions, listings));
        }
        let Some(model) = models.get_mut(id) else {
            continue;
        };
        let files = &listings.model_files;
        apply_regions(model, &facts.placement, files, today, is_new);
        apply_lifecycle(model, &facts.lifecycle, files, today, summary);
        for (feature, (api_field, values)) in &facts.features {
            apply_api_feature(model, feature, api_field, values, files);
        }
    }
    if provisioned_only > 0 {
        summary.lines.push(format!(
            "{} with no on-demand or profile use (provisioned-throughput variants such as `…:0:200k`) skipped",
            plural(provisioned_only, "model id")
        ));
    }
    new_models
}

/// A model the base catalog lacks, as the listings of `regions` describe it
/// (its Regions, lifecycle and features are applied after).
fn new_model(id: &str, api: &ApiModel, regions: &BTreeSet<&str>, listings: &Listings<'_>) -> Model {
    let (provider, mut notes) = match &api.provider {
        Some(p) => (p.clone(), Vec::new()),
        None => (
            id.split('.').next().unwrap_or(id).to_string(),
            vec![
                "the API gave no providerName: the provider is the first part of the id"
                    .to_string(),
            ],
        ),
    };
    notes.push(format!(
        "imported: not in the base catalog; only what {} lists is known",
        describe_regions(LIST_MODELS, regions, &listings.model_files)
    ));
    Model {
        id: id.to_string(),
        provider,
        name: api.name.clone().unwrap_or_else(|| id.to_string()),
        family: None,
        generation: None,
        regions: None,
        lifecycle: Vec::new(),
        replacement: None,
        features: BTreeMap::new(),
        limits: Limits::default(),
        notes,
    }
}

/// The routing of every profile, and the system profiles only the listings
/// know (when the base catalog knows their prefix and model); returns how
/// many of those were added.
fn merge_profiles(
    base: &Catalog,
    listings: &Listings<'_>,
    models: &BTreeMap<String, Model>,
    profiles: &mut BTreeMap<String, Profile>,
    today: Date,
    summary: &mut Summary,
) -> usize {
    let mut new_profiles = 0usize;
    let all_profiles: BTreeSet<String> = profiles
        .keys()
        .cloned()
        .chain(listings.profiles.values().flat_map(|m| m.keys().cloned()))
        .collect();
    for id in &all_profiles {
        let routes = listings.routes(id);
        if !profiles.contains_key(id) {
            let Some(api) = routes.values().flatten().next().copied() else {
                continue;
            };
            let Some(profile) = new_profile(base, id, api, &routes, models, summary) else {
                continue;
            };
            new_profiles += 1;
            profiles.insert(id.clone(), profile);
        }
        let Some(profile) = profiles.get_mut(id) else {
            continue;
        };
        apply_routing(
            base,
            profile,
            &routes,
            &listings.profile_files,
            today,
            summary,
        );
    }
    new_profiles
}

/// A profile the base catalog lacks, or `None` (with a warning) when its
/// prefix or its model is unknown.
fn new_profile(
    base: &Catalog,
    id: &str,
    api: &ApiProfile,
    routes: &BTreeMap<&str, Option<&ApiProfile>>,
    models: &BTreeMap<String, Model>,
    summary: &mut Summary,
) -> Option<Profile> {
    let prefix = id.split_once('.').map(|(p, _)| p).unwrap_or_default();
    if base.prefix(prefix).is_none() {
        summary.warnings.push(format!(
            "profile `{id}` skipped: its prefix `{prefix}` is not in the base catalog's prefixes.json (add it, with its scope, and import again with --catalog)"
        ));
        return None;
    }
    if !models.contains_key(&api.model) {
        summary.warnings.push(format!(
            "profile `{id}` skipped: its model `{}` is in no imported model listing and not in the base catalog (import `{LIST_MODELS}` for a Region that lists it)",
            api.model
        ));
        return None;
    }
    let sources: Vec<&str> = routes
        .iter()
        .filter(|(_, p)| p.is_some())
        .map(|(r, _)| *r)
        .collect();
    Some(Profile {
        id: id.to_string(),
        prefix: prefix.to_string(),
        model: api.model.clone(),
        routing: Some(BTreeMap::new()),
        source: String::new(),
        as_of: None,
        notes: vec![format!(
            "imported: not in the base catalog; only the source Regions imported ({}) are known",
            sources.join(", ")
        )],
        disputes: Vec::new(),
    })
}

/// The base catalog's sources plus one per imported file, labelled
/// `import-REGION-CALL` (numbered when a Region has several files).
fn import_sources(
    base: &Catalog,
    inputs: &[InputFile],
    today: Date,
) -> BTreeMap<String, SourceRef> {
    let mut sources = base.meta.sources.clone();
    for input in inputs {
        let call = if input.has_models_key {
            "list-foundation-models"
        } else {
            "list-inference-profiles"
        };
        let stem = format!("import-{}-{call}", input.region);
        let mut label = stem.clone();
        let mut n = 2;
        while sources.contains_key(&label) {
            label = format!("{stem}-{n}");
            n += 1;
        }
        sources.insert(
            label,
            SourceRef {
                url: format!("file:{}", input.file.display_path()),
                date: Some(today.to_string()),
            },
        );
    }
    sources
}

fn remove_region(list: &mut Vec<String>, region: &str) {
    list.retain(|r| r != region);
}

fn apply_regions(
    model: &mut Model,
    placement: &BTreeMap<&str, Option<Mode>>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
    today: Date,
    is_new: bool,
) {
    if placement.is_empty() || (model.regions.is_none() && placement.values().all(Option::is_none))
    {
        return;
    }
    let imported: BTreeSet<&str> = placement.keys().copied().collect();
    let source = describe_regions(LIST_MODELS, &imported, files);
    let regions = model.regions.get_or_insert_with(|| ModelRegions {
        source: String::new(),
        notes: if is_new {
            Vec::new()
        } else {
            vec!["the base catalog knew none of this model's Regions: only the imported Regions are known".to_string()]
        },
        ..ModelRegions::default()
    });
    let before: BTreeSet<String> = regions
        .in_region
        .iter()
        .chain(&regions.profile_only)
        .chain(&regions.mode_unknown)
        .cloned()
        .collect();
    let listed_somewhere = placement.values().any(Option::is_some);
    let lost_some = placement.keys().any(|r| before.contains(*r));
    if !listed_somewhere && !lost_some {
        // Absent from every imported listing, and not offered there before
        // either: the import says nothing new about this model.
        return;
    }
    let kept: Vec<&str> = before
        .iter()
        .map(String::as_str)
        .filter(|r| !imported.contains(r))
        .collect();
    if !kept.is_empty() && !regions.source.is_empty() {
        let note = kept_note(
            "Regions not imported",
            &kept,
            &regions.source,
            regions.as_of.as_deref(),
        );
        regions.notes.push(note);
    }
    place(regions, placement);
    let not_on_demand: Vec<&str> = placement
        .iter()
        .filter(|(r, m)| m.is_none() && before.contains(**r))
        .map(|(r, _)| *r)
        .collect();
    if !not_on_demand.is_empty() {
        regions.notes.push(format!(
            "not listed for on-demand or profile use in {} by the import",
            not_on_demand.join(", ")
        ));
    }
    regions.source = source;
    regions.as_of = Some(today.to_string());
}

/// "WHAT (a, b) kept from SOURCE (as of DATE)": the note on facts the import
/// did not replace.
fn kept_note(what: &str, kept: &[&str], source: &str, as_of: Option<&str>) -> String {
    format!(
        "{what} ({}) kept from {source}{}",
        kept.join(", "),
        as_of.map(|d| format!(" (as of {d})")).unwrap_or_default()
    )
}

/// Moves each imported Region to the mode the listing gives it (out of
/// every mode when it is not offered there), keeping each list sorted.
fn place(regions: &mut ModelRegions, placement: &BTreeMap<&str, Option<Mode>>) {
    for (region, mode) in placement {
        remove_region(&mut regions.in_region, region);
        remove_region(&mut regions.profile_only, region);
        remove_region(&mut regions.mode_unknown, region);
        match mode {
            Some(Mode::InRegion) => regions.in_region.push(region.to_string()),
            Some(Mode::ProfileOnly) => regions.profile_only.push(region.to_string()),
            Some(Mode::ModeUnknown) => regions.mode_unknown.push(region.to_string()),
            None => {}
        }
    }
    for list in [
        &mut regions.in_region,
        &mut regions.profile_only,
        &mut regions.mode_unknown,
    ] {
        list.sort();
    }
}

fn apply_lifecycle(
    model: &mut Model,
    api_rows: &BTreeMap<&str, ApiLifecycle>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
    today: Date,
    summary: &mut Summary,
) {
    if api_rows.is_empty() {
        return;
    }
    // Per Region: the row to write, and the base row its dates came from.
    let mut groups: BTreeMap<(ApiLifecycle, Option<String>), BTreeSet<&str>> = BTreeMap::new();
    for (region, api) in api_rows {
        let base_row = model.lifecycle_in(region);
        let (row, borrowed) = reconcile(&model.id, region, *api, base_row, today, summary);
        groups.entry((row, borrowed)).or_default().insert(region);
    }
    for row in &mut model.lifecycle {
        row.regions.retain(|r| !api_rows.contains_key(r.as_str()));
    }
    model.lifecycle.retain(|row| !row.regions.is_empty());
    for ((api, note), regions) in groups {
        model.lifecycle.push(LifecycleRow {
            regions: regions.iter().map(|r| r.to_string()).collect(),
            status: api.status,
            legacy: api.legacy,
            public_extended_access: api.public_extended_access,
            end_of_life: api.end_of_life,
            source: describe_regions(LIST_MODELS, &regions, files),
            as_of: Some(today.to_string()),
            notes: note.into_iter().collect(),
            disputes: Vec::new(),
        });
    }
}

/// The lifecycle to write for `region`: the API's, with the base row's dates
/// where the API states none and they do not contradict it; and the note
/// that says where the dates came from or what was overruled.
fn reconcile(
    id: &str,
    region: &str,
    api: ApiLifecycle,
    base_row: Option<&LifecycleRow>,
    today: Date,
    summary: &mut Summary,
) -> (ApiLifecycle, Option<String>) {
    let mut row = api;
    let mut borrowed = None;
    let api_dated =
        api.legacy.is_some() || api.public_extended_access.is_some() || api.end_of_life.is_some();
    if let Some(base_row) = base_row.filter(|_| !api_dated) {
        let base_dated = base_row.legacy.is_some()
            || base_row.public_extended_access.is_some()
            || base_row.end_of_life.is_some();
        // The API states no dates: keep the base's dates unless they
        // contradict the status the API reports today.
        let contradicts = api.status == Some(StatedStatus::Active)
            && base_row.status_on(today) != LifecycleStatus::Active;
        if base_dated && !contradicts {
            row.legacy = base_row.legacy;
            row.public_extended_access = base_row.public_extended_access;
            row.end_of_life = base_row.end_of_life;
            borrowed = Some(format!("dates from {}", base_row.source));
        } else if base_dated {
            summary.warnings.push(format!(
                "`{id}` in {region}: the API says ACTIVE, the base catalog dates it legacy or past end of life ({}): the API is kept",
                base_row.source
            ));
            borrowed = Some(format!(
                "conflict: the base catalog dated this Region {} ({}); the API said ACTIVE on {today}: the API is kept",
                describe_dates(base_row),
                base_row.source
            ));
        }
    } else if let Some(base_row) = base_row {
        if (base_row.legacy, base_row.end_of_life) != (api.legacy, api.end_of_life)
            && (base_row.legacy.is_some() || base_row.end_of_life.is_some())
        {
            borrowed = Some(format!(
                "the base catalog said {} ({}); the API's dates are kept",
                describe_dates(base_row),
                base_row.source
            ));
        }
    }
    (row, borrowed)
}

fn describe_dates(row: &LifecycleRow) -> String {
    row.dates().unwrap_or_else(|| "no dates".to_string())
}

/// A feature the listings state: taken when every imported Region says the
/// same (the API wins over the base catalog, and the conflict is noted);
/// left as it was, with a note, when Regions differ, since a per-Region
/// restriction would also speak for the Regions not imported.
fn apply_api_feature(
    model: &mut Model,
    feature: &str,
    api_field: &str,
    values: &BTreeMap<&str, bool>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
) {
    let distinct: BTreeSet<bool> = values.values().copied().collect();
    let regions: BTreeSet<&str> = values.keys().copied().collect();
    let source = describe_regions(LIST_MODELS, &regions, files);
    let said = |supported: bool| {
        if supported {
            "supported"
        } else {
            "not supported"
        }
    };
    let value = match (distinct.len(), distinct.first()) {
        (1, Some(&value)) => value,
        (2, _) => {
            model.notes.push(format!(
                "the import's {api_field} differs between Regions ({}): {feature} left as it was",
                values
                    .iter()
                    .map(|(r, v)| format!("{r}: {}", said(*v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return;
        }
        _ => return,
    };
    let note = match model.features.get(feature) {
        None => api_field.to_string(),
        Some(old) if old.supported != value => format!(
            "{api_field}; conflict: the base catalog said {} ({}): the API is kept",
            said(old.supported),
            old.source
        ),
        Some(_) => return,
    };
    model.features.insert(
        feature.to_string(),
        FeatureFact {
            supported: value,
            regions: None,
            profile_regions: None,
            source,
            notes: vec![note],
        },
    );
}

fn apply_routing(
    base: &Catalog,
    profile: &mut Profile,
    routes: &BTreeMap<&str, Option<&ApiProfile>>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
    today: Date,
    summary: &mut Summary,
) {
    let touched: BTreeSet<&str> = routes
        .iter()
        .filter(|(region, api)| {
            api.is_some()
                || profile
                    .routing
                    .as_ref()
                    .is_some_and(|r| r.contains_key(**region))
        })
        .map(|(r, _)| *r)
        .collect();
    if touched.is_empty() {
        return;
    }
    let routing = profile.routing.get_or_insert_with(|| {
        profile
            .notes
            .push("the base catalog did not know this profile's routing: only the imported source Regions are known".to_string());
        BTreeMap::new()
    });
    let kept: Vec<&str> = routing
        .keys()
        .map(String::as_str)
        .filter(|r| !touched.contains(r))
        .collect();
    if !kept.is_empty() && !profile.source.is_empty() {
        let note = kept_note(
            "routing from source Regions not imported",
            &kept,
            &profile.source,
            profile.as_of.as_deref(),
        );
        profile.notes.push(note);
    }
    for region in &touched {
        match routes.get(region).copied().flatten() {
            Some(api) => {
                if api.model != profile.model {
                    summary.warnings.push(format!(
                        "profile `{}`: the API names the model `{}` where the base catalog had `{}`: the API is kept",
                        profile.id, api.model, profile.model
                    ));
                    profile.model = api.model.clone();
                }
                routing.insert(
                    region.to_string(),
                    api.destinations.iter().cloned().collect(),
                );
                let notes = listing_notes(base, &profile.prefix, region, api);
                profile.notes.extend(notes);
            }
            None => {
                routing.remove(*region);
                profile.notes.push(format!(
                    "not listed by {LIST_PROFILES} in {region}: it cannot be called from there (as of {today})"
                ));
            }
        }
    }
    profile.source = describe_regions(LIST_PROFILES, &touched, files);
    profile.as_of = Some(today.to_string());
}

/// What a profile's listing from `region` says that its destinations alone
/// do not: a global ARN under a prefix that is not global, a description
/// naming other Regions than `models[]`.
fn listing_notes(base: &Catalog, prefix: &str, region: &str, api: &ApiProfile) -> Vec<String> {
    let mut notes = Vec::new();
    let global_scope = base
        .prefix(prefix)
        .is_some_and(|p| p.scope == PrefixScope::Global);
    if api.global_arn && !global_scope {
        notes.push(format!(
            "from {region}, models[] holds a Region-less (global) foundation-model ARN, but the prefix `{prefix}` is not global"
        ));
    }
    if let Some(described) = described_regions(base, api.description.as_deref()) {
        if !api.global_arn && described != api.destinations {
            notes.push(format!(
                "from {region}, the description names {} but models[] lists {}: models[] is used",
                described.iter().cloned().collect::<Vec<_>>().join(", "),
                api.destinations
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    notes
}

/// The Region codes a profile description names ("Routes requests to … in
/// us-west-2, us-east-1 and us-east-2."), if it names any.
fn described_regions(base: &Catalog, description: Option<&str>) -> Option<BTreeSet<String>> {
    let set: BTreeSet<String> = description?
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| base.region(word).is_some())
        .map(str::to_string)
        .collect();
    (!set.is_empty()).then_some(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::catalog::import::fixture_base;

    fn today() -> Date {
        "2026-11-30".parse().expect("a date")
    }

    fn model_listing(region: &str, partial: bool, models: Vec<ApiModel>) -> InputFile {
        InputFile {
            file: SourceFile::new(format!("{region}-models.json"), ""),
            region: region.to_string(),
            partial,
            models,
            profiles: Vec::new(),
            has_models_key: true,
            has_profiles_key: false,
        }
    }

    fn api_model(id: &str, types: &[&str], lifecycle: Option<ApiLifecycle>) -> ApiModel {
        ApiModel {
            id: id.to_string(),
            name: Some("Imported".to_string()),
            provider: Some("Acme".to_string()),
            inference_types: Some(types.iter().map(|t| t.to_string()).collect()),
            features: vec![("streaming", "responseStreamingSupported", false)],
            lifecycle,
        }
    }

    fn run(inputs: &[InputFile]) -> (Merged, Summary) {
        let mut summary = Summary::default();
        let merged = merge(&fixture_base(), inputs, today(), &mut summary);
        (merged, summary)
    }

    fn model<'m>(merged: &'m Merged, id: &str) -> &'m Model {
        merged
            .models
            .get(id)
            .expect("the model is in the merged catalog")
    }

    #[test]
    fn an_imported_region_replaces_the_base_facts_for_it_and_keeps_the_others() {
        let legacy = ApiLifecycle {
            status: Some(StatedStatus::Legacy),
            legacy: "2026-04-28".parse().ok(),
            public_extended_access: None,
            end_of_life: "2027-01-15".parse().ok(),
        };
        let input = model_listing(
            "us-west-2",
            false,
            vec![api_model(
                "acme.main-v1:0",
                &["INFERENCE_PROFILE"],
                Some(legacy),
            )],
        );
        let (merged, summary) = run(&[input]);
        let main = model(&merged, "acme.main-v1:0");
        let regions = main.regions.as_ref().expect("Region facts");
        // us-west-2 moves from in-Region to profile only; the others stay.
        assert_eq!(regions.in_region, ["us-east-1"]);
        assert_eq!(regions.profile_only, ["us-east-2", "us-west-2"]);
        assert_eq!(
            regions.source,
            "aws bedrock list-foundation-models (us-west-2), file us-west-2-models.json"
        );
        assert_eq!(regions.as_of.as_deref(), Some("2026-11-30"));
        assert!(regions.notes.contains(
            &"Regions not imported (us-east-1, us-east-2) kept from https://example.com/models (as of 2026-11-01)".to_string()
        ));
        let west = main.lifecycle_in("us-west-2").expect("a us-west-2 row");
        assert_eq!(west.status, Some(StatedStatus::Legacy));
        assert_eq!(west.end_of_life, "2027-01-15".parse().ok());
        let east = main.lifecycle_in("us-east-1").expect("the base row");
        assert_eq!(east.regions, ["*"]);
        assert_eq!(east.source, "https://example.com/lifecycle");
        // Every imported Region says "no streaming": the API wins, noted.
        let streaming = main.features.get("streaming").expect("streaming");
        assert!(!streaming.supported);
        assert!(
            streaming.notes[0].contains("conflict"),
            "{:?}",
            streaming.notes
        );
        // A model the listing does not name, not offered in us-west-2
        // before either, is left as it was.
        let old = model(&merged, "acme.old-v1:0");
        let old_regions = old.regions.as_ref().expect("Region facts");
        assert_eq!(old_regions.in_region, ["us-east-1"]);
        assert_eq!(old_regions.source, "https://example.com/models");
        assert_eq!(merged.meta.as_of, today());
        assert!(merged.meta.sources.contains_key("hand-written"));
        assert!(merged
            .meta
            .sources
            .contains_key("import-us-west-2-list-foundation-models"));
        assert!(
            summary
                .lines
                .iter()
                .any(|l| l.ends_with("0 new models, 0 new profiles")),
            "{:?}",
            summary.lines
        );
    }

    #[test]
    fn a_complete_listing_removes_what_it_omits_and_adds_what_only_it_names() {
        let input = model_listing(
            "us-east-1",
            false,
            vec![api_model("acme.new-v1:0", &["ON_DEMAND"], None)],
        );
        let (merged, summary) = run(&[input]);
        let main = model(&merged, "acme.main-v1:0");
        let regions = main.regions.as_ref().expect("Region facts");
        assert_eq!(regions.in_region, ["us-west-2"]);
        assert!(regions.notes.contains(
            &"not listed for on-demand or profile use in us-east-1 by the import".to_string()
        ));
        let new = model(&merged, "acme.new-v1:0");
        assert_eq!(new.provider, "Acme");
        assert_eq!(
            new.regions.as_ref().map(|r| r.in_region.clone()),
            Some(vec!["us-east-1".to_string()])
        );
        assert!(summary
            .lines
            .iter()
            .any(|l| l.ends_with("1 new model, 0 new profiles")));
    }

    #[test]
    fn one_page_of_a_listing_removes_nothing() {
        let input = model_listing(
            "us-east-1",
            true,
            vec![api_model("acme.new-v1:0", &["ON_DEMAND"], None)],
        );
        let (merged, summary) = run(&[input]);
        let main = model(&merged, "acme.main-v1:0");
        let regions = main.regions.as_ref().expect("Region facts");
        assert_eq!(regions.in_region, ["us-east-1", "us-west-2"]);
        assert!(summary.warnings.iter().any(|w| w.contains("nextToken")));
    }

    #[test]
    fn profile_routing_is_replaced_from_the_imported_source_region_only() {
        let profile = ApiProfile {
            id: "us.acme.main-v1:0".to_string(),
            system_defined: true,
            description: None,
            model: "acme.main-v1:0".to_string(),
            destinations: ["us-east-1", "us-east-2"]
                .iter()
                .map(|r| r.to_string())
                .collect(),
            global_arn: false,
        };
        let input = InputFile {
            file: SourceFile::new("us-east-1-profiles.json", ""),
            region: "us-east-1".to_string(),
            partial: false,
            models: Vec::new(),
            profiles: vec![profile],
            has_models_key: false,
            has_profiles_key: true,
        };
        let (merged, _) = run(&[input]);
        let main = merged
            .profiles
            .get("us.acme.main-v1:0")
            .expect("the profile");
        let routing = main.routing.as_ref().expect("routing");
        assert_eq!(routing["us-east-1"], ["us-east-1", "us-east-2"]);
        assert_eq!(routing["us-west-2"], ["us-east-1", "us-west-2"]);
        // A complete listing from us-east-1 without the old profile: it
        // cannot be called from there any more.
        let old = merged
            .profiles
            .get("us.acme.old-v1:0")
            .expect("the profile");
        assert!(old
            .routing
            .as_ref()
            .is_some_and(|r| !r.contains_key("us-east-1")));
        assert!(old.notes.iter().any(
            |n| n.starts_with("not listed by aws bedrock list-inference-profiles in us-east-1")
        ));
    }
}
