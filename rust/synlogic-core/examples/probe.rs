//! Profiling probe: runs one phase of one task on one thread, for `perf stat` / `perf record` /
//! `valgrind --tool=callgrind` (count instructions or cycles, which stay stable on a loaded
//! machine, rather than wall time).
//!
//! `[KNOBS='{…}'] cargo run --release -p synlogic-core --example probe -- PHASE TASK LEVEL N`
//!
//! - `gen`: generate items 0..N (seed 1); `STATS=1` prints the mean difficulty.
//! - `verify` / `wrong`: N verifications of the oracle's / a near-miss answer (payloads of 256
//!   items parsed once); `parse`: N `Payload::parse` calls. Setup cost: run with N = 0.
//! - `digest`: a hash of items 0..N (seed 5), all fields: equal digests before and after a
//!   change mean byte-identical output.
//! - `show`: item N (seed 3) in full.

use serde_json::Value;
use synlogic_core::{Generator, ItemRng, Payload, VerifyOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let phase = args[0].as_str();
    let task = args[1].as_str();
    let level: i64 = args[2].parse().unwrap();
    let n: u64 = args[3].parse().unwrap();
    let overrides: Value = std::env::var("KNOBS")
        .ok()
        .map_or(Value::Null, |k| serde_json::from_str(&k).unwrap());
    let generator = Generator::new(task, Some(level), &overrides).unwrap();
    let started = std::time::Instant::now();
    let mut acc = 0u64;
    match phase {
        "show" => {
            let it = generator.item(3, n).unwrap();
            println!(
                "{}\n---\n{}\n---\n{}\n---\n{}",
                it.prompt, it.answer, it.verification, it.metadata
            );
        }
        "digest" => {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for i in 0..n {
                let it = generator.item(5, i).unwrap();
                (&it.prompt, &it.answer, &it.verification, &it.metadata).hash(&mut h);
            }
            println!("{task} level {level} n {n}: {:016x}", h.finish());
        }
        "gen" => {
            let stats = std::env::var("STATS").is_ok();
            let mut difficulty = 0.0;
            for i in 0..n {
                let item = generator.item(1, i).unwrap();
                acc += item.prompt.len() as u64;
                if stats {
                    let metadata: Value = serde_json::from_str(&item.metadata).unwrap();
                    difficulty += metadata["difficulty"].as_f64().unwrap_or(0.0);
                }
            }
            if stats {
                eprintln!("mean difficulty {:.1}", difficulty / n.max(1) as f64);
            }
        }
        _ => {
            let items = generator.batch(3, 0, 256).unwrap();
            let payloads: Vec<Payload> = items
                .iter()
                .map(|it| Payload::parse(&it.verification).unwrap())
                .collect();
            let mut rng = ItemRng::from_u64(7);
            let answers: Vec<String> = if phase == "wrong" {
                payloads
                    .iter()
                    .map(|p| format!("<answer>{}</answer>", p.puzzle().wrong_answers(&mut rng)[0]))
                    .collect()
            } else {
                items
                    .iter()
                    .map(|it| format!("<answer>{}</answer>", it.answer))
                    .collect()
            };
            let options = VerifyOptions::default();
            let started = std::time::Instant::now();
            for r in 0..n {
                let i = (r % 256) as usize;
                if phase == "parse" {
                    acc += Payload::parse(&items[i].verification).is_ok() as u64;
                } else {
                    acc += payloads[i].verify(&answers[i], &options).correct as u64;
                }
            }
            eprintln!("{:.0}/s (wall)", n as f64 / started.elapsed().as_secs_f64());
        }
    }
    eprintln!(
        "{phase} {task} {level} {n}: {acc} in {:?}",
        started.elapsed()
    );
}
