//! Sudoku: fill a 4×4, 6×6 or 9×9 grid so that every row, column and box holds each digit
//! once. Every puzzle has exactly one solution, and its difficulty is graded by the
//! techniques a person needs to solve it.
//!
//! # Generation
//! 1. A full grid is built by a randomized search filling an empty grid (random cell
//!    tie-breaks, random digit order), not by shuffling one pattern. A grid equal to the
//!    prompt's format example is redrawn, so copying the example never scores.
//! 2. Clues are removed in random order, one cell or one symmetric pair at a time
//!    (`symmetry`: `none`, `rotational` or `mirror`), keeping the solution unique.
//!    - With `max_grade = 5` a removal is kept iff the bitset solver (naked + hidden singles,
//!      then search on the cell with fewest candidates) finds no second solution.
//!    - With `max_grade < 5` (targeted generation) a removal is kept only if the logical
//!      grader still solves the puzzle with techniques up to `max_grade` (logical
//!      solvability implies uniqueness); once the grade has reached `min_grade`, removals
//!      that would bring it back down are refused too.
//!
//!    Without `minimal`, removal stops at a target drawn in `empty_cells`; with
//!    `minimal = true` every remaining clue is tried. With `max_grade = 5` and
//!    `symmetry = "none"` the result is minimal (no clue can be removed without losing
//!    uniqueness); under a grade cap it is minimal within the grade window.
//! 3. The logical grader solves the puzzle the way a person does, applying the simplest
//!    technique that makes progress and restarting from singles after each step:
//!    (1) naked/hidden singles, (2) naked/hidden pairs and triples, (3) pointing and
//!    box-line reduction, (4) X-wing and swordfish, (5) guessing (placing the solution's
//!    digit in an open cell with fewest candidates). Puzzles whose hardest technique is
//!    outside `min_grade..=max_grade`, whose guesses are outside
//!    `min_guesses..=max_guesses`, or whose blank count is outside `empty_cells` are
//!    rejected; after `max_attempts` full grids the
//!    generator fails instead of returning an easier puzzle.
//!
//! The difficulty figure is `1000 * grade_level + 100 * guesses + steps`, where `steps`
//! counts placements, elimination steps and guesses along the grader's solve path (guesses
//! only occur at grade 5, so the grade dominates). Metadata records `solutions` (solver
//! count, limit 2), `grade` (name), `grade_level`, `steps`, `guesses`, per-technique counts,
//! `empty_cells`, `clues`, `attempts`, and `minimal` (checked clue by clue) when the knob
//! is set.
//!
//! # Knobs
//! `size` (4, 6, 9), `empty_cells` (`[min, max]` blank cells), `symmetry`, `minimal`,
//! `min_grade` and `max_grade` (1–5), `min_guesses` and `max_guesses`, `max_attempts`. 16×16 is not offered.
//!
//! # Answer format
//! The full solved grid, one row per line, digits separated by spaces. Parsing is lenient
//! on form: every ASCII digit is one cell, read in order (so `534678912`, `5,3,4,...`,
//! `| 5 3 4 |`, `[[5, 3, ...]]` and `------+------` separator lines all work, one row per
//! line or all on one line); `.`, `_` and `0` count as unfilled cells. Exactly size² cells
//! are required, so two grids in one answer are refused. Letters (`row 1:`, `1e3`, `0x10`)
//! and non-ASCII letters or digits (`٣`, `１`) are refused; other punctuation, symbols and
//! spaces are ignored, and so are markdown fence lines (`` ```text ``). The reading is the
//! kit's text grid ([`crate::kit::grid`]), which also draws the prompt's grid. The grade checks the givens and the rules (rows, columns, boxes),
//! not equality with a stored grid.
//!
//! # Payload bounds and verification cost
//! A payload's puzzle is refused, naming the field, unless its JSON is at most 4 KiB, `n`
//! is 4, 6 or 9 (the box shape follows from it: 2×2, 2×3 or 3×3), `g` and `s` hold exactly
//! `n²` cells, `g` has 1 to `n² - 1` blanks, and `s` is a valid grid that keeps the givens.
//! The answer text is cut at 8 KiB. Verification is then one pass over at most 8 KiB of
//! answer plus a fixed 81-cell grade: O(answer bytes), with at most 81 cells stored, under
//! 10 ms and a few KiB for a load and two 8 KiB verifications (a unit test holds it).
//!
//! # Partial credit (opt-in) and its gating
//! Zero unless every given is kept (so moving or swapping givens earns nothing). Otherwise
//! a blank cell counts as right when it holds the solution's digit and is not involved in
//! any rule violation (a digit repeated in a row, column or box marks every copy wrong).
//! With `acc` the fraction of blank cells right, credit = `(acc - 0.5) / 0.5`, floored at
//! 0. Copying the givens and filling the blanks with a constant scores 0; filling each row's
//! (column's, box's) missing digits in order scores 0 except now and then on 4×4 puzzles,
//! where a unit missing one digit is a real deduction (under 0.05 on average at level 1).
//! A near-solution with one wrong cell scores about 0.87 on a 9×9 puzzle (the cell and the
//! blank cells it clashes with count as wrong). `Sudoku::exploits` lists the attempts.
//!
//! # Example (level 1)
//! ```text
//! Solve this 4×4 Sudoku puzzle. The grid is divided into four 2×2 boxes, marked by `|`
//! and `-` lines. Fill every empty cell (shown as `.`) with a digit from 1 to 4 so that
//! every row, every column and every box contains each digit from 1 to 4 exactly once.
//! The puzzle has exactly one solution.
//!
//! . . | 2 4
//! 4 2 | 3 1
//! ----+----
//! . 3 | 4 .
//! . . | . .
//!
//! Give the completed grid: 4 lines, one per row from top to bottom, each with the row's 4
//! digits (givens included) separated by single spaces, without box separators. Put your
//! final answer inside <answer> and </answer> tags. For example (this only shows the
//! format, it is not the solution):
//! <answer>
//! 1 2 3 4
//! 3 4 1 2
//! 2 3 4 1
//! 4 1 2 3
//! </answer>
//! ```
//! Answer:
//! ```text
//! <answer>
//! 3 1 2 4
//! 4 2 3 1
//! 1 3 4 2
//! 2 4 1 3
//! </answer>
//! ```

