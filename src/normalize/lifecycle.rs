//! A model's lifecycle in one Region on `--today`, reading disputes on the
//! strict side: where sources state different lifecycles for the same
//! Regions, the one furthest along (end of life, then legacy, then the
//! earliest end-of-life date) is the verdict, and the others are named.

use super::document::LifecycleInput;
use crate::catalog::{LifecycleDispute, LifecycleRow, LifecycleStatus, Model};
use crate::date::Date;

pub fn lifecycle(model: &Model, region: &str, today: Date) -> LifecycleInput {
    let Some(row) = model.lifecycle_in(region) else {
        return LifecycleInput::unknown();
    };
    let readings: Vec<LifecycleRow> = std::iter::once(row.clone())
        .chain(row.disputes.iter().map(|d| reading(row, d)))
        .collect();
    let strictest = readings
        .iter()
        .max_by_key(|r| strictness(r, today))
        .unwrap_or(row);
    let status = strictest.status_on(today);
    LifecycleInput {
        status,
        legacy_date: strictest.legacy,
        public_extended_access_date: strictest.public_extended_access,
        end_of_life_date: strictest.end_of_life,
        days_to_end_of_life: strictest.end_of_life.map(|eol| today.days_until(eol)),
        replacement: model.replacement.as_ref().map(|r| r.model.clone()),
        source: Some(strictest.source.clone()),
        disputed_by: readings
            .iter()
            .filter(|r| r.source != strictest.source && r.status_on(today) != status)
            .map(|r| r.source.clone())
            .collect(),
    }
}

/// Another source's reading of `row`'s Regions: the fields it states, and
/// nothing else (a date it does not state is not borrowed from the row).
fn reading(row: &LifecycleRow, dispute: &LifecycleDispute) -> LifecycleRow {
    LifecycleRow {
        regions: row.regions.clone(),
        status: dispute.status,
        legacy: dispute.legacy,
        public_extended_access: dispute.public_extended_access,
        end_of_life: dispute.end_of_life,
        source: dispute.source.clone(),
        as_of: None,
        notes: Vec::new(),
        disputes: Vec::new(),
    }
}

/// Orders readings: end of life beats legacy beats active; between equals,
/// the earlier end of life.
fn strictness(row: &LifecycleRow, today: Date) -> (u8, std::cmp::Reverse<Date>) {
    let rank = match row.status_on(today) {
        LifecycleStatus::EndOfLife => 3,
        LifecycleStatus::Legacy => 2,
        LifecycleStatus::Active => 1,
        LifecycleStatus::Unknown => 0,
    };
    (
        rank,
        std::cmp::Reverse(row.end_of_life.unwrap_or(Date::MAX)),
    )
}
