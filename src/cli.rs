//! The command line (clap). Commands and options, nothing else.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::catalog::LifecycleStatus;
use crate::config::{self, spec};
use crate::date::Date;
use crate::finding::FailOn;
use crate::report::{OutputFile, OutputFormat};
use crate::units;

#[derive(Debug, Parser)]
#[command(
    name = "modelgate",
    version,
    about = "Policy-as-code compliance checks for applications that call foundation models on Amazon Bedrock",
    long_about = "Policy-as-code compliance checks for applications that call foundation models on Amazon Bedrock.\n\nmodelgate evaluates a workload's manifest (modelgate.toml or modelgate.json) against Rego rules for residency, availability, features and lifecycle, using an embedded catalog of Bedrock facts. It never calls AWS.",
    after_help = "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the run itself failed."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate manifests (files, or folders searched for modelgate.toml / modelgate.json)
    Check(CheckArgs),
    /// Find every Bedrock model reference in source files (code, IaC, config, docs, notebooks) and judge it
    Audit(AuditArgs),
    /// Run Rego unit tests (rules named test_*) in policy folders (default: `policies` in .modelgate.toml, else the built-in policies)
    Test(TestArgs),
    /// List the rules in force
    Rules(RulesArgs),
    /// Print one rule's documentation
    Explain(ExplainArgs),
    /// Show the settings in force and where each comes from (flag, .modelgate.toml, default)
    Config(ConfigArgs),
    /// Write a starter modelgate.toml from the model references `audit` finds (never overwrites)
    Init(InitArgs),
    /// Browse, import (from AWS CLI JSON) and compare the model catalog
    Catalog(CatalogCommandArgs),
    /// Write a new rule and its tests from a template
    New(NewCommandArgs),
    /// Print the input document the rules evaluate for each manifest, as JSON (--audit: audit's documents; --schema: their JSON Schema)
    Input(InputArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Manifests, or folders to search for them
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub fixes: FixArgs,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Files or folders to scan
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub fixes: FixArgs,

    /// Also scan hidden files and folders (.git is never scanned)
    #[arg(long)]
    pub hidden: bool,

    /// Do not honour .gitignore, .ignore and git's exclude files
    #[arg(long)]
    pub no_ignore: bool,

    /// Skip files and folders matching this glob (a name at any depth, or a path below the root if it has a `/`); repeatable
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Skip (and count) files larger than this, e.g. 512K, 2M
    #[arg(long, value_name = "SIZE", default_value = "2M")]
    pub max_filesize: String,

    /// Regions the code calls Bedrock from, overriding the nearest manifest's; repeatable or comma-separated
    #[arg(long, value_delimiter = ',', value_name = "REGION")]
    pub regions: Vec<String>,

    /// Residency boundary, overriding the nearest manifest's: a boundary name (eu, us …), "regions", "none", or Region codes separated by commas
    #[arg(long, value_name = "BOUNDARY")]
    pub residency: Option<String>,

    /// Compliance tags (e.g. gdpr), overriding the nearest manifest's; repeatable or comma-separated
    #[arg(long, value_delimiter = ',', value_name = "TAG")]
    pub compliance: Vec<String>,

    /// Report only findings this baseline file does not hold, and the entries that no longer match
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in this baseline file and exit 0
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "files", "fix"])]
    pub write_baseline: Option<PathBuf>,

    /// Audit the staged content of the files in the git index (what the next commit holds), for pre-commit
    #[arg(long, conflicts_with = "fix")]
    pub staged: bool,

    /// Audit only the files changed since REF's merge base with HEAD (in the working tree, untracked ones too), for pull-request gates
    #[arg(long, value_name = "REF", conflicts_with = "staged")]
    pub since: Option<String>,

    /// Print which models the files use (with their lifecycle), how often and where, instead of findings
    #[arg(long, conflicts_with_all = ["files", "fix"])]
    pub inventory: bool,

    /// Print the literals the scanner's prefilter searches for, one per line (for benchmarks)
    #[arg(long, hide = true)]
    pub print_needles: bool,
}

/// Reports written beside standard output (`check`, `audit`).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Also write the report in FORMAT to PATH, e.g. sarif=modelgate.sarif (repeatable; --format is for standard output)
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = OutputFile::parse)]
    pub files: Vec<OutputFile>,
}

/// Fixing (`check`: the manifests; `audit`: the source files).
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Apply safe fixes (the same model, reached another way), keeping comments and layout
    #[arg(long)]
    pub fix: bool,

    /// With --fix, also apply fixes that change the model or a limit
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,

    /// With --fix, print a unified diff of what the fixes would change, and write nothing
    #[arg(long, requires = "fix")]
    pub diff: bool,
}

