//! Near misses for the conformance suite and named reward-hacking attempts.

use std::fmt::Write as _;

use super::format::step_text;
use super::functions::apply;
use super::solve::{lossy, run, run_skipping};
use super::{StringCompose, StringComposeAnswer, StringComposePuzzle};
use crate::rng::ItemRng;
use crate::task::Task;

/// Wrong answers that must grade below 1.0.
pub(super) fn wrong_answers(puzzle: &StringComposePuzzle, rng: &mut ItemRng) -> Vec<String> {
    let chain = run(puzzle);
    let input = puzzle.s.as_bytes();
    let Some(output) = chain.last() else {
        return vec![String::from("?")];
    };
    let k = chain.len();
    let mut wrong = Vec::new();
    if puzzle.t {
        let render = |lines: &[Vec<u8>]| {
            let strings = lines.iter().map(|s| lossy(s)).collect();
            StringCompose::render_answer(puzzle, &StringComposeAnswer { strings })
        };
        // A wrong middle step (later steps right).
        let mut broken = chain.clone();
        let middle = (k - 1) / 2;
        broken[middle] = change_one_char(&chain[middle], rng);
        wrong.push(render(&broken));
        // A wrong last step.
        let mut broken = chain.clone();
        broken[k - 1] = change_one_char(output, rng);
        wrong.push(render(&broken));
        // Copying the input on every line.
        wrong.push(render(&vec![input.to_vec(); k]));
        // One step skipped.
        let skip = rng.index(k);
        let mut skipped: Vec<Vec<u8>> = chain[..skip].to_vec();
        let mut cur = if skip == 0 {
            input.to_vec()
        } else {
            chain[skip - 1].clone()
        };
        for step in &puzzle.p[skip + 1..] {
            let mut next = Vec::new();
            apply(step, &cur, &mut next);
            skipped.push(next.clone());
            cur = next;
        }
        if !skipped.is_empty() {
            wrong.push(render(&skipped));
        }
        // Only the final string, unnumbered.
        wrong.push(lossy(output));
    } else {
        wrong.push(lossy(&change_one_char(output, rng)));
        let skip = rng.index(k);
        let skipped = run_skipping(input, &puzzle.p, skip);
        if skipped != *output {
            wrong.push(lossy(&skipped));
        }
        wrong.push(puzzle.s.clone());
        if k >= 2 {
            wrong.push(lossy(&chain[k - 2]));
        }
    }
    wrong
}

/// Blind answers that must earn nothing.
pub(super) fn exploits(puzzle: &StringComposePuzzle) -> Vec<(&'static str, String)> {
    let chain = run(puzzle);
    let k = chain.len();
    let Some(output) = chain.last() else {
        return Vec::new();
    };
    let input = puzzle.s.as_bytes();
    // Plain mode: one string, skipped if it happens to be the answer. Trace mode: the
    // same string on every line, skipped if it is the string after step 1.
    let as_answer = |text: &[u8]| -> Option<String> {
        let text = lossy(text);
        if puzzle.t {
            (text.as_bytes() != chain[0].as_slice()).then(|| {
                (1..=k)
                    .map(|i| format!("{i}: {text}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        } else {
            (text.as_bytes() != output.as_slice()).then_some(text)
        }
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut reversed = input.to_vec();
    reversed.reverse();
    let mut sorted = input.to_vec();
    sorted.sort_unstable();
    let swapped: Vec<u8> = input
        .iter()
        .map(|b| {
            if b.is_ascii_uppercase() {
                b.to_ascii_lowercase()
            } else {
                b.to_ascii_uppercase()
            }
        })
        .collect();
    for (name, text) in [
        ("the input string", input.to_vec()),
        ("the input reversed", reversed),
        ("the input sorted", sorted),
        ("the input with its case swapped", swapped),
        ("the input repeated", [input, input].concat()),
    ] {
        if let Some(answer) = as_answer(&text) {
            out.push((name, answer));
        }
    }
    out.push(("only quotes", "\"\"".into()));
    out.push((
        "the pipeline restated",
        puzzle.p.iter().map(step_text).collect::<Vec<_>>().join(" "),
    ));
    // The strings after each step.
    let strings: Vec<String> = chain.iter().map(|s| lossy(s)).collect();
    if puzzle.t {
        if k >= 2 {
            if let Some(answer) = as_answer(output) {
                out.push(("the final string on every line", answer));
            }
        }
        let backwards: Vec<String> = strings
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| format!("{}: {s}", i + 1))
            .collect();
        if k >= 2 {
            out.push(("the steps in reverse order", backwards.join("\n")));
        }
        let mut doubled = StringCompose::render_answer(puzzle, &StringCompose::solve(puzzle));
        let _ = write!(doubled, "\n{}: {}", k + 1, lossy(output));
        out.push(("an extra line after the last step", doubled));
        out.push(("unnumbered lines", strings.join("\n")));
    } else {
        // The input and every string after it (the last is the answer).
        let every: Vec<&str> = std::iter::once(puzzle.s.as_str())
            .chain(strings.iter().map(String::as_str))
            .collect();
        out.push(("every intermediate on one line", every.join(" ")));
        out.push(("every intermediate, one per line", every.join("\n")));
        out.push((
            "the input and the output",
            format!("{} {}", puzzle.s, lossy(output)),
        ));
    }
    out
}

/// `text` with one character replaced by a different one.
fn change_one_char(text: &[u8], rng: &mut ItemRng) -> Vec<u8> {
    const POOL: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut out = text.to_vec();
    if out.is_empty() {
        out.push(b'a');
        return out;
    }
    let at = rng.index(out.len());
    let pick = rng.index(POOL.len());
    out[at] = if POOL[pick] == out[at] {
        POOL[(pick + 1) % POOL.len()]
    } else {
        POOL[pick]
    };
    out
}
