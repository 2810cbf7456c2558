//! `modelgate catalog list` and `modelgate catalog show ID`: the catalog as a
//! person (or a script, with `--format json`) reads it. Nothing here is a
//! verdict on a workload; lifecycle is shown as of `--today`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::Serialize;
use serde_json::{json, Value};

use crate::date::Date;
use crate::error::{did_you_mean, Result, RunError};
use crate::reference::Reference;
use crate::sanitize;
use crate::text::plural;

use crate::catalog::{Catalog, LifecycleRow, LifecycleStatus, Model, PrefixScope, Profile};

/// How a model can be called in one Region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    InRegion,
    ProfileOnly,
    ModeUnknown,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::InRegion => "in-Region",
            Mode::ProfileOnly => "profile only",
            Mode::ModeUnknown => "mode unknown",
        }
    }
}

/// The Regions a model is offered in, with the way it can be called there;
/// `None` when the catalog knows nothing about its Regions.
pub fn offered(model: &Model) -> Option<BTreeMap<String, Mode>> {
    let regions = model.regions.as_ref()?;
    let mut map = BTreeMap::new();
    for (mode, list) in [
        (Mode::ModeUnknown, &regions.mode_unknown),
        (Mode::ProfileOnly, &regions.profile_only),
        (Mode::InRegion, &regions.in_region),
    ] {
        for region in list {
            map.insert(region.clone(), mode);
        }
    }
    Some(map)
}

fn status_rank(status: LifecycleStatus) -> u8 {
    match status {
        LifecycleStatus::EndOfLife => 0,
        LifecycleStatus::Legacy => 1,
        LifecycleStatus::Active => 2,
        LifecycleStatus::Unknown => 3,
    }
}

/// The statuses a model has across its Regions, worst first. A model with
/// only `*` rows and no Region facts gets the statuses of its rows.
pub fn statuses(model: &Model, today: Date) -> Vec<LifecycleStatus> {
    let by_region = model.lifecycle_by_region(today);
    let mut set: Vec<LifecycleStatus> = if by_region.is_empty() {
        model
            .lifecycle
            .iter()
            .map(|row| row.status_on(today))
            .collect()
    } else {
        by_region.into_values().collect()
    };
    if set.is_empty() {
        set.push(LifecycleStatus::Unknown);
    }
    set.sort_by_key(|s| status_rank(*s));
    set.dedup();
    set
}

/// Filters of `catalog list`.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub provider: Option<String>,
    pub status: Option<LifecycleStatus>,
    pub region: Option<String>,
}

impl ListFilter {
    fn keeps(&self, model: &Model, statuses: &[LifecycleStatus]) -> bool {
        let provider_ok = self.provider.as_ref().is_none_or(|p| {
            model.provider.eq_ignore_ascii_case(p)
                || model
                    .id
                    .split_once('.')
                    .is_some_and(|(prefix, _)| prefix.eq_ignore_ascii_case(p))
        });
        let status_ok = self.status.is_none_or(|s| statuses.contains(&s));
        let region_ok = self
            .region
            .as_ref()
            .is_none_or(|r| offered(model).is_some_and(|m| m.contains_key(r)));
        provider_ok && status_ok && region_ok
    }
}

fn catalog_json(catalog: &Catalog) -> Value {
    json!({"as_of": catalog.as_of(), "origin": catalog.origin})
}

fn footer(catalog: &Catalog) -> String {
    format!("catalog as of {} ({})", catalog.as_of(), catalog.origin)
}

/// One row of `catalog list`: the model, its statuses worst first, and how
/// many Regions offer it (`None`: unknown).
type ListRow<'a> = (&'a Model, Vec<LifecycleStatus>, Option<usize>);

