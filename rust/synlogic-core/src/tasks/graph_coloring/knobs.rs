//! The knobs of `graph_coloring` and their checks.

use serde::{Deserialize, Serialize};

use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// Generation knobs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GraphColoringKnobs {
    /// How many nodes (5–48).
    pub nodes: u32,
    /// How many colours may be used (2–5).
    pub colors: u32,
    /// The average number of neighbours per node (0.5–12.0); edges join nodes of different
    /// hidden colours only, so high values approach the colourability threshold.
    pub avg_degree: f64,
}

impl Default for GraphColoringKnobs {
    fn default() -> Self {
        Self {
            nodes: 16,
            colors: 3,
            avg_degree: 3.5,
        }
    }
}

/// Range checks.
pub fn check(knobs: &GraphColoringKnobs) -> Result<(), KnobError> {
    check_range("nodes", knobs.nodes, 5, 48)?;
    check_range("colors", knobs.colors, 2, 5)?;
    if !knobs.avg_degree.is_finite() {
        return Err(KnobError::new("avg_degree", "must be a finite number"));
    }
    check_range("avg_degree", knobs.avg_degree, 0.5, 12.0)?;
    let pairs = knobs.nodes as usize * (knobs.nodes as usize - 1) / 2;
    if edge_count(knobs) * 2 > pairs {
        return Err(KnobError::new(
            "avg_degree",
            format!("asks for more than half of the {pairs} pairs of nodes"),
        ));
    }
    Ok(())
}

/// The number of edges the knobs ask for (at least one).
pub fn edge_count(knobs: &GraphColoringKnobs) -> usize {
    ((f64::from(knobs.nodes) * knobs.avg_degree / 2.0).round() as usize).max(1)
}
