//! Generation: a random full grid, clues removed while the puzzle stays unique (and within
//! the grade window), then graded and kept or redrawn.

use serde_json::{Map, Value};

use super::format::pattern_grid;
use super::geometry::{geometry, Geometry, Grid};
use super::grader::{grade_puzzle, Logic, Technique, GRADE_NAMES, TECHNIQUES};
use super::knobs::{SudokuKnobs, Symmetry};
use super::payload::SudokuPuzzle;
use super::solve::{count_solutions, random_full_grid, still_unique};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// The clue groups removed together under `symmetry`.
pub(super) fn orbits(geo: &Geometry, symmetry: Symmetry) -> Vec<([usize; 2], usize)> {
    let n = geo.n;
    let mut out = Vec::with_capacity(geo.cells);
    for c in 0..geo.cells {
        let (r, k) = (c / n, c % n);
        let partner = match symmetry {
            Symmetry::None => c,
            Symmetry::Rotational => (n - 1 - r) * n + (n - 1 - k),
            Symmetry::Mirror => r * n + (n - 1 - k),
        };
        if partner == c {
            out.push(([c, c], 1));
        } else if partner > c {
            out.push(([c, partner], 2));
        }
    }
    out
}

/// Blanks clues of `full` in random order while the puzzle stays unique (and, with a cap
/// below 5, logically solvable within the cap). Stops at `target` blanks if given.
pub(super) fn remove_clues(
    geo: &'static Geometry,
    full: &Grid,
    knobs: &SudokuKnobs,
    target: Option<usize>,
    rng: &mut ItemRng,
) -> (Grid, usize) {
    let mut groups = orbits(geo, knobs.symmetry);
    rng.shuffle(&mut groups);
    let max_empty = usize::from(knobs.empty_cells[1]);
    let mut grid = *full;
    let mut empty = 0;
    // Once the grade reaches `min_grade`, removals that would bring it back down are refused.
    let mut reached = false;
    for (cells, len) in groups {
        let cells = &cells[..len];
        if let Some(target) = target {
            if empty >= target {
                break;
            }
            if empty + len > max_empty {
                continue;
            }
        }
        for &c in cells {
            grid[c] = 0;
        }
        let keep = if knobs.max_grade < 5 {
            match Logic::new(geo, &grid, None).run(knobs.max_grade) {
                Some(report) if report.grade >= knobs.min_grade => {
                    reached = true;
                    true
                }
                Some(_) => !reached,
                None => false,
            }
        } else {
            still_unique(geo, &grid, full, cells)
        };
        if keep {
            empty += len;
        } else {
            for &c in cells {
                grid[c] = full[c];
            }
        }
    }
    (grid, empty)
}

/// Whether no single clue of the unique puzzle `grid` can be removed keeping uniqueness.
pub(super) fn is_minimal(geo: &Geometry, grid: &Grid, full: &Grid) -> bool {
    (0..geo.cells).all(|c| {
        if grid[c] == 0 {
            return true;
        }
        let mut trial = *grid;
        trial[c] = 0;
        !still_unique(geo, &trial, full, &[c])
    })
}

/// One puzzle within the knobs, or an error once `max_attempts` full grids are used up.
pub(super) fn generate(
    knobs: &SudokuKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<SudokuPuzzle>, GenerateError> {
    let geo = geometry(knobs.size);
    let (lo, hi) = (
        usize::from(knobs.empty_cells[0]),
        usize::from(knobs.empty_cells[1]),
    );
    for attempt in 1..=knobs.max_attempts {
        // The prompt shows `pattern_grid` as its format example: a puzzle whose solution
        // it is would pay for copying the example, so such grids are redrawn.
        let full = loop {
            let full = random_full_grid(geo, rng);
            if full[..geo.cells] != pattern_grid(geo)[..geo.cells] {
                break full;
            }
        };
        let target = if knobs.minimal {
            None
        } else {
            Some(rng.range(lo as i64, hi as i64) as usize)
        };
        let (grid, empty) = remove_clues(geo, &full, knobs, target, rng);
        if !(lo..=hi).contains(&empty) {
            continue;
        }
        let report = grade_puzzle(geo, &grid, &full);
        let guesses = report.counts[Technique::Guess as usize];
        if !(knobs.min_grade..=knobs.max_grade).contains(&report.grade)
            || guesses < u32::from(knobs.min_guesses)
            || guesses > u32::from(knobs.max_guesses)
        {
            continue;
        }
        let solutions = count_solutions(geo, &grid, 2);
        if solutions != 1 {
            continue;
        }
        let mut metadata = Map::with_capacity(12);
        metadata.insert("size".into(), Value::from(knobs.size));
        metadata.insert("empty_cells".into(), Value::from(empty));
        metadata.insert("clues".into(), Value::from(geo.cells - empty));
        metadata.insert("symmetry".into(), Value::from(knobs.symmetry.name()));
        metadata.insert("solutions".into(), Value::from(solutions));
        metadata.insert(
            "grade".into(),
            Value::from(GRADE_NAMES[usize::from(report.grade) - 1]),
        );
        metadata.insert("grade_level".into(), Value::from(report.grade));
        metadata.insert("steps".into(), Value::from(report.steps));
        metadata.insert("guesses".into(), Value::from(guesses));
        let mut used = Map::new();
        for (t, &count) in TECHNIQUES.iter().zip(&report.counts) {
            if count > 0 {
                used.insert(t.name().into(), Value::from(count));
            }
        }
        metadata.insert("techniques".into(), Value::Object(used));
        if knobs.minimal {
            // Uncapped removal without symmetry tried every clue against uniqueness.
            let minimal = (knobs.max_grade == 5 && knobs.symmetry == Symmetry::None)
                || is_minimal(geo, &grid, &full);
            metadata.insert("minimal".into(), Value::from(minimal));
        }
        metadata.insert("attempts".into(), Value::from(attempt));
        return Ok(Generated {
            puzzle: SudokuPuzzle {
                size: knobs.size,
                givens: grid,
                solution: full,
            },
            difficulty: f64::from(report.grade) * 1000.0
                + f64::from(guesses) * 100.0
                + f64::from(report.steps),
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no {n}x{n} puzzle with {lo}-{hi} blanks, grade {}-{} and {}-{} guesses in {} attempts",
        knobs.min_grade,
        knobs.max_grade,
        knobs.min_guesses,
        knobs.max_guesses,
        knobs.max_attempts,
        n = knobs.size,
    )))
}
