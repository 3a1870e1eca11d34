//! Unit tests of `shortest_path`: the solver on known graphs, the parser's corners, payload
//! bounds and the knobs. The registry-wide suites cover the rest.

use std::collections::BTreeSet;

use serde_json::Value;

use super::format::{name, parse};
use super::solve::{Graph, COUNT_CAP};
use super::*;
use crate::kit::timing::thread_cpu_seconds;

/// A(0) → D(3): A–B–D costs 2, A–C–D costs 2, A–D costs 5, B–C costs 1.
fn square() -> PathPuzzle {
    PathPuzzle {
        nodes: 4,
        directed: false,
        table: false,
        edges: vec![
            [0, 1, 1],
            [1, 3, 1],
            [0, 2, 1],
            [2, 3, 1],
            [0, 3, 5],
            [1, 2, 1],
        ],
        start: 0,
        goal: 3,
    }
}

fn correct(p: &PathPuzzle, text: &str) -> bool {
    parse(p, text).is_ok_and(|route| ShortestPath::grade(p, &route) == Grade::CORRECT)
}

#[test]
fn names_run_past_z() {
    assert_eq!(name(0), "A");
    assert_eq!(name(25), "Z");
    assert_eq!(name(26), "AA");
    assert_eq!(name(63), "BL");
}

#[test]
fn every_optimal_route_counts_and_nothing_else() {
    let p = square();
    assert_eq!(ShortestPath::count_solutions(&p, 100), Some(2));
    assert_eq!(ShortestPath::solve(&p), vec![0, 1, 3]);
    for text in [
        "A, B, D",
        "A, C, D",
        "a -> c -> d",
        "[\"A\", \"B\", \"D\"]",
        "Route: A - B - D",
    ] {
        assert!(correct(&p, text), "{text:?}");
    }
    for text in [
        "A, D",          // legal, dearer
        "A, B, C, D",    // legal, dearer
        "D, B, A",       // optimal cost, wrong ends
        "B, D",          // wrong start
        "A, B",          // wrong end
        "A, B, D, B, D", // a walk, dearer
        "A, E, D",       // unknown node
        "A, B, D (cost 2)",
        "A or B, D",
        "1, 2, 4",
        "",
    ] {
        assert!(!correct(&p, text), "{text:?}");
    }
    // Directed: the same edges one-way; D is reached only through B or C.
    let directed = PathPuzzle {
        directed: true,
        ..square()
    };
    assert!(correct(&directed, "A, B, D"));
    assert!(!correct(&directed, "A, C, B, D"));
    let mut one_way = directed.clone();
    one_way.start = 3;
    one_way.goal = 0;
    assert!(Graph::of(&one_way).unwrap().optimal_route().is_none());
}

#[test]
fn counting_caps_and_multiplies_over_a_chain_of_diamonds() {
    // k diamonds in a row: 2^k optimal routes.
    let k = 12u16;
    let mut edges = Vec::new();
    for d in 0..k {
        let (a, top, bottom, b) = (3 * d, 3 * d + 1, 3 * d + 2, 3 * d + 3);
        edges.extend([[a, top, 2], [top, b, 2], [a, bottom, 1], [bottom, b, 3]]);
    }
    let p = PathPuzzle {
        nodes: (3 * k + 1) as u8,
        directed: false,
        table: true,
        edges,
        start: 0,
        goal: (3 * k) as u8,
    };
    assert_eq!(ShortestPath::count_solutions(&p, COUNT_CAP), Some(1 << k));
    assert_eq!(ShortestPath::count_solutions(&p, 100), Some(100));
    assert!(ShortestPath::prompt(&p).contains("Weight table"));
}

