//! Waivers: time-boxed, justified exceptions declared in the manifest
//! (`[[waivers]]`). An active waiver removes the verdicts it covers; the
//! rules `waivers/expired` and `waivers/unused` then judge the waivers
//! themselves, in a second, small evaluation over what happened here.

use serde::Serialize;

use crate::date::Date;
use crate::error::{Result, RunError};
use crate::manifest::{Manifest, ManifestFile};
use crate::rules::{RuleSet, Selector};
use crate::verdict::Verdict;

/// The input of the second evaluation (documented in policies/README.md).
#[derive(Debug, Serialize)]
pub struct WaiversInput {
    pub schema: u32,
    pub today: Date,
    pub waivers: Vec<WaiverInput>,
}

#[derive(Debug, Serialize)]
pub struct WaiverInput {
    pub index: usize,
    pub pointer: String,
    pub rule: String,
    pub model: Option<String>,
    pub reason: String,
    pub expires: Date,
    pub expires_pointer: String,
    pub expired: bool,
    /// How many findings this waiver suppressed.
    pub matched: usize,
}

/// The selector of every waiver's `rule`, in waiver order. A waiver whose
/// rule names no rule would silently waive nothing: a located error.
pub fn selectors(file: &ManifestFile, rules: &RuleSet) -> Result<Vec<Selector>> {
    file.manifest
        .waivers
        .iter()
        .map(|waiver| {
            rules.selector(&waiver.rule.value).map_err(|unknown| {
                RunError::at(
                    &file.source,
                    file.span_of(&waiver.rule.pointer),
                    format!("the waiver's rule `{}` names no rule", waiver.rule.value),
                    "unknown rule",
                )
                .with_help(unknown.help())
            })
        })
        .collect()
}

/// Removes the verdicts an active waiver covers and returns the second
/// evaluation's input. A waiver covers a verdict when its `rule` names the
/// verdict's rule (an id or a family) and, if it names a `model`, the
/// verdict is about that entry (by entry name or by model reference).
pub fn apply(
    manifest: &Manifest,
    selectors: &[Selector],
    today: Date,
    verdicts: &mut Vec<Verdict>,
) -> WaiversInput {
    let mut matched = vec![0; manifest.waivers.len()];
    verdicts.retain(|verdict| {
        let entry = verdict.entry.and_then(|i| manifest.models.get(i));
        let covering = manifest
            .waivers
            .iter()
            .zip(selectors)
            .position(|(waiver, selector)| {
                let about_model = match (&waiver.model, entry) {
                    (None, _) => true,
                    (Some(model), Some(entry)) => {
                        entry.name.as_deref() == Some(model.value.as_str())
                            || entry.model.value == model.value
                    }
                    (Some(_), None) => false,
                };
                waiver.expires.value >= today && about_model && selector.matches(&verdict.rule)
            });
        if let Some(slot) = covering.and_then(|i| matched.get_mut(i)) {
            *slot += 1;
        }
        covering.is_none()
    });
    WaiversInput {
        schema: crate::normalize::INPUT_SCHEMA,
        today,
        waivers: manifest
            .waivers
            .iter()
            .zip(matched)
            .enumerate()
            .map(|(index, (waiver, matched))| WaiverInput {
                index,
                pointer: format!("/waivers/{index}"),
                rule: waiver.rule.value.clone(),
                model: waiver.model.as_ref().map(|m| m.value.clone()),
                reason: waiver.reason.clone(),
                expires: waiver.expires.value,
                expires_pointer: waiver.expires.pointer.clone(),
                expired: waiver.expires.value < today,
                matched,
            })
            .collect(),
    }
}
