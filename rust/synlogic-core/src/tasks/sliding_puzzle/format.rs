//! The prompt and the payload loader of `sliding_puzzle` (moves are rendered and read by
//! [`crate::kit::moves`]).

use std::fmt::Write as _;

use super::{SlidingPuzzleSpec, MAX_MOVES, MAX_SIDE};
use crate::kit::moves::parse_moves;

/// The format example. Generation redraws a start that it solves.
pub const FORMAT_EXAMPLE: &str = "U R R D L";

fn write_board(text: &mut String, k: usize, cells: &[u8]) {
    let width = (k * k - 1).to_string().len();
    for row in cells.chunks(k.max(1)) {
        let line: Vec<String> = row
            .iter()
            .map(|&t| {
                if t == 0 {
                    format!("{:>width$}", "_")
                } else {
                    format!("{t:>width$}")
                }
            })
            .collect();
        let _ = writeln!(text, "{}", line.join(" "));
    }
}

/// The prompt: the rules, what a move letter means, both boards and the answer format.
pub(super) fn prompt(puzzle: &SlidingPuzzleSpec) -> String {
    let k = usize::from(puzzle.k);
    let mut text = format!(
        "Solve this sliding puzzle in the fewest moves. The board has {k} rows and {k} columns \
         of numbered tiles and one blank cell, shown as _. A move slides a tile that is next to \
         the blank into the blank. Each move is named by the direction in which the BLANK \
         moves: U means the blank moves up (the tile above it slides down), D means the blank \
         moves down (the tile below it slides up), L means the blank moves left (the tile to \
         its left slides right), R means the blank moves right (the tile to its right slides \
         left). The blank may not leave the board.\n\nStart:\n"
    );
    write_board(&mut text, k, &puzzle.start);
    text.push_str("\nGoal:\n");
    write_board(&mut text, k, &puzzle.goal);
    let _ = write!(
        text,
        "\nGive the moves from the start to the goal in order, as the letters U, D, L and R \
         separated by spaces. Any legal sequence that reaches the goal in the fewest possible \
         moves is accepted. Answer inside <answer> and </answer> tags. Format example (not a \
         solution): <answer>{FORMAT_EXAMPLE}</answer>"
    );
    text
}

/// Reads a puzzle from payload JSON (untrusted): side 2–5, both boards permutations of
/// `0..k²`, the optimum at most 200 and the stored moves readable; the error names the field.
pub(super) fn load_puzzle(json: &str) -> Result<SlidingPuzzleSpec, String> {
    let puzzle: SlidingPuzzleSpec = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let k = usize::from(puzzle.k);
    if !(2..=MAX_SIDE).contains(&k) {
        return Err(format!("k: must be 2 to {MAX_SIDE}"));
    }
    let is_permutation = |cells: &[u8]| {
        let mut seen = vec![false; k * k];
        cells.len() == k * k
            && cells.iter().all(|&t| {
                let fresh = seen.get(usize::from(t)).is_some_and(|s| !s);
                if fresh {
                    seen[usize::from(t)] = true;
                }
                fresh
            })
    };
    if !is_permutation(&puzzle.start) {
        return Err("s: not a board of k×k distinct tiles".into());
    }
    if !is_permutation(&puzzle.goal) {
        return Err("g: not a board of k×k distinct tiles".into());
    }
    if usize::from(puzzle.optimum) > MAX_MOVES {
        return Err(format!("o: more than {MAX_MOVES} moves"));
    }
    if puzzle.moves.len() > 4 * MAX_MOVES
        || (puzzle.optimum > 0 && parse_moves(&puzzle.moves, MAX_MOVES).is_err())
    {
        return Err("m: not a list of moves".into());
    }
    Ok(puzzle)
}
