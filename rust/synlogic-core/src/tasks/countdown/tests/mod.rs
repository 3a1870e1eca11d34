//! Unit tests of the Countdown task, by concern; the helpers here build puzzles and answers.

mod answers;
mod generation;
mod payload;
mod solver;

use super::arithmetic::Ratio;
use super::format::{parse_expression, Token};
use super::knobs::CountdownKnobs;
use super::puzzle::CountdownPuzzle;
use super::Countdown;
use crate::task::{ParseError, Task};

fn puzzle(numbers: &[u64], target: u64, ops: &str, use_all: bool) -> CountdownPuzzle {
    CountdownPuzzle {
        numbers: numbers.to_vec(),
        target,
        operators: ops.to_string(),
        use_all,
        integer_intermediates: true,
        solution: String::new(),
    }
}

fn rational(mut p: CountdownPuzzle) -> CountdownPuzzle {
    p.integer_intermediates = false;
    p
}

/// Parses and grades like the verifier does (including the length cap).
fn check(p: &CountdownPuzzle, text: &str) -> Result<bool, ParseError> {
    if text.len() > Countdown::MAX_ANSWER_BYTES {
        return Err(ParseError::new("answer too long"));
    }
    let answer = Countdown::parse_answer(p, text)?;
    Ok(Countdown::grade(p, &answer).correct)
}

/// The value of an expression with no rules except exact arithmetic.
fn value(text: &str) -> Option<Ratio> {
    let expr = parse_expression(text, 0).ok()?;
    let mut stack = Vec::new();
    for token in expr.0 {
        match token {
            Token::Number(v) => stack.push(Ratio::int(i128::from(v))),
            Token::Op(op) => {
                let b = stack.pop()?;
                let a = stack.pop()?;
                stack.push(op.apply(a, b)?);
            }
        }
    }
    stack.pop()
}

fn knobs(count: u32, use_all: bool, integer: bool) -> CountdownKnobs {
    CountdownKnobs {
        count,
        use_all,
        integer_intermediates: integer,
        ..CountdownKnobs::default()
    }
}
