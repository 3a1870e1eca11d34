//! Procedure following, modelled on ProcBench: the prompt spells out a whole procedure, so
//! solving needs no outside knowledge, only exact multi-step execution.
//!
//! # Procedure kinds (`kinds`, one drawn uniformly per item)
//! - `string_rules`: a prioritized list of rewrite rules ("if the string contains "ab",
//!   replace the leftmost "ab" with "c"", …, "otherwise, append "a"") applied a fixed
//!   number of times; at each application only the first rule whose condition holds fires.
//!   Generated rule sets must fire several distinct rules and keep the string non-empty.
//! - `list_ops`: a straight-line program of list operations (swap, move, rotate, reverse a
//!   segment, compare-and-swap, one bubble-sort pass) on a list of distinct numbers.
//! - `stack_machine`: a straight-line program (PUSH/POP/DUP/SWAP/OVER/ADD/SUB/MUL/ROT).
//! - `register_machine`: a program with loops and conditional jumps (INC/DEC/ADD/SET/JZ/JNZ/
//!   JMP). Programs are built from counter loops whose counter the body never writes (below
//!   6 steps, where a loop has no room to vary, from straight lines with forward skips), then
//!   simulated with a hard budget: an item is kept only if the machine halts within
//!   `steps + tol` executed lines, runs at least `steps - tol` (`tol = max(1, steps / 6)`),
//!   and at least a third of the executed lines change a register (values stay in 0–999).
//! - `grid_walk`: a robot on a square grid with walls follows U/D/L/R moves; a move off the
//!   grid or into a wall leaves it in place (and still counts as a step).
//!
//! # Knobs
//! `steps` (executed steps: rule applications, operations, moves, or executed program lines
//! for the register machine), `state_size` (list length / initial string length / number of
//! registers / grid side / stack capacity minus one), `kinds`, `answer_mode` (`final` or
//! `trace`). Every item's final state differs from its initial state (else it is resampled),
//! and copying the prompt's format example earns nothing: an item whose final state (in
//! `trace` mode, whose state after step 1) equals the example's is redrawn.
//!
//! # Answer format
//! A state is written as a list `[3, 1, 2]` (list, stack bottom to top, `[]` if empty), plain
//! letters `abca` (string), `A=3, B=0` (registers) or `(2, 3)` (grid position). In `final`
//! mode the answer is the final state; in `trace` mode it is one line per executed step,
//! `Step k: <state>`. Parsing is lenient on form (case, spaces, optional brackets/quotes,
//! optional step labels `Step k:`, `k:`, `k.`, `k)` or `k =` read by [`crate::kit::trace`],
//! registers in any order, an optional `Step 0:` line equal to the initial state) and strict
//! on content (ASCII digits only, every register exactly once,
//! exact element counts, one state in `final` mode).
//!
//! # Grading and partial-credit gating
//! `final`: exact match, no partial credit. `trace`: correct iff every step matches (ProcBench
//! sequential match). The partial credit is ProcBench's prefix accuracy restricted to
//! informative steps: `c / C × n / max(n, m)`, where `C` is the number of steps that change
//! the state, `c` the number of those inside the answer's longest correct leading prefix,
//! `n` the true and `m` the given number of steps. Steps that leave the state unchanged
//! (blocked moves, jumps) earn nothing, so copying the initial state or any constant answer
//! earns 0 (its first state-changing step is wrong), and extra lines dilute the credit.
//!
//! # Payload bounds and verification cost
//! A payload is untrusted: loading checks it against the generator's largest output with a
//! margin and names the field it rejects: an initial state of at most 16 elements (a grid
//! side of at most 16), at most 128 program lines or rule applications, at most 8 rules,
//! numbers within the generator's caps (list elements within ±999, stack numbers within ±99,
//! registers 0–999), a register machine that halts within 256 executed lines, and no state
//! longer than 32 elements at any step. Loading runs the procedure once, so verification
//! handles at most 257 states of at most 32 numbers: O(257 × 32 × 8 rules × 3) operations,
//! well under 1 ms and 64 KB per verify (the maximal stack payload test measures it).
//!
//! # Example (`list_ops`, final mode)
//! ```text
//! Carry out the list program below exactly.
//!
//! Positions in the list are counted from 1 (the leftmost element) to 4. The operations are:
//! - swap i j: exchange the elements at positions i and j.
//! - rotl k: move the first k elements, in order, to the end of the list.
//! - order i j: if the element at position i is greater than the element at position j, swap them.
//!
//! Initial list: [9, 2, 12, 5]
//!
//! Program (run each line once, from top to bottom):
//! 1. swap 1 4
//! 2. rotl 1
//! 3. order 2 3
//!
//! Give the list after the last operation, written in square brackets with commas, all 4 elements. Put your final answer inside <answer> and </answer> tags, for example <answer>[7, 2, 9, 4]</answer>.
//! ```
//! Answer: `[2, 9, 12, 5]`.

