//! The Rego built-in functions rules may call: regorus's table (with the
//! feature families enabled in Cargo.toml), less the functions that would
//! make a finding depend on when, where or how often modelgate runs.

/// Functions regorus provides that rules may not call, and why.
const FORBIDDEN: &[(&str, &str)] = &[
    (
        "time.now_ns",
        "it reads the clock, so findings would change from run to run",
    ),
    (
        "rand.intn",
        "it returns a random number, so findings would change from run to run",
    ),
    (
        "uuid.rfc4122",
        "it returns a random UUID, so findings would change from run to run",
    ),
    ("opa.runtime", "it reads the environment modelgate runs in"),
    ("http.send", "modelgate never reaches the network"),
    ("net.lookup_ip_addr", "modelgate never reaches the network"),
];

pub const DETERMINISM_HELP: &str = "findings depend only on the manifest, the catalog and the date: use `input.today` (set by --today; `time.parse_ns(\"2006-01-02\", input.today)` makes it a timestamp) as the only clock";

/// Why `name` may not be called, if it may not.
pub fn forbidden(name: &str) -> Option<&'static str> {
    FORBIDDEN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, why)| *why)
}

/// Whether rules may call the built-in `name`.
pub fn exists(name: &str) -> bool {
    forbidden(name).is_none() && (name == "print" || regorus::unstable::BUILTINS.contains_key(name))
}

/// Every built-in rules may call, sorted.
pub fn available() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = regorus::unstable::BUILTINS
        .keys()
        .copied()
        .chain(std::iter::once("print"))
        // `__builtin_sets.*` is regorus's own plumbing for `|` and `&`.
        .filter(|n| forbidden(n).is_none() && !n.starts_with("__"))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The Markdown list of [`available`] that policies/README.md holds, one
/// line per family (`strings`, `time` …; functions without a dot are
/// listed first, as `(core)`).
pub fn markdown() -> String {
    let mut families: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for name in available() {
        let family = match name.rsplit_once('.') {
            Some((family, _)) => family,
            None => "(core)",
        };
        families.entry(family).or_default().push(name);
    }
    let mut out = String::new();
    for (family, names) in families {
        let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        out.push_str(&format!("- **{family}**: {}\n", list.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str =
        "<!-- builtins:start (generated: MODELGATE_BLESS=1 cargo test builtins) -->\n";
    const END: &str = "<!-- builtins:end -->";

    #[test]
    fn families_policy_authors_use_are_there() {
        for name in [
            "regex.match",
            "glob.match",
            "semver.compare",
            "time.parse_rfc3339_ns",
            "time.add_date",
            "yaml.marshal",
            "json.patch",
            "base64.encode",
            "urlquery.encode",
            "hex.encode",
            "units.parse_bytes",
            "net.cidr_contains",
            "graph.reachable",
            "startswith",
            "print",
        ] {
            assert!(exists(name), "{name}");
        }
        for name in ["time.now_ns", "rand.intn", "http.send", "no.such"] {
            assert!(!exists(name), "{name}");
        }
    }

    /// policies/README.md lists exactly the functions this build provides.
    /// `MODELGATE_BLESS=1 cargo test builtins` rewrites the list.
    #[test]
    fn the_readme_lists_the_builtins() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/README.md");
        let text = std::fs::read_to_string(&path).expect("policies/README.md");
        let (before, rest) = text.split_once(START).expect("the builtins:start marker");
        let (listed, after) = rest.split_once(END).expect("the builtins:end marker");
        let wanted = markdown();
        if listed != wanted && std::env::var_os("MODELGATE_BLESS").is_some() {
            let blessed = format!("{before}{START}{wanted}{END}{after}");
            crate::fsutil::write_edited(&path, text.as_bytes(), blessed.as_bytes(), "the README")
                .expect("write policies/README.md");
            return;
        }
        assert_eq!(
            listed, wanted,
            "policies/README.md's built-in list has drifted: run `MODELGATE_BLESS=1 cargo test builtins`"
        );
    }
}
