//! The puzzle as stored in the verification payload, and its checks on load.
//!
//! A payload is untrusted (a dataset can be edited, the reward server reads payloads from
//! the network), so loading bounds everything it controls before anything else runs: the
//! puzzle's JSON length, the size `n` (4, 6 or 9), both grids' lengths (exactly `n²`), every
//! cell, the count of blank cells (1 to `n² - 1`, as generated), and the solution's rules
//! and agreement with the givens. A loaded puzzle then verifies in time linear in the answer
//! (at most [`super::Sudoku`]'s 8 KiB) plus a fixed 81-cell grade.

use serde::{Deserialize, Serialize};

use super::geometry::{geometry, is_valid_solution, Geometry, Grid, MAX_CELLS};

/// The longest puzzle JSON accepted: a 9×9 puzzle is about 190 bytes, and even with every
/// character escaped (`\u0031`) under 1,100; anything longer is refused before it is read.
pub(super) const MAX_PUZZLE_JSON_BYTES: usize = 4096;

/// Reads a puzzle from payload JSON, refusing oversized JSON before serde allocates for it.
pub(super) fn load(json: &str) -> Result<SudokuPuzzle, String> {
    if json.len() > MAX_PUZZLE_JSON_BYTES {
        return Err(format!(
            "puzzle: {} bytes of JSON, at most {MAX_PUZZLE_JSON_BYTES}",
            json.len()
        ));
    }
    serde_json::from_str(json).map_err(|e| e.to_string())
}

/// A Sudoku puzzle: its size, givens and (unique) solution.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "PuzzleSpec", into = "PuzzleSpec")]
pub struct SudokuPuzzle {
    pub(super) size: u8,
    pub(super) givens: Grid,
    pub(super) solution: Grid,
}

/// The payload form: `n` the size, `g` the givens row by row (`.` for blank), `s` the
/// solution. `n` is read as any integer so that an out-of-range size is refused by name.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PuzzleSpec {
    n: i64,
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
            n: i64::from(p.size),
            g: text(&p.givens),
            s: text(&p.solution),
        }
    }
}

impl TryFrom<PuzzleSpec> for SudokuPuzzle {
    type Error = String;

    fn try_from(spec: PuzzleSpec) -> Result<Self, String> {
        let size = match spec.n {
            4 => 4,
            6 => 6,
            9 => 9,
            n => return Err(format!("n (the size) must be 4, 6 or 9, got {n}")),
        };
        let geo = geometry(size);
        let read = |field: &str, text: &str, blanks: bool| -> Result<Grid, String> {
            if text.len() != geo.cells {
                return Err(format!(
                    "{field}: {} bytes, expected {} (one per cell)",
                    text.len(),
                    geo.cells
                ));
            }
            let mut grid = [0; MAX_CELLS];
            for (i, (cell, byte)) in grid.iter_mut().zip(text.bytes()).enumerate() {
                *cell = match byte {
                    b'.' if blanks => 0,
                    b'1'..=b'9' if usize::from(byte - b'0') <= geo.n => byte - b'0',
                    _ => {
                        return Err(format!(
                            "{field}: bad cell {:?} at position {i}",
                            char::from(byte)
                        ))
                    }
                };
            }
            Ok(grid)
        };
        let givens = read("g (the givens)", &spec.g, true)?;
        let solution = read("s (the solution)", &spec.s, false)?;
        let blanks: usize = givens[..geo.cells]
            .iter()
            .map(|&d| usize::from(d == 0))
            .sum();
        if blanks == 0 || blanks == geo.cells {
            return Err(format!(
                "g (the givens): {blanks} blank cells, expected 1 to {}",
                geo.cells - 1
            ));
        }
        if !is_valid_solution(geo, &solution) {
            return Err("s (the solution) breaks the rules".into());
        }
        if (0..geo.cells).any(|c| givens[c] != 0 && givens[c] != solution[c]) {
            return Err("s (the solution) does not keep the givens g".into());
        }
        Ok(Self {
            size,
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
            n: i64::from(size),
            g: text(givens),
            s: text(solution),
        })
    }

    pub(super) fn geo(&self) -> &'static Geometry {
        geometry(self.size)
    }
}
