//! Evaluating the compiled rules against an input document, under the
//! [`Limits`], with failures contained: when the aggregate rule fails, each
//! rule is evaluated on its own, so that the findings of every rule that
//! works are kept and each failing rule is reported, located, as a
//! [`RuleError`].

use std::collections::HashSet;
use std::sync::Arc;

use super::conftest;
use super::limits::{self, Limits, LIMITS_HELP, RANGE_LIMIT};
use super::shape::{self, RawFinding, Row};
use super::{load, locate, show_warnings, summary, warm_up, Loaded, PolicyFile};
use crate::error::{Result, RunError};
use crate::rules::{RuleId, RuleMeta, RuleSet, RULES_ROOT};

/// The rule that gathers every rule's findings, evaluated once per input.
const REPORT_RULE: &str = "data.modelgate.main.report";

/// What the rules said about one input: the findings of every rule that
/// could be evaluated, and the rules that could not.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub findings: Vec<RawFinding>,
    pub errors: Vec<RuleError>,
}

/// A rule that failed on an input (a type error, a built-in function's
/// error, a limit, a finding of the wrong shape): where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// The rule, when the failure can be pinned on one.
    pub rule: Option<RuleId>,
    /// The policy file, 1-based line and byte column of the failure.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

/// One rule as it can be evaluated alone.
#[derive(Clone, Debug)]
struct Target {
    rule: RuleId,
    /// The Rego rule to evaluate, e.g. `data.modelgate.rules.a.b.findings`.
    query: String,
    /// Whether the query returns findings (`findings`) or rows (conftest).
    rows: bool,
    /// Where the rule is defined, for errors that carry no position.
    at: (String, usize, usize),
}

/// The compiled policies, ready to evaluate many inputs. Cloning is cheap
/// and keeps the analysis done by the warm-up (one clone per thread).
#[derive(Clone)]
pub struct Evaluator {
    engine: regorus::Engine,
    pub rules: RuleSet,
    limits: Limits,
    files: Arc<[PolicyFile]>,
    targets: Arc<[Target]>,
}

/// The data document rules read (`data.catalog`, the user's `--data`), as
/// regorus holds it.
pub fn data_value(data: &serde_json::Value) -> Result<regorus::Value> {
    regorus::Value::from_json_str(&data.to_string()).map_err(|err| RunError::plain(err.to_string()))
}

impl Evaluator {
    /// Compiles `files` with `data` (the facts rules may read besides the
    /// input, e.g. `data.catalog`), checks them, shows the warnings, and
    /// validates them with one evaluation.
    pub fn new(files: &[PolicyFile], data: serde_json::Value, limits: Limits) -> Result<Self> {
        Self::from_loaded(load(files)?, files, Some(data_value(&data)?), limits)
    }

    /// As [`Evaluator::new`], from `files` already loaded and `data` already
    /// converted (each can then be done on its own thread), or no `data` at
    /// all when no rule reads it.
    pub fn from_loaded(
        mut loaded: Loaded,
        files: &[PolicyFile],
        data: Option<regorus::Value>,
        limits: Limits,
    ) -> Result<Self> {
        show_warnings(std::mem::take(&mut loaded.warnings));
        let mut engine = loaded.engine;
        let mut prepared = loaded.prepared;
        // Adding data discards what the warm-up prepared.
        if let Some(data) = data {
            engine
                .add_data(data)
                .map_err(|err| RunError::plain(format!("cannot load the policy data: {err}")))?;
            prepared = false;
        }
        engine.set_gather_prints(true);
        if !prepared {
            warm_up(&mut engine, files)?;
        }
        // After the warm-up: loading is bounded by the files' size, and the
        // heap limit is of the process, which already holds them.
        limits.apply(&mut engine)?;
        let targets = targets(&loaded.rules, &loaded.analysis);
        Ok(Self {
            engine,
            rules: loaded.rules,
            limits,
            files: files.to_vec().into(),
            targets: targets.into(),
        })
    }

    /// The documentation of the rule a finding's package names.
    pub fn rule_of(&self, package: &str) -> Option<&RuleMeta> {
        self.rules.by_package(package)
    }

    /// Evaluates every rule against `input`: what they found, and which
    /// failed. `print` output is shown on stderr, prefixed with its file and
    /// line.
    pub fn evaluate(&mut self, input: &impl serde::Serialize) -> Result<Evaluation> {
        let json = serde_json::to_string(input).map_err(|err| RunError::plain(err.to_string()))?;
        self.evaluate_json(&json)
    }

