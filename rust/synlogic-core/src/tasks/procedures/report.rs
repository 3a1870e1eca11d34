use serde_json::Value;

use super::*;
use crate::kit::timing::thread_cpu_seconds;
use crate::rng::ItemRng;

/// Per-kind generation cost and per-level step medians:
/// `cargo test --release -p synlogic-core procedures::report -- --ignored --nocapture`.
#[test]
#[ignore = "prints a report"]
fn level_medians_and_examples() {
    for level in 1..=10 {
        let generator = crate::Generator::new("procedures", Some(level), &Value::Null).unwrap();
        let items = generator.batch(11, 0, 1000).unwrap();
        let mut steps: Vec<f64> = items
            .iter()
            .map(|it| {
                let m: Value = serde_json::from_str(&it.metadata).unwrap();
                m["difficulty"].as_f64().unwrap()
            })
            .collect();
        steps.sort_by(f64::total_cmp);
        println!(
            "level {level}: median executed steps {} (min {}, max {})",
            steps[steps.len() / 2],
            steps[0],
            steps[steps.len() - 1]
        );
        if [1, 4, 5, 10].contains(&level) {
            for kind in Kind::ALL {
                let it = items
                    .iter()
                    .find(|it| {
                        it.metadata
                            .contains(&format!("\"kind\":\"{}\"", kind.name()))
                    })
                    .unwrap();
                println!(
                    "..... level {level} {} .....\n{}\n--- answer ---\n{}\n",
                    kind.name(),
                    it.prompt,
                    it.answer
                );
            }
            let shortest = items
                .iter()
                .take(12)
                .min_by_key(|it| it.prompt.len())
                .unwrap();
            println!(
                "----- level {level} example -----\n{}\n--- answer ---\n{}\n",
                shortest.prompt, shortest.answer
            );
        }
    }
    let generator = crate::Generator::new(
        "procedures",
        Some(2),
        &serde_json::json!({"answer_mode": "trace", "kinds": ["register_machine"]}),
    )
    .unwrap();
    let item = generator.item(3, 0).unwrap();
    println!(
        "----- trace example -----\n{}\n--- answer ---\n{}\n--- metadata ---\n{}",
        item.prompt, item.answer, item.metadata
    );
}

#[test]
#[ignore = "prints a report"]
fn verify_rates() {
    let options = crate::VerifyOptions::default();
    for (level, mode) in [(4, "final"), (4, "trace"), (10, "final"), (10, "trace")] {
        let generator = crate::Generator::new(
            "procedures",
            Some(level),
            &serde_json::json!({ "answer_mode": mode }),
        )
        .unwrap();
        let items = generator.batch(8, 0, 256).unwrap();
        let payloads: Vec<_> = items
            .iter()
            .map(|it| crate::Payload::parse(&it.verification).unwrap())
            .collect();
        let answers: Vec<String> = items
            .iter()
            .map(|it| format!("<answer>{}</answer>", it.answer))
            .collect();
        let rounds = 200;
        let started = thread_cpu_seconds();
        for _ in 0..rounds {
            for (p, a) in payloads.iter().zip(&answers) {
                std::hint::black_box(p.verify(a, &options));
            }
        }
        let rate = (rounds * items.len()) as f64 / (thread_cpu_seconds() - started);
        let started = thread_cpu_seconds();
        for i in 0..5000 {
            std::hint::black_box(generator.item(9, i).unwrap());
        }
        let gen_rate = 5000.0 / (thread_cpu_seconds() - started);
        println!("level {level} {mode}: verify {rate:.0}/s, generate {gen_rate:.0}/s (CPU time, 1 thread)");
    }
}

#[test]
#[ignore = "prints a report"]
fn level_report() {
    for kind in Kind::ALL {
        let knobs = ProceduresKnobs {
            kinds: vec![kind],
            ..ProceduresKnobs::default()
        };
        let n = 20_000;
        let started = thread_cpu_seconds();
        for i in 0..n {
            let mut rng = ItemRng::for_item("procedures", 5, i);
            std::hint::black_box(Procedures::generate(&knobs, &mut rng).unwrap());
        }
        let gen_only = (thread_cpu_seconds() - started) / n as f64 * 1e6;
        let started = thread_cpu_seconds();
        for i in 0..n {
            let mut rng = ItemRng::for_item("procedures", 5, i);
            let g = Procedures::generate(&knobs, &mut rng).unwrap();
            std::hint::black_box(Procedures::prompt(&g.puzzle));
            std::hint::black_box(serde_json::to_string(&g.puzzle).unwrap());
            std::hint::black_box(Value::Object(g.metadata).to_string());
        }
        let per = (thread_cpu_seconds() - started) / n as f64 * 1e6;
        println!(
            "{:>16}: {per:.1} us/item at the default level ({gen_only:.1} in generate)",
            kind.name()
        );
    }
}

/// Duplicate prompts per level in 20,000 items (the bar is 1%):
/// `cargo test -p synlogic-core --lib procedures::report::duplicate_prompts -- --ignored --nocapture`.
#[test]
#[ignore = "prints a report"]
fn duplicate_prompts_per_level() {
    for level in 1..=10 {
        let generator =
            crate::Generator::new("procedures", Some(level), &serde_json::Value::Null).unwrap();
        let n = 20_000u64;
        let prompts: std::collections::HashSet<String> = generator
            .batch(1, 0, n)
            .unwrap()
            .into_iter()
            .map(|item| item.prompt)
            .collect();
        let rate = 100.0 * (n - prompts.len() as u64) as f64 / n as f64;
        println!("procedures level {level}: {rate:.2}% duplicate prompts in {n} items");
        if level <= 2 {
            for (kind, size) in Kind::ALL.iter().map(|k| (k.name(), 0)).chain([("all", 5)]) {
                let knobs = if size == 0 {
                    serde_json::json!({ "kinds": [kind] })
                } else {
                    serde_json::json!({ "state_size": size })
                };
                let generator = crate::Generator::new("procedures", Some(level), &knobs).unwrap();
                let n = 4_000u64;
                let distinct: std::collections::HashSet<String> = generator
                    .batch(1, 0, n)
                    .unwrap()
                    .into_iter()
                    .map(|item| item.prompt)
                    .collect();
                let rate = 100.0 * (n - distinct.len() as u64) as f64 / n as f64;
                println!("    {kind} (size {size}): {rate:.2}% in {n}");
            }
        }
    }
}
