//! The knobs and their checks.

use serde::{Deserialize, Serialize};

use super::circuit::{GateKind, ALL_KINDS, MAX_ARGS, MAX_GATES, MAX_INPUTS, MAX_OUTPUTS};
use crate::kit::knobs::{check_distinct, check_non_empty, check_range};
use crate::task::KnobError;

/// Most layers a circuit may have.
pub const MAX_DEPTH: u8 = 12;

/// What a boolean-circuit puzzle looks like.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BooleanCircuitKnobs {
    /// Input wires with given values (2–32).
    pub inputs: u8,
    /// Gates in all, named outputs included (1–128).
    pub gates: u8,
    /// Named outputs asked for (1–16); all sit on the top layer.
    pub outputs: u8,
    /// Layers of gates: every output is exactly this many gates away from the inputs (1–12).
    pub depth: u8,
    /// Most arguments of an AND, OR, XOR, NAND or NOR gate (2–8).
    pub max_fan_in: u8,
    /// The gate kinds that may appear; at least one besides NOT.
    pub gate_set: Vec<GateKind>,
}

impl Default for BooleanCircuitKnobs {
    fn default() -> Self {
        Self {
            inputs: 5,
            gates: 10,
            outputs: 4,
            depth: 3,
            max_fan_in: 3,
            gate_set: ALL_KINDS.to_vec(),
        }
    }
}

/// Checks every knob's range and their consistency.
pub fn check(knobs: &BooleanCircuitKnobs) -> Result<(), KnobError> {
    check_range("inputs", usize::from(knobs.inputs), 2, MAX_INPUTS)?;
    check_range("gates", usize::from(knobs.gates), 1, MAX_GATES)?;
    check_range("outputs", usize::from(knobs.outputs), 1, MAX_OUTPUTS)?;
    check_range("depth", knobs.depth, 1, MAX_DEPTH)?;
    check_range("max_fan_in", usize::from(knobs.max_fan_in), 2, MAX_ARGS)?;
    check_non_empty("gate_set", &knobs.gate_set, "gate kind")?;
    check_distinct("gate_set", &knobs.gate_set)?;
    if knobs.gate_set.iter().all(|&k| k == GateKind::Not) {
        return Err(KnobError::new(
            "gate_set",
            "needs a gate kind besides NOT: NOT alone cannot combine wires",
        ));
    }
    // The outputs fill the top layer; every layer below needs at least one gate.
    let least = usize::from(knobs.outputs) + usize::from(knobs.depth) - 1;
    check_range("gates", usize::from(knobs.gates), least, MAX_GATES)?;
    Ok(())
}
