//! Fuzzes payload parsing and verification with hostile payloads, for every registered task.
//! A payload is untrusted (a dataset can be edited; a reward server reads payloads from the
//! network): parsing must accept it or fail with a typed error, and verifying must stay in
//! range, never panic, and stay within the time and memory limits `scripts/fuzz.sh` sets.
//!
//! Input layout: byte 0 picks the task (index into `registry::TASKS`), byte 1 the payload
//! variant (as in `verify_any`), byte 2 the mode:
//! - mode 0: the rest is the payload text itself (raw garbage, decoded lossily);
//! - mode 1: the rest is spliced into the variant's real payload text, at a position taken
//!   from the next two bytes;
//! - modes 2-255: the variant's payload, parsed as JSON, is edited by the rest of the input,
//!   three bytes per edit (operation, node, size): any node (the task, version, answer or any
//!   value inside the puzzle) becomes a hostile number, a long string, a repeated array or
//!   string, an empty or wrong-typed value, deep nesting, or loses a field. Sizes go up to a
//!   few MiB, past the core's payload cap, so the cap and each task's own bounds are both
//!   reached.
//!
//! Each payload that parses is verified against its stored answer and against the rest of the
//! input as an answer, tagged with partial credit, and through the reward path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use synlogic_core::{Payload, VerifyOptions};

#[path = "common.rs"]
mod common;

/// Hostile numbers: zero, signs, powers of two around every integer width, huge floats.
const NUMBERS: &[f64] = &[
    0.0,
    -1.0,
    1.0,
    2.0,
    255.0,
    256.0,
    65_535.0,
    65_536.0,
    1_048_576.0,
    2_147_483_647.0,
    4_294_967_295.0,
    4_294_967_296.0,
    9_007_199_254_740_993.0,
    1e19,
    1.8e19,
    -9.2e18,
    1e308,
    0.5,
    -0.0,
];

/// Integer values that floats cannot hold exactly.
const INTEGERS: &[i128] = &[i64::MAX as i128, i64::MIN as i128, u64::MAX as i128];

/// Sizes for strings and repetitions: small, around common caps, and past the payload cap.
const SIZES: &[usize] = &[0, 1, 2, 7, 64, 100, 1000, 4097, 65_537, 1 << 20, 3 << 20];

/// The largest text an edit may build, so one input cannot exhaust memory by itself.
const BUDGET: usize = 8 << 20;

/// The node of `value` numbered `target` in pre-order (counting down `target` on the way).
fn find_node<'a>(value: &'a mut Value, target: &mut usize) -> Option<&'a mut Value> {
    if *target == 0 {
        return Some(value);
    }
    *target -= 1;
    match value {
        Value::Array(items) => items.iter_mut().find_map(|v| find_node(v, target)),
        Value::Object(map) => map.values_mut().find_map(|v| find_node(v, target)),
        _ => None,
    }
}

/// The number of nodes in `value`.
fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Applies one edit (`op`, `node`, `size`) to `payload`.
fn edit(payload: &mut Value, op: u8, node: u8, size: u8) {
    let nodes = count_nodes(payload);
    let mut target = usize::from(node) % nodes;
    let Some(value) = find_node(payload, &mut target) else {
        return;
    };
    let len = SIZES[usize::from(size) % SIZES.len()];
    let approx = value.to_string().len().max(1);
    match op % 10 {
        0 => *value = Value::from(NUMBERS[usize::from(size) % NUMBERS.len()]),
        1 => {
            let n = INTEGERS[usize::from(size) % INTEGERS.len()];
            *value = serde_json::from_str(&n.to_string()).unwrap_or(Value::Null);
        }
        2 => {
            let c = char::from(b'a' + size % 26);
            *value = Value::String(std::iter::repeat_n(c, len).collect());
        }
        3 => match value {
            Value::Array(items) if !items.is_empty() => {
                let copies = len.min(BUDGET / approx);
                let pattern = items.clone();
                items.extend(pattern.iter().cycle().take(copies).cloned());
            }
            Value::String(text) if !text.is_empty() => {
                *text = text.repeat(len.min(BUDGET / text.len()).max(1));
            }
            _ => *value = Value::Array(vec![Value::from(1); len.min(BUDGET / 2)]),
        },
        4 => match value {
            Value::Array(items) => items.truncate(usize::from(size) % (items.len() + 1)),
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(usize::from(size) % map.len()).cloned();
                if let Some(key) = key {
                    map.remove(&key);
                }
            }
            _ => *value = Value::Null,
        },
        5 => {
            *value = match size % 5 {
                0 => Value::Null,
                1 => Value::Bool(true),
                2 => Value::Array(Vec::new()),
                3 => Value::Object(Map::new()),
                _ => Value::String(String::new()),
            };
        }
        6 => {
            // Nesting deeper than serde's recursion limit, or just under it.
            let depth = [2usize, 100, 127, 129, 1000][usize::from(size) % 5];
            let mut nested = value.take();
            for _ in 0..depth {
                nested = Value::Array(vec![nested]);
            }
            *value = nested;
        }
        7 => {
            if let Some(n) = value.as_i64() {
                let delta = i64::from(size as i8);
                *value = Value::from(n.saturating_add(delta));
            } else if let Some(n) = value.as_u64() {
                *value = Value::from(n.saturating_add(u64::from(size)));
            }
        }
        8 => {
            if let Value::Object(map) = value {
                map.insert(format!("extra{size}"), Value::from(size));
            }
        }
        _ => {
            // A string of hostile characters: quotes, escapes, controls, non-ASCII digits.
            const PIECES: &[&str] = &["\"", "\\", "\0", "\n", "é", "٣", "１", "💥", "{", "]"];
            let piece = PIECES[usize::from(size) % PIECES.len()];
            *value = Value::String(piece.repeat(len.min(BUDGET / 4)));
        }
    }
}

/// Parses `text` as a payload; verifies what parses and checks every verdict.
fn check_payload(text: &str, answer: &str) {
    let Ok(payload) = Payload::parse(text) else {
        return;
    };
    let partial = VerifyOptions::new(Some("answer"), true);
    let exact = VerifyOptions::default();
    let stored = format!("<answer>{}</answer>", payload.answer());
    let given = format!("<answer>{answer}</answer>");
    for completion in [&stored, &given] {
        for options in [&exact, &partial] {
            common::check_verdict(&payload.verify(completion, options));
        }
        let verdict = payload.verify(completion, &VerifyOptions::default());
        common::check_reward(&payload, completion, true, &verdict);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((fixture, variant, _, rest)) = common::select(data) else {
        return;
    };
    let Some((&mode, rest)) = rest.split_first() else {
        return;
    };
    let original = &fixture.items[variant].verification;
    match mode {
        0 => check_payload(&String::from_utf8_lossy(rest), ""),
        1 => {
            let Some((at, rest)) = rest.split_first_chunk::<2>() else {
                return;
            };
            let mut at = usize::from(u16::from_le_bytes(*at)) % (original.len() + 1);
            while !original.is_char_boundary(at) {
                at -= 1;
            }
            let text = format!(
                "{}{}{}",
                &original[..at],
                String::from_utf8_lossy(rest),
                &original[at..]
            );
            check_payload(&text, "");
        }
        _ => {
            let mut payload: Value = serde_json::from_str(original).unwrap();
            let edits = rest.chunks_exact(3).take(8);
            let answer = String::from_utf8_lossy(rest.chunks_exact(3).remainder());
            for chunk in edits {
                edit(&mut payload, chunk[0], chunk[1], chunk[2]);
            }
            check_payload(&payload.to_string(), &answer);
        }
    }
});
