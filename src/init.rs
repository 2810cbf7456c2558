//! `modelgate init`: a starter manifest from what `audit` finds.
//!
//! The folder is walked and scanned exactly as `audit` does; every distinct
//! model or profile the code references becomes one `[[models]]` entry, with
//! a comment saying where it was found. The result is parsed as a manifest
//! before it is written, and an existing manifest is never overwritten.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::audit::scan::Scanner;
use crate::audit::walk::{self, WalkOptions};
use crate::catalog::Catalog;
use crate::cli::InitArgs;
use crate::config::{AuditConfig, Flags, Settings};
use crate::error::{did_you_mean, Result, RunError};
use crate::fsutil;
use crate::manifest::{unknown_compliance, ManifestFile, FILE_NAMES as MANIFEST_NAMES};
use crate::reference::{Reference, ReferenceKind};
use crate::run::load_catalog;
use crate::sanitize;
use crate::source::SourceFile;
use crate::text::plural;

/// Files larger than this are not scanned (as `audit`'s default).
const MAX_FILESIZE: u64 = 2 * 1024 * 1024;
/// Places listed in an entry's comment before "+N more".
const PLACES_SHOWN: usize = 3;

/// What the scan found: each declared reference and where it appears.
#[derive(Default)]
struct Inventory {
    references: BTreeMap<String, Vec<String>>,
    arn_regions: BTreeSet<String>,
    skipped: Vec<String>,
}