#[test]
fn payload_bounds_are_enforced() {
    let good = serde_json::to_string(&square()).unwrap();
    assert!(ShortestPath::load_puzzle(&good).is_ok());
    for (field, bad) in [
        ("n", good.replace("\"n\":4", "\"n\":65")),
        ("n", good.replace("\"n\":4", "\"n\":1")),
        ("e", good.replace("[0,1,1]", "[0,9,1]")),
        ("e", good.replace("[0,1,1]", "[1,1,1]")),
        ("e", good.replace("[0,1,1]", "[0,1,0]")),
        ("e", good.replace("[0,1,1]", "[0,1,1000]")),
        (
            "e",
            good.replace("[0,1,1]", "[1,0,1]")
                .replace("[1,3,1]", "[0,1,1]"),
        ),
        ("s", good.replace("\"s\":0", "\"s\":4")),
        ("g", good.replace("\"g\":3", "\"g\":0")),
    ] {
        assert_ne!(bad, good, "{field}");
        let err = ShortestPath::load_puzzle(&bad).unwrap_err();
        assert!(err.starts_with(field), "{field}: {err}");
    }
}

#[test]
fn knobs_are_checked() {
    let ok = ShortestPathKnobs::default();
    assert!(ShortestPath::check_knobs(&ok).is_ok());
    for (knob, bad) in [
        (
            "nodes",
            ShortestPathKnobs {
                nodes: 4,
                ..ok.clone()
            },
        ),
        (
            "edges_per_node",
            ShortestPathKnobs {
                edges_per_node: f64::NAN,
                ..ok.clone()
            },
        ),
        (
            "edges_per_node",
            ShortestPathKnobs {
                nodes: 5,
                edges_per_node: 3.0,
                ..ok.clone()
            },
        ),
        (
            "max_weight",
            ShortestPathKnobs {
                max_weight: 1,
                ..ok.clone()
            },
        ),
        (
            "ties",
            ShortestPathKnobs {
                ties: 1.5,
                ..ok.clone()
            },
        ),
    ] {
        assert_eq!(ShortestPath::check_knobs(&bad).unwrap_err().knob, knob);
    }
}

#[test]
fn generated_items_beat_the_guesses_and_planted_ties_hold() {
    for level in [1, 4, 7, 10] {
        let generator = crate::Generator::new("shortest_path", Some(level), &Value::Null).unwrap();
        for item in generator.batch(5, 0, 30).unwrap() {
            let v: Value = serde_json::from_str(&item.verification).unwrap();
            let p = ShortestPath::load_puzzle(&v["puzzle"].to_string()).unwrap();
            assert!(correct(&p, &item.answer), "level {level}");
            let m: Value = serde_json::from_str(&item.metadata).unwrap();
            if m["planted_tie"] == true {
                assert!(m["optimal_routes"].as_u64().unwrap() >= 2);
            }
            assert_eq!(
                ShortestPath::count_solutions(&p, COUNT_CAP),
                m["optimal_routes"].as_u64()
            );
        }
    }
}

#[test]
#[ignore = "prints a report: rate, difficulty median, duplicates, multi-answer share"]
fn level_report() {
    let n = 20_000u64;
    for level in 1..=10 {
        let generator = crate::Generator::new("shortest_path", Some(level), &Value::Null).unwrap();
        let started = thread_cpu_seconds();
        let items: Vec<crate::Item> = (0..n).map(|i| generator.item(1, i).unwrap()).collect();
        let rate = n as f64 / (thread_cpu_seconds() - started);
        let prompts: BTreeSet<&str> = items.iter().map(|it| it.prompt.as_str()).collect();
        let mut difficulties = Vec::new();
        let (mut several, mut guessable, mut fewest) = (0, 0, 0);
        for item in &items {
            let m: Value = serde_json::from_str(&item.metadata).unwrap();
            difficulties.push(m["difficulty"].as_f64().unwrap());
            several += u64::from(m["optimal_routes"].as_u64().unwrap() > 1);
            guessable += u64::from(m["guess_solves"] == true);
            fewest += u64::from(m["fewest_edges_optimal"] == true);
        }
        difficulties.sort_by(f64::total_cmp);
        println!(
            "level {level}: {rate:.0} items/s, difficulty median {}, duplicates {:.3}%, several optimal routes {:.1}%, guess-solvable {guessable}, fewest-edges optimal {fewest}",
            difficulties[difficulties.len() / 2],
            100.0 * (n - prompts.len() as u64) as f64 / n as f64,
            100.0 * several as f64 / n as f64,
        );
    }
}
