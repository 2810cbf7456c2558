//! Fixes: which replacement references to try, and applying edits to the
//! original text so that comments and formatting survive.
//!
//! Candidates are only proposals. `check` applies each one in memory and
//! re-evaluates every rule; a candidate that leaves an error (or a warning) on
//! the value it edits, or adds an error anywhere, is never offered.

use std::cmp::Ordering;

use crate::catalog::{Catalog, LifecycleRow, LifecycleStatus, Model, PrefixScope};
use crate::date::Date;
use crate::error::Result;
use crate::finding::{Applicability, Edit, Finding, Location};
use crate::fsutil;
use crate::reference::{Reference, ReferenceKind};
use crate::report::{AppliedFix, FileDiff, Fixing};
use crate::source::SourceFile;

/// A replacement reference worth verifying.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub text: String,
    pub applicability: Applicability,
    pub description: String,
}

/// How many candidates are verified at most; each costs one evaluation.
const MAX_CANDIDATES: usize = 16;

/// Replacement references for `reference`, called from `regions`, best first:
/// the same model reached another way, then the documented replacement, then
/// newer models of the same family (newest first). Models past end of life
/// or legacy in any of the Regions, or not offered there, are left out.
pub fn candidates(
    catalog: &Catalog,
    today: Date,
    reference: &Reference,
    regions: &[String],
) -> Vec<Candidate> {
    if reference.kind == ReferenceKind::ApplicationProfileArn {
        return Vec::new();
    }
    let current = reference
        .model_id
        .as_deref()
        .and_then(|id| catalog.model(id));
    let mut out: Vec<Candidate> = Vec::new();
    if let Some(model) = current {
        for text in forms(catalog, model, reference, regions) {
            if text != reference.text {
                out.push(Candidate {
                    description: format!(
                        "call `{text}` instead: the same model, reached another way"
                    ),
                    text,
                    applicability: Applicability::Safe,
                });
            }
        }
    }
    // Where the entry is called, as the descriptions claim it; with no
    // Region known, availability was not checked, so nothing is claimed.
    let offered = |joined: &str| {
        if regions.is_empty() {
            String::new()
        } else {
            format!("{joined} offered where this entry is called")
        }
    };
    for (model, why) in successors(catalog, current, reference) {
        if !usable(model, today, regions) {
            continue;
        }
        for text in forms(catalog, model, reference, regions) {
            let name = &model.name;
            let description = match why {
                Why::Documented => {
                    format!("replace with `{text}` ({name}), the replacement its lifecycle source names")
                }
                Why::Newer => format!(
                    "replace with `{text}` ({name}): a modelgate suggestion (same family, newer, active{}), not an AWS recommendation; review before applying",
                    offered(",")
                ),
                Why::Similar => format!(
                    "replace with `{text}` ({name}), the closest catalog id that is active{}; check it is the model you meant",
                    offered(" and")
                ),
            };
            out.push(Candidate {
                text,
                applicability: Applicability::Unsafe,
                description,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert(c.text.clone()));
    out.truncate(MAX_CANDIDATES);
    out
}

/// The documented replacement first, then newer members of the family.
/// Why a model is proposed in place of the one referenced.
#[derive(Clone, Copy)]
enum Why {
    /// A lifecycle source names it as the replacement.
    Documented,
    /// A newer generation of the same family.
    Newer,
    /// The reference is unknown and this id is close to it.
    Similar,
}

fn successors<'a>(
    catalog: &'a Catalog,
    current: Option<&'a Model>,
    reference: &Reference,
) -> Vec<(&'a Model, Why)> {
    let mut out = Vec::new();
    let Some(current) = current else {
        // An unknown id: offer the close catalog ids it may be a typo of.
        let unknown = reference.model_id.as_deref().unwrap_or(&reference.text);
        return catalog
            .similar_ids(unknown)
            .iter()
            .filter_map(|id| {
                catalog
                    .model(id)
                    .or_else(|| catalog.profile(id).and_then(|p| catalog.model(&p.model)))
            })
            .map(|m| (m, Why::Similar))
            .collect();
    };
    if let Some(model) = current
        .replacement
        .as_ref()
        .and_then(|r| catalog.model(&r.model))
    {
        out.push((model, Why::Documented));
    }
    if let (Some(family), Some(generation)) = (&current.family, &current.generation) {
        let mut newer: Vec<&Model> = catalog
            .models()
            .filter(|m| m.family.as_ref() == Some(family))
            .filter(|m| {
                m.generation
                    .as_deref()
                    .is_some_and(|g| compare_generations(g, generation) == Ordering::Greater)
            })
            .collect();
        newer.sort_by(|a, b| {
            compare_generations(
                b.generation.as_deref().unwrap_or("0"),
                a.generation.as_deref().unwrap_or("0"),
            )
        });
        out.extend(newer.into_iter().map(|m| (m, Why::Newer)));
    }
    out
}

/// Dotted generations compared numerically: `3.5.1` > `3.5` > `3`.
pub fn compare_generations(a: &str, b: &str) -> Ordering {
    let parse = |s: &str| {
        s.split('.')
            .map(|p| p.parse::<u64>().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    parse(a).cmp(&parse(b))
}

/// Active (not legacy, not past end of life) in every Region, as far as the
/// catalog knows; with no Region known, in every Region the catalog has
/// facts for. A model with no lifecycle facts is not suggested.
fn usable(model: &Model, today: Date, regions: &[String]) -> bool {
    let active = |row: &LifecycleRow| row.status_on(today) == LifecycleStatus::Active;
    if regions.is_empty() {
        return !model.lifecycle.is_empty() && model.lifecycle.iter().all(active);
    }
    regions
        .iter()
        .all(|region| model.lifecycle_in(region).is_some_and(active))
}

/// The ways to call `model` from every one of `regions`, best first: the
/// original's kind of call (same profile prefix) first, then in-Region, then
/// geographic profiles, then global ones. ARNs keep their ARN form. With no
/// Region known, only the model id (where some Region offers it in-Region)
/// and a profile of the original's prefix: a profile of another geography
/// would be a guess at where the code runs.
fn forms(
    catalog: &Catalog,
    model: &Model,
    reference: &Reference,
    regions: &[String],
) -> Vec<String> {
    let mut ids: Vec<(u8, String)> = Vec::new();
    let unknown_regions = regions.is_empty();
    let in_region_everywhere = model.regions.as_ref().is_some_and(|r| {
        regions.iter().all(|region| r.in_region.contains(region))
            && !(unknown_regions && r.in_region.is_empty())
    });
    if in_region_everywhere {
        ids.push((
            if reference.prefix.is_none() { 0 } else { 2 },
            model.id.clone(),
        ));
    }
    for profile in catalog.profiles_for(&model.id) {
        let callable = |r: &String| {
            profile
                .routing
                .as_ref()
                .is_some_and(|routing| routing.contains_key(r))
        };
        if !regions.iter().all(callable) {
            continue;
        }
        let global = catalog
            .prefix(&profile.prefix)
            .is_some_and(|p| p.scope == PrefixScope::Global);
        let same_prefix = reference.prefix.as_deref() == Some(profile.prefix.as_str());
        if unknown_regions && !(same_prefix && profile.routing.is_some()) {
            continue;
        }
        let rank = if same_prefix {
            1
        } else if global {
            4
        } else {
            3
        };
        ids.push((rank, profile.id.clone()));
    }
    ids.sort();
    ids.into_iter()
        .flat_map(|(_, id)| as_reference_forms(reference, &id, catalog, regions))
        .collect()
}

/// Writes `id` the way the original was written: a bare id stays bare. An
/// ARN keeps its form when the resource type fits, moved into the Region the
/// entry is called from when there is exactly one; the plain id (which the
/// runtime APIs accept too) follows as the fallback, since one ARN cannot
/// serve several Regions and a profile ARN needs an account an FM ARN lacks.
fn as_reference_forms(
    original: &Reference,
    id: &str,
    catalog: &Catalog,
    regions: &[String],
) -> Vec<String> {
    let is_profile = id
        .split_once('.')
        .is_some_and(|(first, _)| catalog.prefix(first).is_some());
    let fields: Vec<&str> = original.text.trim().splitn(6, ':').collect();
    let arn = match (original.kind, fields.as_slice()) {
        (ReferenceKind::FoundationModelArn, [_, partition, _, region, _, _]) if !is_profile => {
            // The Region-less ARN of global profiles stays Region-less.
            let region = match (region.is_empty(), regions) {
                (false, [only]) => only.as_str(),
                _ => region,
            };
            Some(format!(
                "arn:{partition}:bedrock:{region}::foundation-model/{id}"
            ))
        }
        (ReferenceKind::InferenceProfileArn, [_, partition, _, region, account, _])
            if is_profile =>
        {
            let region = match regions {
                [only] => only.as_str(),
                _ => region,
            };
            Some(format!(
                "arn:{partition}:bedrock:{region}:{account}:inference-profile/{id}"
            ))
        }
        _ => None,
    };
    arn.into_iter()
        .chain(std::iter::once(id.to_string()))
        .collect()
}

/// Applies non-overlapping edits to `text` (an edit overlapping an earlier
/// one is skipped) and returns the new text and the indices (in `edits`) of
/// the edits applied. Bytes, not text: an audited file may hold invalid
/// UTF-8 outside the edits, which must come back unchanged.
pub fn apply_edits(text: &[u8], edits: &[Edit]) -> (Vec<u8>, Vec<usize>) {
    let mut sorted: Vec<(usize, &Edit)> = edits.iter().enumerate().collect();
    sorted.sort_by_key(|(_, e)| (e.span.start, e.span.end));
    let mut out = Vec::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = Vec::new();
    for (index, edit) in sorted {
        let (Some(kept), Some(_)) = (
            text.get(cursor..edit.span.start),
            text.get(edit.span.clone()),
        ) else {
            continue; // overlaps the previous edit, or lies outside the text
        };
        out.extend_from_slice(kept);
        out.extend_from_slice(edit.content.as_bytes());
        cursor = edit.span.end;
        applied.push(index);
    }
    out.extend_from_slice(text.get(cursor..).unwrap_or_default());
    (out, applied)
}

/// `--fix` on one file: the fixes of `findings` it allows (safe ones; all
/// with `unsafe_fixes`) applied to `original`, the file's bytes as read.
/// `None` when none applies.
pub fn apply_to_file<'f>(
    original: &[u8],
    findings: &[&'f Finding],
    unsafe_fixes: bool,
) -> Option<(Vec<u8>, Vec<&'f Finding>)> {
    let fixable: Vec<&'f Finding> = findings
        .iter()
        .copied()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
        })
        .collect();
    let edits: Vec<Edit> = fixable
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|fix| fix.edit.clone()))
        .collect();
    let (text, applied) = apply_edits(original, &edits);
    if applied.is_empty() {
        return None;
    }
    let fixed = applied
        .iter()
        .filter_map(|&i| fixable.get(i).copied())
        .collect();
    Some((text, fixed))
}

