//! Unit tests of the Sudoku task.

use serde_json::Value;

use super::format::{pattern_grid, render_grid};
use super::geometry::{
    bit, geometry, is_valid_solution, Geometry, Grid, GEO4, GEO6, GEO9, MAX_CELLS,
};
use super::grader::{grade_puzzle, Logic, Technique};
use super::solve::{count_by_search, count_mini, random_full_grid};
use super::*;

fn grid_from(text: &str) -> Grid {
    let mut grid = [0; MAX_CELLS];
    for (cell, ch) in grid
        .iter_mut()
        .zip(text.chars().filter(|c| c.is_ascii_digit() || *c == '.'))
    {
        *cell = if ch == '.' { 0 } else { ch as u8 - b'0' };
    }
    grid
}

fn generate(knobs: &SudokuKnobs, seed: u64) -> Generated<SudokuPuzzle> {
    Sudoku::generate(knobs, &mut ItemRng::from_u64(seed)).expect("generates")
}

#[test]
fn geometry_tables_are_consistent() {
    for geo in [&GEO4, &GEO6, &GEO9] {
        assert_eq!(geo.npeers, 2 * (geo.n - 1) + geo.n - geo.bh - geo.bw + 1);
        for u in 0..3 * geo.n {
            let mut cells: Vec<u8> = geo.unit(u).to_vec();
            cells.sort_unstable();
            cells.dedup();
            assert_eq!(cells.len(), geo.n);
        }
        assert!(is_valid_solution(geo, &pattern_grid(geo)));
    }
}

#[test]
fn solution_check_rejects_every_single_cell_change() {
    for geo in [&GEO4, &GEO6, &GEO9] {
        let grid = pattern_grid(geo);
        for c in 0..geo.cells {
            for d in 0..=9 {
                if d == grid[c] {
                    continue;
                }
                let mut changed = grid;
                changed[c] = d;
                assert!(!is_valid_solution(geo, &changed), "cell {c} set to {d}");
            }
        }
        // Two digits swapped in a row keep the row but break two columns.
        let mut swapped = grid;
        swapped.swap(0, 1);
        assert!(!is_valid_solution(geo, &swapped));
    }
}

/// The 4×4 table count agrees with the propagating search on random puzzles: givens of
/// random grids (unique or not), and grids with clashing or foreign digits.
#[test]
fn mini_table_counts_like_the_search() {
    let mut rng = ItemRng::from_u64(44);
    assert_eq!(count_mini(&[0; MAX_CELLS], 1000), 288);
    for round in 0..3000 {
        let full = random_full_grid(&GEO4, &mut rng);
        let mut grid = full;
        let blanks = rng.index(17);
        for c in rng.sample_indices(16, blanks) {
            grid[c] = 0;
        }
        if round % 5 == 0 {
            grid[rng.index(16)] = rng.range(0, 4) as u8;
        }
        if round % 97 == 0 {
            grid[rng.index(16)] = 5 + rng.index(4) as u8;
        }
        for limit in [0, 1, 2, 300] {
            assert_eq!(
                count_mini(&grid, limit),
                count_by_search(&GEO4, &grid, limit),
                "{:?} limit {limit}",
                &grid[..16]
            );
        }
    }
}

