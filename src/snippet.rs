//! What miette is given to draw a snippet: only the lines around a span,
//! never the whole file, with their real line numbers, and safe to print.
//!
//! miette's graphical handler panics on a label at column 65,537 or beyond
//! and reads the whole source for every snippet, so a minified file would
//! crash the run or take minutes. An [`Excerpt`] holds the span's lines
//! (and one line of context each side, as miette shows); where one of them
//! is longer than [`MAX_LINE`] bytes it holds only a window of the span's
//! line around the span, with `…` where the line was cut. Control
//! characters in the excerpt are escaped ([`crate::sanitize`]) and the span
//! is moved to match.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::sanitize;
use crate::source::SourceFile;

/// Lines up to this many bytes are shown whole.
pub const MAX_LINE: usize = 400;
/// Bytes of a cut line shown before the span, and after it.
const CONTEXT_BYTES: usize = 80;
/// The most of a span shown on a cut line.
const MAX_SPAN: usize = 160;
/// Lines of context each side of the span (miette's default).
const CONTEXT_LINES: usize = 1;
/// The most lines an excerpt holds before it falls back to a window.
const MAX_LINES: usize = 50;
/// Where a line was cut.
const CUT: &str = "…";

/// The part of a file a snippet shows, ready for miette.
#[derive(Debug, Clone)]
pub struct Excerpt {
    text: String,
    /// The span, in `text`.
    span: Range<usize>,
    /// The 0-based line in the file of the excerpt's first line.
    first_line: usize,
    /// The 0-based byte column in the file where the span starts.
    column: usize,
}

impl Excerpt {
    /// The excerpt of `file` that shows `span` (a byte range; clamped to
    /// the text and to character boundaries, so any range is accepted).
    pub fn new(file: &SourceFile, span: Range<usize>) -> Self {
        let text = file.text();
        let start = floor_boundary(text, span.start);
        let end = ceil_boundary(text, span.end.max(start));
        let at = file.line_col(start);
        let last = file.line_col(end).line;
        let first_line = at.line.saturating_sub(CONTEXT_LINES).max(1);
        let last_line = last + CONTEXT_LINES;
        let region = file.offset(first_line, 1)..file.offset(last_line + 1, 1);
        let lines = text.get(region.clone()).unwrap_or_default();
        let short = lines.split('\n').all(|l| l.len() <= MAX_LINE);
        let excerpt = if short && last_line - first_line < MAX_LINES {
            let (text, span) = escape_mapped(lines, region.start, start..end);
            Excerpt {
                text,
                span,
                first_line: first_line - 1,
                column: 0,
            }
        } else {
            window(file, start, end)
        };
        Excerpt {
            column: at.column - 1,
            ..excerpt
        }
    }

    /// The span to label, in the excerpt.
    pub fn span(&self) -> SourceSpan {
        SourceSpan::from(self.span.clone())
    }

