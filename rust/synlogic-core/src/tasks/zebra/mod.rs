//! # zebra: Einstein-style house puzzles with a unique solution
//!
//! `N` houses stand in a row, numbered 1 to `N` from left to right. Each house has one value of
//! each of `M` attributes (Name, Pet, Drink, ...), every value used exactly once. The categories
//! and their values are sampled per puzzle from a large pool (21 categories of 12 to 18 values
//! each), so two puzzles rarely share a vocabulary. A hidden solution (one permutation per
//! attribute) is sampled, random TRUE clues are added until the puzzle's own solver finds a
//! unique solution (each new clue is picked among random true clues so that it rules out the
//! solver's last alternative solution), then clues are removed in random order while the
//! solution stays unique (`found_at` clues are tried first), so the final clue set is minimal:
//! dropping any clue admits a second solution.
//!
//! Clue types (knob `clue_types`, snake_case names, default all):
//! `found_at` ("The cat owner lives in house 2."), `not_at`, `same_house` ("Alice is the tea
//! drinker."), `not_same_house`, `left_of` (somewhere to the left), `right_of`,
//! `directly_left`, `next_to`, `one_between` (house numbers differ by 2), `two_between` (differ
//! by 3). The list must contain an "anchoring" type (`found_at`, `not_at`, `left_of`,
//! `right_of` or `directly_left`): with only symmetric relations no puzzle can be unique.
//!
//! Anti-giveaway rules: `found_at` clues are sampled at half the weight of the others and are
//! the first candidates for removal; when at least four clue types are allowed, a puzzle is
//! kept after minimisation only if at most `max(1, clues / 5)` clues are `found_at` and no
//! clue type makes up more than `max(2, 40 %)` of the clues; otherwise it is regenerated
//! (with fewer allowed types the caps may be unreachable and are not applied). With all types allowed the final clue sets are about
//! 4 % found_at and no type above about 20 %. A `cell` question never asks a cell that a
//! `found_at` clue states outright.
//!
//! ## Knobs
//! - `houses` (2..=10) and `attributes` (2..=10): the grid size.
//! - `clue_types`: the allowed clue types (default all ten).
//! - `question`: `"grid"` (default, fill in the whole grid) or `"cell"` (a single random cell:
//!   either "What is the pet of the person who lives in house 3?" or "In which house does the
//!   coffee drinker live?").
//! - `format`: `"json"` (default) or `"table"` (a markdown table), for grid answers.
//!
//! ## Answer format
//! Grid, `json`: `{"House 1": {"Name": "Alice", "Pet": "cat"}, "House 2": {...}}`.
//! Grid, `table`: `| House | Name | Pet |` header, a separator row, one row per house.
//! Either form is accepted whatever the knob says; a transposed table (houses as columns) is
//! accepted too. Keys and values are matched ignoring case, spaces, `-`, `_`, `.`, `*`,
//! backticks and quotes; house keys may be `House 3`, `house_3` or `3`. Strict on content:
//! every house and attribute exactly once, every value from that attribute's list, no value
//! twice in an attribute, nothing unknown, no second JSON object after the first.
//! Cell questions: just the value (`cat`) or the house number (`3` or `House 3`). The prompt's
//! format example is never a valid answer (a value of the category that is not in the puzzle,
//! or the house number `N + 1`), so copying it earns nothing.
//!
//! ## Scoring and partial credit
//! All-or-nothing by default: the grid must equal the unique solution. Opt-in partial credit
//! (grid questions only): let the *free* cells be those not stated by a `found_at` clue. If any
//! stated cell is wrong the credit is 0. Otherwise with `acc` = the fraction of free cells
//! right and `base` = the expected accuracy of a random permutation that respects the stated
//! cells (per attribute `1 / free cells`, so `base = attributes with free cells / free
//! cells`), credit = `max(0, (acc - base) / (1 - base))`. As the parser already requires
//! every attribute column to be a permutation, constant answers cannot parse, and random or
//! copied-givens answers earn about 0 on average. Cell questions never earn partial credit.
//!
//! ## Difficulty
//! `solver_propagations`: the number of propagator runs the bitmask solver (per value a mask
//! of possible houses, all-different propagation with naked and hidden singles, MRV
//! branching) needs to prove the final puzzle's solution unique (counting up to 2). Metadata
//! gives that count as `solutions` (always 1), and also `solver_nodes`, the clue count `clues`, per-type counts, and the search space
//! `(N!)^M` as `log10_search_space` and, when it fits in a u128, `search_space`.
//!
//! ## Payloads
//! A payload is untrusted. Loading caps it at 256 KiB and checks every field, naming it on
//! error: 2..=10 houses, 1..=10 attributes, distinct pool categories, per attribute distinct
//! value indices inside its category (names come from the built-in pool, never from the
//! payload, so their lengths are fixed), solution rows that are permutations, at most 1024
//! clues (the generator stops at `8 * houses * attributes + 20` = 820), each clue a known type
//! with indices in range and true of the stored solution, and a question inside the grid.
//! Verification is then O(answer bytes + houses x attributes + clues) with answers of at most
//! 16 KiB: a maximal payload (10 x 10, 1024 clues) loads, prompts, reads and grades in well
//! under 50 ms (unit test `a_maximal_payload_verifies_quickly`) and a few hundred KB.
//!
//! ## Example (houses = 3, attributes = 2, question = grid, format = json)
//! ```text
//! There are 3 houses in a row, numbered 1 to 3 from left to right. In each house lives one
//! person. Each of the 2 attributes below has 3 values, and each value belongs to exactly one
//! person:
//! - Drink: iced tea, root beer, smoothie
//! - Sport: baseball, lacrosse, table tennis
//!
//! Clues:
//! 1. The root beer drinker lives directly left of the person who plays baseball.
//! 2. The root beer drinker lives somewhere to the left of the iced tea drinker.
//! 3. There is one house between the person who plays baseball and the person who plays
//!    table tennis.
//!
//! Terms: "somewhere to the left/right" means ...; "directly left of" means ...
//!
//! Work out the value of every attribute for every house. Give your final answer as a JSON
//! object ... for example:
//! <answer>{"House 1": {"Drink": "...", "Sport": "..."}, "House 2": {...}, ..., "House 3": {...}}</answer>
//! ```
//! Answer: `{"House 1": {"Drink": "smoothie", "Sport": "table tennis"}, "House 2": {"Drink":
//! "root beer", "Sport": "lacrosse"}, "House 3": {"Drink": "iced tea", "Sport": "baseball"}}`

