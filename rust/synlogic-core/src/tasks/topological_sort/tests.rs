use std::collections::BTreeSet;

use serde_json::Value;

use super::format::{parse, NAME_POOL};
use super::generate::guesses;
use super::solve::{count_orders, depth, find_order, Graph, COUNT_CAP};
use super::*;
use crate::kit::timing::thread_cpu_seconds;

fn puzzle(names: &[&str], deps: &[[u16; 2]], rules: &[PositionRule]) -> TopoPuzzle {
    let mut puzzle = TopoPuzzle {
        names: names.iter().map(ToString::to_string).collect(),
        dependencies: deps.to_vec(),
        rules: rules.to_vec(),
        solution: Vec::new(),
    };
    let graph = Graph::of(&puzzle).unwrap();
    if let Some(order) = find_order(&graph).order {
        puzzle.solution = order.iter().map(|&v| v as u16).collect();
    }
    puzzle
}

/// a → b, a → c, b → d, c → d.
fn diamond(rules: &[PositionRule]) -> TopoPuzzle {
    puzzle(
        &["dry", "paint", "sand", "wire"],
        &[[0, 1], [0, 2], [1, 3], [2, 3]],
        rules,
    )
}

fn count(p: &TopoPuzzle) -> Option<u64> {
    count_orders(&Graph::of(p).unwrap())
}

fn correct(p: &TopoPuzzle, text: &str) -> bool {
    parse(p, text).is_ok_and(|order| TopologicalSort::grade(p, &order) == Grade::CORRECT)
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for smaller in permutations(n - 1) {
        for i in 0..=smaller.len() {
            let mut p = smaller.clone();
            p.insert(i, n - 1);
            out.push(p);
        }
    }
    out
}

#[test]
fn solver_counts_known_small_cases() {
    let chain = puzzle(&["a", "b", "c"], &[[0, 1], [1, 2]], &[]);
    assert_eq!(count(&chain), Some(1));
    assert_eq!(TopologicalSort::solve(&chain), vec![0, 1, 2]);
    assert_eq!(count(&puzzle(&["a", "b", "c"], &[], &[])), Some(6));
    assert_eq!(count(&diamond(&[])), Some(2));
    assert_eq!(count(&diamond(&[PositionRule::At(2, 2)])), Some(1));
    assert_eq!(
        TopologicalSort::solve(&diamond(&[PositionRule::At(2, 2)])),
        vec![0, 2, 1, 3]
    );
    // A rule no order meets: d cannot be among the first 3.
    let impossible = diamond(&[PositionRule::WithinFirst(3, 3)]);
    assert_eq!(count(&impossible), Some(0));
    assert!(find_order(&Graph::of(&impossible).unwrap()).order.is_none());
    // 12 unrelated tasks have 12! > 10^6 orders: the count stops at the cap.
    let names: Vec<&str> = NAME_POOL[..12].to_vec();
    assert_eq!(count(&puzzle(&names, &[], &[])), Some(COUNT_CAP));
    // Cycles are refused.
    assert!(Graph::new(3, &[[0, 1], [1, 2], [2, 0]], &[]).is_none());
    assert_eq!(depth(4, &[[0, 1], [0, 2], [1, 3], [2, 3]]), 3);
    assert_eq!(depth(3, &[]), 1);
}

#[test]
fn solver_and_counter_agree_with_brute_force() {
    let mut rng = ItemRng::from_u64(7);
    for case in 0..300 {
        let n = 3 + case % 5;
        let mut deps = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                if rng.chance(0.3) {
                    deps.push([a as u16, b as u16]);
                }
            }
        }
        let mut rules = Vec::new();
        for _ in 0..rng.index(3) {
            let node = rng.index(n) as u16;
            let k = rng.range(1, n as i64) as u16;
            rules.push(match rng.index(3) {
                0 => PositionRule::At(node, k),
                1 => PositionRule::WithinFirst(node, k),
                _ => PositionRule::WithinLast(node, k),
            });
        }
        let names: Vec<&str> = NAME_POOL[..n].to_vec();
        let p = puzzle(&names, &deps, &rules);
        let brute = permutations(n)
            .iter()
            .filter(|order| grade_order(&p, order))
            .count() as u64;
        assert_eq!(count(&p), Some(brute), "case {case}: {p:?}");
        let found = find_order(&Graph::of(&p).unwrap()).order;
        assert_eq!(found.is_some(), brute > 0, "case {case}");
        if let Some(order) = found {
            assert!(grade_order(&p, &order));
        }
    }
}

