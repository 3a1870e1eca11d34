//! Per-level figures of one task on one thread: generation rate, the difficulty figure's
//! quartiles, duplicate prompts, and the share of items whose metadata field `KEY` exceeds 1
//! (e.g. the number of optimal answers). The rate is per second of this thread's CPU time
//! (wall time means little on a shared machine).
//!
//! `cargo run --release -p synlogic-core --example level_stats -- TASK [ITEMS] [KEY] [LEVELS]`
//!
//! `LEVELS` is a comma-separated list (default 1..=10); `KNOBS='{…}'` overrides knobs. Items are generated with seed 1 in
//! index order; the rate counts generation only (serialisation included, as in a batch).

use std::collections::HashSet;

use serde_json::Value;
use synlogic_core::kit::timing::thread_cpu_seconds;
use synlogic_core::Generator;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map_or("tower_of_hanoi", String::as_str);
    let items: u64 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let key = args.get(2).cloned().unwrap_or_default();
    let levels: Vec<i64> = args.get(3).map_or_else(
        || (1..=10).collect(),
        |l| l.split(',').filter_map(|x| x.parse().ok()).collect(),
    );
    println!("task {task}, {items} items per level, one thread");
    println!("level  items/s  difficulty p25/median/p75  duplicates  share {key}>1");
    for level in levels {
        let overrides: Value = std::env::var("KNOBS").ok().map_or(Value::Null, |k| {
            serde_json::from_str(&k).expect("KNOBS is JSON")
        });
        let generator = Generator::new(task, Some(level), &overrides).expect("level");
        let started = thread_cpu_seconds();
        let generated: Vec<_> = (0..items)
            .map(|i| generator.item(1, i).expect("item"))
            .collect();
        let rate = items as f64 / (thread_cpu_seconds() - started);
        let mut difficulty = Vec::new();
        let mut many = 0u64;
        let mut prompts = HashSet::new();
        for item in &generated {
            let metadata: Value = serde_json::from_str(&item.metadata).expect("metadata");
            difficulty.push(metadata["difficulty"].as_f64().unwrap_or(f64::NAN));
            if metadata
                .get(&key)
                .and_then(Value::as_f64)
                .is_some_and(|v| v > 1.0)
            {
                many += 1;
            }
            prompts.insert(item.prompt.clone());
        }
        difficulty.sort_by(f64::total_cmp);
        let q = |p: f64| difficulty[((difficulty.len() - 1) as f64 * p) as usize];
        println!(
            "{level:>5}  {rate:>7.0}  {:>8} / {:>8} / {:>8}  {:>9.2}%  {:>8.1}%",
            q(0.25),
            q(0.5),
            q(0.75),
            100.0 * (items - prompts.len() as u64) as f64 / items as f64,
            100.0 * many as f64 / items as f64,
        );
    }
}
