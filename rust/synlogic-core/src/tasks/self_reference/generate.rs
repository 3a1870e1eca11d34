//! Generation: a hidden assignment, claims drawn true or false under it, repaired until it is
//! the only consistent assignment.

use serde_json::{Map, Value};

use super::knobs::SelfReferenceKnobs;
use super::model::{search, Claim, SelfReferencePuzzle};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Repairs of one list before it is redrawn from scratch.
const REPAIRS: usize = 200;
/// Fresh lists before generation gives up.
const ATTEMPTS: usize = 50;
/// Draws of one claim before its kind is given up for another.
const DRAWS: usize = 32;

/// Draws a claim for statement `i` whose truth under `hidden` is `hidden`'s bit `i`, of one
/// of `kinds`; `None` if no kind gave one in [`DRAWS`] tries.
fn draw_claim(
    rng: &mut ItemRng,
    kinds: &[String],
    i: usize,
    hidden: u32,
    n: usize,
) -> Option<Claim> {
    let want = hidden >> i & 1 == 1;
    let trues = hidden.count_ones() as usize;
    let other = |rng: &mut ItemRng| {
        let j = rng.index(n - 1);
        (if j >= i { j + 1 } else { j }) as u8
    };
    let two_others = |rng: &mut ItemRng| {
        let a = other(rng);
        let mut b = other(rng);
        while b == a {
            b = other(rng);
        }
        (a.min(b), a.max(b))
    };
    let any_but = |rng: &mut ItemRng, avoid: usize| {
        let k = rng.index(n);
        (if k >= avoid { k + 1 } else { k }) as u8
    };
    for _ in 0..DRAWS {
        let claim = match rng.choose(kinds).as_str() {
            "exactly_true" if want => Claim::ExactlyTrue { k: trues as u8 },
            "exactly_true" => Claim::ExactlyTrue {
                k: any_but(rng, trues),
            },
            "exactly_false" if want => Claim::ExactlyFalse {
                k: (n - trues) as u8,
            },
            "exactly_false" => Claim::ExactlyFalse {
                k: any_but(rng, n - trues),
            },
            // Neither "at least 0" nor "at most n": both hold whatever the list says.
            "at_least_true" => Claim::AtLeastTrue {
                k: rng.range(1, n as i64) as u8,
            },
            "at_most_true" => Claim::AtMostTrue {
                k: rng.range(0, n as i64 - 1) as u8,
            },
            "is" => {
                let j = other(rng);
                Claim::Is {
                    j,
                    value: (hidden >> j & 1 == 1) == want,
                }
            }
            "same" => {
                let (a, b) = two_others(rng);
                Claim::Same {
                    a,
                    b,
                    same: ((hidden >> a & 1) == (hidden >> b & 1)) == want,
                }
            }
            "pair" => {
                let (a, b) = two_others(rng);
                Claim::Pair {
                    a,
                    b,
                    any: rng.chance(0.5),
                }
            }
            "parity" => Claim::Parity {
                even: (trues % 2 == 0) == want,
            },
            _ => Claim::FirstTrue { j: other(rng) },
        };
        if claim.eval(hidden, n) == want {
            return Some(claim);
        }
    }
    None
}

/// The consistent assignments other than `hidden`, up to `cap` of them.
fn rivals(claims: &[Claim], hidden: u32, cap: usize) -> Vec<u32> {
    let n = claims.len();
    let mut found = Vec::new();
    for mask in 0..1u32 << n {
        if mask != hidden
            && claims
                .iter()
                .enumerate()
                .all(|(i, c)| c.eval(mask, n) == (mask >> i & 1 == 1))
        {
            found.push(mask);
            if found.len() >= cap {
                break;
            }
        }
    }
    found
}

/// Generates one puzzle.
pub fn generate(
    knobs: &SelfReferenceKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<SelfReferencePuzzle>, GenerateError> {
    let n = usize::from(knobs.statements);
    let all = (1u32 << n) - 1;
    for attempt in 1..=ATTEMPTS {
        // All true and all false are excluded, so a constant answer never scores; the
        // excluded set is closed under complement, so each statement is true half the time.
        let hidden = loop {
            let draw = (rng.next_u64() as u32) & all;
            if draw != 0 && draw != all {
                break draw;
            }
        };
        let Some(mut claims) = (0..n)
            .map(|i| draw_claim(rng, &knobs.kinds, i, hidden, n))
            .collect::<Option<Vec<Claim>>>()
        else {
            continue;
        };
        for _ in 0..REPAIRS {
            let found = rivals(&claims, hidden, 1);
            let Some(&rival) = found.first() else {
                let puzzle = SelfReferencePuzzle::new(claims).map_err(GenerateError)?;
                if puzzle.solution != hidden {
                    return Err(GenerateError(
                        "internal: the consistent assignment is not the hidden one".into(),
                    ));
                }
                return Ok(finish(puzzle, attempt));
            };
            // Redraw a statement's claim, keeping it right under the hidden assignment,
            // preferring one that the rival breaks.
            let i = rng.index(n);
            let mut replacement = None;
            for _ in 0..8 {
                if let Some(claim) = draw_claim(rng, &knobs.kinds, i, hidden, n) {
                    let breaks_rival = claim.eval(rival, n) != (rival >> i & 1 == 1);
                    replacement = Some(claim);
                    if breaks_rival {
                        break;
                    }
                }
            }
            if let Some(claim) = replacement {
                claims[i] = claim;
            }
        }
    }
    Err(GenerateError(format!(
        "no list with exactly one consistent assignment within {ATTEMPTS} attempts"
    )))
}

fn finish(puzzle: SelfReferencePuzzle, attempts: usize) -> Generated<SelfReferencePuzzle> {
    let (_, nodes) = search(&puzzle, 2);
    let assignment: String = (0..puzzle.len())
        .map(|i| {
            if puzzle.solution >> i & 1 == 1 {
                'T'
            } else {
                'F'
            }
        })
        .collect();
    let mut metadata = Map::new();
    metadata.insert("solutions".into(), Value::from(1));
    metadata.insert("assignment".into(), Value::from(assignment));
    metadata.insert(
        "true_statements".into(),
        Value::from(puzzle.solution.count_ones()),
    );
    metadata.insert("search_nodes".into(), Value::from(nodes));
    metadata.insert("attempts".into(), Value::from(attempts));
    Generated {
        difficulty: nodes as f64,
        puzzle,
        metadata,
    }
}
