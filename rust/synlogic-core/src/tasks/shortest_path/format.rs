//! Prompt, route rendering and the lenient route parser of `shortest_path` (rendering and
//! parsing are inverses), and the payload loader.

use std::fmt::Write as _;

use super::{PathPuzzle, Route, MAX_NODES, MAX_WEIGHT};
use crate::task::ParseError;

/// The format example: lowercase words with underscores, never node names, so it never parses.
pub const FORMAT_EXAMPLE: &str = "first_node, next_node, last_node";

/// Words the parser skips between names ("node C then node F").
const FILLERS: [&str; 2] = ["node", "then"];

/// The name of node `v`: `A`…`Z`, then `AA`, `AB`, ….
pub fn name(v: usize) -> String {
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
    if v < 26 {
        letter(v).to_string()
    } else {
        format!("{}{}", letter(v / 26 - 1), letter(v))
    }
}

/// The node number of a name in any case, if the puzzle has that node.
fn node_of(word: &str, n: usize) -> Option<usize> {
    let bytes = word.as_bytes();
    let value = |b: u8| {
        b.is_ascii_alphabetic()
            .then(|| usize::from(b.to_ascii_uppercase() - b'A'))
    };
    let v = match bytes {
        [a] => value(*a)?,
        [a, b] => (value(*a)? + 1) * 26 + value(*b)?,
        _ => return None,
    };
    (v < n).then_some(v)
}

/// The prompt: the graph as an edge list or a weight table, the two nodes and the format.
pub(super) fn prompt(puzzle: &PathPuzzle) -> String {
    let n = usize::from(puzzle.nodes);
    let (start, goal) = (
        name(usize::from(puzzle.start)),
        name(usize::from(puzzle.goal)),
    );
    let mut text =
        format!("Find a cheapest route from node {start} to node {goal} in this graph. ");
    text.push_str(if puzzle.directed {
        "Every edge is one-way: it can be used only in the direction shown"
    } else {
        "Every edge can be used in both directions"
    });
    text.push_str(
        ", and has a weight; the cost of a route is the sum of the weights of the edges it \
         uses.\n\n",
    );
    let names: Vec<String> = (0..n).map(name).collect();
    let _ = writeln!(text, "Nodes: {}", names.join(", "));
    if puzzle.table {
        write_table(&mut text, puzzle, &names);
    } else {
        let (arrow, meaning) = if puzzle.directed {
            ("->", "leads from X to Y")
        } else {
            ("--", "joins X and Y")
        };
        let _ = writeln!(
            text,
            "Edges ({}; \"X {arrow} Y: w\" {meaning} with weight w):",
            puzzle.edges.len()
        );
        for &[a, b, w] in &puzzle.edges {
            let _ = writeln!(
                text,
                "- {} {arrow} {}: {w}",
                name(usize::from(a)),
                name(usize::from(b))
            );
        }
    }
    let _ = write!(
        text,
        "\nGive the route as the names of its nodes in order, from {start} to {goal}, separated \
         by commas. Any route of minimal total cost is accepted. Answer inside <answer> and \
         </answer> tags. Format example (not a solution): <answer>{FORMAT_EXAMPLE}</answer>"
    );
    text
}

/// The weight table: row X, column Y holds the weight of the edge from X to Y, "." for none.
fn write_table(text: &mut String, puzzle: &PathPuzzle, names: &[String]) {
    let n = names.len();
    let mut cells = vec![String::from("."); n * n];
    for &[a, b, w] in &puzzle.edges {
        let (a, b) = (usize::from(a), usize::from(b));
        if a < n && b < n {
            cells[a * n + b] = w.to_string();
            if !puzzle.directed {
                cells[b * n + a] = w.to_string();
            }
        }
    }
    let width = cells
        .iter()
        .chain(names)
        .map(String::len)
        .max()
        .unwrap_or(1);
    let _ = writeln!(
        text,
        "Weight table (the number in row X, column Y is the weight of the edge from X to Y; \
         \".\" means no edge{}):",
        if puzzle.directed {
            ""
        } else {
            "; the table is symmetric because every edge goes both ways"
        }
    );
    let _ = write!(text, "{:>width$}", "");
    for label in names {
        let _ = write!(text, " {label:>width$}");
    }
    text.push('\n');
    for (row, label) in names.iter().enumerate() {
        let _ = write!(text, "{label:>width$}");
        for cell in &cells[row * n..(row + 1) * n] {
            let _ = write!(text, " {cell:>width$}");
        }
        text.push('\n');
    }
}

