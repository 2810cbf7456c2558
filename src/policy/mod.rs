//! Rego policies: loading the built-in and user rule files, compiling them
//! once per process with regorus, evaluating an input document, and running
//! the Rego unit tests.

mod ahead;
mod analysis;
mod ast;
pub mod builtins;
mod conftest;
mod evaluator;
pub mod limits;
pub mod metadata;
pub mod scaffold;
mod shape;
pub mod test_report;
pub mod testing;

pub use ahead::ParsedAhead;
pub use analysis::{Analysis, ConftestPackage};
pub use evaluator::{data_value, Evaluation, Evaluator, RuleError};
pub use limits::Limits;
pub use shape::{RawFinding, RawFix};

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use miette::{NamedSource, SourceSpan};

use crate::error::{Result, RunError};
use crate::finding::Severity;
use crate::rules::{RuleMeta, RuleSet, RULES_ROOT};
use crate::sanitize;
use crate::snippet::Excerpt;
use crate::source::SourceFile;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// One `.rego` file and where it came from.
#[derive(Clone, Debug)]
pub struct PolicyFile {
    pub source: SourceFile,
    pub package: Option<String>,
    /// Shipped with modelgate (embedded), rather than from a `--policy` folder.
    pub builtin: bool,
}

impl PolicyFile {
    fn new(source: SourceFile, builtin: bool) -> Self {
        let package = metadata::package_of(source.text());
        Self {
            source,
            package,
            builtin,
        }
    }

    pub fn is_test(&self) -> bool {
        self.source.path().to_string_lossy().ends_with("_test.rego")
    }

    pub(crate) fn is_lib(&self) -> bool {
        self.package
            .as_deref()
            .is_some_and(|p| p.starts_with("modelgate.lib") || p == "modelgate.main")
    }
}

/// Which policy files to load.
#[derive(Clone, Debug, Default)]
pub struct PolicyOptions {
    pub extra_dirs: Vec<PathBuf>,
    pub no_default_policies: bool,
}

/// The embedded policy files, in path order: read once per process (`check`
/// lists them to parse ahead, then again for its settings), cloned cheaply.
pub fn embedded_files() -> Vec<PolicyFile> {
    static FILES: std::sync::OnceLock<Vec<PolicyFile>> = std::sync::OnceLock::new();
    FILES
        .get_or_init(|| {
            let mut files = Vec::new();
            collect_embedded(&EMBEDDED, &mut files);
            files.sort_by(|a, b| a.source.path().cmp(b.source.path()));
            files
        })
        .clone()
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<PolicyFile>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "rego") {
            let path = format!("<embedded>/policies/{}", file.path().display());
            out.push(PolicyFile::new(
                SourceFile::new(path, file.contents_utf8().unwrap_or_default()),
                true,
            ));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Every `.rego` file below `dir` (or `dir` itself, a `.rego` file), in
/// path order.
pub fn files_in(dir: &Path) -> Result<Vec<PolicyFile>> {
    // A path that is not a folder is read as one policy file: only a
    // regular file, within the size limit (a FIFO or /dev/zero is refused).
    if !dir.is_dir() && dir.extension().is_some_and(|e| e == "rego") {
        let source = crate::fsutil::read_source(dir, crate::fsutil::TEXT_LIMIT, "the policy")?;
        return Ok(vec![PolicyFile::new(source, false)]);
    }
    if !dir.is_dir() {
        return Err(
            RunError::plain(format!("policy folder {} does not exist", dir.display()))
                .with_help("pass a local folder of .rego files (or one .rego file) to --policy"),
        );
    }
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = entry
            .map_err(|err| RunError::plain(format!("cannot read {}: {err}", dir.display())))?;
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rego") {
            let source = crate::fsutil::read_source(path, crate::fsutil::TEXT_LIMIT, "the policy")?;
            files.push(PolicyFile::new(source, false));
        }
    }
    files.sort_by(|a, b| a.source.path().cmp(b.source.path()));
    Ok(files)
}

/// The package of the test builders (`policies/lib/testing.rego`).
const TEST_BUILDERS: &str = "modelgate.lib.testing";

