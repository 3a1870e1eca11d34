//! The knobs of [`super::Countdown`] and their checks.

use serde::{Deserialize, Serialize};

use super::arithmetic::Operator;
use crate::kit::knobs::{check_distinct, check_non_empty, check_range};
use crate::task::KnobError;

/// The most numbers a puzzle can give (the `count` knob's upper bound).
pub(super) const MAX_COUNT: usize = 10;
/// The largest value a given number may have.
pub(super) const MAX_VALUE: u64 = 1_000_000;
/// The largest target the knobs allow.
pub(super) const MAX_TARGET: u64 = 1_000_000_000_000;

/// The knobs of [`super::Countdown`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CountdownKnobs {
    /// How many numbers are given (2–10).
    pub count: u32,
    /// The smallest value a given number can take (≥ 1).
    pub min_value: u64,
    /// The largest value a given number can take (≤ 1,000,000).
    pub max_value: u64,
    /// The smallest target (≥ 1).
    pub min_target: u64,
    /// The largest target (≤ 10^12).
    pub max_target: u64,
    /// The operators that may be used: a non-empty subset of `"+"`, `"-"`, `"*"`, `"/"`.
    pub operators: Vec<Operator>,
    /// Every number must be used exactly once (otherwise each at most once).
    pub use_all: bool,
    /// Every intermediate result must be a positive integer (otherwise exact fractions).
    pub integer_intermediates: bool,
}

impl Default for CountdownKnobs {
    fn default() -> Self {
        Self {
            count: 5,
            min_value: 1,
            max_value: 25,
            min_target: 50,
            max_target: 500,
            operators: Operator::ALL.to_vec(),
            use_all: false,
            integer_intermediates: true,
        }
    }
}

/// Range and consistency checks on the knobs (the shared kit's wording).
pub(super) fn check_knobs(knobs: &CountdownKnobs) -> Result<(), KnobError> {
    check_range("count", knobs.count, 2, MAX_COUNT as u32)?;
    check_range("min_value", knobs.min_value, 1, MAX_VALUE)?;
    check_range("max_value", knobs.max_value, knobs.min_value, MAX_VALUE)?;
    check_range("min_target", knobs.min_target, 1, MAX_TARGET)?;
    check_range("max_target", knobs.max_target, knobs.min_target, MAX_TARGET)?;
    check_non_empty("operators", &knobs.operators, "operator")?;
    let symbols: Vec<String> = knobs
        .operators
        .iter()
        .map(|op| op.symbol().to_string())
        .collect();
    check_distinct("operators", &symbols)
}