    /// As [`Evaluator::evaluate`], for an input already serialized.
    pub fn evaluate_json(&mut self, json: &str) -> Result<Evaluation> {
        self.set_input(json)?;
        let (outcome, prints) = self.run(REPORT_RULE)?;
        show_prints(prints);
        match outcome {
            Ok(report) => Ok(self.read_report(&report)),
            Err(err) => self.rule_by_rule(&err),
        }
    }

    /// The findings of a trial evaluation (a fix being verified), or `None`
    /// when a rule fails on it. Nothing is printed.
    pub fn trial_json(&mut self, json: &str) -> Result<Option<Vec<RawFinding>>> {
        self.set_input(json)?;
        let (outcome, _) = self.run(REPORT_RULE)?;
        Ok(match outcome {
            Ok(report) => {
                let evaluation = self.read_report(&report);
                evaluation.errors.is_empty().then_some(evaluation.findings)
            }
            Err(_) => None,
        })
    }

    /// The failure `error` as a diagnostic at the rule's file, line and
    /// column, naming what was being judged (`subject`, e.g. a manifest).
    pub fn describe(&self, error: &RuleError, subject: Option<&str>) -> RunError {
        let rule = match &error.rule {
            Some(rule) => format!("rule `{rule}`"),
            None => "the policies".to_string(),
        };
        let on = subject.map(|s| format!(" on {s}")).unwrap_or_default();
        let message = format!("{rule} failed{on}: {}", error.message);
        let located = self
            .files
            .iter()
            .find(|f| f.source.display_path() == error.file)
            .map(|f| (f, f.source.offset(error.line, error.column)));
        let diagnostic = match located {
            Some((file, offset)) => RunError::at(&file.source, offset..offset, message, "here"),
            None => RunError::plain(format!(
                "{}:{}:{}: {message}",
                error.file, error.line, error.column
            )),
        };
        match &error.help {
            Some(help) => diagnostic.with_help(help.clone()),
            None => diagnostic.with_help("the other rules' findings are reported; fix the rule (a value may be null or of another type than the rule expects: see policies/README.md)"),
        }
    }

    fn set_input(&mut self, json: &str) -> Result<()> {
        let value =
            regorus::Value::from_json_str(json).map_err(|err| RunError::plain(err.to_string()))?;
        self.engine.set_input(value);
        Ok(())
    }

    /// Evaluates `rule` on the large-stack thread: its value (or error), and
    /// what it printed.
    fn run(&mut self, rule: &str) -> Result<(anyhow::Result<regorus::Value>, Vec<String>)> {
        let rule = rule.to_string();
        limits::with_engine(&mut self.engine, move |engine| {
            let outcome = engine.eval_rule(rule);
            let prints = engine.take_prints().unwrap_or_default();
            (outcome, prints)
        })
    }

    /// The rows of the aggregate rule as findings; a row of the wrong shape
    /// is an error of the rule that made it.
    fn read_report(&self, report: &regorus::Value) -> Evaluation {
        let mut evaluation = Evaluation::default();
        let rows: Vec<Row> = match json_of(report) {
            Ok(rows) => rows,
            Err(message) => {
                evaluation.errors.push(self.unlocated(None, message));
                return evaluation;
            }
        };
        let mut failed: HashSet<String> = HashSet::new();
        for row in rows {
            let package = row.package.clone();
            if failed.contains(&package) {
                continue;
            }
            match shape::findings_of(row) {
                Ok(found) => evaluation.findings.extend(found),
                Err(message) => {
                    failed.insert(package.clone());
                    let target = self.targets.iter().find(|t| self.package_of(t) == package);
                    evaluation.errors.push(self.shape_error(target, message));
                }
            }
        }
        evaluation.findings.retain(|f| !failed.contains(&f.package));
        evaluation
    }

    /// The aggregate rule failed with `error`: evaluate each rule alone,
    /// keeping the findings of those that work.
    fn rule_by_rule(&mut self, error: &anyhow::Error) -> Result<Evaluation> {
        let mut evaluation = Evaluation::default();
        let targets = self.targets.clone();
        for target in targets.iter() {
            let (outcome, _) = self.run(&target.query)?;
            match outcome {
                Err(err) => evaluation.errors.push(self.runtime_error(target, &err)),
                Ok(regorus::Value::Undefined) => {}
                Ok(value) => {
                    let found = self.target_findings(target, &value);
                    match found {
                        Ok(found) => evaluation.findings.extend(found),
                        Err(message) => evaluation
                            .errors
                            .push(self.shape_error(Some(target), message)),
                    }
                }
            }
        }
        if evaluation.errors.is_empty() {
            // No rule fails alone: the failure is in what gathers them.
            evaluation
                .errors
                .push(self.runtime_error_of(None, None, error));
        }
        Ok(evaluation)
    }

