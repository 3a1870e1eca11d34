//! Prompt, move rendering and the lenient move parser of `maze` (rendering and parsing are
//! inverses), and the payload loader.

use std::fmt::Write as _;

use super::solve::Grid;
use super::{MazePuzzle, Move, MAX_SIDE};
pub use crate::kit::moves::{parse_moves, render_moves as render};
use crate::task::ParseError;

/// The format example. Generation redraws a maze in which it happens to be a shortest route.
pub const FORMAT_EXAMPLE: &str = "U R R D L";

/// The prompt: the rules, the grid and the answer format.
pub(super) fn prompt(puzzle: &MazePuzzle) -> String {
    let rows = puzzle.grid.len();
    let cols = puzzle.grid.first().map_or(0, String::len);
    let mut text = format!(
        "Find a shortest route from S to E through this maze of {rows} rows and {cols} columns. \
         \"#\" is a wall and \".\" is open floor; S (the start) and E (the end) are open too. \
         Each move goes one cell: U (up, to the row above), D (down, to the row below), L \
         (left) or R (right). No move may enter a wall or leave the grid.\n\n"
    );
    for line in &puzzle.grid {
        let _ = writeln!(text, "{line}");
    }
    let _ = write!(
        text,
        "\nGive the moves from S to E in order, as the letters U, D, L and R separated by \
         spaces. Any legal route with the fewest possible moves is accepted. Answer inside \
         <answer> and </answer> tags. Format example (not a solution): \
         <answer>{FORMAT_EXAMPLE}</answer>"
    );
    text
}

/// Reads an answer's moves, at most one per grid cell (no shortest route is longer).
pub(super) fn parse(puzzle: &MazePuzzle, text: &str) -> Result<Vec<Move>, ParseError> {
    let cells = puzzle.grid.len() * puzzle.grid.first().map_or(0, String::len);
    parse_moves(text, cells.clamp(1, MAX_SIDE * MAX_SIDE))
}

/// Reads a puzzle from payload JSON (untrusted): at most 41 rows of at most 41 characters,
/// all rows as long, over `#.SE` with exactly one S and one E; the error names the field.
pub(super) fn load_puzzle(json: &str) -> Result<MazePuzzle, String> {
    let puzzle: MazePuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let rows = puzzle.grid.len();
    let cols = puzzle.grid.first().map_or(0, String::len);
    if !(2..=MAX_SIDE).contains(&rows) || !(2..=MAX_SIDE).contains(&cols) {
        return Err(format!(
            "g: must be 2 to {MAX_SIDE} rows of 2 to {MAX_SIDE} cells"
        ));
    }
    if puzzle.grid.iter().any(|line| line.len() != cols) {
        return Err("g: rows of different lengths".into());
    }
    if Grid::of(&puzzle).is_none() {
        return Err("g: cells must be # . S E with exactly one S and one E".into());
    }
    let count = |ch: char| {
        puzzle
            .grid
            .iter()
            .map(|l| l.matches(ch).count())
            .sum::<usize>()
    };
    if count('S') != 1 || count('E') != 1 {
        return Err("g: cells must be # . S E with exactly one S and one E".into());
    }
    Ok(puzzle)
}
