//! The knobs: the statement types, their defaults and their checks.

use super::MAX_PEOPLE;
use crate::kit::knobs::{check_distinct, check_range};
use crate::task::KnobError;
use serde::Deserialize;
use serde::Serialize;

/// A statement type allowed by the `types` knob.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementType {
    /// Negation: "Bob is not a knight", "it is not the case that (…)".
    Not,
    /// Conjunction: "A and B".
    And,
    /// Inclusive disjunction: "A or B".
    Or,
    /// Implication: "if A, then B".
    IfThen,
    /// Equivalence: "A if and only if B".
    Iff,
    /// "Among X, Y and Z, exactly k are knights/knaves".
    Exactly,
    /// "Among …, at least k are knights/knaves".
    AtLeast,
    /// "Among …, at most k are knights/knaves".
    AtMost,
    /// "X and Y are of the same kind" / "of different kinds".
    SameKind,
    /// Statements may mention their speaker ("I am a knave", "among Bob and me").
    SelfReference,
}

/// Every statement type, the default of the `types` knob.
pub const ALL_TYPES: [StatementType; 10] = [
    StatementType::Not,
    StatementType::And,
    StatementType::Or,
    StatementType::IfThen,
    StatementType::Iff,
    StatementType::Exactly,
    StatementType::AtLeast,
    StatementType::AtMost,
    StatementType::SameKind,
    StatementType::SelfReference,
];

/// Knobs of [`KnightsKnaves`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KnightsKnavesKnobs {
    /// Number of inhabitants, each making one statement (2–20).
    pub people: u8,
    /// Maximum nesting depth of connectives in a statement (1–4); 1 = one connective over
    /// plain claims.
    pub depth: u8,
    /// Maximum operands of "and"/"or" (2–6); counting claims name groups of 2 to `width + 1`
    /// people.
    pub width: u8,
    /// Allowed statement types (snake_case names, default all); plain claims about others are
    /// always allowed.
    pub types: Vec<StatementType>,
}

impl Default for KnightsKnavesKnobs {
    fn default() -> Self {
        Self {
            people: 6,
            depth: 2,
            width: 3,
            types: ALL_TYPES.to_vec(),
        }
    }
}

/// A set of statement types as bits.
#[derive(Debug, Clone, Copy)]
pub(super) struct TypeSet(u16);

impl TypeSet {
    pub(super) fn of(types: &[StatementType]) -> Self {
        Self(types.iter().fold(0, |acc, &t| acc | (1 << t as u16)))
    }

    pub(super) fn has(self, t: StatementType) -> bool {
        self.0 & (1 << t as u16) != 0
    }
}

/// Checks `knobs` (the body of [`Task::check_knobs`](crate::task::Task::check_knobs)).
pub(super) fn check(knobs: &KnightsKnavesKnobs) -> Result<(), KnobError> {
    check_range("people", usize::from(knobs.people), 2, MAX_PEOPLE)?;
    check_range("depth", knobs.depth, 1, 4)?;
    check_range("width", knobs.width, 2, 6)?;
    check_distinct("types", &knobs.types)?;
    if knobs
        .types
        .iter()
        .all(|t| matches!(t, StatementType::Not | StatementType::SelfReference))
    {
        return Err(KnobError::new(
            "types",
            "needs a connective, counting or same_kind type: plain claims and negations \
             alone never determine a unique solution",
        ));
    }
    // With two people and no self-reference, each can only speak about the other.
    if !knobs.types.contains(&StatementType::SelfReference) {
        check_range("people", usize::from(knobs.people), 3, MAX_PEOPLE).map_err(|e| {
            KnobError::new("people", format!("{} (without self_reference)", e.message))
        })?;
    }
    Ok(())
}
