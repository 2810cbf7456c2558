//! Consistency checks over a freshly parsed catalog, run on every load (the
//! embedded catalog, `--catalog DIR`, and a folder `catalog import` is about
//! to write). The serde types already enforce each file's shape; these checks
//! enforce what ties the files together (`catalog/README.md`, "Consistency").
//!
//! Every problem is located: the file, and the JSON pointer of the offending
//! value, which is turned into `file:line:col` only when something is wrong,
//! so the happy path costs a few map lookups.

use std::collections::{BTreeMap, BTreeSet};

use crate::date::Date;
use crate::error::{did_you_mean, Result, RunError};
use crate::source::SourceFile;
use crate::syntax::tree::parse_json;

use super::schema::*;

/// The parsed files of one catalog, as read, before indexing (indexing would
/// hide duplicates).
pub struct Sources<'a> {
    pub meta: (&'a SourceFile, &'a CatalogMeta),
    pub regions: (&'a SourceFile, &'a RegionsFile),
    pub prefixes: (&'a SourceFile, &'a PrefixesFile),
    pub features: (&'a SourceFile, &'a FeaturesFile),
    pub profiles: (&'a SourceFile, &'a ProfilesFile),
    pub models: Vec<(&'a SourceFile, &'a ModelsFile)>,
}

/// One inconsistency: where, and what.
#[derive(Clone, Debug)]
pub struct Problem {
    pub file: SourceFile,
    pub pointer: String,
    pub message: String,
}

/// The schema version this build reads.
pub const SCHEMA: u32 = 1;

/// All problems of `sources`, in file order.
pub fn problems(sources: &Sources<'_>) -> Vec<Problem> {
    let mut v = Validator {
        problems: Vec::new(),
        regions: sources
            .regions
            .1
            .regions
            .iter()
            .map(|r| r.code.as_str())
            .collect(),
        features: sources
            .features
            .1
            .features
            .keys()
            .map(String::as_str)
            .collect(),
        prefixes: sources
            .prefixes
            .1
            .prefixes
            .keys()
            .map(String::as_str)
            .collect(),
        models: sources
            .models
            .iter()
            .flat_map(|(_, f)| f.models.iter().map(|m| m.id.as_str()))
            .collect(),
    };
    v.meta(sources.meta.0, sources.meta.1);
    v.regions_file(sources.regions.0, sources.regions.1);
    v.prefixes_file(sources.prefixes.0, sources.prefixes.1);
    let mut seen: BTreeMap<&str, (String, String)> = BTreeMap::new();
    for (file, models) in &sources.models {
        for (i, model) in models.models.iter().enumerate() {
            let pointer = format!("/models/{i}");
            if let Some((other, _)) = seen.get(model.id.as_str()) {
                v.push(
                    file,
                    format!("{pointer}/id"),
                    format!("model `{}` is defined twice (also in {other})", model.id),
                );
            } else {
                seen.insert(&model.id, (file.display_path(), pointer.clone()));
            }
            v.model(file, &pointer, model);
            v.model_disputes(file, &pointer, model);
        }
    }
    v.profiles_file(sources.profiles.0, sources.profiles.1, &seen);
    v.profile_disputes(sources.profiles.0, sources.profiles.1);
    v.problems
}

/// `Ok` when `sources` is consistent; otherwise a run error at the first
/// problem, listing the others (each as `file:line:col: message`) in its help.
pub fn check(sources: &Sources<'_>) -> Result<()> {
    let problems = problems(sources);
    let Some(first) = problems.first() else {
        return Ok(());
    };
    let mut trees = BTreeMap::new();
    let mut span_of = |problem: &Problem| {
        let tree = trees
            .entry(problem.file.display_path())
            .or_insert_with(|| parse_json(problem.file.text()).ok());
        tree.as_ref()
            .map(|t| t.span_of(&problem.pointer))
            .unwrap_or(0..0)
    };
    let span = span_of(first);
    let err = RunError::at(
        &first.file,
        span,
        format!("inconsistent catalog: {}", first.message),
        "here",
    );
    let rest: Vec<String> = problems[1..]
        .iter()
        .take(20)
        .map(|p| {
            let at = p.file.line_col(span_of(p).start);
            format!(
                "{}:{}:{}: {}",
                p.file.display_path(),
                at.line,
                at.column,
                p.message
            )
        })
        .collect();
    let mut help =
        String::from("catalog/README.md (\"Consistency\") lists what a catalog must satisfy");
    if !rest.is_empty() {
        let more = problems.len() - 1 - rest.len();
        help = format!(
            "{} more problem{}:\n{}{}\n{help}",
            problems.len() - 1,
            if problems.len() == 2 { "" } else { "s" },
            rest.join("\n"),
            if more > 0 {
                format!("\n… and {more} more")
            } else {
                String::new()
            }
        );
    }
    Err(err.with_help(help))
}

