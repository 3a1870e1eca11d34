//! The knobs of [`super::Sudoku`] and their checks.

use serde::{Deserialize, Serialize};

use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// How clues are removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Symmetry {
    /// Cells are removed one at a time.
    None,
    /// A cell and its 180° rotation are removed together.
    Rotational,
    /// A cell and its left-right mirror image are removed together.
    Mirror,
}

impl Symmetry {
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Rotational => "rotational",
            Self::Mirror => "mirror",
        }
    }
}

/// The knobs of [`Sudoku`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SudokuKnobs {
    /// Side of the grid: 4 (2×2 boxes), 6 (2×3 boxes) or 9 (3×3 boxes).
    pub size: u8,
    /// Inclusive range `[min, max]` of blank cells. Without `minimal`, removal stops at a
    /// target drawn in it; with `minimal`, puzzles outside it are rejected.
    pub empty_cells: [u16; 2],
    /// Symmetry of the clue pattern: `none`, `rotational` or `mirror`.
    pub symmetry: Symmetry,
    /// Try to remove every remaining clue (minimal puzzles, under the grade cap if any).
    pub minimal: bool,
    /// The hardest technique needed must be at least this grade (1 singles, 2 pairs and
    /// triples, 3 pointing and box-line, 4 fish, 5 guessing).
    pub min_grade: u8,
    /// The hardest technique needed must be at most this grade; below 5 it also caps every
    /// clue removal.
    pub max_grade: u8,
    /// The grader must guess at least this many times (needs `max_grade = 5`; 0 = no
    /// constraint): separates puzzles needing one guess from deeper search.
    pub min_guesses: u8,
    /// The grader may guess at most this many times (81 = no limit).
    pub max_guesses: u8,
    /// Full grids tried before generation fails.
    pub max_attempts: u32,
}

impl Default for SudokuKnobs {
    fn default() -> Self {
        Self {
            size: 9,
            empty_cells: [46, 52],
            symmetry: Symmetry::Rotational,
            minimal: false,
            min_grade: 1,
            max_grade: 1,
            min_guesses: 0,
            max_guesses: 81,
            max_attempts: 200,
        }
    }
}

/// Range and consistency checks of the knobs.
pub(super) fn check_knobs(knobs: &SudokuKnobs) -> Result<(), KnobError> {
    if !matches!(knobs.size, 4 | 6 | 9) {
        return Err(KnobError::new(
            "size",
            format!("must be 4, 6 or 9, got {}", knobs.size),
        ));
    }
    // At least one blank (something to solve) and at least one clue.
    let cells = u16::from(knobs.size) * u16::from(knobs.size);
    let [lo, hi] = knobs.empty_cells;
    check_range("empty_cells", lo, 1, cells - 1)?;
    check_range("empty_cells", hi, lo, cells - 1)?;
    check_range("min_grade", knobs.min_grade, 1, 5)?;
    check_range("max_grade", knobs.max_grade, knobs.min_grade, 5)?;
    if knobs.min_guesses > 0 && knobs.max_grade < 5 {
        return Err(KnobError::new(
            "min_guesses",
            "guesses only happen at grade 5: set max_grade = 5 or min_guesses = 0",
        ));
    }
    check_range("min_guesses", knobs.min_guesses, 0, 20)?;
    check_range("max_guesses", knobs.max_guesses, knobs.min_guesses, 81)?;
    check_range("max_attempts", knobs.max_attempts, 1, 10_000)
}