#[test]
fn parser_accepts_every_listed_form() {
    let p = diamond(&[]);
    for text in [
        "dry, paint, sand, wire",
        "dry, sand, paint, wire",
        "dry -> paint -> sand -> wire",
        "dry → paint → sand → wire",
        "dry => paint => sand => wire",
        "DRY\nPaint\nsand\nWire",
        "1. dry\n2. paint\n3. sand\n4. wire",
        "Order: dry, paint, sand, wire",
        "```\ndry, paint, sand, wire\n```",
        "```text\ndry paint sand wire```",
        "dry then paint then sand then wire",
        "[\"dry\", \"paint\", \"sand\", \"wire\"]",
        "dry; paint; sand; wire.",
        "  `dry` > `paint` > `sand` > `wire`  ",
    ] {
        assert!(correct(&p, text), "{text:?}");
    }
}

#[test]
fn parser_rejects_unknown_words_and_characters() {
    let p = diamond(&[]);
    for text in [
        "",
        "   ",
        "dry or paint, sand, wire",
        "dry, paint, sand, wire, glue",
        "dry, paint, sand, wire, dry",
        "dry+paint+sand+wire",
        "dry, paint, sand, wiré",
        "0x1, paint, sand, wire",
        "2. dry, paint, sand, wire",
        "first_task, second_task, third_task",
        "dry, paint, sand, wire: done",
        &"dry ".repeat(10_000),
    ] {
        assert!(parse(&p, text).is_err(), "{text:?}");
    }
    // Read but wrong: a name missing, or a repeat in place of another.
    for text in ["dry, paint, sand", "dry, paint, paint, wire"] {
        assert!(parse(&p, text).is_ok() && !correct(&p, text), "{text:?}");
    }
}

#[test]
fn every_valid_order_scores_and_each_broken_rule_does_not() {
    let p = diamond(&[]);
    assert!(correct(&p, "dry, paint, sand, wire"));
    assert!(correct(&p, "dry, sand, paint, wire"));
    assert!(!correct(&p, "paint, dry, sand, wire"));
    let ruled = diamond(&[PositionRule::WithinLast(1, 1)]);
    assert!(!correct(&ruled, "dry, paint, sand, wire"));
    let ruled = diamond(&[PositionRule::WithinFirst(2, 2)]);
    assert!(correct(&ruled, "dry, sand, paint, wire"));
    assert!(!correct(&ruled, "dry, paint, sand, wire"));
    let ruled = diamond(&[PositionRule::At(1, 3)]);
    assert!(correct(&ruled, "dry, sand, paint, wire"));
    assert!(!correct(&ruled, "dry, paint, sand, wire"));
}

/// A change to a stored payload.
type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn payload_bounds_are_enforced() {
    let good = serde_json::to_string(&diamond(&[PositionRule::At(1, 2)])).unwrap();
    assert!(TopologicalSort::load_puzzle(&good).is_ok());
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v: Value = serde_json::from_str(&good).unwrap();
        f(&mut v);
        TopologicalSort::load_puzzle(&v.to_string())
    };
    let many: Vec<String> = (0..65).map(|i| format!("t{i}")).collect();
    let cases: Vec<(&str, Edit)> = vec![
        (
            "names",
            Box::new(move |v| v["names"] = Value::from(many.clone())),
        ),
        ("names", Box::new(|v| v["names"][0] = Value::from("Dry"))),
        ("names", Box::new(|v| v["names"][0] = Value::from("paint"))),
        ("names", Box::new(|v| v["names"][0] = Value::from("then"))),
        (
            "names",
            Box::new(|v| v["names"][0] = Value::from("a".repeat(33))),
        ),
        (
            "deps",
            Box::new(|v| v["deps"][0] = serde_json::json!([0, 4])),
        ),
        (
            "deps",
            Box::new(|v| v["deps"][0] = serde_json::json!([2, 2])),
        ),
        (
            "rules",
            Box::new(|v| v["rules"][0] = serde_json::json!({"at": [1, 0]})),
        ),
        (
            "rules",
            Box::new(|v| v["rules"][0] = serde_json::json!({"within_first": [1, 5]})),
        ),
        (
            "rules",
            Box::new(|v| v["rules"][0] = serde_json::json!({"within_last": [9, 1]})),
        ),
        ("sol", Box::new(|v| v["sol"][0] = Value::from(4))),
    ];
    for (field, case) in &cases {
        let err = edit(case.as_ref()).unwrap_err();
        assert!(err.starts_with(field), "{field}: {err}");
    }
    // A cyclic payload loads (the verifier never needs acyclicity) and accepts nothing.
    let cyclic = edit(&|v| v["deps"] = serde_json::json!([[0, 1], [1, 0]])).unwrap();
    assert!(!correct(&cyclic, "dry, paint, sand, wire"));
    assert!(!correct(&cyclic, "paint, dry, sand, wire"));
}