/// `--fix` on one file (`source`, whose bytes as read are `original`): the
/// fixes of `findings` it allows applied and written (atomically, at a
/// link's target, and never over a file changed since it was read), or,
/// with `fixing.preview` (`--diff`), kept for the diff; recorded in
/// `fixing` once done. Whether any applied.
pub fn fix_file(
    source: &SourceFile,
    original: &[u8],
    findings: &[&Finding],
    unsafe_fixes: bool,
    fixing: &mut Fixing,
    what: &str,
) -> Result<bool> {
    let Some((text, fixed)) = apply_to_file(original, findings, unsafe_fixes) else {
        return Ok(false);
    };
    if fixing.preview {
        fixing.diffs.push(FileDiff {
            path: source.display_path(),
            before: String::from_utf8_lossy(original).into_owned(),
            after: String::from_utf8_lossy(&text).into_owned(),
        });
    } else {
        fsutil::write_edited(source.path(), original, &text, what)?;
    }
    for finding in fixed {
        let Some(fix) = &finding.fix else { continue };
        fixing.applied.push(AppliedFix {
            rule: finding.rule.to_string(),
            location: Location::in_file(source, fix.edit.span.clone()),
            original: source
                .text()
                .get(fix.edit.span.clone())
                .unwrap_or_default()
                .to_string(),
            replacement: fix.edit.content.clone(),
            applicability: fix.applicability,
            description: fix.description.clone(),
        });
    }
    Ok(true)
}