mod adversarial;
mod generate;
mod knobs;
mod payload;
mod puzzle;
mod read;
mod render;
mod solve;
#[cfg(test)]
mod tests;
mod vocabulary;

pub use knobs::{AnswerFormat, ClueType, QuestionKind, ZebraKnobs};
pub use puzzle::{Ask, ZebraAnswer, ZebraPuzzle};

use crate::kit::knobs::{check_non_empty, check_range};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

use generate::usable_types;
use read::{
    complete_grid, find_value, read_canonical_json_grid, read_canonical_table_grid, read_house,
    read_json_grid, read_table_grid,
};
use render::{render_grid, solution_grid};
use solve::Solver;

/// The most houses a puzzle can have.
const MAX_HOUSES: usize = 10;
/// The most attributes a puzzle can have.
const MAX_ATTRIBUTES: usize = 10;
/// The most (attribute, value) entities in a puzzle.
const MAX_ENTITIES: usize = MAX_HOUSES * MAX_ATTRIBUTES;
/// The most clues a payload may hold: the generator stops adding clues at
/// `8 * houses * attributes + 20` (820 at the largest knobs), and minimising only removes.
const MAX_CLUES: usize = 1024;
/// Whole-puzzle attempts before generation gives up.
const MAX_ATTEMPTS: usize = 400;
/// The most data columns of an answer table.
const MAX_COLUMNS: usize = if MAX_HOUSES > MAX_ATTRIBUTES {
    MAX_HOUSES
} else {
    MAX_ATTRIBUTES
};
/// Search nodes one uniqueness check may use while generating; past it the attempt restarts.
const SEARCH_NODE_BUDGET: u64 = 20_000;
/// Marks a grid cell the answer has not filled.
const UNSET: u8 = u8::MAX;

// ---------------------------------------------------------------------------------------------

/// Zebra (Einstein) logic grid puzzles.
pub struct Zebra;

impl Task for Zebra {
    const ID: &'static str = "zebra";
    const VERSION: u32 = 3;
    const DIFFICULTY_MEASURE: &'static str = "solver_propagations";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 16 * 1024;

    type Knobs = ZebraKnobs;
    type Puzzle = ZebraPuzzle;
    type Answer = ZebraAnswer;

    fn check_knobs(knobs: &ZebraKnobs) -> Result<(), KnobError> {
        check_range("houses", knobs.houses, 2, MAX_HOUSES as u32)?;
        check_range("attributes", knobs.attributes, 2, MAX_ATTRIBUTES as u32)?;
        check_non_empty("clue_types", &knobs.clue_types, "clue type")?;
        if !usable_types(knobs).iter().any(|t| t.anchors()) {
            return Err(KnobError::new(
                "clue_types",
                "must include found_at, not_at, left_of, right_of or directly_left: \
                 with only symmetric relations no puzzle has a unique solution",
            ));
        }
        Ok(())
    }

