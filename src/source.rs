//! A file as read from disk, and the arithmetic that turns byte offsets into
//! the 1-based line and byte-column pairs every output format reports.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The text of one input file. Cheap to clone: the text is shared.
#[derive(Clone, Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: Arc<str>,
    line_starts: Arc<[usize]>,
}

/// A 1-based line and a 1-based column counted in bytes (as ripgrep's
/// `--column` does), so editors and CI annotations agree on the position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A path as every report writes it, identical on every platform and for
/// every command: relative paths as given but without a leading `./`
/// (GitHub does not attach annotations to `./`-prefixed paths), `/`
/// separators.
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut rest = text.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    if rest.is_empty() || rest == "." {
        ".".to_string()
    } else {
        rest.to_string()
    }
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The path as every report writes it: see [`display`].
    pub fn display_path(&self) -> String {
        display(&self.path)
    }

    /// The 1-based column, counted in characters, of a 1-based line and
    /// byte column (SARIF counts characters; modelgate counts bytes).
    pub fn char_column(&self, line: usize, byte_column: usize) -> usize {
        let start = self.offset(line, 1);
        let end = self.offset(line, byte_column);
        self.text
            .get(start..end)
            .map_or(byte_column, |prefix| prefix.chars().count() + 1)
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let column = offset - self.line_starts[line - 1] + 1;
        LineCol { line, column }
    }

    /// The byte offset of a 1-based line and byte column (clamped to the
    /// text), for tools that report positions rather than offsets.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        (start + column.saturating_sub(1)).min(self.text.len())
    }

    /// Start and end positions of a span; the end column is exclusive, as
    /// SARIF's `endColumn` and ripgrep's match ends are.
    pub fn span_positions(&self, span: &Range<usize>) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displayed_paths_have_no_dot_slash_and_forward_slashes() {
        assert_eq!(display(Path::new("./modelgate.toml")), "modelgate.toml");
        assert_eq!(display(Path::new("././a/b.toml")), "a/b.toml");
        assert_eq!(display(Path::new("a\\b.toml")), "a/b.toml");
        assert_eq!(display(Path::new("../x/m.toml")), "../x/m.toml");
        assert_eq!(display(Path::new("/abs/m.toml")), "/abs/m.toml");
        assert_eq!(display(Path::new("./")), ".");
    }

    #[test]
    fn columns_count_bytes_and_lines_start_at_one() {
        let file = SourceFile::new("m.toml", "a = 1\nbé = \"x\"\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(6), LineCol { line: 2, column: 1 });
        // `é` is two bytes, so `=` sits at byte column 5.
        assert_eq!(file.line_col(10), LineCol { line: 2, column: 5 });
        assert_eq!(file.line_col(999), LineCol { line: 3, column: 1 });
        assert_eq!(file.offset(2, 5), 10);
        assert_eq!(file.offset(99, 1), file.text().len());
    }
}
