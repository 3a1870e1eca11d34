//! Property tests over the core: for every task, verification of arbitrary text returns a
//! score in [0, 1] and never panics, whatever the shape of the input.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use synlogic_core::{task_ids, Generator, Payload, VerifyOptions};

/// A few payloads per task (levels 1, 5, 10), parsed once.
fn payloads() -> &'static [Payload] {
    static PAYLOADS: OnceLock<Vec<Payload>> = OnceLock::new();
    PAYLOADS.get_or_init(|| {
        task_ids()
            .flat_map(|id| {
                [1, 5, 10].into_iter().map(move |level| {
                    let item = Generator::new(id, Some(level), &Value::Null)
                        .unwrap()
                        .item(5, 0)
                        .unwrap();
                    Payload::parse(&item.verification).unwrap()
                })
            })
            .collect()
    })
}

fn check_all(completion: &str) {
    for options in [
        VerifyOptions::default(),
        VerifyOptions::new(Some("answer"), true),
        VerifyOptions::new(None, true),
    ] {
        for payload in payloads() {
            let verdict = payload.verify(completion, &options);
            assert!(
                (0.0..=1.0).contains(&verdict.score),
                "{}: {verdict:?}",
                payload.task()
            );
            assert_eq!(
                verdict.correct,
                verdict.score == 1.0 && verdict.reason == "correct"
            );
        }
    }
}

/// Pieces that parsers of every task care about.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{1,40}".prop_map(|s| s),
        Just("<answer>".to_string()),
        Just("</answer>".to_string()),
        Just("\0".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("{\"House 1\": {".to_string()),
        Just("knight".to_string()),
        Just("knave".to_string()),
        Just(" | ".to_string()),
        Just("\n".to_string()),
        Just("=".to_string()),
        Just("+-*/".to_string()),
        Just("１２٣".to_string()),
        Just("1e3 0x10".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        check_all(&text);
        check_all(&format!("<answer>{text}</answer>"));
    }

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(token(), 0..64)) {
        let text = tokens.concat();
        check_all(&text);
        check_all(&format!("<answer>{text}</answer>"));
    }

    #[test]
    fn deep_nesting_never_panics(depth in 0usize..200_000, open in prop::sample::select(vec!["(", "[", "{", "{\"a\":"])) {
        let close = match open { "(" => ")", "[" => "]", _ => "}" };
        check_all(&format!("<answer>{}1{}</answer>", open.repeat(depth), close.repeat(depth)));
    }

    #[test]
    fn many_answer_tags_never_panic(count in 0usize..50_000) {
        check_all(&"<answer>1</answer>".repeat(count));
        check_all(&"<answer>".repeat(count));
    }
}

#[test]
fn huge_inputs_never_panic() {
    for size in [1 << 20, 10 << 20] {
        let digits = "9".repeat(size);
        check_all(&digits);
        check_all(&format!("<answer>{digits}</answer>"));
        check_all(&format!("<answer>{}</answer>", "a\0".repeat(size / 2)));
    }
    check_all(&format!("<answer>{}</answer>", "7".repeat(10_000)));
}

#[test]
fn invalid_utf8_bytes_are_replaced_not_fatal() {
    // Bytes arrive as text through a lossy decode; the verifier sees replacement characters.
    let bytes = [0xff, 0xfe, b'<', b'a', 0xc3, 0x28, 0xa0, 0xa1];
    check_all(&String::from_utf8_lossy(&bytes));
}
