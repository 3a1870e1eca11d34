//! The characters that separate words in an answer, for tasks whose answers are lists of
//! words (`name: value` pairs, move lists), so that tasks of one answer shape read it alike.

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
}
