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

use super::browse::{offered, Mode};
use crate::catalog::{Catalog, LifecycleRow, Model, Profile, StatedStatus};

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
    let mut d = Diff {
        schema: 1,
        base: Side {
            origin: base.origin.clone(),
            as_of: base.as_of(),
        },
        other: Side {
            origin: other.origin.clone(),
            as_of: other.as_of(),
        },
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
        models_changed: Vec::new(),
        profiles_added: Vec::new(),
        profiles_removed: Vec::new(),
        profiles_changed: Vec::new(),
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
        boundaries_changed: Vec::new(),
    };
    for before in base.models() {
        let Some(after) = other.model(&before.id) else {
            continue;
        };
        let change = model_change(before, after);
        if !(change.lifecycle.is_empty()
            && change.regions.is_empty()
            && change.features.is_empty()
            && change.limits.is_empty())
        {
            d.models_changed.push(change);
        }
    }
    let profile_ref = |p: &Profile| ProfileRef {
        id: p.id.clone(),
        model: p.model.clone(),
    };
    d.profiles_added = other
        .profiles()
        .filter(|p| base.profile(&p.id).is_none())
        .map(profile_ref)
        .collect();
    d.profiles_removed = base
        .profiles()
        .filter(|p| other.profile(&p.id).is_none())
        .map(profile_ref)
        .collect();
    for before in base.profiles() {
        let Some(after) = other.profile(&before.id) else {
            continue;
        };
        let mut change = ProfileChange {
            id: before.id.clone(),
            ..ProfileChange::default()
        };
        if before.model != after.model {
            change.model = Some([before.model.clone(), after.model.clone()]);
        }
        let empty = BTreeMap::new();
        let old = before.routing.as_ref().unwrap_or(&empty);
        let new = after.routing.as_ref().unwrap_or(&empty);
        let sources: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for source in sources {
            let a: Option<BTreeSet<&String>> = old.get(source).map(|v| v.iter().collect());
            let b: Option<BTreeSet<&String>> = new.get(source).map(|v| v.iter().collect());
            if a == b {
                continue;
            }
            let none = BTreeSet::new();
            let (sa, sb) = (a.as_ref().unwrap_or(&none), b.as_ref().unwrap_or(&none));
            change.routing.push(RoutingChange {
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
        if change.model.is_some() || !change.routing.is_empty() {
            d.profiles_changed.push(change);
        }
    }
    let names: BTreeSet<&str> = base
        .boundary_names()
        .chain(other.boundary_names())
        .collect();
    for name in names {
        let set = |c: &Catalog| -> BTreeSet<String> {
            c.boundary(name)
                .map(|b| b.regions.iter().cloned().collect())
                .unwrap_or_default()
        };
        let (a, b) = (set(base), set(other));
        if a != b || base.boundary(name).is_some() != other.boundary(name).is_some() {
            d.boundaries_changed.push(BoundaryChange {
                name: name.to_string(),
                gained: b.difference(&a).cloned().collect(),
                lost: a.difference(&b).cloned().collect(),
            });
        }
    }
    d
}

fn model_change(before: &Model, after: &Model) -> ModelChange {
    let mut change = ModelChange {
        id: before.id.clone(),
        ..ModelChange::default()
    };
    let (oa, ob) = (offers(before), offers(after));
    let offer_in = |o: &Option<BTreeMap<String, Offer>>, r: &str| match o {
        None => Offer::Unknown,
        Some(map) => map.get(r).copied().unwrap_or(Offer::NotOffered),
    };
    let offered_regions: BTreeSet<String> = oa
        .iter()
        .chain(ob.iter())
        .flat_map(|m| m.keys().cloned())
        .collect();
    for region in &offered_regions {
        let (a, b) = (offer_in(&oa, region), offer_in(&ob, region));
        if a != b {
            change.regions.push(RegionChange {
                region: region.clone(),
                before: a,
                after: b,
            });
        }
    }
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
    for region in &lifecycle_regions {
        let (a, b) = (
            facts(before.lifecycle_in(region)),
            facts(after.lifecycle_in(region)),
        );
        if a != b {
            change.lifecycle.push(LifecycleChange {
                region: region.clone(),
                before: a,
                after: b,
            });
        }
    }
    let features: BTreeSet<&String> = before
        .features
        .keys()
        .chain(after.features.keys())
        .collect();
    for feature in features {
        let a = before.features.get(feature).map(|f| f.supported);
        let b = after.features.get(feature).map(|f| f.supported);
        if a != b {
            change.features.push(FeatureChange {
                feature: feature.clone(),
                before: a,
                after: b,
            });
        }
    }
    for (limit, a, b) in [
        (
            "context_window",
            before.limits.context_window.as_ref(),
            after.limits.context_window.as_ref(),
        ),
        (
            "max_output_tokens",
            before.limits.max_output_tokens.as_ref(),
            after.limits.max_output_tokens.as_ref(),
        ),
    ] {
        let (a, b) = (a.map(|l| l.value), b.map(|l| l.value));
        if a != b {
            change.limits.push(LimitChange {
                limit,
                before: a,
                after: b,
            });
        }
    }
    change
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
    let section = |out: &mut dyn Write, title: &str, n: usize| -> std::io::Result<bool> {
        if n > 0 {
            writeln!(out, "\n{title} ({n}):")?;
        }
        Ok(n > 0)
    };
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
        let mut parts: Vec<String> = b.gained.iter().map(|r| format!("+{r}")).collect();
        parts.extend(b.lost.iter().map(|r| format!("-{r}")));
        writeln!(out, "  {}: {}", b.name, parts.join(" "))?;
    }
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
    }
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
            let mut delta: Vec<String> = r.gained.iter().map(|x| format!("+{x}")).collect();
            delta.extend(r.lost.iter().map(|x| format!("-{x}")));
            let delta = if delta.is_empty() {
                String::new()
            } else {
                format!(" ({})", delta.join(" "))
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
    writeln!(
        out,
        "\n{} model{} added, {} removed, {} changed; {} profile{} added, {} removed, {} changed",
        diff.models_added.len(),
        if diff.models_added.len() == 1 {
            ""
        } else {
            "s"
        },
        diff.models_removed.len(),
        diff.models_changed.len(),
        diff.profiles_added.len(),
        if diff.profiles_added.len() == 1 {
            ""
        } else {
            "s"
        },
        diff.profiles_removed.len(),
        diff.profiles_changed.len(),
    )?;
    Ok(())
}
