//! `modelgate catalog diff OTHER_DIR`: what changed between two catalogs, in
//! the terms a reviewer approves a refresh in: models and profiles added or
//! removed, lifecycle facts, Regions (and how the model is called there),
//! profile destinations per source Region, features, limits, Regions and
//! boundaries. Sources and notes are not compared: a fact re-cited is not a
//! changed fact.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::Serialize;

use crate::date::Date;
use crate::error::Result;
use crate::text::plural;

use super::browse::{offered, Mode};
use crate::catalog::{Catalog, LifecycleRow, Limit, Model, Profile, StatedStatus};

#[derive(Debug, Serialize)]
pub struct Side {
    pub origin: String,
    pub as_of: Date,
}

#[derive(Debug, Serialize)]
pub struct Diff {
    pub schema: u32,
    pub base: Side,
    pub other: Side,
    pub models_added: Vec<ModelRef>,
    pub models_removed: Vec<ModelRef>,
    pub models_changed: Vec<ModelChange>,
    pub profiles_added: Vec<ProfileRef>,
    pub profiles_removed: Vec<ProfileRef>,
    pub profiles_changed: Vec<ProfileChange>,
    pub regions_added: Vec<String>,
    pub regions_removed: Vec<String>,
    pub boundaries_changed: Vec<BoundaryChange>,
}

#[derive(Debug, Serialize)]
pub struct ModelRef {
    pub id: String,
    pub name: String,
    pub provider: String,
}

#[derive(Debug, Serialize)]
pub struct ProfileRef {
    pub id: String,
    pub model: String,
}

#[derive(Debug, Default, Serialize)]
pub struct ModelChange {
    pub id: String,
    pub lifecycle: Vec<LifecycleChange>,
    pub regions: Vec<RegionChange>,
    pub features: Vec<FeatureChange>,
    pub limits: Vec<LimitChange>,
}

/// The lifecycle facts that cover one Region, `None` when no row does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LifecycleFacts {
    pub status: Option<StatedStatus>,
    pub legacy: Option<Date>,
    pub public_extended_access: Option<Date>,
    pub end_of_life: Option<Date>,
}

#[derive(Debug, Serialize)]
pub struct LifecycleChange {
    pub region: String,
    pub before: Option<LifecycleFacts>,
    pub after: Option<LifecycleFacts>,
}

/// How a model can be called in a Region: a [`Mode`], `not_offered`, or
/// `unknown` (the catalog has no Region facts for the model).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Offer {
    InRegion,
    ProfileOnly,
    ModeUnknown,
    NotOffered,
    Unknown,
}

#[derive(Debug, Serialize)]
pub struct RegionChange {
    pub region: String,
    pub before: Offer,
    pub after: Offer,
}

