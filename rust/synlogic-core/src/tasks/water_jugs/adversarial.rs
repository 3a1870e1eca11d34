//! Near misses (`wrong_answers`) and named reward-hacking attempts (`exploits`).

use super::format::{parse, render};
use super::solve::{is_optimal_solution, replay};
use super::{Action, JugsPuzzle};
use crate::rng::ItemRng;

fn scores(puzzle: &JugsPuzzle, text: &str) -> bool {
    parse(puzzle, text).is_ok_and(|actions| is_optimal_solution(puzzle, &actions))
}

/// Near misses, each checked wrong before it is returned: legal but longer (a wasted action
/// at the end, or a jug filled and emptied at the start), the optimal length with a jug poured
/// into itself, the optimal length with one pour turned around, one action short, a fill on
/// the wrong jug.
pub fn wrong_answers(puzzle: &JugsPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let oracle = &puzzle.solution;
    let n = oracle.len();
    let jugs = puzzle.capacities.len() as u8;
    let mut out: Vec<Vec<Action>> = Vec::new();
    if n == 0 || jugs < 2 {
        return vec!["pour A into A".into()];
    }
    // Legal and meeting the goal, one action too many: a wasted action after the last.
    if let Some(end) = replay(puzzle, oracle) {
        let wasted = (0..jugs).find_map(|j| {
            let (c, cap) = (end[usize::from(j)], puzzle.capacities[usize::from(j)]);
            if c == cap {
                Some(Action::Fill(j))
            } else if c == 0 {
                Some(Action::Empty(j))
            } else {
                None
            }
        });
        if let Some(action) = wasted {
            let mut longer = oracle.clone();
            longer.push(action);
            out.push(longer);
        }
    }
    // Legal, two actions too many: an empty jug filled and emptied before starting.
    if let Some(j) = puzzle.start.iter().position(|&c| c == 0) {
        let mut longer = vec![Action::Fill(j as u8), Action::Empty(j as u8)];
        longer.extend_from_slice(oracle);
        out.push(longer);
    }
    // The optimal length with an illegal action: a jug poured into itself.
    let at = rng.index(n);
    let mut illegal = oracle.clone();
    let j = rng.index(usize::from(jugs)) as u8;
    illegal[at] = Action::Pour(j, j);
    out.push(illegal);
    // The optimal length with one pour turned around (or a fill made an empty).
    let at = rng.index(n);
    let mut turned = oracle.clone();
    turned[at] = match oracle[at] {
        Action::Pour(a, b) => Action::Pour(b, a),
        Action::Fill(j) => Action::Empty(j),
        Action::Empty(j) => Action::Fill(j),
    };
    out.push(turned);
    // One action short.
    out.push(oracle[..n - 1].to_vec());
    // A fill on the wrong jug.
    if let Some(at) = oracle.iter().position(|a| matches!(a, Action::Fill(_))) {
        if let Action::Fill(j) = oracle[at] {
            let mut wrong = oracle.clone();
            wrong[at] = Action::Fill((j + 1) % jugs);
            out.push(wrong);
        }
    }
    let mut texts: Vec<String> = out
        .iter()
        .map(|actions| render(puzzle, actions))
        .filter(|text| !scores(puzzle, text))
        .collect();
    if texts.is_empty() {
        texts.push(String::new());
    }
    texts
}

/// Named attempts that must score 0 (each listed only where it is wrong, which the verifier
/// decides).
pub fn exploits(puzzle: &JugsPuzzle) -> Vec<(&'static str, String)> {
    let oracle = &puzzle.solution;
    let n = oracle.len();
    let jugs = puzzle.capacities.len() as u8;
    let text = render(puzzle, oracle);
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let reversed: Vec<Action> = oracle.iter().rev().copied().collect();
    out.push((
        "the shortest actions in reverse order",
        render(puzzle, &reversed),
    ));
    out.push(("the shortest actions twice", format!("{text}, {text}")));
    out.push((
        "only the first half of the actions",
        render(puzzle, &oracle[..n / 2]),
    ));
    out.push(("a single action", render(puzzle, &oracle[..1.min(n)])));
    let fill_all: Vec<Action> = (0..jugs).map(Action::Fill).collect();
    out.push(("every jug filled", render(puzzle, &fill_all)));
    let fill_empty: Vec<Action> = (0..jugs)
        .flat_map(|j| [Action::Fill(j), Action::Empty(j)])
        .collect();
    out.push(("every jug filled and emptied", render(puzzle, &fill_empty)));
    // Fill the first jug and pour it on round the jugs, as many actions as the optimum.
    let round: Vec<Action> = (0..n)
        .map(|i| {
            let j = (i / 2) as u8 % jugs;
            if i % 2 == 0 {
                Action::Fill(j)
            } else {
                Action::Pour(j, (j + 1) % jugs)
            }
        })
        .collect();
    out.push((
        "fill and pour round the jugs, optimal length",
        render(puzzle, &round),
    ));
    out.push(("the target as a number", puzzle.target.to_string()));
    out.push(("the word 'impossible'", "impossible".into()));
    out.retain(|(_, text)| !scores(puzzle, text));
    out
}
