//! The characters that separate words in an answer, for tasks whose answers are lists of
//! words (`name: value` pairs, move lists), so that tasks of one answer shape read it alike.

use crate::task::ParseError;

/// Separators of `name: value` answers (web of lies, circuits, self-reference): ASCII
/// whitespace and `, ; : = . - | ( ) [ ] { } " ' \` * > #`.
pub fn is_word_separator(c: char) -> bool {
    c.is_ascii_whitespace() || ",;:=.-|()[]{}\"'`*>#".contains(c)
}

/// Separators of action lists (`A->C`, `pour 1 into 2; fill 3`, numbered lines, arrows):
/// whitespace, ASCII punctuation that cannot be part of a name or number, and the arrows and
/// dashes models write between steps.
pub fn is_step_separator(ch: char) -> bool {
    ch.is_whitespace() || ",;:|><-=.()[]{}\"'`*/#→⟶⇒➔–—".contains(ch)
}

/// The words of an action-list answer, in order: an optional code fence is dropped, step
/// separators are skipped, and each word is a run of ASCII letters and digits. Any other
/// character, or a word longer than `max_len`, is an error (and ends the words). One pass.
pub fn step_words(text: &str, max_len: usize) -> impl Iterator<Item = Result<&str, ParseError>> {
    let mut rest = text.trim();
    if let Some(fenced) = rest.strip_prefix("```") {
        // The fence's first line may carry a language tag; the closing fence is optional.
        rest = fenced.split_once('\n').map_or("", |(_, after)| after);
        rest = rest.trim_end().strip_suffix("```").unwrap_or(rest);
    }
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(is_step_separator);
        let ch = rest.chars().next()?;
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        rest = tail;
        let error = if word.is_empty() {
            format!("unexpected character {ch:?}")
        } else if word.len() > max_len {
            "a word longer than any the answer uses".to_string()
        } else {
            return Some(Ok(word));
        };
        rest = "";
        Some(Err(ParseError::new(error)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_punctuation_but_not_inside_names() {
        let words: Vec<&str> = "Alice: truthful, Bruno=liar (Carmen)"
            .split(is_word_separator)
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(words, ["Alice", "truthful", "Bruno", "liar", "Carmen"]);
        assert!(!is_word_separator('/') && !is_word_separator('_'));
    }

    #[test]
    fn steps_split_on_arrows_and_dashes() {
        let steps: Vec<&str> = "A->C; B → C, 1/2 — C⇒A"
            .split(is_step_separator)
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(steps, ["A", "C", "B", "C", "1", "2", "C", "A"]);
        assert!(!is_step_separator('_') && !is_step_separator('x'));
    }

    #[test]
    fn step_words_drop_fences_and_reject_strange_characters() {
        let words: Vec<_> = step_words("```text\n1. A->C\n2. fill 3\n```", 12).collect();
        assert_eq!(
            words,
            [Ok("1"), Ok("A"), Ok("C"), Ok("2"), Ok("fill"), Ok("3")]
        );
        let bad: Vec<_> = step_words("A->C _ B", 12).collect();
        assert_eq!(bad.len(), 3);
        assert!(bad[2].is_err());
        assert!(step_words("abcdefghijklm", 12).next().unwrap().is_err());
    }
}