#[derive(Debug, Serialize)]
pub struct FeatureChange {
    pub feature: String,
    /// `true`/`false` as the catalog states it; `null` when unknown.
    pub before: Option<bool>,
    pub after: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct LimitChange {
    pub limit: &'static str,
    pub before: Option<u64>,
    pub after: Option<u64>,
}

#[derive(Debug, Default, Serialize)]
pub struct ProfileChange {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<[String; 2]>,
    pub routing: Vec<RoutingChange>,
}

/// The destinations from one source Region; `null` when the profile cannot
/// be called from there (or its routing is unknown).
#[derive(Debug, Serialize)]
pub struct RoutingChange {
    pub source: String,
    pub before: Option<Vec<String>>,
    pub after: Option<Vec<String>>,
    pub gained: Vec<String>,
    pub lost: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct BoundaryChange {
    pub name: String,
    pub gained: Vec<String>,
    pub lost: Vec<String>,
}

impl ModelChange {
    pub fn is_empty(&self) -> bool {
        self.lifecycle.is_empty()
            && self.regions.is_empty()
            && self.features.is_empty()
            && self.limits.is_empty()
    }
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.models_added.is_empty()
            && self.models_removed.is_empty()
            && self.models_changed.is_empty()
            && self.profiles_added.is_empty()
            && self.profiles_removed.is_empty()
            && self.profiles_changed.is_empty()
            && self.regions_added.is_empty()
            && self.regions_removed.is_empty()
            && self.boundaries_changed.is_empty()
    }
}

fn model_ref(m: &Model) -> ModelRef {
    ModelRef {
        id: m.id.clone(),
        name: m.name.clone(),
        provider: m.provider.clone(),
    }
}

fn facts(row: Option<&LifecycleRow>) -> Option<LifecycleFacts> {
    row.map(|r| LifecycleFacts {
        status: r.status,
        legacy: r.legacy,
        public_extended_access: r.public_extended_access,
        end_of_life: r.end_of_life,
    })
}

fn offers(model: &Model) -> Option<BTreeMap<String, Offer>> {
    offered(model).map(|m| {
        m.into_iter()
            .map(|(r, mode)| {
                let offer = match mode {
                    Mode::InRegion => Offer::InRegion,
                    Mode::ProfileOnly => Offer::ProfileOnly,
                    Mode::ModeUnknown => Offer::ModeUnknown,
                };
                (r, offer)
            })
            .collect()
    })
}

pub fn diff(base: &Catalog, other: &Catalog) -> Diff {
    let side = |c: &Catalog| Side {
        origin: c.origin.clone(),
        as_of: c.as_of(),
    };
    let profile_ref = |p: &Profile| ProfileRef {
        id: p.id.clone(),
        model: p.model.clone(),
    };
    Diff {
        schema: 1,
        base: side(base),
        other: side(other),
        models_added: other
            .models()
            .filter(|m| base.model(&m.id).is_none())
            .map(model_ref)
            .collect(),
        models_removed: base
            .models()
            .filter(|m| other.model(&m.id).is_none())
            .map(model_ref)
            .collect(),
        models_changed: base
            .models()
            .filter_map(|before| Some(model_change(before, other.model(&before.id)?)))
            .filter(|change| !change.is_empty())
            .collect(),
        profiles_added: other
            .profiles()
            .filter(|p| base.profile(&p.id).is_none())
            .map(profile_ref)
            .collect(),
        profiles_removed: base
            .profiles()
            .filter(|p| other.profile(&p.id).is_none())
            .map(profile_ref)
            .collect(),
        profiles_changed: base
            .profiles()
            .filter_map(|before| profile_change(before, other.profile(&before.id)?))
            .collect(),
        regions_added: other
            .regions()
            .filter(|r| base.region(&r.code).is_none())
            .map(|r| r.code.clone())
            .collect(),
        regions_removed: base
            .regions()
            .filter(|r| other.region(&r.code).is_none())
            .map(|r| r.code.clone())
            .collect(),
        boundaries_changed: boundary_changes(base, other),
    }
}

/// How a profile changed, or `None` when its model and routing did not.
fn profile_change(before: &Profile, after: &Profile) -> Option<ProfileChange> {
    let empty = BTreeMap::new();
    let change = ProfileChange {
        id: before.id.clone(),
        model: (before.model != after.model).then(|| [before.model.clone(), after.model.clone()]),
        routing: routing_changes(
            before.routing.as_ref().unwrap_or(&empty),
            after.routing.as_ref().unwrap_or(&empty),
        ),
    };
    (change.model.is_some() || !change.routing.is_empty()).then_some(change)
}

/// The source Regions whose destinations differ, compared as sets.
fn routing_changes(
    old: &BTreeMap<String, Vec<String>>,
    new: &BTreeMap<String, Vec<String>>,
) -> Vec<RoutingChange> {
    let mut changes = Vec::new();
    let sources: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for source in sources {
        let a: Option<BTreeSet<&String>> = old.get(source).map(|v| v.iter().collect());
        let b: Option<BTreeSet<&String>> = new.get(source).map(|v| v.iter().collect());
        if a == b {
            continue;
        }
        let none = BTreeSet::new();
        let (sa, sb) = (a.as_ref().unwrap_or(&none), b.as_ref().unwrap_or(&none));
        changes.push(RoutingChange {
            source: source.clone(),
            before: a
                .as_ref()
                .map(|s| s.iter().map(|r| r.to_string()).collect()),
            after: b
                .as_ref()
                .map(|s| s.iter().map(|r| r.to_string()).collect()),
            gained: sb.difference(sa).map(|r| r.to_string()).collect(),
            lost: sa.difference(sb).map(|r| r.to_string()).collect(),
        });
    }
    changes
}

/// Boundaries whose Regions differ, or that only one catalog has.
fn boundary_changes(base: &Catalog, other: &Catalog) -> Vec<BoundaryChange> {
    let names: BTreeSet<&str> = base
        .boundary_names()
        .chain(other.boundary_names())
        .collect();
    let mut changes = Vec::new();
    for name in names {
        let set = |c: &Catalog| -> BTreeSet<String> {
            c.boundary(name)
                .map(|b| b.regions.iter().cloned().collect())
                .unwrap_or_default()
        };
        let (a, b) = (set(base), set(other));
        if a != b || base.boundary(name).is_some() != other.boundary(name).is_some() {
            changes.push(BoundaryChange {
                name: name.to_string(),
                gained: b.difference(&a).cloned().collect(),
                lost: a.difference(&b).cloned().collect(),
            });
        }
    }
    changes
}

fn model_change(before: &Model, after: &Model) -> ModelChange {
    let (oa, ob) = (offers(before), offers(after));
    let offered_regions: BTreeSet<String> = oa
        .iter()
        .chain(ob.iter())
        .flat_map(|m| m.keys().cloned())
        .collect();
    ModelChange {
        id: before.id.clone(),
        lifecycle: lifecycle_changes(before, after, &offered_regions),
        regions: region_changes(&oa, &ob, &offered_regions),
        features: feature_changes(before, after),
        limits: limit_changes(before, after),
    }
}

fn region_changes(
    oa: &Option<BTreeMap<String, Offer>>,
    ob: &Option<BTreeMap<String, Offer>>,
    offered_regions: &BTreeSet<String>,
) -> Vec<RegionChange> {
    let offer_in = |o: &Option<BTreeMap<String, Offer>>, r: &str| match o {
        None => Offer::Unknown,
        Some(map) => map.get(r).copied().unwrap_or(Offer::NotOffered),
    };
    offered_regions
        .iter()
        .map(|region| RegionChange {
            region: region.clone(),
            before: offer_in(oa, region),
            after: offer_in(ob, region),
        })
        .filter(|c| c.before != c.after)
        .collect()
}

/// Lifecycle facts compared per Region: every Region either model is
/// offered in or a row names, or `*` when there is none.
fn lifecycle_changes(
    before: &Model,
    after: &Model,
    offered_regions: &BTreeSet<String>,
) -> Vec<LifecycleChange> {
    let mut lifecycle_regions = offered_regions.clone();
    for model in [before, after] {
        lifecycle_regions.extend(
            model
                .lifecycle
                .iter()
                .flat_map(|r| r.regions.iter())
                .filter(|r| *r != "*")
                .cloned(),
        );
    }
    if lifecycle_regions.is_empty() {
        lifecycle_regions.insert("*".to_string());
    }
    lifecycle_regions
        .into_iter()
        .map(|region| LifecycleChange {
            before: facts(before.lifecycle_in(&region)),
            after: facts(after.lifecycle_in(&region)),
            region,
        })
        .filter(|c| c.before != c.after)
        .collect()
}

fn feature_changes(before: &Model, after: &Model) -> Vec<FeatureChange> {
    let features: BTreeSet<&String> = before
        .features
        .keys()
        .chain(after.features.keys())
        .collect();
    features
        .into_iter()
        .map(|feature| FeatureChange {
            feature: feature.clone(),
            before: before.features.get(feature).map(|f| f.supported),
            after: after.features.get(feature).map(|f| f.supported),
        })
        .filter(|c| c.before != c.after)
        .collect()
}

fn limit_changes(before: &Model, after: &Model) -> Vec<LimitChange> {
    let value = |limit: &Option<Limit>| limit.as_ref().map(|l| l.value);
    [
        (
            "context_window",
            &before.limits.context_window,
            &after.limits.context_window,
        ),
        (
            "max_output_tokens",
            &before.limits.max_output_tokens,
            &after.limits.max_output_tokens,
        ),
    ]
    .into_iter()
    .map(|(limit, a, b)| LimitChange {
        limit,
        before: value(a),
        after: value(b),
    })
    .filter(|c| c.before != c.after)
    .collect()
}

fn offer_label(offer: Offer) -> &'static str {
    match offer {
        Offer::InRegion => "in-Region",
        Offer::ProfileOnly => "profile only",
        Offer::ModeUnknown => "mode unknown",
        Offer::NotOffered => "not offered",
        Offer::Unknown => "unknown",
    }
}

