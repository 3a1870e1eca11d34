//! The knobs of `sliding_puzzle` and their checks.

use serde::{Deserialize, Serialize};

use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// The knobs. Every level of tasks.toml is a table of these; unknown knobs are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlidingPuzzleKnobs {
    /// Side length: 3 (the 8-puzzle) or 4 (the 15-puzzle).
    pub size: u32,
    /// The fewest optimal moves a puzzle may need (1–30).
    pub min_depth: u32,
    /// The most optimal moves a puzzle may need (`min_depth`–30).
    pub max_depth: u32,
}

impl Default for SlidingPuzzleKnobs {
    fn default() -> Self {
        Self {
            size: 3,
            min_depth: 14,
            max_depth: 16,
        }
    }
}

/// Range and consistency checks, with the kit's wording.
pub(super) fn check(knobs: &SlidingPuzzleKnobs) -> Result<(), KnobError> {
    check_range("size", knobs.size, 3, 4)?;
    check_range("min_depth", knobs.min_depth, 1, 30)?;
    check_range("max_depth", knobs.max_depth, knobs.min_depth, 30)
}
