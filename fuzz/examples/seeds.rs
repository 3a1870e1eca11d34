//! Writes a seed corpus for every verifier fuzz target (and `generate_any`).
//!
//! `cargo run --release --example seeds -- [DIR]` (from `fuzz/`; DIR defaults to `seeds`)
//! writes `DIR/verify_<task>/…` in the targets' input layout (see `fuzz_targets/common.rs`):
//! for every payload variant, the oracle's answer raw and tagged, the task's near-miss wrong
//! answers and named exploits, single-byte edits of the oracle's answer, the answer wrapped in
//! prose, and a few hand-written tricky inputs per task. Deterministic.

use std::fs;
use std::path::Path;

use synlogic_core::{hostile, task_ids, ItemRng, Payload};

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

fn write(dir: &Path, name: &str, selector: u8, text: &str) {
    let mut bytes = vec![selector];
    bytes.extend_from_slice(text.as_bytes());
    fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let mut rng = ItemRng::from_u64(7);
    let mut total = 0;
    for task in task_ids() {
        let dir = Path::new(&root).join(format!("verify_{task}"));
        fs::create_dir_all(&dir).unwrap();
        for (v, item) in common::items(task).iter().enumerate() {
            let payload = Payload::parse(&item.verification).unwrap();
            let answer = item.answer.as_str();
            let tagged = common::selector(v, true);
            write(
                &dir,
                &format!("v{v}-oracle-raw"),
                common::selector(v, false),
                answer,
            );
            write(&dir, &format!("v{v}-oracle"), tagged, answer);
            write(
                &dir,
                &format!("v{v}-oracle-in-prose"),
                tagged,
                &format!("I think it is:\n\n{answer}\n\nDone."),
            );
            for (i, wrong) in payload.puzzle().wrong_answers(&mut rng).iter().enumerate() {
                write(&dir, &format!("v{v}-wrong-{i}"), tagged, wrong);
            }
            for (name, exploit) in payload.puzzle().exploits() {
                write(&dir, &format!("v{v}-exploit-{name}"), tagged, &exploit);
            }
            // Single-byte edits of the oracle's answer.
            for i in 0..4 {
                let Some(edited) = hostile::edit_one_byte(answer, &mut rng) else {
                    break;
                };
                write(&dir, &format!("v{v}-edit-{i}"), tagged, &edited);
            }
            if v == 0 {
                write(&dir, "v0-prompt", tagged, &item.prompt);
            }
        }
        for (i, text) in tricky(task).iter().enumerate() {
            write(
                &dir,
                &format!("tricky-{i}"),
                common::selector(i, true),
                text,
            );
        }
        total += fs::read_dir(&dir).unwrap().count();
    }
    // generate_any: (task byte, level byte, seed u64, index u64).
    let dir = Path::new(&root).join("generate_any");
    fs::create_dir_all(&dir).unwrap();
    for task in 0..6u8 {
        for level in [0u8, 4, 9] {
            let mut bytes = vec![task, level];
            bytes.extend_from_slice(&rng.next_u64().to_le_bytes());
            bytes.extend_from_slice(&u64::from(level).to_le_bytes());
            fs::write(dir.join(format!("t{task}-l{level}")), bytes).unwrap();
            total += 1;
        }
    }
    println!("wrote {total} seeds under {root}");
}
