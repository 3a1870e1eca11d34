//! Unit tests of `water_jugs`. The registry-wide suites (conformance, exploits, golden,
//! properties, time bounds) cover the task with no code here; these test its own parts.

use super::format::parse;
use super::solve::{apply, shortest};
use super::*;

fn puzzle(caps: &[u8], start: &[u8], target: u8, jug: Option<u8>) -> JugsPuzzle {
    let mut p = JugsPuzzle {
        names: "KDRW"[..caps.len()].into(),
        capacities: caps.to_vec(),
        start: start.to_vec(),
        target,
        jug,
        unit: 0,
        optimal_actions: 0,
        solution: Vec::new(),
    };
    let found = shortest(&p).unwrap();
    p.optimal_actions = found.actions;
    p.solution = found.path;
    p
}

fn correct(p: &JugsPuzzle, text: &str) -> bool {
    parse(p, text).is_ok_and(|a| WaterJugs::grade(p, &a) == Grade::CORRECT)
}

/// Every action sequence of length `len` from the start, counted by brute force.
fn count_brute(p: &JugsPuzzle, contents: &[u8], len: u32) -> u64 {
    if len == 0 {
        return u64::from(p.goal_met(contents));
    }
    let n = p.capacities.len() as u8;
    let mut actions: Vec<Action> = (0..n)
        .flat_map(|j| [Action::Fill(j), Action::Empty(j)])
        .collect();
    actions.extend((0..n).flat_map(|a| {
        (0..n)
            .filter(move |&b| b != a)
            .map(move |b| Action::Pour(a, b))
    }));
    actions
        .into_iter()
        .map(|a| {
            let mut next = contents.to_vec();
            apply(&p.capacities, &mut next, a).unwrap();
            count_brute(p, &next, len - 1)
        })
        .sum()
}

#[test]
fn the_classic_puzzle_needs_six_actions_and_counts_match_brute_force() {
    let p = puzzle(&[5, 3], &[0, 0], 4, None);
    assert_eq!(p.optimal_actions, 6);
    let mut rng = ItemRng::from_u64(5);
    for _ in 0..60 {
        let n = 2 + rng.index(2);
        let caps: Vec<u8> = (0..n).map(|_| 1 + rng.index(6) as u8).collect();
        let start: Vec<u8> = caps
            .iter()
            .map(|&c| rng.index(usize::from(c) + 1) as u8)
            .collect();
        let target = 1 + rng.index(6) as u8;
        let jug = rng.chance(0.5).then(|| rng.index(n) as u8);
        let mut p = JugsPuzzle {
            names: "KDRW"[..n].into(),
            capacities: caps,
            start,
            target,
            jug,
            unit: 0,
            optimal_actions: 0,
            solution: Vec::new(),
        };
        let Some(found) = shortest(&p) else { continue };
        if found.actions == 0 || found.actions > 5 {
            continue;
        }
        // No shorter sequence meets the goal, and the count of shortest ones is exact.
        for shorter in 0..found.actions {
            assert_eq!(count_brute(&p, &p.start, shorter), 0);
        }
        // Brute force counts sequences that may pass through the goal earlier; the shortest
        // ones cannot, so both count the same sequences.
        assert_eq!(
            count_brute(&p, &p.start, found.actions),
            found.sequences,
            "{p:?}"
        );
        p.optimal_actions = found.actions;
        p.solution = found.path;
        assert!(solve::is_optimal_solution(&p, &p.solution));
    }
}

