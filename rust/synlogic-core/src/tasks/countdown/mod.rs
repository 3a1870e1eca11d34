//! Countdown: combine given numbers with arithmetic to reach a target.
//!
//! # What it generates
//! A list of positive integers and an integer target. The generator draws the numbers, picks
//! all of them (`use_all`) or a random subset of at least half of them (at least 2), and builds
//! a random expression tree over them by repeatedly merging two random sub-expressions with a
//! random allowed operator. Pair merging yields binary trees of every shape, not only
//! left-to-right chains. The tree's value becomes the target; trees whose value is not an
//! integer in the target range are rejected and redrawn (bounded attempt budget, then a
//! [`GenerateError`]). The built expression, rendered with minimal parentheses, is the oracle
//! answer, and it is re-parsed and re-graded by the verifier before the item is returned, so
//! every puzzle is solvable by construction. Trees never contain a zero intermediate (a
//! degenerate `x - x` / `* 0`); when not every number must be used, a target equal to one of
//! the given numbers is rejected (it would be a one-number answer). A puzzle that the prompt's
//! format example (`(25 - 5) * 3` or the like) would solve is redrawn, so copying the example
//! never earns a reward. So is a target equal to the sum or the product of all the numbers (a
//! constant "add everything" answer would solve it), up to 64 times per item: only knob sets
//! that allow little else (such as `+` alone) ever keep one, and metadata flags it
//! (`constant_guess_solves`).
//!
//! # Knobs
//! `count` (how many numbers, 2–10), `min_value`/`max_value` (range of the numbers),
//! `min_target`/`max_target` (range of the target), `operators` (a non-empty subset of
//! `"+"`, `"-"`, `"*"`, `"/"`), `use_all` (every number must be used exactly once, otherwise
//! each at most once) and `integer_intermediates` (every intermediate result must be a
//! positive integer; otherwise exact rational arithmetic, where fractions, zero and negative
//! intermediates are allowed but division by zero is not).
//!
//! # Difficulty
//! `solver_nodes`: the number of expressions a deterministic exhaustive solver builds before it
//! finds a first solution. The solver is a depth-first search over pairs of the current values
//! (sorted multiset; equal values and commutative duplicates skipped; states of three or more
//! values memoized by a 64-bit fingerprint, two-value states searched directly since that
//! costs no more than a lookup), following the puzzle's rules. It is capped at
//! [`SOLVER_NODE_CAP`] nodes; metadata records `solver_nodes`, `solver_capped` and
//! `solution_tree_depth` (the number of operators on the longest root-to-leaf path of the
//! oracle's expression). With `integer_intermediates` the solver works on `u64` (values beyond
//! it are pruned), otherwise on the same checked rationals as the verifier; there a
//! three-value state with small values (below 2^24) is searched without building its last
//! step: the six final values are compared with the target by cross-multiplication, behind a
//! floating-point screen, node for node as the plain search would count them (a unit test
//! holds the two equal). Levels 1→10 have medians of about 7, 13, 53, 82, 800, 1440, 7200,
//! 18300, 51000, 143000 nodes (2,000 items per level at version 5). Every level yields under
//! 1% duplicate prompts in 20,000 items (measured at version 4; version 5 changed only the
//! difficulty figure).
//!
//! # Answer format and verification
//! A single infix expression inside `<answer>…</answer>`, e.g. `<answer>(25 - 5) * 3 + 7</answer>`,
//! optionally followed by `= target`. The verifier uses its own tokenizer and shunting-yard
//! parser (iterative, parenthesis depth ≤ 64, answers ≤ 1024 bytes) and evaluates with exact
//! rationals over `i128` with checked operations (an overflow grades as wrong, never panics).
//! It never evaluates text as code. Accepted: ASCII decimal integers without leading zeros,
//! `+ - * /`, the aliases `×` `÷` `−` (U+2212), parentheses, whitespace and one trailing
//! `= N` where `N` must be the target. Rejected as unparsable: unary minus or plus, powers
//! (`**`, `^`), decimals (`2.0`), exponents (`1e3`), hex (`0x10`), non-ASCII digits (`١`,
//! `１`), letters, commas, several expressions (`3 + 4, 5 + 2` or two lines), a `= N` that
//! differs from the target. Grading accepts ANY expression that follows the rules: each
//! given number used at most as often as it is given (exactly as often if `use_all`), only
//! allowed operators, usual precedence with left-to-right evaluation of equal precedence,
//! positive-integer intermediates if `integer_intermediates`, and a value equal to the target.
//!
//! # Untrusted payloads
//! Loading a payload checks every size it controls against the generator's largest knobs:
//! 1 to 16 numbers (the generator gives at most 10), each in 1–10^6, a target in 1–10^12, an
//! operator string of distinct `+ - * /`, and a stored solution of at most 1024 bytes that
//! parses. Anything else is refused with an error naming the field. Verification is then
//! O(answer bytes × numbers) with answers ≤ 1024 bytes and ≤ 16 numbers, on a fixed-size
//! stack of checked `i128` rationals: well under 1 ms and a few KB per answer.
//!
//! There is no partial credit: an answer is correct or scores 0 (closeness to the target would
//! be guessable, so it earns nothing). Reward-hacking attempts (the target alone, a number
//! used twice or not given, `**`, unary minus, `1e3`, `0x10`, ...) are listed by
//! `Countdown::exploits` and each scores 0.
//!
//! # Example (default level 5: 5 numbers in 1–25, targets 50–500, any subset)
//! ```text
//! Combine the given numbers with arithmetic to reach the target.
//!
//! Numbers: 23, 13, 19, 13, 5
//! Target: 270
//!
//! Rules:
//! - Use each number in the list at most once (a number listed twice may be used up to
//!   twice); you do not have to use them all.
//! - The only operators allowed are + (addition), - (subtraction), * (multiplication) and
//!   / (division); you may use parentheses.
//! - ... (numbers as written, precedence, positive-integer intermediates, equal 270 exactly)
//!
//! Answer with a single expression (you may end it with "= 270") inside <answer> and
//! </answer> tags; ... Format example (not a solution): <answer>(25 - 5) * 3</answer>
//! ```
//! Oracle answer: `23 + 13 * 19`. Any rule-abiding expression equal to 270 scores 1, e.g.
//! `19 × 13 + 23 = 270`; `13 * 19 + 23 + 13 - 13` scores 0 (13 is given twice, used thrice).