    fn target_findings(
        &self,
        target: &Target,
        value: &regorus::Value,
    ) -> Result<Vec<RawFinding>, String> {
        if target.rows {
            let rows: Vec<Row> = json_of(value)?;
            let mut found = Vec::new();
            for row in rows {
                found.extend(shape::findings_of(row)?);
            }
            return Ok(found);
        }
        let elements: Vec<serde_json::Value> = json_of(value).map_err(|_| {
            "`findings` must be a set of findings (`findings contains … if { … }`)".to_string()
        })?;
        let package = self.package_of(target);
        elements
            .into_iter()
            .map(|finding| {
                let row = serde_json::json!({"package": package, "finding": finding});
                serde_json::from_value::<Row>(row)
                    .map_err(|err| err.to_string())
                    .and_then(shape::findings_of)
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|all| all.into_iter().flatten().collect())
    }

    fn package_of(&self, target: &Target) -> String {
        self.rules
            .by_id(target.rule.as_str())
            .map(|r| r.package.clone())
            .unwrap_or_default()
    }

    fn shape_error(&self, target: Option<&Target>, message: String) -> RuleError {
        let help = Some("a finding is {\"pointer\": …, \"message\": …} with optional \"severity\" and \"fix\": {\"description\", \"replacement\", \"pointer\"}; build it with data.modelgate.lib.finding (see policies/README.md, \"Findings\")".to_string());
        match target {
            Some(target) => RuleError {
                rule: Some(target.rule.clone()),
                file: target.at.0.clone(),
                line: target.at.1,
                column: target.at.2,
                message: format!("it returned a finding of the wrong shape: {message}"),
                help,
            },
            None => RuleError {
                help,
                ..self.unlocated(None, message)
            },
        }
    }

    fn runtime_error(&self, target: &Target, err: &anyhow::Error) -> RuleError {
        self.runtime_error_of(Some(&target.rule), Some(&target.at), err)
    }

    fn runtime_error_of(
        &self,
        rule: Option<&RuleId>,
        at: Option<&(String, usize, usize)>,
        err: &anyhow::Error,
    ) -> RuleError {
        if let Some(message) = self.limits.exceeded(err) {
            let (file, line, column) = at.cloned().unwrap_or_default();
            return RuleError {
                rule: rule.cloned(),
                file,
                line,
                column,
                message,
                help: Some(LIMITS_HELP.to_string()),
            };
        }
        let rendered = err.to_string();
        let message = summary(&rendered);
        let help = message
            .contains(RANGE_LIMIT)
            .then(|| LIMITS_HELP.to_string());
        match locate(&self.files, &rendered) {
            Some((file, offset)) => {
                let position = file.source.line_col(offset);
                RuleError {
                    rule: rule.cloned(),
                    file: file.source.display_path(),
                    line: position.line,
                    column: position.column,
                    message,
                    help,
                }
            }
            None => {
                let (file, line, column) = at.cloned().unwrap_or_default();
                RuleError {
                    rule: rule.cloned(),
                    file,
                    line,
                    column,
                    message,
                    help: None,
                }
            }
        }
    }

    fn unlocated(&self, rule: Option<RuleId>, message: String) -> RuleError {
        RuleError {
            rule,
            file: "<embedded>/policies/lib/main.rego".to_string(),
            line: 1,
            column: 1,
            message,
            help: None,
        }
    }
}

/// The rules as they can be evaluated one by one.
fn targets(rules: &RuleSet, analysis: &super::Analysis) -> Vec<Target> {
    let mut out = Vec::new();
    for meta in rules.sorted() {
        if let Some(at) = analysis.findings_at.get(&meta.package) {
            if meta.package.starts_with(RULES_ROOT) {
                out.push(Target {
                    rule: meta.id.clone(),
                    query: format!("data.{}.findings", meta.package),
                    rows: false,
                    at: at.clone(),
                });
            }
        }
    }
    for (index, package) in analysis.conftest.iter().enumerate() {
        let Some(meta) = rules.by_package(&package.package) else {
            continue;
        };
        out.push(Target {
            rule: meta.id.clone(),
            query: conftest::helper_rule(index),
            rows: true,
            at: (package.file.clone(), package.line, 1),
        });
    }
    out
}

fn json_of<T: serde::de::DeserializeOwned>(value: &regorus::Value) -> Result<T, String> {
    if *value == regorus::Value::Undefined {
        return serde_json::from_str("[]").map_err(|err| err.to_string());
    }
    let text = value.to_json_str().map_err(|err| err.to_string())?;
    serde_json::from_str(&text).map_err(|err| err.to_string())
}

/// `print` output, each line already prefixed by regorus with `file:line:`.
fn show_prints(prints: Vec<String>) {
    if prints.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    for line in prints {
        let _ = std::io::Write::write_all(&mut err, format!("{line}\n").as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use serde_json::json;

    fn builtin_rules() -> Vec<PolicyFile> {
        super::super::embedded_files()
            .into_iter()
            .filter(|f| !f.is_test())
            .collect()
    }

    fn data() -> serde_json::Value {
        json!({"catalog": {"regions": {}}})
    }

    /// Every value the normalizer may leave null is null, in each kind of
    /// document modelgate evaluates (audit's suppression pass has a null
    /// workload name): the built-in rules report, they never fail.
    #[test]
    fn builtin_rules_never_fail_on_null_fields() {
        let mut evaluator = Evaluator::new(&builtin_rules(), data(), Limits::default()).unwrap();
        let workload = json!({"name": null, "pointer": "/workload", "regions": [], "compliance": [], "boundary": null});
        let reference = json!({"pointer": "/models/0/model", "text": "x", "kind": "malformed", "problem": null,
            "model_id": null, "profile_id": null, "prefix": null, "scope": "unknown", "arn_region": null,
            "known": false, "suggestions": []});
        let lifecycle = json!({"status": "unknown", "legacy_date": null, "public_extended_access_date": null,
            "end_of_life_date": null, "days_to_end_of_life": null, "replacement": null, "source": null});
        let call = json!({"region": "eu-west-1", "pointer": "/workload/regions/0", "availability": "unknown",
            "destinations": null, "global": false, "lifecycle": lifecycle, "features": {"batch": "unknown"}});
        let entry = json!({"index": 0, "name": null, "pointer": "/models/0", "reference": reference, "model": null,
            "regions": [], "features": [{"name": "batch", "pointer": "/models/0/features/0"}],
            "max_output_tokens": null, "calls": [call]});
        let documents = [
            json!({}),
            json!({"schema": 1, "today": "2026-11-22", "settings": {"eol_horizon_days": 90, "max_catalog_age_days": null},
                "catalog": {"as_of": "2026-11-22", "age_days": 0, "origin": "embedded"},
                "workload": workload, "entries": [entry]}),
            json!({"schema": 1, "today": "2026-11-22", "workload": workload, "entries": [],
                "suppressions": [{"pointer": "/suppressions/0", "file": "a.py", "line": 1, "rules": ["lifecycle"],
                    "reason": null, "used": false}],
                "baseline": {"file": "b.json", "stale": [{"pointer": "/baseline/0", "rule": "lifecycle/end-of-life",
                    "file": "a.py", "reference": "x", "occurrence": 1}]}}),
            json!({"schema": 1, "today": "2026-11-22", "waivers": [{"index": 0, "pointer": "/waivers/0",
                "rule": "lifecycle", "model": null, "reason": "r", "expires": "2026-01-01",
                "expires_pointer": "/waivers/0/expires", "expired": true, "matched": 0}]}),
        ];
        for document in documents {
            let evaluation = evaluator.evaluate(&document).unwrap();
            assert_eq!(evaluation.errors, [], "{document}");
        }
    }

    fn policy(text: &str) -> PolicyFile {
        PolicyFile::new(SourceFile::new("slow.rego", text.to_string()), false)
    }

    #[test]
    fn a_rule_over_the_time_limit_is_named_and_the_others_still_report() {
        let mut files = builtin_rules();
        files.push(policy("# METADATA\n# title: slow\n# custom:\n#   severity: error\npackage modelgate.rules.acme.slow\n\nfindings contains {\"pointer\": \"\", \"message\": \"m\"} if {\n\tcount([1 | some x in numbers.range(1, 4000); some y in numbers.range(1, 4000); x != y]) < 0\n}\n"));
        files.push(policy("# METADATA\n# title: fast\n# custom:\n#   severity: error\npackage modelgate.rules.acme.fast\n\nfindings contains {\"pointer\": \"/version\", \"message\": \"fast\"} if true\n"));
        let limits = Limits {
            time: std::time::Duration::from_millis(200),
            ..Limits::default()
        };
        let mut evaluator = Evaluator::new(&files, data(), limits).unwrap();
        let evaluation = evaluator.evaluate(&json!({})).unwrap();
        assert!(evaluation.findings.iter().any(|f| f.message == "fast"));
        let [error] = evaluation.errors.as_slice() else {
            panic!("{:?}", evaluation.errors)
        };
        assert_eq!(error.rule.as_ref().map(RuleId::as_str), Some("acme/slow"));
        assert_eq!((error.file.as_str(), error.line), ("slow.rego", 7));
        assert!(
            error.message.contains("time limit of 200 ms"),
            "{}",
            error.message
        );
        // A trial on the same input fails quietly instead.
        assert!(evaluator.trial_json("{}").unwrap().is_none());
    }
}
