//! Shared, linear-time helpers for reading answers out of model output.

/// The text of the last complete `open … close` block, or `None`.
///
/// The last closing tag is found first, then the last opening tag before it, so text after
/// the block (a sign-off, trailing whitespace) never hides the answer.
pub fn extract_tagged<'a>(completion: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let end = completion.rfind(close)?;
    let start = completion[..end].rfind(open)? + open.len();
    Some(&completion[start..end])
}

/// Trims `text` and collapses every run of whitespace into one space.
pub fn normalize_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(ch);
        }
    }
    out
}

/// Splits `text` into words of ASCII letters, digits, `_`, `'` and `-` (lower-cased ASCII),
/// dropping everything else. Linear time.
pub fn ascii_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() || ch == '_' || ch == '\'' || ch == '-' {
            current.push(ch.to_ascii_lowercase());
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_last_block_and_ignores_trailing_text() {
        let text = "<think><answer>1</answer></think> <answer> 2 </answer>\nthanks!";
        assert_eq!(extract_tagged(text, "<answer>", "</answer>"), Some(" 2 "));
        assert_eq!(extract_tagged("<answer>x", "<answer>", "</answer>"), None);
        assert_eq!(extract_tagged("x</answer>", "<answer>", "</answer>"), None);
        assert_eq!(extract_tagged("", "<answer>", "</answer>"), None);
    }

    #[test]
    fn normalizes_whitespace() {
        assert_eq!(normalize_spaces("  a \n\t b  "), "a b");
    }

    #[test]
    fn splits_ascii_words() {
        assert_eq!(
            ascii_words("Alice: KNIGHT, bob-jr is a knave."),
            ["alice", "knight", "bob-jr", "is", "a", "knave"]
        );
    }
}
