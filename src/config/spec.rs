//! Every setting modelgate reads from a flag or from `.modelgate.toml`,
//! defined once: its key (which is also its flag), the default as shown,
//! and its help. The command line (`cli.rs`), the file decoder and
//! `modelgate config` all read these definitions.

/// One setting's definition.
pub struct Spec {
    /// The key in `.modelgate.toml`; the flag is `--<key>` unless `flag`
    /// says otherwise.
    pub key: &'static str,
    /// The flag's long name, where it differs from the key.
    pub flag: &'static str,
    /// The default, as `modelgate config` and the docs show it.
    pub default: &'static str,
    pub help: &'static str,
}

pub const FAIL_ON: Spec = Spec {
    key: "fail-on",
    flag: "fail-on",
    default: "error",
    help: "Lowest severity that makes the run exit 1: error (default), warning, info or never",
};

pub const SELECT: Spec = Spec {
    key: "select",
    flag: "select",
    default: "(all)",
    help:
        "Only report these rules (ids or families, e.g. `lifecycle`); repeatable or comma-separated",
};

pub const IGNORE: Spec = Spec {
    key: "ignore",
    flag: "ignore",
    default: "(none)",
    help: "Do not report these rules (ids or families); repeatable or comma-separated",
};

pub const POLICIES: Spec = Spec {
    key: "policies",
    flag: "policy",
    default: "(none)",
    help: "Folder of extra Rego rules, added to the built-in ones (repeatable; adds to `policies` in .modelgate.toml)",
};

pub const NO_DEFAULT_POLICIES: Spec = Spec {
    key: "no-default-policies",
    flag: "no-default-policies",
    default: "false",
    help: "Leave out the built-in rules (their shared library stays available)",
};

pub const CATALOG: Spec = Spec {
    key: "catalog",
    flag: "catalog",
    default: "(embedded)",
    help: "Catalog folder to use instead of the embedded one",
};

pub const EOL_HORIZON: Spec = Spec {
    key: "eol-horizon",
    flag: "eol-horizon",
    default: "90",
    help: "Warn about end of life this many days ahead (default: 90)",
};

pub const MAX_CATALOG_AGE: Spec = Spec {
    key: "max-catalog-age",
    flag: "max-catalog-age",
    default: "120",
    help: "Warn (rule catalog/stale) when the catalog's as_of is more than this many days before --today (default: 120; 0 turns the warning off)",
};

pub const DATA: Spec = Spec {
    key: "data",
    flag: "data",
    default: "(none)",
    help: "JSON, YAML or TOML file, or folder of them, loaded under `data` for the rules (repeatable; adds to `data` in .modelgate.toml)",
};

pub const TIME_LIMIT: Spec = Spec {
    key: "time-limit",
    flag: "time-limit",
    default: "10s",
    help: "Wall-clock time one evaluation of the rules (one manifest, one audit context, one fix trial, one test) may take, e.g. 10s, 500ms, 2m (default: 10s)",
};

pub const MEMORY_LIMIT: Spec = Spec {
    key: "memory-limit",
    flag: "memory-limit",
    default: "1G",
    help: "Heap the process may hold while rules are evaluated, e.g. 512M, 2G (default: 1G)",
};

/// Tables of `.modelgate.toml` that have no flag.
pub const PER_PATH_IGNORES: &str = "per-path-ignores";
pub const SEVERITY: &str = "severity";
pub const AUDIT: &str = "audit";

/// Every key `.modelgate.toml` may hold at the top level.
pub fn top_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = [
        &FAIL_ON,
        &SELECT,
        &IGNORE,
        &POLICIES,
        &NO_DEFAULT_POLICIES,
        &CATALOG,
        &EOL_HORIZON,
        &MAX_CATALOG_AGE,
        &DATA,
        &TIME_LIMIT,
        &MEMORY_LIMIT,
    ]
    .iter()
    .map(|s| s.key)
    .collect();
    keys.extend([PER_PATH_IGNORES, SEVERITY, AUDIT]);
    keys
}
