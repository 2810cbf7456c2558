//! Small helpers for the text modelgate prints.

/// `n` and `word`, with an `s` unless `n` is 1: "1 model", "3 models".
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_every_other_count_is_plural() {
        assert_eq!(plural(0, "model"), "0 models");
        assert_eq!(plural(1, "model"), "1 model");
        assert_eq!(plural(2, "profile"), "2 profiles");
    }
}
