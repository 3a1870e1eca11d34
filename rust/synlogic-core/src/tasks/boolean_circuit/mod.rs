//! Boolean circuits: evaluate a network of named logic gates from given input values and
//! report the value of every named output.
//!
//! # Rules
//! Input wires `x…` carry given values 1 or 0. Gates are defined as `name = KIND(args)` with
//! KIND one of AND, OR, NOT, XOR (odd parity), NAND, NOR and IMPLIES (`IMPLIES(a, b)` is 0 only
//! when `a` is 1 and `b` is 0); each argument names an input or another gate. Definitions are
//! listed in shuffled order, so a gate may read one defined further down. Intermediate gates
//! are `g…`; the outputs asked for are `out1`, `out2`, …. Some intermediate gates may feed no
//! output (distractors).
//!
//! # Generation
//! Gates are placed on layers `1..=depth`: the outputs on the top layer, at least one gate on
//! every layer below, the rest on random lower layers. Each gate reads one wire from the layer
//! just below (so every output is exactly `depth` gates from the inputs) and the rest from any
//! lower layer, preferring wires nothing reads yet (wiring runs top-down). A target output
//! vector is drawn first: uniform over `{0,1}^outputs`, minus the all-0 and all-1 vectors when
//! there are three or more outputs (the set is closed under complement, so each output is 1
//! exactly half the time, and a constant answer never scores). The levels ask 2 and 4
//! outputs, then 7 to 12 from level 3 on, so there any fixed answer is right with probability
//! at most 1/126 (measured: at most 1.2% of 4,000 items at every level from 3). Output gates
//! that miss their target are redrawn (kind and arguments); an attempt that cannot be steered
//! restarts (bounded budget, then a [`GenerateError`]). The circuit is then evaluated exactly
//! by two independent evaluators (topological sweep and demand-driven depth-first), which
//! must agree with the target.
//!
//! # Knobs
//! - `inputs` (2–32): input wires.
//! - `gates` (1–128): gates in all, outputs included; at least `outputs + depth - 1`.
//! - `outputs` (1–16): named outputs asked for.
//! - `depth` (1–12): layers of gates.
//! - `max_fan_in` (2–8): most arguments of AND, OR, XOR, NAND, NOR (NOT takes 1, IMPLIES 2).
//! - `gate_set`: the kinds that may appear (upper case), default all; not NOT alone.
//!
//! # Difficulty
//! `depth_times_gates_reached`: the circuit's longest input-to-output chain times the number of
//! gates that must be evaluated to obtain every output (the outputs' fan-in cone, measured by
//! the demand-driven evaluator). Metadata also records `solutions` (1: the outputs are a
//! function of the inputs), `values` (the answer as a bit string), `ones`, `depth`,
//! `gates_reached`, `dead_gates` and `attempts`.
//!
//! # Answer format and verification
//! One `name = value` pair per output, e.g. `<answer>\nout1 = 1\nout2 = 0\n</answer>`. Lenient
//! on form: any order and case; values 1/0, true/false, T/F or yes/no; any of the separators
//! `, ; : = . - | ( ) [ ] { } " ' \` * > #` and whitespace; `is` / `equals` between a name and
//! its value. Strict on content: every output exactly once, no unknown name (inputs and
//! intermediate gates included), no value without a name, no other word. Scoring is
//! all-or-nothing (no partial credit): an item asks several independent outputs, so a guess
//! scores about `2^-outputs`, and a constant guess 0 from three outputs on. The values are
//! computed when the payload is loaded (its sizes bounded by [`circuit::MAX_INPUTS`],
//! [`circuit::MAX_GATES`], [`circuit::MAX_ARGS`] and [`circuit::MAX_OUTPUTS`], names by 12
//! bytes); verification is then one linear pass over the answer (at most 4 KiB) plus one
//! comparison per output: microseconds, and memory linear in the answer.
//!
//! # Example (level 3; seed 0, index 0)
//! ```text
//! A logic circuit has 4 input wires with given values and 10 gates. Every wire carries 1 (true) or
//!   0 (false). Each gate is defined as name = KIND(arguments), where each argument names an input
//!   wire or another gate, and the gate's value is computed from its arguments' values:
//! - AND(...) is 1 when all of its arguments are 1.
//! - OR(...) is 1 when at least one of its arguments is 1.
//! - NOT(a) is 1 when a is 0, and 0 when a is 1.
//! - XOR(...) is 1 when an odd number of its arguments are 1.
//!
//! Input values:
//! x5 = 0
//! x6 = 1
//! x9 = 0
//! x11 = 1
//!
//! Gate definitions (listed in no particular order; a gate may read a gate defined further down;
//!   some gates may not affect any output):
//! out2 = AND(g15, x9)
//! g4 = XOR(x9, x6)
//! out1 = NOT(g1)
//! out6 = XOR(g1, x5)
//! g1 = NOT(x5)
//! out3 = NOT(g4)
//! out7 = OR(x5, g15)
//! out4 = AND(g4, x5)
//! out5 = OR(g15, x5)
//! g15 = NOT(x5)
//!
//! Compute the value of each output gate: out1, out2, out3, out4, out5, out6, out7.
//!
//! Give your final answer inside <answer> and </answer> tags, with one line per output in the form
//!   "name = value" where value is 1 or 0, listing each of the 7 outputs exactly once by the name
//!   used above. The shape of the block (with placeholder names) is:
//! <answer>
//! name = 1
//! other_name = 0
//! ...
//! </answer>
//!
//! <answer>
//! out1 = 0
//! out2 = 0
//! out3 = 0
//! out4 = 0
//! out5 = 1
//! out6 = 1
//! out7 = 1
//! </answer>
//! ```

pub mod adversarial;
pub mod circuit;
pub mod format;
pub mod generate;
pub mod knobs;
#[cfg(test)]
mod tests;

use circuit::{evaluate_outputs_by_demand, BooleanCircuitPuzzle};
use knobs::BooleanCircuitKnobs;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The boolean-circuit task.
pub struct BooleanCircuit;

impl Task for BooleanCircuit {
    const ID: &'static str = "boolean_circuit";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "depth_times_gates_reached";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 4096;

    type Knobs = BooleanCircuitKnobs;
    type Puzzle = BooleanCircuitPuzzle;
    type Answer = Vec<bool>;

    fn check_knobs(knobs: &BooleanCircuitKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &BooleanCircuitKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<BooleanCircuitPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &BooleanCircuitPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &BooleanCircuitPuzzle) -> Vec<bool> {
        puzzle.values.clone()
    }

    fn render_answer(puzzle: &BooleanCircuitPuzzle, answer: &Vec<bool>) -> String {
        format::render(puzzle, answer)
    }

    fn parse_answer(puzzle: &BooleanCircuitPuzzle, text: &str) -> Result<Vec<bool>, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &BooleanCircuitPuzzle, answer: &Vec<bool>) -> Grade {
        // The values were computed from the gate definitions when the puzzle was loaded; the
        // circuit is deterministic, so they are the only correct answer.
        if *answer == puzzle.values {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }

    fn count_solutions(puzzle: &BooleanCircuitPuzzle, _limit: u64) -> Option<u64> {
        // An acyclic circuit has exactly one output vector; the demand-driven evaluator
        // (independent of the sweep that filled `values`) must reproduce it.
        Some(u64::from(
            evaluate_outputs_by_demand(puzzle).is_some_and(|(v, _)| v == puzzle.values),
        ))
    }

    fn wrong_answers(puzzle: &BooleanCircuitPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &BooleanCircuitPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }
}
