//! Unit tests of `maze`: the search on known grids, the parser's corners, payload bounds and
//! the knobs. The registry-wide suites cover the rest.

use std::collections::BTreeSet;

use serde_json::Value;

use super::format::parse;
use super::solve::{Grid, COUNT_CAP};
use super::*;
use crate::kit::timing::thread_cpu_seconds;

fn maze(rows: &[&str]) -> MazePuzzle {
    MazePuzzle {
        grid: rows.iter().map(ToString::to_string).collect(),
    }
}

fn correct(p: &MazePuzzle, text: &str) -> bool {
    parse(p, text).is_ok_and(|moves| Maze::grade(p, &moves) == Grade::CORRECT)
}

#[test]
fn every_shortest_route_counts_and_nothing_else() {
    // Two shortest routes of 4 moves round the middle wall.
    let p = maze(&["S..", ".#.", "..E"]);
    assert_eq!(Maze::count_solutions(&p, 100), Some(2));
    for text in [
        "R R D D",
        "D D R R",
        "rrdd",
        "right, right, down, down",
        "[\"D\",\"D\",\"R\",\"R\"]",
        "Moves: R -> R -> D -> D",
        "```\nRRDD\n```",
    ] {
        assert!(correct(&p, text), "{text:?}");
    }
    for text in [
        "R D R D",     // through the wall
        "R R D D U D", // legal, longer
        "R R D",       // stops short
        "R R R D D",   // off the grid
        "R R D D R",
        "L",
        "",
        "R2 D2",
        "R R D D E",
        "north east",
        "4",
    ] {
        assert!(!correct(&p, text), "{text:?}");
    }
    assert_eq!(Maze::solve(&p).len(), 4);
}

#[test]
fn counting_caps_on_an_open_field() {
    // An open 12×12 field: C(22, 11) = 705,432 shortest routes corner to corner.
    let mut rows: Vec<String> = (0..12).map(|_| ".".repeat(12)).collect();
    rows[0].replace_range(0..1, "S");
    rows[11].replace_range(11..12, "E");
    let p = MazePuzzle { grid: rows };
    assert_eq!(Maze::count_solutions(&p, COUNT_CAP), Some(705_432));
    assert_eq!(Maze::count_solutions(&p, 1000), Some(1000));
    assert!(Grid::of(&p).unwrap().is_shortest(&Maze::solve(&p)));
}

#[test]
fn payload_bounds_are_enforced() {
    let good = serde_json::to_string(&maze(&["S..", ".#.", "..E"])).unwrap();
    assert!(Maze::load_puzzle(&good).is_ok());
    let wide = format!(
        "{{\"g\":[\"S{}\",\"E{}\"]}}",
        ".".repeat(41),
        ".".repeat(41)
    );
    let tall = serde_json::to_string(&maze(&[&["S."; 21][..], &["E."; 21][..]].concat())).unwrap();
    for bad in [
        good.replace("..E", "..."),
        good.replace("..E", "E.E"),
        good.replace(".#.", ".#x"),
        good.replace(".#.", ".#"),
        wide,
        tall,
        "{\"g\":[]}".to_string(),
    ] {
        let err = Maze::load_puzzle(&bad).unwrap_err();
        assert!(err.starts_with('g'), "{bad}: {err}");
    }
}

#[test]
fn knobs_are_checked() {
    let ok = MazeKnobs::default();
    assert!(Maze::check_knobs(&ok).is_ok());
    for (knob, bad) in [
        (
            "rows",
            MazeKnobs {
                rows: 4,
                ..ok.clone()
            },
        ),
        (
            "cols",
            MazeKnobs {
                cols: 32,
                ..ok.clone()
            },
        ),
        (
            "loops",
            MazeKnobs {
                loops: 0.6,
                ..ok.clone()
            },
        ),
        (
            "braid",
            MazeKnobs {
                braid: f64::NAN,
                ..ok.clone()
            },
        ),
    ] {
        assert_eq!(Maze::check_knobs(&bad).unwrap_err().knob, knob);
    }
}

#[test]
fn generated_mazes_resist_the_guesses() {
    for level in [1, 5, 10] {
        let generator = crate::Generator::new("maze", Some(level), &Value::Null).unwrap();
        for item in generator.batch(5, 0, 30).unwrap() {
            let v: Value = serde_json::from_str(&item.verification).unwrap();
            let p = Maze::load_puzzle(&v["puzzle"].to_string()).unwrap();
            assert!(correct(&p, &item.answer), "level {level}");
            let m: Value = serde_json::from_str(&item.metadata).unwrap();
            assert_eq!(
                Maze::count_solutions(&p, COUNT_CAP),
                m["shortest_routes"].as_u64()
            );
            let grid = Grid::of(&p).unwrap();
            for (name, route) in generate::guesses(&grid) {
                assert!(
                    !grid.is_shortest(&route) || m["guess_solves"] == true,
                    "{name}"
                );
            }
        }
    }
}

#[test]
#[ignore = "prints a report: rate, difficulty median, duplicates, multi-answer share"]
fn level_report() {
    let n = 20_000u64;
    for level in 1..=10 {
        let generator = crate::Generator::new("maze", Some(level), &Value::Null).unwrap();
        let started = thread_cpu_seconds();
        let items: Vec<crate::Item> = (0..n).map(|i| generator.item(1, i).unwrap()).collect();
        let rate = n as f64 / (thread_cpu_seconds() - started);
        let prompts: BTreeSet<&str> = items.iter().map(|it| it.prompt.as_str()).collect();
        let mut difficulties = Vec::new();
        let (mut several, mut guessable, mut moves) = (0, 0, Vec::new());
        for item in &items {
            let m: Value = serde_json::from_str(&item.metadata).unwrap();
            difficulties.push(m["difficulty"].as_f64().unwrap());
            several += u64::from(m["shortest_routes"].as_u64().unwrap() > 1);
            guessable += u64::from(m["guess_solves"] == true);
            moves.push(m["shortest_moves"].as_u64().unwrap());
        }
        difficulties.sort_by(f64::total_cmp);
        moves.sort_unstable();
        println!(
            "level {level}: {rate:.0} items/s, difficulty median {}, shortest moves median {}, duplicates {:.3}%, several shortest routes {:.1}%, guess-solvable {guessable}",
            difficulties[difficulties.len() / 2],
            moves[moves.len() / 2],
            100.0 * (n - prompts.len() as u64) as f64 / n as f64,
            100.0 * several as f64 / n as f64,
        );
    }
}
