//! The facts modelgate judges against, loaded once and indexed.
//!
//! The data lives in `catalog/` as reviewable JSON files (documented in
//! `catalog/README.md`), embedded in the binary at build time. `--catalog DIR`
//! replaces them with a folder of the same shape.

pub mod schema;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Result, RunError};
use crate::fsutil;
use crate::source::SourceFile;
pub use schema::*;

/// The embedded catalog in its compact form, prepared from `catalog/` by
/// `build.rs`.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.msgpack"));

/// The loaded catalog with the indexes lookups need.
#[derive(Debug)]
pub struct Catalog {
    pub meta: CatalogMeta,
    pub origin: String,
    regions: BTreeMap<String, Region>,
    boundaries: BTreeMap<String, Boundary>,
    compliance: BTreeMap<String, ComplianceTag>,
    prefixes: BTreeMap<String, Prefix>,
    features: BTreeMap<String, FeatureInfo>,
    models: BTreeMap<String, Model>,
    profiles: BTreeMap<String, Profile>,
    profiles_by_model: HashMap<String, Vec<String>>,
    providers: BTreeSet<String>,
}

/// The whole catalog in one document: what a folder's files are parsed
/// into, and the embedded copy's compact form (`build.rs` writes it with the
/// same keys).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub meta: CatalogMeta,
    pub regions: RegionsFile,
    pub prefixes: PrefixesFile,
    pub features: FeaturesFile,
    pub profiles: ProfilesFile,
    pub models: Vec<ModelsFile>,
}

/// Where catalog files are read from: a folder.
trait CatalogFiles {
    fn read(&self, name: &str) -> Result<Option<SourceFile>>;
    fn model_files(&self) -> Result<Vec<SourceFile>>;
}

struct Folder<'a>(&'a Path);

