//! The knobs of `water_jugs` and their checks.

use serde::{Deserialize, Serialize};

use super::{MAX_CAPACITY, MAX_JUGS, MAX_STATES};
use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// The knobs. Every level of tasks.toml is a table of these; unknown knobs are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WaterJugsKnobs {
    /// How many jugs (2–4).
    pub jugs: u32,
    /// The smallest capacity a jug may have (1–30).
    pub min_capacity: u32,
    /// The largest capacity a jug may have (2–30); capacities are distinct.
    pub max_capacity: u32,
    /// Whether the jugs start partly filled (otherwise empty).
    pub random_start: bool,
    /// Whether the goal names the jug that must hold the target (otherwise any jug may).
    pub named_jug: bool,
    /// Puzzles whose optimum is shorter than this many actions are redrawn (0–60).
    pub min_actions: u32,
}

impl Default for WaterJugsKnobs {
    fn default() -> Self {
        Self {
            jugs: 2,
            min_capacity: 2,
            max_capacity: 9,
            random_start: false,
            named_jug: false,
            min_actions: 2,
        }
    }
}

/// Range and consistency checks, with the kit's wording.
pub(super) fn check(knobs: &WaterJugsKnobs) -> Result<(), KnobError> {
    check_range("jugs", knobs.jugs, 2, MAX_JUGS as u32)?;
    check_range(
        "max_capacity",
        knobs.max_capacity,
        2,
        u32::from(MAX_CAPACITY),
    )?;
    check_range("min_capacity", knobs.min_capacity, 1, knobs.max_capacity)?;
    check_range("min_actions", knobs.min_actions, 0, 60)?;
    if knobs.max_capacity - knobs.min_capacity + 1 < knobs.jugs {
        return Err(KnobError::new(
            "min_capacity",
            "leaves fewer distinct capacities than jugs",
        ));
    }
    if (u64::from(knobs.max_capacity) + 1).pow(knobs.jugs) > MAX_STATES {
        return Err(KnobError::new(
            "max_capacity",
            format!("(max_capacity + 1)^jugs must be at most {MAX_STATES}"),
        ));
    }
    Ok(())
}
