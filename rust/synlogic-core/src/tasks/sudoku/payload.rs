//! The puzzle as stored in the verification payload, and its checks on load.

use serde::{Deserialize, Serialize};

use super::geometry::{geometry, is_valid_solution, Geometry, Grid, MAX_CELLS};

/// A Sudoku puzzle: its size, givens and (unique) solution.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "PuzzleSpec", into = "PuzzleSpec")]
pub struct SudokuPuzzle {
    pub(super) size: u8,
    pub(super) givens: Grid,
    pub(super) solution: Grid,
}

/// The payload form: `n` the size, `g` the givens row by row (`.` for blank), `s` the
/// solution.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PuzzleSpec {
    n: u8,
    g: String,
    s: String,
}

impl From<SudokuPuzzle> for PuzzleSpec {
    fn from(p: SudokuPuzzle) -> Self {
        let cells = usize::from(p.size) * usize::from(p.size);
        let text = |grid: &Grid| -> String {
            grid[..cells]
                .iter()
                .map(|&d| if d == 0 { '.' } else { char::from(b'0' + d) })
                .collect()
        };
        Self {
            n: p.size,
            g: text(&p.givens),
            s: text(&p.solution),
        }
    }
}

impl TryFrom<PuzzleSpec> for SudokuPuzzle {
    type Error = String;

    fn try_from(spec: PuzzleSpec) -> Result<Self, String> {
        if !matches!(spec.n, 4 | 6 | 9) {
            return Err(format!("size {} is not 4, 6 or 9", spec.n));
        }
        let geo = geometry(spec.n);
        let read = |text: &str, blanks: bool| -> Result<Grid, String> {
            if text.len() != geo.cells {
                return Err(format!(
                    "grid has {} cells, expected {}",
                    text.len(),
                    geo.cells
                ));
            }
            let mut grid = [0; MAX_CELLS];
            for (cell, byte) in grid.iter_mut().zip(text.bytes()) {
                *cell = match byte {
                    b'.' if blanks => 0,
                    b'1'..=b'9' if usize::from(byte - b'0') <= geo.n => byte - b'0',
                    _ => return Err(format!("bad cell {:?}", char::from(byte))),
                };
            }
            Ok(grid)
        };
        let givens = read(&spec.g, true)?;
        let solution = read(&spec.s, false)?;
        if !is_valid_solution(geo, &solution) {
            return Err("the solution breaks the rules".into());
        }
        if (0..geo.cells).any(|c| givens[c] != 0 && givens[c] != solution[c]) {
            return Err("the solution does not keep the givens".into());
        }
        Ok(Self {
            size: spec.n,
            givens,
            solution,
        })
    }
}

impl SudokuPuzzle {
    /// A puzzle from givens and a solution (both `size²` digits, `0` for blank givens),
    /// checked like a payload.
    pub fn new(size: u8, givens: &[u8], solution: &[u8]) -> Result<Self, String> {
        let text = |cells: &[u8]| -> String {
            cells
                .iter()
                .map(|&d| {
                    if d == 0 {
                        '.'
                    } else {
                        char::from(b'0' + d.min(9))
                    }
                })
                .collect()
        };
        Self::try_from(PuzzleSpec {
            n: size,
            g: text(givens),
            s: text(solution),
        })
    }

    pub(super) fn geo(&self) -> &'static Geometry {
        geometry(self.size)
    }
}
