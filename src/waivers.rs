//! Waivers: time-boxed, justified exceptions declared in the manifest
//! (`[[waivers]]`). An active waiver removes the findings it covers; the
//! rules `waivers/expired` and `waivers/unused` then judge the waivers
//! themselves, in a second, small evaluation over what happened here.

use serde::Serialize;

use crate::check::selector_matches;
use crate::date::Date;
use crate::finding::Finding;
use crate::manifest::{entry_index, Manifest};

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

/// Which findings an active waiver covers (`true` = waived), and the second
/// evaluation's input. A waiver covers a finding when its `rule` names the
/// finding's rule (an id or a family) and, if it names a `model`, the
/// finding is about that entry (by entry name or by model reference).
pub fn apply(manifest: &Manifest, today: Date, findings: &[Finding]) -> (Vec<bool>, WaiversInput) {
    let mut matched = vec![0; manifest.waivers.len()];
    let waived = findings.iter().map(|finding| {
        let entry = finding
            .pointer
            .as_deref()
            .and_then(entry_index)
            .and_then(|i| manifest.models.get(i));
        let covering = manifest.waivers.iter().position(|waiver| {
            let active = waiver.expires.value >= today;
            let about_model = match (&waiver.model, entry) {
                (None, _) => true,
                (Some(model), Some(entry)) => {
                    entry.name.as_deref() == Some(model.value.as_str())
                        || entry.model.value == model.value
                }
                (Some(_), None) => false,
            };
            active && about_model && selector_matches(&waiver.rule.value, &finding.rule)
        });
        if let Some(i) = covering {
            matched[i] += 1;
        }
        covering.is_some()
    });
    let waived = waived.collect();
    let input = WaiversInput {
        schema: crate::normalize::INPUT_SCHEMA,
        today,
        waivers: manifest
            .waivers
            .iter()
            .enumerate()
            .map(|(index, waiver)| WaiverInput {
                index,
                pointer: format!("/waivers/{index}"),
                rule: waiver.rule.value.clone(),
                model: waiver.model.as_ref().map(|m| m.value.clone()),
                reason: waiver.reason.clone(),
                expires: waiver.expires.value,
                expires_pointer: waiver.expires.pointer.clone(),
                expired: waiver.expires.value < today,
                matched: matched[index],
            })
            .collect(),
    };
    (waived, input)
}
