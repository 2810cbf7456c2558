//! Text from input (manifest values, policy messages, file names, audited
//! source lines) made safe to print: characters that a terminal, a CI log
//! or an XML parser would act on instead of showing become visible escapes
//! such as `\u{1b}`.
//!
//! Escaped: C0 controls (except the tab and the line feed, which
//! [`text`] keeps as the line structure of the output), DEL, C1 controls,
//! the line and paragraph separators, the bidirectional formatting
//! characters that can make shown text differ from the bytes (Trojan
//! Source: U+061C, U+200E/F, U+202A–202E, U+2066–2069), and the
//! noncharacters U+FFFE and U+FFFF, which XML forbids.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not be printed as is. The tab and the line feed are
/// not in this set: callers decide what to do with them.
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{b}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// Appends `c` to `out`, as the escape `\u{…}` if it is unsafe.
pub fn push_char(out: &mut String, c: char) {
    if is_unsafe(c) {
        // Writing to a String cannot fail.
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

fn escape(input: &str, keep_newlines: bool) -> Cow<'_, str> {
    let needs = |c: char| is_unsafe(c) || (c == '\n' && !keep_newlines);
    if !input.chars().any(needs) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len() + 16);
    for c in input.chars() {
        if c == '\n' && !keep_newlines {
            out.push_str("\\n");
        } else {
            push_char(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// `input` safe to print where it may span lines (a message, a help text):
/// line feeds and tabs are kept, every other unsafe character escaped.
pub fn text(input: &str) -> Cow<'_, str> {
    escape(input, true)
}

/// `input` safe to print inside one line (a field of a concise line, a
/// file name): a line feed becomes `\n` as well.
pub fn line(input: &str) -> Cow<'_, str> {
    escape(input, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let input = "eu.anthropic.claude — café 🦀\tand\nmore";
        assert!(matches!(text(input), Cow::Borrowed(_)));
        assert_eq!(text(input), input);
    }

    #[test]
    fn controls_and_bidi_become_visible_escapes() {
        assert_eq!(
            text("\u{1b}]0;title\u{7}\u{1b}[2Jok"),
            "\\u{1b}]0;title\\u{7}\\u{1b}[2Jok"
        );
        assert_eq!(
            text("a\0b\rc\u{7f}d\u{85}e"),
            "a\\u{0}b\\u{d}c\\u{7f}d\\u{85}e"
        );
        assert_eq!(
            text("x\u{202e}y\u{2066}z\u{2028}w\u{200f}"),
            "x\\u{202e}y\\u{2066}z\\u{2028}w\\u{200f}"
        );
        assert_eq!(text("\u{fffe}\u{ffff}"), "\\u{fffe}\\u{ffff}");
    }

    #[test]
    fn line_also_escapes_line_feeds() {
        assert_eq!(text("a\nb"), "a\nb");
        assert_eq!(
            line("evil.py\n::error file=x::INJECTED"),
            "evil.py\\n::error file=x::INJECTED"
        );
        assert_eq!(line("a\tb"), "a\tb");
    }

    #[test]
    fn nothing_unsafe_is_left() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!line(&all).chars().any(|c| is_unsafe(c) || c == '\n'));
    }
}