    fn generate(
        knobs: &ZebraKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<ZebraPuzzle>, GenerateError> {
        generate::generate_puzzle(knobs, rng)
    }

    fn prompt(puzzle: &ZebraPuzzle) -> String {
        render::prompt_text(puzzle)
    }

    fn solve(puzzle: &ZebraPuzzle) -> ZebraAnswer {
        match puzzle.q {
            Ask::Grid => ZebraAnswer::Grid(solution_grid(puzzle)),
            Ask::Value { a, h } => ZebraAnswer::Value(puzzle.s[a as usize][h as usize]),
            Ask::House { a, x } => {
                let house = puzzle.s[a as usize].iter().position(|&v| v == x);
                ZebraAnswer::House(house.unwrap_or(0) as u8)
            }
        }
    }

    fn render_answer(puzzle: &ZebraPuzzle, answer: &ZebraAnswer) -> String {
        match (answer, puzzle.q) {
            (ZebraAnswer::Grid(grid), _) => render_grid(puzzle, grid),
            (ZebraAnswer::Value(x), Ask::Value { a, .. }) => {
                puzzle.value(a as usize, *x as usize).to_string()
            }
            (ZebraAnswer::House(h), _) => (h + 1).to_string(),
            (ZebraAnswer::Value(x), _) => x.to_string(),
        }
    }

    fn parse_answer(puzzle: &ZebraPuzzle, text: &str) -> Result<ZebraAnswer, ParseError> {
        if !puzzle.is_well_formed() {
            return Err(ParseError::new("malformed puzzle"));
        }
        match puzzle.q {
            Ask::Grid => {
                let grid = if let Some(start) = text.find('{') {
                    let json = &text.as_bytes()[start..];
                    match read_canonical_json_grid(puzzle, json) {
                        Some(grid) => grid,
                        None => read_json_grid(puzzle, json)?,
                    }
                } else if text.contains('|') {
                    match read_canonical_table_grid(puzzle, text.as_bytes()) {
                        Some(grid) => grid,
                        None => read_table_grid(puzzle, text)?,
                    }
                } else {
                    return Err(ParseError::new(
                        "expected a JSON object or a markdown table",
                    ));
                };
                complete_grid(puzzle, &grid).map(ZebraAnswer::Grid)
            }
            Ask::Value { a, h } => {
                find_value(puzzle, a as usize, text.as_bytes(), Some(h as usize))
                    .map(|x| ZebraAnswer::Value(x as u8))
                    .ok_or_else(|| ParseError::new("not one of the listed values"))
            }
            Ask::House { .. } => read_house(text.as_bytes(), puzzle.houses())
                .map(|h| ZebraAnswer::House(h as u8))
                .ok_or_else(|| ParseError::new("not a house number")),
        }
    }

    fn grade(puzzle: &ZebraPuzzle, answer: &ZebraAnswer) -> Grade {
        if !puzzle.is_well_formed() {
            return Grade::WRONG;
        }
        match (answer, puzzle.q) {
            (ZebraAnswer::Grid(grid), Ask::Grid) => {
                let n = puzzle.houses();
                let truth = puzzle.s.iter().flatten();
                if grid.len() != n * puzzle.attributes() {
                    return Grade::WRONG;
                }
                if grid
                    .chunks(n)
                    .zip(&puzzle.s)
                    .all(|(g, s)| g == s.as_slice())
                {
                    // Every cell right: stated and free alike.
                    return Grade::CORRECT;
                }
                let given = puzzle.given_cells();
                let mut free = 0usize;
                let mut right = 0usize;
                let mut wrong_given = false;
                let mut attributes_with_free = 0usize;
                for (cell, (&x, &t)) in grid.iter().zip(truth).enumerate() {
                    if cell % n == 0 {
                        let a = cell / n;
                        if given[a * n..a * n + n].iter().any(|g| !g) {
                            attributes_with_free += 1;
                        }
                    }
                    if given[cell] {
                        wrong_given |= x != t;
                    } else {
                        free += 1;
                        right += usize::from(x == t);
                    }
                }
                if !wrong_given && right == free {
                    return Grade::CORRECT;
                }
                if wrong_given || free == 0 {
                    return Grade::WRONG;
                }
                let accuracy = right as f64 / free as f64;
                let base = attributes_with_free as f64 / free as f64;
                if base >= 1.0 {
                    return Grade::WRONG;
                }
                Grade::partial(((accuracy - base) / (1.0 - base)).max(0.0))
            }
            (ZebraAnswer::Value(x), Ask::Value { a, h }) => {
                if *x == puzzle.s[a as usize][h as usize] {
                    Grade::CORRECT
                } else {
                    Grade::WRONG
                }
            }
            (ZebraAnswer::House(h), Ask::House { a, x }) => {
                if puzzle.s[a as usize].get(*h as usize) == Some(&x) {
                    Grade::CORRECT
                } else {
                    Grade::WRONG
                }
            }
            _ => Grade::WRONG,
        }
    }

    fn load_puzzle(json: &str) -> Result<ZebraPuzzle, String> {
        payload::load(json)
    }

    fn count_solutions(puzzle: &ZebraPuzzle, limit: u64) -> Option<u64> {
        if !puzzle.is_well_formed() {
            return Some(0);
        }
        let solver = Solver::new(puzzle.houses(), puzzle.attributes(), puzzle.clues());
        solver.count(limit, u64::MAX).solutions
    }

    fn wrong_answers(puzzle: &ZebraPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &ZebraPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }
}
