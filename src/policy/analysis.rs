//! Checks made when the policies are loaded, on regorus's parsed modules,
//! so that a mistake is a located error before any manifest is judged
//! rather than a surprise when (or if) a rule runs:
//!
//! - every function called exists (a built-in, or a function a module
//!   declares), with a did-you-mean;
//! - no function that would make findings depend on when or where modelgate
//!   runs (`time.now_ns`, `rand.intn` …) is called;
//! - no rule or function depends on itself, directly or through others (OPA
//!   refuses recursion at compile time; regorus would overflow its stack);
//! - a package under `modelgate.rules` reports something, and a package
//!   that is almost `modelgate.rules.…` is named as the typo it is.
//!
//! It also finds the conftest-style packages (`deny` / `violation` /
//! `warn`) that modelgate evaluates as rules.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use regorus::unstable::{Expr, Module, Span};

use super::ast::{bindings, expressions, head_of, package_of, path_of};
use super::builtins;
use super::PolicyFile;
use crate::error::{did_you_mean, Result, RunError};
use crate::rules::RULES_ROOT;

/// The rule names conftest reads, and the severity each one reports.
pub const CONFTEST_RULES: [(&str, crate::finding::Severity); 3] = [
    ("deny", crate::finding::Severity::Error),
    ("violation", crate::finding::Severity::Error),
    ("warn", crate::finding::Severity::Warning),
];

/// A package that reports through conftest's rule names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConftestPackage {
    /// Without `data.`: `main`, `acme.cost`.
    pub package: String,
    /// Which of `deny`, `violation`, `warn` it declares.
    pub kinds: Vec<&'static str>,
    /// The file that declares the first of them, and where.
    pub file: String,
    pub line: usize,
}

/// What loading learnt about the modules.
#[derive(Debug, Default)]
pub struct Analysis {
    pub conftest: Vec<ConftestPackage>,
    /// For each package, the file, line and column of its first `findings`
    /// rule (where a finding of the wrong shape is blamed).
    pub findings_at: HashMap<String, (String, usize, usize)>,
    /// Whether a user's rule may read `data.catalog` (it names it, or all
    /// of `data`). The built-in rules never do (a test asserts it), so a run
    /// of them alone skips building the catalog as a Rego document, a
    /// fifth of a cold start.
    pub reads_catalog: bool,
}

/// One module with the file it came from.
struct Unit<'m> {
    module: &'m Module,
    file: &'m PolicyFile,
    package: String,
    /// Import alias → imported path (`lib` → `data.modelgate.lib`).
    imports: HashMap<String, String>,
}

/// Runs every load-time check on the modules `engine` parsed from `files`.
pub fn analyze(engine: &mut regorus::Engine, files: &[PolicyFile]) -> Result<Analysis> {
    let modules: Vec<regorus::unstable::Ref<Module>> = engine.get_modules().clone();
    analyze_units(&units_of(&modules, files), Checked::UserFiles)
}

/// Each module with the file it was parsed from.
fn units_of<'m>(
    modules: &'m [regorus::unstable::Ref<Module>],
    files: &'m [PolicyFile],
) -> Vec<Unit<'m>> {
    modules
        .iter()
        .filter_map(|module| {
            let path = module.package.span.source.file().clone();
            let file = files.iter().find(|f| f.source.display_path() == path)?;
            Some(Unit {
                module,
                file,
                package: package_of(module),
                imports: imports_of(module),
            })
        })
        .collect()
}

/// Which files the load-time checks look at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checked {
    /// The `--policy` files: the built-in ones pass every check, which a
    /// test asserts, and checking them again on every run costs a tenth of
    /// the start-up time. (A built-in rule cannot call a user's, so no
    /// cycle passes through one.)
    UserFiles,
    #[cfg(test)]
    All,
}

