//! Unit tests of `sliding_puzzle`: the heuristic and IDA* on known boards, grading, payload
//! bounds and the knobs. The registry-wide suites cover the rest.

use std::collections::BTreeSet;

use serde_json::Value;

use super::solve::{count_optimal, ida_star, Board, Goal};
use super::*;
use crate::kit::moves::parse_moves;
use crate::kit::timing::thread_cpu_seconds;

fn spec(start: &[u8], goal: &[u8]) -> SlidingPuzzleSpec {
    let k = if start.len() == 9 { 3 } else { 4 };
    let board = |cells: &[u8]| Board {
        k,
        cells: cells.to_vec(),
    };
    let found = ida_star(&board(start), &board(goal), 1_000_000, 80);
    let moves = found.moves.unwrap();
    SlidingPuzzleSpec {
        k: k as u8,
        start: start.to_vec(),
        goal: goal.to_vec(),
        optimum: moves.len() as u16,
        moves: crate::kit::moves::render_moves(&moves),
    }
}

fn correct(p: &SlidingPuzzleSpec, text: &str) -> bool {
    parse_moves(text, MAX_MOVES).is_ok_and(|m| SlidingPuzzle::grade(p, &m) == Grade::CORRECT)
}

#[test]
fn heuristic_counts_a_linear_conflict() {
    let goal = Goal::new(&Board {
        k: 3,
        cells: vec![1, 2, 3, 4, 5, 6, 7, 8, 0],
    });
    // 2 and 1 swapped in their home row: Manhattan 2, one conflict adds 2.
    let cells = [2, 1, 3, 4, 5, 6, 7, 8, 0];
    assert_eq!(goal.manhattan(&cells), 2);
    assert_eq!(goal.linear_conflict(&cells), 2);
    // 3 2 1 in the home row: two tiles must leave the row.
    assert_eq!(goal.linear_conflict(&[3, 2, 1, 4, 5, 6, 7, 8, 0]), 4);
}

#[test]
fn optimal_solutions_are_accepted_and_nothing_else() {
    let goal = [1, 2, 3, 4, 5, 6, 7, 8, 0];
    // Blank two moves from home: U L then back is D R; optimum 2.
    let p = spec(&[1, 2, 3, 4, 0, 5, 7, 8, 6], &goal);
    assert_eq!(p.optimum, 2);
    assert!(correct(&p, "R D"));
    assert!(correct(&p, "right down"));
    assert_eq!(SlidingPuzzle::count_solutions(&p, 100), Some(1));
    for text in ["D R", "R D L R", "L U", "R", "R D D", ""] {
        assert!(!correct(&p, text), "{text:?}");
    }
    // Two routes of 4 moves round a 2×2 block: the blank at the top left of the block.
    let q = spec(&[1, 2, 3, 4, 8, 5, 7, 0, 6], &goal);
    assert!(q.optimum >= 2);
    let count = SlidingPuzzle::count_solutions(&q, 100).unwrap();
    assert!(count >= 1);
    assert!(correct(&q, &q.moves));
}

#[test]
fn ida_star_agrees_with_breadth_first_search_on_random_3x3_starts() {
    use std::collections::{HashMap, VecDeque};
    let goal = Board {
        k: 3,
        cells: vec![1, 2, 3, 4, 5, 6, 7, 8, 0],
    };
    let mut depth: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut queue = VecDeque::from([goal.clone()]);
    depth.insert(goal.cells.clone(), 0);
    while let Some(board) = queue.pop_front() {
        let d = depth[&board.cells];
        if d == 14 {
            continue;
        }
        let blank = board.blank();
        for mv in crate::kit::moves::Move::ALL {
            if let Some(next) = board.target(blank, mv) {
                let mut b = board.clone();
                b.cells.swap(blank, next);
                if !depth.contains_key(&b.cells) {
                    depth.insert(b.cells.clone(), d + 1);
                    queue.push_back(b);
                }
            }
        }
    }
    for (cells, &d) in depth.iter().step_by(97).take(200) {
        let found = ida_star(
            &Board {
                k: 3,
                cells: cells.clone(),
            },
            &goal,
            1_000_000,
            40,
        );
        assert_eq!(found.moves.unwrap().len() as u32, d, "{cells:?}");
        let count = count_optimal(
            &Board {
                k: 3,
                cells: cells.clone(),
            },
            &goal,
            d,
            1000,
            1_000_000,
        );
        assert!(count.unwrap() >= 1);
    }
}

