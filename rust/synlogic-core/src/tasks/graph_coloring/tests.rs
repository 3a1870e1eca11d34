use std::collections::BTreeSet;

use serde_json::Value;

use super::format::parse;
use super::generate::{guesses, model};
use super::*;
use crate::kit::timing::thread_cpu_seconds;

fn puzzle(n: u8, k: u8, edges: &[[u8; 2]]) -> ColoringPuzzle {
    let mut p = ColoringPuzzle {
        nodes: n,
        colors: k,
        palette: (0..k).collect(),
        edges: edges.to_vec(),
        solution: Vec::new(),
    };
    if let Some(first) = model(&p).unwrap().solve().unwrap().first {
        p.solution = first.values().to_vec();
    }
    p
}

fn correct(p: &ColoringPuzzle, text: &str) -> bool {
    parse(p, text).is_ok_and(|c| GraphColoring::grade(p, &c) == Grade::CORRECT)
}

#[test]
fn the_model_counts_known_small_cases() {
    // A path of 3 nodes has 2 colourings with 2 colours, a triangle none.
    let path = puzzle(3, 2, &[[0, 1], [1, 2]]);
    assert_eq!(
        model(&path).unwrap().count_solutions(100).unwrap().count(),
        Some(2)
    );
    assert!(is_proper(&path, &path.solution));
    let triangle = puzzle(3, 2, &[[0, 1], [1, 2], [2, 0]]);
    assert_eq!(
        model(&triangle)
            .unwrap()
            .count_solutions(100)
            .unwrap()
            .count(),
        Some(0)
    );
    // A triangle with 3 colours: 3! colourings.
    let triangle = puzzle(3, 3, &[[0, 1], [1, 2], [2, 0]]);
    assert_eq!(
        model(&triangle)
            .unwrap()
            .count_solutions(100)
            .unwrap()
            .count(),
        Some(6)
    );
}

#[test]
fn parser_accepts_every_listed_form_and_any_proper_colouring() {
    let p = puzzle(3, 2, &[[0, 1], [1, 2]]);
    for text in [
        "1: red, 2: green, 3: red",
        "1: green, 2: red, 3: green",
        "3 = RED; 1 = red; 2 = Green",
        "node 1 -> red\nnode 2 -> green\nnode 3 -> red",
        "{\"1\": \"red\", \"2\": \"green\", \"3\": \"red\"}",
        "1 - red | 2 - green | 3 - red",
    ] {
        assert!(correct(&p, text), "{text:?}");
    }
    for text in [
        "",
        "1: red, 2: red, 3: red",
        "1: red, 2: green",
        "1: red, 2: green, 3: blue",
        "1: red, 1: green, 2: green, 3: red",
        "1: red, 2: green, 3: red, 4: green",
        "01: red, 2: green, 3: red",
        "1: red or green, 2: green, 3: red",
        "1: red, 2: green, 3",
        "red, green, red",
        "1: 1, 2: 2, 3: 1",
        "0x1: red, 2: green, 3: red",
        "1: réd, 2: green, 3: red",
    ] {
        assert!(!correct(&p, text), "{text:?}");
    }
}

#[test]
fn payload_bounds_are_enforced() {
    let good = serde_json::to_string(&puzzle(3, 2, &[[0, 1]])).unwrap();
    assert!(GraphColoring::load_puzzle(&good).is_ok());
    for (field, bad) in [
        ("n", good.replace("\"n\":3", "\"n\":65")),
        ("n", good.replace("\"n\":3", "\"n\":1")),
        ("k", good.replace("\"k\":2", "\"k\":6")),
        ("p", good.replace("\"p\":[0,1]", "\"p\":[0,0]")),
        ("p", good.replace("\"p\":[0,1]", "\"p\":[0,10]")),
        ("e", good.replace("\"e\":[[0,1]]", "\"e\":[[0,3]]")),
        ("e", good.replace("\"e\":[[0,1]]", "\"e\":[[1,1]]")),
        ("s", good.replace("\"s\":[", "\"s\":[7,")),
    ] {
        assert_ne!(bad, good, "{field}");
        let err = GraphColoring::load_puzzle(&bad).unwrap_err();
        assert!(err.starts_with(field), "{field}: {err}");
    }
}

