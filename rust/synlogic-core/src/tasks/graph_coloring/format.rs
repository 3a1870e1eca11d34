//! The prompt, the rendering of a colouring and the lenient parser of answers.

use std::fmt::Write as _;

use super::{ColoringPuzzle, COLOR_NAMES};
use crate::task::ParseError;

/// The format example: colours for nodes that no puzzle has (node 0), so it never parses.
pub const FORMAT_EXAMPLE: &str = "0: red, 0: blue";

/// The prompt: nodes, edges, the allowed colours and the answer format.
pub fn prompt(puzzle: &ColoringPuzzle) -> String {
    let n = puzzle.nodes;
    let colors: Vec<&str> = palette_names(puzzle);
    let mut text = format!(
        "Colour the nodes of this graph so that the two ends of every edge get different colours.\n\n\
         Nodes: 1 to {n}\n\
         Colours you may use (at most {}): {}\n\
         Edges ({}):\n",
        colors.len(),
        colors.join(", "),
        puzzle.edges.len()
    );
    for &[a, b] in &puzzle.edges {
        let _ = writeln!(text, "- {} -- {}", usize::from(a) + 1, usize::from(b) + 1);
    }
    let _ = write!(
        text,
        "\nGive every node from 1 to {n} exactly one colour from the list; you need not use every \
         colour. Any colouring in which no edge joins two nodes of the same colour is accepted. \
         Answer with one \"node: colour\" pair per node, separated by commas, inside <answer> and \
         </answer> tags. Format example (not a solution): <answer>{FORMAT_EXAMPLE}</answer>"
    );
    text
}

/// The allowed colour names in prompt order.
pub fn palette_names(puzzle: &ColoringPuzzle) -> Vec<&'static str> {
    puzzle
        .palette
        .iter()
        .map(|&c| COLOR_NAMES.get(usize::from(c)).copied().unwrap_or("?"))
        .collect()
}

/// A colouring as the prompt asks for it: `1: red, 2: blue, ...`.
pub fn render(puzzle: &ColoringPuzzle, colouring: &[u8]) -> String {
    let names = palette_names(puzzle);
    colouring
        .iter()
        .enumerate()
        .map(|(v, &c)| {
            format!(
                "{}: {}",
                v + 1,
                names.get(usize::from(c)).copied().unwrap_or("?")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_separator(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            ',' | ';'
                | ':'
                | '='
                | '-'
                | '>'
                | '→'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '"'
                | '\''
                | '`'
                | '*'
                | '|'
        )
}

/// Reads `node: colour` pairs (any order, any case; separators `:`, `=`, `->`, `-`,
/// commas, semicolons, newlines, quotes, brackets; an optional word "node" before a number).
/// Returns, per node, the colours given (an entry of `None` for a node given no colour;
/// `Some(c)` for one colour). A node given twice, a colour outside the allowed list, an unknown
/// word, a number outside 1..=N or a number without its colour is an error. One pass.
pub fn parse(puzzle: &ColoringPuzzle, text: &str) -> Result<Vec<Option<u8>>, ParseError> {
    let n = usize::from(puzzle.nodes);
    let names = palette_names(puzzle);
    let mut colouring: Vec<Option<u8>> = vec![None; n];
    let mut pending: Option<usize> = None;
    let mut given = 0usize;
    let mut chars = text.trim().char_indices().peekable();
    let body = text.trim();
    while let Some((start, ch)) = chars.next() {
        if is_separator(ch) {
            continue;
        }
        if !ch.is_ascii_alphanumeric() {
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
        if word.len() > 12 {
            return Err(ParseError::new("a word longer than any node or colour"));
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            if pending.is_some() {
                return Err(ParseError::new("a node without a colour"));
            }
            let node: usize = word
                .parse()
                .map_err(|_| ParseError::new("a node number out of range"))?;
            if !(1..=n).contains(&node) || word.starts_with('0') {
                return Err(ParseError::new(format!("no node {word}")));
            }
            pending = Some(node - 1);
            continue;
        }
        let lower = word.to_ascii_lowercase();
        if lower == "node" && pending.is_none() {
            continue;
        }
        let Some(color) = names.iter().position(|c| *c == lower) else {
            return Err(ParseError::new(format!("not an allowed colour: {word:?}")));
        };
        let Some(node) = pending.take() else {
            return Err(ParseError::new("a colour without a node"));
        };
        if colouring[node].is_some() {
            return Err(ParseError::new(format!(
                "node {} is coloured twice",
                node + 1
            )));
        }
        colouring[node] = Some(color as u8);
        given += 1;
    }
    if pending.is_some() {
        return Err(ParseError::new("a node without a colour"));
    }
    if given == 0 {
        return Err(ParseError::new("no colours"));
    }
    Ok(colouring)
}