struct Validator<'a> {
    problems: Vec<Problem>,
    regions: BTreeSet<&'a str>,
    features: BTreeSet<&'a str>,
    prefixes: BTreeSet<&'a str>,
    models: BTreeSet<&'a str>,
}

impl Validator<'_> {
    fn push(&mut self, file: &SourceFile, pointer: String, message: String) {
        self.problems.push(Problem {
            file: file.clone(),
            pointer,
            message,
        });
    }

    fn source(&mut self, file: &SourceFile, pointer: &str, source: &str, what: &str) {
        if source.trim().is_empty() {
            self.push(
                file,
                format!("{pointer}/source"),
                format!("{what} has an empty `source`: every fact names where it came from"),
            );
        }
    }

    fn date(&mut self, file: &SourceFile, pointer: String, text: Option<&str>) {
        if let Some(text) = text {
            if let Err(why) = text.parse::<Date>() {
                self.push(file, pointer, why);
            }
        }
    }

    fn region(&mut self, file: &SourceFile, pointer: String, code: &str, star: bool) {
        if star && code == "*" {
            return;
        }
        if !self.regions.contains(code) {
            let hint = did_you_mean(code, self.regions.iter().copied())
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            self.push(
                file,
                pointer,
                format!("unknown Region `{code}`: it is not in regions.json{hint}"),
            );
        }
    }

    fn region_list(&mut self, file: &SourceFile, pointer: &str, list: &[String], star: bool) {
        let mut seen = BTreeSet::new();
        for (i, code) in list.iter().enumerate() {
            self.region(file, format!("{pointer}/{i}"), code, star);
            if !seen.insert(code) {
                self.push(
                    file,
                    format!("{pointer}/{i}"),
                    format!("Region `{code}` is listed twice"),
                );
            }
        }
    }

    fn meta(&mut self, file: &SourceFile, meta: &CatalogMeta) {
        if meta.schema != SCHEMA {
            self.push(
                file,
                "/schema".into(),
                format!(
                    "catalog schema {} is not supported (this modelgate reads schema {SCHEMA})",
                    meta.schema
                ),
            );
        }
        for (label, source) in &meta.sources {
            let pointer = format!("/sources/{}", escape(label));
            if source.url.trim().is_empty() {
                self.push(
                    file,
                    format!("{pointer}/url"),
                    format!("source `{label}` has an empty `url`"),
                );
            }
            self.date(file, format!("{pointer}/date"), source.date.as_deref());
        }
    }

    fn regions_file(&mut self, file: &SourceFile, regions: &RegionsFile) {
        let mut seen = BTreeSet::new();
        for (i, region) in regions.regions.iter().enumerate() {
            let pointer = format!("/regions/{i}");
            if !seen.insert(region.code.as_str()) {
                self.push(
                    file,
                    format!("{pointer}/code"),
                    format!("Region `{}` is defined twice", region.code),
                );
            }
            self.source(
                file,
                &pointer,
                &region.source,
                &format!("Region `{}`", region.code),
            );
        }
        for (name, boundary) in &regions.boundaries {
            let pointer = format!("/boundaries/{}", escape(name));
            self.region_list(
                file,
                &format!("{pointer}/regions"),
                &boundary.regions,
                false,
            );
            self.source(
                file,
                &pointer,
                &boundary.source,
                &format!("boundary `{name}`"),
            );
        }
        for (name, tag) in &regions.compliance {
            let pointer = format!("/compliance/{}", escape(name));
            self.source(
                file,
                &pointer,
                &tag.source,
                &format!("compliance tag `{name}`"),
            );
            if !regions.boundaries.contains_key(&tag.boundary) {
                self.push(
                    file,
                    format!("{pointer}/boundary"),
                    format!(
                        "compliance tag `{name}` implies the boundary `{}`, which regions.json does not define",
                        tag.boundary
                    ),
                );
            }
        }
    }

    fn prefixes_file(&mut self, file: &SourceFile, prefixes: &PrefixesFile) {
        for (name, prefix) in &prefixes.prefixes {
            let pointer = format!("/prefixes/{}", escape(name));
            self.source(file, &pointer, &prefix.source, &format!("prefix `{name}`"));
        }
    }

    fn model(&mut self, file: &SourceFile, pointer: &str, model: &Model) {
        let id = &model.id;
        if id.trim().is_empty() {
            self.push(
                file,
                format!("{pointer}/id"),
                "a model has an empty id".into(),
            );
        }
        if let Some(regions) = &model.regions {
            self.model_regions(file, &format!("{pointer}/regions"), id, regions);
        }
        self.lifecycle(file, pointer, model);
        if let Some(replacement) = &model.replacement {
            self.replacement(file, &format!("{pointer}/replacement"), id, replacement);
        }
        for (name, fact) in &model.features {
            let base = format!("{pointer}/features/{}", escape(name));
            self.feature(file, &base, id, name, fact);
        }
        for (key, limit) in [
            ("context_window", &model.limits.context_window),
            ("max_output_tokens", &model.limits.max_output_tokens),
        ] {
            let Some(limit) = limit else { continue };
            let base = format!("{pointer}/limits/{key}");
            self.source(
                file,
                &base,
                &limit.source,
                &format!("limit `{key}` of `{id}`"),
            );
            if limit.upper.is_some_and(|upper| upper < limit.value) {
                self.push(
                    file,
                    format!("{base}/upper"),
                    format!("`{id}`: `{key}.upper` is below its `value`"),
                );
            }
        }
    }

    /// Known Regions, each in one mode only.
    fn model_regions(&mut self, file: &SourceFile, base: &str, id: &str, regions: &ModelRegions) {
        self.source(
            file,
            base,
            &regions.source,
            &format!("the Regions of `{id}`"),
        );
        self.date(file, format!("{base}/as_of"), regions.as_of.as_deref());
        let mut mode: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, list) in [
            ("in_region", &regions.in_region),
            ("profile_only", &regions.profile_only),
            ("mode_unknown", &regions.mode_unknown),
        ] {
            self.region_list(file, &format!("{base}/{key}"), list, false);
            for (i, code) in list.iter().enumerate() {
                if let Some(other) = mode.insert(code, key) {
                    if other != key {
                        self.push(
                            file,
                            format!("{base}/{key}/{i}"),
                            format!("`{id}`: Region `{code}` is in both `{other}` and `{key}`"),
                        );
                    }
                }
            }
        }
    }

    /// Each row sourced, covering known Regions, dates in order; no Region
    /// covered by two rows.
    fn lifecycle(&mut self, file: &SourceFile, pointer: &str, model: &Model) {
        let id = &model.id;
        let mut covered: BTreeMap<&str, usize> = BTreeMap::new();
        for (r, row) in model.lifecycle.iter().enumerate() {
            let base = format!("{pointer}/lifecycle/{r}");
            self.source(
                file,
                &base,
                &row.source,
                &format!("a lifecycle row of `{id}`"),
            );
            self.date(file, format!("{base}/as_of"), row.as_of.as_deref());
            if row.regions.is_empty() {
                self.push(
                    file,
                    format!("{base}/regions"),
                    format!("a lifecycle row of `{id}` covers no Region"),
                );
            }
            self.region_list(file, &format!("{base}/regions"), &row.regions, true);
            for (i, code) in row.regions.iter().enumerate() {
                if let Some(other) = covered.insert(code, r) {
                    if other != r {
                        self.push(
                            file,
                            format!("{base}/regions/{i}"),
                            format!("`{id}`: lifecycle rows {other} and {r} both cover `{code}`"),
                        );
                    }
                }
            }
            self.date_order(file, &base, id, row);
        }
    }

    /// Legacy, public extended access and end of life, where stated, in
    /// that order.
    fn date_order(&mut self, file: &SourceFile, base: &str, id: &str, row: &LifecycleRow) {
        let ordered = [
            ("legacy", row.legacy),
            ("public_extended_access", row.public_extended_access),
            ("end_of_life", row.end_of_life),
        ];
        let dated: Vec<_> = ordered
            .iter()
            .filter_map(|(k, d)| d.map(|d| (*k, d)))
            .collect();
        for pair in dated.windows(2) {
            if pair[1].1 < pair[0].1 {
                self.push(
                    file,
                    format!("{base}/{}", pair[1].0),
                    format!(
                        "`{id}`: `{}` ({}) is before `{}` ({})",
                        pair[1].0, pair[1].1, pair[0].0, pair[0].1
                    ),
                );
            }
        }
    }

    fn replacement(&mut self, file: &SourceFile, base: &str, id: &str, replacement: &Replacement) {
        self.source(
            file,
            base,
            &replacement.source,
            &format!("the replacement of `{id}`"),
        );
        if !self.models.contains(replacement.model.as_str()) {
            self.push(
                file,
                format!("{base}/model"),
                format!(
                    "the replacement `{}` of `{id}` is not a catalog model",
                    replacement.model
                ),
            );
        }
    }

    fn feature(&mut self, file: &SourceFile, base: &str, id: &str, name: &str, fact: &FeatureFact) {
        if !self.features.contains(name) {
            let hint = did_you_mean(name, self.features.iter().copied())
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            self.push(
                file,
                base.to_string(),
                format!("`{id}`: unknown feature `{name}`: it is not in features.json{hint}"),
            );
        }
        self.source(
            file,
            base,
            &fact.source,
            &format!("feature `{name}` of `{id}`"),
        );
        for (key, list) in [
            ("regions", &fact.regions),
            ("profile_regions", &fact.profile_regions),
        ] {
            if let Some(list) = list {
                self.region_list(file, &format!("{base}/{key}"), list, false);
            }
        }
    }

    fn profiles_file(
        &mut self,
        file: &SourceFile,
        profiles: &ProfilesFile,
        models: &BTreeMap<&str, (String, String)>,
    ) {
        let mut seen = BTreeSet::new();
        for (i, profile) in profiles.profiles.iter().enumerate() {
            let pointer = format!("/profiles/{i}");
            let id = &profile.id;
            if !seen.insert(id.as_str()) {
                self.push(
                    file,
                    format!("{pointer}/id"),
                    format!("profile `{id}` is defined twice"),
                );
            }
            if let Some((other, _)) = models.get(id.as_str()) {
                self.push(
                    file,
                    format!("{pointer}/id"),
                    format!("`{id}` is both a profile and a model (in {other}): ids are unique across the catalog"),
                );
            }
            if !self.prefixes.contains(profile.prefix.as_str()) {
                let hint = did_you_mean(&profile.prefix, self.prefixes.iter().copied())
                    .map(|near| format!(" (did you mean `{near}`?)"))
                    .unwrap_or_default();
                self.push(
                    file,
                    format!("{pointer}/prefix"),
                    format!(
                        "profile `{id}`: unknown prefix `{}`: it is not in prefixes.json{hint}",
                        profile.prefix
                    ),
                );
            } else if !id.starts_with(&format!("{}.", profile.prefix)) {
                self.push(
                    file,
                    format!("{pointer}/id"),
                    format!(
                        "profile `{id}` does not start with its prefix `{}.`",
                        profile.prefix
                    ),
                );
            }
            if !self.models.contains(profile.model.as_str()) {
                let hint = did_you_mean(&profile.model, self.models.iter().copied())
                    .map(|near| format!(" (did you mean `{near}`?)"))
                    .unwrap_or_default();
                self.push(
                    file,
                    format!("{pointer}/model"),
                    format!(
                        "profile `{id}`: its model `{}` is not in the catalog{hint}",
                        profile.model
                    ),
                );
            }
            self.source(file, &pointer, &profile.source, &format!("profile `{id}`"));
            self.date(file, format!("{pointer}/as_of"), profile.as_of.as_deref());
            if let Some(routing) = &profile.routing {
                for (source, destinations) in routing {
                    let base = format!("{pointer}/routing/{}", escape(source));
                    self.region(file, base.clone(), source, false);
                    self.region_list(file, &base, destinations, false);
                }
            }
        }
    }
}

