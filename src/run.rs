//! The run context: the settings of one run turned, once, into everything
//! an evaluating command needs: the catalog, the compiled rules, the date,
//! the rule filter and per-path ignores with every selector validated, and
//! the memo of fix trials. `check`, `audit` and `init` take it; nothing
//! downstream re-reads a setting or re-validates a selector.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::cli::CommonArgs;
use crate::config::{Flags, Setting, Settings};
use crate::date::Date;
use crate::error::{Result, RunError};
use crate::finding::FailOn;
use crate::normalize::{self, Normalizer};
use crate::policy::{self, Evaluator, PolicyFile, PolicyOptions};
use crate::rules::{Level, RuleFilter, RuleId, RuleSet, Selector};
use crate::syntax::At;
use crate::verdict::{Core, TrialMemo};

/// What a run needs before its rules are compiled (compiling can then run
/// beside other work, as `audit` does while it walks the tree).
pub struct Prepared {
    pub settings: Settings,
    pub catalog: Catalog,
    pub policy_files: Vec<PolicyFile>,
    pub today: Date,
}

impl Prepared {
    /// The run's settings for `start` (the path checked or audited, whose
    /// nearest `.modelgate.toml` applies).
    pub fn load(common: &CommonArgs, start: &Path) -> Result<Self> {
        Self::with_settings(
            Settings::resolve(&Flags::from(common), start)?,
            common.today,
        )
    }

    pub fn with_settings(settings: Settings, today: Option<Date>) -> Result<Self> {
        let catalog = load_catalog(settings.catalog_dir.value.as_deref())?;
        let policy_files = policy::rule_files(&policy_options(&settings))?;
        Ok(Self::of(settings, catalog, policy_files, today))
    }

    fn of(
        settings: Settings,
        catalog: Catalog,
        policy_files: Vec<PolicyFile>,
        today: Option<Date>,
    ) -> Self {
        Self {
            settings,
            catalog,
            policy_files,
            today: today.unwrap_or_else(Date::today_utc),
        }
    }

    /// The run's settings turned into the catalog and the compiled rules,
    /// built at once (they are independent, and each is a third of a cold
    /// run): the policies parsed, checked and, unless a rule reads `data`
    /// (which needs the catalog), prepared on another thread while this one
    /// decodes the catalog and reads the rules' METADATA. A catalog error is
    /// reported before a policy error, and a METADATA error before a
    /// compile error, as [`Prepared::with_settings`] then
    /// [`Prepared::compile`] would.
    pub fn compiled(
        settings: Settings,
        today: Option<Date>,
        ahead: Option<policy::ParsedAhead>,
    ) -> Result<(Self, Evaluator)> {
        let files = match policy::rule_files(&policy_options(&settings)) {
            Ok(files) => files,
            Err(err) => {
                load_catalog(settings.catalog_dir.value.as_deref())?;
                return Err(err);
            }
        };
        let (checked, catalog_and_docs) = policy::limits::beside(
            || {
                let engine = match ahead {
                    Some(ahead) => ahead.engine_for(&files)?,
                    None => policy::compile(&files)?,
                };
                let mut checked = policy::check_compiled(engine, &files)?;
                if !reads_data(&settings, checked.analysis()) {
                    checked.prepare(&files)?;
                }
                Ok::<_, RunError>(checked)
            },
            || {
                let catalog = load_catalog(settings.catalog_dir.value.as_deref());
                (catalog, policy::read_docs(&files))
            },
        );
        let (catalog, docs) = catalog_and_docs;
        let catalog = catalog?;
        let docs = docs?;
        let checked = checked.map_err(|err| {
            RunError::plain(format!("cannot start a thread to load the policies: {err}"))
        })??;
        let loaded = policy::assemble(docs, checked, &files)?;
        let evaluator = evaluator(loaded, &files, &settings, &catalog)?;
        Ok((Self::of(settings, catalog, files, today), evaluator))
    }

    /// The rules compiled, with the catalog facts and the user's data
    /// documents under `data` when a rule may read them.
    pub fn compile(&self) -> Result<Evaluator> {
        let loaded = policy::load(&self.policy_files)?;
        evaluator(loaded, &self.policy_files, &self.settings, &self.catalog)
    }

