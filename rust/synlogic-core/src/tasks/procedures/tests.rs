// The tests reach into every part of the task.
#![allow(clippy::wildcard_imports)]

use super::format::*;
use super::generate::*;
use super::parse::*;
use super::puzzle::*;
use super::semantics::*;
use super::*;
use crate::rng::ItemRng;

#[test]
fn line_splitting_and_trimming_match_std() {
    let pieces = [
        "a", " ", "\n", "\r\n", "\t", "\u{b}", "\u{a0}", "\u{3000}", "é", "Step 1:", "[1, 2]",
        "\u{85}", "x",
    ];
    let mut rng = ItemRng::from_u64(8);
    for _ in 0..5000 {
        let mut text = String::new();
        for _ in 0..rng.index(30) {
            text.push_str(pieces[rng.index(pieces.len())]);
        }
        let ours: Vec<&str> = split_lines(&text).map(trim).collect();
        let std: Vec<&str> = text.split('\n').map(str::trim).collect();
        assert_eq!(ours, std, "{text:?}");
        let lines: Vec<&str> = split_lines(&text)
            .map(trim)
            .filter(|l| !l.is_empty())
            .collect();
        let std_lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, std_lines, "{text:?}");
    }
}

fn spec(kind: Kind, start: &[i32], program: &[[i32; 3]]) -> Spec {
    Spec {
        k: kind,
        m: AnswerMode::Final,
        s: start.to_vec(),
        p: program.to_vec(),
        r: Vec::new(),
        n: 0,
        w: Vec::new(),
    }
}

fn rendered_trace(spec: &Spec) -> Vec<String> {
    let trace = simulate(spec, MAX_EXEC).unwrap();
    (0..trace.len())
        .map(|i| state_text(spec.k, trace.get(i)))
        .collect()
}

fn letters(text: &str) -> Vec<i32> {
    text.bytes().map(i32::from).collect()
}

fn rule(cond: Cond, x: &str, act: Act, y: &str) -> Rule {
    Rule {
        cond,
        x: x.into(),
        n: 0,
        act,
        y: y.into(),
    }
}

#[test]
fn string_rules_hand_example() {
    let mut s = spec(Kind::StringRules, &letters("abca"), &[]);
    s.r = vec![
        rule(Cond::Has, "ab", Act::Rep, "c"),
        rule(Cond::Pre, "c", Act::DropFirst, ""),
        rule(Cond::Else, "", Act::Append, "b"),
    ];
    s.n = 4;
    // abca -(1)-> cca -(2)-> ca -(2)-> a -(3)-> ab
    assert_eq!(rendered_trace(&s), ["abca", "cca", "ca", "a", "ab"]);
    let mut r = Rule {
        cond: Cond::Len,
        x: String::new(),
        n: 2,
        act: Act::Reverse,
        y: String::new(),
    };
    let mut state = letters("abc");
    string_step(&[Compiled::of(&r)], &mut state);
    assert_eq!(state, letters("cba"));
    r.n = 3;
    assert_eq!(string_step(&[Compiled::of(&r)], &mut state), None);
}

#[test]
fn list_ops_hand_example() {
    let s = spec(
        Kind::ListOps,
        &[3, 1, 2, 5],
        &[
            [L_SWAP, 1, 3],   // [2, 1, 3, 5]
            [L_ROTL, 1, 0],   // [1, 3, 5, 2]
            [L_BUBBLE, 0, 0], // [1, 3, 2, 5]
            [L_MOVE, 4, 1],   // [5, 1, 3, 2]
            [L_REV, 2, 4],    // [5, 2, 3, 1]
            [L_ORDER, 1, 2],  // [2, 5, 3, 1]
            [L_ORDER, 1, 3],  // unchanged
            [L_ROTR, 3, 0],   // [5, 3, 1, 2]
            [L_MOVE, 1, 3],   // [3, 1, 5, 2]
        ],
    );
    assert_eq!(
        rendered_trace(&s),
        [
            "[3, 1, 2, 5]",
            "[2, 1, 3, 5]",
            "[1, 3, 5, 2]",
            "[1, 3, 2, 5]",
            "[5, 1, 3, 2]",
            "[5, 2, 3, 1]",
            "[2, 5, 3, 1]",
            "[2, 5, 3, 1]",
            "[5, 3, 1, 2]",
            "[3, 1, 5, 2]",
        ]
    );
}

