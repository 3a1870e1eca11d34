//! Rendering: the prompt and the answers (JSON object or markdown table).

use std::fmt::Write as _;

use super::knobs::{AnswerFormat, ClueType};
use super::puzzle::{Ask, ZebraPuzzle};

/// The prompt: the attribute lists, the clues, the terms used and the question.
pub(super) fn prompt_text(puzzle: &ZebraPuzzle) -> String {
    let n = puzzle.houses();
    let m = puzzle.attributes();
    let mut out = String::with_capacity(1024 + 96 * puzzle.k.len());
    let _ = writeln!(
        out,
        "There are {n} houses in a row, numbered 1 to {n} from left to right. In each house \
         lives one person. Each of the {m} attributes below has {n} values, and each value \
         belongs to exactly one person:"
    );
    for a in 0..m {
        let _ = write!(out, "- {}: ", puzzle.category(a).name);
        for x in 0..n {
            if x > 0 {
                out.push_str(", ");
            }
            out.push_str(puzzle.value(a, x));
        }
        out.push('\n');
    }
    out.push_str("\nClues:\n");
    for (i, clue) in puzzle.clues().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, puzzle.clue_text(clue));
    }
    let used = |kinds: &[ClueType]| puzzle.clues().any(|c| kinds.contains(&c.kind));
    let mut terms = Vec::new();
    if used(&[ClueType::LeftOf, ClueType::RightOf]) {
        terms.push(
            "\"somewhere to the left/right\" means in any house with a lower/higher number, \
             not necessarily adjacent",
        );
    }
    if used(&[ClueType::DirectlyLeft]) {
        terms.push("\"directly left of\" means in the house immediately to the left");
    }
    if used(&[ClueType::NextTo]) {
        terms.push("\"next to each other\" means in adjacent houses");
    }
    if used(&[ClueType::OneBetween]) {
        terms.push("\"one house between\" means the house numbers differ by exactly 2");
    }
    if used(&[ClueType::TwoBetween]) {
        terms.push("\"two houses between\" means the house numbers differ by exactly 3");
    }
    if !terms.is_empty() {
        let _ = writeln!(out, "\nTerms: {}.", terms.join("; "));
    }
    out.push('\n');
    match puzzle.q {
        Ask::Grid => {
            let grid_intro = "Work out the value of every attribute for every house.";
            match puzzle.f {
                AnswerFormat::Json => {
                    let mut example = String::from("{");
                    for h in 0..n.min(2) {
                        let _ = write!(example, "\"House {}\": {{", h + 1);
                        for a in 0..m {
                            if a > 0 {
                                example.push_str(", ");
                            }
                            let _ = write!(example, "\"{}\": \"...\"", puzzle.category(a).name);
                        }
                        example.push_str("}, ");
                    }
                    if n > 2 {
                        let _ = write!(example, "..., \"House {n}\": {{...}}}}");
                    } else {
                        example.truncate(example.len() - 2);
                        example.push('}');
                    }
                    let _ = write!(
                        out,
                        "{grid_intro} Give your final answer as a JSON object with one key \
                         per house, \"House 1\" to \"House {n}\", each mapping every \
                         attribute name to its value, written exactly as in the lists \
                         above. Put the final answer inside <answer> and </answer> tags, \
                         for example:\n<answer>{example}</answer>"
                    );
                }
                AnswerFormat::Table => {
                    let mut example = table_header(puzzle);
                    for h in 0..n.min(2) {
                        let _ = write!(example, "\n| {} |", h + 1);
                        for _ in 0..m {
                            example.push_str(" ... |");
                        }
                    }
                    if n > 2 {
                        example.push_str("\n...");
                    }
                    let _ = write!(
                        out,
                        "{grid_intro} Give your final answer as a markdown table with the \
                         header row below and one row per house (house number first, then \
                         each attribute's value, written exactly as in the lists above). \
                         Put the final answer inside <answer> and </answer> tags, for \
                         example:\n<answer>\n{example}\n</answer>"
                    );
                }
            }
        }
        Ask::Value { a, h } => {
            let a = a as usize;
            let category = puzzle.category(a);
            let example = (0..category.values.len())
                .find(|i| !puzzle.v[a].contains(&(*i as u8)))
                .map_or("...", |i| category.values[i]);
            let _ = write!(
                out,
                "Question: what is the {} of the person who lives in house {}?\n\n\
                 Give your final answer as the value only, written exactly as in the list \
                 of {} values above, inside <answer> and </answer> tags, for example: \
                 <answer>{example}</answer>",
                category.name.to_ascii_lowercase(),
                h + 1,
                category.name,
            );
        }
        Ask::House { a, x } => {
            let description = puzzle.describe(a as usize * n + x as usize);
            // The example is never a valid answer, so copying it earns nothing.
            let _ = write!(
                out,
                "Question: in which house does {description} live?\n\n\
                 Give your final answer as the house number only (1 to {n}), inside \
                 <answer> and </answer> tags. The format, shown with a number that is not \
                 a valid answer here: <answer>{}</answer>",
                n + 1
            );
        }
    }
    out
}

pub(super) fn render_json_grid(puzzle: &ZebraPuzzle, grid: &[u8]) -> String {
    let n = puzzle.houses();
    let mut out = String::with_capacity(32 * grid.len() + 16);
    out.push('{');
    for h in 0..n {
        if h > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "\"House {}\": {{", h + 1);
        for a in 0..puzzle.attributes() {
            if a > 0 {
                out.push_str(", ");
            }
            let _ = write!(
                out,
                "\"{}\": \"{}\"",
                puzzle.category(a).name,
                puzzle.value(a, grid[a * n + h] as usize)
            );
        }
        out.push('}');
    }
    out.push('}');
    out
}

pub(super) fn table_header(puzzle: &ZebraPuzzle) -> String {
    let mut out = String::from("| House |");
    for a in 0..puzzle.attributes() {
        let _ = write!(out, " {} |", puzzle.category(a).name);
    }
    out.push_str("\n|---|");
    for _ in 0..puzzle.attributes() {
        out.push_str("---|");
    }
    out
}

pub(super) fn render_table_grid(puzzle: &ZebraPuzzle, grid: &[u8]) -> String {
    let n = puzzle.houses();
    let mut out = table_header(puzzle);
    for h in 0..n {
        let _ = write!(out, "\n| {} |", h + 1);
        for a in 0..puzzle.attributes() {
            let _ = write!(out, " {} |", puzzle.value(a, grid[a * n + h] as usize));
        }
    }
    out
}

pub(super) fn render_grid(puzzle: &ZebraPuzzle, grid: &[u8]) -> String {
    match puzzle.f {
        AnswerFormat::Json => render_json_grid(puzzle, grid),
        AnswerFormat::Table => render_table_grid(puzzle, grid),
    }
}

pub(super) fn solution_grid(puzzle: &ZebraPuzzle) -> Vec<u8> {
    puzzle.s.concat()
}