pub fn list(
    catalog: &Catalog,
    today: Date,
    filter: &ListFilter,
    json_output: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(region) = &filter.region {
        if catalog.region(region).is_none() {
            return Err(unknown_region(catalog, region));
        }
    }
    let rows: Vec<ListRow<'_>> = catalog
        .models()
        .map(|m| (m, statuses(m, today), offered(m).map(|o| o.len())))
        .filter(|(m, s, _)| filter.keeps(m, s))
        .collect();
    if json_output {
        list_json(catalog, today, &rows, out)
    } else {
        list_human(catalog, today, &rows, out)
    }
}

fn list_json(
    catalog: &Catalog,
    today: Date,
    rows: &[ListRow<'_>],
    out: &mut dyn Write,
) -> Result<()> {
    let models: Vec<Value> = rows
        .iter()
        .map(|(m, s, n)| {
            json!({
                "id": m.id,
                "provider": m.provider,
                "name": m.name,
                "lifecycle": s.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                "regions": n,
            })
        })
        .collect();
    let doc = json!({
        "schema": 1,
        "catalog": catalog_json(catalog),
        "today": today,
        "models": models,
    });
    write_json(out, &doc)
}

/// A table with a column per fact, each as wide as its widest cell.
fn list_human(
    catalog: &Catalog,
    today: Date,
    rows: &[ListRow<'_>],
    out: &mut dyn Write,
) -> Result<()> {
    let lifecycle: Vec<String> = rows
        .iter()
        .map(|(_, s, _)| s.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("/"))
        .collect();
    let width =
        |header: &str, cells: &mut dyn Iterator<Item = usize>| cells.fold(header.len(), usize::max);
    let w_id = width("ID", &mut rows.iter().map(|r| r.0.id.len()));
    let w_provider = width("PROVIDER", &mut rows.iter().map(|r| r.0.provider.len()));
    let w_name = width("NAME", &mut rows.iter().map(|r| r.0.name.len()));
    let w_life = width("LIFECYCLE", &mut lifecycle.iter().map(String::len));
    writeln!(
        out,
        "{:w_id$}  {:w_provider$}  {:w_name$}  {:w_life$}  REGIONS",
        "ID", "PROVIDER", "NAME", "LIFECYCLE"
    )?;
    for ((model, _, count), life) in rows.iter().zip(&lifecycle) {
        let count = count.map_or_else(|| "unknown".to_string(), |n| n.to_string());
        writeln!(
            out,
            "{:w_id$}  {:w_provider$}  {:w_name$}  {:w_life$}  {count}",
            model.id, model.provider, model.name, life
        )?;
    }
    writeln!(
        out,
        "\n{}; lifecycle as of {today}; {}",
        plural(rows.len(), "model"),
        footer(catalog)
    )?;
    Ok(())
}

fn unknown_region(catalog: &Catalog, region: &str) -> RunError {
    let err = RunError::plain(format!("unknown Region `{region}`"));
    match did_you_mean(region, catalog.regions().map(|r| r.code.as_str())) {
        Some(near) => err.with_help(format!("did you mean `{near}`?")),
        None => err.with_help("Region codes are AWS codes such as `eu-west-1`"),
    }
}

fn write_json(out: &mut dyn Write, value: &Value) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `catalog show ID`: a model id, a profile id, or an ARN naming either.
pub fn show(
    catalog: &Catalog,
    today: Date,
    id: &str,
    json_output: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(profile) = catalog.profile(id) {
        return show_profile(catalog, profile, json_output, out);
    }
    if let Some(model) = catalog.model(id) {
        return show_model(catalog, today, model, json_output, out);
    }
    let reference = Reference::parse(id, catalog);
    if let Some(profile) = reference
        .profile_id
        .as_deref()
        .and_then(|p| catalog.profile(p))
    {
        return show_profile(catalog, profile, json_output, out);
    }
    if reference.profile_id.is_none() {
        if let Some(model) = reference.model_id.as_deref().and_then(|m| catalog.model(m)) {
            return show_model(catalog, today, model, json_output, out);
        }
    }
    Err(not_found(catalog, id))
}

/// The error for an id `catalog show` cannot find, with the ids close to it.
fn not_found(catalog: &Catalog, id: &str) -> RunError {
    let err = RunError::plain(format!(
        "`{id}` is neither a model nor a profile in the catalog"
    ));
    let near = catalog.similar_ids(id);
    let near: Vec<String> = if near.is_empty() {
        let ids: Vec<&str> = catalog
            .models()
            .map(|m| m.id.as_str())
            .chain(catalog.profiles().map(|p| p.id.as_str()))
            .collect();
        did_you_mean(id, ids)
            .map(str::to_string)
            .into_iter()
            .collect()
    } else {
        near
    };
    match near.as_slice() {
        [] => err.with_help("`modelgate catalog list` lists the model ids"),
        [one] => err.with_help(format!("did you mean `{one}`?")),
        many => err.with_help(format!(
            "did you mean one of {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The profiles of `model` callable from each source Region.
fn profiles_by_source<'a>(
    catalog: &'a Catalog,
    model: &Model,
) -> BTreeMap<String, Vec<&'a Profile>> {
    let mut map: BTreeMap<String, Vec<&Profile>> = BTreeMap::new();
    for profile in catalog.profiles_for(&model.id) {
        for source in profile.routing.iter().flat_map(|r| r.keys()) {
            map.entry(source.clone()).or_default().push(profile);
        }
    }
    map
}

fn is_global(catalog: &Catalog, profile: &Profile) -> bool {
    catalog
        .prefix(&profile.prefix)
        .is_some_and(|p| p.scope == PrefixScope::Global)
}

/// Where a model is offered and how, computed once for both formats.
struct ModelView<'a> {
    lifecycle: BTreeMap<String, LifecycleStatus>,
    offered: Option<BTreeMap<String, Mode>>,
    by_source: BTreeMap<String, Vec<&'a Profile>>,
}

fn show_model(
    catalog: &Catalog,
    today: Date,
    model: &Model,
    json_output: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let view = ModelView {
        lifecycle: model.lifecycle_by_region(today),
        offered: offered(model),
        by_source: profiles_by_source(catalog, model),
    };
    if json_output {
        model_json(catalog, today, model, &view, out)
    } else {
        model_human(catalog, today, model, &view, out)
    }
}

/// "a, b" for the ids of `profiles`.
fn profile_ids(profiles: &[&Profile]) -> String {
    profiles
        .iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn model_json(
    catalog: &Catalog,
    today: Date,
    model: &Model,
    view: &ModelView<'_>,
    out: &mut dyn Write,
) -> Result<()> {
    let profile_ids: Vec<&str> = catalog
        .profiles_for(&model.id)
        .map(|p| p.id.as_str())
        .collect();
    let regions: Option<Vec<Value>> = view.offered.as_ref().map(|o| {
        o.iter()
            .map(|(region, mode)| {
                json!({
                    "region": region,
                    "mode": mode,
                    "profiles": view.by_source.get(region).map(|ps| ps.iter().map(|p| p.id.as_str()).collect::<Vec<_>>()).unwrap_or_default(),
                })
            })
            .collect()
    });
    let lifecycle_json: Vec<Value> = view
        .lifecycle
        .iter()
        .map(|(region, status)| {
            let row = model.lifecycle_in(region);
            json!({
                "region": region,
                "status": status,
                "legacy": row.and_then(|r| r.legacy),
                "public_extended_access": row.and_then(|r| r.public_extended_access),
                "end_of_life": row.and_then(|r| r.end_of_life),
                "source": row.map(|r| r.source.as_str()),
            })
        })
        .collect();
    let doc = json!({
        "schema": 1,
        "catalog": catalog_json(catalog),
        "today": today,
        "kind": "model",
        "model": model,
        "lifecycle_by_region": lifecycle_json,
        "regions_by_mode": regions,
        "profiles": profile_ids,
    });
    write_json(out, &doc)
}

/// One section per kind of fact, each saying "unknown" where the catalog
/// has no fact rather than leaving it out.
fn model_human(
    catalog: &Catalog,
    today: Date,
    model: &Model,
    view: &ModelView<'_>,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(out, "{}", model.id)?;
    writeln!(out, "  {} ({})", model.name, model.provider)?;
    if let Some(family) = &model.family {
        writeln!(
            out,
            "  family {family}{}",
            model
                .generation
                .as_ref()
                .map(|g| format!(", generation {g}"))
                .unwrap_or_default()
        )?;
    }
    lifecycle_section(today, model, &view.lifecycle, out)?;
    regions_section(model, view, out)?;
    features_section(catalog, model, out)?;
    limits_section(model, out)?;
    disputes_section(model, out)?;
    sources_section(model, out)?;
    let notes: Vec<&String> = model
        .notes
        .iter()
        .chain(model.regions.iter().flat_map(|r| &r.notes))
        .chain(model.lifecycle.iter().flat_map(|r| &r.notes))
        .collect();
    notes_section(&notes, out)?;
    writeln!(out, "\n{}", footer(catalog))?;
    Ok(())
}

/// Regions grouped by status and dates, worst first.
fn lifecycle_section(
    today: Date,
    model: &Model,
    lifecycle: &BTreeMap<String, LifecycleStatus>,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(out, "\nLifecycle as of {today}:")?;
    if lifecycle.is_empty() && model.lifecycle.is_empty() {
        writeln!(out, "  unknown (no lifecycle fact)")?;
    }
    let mut groups: BTreeMap<(u8, String), Vec<&str>> = BTreeMap::new();
    for (region, status) in lifecycle {
        let detail = model
            .lifecycle_in(region)
            .map(row_detail)
            .unwrap_or_default();
        groups
            .entry((status_rank(*status), format!("{}{detail}", status.as_str())))
            .or_default()
            .push(region);
    }
    for ((_, label), regions) in &groups {
        writeln!(out, "  {label}: {}", regions.join(", "))?;
    }
    if lifecycle.is_empty() {
        for row in &model.lifecycle {
            writeln!(
                out,
                "  {}{}: {}",
                row.status_on(today).as_str(),
                row_detail(row),
                row.regions.join(", ")
            )?;
        }
    }
    Ok(())
}

/// The Regions by mode, each with the profiles callable from it; then the
/// Regions only a profile reaches the model from.
fn regions_section(model: &Model, view: &ModelView<'_>, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "\nRegions:")?;
    match &view.offered {
        None => writeln!(out, "  unknown (no Region facts)")?,
        Some(offered) => offered_regions(offered, &view.by_source, out)?,
    }
    let elsewhere: Vec<(&String, &Vec<&Profile>)> = view
        .by_source
        .iter()
        .filter(|(r, _)| view.offered.as_ref().is_none_or(|o| !o.contains_key(*r)))
        .collect();
    if !elsewhere.is_empty() {
        writeln!(out, "  callable through a profile from (not listed above):")?;
        for (region, ps) in elsewhere {
            writeln!(out, "    {region} (profiles: {})", profile_ids(ps))?;
        }
    }
    if let Some(regions) = &model.regions {
        writeln!(
            out,
            "  source: {}{}",
            regions.source,
            as_of(regions.as_of.as_deref())
        )?;
    }
    Ok(())
}

fn offered_regions(
    offered: &BTreeMap<String, Mode>,
    by_source: &BTreeMap<String, Vec<&Profile>>,
    out: &mut dyn Write,
) -> Result<()> {
    for mode in [Mode::InRegion, Mode::ProfileOnly, Mode::ModeUnknown] {
        let regions: Vec<&String> = offered
            .iter()
            .filter(|(_, m)| **m == mode)
            .map(|(r, _)| r)
            .collect();
        if regions.is_empty() {
            continue;
        }
        writeln!(out, "  {}:", mode.label())?;
        for region in regions {
            let through = by_source
                .get(region)
                .map(|ps| format!(" (profiles: {})", profile_ids(ps)))
                .unwrap_or_default();
            writeln!(out, "    {region}{through}")?;
        }
    }
    if offered.is_empty() {
        writeln!(out, "  none")?;
    }
    Ok(())
}

fn features_section(catalog: &Catalog, model: &Model, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "\nFeatures:")?;
    for (name, fact) in &model.features {
        let mut text = if fact.supported {
            "supported".to_string()
        } else {
            "not supported".to_string()
        };
        if let Some(list) = &fact.regions {
            text.push_str(&format!("; in-Region only in: {}", or_none(list)));
        }
        if let Some(list) = &fact.profile_regions {
            text.push_str(&format!("; through profiles only from: {}", or_none(list)));
        }
        writeln!(out, "  {name}: {text} ({})", fact.source)?;
    }
    let unknown: Vec<&str> = catalog
        .feature_names()
        .filter(|f| !model.features.contains_key(*f))
        .collect();
    if !unknown.is_empty() {
        writeln!(out, "  unknown: {}", unknown.join(", "))?;
    }
    Ok(())
}

/// The token limits, and the replacement a source names.
fn limits_section(model: &Model, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "\nLimits:")?;
    for (label, limit) in [
        ("context window", &model.limits.context_window),
        ("max output tokens", &model.limits.max_output_tokens),
    ] {
        match limit {
            Some(limit) => {
                let upper = limit.upper.map(|u| format!(" to {u}")).unwrap_or_default();
                writeln!(
                    out,
                    "  {label}: {}{upper} tokens ({})",
                    limit.value, limit.source
                )?;
            }
            None => writeln!(out, "  {label}: unknown")?,
        }
    }
    if let Some(replacement) = &model.replacement {
        writeln!(
            out,
            "\nReplacement named by a source: {} ({}{})",
            replacement.model,
            replacement.source,
            replacement
                .confidence
                .as_ref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}

/// Every source a fact of the model cites, once each.
fn sources_section(model: &Model, out: &mut dyn Write) -> Result<()> {
    let mut sources: BTreeSet<&str> = BTreeSet::new();
    sources.extend(model.regions.iter().map(|r| r.source.as_str()));
    sources.extend(model.lifecycle.iter().map(|r| r.source.as_str()));
    sources.extend(model.features.values().map(|f| f.source.as_str()));
    let limits = &model.limits;
    for limit in [&limits.context_window, &limits.max_output_tokens] {
        sources.extend(limit.iter().map(|l| l.source.as_str()));
    }
    if !sources.is_empty() {
        writeln!(out, "\nSources:")?;
        for source in sources {
            writeln!(out, "  {source}")?;
        }
    }
    Ok(())
}

fn notes_section(notes: &[&String], out: &mut dyn Write) -> Result<()> {
    if !notes.is_empty() {
        writeln!(out, "\nNotes:")?;
        for note in notes {
            writeln!(out, "  - {note}")?;
        }
    }
    Ok(())
}

fn row_detail(row: &LifecycleRow) -> String {
    row.dates().map(|d| format!(" ({d})")).unwrap_or_default()
}

fn as_of(date: Option<&str>) -> String {
    date.map(|d| format!(", as of {d}")).unwrap_or_default()
}

fn or_none(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

fn show_profile(
    catalog: &Catalog,
    profile: &Profile,
    json_output: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if json_output {
        profile_json(catalog, profile, out)
    } else {
        profile_human(catalog, profile, out)
    }
}

fn profile_json(catalog: &Catalog, profile: &Profile, out: &mut dyn Write) -> Result<()> {
    let global = is_global(catalog, profile);
    let model = catalog.model(&profile.model);
    let routing: Option<Vec<Value>> = profile.routing.as_ref().map(|r| {
        r.iter()
            .map(|(source, destinations)| {
                json!({
                    "source": source,
                    "destinations": if global { catalog.commercial_regions() } else { destinations.clone() },
                    "named_destinations": destinations,
                })
            })
            .collect()
    });
    let doc = json!({
        "schema": 1,
        "catalog": catalog_json(catalog),
        "kind": "profile",
        "profile": profile,
        "scope": if global { "global" } else { "geographic" },
        "model": model.map(|m| json!({"id": m.id, "name": m.name, "provider": m.provider})),
        "routing": routing,
    });
    write_json(out, &doc)
}

fn profile_human(catalog: &Catalog, profile: &Profile, out: &mut dyn Write) -> Result<()> {
    let global = is_global(catalog, profile);
    let model = catalog.model(&profile.model);
    writeln!(out, "{}", profile.id)?;
    writeln!(
        out,
        "  {} inference profile (prefix `{}`{})",
        if global { "global" } else { "geographic" },
        profile.prefix,
        catalog
            .prefix(&profile.prefix)
            .map(|p| format!(": {}", p.name))
            .unwrap_or_default()
    )?;
    writeln!(
        out,
        "  model: {}{}",
        profile.model,
        model
            .map(|m| format!(" ({}, {})", m.name, m.provider))
            .unwrap_or_default()
    )?;
    routing_section(profile, global, out)?;
    routing_disputes(profile, out)?;
    writeln!(
        out,
        "\nSource: {}{}",
        profile.source,
        as_of(profile.as_of.as_deref())
    )?;
    notes_section(&profile.notes.iter().collect::<Vec<_>>(), out)?;
    writeln!(out, "\n{}", footer(catalog))?;
    Ok(())
}

/// What other sources say where the catalog keeps a dispute: rules read
/// them on the strict side (see catalog/README.md, "Disputes").
fn disputes_section(model: &Model, out: &mut dyn Write) -> Result<()> {
    let placements = model.regions.iter().flat_map(|r| &r.disputes);
    let lifecycles = model
        .lifecycle
        .iter()
        .flat_map(|row| row.disputes.iter().map(move |d| (row, d)));
    let mut lines = Vec::new();
    for d in placements {
        lines.push(format!(
            "  Regions, per {}: in-Region {}; profile only {}\n    {}",
            d.source,
            or_none(&d.in_region),
            or_none(&d.profile_only),
            d.note
        ));
    }
    for (row, d) in lifecycles {
        let dates = [("legacy", d.legacy), ("end of life", d.end_of_life)]
            .iter()
            .filter_map(|(what, date)| date.map(|date| format!(", {what} {date}")))
            .collect::<String>();
        let status = d.status.map_or("(no status)", |s| s.as_str());
        lines.push(format!(
            "  lifecycle in {}, per {}: {status}{dates}\n    {}",
            row.regions.join(", "),
            d.source,
            d.note
        ));
    }
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\nDisputes (sources that disagree; rules read the strict side):"
    )?;
    for line in lines {
        writeln!(out, "{}", sanitize::text(&line))?;
    }
    Ok(())
}

fn routing_disputes(profile: &Profile, out: &mut dyn Write) -> Result<()> {
    if profile.disputes.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\nDisputes (sources that disagree; residency reads the union):"
    )?;
    for d in &profile.disputes {
        writeln!(out, "  per {}:", d.source)?;
        for (source, destinations) in &d.routing {
            writeln!(out, "    {source} → {}", or_none(destinations))?;
        }
        writeln!(out, "    {}", sanitize::text(&d.note))?;
    }
    Ok(())
}

/// Per source Region, where a request may be processed; a global profile
/// may reach any commercial Region, whatever the source names.
fn routing_section(profile: &Profile, global: bool, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "\nRouting (source Region → Regions a request may be processed in):"
    )?;
    let Some(routing) = &profile.routing else {
        writeln!(out, "  unknown (the source does not list it)")?;
        return Ok(());
    };
    for (source, destinations) in routing {
        if global {
            let named = if destinations.is_empty() {
                String::new()
            } else {
                format!(" (named: {})", destinations.join(", "))
            };
            writeln!(out, "  {source} → any commercial Region{named}")?;
        } else {
            writeln!(out, "  {source} → {}", or_none(destinations))?;
        }
    }
    Ok(())
}
