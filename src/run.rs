//! The run context: the settings of one run turned, once, into everything
//! an evaluating command needs: the catalog, the compiled rules, the date,
//! the rule filter and per-path ignores with every selector validated, and
//! the memo of fix trials. `check`, `audit` and `init` take it; nothing
//! downstream re-reads a setting or re-validates a selector.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::cli::CommonArgs;
use crate::config::{Origin, Settings};
use crate::date::Date;
use crate::error::{Result, RunError};
use crate::finding::FailOn;
use crate::normalize::{self, Normalizer};
use crate::policy::{self, Evaluator, PolicyFile, PolicyOptions};
use crate::rules::{RuleFilter, RuleId, RuleSet, Selector};
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
    pub fn load(common: &CommonArgs) -> Result<Self> {
        Self::with_settings(Settings::resolve(common)?, common.today)
    }

    pub fn with_settings(settings: Settings, today: Option<Date>) -> Result<Self> {
        let catalog = load_catalog(settings.catalog_dir.value.as_deref())?;
        let policy_files = policy::rule_files(&PolicyOptions {
            extra_dirs: settings.policy_dirs.value.clone(),
            no_default_policies: settings.no_default_policies.value,
        })?;
        Ok(Self {
            settings,
            catalog,
            policy_files,
            today: today.unwrap_or_else(Date::today_utc),
        })
    }

    pub fn compile(&self) -> Result<Evaluator> {
        Evaluator::new(
            &self.policy_files,
            normalize::policy_data(&self.catalog),
            policy::Limits::default(),
        )
    }

    /// The context, with every selector of the settings validated against
    /// the rules `evaluator` holds.
    pub fn finish(self, evaluator: Evaluator) -> Result<RunContext> {
        let rules = &evaluator.rules;
        let select = &self.settings.select;
        let ignore = &self.settings.ignore;
        let filter = RuleFilter {
            select: selectors(rules, &select.value, &select.origin, "--select")?,
            ignore: selectors(rules, &ignore.value, &ignore.origin, "--ignore")?,
        };
        let per_path = self
            .settings
            .per_path_ignores
            .value
            .iter()
            .map(|ignore| {
                Ok(PathIgnore {
                    pattern: ignore.pattern.clone(),
                    rules: selectors(
                        rules,
                        &ignore.rules,
                        &self.settings.per_path_ignores.origin,
                        "[per-path-ignores]",
                    )?,
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

pub fn load_catalog(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::embedded(),
    }
}

/// Selectors as written in a flag or the configuration file, each naming a
/// rule in force (a typo would silently turn checks off).
fn selectors(
    rules: &RuleSet,
    texts: &[String],
    origin: &Origin,
    flag: &str,
) -> Result<Vec<Selector>> {
    texts
        .iter()
        .map(|text| {
            rules.selector(text).map_err(|unknown| {
                let written = match origin {
                    Origin::File(path) => format!("{path}: "),
                    Origin::Flag => format!("{flag}: "),
                    Origin::Default => String::new(),
                };
                RunError::plain(format!("{written}{}", unknown.message())).with_help(unknown.help())
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
    pub fn new(common: &CommonArgs) -> Result<Self> {
        let prepared = Prepared::load(common)?;
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
                max_catalog_age_days: self.settings.max_catalog_age.value,
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
