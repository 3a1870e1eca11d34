//! Maze: get from S to E through a text grid maze in the fewest moves.
//!
//! # Rules
//! The prompt shows a grid of `rows × cols` characters: `#` is a wall, `.` open floor, `S`
//! the start and `E` the end (both open). A move goes one cell up (`U`, to the row above),
//! down (`D`), left (`L`) or right (`R`); a move may not enter a wall or leave the grid. An
//! answer is a sequence of moves; it is correct when, followed from S, every move is legal,
//! the last one ends on E and there are as few moves as in a shortest route. **Any** shortest
//! legal route scores 1; anything else (a move into a wall or off the grid, a route that stops
//! short or goes past E, a longer route) scores 0. There is no partial credit.
//!
//! # Generation
//! Corridors one cell wide are carved by a randomized depth-first search over the whole grid
//! from a random cell: a wall cell becomes floor when no floor cell touches it except the one
//! it is carved from (diagonals ahead included), which gives a tree of corridors. Then, with
//! probability `braid` each dead end gets one extra opening into another corridor, and with
//! probability `loops` each wall cell lying between two corridors (floor on opposite sides)
//! is opened, and with probability `doors` each wall cell touching two corridors at a corner
//! (an extra door); all three make loops and so several shortest routes. S is a random floor cell and E
//! is drawn among the floor cells at least half the farthest breadth-first distance
//! from S. Mazes that a guess solves (the straight-line routes horizontal-then-vertical and
//! vertical-then-horizontal, the right-hand wall follower, the prompt's format example) are
//! redrawn up to 100 times; metadata flags `guess_solves` on the rare maze kept anyway.
//!
//! # Knobs
//! `rows` and `cols` (5–31), `loops` (0–0.5), `braid` (0–1) and `doors` (0–0.5).
//!
//! # Difficulty
//! `bfs_expanded`: cells a breadth-first search from S takes off its queue before it reaches
//! E. Metadata also records `shortest_moves`, `shortest_routes` (counted over the BFS layers up
//! to 10^6, with `shortest_routes_at_least_cap`), `floor_cells`, `dead_ends` and `redraws`.
//!
//! # Answer format and verification
//! Moves inside `<answer>…</answer>` as letters, e.g. `<answer>R R D L</answer>`. The parser
//! takes the letters `U`, `D`, `L`, `R` and the words `up`, `down`, `left`, `right` in any case,
//! run together (`RRDL`) or separated by spaces, commas, semicolons, newlines or arrows,
//! inside brackets or quotes (a JSON list), after an optional label (`Moves:`) and inside an
//! optional code fence. Any other word or character, or more moves than the grid has cells,
//! is a parse error. Verification follows at most `rows × cols` moves from an answer of at
//! most 16 KiB and compares their number with a breadth-first search over the grid
//! (`load_puzzle` bounds the grid at 41 × 41 cells): time and memory O(rows × cols).
//!
//! # Example (level 1, seed 0, index 0)
//! ```text
//! Find a shortest route from S to E through this maze of 5 rows and 5 columns. "#" is a wall
//! and "." is open floor; S (the start) and E (the end) are open too. Each move goes one cell:
//! U (up, to the row above), D (down, to the row below), L (left) or R (right). No move may
//! enter a wall or leave the grid.
//!
//! .....
//! ##.#.
//! ...E.
//! .####
//! .S...
//!
//! Give the moves from S to E in order, as the letters U, D, L and R separated by spaces. Any
//! legal route with the fewest possible moves is accepted. Answer inside <answer> and </answer>
//! tags. Format example (not a solution): <answer>U R R D L</answer>
//! ```
//! Oracle answer: `L U U R R R`. Any legal route of the same number of moves scores 1, in
//! any of the accepted forms (`LUURRR`, words, a JSON list); a longer route or one through a wall
//! scores 0.

mod adversarial;
mod format;
mod generate;
mod knobs;
mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use knobs::MazeKnobs;

pub use crate::kit::moves::Move;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The most rows or columns a stored maze may have (the knobs allow 31).
pub const MAX_SIDE: usize = 41;

/// The `maze` task.
pub struct Maze;

/// One puzzle: the grid, one string per row over `#`, `.`, `S` and `E`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MazePuzzle {
    /// The rows of the grid, top first.
    #[serde(rename = "g")]
    pub grid: Vec<String>,
}

impl Task for Maze {
    const ID: &'static str = "maze";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "bfs_expanded";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 16 * 1024;

    type Knobs = MazeKnobs;
    type Puzzle = MazePuzzle;
    type Answer = Vec<Move>;

    fn check_knobs(knobs: &MazeKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &MazeKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<MazePuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &MazePuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &MazePuzzle) -> Vec<Move> {
        solve::Grid::of(puzzle)
            .and_then(|grid| grid.shortest_route())
            .unwrap_or_default()
    }

    fn render_answer(_puzzle: &MazePuzzle, answer: &Vec<Move>) -> String {
        format::render(answer)
    }

    fn parse_answer(puzzle: &MazePuzzle, text: &str) -> Result<Vec<Move>, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &MazePuzzle, answer: &Vec<Move>) -> Grade {
        if solve::Grid::of(puzzle).is_some_and(|grid| grid.is_shortest(answer)) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }

    /// The number of shortest routes, counted over the breadth-first layers up to `limit`.
    fn count_solutions(puzzle: &MazePuzzle, limit: u64) -> Option<u64> {
        solve::Grid::of(puzzle).map(|grid| grid.count_shortest(limit))
    }

    fn wrong_answers(puzzle: &MazePuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &MazePuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<MazePuzzle, String> {
        format::load_puzzle(json)
    }
}
