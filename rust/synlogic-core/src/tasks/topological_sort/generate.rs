//! Generation: a hidden order, dependencies and rules that it satisfies, then the solver.

use serde_json::{Map, Value};

use super::format::NAME_POOL;
use super::knobs::{edge_count, TopologicalSortKnobs};
use super::solve::{count_orders, depth, find_order, Graph, COUNT_CAP};
use super::{grade_order, PositionRule, TopoPuzzle};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Whole puzzles drawn before generation gives up.
const ATTEMPTS: usize = 200;
/// Puzzles redrawn because a guess (listing order, alphabetical order, ...) solves them; after
/// this many the guess-solvable puzzle is kept and flagged in the metadata.
const GUESS_REDRAWS: usize = 100;
/// Nodes tried per rule before the rule is dropped from this attempt.
const RULE_ATTEMPTS: usize = 20;

/// Orders a guesser could try without reading the dependencies, by name.
pub fn guesses(puzzle: &TopoPuzzle) -> Vec<(&'static str, Vec<usize>)> {
    let n = puzzle.names.len();
    let listing: Vec<usize> = (0..n).collect();
    let mut alphabetical = listing.clone();
    alphabetical.sort_by(|&a, &b| puzzle.names[a].cmp(&puzzle.names[b]));
    let mut first_mention = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for &[before, after] in &puzzle.dependencies {
        for v in [usize::from(before), usize::from(after)] {
            if v < n && !seen[v] {
                seen[v] = true;
                first_mention.push(v);
            }
        }
    }
    first_mention.extend((0..n).filter(|&v| !seen[v]));
    vec![
        ("the listing order", listing.clone()),
        (
            "the listing order reversed",
            listing.into_iter().rev().collect(),
        ),
        ("alphabetical order", alphabetical.clone()),
        (
            "reverse alphabetical order",
            alphabetical.into_iter().rev().collect(),
        ),
        (
            "the order of first mention in the dependencies",
            first_mention,
        ),
    ]
}

/// Draws one puzzle; see the module docs of the task for the scheme.
pub fn generate(
    knobs: &TopologicalSortKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<TopoPuzzle>, GenerateError> {
    let n = knobs.nodes as usize;
    let edges = edge_count(knobs);
    for attempt in 0..ATTEMPTS {
        let Some(puzzle) = draw(knobs, n, edges, rng) else {
            continue;
        };
        let Some(graph) = Graph::of(&puzzle) else {
            continue;
        };
        // Existence is proved by search, not assumed from the hidden order.
        let report = find_order(&graph);
        let Some(order) = report.order else {
            continue;
        };
        if !grade_order(&puzzle, &order) {
            continue;
        }
        let guessed: Vec<&str> = guesses(&puzzle)
            .into_iter()
            .filter(|(_, order)| grade_order(&puzzle, order))
            .map(|(name, _)| name)
            .collect();
        if !guessed.is_empty() && attempt < GUESS_REDRAWS {
            continue;
        }
        let puzzle = TopoPuzzle {
            solution: order.iter().map(|&v| v as u16).collect(),
            ..puzzle
        };
        let count = count_orders(&graph);
        let mut metadata = Map::new();
        metadata.insert("solver_tries".into(), Value::from(report.tries));
        metadata.insert(
            "valid_orders".into(),
            count.map_or(Value::Null, Value::from),
        );
        metadata.insert("valid_orders_cap".into(), Value::from(COUNT_CAP));
        metadata.insert(
            "valid_orders_at_least_cap".into(),
            Value::from(count == Some(COUNT_CAP)),
        );
        metadata.insert(
            "dependencies".into(),
            Value::from(puzzle.dependencies.len()),
        );
        metadata.insert("depth".into(), Value::from(depth(n, &puzzle.dependencies)));
        metadata.insert("rules".into(), Value::from(puzzle.rules.len()));
        metadata.insert(
            "listing_order_valid".into(),
            Value::from(guessed.contains(&"the listing order")),
        );
        metadata.insert(
            "alphabetical_order_valid".into(),
            Value::from(guessed.contains(&"alphabetical order")),
        );
        metadata.insert("guess_solves".into(), Value::from(!guessed.is_empty()));
        metadata.insert("redraws".into(), Value::from(attempt));
        return Ok(Generated {
            puzzle,
            difficulty: report.tries as f64,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no puzzle with {n} tasks, {edges} dependencies and {} rules within the attempt budget",
        knobs.rules
    )))
}

/// One candidate puzzle: names, a hidden order, dependencies it respects (listed in random
/// order) and rules it satisfies that tighten what the dependencies alone allow.
fn draw(
    knobs: &TopologicalSortKnobs,
    n: usize,
    edges: usize,
    rng: &mut ItemRng,
) -> Option<TopoPuzzle> {
    let names: Vec<String> = rng
        .sample_indices(NAME_POOL.len(), n)
        .into_iter()
        .map(|i| NAME_POOL[i].to_string())
        .collect();
    // position[v]: node v's place (0-based) in the hidden order.
    let mut position: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut position);
    let mut dependencies: Vec<[u16; 2]> = Vec::with_capacity(edges);
    let mut present = vec![false; n * n];
    let mut draws = 0;
    while dependencies.len() < edges {
        draws += 1;
        if draws > edges * 50 {
            return None;
        }
        let a = rng.index(n);
        let b = rng.index(n);
        if a == b {
            continue;
        }
        let (before, after) = if position[a] < position[b] {
            (a, b)
        } else {
            (b, a)
        };
        if present[before * n + after] {
            continue;
        }
        present[before * n + after] = true;
        dependencies.push([before as u16, after as u16]);
    }
    let rules = draw_rules(knobs, n, &dependencies, &position, rng)?;
    Some(TopoPuzzle {
        names,
        dependencies,
        rules,
        solution: Vec::new(),
    })
}

fn draw_rules(
    knobs: &TopologicalSortKnobs,
    n: usize,
    dependencies: &[[u16; 2]],
    position: &[usize],
    rng: &mut ItemRng,
) -> Option<Vec<PositionRule>> {
    let mut rules: Vec<PositionRule> = Vec::with_capacity(knobs.rules as usize);
    for _ in 0..knobs.rules {
        let graph = Graph::new(n, dependencies, &rules)?;
        let mut added = false;
        for _ in 0..RULE_ATTEMPTS {
            let node = rng.index(n);
            if rules.iter().any(|r| usize::from(r.node()) == node) {
                continue;
            }
            let (earliest, latest) = graph.window(node);
            let place = position[node] + 1;
            let slack = rng.index(knobs.slack as usize + 1);
            let rule = match rng.index(3) {
                0 => PositionRule::At(node as u16, place as u16),
                1 => PositionRule::WithinFirst(node as u16, (place + slack).min(n) as u16),
                _ => {
                    let from_end = n + 1 - place;
                    PositionRule::WithinLast(node as u16, (from_end + slack).min(n) as u16)
                }
            };
            let (lo, hi) = rule.window(n);
            // The rule must say something the dependencies and earlier rules do not.
            if lo > earliest || hi < latest {
                rules.push(rule);
                added = true;
                break;
            }
        }
        if !added {
            return None;
        }
    }
    rng.shuffle(&mut rules);
    Some(rules)
}
