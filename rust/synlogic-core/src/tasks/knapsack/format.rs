//! The prompt, the rendering of a selection, the lenient parser of answers and the payload
//! loader.

use std::fmt::Write as _;

use super::{KnapsackPuzzle, MAX_CELLS, MAX_ITEMS};
use crate::task::ParseError;

/// The longest item name a stored puzzle may have.
const MAX_NAME_LEN: usize = 16;
/// Words the parser skips.
const FILLERS: &[&str] = &[
    "and",
    "take",
    "items",
    "chosen",
    "selection",
    "answer",
    "of",
];

/// The prompt: the items, the limits, what counts as optimal, the format.
pub fn prompt(puzzle: &KnapsackPuzzle) -> String {
    let copies = puzzle.has_copies();
    let mut text = format!(
        "Pack a knapsack with the greatest total value.\n\nItems ({}):\n",
        if copies {
            "each may be taken as many times as it is available, no more"
        } else {
            "each may be taken at most once"
        }
    );
    for i in 0..puzzle.names.len() {
        let _ = write!(
            text,
            "- {}: weight {}",
            puzzle.names[i],
            puzzle.weights.get(i).copied().unwrap_or(0)
        );
        if let Some(v) = puzzle.volumes.get(i) {
            let _ = write!(text, ", volume {v}");
        }
        let _ = write!(
            text,
            ", value {}",
            puzzle.values.get(i).copied().unwrap_or(0)
        );
        if copies {
            let _ = write!(
                text,
                ", {} available",
                puzzle.copies.get(i).copied().unwrap_or(0)
            );
        }
        text.push('\n');
    }
    let _ = write!(
        text,
        "\nKnapsack limit: total weight at most {}",
        puzzle.max_weight
    );
    if let Some(v) = puzzle.max_volume {
        let _ = write!(text, " and total volume at most {v}");
    }
    let _ = write!(
        text,
        ".\n\nChoose items so that the total value is as large as possible within the limit{}. \
         Any selection reaching that greatest total value is accepted; a selection with a \
         smaller value, or one that breaks a limit, scores 0.\n\n\
         Answer with the chosen item names separated by commas inside <answer> and </answer> \
         tags{}.\nFormat example (not a solution): <answer>{}</answer>",
        if puzzle.max_volume.is_some() { "s" } else { "" },
        if copies {
            ", writing \"3 x name\" to take 3 copies of an item"
        } else {
            ""
        },
        if copies {
            "first_item, 2 x second_item"
        } else {
            "first_item, second_item"
        }
    );
    text
}