#[test]
fn solver_counts_two_solutions_and_all_4x4_grids() {
    // A deadly rectangle (1/3 vs 3/1) blanked from a solved 4×4 grid.
    let grid = grid_from("1 2 3 4 3 4 1 2 2 1 4 3 4 3 2 1");
    let mut puzzle = grid;
    for c in [0, 2, 4, 6] {
        puzzle[c] = 0;
    }
    assert_eq!(count_solutions(&GEO4, &puzzle, 10), 2);
    assert_eq!(count_solutions(&GEO4, &puzzle, 1), 1);
    assert_eq!(count_solutions(&GEO4, &[0; MAX_CELLS], 1000), 288);
    // A 9×9 grid with one deadly rectangle blanked has exactly two solutions.
    let full = random_full_grid(&GEO9, &mut ItemRng::from_u64(3));
    let mut found = false;
    'search: for r1 in 0..9 {
        for r2 in r1 + 1..9 {
            if r1 / 3 != r2 / 3 {
                continue;
            }
            for c1 in 0..9 {
                for c2 in c1 + 1..9 {
                    let (a, b) = (full[r1 * 9 + c1], full[r1 * 9 + c2]);
                    if c1 / 3 != c2 / 3 && full[r2 * 9 + c1] == b && full[r2 * 9 + c2] == a {
                        let mut p = full;
                        for c in [r1 * 9 + c1, r1 * 9 + c2, r2 * 9 + c1, r2 * 9 + c2] {
                            p[c] = 0;
                        }
                        assert_eq!(count_solutions(&GEO9, &p, 10), 2);
                        found = true;
                        break 'search;
                    }
                }
            }
        }
    }
    assert!(found, "no deadly rectangle in the test grid");
    // A classic puzzle has exactly one solution, and clashing givens none.
    let classic = grid_from(
        "53..7.... 6..195... .98....6. 8...6...3 4..8.3..1 7...2...6 .6....28. ...419..5 ....8..79",
    );
    assert_eq!(count_solutions(&GEO9, &classic, 2), 1);
    let mut clash = classic;
    clash[2] = 5;
    assert_eq!(count_solutions(&GEO9, &clash, 2), 0);
}

#[test]
fn random_full_grids_are_valid_and_varied() {
    let mut rng = ItemRng::from_u64(11);
    let a = random_full_grid(&GEO9, &mut rng);
    let b = random_full_grid(&GEO9, &mut rng);
    assert!(is_valid_solution(&GEO9, &a) && is_valid_solution(&GEO9, &b));
    assert_ne!(a, b);
    for geo in [&GEO4, &GEO6] {
        assert!(is_valid_solution(geo, &random_full_grid(geo, &mut rng)));
    }
}

