//! Self-verification at scale: every generated item's own answer must verify.
//!
//! `cargo run --release -p synlogic-core --example self_verify -- [N] [--seed S] [--level L]... [TASK...]`
//!
//! For every task (or the ones named), generates items `0..N` (default 1,000,000) at the
//! task's default level (or at each `--level` given) under seed `S` (default 0), on the
//! synlogic pool (`SYNLOGIC_NUM_THREADS`, default all cores), in chunks. Each item's payload is
//! parsed alone, the payload's stored answer must equal the item's answer, and that answer,
//! wrapped in `<answer>` tags, must verify as correct with score 1.0. Prints, per task and
//! level, the count that verifies, the failures (the first few in full) and the wall time.
//! Exits non-zero on any failure.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;
use serde_json::Value;
use synlogic_core::{task_ids, Generator, Payload, VerifyOptions};

const CHUNK: u64 = 20_000;

fn main() {
    let mut n: u64 = 1_000_000;
    let mut seed: u64 = 0;
    let mut levels: Vec<i64> = Vec::new();
    let mut wanted: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).expect("--seed S"),
            "--level" => levels.push(args.next().and_then(|s| s.parse().ok()).expect("--level L")),
            _ => match arg.parse() {
                Ok(count) => n = count,
                Err(_) => wanted.push(arg),
            },
        }
    }
    let threads = synlogic_core::parallel::configured_threads();
    let options = VerifyOptions::default();
    let mut failed_any = false;
    println!("items per task and level: {n}, seed {seed}, {threads} threads");
    println!(
        "{:<16} {:>5} {:>10} {:>9} {:>10} {:>12}",
        "task", "level", "items", "verified", "wall", "items/s"
    );
    for id in task_ids() {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == id) {
            continue;
        }
        let task_levels: Vec<Option<i64>> = if levels.is_empty() {
            vec![None]
        } else {
            levels.iter().copied().map(Some).collect()
        };
        for level in task_levels {
            let generator = Generator::new(id, level, &Value::Null).unwrap();
            let verified = AtomicU64::new(0);
            let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
            let started = Instant::now();
            let mut start = 0;
            while start < n {
                let count = CHUNK.min(n - start);
                let items = match generator.batch(seed, start, count) {
                    Ok(items) => items,
                    Err(e) => {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("batch {start}..{}: {e}", start + count));
                        start += count;
                        continue;
                    }
                };
                synlogic_core::parallel::install(|| {
                    items.par_iter().for_each(|item| {
                        let problem = match Payload::parse(&item.verification) {
                            Err(e) => Some(format!("payload does not parse: {e}")),
                            Ok(payload) if payload.answer() != item.answer => {
                                Some(format!("payload answer {:?} differs", payload.answer()))
                            }
                            Ok(payload) => {
                                let completion = format!("<answer>{}</answer>", payload.answer());
                                let verdict = payload.verify(&completion, &options);
                                (!(verdict.correct && verdict.score == 1.0))
                                    .then(|| format!("scored {verdict:?}"))
                            }
                        };
                        match problem {
                            None => {
                                verified.fetch_add(1, Ordering::Relaxed);
                            }
                            Some(problem) => failures.lock().unwrap().push(format!(
                                "index {}: {problem}\nanswer: {}\nverification: {}",
                                item.index, item.answer, item.verification
                            )),
                        }
                    });
                });
                start += count;
            }
            let wall = started.elapsed();
            let verified = verified.into_inner();
            println!(
                "{id:<16} {:>5} {n:>10} {verified:>9} {:>9.1}s {:>12.0}",
                generator.level(),
                wall.as_secs_f64(),
                n as f64 / wall.as_secs_f64()
            );
            let failures = failures.into_inner().unwrap();
            if !failures.is_empty() {
                failed_any = true;
                println!("  {} FAILURES; the first ones:", failures.len());
                for failure in failures.iter().take(5) {
                    println!("  {failure}");
                }
            }
        }
    }
    if failed_any {
        std::process::exit(1);
    }
}