#[test]
fn doc_example_renders_as_documented() {
    let p = Puzzle::try_from(spec(
        Kind::ListOps,
        &[9, 2, 12, 5],
        &[[L_SWAP, 1, 4], [L_ROTL, 1, 0], [L_ORDER, 2, 3]],
    ))
    .unwrap();
    let doc: Vec<&str> = include_str!("mod.rs")
        .lines()
        .skip_while(|l| !l.starts_with("//! ```text"))
        .skip(1)
        .take_while(|l| !l.starts_with("//! ```"))
        .map(|l| l.strip_prefix("//! ").unwrap_or(""))
        .collect();
    let prompt = Procedures::prompt(&p);
    let rendered: Vec<&str> = prompt.lines().collect();
    assert_eq!(rendered, doc);
    assert_eq!(
        Procedures::render_answer(&p, &Procedures::solve(&p)),
        "[2, 9, 12, 5]"
    );
}

#[test]
fn stack_machine_hand_example() {
    let s = spec(
        Kind::StackMachine,
        &[2, 5],
        &[
            [S_PUSH, 3, 0], // [2, 5, 3]
            [S_ROT, 0, 0],  // [5, 3, 2]
            [S_ADD, 0, 0],  // [5, 5]
            [S_SUB, 0, 0],  // [0]
            [S_PUSH, 4, 0], // [0, 4]
            [S_OVER, 0, 0], // [0, 4, 0]
            [S_SWAP, 0, 0], // [0, 0, 4]
            [S_DUP, 0, 0],  // [0, 0, 4, 4]
            [S_MUL, 0, 0],  // [0, 0, 16]
            [S_POP, 0, 0],  // [0, 0]
        ],
    );
    assert_eq!(
        rendered_trace(&s),
        [
            "[2, 5]",
            "[2, 5, 3]",
            "[5, 3, 2]",
            "[5, 5]",
            "[0]",
            "[0, 4]",
            "[0, 4, 0]",
            "[0, 0, 4]",
            "[0, 0, 4, 4]",
            "[0, 0, 16]",
            "[0, 0]",
        ]
    );
    let mut v = vec![1];
    assert!(stack_apply([S_ADD, 0, 0], &mut v, 99).is_err());
}

#[test]
fn register_machine_hand_example() {
    // B += A while counting A down: 1. ADD B A  2. DEC A  3. JNZ A 1
    let s = spec(
        Kind::RegisterMachine,
        &[2, 0],
        &[[R_ADD, 1, 0], [R_DEC, 0, 0], [R_JNZ, 0, 1]],
    );
    assert_eq!(
        rendered_trace(&s),
        ["A=2, B=0", "A=2, B=2", "A=1, B=2", "A=1, B=2", "A=1, B=3", "A=0, B=3", "A=0, B=3",]
    );
    // A while loop that exits through a jump past the end.
    let s = spec(
        Kind::RegisterMachine,
        &[1, 5],
        &[[R_JZ, 0, 5], [R_DEC, 0, 0], [R_INC, 1, 0], [R_JMP, 1, 0]],
    );
    assert_eq!(rendered_trace(&s).last().unwrap(), "A=0, B=6");
    assert_eq!(rendered_trace(&s).len(), 6);
    // An endless loop is cut off by the budget.
    let s = spec(Kind::RegisterMachine, &[0, 0], &[[R_JMP, 1, 0]]);
    assert!(simulate(&s, 100).is_err());
}

