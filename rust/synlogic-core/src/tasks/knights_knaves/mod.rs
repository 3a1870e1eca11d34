//! Knights and knaves: every inhabitant of an island is a knight (always truthful) or a knave
//! (always lies), and each makes one statement; work out who is which.
//!
//! # What it generates
//! `people` inhabitants with distinct first names drawn from a pool of 256 (no repeats within a
//! puzzle). Each says one statement built from a grammar of:
//! plain claims ("Bob is a knight", "Carol is a knave", "I am a knave"), negation ("Bob is not
//! a knight", "it is not the case that (…)"), `and`, inclusive `or`, `if …, then …`,
//! `… if and only if …`, counting claims over a group ("among Bob, Dan and me, exactly two /
//! at least one / at most one are knaves") and kind comparisons ("Bob and I are of the same
//! kind", "… of different kinds"). Compound parts nested inside another connective are wrapped
//! in parentheses, so every statement reads unambiguously. Within one statement no person is
//! the subject of two plain claims (no "Bob is a knight or Bob is a knave").
//!
//! The generator draws a hidden assignment uniformly from all `2^people` (so everybody shares
//! one role in `2^(1 - people)` of puzzles, as by chance: half at 2 people, 3% at 6), then
//! keeps the set of candidate assignments still consistent with the statements so far as a
//! bitset over all `2^people` masks. Statements are compiled to a small postfix program and
//! evaluated bit-sliced, 64 assignments per `u64` word. People speak in a random order; each
//! statement is sampled until it is true exactly when its speaker is a knight under the hidden
//! assignment and (if possible) removes candidates; the last speaker must leave exactly one
//! candidate. If more than one remains, random statements are resampled while that shrinks the
//! set; failing that, the attempt restarts with the same hidden assignment (only the last few
//! attempts draw a new one, so that no assignment is favoured for being easy to pin down;
//! bounded budget, then a [`GenerateError`]). Uniqueness is re-proved by
//! [`Task::count_solutions`], an independent scalar evaluator run over every `u32` mask.
//!
//! # Knobs
//! - `people` (2–20): inhabitants, each making one statement.
//! - `depth` (1–4): maximum nesting of connectives; 1 = one connective over plain claims.
//! - `width` (2–6): maximum operands of `and` / `or`; groups of counting claims have 2 to
//!   `width + 1` people. A statement names about `width + 2 * (depth - 1)` people at most.
//! - `types`: the allowed statement types (snake_case), default all: `not`, `and`, `or`,
//!   `if_then`, `iff`, `exactly`, `at_least`, `at_most`, `same_kind`, `self_reference` (whether
//!   statements may mention their speaker). Plain claims about others are always allowed. At
//!   least one type other than `not` / `self_reference` is required: with plain claims and
//!   negations alone, flipping everybody preserves every statement, so no puzzle is unique.
//!
//! # Difficulty
//! `backtrack_nodes`: the nodes a complete backtracking search visits (people assigned in
//! introduction order, knight first; after each assignment every statement whose speaker is known
//! is evaluated in three-valued logic over the partial assignment and the branch is pruned when it
//! cannot match its speaker's role). Metadata also records `solutions` (1), `assignment` (one
//! `K`/`N` per person in introduction order), `knights`, `structure` (every statement's logical
//! form with names replaced by person indices, `;`-separated, in the formula syntax of the
//! payload), `mentions` (people named over all statements) and `attempts` (generation attempts
//! used).
//!
//! # Answer format and verification
//! One line per person, `Name: knight` or `Name: knave`, e.g.
//! `<answer>\nAlice: knight\nBob: knave\n</answer>`. Parsing is by whole ASCII words, lenient on
//! form: any case and order, `:`/`-`/`is a`/`are` fillers, bullets and numbering, lines, commas or
//! semicolons, groups ("Alice and Bob are knights") and headed lists ("Knights: Alice, Bob.
//! Knaves: none"). Only `knight(s)`/`knave(s)` name roles. Strict on content: a word that is not
//! a name, a role or a small set of fillers (`is`, `a`, `are`, `and`, `the`, …) is a parse error,
//! so a negation ("Alice is not a knight"), an unknown name or prose is rejected rather than
//! guessed at; so is a person given both roles, a person missing, or a name with no role.
//! Repeating the same assignment is tolerated. Grading evaluates every statement on the answer's
//! assignment (the stored solution is checked this way once, when the payload is loaded, so a
//! correct answer then costs one comparison).
//!
//! Partial credit (opt-in) is gated against every answer that can be given without reading
//! the statements: with `right` the people labelled correctly and `base` the most that any
//! fixed pattern (everyone a knight, everyone a knave, alternating roles either way round,
//! first half knights and the rest knaves or the reverse) labels correctly on this puzzle,
//! `credit = max(0, (right - base) / (people - base))`. Every such pattern thus earns 0 partial
//! credit on every puzzle; it scores only where it is the solution itself, which happens as
//! often as for a uniform random guess.
//!
//! # Payload bounds and verification cost
//! A payload (`names`, `says` in the formula syntax of `structure`, `sol` as `K`/`N` letters)
//! is untrusted. The loader rejects, naming the field: other than 2 to 20 people; a name that
//! is not 1 to 16 ASCII letters, is a parser keyword or repeats; a statement formula over 256
//! bytes, nested over 8 deep, with an `and`/`or` of over 8 operands, a person repeated in a
//! group, over 64 operations or a stack over 32; a person out of range; and a `sol` that does
//! not satisfy every statement. (The generator's largest, at 20 people, depth 4 and width 6:
//! 99 bytes, 29 operations, nesting 5.) Loading is linear in the payload's length; verifying an
//! answer is then one parse of at most 4,096 bytes plus at most one evaluation of 20 statements
//! of at most 64 operations each (a few microseconds; the unit test bounds a maximal payload's
//! load under 5 ms and a grade under 1 ms even unoptimised).
//!
//! # Example (default level 5: 6 people, depth 2, width 3; seed 0, index 0)
//! ```text
//! You meet six inhabitants: George, Magnus, Albert, Rhea, Angela and Clara. Each of them makes
//! one statement:
//!
//! - George says: "Clara is a knight."
//! - Magnus says: "Among Angela and Clara, both are knaves."
//! - Albert says: "(Angela is a knight if and only if I am not a knave) or (among Rhea and me,
//!   exactly one is a knight)."
//! - Rhea says: "(Among George, Albert and Clara, at least one is a knave) or Angela is a
//!   knave."
//! - Angela says: "Rhea is a knight, (Clara and Albert are of the same kind) or George is not a
//!   knight."
//! - Clara says: "Among Magnus and Rhea, at least one is a knave."
//! …
//! <answer>
//! George: knight
//! Magnus: knave
//! Albert: knight
//! Rhea: knave
//! Angela: knight
//! Clara: knight
//! </answer>
//! ```
//! Structure: `K5;E2N[4,5];|(=(K4,!N2),E1K[2,3]);|(L1N[0,2,5],N4);|(K3,S[5,2],!K0);L1N[1,3]`.

