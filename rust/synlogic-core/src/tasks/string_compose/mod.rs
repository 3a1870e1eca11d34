//! String function composition: apply a pipeline of named string functions to a string.
//!
//! A model that knows `f(x)` and `g(x)` can learn `f(g(x))`; this task trains and measures that.
//! A library of 26 deterministic string functions ([`FUNCTIONS`], one table entry each: name,
//! parameters, a one-line precise definition and a worked example) is composed into a pipeline
//! of `depth` steps. The prompt gives the input string, the pipeline (names with parameters)
//! and the definition of every function used; the model gives the result.
//!
//! No item is degenerate: every step changes the string, and no step returns to a string seen
//! earlier in the chain (so the output differs from the input and from every intermediate).
//! Every intermediate string has 2 to `max_output_len` characters. Steps that break these rules
//! are resampled (function and parameters); when the attempt budget runs out the generator
//! returns an error rather than an easier item. Items where copying the prompt's format example
//! would earn a reward (the final string is `aBc3d`; in trace mode, the string after step 1 is
//! `abc`) are redrawn.
//!
//! Knobs: `depth` (steps, 1–20; the difficulty), `min_len` / `max_len` (input length),
//! `alphabet` (`lower`, `upper`, `mixed`, `alnum`, `digits`, or a literal set of ASCII
//! characters such as `"abc123"`; quotes, backticks, `<`, `>` and whitespace are not allowed),
//! `functions` (allowed function names; empty = all, so some compositions can be held out),
//! `worked_example` (show each used function applied to a fixed short string), `trace` (ask for
//! every intermediate string) and `max_output_len` (cap on every intermediate's length).
//!
//! Answer format: the final string (case-sensitive, no spaces; surrounding whitespace, quotes
//! and backticks are ignored). In trace mode: one line per step, `i: <string after step i>`.
//!
//! Partial credit (trace mode only): the number of leading steps that match exactly, divided
//! by the depth. It is gated: a step counts only if it and every step before it are exact, so
//! copying the input (or any earlier string) earns 0, since every step changes the string and
//! the chain never repeats a string. The plain mode is all-or-nothing.
//!
//! Payload bounds and verification cost: a payload is untrusted, so loading rejects, naming
//! the field, an input of more than 512 characters or with a character other than printable
//! ASCII, a pipeline of no step or more than 32 steps, a step without exactly its function's
//! parameters (`k` from 1 to 1000, printable ASCII characters), and any pipeline whose string
//! would pass 512 characters at some step (the chain is run once while loading and stops at
//! the first step that overflows). The generator stays within 256 characters and 20 steps.
//! Verification is then O(32 × 512 log 512) byte operations, well under 1 ms and 64 KB
//! (the maximal payload test measures it).
//!
//! Difficulty measure: `chars_written`, the total length of all intermediate strings (the
//! characters a solver has to produce when executing the pipeline by hand).
//!
//! Example (depth 2):
//! ```text
//! Input string: "hello"
//! Pipeline (each step acts on the result of the previous step):
//! 1. reverse
//! 2. caesar(k=1)
//! ...
//! <answer>pmmfi</answer>
//! ```

mod adversarial;
mod format;
mod functions;
mod generate;
mod knobs;
mod payload;
mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use format::step_text;
pub use functions::{apply, spec, spec_by_name, FnSpec, Func, Params, Step, FUNCTIONS};
pub use knobs::StringComposeKnobs;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The task: apply a pipeline of string functions.
pub struct StringCompose;

/// A puzzle: an input string and a pipeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StringComposePuzzle {
    /// The input string.
    pub s: String,
    /// The pipeline, applied in order.
    pub p: Vec<Step>,
    /// Trace mode: the answer lists every intermediate string.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub t: bool,
    /// The prompt shows a worked example of every used function.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub w: bool,
}

/// An answer: the final string, or (trace mode) the strings after each step, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringComposeAnswer {
    /// The strings given (one in plain mode).
    pub strings: Vec<String>,
}

impl Task for StringCompose {
    const ID: &'static str = "string_compose";
    const VERSION: u32 = 2;
    const DIFFICULTY_MEASURE: &'static str = "chars_written";
    // Exactly one string follows a deterministic pipeline: there is nothing to prove by search.
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 16 * 1024;

    type Knobs = StringComposeKnobs;
    type Puzzle = StringComposePuzzle;
    type Answer = StringComposeAnswer;

    fn check_knobs(knobs: &Self::Knobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &Self::Knobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<Self::Puzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &Self::Puzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &Self::Puzzle) -> Self::Answer {
        let chain = solve::run(puzzle);
        let strings = if puzzle.t {
            chain.iter().map(|s| solve::lossy(s)).collect()
        } else {
            vec![chain
                .last()
                .map_or_else(|| puzzle.s.clone(), |s| solve::lossy(s))]
        };
        StringComposeAnswer { strings }
    }

    fn render_answer(puzzle: &Self::Puzzle, answer: &Self::Answer) -> String {
        format::render_answer(puzzle, answer)
    }

    fn parse_answer(puzzle: &Self::Puzzle, text: &str) -> Result<Self::Answer, ParseError> {
        format::parse_answer(puzzle, text)
    }

    fn grade(puzzle: &Self::Puzzle, answer: &Self::Answer) -> Grade {
        let k = puzzle.p.len();
        if k == 0 {
            return Grade::WRONG;
        }
        let mut cur = puzzle.s.as_bytes().to_vec();
        let mut next = Vec::with_capacity(cur.len() * 2 + 4);
        if !puzzle.t {
            for step in &puzzle.p {
                apply(step, &cur, &mut next);
                std::mem::swap(&mut cur, &mut next);
            }
            return match answer.strings.as_slice() {
                [given] if given.as_bytes() == cur.as_slice() => Grade::CORRECT,
                _ => Grade::WRONG,
            };
        }
        let mut good = 0;
        for (step, given) in puzzle.p.iter().zip(&answer.strings) {
            apply(step, &cur, &mut next);
            std::mem::swap(&mut cur, &mut next);
            if given.as_bytes() != cur.as_slice() {
                break;
            }
            good += 1;
        }
        if good == k && answer.strings.len() == k {
            Grade::CORRECT
        } else {
            Grade::partial(good as f64 / k as f64)
        }
    }
    /// Not counted: the pipeline is deterministic: its one result is computed, not searched.
    fn count_solutions(_puzzle: &Self::Puzzle, _limit: u64) -> Option<u64> {
        None
    }

    fn wrong_answers(puzzle: &Self::Puzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &Self::Puzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<Self::Puzzle, String> {
        payload::load(json)
    }
}
