//! Generation: random true clues until unique, then minimisation.

use serde_json::{Map, Value};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

use super::knobs::{ClueType, QuestionKind, ZebraKnobs};
use super::puzzle::{Ask, Clue, ZebraPuzzle};
use super::solve::{positions_of, Solver};
use super::vocabulary::CATEGORIES;
use super::{MAX_ATTEMPTS, SEARCH_NODE_BUDGET};

/// Generates one puzzle: vocabulary, hidden solution, a minimal unique clue set, a question.
pub(super) fn generate_puzzle(
    knobs: &ZebraKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<ZebraPuzzle>, GenerateError> {
    let n = knobs.houses as usize;
    let m = knobs.attributes as usize;
    let types = usable_types(knobs);
    for _ in 0..MAX_ATTEMPTS {
        let mut categories = rng.sample_indices(CATEGORIES.len(), m);
        categories.sort_unstable();
        let values: Vec<Vec<u8>> = categories
            .iter()
            .map(|&c| {
                let pool = CATEGORIES[c].values;
                let mut picked = rng.sample_indices(pool.len(), n);
                picked.sort_by_key(|&i| pool[i].to_ascii_lowercase());
                picked.into_iter().map(|i| i as u8).collect()
            })
            .collect();
        let sol: Vec<Vec<u8>> = (0..m)
            .map(|_| {
                let mut row: Vec<u8> = (0..n as u8).collect();
                rng.shuffle(&mut row);
                row
            })
            .collect();
        let Some(clues) = collect_clues(n, &sol, &types, rng) else {
            continue;
        };
        let added = clues.len();
        let Some(mut clues) = minimize(n, m, clues, rng) else {
            continue;
        };
        if !balanced(&clues, &types) {
            continue;
        }
        rng.shuffle(&mut clues);
        let found_at = |e: usize| {
            clues
                .iter()
                .any(|c| c.kind == ClueType::FoundAt && c.p as usize == e)
        };
        let ask = match knobs.question {
            QuestionKind::Grid => Some(Ask::Grid),
            QuestionKind::Cell => (0..100).find_map(|_| {
                let a = rng.index(m);
                if rng.chance(0.5) {
                    let h = rng.index(n);
                    (!found_at(a * n + sol[a][h] as usize)).then_some(Ask::Value {
                        a: a as u8,
                        h: h as u8,
                    })
                } else {
                    let x = rng.index(n);
                    (!found_at(a * n + x)).then_some(Ask::House {
                        a: a as u8,
                        x: x as u8,
                    })
                }
            }),
        };
        let Some(ask) = ask else {
            continue;
        };
        let proof = Solver::new(n, m, clues.iter().copied()).count(2, u64::MAX);
        // Minimisation kept the solution unique; this count (up to 2) is the recorded proof.
        let Some(solutions @ 1) = proof.solutions else {
            continue;
        };
        let stats = proof.stats;
        let puzzle = ZebraPuzzle {
            n: n as u8,
            c: categories.iter().map(|&c| c as u8).collect(),
            v: values,
            s: sol,
            k: clues.iter().map(|c| [c.kind.code(), c.p, c.q]).collect(),
            q: ask,
            f: knobs.format,
        };
        let (log10_space, exact_space) = search_space(n, m);
        let mut type_counts = Map::new();
        for kind in ClueType::ALL {
            let count = clues.iter().filter(|c| c.kind == kind).count();
            if count > 0 {
                type_counts.insert(kind.name().into(), Value::from(count));
            }
        }
        let mut metadata = Map::new();
        metadata.insert("houses".into(), Value::from(n));
        metadata.insert("attributes".into(), Value::from(m));
        metadata.insert("solutions".into(), Value::from(solutions));
        metadata.insert("clues".into(), Value::from(clues.len()));
        metadata.insert("clues_before_minimizing".into(), Value::from(added));
        metadata.insert("clue_type_counts".into(), Value::Object(type_counts));
        metadata.insert("solver_nodes".into(), Value::from(stats.nodes));
        metadata.insert(
            "solver_propagations".into(),
            Value::from(stats.propagations),
        );
        metadata.insert(
            "log10_search_space".into(),
            Value::from((log10_space * 1000.0).round() / 1000.0),
        );
        metadata.insert(
            "search_space".into(),
            exact_space.map_or(Value::Null, |s| Value::from(s.to_string())),
        );
        metadata.insert(
            "question".into(),
            Value::from(match ask {
                Ask::Grid => "grid",
                Ask::Value { .. } => "value",
                Ask::House { .. } => "house",
            }),
        );
        return Ok(Generated {
            puzzle,
            difficulty: stats.propagations as f64,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no balanced unique {n}x{m} puzzle with clue types {:?} in {MAX_ATTEMPTS} attempts",
        types.iter().map(|t| t.name()).collect::<Vec<_>>()
    )))
}

/// A random clue of type `kind` that is true for `pos` (`sol[a][h]` = slot in house `h`).
pub(super) fn random_true_clue(
    kind: ClueType,
    n: usize,
    sol: &[Vec<u8>],
    rng: &mut ItemRng,
) -> Clue {
    let m = sol.len();
    let entity = |a: usize, h: usize| (a * n + sol[a][h] as usize) as u8;
    let two_attributes = |rng: &mut ItemRng| {
        let picked = rng.sample_indices(m, 2);
        (picked[0], picked[1])
    };
    match kind {
        ClueType::FoundAt | ClueType::NotAt => {
            let a = rng.index(m);
            let h = rng.index(n);
            let house = if kind == ClueType::FoundAt {
                h
            } else {
                (h + 1 + rng.index(n - 1)) % n
            };
            Clue {
                kind,
                p: entity(a, h),
                q: house as u8,
            }
        }
        ClueType::SameHouse => {
            let (a, b) = two_attributes(rng);
            let h = rng.index(n);
            Clue {
                kind,
                p: entity(a, h),
                q: entity(b, h),
            }
        }
        ClueType::NotSameHouse => {
            let (a, b) = two_attributes(rng);
            let houses = rng.sample_indices(n, 2);
            Clue {
                kind,
                p: entity(a, houses[0]),
                q: entity(b, houses[1]),
            }
        }
        _ => {
            let (h1, h2) = match kind {
                ClueType::LeftOf | ClueType::RightOf => {
                    let houses = rng.sample_indices(n, 2);
                    let (lo, hi) = (houses[0].min(houses[1]), houses[0].max(houses[1]));
                    if kind == ClueType::LeftOf {
                        (lo, hi)
                    } else {
                        (hi, lo)
                    }
                }
                _ => {
                    let d = match kind {
                        ClueType::DirectlyLeft | ClueType::NextTo => 1,
                        ClueType::OneBetween => 2,
                        _ => 3,
                    };
                    let lo = rng.index(n - d);
                    if kind != ClueType::DirectlyLeft && rng.chance(0.5) {
                        (lo + d, lo)
                    } else {
                        (lo, lo + d)
                    }
                }
            };
            let a = rng.index(m);
            let b = rng.index(m);
            Clue {
                kind,
                p: entity(a, h1),
                q: entity(b, h2),
            }
        }
    }
}

/// Adds random true clues until the solution is unique; `None` if the clue budget runs out.
pub(super) fn collect_clues(
    n: usize,
    sol: &[Vec<u8>],
    types: &[ClueType],
    rng: &mut ItemRng,
) -> Option<Vec<Clue>> {
    let m = sol.len();
    let weights: Vec<f64> = types.iter().map(|t| t.weight()).collect();
    let budget = 8 * n * m + 20;
    let mut clues: Vec<Clue> = Vec::new();
    let mut keys: Vec<(u8, u8, u8)> = Vec::new();
    let mut aborted = 0;
    loop {
        let outcome = Solver::new(n, m, clues.iter().copied()).count(2, SEARCH_NODE_BUDGET);
        match outcome.solutions {
            Some(1) => return Some(clues),
            None => aborted += 1,
            Some(_) => {}
        }
        if clues.len() >= budget || aborted > 4 {
            return None;
        }
        let found = outcome.found;
        // An alternative solution that the next clue should rule out.
        let truth = positions_from_solution(n, sol);
        let alternative = found
            .iter()
            .map(|masks| positions_of(masks, n * m))
            .find(|pos| *pos != truth);
        let mut fallback = None;
        let mut chosen = None;
        for _ in 0..64 {
            let kind = types[rng.weighted(&weights)];
            let clue = random_true_clue(kind, n, sol, rng);
            if keys.contains(&clue.canonical()) {
                continue;
            }
            match &alternative {
                Some(alt) if clue.holds(alt) => fallback = Some(clue),
                _ => {
                    chosen = Some(clue);
                    break;
                }
            }
        }
        let clue = chosen.or(fallback)?;
        keys.push(clue.canonical());
        clues.push(clue);
    }
}

pub(super) fn positions_from_solution(n: usize, sol: &[Vec<u8>]) -> Vec<u8> {
    let mut pos = vec![0u8; n * sol.len()];
    for (a, row) in sol.iter().enumerate() {
        for (h, &x) in row.iter().enumerate() {
            pos[a * n + x as usize] = h as u8;
        }
    }
    pos
}

/// Removes clues (found_at first, then the rest, each group in random order) while the
/// solution stays unique; `None` if a uniqueness check ran out of search budget.
pub(super) fn minimize(
    n: usize,
    m: usize,
    clues: Vec<Clue>,
    rng: &mut ItemRng,
) -> Option<Vec<Clue>> {
    let mut order: Vec<usize> = (0..clues.len()).collect();
    rng.shuffle(&mut order);
    order.sort_by_key(|&i| clues[i].kind != ClueType::FoundAt);
    let mut kept = vec![true; clues.len()];
    for i in order {
        kept[i] = false;
        let remaining = clues.iter().zip(&kept).filter(|(_, &k)| k).map(|(c, _)| *c);
        match Solver::new(n, m, remaining)
            .count(2, SEARCH_NODE_BUDGET)
            .solutions?
        {
            1 => {}
            _ => kept[i] = true,
        }
    }
    Some(
        clues
            .into_iter()
            .zip(kept)
            .filter(|(_, k)| *k)
            .map(|(c, _)| c)
            .collect(),
    )
}

/// Whether no clue type dominates and found_at clues stay rare.
pub(super) fn balanced(clues: &[Clue], types: &[ClueType]) -> bool {
    let total = clues.len();
    let count = |kind: ClueType| clues.iter().filter(|c| c.kind == kind).count();
    if types.len() < 4 {
        // A narrow user-chosen set: the caps may be unreachable.
        return true;
    }
    let cap = (total * 2 / 5).max(2);
    count(ClueType::FoundAt) <= (total / 5).max(1)
        && ClueType::ALL.iter().all(|&kind| count(kind) <= cap)
}

/// The allowed, feasible clue types, deduplicated, in code order.
pub(super) fn usable_types(knobs: &ZebraKnobs) -> Vec<ClueType> {
    let mut types: Vec<ClueType> = knobs
        .clue_types
        .iter()
        .copied()
        .filter(|t| t.min_houses() <= knobs.houses as usize)
        .collect();
    types.sort_unstable();
    types.dedup();
    types
}

/// `(N!)^M`: its log10, and its exact value when it fits in a u128.
pub(super) fn search_space(n: usize, m: usize) -> (f64, Option<u128>) {
    let log10_factorial: f64 = (2..=n).map(|k| (k as f64).log10()).sum();
    let factorial: u128 = (2..=n as u128).product();
    let exact = (0..m).try_fold(1u128, |acc, _| acc.checked_mul(factorial));
    (log10_factorial * m as f64, exact)
}
