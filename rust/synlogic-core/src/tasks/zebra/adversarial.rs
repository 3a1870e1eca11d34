//! Wrong answers and exploit attempts, for the conformance and exploit tests.

use std::fmt::Write as _;

use crate::rng::ItemRng;

use super::puzzle::{Ask, ZebraPuzzle};
use super::render::{render_grid, render_json_grid, solution_grid, table_header};

/// Plausible wrong answers: near-miss grids, other values, other houses.
pub(super) fn wrong_answers(puzzle: &ZebraPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let n = puzzle.houses();
    let m = puzzle.attributes();
    match puzzle.q {
        Ask::Grid => {
            let truth = solution_grid(puzzle);
            let mut out = Vec::new();
            // Two houses swapped in one attribute, for a few attributes.
            for a in rng.sample_indices(m, m.min(3)) {
                let houses = rng.sample_indices(n, 2);
                let mut grid = truth.clone();
                grid.swap(a * n + houses[0], a * n + houses[1]);
                out.push(render_grid(puzzle, &grid));
            }
            // One attribute rotated by a house.
            let a = rng.index(m);
            let mut grid = truth.clone();
            grid[a * n..a * n + n].rotate_left(1);
            out.push(render_grid(puzzle, &grid));
            // A duplicated value (not a permutation).
            let mut grid = truth.clone();
            grid[a * n] = grid[a * n + 1];
            out.push(render_grid(puzzle, &grid));
            // The right grid followed by a second, different one.
            let mut other = truth.clone();
            other.swap(0, 1);
            out.push(format!(
                "{} or {}",
                render_json_grid(puzzle, &truth),
                render_json_grid(puzzle, &other)
            ));
            // The right grid with a house missing.
            let full = render_json_grid(puzzle, &truth);
            if let Some(cut) = full.rfind(", \"House") {
                out.push(format!("{}}}", &full[..cut]));
            }
            out
        }
        Ask::Value { a, h } => {
            let truth = puzzle.s[a as usize][h as usize] as usize;
            let mut out: Vec<String> = (0..n)
                .filter(|&x| x != truth)
                .map(|x| puzzle.value(a as usize, x).to_string())
                .collect();
            let other = (truth + 1) % n;
            out.push(format!(
                "{}, {}",
                puzzle.value(a as usize, truth),
                puzzle.value(a as usize, other)
            ));
            out
        }
        Ask::House { a, x } => {
            let truth = puzzle.s[a as usize]
                .iter()
                .position(|&v| v == x)
                .unwrap_or(0);
            let mut out: Vec<String> = (0..n)
                .filter(|&h| h != truth)
                .map(|h| (h + 1).to_string())
                .collect();
            out.push(format!("{} or {}", truth + 1, (truth + 1) % n + 1));
            out.push("0".into());
            out
        }
    }
}