mod adversarial;
#[cfg(test)]
mod balance_tests;
mod credit;
mod eval;
mod format;
mod formula;
mod generate;
mod knobs;
mod puzzle;
#[cfg(test)]
mod reports;
mod solve;
mod statement;
#[cfg(test)]
mod tests;
mod words;

pub use knobs::{KnightsKnavesKnobs, StatementType, ALL_TYPES};
pub use puzzle::KnightsKnavesPuzzle;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

use format::{parse_roles, render_assignment};
use puzzle::full_mask;
use solve::{count_exhaustive, Backtrack};

/// Most inhabitants a puzzle may have (assignments are `u32` masks; all `2^n` are enumerated).
pub const MAX_PEOPLE: usize = 20;
/// Evaluation stack size; programs needing more are rejected when a payload is loaded.
const STACK: usize = 32;
/// Nesting cap of the payload's formula parser (generated statements nest at most 5 deep).
const MAX_FORMULA_NESTING: u32 = 8;
/// Longest statement formula a payload may hold, in bytes (the longest generated at the
/// largest knobs, in the `payload_sizes_at_the_largest_knobs` report: 99).
const MAX_FORMULA_BYTES: usize = 256;
/// Most operations one compiled statement may have (the most generated at the largest knobs:
/// 29).
const MAX_STATEMENT_OPS: usize = 64;
/// Most operands of one `and` / `or` in a payload (generated: at most `width` = 6).
const MAX_OPERANDS: usize = 8;
/// Longest name a payload may hold, in bytes (the name pool's longest has 9).
const MAX_NAME_BYTES: usize = 16;
/// Generation attempts before giving up.
const ATTEMPTS: usize = 40;
/// The last attempts, which draw a fresh hidden assignment instead of retrying the first.
const FRESH_ATTEMPTS: usize = 8;
/// Samples per statement to find one matching its speaker's role.
const TRUTH_TRIES: usize = 40;

/// The knights-and-knaves task.
pub struct KnightsKnaves;

impl Task for KnightsKnaves {
    const ID: &'static str = "knights_knaves";
    const VERSION: u32 = 2;
    const DIFFICULTY_MEASURE: &'static str = "backtrack_nodes";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 4096;

    type Knobs = KnightsKnavesKnobs;
    type Puzzle = KnightsKnavesPuzzle;
    type Answer = u32;

    fn check_knobs(knobs: &KnightsKnavesKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &KnightsKnavesKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<KnightsKnavesPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &KnightsKnavesPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &KnightsKnavesPuzzle) -> u32 {
        // The stored solution, once checked against every statement; otherwise search.
        if puzzle.solution_consistent {
            puzzle.solution
        } else {
            Backtrack::run(puzzle, 1).first.unwrap_or(puzzle.solution)
        }
    }

    fn render_answer(puzzle: &KnightsKnavesPuzzle, answer: &u32) -> String {
        render_assignment(puzzle, *answer, None)
    }

    fn parse_answer(puzzle: &KnightsKnavesPuzzle, text: &str) -> Result<u32, ParseError> {
        parse_roles(puzzle, text)
    }

    fn grade(puzzle: &KnightsKnavesPuzzle, answer: &u32) -> Grade {
        // The stored solution was checked against every statement when the puzzle was loaded;
        // any other assignment is checked now.
        let same = (answer ^ puzzle.solution) & full_mask(puzzle.people()) == 0;
        if (same && puzzle.solution_consistent) || (!same && puzzle.consistent(*answer)) {
            return Grade::CORRECT;
        }
        Grade::partial(credit::partial_credit(
            puzzle.solution,
            *answer,
            puzzle.people(),
        ))
    }

    fn count_solutions(puzzle: &KnightsKnavesPuzzle, limit: u64) -> Option<u64> {
        Some(count_exhaustive(puzzle, limit))
    }

    fn wrong_answers(puzzle: &KnightsKnavesPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &KnightsKnavesPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }
}
