//! Grading: evaluating a parsed expression under the puzzle's rules.

use super::arithmetic::Ratio;
use super::format::{Expression, Token};
use super::puzzle::{CountdownPuzzle, MAX_GIVEN};
use crate::task::Grade;

/// Why an expression breaks the rules (for tests and diagnostics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Violation {
    TooManyGiven,
    NumberUnavailable,
    OperatorNotAllowed,
    Malformed,
    ArithmeticError,
    NotPositiveInteger,
    NumberUnused,
}

/// Evaluates `expr` under the puzzle's rules, returning its exact value.
pub(super) fn evaluate(puzzle: &CountdownPuzzle, expr: &Expression) -> Result<Ratio, Violation> {
    let numbers = &puzzle.numbers;
    if numbers.len() > MAX_GIVEN {
        return Err(Violation::TooManyGiven);
    }
    let mask = puzzle.operator_mask();
    let mut used = [false; MAX_GIVEN];
    let mut stack = [Ratio::ZERO; MAX_GIVEN];
    let mut size = 0usize;
    for token in &expr.0 {
        match *token {
            Token::Number(value) => {
                // Each number token claims a distinct given number, so `size < MAX_GIVEN`.
                let slot = numbers
                    .iter()
                    .zip(&used)
                    .position(|(&given, &taken)| given == value && !taken)
                    .ok_or(Violation::NumberUnavailable)?;
                used[slot] = true;
                stack[size] = Ratio::int(i128::from(value));
                size += 1;
            }
            Token::Op(op) => {
                if mask & op.bit() == 0 {
                    return Err(Violation::OperatorNotAllowed);
                }
                if size < 2 {
                    return Err(Violation::Malformed);
                }
                let result = op
                    .apply(stack[size - 2], stack[size - 1])
                    .ok_or(Violation::ArithmeticError)?;
                if puzzle.integer_intermediates && !result.is_positive_integer() {
                    return Err(Violation::NotPositiveInteger);
                }
                size -= 1;
                stack[size - 1] = result;
            }
        }
    }
    if size != 1 {
        return Err(Violation::Malformed);
    }
    if puzzle.use_all && !used[..numbers.len()].iter().all(|&u| u) {
        return Err(Violation::NumberUnused);
    }
    Ok(stack[0])
}

pub(super) fn grade_expression(puzzle: &CountdownPuzzle, expr: &Expression) -> Grade {
    match evaluate(puzzle, expr) {
        Ok(value) if value == Ratio::int(i128::from(puzzle.target)) => Grade::CORRECT,
        _ => Grade::WRONG,
    }
}