mod adversarial;
mod format;
mod generate;
mod knobs;
mod parse;
mod puzzle;
#[cfg(test)]
mod report;
mod semantics;
#[cfg(test)]
mod tests;

pub use knobs::{AnswerMode, Kind, ProceduresKnobs};
pub use puzzle::{Puzzle, States};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// Procedure following (ProcBench-style): execute a fully specified procedure exactly.
pub struct Procedures;

impl Task for Procedures {
    const ID: &'static str = "procedures";
    const VERSION: u32 = 3;
    const DIFFICULTY_MEASURE: &'static str = "executed_steps";
    // A deterministic procedure has exactly one result: there is nothing to prove by search.
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 32 * 1024;

    type Knobs = ProceduresKnobs;
    type Puzzle = Puzzle;
    type Answer = States;

    fn check_knobs(knobs: &ProceduresKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &ProceduresKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<Puzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &Puzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &Puzzle) -> States {
        let mut out = States::default();
        match puzzle.spec.m {
            AnswerMode::Final => out.push(puzzle.trace.last()),
            AnswerMode::Trace => {
                for i in 1..puzzle.trace.len() {
                    out.push(puzzle.trace.get(i));
                }
            }
        }
        out
    }

    fn render_answer(puzzle: &Puzzle, answer: &States) -> String {
        format::render_states(
            puzzle.spec.k,
            puzzle.spec.m,
            (0..answer.len()).map(|i| answer.get(i)),
        )
    }

    fn parse_answer(puzzle: &Puzzle, text: &str) -> Result<States, ParseError> {
        parse::parse_answer(puzzle, text)
    }
    /// Not counted: execution is deterministic: its one trace is computed, not searched.
    fn count_solutions(_puzzle: &Self::Puzzle, _limit: u64) -> Option<u64> {
        None
    }

    fn grade(puzzle: &Puzzle, answer: &States) -> Grade {
        let n = puzzle.steps();
        match puzzle.spec.m {
            AnswerMode::Final => {
                if answer.len() == 1 && answer.get(0) == puzzle.trace.last() {
                    Grade::CORRECT
                } else {
                    Grade::WRONG
                }
            }
            AnswerMode::Trace => {
                let m = answer.len();
                let mut prefix = 0;
                let mut changed = 0u32;
                while prefix < n.min(m) && answer.get(prefix) == puzzle.trace.get(prefix + 1) {
                    if puzzle.trace.get(prefix + 1) != puzzle.trace.get(prefix) {
                        changed += 1;
                    }
                    prefix += 1;
                }
                if prefix == n && m == n {
                    Grade::CORRECT
                } else if puzzle.changes == 0 {
                    Grade::WRONG
                } else {
                    Grade::partial(
                        f64::from(changed) / f64::from(puzzle.changes) * n as f64 / n.max(m) as f64,
                    )
                }
            }
        }
    }
    fn wrong_answers(puzzle: &Puzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &Puzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }
}
