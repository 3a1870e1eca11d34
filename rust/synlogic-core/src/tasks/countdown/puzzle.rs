//! The puzzle spec stored in the verification payload.

use serde::{Deserialize, Serialize};

use super::arithmetic::Operator;

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
