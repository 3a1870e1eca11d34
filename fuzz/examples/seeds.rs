//! Writes seed corpora for the fuzz targets `verify_any`, `payload_any` and `generate_any`.
//!
//! `cargo run --release --example seeds -- [DIR]` (from `fuzz/`; DIR defaults to `seeds`)
//! writes `DIR/<target>/…` in each target's input layout (see the targets' docs), for every
//! registered task (nothing here is per task except the optional hand-written inputs):
//! - `verify_any`: for every payload variant, the oracle's answer raw and tagged, the task's
//!   near-miss wrong answers and named exploits, single-byte edits of the oracle's answer, the
//!   answer wrapped in prose, the answer repeated to the task's size cap, and a few
//!   hand-written tricky inputs per task;
//! - `payload_any`: every variant's payload unedited (raw and parsed), and one of each edit;
//! - `generate_any`: a few (task, level, seed, index) inputs per task.
//!
//! Deterministic.

use std::fs;
use std::path::Path;

use synlogic_core::registry::TASKS;
use synlogic_core::{hostile, ItemRng, Payload};

#[path = "../fuzz_targets/common.rs"]
mod common;

/// Hand-written inputs per task that reach corners of the parsers.
fn tricky(task: &str) -> &'static [&'static str] {
    match task {
        "countdown" => &[
            "(25 - 5) * 3",
            "(25 − 5) × 3 ÷ 2 = 30",
            "1e3",
            "0x10",
            "((((((((1))))))))",
            "1 + 2 = 3 = 3",
            "-3 + 4",
            "2 ** 3",
            "99999999999999999999999999 * 1",
            "10 / 3 * 3",
            "(1 + 2",
            "1 + 2)",
            "１ + ２",
            "1 2 + 3",
            "(1)(2)",
            "7 - 7",
            "100 / 0",
        ],
        "knights_knaves" => &[
            "Alice: knight\nBob: knave",
            "Alice is a knight, Bob is a knave.",
            "alice: KNIGHT\nbob: Knave\nalice: knave",
            "- **Alice**: knight\n- **Bob**: knave",
            "Alice: knight\nBob:",
            "Alice: knight or knave",
            "Alice: not a knight",
            "knight knight knave",
            "Name: knight\nOther name: knave\n...",
        ],
        "sudoku" => &[
            "1 2 | 3 4\n3 4 | 1 2\n----+----\n2 1 | 4 3\n4 3 | 2 1",
            "1234\n3412\n2143\n4321",
            "1,2,3,4;3,4,1,2;2,1,4,3;4,3,2,1",
            "[[1,2,3,4],[3,4,1,2],[2,1,4,3],[4,3,2,1]]",
            ". . . .\n. . . .\n. . . .\n. . . .",
            "0 0 0 0\n0 0 0 0",
            "١ ٢ ٣ ٤",
            "1 2 3 4 5 6 7 8 9\n4 5 6 7 8 9 1 2 3\n7 8 9 1 2 3 4 5 6",
            "a b c d",
        ],
        "zebra" => &[
            r#"{"House 1": {"Name": "...", "Color": "..."}, "House 2": {}}"#,
            r#"{"House 1": {"Pet": "canary", "Car": "BMW"}, "House 2": {"Pet": "hamster", "Car": "Kia"}}"#,
            r#"{"House 1": {"Pet": "canary", "Pet": "hamster"}}"#,
            r#"{"house1": {"pet": "CANARY"}, "House 01": {"Car": "\u0042MW"}}"#,
            r#"{"House 1": [1, 2, {"a": null}], "House 2": true}"#,
            r#"{"House 1": {"Pet": "canary""#,
            "| House | Pet | Car |\n|---|---|---|\n| 1 | canary | BMW |\n| 2 | hamster | Kia |",
            "| Attribute | House 1 | House 2 |\n|---|---|---|\n| Pet | canary | hamster |\n| Car | BMW | Kia |",
            "| | |\n|-|-|\n",
            "House 2",
            "house #3",
            "canary",
            "The answer is BMW.",
        ],
        "string_compose" => &[
            "\"aBc3d\"",
            "`aBc3d`",
            "```\naBc3d\n```",
            "Step 1: abc\nStep 2: cba",
            "1. abc\n2. cba\n3. bca",
            "Step 0: abc",
            "a b c",
            "'unterminated",
        ],
        "procedures" => &[
            "[2, 5]",
            "[]",
            "[-1, -2, 3]",
            "Step 0: [1, 2]\nStep 1: [2, 1]",
            "Step 1: [1]\nStep 1: [1]",
            "A=1, B=2, C=3",
            "(2, 3)",
            "row 2, column 3",
            "abcab",
            "Step 0: \"abc\"\nStep 1: \"acb\"",
            "[1, 2",
            "[1,,2]",
            "[99999999999999999999999]",
        ],
        _ => &[],
    }
}

