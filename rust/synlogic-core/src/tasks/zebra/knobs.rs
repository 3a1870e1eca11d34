//! Clue types and the knobs.

use serde::{Deserialize, Serialize};

/// A clue type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClueType {
    /// "X lives in house k."
    FoundAt,
    /// "X does not live in house k."
    NotAt,
    /// "X is Y." (same house)
    SameHouse,
    /// "X is not Y." (different houses)
    NotSameHouse,
    /// "X lives somewhere to the left of Y."
    LeftOf,
    /// "X lives somewhere to the right of Y."
    RightOf,
    /// "X lives directly left of Y."
    DirectlyLeft,
    /// "X and Y live next to each other."
    NextTo,
    /// "There is one house between X and Y."
    OneBetween,
    /// "There are two houses between X and Y."
    TwoBetween,
}

impl ClueType {
    /// Every clue type, in code order.
    pub(super) const ALL: [Self; 10] = [
        Self::FoundAt,
        Self::NotAt,
        Self::SameHouse,
        Self::NotSameHouse,
        Self::LeftOf,
        Self::RightOf,
        Self::DirectlyLeft,
        Self::NextTo,
        Self::OneBetween,
        Self::TwoBetween,
    ];

    /// The compact code stored in payloads.
    pub(super) fn code(self) -> u8 {
        self as u8
    }

    /// The type of a stored code.
    pub(super) fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(code as usize).copied()
    }

    /// The snake_case name.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::FoundAt => "found_at",
            Self::NotAt => "not_at",
            Self::SameHouse => "same_house",
            Self::NotSameHouse => "not_same_house",
            Self::LeftOf => "left_of",
            Self::RightOf => "right_of",
            Self::DirectlyLeft => "directly_left",
            Self::NextTo => "next_to",
            Self::OneBetween => "one_between",
            Self::TwoBetween => "two_between",
        }
    }

    /// Whether the clue names a house rather than a second entity.
    pub(super) fn is_unary(self) -> bool {
        matches!(self, Self::FoundAt | Self::NotAt)
    }

    /// The fewest houses this clue type can be true in.
    pub(super) fn min_houses(self) -> usize {
        match self {
            Self::OneBetween => 3,
            Self::TwoBetween => 4,
            _ => 2,
        }
    }

    /// Whether the type can break the puzzle's mirror and relabelling symmetries.
    pub(super) fn anchors(self) -> bool {
        matches!(
            self,
            Self::FoundAt | Self::NotAt | Self::LeftOf | Self::RightOf | Self::DirectlyLeft
        )
    }

    /// The sampling weight (found_at is sampled less often: it gives cells away).
    pub(super) fn weight(self) -> f64 {
        match self {
            Self::FoundAt => 0.5,
            _ => 1.0,
        }
    }
}

/// What the model is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Fill in the whole grid.
    #[default]
    Grid,
    /// Give one random cell.
    Cell,
}

/// How a grid answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerFormat {
    /// A JSON object of houses to objects of attributes.
    #[default]
    Json,
    /// A markdown table, one row per house.
    Table,
}

/// The zebra knobs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZebraKnobs {
    /// Number of houses in the row (2..=10).
    pub houses: u32,
    /// Number of attributes per house (2..=10).
    pub attributes: u32,
    /// Allowed clue types (snake_case names); must include an anchoring type (`found_at`,
    /// `not_at`, `left_of`, `right_of` or `directly_left`).
    pub clue_types: Vec<ClueType>,
    /// `"grid"` (fill in every cell) or `"cell"` (one random cell).
    pub question: QuestionKind,
    /// `"json"` or `"table"`: the grid answer format the prompt asks for.
    pub format: AnswerFormat,
}

impl Default for ZebraKnobs {
    fn default() -> Self {
        Self {
            houses: 4,
            attributes: 3,
            clue_types: ClueType::ALL.to_vec(),
            question: QuestionKind::Grid,
            format: AnswerFormat::Json,
        }
    }
}
