//! The prompt, the rendering of an order and the lenient parser of answers.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{PositionRule, TopoPuzzle, MAX_NAME_LEN};
use crate::task::ParseError;

/// Task names: lowercase ASCII words, none of them a filler word the parser skips.
pub const NAME_POOL: &[&str] = &[
    "anchor", "bake", "brace", "brush", "cable", "carve", "caulk", "chill", "chop", "clamp",
    "clean", "coat", "crate", "cure", "dig", "drain", "drill", "dust", "edge", "etch", "fence",
    "file", "fill", "fire", "flush", "fold", "forge", "frame", "fuse", "glaze", "glue", "grind",
    "grout", "hang", "haul", "heat", "hinge", "hoist", "inspect", "iron", "joint", "knead",
    "label", "lace", "lacquer", "level", "lift", "line", "load", "lock", "mask", "measure", "melt",
    "mend", "mill", "mix", "mold", "mount", "nail", "oil", "pack", "paint", "patch", "pave",
    "peel", "pipe", "plane", "plant", "plaster", "plumb", "polish", "pour", "press", "prime",
    "print", "prune", "pump", "quench", "rake", "rasp", "rinse", "rivet", "roll", "roof", "rope",
    "sand", "saw", "scrape", "screw", "seal", "sew", "shape", "shim", "sift", "sketch", "sort",
    "splice", "spray", "stack", "stain", "staple", "steam", "stitch", "strip", "survey", "sweep",
    "tamp", "tape", "test", "thread", "tile", "trim", "tune", "varnish", "vent", "wash", "wax",
    "weave", "weld", "wire", "wrap", "zip",
];

/// The format example's names: not in the pool (underscores), so copying it never parses.
pub const FORMAT_EXAMPLE: &str = "first_task, second_task, third_task";

/// A word the parser skips between names ("wire then paint").
const FILLER: &str = "then";

/// The prompt: the tasks, every dependency, every position rule and the answer format.
pub fn prompt(puzzle: &TopoPuzzle) -> String {
    let names = &puzzle.names;
    let n = names.len();
    let mut text = format!(
        "Order the following {n} tasks so that every task comes after all the tasks it depends on.\n\n\
         Tasks: {}\n\n\
         Dependencies (\"A must come before B\" means A appears earlier in the order than B):\n",
        names.join(", ")
    );
    for &[before, after] in &puzzle.dependencies {
        let _ = writeln!(
            text,
            "- {} must come before {}",
            name(names, before),
            name(names, after)
        );
    }
    if !puzzle.rules.is_empty() {
        text.push_str("\nExtra rules (positions count from 1 at the start of the order):\n");
        for rule in &puzzle.rules {
            let _ = writeln!(text, "- {}", describe(names, *rule, n));
        }
    }
    let _ = write!(
        text,
        "\nList every task exactly once. Any order that satisfies every dependency{} is accepted. \
         Answer with the task names in order, separated by commas, inside <answer> and </answer> \
         tags. Format example (not a solution): <answer>{FORMAT_EXAMPLE}</answer>",
        if puzzle.rules.is_empty() {
            ""
        } else {
            " and every extra rule"
        }
    );
    text
}

fn name(names: &[String], node: u16) -> &str {
    names.get(usize::from(node)).map_or("?", String::as_str)
}

/// One position rule in words.
pub fn describe(names: &[String], rule: PositionRule, n: usize) -> String {
    match rule {
        PositionRule::At(node, position) => {
            format!(
                "{} must be at position {position} of {n}",
                name(names, node)
            )
        }
        PositionRule::WithinFirst(node, count) => format!(
            "{} must be among the first {count} tasks (position {count} or earlier)",
            name(names, node)
        ),
        PositionRule::WithinLast(node, count) => format!(
            "{} must be among the last {count} tasks (position {} or later)",
            name(names, node),
            (n + 1).saturating_sub(usize::from(count))
        ),
    }
}

/// An order as the prompt asks for it: names separated by ", ".
pub fn render(puzzle: &TopoPuzzle, order: &[usize]) -> String {
    order
        .iter()
        .map(|&v| puzzle.names.get(v).map_or("?", String::as_str))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Characters that may separate names: whitespace, punctuation used in lists and arrows.
fn is_separator(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            ',' | ';'
                | '|'
                | '>'
                | '-'
                | '='
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
                | '⟶'
                | '⇒'
                | '➔'
                | '–'
                | '—'
        )
}

fn is_word(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ch == '_'
}

/// Reads an order: task names (any case) separated by commas, arrows, spaces or newlines,
/// optionally numbered ("1. wire"), optionally after a label ("Order:") and inside a code
/// fence; "then" between names is skipped. Any other word or character is an error, and so
/// is a list longer than the number of tasks. Runs in one pass over the text.
pub fn parse(puzzle: &TopoPuzzle, text: &str) -> Result<Vec<usize>, ParseError> {
    let n = puzzle.names.len();
    let lookup: HashMap<&str, usize> = puzzle
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let mut body = text.trim();
    if let Some(rest) = body.strip_prefix("```") {
        // The fence's first line may carry a language tag; the closing fence is optional.
        body = rest.split_once('\n').map_or("", |(_, after)| after);
        body = body.trim_end().strip_suffix("```").unwrap_or(body);
    }
    let mut order = Vec::with_capacity(n);
    let mut word = String::with_capacity(MAX_NAME_LEN);
    let mut first_word = true;
    let mut chars = body.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if is_separator(ch) {
            continue;
        }
        if !is_word(ch) {
            if ch == ':' && order.is_empty() && !first_word {
                continue; // the colon after a label
            }
            return Err(ParseError::new(format!("unexpected character {ch:?}")));
        }
        let mut end = start + ch.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let raw = &body[start..end];
        if raw.len() > MAX_NAME_LEN {
            return Err(ParseError::new("a word longer than any task name"));
        }
        word.clear();
        word.push_str(raw);
        word.make_ascii_lowercase();
        let was_first = first_word;
        first_word = false;
        if let Some(&node) = lookup.get(word.as_str()) {
            if order.len() == n {
                return Err(ParseError::new(format!("more than {n} names")));
            }
            order.push(node);
        } else if word == FILLER {
        } else if raw.bytes().all(|b| b.is_ascii_digit())
            && raw.parse::<usize>() == Ok(order.len() + 1)
        {
            // A list number such as "3." before the third name.
        } else if was_first && next_non_space(body, end) == Some(':') {
            // A label such as "Order:" before the list.
        } else {
            let shown: String = raw.chars().take(24).collect();
            return Err(ParseError::new(format!("unknown task {shown:?}")));
        }
    }
    if order.is_empty() {
        return Err(ParseError::new("no task names"));
    }
    Ok(order)
}

fn next_non_space(text: &str, from: usize) -> Option<char> {
    text.get(from..)?.chars().find(|c| *c != ' ' && *c != '\t')
}