/// Writes `prefix` then `text` to `dir/name`.
fn write(dir: &Path, name: &str, prefix: &[u8], text: &str) {
    let mut bytes = prefix.to_vec();
    bytes.extend_from_slice(text.as_bytes());
    fs::write(dir.join(name), bytes).unwrap();
}

/// Seeds for `verify_any`: `[task, variant | tag, length class]` then the answer text.
fn verify_seeds(root: &Path, rng: &mut ItemRng) -> usize {
    let dir = root.join("verify_any");
    fs::create_dir_all(&dir).unwrap();
    for (t, fixture) in common::fixtures().iter().enumerate() {
        let task = fixture.task.id();
        for (v, item) in fixture.items.iter().enumerate() {
            let payload = Payload::parse(&item.verification).unwrap();
            let answer = item.answer.as_str();
            let [a, b] = common::prefix(t, v, true);
            let tagged = [a, b, 0];
            let [a, b] = common::prefix(t, v, false);
            write(&dir, &format!("{task}-v{v}-oracle-raw"), &[a, b, 0], answer);
            write(&dir, &format!("{task}-v{v}-oracle"), &tagged, answer);
            write(
                &dir,
                &format!("{task}-v{v}-oracle-at-cap"),
                &[tagged[0], tagged[1], 2],
                &format!("{answer}\n"),
            );
            write(
                &dir,
                &format!("{task}-v{v}-oracle-in-prose"),
                &tagged,
                &format!("I think it is:\n\n{answer}\n\nDone."),
            );
            for (i, wrong) in payload.puzzle().wrong_answers(rng).iter().enumerate() {
                write(&dir, &format!("{task}-v{v}-wrong-{i}"), &tagged, wrong);
            }
            for (i, (_, exploit)) in payload.puzzle().exploits().iter().enumerate() {
                write(&dir, &format!("{task}-v{v}-exploit-{i}"), &tagged, exploit);
            }
            // Single-byte edits of the oracle's answer.
            for i in 0..4 {
                let Some(edited) = hostile::edit_one_byte(answer, rng) else {
                    break;
                };
                write(&dir, &format!("{task}-v{v}-edit-{i}"), &tagged, &edited);
            }
            if v == 0 {
                write(&dir, &format!("{task}-v0-prompt"), &tagged, &item.prompt);
            }
        }
        for (i, text) in tricky(task).iter().enumerate() {
            let [a, b] = common::prefix(t, i, true);
            write(&dir, &format!("{task}-tricky-{i}"), &[a, b, 0], text);
        }
    }
    fs::read_dir(&dir).unwrap().count()
}

/// Seeds for `payload_any`: `[task, variant, mode]` then the mode's bytes.
fn payload_seeds(root: &Path) -> usize {
    let dir = root.join("payload_any");
    fs::create_dir_all(&dir).unwrap();
    for (t, fixture) in common::fixtures().iter().enumerate() {
        let task = fixture.task.id();
        for (v, item) in fixture.items.iter().enumerate() {
            let [a, b] = common::prefix(t, v, false);
            write(&dir, &format!("{task}-v{v}-raw"), &[a, b, 0], &item.verification);
            write(&dir, &format!("{task}-v{v}-splice"), &[a, b, 1, 9, 0], "\"");
            // One edit of each kind, on a node inside the puzzle, then a short answer.
            for op in 0..10u8 {
                let edit = [a, b, 2, op, 5 + op, op * 3];
                write(&dir, &format!("{task}-v{v}-edit-{op}"), &edit, "1");
            }
        }
    }
    fs::read_dir(&dir).unwrap().count()
}

/// Seeds for `generate_any`: `[task, level]`, then the seed and the index (u64 each).
fn generate_seeds(root: &Path, rng: &mut ItemRng) -> usize {
    let dir = root.join("generate_any");
    fs::create_dir_all(&dir).unwrap();
    for task in 0..TASKS.len() as u8 {
        for level in [0u8, 4, 9] {
            let mut bytes = vec![task, level];
            bytes.extend_from_slice(&rng.next_u64().to_le_bytes());
            bytes.extend_from_slice(&u64::from(level).to_le_bytes());
            fs::write(dir.join(format!("t{task}-l{level}")), bytes).unwrap();
        }
    }
    fs::read_dir(&dir).unwrap().count()
}

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let root = Path::new(&root);
    let mut rng = ItemRng::from_u64(7);
    let total = verify_seeds(root, &mut rng) + payload_seeds(root) + generate_seeds(root, &mut rng);
    println!("wrote {total} seeds under {}", root.display());
}