    /// The text miette will show.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The span's line alone, cut around the span if it is long.
fn window(file: &SourceFile, start: usize, end: usize) -> Excerpt {
    let text = file.text();
    let at = file.line_col(start);
    let line_start = file.offset(at.line, 1);
    let next_line = file.offset(at.line + 1, 1);
    let line = text.get(line_start..next_line).unwrap_or_default();
    let line_end = line_start + line.trim_end_matches('\n').trim_end_matches('\r').len();
    let shown_end = end.min(line_end);
    let (from, to) = if line_end - line_start <= MAX_LINE {
        (line_start, line_end)
    } else {
        let shown_end = ceil_boundary(text, shown_end.min(start + MAX_SPAN));
        (
            floor_boundary(text, start.saturating_sub(CONTEXT_BYTES).max(line_start)),
            ceil_boundary(text, (shown_end + CONTEXT_BYTES).min(line_end)),
        )
    };
    let shown_end = shown_end.min(to);
    let piece = text.get(from..to).unwrap_or_default();
    let (body, span) = escape_mapped(piece, from, start..shown_end);
    let lead = if from > line_start { CUT } else { "" };
    let tail = if to < line_end { CUT } else { "" };
    Excerpt {
        text: format!("{lead}{body}{tail}"),
        span: span.start + lead.len()..span.end + lead.len(),
        first_line: at.line - 1,
        column: 0,
    }
}

/// `piece` (which starts at byte `base` of the file) with unsafe
/// characters escaped, and `span` (file offsets) moved into the result.
/// Line feeds, tabs and the `\r` of a `\r\n` are the line structure and
/// stay.
fn escape_mapped(piece: &str, base: usize, span: Range<usize>) -> (String, Range<usize>) {
    let mut out = String::with_capacity(piece.len());
    let (mut new_start, mut new_end) = (None, None);
    let mut chars = piece.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let offset = base + i;
        if offset >= span.start && new_start.is_none() {
            new_start = Some(out.len());
        }
        if offset >= span.end && new_end.is_none() {
            new_end = Some(out.len());
        }
        let crlf = c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n');
        if crlf {
            out.push(c);
        } else {
            sanitize::push_char(&mut out, c);
        }
    }
    let new_start = new_start.unwrap_or(out.len());
    let new_end = new_end.unwrap_or(out.len()).max(new_start);
    (out, new_start..new_end)
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        // The header names where the span starts in the file, not in the
        // (possibly cut and escaped) excerpt.
        let column = if span.offset() == self.span.start {
            self.column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(excerpt: &Excerpt) -> &str {
        &excerpt.text[excerpt.span.clone()]
    }

    #[test]
    fn short_lines_are_shown_whole_with_their_neighbours() {
        let text = "a = 1\nb = 2\nmodel = \"x\"\nc = 3\nd = 4\n";
        let file = SourceFile::new("m.toml", text);
        let start = text.find("\"x\"").unwrap_or_default();
        let excerpt = Excerpt::new(&file, start..start + 3);
        assert_eq!(excerpt.text, "b = 2\nmodel = \"x\"\nc = 3\n");
        assert_eq!(shown(&excerpt), "\"x\"");
        assert_eq!(excerpt.first_line, 1);
        assert_eq!(excerpt.column, 8);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let text = format!(
            "{{\"name\":\"{}\",\"model\":\"global.x\"}}",
            "x".repeat(70_000)
        );
        let file = SourceFile::new("m.json", text.as_str());
        let start = text.find("\"global.x\"").unwrap_or_default();
        let excerpt = Excerpt::new(&file, start..start + 10);
        assert_eq!(shown(&excerpt), "\"global.x\"");
        assert!(excerpt.text.starts_with(CUT));
        assert!(!excerpt.text.ends_with(CUT), "the line ends within reach");
        assert!(excerpt.text.len() < 2 * MAX_LINE);
        assert_eq!(excerpt.first_line, 0);
        assert_eq!(excerpt.column, start);
    }

    #[test]
    fn a_long_span_is_shown_in_part() {
        let text = format!("x = \"{}\"\n", "é".repeat(50_000));
        let file = SourceFile::new("m.toml", text.as_str());
        let excerpt = Excerpt::new(&file, 4..text.len() - 1);
        assert!(excerpt.text.ends_with(CUT));
        assert!(shown(&excerpt).starts_with("\"é"));
        assert!(excerpt.text.len() < 2 * MAX_LINE);
    }

    #[test]
    fn a_long_neighbour_line_leaves_only_the_span_line() {
        let text = format!("// {}\nmodel = \"x\"\n", "y".repeat(100_000));
        let file = SourceFile::new("app.js", text.as_str());
        let start = text.find("\"x\"").unwrap_or_default();
        let excerpt = Excerpt::new(&file, start..start + 3);
        assert_eq!(excerpt.text, "model = \"x\"");
        assert_eq!(excerpt.first_line, 1);
    }

    #[test]
    fn controls_are_escaped_and_the_span_follows() {
        let text = "x = \"\u{1b}[2J\"\r\nmodel = \"\u{202e}a\" # \u{7}\r\n";
        let file = SourceFile::new("m.toml", text);
        let start = text.find("\"\u{202e}a\"").unwrap_or_default();
        let excerpt = Excerpt::new(&file, start..start + "\"\u{202e}a\"".len());
        assert_eq!(
            excerpt.text,
            "x = \"\\u{1b}[2J\"\r\nmodel = \"\\u{202e}a\" # \\u{7}\r\n"
        );
        assert_eq!(shown(&excerpt), "\"\\u{202e}a\"");
    }

    #[test]
    fn any_range_is_accepted() {
        let text = "é\n";
        let file = SourceFile::new("m.toml", text);
        for (a, b) in [(0, 1), (1, 2), (5, 9), (2, 1), (0, 0)] {
            let excerpt = Excerpt::new(&file, a..b);
            assert!(excerpt.span.start <= excerpt.span.end);
            assert!(excerpt.span.end <= excerpt.text.len());
        }
    }
}
