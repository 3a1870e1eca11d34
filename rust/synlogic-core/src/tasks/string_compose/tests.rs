use serde_json::Value;

use super::generate::example_pays;
use super::solve::run;
use super::*;
use crate::rng::ItemRng;
use crate::task::{Grade, Task};

fn run_one(step: Step, input: &str) -> String {
    let mut out = Vec::new();
    apply(&step, input.as_bytes(), &mut out);
    String::from_utf8(out).unwrap()
}

fn k(f: Func, k: u32) -> Step {
    Step::with_k(f, k)
}

fn p(f: Func) -> Step {
    Step::plain(f)
}

#[test]
fn table_is_in_enum_order_and_names_match_serde() {
    assert!(FUNCTIONS.len() >= 20);
    for (i, spec) in FUNCTIONS.iter().enumerate() {
        assert_eq!(spec.func as usize, i, "{}", spec.name);
        assert_eq!(
            serde_json::to_value(spec.func).unwrap(),
            Value::from(spec.name)
        );
        assert_eq!(spec.example.f, spec.func);
        assert!(spec.definition.ends_with('.'));
    }
}

#[test]
fn worked_examples_are_right() {
    for spec in FUNCTIONS {
        assert_eq!(
            run_one(spec.example, spec.example_in),
            spec.example_out,
            "{}",
            spec.name
        );
    }
}

#[test]
fn reverse_and_rotations() {
    assert_eq!(run_one(p(Func::Reverse), "a"), "a");
    assert_eq!(run_one(p(Func::Reverse), ""), "");
    assert_eq!(run_one(p(Func::Reverse), "abcd"), "dcba");
    assert_eq!(run_one(k(Func::RotateLeft, 1), "abc"), "bca");
    assert_eq!(run_one(k(Func::RotateLeft, 3), "abc"), "abc");
    assert_eq!(run_one(k(Func::RotateLeft, 7), "abc"), "bca");
    assert_eq!(run_one(k(Func::RotateRight, 1), "abc"), "cab");
    assert_eq!(run_one(k(Func::RotateRight, 5), "abc"), "bca");
    assert_eq!(run_one(k(Func::RotateRight, 5), ""), "");
    assert_eq!(run_one(k(Func::RotateLeft, 9), "x"), "x");
}

#[test]
fn letter_maps() {
    assert_eq!(run_one(k(Func::Caesar, 1), "zZa9-"), "aAb9-");
    assert_eq!(run_one(k(Func::Caesar, 25), "ab"), "za");
    assert_eq!(run_one(k(Func::Caesar, 27), "ab"), "bc");
    assert_eq!(run_one(p(Func::Atbash), "azAZm5"), "zaZAn5");
    assert_eq!(run_one(p(Func::Upper), "aB3z"), "AB3Z");
    assert_eq!(run_one(p(Func::Lower), "aB3Z"), "ab3z");
    assert_eq!(run_one(p(Func::SwapCase), "aB3"), "Ab3");
    assert_eq!(run_one(p(Func::AlternateCase), "ABCDE"), "AbCdE");
    assert_eq!(run_one(p(Func::AlternateCase), "1bcd"), "1bCd");
}

#[test]
fn reorderings() {
    assert_eq!(run_one(p(Func::SwapPairs), "abcd"), "badc");
    assert_eq!(run_one(p(Func::SwapPairs), "a"), "a");
    assert_eq!(run_one(p(Func::Sort), "cAa1"), "1Aac");
    assert_eq!(run_one(p(Func::SortDesc), "cAa1"), "caA1");
    assert_eq!(run_one(p(Func::InterleaveHalves), "abcdef"), "adbecf");
    assert_eq!(run_one(p(Func::InterleaveHalves), "a"), "a");
    assert_eq!(run_one(p(Func::InterleaveHalves), "ab"), "ab");
    assert_eq!(run_one(p(Func::InterleaveHalves), "abc"), "acb");
    assert_eq!(run_one(p(Func::SwapHalves), "abcdef"), "defabc");
    assert_eq!(run_one(p(Func::SwapHalves), "a"), "a");
    assert_eq!(run_one(p(Func::SwapHalves), "abc"), "cba");
    assert_eq!(run_one(k(Func::ReverseChunks, 2), "abcde"), "badce");
    assert_eq!(run_one(k(Func::ReverseChunks, 9), "abcde"), "edcba");
    assert_eq!(run_one(p(Func::SwapEnds), "ab"), "ba");
    assert_eq!(run_one(p(Func::SwapEnds), "a"), "a");
}

