//! The prompt, the grid rendering and the answer parser (inverses of each other).

use std::fmt::Write as _;

use super::geometry::{Geometry, Grid, MAX_CELLS};
use super::payload::SudokuPuzzle;
use crate::kit::grid::{self as kit_grid, GridReader, GridStyle};
use crate::task::ParseError;

/// A parsed answer grid (`0` for unfilled or out-of-range cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SudokuAnswer {
    pub(super) cells: Grid,
}

/// The symbol of each cell value: `.` for blank, else the digit.
const SYMBOLS: [&str; 10] = [".", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn symbol(d: u8) -> &'static str {
    SYMBOLS[usize::from(d.min(9))]
}

/// Appends the grid with its box lines (the prompt's layout), a newline after each line.
pub(super) fn render_grid(geo: &Geometry, grid: &Grid, out: &mut String) {
    let style = GridStyle::boxed(geo.bh, geo.bw);
    out.push_str(&kit_grid::render_grid(geo.n, geo.n, &style, |r, k| {
        symbol(grid[r * geo.n + k])
    }));
    out.push('\n');
}

/// The grid as the answer format asks: one line per row, cells separated by spaces.
pub(super) fn render_rows(geo: &Geometry, grid: &Grid) -> String {
    kit_grid::render_grid(geo.n, geo.n, &GridStyle::SPACED, |r, k| {
        symbol(grid[r * geo.n + k])
    })
}

/// A fixed valid grid used only to show the answer format.
pub(super) fn pattern_grid(geo: &Geometry) -> Grid {
    let n = geo.n;
    let mut grid = [0; MAX_CELLS];
    for r in 0..n {
        for k in 0..n {
            grid[r * n + k] = ((geo.bw * (r % geo.bh) + r / geo.bh + k) % n) as u8 + 1;
        }
    }
    grid
}

/// The prompt: the rules, the grid with box lines, and the answer format.
pub(super) fn prompt(puzzle: &SudokuPuzzle) -> String {
    let geo = puzzle.geo();
    let n = geo.n;
    let mut out = String::with_capacity(1024);
    let boxes = match n {
        4 => "four 2×2 boxes",
        6 => "six 2×3 boxes (2 rows by 3 columns)",
        _ => "nine 3×3 boxes",
    };
    let _ = write!(
        out,
        "Solve this {n}×{n} Sudoku puzzle. The grid is divided into {boxes}, marked by \
         `|` and `-` lines. Fill every empty cell (shown as `.`) with a digit from 1 to \
         {n} so that every row, every column and every box contains each digit from 1 \
         to {n} exactly once. The puzzle has exactly one solution.\n\n"
    );
    render_grid(geo, &puzzle.givens, &mut out);
    let _ = write!(
        out,
        "\nGive the completed grid: {n} lines, one per row from top to bottom, each with \
         the row's {n} digits (givens included) separated by single spaces, without box \
         separators. Put your final answer inside <answer> and </answer> tags. For \
         example (this only shows the format, it is not the solution):\n<answer>\n{}\n\
         </answer>",
        render_rows(geo, &pattern_grid(geo))
    );
    out
}

/// Reads a grid answer; the module docs of [`super`] say what is accepted. Every ASCII digit
/// is one cell, read in order however the cells are spread over lines; `.`, `_`, `0` and
/// digits above the size are unfilled cells. Letters and non-ASCII letters or digits are
/// refused; every other character is skipped.
pub(super) fn parse_answer(puzzle: &SudokuPuzzle, text: &str) -> Result<SudokuAnswer, ParseError> {
    let geo = puzzle.geo();
    let max_digit = geo.n as u8;
    let expected = match geo.n {
        4 => "a digit from 1 to 4 (`.` for an unfilled cell)",
        6 => "a digit from 1 to 6 (`.` for an unfilled cell)",
        _ => "a digit from 1 to 9 (`.` for an unfilled cell)",
    };
    let cell = |token: &str| match token.as_bytes() {
        [d @ b'0'..=b'9'] => Some(if d - b'0' <= max_digit { d - b'0' } else { 0 }),
        [b'.' | b'_'] => Some(0),
        _ => None,
    };
    let read = GridReader::new(geo.n, geo.n, expected, cell)
        .also_skipping(|ch| !ch.is_alphanumeric())
        .cells_in_reading_order()
        .read(text)?;
    let mut cells = [0u8; MAX_CELLS];
    cells[..read.len()].copy_from_slice(&read);
    Ok(SudokuAnswer { cells })
}
