//! The payload loader: a puzzle from untrusted JSON, with every size it controls bounded so
//! that verification takes bounded time and memory whatever the payload says.
//!
//! The bounds are the generator's largest output with a margin: inputs and intermediates of
//! at most [`MAX_STRING_LEN`] characters (the generator stops at [`MAX_OUTPUT_LEN`]), at most
//! [`MAX_STEPS`] steps (the generator makes at most [`MAX_DEPTH`]), and `k` at most [`MAX_K`]
//! (the generator draws at most 25).

use super::functions::{apply, spec, Params, Step};
use super::knobs::{MAX_DEPTH, MAX_OUTPUT_LEN};
use super::StringComposePuzzle;

/// The longest input or intermediate string a payload may lead to.
pub const MAX_STRING_LEN: usize = 2 * MAX_OUTPUT_LEN;
/// The most steps a payload's pipeline may have.
pub const MAX_STEPS: usize = 32;
/// The largest integer parameter `k` a payload may give.
pub const MAX_K: u32 = 1000;

// The generator's largest items must load.
const _: () = assert!(MAX_STEPS >= MAX_DEPTH && MAX_STRING_LEN >= MAX_OUTPUT_LEN);

/// Whether a character may appear in a payload's strings (the literal alphabets' characters).
fn printable(c: char) -> bool {
    c.is_ascii_graphic()
}

/// Reads a puzzle from payload JSON and checks it (see the module comment for the bounds).
pub(super) fn load(json: &str) -> Result<StringComposePuzzle, String> {
    let puzzle: StringComposePuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
    check(&puzzle)?;
    Ok(puzzle)
}

/// Checks a deserialized puzzle: sizes, parameters, and the length of every intermediate.
pub(super) fn check(puzzle: &StringComposePuzzle) -> Result<(), String> {
    let len = puzzle.s.len();
    if len > MAX_STRING_LEN {
        return Err(format!(
            "field s: at most {MAX_STRING_LEN} characters, got {len}"
        ));
    }
    if let Some(c) = puzzle.s.chars().find(|&c| !printable(c)) {
        return Err(format!("field s: {c:?} is not a printable ASCII character"));
    }
    let steps = puzzle.p.len();
    if !(1..=MAX_STEPS).contains(&steps) {
        return Err(format!(
            "field p: must have 1 to {MAX_STEPS} steps, got {steps}"
        ));
    }
    for (i, step) in puzzle.p.iter().enumerate() {
        check_step(step).map_err(|e| format!("field p[{i}]: {e}"))?;
    }
    // Every step at most doubles the length plus a little (run_length_encode writes at most
    // two characters per input character), so each output is checked before it can grow far.
    let mut cur = puzzle.s.as_bytes().to_vec();
    let mut next = Vec::with_capacity(2 * MAX_STRING_LEN + 2);
    for (i, step) in puzzle.p.iter().enumerate() {
        apply(step, &cur, &mut next);
        if next.len() > MAX_STRING_LEN {
            return Err(format!(
                "field p: the string after step {} has {} characters, at most {MAX_STRING_LEN} allowed",
                i + 1,
                next.len()
            ));
        }
        std::mem::swap(&mut cur, &mut next);
    }
    Ok(())
}

/// Checks that a step carries exactly the parameters its function takes, in range.
fn check_step(step: &Step) -> Result<(), String> {
    let spec = spec(step.f);
    let (wants_k, wants_a, wants_b) = match spec.params {
        Params::None => (false, false, false),
        Params::K => (true, false, false),
        Params::C => (false, true, false),
        Params::KC => (true, true, false),
        Params::AB => (false, true, true),
    };
    for (field, wanted, given) in [
        ("k", wants_k, step.k.is_some()),
        ("a", wants_a, step.a.is_some()),
        ("b", wants_b, step.b.is_some()),
    ] {
        if wanted != given {
            return Err(if wanted {
                format!("{} needs the parameter {field}", spec.name)
            } else {
                format!("{} takes no parameter {field}", spec.name)
            });
        }
    }
    if let Some(k) = step.k {
        if !(1..=MAX_K).contains(&k) {
            return Err(format!("k must be between 1 and {MAX_K}, got {k}"));
        }
    }
    for (field, c) in [("a", step.a), ("b", step.b)] {
        if let Some(c) = c.filter(|&c| !printable(c)) {
            return Err(format!("{field}: {c:?} is not a printable ASCII character"));
        }
    }
    Ok(())
}