#[test]
fn deletions() {
    assert_eq!(run_one(p(Func::Dedupe), "aAaAb"), "aAb");
    assert_eq!(run_one(p(Func::Squeeze), "aaAAab"), "aAab");
    assert_eq!(run_one(p(Func::DeleteVowels), "yEsIoUa"), "ys");
    let remove = Step::with_chars(Func::Remove, None, 'a', None);
    assert_eq!(run_one(remove, "aAba"), "Ab");
    assert_eq!(run_one(k(Func::KeepEvery, 2), "abcde"), "ace");
    assert_eq!(run_one(k(Func::KeepEvery, 2), "abcdef"), "ace");
    assert_eq!(run_one(k(Func::KeepEvery, 9), "abc"), "a");
}

#[test]
fn growth_and_substitution() {
    let replace = Step::with_chars(Func::Replace, None, 'a', Some('A'));
    assert_eq!(run_one(replace, "aAba"), "AAbA");
    assert_eq!(run_one(p(Func::Double), "a"), "aa");
    assert_eq!(run_one(p(Func::Mirror), "ab"), "abba");
    let insert = Step::with_chars(Func::InsertEvery, Some(2), '-', None);
    assert_eq!(run_one(insert, "abcd"), "ab-cd-");
    assert_eq!(run_one(insert, "a"), "a");
    let insert1 = Step::with_chars(Func::InsertEvery, Some(1), 'x', None);
    assert_eq!(run_one(insert1, "ab"), "axbx");
    assert_eq!(run_one(p(Func::RunLengthEncode), "a"), "1a");
    assert_eq!(run_one(p(Func::RunLengthEncode), "aaaaaaaaaaaab"), "12a1b");
    assert_eq!(run_one(p(Func::RunLengthEncode), "aAa"), "1a1A1a");
    assert_eq!(run_one(p(Func::RunLengthEncode), ""), "");
}

#[test]
fn hostile_params_do_not_panic() {
    let weird = Step {
        f: Func::Replace,
        k: Some(0),
        a: Some('é'),
        b: None,
    };
    for spec in FUNCTIONS {
        for input in ["", "a", "ab", "abc"] {
            let mut step = weird;
            step.f = spec.func;
            let mut out = Vec::new();
            apply(&step, input.as_bytes(), &mut out);
            step.k = Some(u32::MAX);
            apply(&step, input.as_bytes(), &mut out);
        }
    }
}

fn knobs(level_depth: usize, trace: bool) -> StringComposeKnobs {
    StringComposeKnobs {
        depth: level_depth,
        min_len: 4 + level_depth / 2,
        max_len: 8 + level_depth / 2,
        alphabet: "alnum".into(),
        trace,
        ..StringComposeKnobs::default()
    }
}

#[test]
fn no_item_is_degenerate() {
    let mut total = 0;
    for depth in 1..=10 {
        for trace in [false, true] {
            let knobs = knobs(depth, trace);
            StringCompose::check_knobs(&knobs).unwrap();
            for i in 0..500 {
                let mut rng = ItemRng::for_item("string_compose_test", depth as u64, i);
                let generated = StringCompose::generate(&knobs, &mut rng).unwrap();
                let puzzle = &generated.puzzle;
                assert_eq!(puzzle.p.len(), depth);
                let chain = run(puzzle);
                let mut seen = vec![puzzle.s.as_bytes().to_vec()];
                for s in &chain {
                    assert!(!seen.contains(s), "step repeats a string: {puzzle:?}");
                    assert!((2..=knobs.max_output_len).contains(&s.len()));
                    seen.push(s.clone());
                }
                assert_ne!(chain.last().unwrap().as_slice(), puzzle.s.as_bytes());
                let intermediates = generated.metadata["intermediates"].as_array().unwrap();
                assert_eq!(intermediates.len(), depth);
                total += 1;
            }
        }
    }
    assert_eq!(total, 10_000);
}

#[test]
fn restricted_functions_are_respected() {
    let knobs = StringComposeKnobs {
        functions: vec!["reverse".into(), "caesar".into(), "double".into()],
        depth: 5,
        ..StringComposeKnobs::default()
    };
    StringCompose::check_knobs(&knobs).unwrap();
    for i in 0..200 {
        let mut rng = ItemRng::from_u64(i);
        let puzzle = StringCompose::generate(&knobs, &mut rng).unwrap().puzzle;
        assert!(puzzle
            .p
            .iter()
            .all(|s| matches!(s.f, Func::Reverse | Func::Caesar | Func::Double)));
    }
    // Only one involution cannot make a 2-step chain without repeating a string.
    let impossible = StringComposeKnobs {
        functions: vec!["reverse".into()],
        depth: 2,
        ..StringComposeKnobs::default()
    };
    assert!(StringCompose::generate(&impossible, &mut ItemRng::from_u64(1)).is_err());
}

