//! Registry-wide time bound: verifying any completion of the shared hostile corpus
//! (`synlogic_core::hostile`, up to ~1 MB) stays far below a
//! generous budget for every task, even in a debug build, so a quadratic parser or a slow tag
//! search cannot come back silently. (The real figure, p99.9 ≤ 1 ms in release, is measured by
//! `examples/verify_latency.rs`.) Each case is timed three times and the fastest run is
//! checked, so a preempted run on a busy machine does not fail the test.

use std::time::{Duration, Instant};

use serde_json::Value;
use synlogic_core::{hostile, task_ids, Generator, ItemRng, Payload, VerifyOptions};

const BUDGET: Duration = Duration::from_millis(20);

#[test]
fn verifying_a_megabyte_stays_within_a_generous_budget() {
    let options = [
        VerifyOptions::default(),
        VerifyOptions::new(Some("answer"), true),
        VerifyOptions::new(None, false),
    ];
    let mut rng = ItemRng::from_u64(99);
    let generic = hostile::generic_cases(&mut rng);
    let mut slowest = (Duration::ZERO, String::new());
    for id in task_ids() {
        for level in [1, 5, 10] {
            let item = Generator::new(id, Some(level), &Value::Null)
                .unwrap()
                .item(4, 0)
                .unwrap();
            let payload = Payload::parse(&item.verification).unwrap();
            let item_cases = hostile::item_cases(&payload, &item.answer, &mut rng);
            for (name, completion) in generic.iter().chain(&item_cases) {
                for (o, opts) in options.iter().enumerate() {
                    let fastest = (0..3)
                        .map(|_| {
                            let started = Instant::now();
                            let verdict = payload.verify(completion, opts);
                            let elapsed = started.elapsed();
                            assert!((0.0..=1.0).contains(&verdict.score));
                            elapsed
                        })
                        .min()
                        .unwrap();
                    let what = format!("{id} level {level}: {name}, options {o}");
                    assert!(
                        fastest < BUDGET,
                        "{what} ({} bytes) took {fastest:?}",
                        completion.len()
                    );
                    if fastest > slowest.0 {
                        slowest = (fastest, what);
                    }
                }
            }
        }
    }
    println!("slowest: {slowest:?}");
}
