//! Shared body of the verifier fuzz targets.
//!
//! Input layout: the first byte picks one of the task's payload variants (levels and the
//! knobs that change the answer format: countdown fractions, sudoku sizes, zebra tables and
//! single-cell questions, string_compose traces, every procedures kind in final and trace
//! mode) and whether the text is wrapped in `<answer>` tags (scored with partial credit) or
//! scored raw (all-or-nothing); the rest is the answer text, decoded lossily as bytes from a
//! model would be. The reward path (`reward::evaluate`: verification plus format flags) runs
//! on the same text. `examples/seeds.rs` writes seeds in this layout from the oracle's answers,
//! near misses and exploits of exactly these payloads.

#![allow(dead_code)]

use std::sync::OnceLock;

use serde_json::Value;
use synlogic_core::{evaluate, Generator, Item, Payload, RewardOptions, VerifyOptions};

/// `(level, knob overrides as JSON, item index)` per task. The fuzz targets and the seed
/// writer both read this list: the seed for variant `i` starts with byte `i`.
pub fn variants(task: &str) -> &'static [(i64, &'static str, u64)] {
    match task {
        "countdown" => &[
            (1, "{}", 0),
            (4, "{}", 0),
            (7, "{}", 0),
            (10, "{}", 0),
            (5, r#"{"integer_intermediates": false}"#, 0),
            (3, r#"{"operators": ["+", "*"], "use_all": true}"#, 0),
        ],
        "knights_knaves" => &[(1, "{}", 0), (4, "{}", 0), (7, "{}", 0), (10, "{}", 0)],
        "sudoku" => &[(1, "{}", 0), (2, "{}", 0), (5, "{}", 0), (10, "{}", 0)],
        "zebra" => &[
            (1, "{}", 0),
            (4, "{}", 0),
            (10, "{}", 0),
            (4, r#"{"format": "table"}"#, 0),
            (10, r#"{"format": "table"}"#, 0),
            (4, r#"{"question": "cell"}"#, 0),
            (4, r#"{"question": "cell"}"#, 1),
            (4, r#"{"question": "cell"}"#, 2),
            (4, r#"{"question": "cell"}"#, 3),
        ],
        "string_compose" => &[
            (1, "{}", 0),
            (4, "{}", 0),
            (10, "{}", 0),
            (4, r#"{"trace": true}"#, 0),
            (10, r#"{"trace": true}"#, 0),
        ],
        "procedures" => &[
            (4, r#"{"kinds": ["string_rules"]}"#, 0),
            (4, r#"{"kinds": ["list_ops"]}"#, 0),
            (4, r#"{"kinds": ["stack_machine"]}"#, 0),
            (4, r#"{"kinds": ["register_machine"]}"#, 0),
            (4, r#"{"kinds": ["grid_walk"]}"#, 0),
            (
                4,
                r#"{"kinds": ["string_rules"], "answer_mode": "trace"}"#,
                0,
            ),
            (4, r#"{"kinds": ["list_ops"], "answer_mode": "trace"}"#, 0),
            (
                4,
                r#"{"kinds": ["stack_machine"], "answer_mode": "trace"}"#,
                0,
            ),
            (
                4,
                r#"{"kinds": ["register_machine"], "answer_mode": "trace"}"#,
                0,
            ),
            (4, r#"{"kinds": ["grid_walk"], "answer_mode": "trace"}"#, 0),
            (10, "{}", 0),
        ],
        _ => &[(1, "{}", 0)],
    }
}

/// The items behind [`variants`], generated with seed 1.
pub fn items(task: &'static str) -> Vec<Item> {
    variants(task)
        .iter()
        .map(|&(level, knobs, index)| {
            let knobs: Value = serde_json::from_str(knobs).unwrap();
            Generator::new(task, Some(level), &knobs)
                .unwrap_or_else(|e| panic!("{task} level {level} {knobs}: {e}"))
                .item(1, index)
                .unwrap()
        })
        .collect()
}

/// The first input byte: variant `variant`, tagged (`true`) or raw.
pub fn selector(variant: usize, tagged: bool) -> u8 {
    variant as u8 | if tagged { 0x80 } else { 0 }
}

/// Verifies the text after the selector byte against the selected payload of `task`, and
/// checks the verdict's invariants.
pub fn verify_task(task: &'static str, cache: &OnceLock<Vec<Payload>>, data: &[u8]) {
    let payloads = cache.get_or_init(|| {
        items(task)
            .iter()
            .map(|item| Payload::parse(&item.verification).unwrap())
            .collect()
    });
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let payload = &payloads[usize::from(first & 0x7f) % payloads.len()];
    let text = String::from_utf8_lossy(rest);
    let (completion, options) = if first & 0x80 != 0 {
        (
            format!("<answer>{text}</answer>"),
            VerifyOptions::new(Some("answer"), true),
        )
    } else {
        (text.into_owned(), VerifyOptions::new(None, false))
    };
    let verdict = payload.verify(&completion, &options);
    // The reward path: the same verification plus the think/answer format flags.
    let reward = if first & 0x80 != 0 {
        RewardOptions::default()
    } else {
        RewardOptions::new(None, Some("think"))
    };
    let evaluation = evaluate(payload, &completion, &reward);
    assert!((0.0..=1.0).contains(&evaluation.credit), "{evaluation:?}");
    assert!(
        !evaluation.strict_format || evaluation.lenient_format,
        "{evaluation:?}"
    );
    if first & 0x80 != 0 {
        assert_eq!(
            evaluation.credit, verdict.score,
            "reward and verify disagree"
        );
    }
    assert!(
        (0.0..=1.0).contains(&verdict.score),
        "score out of range: {verdict:?}"
    );
    assert_eq!(
        verdict.correct,
        verdict.score == 1.0 && verdict.reason == "correct",
        "verdict inconsistent: {verdict:?}"
    );
    assert!(
        !verdict.reason.starts_with("internal error"),
        "the verifier panicked: {verdict:?}"
    );
}
