//! `modelgate test`: runs Rego unit tests the way `opa test` does. Every rule
//! named `test_*` in a `*_test.rego` file is evaluated on a clone of one
//! warmed engine, under the same [`Limits`] as `check`: `true` passes,
//! anything else (undefined, false) fails, an error is an error. Rules
//! named `todo_test_*` are reported as skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use regorus::unstable::{Literal, Rule};

use super::ast::{head_of, package_of};
use super::limits::{self, Limits};
use super::{load, show_warnings, summary, warm_up, PolicyFile};
use crate::error::{Result, RunError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    Error(String),
    Skip,
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Error(_) => "error",
            Outcome::Skip => "skip",
        }
    }
}

#[derive(Clone, Debug)]
pub struct TestResult {
    /// `data.<package>.<rule>`
    pub name: String,
    pub file: String,
    /// The line of the test rule's head.
    pub line: usize,
    pub outcome: Outcome,
    pub duration: Duration,
    /// What `print` wrote, each line prefixed with `file:line:`.
    pub prints: Vec<String>,
    /// For a failing test: the last line of its body that was evaluated
    /// (where it stopped), as `(line, source text)`.
    pub stopped_at: Option<(usize, String)>,
}

/// Which tests to run and how.
#[derive(Clone, Debug, Default)]
pub struct TestOptions {
    /// Only tests whose full name (`data.pkg.test_x`) matches.
    pub filter: Option<regex::Regex>,
    pub limits: Limits,
    /// Gather line coverage of the files `covered` names.
    pub coverage: bool,
    /// `data` besides the policies (`data.catalog`).
    pub data: serde_json::Value,
}

/// Line coverage of one policy file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCoverage {
    pub file: String,
    pub covered: BTreeSet<u32>,
    pub not_covered: BTreeSet<u32>,
}

impl FileCoverage {
    pub fn percent(&self) -> f64 {
        percent(self.covered.len(), self.not_covered.len())
    }
}

/// Line coverage of the rule files under test.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    pub files: Vec<FileCoverage>,
}

impl Coverage {
    /// Covered lines over coverable lines, of every file, in percent.
    pub fn percent(&self) -> f64 {
        let covered = self.files.iter().map(|f| f.covered.len()).sum();
        let not = self.files.iter().map(|f| f.not_covered.len()).sum();
        percent(covered, not)
    }
}

fn percent(covered: usize, not_covered: usize) -> f64 {
    let total = covered + not_covered;
    if total == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / total as f64
    }
}

pub struct TestRun {
    pub results: Vec<TestResult>,
    pub coverage: Option<Coverage>,
}

/// A test rule found in a test file.
struct Test {
    name: String,
    file: usize,
    line: usize,
    /// The lines its rule spans, to find where a failing test stopped.
    lines: std::ops::RangeInclusive<usize>,
    skip: bool,
}

/// Loads `files` (rules, library and tests together) and runs the tests.
/// Coverage, when asked for, is of the non-test files `covered` accepts.
pub fn run(
    files: &[PolicyFile],
    options: &TestOptions,
    covered: &dyn Fn(&PolicyFile) -> bool,
) -> Result<TestRun> {
    let loaded = load(files)?;
    show_warnings(loaded.warnings);
    let mut engine = loaded.engine;
    let data = regorus::Value::from_json_str(&options.data.to_string())
        .map_err(|err| RunError::plain(err.to_string()))?;
    engine
        .add_data(data)
        .map_err(|err| RunError::plain(format!("cannot load the policy data: {err}")))?;
    engine.set_gather_prints(true);
    warm_up(&mut engine, files)?;
    options.limits.apply(&mut engine)?;
    let tests = tests_of(&mut engine, files, options.filter.as_ref());
    let coverable = coverable_lines(&mut engine, files, covered);
    engine.set_enable_coverage(true);
    let mut results = Vec::new();
    let mut lines: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for test in &tests {
        let file = &files[test.file];
        let mut clone = engine.clone();
        let result = run_one(&mut clone, test, file, &options.limits)?;
        if let Ok(report) = clone.get_coverage_report() {
            for f in report.files {
                lines.entry(f.path).or_default().extend(f.covered);
            }
        }
        results.push(result);
    }
    let coverage = options.coverage.then(|| Coverage {
        files: coverable
            .into_iter()
            .map(|(file, all)| {
                let covered: BTreeSet<u32> = lines
                    .get(&file)
                    .map(|l| l.intersection(&all).copied().collect())
                    .unwrap_or_default();
                let not_covered = all.difference(&covered).copied().collect();
                FileCoverage {
                    file,
                    covered,
                    not_covered,
                }
            })
            .collect(),
    });
    Ok(TestRun { results, coverage })
}

