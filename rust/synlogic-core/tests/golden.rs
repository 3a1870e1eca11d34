//! Golden files: two items per task and level, pinned in `tests/golden/<task>.jsonl`.
//!
//! A change in any task's output fails this test and shows up as a reviewed diff. To accept
//! it, bump the task's `VERSION` and re-bless with `SYNLOGIC_BLESS=1 cargo test --test golden`;
//! blessing refuses changed output under an unchanged version.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{json, Value};
use synlogic_core::{find_task, task_ids, Generator};

fn golden_text(id: &str) -> String {
    let version = find_task(id).unwrap().version();
    let mut text = format!("{}\n", json!({"task": id, "version": version}));
    for level in 1..=10 {
        let generator = Generator::new(id, Some(level), &Value::Null).unwrap();
        for index in 0..2 {
            let item = generator.item(0, index).unwrap();
            let line = json!({"level": level, "index": index, "prompt": item.prompt, "answer": item.answer, "verification": item.verification});
            writeln!(text, "{line}").unwrap();
        }
    }
    text
}

fn header_version(text: &str) -> Option<u64> {
    let header: Value = serde_json::from_str(text.lines().next()?).ok()?;
    header["version"].as_u64()
}

#[test]
fn outputs_match_the_golden_files() {
    let bless = std::env::var("SYNLOGIC_BLESS").is_ok_and(|v| v == "1");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut failures = Vec::new();
    for id in task_ids() {
        let path = dir.join(format!("{id}.jsonl"));
        let current = golden_text(id);
        let stored = std::fs::read_to_string(&path).ok();
        if stored.as_deref() == Some(current.as_str()) {
            continue;
        }
        let version_bumped = stored.as_deref().and_then(header_version) != header_version(&current);
        if bless && (stored.is_none() || version_bumped) {
            std::fs::write(&path, &current).unwrap();
            continue;
        }
        failures.push(match (stored.is_some(), version_bumped) {
            (false, _) => format!("{id}: no golden file; create it with SYNLOGIC_BLESS=1"),
            (true, false) => format!(
                "{id}: output changed under the same VERSION; bump the task's VERSION, then bless"
            ),
            (true, true) => {
                format!("{id}: VERSION bumped; re-bless with SYNLOGIC_BLESS=1 and review the diff")
            }
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
