//! Hostile completions: the corpus every verifier is held to.
//!
//! Model output is hostile input. These builders make the completions that the conformance
//! suite, the time-bound test and the latency example feed to every task's verifier: random
//! garbage, huge digit runs, deep parenthesis and JSON nesting, tag spam, the oracle's answer
//! padded with a megabyte of whitespace or prose, answers just under each task's size cap,
//! near misses, and the task's own exploits. Every builder is deterministic in its
//! [`ItemRng`].

use crate::{ItemRng, Payload};

/// One mebibyte: the size of the largest completions built here.
pub const MB: usize = 1 << 20;

/// Random text built from pieces every parser cares about, `len` bytes or a little more.
pub fn garbage(rng: &mut ItemRng, len: usize) -> String {
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
        ">",
        "\0",
        "knight",
        "knave",
        "1",
        "9",
        "0",
        "42",
        "+",
        "-",
        "*",
        "/",
        "=",
        "\n",
        " ",
        ",",
        ":",
        "|",
        "\"",
        "é",
        "٣",
        "１",
        "💥",
        "1e3",
        "0x10",
        "null",
        "House 1",
        "true",
        "Name",
        "PUSH",
        "[1, 2]",
        "\\u0041",
    ];
    let mut out = String::with_capacity(len + 16);
    while out.len() < len {
        out.push_str(PIECES[rng.index(PIECES.len())]);
    }
    out
}

