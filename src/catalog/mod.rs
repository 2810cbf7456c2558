//! The facts modelgate judges against, loaded once and indexed.
//!
//! The data lives in `catalog/` as reviewable JSON files (documented in
//! `catalog/README.md`), embedded in the binary at build time. `--catalog DIR`
//! replaces them with a folder of the same shape.

pub mod schema;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use include_dir::{include_dir, Dir};
use serde::de::DeserializeOwned;

use crate::date::Date;
use crate::error::{Result, RunError};
use crate::fsutil;
use crate::source::SourceFile;
pub use schema::*;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/catalog");

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

/// Where catalog files are read from: the embedded copy or a folder.
trait CatalogFiles {
    fn read(&self, name: &str) -> Result<Option<SourceFile>>;
    fn model_files(&self) -> Result<Vec<SourceFile>>;
}

struct Embedded;

impl CatalogFiles for Embedded {
    fn read(&self, name: &str) -> Result<Option<SourceFile>> {
        Ok(EMBEDDED.get_file(name).map(|f| {
            SourceFile::new(
                format!("<embedded>/catalog/{name}"),
                f.contents_utf8().unwrap_or_default(),
            )
        }))
    }

    fn model_files(&self) -> Result<Vec<SourceFile>> {
        let mut files: Vec<_> = EMBEDDED
            .get_dir("models")
            .into_iter()
            .flat_map(|dir| dir.files())
            .filter(|f| f.path().extension().is_some_and(|e| e == "json"))
            .map(|f| {
                SourceFile::new(
                    format!("<embedded>/catalog/{}", f.path().display()),
                    f.contents_utf8().unwrap_or_default(),
                )
            })
            .collect();
        files.sort_by(|a, b| a.path().cmp(b.path()));
        Ok(files)
    }
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
    pub fn embedded() -> Result<Self> {
        Self::load(&Embedded, "embedded".to_string())
    }

    pub fn from_dir(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            return Err(RunError::plain(format!(
                "--catalog {}: no such folder",
                dir.display()
            )));
        }
        Self::load(&Folder(dir), dir.display().to_string())
    }

    fn load(files: &dyn CatalogFiles, origin: String) -> Result<Self> {
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
        let meta: CatalogMeta = parse_file(&meta_src)?;
        let regions_file: RegionsFile = parse_file(&regions_src)?;
        let prefixes: PrefixesFile = parse_file(&prefixes_src)?;
        let features: FeaturesFile = parse_file(&features_src)?;
        let profiles_file: ProfilesFile = parse_file(&profiles_src)?;
        let model_files = files.model_files()?;
        let parsed_models = model_files
            .iter()
            .map(parse_file::<ModelsFile>)
            .collect::<Result<Vec<_>>>()?;
        validate::check(&validate::Sources {
            meta: (&meta_src, &meta),
            regions: (&regions_src, &regions_file),
            prefixes: (&prefixes_src, &prefixes),
            features: (&features_src, &features),
            profiles: (&profiles_src, &profiles_file),
            models: model_files.iter().zip(&parsed_models).collect(),
        })?;
        let models: BTreeMap<String, Model> = parsed_models
            .into_iter()
            .flat_map(|file| file.models)
            .map(|model| (model.id.clone(), model))
            .collect();
        let mut profiles_by_model: HashMap<String, Vec<String>> = HashMap::new();
        for profile in &profiles_file.profiles {
            profiles_by_model
                .entry(profile.model.clone())
                .or_default()
                .push(profile.id.clone());
        }
        let providers = models
            .keys()
            .filter_map(|id| id.split_once('.').map(|(provider, _)| provider.to_string()))
            .collect();
        Ok(Catalog {
            meta,
            origin,
            regions: regions_file
                .regions
                .into_iter()
                .map(|r| (r.code.clone(), r))
                .collect(),
            boundaries: regions_file.boundaries,
            compliance: regions_file.compliance,
            prefixes: prefixes.prefixes,
            features: features.features,
            models,
            profiles: profiles_file
                .profiles
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect(),
            profiles_by_model,
            providers,
        })
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
    /// away, at least one of them outside the version numbers. An id that
    /// differs from a known one only in its numbers (`…-sonnet-4-7` beside
    /// `…-sonnet-4-6`) may be a model newer than the catalog, so it is not
    /// called a typo.
    pub fn typo_of(&self, id: &str) -> Option<String> {
        let shape = number_shape(id);
        self.models
            .keys()
            .chain(self.profiles.keys())
            .filter(|known| strsim::damerau_levenshtein(id, known) <= 2)
            .filter(|known| number_shape(known) != shape)
            .min_by_key(|known| (strsim::damerau_levenshtein(id, known), known.len()))
            .cloned()
    }

    /// Catalog ids (models and profiles) close to an unknown `id`, best first.
    pub fn similar_ids(&self, id: &str) -> Vec<String> {
        let mut scored: Vec<(f64, &String)> = self
            .models
            .keys()
            .chain(self.profiles.keys())
            .map(|candidate| (strsim::jaro_winkler(id, candidate), candidate))
            .filter(|(score, _)| *score > 0.9)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, id)| id.clone())
            .collect()
    }
}

/// `id` with every run of digits as `#`: two ids of one shape differ only
/// in their numbers.
fn number_shape(id: &str) -> String {
    let mut shape = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_digit() {
            if !shape.ends_with('#') {
                shape.push('#');
            }
        } else {
            shape.push(c);
        }
    }
    shape
}