fn facts_label(facts: &Option<LifecycleFacts>) -> String {
    let Some(f) = facts else {
        return "no lifecycle fact".to_string();
    };
    let mut text = match f.status {
        Some(StatedStatus::Active) => "active".to_string(),
        Some(StatedStatus::Legacy) => "legacy".to_string(),
        None => "no stated status".to_string(),
    };
    let mut dates = Vec::new();
    if let Some(d) = f.legacy {
        dates.push(format!("legacy {d}"));
    }
    if let Some(d) = f.public_extended_access {
        dates.push(format!("public extended access {d}"));
    }
    if let Some(d) = f.end_of_life {
        dates.push(format!("end of life {d}"));
    }
    if !dates.is_empty() {
        text.push_str(&format!(" ({})", dates.join(", ")));
    }
    text
}

fn list_label(list: &Option<Vec<String>>) -> String {
    match list {
        None => "not callable".to_string(),
        Some(l) if l.is_empty() => "no named destination".to_string(),
        Some(l) => l.join(", "),
    }
}

/// Groups equal (before, after) pairs so one line lists their Regions.
fn grouped<K: Ord>(items: impl Iterator<Item = (K, String)>) -> Vec<(K, Vec<String>)> {
    let mut map: BTreeMap<K, Vec<String>> = BTreeMap::new();
    for (key, region) in items {
        map.entry(key).or_default().push(region);
    }
    map.into_iter().collect()
}