mod adversarial;
mod arithmetic;
mod format;
mod generate;
mod grade;
mod knobs;
mod puzzle;
mod solver;
#[cfg(test)]
mod tests;
mod triple;

pub use arithmetic::Operator;
pub use format::Expression;
pub use knobs::CountdownKnobs;
pub use puzzle::CountdownPuzzle;
pub use solver::SOLVER_NODE_CAP;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The Countdown task.
pub struct Countdown;

impl Task for Countdown {
    const ID: &'static str = "countdown";
    const VERSION: u32 = 5;
    const DIFFICULTY_MEASURE: &'static str = "solver_nodes";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 1024;

    type Knobs = CountdownKnobs;
    type Puzzle = CountdownPuzzle;
    type Answer = Expression;

    fn check_knobs(knobs: &CountdownKnobs) -> Result<(), KnobError> {
        knobs::check_knobs(knobs)
    }

    fn generate(
        knobs: &CountdownKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<CountdownPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &CountdownPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &CountdownPuzzle) -> Expression {
        format::oracle(puzzle)
    }

    fn render_answer(_puzzle: &CountdownPuzzle, answer: &Expression) -> String {
        format::render(&answer.0)
    }

    fn parse_answer(puzzle: &CountdownPuzzle, text: &str) -> Result<Expression, ParseError> {
        format::parse_expression(text, puzzle.target)
    }

    fn grade(puzzle: &CountdownPuzzle, answer: &Expression) -> Grade {
        grade::grade_expression(puzzle, answer)
    }
    /// Not counted: many expressions reach the target: every valid one is accepted.
    fn count_solutions(_puzzle: &Self::Puzzle, _limit: u64) -> Option<u64> {
        None
    }

    fn wrong_answers(puzzle: &CountdownPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &CountdownPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<CountdownPuzzle, String> {
        let puzzle: CountdownPuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
        puzzle::check_payload(&puzzle)?;
        Ok(puzzle)
    }
}