#[test]
fn parser_accepts_every_listed_form_and_any_shortest_sequence() {
    let p = puzzle(&[5, 3], &[0, 0], 4, None);
    for text in [
        "fill K, pour K into D, empty D, pour K into D, fill K, pour K into D",
        "fill D, pour D into K, fill D, pour D into K, empty K, pour D into K, fill D, pour D into K",
        "FILL k; pour k -> d; empty d; pour k d; fill k; k -> d",
        "1. fill jug K\n2. pour from K to D\n3. empty D\n4. pour K into D\n5. fill(K)\n6. pour K into D",
        "[\"fill K\", \"pour K into D\", \"empty D\", \"pour K into D\", \"fill K\", \"pour K into D\"]",
        "```\nfill K, pour K into D, empty D, pour K into D, fill K, pour K into D\n```",
    ] {
        let expected = !text.starts_with("fill D"); // the 8-action route is legal but longer
        assert_eq!(correct(&p, text), expected, "{text:?}");
    }
    for text in [
        "fill K, pour K",
        "fill X",
        "pour K into K",
        "fill K, 7",
        "fill K or D",
        "",
    ] {
        assert!(parse(&p, text).is_err() || !correct(&p, text), "{text:?}");
    }
    assert!(parse(&p, "fill K, pour K").is_err());
    // A named jug: K must hold the target, D holding it does not count.
    let named = puzzle(&[3, 5], &[0, 0], 3, Some(1));
    assert!(named.optimal_actions > 1);
    assert!(!correct(&named, "fill K"));
}

#[test]
fn every_generated_oracle_is_optimal_and_exploits_fail() {
    let mut rng = ItemRng::from_u64(3);
    let knobs = WaterJugsKnobs {
        jugs: 3,
        max_capacity: 9,
        random_start: true,
        named_jug: true,
        min_actions: 3,
        ..WaterJugsKnobs::default()
    };
    for _ in 0..30 {
        let g = WaterJugs::generate(&knobs, &mut rng).unwrap();
        let p = &g.puzzle;
        assert!(correct(
            p,
            &WaterJugs::render_answer(p, &WaterJugs::solve(p))
        ));
        for (name, text) in WaterJugs::exploits(p) {
            assert!(!correct(p, &text), "{name}");
        }
    }
}

#[test]
fn knobs_out_of_range_are_named() {
    let bad = |knobs: WaterJugsKnobs| WaterJugs::check_knobs(&knobs).unwrap_err().knob;
    let base = WaterJugsKnobs::default();
    assert_eq!(
        bad(WaterJugsKnobs {
            jugs: 5,
            ..base.clone()
        }),
        "jugs"
    );
    assert_eq!(
        bad(WaterJugsKnobs {
            max_capacity: 31,
            ..base.clone()
        }),
        "max_capacity"
    );
    assert_eq!(
        bad(WaterJugsKnobs {
            jugs: 4,
            max_capacity: 30,
            ..base.clone()
        }),
        "max_capacity"
    );
    assert_eq!(
        bad(WaterJugsKnobs {
            min_capacity: 9,
            ..base.clone()
        }),
        "min_capacity"
    );
    assert!(WaterJugs::check_knobs(&base).is_ok());
}

type Spoil = Box<dyn Fn(&mut JugsPuzzle)>;

#[test]
fn hostile_payloads_are_rejected_naming_the_field() {
    let good = puzzle(&[5, 3], &[0, 0], 4, None);
    let cases: [(&str, Spoil); 7] = [
        ("names", Box::new(|p| p.names = "KDRWX".into())),
        ("caps", Box::new(|p| p.capacities = vec![0, 3])),
        ("start", Box::new(|p| p.start = vec![6, 0])),
        ("target", Box::new(|p| p.target = 200)),
        ("jug", Box::new(|p| p.jug = Some(2))),
        ("opt", Box::new(|p| p.optimal_actions = u32::MAX)),
        (
            "sol",
            Box::new(|p| p.solution = vec![Action::Fill(0); MAX_ACTIONS + 1]),
        ),
    ];
    for (field, spoil) in cases {
        let mut p = good.clone();
        spoil(&mut p);
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            WaterJugs::load_puzzle(&json)
                .unwrap_err()
                .starts_with(field),
            "{field}"
        );
    }
    let json = serde_json::to_string(&good).unwrap();
    assert_eq!(WaterJugs::load_puzzle(&json).unwrap(), good);
}