/// A JSON value written as manifest syntax. JSON's string and number
/// literals are also valid TOML for the values fixes write.
pub fn literal(value: &serde_json::Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cap is what bounds a run's fix trials (policies/README.md,
    /// "Limits"): no reference of the catalog, from any set of Regions,
    /// gets more candidates.
    #[test]
    fn no_reference_gets_more_candidates_than_the_cap() {
        let catalog = Catalog::embedded().expect("the embedded catalog");
        let today: Date = "2026-11-29".parse().expect("a date");
        let all: Vec<String> = catalog.regions().map(|r| r.code.clone()).collect();
        let mut most = 0;
        for model in catalog.models() {
            let reference = Reference::parse(&model.id, &catalog);
            for regions in [&all[..], &all[..1], &[][..]] {
                let found = candidates(&catalog, today, &reference, regions).len();
                assert!(found <= MAX_CANDIDATES, "{}: {found}", model.id);
                most = most.max(found);
            }
        }
        assert!(
            most > 0,
            "no candidates at all: the test would hold vacuously"
        );
    }

    #[test]
    fn generations_compare_numerically() {
        assert_eq!(compare_generations("4.10", "4.9"), Ordering::Greater);
        assert_eq!(compare_generations("3.5.1", "3.5"), Ordering::Greater);
        assert_eq!(compare_generations("3", "3.0"), Ordering::Less);
    }

    #[test]
    fn edits_apply_in_order_and_skip_overlaps() {
        let edits = vec![
            Edit {
                span: 4..5,
                content: "X".into(),
            },
            Edit {
                span: 0..1,
                content: "Y".into(),
            },
            Edit {
                span: 4..6,
                content: "Z".into(),
            },
        ];
        assert_eq!(
            apply_edits(b"abcdefg", &edits),
            (b"YbcdXfg".to_vec(), vec![1, 0])
        );
        // Bytes that are not UTF-8 outside the edits come back unchanged.
        let (text, _) = apply_edits(b"\xffbcdefg", &edits[..1]);
        assert_eq!(text, b"\xffbcdXfg".to_vec());
    }
}
