//! Untrusted payloads: every size a payload controls is bounded on load, naming the field.

use serde_json::{json, Value};

use crate::kit::timing::thread_cpu_seconds;
use crate::task::{Grade, Task};
use crate::tasks::countdown::puzzle::{MAX_GIVEN, MAX_SOLUTION_BYTES};
use crate::tasks::countdown::Countdown;

/// A legal payload puzzle, edited by `edit`.
fn payload(edit: impl FnOnce(&mut Value)) -> String {
    let mut puzzle = json!({
        "n": [25, 5, 3, 7], "t": 67, "o": "+-*/", "a": true, "i": true,
        "s": "(25 - 5) * 3 + 7",
    });
    edit(&mut puzzle);
    puzzle.to_string()
}

#[test]
fn a_hostile_payload_is_rejected_naming_the_field() {
    assert!(Countdown::load_puzzle(&payload(|_| {})).is_ok());
    // (the field the error must name, the payload key, its hostile value)
    let hostile = [
        ("n (the numbers)", "n", json!(vec![1; MAX_GIVEN + 1])),
        ("n (the numbers)", "n", json!([])),
        ("n (the numbers)", "n", json!([25, 0, 3])),
        ("n (the numbers)", "n", json!([25, 1_000_001])),
        ("t (the target)", "t", json!(0)),
        ("t (the target)", "t", json!(1_000_000_000_001_u64)),
        ("o (the operators)", "o", json!("")),
        ("o (the operators)", "o", json!("++")),
        ("o (the operators)", "o", json!("+-*/^")),
        (
            "s (the solution)",
            "s",
            json!("1 + ".repeat(MAX_SOLUTION_BYTES)),
        ),
        ("s (the solution)", "s", json!("eval(7)")),
    ];
    for (field, key, value) in hostile {
        let text = payload(|p| p[key] = value);
        let error = Countdown::load_puzzle(&text).unwrap_err();
        assert!(error.starts_with(field), "{text}: {error}");
    }
    // A huge list is refused as a whole, not graded.
    let long = payload(|p| p["n"] = json!(vec![7; 100_000]));
    assert!(Countdown::load_puzzle(&long)
        .unwrap_err()
        .contains("100000 given"));
}

/// The largest legal payload and the longest answer: graded in well under a millisecond.
#[test]
fn a_maximal_legal_payload_verifies_quickly() {
    let numbers = vec![1_000_000_u64; MAX_GIVEN];
    let solution = vec!["1000000"; MAX_GIVEN].join(" + ");
    let text = payload(|p| {
        p["n"] = json!(numbers);
        p["t"] = json!(16_000_000);
        p["s"] = json!(solution);
        p["i"] = json!(false);
    });
    let puzzle = Countdown::load_puzzle(&text).unwrap();
    let answer = Countdown::parse_answer(&puzzle, &solution).unwrap();
    assert_eq!(Countdown::grade(&puzzle, &answer), Grade::CORRECT);
    // The longest answer the verifier reads, nested and overflowing.
    let mut long = String::from("1000000");
    while long.len() + 12 < Countdown::MAX_ANSWER_BYTES {
        long = format!("({long}) * 1000000");
        if long.matches('(').count() >= 60 {
            long = long.replace(['(', ')'], "");
        }
    }
    let started = thread_cpu_seconds();
    for _ in 0..100 {
        let loaded = Countdown::load_puzzle(&text).unwrap();
        if let Ok(answer) = Countdown::parse_answer(&loaded, &long) {
            assert_eq!(Countdown::grade(&loaded, &answer), Grade::WRONG);
        }
    }
    let per_verify = (thread_cpu_seconds() - started) / 100.0;
    assert!(per_verify < 0.001, "{per_verify} s per verification");
}

/// Every level's generated puzzles pass the payload bounds (the bounds reject nothing real).
#[test]
fn generated_payloads_are_within_the_bounds() {
    for level in 1..=10 {
        let generator = crate::Generator::new("countdown", Some(level), &Value::Null).unwrap();
        for item in generator.batch(9, 0, 20).unwrap() {
            let payload: Value = serde_json::from_str(&item.verification).unwrap();
            let puzzle = payload["puzzle"].to_string();
            assert!(
                Countdown::load_puzzle(&puzzle).is_ok(),
                "level {level}: {puzzle}"
            );
        }
    }
}