fn run_one(
    engine: &mut regorus::Engine,
    test: &Test,
    file: &PolicyFile,
    limits: &Limits,
) -> Result<TestResult> {
    let mut result = TestResult {
        name: test.name.clone(),
        file: file.source.display_path(),
        line: test.line,
        outcome: Outcome::Skip,
        duration: Duration::ZERO,
        prints: Vec::new(),
        stopped_at: None,
    };
    if test.skip {
        return Ok(result);
    }
    let started = Instant::now();
    let name = test.name.clone();
    let outcome = limits::with_engine(engine, move |engine| engine.eval_rule(name))?;
    result.duration = started.elapsed();
    result.prints = engine.take_prints().unwrap_or_default();
    result.outcome = match outcome {
        Ok(regorus::Value::Bool(true)) => Outcome::Pass,
        Ok(_) => Outcome::Fail,
        Err(err) => Outcome::Error(match limits.exceeded(&err) {
            Some(message) => message,
            None => error_text(&err.to_string()),
        }),
    };
    if result.outcome == Outcome::Fail {
        result.stopped_at = stopped_at(engine, test, file);
    }
    Ok(result)
}

/// regorus's rendering of an error, less its leading blank line.
fn error_text(rendered: &str) -> String {
    let text = rendered.trim();
    if text.contains("-->") {
        text.to_string()
    } else {
        summary(text)
    }
}

/// The last line of the test's rule that was evaluated: where a failing
/// test stopped (its expression evaluated to false or undefined).
fn stopped_at(engine: &regorus::Engine, test: &Test, file: &PolicyFile) -> Option<(usize, String)> {
    let report = engine.get_coverage_report().ok()?;
    let path = file.source.display_path();
    let line = report
        .files
        .iter()
        .filter(|f| f.path == path)
        .flat_map(|f| f.covered.iter())
        .map(|l| *l as usize)
        .filter(|l| test.lines.contains(l) && *l != test.line)
        .max()?;
    let text = file.source.text().lines().nth(line.checked_sub(1)?)?;
    Some((line, text.trim().to_string()))
}

/// The test rules of the test files, in file order, filtered by name.
fn tests_of(
    engine: &mut regorus::Engine,
    files: &[PolicyFile],
    filter: Option<&regex::Regex>,
) -> Vec<Test> {
    let mut tests = Vec::new();
    let mut seen = BTreeSet::new();
    for module in engine.get_modules().iter() {
        let path = module.package.span.source.file();
        let Some(index) = files
            .iter()
            .position(|f| f.source.display_path() == *path && f.is_test())
        else {
            continue;
        };
        let source = &files[index].source;
        let package = package_of(module);
        for rule in &module.policy {
            let Some(head) = head_of(rule) else { continue };
            let skip = head.name.starts_with("todo_test_");
            if head.function || !(head.name.starts_with("test_") || skip) {
                continue;
            }
            let name = format!("data.{package}.{}", head.name);
            if !seen.insert(name.clone()) || filter.is_some_and(|f| !f.is_match(&name)) {
                continue;
            }
            let span = rule.span();
            let first = source.line_col(span.start as usize).line;
            let last = source.line_col(span.end as usize).line;
            tests.push(Test {
                name,
                file: index,
                line: first,
                lines: first..=last,
                skip,
            });
        }
    }
    tests
}

/// The lines coverage counts in each non-test file `covered` accepts: the
/// lines of every statement of every rule body and rule value.
fn coverable_lines(
    engine: &mut regorus::Engine,
    files: &[PolicyFile],
    covered: &dyn Fn(&PolicyFile) -> bool,
) -> BTreeMap<String, BTreeSet<u32>> {
    let mut out = BTreeMap::new();
    for module in engine.get_modules().iter() {
        let path = module.package.span.source.file();
        let Some(file) = files
            .iter()
            .find(|f| f.source.display_path() == *path && !f.is_test() && covered(f))
        else {
            continue;
        };
        let lines: &mut BTreeSet<u32> = out.entry(file.source.display_path()).or_default();
        for rule in &module.policy {
            statement_lines(rule, lines);
        }
    }
    out
}

fn statement_lines(rule: &Rule, lines: &mut BTreeSet<u32>) {
    match rule {
        Rule::Spec { head, bodies, .. } => {
            if let regorus::unstable::RuleHead::Compr {
                assign: Some(assign),
                ..
            }
            | regorus::unstable::RuleHead::Func {
                assign: Some(assign),
                ..
            } = head
            {
                lines.insert(assign.value.span().line);
            }
            for body in bodies {
                for stmt in &body.query.stmts {
                    lines.insert(stmt.span.line);
                    if let Literal::Every { query, .. } = &stmt.literal {
                        lines.extend(query.stmts.iter().map(|s| s.span.line));
                    }
                }
            }
        }
        Rule::Default { value, .. } => {
            lines.insert(value.span().line);
        }
    }
}
