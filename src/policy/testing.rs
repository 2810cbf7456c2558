//! `modelgate test`: runs Rego unit tests the way `opa test` does. Every rule
//! named `test_*` is evaluated on a clone of one warmed engine: `true`
//! passes, anything else (undefined, false) fails, an error is an error.

use std::collections::BTreeSet;

use super::{compile, warm_up, PolicyFile};
use crate::error::Result;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    Error(String),
}

#[derive(Clone, Debug)]
pub struct TestResult {
    /// `data.<package>.<rule>`
    pub name: String,
    pub file: String,
    pub outcome: Outcome,
}

/// The test rules a file declares, as `(package, rule)`, in file order.
pub fn test_rules(file: &PolicyFile) -> Vec<(String, String)> {
    let Some(package) = &file.package else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    file.source
        .text()
        .lines()
        .filter_map(|line| {
            let name: String = line
                .strip_prefix("test_")?
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let name = format!("test_{name}");
            let rest = line[name.len()..].trim_start();
            let is_head = rest.starts_with("if")
                || rest.starts_with(":=")
                || rest.starts_with('{')
                || rest.starts_with('=');
            (is_head && seen.insert(name.clone())).then(|| (package.clone(), name))
        })
        .collect()
}

/// Loads `files` (rules, library and tests together) and runs every test.
pub fn run(files: &[PolicyFile]) -> Result<Vec<TestResult>> {
    let mut engine = compile(files)?;
    warm_up(&mut engine, files)?;
    let mut results = Vec::new();
    for file in files.iter().filter(|f| f.is_test()) {
        for (package, rule) in test_rules(file) {
            let name = format!("data.{package}.{rule}");
            let mut clone = engine.clone();
            let outcome = match clone.eval_rule(name.clone()) {
                Ok(regorus::Value::Bool(true)) => Outcome::Pass,
                Ok(_) => Outcome::Fail,
                Err(err) => Outcome::Error(err.to_string()),
            };
            results.push(TestResult {
                name,
                file: file.source.display_path(),
                outcome,
            });
        }
    }
    Ok(results)
}
