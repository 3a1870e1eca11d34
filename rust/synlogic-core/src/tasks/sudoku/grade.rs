//! Grading: the rules (rows, columns, boxes) and the givens, and the gated partial credit.

use super::format::SudokuAnswer;
use super::geometry::{bit, Geometry};
use super::payload::SudokuPuzzle;
use super::CREDIT_THRESHOLD;
use crate::task::Grade;

/// The digits seen, and seen more than once, in each row, column and box of an answer
/// (16-wide tables so that masked indices need no bounds checks).
pub(super) struct UnitDigits {
    pub(super) row_seen: [u16; 16],
    pub(super) row_dup: [u16; 16],
    pub(super) col_seen: [u16; 16],
    pub(super) col_dup: [u16; 16],
    pub(super) box_seen: [u16; 16],
    pub(super) box_dup: [u16; 16],
}

impl UnitDigits {
    pub(super) fn of(geo: &Geometry, cells: &[u8]) -> Self {
        let mut t = Self {
            row_seen: [0; 16],
            row_dup: [0; 16],
            col_seen: [0; 16],
            col_dup: [0; 16],
            box_seen: [0; 16],
            box_dup: [0; 16],
        };
        for (r, row) in cells.chunks_exact(geo.n).enumerate() {
            let (mut seen, mut dup) = (0u16, 0u16);
            let boxes = &geo.boxi[r * geo.n..];
            for (k, (&d, &x)) in row.iter().zip(boxes).enumerate() {
                let (k, x) = (k & 15, usize::from(x & 15));
                let b = (1u16 << (d & 15)) >> 1;
                dup |= seen & b;
                seen |= b;
                t.col_dup[k] |= t.col_seen[k] & b;
                t.col_seen[k] |= b;
                t.box_dup[x] |= t.box_seen[x] & b;
                t.box_seen[x] |= b;
            }
            t.row_seen[r & 15] = seen;
            t.row_dup[r & 15] = dup;
        }
        t
    }

    /// Every row, column and box holds every digit (so nothing is blank or repeated).
    pub(super) fn complete(&self, geo: &Geometry) -> bool {
        let n = geo.n;
        self.row_seen[..n]
            .iter()
            .chain(&self.col_seen[..n])
            .chain(&self.box_seen[..n])
            .all(|&m| m == geo.full)
    }
}

/// The gated partial credit of a wrong answer that keeps every given: blank cells count as
/// right when they hold the solution's digit and repeat no digit of their row, column or box.
pub(super) fn partial_credit(puzzle: &SudokuPuzzle, cells: &[u8], units: &UnitDigits) -> Grade {
    let geo = puzzle.geo();
    let (mut open, mut right) = (0u32, 0u32);
    let n = geo.n;
    for (c, ((&d, &g), &s)) in cells
        .iter()
        .zip(&puzzle.givens)
        .zip(&puzzle.solution)
        .enumerate()
    {
        if g != 0 {
            continue;
        }
        open += 1;
        if d == 0 || d != s {
            continue;
        }
        let (r, k) = ((c / n) & 15, (c % n) & 15);
        let x = usize::from(geo.boxi[c] & 15);
        let clash = (units.row_dup[r] | units.col_dup[k] | units.box_dup[x]) & bit(d) != 0;
        right += u32::from(!clash);
    }
    if open == 0 {
        return Grade::WRONG;
    }
    let accuracy = f64::from(right) / f64::from(open);
    Grade::partial(((accuracy - CREDIT_THRESHOLD) / (1.0 - CREDIT_THRESHOLD)).max(0.0))
}

/// 1 for a grid that keeps the givens and breaks no rule; else the gated partial credit.
pub(super) fn grade(puzzle: &SudokuPuzzle, answer: &SudokuAnswer) -> Grade {
    let geo = puzzle.geo();
    let cells = &answer.cells[..geo.cells];
    if cells
        .iter()
        .zip(&puzzle.givens)
        .any(|(&d, &g)| g != 0 && d != g)
    {
        return Grade::WRONG;
    }
    let units = UnitDigits::of(geo, cells);
    if units.complete(geo) {
        return Grade::CORRECT;
    }
    partial_credit(puzzle, cells, &units)
}
