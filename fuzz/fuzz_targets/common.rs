//! Shared by the fuzz targets and the seed writer: the payloads every target reads, built for
//! every registered task from the registry and the catalogue, so a new task needs no fuzz edit.
//!
//! Each task contributes one payload per catalogue level (item 0 of levels 1-10, seed 1) plus
//! the optional [`extra_variants`] that reach answer formats no level reaches. Input layouts
//! are documented on each target; every target reads its first byte as the task index into
//! `registry::TASKS` (modulo their number) and its second as the variant.

#![allow(dead_code)]

use std::sync::OnceLock;

use serde_json::Value;
use synlogic_core::registry::TASKS;
use synlogic_core::{evaluate, DynTask, Generator, Item, Payload, RewardOptions, Verdict};

/// Knob variants beyond the ten levels, `(level, knob overrides as JSON, item index)`: the
/// knobs that change the answer format (countdown fractions, zebra tables and single-cell
/// questions, string_compose traces, every procedures kind in trace mode). Optional: a task
/// missing here is fuzzed at its ten levels.
pub fn extra_variants(task: &str) -> &'static [(i64, &'static str, u64)] {
    match task {
        "countdown" => &[
            (5, r#"{"integer_intermediates": false}"#, 0),
            (3, r#"{"operators": ["+", "*"], "use_all": true}"#, 0),
        ],
        "zebra" => &[
            (4, r#"{"format": "table"}"#, 0),
            (10, r#"{"format": "table"}"#, 0),
            (4, r#"{"question": "cell"}"#, 0),
            (4, r#"{"question": "cell"}"#, 1),
            (4, r#"{"question": "cell"}"#, 2),
            (4, r#"{"question": "cell"}"#, 3),
        ],
        "string_compose" => &[(4, r#"{"trace": true}"#, 0), (10, r#"{"trace": true}"#, 0)],
        "procedures" => &[
            (4, r#"{"kinds": ["string_rules"]}"#, 0),
            (4, r#"{"kinds": ["list_ops"]}"#, 0),
            (4, r#"{"kinds": ["stack_machine"]}"#, 0),
            (4, r#"{"kinds": ["register_machine"]}"#, 0),
            (4, r#"{"kinds": ["grid_walk"]}"#, 0),
            (4, r#"{"kinds": ["string_rules"], "answer_mode": "trace"}"#, 0),
            (4, r#"{"kinds": ["list_ops"], "answer_mode": "trace"}"#, 0),
            (4, r#"{"kinds": ["stack_machine"], "answer_mode": "trace"}"#, 0),
            (4, r#"{"kinds": ["register_machine"], "answer_mode": "trace"}"#, 0),
            (4, r#"{"kinds": ["grid_walk"], "answer_mode": "trace"}"#, 0),
        ],
        _ => &[],
    }
}

/// The variants of `task`: levels 1-10 at their catalogue knobs, then [`extra_variants`].
pub fn variants(task: &str) -> Vec<(i64, &'static str, u64)> {
    (1..=10)
        .map(|level| (level, "{}", 0))
        .chain(extra_variants(task).iter().copied())
        .collect()
}

/// One registered task with its variant items and their parsed payloads.
pub struct Fixture {
    /// The task.
    pub task: &'static dyn DynTask,
    /// The items behind [`variants`], generated with seed 1.
    pub items: Vec<Item>,
    /// Their verification payloads, parsed.
    pub payloads: Vec<Payload>,
}

/// The items of every variant of `task`.
pub fn items(task: &'static str) -> Vec<Item> {
    variants(task)
        .iter()
        .map(|&(level, knobs, index)| {
            let knobs: Value = serde_json::from_str(knobs).unwrap();
            Generator::new(task, Some(level), &knobs)
                .unwrap_or_else(|e| panic!("{task} level {level} {knobs}: {e}"))
                .item(1, index)
                .unwrap_or_else(|e| panic!("{task} level {level} {knobs}: {e}"))
        })
        .collect()
}

/// Every registered task's fixture, in registry order, built once.
pub fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        TASKS
            .iter()
            .map(|&task| {
                let items = items(task.id());
                let payloads = items
                    .iter()
                    .map(|item| Payload::parse(&item.verification).unwrap())
                    .collect();
                Fixture {
                    task,
                    items,
                    payloads,
                }
            })
            .collect()
    })
}

/// The fixture and variant that the first two input bytes select, and the rest of the input.
pub fn select(data: &[u8]) -> Option<(&'static Fixture, usize, u8, &[u8])> {
    let (&task, rest) = data.split_first()?;
    let (&variant, rest) = rest.split_first()?;
    let fixtures = fixtures();
    let fixture = &fixtures[usize::from(task) % fixtures.len()];
    let index = usize::from(variant & 0x7f) % fixture.items.len();
    Some((fixture, index, variant, rest))
}

/// The first two input bytes for `task`'s variant `variant`, the text tagged (`true`) or raw.
pub fn prefix(task: usize, variant: usize, tagged: bool) -> [u8; 2] {
    [task as u8, variant as u8 | if tagged { 0x80 } else { 0 }]
}

/// The index of `task` in the registry.
pub fn task_index(task: &str) -> usize {
    TASKS.iter().position(|t| t.id() == task).unwrap()
}

/// Checks what every verdict must satisfy, whatever the input.
pub fn check_verdict(verdict: &Verdict) {
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

/// Runs the reward path (verification plus the think/answer format flags) on `completion`
/// and checks it agrees with `verdict` when the answer block is tagged.
pub fn check_reward(payload: &Payload, completion: &str, tagged: bool, verdict: &Verdict) {
    let reward = if tagged {
        RewardOptions::default()
    } else {
        RewardOptions::new(None, Some("think"))
    };
    let evaluation = evaluate(payload, completion, &reward);
    assert!((0.0..=1.0).contains(&evaluation.credit), "{evaluation:?}");
    assert!(
        !evaluation.strict_format || evaluation.lenient_format,
        "{evaluation:?}"
    );
    if tagged {
        assert_eq!(
            evaluation.credit, verdict.score,
            "reward and verify disagree"
        );
    }
}
