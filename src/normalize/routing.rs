//! Whether a reference can be called from a source Region, and where the
//! request may then be processed, as the catalog says, reading its
//! disputes: where sources disagree on the destinations, the call may go
//! to any Region one of them names (residency reads the strict side);
//! where they disagree on whether the call can be made at all, the
//! availability is `disputed` and the rules report it without an error.

use std::collections::BTreeSet;

use super::document::{Availability, DisputeInput, SourceSays};
use crate::catalog::{Catalog, Model, PrefixScope, Profile};
use crate::reference::{Reference, Scope};

/// One call, resolved.
pub struct Route {
    pub availability: Availability,
    pub destinations: Option<Vec<String>>,
    pub global: bool,
    pub dispute: Option<DisputeInput>,
}

impl Route {
    fn plain(availability: Availability, destinations: Option<Vec<String>>, global: bool) -> Self {
        Route {
            availability,
            destinations,
            global,
            dispute: None,
        }
    }
}

pub fn route(catalog: &Catalog, region: &str, reference: &Reference, model: &Model) -> Route {
    // An ARN names the Region its resource lives in; the runtime refuses
    // it from a client in any other Region.
    if reference
        .arn_region
        .as_deref()
        .is_some_and(|arn| arn != region)
    {
        return Route::plain(Availability::ArnRegionMismatch, None, false);
    }
    if let Some(profile_id) = &reference.profile_id {
        return match catalog.profile(profile_id) {
            Some(profile) => profile_route(catalog, profile, region),
            None => Route::plain(Availability::Unknown, None, false),
        };
    }
    if reference.scope == Scope::Global {
        // The Region-less foundation-model ARN is what the model's global
        // profile routes to (IAM policies for global inference name it):
        // judge it as that profile, global routing included.
        let global_profile = catalog
            .profiles_for(&model.id)
            .find(|p| is_global(catalog, p));
        return match global_profile {
            Some(profile) => profile_route(catalog, profile, region),
            None => Route::plain(Availability::Unknown, None, true),
        };
    }
    model_route(model, region)
}

fn is_global(catalog: &Catalog, profile: &Profile) -> bool {
    catalog
        .prefix(&profile.prefix)
        .is_some_and(|p| p.scope == PrefixScope::Global)
}

/// A profile called from `region`, each documented routing a reading.
fn profile_route(catalog: &Catalog, profile: &Profile, region: &str) -> Route {
    let global = is_global(catalog, profile);
    let Some(routing) = &profile.routing else {
        return Route::plain(Availability::Unknown, None, global);
    };
    let readings: Vec<(&str, Option<&Vec<String>>)> =
        std::iter::once((profile.source.as_str(), routing.get(region)))
            .chain(
                profile
                    .disputes
                    .iter()
                    .map(|d| (d.source.as_str(), d.routing.get(region))),
            )
            .collect();
    let callable = readings.iter().filter(|(_, d)| d.is_some()).count();
    if callable == 0 {
        return Route::plain(Availability::ProfileNotFromRegion, None, global);
    }
    let destinations = if global {
        catalog.commercial_regions()
    } else {
        let union: BTreeSet<&String> = readings.iter().filter_map(|(_, d)| *d).flatten().collect();
        union.into_iter().cloned().collect()
    };
    let disagree = readings.windows(2).any(|w| w[0].1 != w[1].1);
    let availability = if callable == readings.len() {
        Availability::Available
    } else {
        Availability::Disputed
    };
    let dispute = disagree.then(|| DisputeInput {
        sources: readings
            .iter()
            .map(|(source, d)| SourceSays {
                source: source.to_string(),
                says: match d {
                    Some(d) => format!("called from {region}, it routes to {}", d.join(", ")),
                    None => format!("it cannot be called from {region}"),
                },
            })
            .collect(),
    });
    Route {
        availability,
        destinations: Some(destinations),
        global,
        dispute,
    }
}

/// Where a model is offered, by one reading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    InRegion,
    ProfileOnly,
    ModeUnknown,
    NotOffered,
}

impl Placement {
    fn of(region: &str, in_region: &[String], profile_only: &[String], unknown: &[String]) -> Self {
        let listed = |list: &[String]| list.iter().any(|r| r == region);
        if listed(in_region) {
            Placement::InRegion
        } else if listed(profile_only) {
            Placement::ProfileOnly
        } else if listed(unknown) {
            Placement::ModeUnknown
        } else {
            Placement::NotOffered
        }
    }

    fn says(self, region: &str) -> String {
        match self {
            Placement::InRegion => format!("it is offered in-Region in {region}"),
            Placement::ProfileOnly => format!("in {region} it is offered only through a profile"),
            Placement::ModeUnknown => format!("it is offered in {region}, in-Region or not"),
            Placement::NotOffered => format!("it is not offered in {region}"),
        }
    }
}

/// A model called by its id from `region`; a reading that says it can be
/// called in-Region against one that says it cannot is a dispute.
fn model_route(model: &Model, region: &str) -> Route {
    let Some(regions) = &model.regions else {
        return Route::plain(Availability::Unknown, None, false);
    };
    let main = Placement::of(
        region,
        &regions.in_region,
        &regions.profile_only,
        &regions.mode_unknown,
    );
    let here = Some(vec![region.to_string()]);
    let mut route = match main {
        Placement::InRegion => Route::plain(Availability::Available, here, false),
        Placement::ProfileOnly => Route::plain(Availability::RequiresProfile, None, false),
        Placement::ModeUnknown => Route::plain(Availability::Unknown, here, false),
        Placement::NotOffered => Route::plain(Availability::NotOffered, None, false),
    };
    let others: Vec<(&str, Placement)> = regions
        .disputes
        .iter()
        .map(|d| {
            let placement = Placement::of(region, &d.in_region, &d.profile_only, &d.mode_unknown);
            (d.source.as_str(), placement)
        })
        .collect();
    let in_region = |p: Placement| p == Placement::InRegion;
    if others.iter().any(|(_, p)| in_region(*p) != in_region(main)) {
        route.availability = Availability::Disputed;
        route.destinations = Some(vec![region.to_string()]);
        route.dispute = Some(DisputeInput {
            sources: std::iter::once((regions.source.as_str(), main))
                .chain(others)
                .map(|(source, p)| SourceSays {
                    source: source.to_string(),
                    says: p.says(region),
                })
                .collect(),
        });
    }
    route
}
