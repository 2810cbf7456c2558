//! Rule identity: what a rule is called ([`RuleId`]), how a user names one
//! or a family of them ([`Selector`]), and the rules in force with their
//! documentation ([`RuleSet`]).
//!
//! Rules are Rego packages; their ids come from the package path and their
//! documentation from the `# METADATA` block (see [`crate::policy`]). This
//! module knows neither Rego nor files: it is the vocabulary every other
//! layer (policy loading, the verdict core, waivers, suppressions, reports)
//! shares, so a rule id is parsed once and a family is never found by
//! string surgery.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::error::did_you_mean;
use crate::severity::Severity;

/// `family/name`, e.g. `lifecycle/end-of-life`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RuleId(String);

impl RuleId {
    /// Parses `family/name[/more]`: non-empty parts of lowercase letters,
    /// digits, `-`, `_` and `.`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let well_formed = text.contains('/')
            && text.split('/').all(|part| {
                !part.is_empty()
                    && part.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b)
                    })
            });
        if well_formed {
            Ok(Self(text.to_string()))
        } else {
            Err(format!(
                "`{text}` is not a rule id: write `family/name` in lowercase letters, digits and hyphens"
            ))
        }
    }

    /// The id a package under `modelgate.rules` implies:
    /// `modelgate.rules.lifecycle.end_of_life` → `lifecycle/end-of-life`.
    /// `None` for a package at another depth.
    pub fn of_package(package: &str) -> Option<Self> {
        let rest = package.strip_prefix(RULES_ROOT)?;
        let parts: Vec<&str> = rest.split('.').collect();
        match parts.as_slice() {
            [family, name] => Self::parse(&format!("{family}/{}", name.replace('_', "-"))).ok(),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `lifecycle` for `lifecycle/end-of-life`.
    pub fn family(&self) -> &str {
        self.0.split('/').next().unwrap_or_default()
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// The package every built-in and custom rule lives under.
pub const RULES_ROOT: &str = "modelgate.rules.";

/// What `--select`, `--ignore`, waivers, suppressions and
/// `[per-path-ignores]` name: one rule id, or a family (`lifecycle`). Only a
/// [`RuleSet`] makes one, so a selector that names no rule cannot exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector(String);

impl Selector {
    pub fn matches(&self, rule: &RuleId) -> bool {
        rule.as_str() == self.0
            || rule
                .as_str()
                .strip_prefix(self.0.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A selector that names no rule in force; the caller says where it was
/// written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSelector {
    pub text: String,
    /// The closest rule id or family, if one is close enough.
    pub near: Option<String>,
}

impl UnknownSelector {
    pub fn message(&self) -> String {
        format!("`{}` names no rule", self.text)
    }

    pub fn help(&self) -> String {
        match &self.near {
            Some(near) => format!("did you mean `{near}`? `modelgate rules` lists the rules"),
            None => "`modelgate rules` lists the rule ids; a family such as `lifecycle` selects all of its rules".to_string(),
        }
    }
}

/// What the project configuration (`[severity]`) may set a rule to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    At(Severity),
    Off,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::At(severity) => severity.as_str(),
            Level::Off => "off",
        }
    }
}

/// One rule's documentation, from its `# METADATA` block.
#[derive(Clone, Debug)]
pub struct RuleMeta {
    pub id: RuleId,
    pub package: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub remediation: String,
    /// Where the rule came from (`<embedded>/policies/…` or a path).
    pub origin: String,
    /// Whether modelgate ships it (rather than a `--policy` folder).
    pub builtin: bool,
    /// What `[severity]` set it to, if anything; `severity` is then the
    /// configured one.
    pub configured: Option<Level>,
    /// Where its documentation lives: the first of METADATA
    /// `related_resources` (SARIF `helpUri`, `modelgate explain`).
    pub help_uri: Option<String>,
}

impl RuleMeta {
    /// Switched off by the project configuration.
    pub fn is_off(&self) -> bool {
        self.configured == Some(Level::Off)
    }
}

/// The rules in force, by package, and the lookups the pipeline needs.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    by_package: BTreeMap<String, RuleMeta>,
}

impl RuleSet {
    pub fn new(by_package: BTreeMap<String, RuleMeta>) -> Self {
        Self { by_package }
    }

    pub fn by_package(&self, package: &str) -> Option<&RuleMeta> {
        self.by_package.get(package)
    }

    pub fn by_id(&self, id: &str) -> Option<&RuleMeta> {
        self.by_package.values().find(|r| r.id.as_str() == id)
    }

    /// Every rule, in id order.
    pub fn sorted(&self) -> Vec<&RuleMeta> {
        let mut rules: Vec<&RuleMeta> = self.by_package.values().collect();
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules
    }

    pub fn len(&self) -> usize {
        self.by_package.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_package.is_empty()
    }

    /// Re-grades (or switches off) the rules `selector` names. Call it for
    /// families before rule ids, so that the more specific setting wins.
    pub fn configure(&mut self, selector: &Selector, level: Level) {
        for meta in self.by_package.values_mut() {
            if selector.matches(&meta.id) {
                meta.configured = Some(level);
                if let Level::At(severity) = level {
                    meta.severity = severity;
                }
            }
        }
    }

    /// The rules switched off by the configuration.
    pub fn off(&self) -> impl Iterator<Item = &RuleId> {
        self.by_package
            .values()
            .filter(|r| r.is_off())
            .map(|r| &r.id)
    }

    /// The families of the rules in force, sorted.
    fn families(&self) -> Vec<&str> {
        let mut families: Vec<&str> = self.by_package.values().map(|r| r.id.family()).collect();
        families.sort_unstable();
        families.dedup();
        families
    }

    /// `text` as a selector, if it names a rule or a family in force. A
    /// trailing `/` is tolerated (`lifecycle/`).
    pub fn selector(&self, text: &str) -> Result<Selector, UnknownSelector> {
        let wanted = text.trim().trim_end_matches('/');
        let selector = Selector(wanted.to_string());
        if !wanted.is_empty() && self.by_package.values().any(|r| selector.matches(&r.id)) {
            return Ok(selector);
        }
        let ids: Vec<&str> = self.by_package.values().map(|r| r.id.as_str()).collect();
        let candidates = self.families().into_iter().chain(ids);
        Err(UnknownSelector {
            text: text.to_string(),
            near: did_you_mean(wanted, candidates).map(str::to_string),
        })
    }
}

/// `--select` / `--ignore`, and the rules `[severity]` switched off: which
/// rules a run reports.
#[derive(Clone, Debug, Default)]
pub struct RuleFilter {
    pub select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    pub off: Vec<RuleId>,
}

impl RuleFilter {
    pub fn allows(&self, rule: &RuleId) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s.matches(rule)))
            && !self.ignore.iter().any(|s| s.matches(rule))
            && !self.off.contains(rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str) -> RuleMeta {
        RuleMeta {
            id: RuleId::parse(id).unwrap(),
            package: format!("modelgate.rules.{}", id.replace('/', ".").replace('-', "_")),
            title: String::new(),
            description: String::new(),
            severity: Severity::Error,
            remediation: String::new(),
            origin: String::new(),
            builtin: true,
            configured: None,
            help_uri: None,
        }
    }

    fn set(ids: &[&str]) -> RuleSet {
        RuleSet::new(
            ids.iter()
                .map(|id| {
                    let m = meta(id);
                    (m.package.clone(), m)
                })
                .collect(),
        )
    }

    #[test]
    fn ids_come_from_packages() {
        let id = RuleId::of_package("modelgate.rules.lifecycle.end_of_life").unwrap();
        assert_eq!(id.as_str(), "lifecycle/end-of-life");
        assert_eq!(id.family(), "lifecycle");
        assert!(RuleId::of_package("modelgate.rules.lifecycle").is_none());
        assert!(RuleId::of_package("modelgate.rules.a.b.c").is_none());
        assert!(RuleId::of_package("acme.rules.a.b").is_none());
        assert!(RuleId::parse("Lifecycle/x").is_err());
        assert!(RuleId::parse("lifecycle").is_err());
    }

    #[test]
    fn selectors_name_rules_or_families() {
        let rules = set(&[
            "lifecycle/end-of-life",
            "lifecycle/legacy-model",
            "residency/global-routing",
        ]);
        let family = rules.selector("lifecycle/").unwrap();
        assert!(family.matches(&RuleId::parse("lifecycle/end-of-life").unwrap()));
        assert!(!family.matches(&RuleId::parse("residency/global-routing").unwrap()));
        // A prefix of a family name is not the family.
        assert!(rules.selector("life").is_err());
        let typo = rules.selector("lifecycel").unwrap_err();
        assert_eq!(typo.near.as_deref(), Some("lifecycle"));
        let typo = rules.selector("residency/global-routng").unwrap_err();
        assert_eq!(typo.near.as_deref(), Some("residency/global-routing"));
    }

    #[test]
    fn the_more_specific_severity_wins() {
        let mut rules = set(&["lifecycle/end-of-life", "lifecycle/legacy-model"]);
        let family = rules.selector("lifecycle").unwrap();
        let one = rules.selector("lifecycle/legacy-model").unwrap();
        rules.configure(&family, Level::At(Severity::Warning));
        rules.configure(&one, Level::Off);
        let eol = rules.by_id("lifecycle/end-of-life").unwrap();
        assert_eq!(eol.severity, Severity::Warning);
        let off: Vec<&str> = rules.off().map(RuleId::as_str).collect();
        assert_eq!(off, ["lifecycle/legacy-model"]);
    }

    #[test]
    fn the_filter_selects_then_ignores() {
        let rules = set(&["lifecycle/end-of-life", "lifecycle/legacy-model"]);
        let filter = RuleFilter {
            select: vec![rules.selector("lifecycle").unwrap()],
            ignore: vec![rules.selector("lifecycle/legacy-model").unwrap()],
            off: Vec::new(),
        };
        assert!(filter.allows(&RuleId::parse("lifecycle/end-of-life").unwrap()));
        assert!(!filter.allows(&RuleId::parse("lifecycle/legacy-model").unwrap()));
        assert!(!filter.allows(&RuleId::parse("residency/global-routing").unwrap()));
    }
}