#[test]
fn generated_items_are_proper_and_resist_guesses() {
    let mut last_median = 0.0;
    for level in 1..=10 {
        let generator = crate::Generator::new("graph_coloring", Some(level), &Value::Null).unwrap();
        let mut difficulties = Vec::new();
        for item in generator.batch(3, 0, 40).unwrap() {
            let v: Value = serde_json::from_str(&item.verification).unwrap();
            let p = GraphColoring::load_puzzle(&v["puzzle"].to_string()).unwrap();
            assert!(correct(&p, &item.answer), "level {level}");
            for (name, colouring) in guesses(&p) {
                assert!(!is_proper(&p, &colouring), "level {level}: {name}");
            }
            for (name, text) in GraphColoring::exploits(&p) {
                assert!(!correct(&p, &text), "level {level}: {name}");
            }
            let m: Value = serde_json::from_str(&item.metadata).unwrap();
            difficulties.push(m["difficulty"].as_f64().unwrap());
        }
        difficulties.sort_by(f64::total_cmp);
        let median = difficulties[difficulties.len() / 2];
        assert!(
            median > last_median,
            "level {level}: {median} after {last_median}"
        );
        last_median = median;
    }
}

#[test]
fn knobs_are_checked() {
    let ok = GraphColoringKnobs::default();
    assert!(GraphColoring::check_knobs(&ok).is_ok());
    for (knob, bad) in [
        (
            "nodes",
            GraphColoringKnobs {
                nodes: 4,
                ..ok.clone()
            },
        ),
        (
            "colors",
            GraphColoringKnobs {
                colors: 6,
                ..ok.clone()
            },
        ),
        (
            "avg_degree",
            GraphColoringKnobs {
                avg_degree: f64::INFINITY,
                ..ok.clone()
            },
        ),
        (
            "avg_degree",
            GraphColoringKnobs {
                nodes: 5,
                avg_degree: 4.0,
                ..ok.clone()
            },
        ),
    ] {
        assert_eq!(GraphColoring::check_knobs(&bad).unwrap_err().knob, knob);
    }
}

#[test]
#[ignore = "prints a report: rate, difficulty median, duplicates, multi-answer share"]
fn level_report() {
    let n = 20_000u64;
    for level in 1..=10 {
        let generator = crate::Generator::new("graph_coloring", Some(level), &Value::Null).unwrap();
        let started = thread_cpu_seconds();
        let items: Vec<crate::Item> = (0..n).map(|i| generator.item(1, i).unwrap()).collect();
        let rate = n as f64 / (thread_cpu_seconds() - started);
        let prompts: BTreeSet<&str> = items.iter().map(|it| it.prompt.as_str()).collect();
        let mut difficulties = Vec::new();
        let (mut several, mut unknown, mut fewer, mut guessable) = (0, 0, 0, 0);
        for item in &items {
            let m: Value = serde_json::from_str(&item.metadata).unwrap();
            difficulties.push(m["difficulty"].as_f64().unwrap());
            match m["valid_colourings"].as_u64() {
                Some(c) if c > 1 => several += 1,
                Some(_) => {}
                None => unknown += 1,
            }
            fewer += u64::from(m["fewer_colours_suffice"] == true);
            guessable += u64::from(m["guess_solves"] == true);
        }
        difficulties.sort_by(f64::total_cmp);
        println!(
            "level {level}: {rate:.0} items/s, difficulty median {}, duplicates {:.3}%, several colourings {:.1}% (count unknown {unknown}), fewer colours suffice {fewer}, guess-solvable {guessable}",
            difficulties[difficulties.len() / 2],
            100.0 * (n - prompts.len() as u64) as f64 / n as f64,
            100.0 * several as f64 / n as f64,
        );
    }
}
