//! Self-reference: a numbered list of statements about the list's own truth values ("exactly
//! three of these statements are true", "statement 2 is false", ...); find the one consistent
//! assignment of true and false.
//!
//! # Rules
//! Statement `k` is true exactly when its claim holds for the truth values of the whole list
//! (itself included). Claims: exactly / at least / at most `m` of the statements are true,
//! exactly `m` are false, statement `j` is true or false, statements `a` and `b` are both true
//! or both false (or exactly one of them is true), at least one of them / both are true, the
//! number of true statements is even or odd, statement `j` is the first true one. A claim
//! names other statements only, never its own.
//!
//! # Generation
//! A hidden assignment is drawn uniformly, minus all-true and all-false (closed under
//! complement: each statement is true exactly half the time, and a constant answer never
//! scores). Each statement gets a claim of a random allowed kind whose truth under the hidden
//! assignment is the statement's own value. While another assignment is also consistent
//! (found by evaluating all `2^n`), a random statement's claim is redrawn, preferring claims
//! that the rival assignment breaks; a list that does not settle within a budget is redrawn
//! from scratch (bounded, then a [`GenerateError`]). The payload loader derives the one
//! consistent assignment again by evaluating all `2^n` and refuses a list with none or
//! several, so the stored puzzle always has exactly one (`solutions: 1`). With six or more
//! statements at every level, any fixed answer is right with probability at most 1/62.
//!
//! # Knobs
//! - `statements` (6–16): statements in the list.
//! - `kinds`: the claim kinds that may appear: `exactly_true`, `exactly_false`,
//!   `at_least_true`, `at_most_true`, `is`, `same`, `pair`, `parity`, `first_true`; at least
//!   one of the two `exactly_` kinds.
//!
//! # Difficulty
//! `search_nodes`: the nodes a backtracking solver visits to settle the list and prove that
//! no other assignment is consistent; it decides statements in order and checks each claim
//! as soon as everything it speaks of is decided (counting claims at the end). Metadata also
//! records `solutions` (1), `assignment` (`T`/`F` per statement), `true_statements` and
//! `attempts`.
//!
//! # Answer format and verification
//! One line per statement, `Statement k: true` or `Statement k: false`. Lenient on form: any
//! order and case; `S3`, `3`, `Statement 3`, `statement no. 3`; values true/false or T/F; `is`
//! between; the separators `, ; : = . - | ( ) [ ] { } " ' \` * > #` and whitespace; also the
//! values alone in statement order (`true, false, ...`, a JSON list) or one word of T/F
//! letters. Strict on content: every statement exactly once, no number out of range, no
//! other word (so "Statement 3 is not false" is rejected). All-or-nothing: no partial credit.
//! The payload holds at most [`model::MAX_STATEMENTS`] claims with every index and count
//! checked, and the assignment is derived when it is loaded (at most `2^16` evaluations of
//! 16 claims), so verification is one linear pass over the answer (at most 4 KiB) and one
//! comparison.
//!
//! # Example (level 1; seed 0, index 0)
//! ```text
//! Here is a list of 6 statements, each of which is either true or false. Every statement
//!   speaks about the statements of this list (itself included).
//!
//! Statement 1: Statement 3 is true.
//! Statement 2: Exactly 4 of these statements are true.
//! Statement 3: Statement 6 is true.
//! Statement 4: Exactly 0 of these statements are true.
//! Statement 5: Statement 4 is true.
//! Statement 6: Exactly 4 of these statements are true.
//!
//! A statement is true exactly when what it says holds for the truth values of the statements
//!   above; "these statements" means all 6 of them. Exactly one assignment of true and false to
//!   the 6 statements is consistent. Decide, for every statement, whether it is true or false.
//!
//! Give your final answer inside <answer> and </answer> tags, with one line per statement in
//!   the form "Statement k: true" or "Statement k: false", listing each of the 6 statements
//!   exactly once. The shape of the block is:
//! <answer>
//! Statement 1: true
//! Statement 2: false
//! ...
//! </answer>
//!
//! <answer>
//! Statement 1: true
//! Statement 2: true
//! Statement 3: true
//! Statement 4: false
//! Statement 5: false
//! Statement 6: true
//! </answer>
//! ```

pub mod adversarial;
pub mod format;
pub mod generate;
pub mod knobs;
pub mod model;
#[cfg(test)]
mod tests;

use knobs::SelfReferenceKnobs;
use model::SelfReferencePuzzle;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The self-reference task.
pub struct SelfReference;

impl Task for SelfReference {
    const ID: &'static str = "self_reference";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "search_nodes";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 4096;

    type Knobs = SelfReferenceKnobs;
    type Puzzle = SelfReferencePuzzle;
    type Answer = u32;

    fn check_knobs(knobs: &SelfReferenceKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &SelfReferenceKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<SelfReferencePuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &SelfReferencePuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &SelfReferencePuzzle) -> u32 {
        puzzle.solution
    }

    fn render_answer(puzzle: &SelfReferencePuzzle, answer: &u32) -> String {
        format::render(puzzle, *answer)
    }

    fn parse_answer(puzzle: &SelfReferencePuzzle, text: &str) -> Result<u32, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &SelfReferencePuzzle, answer: &u32) -> Grade {
        // The rules: every statement true exactly when its claim holds.
        if *answer >> puzzle.len() == 0 && puzzle.consistent(*answer) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }

    fn count_solutions(puzzle: &SelfReferencePuzzle, limit: u64) -> Option<u64> {
        // The backtracking solver, independent of the exhaustive pass that built the puzzle.
        Some(model::search(puzzle, limit).0)
    }

    fn wrong_answers(puzzle: &SelfReferencePuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &SelfReferencePuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }
}