/// The rule files for a run: the embedded library always (custom rules build
/// on it), the embedded rules unless `--no-default-policies`, then every
/// `--policy` folder. Test files are left out, and so are the test builders
/// unless a user's file names them (`testing`: a rule that uses them, or a
/// file that declares their package, then refused as a collision): a sixth
/// of the library's text that a run would otherwise parse and prepare for
/// nothing.
pub fn rule_files(options: &PolicyOptions) -> Result<Vec<PolicyFile>> {
    let mut user = Vec::new();
    for dir in &options.extra_dirs {
        user.extend(files_in(dir)?.into_iter().filter(|f| !f.is_test()));
    }
    let builders_named = user.iter().any(|f| f.source.text().contains("testing"));
    let mut files: Vec<PolicyFile> = embedded_files()
        .into_iter()
        .filter(|f| !f.is_test() && (f.is_lib() || !options.no_default_policies))
        .filter(|f| builders_named || f.package.as_deref() != Some(TEST_BUILDERS))
        .collect();
    files.extend(user);
    Ok(files)
}

/// The policies of a run, compiled and checked: the engine with every
/// module (and the generated conftest aggregate), the rules with their
/// documentation, what the analysis found, and the warnings to show.
pub struct Loaded {
    pub engine: regorus::Engine,
    /// Whether the engine is prepared for evaluation already.
    pub prepared: bool,
    pub rules: RuleSet,
    pub analysis: Analysis,
    pub warnings: Vec<PolicyWarning>,
}

/// Compiles `files`, runs the load-time checks and reads every rule's
/// documentation. A user file may not declare a package modelgate ships
/// (it would silently replace a built-in rule, or the library every rule
/// builds on), nor a rules package at a depth the aggregate rule does not
/// collect.
pub fn load(files: &[PolicyFile]) -> Result<Loaded> {
    let docs = read_docs(files)?;
    let checked = compile_checked(files)?;
    assemble(docs, checked, files)
}

/// The documentation of the rule packages of some policy files (their
/// METADATA), and the warnings it gave.
pub struct Docs {
    rules: BTreeMap<String, RuleMeta>,
    warnings: Vec<PolicyWarning>,
}

/// Policy files compiled and checked, with the conftest aggregate generated
/// when there are conftest packages; prepared for evaluation or not yet.
pub struct Checked {
    engine: regorus::Engine,
    analysis: Analysis,
    prepared: bool,
}

impl Checked {
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// Prepares the rules now, for evaluations without `data` (adding data
    /// would undo it), and reports what only the first evaluation finds.
    pub fn prepare(&mut self, files: &[PolicyFile]) -> Result<()> {
        warm_up(&mut self.engine, files)?;
        self.prepared = true;
        Ok(())
    }
}

/// Every rule package's METADATA (the documentation half of [`load`], which
/// can be read on its own thread).
pub fn read_docs(files: &[PolicyFile]) -> Result<Docs> {
    refuse_builtin_packages(files)?;
    let mut warnings = Vec::new();
    let mut rules: BTreeMap<String, RuleMeta> = BTreeMap::new();
    for file in files.iter().filter(|f| !f.is_test() && !f.is_lib()) {
        let Some(package) = &file.package else {
            continue;
        };
        if !package.starts_with(RULES_ROOT) {
            continue;
        }
        let meta = rule_meta(file, package, &mut warnings)?;
        insert_rule(&mut rules, meta)?;
    }
    Ok(Docs { rules, warnings })
}

/// The compiling half of [`load`]: the files parsed, the load-time checks
/// run, the conftest aggregate generated.
pub fn compile_checked(files: &[PolicyFile]) -> Result<Checked> {
    check_compiled(compile(files)?, files)
}

/// [`compile_checked`] of an engine that holds `files` parsed already.
pub fn check_compiled(mut engine: regorus::Engine, files: &[PolicyFile]) -> Result<Checked> {
    let analysis = analysis::analyze(&mut engine, files)?;
    if !analysis.conftest.is_empty() {
        engine
            .add_policy(
                conftest::GENERATED_PATH.to_string(),
                conftest::module(&analysis.conftest),
            )
            .map_err(|err| RunError::plain(format!("cannot load the conftest rules: {err}")))?;
    }
    Ok(Checked {
        engine,
        analysis,
        prepared: false,
    })
}

/// The two halves of [`load`] put together, the conftest packages
/// documented.
pub fn assemble(docs: Docs, checked: Checked, files: &[PolicyFile]) -> Result<Loaded> {
    let Docs {
        mut rules,
        mut warnings,
    } = docs;
    let analysis = checked.analysis;
    for package in &analysis.conftest {
        if rules.contains_key(&package.package) {
            continue;
        }
        let Some(file) = files
            .iter()
            .find(|f| f.source.display_path() == package.file)
        else {
            continue;
        };
        let severity = if package.kinds.iter().any(|k| *k != "warn") {
            Severity::Error
        } else {
            Severity::Warning
        };
        let meta =
            metadata::conftest_meta(&file.source, &package.package, severity, &mut warnings)?;
        insert_rule(&mut rules, meta)?;
    }
    Ok(Loaded {
        engine: checked.engine,
        prepared: checked.prepared,
        rules: RuleSet::new(rules),
        analysis,
        warnings,
    })
}