/// A route as the prompt asks for it: names separated by ", ".
pub(super) fn render(route: &[usize]) -> String {
    route
        .iter()
        .map(|&v| name(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Characters that may separate names: whitespace, list punctuation and arrows.
fn is_separator(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            ',' | ';'
                | '|'
                | '>'
                | '<'
                | '-'
                | '='
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
                | '*'
                | '→'
                | '⟶'
                | '⇒'
                | '➔'
                | '–'
                | '—'
        )
}

/// Reads a route: node names (any case) separated by commas, arrows, dashes, spaces or
/// newlines, optionally in a JSON list, after a label ("Route:") or in a code fence; the words
/// "node" and "then" are skipped. Any other word or character, or more than 2N names, is an
/// error. One pass over the text.
pub(super) fn parse(puzzle: &PathPuzzle, text: &str) -> Result<Route, ParseError> {
    let n = usize::from(puzzle.nodes);
    let mut body = text.trim();
    if let Some(rest) = body.strip_prefix("```") {
        // The fence's first line may carry a language tag; the closing fence is optional.
        body = rest.split_once('\n').map_or("", |(_, after)| after);
        body = body.trim_end().strip_suffix("```").unwrap_or(body);
    }
    let mut route = Vec::new();
    let mut first_word = true;
    let mut chars = body.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if is_separator(ch) {
            continue;
        }
        if !ch.is_ascii_alphanumeric() && ch != '_' {
            if ch == ':' && route.is_empty() && !first_word {
                continue; // the colon after a label
            }
            return Err(ParseError::new(format!("unexpected character {ch:?}")));
        }
        let mut end = start + 1;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_ascii_alphanumeric() && c != '_' {
                break;
            }
            end = i + 1;
            chars.next();
        }
        let word = &body[start..end];
        let was_first = first_word;
        first_word = false;
        if let Some(v) = node_of(word, n) {
            if route.len() == 2 * n {
                return Err(ParseError::new(format!("more than {} names", 2 * n)));
            }
            route.push(v);
        } else if FILLERS.iter().any(|f| word.eq_ignore_ascii_case(f)) {
        } else if was_first && next_non_space(body, end) == Some(':') {
            // A label such as "Route:" before the list.
        } else {
            let shown: String = word.chars().take(24).collect();
            return Err(ParseError::new(format!("unknown node {shown:?}")));
        }
    }
    if route.is_empty() {
        return Err(ParseError::new("no node names"));
    }
    Ok(route)
}

fn next_non_space(text: &str, from: usize) -> Option<char> {
    text.get(from..)?.chars().find(|c| *c != ' ' && *c != '\t')
}

/// Reads a puzzle from payload JSON (untrusted): bounds N at 64, weights at 999 and the edges
/// at the number of (ordered, if directed) pairs, each pair at most once; the error names the
/// field.
pub(super) fn load_puzzle(json: &str) -> Result<PathPuzzle, String> {
    let puzzle: PathPuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let n = usize::from(puzzle.nodes);
    if !(2..=MAX_NODES).contains(&n) {
        return Err(format!("n: must be 2 to {MAX_NODES}"));
    }
    let pairs = if puzzle.directed {
        n * (n - 1)
    } else {
        n * (n - 1) / 2
    };
    if puzzle.edges.len() > pairs {
        return Err(format!(
            "e: {} edges, more than {pairs} pairs",
            puzzle.edges.len()
        ));
    }
    let mut present = vec![false; n * n];
    for &[a, b, w] in &puzzle.edges {
        let (a, b) = (usize::from(a), usize::from(b));
        if a >= n || b >= n || a == b {
            return Err(format!("e: [{a}, {b}] is not a pair of two nodes"));
        }
        if w == 0 || u32::from(w) > MAX_WEIGHT {
            return Err(format!("e: weight {w} outside 1 to {MAX_WEIGHT}"));
        }
        if present[a * n + b] {
            return Err(format!("e: [{a}, {b}] is listed twice"));
        }
        present[a * n + b] = true;
        if !puzzle.directed {
            present[b * n + a] = true;
        }
    }
    if usize::from(puzzle.start) >= n {
        return Err("s: not a node".into());
    }
    if usize::from(puzzle.goal) >= n || puzzle.goal == puzzle.start {
        return Err("g: not a node other than the start".into());
    }
    Ok(puzzle)
}
