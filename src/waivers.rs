//! Waivers: time-boxed, justified exceptions declared in the manifest
//! (`[[waivers]]`). An active waiver removes the verdicts it covers; the
//! rules `waivers/expired` and `waivers/unused` then judge the waivers
//! themselves, in a second, small evaluation over what happened here.

use schemars::JsonSchema;
use serde::Serialize;

use crate::date::Date;
use crate::error::{Result, RunError};
use crate::manifest::{Manifest, ManifestFile};
use crate::rules::{RuleSet, Selector};
use crate::verdict::Verdict;

/// The waivers document: what the rules read as `input` in a second
/// evaluation, once the findings of a manifest with `[[waivers]]` are known
/// (only the `waivers/*` rules read it).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct WaiversInput {
    /// The version of the input documents' shape.
    #[schemars(extend("const" = crate::normalize::INPUT_SCHEMA))]
    pub schema: u32,
    /// `--today`: waivers expire as of this date.
    pub today: Date,
    /// The manifest's `[[waivers]]`, in order.
    pub waivers: Vec<WaiverInput>,
}

/// One `[[waivers]]` entry and what it did.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct WaiverInput {
    /// Its position in `waivers`.
    pub index: usize,
    /// `/waivers/N`.
    pub pointer: String,
    /// The rule id or family it waives, as written.
    pub rule: String,
    /// The entry name or model reference it is limited to; `null` for every
    /// entry.
    pub model: Option<String>,
    /// Why the exception is accepted.
    pub reason: String,
    /// The date after which it excuses nothing.
    pub expires: Date,
    /// JSON pointer of `expires`, e.g. `/waivers/0/expires`.
    pub expires_pointer: String,
    /// `expires` is before `today`.
    pub expired: bool,
    /// How many findings this waiver removed (expired waivers remove none).
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
