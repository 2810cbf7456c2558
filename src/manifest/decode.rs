//! Turns the syntax tree into a typed [`Manifest`], rejecting everything the
//! v1 schema does not allow with an error at the exact characters.

use std::ops::Range;

use crate::syntax::table::{error, node_at, string, wrong_type, DecodeError, Result, Table};
use crate::syntax::tree::{Node, NodeValue};

use super::{At, Manifest, ModelEntry, Residency, Waiver, Workload};
use crate::catalog::Catalog;
use crate::date::Date;
use crate::error::did_you_mean;

pub fn decode(root: &Node, catalog: &Catalog) -> Result<Manifest> {
    let top = Table::new(root, String::new(), "the manifest")?;
    top.only(&["version", "workload", "models", "waivers"])?;
    let (version, _) = top.required("version")?;
    match version.value {
        NodeValue::Integer(1) => {}
        NodeValue::Integer(n) => {
            return Err(error(
                version.span.clone(),
                format!("unsupported manifest version {n}"),
                "unsupported version",
            )
            .help("this modelgate reads manifest version 1"))
        }
        _ => return Err(wrong_type(version, "version", "the integer 1")),
    }
    let (workload_node, workload_pointer) = top.required("workload")?;
    let workload = decode_workload(
        root,
        Table::new(workload_node, workload_pointer, "[workload]")?,
        catalog,
    )?;
    let models = match top.get("models") {
        None => Vec::new(),
        Some((node, pointer)) => array_of_tables(node, &pointer, "models")?
            .into_iter()
            .map(|table| decode_model(root, table, catalog))
            .collect::<Result<_>>()?,
    };
    let waivers = match top.get("waivers") {
        None => Vec::new(),
        Some((node, pointer)) => array_of_tables(node, &pointer, "waivers")?
            .into_iter()
            .map(|table| decode_waiver(root, table))
            .collect::<Result<_>>()?,
    };
    unique_names(root, &models)?;
    for entry in &models {
        if entry
            .regions
            .as_ref()
            .unwrap_or(&workload.regions)
            .is_empty()
        {
            let pointer = entry.model.pointer.trim_end_matches("/model");
            return Err(error(
                node_at(root, pointer).span.clone(),
                "this model entry is called from no Region",
                "no Regions",
            )
            .help("declare `regions` in [workload] or in this [[models]] entry"));
        }
    }
    Ok(Manifest {
        workload,
        models,
        waivers,
    })
}

/// Waivers name entries: two entries of one name would make a waiver
/// ambiguous, so the second is an error.
fn unique_names(root: &Node, models: &[ModelEntry]) -> Result<()> {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (index, entry) in models.iter().enumerate() {
        let Some(name) = entry.name.as_deref() else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
            let pointer = format!("{}/name", entry.model.pointer.trim_end_matches("/model"));
            return Err(error(
                node_at(root, &pointer).span.clone(),
                format!("duplicate entry name `{name}`"),
                "used again",
            )
            .help(format!(
                "entry names are unique, since waivers name entries: rename this one or [[models]] entry {} (the first `{name}`)",
                first + 1
            )));
        }
        seen.push((name, index));
    }
    Ok(())
}

fn array_of_tables<'a>(node: &'a Node, pointer: &str, key: &'static str) -> Result<Vec<Table<'a>>> {
    let NodeValue::Array(items) = &node.value else {
        return Err(wrong_type(node, key, "an array of tables"));
    };
    let what = if key == "models" {
        "a [[models]] entry"
    } else {
        "a [[waivers]] entry"
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| Table::new(item, format!("{pointer}/{i}"), what))
        .collect()
}

fn decode_workload(root: &Node, table: Table<'_>, catalog: &Catalog) -> Result<Workload> {
    table.only(&["name", "regions", "residency", "compliance"])?;
    let name = table.optional_string("name")?.map(|n| n.value);
    let regions = table.string_list("regions")?.unwrap_or_default();
    check_regions(root, &regions, catalog)?;
    let compliance = table.string_list("compliance")?.unwrap_or_default();
    for tag in &compliance {
        let span = node_at(root, &tag.pointer).span.clone();
        if let Some(err) = unknown_compliance(&tag.value, span, catalog) {
            return Err(err);
        }
    }
    let residency = table
        .get("residency")
        .map(|(node, pointer)| decode_residency(root, node, pointer, catalog))
        .transpose()?;
    Ok(Workload {
        name,
        regions,
        residency,
        compliance,
    })
}

fn decode_residency(
    root: &Node,
    node: &Node,
    pointer: String,
    catalog: &Catalog,
) -> Result<At<Residency>> {
    let value = match &node.value {
        NodeValue::String(name) => match name.as_str() {
            "none" => Residency::None,
            "regions" => Residency::OwnRegions,
            named => match unknown_boundary(named, node.span.clone(), catalog) {
                None => Residency::Named(named.to_string()),
                Some(err) => return Err(err),
            },
        },
        NodeValue::Array(items) => {
            let regions = items
                .iter()
                .enumerate()
                .map(|(i, item)| string(item, format!("{pointer}/{i}"), "residency"))
                .collect::<Result<Vec<_>>>()?;
            check_regions(root, &regions, catalog)?;
            Residency::Regions(regions)
        }
        _ => {
            return Err(wrong_type(
                node,
                "residency",
                "a boundary name or a list of Region codes",
            ))
        }
    };
    Ok(At { value, pointer })
}

fn check_regions(root: &Node, regions: &[At<String>], catalog: &Catalog) -> Result<()> {
    for region in regions {
        let span = node_at(root, &region.pointer).span.clone();
        if let Some(err) = unknown_region(&region.value, span, catalog) {
            return Err(err);
        }
    }
    Ok(())
}