/// The techniques on hand-made candidate states.
fn blank_logic(geo: &'static Geometry) -> Logic<'static> {
    let mut logic = Logic::new(geo, &[0; MAX_CELLS], None);
    logic.cand[..geo.cells].fill(geo.full);
    logic
}

#[test]
fn naked_and_hidden_pairs_eliminate() {
    let mut logic = blank_logic(&GEO9);
    // Row 0: cells 0 and 1 hold only {1, 2}.
    logic.cand[0] = 0b11;
    logic.cand[1] = 0b11;
    let pos = logic.positions();
    assert!(logic.subsets(&pos));
    assert!((2..9).all(|c| logic.cand[c].trailing_zeros() >= 2));
    assert_eq!(logic.counts[Technique::NakedPair as usize], 1);
    // Column 0 of a fresh grid: digits 8 and 9 only in rows 3 and 4.
    let mut logic = blank_logic(&GEO9);
    for r in 0..9 {
        if r != 3 && r != 4 {
            logic.cand[r * 9] &= !(0b11 << 7);
        }
    }
    let pos = logic.positions();
    assert!(logic.subsets(&pos));
    assert_eq!(logic.cand[27], 0b11 << 7);
    assert_eq!(logic.cand[36], 0b11 << 7);
    assert_eq!(logic.counts[Technique::HiddenPair as usize], 1);
    assert_eq!(logic.counts[Technique::NakedPair as usize], 0);
}

#[test]
fn pointing_box_line_and_x_wing_eliminate() {
    let mut logic = blank_logic(&GEO9);
    // Digit 1 in box 0 only on row 0.
    for c in [9, 10, 11, 18, 19, 20] {
        logic.cand[c] &= !1;
    }
    let pos = logic.positions();
    assert!(logic.pointing(&pos));
    assert!((3..9).all(|c| logic.cand[c] & 1 == 0));
    let mut logic = blank_logic(&GEO9);
    // Digit 1 in row 0 only in box 0.
    for c in 3..9 {
        logic.cand[c] &= !1;
    }
    let pos = logic.positions();
    assert!(!logic.pointing(&pos));
    assert!(logic.box_line(&pos));
    assert!([9, 10, 11, 18, 19, 20]
        .iter()
        .all(|&c| logic.cand[c] & 1 == 0));
    // Digit 1 in rows 1 and 5 only in columns 2 and 7.
    let mut logic = blank_logic(&GEO9);
    for r in [1, 5] {
        for k in 0..9 {
            if k != 2 && k != 7 {
                logic.cand[r * 9 + k] &= !1;
            }
        }
    }
    let pos = logic.positions();
    assert!(logic.fish(&pos, 2));
    for r in 0..9 {
        let expect = r == 1 || r == 5;
        assert_eq!(logic.cand[r * 9 + 2] & 1 != 0, expect);
        assert_eq!(logic.cand[r * 9 + 7] & 1 != 0, expect);
    }
    assert_eq!(logic.counts[Technique::XWing as usize], 1);
}

#[test]
fn grader_needs_pairs_on_a_pairs_puzzle() {
    // SudokuWiki's naked-pair example: singles stall, pairs finish it.
    let grid = grid_from(
        "4.....938 .32.941.. .953..24. 37.6.9..4 529..1673 6.47.3.9. 957..83.. ..39..4.. 24..3.7.9",
    );
    assert_eq!(count_solutions(&GEO9, &grid, 2), 1);
    assert!(Logic::new(&GEO9, &grid, None).run(1).is_none());
    let report = Logic::new(&GEO9, &grid, None)
        .run(2)
        .expect("pairs suffice");
    assert_eq!(report.grade, 2);
    assert!(report.counts[Technique::Guess as usize] == 0);
}

#[test]
fn grader_grades_singles_and_guesses() {
    let classic = grid_from(
        "53..7.... 6..195... .98....6. 8...6...3 4..8.3..1 7...2...6 .6....28. ...419..5 ....8..79",
    );
    let report = Logic::new(&GEO9, &classic, None).run(1).expect("singles");
    assert_eq!(report.grade, 1);
    assert_eq!(report.steps, 51);
    // An almost empty grid needs guessing.
    let full = random_full_grid(&GEO9, &mut ItemRng::from_u64(5));
    let mut sparse = [0; MAX_CELLS];
    sparse[0] = full[0];
    let report = grade_puzzle(&GEO9, &sparse, &full);
    assert_eq!(report.grade, 5);
    assert!(Logic::new(&GEO9, &sparse, None).run(4).is_none());
}

#[test]
fn minimal_puzzles_are_minimal_and_unique() {
    let knobs = SudokuKnobs {
        symmetry: Symmetry::None,
        minimal: true,
        empty_cells: [1, 80],
        max_grade: 5,
        ..SudokuKnobs::default()
    };
    for seed in 0..3 {
        let g = generate(&knobs, seed);
        let p = &g.puzzle;
        assert_eq!(g.metadata["minimal"], Value::Bool(true));
        assert_eq!(count_solutions(&GEO9, &p.givens, 2), 1);
        for c in 0..81 {
            if p.givens[c] != 0 {
                let mut less = p.givens;
                less[c] = 0;
                assert_eq!(count_solutions(&GEO9, &less, 2), 2, "clue {c} removable");
            }
        }
    }
}

#[test]
fn grades_and_blank_counts_follow_the_knobs() {
    for (size, range, min, max) in [
        (4, [8, 10], 1, 1),
        (6, [16, 20], 1, 1),
        (9, [50, 55], 1, 1),
        (9, [40, 64], 2, 2),
        (9, [40, 64], 3, 3),
    ] {
        let knobs = SudokuKnobs {
            size,
            empty_cells: range,
            min_grade: min,
            max_grade: max,
            minimal: min > 1,
            symmetry: Symmetry::None,
            ..SudokuKnobs::default()
        };
        for seed in 0..5 {
            let g = generate(&knobs, seed);
            let level = g.metadata["grade_level"].as_u64().unwrap() as u8;
            assert!((min..=max).contains(&level));
            let empty = g.metadata["empty_cells"].as_u64().unwrap() as u16;
            assert!((range[0]..=range[1]).contains(&empty));
            assert_eq!(g.metadata["solutions"], Value::from(1));
            // Singles alone cannot solve a level that promises pairs.
            if min > 1 {
                let geo = geometry(size);
                assert!(Logic::new(geo, &g.puzzle.givens, None)
                    .run(min - 1)
                    .is_none());
            }
        }
    }
}

#[test]
fn symmetric_patterns_are_symmetric() {
    for symmetry in [Symmetry::Rotational, Symmetry::Mirror] {
        let knobs = SudokuKnobs {
            symmetry,
            ..SudokuKnobs::default()
        };
        let p = generate(&knobs, 1).puzzle;
        for r in 0..9 {
            for k in 0..9 {
                let other = match symmetry {
                    Symmetry::Rotational => (8 - r) * 9 + 8 - k,
                    _ => r * 9 + 8 - k,
                };
                assert_eq!(p.givens[r * 9 + k] == 0, p.givens[other] == 0);
            }
        }
    }
}

fn sample_puzzle() -> SudokuPuzzle {
    generate(&SudokuKnobs::default(), 7).puzzle
}

fn verify(puzzle: &SudokuPuzzle, text: &str) -> Result<Grade, ParseError> {
    Sudoku::parse_answer(puzzle, text).map(|a| Sudoku::grade(puzzle, &a))
}

#[test]
fn parsing_is_lenient_on_form_and_strict_on_content() {
    let p = sample_puzzle();
    let rows = render_rows(p.geo(), &p.solution);
    let digits: String = rows.chars().filter(char::is_ascii_digit).collect();
    let mut boxed = String::new();
    render_grid(p.geo(), &p.solution, &mut boxed);
    let commas = rows.replace(' ', ", ").replace('\n', "],\n[");
    for text in [
        rows.clone(),
        digits.clone(),
        boxed,
        format!("[[{commas}]]"),
        format!("\n  {}  \n", rows.replace('\n', " \n ")),
    ] {
        assert_eq!(verify(&p, &text), Ok(Grade::CORRECT), "{text}");
    }
    let too_short = &digits[1..];
    assert!(verify(&p, too_short).is_err());
    assert!(verify(&p, &format!("{digits}{digits}")).is_err());
    assert!(verify(&p, &format!("{rows}\nrow 10")).is_err());
    let arabic = digits.replacen(&digits[..1], "٣", 1);
    assert!(verify(&p, &arabic).is_err());
    let wide = digits.replacen(&digits[..1], "１", 1);
    assert!(verify(&p, &wide).is_err());
    assert!(verify(&p, "").is_err());
}

#[test]
fn grading_checks_rules_and_givens() {
    let p = sample_puzzle();
    let geo = p.geo();
    let open: Vec<usize> = (0..81).filter(|&c| p.givens[c] == 0).collect();
    let grade_of = |g: &Grid| verify(&p, &render_rows(geo, g)).unwrap();
    assert_eq!(grade_of(&p.solution), Grade::CORRECT);
    // Constant fill of the blanks: about nothing.
    for d in 1..=9 {
        let mut g = p.givens;
        for &c in &open {
            g[c] = d;
        }
        let grade = grade_of(&g);
        assert!(!grade.correct && grade.credit < 0.05, "{grade:?}");
    }
    // Copying the givens only.
    assert_eq!(grade_of(&p.givens).credit, 0.0);
    // Each row's missing digits in increasing order.
    let mut g = p.givens;
    for r in 0..9 {
        let present = (0..9).fold(0u16, |m, k| {
            let d = p.givens[r * 9 + k];
            if d == 0 {
                m
            } else {
                m | bit(d)
            }
        });
        let mut missing = (1..=9u8).filter(|&d| present & bit(d) == 0);
        for k in 0..9 {
            if g[r * 9 + k] == 0 {
                g[r * 9 + k] = missing.next().unwrap();
            }
        }
    }
    assert!(grade_of(&g).credit < 0.3, "{:?}", grade_of(&g));
    // One wrong blank cell: high credit; a swap: less.
    let mut one = p.solution;
    let c = open[0];
    one[c] = one[c] % 9 + 1;
    let one_grade = grade_of(&one);
    assert!(
        !one_grade.correct && one_grade.credit > 0.75,
        "{one_grade:?}"
    );
    let a = open[0];
    let b = *open
        .iter()
        .find(|&&b| b != a && geo.row[b] == geo.row[a])
        .unwrap();
    let mut swapped = p.solution;
    swapped.swap(a, b);
    let swap_grade = grade_of(&swapped);
    assert!(
        !swap_grade.correct && swap_grade.credit < 0.95,
        "{swap_grade:?}"
    );
    // Swapping two givens (of different digits): nothing.
    let givens: Vec<usize> = (0..81).filter(|&c| p.givens[c] != 0).collect();
    let other = *givens[1..]
        .iter()
        .find(|&&c| p.solution[c] != p.solution[givens[0]])
        .unwrap();
    let mut swapped_givens = p.solution;
    swapped_givens.swap(givens[0], other);
    assert_eq!(grade_of(&swapped_givens), Grade::WRONG);
    // A changed given: nothing, even if the rest is right.
    let given = (0..81).find(|&c| p.givens[c] != 0).unwrap();
    let mut moved = p.solution;
    moved[given] = moved[given] % 9 + 1;
    assert_eq!(grade_of(&moved), Grade::WRONG);
    // Another valid grid that breaks no rule but not the givens.
    assert_eq!(grade_of(&pattern_grid(geo)), Grade::WRONG);
}

#[test]
fn exploits_never_score_and_earn_no_partial_credit() {
    use crate::exploits::{grade_text, level_puzzles};
    let mut seen = std::collections::BTreeSet::new();
    for level in 1..=10 {
        let mut unit_fill = (0.0, 0u32);
        for p in level_puzzles::<Sudoku>(level, if level >= 7 { 8 } else { 40 }) {
            for (name, text) in Sudoku::exploits(&p) {
                seen.insert(name);
                let Some(grade) = grade_text::<Sudoku>(&p, &text) else {
                    continue;
                };
                assert!(!grade.correct, "level {level} {name}: {text}");
                if name.ends_with("filled in order") {
                    // A unit's single missing digit is a real deduction, so these may
                    // earn a little on easy 4x4 puzzles, but not on average.
                    unit_fill.0 += grade.credit;
                    unit_fill.1 += 1;
                } else {
                    assert_eq!(grade.credit, 0.0, "level {level} {name}: {text}");
                }
            }
        }
        let mean = unit_fill.0 / f64::from(unit_fill.1.max(1));
        assert!(
            mean < 0.1,
            "level {level}: filling units in order averages {mean}"
        );
        if level > 1 {
            assert_eq!(
                mean, 0.0,
                "level {level}: filling units in order earns {mean}"
            );
        }
    }
    assert!(seen.len() >= 12, "{seen:?}");
}

#[test]
fn the_format_example_is_never_the_solution() {
    // Random 4x4 grids hit the example grid about once in 288 draws...
    let geo = geometry(4);
    let mut rng = ItemRng::from_u64(9);
    let hits = (0..3000)
        .filter(|_| random_full_grid(geo, &mut rng)[..16] == pattern_grid(geo)[..16])
        .count();
    assert!(hits > 0, "the case under test never arises");
    // ...but generated puzzles never have it as their solution.
    for p in crate::exploits::level_puzzles::<Sudoku>(1, 3000) {
        assert_ne!(p.solution[..16], pattern_grid(geo)[..16]);
    }
}

#[test]
fn payload_round_trips_and_rejects_bad_puzzles() {
    let p = sample_puzzle();
    let json = serde_json::to_string(&p).unwrap();
    let back: SudokuPuzzle = serde_json::from_str(&json).unwrap();
    assert_eq!(back.givens, p.givens);
    assert_eq!(back.solution, p.solution);
    assert_eq!(Sudoku::prompt(&back), Sudoku::prompt(&p));
    for bad in [
        r#"{"n":5,"g":"","s":""}"#,
        r#"{"n":4,"g":"....","s":"1234"}"#,
        r#"{"n":4,"g":"................","s":"1234123412341234"}"#,
        r#"{"n":4,"g":"2...............","s":"1234341221434321"}"#,
    ] {
        assert!(serde_json::from_str::<SudokuPuzzle>(bad).is_err(), "{bad}");
    }
    let ok = r#"{"n":4,"g":"1...............","s":"1234341221434321"}"#;
    assert!(serde_json::from_str::<SudokuPuzzle>(ok).is_ok());
    let solution = [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1];
    let mut givens = solution;
    givens[..6].fill(0);
    let p = SudokuPuzzle::new(4, &givens, &solution).unwrap();
    assert_eq!(Sudoku::count_solutions(&p, 5), Some(1));
    assert!(SudokuPuzzle::new(4, &solution, &givens).is_err());
}

#[test]
fn knobs_are_checked() {
    let ok = SudokuKnobs::default();
    assert!(Sudoku::check_knobs(&ok).is_ok());
    let bad = [
        (
            "size",
            SudokuKnobs {
                size: 5,
                ..ok.clone()
            },
        ),
        (
            "empty_cells",
            SudokuKnobs {
                empty_cells: [0, 10],
                ..ok.clone()
            },
        ),
        (
            "empty_cells",
            SudokuKnobs {
                empty_cells: [50, 40],
                ..ok.clone()
            },
        ),
        (
            "empty_cells",
            SudokuKnobs {
                size: 4,
                empty_cells: [8, 16],
                ..ok.clone()
            },
        ),
        (
            "min_grade",
            SudokuKnobs {
                min_grade: 0,
                ..ok.clone()
            },
        ),
        (
            "max_grade",
            SudokuKnobs {
                min_grade: 3,
                max_grade: 2,
                ..ok.clone()
            },
        ),
        (
            "min_guesses",
            SudokuKnobs {
                min_guesses: 1,
                ..ok.clone()
            },
        ),
        (
            "max_guesses",
            SudokuKnobs {
                max_grade: 5,
                min_guesses: 2,
                max_guesses: 1,
                ..ok.clone()
            },
        ),
        (
            "max_attempts",
            SudokuKnobs {
                max_attempts: 0,
                ..ok.clone()
            },
        ),
    ];
    for (name, knobs) in bad {
        assert_eq!(Sudoku::check_knobs(&knobs).unwrap_err().knob, name);
    }
    // Unreachable constraints fail with an error instead of an easier puzzle.
    let impossible = SudokuKnobs {
        size: 4,
        empty_cells: [13, 15],
        max_attempts: 5,
        ..ok
    };
    assert!(Sudoku::generate(&impossible, &mut ItemRng::from_u64(1)).is_err());
}

#[test]
fn prompt_shows_the_grid_and_the_format() {
    let p = generate(
        &SudokuKnobs {
            size: 6,
            empty_cells: [16, 20],
            ..SudokuKnobs::default()
        },
        2,
    )
    .puzzle;
    let prompt = Sudoku::prompt(&p);
    assert!(prompt.contains("6×6"));
    assert!(prompt.contains("------+------"));
    assert!(prompt.contains("<answer>\n1 2 3 4 5 6\n"));
    assert!(prompt.trim_end().ends_with("</answer>"));
}

#[test]
fn median_difficulty_rises_with_level() {
    let mut medians = Vec::new();
    for level in 1..=10 {
        let generator = crate::Generator::new("sudoku", Some(level), &Value::Null).unwrap();
        let mut figures: Vec<f64> = generator
            .batch(5, 0, 24)
            .unwrap()
            .iter()
            .map(|item| {
                let meta: Value = serde_json::from_str(&item.metadata).unwrap();
                meta["difficulty"].as_f64().unwrap()
            })
            .collect();
        figures.sort_by(f64::total_cmp);
        medians.push(figures[figures.len() / 2]);
    }
    for pair in medians.windows(2) {
        assert!(pair[0] <= pair[1], "medians {medians:?}");
    }
    assert!(medians[0] < medians[9], "medians {medians:?}");
}

#[test]
fn hostile_payloads_are_refused_by_field() {
    let cases = [
        (r#"{"n":300,"g":"","s":""}"#.to_string(), "n (the size)"),
        (r#"{"n":-4,"g":"","s":""}"#.to_string(), "n (the size)"),
        (
            r#"{"n":4,"g":"..........","s":"1234341221434321"}"#.to_string(),
            "g (the givens): 10 bytes",
        ),
        (
            format!(
                r#"{{"n":4,"g":"1...............","s":"{}"}}"#,
                "1".repeat(3000)
            ),
            "s (the solution): 3000 bytes",
        ),
        (
            r#"{"n":4,"g":"1..x............","s":"1234341221434321"}"#.to_string(),
            "g (the givens): bad cell 'x' at position 3",
        ),
        (
            r#"{"n":4,"g":"1...............","s":"1234341221434325"}"#.to_string(),
            "s (the solution): bad cell '5'",
        ),
        (
            r#"{"n":4,"g":"1234341221434321","s":"1234341221434321"}"#.to_string(),
            "g (the givens): 0 blank cells",
        ),
        (
            r#"{"n":4,"g":"................","s":"1234341221434321"}"#.to_string(),
            "g (the givens): 16 blank cells",
        ),
        (
            r#"{"n":4,"g":"1...............","s":"1234123412341234"}"#.to_string(),
            "s (the solution) breaks the rules",
        ),
        (
            r#"{"n":4,"g":"2...............","s":"1234341221434321"}"#.to_string(),
            "does not keep the givens",
        ),
        (
            format!(
                r#"{{"n":4,"g":"1...............","s":"1234341221434321","x":"{}"}}"#,
                " ".repeat(5000)
            ),
            "bytes of JSON, at most 4096",
        ),
    ];
    for (json, field) in cases {
        let err = Sudoku::load_puzzle(&json).unwrap_err();
        assert!(err.contains(field), "{json:.80}: {err}");
    }
    // Through the payload, the error is a payload error naming the field.
    let payload = format!(
        r#"{{"task":"sudoku","version":{},"puzzle":{{"n":16,"g":"","s":""}},"answer":""}}"#,
        Sudoku::VERSION
    );
    let err = crate::Payload::parse(&payload).unwrap_err().to_string();
    assert!(
        err.contains("n (the size) must be 4, 6 or 9, got 16"),
        "{err}"
    );
}

#[test]
fn a_maximal_payload_verifies_quickly() {
    // The largest legal puzzle: 9×9 with a single given, and the longest answer read.
    let solution = random_full_grid(&GEO9, &mut ItemRng::from_u64(1));
    let mut givens = [0u8; MAX_CELLS];
    givens[40] = solution[40];
    let puzzle = SudokuPuzzle::new(9, &givens[..81], &solution[..81]).unwrap();
    let json = serde_json::to_string(&puzzle).unwrap();
    assert!(json.len() < 200, "{json}");
    let rows = render_rows(&GEO9, &solution);
    let padded = format!(
        "{rows}{}",
        " ".repeat(Sudoku::MAX_ANSWER_BYTES - rows.len())
    );
    let started = crate::kit::timing::thread_cpu_seconds();
    for _ in 0..100 {
        let loaded = Sudoku::load_puzzle(&json).unwrap();
        assert_eq!(verify(&loaded, &padded), Ok(Grade::CORRECT));
        assert!(verify(&loaded, &"9".repeat(Sudoku::MAX_ANSWER_BYTES)).is_err());
    }
    let per_item = (crate::kit::timing::thread_cpu_seconds() - started) / 100.0;
    println!("{per_item:.6} s CPU per load and two 8 KiB verifications");
    assert!(
        per_item < 0.01,
        "{per_item} s per load and two verifications"
    );
}

/// Prints the share of repeated prompts among `SUDOKU_DUP_ITEMS` items (default 20,000) of
/// each level in `SUDOKU_DUP_LEVELS` (default `1,2,...,10`), seed 0.
#[test]
#[ignore = "report: cargo test -p synlogic-core --lib duplicate -- --ignored --nocapture"]
fn report_duplicate_prompts_per_level() {
    let items: u64 = std::env::var("SUDOKU_DUP_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let levels: Vec<i64> = std::env::var("SUDOKU_DUP_LEVELS").ok().map_or_else(
        || (1..=10).collect(),
        |v| v.split(',').filter_map(|l| l.trim().parse().ok()).collect(),
    );
    for level in levels {
        let generator = crate::Generator::new("sudoku", Some(level), &Value::Null).unwrap();
        let mut seen = std::collections::HashSet::new();
        let mut start = 0;
        while start < items {
            let n = (items - start).min(2_000);
            for item in generator.batch(0, start, n).unwrap() {
                seen.insert(item.prompt);
            }
            start += n;
        }
        let repeated = items - seen.len() as u64;
        println!(
            "level {level}: {repeated} repeated prompts in {items} ({:.3}%)",
            100.0 * repeated as f64 / items as f64
        );
    }
}
