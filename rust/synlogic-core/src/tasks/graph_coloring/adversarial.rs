//! Near misses (`wrong_answers`) and named reward-hacking attempts (`exploits`).

use super::format::{palette_names, render};
use super::generate::guesses;
use super::{is_proper, ColoringPuzzle, COLOR_NAMES};
use crate::rng::ItemRng;

/// Near misses, each improper or incomplete by construction.
pub fn wrong_answers(puzzle: &ColoringPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let oracle = &puzzle.solution;
    let n = oracle.len();
    let mut out = Vec::new();
    if n < 2 {
        return vec![String::new()];
    }
    // One edge with equal ends: its second end takes the first end's colour.
    if !puzzle.edges.is_empty() {
        let [a, b] = puzzle.edges[rng.index(puzzle.edges.len())];
        let mut clash = oracle.clone();
        clash[usize::from(b)] = clash[usize::from(a)];
        if !is_proper(puzzle, &clash) {
            out.push(render(puzzle, &clash));
        }
    }
    // One node left uncoloured.
    let skip = rng.index(n);
    let pairs: Vec<String> = render(puzzle, oracle)
        .split(", ")
        .enumerate()
        .filter(|&(v, _)| v != skip)
        .map(|(_, p)| p.to_string())
        .collect();
    out.push(pairs.join(", "));
    // One node given a colour that is not allowed.
    let mut outside = oracle.clone();
    outside[rng.index(n)] = puzzle.colors;
    out.push(render(puzzle, &outside).replace('?', forbidden_name(puzzle)));
    out
}

/// Named attempts that must score 0.
pub fn exploits(puzzle: &ColoringPuzzle) -> Vec<(&'static str, String)> {
    let oracle = &puzzle.solution;
    let n = oracle.len();
    let text = render(puzzle, oracle);
    let names = palette_names(puzzle);
    let mut out: Vec<(&'static str, String)> = guesses(puzzle)
        .into_iter()
        .filter(|(_, colouring)| !is_proper(puzzle, colouring))
        .map(|(name, colouring)| (name, render(puzzle, &colouring)))
        .collect();
    out.push(("every node twice", format!("{text}, {text}")));
    out.push((
        "only the first half of the nodes",
        text.split(", ").take(n / 2).collect::<Vec<_>>().join(", "),
    ));
    let forbidden = forbidden_name(puzzle);
    out.push((
        "a colour that is not allowed everywhere",
        (1..=n)
            .map(|v| format!("{v}: {forbidden}"))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    out.push((
        "colour numbers instead of names",
        oracle
            .iter()
            .enumerate()
            .map(|(v, c)| format!("{}: {}", v + 1, c + 1))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    out.push((
        "colours without node numbers",
        oracle
            .iter()
            .map(|&c| names.get(usize::from(c)).copied().unwrap_or("?"))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    out.push((
        "an extra node beyond the last",
        format!(
            "{text}, {}: {}",
            n + 1,
            names.first().copied().unwrap_or("red")
        ),
    ));
    out.push(("every allowed colour for node 1", {
        format!("1: {}", names.join(" or "))
    }));
    out
}

/// A colour name that the puzzle does not allow.
fn forbidden_name(puzzle: &ColoringPuzzle) -> &'static str {
    COLOR_NAMES
        .iter()
        .enumerate()
        .find(|(i, _)| !puzzle.palette.contains(&(*i as u8)))
        .map_or("black", |(_, name)| *name)
}
