//! Adversarial answers: near misses that must grade below 1.0 and exploits that must score 0.

use super::credit::fixed_patterns;
use super::format::render_assignment;
use super::puzzle::{full_mask, nth_member, KnightsKnavesPuzzle};
use super::KnightsKnaves;
use crate::rng::ItemRng;
use crate::task::Task;

/// Near misses for the conformance suite (the body of [`Task::wrong_answers`]).
pub(super) fn wrong_answers(puzzle: &KnightsKnavesPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let n = puzzle.people();
    let all = full_mask(n);
    let solution = KnightsKnaves::solve(puzzle);
    let mut wrong = vec![
        render_assignment(puzzle, solution ^ (1 << rng.index(n)), None),
        render_assignment(puzzle, !solution & all, None),
        render_assignment(puzzle, solution, Some(rng.index(n))),
    ];
    let knights = solution & all;
    let knaves = !solution & all;
    if knights != 0 && knaves != 0 {
        let a = nth_member(knights, rng.index(knights.count_ones() as usize));
        let b = nth_member(knaves, rng.index(knaves.count_ones() as usize));
        let swapped = solution ^ (1 << a) ^ (1 << b);
        wrong.push(render_assignment(puzzle, swapped, None));
    }
    wrong
}

/// Named reward-hacking attempts (the body of [`Task::exploits`]).
pub(super) fn exploits(puzzle: &KnightsKnavesPuzzle) -> Vec<(&'static str, String)> {
    let n = puzzle.people();
    let all = full_mask(n);
    let solution = KnightsKnaves::solve(puzzle) & all;
    let names = &puzzle.names;
    let per_person = |suffix: &str| -> String {
        names
            .iter()
            .map(|name| format!("{name}{suffix}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    // Constant answers, unless the constant is the solution (then it is the answer).
    if solution != all {
        out.push(("everyone a knight", render_assignment(puzzle, all, None)));
        out.push(("all of them are knights", "All of them are knights.".into()));
        out.push(("everyone is a knight", "Everyone is a knight.".into()));
    }
    if solution != 0 {
        out.push(("everyone a knave", render_assignment(puzzle, 0, None)));
        out.push(("all of them are knaves", "All of them are knaves.".into()));
    }
    // Fixed patterns that ignore the statements (the partial-credit gate gives them nothing).
    let labels = [
        "alternating knight, knave",
        "alternating knave, knight",
        "first half knights",
        "first half knaves",
        "first half (rounded up) knights",
        "first half (rounded up) knaves",
    ];
    let patterns = fixed_patterns(n);
    for (i, (&pattern, label)) in patterns[2..].iter().zip(labels).enumerate() {
        if pattern != solution && !patterns[..2 + i].contains(&pattern) {
            out.push((label, render_assignment(puzzle, pattern, None)));
        }
    }
    out.push(("only the names", names.join("\n")));
    out.push((
        "\"knight or knave\" for everyone",
        per_person(": knight or knave"),
    ));
    out.push(("both roles for everyone", per_person(": knight, knave")));
    out.push((
        "everyone in both lists",
        format!(
            "Knights: {}\nKnaves: {}",
            names.join(", "),
            names.join(", ")
        ),
    ));
    out.push(("both lists empty", "Knights: none\nKnaves: none".into()));
    out.push((
        "each person a knight and not a knave",
        per_person(" is a knight and not a knave"),
    ));
    // Every assignment listed, for small puzzles (a person then has both roles).
    if n <= 4 {
        let every: Vec<String> = (0..=all)
            .map(|mask| render_assignment(puzzle, mask, None))
            .collect();
        out.push(("every assignment listed", every.join("\n\n")));
    }
    out
}
