//! The knobs of `shortest_path` and their checks.

use serde::{Deserialize, Serialize};

use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// The knobs. Every level of tasks.toml is a table of these; unknown knobs are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShortestPathKnobs {
    /// How many nodes (5–48).
    pub nodes: u32,
    /// Edges per node (1.0–6.0): the graph has `round(nodes × edges_per_node)` edges, at least
    /// `nodes − 1` (a spanning tree) and at most three quarters of all (ordered, if directed) pairs.
    pub edges_per_node: f64,
    /// Weights are drawn uniformly from `1..=max_weight` (2–99); small ranges make ties common.
    pub max_weight: u32,
    /// One-way edges.
    pub directed: bool,
    /// Show a weight table instead of an edge list.
    pub table: bool,
    /// The share of items with a planted second optimal route (0–1).
    pub ties: f64,
}

impl Default for ShortestPathKnobs {
    fn default() -> Self {
        Self {
            nodes: 15,
            edges_per_node: 1.8,
            max_weight: 20,
            directed: false,
            table: false,
            ties: 0.3,
        }
    }
}

/// Range and consistency checks, with the kit's wording.
pub(super) fn check(knobs: &ShortestPathKnobs) -> Result<(), KnobError> {
    check_range("nodes", knobs.nodes, 5, 48)?;
    if !knobs.edges_per_node.is_finite() {
        return Err(KnobError::new("edges_per_node", "must be a finite number"));
    }
    check_range("edges_per_node", knobs.edges_per_node, 1.0, 6.0)?;
    let n = knobs.nodes as usize;
    let pairs = if knobs.directed {
        n * (n - 1)
    } else {
        n * (n - 1) / 2
    };
    let edges = edge_count(knobs);
    if edges * 4 > pairs * 3 {
        return Err(KnobError::new(
            "edges_per_node",
            format!(
                "gives {edges} edges, more than three quarters of the {pairs} pairs of {n} nodes"
            ),
        ));
    }
    check_range("max_weight", knobs.max_weight, 2, 99)?;
    if !knobs.ties.is_finite() {
        return Err(KnobError::new("ties", "must be a finite number"));
    }
    check_range("ties", knobs.ties, 0.0, 1.0)
}

/// The number of edges the knobs ask for (at least a spanning tree's).
pub(super) fn edge_count(knobs: &ShortestPathKnobs) -> usize {
    let n = knobs.nodes as usize;
    ((f64::from(knobs.nodes) * knobs.edges_per_node).round() as usize).max(n - 1)
}