#[test]
fn grid_walk_hand_example() {
    let mut s = spec(
        Kind::GridWalk,
        &[1, 1],
        &[
            [3, 0, 0],
            [1, 0, 0],
            [3, 0, 0],
            [1, 0, 0],
            [2, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
        ],
    );
    s.w = vec!["...".into(), ".#.".into(), "...".into()];
    // R, D (wall), R, D, L (wall), U, U (edge)
    assert_eq!(
        rendered_trace(&s),
        ["(1, 1)", "(1, 2)", "(1, 2)", "(1, 3)", "(2, 3)", "(2, 3)", "(1, 3)", "(1, 3)"]
    );
}

fn knobs(kind: Kind, steps: u32, size: u32, mode: AnswerMode) -> ProceduresKnobs {
    ProceduresKnobs {
        steps,
        state_size: size,
        kinds: vec![kind],
        answer_mode: mode,
    }
}

fn sample(knobs: &ProceduresKnobs, index: u64) -> Puzzle {
    let mut rng = ItemRng::for_item("procedures-test", 1, index);
    Procedures::generate(knobs, &mut rng).unwrap().puzzle
}

#[test]
fn no_item_is_degenerate() {
    for kind in Kind::ALL {
        for (steps, size) in [
            (1, 3),
            (1, 10),
            (3, 3),
            (12, 4),
            (30, 6),
            (55, 8),
            (100, 3),
            (100, 10),
        ] {
            for index in 0..150 {
                let p = sample(&knobs(kind, steps, size, AnswerMode::Final), index);
                assert_ne!(p.trace.get(0), p.trace.last(), "{kind:?} {steps} {index}");
                assert!(p.changes >= 1);
                if kind != Kind::RegisterMachine {
                    assert_eq!(p.steps(), steps as usize);
                }
            }
        }
    }
}

#[test]
fn the_whole_knob_range_generates() {
    for kind in Kind::ALL {
        for steps in (1..=100).step_by(9).chain([2, 100]) {
            for size in 3..=10 {
                for index in 0..8 {
                    let mut rng = ItemRng::for_item("procedures-range", u64::from(steps), index);
                    let knobs = knobs(kind, steps, size, AnswerMode::Trace);
                    assert!(
                        Procedures::generate(&knobs, &mut rng).is_ok(),
                        "{kind:?} steps {steps} size {size}"
                    );
                }
            }
        }
    }
}

#[test]
fn register_machine_halts_within_budget() {
    for steps in [1, 3, 5, 8, 12, 20, 34, 55, 100] {
        let (lo, hi) = register_bounds(steps as usize);
        for index in 0..300 {
            let p = sample(
                &knobs(
                    Kind::RegisterMachine,
                    steps,
                    3 + (index % 8) as u32,
                    AnswerMode::Final,
                ),
                index,
            );
            let trace = simulate(&p.spec, hi).expect("halts within budget");
            let executed = trace.len() - 1;
            assert!((lo..=hi).contains(&executed), "{steps}: {executed}");
            assert!(trace.data.iter().all(|&v| (0..=REGISTER_CAP).contains(&v)));
        }
    }
}

#[test]
fn payload_round_trip_recomputes_the_trace() {
    for kind in Kind::ALL {
        let p = sample(&knobs(kind, 10, 5, AnswerMode::Trace), 3);
        let json = serde_json::to_string(&p).unwrap();
        let back: Puzzle = serde_json::from_str(&json).unwrap();
        assert_eq!(back.trace, p.trace);
        assert_eq!(Procedures::prompt(&back), Procedures::prompt(&p));
    }
    assert!(serde_json::from_str::<Puzzle>(
        r#"{"k":"list_ops","m":"final","s":[1,2],"p":[[0,1,9]]}"#
    )
    .is_err());
    assert!(serde_json::from_str::<Puzzle>(
        r#"{"k":"register_machine","m":"final","s":[0],"p":[[6,1,0]]}"#
    )
    .is_err());
}

fn grade_text(p: &Puzzle, text: &str) -> Option<Grade> {
    Procedures::parse_answer(p, text)
        .ok()
        .map(|a| Procedures::grade(p, &a))
}

fn list_puzzle(mode: AnswerMode) -> Puzzle {
    let mut s = spec(
        Kind::ListOps,
        &[3, 1, 2],
        &[
            [L_SWAP, 1, 2],
            [L_ORDER, 1, 2],
            [L_ROTL, 1, 0],
            [L_SWAP, 1, 3],
        ],
    );
    s.m = mode;
    Puzzle::try_from(s).unwrap()
}

#[test]
fn parsing_is_lenient_on_form_and_strict_on_content() {
    // [3,1,2] -> [1,3,2] -> [1,3,2] -> [3,2,1] -> [1,2,3]
    let p = list_puzzle(AnswerMode::Final);
    for text in [
        "[1, 2, 3]",
        " 1,2,3 ",
        "(1 2 3)",
        "Step 4: [1,2,3]",
        "\n[1, 2, 3]\n",
    ] {
        assert_eq!(grade_text(&p, text), Some(Grade::CORRECT), "{text:?}");
    }
    for text in ["[1, 2]", "[1, 2, 3, 4]", "[1, 2, 4]", "[3, 1, 2]"] {
        assert_eq!(grade_text(&p, text), Some(Grade::WRONG), "{text:?}");
    }
    for text in [
        "[1, 2, ３]",
        "[1, 2, 3e0]",
        "[0x1, 2, 3]",
        "[1, 2, 3]\n[1, 2, 3]",
        "[1, 2, 3",
        "",
        "[1,,2,3]",
    ] {
        assert_eq!(grade_text(&p, text), None, "{text:?}");
    }

    let mut s = spec(
        Kind::RegisterMachine,
        &[2, 0],
        &[[R_ADD, 1, 0], [R_DEC, 0, 0]],
    );
    s.m = AnswerMode::Final;
    let p = Puzzle::try_from(s).unwrap();
    for text in ["A=1, B=2", "b = 2; a = 1", "{A: 1, B: 2}"] {
        assert_eq!(grade_text(&p, text), Some(Grade::CORRECT), "{text:?}");
    }
    assert_eq!(grade_text(&p, "A=1"), Some(Grade::WRONG));
    assert_eq!(grade_text(&p, "A=1, B=2, A=1"), None);
    assert_eq!(grade_text(&p, "A=1, B=2, C=0"), None);
    assert_eq!(grade_text(&p, "A=1, B=٢"), None);

    let mut s = spec(Kind::StringRules, &letters("ab"), &[]);
    s.r = vec![rule(Cond::Else, "", Act::Append, "c")];
    s.n = 1;
    let p = Puzzle::try_from(s).unwrap();
    for text in ["abc", "\"ABC\"", "a b c"] {
        assert_eq!(grade_text(&p, text), Some(Grade::CORRECT), "{text:?}");
    }
    assert_eq!(grade_text(&p, "abcc"), Some(Grade::WRONG));
    assert_eq!(grade_text(&p, "ab1"), None);
}

#[test]
fn trace_mode_prefix_credit_is_gated() {
    // Steps: [1,3,2], [1,3,2] (no change), [3,2,1], [1,2,3]: 3 changing steps.
    let p = list_puzzle(AnswerMode::Trace);
    let oracle = Procedures::render_answer(&p, &Procedures::solve(&p));
    assert_eq!(
        oracle,
        "Step 1: [1, 3, 2]\nStep 2: [1, 3, 2]\nStep 3: [3, 2, 1]\nStep 4: [1, 2, 3]"
    );
    assert_eq!(grade_text(&p, &oracle), Some(Grade::CORRECT));
    let unlabeled = "[1, 3, 2]\n[1, 3, 2]\n[3, 2, 1]\n[1, 2, 3]";
    assert_eq!(grade_text(&p, unlabeled), Some(Grade::CORRECT));
    let with_zero = format!("Step 0: [3, 1, 2]\n{oracle}");
    assert_eq!(grade_text(&p, &with_zero), Some(Grade::CORRECT));
    assert_eq!(grade_text(&p, "Step 2: [1, 3, 2]"), None);
    // Two of three changing steps right, then a wrong one.
    let g = grade_text(&p, "[1, 3, 2]\n[1, 3, 2]\n[3, 2, 1]\n[2, 1, 3]").unwrap();
    assert!(!g.correct && (g.credit - 2.0 / 3.0).abs() < 1e-9);
    // Extra lines dilute the credit.
    let g = grade_text(
        &p,
        &format!("{unlabeled}\n[1, 2, 3]\n[1, 2, 3]\n[1, 2, 3]\n[1, 2, 3]"),
    )
    .unwrap();
    assert!(!g.correct && (g.credit - 0.5).abs() < 1e-9);
    // Copying the initial state earns nothing.
    let g = grade_text(&p, "[3, 1, 2]\n[3, 1, 2]\n[3, 1, 2]\n[3, 1, 2]").unwrap();
    assert_eq!(g.credit, 0.0);
    for wrong in Procedures::wrong_answers(&p, &mut ItemRng::from_u64(1)) {
        let g = grade_text(&p, &wrong).unwrap_or(Grade::WRONG);
        assert!(!g.correct && g.credit < 1.0, "{wrong}");
    }
}

#[test]
fn exploits_never_score_and_earn_about_no_partial_credit() {
    use crate::exploits::{grade_text, level_puzzles};
    let mut puzzles: Vec<Puzzle> = Vec::new();
    for level in 1..=10 {
        puzzles.extend(level_puzzles::<Procedures>(level, 40));
    }
    for kind in Kind::ALL {
        for steps in [1, 2, 6, 20] {
            let k = knobs(kind, steps, 4, AnswerMode::Trace);
            puzzles.extend((0..20).map(|i| sample(&k, i)));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut blind = std::collections::BTreeMap::new();
    for p in &puzzles {
        for (name, text) in Procedures::exploits(p) {
            seen.insert(name);
            let Some(grade) = grade_text::<Procedures>(p, &text) else {
                continue;
            };
            assert!(!grade.correct, "{name}: {text}");
            match name {
                // Constant traces can match at most the one step that enters the
                // constant: a little credit now and then, about 0 on average.
                "the same value on every line"
                | "the final state on every line"
                | "only the final state"
                | "the states in reverse order" => {
                    let entry = blind.entry(name).or_insert((0.0, 0u32));
                    entry.0 += grade.credit;
                    entry.1 += 1;
                }
                _ => assert_eq!(grade.credit, 0.0, "{name}: {text}"),
            }
        }
    }
    for (name, (total, count)) in blind {
        let mean = total / f64::from(count);
        assert!(mean < 0.05, "{name}: mean partial credit {mean}");
    }
    assert!(seen.len() >= 12, "{seen:?}");
}

#[test]
fn the_format_example_is_never_paid() {
    // A 3x3 grid walk ends on the example's (1, 2) about once in nine walks.
    for mode in [AnswerMode::Final, AnswerMode::Trace] {
        let k = knobs(Kind::GridWalk, 3, 3, mode);
        for i in 0..300 {
            let p = sample(&k, i);
            assert!(!example_pays(&p.spec, &p.trace));
            let prompt = Procedures::prompt(&p);
            let example = crate::answer::extract_tagged(&prompt, "<answer>", "</answer>").unwrap();
            let grade = grade_text(&p, example).unwrap_or(Grade::WRONG);
            assert_eq!(grade, Grade::WRONG, "{example}");
        }
    }
}

#[test]
fn trace_mode_items_self_verify_at_every_level() {
    let exact = crate::VerifyOptions::default();
    let partial = crate::VerifyOptions::new(Some("answer"), true);
    let overrides = serde_json::json!({"answer_mode": "trace"});
    for level in 1..=10 {
        let generator = crate::Generator::new("procedures", Some(level), &overrides).unwrap();
        for item in generator.batch(4, 0, 60).unwrap() {
            let payload = crate::Payload::parse(&item.verification).unwrap();
            assert_eq!(payload.puzzle().prompt(), item.prompt);
            let verdict = payload.verify(&format!("<answer>{}</answer>", item.answer), &exact);
            assert!(verdict.correct, "{}", item.answer);
            let mut rng = ItemRng::from_u64(item.index);
            for wrong in payload.puzzle().wrong_answers(&mut rng) {
                for options in [&exact, &partial] {
                    let v = payload.verify(&format!("<answer>{wrong}</answer>"), options);
                    assert!(!v.correct && v.score < 1.0, "{wrong}");
                }
            }
        }
    }
}

#[test]
fn hostile_answers_do_not_panic() {
    for kind in Kind::ALL {
        for mode in [AnswerMode::Final, AnswerMode::Trace] {
            let p = sample(&knobs(kind, 8, 4, mode), 0);
            for text in [
                "",
                "step",
                "Step :",
                "Step 99999999999999999999: x",
                "[",
                "]",
                "(",
                "-",
                "--1",
                "A=",
                "=",
                "Z=1",
                "é=1",
                "💥",
                "a\u{0}",
                "[999999999999]",
                "Step 1: [1]\nStep 1: [1]",
                "1:",
                "A=-",
                "ab🙂",
            ] {
                if let Ok(a) = Procedures::parse_answer(&p, text) {
                    let g = Procedures::grade(&p, &a);
                    assert!((0.0..=1.0).contains(&g.credit));
                }
            }
        }
    }
}

fn load_error(json: &str) -> String {
    Procedures::load_puzzle(json).unwrap_err()
}

fn lines(line: &str, count: usize) -> String {
    vec![line; count].join(",")
}

#[test]
fn hostile_payloads_are_rejected_naming_the_field() {
    let list = |s: &str, p: &str| format!(r#"{{"k":"list_ops","m":"final","s":{s},"p":{p}}}"#);
    let many: Vec<String> = (1..=100).map(|i| i.to_string()).collect();
    let cases = [
        (list(&format!("[{}]", many.join(",")), "[[0,1,2]]"), "field s:"),
        (list("[1,2,3]", &format!("[{}]", lines("[0,1,2]", 10_000))), "field p:"),
        (list("[1,2,1000000000]", "[[0,1,2]]"), "field s:"),
        (list("[1,2,3]", "[]"), "field p:"),
        (
            format!(r#"{{"k":"stack_machine","m":"final","s":[1],"p":[{}]}}"#, lines("[2,0,0]", 100)),
            "field s: the state grows",
        ),
        (
            r#"{"k":"stack_machine","m":"final","s":[1],"p":[[0,1000000000,0]]}"#.into(),
            "field s or p:",
        ),
        (
            r#"{"k":"stack_machine","m":"final","s":[99,99],"p":[[7,0,0]]}"#.into(),
            "field p: line 1:",
        ),
        (
            r#"{"k":"string_rules","m":"final","s":[97],"r":[{"if":"else","do":"append","y":"a"}],"n":100}"#.into(),
            "field s: the state grows",
        ),
        (
            r#"{"k":"string_rules","m":"final","s":[97],"r":[{"if":"else","do":"reverse"}],"n":1000000}"#.into(),
            "field n:",
        ),
        (
            format!(
                r#"{{"k":"string_rules","m":"final","s":[97],"r":[{}],"n":3}}"#,
                lines(r#"{"if":"else","do":"reverse"}"#, 20)
            ),
            "field r:",
        ),
        (
            r#"{"k":"register_machine","m":"final","s":[0],"p":[[6,1,0]]}"#.into(),
            "field p: does not halt",
        ),
        (
            r#"{"k":"register_machine","m":"final","s":[5000],"p":[[0,0,0]]}"#.into(),
            "field s:",
        ),
        (
            // A = 1, then A += A eleven times: 2048 is past the cap.
            format!(r#"{{"k":"register_machine","m":"final","s":[1],"p":[{}]}}"#, lines("[2,0,0]", 11)),
            "field p: a register exceeds",
        ),
        (
            format!(
                r#"{{"k":"grid_walk","m":"final","s":[1,1],"p":[[3,0,0]],"w":[{}]}}"#,
                lines(&format!("\"{}\"", ".".repeat(40)), 40)
            ),
            "field w:",
        ),
    ];
    for (json, field) in &cases {
        let err = load_error(json);
        assert!(err.contains(field), "{json:.200}: {err}");
    }
}

#[test]
fn every_generated_puzzle_loads_and_a_maximal_one_verifies_quickly() {
    use crate::kit::timing::cpu_seconds_per_item;
    for seed in 1..=10 {
        for mode in [AnswerMode::Final, AnswerMode::Trace] {
            let knobs = ProceduresKnobs {
                answer_mode: mode,
                ..ProceduresKnobs::default()
            };
            for i in 0..40 {
                let mut rng = ItemRng::for_item("procedures_load", seed, i);
                let puzzle = Procedures::generate(&knobs, &mut rng).unwrap().puzzle;
                let json = serde_json::to_string(&puzzle).unwrap();
                Procedures::load_puzzle(&json).unwrap();
            }
        }
    }
    // The largest legal stack payload: 16 numbers, 128 lines, states of 17 numbers, traced.
    let start: Vec<String> = (0..16).map(|i| (i % 9 + 1).to_string()).collect();
    let json = format!(
        r#"{{"k":"stack_machine","m":"trace","s":[{}],"p":[{}]}}"#,
        start.join(","),
        lines("[2,0,0],[1,0,0]", 64)
    );
    let puzzle = Procedures::load_puzzle(&json).unwrap();
    let text = Procedures::render_answer(&puzzle, &Procedures::solve(&puzzle));
    let seconds = cpu_seconds_per_item(20, 1, || {
        let parsed = Procedures::parse_answer(&puzzle, &text).unwrap();
        assert_eq!(Procedures::grade(&puzzle, &parsed), Grade::CORRECT);
    });
    assert!(seconds < 0.005, "{seconds} s per verify");
}