impl CatalogFiles for Folder<'_> {
    fn read(&self, name: &str) -> Result<Option<SourceFile>> {
        let path = self.0.join(name);
        if !path.exists() {
            return Ok(None);
        }
        read_text(&path).map(Some)
    }

    fn model_files(&self) -> Result<Vec<SourceFile>> {
        let dir = self.0.join("models");
        let entries = std::fs::read_dir(&dir).map_err(|err| {
            RunError::plain(format!("cannot read the catalog folder {}: {err}", dir.display()))
                .with_help("a catalog folder holds catalog.json, regions.json, prefixes.json, features.json, profiles.json and models/*.json (see catalog/README.md)")
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        paths.iter().map(|p| read_text(p)).collect()
    }
}

/// A UTF-8 text file of at most the catalog limit, with errors that name it.
pub fn read_text(path: &Path) -> Result<SourceFile> {
    fsutil::read_source(path, fsutil::CATALOG_LIMIT, "the catalog file")
}

fn parse_file<T: DeserializeOwned>(file: &SourceFile) -> Result<T> {
    serde_json::from_str(file.text()).map_err(|err| {
        let offset = offset_of(file.text(), err.line(), err.column());
        RunError::at(
            file,
            offset..offset,
            format!("invalid catalog file: {err}"),
            "here",
        )
        .with_help("see catalog/README.md for the schema of catalog files")
    })
}

/// serde_json reports 1-based lines and columns; turn them into an offset.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

impl Catalog {
    /// The catalog built into modelgate. It was validated when it was built
    /// and by the tests (which also check that it decodes to exactly the
    /// facts of `catalog/`), so it is only decoded here.
    pub fn embedded() -> Result<Self> {
        let bundle: Bundle = rmp_serde::from_slice(EMBEDDED).map_err(|err| {
            RunError::plain(format!("the embedded catalog does not decode: {err}")).with_help(
                "this binary was built wrongly: rebuild modelgate, or pass --catalog DIR",
            )
        })?;
        Ok(Self::assemble(bundle, "embedded".to_string()))
    }

    pub fn from_dir(dir: &Path) -> Result<Self> {
        Ok(Self::assemble(
            Self::bundle_from_dir(dir)?,
            dir.display().to_string(),
        ))
    }

    /// The facts of a catalog folder, parsed and validated.
    pub fn bundle_from_dir(dir: &Path) -> Result<Bundle> {
        if !dir.is_dir() {
            return Err(RunError::plain(format!(
                "--catalog {}: no such folder",
                dir.display()
            )));
        }
        Self::read(&Folder(dir), &dir.display().to_string())
    }

    /// The embedded catalog's facts, as decoded.
    pub fn embedded_bundle() -> Result<Bundle> {
        rmp_serde::from_slice(EMBEDDED)
            .map_err(|err| RunError::plain(format!("the embedded catalog does not decode: {err}")))
    }

    fn read(files: &dyn CatalogFiles, origin: &str) -> Result<Bundle> {
        let required = |name: &str| -> Result<SourceFile> {
            files.read(name)?.ok_or_else(|| {
                RunError::plain(format!("the {origin} catalog has no {name}"))
                    .with_help("a catalog folder holds catalog.json, regions.json, prefixes.json, features.json, profiles.json and models/*.json")
            })
        };
        let meta_src = required("catalog.json")?;
        let regions_src = required("regions.json")?;
        let prefixes_src = required("prefixes.json")?;
        let features_src = required("features.json")?;
        let profiles_src = required("profiles.json")?;
        let bundle = Bundle {
            meta: parse_file(&meta_src)?,
            regions: parse_file(&regions_src)?,
            prefixes: parse_file(&prefixes_src)?,
            features: parse_file(&features_src)?,
            profiles: parse_file(&profiles_src)?,
            models: Vec::new(),
        };
        let model_files = files.model_files()?;
        let models = model_files
            .iter()
            .map(parse_file::<ModelsFile>)
            .collect::<Result<Vec<_>>>()?;
        validate::check(&validate::Sources {
            meta: (&meta_src, &bundle.meta),
            regions: (&regions_src, &bundle.regions),
            prefixes: (&prefixes_src, &bundle.prefixes),
            features: (&features_src, &bundle.features),
            profiles: (&profiles_src, &bundle.profiles),
            models: model_files.iter().zip(&models).collect(),
        })?;
        Ok(Bundle { models, ..bundle })
    }

    /// The facts indexed for lookups.
    fn assemble(bundle: Bundle, origin: String) -> Self {
        let models: BTreeMap<String, Model> = bundle
            .models
            .into_iter()
            .flat_map(|file| file.models)
            .map(|model| (model.id.clone(), model))
            .collect();
        let mut profiles_by_model: HashMap<String, Vec<String>> = HashMap::new();
        for profile in &bundle.profiles.profiles {
            profiles_by_model
                .entry(profile.model.clone())
                .or_default()
                .push(profile.id.clone());
        }
        let providers = models
            .keys()
            .filter_map(|id| id.split_once('.').map(|(provider, _)| provider.to_string()))
            .collect();
        Catalog {
            meta: bundle.meta,
            origin,
            regions: bundle
                .regions
                .regions
                .into_iter()
                .map(|r| (r.code.clone(), r))
                .collect(),
            boundaries: bundle.regions.boundaries,
            compliance: bundle.regions.compliance,
            prefixes: bundle.prefixes.prefixes,
            features: bundle.features.features,
            models,
            profiles: bundle
                .profiles
                .profiles
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect(),
            profiles_by_model,
            providers,
        }
    }

    pub fn as_of(&self) -> Date {
        self.meta.as_of
    }

    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.get(id)
    }

    pub fn models(&self) -> impl Iterator<Item = &Model> {
        self.models.values()
    }

    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.get(id)
    }

    pub fn profiles(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.values()
    }

    /// The system-defined profiles that serve `model_id`, in id order.
    pub fn profiles_for(&self, model_id: &str) -> impl Iterator<Item = &Profile> {
        self.profiles_by_model
            .get(model_id)
            .into_iter()
            .flatten()
            .filter_map(|id| self.profiles.get(id))
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.get(code)
    }

    pub fn regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.values()
    }

    pub fn commercial_regions(&self) -> Vec<String> {
        self.regions
            .values()
            .filter(|r| r.commercial)
            .map(|r| r.code.clone())
            .collect()
    }

    pub fn boundary(&self, name: &str) -> Option<&Boundary> {
        self.boundaries.get(name)
    }

    pub fn boundary_names(&self) -> impl Iterator<Item = &str> {
        self.boundaries.keys().map(String::as_str)
    }

    /// The compliance tag `name` (matched without regard to case), with
    /// the name it is defined under.
    pub fn compliance_tag(&self, name: &str) -> Option<(&str, &ComplianceTag)> {
        self.compliance
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(name))
            .map(|(tag, value)| (tag.as_str(), value))
    }

    pub fn compliance_tags(&self) -> &BTreeMap<String, ComplianceTag> {
        &self.compliance
    }

    pub fn boundaries(&self) -> &BTreeMap<String, Boundary> {
        &self.boundaries
    }

    pub fn prefixes(&self) -> &BTreeMap<String, Prefix> {
        &self.prefixes
    }

    pub fn features(&self) -> &BTreeMap<String, FeatureInfo> {
        &self.features
    }

    pub fn prefix(&self, prefix: &str) -> Option<&Prefix> {
        self.prefixes.get(prefix)
    }

    pub fn prefix_names(&self) -> impl Iterator<Item = &str> {
        self.prefixes.keys().map(String::as_str)
    }

    pub fn is_feature(&self, name: &str) -> bool {
        self.features.contains_key(name)
    }

    pub fn feature_names(&self) -> impl Iterator<Item = &str> {
        self.features.keys().map(String::as_str)
    }

    /// Whether `provider` (the part of a model id before the first dot) is
    /// one the catalog knows, e.g. `anthropic`.
    pub fn is_provider(&self, provider: &str) -> bool {
        self.providers.contains(provider)
    }

    /// The catalog id an unknown `id` is a typo of: at most two edits
    /// away, at least one of them in its words. An id that differs from a
    /// known one only in its numbers (`…-sonnet-4-7` beside `…-sonnet-4-6`,
    /// `…-sonnet-4-5` beside `…-sonnet-5`) may be a model newer than the
    /// catalog or another version of one, so it is not called a typo. Nor
    /// is another geography: an id that starts with a profile prefix the
    /// catalog knows (`eu.`) is a typo only of a profile of that prefix.
    pub fn typo_of(&self, id: &str) -> Option<String> {
        let length = id.chars().count();
        let parts = IdParts::of(id);
        let own_prefix = self.profile_prefix_of(id);
        self.ids()
            // Two edits change the length by at most two: the distance,
            // quadratic in the lengths, is computed only where it can be
            // small (an id of 50,000 characters took seconds).
            .filter(|known| known.chars().count().abs_diff(length) <= 2)
            .filter(|known| own_prefix.is_none() || self.profile_prefix_of(known) == own_prefix)
            .map(|known| (strsim::damerau_levenshtein(id, known), known))
            .filter(|(distance, known)| {
                *distance <= 2 && !parts.differs_only_in_numbers(&IdParts::of(known))
            })
            .min_by_key(|(distance, known)| (*distance, known.len()))
            .map(|(_, known)| known.clone())
    }

    /// Every id the catalog knows: models', then profiles'.
    fn ids(&self) -> impl Iterator<Item = &String> {
        self.models.keys().chain(self.profiles.keys())
    }

    /// The profile prefix `id` starts with (`eu` of `eu.anthropic…`), if the
    /// catalog knows it.
    fn profile_prefix_of<'i>(&self, id: &'i str) -> Option<&'i str> {
        id.split_once('.')
            .map(|(first, _)| first)
            .filter(|first| self.prefixes.contains_key(*first))
    }

    /// Catalog ids (models and profiles) close to an unknown `id`, best
    /// first: the ids it is the start of, shortest first (code often leaves
    /// out the date and version: `anthropic.claude-haiku-4-5` for
    /// `anthropic.claude-haiku-4-5-20251001-v1:0`), then the most similar,
    /// those of its own geography (profile prefix) before others.
    pub fn similar_ids(&self, id: &str) -> Vec<String> {
        let own_prefix = self.profile_prefix_of(id);
        let length = id.chars().count();
        let mut completions: Vec<&String> = self
            .ids()
            .filter(|known| known.strip_prefix(id).is_some_and(is_version_suffix))
            .collect();
        completions.sort_by_key(|known| (known.len(), known.as_str()));
        let mut scored: Vec<(f64, &String)> = self
            .ids()
            .filter(|candidate| jaro_winkler_may_exceed(length, candidate.chars().count(), 0.9))
            .filter(|candidate| !completions.contains(candidate))
            .map(|candidate| (strsim::jaro_winkler(id, candidate), candidate))
            .filter(|(score, _)| *score > 0.9)
            .collect();
        let elsewhere = |known: &str| {
            own_prefix.is_some()
                && self
                    .profile_prefix_of(known)
                    .is_some_and(|p| Some(p) != own_prefix)
        };
        scored.sort_by(|a, b| {
            elsewhere(a.1)
                .cmp(&elsewhere(b.1))
                .then_with(|| b.0.total_cmp(&a.0))
                .then_with(|| a.1.cmp(b.1))
        });
        completions
            .into_iter()
            .chain(scored.into_iter().map(|(_, id)| id))
            .take(3)
            .cloned()
            .collect()
    }
}

