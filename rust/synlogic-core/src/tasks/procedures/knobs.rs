//! The knobs: procedure kinds, the answer mode and the ranges.

use serde::{Deserialize, Serialize};

use crate::kit::knobs::{check_distinct, check_non_empty, check_range};
use crate::task::KnobError;

/// The largest `steps` knob.
pub const MAX_STEPS: u32 = 100;
/// The largest `state_size` knob.
pub const MAX_STATE_SIZE: u32 = 10;

/// One kind of procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Prioritized string rewrite rules applied a fixed number of times.
    StringRules,
    /// A straight-line program of list operations.
    ListOps,
    /// A straight-line stack machine program.
    StackMachine,
    /// A register machine program with loops and conditional jumps.
    RegisterMachine,
    /// A walk on a grid with walls.
    GridWalk,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 5] = [
        Kind::StringRules,
        Kind::ListOps,
        Kind::StackMachine,
        Kind::RegisterMachine,
        Kind::GridWalk,
    ];

    /// The snake_case name used in knobs and metadata.
    pub fn name(self) -> &'static str {
        match self {
            Kind::StringRules => "string_rules",
            Kind::ListOps => "list_ops",
            Kind::StackMachine => "stack_machine",
            Kind::RegisterMachine => "register_machine",
            Kind::GridWalk => "grid_walk",
        }
    }
}

/// What the answer must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerMode {
    /// The final state only.
    Final,
    /// Every intermediate state, one line per executed step.
    Trace,
}

/// Knobs of [`Procedures`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProceduresKnobs {
    /// Executed steps (1–100): rule applications, operations or moves; for the register
    /// machine, executed lines within `max(1, steps / 6)`.
    pub steps: u32,
    /// State size (3–10): list length, initial string length, number of registers, grid side,
    /// or stack capacity minus one.
    pub state_size: u32,
    /// Allowed procedure kinds (snake_case, non-empty, no repeats); one is drawn per item.
    pub kinds: Vec<Kind>,
    /// `final` (the final state) or `trace` (every intermediate state).
    pub answer_mode: AnswerMode,
}

impl Default for ProceduresKnobs {
    fn default() -> Self {
        Self {
            steps: 12,
            state_size: 4,
            kinds: Kind::ALL.to_vec(),
            answer_mode: AnswerMode::Final,
        }
    }
}

/// Range and consistency checks on the knobs (the shared kit wording for every range).
pub(super) fn check(knobs: &ProceduresKnobs) -> Result<(), KnobError> {
    check_range("steps", knobs.steps, 1, MAX_STEPS)?;
    check_range("state_size", knobs.state_size, 3, MAX_STATE_SIZE)?;
    check_non_empty("kinds", &knobs.kinds, "kind")?;
    check_distinct("kinds", &knobs.kinds)?;
    Ok(())
}