    /// The context, with every selector of the settings validated against
    /// the rules `evaluator` holds, and `[severity]` applied to them.
    pub fn finish(self, mut evaluator: Evaluator) -> Result<RunContext> {
        configure_severities(&mut evaluator.rules, &self.settings)?;
        let rules = &evaluator.rules;
        let settings = &self.settings;
        let filter = RuleFilter {
            select: selectors(rules, settings, &settings.select, "--select")?,
            ignore: selectors(rules, settings, &settings.ignore, "--ignore")?,
            off: rules.off().cloned().collect(),
        };
        let per_path = settings
            .per_path_ignores
            .value
            .iter()
            .map(|ignore| {
                let listed = Setting {
                    value: ignore.value.rules.clone(),
                    origin: settings.per_path_ignores.origin.clone(),
                    pointer: Some(ignore.pointer.clone()),
                };
                Ok(PathIgnore {
                    pattern: ignore.value.pattern.clone(),
                    rules: selectors(rules, settings, &listed, "[per-path-ignores]")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(RunContext {
            catalog: self.catalog,
            evaluator,
            today: self.today,
            filter,
            per_path,
            root: self.settings.root.clone(),
            settings: self.settings,
            memo: TrialMemo::default(),
        })
    }
}

/// Which policy files a run compiles.
pub fn policy_options(settings: &Settings) -> PolicyOptions {
    PolicyOptions {
        extra_dirs: settings.policy_dirs.value.clone(),
        no_default_policies: settings.no_default_policies.value,
    }
}

/// The `data` document the rules see: the user's `--data` documents, and
/// the catalog facts under `data.catalog`.
pub fn policy_data(settings: &Settings, catalog: &Catalog) -> Result<serde_json::Value> {
    let mut data = crate::data::load(&settings.data.value)?;
    data.insert("catalog".to_string(), normalize::catalog_data(catalog));
    Ok(serde_json::Value::Object(data))
}

/// Whether the rules may read `data`: the user gave documents, or a policy
/// names the catalog (the built-in rules never do).
fn reads_data(settings: &Settings, analysis: &policy::Analysis) -> bool {
    !settings.data.value.is_empty() || analysis.reads_catalog
}

/// The evaluator of `loaded`, given `data` (the catalog, the user's
/// documents) when its rules may read it.
fn evaluator(
    loaded: policy::Loaded,
    files: &[PolicyFile],
    settings: &Settings,
    catalog: &Catalog,
) -> Result<Evaluator> {
    let data = reads_data(settings, &loaded.analysis)
        .then(|| policy::data_value(&policy_data(settings, catalog)?))
        .transpose()?;
    Evaluator::from_loaded(loaded, files, data, settings.limits())
}

/// `[severity]`: families first, then rule ids, so the more specific wins.
fn configure_severities(rules: &mut RuleSet, settings: &Settings) -> Result<()> {
    let mut overrides: Vec<(Selector, Level)> = Vec::new();
    for At { value, pointer } in &settings.severity.value {
        let selector = rules.selector(&value.rule).map_err(|unknown| {
            located(settings, pointer, unknown.message(), "[severity]").with_help(unknown.help())
        })?;
        overrides.push((selector, value.level));
    }
    overrides.sort_by_key(|(selector, _)| selector.as_str().contains('/'));
    for (selector, level) in &overrides {
        rules.configure(selector, *level);
    }
    Ok(())
}

/// An error about the value at `pointer` of the configuration file, at its
/// characters (or naming the file, should it have gone).
fn located(settings: &Settings, pointer: &str, message: String, what: &str) -> RunError {
    settings
        .error_at_key(pointer, message.clone(), "names no rule")
        .unwrap_or_else(|| RunError::plain(format!("{what}: {message}")))
}

pub fn load_catalog(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::embedded(),
    }
}

/// Selectors as written in a flag or the configuration file, each naming a
/// rule in force (a typo would silently turn checks off); an unknown one is
/// reported where it is written.
fn selectors(
    rules: &RuleSet,
    settings: &Settings,
    texts: &Setting<Vec<String>>,
    flag: &str,
) -> Result<Vec<Selector>> {
    texts
        .value
        .iter()
        .enumerate()
        .map(|(i, text)| {
            rules.selector(text).map_err(|unknown| {
                let in_file = texts
                    .pointer
                    .as_ref()
                    .map(|p| format!("{p}/{i}"))
                    .and_then(|p| settings.error_at(&p, unknown.message(), "names no rule"));
                in_file
                    .unwrap_or_else(|| RunError::plain(format!("{flag}: {}", unknown.message())))
                    .with_help(unknown.help())
            })
        })
        .collect()
}

/// `[per-path-ignores]` with its selectors validated.
struct PathIgnore {
    pattern: glob::Pattern,
    rules: Vec<Selector>,
}

pub struct RunContext {
    pub settings: Settings,
    pub catalog: Catalog,
    pub evaluator: Evaluator,
    pub today: Date,
    pub filter: RuleFilter,
    per_path: Vec<PathIgnore>,
    /// The folder `[per-path-ignores]` globs are relative to.
    root: PathBuf,
    pub memo: TrialMemo,
}

impl RunContext {
    pub fn new(common: &CommonArgs, start: &Path) -> Result<Self> {
        let prepared = Prepared::load(common, start)?;
        let evaluator = prepared.compile()?;
        prepared.finish(evaluator)
    }

    pub fn rules(&self) -> &RuleSet {
        &self.evaluator.rules
    }

    pub fn fail_on(&self) -> FailOn {
        self.settings.fail_on.value
    }

    pub fn normalizer(&self) -> Normalizer<'_> {
        Normalizer {
            catalog: &self.catalog,
            today: self.today,
            settings: normalize::Settings {
                eol_horizon_days: self.settings.eol_horizon.value,
                max_catalog_age_days: match self.settings.max_catalog_age.value {
                    0 => None,
                    days => Some(days),
                },
            },
        }
    }

    /// A verdict core for this thread.
    pub fn core(&self) -> Core<'_> {
        Core::new(self.evaluator.clone(), &self.filter, &self.memo)
    }

    /// Whether `rule` is switched off for `file` by `[per-path-ignores]`.
    pub fn ignored_for_path(&self, rule: &RuleId, file: &Path) -> bool {
        if self.per_path.is_empty() {
            return false;
        }
        let Some(relative) = relative_to(&self.root, file) else {
            return false;
        };
        let options = glob::MatchOptions {
            require_literal_separator: true,
            ..glob::MatchOptions::new()
        };
        self.per_path.iter().any(|ignore| {
            ignore.pattern.matches_path_with(&relative, options)
                && ignore.rules.iter().any(|s| s.matches(rule))
        })
    }
}

/// `file` relative to `root`, both resolved (symlinks, `..`) when they
/// exist; `None` when the file lies outside the root.
fn relative_to(root: &Path, file: &Path) -> Option<PathBuf> {
    let absolute = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(file)
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    absolute.strip_prefix(&root).ok().map(Path::to_path_buf)
}