#[derive(Debug, Args)]
#[command(after_long_help = INPUT_HELP)]
pub struct InputArgs {
    /// Manifests, or folders to search for them; with --audit, files or folders to scan
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Print the documents `modelgate audit` evaluates: each manifest in the tree, each workload context's references, the suppression comments
    #[arg(long)]
    pub audit: bool,

    /// Print the JSON Schema of every input document (policies/input.schema.json) and exit
    #[arg(long, conflicts_with = "audit")]
    pub schema: bool,

    #[command(flatten)]
    pub catalog: CatalogArgs,

    /// Evaluate lifecycle rules as of this date (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE")]
    pub today: Option<Date>,

    #[arg(long = spec::EOL_HORIZON.flag, help = spec::EOL_HORIZON.help, value_name = "DAYS")]
    pub eol_horizon: Option<u32>,

    #[arg(long = spec::MAX_CATALOG_AGE.flag, help = spec::MAX_CATALOG_AGE.help, value_name = "DAYS")]
    pub max_catalog_age: Option<u32>,

    #[command(flatten)]
    pub policies: PolicyArgs,

    #[arg(long = spec::DATA.flag, help = spec::DATA.help, value_name = "FILE|DIR")]
    pub data: Vec<PathBuf>,

    #[command(flatten)]
    pub limits: LimitArgs,

    /// Project configuration file (default: the nearest .modelgate.toml above each path)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore any project configuration file
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// With --audit: Regions the code calls Bedrock from, overriding the nearest manifest's; repeatable or comma-separated
    #[arg(long, value_delimiter = ',', value_name = "REGION", requires = "audit")]
    pub regions: Vec<String>,

    /// With --audit: residency boundary, overriding the nearest manifest's (a boundary name, "regions", "none", or Region codes separated by commas)
    #[arg(long, value_name = "BOUNDARY", requires = "audit")]
    pub residency: Option<String>,

    /// With --audit: compliance tags (e.g. gdpr), overriding the nearest manifest's; repeatable or comma-separated
    #[arg(long, value_delimiter = ',', value_name = "TAG", requires = "audit")]
    pub compliance: Vec<String>,

    /// With --audit: also scan hidden files and folders
    #[arg(long, requires = "audit")]
    pub hidden: bool,

    /// With --audit: do not honour .gitignore, .ignore and git's exclude files
    #[arg(long, requires = "audit")]
    pub no_ignore: bool,

    /// With --audit: skip files and folders matching this glob; repeatable
    #[arg(long, value_name = "GLOB", requires = "audit")]
    pub exclude: Vec<String>,

    /// With --audit: skip files larger than this, e.g. 512K, 2M
    #[arg(long, value_name = "SIZE", default_value = "2M", requires = "audit")]
    pub max_filesize: String,

    /// With --audit: scan the staged content of the files in the git index
    #[arg(long, requires = "audit")]
    pub staged: bool,
}

