//! Errors that stop a run (exit status 2). Each says what went wrong, where
//! (file:line:col, with the offending characters labelled) and what to do.

use std::ops::Range;

use miette::{Diagnostic, NamedSource, SourceSpan};

use crate::sanitize;
use crate::snippet::Excerpt;
use crate::source::SourceFile;

/// A value together with the byte span it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Self { value, span }
    }
}

/// Where an error is: a file, and where known the 1-based line and column
/// (in bytes, and in characters for formats that count those).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorAt {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub char_column: Option<usize>,
}

/// Boxed so that `Result<T, RunError>` stays small on the happy path.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct RunError(Box<Details>);

#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct Details {
    message: String,
    #[source_code]
    source_code: Option<NamedSource<Excerpt>>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
    /// The message without the `file:line:col: ` prefix.
    #[diagnostic(skip)]
    summary: String,
    /// The file (and position) the error is about, for reports that list
    /// errors beside findings.
    #[diagnostic(skip)]
    at: Option<ErrorAt>,
    /// The reader of our output went away (`modelgate check | head`): not a
    /// failure worth reporting, as in ripgrep.
    broken_pipe: bool,
}

impl RunError {
    /// An error with no file to point at (a bad flag value, a missing path).
    /// Control characters from input in the message are escaped.
    pub fn plain(message: impl Into<String>) -> Self {
        let message = sanitize::text(&message.into()).into_owned();
        Self(Box::new(Details {
            summary: message.clone(),
            message,
            source_code: None,
            span: None,
            label: String::new(),
            help: None,
            at: None,
            broken_pipe: false,
        }))
    }

    /// An error about the file at `path` as a whole (it cannot be read, it
    /// is not a manifest), when it names no position in it.
    pub fn about_file(mut self, path: &std::path::Path) -> Self {
        if self.0.at.is_none() {
            self.0.at = Some(ErrorAt {
                file: crate::source::display(path),
                line: None,
                column: None,
                char_column: None,
            });
        }
        self
    }

    /// An error about the characters at `span` in `file`. The message is
    /// prefixed with `path:line:col` so that it reads well even where the
    /// graphical snippet is not shown. The snippet is an [`Excerpt`]: safe
    /// on a line of any length.
    pub fn at(
        file: &SourceFile,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        let start = file.line_col(span.start);
        let char_column = file.char_column(start.line, start.column);
        let excerpt = Excerpt::new(file, span);
        let summary = sanitize::text(&message.into()).into_owned();
        let message = format!(
            "{}:{}:{}: {}",
            sanitize::line(&file.display_path()),
            start.line,
            start.column,
            summary
        );
        Self(Box::new(Details {
            summary,
            at: Some(ErrorAt {
                file: file.display_path(),
                line: Some(start.line),
                column: Some(start.column),
                char_column: Some(char_column),
            }),
            message,
            span: Some(excerpt.span()),
            source_code: Some(NamedSource::new(
                sanitize::line(&file.display_path()),
                excerpt,
            )),
            label: sanitize::text(&label.into()).into_owned(),
            help: None,
            broken_pipe: false,
        }))
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(sanitize::text(&help.into()).into_owned());
        self
    }

    pub fn is_broken_pipe(&self) -> bool {
        self.0.broken_pipe
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The message without its location prefix.
    pub fn summary(&self) -> &str {
        &self.0.summary
    }

    pub fn help_text(&self) -> Option<&str> {
        self.0.help.as_deref()
    }

    pub fn location(&self) -> Option<&ErrorAt> {
        self.0.at.as_ref()
    }
}

impl From<std::io::Error> for RunError {
    fn from(err: std::io::Error) -> Self {
        let mut error = RunError::plain(err.to_string());
        error.0.broken_pipe = err.kind() == std::io::ErrorKind::BrokenPipe;
        error
    }
}

/// Writing JSON to a closed pipe is a broken pipe too, not a failure.
impl From<serde_json::Error> for RunError {
    fn from(err: serde_json::Error) -> Self {
        match err.io_error_kind() {
            Some(_) => RunError::from(std::io::Error::from(err)),
            None => RunError::plain(err.to_string()),
        }
    }
}

pub type Result<T, E = RunError> = std::result::Result<T, E>;

/// The longest word a suggestion is searched for, or suggested: the names
/// modelgate suggests (settings, rules, functions, features) are far
/// shorter, and a comparison costs the product of the two lengths (a
/// manifest or a policy may hold a name of megabytes).
const MAX_SUGGESTED_WORD: usize = 256;

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if word.len() > MAX_SUGGESTED_WORD {
        return None;
    }
    candidates
        .into_iter()
        .filter(|c| c.len() <= MAX_SUGGESTED_WORD)
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_searched_for_names_not_for_megabytes() {
        let names = ["max-output-tokens", "features", "model"];
        assert_eq!(did_you_mean("featurs", names), Some("features"));
        let huge = format!("featurs{}", "s".repeat(MAX_SUGGESTED_WORD));
        assert_eq!(did_you_mean(&huge, names), None);
        let long_name = "f".repeat(MAX_SUGGESTED_WORD + 1);
        assert_eq!(did_you_mean("ffff", [long_name.as_str()]), None);
    }
}
