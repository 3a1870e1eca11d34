//! The knobs of `tower_of_hanoi` and their checks.

use serde::{Deserialize, Serialize};

use super::MAX_DISKS;
use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// How a configuration (the start or the goal) is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Every disk stacked on one peg drawn at random (the classic tower).
    Tower,
    /// Every disk on a peg drawn independently at random, stacked by size.
    Random,
}

/// The knobs. Every level of tasks.toml is a table of these; unknown knobs are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TowerOfHanoiKnobs {
    /// How many pegs (3 or 4).
    pub pegs: u32,
    /// How many disks (2–10).
    pub disks: u32,
    /// How the start is drawn (`tower` or `random`).
    pub start: Layout,
    /// How the goal is drawn (`tower` or `random`); a goal tower stands on another peg than a
    /// start tower.
    pub goal: Layout,
    /// Puzzles whose optimum is shorter than this many moves are redrawn (0–200).
    pub min_moves: u32,
}

impl Default for TowerOfHanoiKnobs {
    fn default() -> Self {
        Self {
            pegs: 3,
            disks: 4,
            start: Layout::Random,
            goal: Layout::Random,
            min_moves: 4,
        }
    }
}

/// Range and consistency checks, with the kit's wording.
pub(super) fn check(knobs: &TowerOfHanoiKnobs) -> Result<(), KnobError> {
    check_range("pegs", knobs.pegs, 3, 4)?;
    check_range("disks", knobs.disks, 2, MAX_DISKS as u32)?;
    check_range("min_moves", knobs.min_moves, 0, 200)?;
    // The longest optimum there is: 2^disks - 1 moves with 3 pegs, far fewer with 4.
    let longest = if knobs.pegs == 3 {
        (1u32 << knobs.disks) - 1
    } else {
        super::solve::frame_stewart(knobs.disks as usize) * 2
    };
    if knobs.min_moves > longest {
        return Err(KnobError::new(
            "min_moves",
            format!(
                "no puzzle with these pegs and disks needs {} moves",
                knobs.min_moves
            ),
        ));
    }
    Ok(())
}
