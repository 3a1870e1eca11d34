//! Shared, linear-time helpers for reading answers out of model output.

/// The text of the last complete `open … close` block, or `None`.
///
/// The last closing tag is found first, then the last opening tag before it, so text after
/// the block (a sign-off, trailing whitespace) never hides the answer.
pub fn extract_tagged<'a>(completion: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let end = rfind(completion, close)?;
    let start = rfind(&completion[..end], open)? + open.len();
    Some(&completion[start..end])
}

/// `haystack.rfind(needle)`, scanning back for the needle's last byte a block at a time
/// (tags end in a byte that answers rarely contain). Byte matches of a UTF-8 needle fall on
/// character boundaries, so this finds what `str::rfind` finds.
fn rfind(haystack: &str, needle: &str) -> Option<usize> {
    const BLOCK: usize = 32;
    let (hay, pattern) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&last) = pattern.last() else {
        return haystack.rfind(needle);
    };
    let tail = pattern.len() - 1;
    // Candidate positions of the needle's last byte are `tail..end`.
    let mut end = hay.len();
    while end > tail {
        let mut i = end;
        // Whole blocks, tested with a fold the compiler vectorizes.
        while i >= tail + BLOCK {
            let block: &[u8; BLOCK] = hay[i - BLOCK..i].try_into().expect("block");
            if block.iter().fold(0u8, |any, &b| any | u8::from(b == last)) != 0 {
                break;
            }
            i -= BLOCK;
        }
        let at = hay[tail..i].iter().rposition(|&b| b == last)? + tail;
        if &hay[at - tail..=at] == pattern {
            return Some(at - tail);
        }
        end = at;
    }
    None
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
    fn rfind_finds_what_str_rfind_finds() {
        let pieces = [
            "<answer>",
            "</answer>",
            ">",
            "?",
            "a",
            "é",
            "<",
            "/",
            "\n",
            "answer>",
        ];
        let mut state = 7u64;
        for _ in 0..3000 {
            let mut next = || {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                state >> 33
            };
            let mut text = String::new();
            for _ in 0..next() % 80 {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            for needle in ["</answer>", "<answer>", ">", "é", "", "answer"] {
                assert_eq!(
                    rfind(&text, needle),
                    text.rfind(needle),
                    "{text:?} {needle:?}"
                );
            }
        }
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
