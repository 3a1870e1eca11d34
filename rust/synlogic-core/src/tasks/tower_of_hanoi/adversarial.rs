//! Near misses (`wrong_answers`) and named reward-hacking attempts (`exploits`).

use super::format::{parse, render};
use super::solve::{as_answer, is_optimal_solution, replay};
use super::{AnswerMove, HanoiPuzzle};
use crate::rng::ItemRng;

fn scores(puzzle: &HanoiPuzzle, text: &str) -> bool {
    parse(puzzle, text).is_ok_and(|moves| is_optimal_solution(puzzle, &moves))
}

/// The top disk of every peg after `moves` (`None` for an empty peg or an illegal prefix).
fn tops_after(puzzle: &HanoiPuzzle, moves: &[AnswerMove]) -> Option<Vec<Option<u8>>> {
    let position = replay(puzzle, moves)?;
    Some(
        (0..puzzle.peg_count() as u8)
            .map(|peg| (0..position.len() as u8).find(|&d| position[usize::from(d)] == peg))
            .collect(),
    )
}

/// Near misses, each checked wrong before it is returned: legal but longer, the optimal
/// length with an illegal move, the optimal length ending elsewhere, one move short, a wrong
/// disk named, two moves swapped.
pub fn wrong_answers(puzzle: &HanoiPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let oracle = as_answer(&puzzle.solution);
    let n = oracle.len();
    let pegs = puzzle.peg_count() as u8;
    let mut out: Vec<String> = Vec::new();
    if n == 0 || pegs < 2 {
        return vec!["A->A".into()];
    }
    // Legal but longer: the smallest disk steps aside and back somewhere along the way.
    let at = rng.index(n + 1);
    if let Some(position) = replay(puzzle, &oracle[..at]) {
        let from = position[0];
        let to = (from + 1 + rng.index(usize::from(pegs) - 1) as u8) % pegs;
        let mut detour = oracle[..at].to_vec();
        detour.push(AnswerMove {
            from,
            to,
            disk: None,
        });
        detour.push(AnswerMove {
            from: to,
            to: from,
            disk: None,
        });
        detour.extend_from_slice(&oracle[at..]);
        out.push(render(puzzle, &detour));
    }
    // The optimal length with one illegal move: a larger disk onto a smaller one, or a move
    // from an empty peg.
    let at = rng.index(n);
    if let Some(tops) = tops_after(puzzle, &oracle[..at]) {
        let mut illegal = None;
        for a in 0..pegs {
            for b in 0..pegs {
                let (ta, tb) = (tops[usize::from(a)], tops[usize::from(b)]);
                let breaks = match (ta, tb) {
                    (Some(x), Some(y)) => x > y,
                    (None, _) => a != b,
                    _ => false,
                };
                if breaks && illegal.is_none() {
                    illegal = Some(AnswerMove {
                        from: a,
                        to: b,
                        disk: None,
                    });
                }
            }
        }
        if let Some(step) = illegal {
            let mut broken = oracle.clone();
            broken[at] = step;
            out.push(render(puzzle, &broken));
        }
    }
    // The optimal length, legal moves, the last disk put on another peg.
    let last = oracle[n - 1];
    for to in 0..pegs {
        if to != last.from && to != last.to {
            let mut elsewhere = oracle.clone();
            elsewhere[n - 1] = AnswerMove { to, ..last };
            out.push(render(puzzle, &elsewhere));
            break;
        }
    }
    // One move short.
    out.push(render(puzzle, &oracle[..n - 1]));
    // The right moves with a wrong disk named on one of them.
    let at = rng.index(n);
    if let Some(position) = replay(puzzle, &oracle[..at]) {
        let moved = (0..position.len()).find(|&d| position[d] == oracle[at].from);
        let wrong = puzzle
            .sizes
            .iter()
            .enumerate()
            .find(|&(d, _)| Some(d) != moved)
            .map(|(_, &size)| size);
        if let Some(size) = wrong {
            let text: Vec<String> = oracle
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let disk = if i == at {
                        format!("disk {size} ")
                    } else {
                        String::new()
                    };
                    format!(
                        "move {disk}from {} to {}",
                        puzzle.peg_name(m.from),
                        puzzle.peg_name(m.to)
                    )
                })
                .collect();
            out.push(text.join("\n"));
        }
    }
    // Two neighbouring moves swapped.
    if n >= 2 {
        let at = rng.index(n - 1);
        let mut swapped = oracle.clone();
        swapped.swap(at, at + 1);
        out.push(render(puzzle, &swapped));
    }
    out.retain(|text| !scores(puzzle, text));
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// The classic recursive solution moving the whole stack of `disks` from `from` to `to` over
/// the third peg `via`.
fn recursive_tower(disks: usize, from: u8, to: u8, via: u8, out: &mut Vec<AnswerMove>) {
    if disks == 0 || out.len() > 4096 {
        return;
    }
    recursive_tower(disks - 1, from, via, to, out);
    out.push(AnswerMove {
        from,
        to,
        disk: None,
    });
    recursive_tower(disks - 1, via, to, from, out);
}

/// Named attempts that must score 0 (each listed only where it is wrong, which the
/// verifier decides).
pub fn exploits(puzzle: &HanoiPuzzle) -> Vec<(&'static str, String)> {
    let oracle = as_answer(&puzzle.solution);
    let text = render(puzzle, &oracle);
    let n = oracle.len();
    let pegs = puzzle.peg_count() as u8;
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let reversed: Vec<AnswerMove> = oracle.iter().rev().copied().collect();
    out.push((
        "the shortest moves in reverse order",
        render(puzzle, &reversed),
    ));
    let undone: Vec<AnswerMove> = reversed
        .iter()
        .map(|m| AnswerMove {
            from: m.to,
            to: m.from,
            disk: None,
        })
        .collect();
    out.push((
        "the shortest moves undone (goal back to start)",
        render(puzzle, &undone),
    ));
    out.push(("the shortest moves twice", format!("{text}, {text}")));
    out.push((
        "only the first half of the moves",
        render(puzzle, &oracle[..n / 2]),
    ));
    out.push(("a single move", render(puzzle, &oracle[..1.min(n)])));
    let every_pair: Vec<AnswerMove> = (0..pegs)
        .flat_map(|a| {
            (0..pegs).filter(move |&b| b != a).map(move |b| AnswerMove {
                from: a,
                to: b,
                disk: None,
            })
        })
        .collect();
    out.push((
        "every ordered pair of pegs once",
        render(puzzle, &every_pair),
    ));
    let names: Vec<String> = puzzle.peg_names.chars().map(String::from).collect();
    out.push(("the peg names listed", names.join(", ")));
    out.push((
        "the move count as a number",
        puzzle.optimal_moves.to_string(),
    ));
    // The textbook three-peg recursion from the largest disk's start peg to its goal peg.
    let largest = puzzle.sizes.len().saturating_sub(1);
    if let (Some(&from), Some(&to)) = (puzzle.start.get(largest), puzzle.goal.get(largest)) {
        if from != to {
            let via = (0..pegs).find(|&p| p != from && p != to).unwrap_or(0);
            let mut classic = Vec::new();
            recursive_tower(puzzle.sizes.len(), from, to, via, &mut classic);
            out.push(("the textbook three-peg recursion", render(puzzle, &classic)));
        }
    }
    out.push(("the word 'impossible'", "impossible".into()));
    out.retain(|(_, text)| !scores(puzzle, text));
    out
}
