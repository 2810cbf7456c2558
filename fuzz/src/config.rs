//! `.modelgate.toml`: parsed, turned into the run's settings, and its rule
//! selectors validated against the built-in rules, as every command does.
//!
//! Invariants: no panic; every error renders in every format. A setting's
//! pointer, where an error is reported at it, names a place in the file.

use modelgate::catalog::Catalog;
use modelgate::config::{ConfigFile, Flags, Settings};
use modelgate::report::Command;
use modelgate::run::Prepared;
use modelgate::source::SourceFile;

use crate::{output, run, today};

pub fn fuzz(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = SourceFile::new("repo/.modelgate.toml", text);
    let config = match ConfigFile::parse(source) {
        Ok(config) => config,
        Err(err) => return output::error(err, Command::Check),
    };
    let settings = match Settings::from_file(&Flags::default(), config) {
        Ok(settings) => settings,
        Err(err) => return output::error(err, Command::Check),
    };
    let _ = settings.rows();
    // Selectors and `[severity]` are checked against the rules in force;
    // the catalog is loaded only for inputs that have some, as it is slow.
    let selects = !settings.select.value.is_empty()
        || !settings.ignore.value.is_empty()
        || !settings.severity.value.is_empty()
        || !settings.per_path_ignores.value.is_empty();
    if !selects {
        return;
    }
    let prepared = Prepared {
        settings,
        catalog: Catalog::embedded().expect("the embedded catalog loads"),
        policy_files: Vec::new(),
        today: today(),
    };
    if let Err(err) = prepared.finish(run().evaluator.clone()) {
        output::error(err, Command::Check);
    }
}