#[test]
fn knob_checks() {
    let bad = |k: StringComposeKnobs| StringCompose::check_knobs(&k).unwrap_err().knob;
    let base = StringComposeKnobs::default;
    assert_eq!(bad(StringComposeKnobs { depth: 0, ..base() }), "depth");
    assert_eq!(
        bad(StringComposeKnobs {
            min_len: 1,
            ..base()
        }),
        "min_len"
    );
    assert_eq!(
        bad(StringComposeKnobs {
            max_len: 100,
            ..base()
        }),
        "max_len"
    );
    for alphabet in ["a", "ab c", "ab'", "aé", ""] {
        assert_eq!(
            bad(StringComposeKnobs {
                alphabet: alphabet.into(),
                ..base()
            }),
            "alphabet"
        );
    }
    let err = StringCompose::check_knobs(&StringComposeKnobs {
        functions: vec!["revers".into()],
        ..base()
    })
    .unwrap_err();
    assert_eq!(err.knob, "functions");
    assert!(err.message.contains("\"reverse\""), "{}", err.message);
    StringCompose::check_knobs(&StringComposeKnobs {
        alphabet: "ab12!?".into(),
        ..base()
    })
    .unwrap();
}

fn puzzle(trace: bool) -> StringComposePuzzle {
    StringComposePuzzle {
        s: "hello".into(),
        p: vec![p(Func::Reverse), k(Func::Caesar, 1), p(Func::Upper)],
        t: trace,
        w: true,
    }
}

fn grade_text(puzzle: &StringComposePuzzle, text: &str) -> Option<Grade> {
    StringCompose::parse_answer(puzzle, text)
        .ok()
        .map(|a| StringCompose::grade(puzzle, &a))
}

#[test]
fn plain_answers() {
    let puzzle = puzzle(false);
    assert_eq!(
        StringCompose::render_answer(&puzzle, &StringCompose::solve(&puzzle)),
        "PMMFI"
    );
    for ok in [
        "PMMFI",
        "  PMMFI\n",
        "\"PMMFI\"",
        "`PMMFI`",
        "```\nPMMFI\n```",
    ] {
        assert_eq!(grade_text(&puzzle, ok), Some(Grade::CORRECT), "{ok:?}");
    }
    assert_eq!(grade_text(&puzzle, "pmmfi"), Some(Grade::WRONG));
    assert_eq!(grade_text(&puzzle, "PMMFI PMMFI"), None);
    assert_eq!(grade_text(&puzzle, ""), None);
    assert_eq!(grade_text(&puzzle, "１"), Some(Grade::WRONG));
}

#[test]
fn trace_answers_get_prefix_credit() {
    let puzzle = puzzle(true);
    let oracle = StringCompose::render_answer(&puzzle, &StringCompose::solve(&puzzle));
    assert_eq!(oracle, "1: olleh\n2: pmmfi\n3: PMMFI");
    assert_eq!(grade_text(&puzzle, &oracle), Some(Grade::CORRECT));
    let lenient = "```\nStep 1: \"olleh\"\n 2. pmmfi \n3) `PMMFI`\n```";
    assert_eq!(grade_text(&puzzle, lenient), Some(Grade::CORRECT));
    let third = grade_text(&puzzle, "1: olleh\n2: pmmfx\n3: PMMFI").unwrap();
    assert!(!third.correct && (third.credit - 1.0 / 3.0).abs() < 1e-9);
    let two = grade_text(&puzzle, "1: olleh\n2: pmmfi").unwrap();
    assert!(!two.correct && (two.credit - 2.0 / 3.0).abs() < 1e-9);
    let copy = grade_text(&puzzle, "1: hello\n2: hello\n3: hello").unwrap();
    assert_eq!(copy.credit, 0.0);
    assert_eq!(grade_text(&puzzle, "PMMFI"), None);
    assert_eq!(grade_text(&puzzle, "2: pmmfi\n1: olleh"), None);
    assert_eq!(
        grade_text(&puzzle, "1: olleh\n2: pmmfi\n3: PMMFI\n4: x"),
        None
    );
    assert_eq!(grade_text(&puzzle, "1: olleh olleh"), None);
    assert_eq!(grade_text(&puzzle, "１: olleh"), None);
}