/// A selection as the prompt asks for it: names in prompt order, "k x name" for k > 1.
pub fn render(puzzle: &KnapsackPuzzle, selection: &[u32]) -> String {
    selection
        .iter()
        .enumerate()
        .filter(|(_, &k)| k > 0)
        .map(|(i, &k)| {
            let name = puzzle.names.get(i).map_or("?", String::as_str);
            if k == 1 {
                name.to_string()
            } else {
                format!("{k} x {name}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Number(u32),
    Times,
}

fn is_separator(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            ',' | ';'
                | ':'
                | '|'
                | '.'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '"'
                | '\''
                | '`'
                | '-'
                | '+'
                | '/'
                | '#'
        )
}

fn tokens(text: &str) -> Result<Vec<Token>, ParseError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if is_separator(ch) {
            continue;
        }
        if ch == '×' || ch == '*' {
            out.push(Token::Times);
            continue;
        }
        if !(ch.is_ascii_alphanumeric() || ch == '_') {
            return Err(ParseError::new(format!("unexpected character {ch:?}")));
        }
        let mut end = start + 1;
        while let Some(&(i, c)) = chars.peek() {
            if !(c.is_ascii_alphanumeric() || c == '_') {
                break;
            }
            end = i + 1;
            chars.next();
        }
        let raw = &text[start..end];
        if raw.len() > MAX_NAME_LEN + 4 {
            return Err(ParseError::new("a word longer than any item name"));
        }
        let lower = raw.to_ascii_lowercase();
        let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
        let number = |s: &str| {
            s.parse::<u32>()
                .map_err(|_| ParseError::new("a number out of range"))
        };
        if digits == lower.len() {
            out.push(Token::Number(number(&lower)?));
        } else if digits > 0 && &lower[digits..] == "x" {
            // "2x"
            out.push(Token::Number(number(&lower[..digits])?));
            out.push(Token::Times);
        } else if lower == "x" || lower == "times" {
            out.push(Token::Times);
        } else if lower.len() > 1
            && lower.starts_with('x')
            && lower[1..].bytes().all(|b| b.is_ascii_digit())
        {
            // "x2"
            out.push(Token::Times);
            out.push(Token::Number(number(&lower[1..])?));
        } else {
            out.push(Token::Word(lower));
        }
        if out.len() > 4096 {
            return Err(ParseError::new("too many words"));
        }
    }
    Ok(out)
}

/// Reads a selection: item names (any case), each with an optional count ("2 x lamp",
/// "lamp x2", "lamp × 2"); repeated names add up; list numbers that count the entries and a
/// few filler words are skipped. Anything else is an error.
pub fn parse(puzzle: &KnapsackPuzzle, text: &str) -> Result<Vec<u32>, ParseError> {
    let mut body = text.trim();
    if let Some(rest) = body.strip_prefix("```") {
        body = rest.split_once('\n').map_or("", |(_, after)| after);
        body = body.trim_end().strip_suffix("```").unwrap_or(body);
    }
    let tokens = tokens(body)?;
    let lookup = |word: &str| puzzle.names.iter().position(|n| n == word);
    let mut selection = vec![0u32; puzzle.names.len()];
    let mut entries = 0usize;
    let mut i = 0;
    let add = |selection: &mut Vec<u32>, item: usize, k: u32| {
        selection[item] = selection[item].saturating_add(k);
    };
    while i < tokens.len() {
        match (&tokens[i], tokens.get(i + 1), tokens.get(i + 2)) {
            (Token::Number(k), Some(Token::Times), Some(Token::Word(w))) if lookup(w).is_some() => {
                add(&mut selection, lookup(w).unwrap_or(0), *k);
                entries += 1;
                i += 3;
            }
            (Token::Word(w), Some(Token::Times), Some(Token::Number(k))) if lookup(w).is_some() => {
                add(&mut selection, lookup(w).unwrap_or(0), *k);
                entries += 1;
                i += 3;
            }
            (Token::Word(w), _, _) => {
                if let Some(item) = lookup(w) {
                    add(&mut selection, item, 1);
                    entries += 1;
                } else if !FILLERS.contains(&w.as_str()) {
                    let shown: String = w.chars().take(16).collect();
                    return Err(ParseError::new(format!("unknown item {shown:?}")));
                }
                i += 1;
            }
            (Token::Number(k), _, _) if *k as usize == entries + 1 => i += 1, // a list number
            _ => return Err(ParseError::new("a count or number without its item")),
        }
    }
    if entries == 0 {
        return Err(ParseError::new("no items"));
    }
    Ok(selection)
}

/// Reads a puzzle from payload JSON, bounding every field; the error names the field.
pub fn load_puzzle(json: &str) -> Result<KnapsackPuzzle, String> {
    let p: KnapsackPuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let n = p.names.len();
    if !(1..=MAX_ITEMS).contains(&n) {
        return Err(format!("names: must hold 1 to {MAX_ITEMS} items"));
    }
    for (i, name) in p.names.iter().enumerate() {
        if name.len() < 2
            || name.len() > MAX_NAME_LEN
            || !name.bytes().all(|b| b.is_ascii_lowercase())
            || name.starts_with('x')
            || FILLERS.contains(&name.as_str())
            || name == "times"
            || p.names[..i].contains(name)
        {
            return Err(format!(
                "names: {i}: must be a distinct word of 2 to {MAX_NAME_LEN} lowercase letters"
            ));
        }
    }
    if p.weights.len() != n || p.weights.iter().any(|&w| w == 0 || w > 100) {
        return Err("w: must give each item a weight from 1 to 100".into());
    }
    if p.values.len() != n || p.values.iter().any(|&v| v > 1000) {
        return Err("v: must give each item a value up to 1000".into());
    }
    if !(p.volumes.is_empty() || p.volumes.len() == n)
        || p.volumes.iter().any(|&v| v == 0 || v > 100)
        || p.volumes.is_empty() != p.max_volume.is_none()
    {
        return Err(
            "vol: must give each item a volume from 1 to 100 exactly when vcap is set".into(),
        );
    }
    if p.copies.len() != n || p.copies.iter().any(|&c| c == 0 || c > 9) {
        return Err("n: must give each item 1 to 9 copies".into());
    }
    let cells = (p.max_weight as usize + 1) * (p.max_volume.map_or(0, |v| v as usize) + 1);
    if p.max_weight == 0 || cells > MAX_CELLS {
        return Err(format!(
            "cap: the limits must be positive and span at most {MAX_CELLS} cells"
        ));
    }
    if p.solution.len() > n {
        return Err("sol: more entries than items".into());
    }
    Ok(p)
}
