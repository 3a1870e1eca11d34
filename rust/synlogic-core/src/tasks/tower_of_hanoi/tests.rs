//! Unit tests of `tower_of_hanoi`. The registry-wide suites (conformance, exploits, golden,
//! properties, time bounds) cover the task with no code here; these test its own parts.

use std::collections::{HashMap, VecDeque};

use super::format::parse;
use super::solve::{frame_stewart, shortest, three_peg_moves};
use super::*;

/// Every position reachable in one move, by the textbook definition (independent of the
/// search's encoding).
fn successors(pegs: u8, position: &[u8]) -> Vec<Vec<u8>> {
    let top = |peg: u8| position.iter().position(|&p| p == peg);
    let mut out = Vec::new();
    for a in 0..pegs {
        for b in 0..pegs {
            if let Some(d) = top(a) {
                if a != b && top(b).is_none_or(|e| e > d) {
                    let mut next = position.to_vec();
                    next[d] = b;
                    out.push(next);
                }
            }
        }
    }
    out
}

/// Distance and number of shortest paths by a plain one-sided breadth-first search.
fn brute(pegs: u8, start: &[u8], goal: &[u8]) -> (u32, u64) {
    let mut seen: HashMap<Vec<u8>, (u32, u64)> = HashMap::from([(start.to_vec(), (0, 1))]);
    let mut queue = VecDeque::from([start.to_vec()]);
    while let Some(u) = queue.pop_front() {
        let (d, c) = seen[&u];
        for v in successors(pegs, &u) {
            match seen.get_mut(&v) {
                Some((dv, cv)) if *dv == d + 1 => *cv += c,
                Some(_) => {}
                None => {
                    seen.insert(v.clone(), (d + 1, c));
                    queue.push_back(v);
                }
            }
        }
    }
    seen[goal]
}

fn puzzle(pegs: &str, start: &[u8], goal: &[u8]) -> HanoiPuzzle {
    let found = shortest(pegs.len(), start, goal).unwrap();
    HanoiPuzzle {
        peg_names: pegs.into(),
        sizes: (1..=start.len() as u8).map(|s| s * 2).collect(),
        start: start.to_vec(),
        goal: goal.to_vec(),
        optimal_moves: found.moves,
        solution: found.path,
    }
}

fn correct(p: &HanoiPuzzle, text: &str) -> bool {
    parse(p, text).is_ok_and(|m| TowerOfHanoi::grade(p, &m) == Grade::CORRECT)
}

#[test]
fn towers_need_the_known_numbers_of_moves() {
    assert_eq!(
        (1..=10).map(frame_stewart).collect::<Vec<_>>(),
        [1, 3, 5, 9, 13, 17, 25, 33, 41, 49]
    );
    for disks in 2..=8 {
        let found = shortest(3, &vec![0; disks], &vec![2; disks]).unwrap();
        assert_eq!(found.moves, (1 << disks) - 1);
        assert_eq!(
            found.sequences, 1,
            "the 3-peg tower has one shortest solution"
        );
        let found = shortest(4, &vec![0; disks], &vec![3; disks]).unwrap();
        assert_eq!(found.moves, frame_stewart(disks));
        assert_eq!(
            three_peg_moves(4, &vec![0; disks], &vec![3; disks]),
            Some((1 << disks) - 1)
        );
    }
}

#[test]
fn the_bidirectional_search_agrees_with_a_plain_search() {
    let mut rng = ItemRng::from_u64(7);
    for _ in 0..300 {
        let pegs = 3 + rng.index(2);
        let disks = 1 + rng.index(5);
        let start: Vec<u8> = (0..disks).map(|_| rng.index(pegs) as u8).collect();
        let goal: Vec<u8> = (0..disks).map(|_| rng.index(pegs) as u8).collect();
        let found = shortest(pegs, &start, &goal).unwrap();
        assert_eq!(
            (found.moves, found.sequences),
            brute(pegs as u8, &start, &goal),
            "{start:?} -> {goal:?} on {pegs} pegs"
        );
        let p = puzzle(&"KDRW"[..pegs], &start, &goal);
        if found.moves > 0 {
            assert!(solve::is_optimal_solution(
                &p,
                &solve::as_answer(&p.solution)
            ));
        }
    }
}

