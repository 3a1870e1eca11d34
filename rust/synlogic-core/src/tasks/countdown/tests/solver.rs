//! The solver against a plain reference, and its arithmetic fast paths.

use super::puzzle;
use super::rational;
use crate::rng::ItemRng;
use crate::tasks::countdown::arithmetic::{gcd, quot, Operator, Ratio};
use crate::tasks::countdown::puzzle::CountdownPuzzle;
use crate::tasks::countdown::solver::{divide_exact, run_solver, SolverReport};

/// The 64-bit fast paths agree with plain 128-bit arithmetic, including at the edges.
#[test]
fn gcd_and_quot_fast_paths_match_128_bit_arithmetic() {
    fn slow_gcd(a: i128, b: i128) -> i128 {
        let (mut a, mut b) = (a.abs(), b.abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    }
    let edges = [
        0,
        1,
        2,
        6,
        97,
        1 << 20,
        i128::from(i64::MAX),
        i128::from(i64::MAX) + 1,
        i128::from(u64::MAX),
        i128::from(u64::MAX) + 1,
        1 << 100,
    ];
    let mut rng = ItemRng::from_u64(7);
    let mut values: Vec<i128> = edges.iter().flat_map(|&v| [v, -v]).collect();
    values.extend((0..200).map(|_| i128::from(rng.next_u64() >> rng.index(64))));
    for &a in &values {
        for &b in &values {
            assert_eq!(gcd(a, b), Some(slow_gcd(a, b)), "gcd({a}, {b})");
            if b > 0 {
                assert_eq!(quot(a, b), a / b, "{a} / {b}");
            }
        }
    }
}

/// The solver as first written (states fingerprinted by a hash chain over the sorted
/// values, a standard hash set, every pair tried in every order), as the reference the
/// faster solvers must match node for node.
fn reference_solver(puzzle: &CountdownPuzzle, cap: u64) -> SolverReport {
    fn chain(h: u64, v: u64) -> u64 {
        let h = (h ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^ (h >> 29)
    }
    fn key_of(state: &[Ratio]) -> u64 {
        state.iter().fold(0x243f_6a88_85a3_08d3, |h, r| {
            chain(
                chain(chain(h, r.num as u64), (r.num >> 64) as u64),
                r.den as u64,
            )
        })
    }
    #[allow(clippy::too_many_arguments)]
    fn search(
        state: &[Ratio],
        ops: &[Operator],
        integer: bool,
        target: Ratio,
        use_all: bool,
        cap: u64,
        nodes: &mut u64,
        seen: &mut std::collections::HashSet<u64>,
    ) -> Option<bool> {
        let len = state.len();
        for i in 0..len {
            if i > 0 && state[i] == state[i - 1] {
                continue;
            }
            for j in i + 1..len {
                if j > i + 1 && state[j] == state[j - 1] {
                    continue;
                }
                let (a, b) = (state[i], state[j]);
                for &op in ops {
                    let swapped = matches!(op, Operator::Sub | Operator::Div) && a != b;
                    let orders: &[(Ratio, Ratio)] = if swapped {
                        &[(a, b), (b, a)]
                    } else {
                        &[(a, b)]
                    };
                    for &(x, y) in orders {
                        let value = if integer {
                            let (x, y) = (x.num as u64, y.num as u64);
                            match op {
                                Operator::Add => x.checked_add(y),
                                Operator::Sub => (x > y).then(|| x - y),
                                Operator::Mul => x.checked_mul(y),
                                Operator::Div => (y != 0 && x % y == 0).then(|| x / y),
                            }
                            .map(|v| Ratio::int(i128::from(v)))
                        } else {
                            op.apply(x, y)
                        };
                        let Some(value) = value else {
                            continue;
                        };
                        *nodes += 1;
                        if *nodes > cap {
                            *nodes = cap;
                            return Some(false);
                        }
                        if value == target && (!use_all || len == 2) {
                            return Some(true);
                        }
                        if len == 2 {
                            continue;
                        }
                        let mut next: Vec<Ratio> = state
                            .iter()
                            .enumerate()
                            .filter(|&(m, _)| m != i && m != j)
                            .map(|(_, &v)| v)
                            .collect();
                        next.push(value);
                        next.sort_unstable();
                        // Two-value states are not remembered.
                        if next.len() == 2 || seen.insert(key_of(&next)) {
                            let done =
                                search(&next, ops, integer, target, use_all, cap, nodes, seen);
                            if done.is_some() {
                                return done;
                            }
                        }
                    }
                }
            }
        }
        None
    }
    let mut state: Vec<Ratio> = puzzle
        .numbers
        .iter()
        .map(|&v| Ratio::int(i128::from(v)))
        .collect();
    state.sort_unstable();
    let target = Ratio::int(i128::from(puzzle.target));
    let mut nodes = 0;
    let outcome = if state.contains(&target) && (!puzzle.use_all || state.len() == 1) {
        Some(true)
    } else if state.len() < 2 {
        None
    } else {
        let ops = puzzle.allowed_operators();
        let mut seen = std::collections::HashSet::new();
        let integer = puzzle.integer_intermediates;
        search(
            &state,
            &ops,
            integer,
            target,
            puzzle.use_all,
            cap,
            &mut nodes,
            &mut seen,
        )
    };
    SolverReport {
        nodes,
        found: outcome == Some(true),
        capped: outcome == Some(false),
    }
}

#[test]
fn exact_division_matches_integer_division() {
    let mut rng = ItemRng::from_u64(4);
    for _ in 0..100_000 {
        let a = (rng.next_u64() >> rng.index(64)).max(1);
        let q = rng.next_u64() >> rng.index(64);
        let b = if rng.chance(0.5) {
            a.saturating_mul(q)
        } else {
            rng.next_u64() >> rng.index(64)
        };
        let expected = (b % a == 0).then(|| b / a);
        assert_eq!(divide_exact(b, a), expected, "{b} / {a}");
    }
    for (b, a) in [
        (u64::MAX, 1),
        (u64::MAX, u64::MAX),
        (1 << 53, 3),
        ((1 << 53) - 1, 7),
    ] {
        assert_eq!(divide_exact(b, a), (b % a == 0).then(|| b / a));
    }
}

#[test]
fn solver_counts_like_the_reference() {
    let mut rng = ItemRng::from_u64(21);
    let op_sets = ["+-*/", "+*", "-/", "+-", "*/", "+-*", "/"];
    for round in 0..1500 {
        let count = 2 + rng.index(if round % 3 == 0 { 6 } else { 4 });
        let high = [3i64, 10, 50, 100][rng.index(4)];
        let low = i64::from(round % 10 != 0);
        let numbers: Vec<u64> = (0..count).map(|_| rng.range(low, high) as u64).collect();
        let target = rng.range(1, 600) as u64;
        let ops = op_sets[rng.index(op_sets.len())];
        let mut p = puzzle(&numbers, target, ops, rng.chance(0.5));
        if count <= 5 && rng.chance(0.3) {
            p = rational(p);
        }
        let cap = if rng.chance(0.5) { 2_000 } else { 60_000 };
        assert_eq!(run_solver(&p, cap), reference_solver(&p, cap), "{p:?}");
    }
}

/// Rational searches, whose three-value states take the fast path (fractions, zero and
/// negative values, every operator set), count node for node like the reference.
#[test]
fn rational_searches_count_like_the_reference() {
    let mut rng = ItemRng::from_u64(33);
    let op_sets = ["+-*/", "-/", "+/", "*/", "-*/", "/", "+-"];
    for round in 0..600 {
        let count = 3 + rng.index(3);
        let high = [4i64, 12, 60, 300][rng.index(4)];
        let numbers: Vec<u64> = (0..count).map(|_| rng.range(1, high) as u64).collect();
        let target = rng.range(1, if round % 2 == 0 { 50 } else { 5000 }) as u64;
        let ops = op_sets[rng.index(op_sets.len())];
        let p = rational(puzzle(&numbers, target, ops, rng.chance(0.6)));
        let cap = [50, 3_000, 40_000][rng.index(3)];
        assert_eq!(run_solver(&p, cap), reference_solver(&p, cap), "{p:?}");
    }
}
