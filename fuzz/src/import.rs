//! `catalog import`: the read and merge phases on what the AWS CLI printed
//! (`aws bedrock list-foundation-models` / `list-inference-profiles`),
//! up to three files joined by NUL bytes, into the embedded catalog.
//!
//! Invariants: no panic; a bad input is an error that renders in every
//! format.

use modelgate::commands::catalog::import;
use modelgate::report::Command;
use modelgate::source::SourceFile;

use crate::{embedded, output, split_files, today};

pub fn fuzz(data: &[u8]) {
    let mut files = Vec::new();
    for (i, part) in split_files(data, 3).into_iter().enumerate() {
        let Ok(text) = std::str::from_utf8(part) else {
            return;
        };
        files.push(SourceFile::new(format!("listing-{i}.json"), text));
    }
    if let Err(err) = import::preview(embedded(), files, None, today()) {
        output::error(err, Command::Check);
    }
}