#[test]
fn parser_accepts_every_listed_form_and_any_shortest_sequence() {
    // A tower of disks 2 and 4 on K, goal on R, pegs K D R W: two shortest answers of 3 moves.
    let p = puzzle("KDRW", &[0, 0], &[2, 2]);
    assert_eq!(p.optimal_moves, 3);
    for text in [
        "K->R, K->D, ... ",
        "",
        "K->R, R->D, K->R",
        "K->D",
        "K->R, K->R, D->R",
    ] {
        assert!(!correct(&p, text), "{text:?}");
    }
    for text in [
        "K->D, K->R, D->R",
        "K->W, K->R, W->R",
        "K D\nK R\nD R",
        "k to w; k to r; w to r",
        "1. K -> D\n2. K -> R\n3. D -> R",
        "Step 1: move disk 2 from K to D\nStep 2: move disk 4 from K to R\nStep 3: move disk 2 from D to R",
        "[[\"K\",\"D\"],[\"K\",\"R\"],[\"D\",\"R\"]]",
        "```\nK→D, K→R, D→R\n```",
        "Moves: K->D, K->R, D->R",
    ] {
        assert!(correct(&p, text), "{text:?}");
    }
    assert!(!correct(&p, "K->D, D->W, K->R, W->R"), "longer");
    assert!(
        !correct(&p, "move disk 4 from K to D, K->R, D->R"),
        "wrong disk"
    );
    for text in [
        "K->D, K->R, D",
        "1->3",
        "K->X",
        "K->D, K->R, D->R or",
        "disk 3 K R",
    ] {
        assert!(parse(&p, text).is_err(), "{text:?}");
    }
}

#[test]
fn every_generated_oracle_is_optimal_and_exploits_fail() {
    let mut rng = ItemRng::from_u64(3);
    for pegs in [3, 4] {
        let knobs = TowerOfHanoiKnobs {
            pegs,
            disks: 5,
            ..TowerOfHanoiKnobs::default()
        };
        for _ in 0..20 {
            let g = TowerOfHanoi::generate(&knobs, &mut rng).unwrap();
            let p = &g.puzzle;
            let (moves, _) = brute(pegs as u8, &p.start, &p.goal);
            assert_eq!(p.optimal_moves, moves);
            assert!(correct(
                p,
                &TowerOfHanoi::render_answer(p, &TowerOfHanoi::solve(p))
            ));
            for (name, text) in TowerOfHanoi::exploits(p) {
                assert!(!correct(p, &text), "{name}");
            }
        }
    }
}

#[test]
fn knobs_out_of_range_are_named() {
    let bad = |knobs: TowerOfHanoiKnobs| TowerOfHanoi::check_knobs(&knobs).unwrap_err().knob;
    let base = TowerOfHanoiKnobs::default();
    assert_eq!(
        bad(TowerOfHanoiKnobs {
            pegs: 5,
            ..base.clone()
        }),
        "pegs"
    );
    assert_eq!(
        bad(TowerOfHanoiKnobs {
            disks: 11,
            ..base.clone()
        }),
        "disks"
    );
    assert_eq!(
        bad(TowerOfHanoiKnobs {
            disks: 2,
            min_moves: 9,
            ..base.clone()
        }),
        "min_moves"
    );
    assert!(TowerOfHanoi::check_knobs(&base).is_ok());
}

type Spoil = Box<dyn Fn(&mut HanoiPuzzle)>;

#[test]
fn hostile_payloads_are_rejected_naming_the_field() {
    let good = puzzle("KDR", &[0, 1], &[2, 2]);
    let cases: [(&str, Spoil); 6] = [
        ("pegs", Box::new(|p| p.peg_names = "KDRWX".into())),
        ("pegs", Box::new(|p| p.peg_names = "KKR".into())),
        ("sizes", Box::new(|p| p.sizes = vec![1; 11])),
        ("start", Box::new(|p| p.start = vec![7, 0])),
        ("opt", Box::new(|p| p.optimal_moves = u32::MAX)),
        (
            "sol",
            Box::new(|p| p.solution = vec![[0, 1]; MAX_MOVES + 1]),
        ),
    ];
    for (field, spoil) in cases {
        let mut p = good.clone();
        spoil(&mut p);
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            TowerOfHanoi::load_puzzle(&json)
                .unwrap_err()
                .starts_with(field),
            "{field}"
        );
    }
    let json = serde_json::to_string(&good).unwrap();
    assert_eq!(TowerOfHanoi::load_puzzle(&json).unwrap(), good);
}
