//! The built-in policies parsed ahead: regorus's parse of them is a third
//! of a cold `check`, and it depends on nothing a run reads (arguments,
//! configuration, manifests), so `check` starts it on its own thread before
//! reading them. A run whose rule files begin with exactly these files
//! starts from the parsed engine and adds its own; any other run (e.g.
//! `--no-default-policies`) parses from scratch, as before.

use std::thread::JoinHandle;

use super::{compile, rule_files, PolicyFile, PolicyOptions};
use crate::error::Result;

/// The built-in rule files of a default run, being parsed.
pub struct ParsedAhead {
    paths: Vec<String>,
    parsing: JoinHandle<Result<regorus::Engine>>,
}

impl ParsedAhead {
    /// Starts parsing the built-in rule files of a run with no options;
    /// `None` when no thread can be started (the run then parses them
    /// itself).
    pub fn start() -> Option<Self> {
        let files = rule_files(&PolicyOptions::default()).ok()?;
        let paths = files.iter().map(|f| f.source.display_path()).collect();
        let parsing = std::thread::Builder::new()
            .name("parse".to_string())
            .spawn(move || compile(&files))
            .ok()?;
        Some(Self { paths, parsing })
    }

    /// An engine holding `files`: the one parsed ahead with the rest of
    /// `files` added, when `files` begin with the files parsed ahead;
    /// otherwise `files` parsed from scratch.
    pub fn engine_for(self, files: &[PolicyFile]) -> Result<regorus::Engine> {
        let ahead = self.paths.len();
        let matches = files.len() >= ahead
            && files
                .iter()
                .zip(&self.paths)
                .all(|(file, path)| file.source.display_path() == *path);
        if !matches {
            // Left to finish alone: waiting for it would gain nothing.
            return compile(files);
        }
        let Some(mut engine) = self.parsing.join().ok().and_then(Result::ok) else {
            return compile(files);
        };
        super::add_files(&mut engine, &files[ahead..], files)?;
        Ok(engine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn packages(mut engine: regorus::Engine) -> Vec<String> {
        engine
            .get_modules()
            .iter()
            .map(|m| super::super::ast::package_of(m))
            .collect()
    }

    /// Whatever the run's files, the engine holds them, in their order, as
    /// if parsed from scratch.
    #[test]
    fn the_engine_holds_the_runs_files_whether_parsed_ahead_or_not() {
        let user = PolicyFile::new(
            SourceFile::new("acme/rule.rego", "package acme.x\n\nm := 1\n"),
            false,
        );
        let default = rule_files(&PolicyOptions::default()).expect("the rule files");
        let library_only = rule_files(&PolicyOptions {
            no_default_policies: true,
            ..PolicyOptions::default()
        })
        .expect("the rule files");
        let mut with_user = default.clone();
        with_user.push(user);
        for files in [default, library_only, with_user] {
            let ahead = ParsedAhead::start().expect("a thread");
            let expected = packages(compile(&files).expect("compiles"));
            assert_eq!(
                packages(ahead.engine_for(&files).expect("compiles")),
                expected
            );
        }
    }
}
