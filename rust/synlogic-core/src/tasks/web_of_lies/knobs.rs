//! The knobs and their checks.

use serde::{Deserialize, Serialize};

use super::model::MAX_PEOPLE;
use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// What a web-of-lies puzzle looks like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebOfLiesKnobs {
    /// People (3–20); each is decided by the answer.
    pub people: u8,
    /// Facts given outright (1 to `people / 2`): one per tree of statements.
    pub facts: u8,
    /// Most people whose statements hang from one person (1 = chains, more = trees; 1–4).
    pub branching: u8,
}

impl Default for WebOfLiesKnobs {
    fn default() -> Self {
        Self {
            people: 10,
            facts: 1,
            branching: 2,
        }
    }
}

/// Checks every knob's range.
pub fn check(knobs: &WebOfLiesKnobs) -> Result<(), KnobError> {
    check_range("people", usize::from(knobs.people), 3, MAX_PEOPLE)?;
    check_range("facts", knobs.facts, 1, (knobs.people / 2).max(1))?;
    check_range("branching", knobs.branching, 1, 4)?;
    Ok(())
}
