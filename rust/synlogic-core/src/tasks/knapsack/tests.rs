//! Unit tests of `knapsack`. The registry-wide suites (conformance, exploits, golden,
//! properties, time bounds) cover the task with no code here; these test its own parts.

use super::format::parse;
use super::solve::{is_optimal_selection, optimum, totals};
use super::*;

fn puzzle(
    w: &[u16],
    v: &[u16],
    vol: &[u16],
    copies: &[u8],
    cap: u32,
    vcap: Option<u32>,
) -> KnapsackPuzzle {
    let names = ["rope", "lamp", "tent", "kettle", "map", "axe", "mug", "oar"];
    let mut p = KnapsackPuzzle {
        names: names[..w.len()].iter().map(ToString::to_string).collect(),
        weights: w.to_vec(),
        values: v.to_vec(),
        volumes: vol.to_vec(),
        copies: copies.to_vec(),
        max_weight: cap,
        max_volume: vcap,
        optimal_value: 0,
        solution: Vec::new(),
    };
    let found = optimum(&p).unwrap();
    p.optimal_value = found.value;
    p.solution = found.selection;
    p
}

/// Best value and number of optimal selections by enumerating every count vector.
fn brute(p: &KnapsackPuzzle) -> (u64, u64) {
    let n = p.names.len();
    let mut best = (0u64, 0u64);
    let mut s = vec![0u32; n];
    loop {
        if super::solve::fits(p, &s) {
            let v = totals(p, &s).unwrap().2;
            if v > best.0 {
                best = (v, 1);
            } else if v == best.0 {
                best.1 += 1;
            }
        }
        let mut i = 0;
        while i < n && s[i] == u32::from(p.copies[i]) {
            s[i] = 0;
            i += 1;
        }
        if i == n {
            return best;
        }
        s[i] += 1;
    }
}

#[test]
fn the_programme_agrees_with_enumeration() {
    let mut rng = ItemRng::from_u64(11);
    for _ in 0..200 {
        let n = 2 + rng.index(6);
        let w: Vec<u16> = (0..n).map(|_| 1 + rng.index(6) as u16).collect();
        let v: Vec<u16> = (0..n).map(|_| 1 + rng.index(5) as u16).collect();
        let volume = rng.chance(0.5);
        let vol: Vec<u16> = if volume {
            (0..n).map(|_| 1 + rng.index(6) as u16).collect()
        } else {
            Vec::new()
        };
        let copies: Vec<u8> = (0..n).map(|_| 1 + rng.index(3) as u8).collect();
        let cap = 1 + rng.index(15) as u32;
        let vcap = volume.then(|| 1 + rng.index(15) as u32);
        let p = puzzle(&w, &v, &vol, &copies, cap, vcap);
        let found = optimum(&p).unwrap();
        assert_eq!(
            (u64::from(found.value), found.selections),
            brute(&p),
            "{p:?}"
        );
        let oracle: Vec<u32> = p.solution.iter().map(|&c| u32::from(c)).collect();
        assert!(is_optimal_selection(&p, &oracle));
    }
}

#[test]
fn parser_accepts_every_listed_form_and_any_optimal_selection() {
    // rope 4/7, lamp 3/5, tent 6/9, kettle 2/2; limit 9: best 14 by rope+lamp+kettle,
    // and lamp+tent also weighs 9 and is worth 14.
    let p = puzzle(&[4, 3, 6, 2], &[7, 5, 9, 2], &[], &[1, 1, 1, 1], 9, None);
    assert_eq!(p.optimal_value, 14);
    let ok = |t: &str| parse(&p, t).is_ok_and(|s| Knapsack::grade(&p, &s) == Grade::CORRECT);
    for t in [
        "rope, lamp, kettle",
        "lamp, tent",
        "Tent; LAMP",
        "1. lamp\n2. tent",
        "[\"lamp\", \"tent\"]",
        "```\nlamp, tent\n```",
        "1 x lamp, tent",
    ] {
        assert!(ok(t), "{t:?}");
    }
    for t in [
        "rope, lamp",
        "rope, tent",
        "lamp, lamp, tent",
        "2 x lamp, tent",
        "lamp, tent, 7",
        "lamp, tent, sword",
        "",
    ] {
        assert!(!ok(t), "{t:?}");
    }
    let q = puzzle(&[4, 3], &[7, 5], &[], &[3, 2], 10, None);
    let counts = |t: &str| parse(&q, t).unwrap();
    for t in [
        "2 x rope",
        "rope x2",
        "2x rope",
        "rope × 2",
        "rope*2",
        "rope, rope",
    ] {
        assert_eq!(counts(t), vec![2, 0], "{t:?}");
    }
}

#[test]
fn every_generated_oracle_is_optimal_and_exploits_fail() {
    let mut rng = ItemRng::from_u64(3);
    let knobs = KnapsackKnobs {
        items: 8,
        max_copies: 2,
        volume: true,
        ..KnapsackKnobs::default()
    };
    for _ in 0..20 {
        let g = Knapsack::generate(&knobs, &mut rng).unwrap();
        let p = &g.puzzle;
        assert_eq!(u64::from(p.optimal_value), brute(p).0);
        for (name, text) in Knapsack::exploits(p) {
            assert!(
                parse(p, &text).map_or(true, |s| !is_optimal_selection(p, &s)),
                "{name}"
            );
        }
    }
}

#[test]
fn knobs_and_payloads_out_of_range_are_named() {
    let base = KnapsackKnobs::default();
    let bad = |k: KnapsackKnobs| Knapsack::check_knobs(&k).unwrap_err().knob;
    assert_eq!(
        bad(KnapsackKnobs {
            items: 31,
            ..base.clone()
        }),
        "items"
    );
    assert_eq!(
        bad(KnapsackKnobs {
            tightness: 0.9,
            ..base.clone()
        }),
        "tightness"
    );
    assert_eq!(
        bad(KnapsackKnobs {
            items: 30,
            max_copies: 4,
            max_weight: 30,
            volume: true,
            ..base.clone()
        }),
        "max_weight"
    );
    assert!(Knapsack::check_knobs(&base).is_ok());
    let good = puzzle(&[4, 3], &[7, 5], &[], &[1, 1], 5, None);
    let mut big = good.clone();
    big.max_weight = 1_000_000;
    assert!(Knapsack::load_puzzle(&serde_json::to_string(&big).unwrap())
        .unwrap_err()
        .starts_with("cap"));
    let mut names = good.clone();
    names.names = vec!["x2".into(), "lamp".into()];
    assert!(
        Knapsack::load_puzzle(&serde_json::to_string(&names).unwrap())
            .unwrap_err()
            .starts_with("names")
    );
    assert_eq!(
        Knapsack::load_puzzle(&serde_json::to_string(&good).unwrap()).unwrap(),
        good
    );
}