mod adversarial;
mod format;
mod generate;
mod geometry;
mod grade;
mod grader;
mod knobs;
mod payload;
mod solve;
#[cfg(test)]
mod tests;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};
use format::render_rows;
pub use format::SudokuAnswer;
pub use knobs::{SudokuKnobs, Symmetry};
pub use payload::SudokuPuzzle;
use solve::count_solutions;

/// The accuracy on blank cells below which partial credit is 0.
const CREDIT_THRESHOLD: f64 = 0.5;

/// Sudoku with unique solutions, graded by human solving techniques.
pub struct Sudoku;

impl Task for Sudoku {
    const ID: &'static str = "sudoku";
    const VERSION: u32 = 2;
    const DIFFICULTY_MEASURE: &'static str = "grade_x1000_plus_guesses_x100_plus_steps";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 8 * 1024;

    type Knobs = SudokuKnobs;
    type Puzzle = SudokuPuzzle;
    type Answer = SudokuAnswer;

    fn check_knobs(knobs: &SudokuKnobs) -> Result<(), KnobError> {
        knobs::check_knobs(knobs)
    }

    fn generate(
        knobs: &SudokuKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<SudokuPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &SudokuPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &SudokuPuzzle) -> SudokuAnswer {
        SudokuAnswer {
            cells: puzzle.solution,
        }
    }

    fn render_answer(puzzle: &SudokuPuzzle, answer: &SudokuAnswer) -> String {
        render_rows(puzzle.geo(), &answer.cells)
    }

    fn parse_answer(puzzle: &SudokuPuzzle, text: &str) -> Result<SudokuAnswer, ParseError> {
        format::parse_answer(puzzle, text)
    }

    fn grade(puzzle: &SudokuPuzzle, answer: &SudokuAnswer) -> Grade {
        grade::grade(puzzle, answer)
    }

    fn count_solutions(puzzle: &SudokuPuzzle, limit: u64) -> Option<u64> {
        Some(count_solutions(puzzle.geo(), &puzzle.givens, limit))
    }

    fn wrong_answers(puzzle: &SudokuPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &SudokuPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<SudokuPuzzle, String> {
        payload::load(json)
    }
}
