//! Near misses for the conformance suite and the reward-hacking attempts that must score 0.

use super::format::{pattern_grid, render_grid, render_rows};
use super::geometry::{bit, Grid, MAX_CELLS};
use super::payload::SudokuPuzzle;
use crate::rng::ItemRng;

/// Wrong answers that look right: one cell changed, two swapped, a given changed, ...
pub(super) fn wrong_answers(puzzle: &SudokuPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let geo = puzzle.geo();
    let n = geo.n;
    let solution = &puzzle.solution;
    let open: Vec<usize> = (0..geo.cells).filter(|&c| puzzle.givens[c] == 0).collect();
    let given: Vec<usize> = (0..geo.cells).filter(|&c| puzzle.givens[c] != 0).collect();
    let mut grids: Vec<Grid> = Vec::new();
    // One blank cell changed.
    if !open.is_empty() {
        let mut g = *solution;
        let c = *rng.choose(&open);
        g[c] = (g[c] % n as u8) + 1;
        grids.push(g);
    }
    // Two blank cells of one row swapped.
    for _ in 0..20 {
        if open.len() < 2 {
            break;
        }
        let a = *rng.choose(&open);
        let row_mates: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&c| c != a && geo.row[c] == geo.row[a])
            .collect();
        if let Some(&b) = row_mates.first() {
            let mut g = *solution;
            g.swap(a, b);
            grids.push(g);
            break;
        }
    }
    // A given changed.
    if !given.is_empty() {
        let mut g = *solution;
        let c = *rng.choose(&given);
        g[c] = (g[c] % n as u8) + 1;
        grids.push(g);
    }
    // Givens kept, blanks filled with a constant.
    let mut g = puzzle.givens;
    let d = rng.range(1, n as i64) as u8;
    for &c in &open {
        g[c] = d;
    }
    grids.push(g);
    let mut out: Vec<String> = grids
        .iter()
        .filter(|g| g[..geo.cells] != solution[..geo.cells])
        .map(|g| render_rows(geo, g))
        .collect();
    // The solution with its last row missing.
    let full = render_rows(geo, solution);
    if let Some(cut) = full.rfind('\n') {
        out.push(full[..cut].to_string());
    }
    out
}

/// Named attempts to score without solving.
pub(super) fn exploits(puzzle: &SudokuPuzzle) -> Vec<(&'static str, String)> {
    let geo = puzzle.geo();
    let n = geo.n;
    let cells = geo.cells;
    let solution = &puzzle.solution;
    let givens = &puzzle.givens;
    let mut grids: Vec<(&'static str, Grid)> = Vec::new();
    let mut ones = [0u8; MAX_CELLS];
    ones[..cells].fill(1);
    grids.push(("a grid of one digit", ones));
    let mut constant = *givens;
    for cell in &mut constant[..cells] {
        if *cell == 0 {
            *cell = 1;
        }
    }
    grids.push(("givens kept, blanks a constant", constant));
    // Givens kept, each unit's missing digits filled in ascending order (a row, column or
    // box is then complete, but nothing was solved).
    for (name, first_unit) in [
        ("givens kept, rows filled in order", 0),
        ("givens kept, columns filled in order", n),
        ("givens kept, boxes filled in order", 2 * n),
    ] {
        let mut grid = *givens;
        for u in first_unit..first_unit + n {
            let unit = geo.unit(u);
            let present = unit
                .iter()
                .map(|&c| givens[c as usize])
                .filter(|&d| d != 0)
                .fold(0u16, |m, d| m | bit(d));
            let mut missing = (1..=n as u8).filter(|&d| present & bit(d) == 0);
            for &c in unit {
                if grid[c as usize] == 0 {
                    grid[c as usize] = missing.next().unwrap_or(1);
                }
            }
        }
        grids.push((name, grid));
    }
    grids.push(("givens only, blanks unfilled", *givens));
    // Valid-looking grids that break the givens.
    let mut changed = *solution;
    if let Some(c) = (0..cells).find(|&c| givens[c] != 0) {
        changed[c] = changed[c] % n as u8 + 1;
    }
    grids.push(("the solution with one given changed", changed));
    let mut shifted = *solution;
    for cell in &mut shifted[..cells] {
        *cell = *cell % n as u8 + 1;
    }
    grids.push(("the solution with every digit shifted", shifted));
    if geo.bh == geo.bw {
        let mut transposed = [0u8; MAX_CELLS];
        for r in 0..n {
            for k in 0..n {
                transposed[k * n + r] = solution[r * n + k];
            }
        }
        grids.push(("the solution transposed", transposed));
    }
    grids.push(("the format example's grid", pattern_grid(geo)));
    // Every attempt is skipped if it happens to be the solution itself.
    let mut out: Vec<(&'static str, String)> = grids
        .iter()
        .filter(|(_, grid)| grid[..cells] != solution[..cells])
        .map(|(name, grid)| (*name, render_rows(geo, grid)))
        .collect();
    let mut prompt_grid = String::new();
    render_grid(geo, givens, &mut prompt_grid);
    out.push(("the givens copied from the prompt", prompt_grid));
    // Digits out of range for the size (read as unfilled cells).
    if n < 9 {
        let nines: String = render_rows(geo, givens).replace('.', "9");
        out.push(("givens kept, blanks an out-of-range digit", nines));
    }
    out
}
