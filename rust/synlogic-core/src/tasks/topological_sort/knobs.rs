//! The knobs of `topological_sort` and their checks.

use serde::{Deserialize, Serialize};

use super::MAX_NODES;
use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// The most nodes a generated puzzle can have (the `nodes` knob's upper bound).
pub const MAX_KNOB_NODES: u32 = 48;

/// Generation knobs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TopologicalSortKnobs {
    /// How many tasks to order (4–48).
    pub nodes: u32,
    /// Dependencies per task (0.5–4.0); the puzzle has `round(nodes × edges_per_node)`
    /// distinct dependencies, at least one and at most half of all pairs.
    pub edges_per_node: f64,
    /// How many extra position rules ("X at position k", "X within the first k", "X within the
    /// last k") to add (0–8, at most a quarter of the nodes).
    pub rules: u32,
    /// The most spare positions a "within the first/last k" rule leaves beyond what the
    /// hidden order needs (0–10): small values keep rules near the threshold.
    pub slack: u32,
}

impl Default for TopologicalSortKnobs {
    fn default() -> Self {
        Self {
            nodes: 16,
            edges_per_node: 1.4,
            rules: 1,
            slack: 2,
        }
    }
}

/// Range and consistency checks.
pub fn check(knobs: &TopologicalSortKnobs) -> Result<(), KnobError> {
    debug_assert!(MAX_KNOB_NODES as usize <= MAX_NODES);
    check_range("nodes", knobs.nodes, 4, MAX_KNOB_NODES)?;
    if !knobs.edges_per_node.is_finite() {
        return Err(KnobError::new("edges_per_node", "must be a finite number"));
    }
    check_range("edges_per_node", knobs.edges_per_node, 0.5, 4.0)?;
    let edges = edge_count(knobs);
    let pairs = knobs.nodes as usize * (knobs.nodes as usize - 1) / 2;
    if edges * 2 > pairs {
        return Err(KnobError::new(
            "edges_per_node",
            format!(
                "gives {edges} dependencies, more than half of the {pairs} pairs of {} nodes",
                knobs.nodes
            ),
        ));
    }
    check_range("rules", knobs.rules, 0, (knobs.nodes / 4).min(8))?;
    check_range("slack", knobs.slack, 0, 10)?;
    Ok(())
}

/// The number of dependencies the knobs ask for (at least one).
pub fn edge_count(knobs: &TopologicalSortKnobs) -> usize {
    ((f64::from(knobs.nodes) * knobs.edges_per_node).round() as usize).max(1)
}