fn analyze_units(units: &[Unit<'_>], checked: Checked) -> Result<Analysis> {
    let symbols = Symbols::of(units);
    let checked: Vec<&Unit<'_>> = units
        .iter()
        .filter(|u| checked != Checked::UserFiles || !u.file.builtin)
        .collect();
    for unit in &checked {
        check_package_name(unit)?;
        check_calls(unit, &symbols)?;
    }
    check_recursion(&checked, &symbols)?;
    let analysis = Analysis {
        conftest: conftest_packages(units),
        findings_at: findings_rules(units),
        reads_catalog: checked.iter().any(|unit| reads_catalog(unit)),
    };
    check_rule_packages(&checked, &analysis)?;
    Ok(analysis)
}

/// Whether `unit` may read `data.catalog`: an import or reference of
/// `data.catalog`, of `data` itself, or of `data[…]` with a computed key.
/// References into packages (`data.modelgate.lib`, `data.acme.x`) are rules,
/// not base documents.
fn reads_catalog(unit: &Unit<'_>) -> bool {
    let reads = |path: Option<&str>| match path {
        Some(path) => path == "data" || path == "data.catalog" || path.starts_with("data.catalog."),
        None => true,
    };
    if unit.imports.values().any(|path| reads(Some(path))) {
        return true;
    }
    let mut bare = 0usize;
    let mut qualified = 0usize;
    for rule in &unit.module.policy {
        for expr in expressions(rule) {
            match expr {
                Expr::Var { span, .. } if span.text() == "data" => bare += 1,
                Expr::RefDot { refr, field, .. } if is_data(refr) => {
                    qualified += 1;
                    if field.0.text() == "catalog" {
                        return true;
                    }
                }
                Expr::RefBrack { refr, index, .. } if is_data(refr) => {
                    qualified += 1;
                    let key = match index.as_ref() {
                        Expr::String { value, .. } => value.as_string().ok(),
                        _ => None,
                    };
                    if key.is_none_or(|k| k.as_ref() == "catalog") {
                        return true;
                    }
                }
                _ => {}
            }
        }
    }
    // `data` alone (`x := data`, `some k, v in data`) reads all of it.
    bare > qualified
}

fn is_data(expr: &Expr) -> bool {
    matches!(expr, Expr::Var { span, .. } if span.text() == "data")
}

fn imports_of(module: &Module) -> HashMap<String, String> {
    module
        .imports
        .iter()
        .filter_map(|import| {
            let path = path_of(&import.refr)?;
            let alias = match &import.r#as {
                Some(span) => span.text().to_string(),
                None => path.rsplit('.').next().unwrap_or_default().to_string(),
            };
            Some((alias, path))
        })
        .collect()
}

/// Every rule and function the modules declare, by full path
/// (`data.pkg.name`).
struct Symbols {
    functions: BTreeSet<String>,
    rules: BTreeSet<String>,
}

impl Symbols {
    fn of(units: &[Unit<'_>]) -> Self {
        let mut symbols = Self {
            functions: BTreeSet::new(),
            rules: BTreeSet::new(),
        };
        for unit in units {
            for rule in &unit.module.policy {
                let Some(head) = head_of(rule) else { continue };
                let path = format!("data.{}.{}", unit.package, head.name);
                if head.function {
                    symbols.functions.insert(path);
                } else {
                    symbols.rules.insert(path);
                }
            }
        }
        symbols
    }
}

impl Unit<'_> {
    /// The full path `written` (as in the source) names, through this
    /// module's imports: `lib.finding` → `data.modelgate.lib.finding`,
    /// `f` → `data.<package>.f`.
    fn expand(&self, written: &str) -> String {
        let (first, rest) = written.split_once('.').unwrap_or((written, ""));
        let join = |base: &str| {
            if rest.is_empty() {
                base.to_string()
            } else {
                format!("{base}.{rest}")
            }
        };
        if first == "data" {
            return written.to_string();
        }
        match self.imports.get(first) {
            Some(path) if path.starts_with("data.") => join(path),
            _ => format!("data.{}.{written}", self.package),
        }
    }

    fn error(&self, span: &Span, message: String) -> RunError {
        let offset = span.start as usize;
        RunError::at(
            &self.file.source,
            offset..span.end as usize,
            message,
            "here",
        )
    }
}