/// The output of `modelgate input`, for `--help`.
const INPUT_HELP: &str = "\
Output: a JSON array, pretty-printed, with one element per document in the order the rules evaluate them, whatever their number:

  [{\"subject\": \"examples/eu/modelgate.toml\", \"input\": {\"schema\": 1, \"today\": \"2026-11-22\", …}}]

`subject` is what the document is about: a manifest's path; with --audit, also the files of one workload context (\"src/app.py and 2 other files\") or \"the suppression comments\". `input` is the document exactly as the rules receive it (policies/README.md, \"The input document\"; schema: policies/input.schema.json). Not printed: the waivers document and audit's stale-baseline document, which are built from the findings.

Exit status: 0 every document printed; 2 a path, manifest or setting could not be read, or (--audit) anything `modelgate audit` reports as an error: each on stderr, at its file, line and column, while the other documents are still printed.";

/// Options every evaluating command (`check`, `audit`) shares.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Report format on standard output
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,

    /// Evaluate lifecycle rules as of this date (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE")]
    pub today: Option<Date>,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// The settings a flag or `.modelgate.toml` may give (`check`, `audit`,
/// `config`). Those left unset fall back to the project configuration,
/// then to the defaults; the keys, defaults and help text are defined once,
/// in `config::spec`.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    #[arg(long = spec::FAIL_ON.flag, help = spec::FAIL_ON.help, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub policies: PolicyArgs,

    #[command(flatten)]
    pub catalog: CatalogArgs,

    #[arg(long = spec::EOL_HORIZON.flag, help = spec::EOL_HORIZON.help, value_name = "DAYS")]
    pub eol_horizon: Option<u32>,

    #[arg(long = spec::MAX_CATALOG_AGE.flag, help = spec::MAX_CATALOG_AGE.help, value_name = "DAYS")]
    pub max_catalog_age: Option<u32>,

    #[arg(long = spec::SELECT.flag, help = spec::SELECT.help, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    #[arg(long = spec::IGNORE.flag, help = spec::IGNORE.help, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    #[arg(long = spec::DATA.flag, help = spec::DATA.help, value_name = "FILE|DIR")]
    pub data: Vec<PathBuf>,

    #[command(flatten)]
    pub limits: LimitArgs,

    /// Project configuration file (default: the nearest .modelgate.toml above each checked path)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore any project configuration file
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[arg(long = spec::POLICIES.flag, help = spec::POLICIES.help, value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,

    #[arg(long = spec::NO_DEFAULT_POLICIES.flag, help = spec::NO_DEFAULT_POLICIES.help)]
    pub no_default_policies: bool,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[arg(long = spec::CATALOG.flag, help = spec::CATALOG.help, value_name = "DIR", env = "MODELGATE_CATALOG")]
    pub catalog_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Policy folders (or .rego files) holding rules and their *_test.rego files
    pub dirs: Vec<PathBuf>,

    /// Print every test with its time, not only failures
    #[arg(short, long)]
    pub verbose: bool,

    /// Only run tests whose name (data.<package>.test_…) matches this regular expression
    #[arg(long, value_name = "REGEX")]
    pub run: Option<String>,

    /// Report line coverage of the rule files under test
    #[arg(long)]
    pub coverage: bool,

    /// Fail (exit 1) when line coverage is below this percentage (implies --coverage)
    #[arg(long, value_name = "PCT")]
    pub coverage_min: Option<f64>,

    #[arg(long, value_enum, default_value = "human")]
    pub format: TestFormat,

    #[command(flatten)]
    pub limits: LimitArgs,

    #[command(flatten)]
    pub catalog: CatalogArgs,

    #[command(flatten)]
    pub config: ConfigFileArgs,
}

/// Output of `modelgate test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    Human,
    Json,
}

/// The limits every evaluation of the rules runs under.
#[derive(Debug, Args)]
pub struct LimitArgs {
    #[arg(long = spec::TIME_LIMIT.flag, help = spec::TIME_LIMIT.help, value_name = "DURATION", value_parser = units::parse_duration)]
    pub time_limit: Option<Duration>,

    #[arg(long = spec::MEMORY_LIMIT.flag, help = spec::MEMORY_LIMIT.help, value_name = "SIZE", value_parser = units::parse_size)]
    pub memory_limit: Option<u64>,
}

/// Which project configuration to read, for commands that take no other
/// shared option.
#[derive(Debug, Args)]
pub struct ConfigFileArgs {
    /// Project configuration file (default: the nearest .modelgate.toml above the current folder)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore any project configuration file
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub policies: PolicyArgs,

    /// Print the list as JSON
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub config: ConfigFileArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule id, e.g. residency/global-routing
    pub rule: String,

    #[command(flatten)]
    pub policies: PolicyArgs,

    #[command(flatten)]
    pub config: ConfigFileArgs,
}

#[derive(Debug, Args)]
pub struct NewCommandArgs {
    #[command(subcommand)]
    pub command: NewCommand,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write <DIR>/<family>/<name>.rego and its _test.rego (one firing and one non-firing test, both passing)
    Rule(NewRuleArgs),
}

#[derive(Debug, Args)]
pub struct NewRuleArgs {
    /// The rule's id, family/name, e.g. platform/allowed-providers
    pub id: String,

    /// Policy folder to write into (default: the first of `policies` in .modelgate.toml, else ./policies)
    #[arg(long = "policy", value_name = "DIR")]
    pub policy_dir: Option<PathBuf>,

    #[command(flatten)]
    pub config: ConfigFileArgs,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The path whose configuration to show (default: the current folder)
    #[arg(default_value = ".")]
    pub path: PathBuf,

    #[arg(long, value_enum, default_value = "human")]
    pub format: CatalogFormat,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Debug, Args)]
pub struct CatalogCommandArgs {
    #[command(subcommand)]
    pub command: CatalogCommand,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// One line per model: id, provider, name, lifecycle as of --today, Region count
    List(CatalogListArgs),
    /// Everything the catalog knows about one model or inference profile
    Show(CatalogShowArgs),
    /// Write a catalog folder from `aws bedrock list-foundation-models` / `list-inference-profiles` JSON
    Import(CatalogImportArgs),
    /// What changed between the catalog in use and another catalog folder
    Diff(CatalogDiffArgs),
}

/// Output of the `catalog` commands and `config`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    Human,
    Json,
}