/// Whether `rest` is what code often leaves out of a Bedrock model id: a
/// date, a version and a revision, or some of them, in that order
/// (`-20251001`, `-v1`, `:0`; together `-20251001-v1:0`).
fn is_version_suffix(rest: &str) -> bool {
    // The digits that start `s`, and what follows them (ASCII digits: the
    // split falls on a character boundary).
    fn digits(s: &str) -> (usize, &str) {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (n, &s[n..])
    }
    let mut rest = rest;
    let mut parts = 0;
    for (lead, wanted) in [("-", Some(8)), ("-v", None), (":", None)] {
        let Some(after) = rest.strip_prefix(lead) else {
            continue;
        };
        let (n, tail) = digits(after);
        if n > 0 && wanted.is_none_or(|w| n == w) {
            rest = tail;
            parts += 1;
        }
    }
    parts > 0 && rest.is_empty()
}

/// A model id as its words (letters and other characters, separators left
/// out) and its numbers, to tell a typo from another version.
struct IdParts<'a> {
    words: String,
    numbers: Vec<&'a str>,
}

impl<'a> IdParts<'a> {
    fn of(id: &'a str) -> Self {
        let words = id
            .chars()
            .filter(|c| !c.is_ascii_digit() && !matches!(c, '-' | '.' | ':'))
            .collect();
        let numbers = id
            .split(|c: char| !c.is_ascii_digit())
            .filter(|run| !run.is_empty())
            .collect();
        Self { words, numbers }
    }