#[test]
fn generated_items_are_valid_and_resist_guesses() {
    for level in 1..=10 {
        let generator =
            crate::Generator::new("topological_sort", Some(level), &Value::Null).unwrap();
        for item in generator.batch(3, 0, 30).unwrap() {
            let payload = crate::Payload::parse(&item.verification).unwrap();
            let p = TopologicalSort::load_puzzle(&payload_puzzle(&item.verification)).unwrap();
            assert!(correct(&p, &item.answer), "level {level}");
            for (name, order) in guesses(&p) {
                assert!(!grade_order(&p, &order), "level {level}: {name} solves");
            }
            for (name, text) in TopologicalSort::exploits(&p) {
                assert!(!correct(&p, &text), "level {level}: exploit {name}");
            }
            let metadata: Value = serde_json::from_str(&item.metadata).unwrap();
            assert_eq!(metadata["listing_order_valid"], Value::from(false));
            assert!(metadata["valid_orders"].as_u64().is_some_and(|c| c >= 1));
            assert!(
                payload
                    .verify(
                        &format!("<answer>{}</answer>", item.answer),
                        &crate::VerifyOptions::default()
                    )
                    .correct
            );
        }
    }
}

/// The puzzle object inside a payload's JSON.
fn payload_puzzle(verification: &str) -> String {
    let v: Value = serde_json::from_str(verification).unwrap();
    let puzzle = &v["puzzle"];
    match puzzle {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn knobs_are_checked() {
    let ok = TopologicalSortKnobs::default();
    assert!(TopologicalSort::check_knobs(&ok).is_ok());
    for (knob, bad) in [
        (
            "nodes",
            TopologicalSortKnobs {
                nodes: 3,
                ..ok.clone()
            },
        ),
        (
            "nodes",
            TopologicalSortKnobs {
                nodes: 49,
                ..ok.clone()
            },
        ),
        (
            "edges_per_node",
            TopologicalSortKnobs {
                edges_per_node: f64::NAN,
                ..ok.clone()
            },
        ),
        (
            "edges_per_node",
            TopologicalSortKnobs {
                edges_per_node: 0.1,
                ..ok.clone()
            },
        ),
        (
            "edges_per_node",
            TopologicalSortKnobs {
                nodes: 4,
                edges_per_node: 1.0,
                rules: 0,
                ..ok.clone()
            },
        ),
        (
            "rules",
            TopologicalSortKnobs {
                rules: 5,
                ..ok.clone()
            },
        ),
        (
            "slack",
            TopologicalSortKnobs {
                slack: 11,
                ..ok.clone()
            },
        ),
    ] {
        assert_eq!(TopologicalSort::check_knobs(&bad).unwrap_err().knob, knob);
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[test]
fn difficulty_median_rises_with_level() {
    let mut last = 0.0;
    for level in 1..=10 {
        let generator =
            crate::Generator::new("topological_sort", Some(level), &Value::Null).unwrap();
        let difficulties: Vec<f64> = generator
            .batch(11, 0, 60)
            .unwrap()
            .iter()
            .map(|item| {
                let m: Value = serde_json::from_str(&item.metadata).unwrap();
                m["difficulty"].as_f64().unwrap()
            })
            .collect();
        let m = median(difficulties);
        assert!(m > last, "level {level}: median {m} after {last}");
        last = m;
    }
}

#[test]
#[ignore = "prints a report: rate, difficulty median, duplicates, multi-answer share"]
fn level_report() {
    let n = 20_000u64;
    for level in 1..=10 {
        let generator =
            crate::Generator::new("topological_sort", Some(level), &Value::Null).unwrap();
        let started = thread_cpu_seconds();
        let items: Vec<crate::Item> = (0..n).map(|i| generator.item(1, i).unwrap()).collect();
        let rate = n as f64 / (thread_cpu_seconds() - started);
        let prompts: BTreeSet<&str> = items.iter().map(|it| it.prompt.as_str()).collect();
        let mut difficulties = Vec::new();
        let (mut several, mut unknown, mut capped, mut guessable) = (0, 0, 0, 0);
        for item in &items {
            let m: Value = serde_json::from_str(&item.metadata).unwrap();
            difficulties.push(m["difficulty"].as_f64().unwrap());
            match m["valid_orders"].as_u64() {
                Some(c) if c > 1 => several += 1,
                Some(_) => {}
                None => unknown += 1,
            }
            capped += u64::from(m["valid_orders_at_least_cap"] == true);
            guessable += u64::from(m["guess_solves"] == true);
        }
        println!(
            "level {level}: {rate:.0} items/s, difficulty median {}, duplicates {:.3}%, several orders {:.1}% (count unknown {unknown}, >= cap {capped}), guess-solvable {guessable}",
            median(difficulties),
            100.0 * (n - prompts.len() as u64) as f64 / n as f64,
            100.0 * several as f64 / n as f64,
        );
    }
}