/// Every call names a function that exists and may be used.
fn check_calls(unit: &Unit<'_>, symbols: &Symbols) -> Result<()> {
    for rule in &unit.module.policy {
        for expr in expressions(rule) {
            let Expr::Call { fcn, .. } = expr else {
                continue;
            };
            let Some(written) = path_of(fcn) else {
                continue;
            };
            if symbols.functions.contains(&unit.expand(&written)) {
                continue;
            }
            if let Some(why) = builtins::forbidden(&written) {
                return Err(unit
                    .error(
                        fcn.span(),
                        format!("`{written}` is not available to rules: {why}"),
                    )
                    .with_help(builtins::DETERMINISM_HELP));
            }
            if builtins::exists(&written) {
                continue;
            }
            return Err(unknown_function(unit, symbols, fcn.span(), &written));
        }
    }
    Ok(())
}

fn unknown_function(unit: &Unit<'_>, symbols: &Symbols, span: &Span, written: &str) -> RunError {
    // Candidates written the way this module would write them.
    let mut candidates: Vec<String> = builtins::available()
        .into_iter()
        .map(str::to_string)
        .collect();
    let local = format!("data.{}.", unit.package);
    for path in &symbols.functions {
        if let Some(short) = path.strip_prefix(&local) {
            candidates.push(short.to_string());
        }
        for (alias, imported) in &unit.imports {
            if let Some(rest) = path.strip_prefix(&format!("{imported}.")) {
                candidates.push(format!("{alias}.{rest}"));
            }
        }
        candidates.push(path.clone());
    }
    let help = match did_you_mean(written, candidates.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`? policies/README.md lists the built-in functions"),
        None => "policies/README.md lists the built-in functions modelgate provides; a function of your own must be declared in a loaded policy file".to_string(),
    };
    unit.error(span, format!("unknown function `{written}`"))
        .with_help(help)
}

/// A node of the dependency graph: a rule or function, by full path.
type Graph<'m> = BTreeMap<String, Vec<(String, &'m Span, &'m PolicyFile)>>;

/// No rule or function depends on itself.
fn check_recursion(units: &[&Unit<'_>], symbols: &Symbols) -> Result<()> {
    let mut graph: Graph<'_> = BTreeMap::new();
    for unit in units {
        for rule in &unit.module.policy {
            let Some(head) = head_of(rule) else { continue };
            let node = format!("data.{}.{}", unit.package, head.name);
            let edges = graph.entry(node).or_default();
            edges.extend(dependencies(unit, rule, symbols));
        }
    }
    let Some(cycle) = find_cycle(&graph) else {
        return Ok(());
    };
    let (_, span, file) = &cycle[0];
    // Named as the module that holds the first reference would write them.
    let package = units
        .iter()
        .find(|u| std::ptr::eq(u.file, *file))
        .map(|u| format!("data.{}.", u.package))
        .unwrap_or_default();
    let names: Vec<String> = cycle
        .iter()
        .map(|(to, ..)| {
            to.strip_prefix(&package)
                .map_or_else(|| short_name(to), str::to_string)
        })
        .collect();
    let first = names.last().cloned().unwrap_or_default();
    let chain = std::iter::once(first.clone())
        .chain(names.iter().cloned())
        .collect::<Vec<_>>()
        .join(" → ");
    let offset = span.start as usize;
    Err(RunError::at(
        &file.source,
        offset..span.end as usize,
        format!("`{first}` depends on itself ({chain}): recursion is not allowed in Rego"),
        "recursive reference",
    )
    .with_help("OPA refuses recursive rules and functions too; compute the result with a comprehension over the data (`[x | some x in …]`) or `graph.reachable` instead"))
}

/// `data.modelgate.rules.acme.x.f` → `modelgate.rules.acme.x.f`.
fn short_name(path: &str) -> String {
    path.strip_prefix("data.").unwrap_or(path).to_string()
}

/// The rules and functions `rule` refers to, each with where.
fn dependencies<'m>(
    unit: &Unit<'m>,
    rule: &'m regorus::unstable::Rule,
    symbols: &Symbols,
) -> Vec<(String, &'m Span, &'m PolicyFile)> {
    let exprs = expressions(rule);
    let callees: HashSet<*const Expr> = exprs
        .iter()
        .filter_map(|e| match e {
            Expr::Call { fcn, .. } => Some(fcn.as_ref() as *const Expr),
            _ => None,
        })
        .collect();
    let local: HashSet<String> = bindings(rule).into_iter().collect();
    let mut out = Vec::new();
    for expr in exprs {
        match expr {
            Expr::Call { fcn, .. } => {
                if let Some(written) = path_of(fcn) {
                    let full = unit.expand(&written);
                    if symbols.functions.contains(&full) {
                        out.push((full, fcn.span(), unit.file));
                    }
                }
            }
            Expr::Var { .. } | Expr::RefDot { .. } | Expr::RefBrack { .. }
                if !callees.contains(&(expr as *const Expr)) =>
            {
                let Some(written) = path_of(expr) else {
                    continue;
                };
                let first = written.split('.').next().unwrap_or_default();
                if local.contains(first) || first == "input" {
                    continue;
                }
                let full = unit.expand(&written);
                if symbols.rules.contains(&full) {
                    out.push((full, expr.span(), unit.file));
                }
            }
            _ => {}
        }
    }
    out
}

/// A cycle in `graph`, as the edges that close it (first edge first).
fn find_cycle<'g, 'm>(graph: &'g Graph<'m>) -> Option<Vec<(String, &'m Span, &'m PolicyFile)>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: HashMap<&'g str, State> = HashMap::new();
    for start in graph.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // Iterative depth-first search: (node, next edge index), and the
        // edges taken to reach the top of the stack.
        let mut stack: Vec<(&'g str, usize)> = vec![(start.as_str(), 0)];
        let mut path: Vec<&'g (String, &'m Span, &'m PolicyFile)> = Vec::new();
        state.insert(start.as_str(), State::Open);
        while let Some((node, next)) = stack.last_mut() {
            let edges = graph.get(*node).map(Vec::as_slice).unwrap_or_default();
            let Some(edge) = edges.get(*next) else {
                state.insert(node, State::Done);
                stack.pop();
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(edge.0.as_str()) {
                Some(State::Open) => {
                    // The cycle runs from where `edge.0` sits on the stack.
                    let from = stack.iter().position(|(n, _)| *n == edge.0)?;
                    let mut cycle: Vec<_> = path[from..].iter().map(|e| (*e).clone()).collect();
                    cycle.push(edge.clone());
                    return Some(cycle);
                }
                Some(State::Done) => {}
                None => {
                    state.insert(edge.0.as_str(), State::Open);
                    path.push(edge);
                    stack.push((edge.0.as_str(), 0));
                }
            }
        }
    }
    None
}

/// A package that is almost `modelgate.rules.…` is a typo that would
/// silently never run.
fn check_package_name(unit: &Unit<'_>) -> Result<()> {
    let package = &unit.package;
    if package.starts_with(RULES_ROOT) || unit.file.is_lib() {
        return Ok(());
    }
    let root = RULES_ROOT.trim_end_matches('.');
    let parts: Vec<&str> = package.split('.').collect();
    for take in 1..=parts.len().min(3) {
        let prefix = parts[..take].join(".");
        let distance = strsim::levenshtein(&prefix, root);
        if (1..=2).contains(&distance) {
            let rest = parts[take..].join(".");
            let meant = if rest.is_empty() {
                format!("{root}.<family>.<name>")
            } else {
                format!("{root}.{rest}")
            };
            return Err(unit
                .error(
                    &unit.module.package.span,
                    format!(
                        "package `{package}` is almost `{root}.…`, so its rules would never run"
                    ),
                )
                .with_help(format!("did you mean `package {meant}`?")));
        }
    }
    Ok(())
}

/// Packages outside modelgate's own that declare `deny`, `violation` or
/// `warn` (test files and the library aside).
fn conftest_packages(units: &[Unit<'_>]) -> Vec<ConftestPackage> {
    let mut found: BTreeMap<String, ConftestPackage> = BTreeMap::new();
    for unit in units.iter().filter(|u| !u.file.is_test()) {
        if unit.package.starts_with("modelgate.") && !unit.package.starts_with(RULES_ROOT) {
            continue;
        }
        for rule in &unit.module.policy {
            let Some(head) = head_of(rule) else { continue };
            let Some((kind, _)) = CONFTEST_RULES.iter().find(|(k, _)| *k == head.name) else {
                continue;
            };
            if head.function {
                continue;
            }
            let entry = found
                .entry(unit.package.clone())
                .or_insert_with(|| ConftestPackage {
                    package: unit.package.clone(),
                    kinds: Vec::new(),
                    file: unit.file.source.display_path(),
                    line: head.span.line as usize,
                });
            if !entry.kinds.contains(kind) {
                entry.kinds.push(kind);
            }
        }
    }
    let mut packages: Vec<ConftestPackage> = found.into_values().collect();
    for p in &mut packages {
        p.kinds
            .sort_by_key(|k| CONFTEST_RULES.iter().position(|(c, _)| c == k));
    }
    packages
}

fn findings_rules(units: &[Unit<'_>]) -> HashMap<String, (String, usize, usize)> {
    let mut at = HashMap::new();
    for unit in units {
        for rule in &unit.module.policy {
            if head_of(rule).is_some_and(|h| h.name == "findings" && !h.function) {
                let span = rule.span();
                let lc = unit.file.source.line_col(span.start as usize);
                at.entry(unit.package.clone()).or_insert((
                    unit.file.source.display_path(),
                    lc.line,
                    lc.column,
                ));
            }
        }
    }
    at
}

/// A package under `modelgate.rules` that declares neither `findings` nor
/// a conftest rule reports nothing, whatever it holds.
fn check_rule_packages(units: &[&Unit<'_>], analysis: &Analysis) -> Result<()> {
    let reporting: BTreeSet<&str> = analysis
        .findings_at
        .keys()
        .map(String::as_str)
        .chain(analysis.conftest.iter().map(|c| c.package.as_str()))
        .collect();
    for unit in units.iter().filter(|u| !u.file.is_test()) {
        if !unit.package.starts_with(RULES_ROOT) || reporting.contains(unit.package.as_str()) {
            continue;
        }
        return Err(unit
            .error(
                &unit.module.package.span,
                format!("rule package `{}` declares no `findings` rule, so it reports nothing", unit.package),
            )
            .with_help("write `findings contains lib.finding(pointer, message) if { … }` (see policies/README.md), or conftest's `deny contains msg if { … }`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs skip the checks on the built-in policies: they must pass them.
    #[test]
    fn the_built_in_policies_pass_every_load_time_check() {
        let files = crate::policy::embedded_files();
        let mut engine = crate::policy::compile(&files).expect("the built-in policies compile");
        let modules = engine.get_modules().clone();
        let analysis = analyze_units(&units_of(&modules, &files), Checked::All)
            .expect("the built-in policies pass every check");
        assert!(analysis.conftest.is_empty());
        assert!(!analysis.findings_at.is_empty());
        // Runs of the built-in rules alone leave `data.catalog` out.
        assert!(!analysis.reads_catalog);
    }

    fn reads_catalog_of(source: &str) -> bool {
        let file = PolicyFile::new(crate::source::SourceFile::new("user.rego", source), false);
        let files = [file];
        let mut engine = crate::policy::compile(&files).expect("the policy compiles");
        let modules = engine.get_modules().clone();
        let units = units_of(&modules, &files);
        reads_catalog(&units[0])
    }

    /// A user's rule that may read the catalog gets it; one that reads only
    /// the input and other rules does not make every run pay for it.
    #[test]
    fn a_rule_reads_the_catalog_when_it_names_it_or_all_of_data() {
        let head = "package acme.x\nimport rego.v1\n";
        for body in [
            "m := data.catalog.models",
            "m := data[\"catalog\"]",
            "m := data",
            "m := [k | some k, _ in data]",
            "m(k) := data[k]",
            "m := object.get(data, \"catalog\", {})",
        ] {
            assert!(reads_catalog_of(&format!("{head}{body}\n")), "{body}");
        }
        for import in [
            "import data.catalog",
            "import data.catalog.models as models",
            "import data",
        ] {
            assert!(
                reads_catalog_of(&format!("package acme.x\n{import}\nm := 1\n")),
                "{import}"
            );
        }
        for body in [
            "m := input.entries",
            "m := data.modelgate.lib.plural(1, \"x\")",
            "m := data.acme.y.z",
            "m := data[\"acme\"].y",
        ] {
            assert!(!reads_catalog_of(&format!("{head}{body}\n")), "{body}");
        }
    }
}
