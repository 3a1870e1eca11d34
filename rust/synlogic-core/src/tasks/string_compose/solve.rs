//! The oracle: running a pipeline.

use super::functions::{apply, Step};
use super::StringComposePuzzle;

/// The strings after each step (`chain[i]` is the string after step `i + 1`).
pub(super) fn run(puzzle: &StringComposePuzzle) -> Vec<Vec<u8>> {
    let mut chain: Vec<Vec<u8>> = Vec::with_capacity(puzzle.p.len());
    let mut cur: &[u8] = puzzle.s.as_bytes();
    for step in &puzzle.p {
        let mut out = Vec::with_capacity(cur.len() * 2 + 4);
        apply(step, cur, &mut out);
        chain.push(out);
        cur = chain.last().map_or(&[], Vec::as_slice);
    }
    chain
}

/// Applies `steps` to `input`, except the step at index `skip`.
pub(super) fn run_skipping(input: &[u8], steps: &[Step], skip: usize) -> Vec<u8> {
    let mut cur = input.to_vec();
    let mut next = Vec::with_capacity(cur.len() * 2);
    for (i, step) in steps.iter().enumerate() {
        if i != skip {
            apply(step, &cur, &mut next);
            std::mem::swap(&mut cur, &mut next);
        }
    }
    cur
}

/// The bytes as a string (they are ASCII for every generated puzzle).
pub(super) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
