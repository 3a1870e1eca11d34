//! Moves on a grid (up, down, left, right): the one type, its rendering as letters and the
//! lenient reader of move lists, shared by the grid-walking tasks (`maze`, `sliding_puzzle`).

use crate::task::ParseError;

/// A move: one cell up, down, left or right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// To the row above.
    Up,
    /// To the row below.
    Down,
    /// To the column on the left.
    Left,
    /// To the column on the right.
    Right,
}

impl Move {
    /// Every move, in the order searches try them.
    pub const ALL: [Move; 4] = [Move::Up, Move::Down, Move::Left, Move::Right];

    /// The move's letter.
    pub fn letter(self) -> char {
        match self {
            Move::Up => 'U',
            Move::Down => 'D',
            Move::Left => 'L',
            Move::Right => 'R',
        }
    }

    /// The row and column change.
    pub fn delta(self) -> (isize, isize) {
        match self {
            Move::Up => (-1, 0),
            Move::Down => (1, 0),
            Move::Left => (0, -1),
            Move::Right => (0, 1),
        }
    }

    /// The move that undoes this one.
    #[must_use]
    pub fn opposite(self) -> Move {
        match self {
            Move::Up => Move::Down,
            Move::Down => Move::Up,
            Move::Left => Move::Right,
            Move::Right => Move::Left,
        }
    }
}

/// Moves as letters separated by single spaces (`R R D L`).
pub fn render_moves(route: &[Move]) -> String {
    let mut text = String::with_capacity(2 * route.len());
    for (i, mv) in route.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push(mv.letter());
    }
    text
}

fn is_separator(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            ',' | ';'
                | '|'
                | '>'
                | '-'
                | '.'
                | '('
                | ')'
                | '['
                | ']'
                | '"'
                | '\''
                | '`'
                | '*'
                | '→'
        )
}

fn letter_move(byte: u8) -> Option<Move> {
    match byte.to_ascii_uppercase() {
        b'U' => Some(Move::Up),
        b'D' => Some(Move::Down),
        b'L' => Some(Move::Left),
        b'R' => Some(Move::Right),
        _ => None,
    }
}

fn word_move(word: &str) -> Option<Move> {
    [
        ("up", Move::Up),
        ("down", Move::Down),
        ("left", Move::Left),
        ("right", Move::Right),
    ]
    .into_iter()
    .find(|(name, _)| word.eq_ignore_ascii_case(name))
    .map(|(_, mv)| mv)
}

/// Reads moves: the letters U, D, L, R (any case, run together or apart) and the words up,
/// down, left, right, separated by spaces, commas, semicolons, newlines or arrows, in a JSON
/// list, after a label ("Moves:") or in a code fence. Any other word or character, or more
/// than `max_moves` moves, is an error. One pass over the text.
pub fn parse_moves(text: &str, max_moves: usize) -> Result<Vec<Move>, ParseError> {
    let mut body = text.trim();
    if let Some(rest) = body.strip_prefix("```") {
        body = rest.split_once('\n').map_or("", |(_, after)| after);
        body = body.trim_end().strip_suffix("```").unwrap_or(body);
    }
    let mut moves = Vec::new();
    let mut first_word = true;
    let mut chars = body.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if is_separator(ch) {
            continue;
        }
        if !ch.is_ascii_alphanumeric() {
            if ch == ':' && moves.is_empty() && !first_word {
                continue; // the colon after a label
            }
            return Err(ParseError::new(format!("unexpected character {ch:?}")));
        }
        let mut end = start + 1;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_ascii_alphanumeric() {
                break;
            }
            end = i + 1;
            chars.next();
        }
        let word = &body[start..end];
        let was_first = first_word;
        first_word = false;
        let before = moves.len();
        if let Some(mv) = word_move(word) {
            moves.push(mv);
        } else if word.bytes().all(|b| letter_move(b).is_some()) {
            moves.extend(word.bytes().filter_map(letter_move));
        } else if was_first && body[end..].trim_start_matches([' ', '\t']).starts_with(':') {
            continue; // a label such as "Moves:" before the list
        } else {
            let shown: String = word.chars().take(24).collect();
            return Err(ParseError::new(format!("not a move: {shown:?}")));
        }
        if moves.len() > max_moves {
            return Err(ParseError::new(format!(
                "more than {max_moves} moves (after {before})"
            )));
        }
    }
    if moves.is_empty() {
        return Err(ParseError::new("no moves"));
    }
    Ok(moves)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_words_and_lists_read_alike() {
        let want = vec![Move::Right, Move::Right, Move::Down, Move::Up];
        for text in [
            "R R D U",
            "rrdu",
            "right, right, down, up",
            "[\"R\",\"R\",\"D\",\"U\"]",
            "Moves: R -> R -> D -> U",
            "```\nRRDU\n```",
        ] {
            assert_eq!(parse_moves(text, 10).unwrap(), want, "{text:?}");
        }
        for text in ["", "R2", "north", "R R D U X", "R;R;D;U;R;R;D;U;R;R;D"] {
            assert!(parse_moves(text, 10).is_err(), "{text:?}");
        }
        assert_eq!(render_moves(&want), "R R D U");
    }
}
