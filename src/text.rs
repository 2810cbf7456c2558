//! Small pieces of English every message and summary shares.

/// `1 file`, `2 files`; `1 fix`, `2 fixes`.
pub fn plural(n: usize, word: &str) -> String {
    let suffix = match (
        n,
        word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh"),
    ) {
        (1, _) => "",
        (_, true) => "es",
        (_, false) => "s",
    };
    format!("{n} {word}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(2, "fix"), "2 fixes");
        assert_eq!(plural(1, "fix"), "1 fix");
        assert_eq!(plural(3, "info"), "3 infos");
    }
}