#[test]
fn exploits_never_score_and_earn_no_partial_credit() {
    use crate::exploits::{grade_text, level_puzzles};
    let mut seen = std::collections::BTreeSet::new();
    let mut puzzles: Vec<StringComposePuzzle> = Vec::new();
    for level in 1..=10 {
        puzzles.extend(level_puzzles::<StringCompose>(level, 30));
    }
    for depth in [1, 2, 5] {
        let k = StringComposeKnobs {
            depth,
            trace: true,
            ..StringComposeKnobs::default()
        };
        puzzles.extend((0..30).map(|i| {
            StringCompose::generate(&k, &mut ItemRng::from_u64(i))
                .unwrap()
                .puzzle
        }));
    }
    for p in &puzzles {
        for (name, text) in StringCompose::exploits(p) {
            seen.insert(name);
            if let Some(grade) = grade_text::<StringCompose>(p, &text) {
                // Each step changes the string and no string repeats, so a blind line
                // is wrong from step 1 on: exactly 0 credit.
                assert_eq!(grade, Grade::WRONG, "{name}: {text}");
            }
        }
    }
    assert!(seen.len() >= 12, "{seen:?}");
}

#[test]
fn the_format_example_is_never_paid() {
    // Inputs over "abc" of length 3, reversed once: about 1 in 27 would give "abc" after
    // step 1, the first line of the trace-mode format example.
    let k = StringComposeKnobs {
        depth: 1,
        min_len: 3,
        max_len: 3,
        alphabet: "abc".into(),
        functions: vec!["reverse".into()],
        worked_example: false,
        trace: true,
        ..StringComposeKnobs::default()
    };
    for i in 0..300 {
        let p = StringCompose::generate(&k, &mut ItemRng::from_u64(i))
            .unwrap()
            .puzzle;
        let prompt = StringCompose::prompt(&p);
        let example = crate::answer::extract_tagged(&prompt, "<answer>", "</answer>").unwrap();
        assert_eq!(example.trim(), "1: abc");
        assert_ne!(p.s, "cba");
        assert!(grade_text(&p, example).is_some_and(|g| g == Grade::WRONG));
    }
    let chain = |strings: &[&str]| -> Vec<Vec<u8>> {
        strings.iter().map(|s| s.as_bytes().to_vec()).collect()
    };
    assert!(example_pays(&chain(&["xy", "qq", "aBc3d"]), false));
    assert!(!example_pays(&chain(&["xy", "aBc3d", "qq"]), false));
    assert!(example_pays(&chain(&["cba", "abc", "qq"]), true));
    assert!(!example_pays(&chain(&["abc", "cba"]), true));
}

#[test]
fn prompt_lists_each_used_definition_once() {
    let mut puzzle = puzzle(false);
    puzzle.p.push(k(Func::Caesar, 4));
    let prompt = StringCompose::prompt(&puzzle);
    assert_eq!(prompt.matches("- caesar(k) ").count(), 1);
    assert!(prompt.contains("4. caesar(k=4)\n"));
    assert!(prompt.contains("Example: caesar(k=3) turns \"xyZ9ab\" into \"abC9de\"."));
    assert!(prompt.ends_with("<answer>aBc3d</answer>."));
}

fn load_error(json: &str) -> String {
    StringCompose::load_puzzle(json).unwrap_err()
}

fn steps_json(step: &str, count: usize) -> String {
    vec![step; count].join(",")
}

