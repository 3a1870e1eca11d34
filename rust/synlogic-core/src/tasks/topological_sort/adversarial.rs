//! Near misses (`wrong_answers`) and named reward-hacking attempts (`exploits`).

use super::format::render;
use super::generate::guesses;
use super::solve::{find_order, Graph};
use super::{grade_order, TopoPuzzle, TopologicalSort};
use crate::rng::ItemRng;
use crate::task::Task;

/// Near misses, each invalid by construction (checked before it is returned).
pub fn wrong_answers(puzzle: &TopoPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let oracle = TopologicalSort::solve(puzzle);
    let n = oracle.len();
    let mut out = Vec::new();
    if n < 2 {
        return vec![String::new()];
    }
    // One dependency turned around: its two tasks swap places.
    if !puzzle.dependencies.is_empty() {
        let [b, a] = puzzle.dependencies[rng.index(puzzle.dependencies.len())];
        let mut swapped = oracle.clone();
        let pb = swapped.iter().position(|&v| v == usize::from(b));
        let pa = swapped.iter().position(|&v| v == usize::from(a));
        if let (Some(pb), Some(pa)) = (pb, pa) {
            swapped.swap(pb, pa);
            out.push(swapped);
        }
    }
    // One task left out.
    let mut missing = oracle.clone();
    missing.remove(rng.index(n));
    out.push(missing);
    // One task written twice in place of another.
    let mut repeated = oracle.clone();
    let i = rng.index(n);
    repeated[i] = oracle[(i + 1 + rng.index(n - 1)) % n];
    out.push(repeated);
    // The first order the dependencies alone allow, when it breaks a rule.
    if !puzzle.rules.is_empty() {
        if let Some(order) = Graph::new(puzzle.names.len(), &puzzle.dependencies, &[])
            .and_then(|graph| find_order(&graph).order)
        {
            out.push(order);
        }
    }
    out.into_iter()
        .filter(|order| !grade_order(puzzle, order))
        .map(|order| render(puzzle, &order))
        .collect()
}

/// Named attempts that must score 0; the guessed orders are listed only where they are wrong
/// (generation redraws puzzles they solve, so that is almost everywhere).
pub fn exploits(puzzle: &TopoPuzzle) -> Vec<(&'static str, String)> {
    let oracle = TopologicalSort::solve(puzzle);
    let text = render(puzzle, &oracle);
    let mut out: Vec<(&'static str, String)> = guesses(puzzle)
        .into_iter()
        .filter(|(_, order)| !grade_order(puzzle, order))
        .map(|(name, order)| (name, render(puzzle, &order)))
        .collect();
    let reversed: Vec<usize> = oracle.iter().rev().copied().collect();
    if !grade_order(puzzle, &reversed) {
        out.push(("the valid order reversed", render(puzzle, &reversed)));
    }
    let doubled: Vec<usize> = oracle.iter().flat_map(|&v| [v, v]).collect();
    out.push(("each name twice", render(puzzle, &doubled)));
    out.push(("the valid order twice", format!("{text}, {text}")));
    let half = &oracle[..oracle.len() / 2];
    out.push(("only the first half of the names", render(puzzle, half)));
    out.push((
        "a single name",
        render(puzzle, &oracle[..1.min(oracle.len())]),
    ));
    out.push((
        "the valid order plus an unknown task",
        format!("{text}, extra_task"),
    ));
    let numbers: Vec<String> = (1..=oracle.len()).map(|i| i.to_string()).collect();
    out.push(("position numbers instead of names", numbers.join(", ")));
    let indices: Vec<String> = oracle.iter().map(ToString::to_string).collect();
    out.push(("task indices instead of names", indices.join(", ")));
    out.push(("every name joined by 'or'", puzzle.names.join(" or ")));
    out.push(("the word 'any order'", "any order".to_string()));
    out
}
