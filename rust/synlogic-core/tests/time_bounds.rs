//! Registry-wide time bound: verifying any completion of up to ~1 MB stays far below a
//! generous budget for every task, even in a debug build, so a quadratic parser or a slow tag
//! search cannot come back silently. (The real figure, p99.9 ≤ 1 ms in release, is measured by
//! `examples/verify_latency.rs`.) Each case is timed three times and the fastest run is
//! checked, so a preempted run on a busy machine does not fail the test.

use std::time::{Duration, Instant};

use serde_json::Value;
use synlogic_core::{task_ids, Generator, ItemRng, Payload, VerifyOptions};

const MB: usize = 1 << 20;
const BUDGET: Duration = Duration::from_millis(20);

fn repeat_to(unit: &str, len: usize) -> String {
    unit.repeat(len / unit.len() + 1)
}

fn garbage(rng: &mut ItemRng, len: usize) -> String {
    const PIECES: &[&str] = &[
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "<answer>",
        "</answer>",
        "<",
        "\0",
        "knight",
        "1",
        "9",
        "+",
        "*",
        "=",
        "\n",
        " ",
        ",",
        ":",
        "|",
        "\"",
        "é",
        "١",
        "House 1",
    ];
    let mut out = String::with_capacity(len + 16);
    while out.len() < len {
        out.push_str(PIECES[rng.index(PIECES.len())]);
    }
    out
}

fn cases(answer: &str, rng: &mut ItemRng) -> Vec<(&'static str, String)> {
    let half = MB / 2;
    let tagged = |inner: &str| format!("<answer>{inner}</answer>");
    vec![
        ("garbage", garbage(rng, MB)),
        ("garbage tagged", tagged(&garbage(rng, MB))),
        ("digits tagged", tagged(&"9".repeat(MB))),
        (
            "nested parens",
            tagged(&format!("{}1{}", "(".repeat(half), ")".repeat(half))),
        ),
        (
            "nested json",
            tagged(&format!("{}1{}", "[".repeat(half), "]".repeat(half))),
        ),
        ("open tags", repeat_to("<answer>", MB)),
        ("close tags", repeat_to("</answer>", MB)),
        ("blocks", repeat_to("<answer>1</answer>", MB)),
        ("angle brackets", "<".repeat(MB)),
        (
            "answer after tag spam",
            format!("{}{}", repeat_to("<answer>", MB), tagged(answer)),
        ),
        (
            "answer padded outside",
            format!("{}{}{}", " ".repeat(half), tagged(answer), "x".repeat(half)),
        ),
        (
            "answer padded inside",
            tagged(&format!(
                "{}{answer}{}",
                "\n".repeat(half),
                " ".repeat(half)
            )),
        ),
        (
            "answer repeated inside",
            tagged(&repeat_to(&format!("{answer}\n"), MB)),
        ),
    ]
}

#[test]
fn verifying_a_megabyte_stays_within_a_generous_budget() {
    let options = [
        VerifyOptions::default(),
        VerifyOptions::new(Some("answer"), true),
        VerifyOptions::new(None, false),
    ];
    let mut rng = ItemRng::from_u64(99);
    let mut slowest = (Duration::ZERO, String::new());
    for id in task_ids() {
        for level in [1, 5, 10] {
            let item = Generator::new(id, Some(level), &Value::Null)
                .unwrap()
                .item(4, 0)
                .unwrap();
            let payload = Payload::parse(&item.verification).unwrap();
            for (name, completion) in cases(&item.answer, &mut rng) {
                for (o, opts) in options.iter().enumerate() {
                    let fastest = (0..3)
                        .map(|_| {
                            let started = Instant::now();
                            let verdict = payload.verify(&completion, opts);
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