#[test]
fn hostile_payloads_are_rejected_naming_the_field() {
    // Forty doublings of "ab" would need 2^41 bytes; the step count alone is over the bound.
    let doubled = format!(
        r#"{{"s":"ab","p":[{}]}}"#,
        steps_json(r#"{"f":"double"}"#, 40)
    );
    assert!(load_error(&doubled).starts_with("field p:"));
    // Within the step bound, the chain's growth is caught at the step that overflows.
    let doubled = format!(
        r#"{{"s":"ab","p":[{}]}}"#,
        steps_json(r#"{"f":"double"}"#, 20)
    );
    let err = load_error(&doubled);
    assert!(err.contains("after step 9 has 1024 characters"), "{err}");
    // A 1 MB input with 100,000 reversals.
    let long = format!(
        r#"{{"s":"{}","p":[{}]}}"#,
        "a".repeat(1 << 20),
        steps_json(r#"{"f":"reverse"}"#, 100_000)
    );
    assert!(load_error(&long).starts_with("field s:"));
    let cases = [
        (r#"{"s":"ab","p":[]}"#, "field p:"),
        (r#"{"s":"aé","p":[{"f":"reverse"}]}"#, "field s:"),
        (r#"{"s":"a b","p":[{"f":"reverse"}]}"#, "field s:"),
        (
            r#"{"s":"ab","p":[{"f":"caesar","k":4294967295}]}"#,
            "field p[0]: k",
        ),
        (
            r#"{"s":"ab","p":[{"f":"rotate_left","k":0}]}"#,
            "field p[0]: k",
        ),
        (
            r#"{"s":"ab","p":[{"f":"caesar"}]}"#,
            "field p[0]: caesar needs",
        ),
        (
            r#"{"s":"ab","p":[{"f":"reverse","k":2}]}"#,
            "field p[0]: reverse takes",
        ),
        (
            r#"{"s":"ab","p":[{"f":"replace","a":"a"}]}"#,
            "field p[0]: replace needs",
        ),
        (
            r#"{"s":"ab","p":[{"f":"reverse"},{"f":"remove","a":"é"}]}"#,
            "field p[1]: a:",
        ),
        (r#"{"s":"ab","p":[{"f":"nope"}]}"#, "unknown variant"),
    ];
    for (json, field) in cases {
        let err = load_error(json);
        assert!(
            err.starts_with(field) || err.contains(field),
            "{json}: {err}"
        );
    }
    // Through the payload reader, the error is a typed payload error, not an abort.
    let payload = format!(
        r#"{{"task":"string_compose","version":{},"puzzle":{{"s":"ab","p":[{}]}},"answer":"x"}}"#,
        StringCompose::VERSION,
        steps_json(r#"{"f":"double"}"#, 40)
    );
    assert!(crate::Payload::parse(&payload).is_err());
}

#[test]
fn every_generated_puzzle_loads_and_a_maximal_one_verifies_quickly() {
    use crate::kit::timing::cpu_seconds_per_item;
    for level in 1..=10 {
        for puzzle in crate::exploits::level_puzzles::<StringCompose>(level, 20) {
            let json = serde_json::to_string(&puzzle).unwrap();
            StringCompose::load_puzzle(&json).unwrap();
        }
    }
    // The largest legal payload: 512 characters through 32 steps that keep the length.
    let input: String = (0..super::payload::MAX_STRING_LEN)
        .map(|i| char::from(b"aZ3q"[i % 4]))
        .collect();
    let step_list = [
        r#"{"f":"sort"}"#,
        r#"{"f":"caesar","k":7}"#,
        r#"{"f":"interleave_halves"}"#,
        r#"{"f":"reverse"}"#,
    ];
    let steps: Vec<&str> = (0..super::payload::MAX_STEPS)
        .map(|i| step_list[i % 4])
        .collect();
    let json = format!(r#"{{"s":"{input}","p":[{}],"t":true}}"#, steps.join(","));
    let puzzle = StringCompose::load_puzzle(&json).unwrap();
    let answer = StringCompose::solve(&puzzle);
    let text = StringCompose::render_answer(&puzzle, &answer);
    let seconds = cpu_seconds_per_item(20, 1, || {
        let parsed = StringCompose::parse_answer(&puzzle, &text).unwrap();
        assert_eq!(StringCompose::grade(&puzzle, &parsed), Grade::CORRECT);
    });
    assert!(seconds < 0.005, "{seconds} s per verify");
}

/// Duplicate prompts per level in 20,000 items (the bar is 1%):
/// `cargo test -p synlogic-core --lib string_compose::tests::duplicate_prompts -- --ignored --nocapture`.
#[test]
#[ignore = "prints a report"]
fn duplicate_prompts_per_level() {
    for level in 1..=10 {
        let generator =
            crate::Generator::new("string_compose", Some(level), &serde_json::Value::Null).unwrap();
        let n = 20_000u64;
        let prompts: std::collections::HashSet<String> = generator
            .batch(1, 0, n)
            .unwrap()
            .into_iter()
            .map(|item| item.prompt)
            .collect();
        let rate = 100.0 * (n - prompts.len() as u64) as f64 / n as f64;
        println!("string_compose level {level}: {rate:.2}% duplicate prompts in {n} items");
    }
}
