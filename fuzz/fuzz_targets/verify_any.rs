//! Fuzzes every registered task's answer parser and verifier (and the reward path) with
//! hostile completions. A new task is fuzzed with no edit here.
//!
//! Input layout: byte 0 picks the task (index into `registry::TASKS`), byte 1 the payload
//! variant (a catalogue level or an extra knob variant, see `common.rs`; bit 7 set: the text
//! is wrapped in `<answer>` tags and scored with partial credit, clear: scored raw and
//! all-or-nothing), byte 2 the length class, and the rest is the answer text, decoded lossily
//! as bytes from a model would be. Length classes 1-3 repeat the text to just under, exactly
//! at and just over the task's own `MAX_ANSWER_BYTES` (read from the registry), so the fuzzer
//! reaches the size cap of every task without a per-task `-max_len`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synlogic_core::VerifyOptions;

#[path = "common.rs"]
mod common;

/// `text` repeated (and cut on a char boundary) to `len` bytes; unchanged when empty.
fn repeat_to(text: &str, len: usize) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut out = text.repeat(len / text.len() + 1);
    let mut cut = len.min(out.len());
    while !out.is_char_boundary(cut) {
        cut -= 1;
    }
    out.truncate(cut);
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((fixture, variant, selector, rest)) = common::select(data) else {
        return;
    };
    let Some((&class, rest)) = rest.split_first() else {
        return;
    };
    let payload = &fixture.payloads[variant];
    let cap = fixture.task.max_answer_bytes();
    let text = String::from_utf8_lossy(rest);
    let text = match class % 4 {
        0 => text.into_owned(),
        1 => repeat_to(&text, cap.saturating_sub(1)),
        2 => repeat_to(&text, cap),
        _ => repeat_to(&text, cap + 1),
    };
    let tagged = selector & 0x80 != 0;
    let (completion, options) = if tagged {
        (
            format!("<answer>{text}</answer>"),
            VerifyOptions::new(Some("answer"), true),
        )
    } else {
        (text, VerifyOptions::new(None, false))
    };
    let verdict = payload.verify(&completion, &options);
    common::check_verdict(&verdict);
    common::check_reward(payload, &completion, tagged, &verdict);
});
