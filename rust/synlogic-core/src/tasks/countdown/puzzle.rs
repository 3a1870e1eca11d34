//! The puzzle spec stored in the verification payload.

use serde::{Deserialize, Serialize};

use super::arithmetic::Operator;
use super::format::parse_expression;
use super::knobs::{MAX_TARGET, MAX_VALUE};

/// The most numbers a payload may hold and still be graded (fixed-size grading buffers).
pub(super) const MAX_GIVEN: usize = 16;

/// A Countdown puzzle: everything needed to render the prompt and grade answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CountdownPuzzle {
    /// The given numbers, in prompt order.
    #[serde(rename = "n")]
    pub numbers: Vec<u64>,
    /// The target.
    #[serde(rename = "t")]
    pub target: u64,
    /// The allowed operators as ASCII symbols in the order `+-*/`.
    #[serde(rename = "o")]
    pub operators: String,
    /// Every number must be used exactly once.
    #[serde(rename = "a")]
    pub use_all: bool,
    /// Every intermediate result must be a positive integer.
    #[serde(rename = "i")]
    pub integer_intermediates: bool,
    /// The generator's solution, rendered with minimal parentheses.
    #[serde(rename = "s")]
    pub solution: String,
}

impl CountdownPuzzle {
    pub(super) fn operator_mask(&self) -> u8 {
        self.operators
            .chars()
            .filter_map(Operator::from_symbol)
            .fold(0, |mask, op| mask | op.bit())
    }

    pub(super) fn allowed_operators(&self) -> Vec<Operator> {
        let mask = self.operator_mask();
        Operator::ALL
            .into_iter()
            .filter(|op| mask & op.bit() != 0)
            .collect()
    }
}

/// The longest stored solution a payload may hold (the generator's longest, ten 7-digit
/// numbers with nine operators and their parentheses, is under 150 bytes).
pub(super) const MAX_SOLUTION_BYTES: usize = 1024;

/// Checks an untrusted payload's puzzle against what the generator can produce at its largest
/// knobs (with a margin on the count), so that grading any answer against it stays small and
/// fast; the error names the field.
pub(super) fn check_payload(puzzle: &CountdownPuzzle) -> Result<(), String> {
    let count = puzzle.numbers.len();
    if !(1..=MAX_GIVEN).contains(&count) {
        return Err(format!(
            "n (the numbers): {count} given, must be 1 to {MAX_GIVEN}"
        ));
    }
    if let Some(value) = puzzle
        .numbers
        .iter()
        .find(|v| !(1..=MAX_VALUE).contains(*v))
    {
        return Err(format!(
            "n (the numbers): {value} is outside 1 to {MAX_VALUE}"
        ));
    }
    if !(1..=MAX_TARGET).contains(&puzzle.target) {
        return Err(format!(
            "t (the target): {} is outside 1 to {MAX_TARGET}",
            puzzle.target
        ));
    }
    let mut seen = 0u8;
    for symbol in puzzle.operators.chars() {
        let op = match symbol {
            '+' | '-' | '*' | '/' => Operator::from_symbol(symbol),
            _ => None,
        };
        let Some(op) = op else {
            return Err(format!(
                "o (the operators): {symbol:?} is not one of + - * /"
            ));
        };
        if seen & op.bit() != 0 {
            return Err(format!("o (the operators): {symbol:?} is listed twice"));
        }
        seen |= op.bit();
    }
    if seen == 0 {
        return Err("o (the operators): must list at least one operator".into());
    }
    if puzzle.solution.len() > MAX_SOLUTION_BYTES {
        return Err(format!(
            "s (the solution): {} bytes, at most {MAX_SOLUTION_BYTES}",
            puzzle.solution.len()
        ));
    }
    parse_expression(&puzzle.solution, puzzle.target)
        .map_err(|e| format!("s (the solution): does not parse: {}", e.0))?;
    Ok(())
}
