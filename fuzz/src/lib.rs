//! The fuzz targets of modelgate, as functions of the input bytes (each
//! binary under `fuzz_targets/` calls one). Every target asserts that no
//! input panics, and where it applies an invariant: a reported span maps
//! back to the bytes it names, an error names a place inside its file, a
//! fix's output parses and re-checks without the finding it fixed, and
//! every report renders to well-formed output with no raw control
//! characters.
//!
//! What is expensive to build (the embedded catalog, the compiled rules,
//! the reference scanner) is built once per process: the fuzzer calls a
//! target millions of times.

pub mod catalog;
pub mod config;
pub mod import;
pub mod manifest;
pub mod output;
pub mod reference;
pub mod scan;

use std::ops::Range;
use std::sync::OnceLock;

use modelgate::catalog::Catalog;
use modelgate::config::{ConfigFile, Flags, Settings};
use modelgate::date::Date;
use modelgate::run::{Prepared, RunContext};

/// The date every target judges on, as every test pins it.
pub fn today() -> Date {
    "2026-11-22".parse().expect("a valid date")
}

/// The embedded catalog, loaded once.
pub fn embedded() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the embedded catalog loads"))
}

/// The run context of `modelgate check --no-config --today 2026-11-22`:
/// the embedded catalog and the built-in rules, compiled once.
pub fn run() -> &'static RunContext {
    static RUN: OnceLock<RunContext> = OnceLock::new();
    RUN.get_or_init(|| {
        let settings = Settings::from_file(&Flags::default(), ConfigFile::default())
            .expect("the default settings");
        let prepared = Prepared::with_settings(settings, Some(today())).expect("the catalog");
        let evaluator = prepared.compile().expect("the built-in rules compile");
        prepared.finish(evaluator).expect("the run context")
    })
}

/// Asserts that `span` lies in `text` and starts and ends on character
/// boundaries: what every reported span must do for its slice, its line
/// and column and its snippet to be right.
pub fn assert_span_in(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} is not within the text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} cuts a character"
    );
}

/// Splits `data` at NUL bytes (which no text input of modelgate holds) into
/// at most `max` parts: how targets that need several files read theirs,
/// so that a mutation can move, grow or drop one file.
pub fn split_files(data: &[u8], max: usize) -> Vec<&[u8]> {
    data.splitn(max, |&b| b == 0).collect()
}
