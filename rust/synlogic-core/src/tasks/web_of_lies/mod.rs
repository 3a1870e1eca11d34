//! Web of lies: every person either always tells the truth or always lies; from a few given
//! facts and statements of the form "X says: Y lies", decide every person.
//!
//! # Rules
//! Each person tells the truth (every statement they make is true) or lies (every statement
//! is false). Facts state some people's roles outright. Each statement is made by one person
//! about another: "Y tells the truth" or "Y lies".
//!
//! # Generation
//! A hidden assignment is drawn uniformly, minus everybody-truthful and everybody-lying (the
//! excluded set is closed under complement, so each person tells the truth exactly half the
//! time, and a constant answer never scores). People join a forest in random order: the first
//! `facts` are roots whose role is given as a fact; each later person hangs from a random
//! earlier person with fewer than `branching` children, and one of the two (either way round,
//! at random) speaks about the other, truthfully or not as the hidden assignment dictates.
//! Facts and statements are listed in shuffled order. The solution is derived again by
//! propagation (which proves that it is forced, hence unique: metadata `solutions: 1`) and
//! checked against the hidden assignment; [`Task::count_solutions`] re-proves uniqueness by
//! evaluating all `2^people` assignments (at most 2^20).
//!
//! # Knobs
//! - `people` (3–20): people to decide.
//! - `facts` (1 to `people / 2`): roles given outright, one per tree.
//! - `branching` (1–4): most statements hanging from one person; 1 makes chains.
//!
//! # Difficulty
//! `inference_steps`: the sum over people of their distance, in statements, from a given
//! fact — the statements one must chain through to decide everybody. Metadata also records
//! `solutions` (1), `assignment` (`T`/`L` per person in prompt order), `truthful`,
//! `max_depth` and `backward_statements` (statements made by the already-known person about
//! the newcomer, which must be read from speaker to subject).
//!
//! # Answer format and verification
//! One line per person, `Name: truthful` or `Name: liar`, e.g.
//! `<answer>\nAlice: truthful\nBruno: liar\n</answer>`. Lenient on form: any order and case;
//! roles truthful/truth/honest/true/T/yes/1/knight and liar/lies/lie/lying/false/F/no/0/knave;
//! fillers `is`, `a`, `an`, `the`, `tells`, `always`, `says`; separators
//! `, ; : = . - | ( ) [ ] { } " ' \` * > #` and whitespace. Strict on content: everybody
//! exactly once, no unknown name, no role without a name, no other word (so "Alice is not a
//! liar" is rejected). All-or-nothing: no partial credit. The payload's sizes are bounded
//! ([`model::MAX_PEOPLE`] people, [`model::MAX_STATEMENTS`] statements, names of 12 letters)
//! and the solution is derived by propagation when it is loaded, so verification is one linear
//! pass over the answer (at most 4 KiB) and one comparison.
//!
//! # Example (level 3; seed 0, index 0)
//! ```text
//! Each of these 6 people either always tells the truth or always lies: Nadia, Uma, Alice,
//!   Petra, Elena, Farid.
//!
//! Known facts:
//! - Nadia tells the truth.
//!
//! Statements:
//! - Elena says: "Alice tells the truth."
//! - Nadia says: "Alice lies."
//! - Alice says: "Petra tells the truth."
//! - Farid says: "Nadia lies."
//! - Farid says: "Uma tells the truth."
//!
//! A statement by someone who tells the truth is true; a statement by someone who lies is
//!   false. Decide, for every person, whether they tell the truth or lie. Exactly one
//!   assignment is consistent with the facts and the statements.
//!
//! Give your final answer inside <answer> and </answer> tags, with one line per person in the
//!   form "Name: truthful" or "Name: liar", listing each of the 6 people exactly once by the
//!   name used above. The shape of the block (with placeholder names) is:
//! <answer>
//! Name: truthful
//! Other name: liar
//! ...
//! </answer>
//!
//! <answer>
//! Nadia: truthful
//! Uma: liar
//! Alice: liar
//! Petra: liar
//! Elena: liar
//! Farid: liar
//! </answer>
//! ```

pub mod adversarial;
pub mod format;
pub mod generate;
pub mod knobs;
pub mod model;
#[cfg(test)]
mod tests;

use knobs::WebOfLiesKnobs;
use model::{count_exhaustive, WebOfLiesPuzzle};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The web-of-lies task.
pub struct WebOfLies;

impl Task for WebOfLies {
    const ID: &'static str = "web_of_lies";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "inference_steps";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 4096;

    type Knobs = WebOfLiesKnobs;
    type Puzzle = WebOfLiesPuzzle;
    type Answer = u32;

    fn check_knobs(knobs: &WebOfLiesKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &WebOfLiesKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<WebOfLiesPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &WebOfLiesPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &WebOfLiesPuzzle) -> u32 {
        puzzle.solution
    }

    fn render_answer(puzzle: &WebOfLiesPuzzle, answer: &u32) -> String {
        format::render(puzzle, *answer)
    }

    fn parse_answer(puzzle: &WebOfLiesPuzzle, text: &str) -> Result<u32, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &WebOfLiesPuzzle, answer: &u32) -> Grade {
        // The rules: every fact and statement must hold under the answer's assignment.
        if puzzle.consistent(*answer) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }

    fn count_solutions(puzzle: &WebOfLiesPuzzle, limit: u64) -> Option<u64> {
        Some(count_exhaustive(puzzle, limit))
    }

    fn wrong_answers(puzzle: &WebOfLiesPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &WebOfLiesPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }
}