fn insert_rule(rules: &mut BTreeMap<String, RuleMeta>, meta: RuleMeta) -> Result<()> {
    if let Some(other) = rules.values().find(|r| r.id == meta.id) {
        return Err(RunError::plain(format!(
            "rule id `{}` is declared twice: in {} and in {}",
            meta.id, other.origin, meta.origin
        ))
        .with_help("give one of them another `custom.id`"));
    }
    rules.insert(meta.package.clone(), meta);
    Ok(())
}

/// The METADATA of the rule package `package` declared by `file`.
fn rule_meta(
    file: &PolicyFile,
    package: &str,
    warnings: &mut Vec<PolicyWarning>,
) -> Result<RuleMeta> {
    let origin = file.source.display_path();
    if package.trim_start_matches(RULES_ROOT).split('.').count() != 2 {
        let text = file.source.text();
        let at = text.find(&format!("package {package}")).unwrap_or(0);
        return Err(RunError::at(
            &file.source,
            at..at + "package ".len() + package.len(),
            format!("rule package `{package}` is not `modelgate.rules.<family>.<name>`, so its findings would never be collected"),
            "here",
        )
        .with_help("name the package after the rule: `package modelgate.rules.<family>.<name>` (a `-` in the name is written `_`)"));
    }
    metadata::rule_meta(&file.source, package, file.builtin, warnings)?.ok_or_else(|| {
        RunError::plain(format!("{origin}: rule package `{package}` has no # METADATA block")).with_help(
            "start the file with a # METADATA block giving title, description and custom.severity / custom.remediation (see policies/README.md)",
        )
    })
}

/// A user file that declares a package of the built-in policies is refused,
/// naming both files: a built-in rule is switched off or re-graded only by
/// explicit configuration, never by a colliding package.
fn refuse_builtin_packages(files: &[PolicyFile]) -> Result<()> {
    for user in files.iter().filter(|f| !f.builtin && !f.is_test()) {
        let Some(package) = &user.package else {
            continue;
        };
        let builtin = files
            .iter()
            .find(|f| f.builtin && f.package.as_ref() == Some(package))
            .map(|f| f.source.display_path());
        if let Some(builtin) = builtin {
            return Err(RunError::plain(format!(
                "{} declares `package {package}`, which is modelgate's own ({builtin}); a policy cannot replace a built-in rule or library",
                user.source.display_path(),
            ))
            .with_help("give the rule its own package, e.g. `modelgate.rules.<your-family>.<name>`; to re-grade or switch off a built-in rule use --select/--ignore or [severity] in .modelgate.toml"));
        }
    }
    Ok(())
}

/// Loads `files` into a fresh engine; a syntax error becomes a diagnostic at
/// the file, line and column regorus names.
pub fn compile(files: &[PolicyFile]) -> Result<regorus::Engine> {
    let mut engine = regorus::Engine::new();
    add_files(&mut engine, files, files)?;
    Ok(engine)
}

/// Parses `added` (some of the run's `files`, where an error is located)
/// into `engine`.
fn add_files(
    engine: &mut regorus::Engine,
    added: &[PolicyFile],
    files: &[PolicyFile],
) -> Result<()> {
    for file in added {
        engine
            .add_policy(file.source.display_path(), file.source.text().to_string())
            .map_err(|err| policy_error(files, &err.to_string()))?;
    }
    Ok(())
}

/// Unsafe variables and conflicting rules only surface at the first
/// evaluation; evaluate once now so that they are reported as load errors.
pub fn warm_up(engine: &mut regorus::Engine, files: &[PolicyFile]) -> Result<()> {
    limits::with_engine(engine, |engine| {
        engine.eval_query("true".to_string(), false)
    })?
    .map(|_| ())
    .map_err(|err| policy_error(files, &err.to_string()))
}

/// A position regorus reports in a rendered error (`--> file:line:col`),
/// as the file it names and a byte offset in it.
pub(crate) fn locate<'f>(
    files: &'f [PolicyFile],
    rendered: &str,
) -> Option<(&'f PolicyFile, usize)> {
    rendered.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        let column: usize = parts.next()?.trim().parse().ok()?;
        let line: usize = parts.next()?.trim().parse().ok()?;
        let path = parts.next()?;
        let file = files.iter().find(|f| f.source.display_path() == path)?;
        Some((file, byte_offset(&file.source, line, column)))
    })
}