/// Answers that try to game the reader or the grader; none may score.
pub(super) fn exploits(puzzle: &ZebraPuzzle) -> Vec<(&'static str, String)> {
    if !puzzle.is_well_formed() {
        return Vec::new();
    }
    let n = puzzle.houses();
    let m = puzzle.attributes();
    let mut out: Vec<(&'static str, String)> = Vec::new();
    match puzzle.q {
        Ask::Grid => {
            let truth = solution_grid(puzzle);
            let mut grids: Vec<(&'static str, Vec<u8>)> = vec![
                ("the same value in every house", vec![0; n * m]),
                (
                    "values in listed order",
                    (0..m).flat_map(|_| 0..n as u8).collect(),
                ),
                (
                    "values in reverse order",
                    (0..m).flat_map(|_| (0..n as u8).rev()).collect(),
                ),
            ];
            // The cells stated by `found_at` clues, the rest in listed order.
            let given = puzzle.given_cells();
            let mut stated = Vec::with_capacity(n * m);
            for a in 0..m {
                let fixed: Vec<u8> = (0..n)
                    .filter(|&h| given[a * n + h])
                    .map(|h| truth[a * n + h])
                    .collect();
                let mut rest = (0..n as u8).filter(|x| !fixed.contains(x));
                for h in 0..n {
                    stated.push(if given[a * n + h] {
                        truth[a * n + h]
                    } else {
                        rest.next().unwrap_or(0)
                    });
                }
            }
            grids.push(("the stated cells, the rest in listed order", stated));
            out.extend(
                grids
                    .into_iter()
                    .filter(|(_, grid)| *grid != truth)
                    .map(|(name, grid)| (name, render_json_grid(puzzle, &grid))),
            );
            let oracle = render_json_grid(puzzle, &truth);
            out.push((
                "a duplicated house",
                oracle.replacen("\"House 2\"", "\"House 1\"", 1),
            ));
            out.push((
                "house keys from 0",
                (1..=n).fold(oracle.clone(), |text, h| {
                    text.replacen(
                        &format!("\"House {h}\""),
                        &format!("\"House {}\"", h - 1),
                        1,
                    )
                }),
            ));
            // Each attribute given the values of the next attribute.
            let house = |h: usize, value: &dyn Fn(usize) -> String| -> String {
                let fields: Vec<String> = (0..m)
                    .map(|a| format!("\"{}\": \"{}\"", puzzle.category(a).name, value(a)))
                    .collect();
                format!("\"House {}\": {{{}}}", h + 1, fields.join(", "))
            };
            let object = |value: &dyn Fn(usize, usize) -> String| -> String {
                let houses: Vec<String> = (0..n).map(|h| house(h, &|a| value(a, h))).collect();
                format!("{{{}}}", houses.join(", "))
            };
            out.push((
                "values from another attribute",
                object(&|a, h| {
                    let b = (a + 1) % m;
                    puzzle.value(b, truth[b * n + h] as usize).to_string()
                }),
            ));
            out.push((
                "every value in every cell",
                object(&|a, _| {
                    (0..n)
                        .map(|x| puzzle.value(a, x))
                        .collect::<Vec<_>>()
                        .join(" or ")
                }),
            ));
            // Only the cells the clues state outright.
            let mut partial = String::from("{");
            for h in 0..n {
                let fields: Vec<String> = (0..m)
                    .filter(|&a| given[a * n + h])
                    .map(|a| {
                        format!(
                            "\"{}\": \"{}\"",
                            puzzle.category(a).name,
                            puzzle.value(a, truth[a * n + h] as usize)
                        )
                    })
                    .collect();
                if h > 0 {
                    partial.push_str(", ");
                }
                let _ = write!(partial, "\"House {}\": {{{}}}", h + 1, fields.join(", "));
            }
            partial.push('}');
            out.push(("only the stated cells", partial));
            // A table whose cells list every value.
            let mut table = table_header(puzzle);
            for h in 0..n {
                let _ = write!(table, "\n| {} |", h + 1);
                for a in 0..m {
                    let all: Vec<&str> = (0..n).map(|x| puzzle.value(a, x)).collect();
                    let _ = write!(table, " {} |", all.join(" / "));
                }
            }
            out.push(("a table listing every value in every cell", table));
        }
        Ask::Value { a, h } => {
            let (a, h) = (a as usize, h as usize);
            let truth = puzzle.s[a][h] as usize;
            let values: Vec<&str> = (0..n).map(|x| puzzle.value(a, x)).collect();
            out.push(("every listed value", values.join(", ")));
            out.push(("every listed value joined by 'or'", values.join(" or ")));
            if truth != 0 {
                out.push(("the first listed value", values[0].to_string()));
            }
            let other = (a + 1) % m;
            if other != a {
                out.push((
                    "a value of another attribute",
                    puzzle.value(other, 0).to_string(),
                ));
            }
            out.push(("the house number instead of a value", (h + 1).to_string()));
        }
        Ask::House { a, x } => {
            let truth = puzzle.s[a as usize]
                .iter()
                .position(|&v| v == x)
                .unwrap_or(0);
            let houses: Vec<String> = (1..=n).map(|h| h.to_string()).collect();
            out.push(("every house number", houses.join(", ")));
            out.push(("every house number joined by 'or'", houses.join(" or ")));
            if truth != 0 {
                out.push(("house 1", "1".into()));
            }
            out.push(("house 0", "0".into()));
            out.push(("a house beyond the last", (n + 1).to_string()));
            out.push((
                "the asked value instead of a house",
                puzzle.value(a as usize, x as usize).to_string(),
            ));
        }
    }
    out
}