/// Disputes: the other readings the catalog keeps where copies of a page
/// disagree and no evidence orders them (`catalog/README.md`, "Disputes").
/// Each is a fact like any other: it names its source and only known
/// Regions, and its dates are in order.
impl Validator<'_> {
    fn model_disputes(&mut self, file: &SourceFile, pointer: &str, model: &Model) {
        let id = &model.id;
        if let Some(regions) = &model.regions {
            for (d, dispute) in regions.disputes.iter().enumerate() {
                let base = format!("{pointer}/regions/disputes/{d}");
                self.dispute_text(file, &base, &dispute.source, &dispute.note, id);
                let mut mode: BTreeMap<&str, &str> = BTreeMap::new();
                for (key, list) in [
                    ("in_region", &dispute.in_region),
                    ("profile_only", &dispute.profile_only),
                    ("mode_unknown", &dispute.mode_unknown),
                ] {
                    self.region_list(file, &format!("{base}/{key}"), list, false);
                    for (i, code) in list.iter().enumerate() {
                        if mode.insert(code, key).is_some_and(|other| other != key) {
                            self.push(
                                file,
                                format!("{base}/{key}/{i}"),
                                format!("`{id}`: a Regions dispute places `{code}` twice"),
                            );
                        }
                    }
                }
            }
        }
        for (r, row) in model.lifecycle.iter().enumerate() {
            for (d, dispute) in row.disputes.iter().enumerate() {
                let base = format!("{pointer}/lifecycle/{r}/disputes/{d}");
                self.dispute_text(file, &base, &dispute.source, &dispute.note, id);
                let dated: Vec<_> = [
                    ("legacy", dispute.legacy),
                    ("public_extended_access", dispute.public_extended_access),
                    ("end_of_life", dispute.end_of_life),
                ]
                .into_iter()
                .filter_map(|(k, d)| d.map(|d| (k, d)))
                .collect();
                if dated.is_empty() && dispute.status.is_none() {
                    self.push(
                        file,
                        base.clone(),
                        format!("a lifecycle dispute of `{id}` states neither a status nor a date"),
                    );
                }
                for pair in dated.windows(2) {
                    if pair[1].1 < pair[0].1 {
                        self.push(
                            file,
                            format!("{base}/{}", pair[1].0),
                            format!(
                                "`{id}`: `{}` ({}) is before `{}` ({})",
                                pair[1].0, pair[1].1, pair[0].0, pair[0].1
                            ),
                        );
                    }
                }
            }
        }
    }

    fn profile_disputes(&mut self, file: &SourceFile, profiles: &ProfilesFile) {
        for (i, profile) in profiles.profiles.iter().enumerate() {
            for (d, dispute) in profile.disputes.iter().enumerate() {
                let base = format!("/profiles/{i}/disputes/{d}");
                self.dispute_text(file, &base, &dispute.source, &dispute.note, &profile.id);
                if dispute.routing.is_empty() {
                    self.push(
                        file,
                        format!("{base}/routing"),
                        format!(
                            "a routing dispute of `{}` names no source Region",
                            profile.id
                        ),
                    );
                }
                for (source, destinations) in &dispute.routing {
                    let at = format!("{base}/routing/{}", escape(source));
                    self.region(file, at.clone(), source, false);
                    self.region_list(file, &at, destinations, false);
                }
            }
        }
    }

    fn dispute_text(&mut self, file: &SourceFile, base: &str, source: &str, note: &str, id: &str) {
        self.source(file, base, source, &format!("a dispute of `{id}`"));
        if note.trim().is_empty() {
            self.push(
                file,
                format!("{base}/note"),
                format!(
                    "a dispute of `{id}` has an empty `note`: say why the readings are not ordered"
                ),
            );
        }
    }
}

/// A JSON pointer token (RFC 6901).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
