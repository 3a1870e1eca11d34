//! Generation and verification rates of one task at one level, on this machine.
//!
//! `cargo run --release -p synlogic-core --example rates -- TASK [LEVEL] [SECONDS]`
//!
//! Prints items/s for generation (1 thread, then the whole pool), and verifications/s of the
//! oracle's answer and of a near-miss wrong answer (1 thread, payloads parsed once, and
//! parsing each payload).

use std::time::{Duration, Instant};

use serde_json::Value;
use synlogic_core::item::verify_batch;
use synlogic_core::{Generator, ItemRng, Payload, VerifyOptions};

fn rate(budget: Duration, mut step: impl FnMut(u64) -> u64) -> f64 {
    let started = Instant::now();
    let mut done = 0u64;
    let mut round = 0u64;
    while started.elapsed() < budget {
        done += step(round);
        round += 1;
    }
    done as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map_or("countdown", String::as_str);
    let level = args.get(1).and_then(|l| l.parse().ok());
    let seconds: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let budget = Duration::from_secs_f64(seconds);
    let generator = Generator::new(task, level, &Value::Null).unwrap_or_else(|e| panic!("{e}"));
    let gen_1 = rate(budget, |round| {
        for i in 0..16 {
            generator
                .item(1, round * 16 + i)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        16
    });
    let threads = synlogic_core::parallel::configured_threads();
    let gen_n = rate(budget, |round| {
        generator
            .batch(2, round * 256, 256)
            .unwrap_or_else(|e| panic!("{e}"))
            .len() as u64
    });

    let items = generator.batch(3, 0, 256).unwrap_or_else(|e| panic!("{e}"));
    let options = VerifyOptions::default();
    let payloads: Vec<Payload> = items
        .iter()
        .map(|it| Payload::parse(&it.verification).unwrap())
        .collect();
    let correct: Vec<String> = items
        .iter()
        .map(|it| format!("<answer>{}</answer>", it.answer))
        .collect();
    let mut rng = ItemRng::from_u64(7);
    let wrong: Vec<String> = payloads
        .iter()
        .map(|p| format!("<answer>{}</answer>", p.puzzle().wrong_answers(&mut rng)[0]))
        .collect();
    let verify_parsed = |answers: &[String]| {
        rate(budget, |_| {
            let mut ok = 0u64;
            for (p, a) in payloads.iter().zip(answers) {
                ok += u64::from(p.verify(a, &options).correct);
            }
            std::hint::black_box(ok);
            payloads.len() as u64
        })
    };
    let v_correct = verify_parsed(&correct);
    let v_wrong = verify_parsed(&wrong);
    let v_unparsed = rate(budget, |_| {
        for (it, a) in items.iter().zip(&correct) {
            std::hint::black_box(
                Payload::parse(&it.verification)
                    .unwrap()
                    .verify(a, &options),
            );
        }
        items.len() as u64
    });
    let payload_texts: Vec<&str> = items.iter().map(|it| it.verification.as_str()).collect();
    let v_batch = rate(budget, |_| {
        verify_batch(&payload_texts, &correct, &options)
            .unwrap()
            .len() as u64
    });
    let level_shown = level.map_or_else(|| "default".to_string(), |l: i64| l.to_string());
    println!("task={task} level={level_shown} threads={threads}");
    println!("generate     1 thread : {gen_1:>12.0} items/s");
    println!("generate  {threads:>2} threads: {gen_n:>12.0} items/s");
    println!("verify correct (parsed payload, 1 thread): {v_correct:>12.0} /s");
    println!("verify wrong   (parsed payload, 1 thread): {v_wrong:>12.0} /s");
    println!("verify correct (parse payload each time) : {v_unparsed:>12.0} /s");
    println!("verify_batch   ({threads} threads, parse payloads): {v_batch:>12.0} /s");
}
