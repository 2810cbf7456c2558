//! Which workload a file belongs to: the nearest manifest (`modelgate.toml`
//! or `modelgate.json`) in its folder or above it, up to the repository root;
//! `--regions`, `--residency` and `--compliance` override what it declares;
//! with no manifest, the `[audit]` table of `.modelgate.toml` supplies them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::error::{Result, RunError};
use crate::manifest::FILE_NAMES as MANIFEST_NAMES;
use crate::manifest::{
    unknown_boundary, unknown_compliance, unknown_region, Manifest, ManifestFile, Workload,
};
use crate::source::SourceFile;
use crate::syntax::table::{node_at, DecodeError};
use crate::syntax::tree::parse_toml;

/// Context values given outside any manifest.
#[derive(Clone, Debug, Default)]
pub struct ContextValues {
    pub regions: Option<Vec<String>>,
    pub residency: Option<String>,
    pub compliance: Option<Vec<String>>,
    /// Where they were written: `None` for the command line.
    pub written_in: Option<WrittenIn>,
}

/// The `.modelgate.toml` that holds context values, and their pointers in
/// it, so that an unknown Region or boundary is reported where it is written.
#[derive(Clone, Debug)]
pub struct WrittenIn {
    pub source: SourceFile,
    pub regions: String,
    pub residency: String,
    pub compliance: String,
}

impl ContextValues {
    fn is_empty(&self) -> bool {
        self.regions.is_none() && self.residency.is_none() && self.compliance.is_none()
    }

    /// `residency` as written: a boundary name, or Region codes separated
    /// by commas (a single known Region code counts as a list).
    fn residency_regions(&self, catalog: &Catalog) -> Option<Vec<String>> {
        let residency = self.residency.as_deref()?;
        let parts: Vec<String> = residency
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let is_list = parts.len() > 1 || parts.first().is_some_and(|p| catalog.region(p).is_some());
        is_list.then_some(parts)
    }

    /// Every Region and boundary known to the catalog, or an error where
    /// the unknown one is written: the file and characters for the config,
    /// the flag for the command line.
    fn check(&self, catalog: &Catalog) -> Result<()> {
        for (i, code) in self.regions.iter().flatten().enumerate() {
            if let Some(err) = unknown_region(code, 0..0, catalog) {
                let at = self
                    .written_in
                    .as_ref()
                    .map(|w| format!("{}/{i}", w.regions));
                return Err(self.located(err, "--regions", at));
            }
        }
        for (i, tag) in self.compliance.iter().flatten().enumerate() {
            if let Some(err) = unknown_compliance(tag, 0..0, catalog) {
                let at = self
                    .written_in
                    .as_ref()
                    .map(|w| format!("{}/{i}", w.compliance));
                return Err(self.located(err, "--compliance", at));
            }
        }
        let Some(residency) = self.residency.as_deref() else {
            return Ok(());
        };
        let problem = match self.residency_regions(catalog) {
            Some(codes) => codes
                .iter()
                .find_map(|code| unknown_region(code, 0..0, catalog)),
            None => unknown_boundary(residency.trim(), 0..0, catalog),
        };
        match problem {
            Some(err) => {
                let at = self.written_in.as_ref().map(|w| w.residency.clone());
                Err(self.located(err, "--residency", at))
            }
            None => Ok(()),
        }
    }

    /// `err` at `pointer` in the config file the values were written in
    /// (parsed again only now, on the error path), or named by its flag.
    fn located(&self, err: DecodeError, flag: &str, pointer: Option<String>) -> RunError {
        if let (Some(w), Some(pointer)) = (&self.written_in, pointer) {
            if let Ok(root) = parse_toml(w.source.text()) {
                let span = node_at(&root, &pointer).span.clone();
                return DecodeError { span, ..err }.into_run_error(&w.source);
            }
        }
        let error = RunError::plain(format!("{flag}: {}", err.message));
        match err.help {
            Some(help) => error.with_help(help),
            None => error,
        }
    }
}

/// One workload context; `manifest` is the path of the manifest it comes
/// from, if any.
pub struct Context {
    pub manifest: Option<PathBuf>,
    pub workload: Manifest,
}

pub struct Contexts<'c> {
    catalog: &'c Catalog,
    flags: Option<Manifest>,
    flag_set: ContextValues,
    config: Option<Manifest>,
    cwd: PathBuf,
    by_dir: HashMap<PathBuf, usize>,
    by_manifest: HashMap<PathBuf, usize>,
    pub list: Vec<Context>,
    /// Manifests that could not be read.
    pub errors: Vec<RunError>,
}