/// `--status` of `catalog list` takes a lifecycle status by its name, spelt
/// with `-` for `_` as command-line values are (`end-of-life`).
impl clap::ValueEnum for LifecycleStatus {
    fn value_variants<'a>() -> &'a [Self] {
        &LifecycleStatus::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(
            self.as_str().replace('_', "-"),
        ))
    }
}

#[derive(Debug, Args)]
pub struct CatalogListArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,

    #[arg(long, value_enum, default_value = "human")]
    pub format: CatalogFormat,

    /// Lifecycle as of this date (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE")]
    pub today: Option<Date>,

    /// Only models of this provider (name, e.g. Anthropic, or id prefix, e.g. anthropic)
    #[arg(long)]
    pub provider: Option<String>,

    /// Only models with this lifecycle status in at least one Region
    #[arg(long, value_enum)]
    pub status: Option<LifecycleStatus>,

    /// Only models offered in this Region (in-Region, profile only or mode unknown)
    #[arg(long)]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct CatalogShowArgs {
    /// A model id, a system inference profile id, or an ARN naming one
    pub id: String,

    #[command(flatten)]
    pub catalog: CatalogArgs,

    #[arg(long, value_enum, default_value = "human")]
    pub format: CatalogFormat,

    /// Lifecycle as of this date (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE")]
    pub today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct CatalogImportArgs {
    /// JSON printed by `aws bedrock list-foundation-models --region R` or `aws bedrock list-inference-profiles --region R` (one file per Region and call)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Folder to write the catalog to (usable with --catalog)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The Region the files were listed from (default: the Region in their ARNs)
    #[arg(long)]
    pub region: Option<String>,

    /// Base catalog whose other facts are kept (default: the embedded one)
    #[command(flatten)]
    pub catalog: CatalogArgs,

    /// The import date, written as the catalog's as_of (default: today, UTC)
    #[arg(long, value_name = "DATE")]
    pub today: Option<Date>,

    /// Replace --out if it already exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CatalogDiffArgs {
    /// The catalog folder to compare with (e.g. one written by `catalog import`)
    pub other: PathBuf,

    /// Base catalog (default: the embedded one)
    #[command(flatten)]
    pub catalog: CatalogArgs,

    #[arg(long, value_enum, default_value = "human")]
    pub format: CatalogFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The workload's folder: scanned, and where modelgate.toml is written
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Regions the workload calls Bedrock from (default: [audit] regions in
    /// .modelgate.toml, else the Regions the code's ARNs name)
    #[arg(long, value_delimiter = ',', value_name = "REGION")]
    pub regions: Vec<String>,

    /// Residency boundary to declare (a catalog boundary, "regions" or "none")
    #[arg(long, value_name = "BOUNDARY")]
    pub residency: Option<String>,

    /// Compliance tags to declare, e.g. gdpr
    #[arg(long, value_delimiter = ',', value_name = "TAG")]
    pub compliance: Vec<String>,

    /// Workload name (default: the folder's name)
    #[arg(long)]
    pub name: Option<String>,

    /// Print the manifest instead of writing it
    #[arg(long)]
    pub stdout: bool,

    #[command(flatten)]
    pub catalog: CatalogArgs,

    /// Project configuration file (default: the nearest .modelgate.toml above PATH)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore any project configuration file
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

impl From<&CommonArgs> for config::Flags {
    fn from(args: &CommonArgs) -> Self {
        config::Flags::from(&args.settings)
    }
}

impl From<&SettingsArgs> for config::Flags {
    fn from(args: &SettingsArgs) -> Self {
        config::Flags {
            fail_on: args.fail_on,
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            policy_dirs: args.policies.policy_dirs.clone(),
            no_default_policies: args.policies.no_default_policies,
            catalog: args.catalog.catalog_dir.clone(),
            eol_horizon: args.eol_horizon,
            max_catalog_age: args.max_catalog_age,
            data: args.data.clone(),
            time_limit: args.limits.time_limit,
            memory_limit: args.limits.memory_limit,
            config: args.config.clone(),
            no_config: args.no_config,
        }
    }
}

impl PolicyArgs {
    /// The flags of a command that only loads policies (`rules`, `explain`,
    /// `test`).
    pub fn flags(&self, config: Option<PathBuf>, no_config: bool) -> config::Flags {
        config::Flags {
            policy_dirs: self.policy_dirs.clone(),
            no_default_policies: self.no_default_policies,
            config,
            no_config,
            ..config::Flags::default()
        }
    }
}
