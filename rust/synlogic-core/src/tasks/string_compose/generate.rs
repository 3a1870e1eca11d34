//! The generator: a random input and a chain of steps that each change the string.

use serde_json::{Map, Value};

use super::format::{step_text, PLAIN_EXAMPLE, TRACE_EXAMPLE};
use super::functions::{apply, spec, Func, Step};
use super::knobs::{resolve_alphabet, resolve_functions, StringComposeKnobs};
use super::solve::lossy;
use super::StringComposePuzzle;
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Picks the parameters of `func` for the current string.
fn sample_step(func: Func, cur: &[u8], alphabet: &[u8], rng: &mut ItemRng) -> Step {
    let mut step = Step::plain(func);
    let from_string = |rng: &mut ItemRng| char::from(cur[rng.index(cur.len())]);
    match func {
        Func::RotateLeft | Func::RotateRight => step.k = Some(rng.range(1, 9) as u32),
        Func::Caesar => step.k = Some(rng.range(1, 25) as u32),
        Func::KeepEvery => step.k = Some(rng.range(2, 4) as u32),
        Func::ReverseChunks => step.k = Some(rng.range(2, 5) as u32),
        Func::InsertEvery => {
            step.k = Some(rng.range(1, 4) as u32);
            step.a = Some(char::from(*rng.choose(alphabet)));
        }
        Func::Remove => step.a = Some(from_string(rng)),
        Func::Replace => {
            let a = cur[rng.index(cur.len())];
            let mut b = *rng.choose(alphabet);
            if b == a {
                // The alphabet has at least 2 distinct characters.
                b = alphabet.iter().copied().find(|&x| x != a).unwrap_or(b'?');
            }
            step.a = Some(char::from(a));
            step.b = Some(char::from(b));
        }
        _ => {}
    }
    step
}

/// Attempts per step before the whole chain is restarted from a new input.
const STEP_ATTEMPTS: usize = 60;
/// Restarts from a new input before giving up.
const RESTARTS: usize = 30;
/// Shortest allowed intermediate string.
pub(super) const MIN_INTERMEDIATE: usize = 2;

/// Builds a chain of `depth` steps from `input`, or `None` if a step could not be placed.
fn build_chain(
    input: Vec<u8>,
    knobs: &StringComposeKnobs,
    funcs: &[Func],
    alphabet: &[u8],
    rng: &mut ItemRng,
) -> Option<(Vec<Step>, Vec<Vec<u8>>)> {
    let mut steps = Vec::with_capacity(knobs.depth);
    let mut chain: Vec<Vec<u8>> = Vec::with_capacity(knobs.depth + 1);
    chain.push(input);
    let mut out = Vec::with_capacity(knobs.max_output_len * 2 + 8);
    for _ in 0..knobs.depth {
        let cur = chain.last()?;
        let mut placed = None;
        for _ in 0..STEP_ATTEMPTS {
            let step = sample_step(*rng.choose(funcs), cur, alphabet, rng);
            apply(&step, cur, &mut out);
            if (MIN_INTERMEDIATE..=knobs.max_output_len).contains(&out.len())
                && !chain.contains(&out)
            {
                placed = Some(step);
                break;
            }
        }
        steps.push(placed?);
        chain.push(out.clone());
    }
    Some((steps, chain))
}

/// Whether copying the prompt's format example would earn a reward on this chain (input
/// first): in plain mode the example is the whole answer; in trace mode its first line is
/// the string after step 1 (a wrong first line earns nothing).
pub(super) fn example_pays(chain: &[Vec<u8>], trace: bool) -> bool {
    if trace {
        chain
            .get(1)
            .is_some_and(|s| s == TRACE_EXAMPLE[0].as_bytes())
    } else {
        chain.last().is_some_and(|s| s == PLAIN_EXAMPLE.as_bytes())
    }
}

/// Generates one puzzle (see [`super::StringCompose`]).
pub(super) fn generate(
    knobs: &StringComposeKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<StringComposePuzzle>, GenerateError> {
    let alphabet = resolve_alphabet(&knobs.alphabet).map_err(GenerateError)?;
    let funcs = resolve_functions(&knobs.functions).map_err(|e| GenerateError(e.message))?;
    for _ in 0..RESTARTS {
        let len = rng.range(knobs.min_len as i64, knobs.max_len as i64) as usize;
        let input: Vec<u8> = (0..len).map(|_| *rng.choose(&alphabet)).collect();
        let Some((steps, chain)) = build_chain(input, knobs, &funcs, &alphabet, rng) else {
            continue;
        };
        // Copying the format example must never earn a reward.
        if example_pays(&chain, knobs.trace) {
            continue;
        }
        // The worked examples must use a different string than the input.
        if knobs.worked_example
            && steps
                .iter()
                .any(|s| spec(s.f).example_in.as_bytes() == chain[0].as_slice())
        {
            continue;
        }
        let chars_written: usize = chain[1..].iter().map(Vec::len).sum();
        let mut metadata = Map::new();
        metadata.insert("depth".into(), Value::from(steps.len()));
        metadata.insert(
            "pipeline".into(),
            Value::Array(steps.iter().map(|s| Value::from(step_text(s))).collect()),
        );
        metadata.insert(
            "intermediates".into(),
            Value::Array(chain[1..].iter().map(|s| Value::from(lossy(s))).collect()),
        );
        let mut distinct: Vec<Func> = steps.iter().map(|s| s.f).collect();
        distinct.sort_unstable_by_key(|f| *f as usize);
        distinct.dedup();
        metadata.insert("distinct_functions".into(), Value::from(distinct.len()));
        metadata.insert("input_len".into(), Value::from(chain[0].len()));
        metadata.insert(
            "output_len".into(),
            Value::from(chain.last().map_or(0, Vec::len)),
        );
        metadata.insert("trace".into(), Value::from(knobs.trace));
        let puzzle = StringComposePuzzle {
            s: lossy(&chain[0]),
            p: steps,
            t: knobs.trace,
            w: knobs.worked_example,
        };
        return Ok(Generated {
            puzzle,
            difficulty: chars_written as f64,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "could not build a {}-step pipeline from {:?} where every step changes the string, no string repeats and every string has {MIN_INTERMEDIATE} to {} characters",
        knobs.depth, knobs.functions, knobs.max_output_len
    )))
}