impl<'c> Contexts<'c> {
    /// `flags` from the command line, `config` from `.modelgate.toml`.
    pub fn new(catalog: &'c Catalog, flags: ContextValues, config: ContextValues) -> Result<Self> {
        let flags_manifest = synthetic(
            catalog,
            "<command line: --regions/--residency/--compliance>",
            &flags,
        )?;
        let config_manifest = synthetic(catalog, "<.modelgate.toml [audit]>", &config)?;
        let mut contexts = Self {
            catalog,
            flags: flags_manifest,
            flag_set: flags,
            config: config_manifest,
            cwd: std::env::current_dir()?,
            by_dir: HashMap::new(),
            by_manifest: HashMap::new(),
            list: Vec::new(),
            errors: Vec::new(),
        };
        // Context 0: no manifest.
        let workload = contexts.merge(None);
        contexts.list.push(Context {
            manifest: None,
            workload,
        });
        Ok(contexts)
    }

    /// The context of the file at `path` (as walked).
    pub fn for_file(&mut self, path: &Path) -> Result<usize> {
        let absolute = self.cwd.join(path);
        let mut visited = Vec::new();
        let mut found = 0;
        let mut dir = absolute.parent();
        while let Some(current) = dir {
            if let Some(&known) = self.by_dir.get(current) {
                found = known;
                break;
            }
            visited.push(current.to_path_buf());
            if let Some(manifest) = MANIFEST_NAMES
                .iter()
                .map(|name| current.join(name))
                .find(|p| p.is_file())
            {
                found = self.load(&manifest)?;
                break;
            }
            if current.join(".git").exists() {
                break; // the repository root: no manifest above it counts
            }
            dir = current.parent();
        }
        for dir in visited {
            self.by_dir.insert(dir, found);
        }
        Ok(found)
    }

    fn load(&mut self, path: &Path) -> Result<usize> {
        if let Some(&index) = self.by_manifest.get(path) {
            return Ok(index);
        }
        let shown = path
            .strip_prefix(&self.cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf());
        let file = match ManifestFile::read(&shown, self.catalog) {
            Ok(file) => file,
            Err(err) => {
                // Reported beside the findings; the files below it are
                // still judged, as code no manifest owns.
                self.errors.push(err.about_file(&shown));
                self.by_manifest.insert(path.to_path_buf(), 0);
                return Ok(0);
            }
        };
        let workload = self.merge(Some(&file.manifest));
        let index = self.list.len();
        self.list.push(Context {
            manifest: Some(shown),
            workload,
        });
        self.by_manifest.insert(path.to_path_buf(), index);
        Ok(index)
    }

    /// The workload in force: each flag given wins; otherwise the manifest
    /// decides; with no manifest, the configuration.
    fn merge(&self, manifest: Option<&Manifest>) -> Manifest {
        let fallback = manifest.or(self.config.as_ref());
        let pick = |flag_given: bool| -> Option<&Manifest> {
            if flag_given {
                self.flags.as_ref()
            } else {
                fallback
            }
        };
        let regions = pick(self.flag_set.regions.is_some())
            .map(|m| m.workload.regions.clone())
            .unwrap_or_default();
        let residency =
            pick(self.flag_set.residency.is_some()).and_then(|m| m.workload.residency.clone());
        let compliance = pick(self.flag_set.compliance.is_some())
            .map(|m| m.workload.compliance.clone())
            .unwrap_or_default();
        Manifest {
            workload: Workload {
                name: manifest.and_then(|m| m.workload.name.clone()),
                regions,
                residency,
                compliance,
            },
            models: Vec::new(),
            waivers: Vec::new(),
        }
    }
}

/// Context values validated as a manifest would be (unknown Regions and
/// boundaries are located errors with a did-you-mean); `None` when empty.
fn synthetic(catalog: &Catalog, name: &str, values: &ContextValues) -> Result<Option<Manifest>> {
    if values.is_empty() {
        return Ok(None);
    }
    values.check(catalog)?;
    let list = |items: &[String]| {
        let quoted: Vec<String> = items
            .iter()
            .map(|i| serde_json::Value::String(i.clone()).to_string())
            .collect();
        format!("[{}]", quoted.join(", "))
    };
    let mut text = String::from("version = 1\n\n[workload]\n");
    if let Some(regions) = &values.regions {
        text.push_str(&format!("regions = {}\n", list(regions)));
    }
    if let Some(residency) = &values.residency {
        match values.residency_regions(catalog) {
            Some(parts) => text.push_str(&format!("residency = {}\n", list(&parts))),
            None => text.push_str(&format!(
                "residency = {}\n",
                serde_json::Value::String(residency.trim().to_string())
            )),
        }
    }
    if let Some(compliance) = &values.compliance {
        text.push_str(&format!("compliance = {}\n", list(compliance)));
    }
    let file = ManifestFile::parse(SourceFile::new(name, text), catalog)?;
    Ok(Some(file.manifest))
}
