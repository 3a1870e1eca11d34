//! Near misses and reward-hacking attempts.

use super::format::render;
use super::model::SelfReferencePuzzle;
use crate::rng::ItemRng;

/// Near misses: one statement flipped, all flipped, one statement left out, a true and a
/// false statement swapped.
pub fn wrong_answers(puzzle: &SelfReferencePuzzle, rng: &mut ItemRng) -> Vec<String> {
    let n = puzzle.len();
    let all = (1u32 << n) - 1;
    let solution = puzzle.solution;
    let canonical = render(puzzle, solution);
    let skip = rng.index(n);
    let kept: Vec<&str> = canonical
        .lines()
        .enumerate()
        .filter(|&(i, _)| i != skip)
        .map(|(_, line)| line)
        .collect();
    let trues: Vec<usize> = (0..n).filter(|&i| solution >> i & 1 == 1).collect();
    let falses: Vec<usize> = (0..n).filter(|&i| solution >> i & 1 == 0).collect();
    let swap = (1u32 << trues[rng.index(trues.len())]) | (1u32 << falses[rng.index(falses.len())]);
    vec![
        render(puzzle, solution ^ (1 << rng.index(n))),
        render(puzzle, !solution & all),
        kept.join("\n"),
        render(puzzle, solution ^ swap),
    ]
}

/// Named reward-hacking attempts, each left out where it happens to be the solution.
pub fn exploits(puzzle: &SelfReferencePuzzle) -> Vec<(&'static str, String)> {
    let n = puzzle.len();
    let all = (1u32 << n) - 1;
    let solution = puzzle.solution;
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut guess = |name: &'static str, mask: u32| {
        if mask & all != solution {
            out.push((name, render(puzzle, mask & all)));
        }
    };
    guess("every statement true", all);
    guess("every statement false", 0);
    guess("alternating true, false", 0x5555_5555);
    guess("alternating false, true", 0xAAAA_AAAA);
    guess("only the first statement true", 1);
    guess("everything flipped", !solution);
    let canonical = render(puzzle, solution);
    out.push((
        "only the first statement",
        canonical.lines().next().unwrap_or_default().to_string(),
    ));
    out.push((
        "both values for every statement",
        (1..=n)
            .map(|k| format!("Statement {k}: true\nStatement {k}: false"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push((
        "\"true or false\" for every statement",
        (1..=n)
            .map(|k| format!("Statement {k}: true or false"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push((
        "negated values",
        (1..=n)
            .map(|k| format!("Statement {k} is not false"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push((
        "the statements copied back",
        puzzle
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| format!("Statement {}: {}", i + 1, c.text()))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out
}