pub fn render(diff: &Diff, json_output: bool, out: &mut dyn Write) -> Result<()> {
    if json_output {
        serde_json::to_writer_pretty(&mut *out, diff)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "catalog diff: {} (as of {}) → {} (as of {})",
        diff.base.origin, diff.base.as_of, diff.other.origin, diff.other.as_of
    )?;
    if diff.is_empty() {
        writeln!(out, "\nno change")?;
        return Ok(());
    }
    render_regions(diff, out)?;
    render_models(diff, out)?;
    render_profiles(diff, out)?;
    writeln!(
        out,
        "\n{} added, {} removed, {} changed; {} added, {} removed, {} changed",
        plural(diff.models_added.len(), "model"),
        diff.models_removed.len(),
        diff.models_changed.len(),
        plural(diff.profiles_added.len(), "profile"),
        diff.profiles_removed.len(),
        diff.profiles_changed.len(),
    )?;
    Ok(())
}

/// A section title with its count; nothing when the section is empty.
fn section(out: &mut dyn Write, title: &str, n: usize) -> Result<()> {
    if n > 0 {
        writeln!(out, "\n{title} ({n}):")?;
    }
    Ok(())
}

/// "+a +b -c": Regions gained, then Regions lost.
fn delta(gained: &[String], lost: &[String]) -> String {
    let mut parts: Vec<String> = gained.iter().map(|r| format!("+{r}")).collect();
    parts.extend(lost.iter().map(|r| format!("-{r}")));
    parts.join(" ")
}