/// regorus counts a tab as four columns and every other byte as one; the
/// byte offset of its (line, column) in `source`.
fn byte_offset(source: &SourceFile, line: usize, column: usize) -> usize {
    let start = source.offset(line, 1);
    let text = &source.text()[start..];
    let mut counted = 1;
    for (i, b) in text.bytes().enumerate() {
        if counted >= column || b == b'\n' {
            return start + i;
        }
        counted += if b == b'\t' { 4 } else { 1 };
    }
    source.text().len()
}

/// The `error: …` line of a rendered regorus error, or all of it.
pub(crate) fn summary(rendered: &str) -> String {
    rendered
        .lines()
        .find_map(|l| l.trim().strip_prefix("error:"))
        .unwrap_or(rendered)
        .trim()
        .to_string()
}

/// regorus renders an error as a `--> file:line:col` line, a snippet and an
/// `error: …` line; turn that into a diagnostic on the policy file itself.
fn policy_error(files: &[PolicyFile], rendered: &str) -> RunError {
    let summary = summary(rendered);
    match locate(files, rendered) {
        Some((file, offset)) => RunError::at(
            &file.source,
            offset..offset,
            format!("policy does not compile: {summary}"),
            "here",
        )
        .with_help("see policies/README.md for how rules are written"),
        None => RunError::plain(format!("the policies do not compile: {summary}")),
    }
}

/// Something in a policy file that is probably a mistake but does not stop
/// the run: shown on stderr when the policies are loaded.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(severity(Warning))]
pub struct PolicyWarning {
    message: String,
    #[source_code]
    source_code: NamedSource<Excerpt>,
    #[label("here")]
    span: SourceSpan,
    #[help]
    help: String,
}

impl PolicyWarning {
    pub fn at(
        file: &SourceFile,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        let start = file.line_col(span.start);
        let excerpt = Excerpt::new(file, span.start..span.end.max(span.start));
        Self {
            message: format!(
                "{}:{}:{}: {}",
                sanitize::line(&file.display_path()),
                start.line,
                start.column,
                sanitize::text(&message.into())
            ),
            span: excerpt.span(),
            source_code: NamedSource::new(sanitize::line(&file.display_path()), excerpt),
            help: sanitize::text(&help.into()).into_owned(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn help(&self) -> &str {
        &self.help
    }
}

/// Shows `warnings` on stderr (a closed stderr is not an error).
pub fn show_warnings(warnings: Vec<PolicyWarning>) {
    let mut err = std::io::stderr().lock();
    for warning in warnings {
        let _ = writeln!(err, "{:?}", miette::Report::new(warning));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regorus_columns_count_a_tab_as_four() {
        let source = SourceFile::new("t.rego", "a\n\t\tx := 1\n");
        // regorus puts `x` at column 9 (two tabs of four); it is byte 3.
        let offset = byte_offset(&source, 2, 9);
        assert_eq!(source.line_col(offset).column, 3);
        assert_eq!(&source.text()[offset..offset + 1], "x");
    }

    fn packages(options: &PolicyOptions) -> Vec<String> {
        rule_files(options)
            .expect("the rule files")
            .into_iter()
            .filter_map(|f| f.package)
            .collect()
    }

    /// The test builders are parsed only for runs whose policies name them.
    #[test]
    fn runs_load_the_test_builders_only_when_a_policy_names_them() {
        let builtin = packages(&PolicyOptions::default());
        assert!(builtin.iter().any(|p| p == "modelgate.lib"));
        assert!(!builtin.iter().any(|p| p == TEST_BUILDERS));
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |text: &str| {
            std::fs::write(dir.path().join("rule.rego"), text).expect("the policy is written")
        };
        let options = PolicyOptions {
            extra_dirs: vec![dir.path().to_path_buf()],
            no_default_policies: false,
        };
        write("package acme.x\n\nm := input.entries\n");
        assert!(!packages(&options).iter().any(|p| p == TEST_BUILDERS));
        write("package acme.x\n\nimport data.modelgate.lib.testing as t\n\nm := t.haiku_id\n");
        assert!(packages(&options).iter().any(|p| p == TEST_BUILDERS));
        // A file declaring their package is still a collision.
        write("package modelgate.lib.testing\n\nhaiku_id := \"x\"\n");
        let files = rule_files(&options).expect("the rule files");
        let refused = load(&files)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(refused.contains("which is modelgate's own"), "{refused}");
    }
}