#[test]
fn payload_bounds_are_enforced() {
    let good = serde_json::to_string(&spec(
        &[1, 2, 3, 4, 0, 5, 7, 8, 6],
        &[1, 2, 3, 4, 5, 6, 7, 8, 0],
    ))
    .unwrap();
    assert!(SlidingPuzzle::load_puzzle(&good).is_ok());
    for (field, bad) in [
        ("k", good.replace("\"k\":3", "\"k\":6")),
        (
            "s",
            good.replace("\"s\":[1,2,3,4,0,5,7,8,6]", "\"s\":[1,1,3,4,0,5,7,8,6]"),
        ),
        (
            "s",
            good.replace("\"s\":[1,2,3,4,0,5,7,8,6]", "\"s\":[1,2,3,4,0,5,7,8]"),
        ),
        (
            "g",
            good.replace("\"g\":[1,2,3,4,5,6,7,8,0]", "\"g\":[1,2,3,4,5,6,7,8,9]"),
        ),
        ("o", good.replace("\"o\":2", "\"o\":201")),
        ("m", good.replace("\"m\":\"R D\"", "\"m\":\"R X\"")),
    ] {
        assert_ne!(bad, good, "{field}");
        let err = SlidingPuzzle::load_puzzle(&bad).unwrap_err();
        assert!(err.starts_with(field), "{field}: {err}");
    }
}

#[test]
fn knobs_are_checked() {
    let ok = SlidingPuzzleKnobs::default();
    assert!(SlidingPuzzle::check_knobs(&ok).is_ok());
    for (knob, bad) in [
        (
            "size",
            SlidingPuzzleKnobs {
                size: 5,
                ..ok.clone()
            },
        ),
        (
            "min_depth",
            SlidingPuzzleKnobs {
                min_depth: 0,
                ..ok.clone()
            },
        ),
        (
            "max_depth",
            SlidingPuzzleKnobs {
                min_depth: 10,
                max_depth: 9,
                ..ok.clone()
            },
        ),
    ] {
        assert_eq!(SlidingPuzzle::check_knobs(&bad).unwrap_err().knob, knob);
    }
}

#[test]
#[ignore = "prints a report: rate, difficulty median, duplicates, multi-answer share"]
fn level_report() {
    let n: u64 = std::env::var("REPORT_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    for level in 1..=10 {
        let generator = crate::Generator::new("sliding_puzzle", Some(level), &Value::Null).unwrap();
        let started = thread_cpu_seconds();
        let items: Vec<crate::Item> = (0..n).map(|i| generator.item(1, i).unwrap()).collect();
        let rate = n as f64 / (thread_cpu_seconds() - started);
        let prompts: BTreeSet<&str> = items.iter().map(|it| it.prompt.as_str()).collect();
        let mut difficulties = Vec::new();
        let (mut several, mut unknown) = (0, 0);
        for item in &items {
            let m: Value = serde_json::from_str(&item.metadata).unwrap();
            difficulties.push(m["difficulty"].as_f64().unwrap());
            match m["optimal_solutions"].as_u64() {
                Some(c) if c > 1 => several += 1,
                Some(_) => {}
                None => unknown += 1,
            }
        }
        difficulties.sort_by(f64::total_cmp);
        println!(
            "level {level}: {rate:.0} items/s, difficulty median {}, duplicates {:.3}%, several optimal solutions {:.1}% (count unknown {unknown})",
            difficulties[difficulties.len() / 2],
            100.0 * (n - prompts.len() as u64) as f64 / n as f64,
            100.0 * several as f64 / n as f64,
        );
    }
}
