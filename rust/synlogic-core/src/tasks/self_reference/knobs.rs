//! The knobs and their checks.

use serde::{Deserialize, Serialize};

use super::model::MAX_STATEMENTS;
use crate::kit::knobs::{check_distinct, check_non_empty, check_range};
use crate::task::KnobError;

/// The claim kinds a puzzle may use, by name.
pub const KINDS: &[&str] = &[
    "exactly_true",
    "exactly_false",
    "at_least_true",
    "at_most_true",
    "is",
    "same",
    "pair",
    "parity",
    "first_true",
];

/// What a self-reference puzzle looks like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SelfReferenceKnobs {
    /// Statements in the list (6–16): the answer gives each one's truth value.
    pub statements: u8,
    /// The claim kinds that may appear (see [`KINDS`]); at least one counting kind.
    pub kinds: Vec<String>,
}

impl Default for SelfReferenceKnobs {
    fn default() -> Self {
        Self {
            statements: 10,
            kinds: KINDS.iter().map(ToString::to_string).collect(),
        }
    }
}

/// Checks every knob.
pub fn check(knobs: &SelfReferenceKnobs) -> Result<(), KnobError> {
    check_range(
        "statements",
        usize::from(knobs.statements),
        6,
        MAX_STATEMENTS,
    )?;
    check_non_empty("kinds", &knobs.kinds, "claim kind")?;
    check_distinct("kinds", &knobs.kinds)?;
    for kind in &knobs.kinds {
        if !KINDS.contains(&kind.as_str()) {
            return Err(KnobError::new(
                "kinds",
                format!("unknown claim kind {kind:?}; known: {}", KINDS.join(", ")),
            ));
        }
    }
    // A list of references alone ("statement 2 is true", ...) can be consistent in many ways
    // or none; a claim about how many statements are true anchors it.
    if !knobs.kinds.iter().any(|k| k.starts_with("exactly")) {
        return Err(KnobError::new(
            "kinds",
            "must include exactly_true or exactly_false",
        ));
    }
    Ok(())
}