/// Random bytes decoded lossily (as a byte stream from a model would be), cut to `len` bytes.
pub fn random_bytes(rng: &mut ItemRng, len: usize) -> String {
    let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    let mut cut = len.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

/// `inner` inside one `<answer>` block.
pub fn tagged(inner: &str) -> String {
    format!("<answer>{inner}</answer>")
}

/// `unit` repeated to about `len` bytes.
pub fn fill(unit: &str, len: usize) -> String {
    unit.repeat(len / unit.len().max(1) + 1)
}

/// Named completions that do not depend on the item (shared by every payload).
pub fn generic_cases(rng: &mut ItemRng) -> Vec<(String, String)> {
    let half = MB / 2;
    let mut cases = vec![
        ("empty".to_string(), String::new()),
        ("garbage 1 MB".into(), garbage(rng, MB)),
        ("garbage 1 MB tagged".into(), tagged(&garbage(rng, MB - 17))),
        ("random bytes 1 MB".into(), random_bytes(rng, MB)),
        (
            "random bytes 1 MB tagged".into(),
            tagged(&random_bytes(rng, MB - 17)),
        ),
        ("digits 1 MB".into(), "9".repeat(MB)),
        ("digits 1 MB tagged".into(), tagged(&"9".repeat(MB - 17))),
        ("digits 10k tagged".into(), tagged(&"9".repeat(10_000))),
        (
            "paren nesting 1 MB".into(),
            tagged(&format!(
                "{}1{}",
                "(".repeat(half - 9),
                ")".repeat(half - 9)
            )),
        ),
        ("open parens 1 MB".into(), tagged(&"(".repeat(MB - 17))),
        (
            "json array nesting 1 MB".into(),
            tagged(&format!(
                "{}1{}",
                "[".repeat(half - 9),
                "]".repeat(half - 9)
            )),
        ),
        (
            "json object nesting 1 MB".into(),
            tagged(&format!(
                "{}1{}",
                fill("{\"House 1\":", half - 9),
                "}".repeat(half / 12)
            )),
        ),
        ("open tags 1 MB".into(), fill("<answer>", MB)),
        ("close tags 1 MB".into(), fill("</answer>", MB)),
        ("empty blocks 1 MB".into(), fill("<answer></answer>", MB)),
        ("blocks of 1 1 MB".into(), fill("<answer>1</answer>", MB)),
        (
            "almost tags 1 MB".into(),
            fill("<answer</answer <answe>", MB),
        ),
        (
            "last open tag at start".into(),
            format!("<answer>{}", "x".repeat(MB - 8)),
        ),
        (
            "close tag at end only".into(),
            format!("{}</answer>", fill("<answe", MB - 9)),
        ),
        (
            "whitespace 1 MB tagged".into(),
            tagged(&" ".repeat(MB - 17)),
        ),
        ("NULs 1 MB tagged".into(), tagged(&"\0".repeat(MB - 17))),
        (
            "knights 1 MB tagged".into(),
            tagged(&fill("A: knight\n", MB - 17)),
        ),
        (
            "grid rows 1 MB tagged".into(),
            tagged(&fill("1 2 3 4 5 6 7 8 9\n", MB - 17)),
        ),
        (
            "unicode digits 1 MB".into(),
            tagged(&fill("١٢٣４５", MB - 17)),
        ),
        ("emoji 1 MB".into(), tagged(&fill("💥", MB - 17))),
        (
            "escapes 1 MB".into(),
            tagged(&format!("\"{}\"", fill("\\u0041", MB - 19))),
        ),
    ];
    for len in [10, 100, 1000, 10_000, 100_000] {
        cases.push((format!("garbage {len}"), garbage(rng, len)));
        cases.push((format!("garbage {len} tagged"), tagged(&garbage(rng, len))));
    }
    // Just under each task's answer cap (1, 4, 8, 16 and 32 KiB), where parsers do run.
    for cap in NEAR_CAPS {
        let len = cap - 8;
        cases.push((format!("garbage {len} tagged"), tagged(&garbage(rng, len))));
        cases.push((format!("digits {len} tagged"), tagged(&"7".repeat(len))));
        cases.push((
            format!("paren nesting {len}"),
            tagged(&format!(
                "{}1{}",
                "(".repeat(len / 2 - 1),
                ")".repeat(len / 2 - 1)
            )),
        ));
        cases.push((
            format!("json nesting {len}"),
            tagged(&format!(
                "{}1{}",
                "[{\"a\":".repeat(len / 12),
                "}]".repeat(len / 12)
            )),
        ));
        cases.push((
            format!("knight lines {len}"),
            tagged(&"Al: knight\n".repeat(len / 11)),
        ));
        cases.push((
            format!("table rows {len}"),
            tagged(&"| 1 | a | b |\n".repeat(len / 14)),
        ));
        cases.push((
            format!("step lines {len}"),
            tagged(&"Step 1: [1, 2]\n".repeat(len / 16)),
        ));
    }
    cases
}

/// Each task's answer cap (`Task::MAX_ANSWER_BYTES`) among these.
pub const NEAR_CAPS: [usize; 5] = [1024, 4096, 8 * 1024, 16 * 1024, 32 * 1024];

/// Named completions built from one item (`answer` is its oracle answer): the answer padded,
/// repeated and mangled, the prompt restated, the task's wrong answers and exploits.
pub fn item_cases(payload: &Payload, answer: &str, rng: &mut ItemRng) -> Vec<(String, String)> {
    let half = MB / 2;
    let block = tagged(answer);
    let prose = fill("Let me think about this step by step. ", half);
    let mut cases = vec![
        ("oracle".to_string(), block.clone()),
        (
            "oracle + 1 MB whitespace around".into(),
            format!("{}{block}{}", " ".repeat(half), "\n".repeat(half)),
        ),
        (
            "oracle + 1 MB prose around".into(),
            format!("{prose}{block}{prose}"),
        ),
        (
            "oracle after 1 MB of tags".into(),
            format!("{}{block}", fill("<answer>", MB)),
        ),
        (
            "oracle + 1 MB whitespace inside".into(),
            tagged(&format!("{}{answer}{}", " ".repeat(half), " ".repeat(half))),
        ),
        (
            "oracle repeated to 1 MB inside".into(),
            tagged(&fill(&format!("{answer}\n"), MB)),
        ),
        (
            "oracle then 1 MB garbage inside".into(),
            tagged(&format!("{answer}{}", garbage(rng, MB))),
        ),
        ("oracle untagged".into(), answer.to_string()),
    ];
    for cap in NEAR_CAPS {
        let unit = format!("{answer}\n");
        let copies = (cap - 8) / unit.len();
        if copies > 1 {
            cases.push((
                format!("oracle repeated to {cap}"),
                tagged(&unit.repeat(copies)),
            ));
        }
    }
    // Around this task's own cap (from the registry): the longest answer read, one byte more.
    if let Ok(task) = crate::find_task(payload.task()) {
        let cap = task.max_answer_bytes();
        for (name, len) in [("at", cap), ("one byte over", cap + 1)] {
            let mut text = fill(&format!("{answer}\n"), len);
            let mut cut = len.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            cases.push((
                format!("oracle repeated to {name} the task's cap ({cap})"),
                tagged(&text),
            ));
        }
    }
    cases.extend([("prompt restated".into(), tagged(&payload.puzzle().prompt()))]);
    for (i, wrong) in payload.puzzle().wrong_answers(rng).into_iter().enumerate() {
        cases.push((format!("wrong answer {i}"), tagged(&wrong)));
    }
    for (name, exploit) in payload.puzzle().exploits() {
        cases.push((format!("exploit {name}"), tagged(&exploit)));
    }
    // Near misses: one byte changed, dropped or doubled, at a few positions.
    for i in 0..6 {
        let Some(mangled) = edit_one_byte(answer, rng) else {
            break;
        };
        cases.push((format!("near miss {i}"), tagged(&mangled)));
    }
    cases
}

/// `text` with one random byte replaced (by a digit, space or punctuation every parser
/// cares about), dropped or doubled, decoded lossily; `None` for empty text.
pub fn edit_one_byte(text: &str, rng: &mut ItemRng) -> Option<String> {
    const REPLACEMENTS: &[u8] = b"0123456789 ,:\n()[]{}\"|x-";
    let mut bytes = text.as_bytes().to_vec();
    if bytes.is_empty() {
        return None;
    }
    let at = rng.index(bytes.len());
    match rng.index(3) {
        0 => bytes[at] = REPLACEMENTS[rng.index(REPLACEMENTS.len())],
        1 => {
            bytes.remove(at);
        }
        _ => bytes.insert(at, bytes[at]),
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}