/// The error for a Region code the catalog does not know (at `span`), with
/// a did-you-mean; `None` for a known one. Shared with the audit context,
/// whose Regions come from flags and `.modelgate.toml`.
pub fn unknown_region(code: &str, span: Range<usize>, catalog: &Catalog) -> Option<DecodeError> {
    if catalog.region(code).is_some() {
        return None;
    }
    let err = error(
        span,
        format!("unknown Region `{code}`"),
        "not a Region where Bedrock is offered",
    );
    let codes: Vec<&str> = catalog.regions().map(|r| r.code.as_str()).collect();
    Some(match did_you_mean(code, codes) {
        Some(near) => err.help(format!("did you mean `{near}`?")),
        None => err.help(
            "use an AWS Region code such as `eu-west-1`; `modelgate` knows the Regions in its catalog",
        ),
    })
}

/// The error for a compliance tag the catalog does not define (at `span`),
/// with a did-you-mean; `None` for a known one (case does not matter). A
/// typo'd tag would otherwise imply no boundary and pass in silence.
pub fn unknown_compliance(tag: &str, span: Range<usize>, catalog: &Catalog) -> Option<DecodeError> {
    if catalog.compliance_tag(tag).is_some() {
        return None;
    }
    let known: Vec<&str> = catalog
        .compliance_tags()
        .keys()
        .map(String::as_str)
        .collect();
    let err = error(
        span,
        format!("unknown compliance tag `{tag}`"),
        "unknown compliance tag",
    );
    let lower = tag.to_ascii_lowercase();
    Some(match did_you_mean(&lower, known.iter().copied()) {
        Some(near) => err.help(format!("did you mean `{near}`?")),
        None => err.help(format!(
            "the catalog defines these tags: {}; for another regime, declare its boundary with `residency`",
            known.join(", ")
        )),
    })
}

/// The error for a residency boundary name that is neither in the catalog
/// nor `regions` / `none` (at `span`); `None` for a known one.
pub fn unknown_boundary(name: &str, span: Range<usize>, catalog: &Catalog) -> Option<DecodeError> {
    if catalog.boundary(name).is_some() || name == "regions" || name == "none" {
        return None;
    }
    let named: Vec<&str> = catalog.boundary_names().collect();
    let err = error(
        span,
        format!("unknown residency boundary `{name}`"),
        "unknown boundary",
    );
    let candidates = named.iter().copied().chain(["regions", "none"]);
    Some(match did_you_mean(name, candidates) {
        Some(near) => err.help(format!("did you mean `{near}`?")),
        None => err.help(format!(
            "use a boundary from the catalog ({}), \"regions\", \"none\", or a list of Region codes",
            named.join(", ")
        )),
    })
}

/// One `[[models]]` entry on its own, its values' pointers under `pointer`.
pub(super) fn decode_entry(node: &Node, pointer: String, catalog: &Catalog) -> Result<ModelEntry> {
    decode_model(
        node,
        Table::new(node, pointer, "a [[models]] entry")?,
        catalog,
    )
}

fn decode_model(root: &Node, table: Table<'_>, catalog: &Catalog) -> Result<ModelEntry> {
    table.only(&["name", "model", "regions", "features", "max_output_tokens"])?;
    let name = table.optional_string("name")?.map(|n| n.value);
    let model = table.required_string("model")?;
    let regions = table.string_list("regions")?;
    if let Some(regions) = &regions {
        check_regions(root, regions, catalog)?;
    }
    let features = table.string_list("features")?.unwrap_or_default();
    for feature in &features {
        if !catalog.is_feature(&feature.value) {
            let span = node_at(root, &feature.pointer).span.clone();
            let err = error(
                span,
                format!("unknown feature `{}`", feature.value),
                "unknown feature",
            );
            let names: Vec<&str> = catalog.feature_names().collect();
            return Err(match did_you_mean(&feature.value, names.iter().copied()) {
                Some(near) => err.help(format!("did you mean `{near}`?")),
                None => err.help(format!("known features: {}", names.join(", "))),
            });
        }
    }
    let max_output_tokens = match table.get("max_output_tokens") {
        None => None,
        Some((node, pointer)) => match node.value {
            NodeValue::Integer(n) if n > 0 => Some(At {
                value: n as u64,
                pointer,
            }),
            _ => return Err(wrong_type(node, "max_output_tokens", "a positive integer")),
        },
    };
    Ok(ModelEntry {
        name,
        model,
        regions,
        features,
        max_output_tokens,
    })
}

fn decode_waiver(root: &Node, table: Table<'_>) -> Result<Waiver> {
    table.only(&["rule", "model", "reason", "expires"])?;
    let rule = table.required_string("rule")?;
    let model = table.optional_string("model")?;
    let reason = table.required_string("reason")?;
    if reason.value.trim().is_empty() {
        return Err(error(
            node_at(root, &reason.pointer).span.clone(),
            "a waiver needs a reason",
            "empty reason",
        ));
    }
    let (expires_node, expires_pointer) = table.required("expires")?;
    let text = match &expires_node.value {
        NodeValue::String(s) | NodeValue::Datetime(s) => s.clone(),
        _ => return Err(wrong_type(expires_node, "expires", "a date (YYYY-MM-DD)")),
    };
    let expires = text.parse::<Date>().map_err(|msg| {
        error(expires_node.span.clone(), msg, "not a date").help("write the date as YYYY-MM-DD")
    })?;
    Ok(Waiver {
        rule,
        model,
        reason: reason.value,
        expires: At {
            value: expires,
            pointer: expires_pointer,
        },
    })
}
