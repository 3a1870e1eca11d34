//! Fuzzes generation: arbitrary (task, level, seed, index) must generate an item whose own
//! answer verifies, or fail with a typed error; never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use synlogic_core::{task_ids, Generator, Payload, VerifyOptions};

fuzz_target!(|data: &[u8]| {
    if data.len() < 18 {
        return;
    }
    let tasks: Vec<&str> = task_ids().collect();
    let task = tasks[data[0] as usize % tasks.len()];
    let level = i64::from(data[1] % 10) + 1;
    let seed = u64::from_le_bytes(data[2..10].try_into().unwrap());
    let index = u64::from_le_bytes(data[10..18].try_into().unwrap());
    let item = Generator::new(task, Some(level), &Value::Null)
        .unwrap()
        .item(seed, index);
    if let Ok(item) = item {
        let payload = Payload::parse(&item.verification).unwrap();
        let verdict = payload.verify(
            &format!("<answer>{}</answer>", item.answer),
            &VerifyOptions::default(),
        );
        assert!(
            verdict.correct,
            "{task} level {level} seed {seed} index {index}: {verdict:?}"
        );
    }
});
