//! Near misses for the conformance suite and named reward-hacking attempts.

use super::format::{register_name, render_states, state_text};
use super::knobs::{AnswerMode, Kind};
use super::puzzle::Puzzle;
use super::semantics::ALPHABET;
use crate::rng::ItemRng;

/// The state with one element changed.
pub(super) fn perturb(kind: Kind, state: &[i32], rng: &mut ItemRng) -> Vec<i32> {
    let mut out = state.to_vec();
    if out.is_empty() {
        out.push(if kind == Kind::StringRules { 97 } else { 1 });
        return out;
    }
    let i = rng.index(out.len());
    if kind == Kind::StringRules {
        let others: Vec<u8> = ALPHABET
            .iter()
            .copied()
            .filter(|&c| i32::from(c) != out[i])
            .collect();
        out[i] = i32::from(others[rng.index(others.len())]);
    } else {
        out[i] += 1 + rng.below(2) as i32;
    }
    out
}

/// Wrong answers that must grade below 1.0.
pub(super) fn wrong_answers(puzzle: &Puzzle, rng: &mut ItemRng) -> Vec<String> {
    let kind = puzzle.spec.k;
    let mode = puzzle.spec.m;
    let n = puzzle.steps();
    let trace = &puzzle.trace;
    let final_state = trace.last();
    let changed = perturb(kind, final_state, rng);
    let mut out = Vec::with_capacity(4);
    match mode {
        AnswerMode::Final => {
            out.push(state_text(kind, &changed));
            if trace.get(n - 1) != final_state {
                out.push(state_text(kind, trace.get(n - 1)));
            }
            out.push(state_text(kind, trace.get(0)));
        }
        AnswerMode::Trace => {
            let steps = move |i: usize| trace.get(i);
            out.push(render_states(
                kind,
                mode,
                (1..n).map(steps).chain(std::iter::once(changed.as_slice())),
            ));
            out.push(render_states(kind, mode, (1..n).map(steps)));
            out.push(render_states(kind, mode, (1..=n).map(|_| trace.get(0))));
            let middle = n.div_ceil(2);
            let wrong_middle = perturb(kind, trace.get(middle), rng);
            out.push(render_states(
                kind,
                mode,
                (1..=n).map(|i| {
                    if i == middle {
                        wrong_middle.as_slice()
                    } else {
                        trace.get(i)
                    }
                }),
            ));
        }
    }
    out
}

/// Blind answers that must earn nothing.
pub(super) fn exploits(puzzle: &Puzzle) -> Vec<(&'static str, String)> {
    let spec = &puzzle.spec;
    let kind = spec.k;
    let n = puzzle.steps();
    let trace = &puzzle.trace;
    let initial = trace.get(0);
    let last = trace.last();
    // A state that ignores the procedure: the same value everywhere.
    let constant: Vec<i32> = match kind {
        Kind::ListOps => vec![1; initial.len()],
        Kind::StackMachine => vec![0],
        Kind::StringRules => vec![i32::from(b'a'); initial.len()],
        Kind::RegisterMachine => vec![0; initial.len()],
        Kind::GridWalk => vec![1, 1],
    };
    let mut sorted = initial.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(&'static str, String)> = Vec::new();
    match spec.m {
        AnswerMode::Final => {
            let mut blind = vec![
                ("the initial state", initial.to_vec()),
                ("the same value everywhere", constant),
                ("an empty state", Vec::new()),
            ];
            if kind == Kind::ListOps {
                blind.push(("the initial list sorted", sorted));
            }
            out.extend(
                blind
                    .into_iter()
                    .filter(|(_, state)| state.as_slice() != last)
                    .map(|(name, state)| (name, state_text(kind, &state))),
            );
            let answer = state_text(kind, last);
            out.push(("the final state twice", format!("{answer}\n{answer}")));
            out.push((
                "the initial and final states",
                format!("{}\n{answer}", state_text(kind, initial)),
            ));
            if n >= 2 {
                out.push((
                    "every state, one per line",
                    render_states(kind, AnswerMode::Trace, (1..=n).map(|i| trace.get(i))),
                ));
            }
        }
        AnswerMode::Trace => {
            let every =
                |state: &[i32]| render_states(kind, AnswerMode::Trace, (1..=n).map(|_| state));
            out.push(("the initial state on every line", every(initial)));
            if constant.as_slice() != trace.get(1) {
                out.push(("the same value on every line", every(&constant)));
            }
            if n >= 2 && last != trace.get(1) {
                out.push(("the final state on every line", every(last)));
                out.push(("only the final state", state_text(kind, last)));
            }
            out.push((
                "only the initial state, as step 0",
                format!("Step 0: {}", state_text(kind, initial)),
            ));
            let backwards: Vec<&[i32]> = (1..=n).rev().map(|i| trace.get(i)).collect();
            if (1..=n).any(|i| trace.get(i) != backwards[i - 1]) {
                out.push((
                    "the states in reverse order",
                    render_states(kind, AnswerMode::Trace, backwards.into_iter()),
                ));
            }
        }
    }
    if kind == Kind::RegisterMachine {
        let names: Vec<String> = (0..initial.len())
            .map(|i| register_name(i).to_string())
            .collect();
        out.push(("register names only", names.join(", ")));
    }
    out
}
