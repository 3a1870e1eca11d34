//! The knobs of `maze` and their checks.

use serde::{Deserialize, Serialize};

use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// The knobs. Every level of tasks.toml is a table of these; unknown knobs are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MazeKnobs {
    /// Rows of the grid (5–31).
    pub rows: u32,
    /// Columns of the grid (5–31).
    pub cols: u32,
    /// The chance that a wall cell between two corridors is opened (0–0.5): loops.
    pub loops: f64,
    /// The share of dead ends given an extra opening (0–1).
    pub braid: f64,
    /// The chance that a wall cell touching two or more floor cells at a corner (not in a
    /// straight line) is opened (0–0.5): extra doors.
    pub doors: f64,
}

impl Default for MazeKnobs {
    fn default() -> Self {
        Self {
            rows: 13,
            cols: 13,
            loops: 0.05,
            braid: 0.2,
            doors: 0.0,
        }
    }
}

/// Range and consistency checks, with the kit's wording.
pub(super) fn check(knobs: &MazeKnobs) -> Result<(), KnobError> {
    check_range("rows", knobs.rows, 5, 31)?;
    check_range("cols", knobs.cols, 5, 31)?;
    for (knob, value, hi) in [
        ("loops", knobs.loops, 0.5),
        ("braid", knobs.braid, 1.0),
        ("doors", knobs.doors, 0.5),
    ] {
        if !value.is_finite() {
            return Err(KnobError::new(knob, "must be a finite number"));
        }
        check_range(knob, value, 0.0, hi)?;
    }
    Ok(())
}
