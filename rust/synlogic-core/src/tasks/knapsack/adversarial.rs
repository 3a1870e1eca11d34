//! Near misses (`wrong_answers`) and named reward-hacking attempts (`exploits`).

use super::format::{parse, render};
use super::solve::{fits, greedy, is_optimal_selection, totals};
use super::KnapsackPuzzle;
use crate::rng::ItemRng;

fn scores(puzzle: &KnapsackPuzzle, text: &str) -> bool {
    parse(puzzle, text).is_ok_and(|s| is_optimal_selection(puzzle, &s))
}

fn oracle(puzzle: &KnapsackPuzzle) -> Vec<u32> {
    let mut s: Vec<u32> = puzzle.solution.iter().map(|&c| u32::from(c)).collect();
    s.resize(puzzle.names.len(), 0);
    s
}

/// Near misses, each checked wrong before it is returned: within the limits but not optimal
/// (one chosen item left out), over a limit (one more item added), over the copies available,
/// an optimal-value selection that breaks a limit where one exists nearby.
pub fn wrong_answers(puzzle: &KnapsackPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let best = oracle(puzzle);
    let n = best.len();
    let mut out: Vec<Vec<u32>> = Vec::new();
    let chosen: Vec<usize> = (0..n).filter(|&i| best[i] > 0).collect();
    // Legal but not optimal: one chosen item left out.
    if !chosen.is_empty() {
        let mut less = best.clone();
        less[chosen[rng.index(chosen.len())]] -= 1;
        out.push(less);
    }
    // Over a limit: every unchosen item that no longer fits, added.
    for i in 0..n {
        let mut more = best.clone();
        more[i] += 1;
        if !fits(puzzle, &more) && more[i] <= u32::from(puzzle.copies[i]) {
            out.push(more);
            break;
        }
    }
    // More copies than available.
    if !chosen.is_empty() {
        let i = chosen[rng.index(chosen.len())];
        let mut over = best.clone();
        over[i] = u32::from(puzzle.copies[i]) + 1;
        out.push(over);
    }
    // Optimal value or more but over a limit: swap a chosen item for a more valuable one.
    for &i in &chosen {
        for j in 0..n {
            let mut swapped = best.clone();
            swapped[i] -= 1;
            swapped[j] += 1;
            if totals(puzzle, &swapped).is_some_and(|t| t.2 >= u64::from(puzzle.optimal_value))
                && !fits(puzzle, &swapped)
                && swapped[j] <= u32::from(puzzle.copies[j])
            {
                out.push(swapped);
                break;
            }
        }
        if out.len() >= 5 {
            break;
        }
    }
    let mut texts: Vec<String> = out
        .iter()
        .map(|s| render(puzzle, s))
        .filter(|t| !t.is_empty() && !scores(puzzle, t))
        .collect();
    if texts.is_empty() {
        texts.push(String::new());
    }
    texts
}

/// Named attempts that must score 0 (each listed only where it is wrong, which the verifier
/// decides).
pub fn exploits(puzzle: &KnapsackPuzzle) -> Vec<(&'static str, String)> {
    let n = puzzle.names.len();
    let mut out: Vec<(&'static str, String)> = greedy(puzzle)
        .into_iter()
        .map(|(name, s)| (name, render(puzzle, &s)))
        .collect();
    let all: Vec<u32> = puzzle.copies.iter().map(|&c| u32::from(c)).collect();
    out.push(("every item", render(puzzle, &all)));
    out.push(("every item once", puzzle.names.join(", ")));
    let mut top = vec![0u32; n];
    if let Some(i) = (0..n).max_by_key(|&i| puzzle.values[i]) {
        top[i] = 1;
    }
    out.push(("the single most valuable item", render(puzzle, &top)));
    let text = render(puzzle, &oracle(puzzle));
    out.push(("the optimal selection twice", format!("{text}, {text}")));
    out.push((
        "the optimal value as a number",
        puzzle.optimal_value.to_string(),
    ));
    let indices: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    out.push(("item numbers instead of names", indices.join(", ")));
    out.push(("the word 'none'", "none".into()));
    out.retain(|(_, t)| !scores(puzzle, t));
    out
}
