//! Sliding puzzle: bring an 8-puzzle (3×3) or 15-puzzle (4×4) from a start position to a
//! goal position in the fewest moves.
//!
//! # Rules
//! The prompt shows a start and a goal board of numbered tiles and one blank (`_`). A move
//! slides a tile next to the blank into it; it is named by the direction **the blank** moves:
//! `U` (the blank moves up; the tile above it slides down), `D`, `L`, `R`. The blank may not
//! leave the board. An answer is a move sequence; it is correct when every move is legal, the
//! board then equals the goal, and there are no more moves than the optimum. **Any** such
//! sequence scores 1; anything else scores 0. There is no partial credit.
//!
//! # Generation
//! The goal is a random arrangement of the tiles and the blank; the start is a random walk
//! back from the goal (no move undoing the last), so it is solvable. IDA* with the Manhattan
//! distance plus linear conflict (admissible) finds an optimal solution within a node budget
//! (400,000 nodes); starts whose optimum falls outside `min_depth..=max_depth`, or whose
//! search runs out of budget, are redrawn (up to 300 times, then `GenerateError`). Starts that
//! the prompt's format example solves are redrawn too. The optimum and the oracle's moves are
//! stored in the payload.
//!
//! # Knobs
//! `size` (3 or 4), `min_depth` and `max_depth` (1–30).
//!
//! # Difficulty
//! `ida_nodes`: nodes IDA* expands over all its iterations before it finds an optimal
//! solution. Metadata also records `optimal_moves`, `optimal_solutions` (counted by a
//! depth-first search bounded by the optimum, up to 10^4; `null` if its budget of 200,000
//! nodes ran out) and `redraws`.
//!
//! # Answer format and verification
//! Moves inside `<answer>…</answer>`, e.g. `<answer>U L D</answer>`, read by the kit's move
//! reader ([`crate::kit::moves`]): letters `U`, `D`, `L`, `R` or the words `up`, `down`,
//! `left`, `right` in any case, run together or separated, in a JSON list, after a label or
//! in a code fence; at most 200 moves. Verification plays the moves on the start board (at
//! most 25 cells, `load_puzzle` bounds the side at 5) and compares the end with the goal and
//! the count with the stored optimum: time linear in the answer (≤ 4 KiB).
//!
//! # Example
//! Prompts show two boards (a level-1 item needs 2 to 4 moves). For the start
//! `1 2 3 / 4 _ 5 / 7 8 6` and the goal `1 2 3 / 4 5 6 / 7 8 _`, the answers `R D` and
//! `right, down` score 1; `R L R D` (legal, two moves too many), `D R` (two moves, misses the
//! goal) and `L U` (tile directions) score 0.

mod adversarial;
mod format;
mod generate;
mod knobs;
mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use knobs::SlidingPuzzleKnobs;

use crate::kit::moves::Move;
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The largest side a stored puzzle may have (the knobs allow 4).
pub const MAX_SIDE: usize = 5;
/// The most moves an answer may have.
pub const MAX_MOVES: usize = 200;

/// The `sliding_puzzle` task.
pub struct SlidingPuzzle;

/// One puzzle: the side, both boards (row-major, 0 for the blank), the optimum and the
/// oracle's optimal moves (as letters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlidingPuzzleSpec {
    /// Side length.
    #[serde(rename = "k")]
    pub k: u8,
    /// The start board.
    #[serde(rename = "s")]
    pub start: Vec<u8>,
    /// The goal board.
    #[serde(rename = "g")]
    pub goal: Vec<u8>,
    /// The fewest moves from start to goal (IDA* at generation).
    #[serde(rename = "o")]
    pub optimum: u16,
    /// An optimal solution, as letters.
    #[serde(rename = "m")]
    pub moves: String,
}

impl SlidingPuzzleSpec {
    fn board(&self, cells: &[u8]) -> solve::Board {
        solve::Board {
            k: usize::from(self.k),
            cells: cells.to_vec(),
        }
    }

    /// Whether `moves` are legal, reach the goal and number no more than the optimum.
    pub fn accepts(&self, moves: &[Move]) -> bool {
        let mut board = self.board(&self.start);
        moves.len() <= usize::from(self.optimum) && board.apply(moves) && board.cells == self.goal
    }
}

impl Task for SlidingPuzzle {
    const ID: &'static str = "sliding_puzzle";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "ida_nodes";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 4 * 1024;

    type Knobs = SlidingPuzzleKnobs;
    type Puzzle = SlidingPuzzleSpec;
    type Answer = Vec<Move>;

    fn check_knobs(knobs: &SlidingPuzzleKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &SlidingPuzzleKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<SlidingPuzzleSpec>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &SlidingPuzzleSpec) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &SlidingPuzzleSpec) -> Vec<Move> {
        crate::kit::moves::parse_moves(&puzzle.moves, MAX_MOVES).unwrap_or_default()
    }

    fn render_answer(_puzzle: &SlidingPuzzleSpec, answer: &Vec<Move>) -> String {
        crate::kit::moves::render_moves(answer)
    }

    fn parse_answer(_puzzle: &SlidingPuzzleSpec, text: &str) -> Result<Vec<Move>, ParseError> {
        crate::kit::moves::parse_moves(text, MAX_MOVES)
    }

    fn grade(puzzle: &SlidingPuzzleSpec, answer: &Vec<Move>) -> Grade {
        if puzzle.accepts(answer) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }

    /// The number of optimal solutions up to `limit` (`None` if the counting budget runs out).
    fn count_solutions(puzzle: &SlidingPuzzleSpec, limit: u64) -> Option<u64> {
        solve::count_optimal(
            &puzzle.board(&puzzle.start),
            &puzzle.board(&puzzle.goal),
            u32::from(puzzle.optimum),
            limit,
            generate::COUNT_BUDGET,
        )
    }

    fn wrong_answers(puzzle: &SlidingPuzzleSpec, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &SlidingPuzzleSpec) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<SlidingPuzzleSpec, String> {
        format::load_puzzle(json)
    }
}