pub fn run(args: InitArgs) -> Result<ExitCode> {
    let root = &args.path;
    refuse_existing(root)?;
    let flags = Flags {
        catalog: args.catalog.catalog_dir.clone(),
        config: args.config.clone(),
        no_config: args.no_config,
        ..Flags::default()
    };
    let settings = Settings::resolve(&flags, root)?;
    let catalog = load_catalog(settings.catalog_dir.value.as_deref())?;
    let audit = &settings.audit;
    let excludes = audit.exclude.as_ref().map(|e| e.value.clone());
    let inventory = scan(root, &catalog, excludes.unwrap_or_default())?;
    let regions = regions(&args, audit, &inventory, &catalog)?;
    let residency = args
        .residency
        .clone()
        .or_else(|| audit.residency.as_ref().map(|r| r.value.clone()));
    let compliance = match (&args.compliance, &audit.compliance) {
        (flag, Some(configured)) if flag.is_empty() => configured.value.clone(),
        (flag, _) => flag.clone(),
    };
    for tag in &compliance {
        if let Some(err) = unknown_compliance(tag, 0..0, &catalog) {
            let error = RunError::plain(format!("--compliance: {}", err.message));
            return Err(match err.help {
                Some(help) => error.with_help(help),
                None => error,
            });
        }
    }
    let name = args.name.clone().unwrap_or_else(|| workload_name(root));
    let text = render(
        &name,
        &regions,
        residency.as_deref(),
        &compliance,
        &inventory,
    );
    // What init writes must be a manifest modelgate accepts.
    let target = root.join(MANIFEST_NAMES[0]);
    ManifestFile::parse(SourceFile::new(&target, text.as_str()), &catalog)?;
    let mut out = std::io::stdout().lock();
    if args.stdout {
        out.write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    fsutil::write_output(
        &target,
        text.as_bytes(),
        fsutil::Existing::Refuse,
        "the manifest",
    )?;
    for skipped in &inventory.skipped {
        eprintln!("modelgate: not declared: {skipped}");
    }
    writeln!(
        out,
        "wrote {} with {} found in the code; next: modelgate check {}",
        target.display(),
        plural(inventory.references.len(), "model"),
        root.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// init writes into a folder that has no manifest yet, and nowhere else.
fn refuse_existing(root: &Path) -> Result<()> {
    if !root.is_dir() {
        return Err(RunError::plain(format!(
            "{}: no such folder",
            root.display()
        )));
    }
    let existing = MANIFEST_NAMES
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.exists() || p.is_symlink());
    match existing {
        Some(link) if link.is_symlink() => Err(RunError::plain(format!(
            "{} is a symbolic link; modelgate init writes a new file and never through a link",
            link.display()
        ))
        .with_help("remove the link, or run `modelgate check` on the manifest it points to")),
        Some(existing) => Err(RunError::plain(format!(
            "{} already exists; modelgate init never overwrites a manifest",
            existing.display()
        ))
        .with_help("edit it, or run `modelgate check` on it")),
        None => Ok(()),
    }
}

/// Walks and scans `root` as `audit` does, keeping each reference in the
/// form a manifest declares it: a model or profile id (an ARN's Region and
/// account are the workload's business, not the manifest's).
fn scan(root: &Path, catalog: &Catalog, excludes: Vec<String>) -> Result<Inventory> {
    let scanner = Scanner::new(catalog)?;
    let options = WalkOptions {
        hidden: false,
        no_ignore: false,
        excludes,
        max_filesize: MAX_FILESIZE,
        record_scanned: false,
        only: None,
    };
    let (hits, _) = walk::walk(&[root.to_path_buf()], &options, &scanner)?;
    let mut inventory = Inventory::default();
    for hit in hits {
        let source = SourceFile::new(&hit.path, hit.text.as_str());
        for found in &hit.scanned.references {
            let place = source.line_col(found.span.start);
            // A file name may hold a line feed: in a TOML comment it would
            // start a line of its own.
            let place = format!("{}:{}", sanitize::line(&source.display_path()), place.line);
            let reference = Reference::parse(&found.normalized, catalog);
            let declared = match reference.kind {
                ReferenceKind::Malformed => {
                    inventory.skipped.push(format!(
                        "{place}: `{}` is malformed",
                        sanitize::line(&found.text)
                    ));
                    continue;
                }
                ReferenceKind::ApplicationProfileArn if found.templated => {
                    inventory.skipped.push(format!(
                        "{place}: `{}` is a templated application profile ARN",
                        sanitize::line(&found.text)
                    ));
                    continue;
                }
                ReferenceKind::ApplicationProfileArn => found.text.clone(),
                _ => match reference.profile_id.or(reference.model_id) {
                    Some(id) => id,
                    None => continue,
                },
            };
            if let Some(region) = &found.arn_region {
                inventory.arn_regions.insert(region.clone());
            }
            inventory
                .references
                .entry(declared)
                .or_default()
                .push(place);
        }
    }
    Ok(inventory)
}

/// The workload's Regions: the flag, else `[audit] regions`, else the
/// Regions the code's ARNs name. Without any, init cannot guess.
fn regions(
    args: &InitArgs,
    audit: &AuditConfig,
    inventory: &Inventory,
    catalog: &Catalog,
) -> Result<Vec<String>> {
    let regions: Vec<String> = if !args.regions.is_empty() {
        args.regions.clone()
    } else if let Some(configured) = &audit.regions {
        configured.value.clone()
    } else {
        inventory.arn_regions.iter().cloned().collect()
    };
    if regions.is_empty() && !inventory.references.is_empty() {
        return Err(RunError::plain("modelgate init cannot tell which Regions the workload calls Bedrock from")
            .with_help("pass them with --regions eu-west-1,eu-central-1 (or set [audit] regions in .modelgate.toml)"));
    }
    for region in &regions {
        if catalog.region(region).is_none() {
            let codes: Vec<&str> = catalog.regions().map(|r| r.code.as_str()).collect();
            let err = RunError::plain(format!("--regions: unknown Region `{region}`"));
            return Err(match did_you_mean(region, codes) {
                Some(near) => err.with_help(format!("did you mean `{near}`?")),
                None => err.with_help("use AWS Region codes such as eu-west-1"),
            });
        }
    }
    Ok(regions)
}

fn workload_name(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "workload".to_string())
}

/// A TOML basic string; JSON's escaping is valid TOML for these values.
fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| quoted(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `eu.anthropic.claude-haiku-4-5-20251001-v1:0` → `claude-haiku-4-5`.
fn entry_name(reference: &str) -> String {
    let id = reference.rsplit('/').next().unwrap_or(reference);
    let id = id.split(':').next().unwrap_or(id);
    let model = id.rsplit('.').next().unwrap_or(id);
    let kept: Vec<&str> = model
        .split('-')
        .filter(|part| {
            let is_date = part.len() == 8 && part.bytes().all(|b| b.is_ascii_digit());
            let is_version = part.len() >= 2
                && part.starts_with('v')
                && part[1..].bytes().all(|b| b.is_ascii_digit());
            !is_date && !is_version
        })
        .collect();
    if kept.is_empty() {
        "model".to_string()
    } else {
        kept.join("-")
    }
}

fn render(
    name: &str,
    regions: &[String],
    residency: Option<&str>,
    compliance: &[String],
    inventory: &Inventory,
) -> String {
    let mut text = String::from(
        "# Written by `modelgate init` from the model references found in this folder.\n\
         # Review the Regions, the residency boundary and each entry's features,\n\
         # then run `modelgate check`.\n\
         version = 1\n\n[workload]\n",
    );
    text.push_str(&format!("name = {}\n", quoted(name)));
    text.push_str(&format!("regions = {}\n", list(regions)));
    match residency {
        Some(residency) => text.push_str(&format!("residency = {}\n", quoted(residency))),
        None => text.push_str(
            "# residency = \"eu\"   # the boundary requests must stay in: a catalog boundary, \"regions\" or \"none\"\n",
        ),
    }
    if !compliance.is_empty() {
        text.push_str(&format!("compliance = {}\n", list(compliance)));
    }
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for (reference, places) in &inventory.references {
        let base = entry_name(reference);
        let count = used.entry(base.clone()).or_insert(0);
        *count += 1;
        let entry = if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        };
        let shown: Vec<&str> = places
            .iter()
            .take(PLACES_SHOWN)
            .map(String::as_str)
            .collect();
        let more = places.len().saturating_sub(PLACES_SHOWN);
        text.push_str(&format!(
            "\n# found {} time{}: {}{}\n[[models]]\nname = {}\nmodel = {}\n",
            places.len(),
            if places.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            },
            quoted(&entry),
            quoted(reference),
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_drop_prefixes_dates_and_versions() {
        assert_eq!(
            entry_name("eu.anthropic.claude-haiku-4-5-20251001-v1:0"),
            "claude-haiku-4-5"
        );
        assert_eq!(entry_name("amazon.nova-lite-v1:0"), "nova-lite");
        assert_eq!(
            entry_name("meta.llama3-3-70b-instruct-v1:0"),
            "llama3-3-70b-instruct"
        );
        assert_eq!(
            entry_name(
                "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3"
            ),
            "a1b2c3"
        );
    }
}
