//! The registry-wide conformance suite. Every registered task passes it at every level with
//! no task-specific code: a new task needs no new test here.
//!
//! Every test first checks the task contract of every registered task
//! (`synlogic_core::contract`), so a half-written task fails every test with one line per
//! missing piece, naming the task and the `Task` item to fill in.
//!
//! `SYNLOGIC_CONFORMANCE_ITEMS` sets the items checked per level (default 200).

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;
use synlogic_core::catalogue::catalogue;
use synlogic_core::contract::check_registry;
use synlogic_core::hostile::garbage;
use synlogic_core::registry::TASKS;
use synlogic_core::{find_task, task_ids, Generator, ItemRng, Payload, VerifyOptions};

fn items_per_level() -> u64 {
    std::env::var("SYNLOGIC_CONFORMANCE_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

/// Fails with every breach of the task contract, by any registered task (checked once).
fn contract() {
    static BREACHES: OnceLock<Vec<String>> = OnceLock::new();
    let breaches =
        BREACHES.get_or_init(|| check_registry().iter().map(ToString::to_string).collect());
    assert!(
        breaches.is_empty(),
        "the task contract is broken (see docs/adding-a-task.md):\n  {}",
        breaches.join("\n  ")
    );
}

fn wrap(answer: &str) -> String {
    format!("Let me think.\n<answer>{answer}</answer>")
}

#[test]
fn every_registered_task_keeps_the_contract() {
    contract();
}

#[test]
fn registry_and_catalogue_agree() {
    contract();
    let registered: BTreeSet<&str> = task_ids().collect();
    let catalogued: BTreeSet<&str> = catalogue()
        .unwrap()
        .tasks
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        registered, catalogued,
        "registry and tasks.toml must list the same tasks"
    );
    assert_eq!(
        registered.len(),
        TASKS.len(),
        "duplicate task ids in the registry"
    );
}

#[test]
fn every_level_of_every_task_generates_and_self_verifies() {
    contract();
    let n = items_per_level();
    let exact = VerifyOptions::default();
    let partial = VerifyOptions::new(Some("answer"), true);
    for id in task_ids() {
        let task = find_task(id).unwrap();
        for level in 1..=10 {
            let generator = Generator::new(id, Some(level), &Value::Null).unwrap_or_else(|e| {
                panic!("{id} level {level}: tasks.toml knobs rejected by Knobs/check_knobs: {e}")
            });
            let items = generator
                .batch(0, 0, n)
                .unwrap_or_else(|e| panic!("{id} level {level}: Task::generate failed: {e}"));
            assert_eq!(items.len() as u64, n);
            let mut prompts = BTreeSet::new();
            for item in &items {
                let ctx = format!("{id} level {level} index {}", item.index);
                let payload = Payload::parse(&item.verification).unwrap_or_else(|e| {
                    panic!("{ctx}: the payload does not load back (Task::load_puzzle): {e}")
                });
                assert_eq!(payload.task(), id);
                assert_eq!(payload.answer(), item.answer, "{ctx}: payload answer");
                // The payload alone reproduces the prompt and the oracle's answer.
                assert_eq!(
                    payload.puzzle().prompt(),
                    item.prompt,
                    "{ctx}: Task::prompt differs when rebuilt from the payload"
                );
                assert_eq!(
                    payload.puzzle().oracle_answer(),
                    item.answer,
                    "{ctx}: Task::solve/render_answer differ when rebuilt from the payload"
                );
                // The oracle's answer scores 1.0.
                let verdict = payload.verify(&wrap(&item.answer), &exact);
                assert!(
                    verdict.correct && verdict.score == 1.0,
                    "{ctx}: the oracle's answer scored {verdict:?} (Task::solve, render_answer, parse_answer and grade disagree)\nanswer: {}",
                    item.answer
                );
                // Task-specific wrong answers score below 1.0, with and without partial credit.
                let mut rng = ItemRng::for_item("conformance", level as u64, item.index);
                let wrong = payload.puzzle().wrong_answers(&mut rng);
                assert!(
                    !wrong.is_empty(),
                    "{ctx}: Task::wrong_answers returned none: return near misses that grade below 1"
                );
                for answer in &wrong {
                    for options in [&exact, &partial] {
                        let verdict = payload.verify(&wrap(answer), options);
                        assert!(
                            !verdict.correct && verdict.score < 1.0,
                            "{ctx}: Task::wrong_answers gave {answer:?}, which scored {verdict:?} (not wrong, or Task::grade too lenient)"
                        );
                        assert!((0.0..=1.0).contains(&verdict.score));
                    }
                }
                // Uniqueness, wherever it is claimed, by the task's solver.
                if task.claims_unique() {
                    assert_eq!(
                        payload.puzzle().count_solutions(2),
                        Some(1),
                        "{ctx}: UNIQUE is true, but Task::count_solutions does not find exactly one solution"
                    );
                }
                // Metadata is a JSON object with a numeric difficulty figure.
                let metadata: Value = serde_json::from_str(&item.metadata).unwrap();
                assert!(
                    metadata["difficulty"].is_number(),
                    "{ctx}: no numeric difficulty in metadata (Generated::difficulty)"
                );
                prompts.insert(item.prompt.clone());
            }
            // Items are not copies of each other.
            assert!(
                prompts.len() as u64 * 10 >= n * 9,
                "{id} level {level}: only {} distinct prompts in {n} (Task::generate needs more variety at this level's knobs)",
                prompts.len()
            );
        }
    }
}

#[test]
fn items_are_identical_alone_in_batches_and_on_any_thread_count() {
    contract();
    for id in task_ids() {
        let generator = Generator::new(id, None, &Value::Null).unwrap();
        let reference: Vec<_> = (0..40).map(|i| generator.item(9, i).unwrap()).collect();
        for threads in ["1", "2", "8"] {
            std::env::set_var(synlogic_core::parallel::THREADS_ENV, threads);
            assert_eq!(
                generator.batch(9, 0, 40).unwrap(),
                reference,
                "{id} with {threads} threads"
            );
            assert_eq!(
                generator.batch(9, 13, 7).unwrap(),
                reference[13..20],
                "{id} offset batch"
            );
        }
        std::env::remove_var(synlogic_core::parallel::THREADS_ENV);
        // Adjacent seeds are not shifted copies.
        let next_seed: Vec<_> = (0..40)
            .map(|i| generator.item(10, i).unwrap().prompt)
            .collect();
        for i in 0..39 {
            assert_ne!(
                next_seed[i],
                reference[i + 1].prompt,
                "{id}: seed 10 item {i} equals seed 9 item {}",
                i + 1
            );
            assert_ne!(
                next_seed[i], reference[i].prompt,
                "{id}: seed 10 item {i} equals seed 9 item {i}"
            );
        }
    }
}

#[test]
fn hostile_completions_score_in_range_and_in_bounded_time() {
    contract();
    let exact = VerifyOptions::default();
    let partial = VerifyOptions::new(Some("answer"), true);
    let raw = VerifyOptions::new(None, false);
    let mut rng = ItemRng::from_u64(42);
    let big = garbage(&mut rng, 1 << 20);
    let big_tagged = format!("<answer>{big}</answer>");
    let deep = format!(
        "<answer>{}1{}</answer>",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let long_number = format!("<answer>{}</answer>", "9".repeat(10_000));
    for id in task_ids() {
        for level in [1, 5, 10] {
            let item = Generator::new(id, Some(level), &Value::Null)
                .unwrap()
                .item(3, 0)
                .unwrap();
            let payload = Payload::parse(&item.verification).unwrap();
            let mut cases: Vec<String> = vec![
                String::new(),
                "<answer></answer>".into(),
                "<answer>".repeat(10_000),
                big.clone(),
                big_tagged.clone(),
                deep.clone(),
                long_number.clone(),
                format!("<answer>{}</answer>", item.prompt),
                format!("<answer>{}\0</answer>", item.answer),
            ];
            for len in [1, 10, 100, 1000, 10_000] {
                for _ in 0..20 {
                    cases.push(garbage(&mut rng, len));
                    cases.push(format!("<answer>{}</answer>", garbage(&mut rng, len)));
                }
            }
            for case in &cases {
                for options in [&exact, &partial, &raw] {
                    let started = Instant::now();
                    let verdict = payload.verify(case, options);
                    let elapsed = started.elapsed();
                    assert!(
                        (0.0..=1.0).contains(&verdict.score),
                        "{id}: hostile completion scored {} (out of range)",
                        verdict.score
                    );
                    assert!(
                        elapsed < Duration::from_millis(250),
                        "{id}: {} bytes took {elapsed:?} (Task::parse_answer must be linear, MAX_ANSWER_BYTES small enough)",
                        case.len()
                    );
                }
            }
        }
    }
}

#[test]
fn bad_knobs_and_levels_are_named() {
    contract();
    for id in task_ids() {
        let err = Generator::new(id, Some(0), &Value::Null)
            .unwrap_err()
            .to_string();
        assert!(err.contains("level"), "{err}");
        let err = Generator::new(id, Some(11), &Value::Null)
            .unwrap_err()
            .to_string();
        assert!(err.contains("level"), "{err}");
        let err = Generator::new(id, None, &serde_json::json!({"no_such_knob": 1}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("no_such_knob"), "{err}");
        let defaults = find_task(id).unwrap().default_knobs();
        for name in defaults.as_object().unwrap().keys() {
            let err = Generator::new(id, None, &serde_json::json!({ name: {"nested": [1, 2]} }));
            let message = err
                .expect_err("a map is never a valid knob value")
                .to_string();
            assert!(
                message.contains(name.as_str()),
                "{id}: error does not name {name}: {message}"
            );
        }
    }
}

#[test]
fn payloads_from_other_versions_or_truncated_are_rejected() {
    contract();
    for id in task_ids() {
        let item = Generator::new(id, None, &Value::Null)
            .unwrap()
            .item(0, 0)
            .unwrap();
        let truncated = &item.verification[..item.verification.len() / 2];
        assert!(Payload::parse(truncated).is_err());
        let mut value: Value = serde_json::from_str(&item.verification).unwrap();
        value["version"] = Value::from(9999);
        assert!(Payload::parse(&value.to_string())
            .unwrap_err()
            .to_string()
            .contains("version"));
        value["task"] = Value::from("no_such_task");
        assert!(Payload::parse(&value.to_string()).is_err());
    }
}