    /// The same words with other numbers (some added or left out included).
    fn differs_only_in_numbers(&self, other: &IdParts<'_>) -> bool {
        self.words == other.words && self.numbers != other.numbers
    }
}

/// Whether two strings of `a` and `b` characters can have a Jaro-Winkler
/// similarity above `threshold`: at most `min` characters match, so Jaro is
/// at most (min/a + min/b + 1) / 3, and Winkler's bonus (a common prefix
/// of up to four characters, scaled by 0.1) adds at most 0.4 of the rest.
/// An exact bound: it skips only comparisons that cannot pass.
fn jaro_winkler_may_exceed(a: usize, b: usize, threshold: f64) -> bool {
    let (short, long) = (a.min(b) as f64, a.max(b) as f64);
    if short == 0.0 {
        return a == b;
    }
    let jaro = (short / long + 1.0 + 1.0) / 3.0;
    jaro + 0.4 * (1.0 - jaro) > threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded catalog is not validated when it loads: it must be the
    /// validated facts of `catalog/`, exactly.
    #[test]
    fn the_embedded_catalog_is_the_validated_folder() {
        let folder =
            Catalog::bundle_from_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog")))
                .expect("catalog/ validates");
        let embedded = Catalog::embedded_bundle().expect("the embedded catalog decodes");
        assert_eq!(
            serde_json::to_value(&folder).expect("serializes"),
            serde_json::to_value(&embedded).expect("serializes")
        );
        assert!(!embedded.models.is_empty());
    }

    /// The length bound skips no comparison that could pass: checked on
    /// every pair of catalog ids and on each id against shorter, longer and
    /// mangled copies of the others.
    #[test]
    fn the_jaro_winkler_bound_never_skips_a_pair_that_passes() {
        let catalog = Catalog::embedded().expect("the embedded catalog");
        let ids: Vec<&String> = catalog.ids().collect();
        let mut words: Vec<String> = Vec::new();
        for id in ids.iter().step_by(7) {
            words.push(id.to_string());
            words.push(id[..id.len() / 2].to_string());
            words.push(format!("{id}{id}"));
            words.push(format!("x{}", &id[1..]));
            words.push(id.replace('-', ""));
        }
        for word in &words {
            for id in &ids {
                for threshold in [0.8, 0.9] {
                    if strsim::jaro_winkler(word, id) > threshold {
                        let (a, b) = (word.chars().count(), id.chars().count());
                        assert!(jaro_winkler_may_exceed(a, b, threshold), "{word} ~ {id}");
                    }
                }
            }
        }
        assert!(!jaro_winkler_may_exceed(100, 50, 0.9));
        assert!(jaro_winkler_may_exceed(100, 51, 0.9));
    }

    /// A reference of any length is judged without quadratic work against
    /// every id (the fuzzer's manifest of a 57,000-character id took
    /// seconds); typos and near ids are still found.
    #[test]
    fn a_huge_unknown_id_is_neither_a_typo_nor_similar() {
        let catalog = Catalog::embedded().expect("the embedded catalog");
        let huge = format!("apac.anthropic.claude-3-5-sonnet-2{}", "x".repeat(100_000));
        assert_eq!(catalog.typo_of(&huge), None);
        assert!(catalog.similar_ids(&huge).is_empty());
        let typo = "anthropic.claude-3-haiku-20240307-v1:O";
        assert_eq!(
            catalog.typo_of(typo).as_deref(),
            Some("anthropic.claude-3-haiku-20240307-v1:0")
        );
        assert!(catalog
            .similar_ids(typo)
            .contains(&"anthropic.claude-3-haiku-20240307-v1:0".to_string()));
    }

    /// A typo has an edit in the words; other numbers, more or fewer of
    /// them, are another version (maybe one newer than the catalog).
    #[test]
    fn another_version_is_not_a_typo() {
        let parts = |id| IdParts::of(id);
        for (a, b) in [
            ("anthropic.claude-sonnet-4-5", "anthropic.claude-sonnet-5"),
            ("anthropic.claude-sonnet-4-7", "anthropic.claude-sonnet-4-6"),
            (
                "meta.llama3-1-70b-instruct-v1:0",
                "meta.llama3-1-8b-instruct-v1:0",
            ),
        ] {
            assert!(parts(a).differs_only_in_numbers(&parts(b)), "{a} ~ {b}");
        }
        for (a, b) in [
            (
                "anthropic.claude-3-hiaku-v1:0",
                "anthropic.claude-3-haiku-v1:0",
            ),
            (
                "anthropic.claude-3-haiku-v1:O",
                "anthropic.claude-3-haiku-v1:0",
            ),
            (
                "anthropic.claude3-haiku-v1:0",
                "anthropic.claude-3-haiku-v1:0",
            ),
        ] {
            assert!(!parts(a).differs_only_in_numbers(&parts(b)), "{a} ~ {b}");
        }
    }

    #[test]
    fn the_date_and_version_code_leaves_out_are_recognised() {
        for rest in ["-20251001-v1:0", "-20240307", "-v1:0", "-v2", ":1", "-v1"] {
            assert!(is_version_suffix(rest), "{rest}");
        }
        for rest in [
            "",
            "-instant-v1",
            "-2024",
            "-v",
            ":",
            "-v1:0x",
            "-20251001-",
            "-5",
        ] {
            assert!(!is_version_suffix(rest), "{rest}");
        }
    }
}
