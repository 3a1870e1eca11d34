//! Water jugs: measure a target volume with jugs of given capacities (fill, empty, pour) in
//! the fewest actions.
//!
//! # Rules
//! The prompt names 2 to 4 jugs (distinct capital letters) with their capacities and what
//! each holds at the start, and a target volume. The actions are `fill X` (to the brim from
//! an endless tap), `empty X` (all of it poured away) and `pour X into Y` (until X is empty
//! or Y is full, whichever comes first). The goal holds when, after the last action, some jug
//! (or, at higher levels, the named jug) holds exactly the target. An answer is a list of
//! actions; it is correct when every action names existing jugs (a pour between two different
//! jugs), the goal holds after the last action, and there are exactly as many actions as the
//! optimum. **Any** such sequence scores 1; anything else (an unknown jug, the goal missed, a
//! longer sequence) scores 0: there is no partial credit.
//!
//! # Generation
//! Jug letters are drawn from the alphabet without I and O; capacities are distinct values
//! between `min_capacity` and `max_capacity`; start contents are 0 or, with `random_start`,
//! drawn from 0 to the capacity; the unit is one of eight (litres, cups, pints, ...). The target
//! is drawn from 1 to the largest capacity and the puzzle kept when a breadth-first search
//! over the jugs' contents reaches it in at least `min_actions` actions (up to 500 draws,
//! then a `GenerateError`). The search is exact and counts the shortest sequences (distinct
//! actions from one state lead to distinct states, so counting state paths counts action
//! sequences); the oracle answer is one shortest sequence, checked by the verifier.
//!
//! # Knobs
//! `jugs` (2–4), `min_capacity` and `max_capacity` (1–30, distinct capacities;
//! `(max_capacity + 1)^jugs ≤ 300,000`), `random_start`, `named_jug`, `min_actions` (0–60).
//!
//! # Difficulty
//! `optimal_actions`: the length of a shortest solution. Metadata also records
//! `optimal_sequences` (the number of shortest sequences, exact below 10^9, capped there with
//! `optimal_sequences_at_least_cap`) and `states_searched` (contents the search reached).
//!
//! # Answer format and verification
//! Actions in order inside `<answer>…</answer>`, separated by commas, e.g.
//! `<answer>fill K, pour K into D, empty D</answer>`. The parser also takes `pour K -> D`,
//! `pour K D`, `pour from K to D`, a bare `K -> D` (a pour), `fill jug K`, `fill(K)`, numbered
//! lines (`1. fill K`, `Step 2: ...`), JSON lists of strings, any case and a code fence; an
//! unknown word or jug, a verb without its jugs or more than [`MAX_ACTIONS`] actions is a
//! parse error. Verification replays the actions on the start contents (answers ≤ 8 KiB):
//! time linear in the answer, memory linear in the jugs; it never searches.
//!
//! # Example
//! ```text
//! You have 2 jugs and a tap with endless water:
//! - jug K holds up to 5 litres and now holds 0 litres
//! - jug D holds up to 3 litres and now holds 0 litres
//! ...
//! Goal: after your last action, some jug holds exactly 4 litres.
//! ```
//! Shortest answers have 6 actions, e.g. `fill K, pour K into D, empty D, pour K into D,
//! fill K, pour K into D`; a 7-action route scores 0, and so does the same 6 actions with one
//! pour turned around.

mod adversarial;
mod format;
mod generate;
mod knobs;
pub(crate) mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use knobs::WaterJugsKnobs;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The most jugs a puzzle may have.
pub const MAX_JUGS: usize = 4;
/// The largest capacity a stored puzzle may have.
pub const MAX_CAPACITY: u8 = 30;
/// The most distinct contents a puzzle's jugs may have, `Π (capacity + 1)`.
pub const MAX_STATES: u64 = 300_000;
/// The most actions an answer or a stored solution may have.
pub const MAX_ACTIONS: usize = 256;
/// The units a puzzle measures in.
pub const UNITS: [&str; 8] = [
    "litres",
    "cups",
    "pints",
    "gallons",
    "quarts",
    "ounces",
    "decilitres",
    "millilitres",
];

/// The `water_jugs` task.
pub struct WaterJugs;

/// One action on the jugs (0-based jug numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Fill the jug to the brim.
    Fill(u8),
    /// Pour the jug away.
    Empty(u8),
    /// Pour from the first jug into the second until one is empty or the other full.
    Pour(u8, u8),
}

/// One puzzle: everything the prompt, the oracle and the verifier need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JugsPuzzle {
    /// The jug letters in prompt order.
    #[serde(rename = "names")]
    pub names: String,
    /// Each jug's capacity.
    #[serde(rename = "caps")]
    pub capacities: Vec<u8>,
    /// What each jug holds at the start.
    #[serde(rename = "start")]
    pub start: Vec<u8>,
    /// The volume to measure.
    #[serde(rename = "target")]
    pub target: u8,
    /// The jug that must hold the target, or `None` for any jug.
    #[serde(rename = "jug")]
    pub jug: Option<u8>,
    /// The unit, an index into [`UNITS`].
    #[serde(rename = "unit")]
    pub unit: u8,
    /// The fewest actions that reach the goal.
    #[serde(rename = "opt")]
    pub optimal_actions: u32,
    /// One shortest sequence (the oracle answer).
    #[serde(rename = "sol")]
    pub solution: Vec<Action>,
}

impl JugsPuzzle {
    /// The letter of jug `jug` (`?` outside the puzzle).
    pub fn name(&self, jug: u8) -> char {
        self.names
            .as_bytes()
            .get(usize::from(jug))
            .map_or('?', |&b| char::from(b))
    }

    /// Whether `contents` meet the goal.
    pub fn goal_met(&self, contents: &[u8]) -> bool {
        match self.jug {
            Some(j) => contents.get(usize::from(j)) == Some(&self.target),
            None => contents.contains(&self.target),
        }
    }
}

impl Task for WaterJugs {
    const ID: &'static str = "water_jugs";
    /// Bump whenever generated output changes (then re-bless the golden file).
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "optimal_actions";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 8 * 1024;

    type Knobs = WaterJugsKnobs;
    type Puzzle = JugsPuzzle;
    type Answer = Vec<Action>;

    fn check_knobs(knobs: &WaterJugsKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &WaterJugsKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<JugsPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &JugsPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &JugsPuzzle) -> Vec<Action> {
        puzzle.solution.clone()
    }

    fn render_answer(puzzle: &JugsPuzzle, answer: &Vec<Action>) -> String {
        format::render(puzzle, answer)
    }

    fn parse_answer(puzzle: &JugsPuzzle, text: &str) -> Result<Vec<Action>, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &JugsPuzzle, answer: &Vec<Action>) -> Grade {
        if solve::is_optimal_solution(puzzle, answer) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }

    /// Not counted here: every shortest sequence is accepted; metadata records how many there
    /// are (`optimal_sequences`).
    fn count_solutions(_puzzle: &JugsPuzzle, _limit: u64) -> Option<u64> {
        None
    }

    fn wrong_answers(puzzle: &JugsPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &JugsPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<JugsPuzzle, String> {
        format::load_puzzle(json)
    }
}
