//! Knapsack: choose items under a weight limit (and at higher levels a volume limit, and
//! several copies of an item) for the greatest total value.
//!
//! # Rules
//! The prompt lists items (distinct nouns) with a weight and a value, at higher levels a
//! volume and how many copies are available, and the knapsack's limits. An answer lists the
//! chosen items (with a count where more than one copy is taken); it is correct when no item
//! is taken more often than it is available, the total weight (and volume) stays within the
//! limits and the total value equals the optimum. **Any** optimal selection scores 1;
//! anything else (an unknown item, too many copies, a limit broken, a lower value) scores 0:
//! there is no partial credit.
//!
//! # Generation
//! Names are drawn from a pool of 80 nouns; weights, values (and volumes) uniformly from 1 to
//! their maximum, copies from 1 to `max_copies`; each limit is `tightness` times the total of
//! everything (at least the heaviest single item). The optimum is exact: a dynamic programme
//! over exact (weight, volume) totals that keeps, per cell, the best value and the number of
//! selections reaching it, so it also counts the optimal selections (distinct count vectors).
//! One optimal selection is read back as the oracle answer and checked by the verifier.
//! Puzzles that a greedy rule solves (best value per weight first, most valuable first,
//! lightest first) are redrawn up to 100 times; metadata flags `greedy_solves` otherwise.
//!
//! # Knobs
//! `items` (4–30), `max_weight` (2–30), `max_value` (2–50), `tightness` (0.2–0.8),
//! `max_copies` (1–4), `volume` (a second limit).
//!
//! # Difficulty
//! `dp_updates`: cell updates the exact dynamic programme makes (items × copies × table
//! cells); it grows with items, copies and both limits. Metadata also records
//! `optimal_value`, `optimal_selections` (exact, saturating at 10^9 with
//! `optimal_selections_at_least_cap`), `greedy_value` and `greedy_solves`.
//!
//! # Answer format and verification
//! Chosen item names inside `<answer>…</answer>`, separated by commas, with a count for more
//! than one copy: e.g. `<answer>rope, 2 x lamp, tent</answer>`. The parser also takes `lamp
//! x2`, `2x lamp`, `lamp × 2`, `lamp*2`, a name repeated, numbered lines, quotes, brackets,
//! any case and a code fence; an unknown word, a count without its item or a bare number that
//! is not a list number is a parse error. Verification is one pass over the answer (≤ 8 KiB)
//! and one over the items; it never searches.
//!
//! # Example
//! ```text
//! Items (each may be taken at most once):
//! - rope: weight 4, value 7
//! - lamp: weight 3, value 5
//! - tent: weight 6, value 9
//! - kettle: weight 2, value 2
//! Knapsack limit: total weight at most 9.
//! ```
//! The optimum is 14 (`rope, lamp, kettle`, weight 9); `rope, lamp` (value 12) is within
//! the limit but not optimal, and `rope, tent` (value 16) breaks the limit: both score 0.

mod adversarial;
mod format;
mod generate;
mod knobs;
pub(crate) mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use knobs::KnapsackKnobs;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The most items a puzzle may have.
pub const MAX_ITEMS: usize = 30;
/// The most cells the dynamic programme's table may have.
pub const MAX_CELLS: usize = 120_000;

/// The `knapsack` task.
pub struct Knapsack;

/// One puzzle: everything the prompt, the oracle and the verifier need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnapsackPuzzle {
    /// Item names in prompt order.
    #[serde(rename = "names")]
    pub names: Vec<String>,
    /// Each item's weight.
    #[serde(rename = "w")]
    pub weights: Vec<u16>,
    /// Each item's value.
    #[serde(rename = "v")]
    pub values: Vec<u16>,
    /// Each item's volume (empty when there is no volume limit).
    #[serde(rename = "vol", default)]
    pub volumes: Vec<u16>,
    /// How many copies of each item are available.
    #[serde(rename = "n")]
    pub copies: Vec<u8>,
    /// The weight limit.
    #[serde(rename = "cap")]
    pub max_weight: u32,
    /// The volume limit, if any.
    #[serde(rename = "vcap", default)]
    pub max_volume: Option<u32>,
    /// The optimal total value.
    #[serde(rename = "best")]
    pub optimal_value: u32,
    /// One optimal selection: copies taken of each item (the oracle answer).
    #[serde(rename = "sol")]
    pub solution: Vec<u8>,
}

impl KnapsackPuzzle {
    /// Whether several copies of some item are available.
    pub fn has_copies(&self) -> bool {
        self.copies.iter().any(|&c| c > 1)
    }
}

impl Task for Knapsack {
    const ID: &'static str = "knapsack";
    /// Bump whenever generated output changes (then re-bless the golden file).
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "dp_updates";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 8 * 1024;

    type Knobs = KnapsackKnobs;
    type Puzzle = KnapsackPuzzle;
    /// Copies taken of each item.
    type Answer = Vec<u32>;

    fn check_knobs(knobs: &KnapsackKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &KnapsackKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<KnapsackPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &KnapsackPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &KnapsackPuzzle) -> Vec<u32> {
        puzzle.solution.iter().map(|&c| u32::from(c)).collect()
    }

    fn render_answer(puzzle: &KnapsackPuzzle, answer: &Vec<u32>) -> String {
        format::render(puzzle, answer)
    }

    fn parse_answer(puzzle: &KnapsackPuzzle, text: &str) -> Result<Vec<u32>, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &KnapsackPuzzle, answer: &Vec<u32>) -> Grade {
        if solve::is_optimal_selection(puzzle, answer) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }

    /// Not counted here: every optimal selection is accepted; metadata records how many there
    /// are (`optimal_selections`).
    fn count_solutions(_puzzle: &KnapsackPuzzle, _limit: u64) -> Option<u64> {
        None
    }

    fn wrong_answers(puzzle: &KnapsackPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &KnapsackPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<KnapsackPuzzle, String> {
        format::load_puzzle(json)
    }
}