fn render_regions(diff: &Diff, out: &mut dyn Write) -> Result<()> {
    section(out, "Regions added", diff.regions_added.len())?;
    for r in &diff.regions_added {
        writeln!(out, "  + {r}")?;
    }
    section(out, "Regions removed", diff.regions_removed.len())?;
    for r in &diff.regions_removed {
        writeln!(out, "  - {r}")?;
    }
    section(out, "Boundaries changed", diff.boundaries_changed.len())?;
    for b in &diff.boundaries_changed {
        writeln!(out, "  {}: {}", b.name, delta(&b.gained, &b.lost))?;
    }
    Ok(())
}

fn render_models(diff: &Diff, out: &mut dyn Write) -> Result<()> {
    section(out, "Models added", diff.models_added.len())?;
    for m in &diff.models_added {
        writeln!(out, "  + {}  {} ({})", m.id, m.name, m.provider)?;
    }
    section(out, "Models removed", diff.models_removed.len())?;
    for m in &diff.models_removed {
        writeln!(out, "  - {}  {} ({})", m.id, m.name, m.provider)?;
    }
    section(out, "Models changed", diff.models_changed.len())?;
    for m in &diff.models_changed {
        writeln!(out, "  {}", m.id)?;
        render_model_change(m, out)?;
    }
    Ok(())
}

/// One line per kind of change, the Regions with the same change together.
fn render_model_change(m: &ModelChange, out: &mut dyn Write) -> Result<()> {
    let lifecycle = grouped(m.lifecycle.iter().map(|c| {
        (
            (facts_label(&c.before), facts_label(&c.after)),
            c.region.clone(),
        )
    }));
    for ((a, b), regions) in lifecycle {
        writeln!(out, "    lifecycle in {}: {a} → {b}", regions.join(", "))?;
    }
    let regions = grouped(
        m.regions
            .iter()
            .map(|c| ((c.before, c.after), c.region.clone())),
    );
    for ((a, b), list) in regions {
        let verb = match (a, b) {
            (Offer::NotOffered, _) => "gained",
            (_, Offer::NotOffered) => "lost",
            _ => "changed",
        };
        writeln!(
            out,
            "    Regions {verb}: {}: {} → {}",
            list.join(", "),
            offer_label(a),
            offer_label(b)
        )?;
    }
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "supported",
        Some(false) => "not supported",
        None => "unknown",
    };
    for f in &m.features {
        writeln!(
            out,
            "    feature {}: {} → {}",
            f.feature,
            yes_no(f.before),
            yes_no(f.after)
        )?;
    }
    let value = |v: Option<u64>| v.map_or_else(|| "unknown".to_string(), |v| v.to_string());
    for l in &m.limits {
        writeln!(
            out,
            "    {}: {} → {}",
            l.limit,
            value(l.before),
            value(l.after)
        )?;
    }
    Ok(())
}

fn render_profiles(diff: &Diff, out: &mut dyn Write) -> Result<()> {
    section(out, "Profiles added", diff.profiles_added.len())?;
    for p in &diff.profiles_added {
        writeln!(out, "  + {} (model {})", p.id, p.model)?;
    }
    section(out, "Profiles removed", diff.profiles_removed.len())?;
    for p in &diff.profiles_removed {
        writeln!(out, "  - {} (model {})", p.id, p.model)?;
    }
    section(out, "Profiles changed", diff.profiles_changed.len())?;
    for p in &diff.profiles_changed {
        writeln!(out, "  {}", p.id)?;
        if let Some([a, b]) = &p.model {
            writeln!(out, "    model: {a} → {b}")?;
        }
        for r in &p.routing {
            let delta = delta(&r.gained, &r.lost);
            let delta = if delta.is_empty() {
                String::new()
            } else {
                format!(" ({delta})")
            };
            writeln!(
                out,
                "    from {}: {} → {}{delta}",
                r.source,
                list_label(&r.before),
                list_label(&r.after)
            )?;
        }
    }
    Ok(())
}
