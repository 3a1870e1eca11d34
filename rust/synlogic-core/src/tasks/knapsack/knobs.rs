//! The knobs of `knapsack` and their checks.

use serde::{Deserialize, Serialize};

use super::{MAX_CELLS, MAX_ITEMS};
use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// The knobs. Every level of tasks.toml is a table of these; unknown knobs are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KnapsackKnobs {
    /// How many kinds of item (4–30).
    pub items: u32,
    /// The heaviest an item may be (2–30).
    pub max_weight: u32,
    /// The most an item may be worth (2–50).
    pub max_value: u32,
    /// The capacity as a share of the total weight (and volume) of everything (0.2–0.8).
    pub tightness: f64,
    /// The most copies of one item available (1–4; 1 is the 0/1 knapsack).
    pub max_copies: u32,
    /// Whether items also have a volume and the knapsack a volume limit.
    pub volume: bool,
}

impl Default for KnapsackKnobs {
    fn default() -> Self {
        Self {
            items: 8,
            max_weight: 12,
            max_value: 20,
            tightness: 0.5,
            max_copies: 1,
            volume: false,
        }
    }
}

/// Range and consistency checks, with the kit's wording.
pub(super) fn check(knobs: &KnapsackKnobs) -> Result<(), KnobError> {
    check_range("items", knobs.items, 4, MAX_ITEMS as u32)?;
    check_range("max_weight", knobs.max_weight, 2, 30)?;
    check_range("max_value", knobs.max_value, 2, 50)?;
    if !knobs.tightness.is_finite() {
        return Err(KnobError::new("tightness", "must be a finite number"));
    }
    check_range("tightness", knobs.tightness, 0.2, 0.8)?;
    check_range("max_copies", knobs.max_copies, 1, 4)?;
    // The largest capacity the knobs can draw, per limit.
    let limit = f64::from(knobs.items * knobs.max_copies * knobs.max_weight) * knobs.tightness;
    let cells = if knobs.volume {
        (limit + 1.0) * (limit + 1.0)
    } else {
        limit + 1.0
    };
    if cells > MAX_CELLS as f64 {
        return Err(KnobError::new(
            "max_weight",
            format!("the capacities could need more than {MAX_CELLS} table cells"),
        ));
    }
    Ok(())
}
