//! Near misses and reward-hacking attempts.

use super::format::render;
use super::model::WebOfLiesPuzzle;
use crate::rng::ItemRng;

/// Near misses: one person flipped, everybody flipped, one person left out, a truthful and
/// a lying person swapped.
pub fn wrong_answers(puzzle: &WebOfLiesPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let n = puzzle.people();
    let all = (1u32 << n) - 1;
    let solution = puzzle.solution;
    let canonical = render(puzzle, solution);
    let skip = rng.index(n);
    let kept: Vec<&str> = canonical
        .lines()
        .enumerate()
        .filter(|&(i, _)| i != skip)
        .map(|(_, l)| l)
        .collect();
    let mut wrong = vec![
        render(puzzle, solution ^ (1 << rng.index(n))),
        render(puzzle, !solution & all),
        kept.join("\n"),
    ];
    let truthful: Vec<usize> = (0..n).filter(|&i| solution >> i & 1 == 1).collect();
    let liars: Vec<usize> = (0..n).filter(|&i| solution >> i & 1 == 0).collect();
    if !truthful.is_empty() && !liars.is_empty() {
        let a = truthful[rng.index(truthful.len())];
        let b = liars[rng.index(liars.len())];
        wrong.push(render(puzzle, solution ^ (1 << a) ^ (1 << b)));
    }
    wrong
}

/// Named reward-hacking attempts, each left out where it happens to be the solution.
pub fn exploits(puzzle: &WebOfLiesPuzzle) -> Vec<(&'static str, String)> {
    let n = puzzle.people();
    let all = (1u32 << n) - 1;
    let solution = puzzle.solution;
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut guess = |name: &'static str, mask: u32| {
        if mask & all != solution {
            out.push((name, render(puzzle, mask & all)));
        }
    };
    guess("everybody truthful", all);
    guess("everybody a liar", 0);
    guess("alternating truthful, liar", 0x5555_5555);
    guess("alternating liar, truthful", 0xAAAA_AAAA);
    let facts_spread = puzzle
        .facts
        .first()
        .map_or(0, |f| if f.truthful { all } else { 0 });
    guess("the first fact's role for everybody", facts_spread);
    guess("everybody flipped", !solution);
    let canonical = render(puzzle, solution);
    out.push((
        "only the first person",
        canonical.lines().next().unwrap_or_default().to_string(),
    ));
    out.push((
        "both roles for everybody",
        puzzle
            .names
            .iter()
            .map(|name| format!("{name}: truthful\n{name}: liar"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push((
        "\"truthful or liar\" for everybody",
        puzzle
            .names
            .iter()
            .map(|name| format!("{name}: truthful or liar"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push(("only the names", puzzle.names.join("\n")));
    out.push((
        "negated roles",
        puzzle
            .names
            .iter()
            .map(|name| format!("{name} is not a liar"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out
}
