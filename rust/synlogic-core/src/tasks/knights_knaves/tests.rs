//! Unit tests of the task: evaluators, solvers, payloads, parsing, grading, knobs.

use super::{
    KnightsKnaves, MAX_FORMULA_BYTES, MAX_FORMULA_NESTING, MAX_NAME_BYTES, MAX_OPERANDS, MAX_PEOPLE,
};
use crate::rng::ItemRng;
use crate::task::Grade;
use crate::task::Task;

use super::eval::{eval_kleene_lanes, eval_lanes, eval_partial, eval_scalar, CAN_FALSE, CAN_TRUE};
use super::format::parse_roles;
use super::formula::{write_formula, FormulaReader};
use super::generate::{constrain, full_space, named, Sampler};
use super::knobs::{KnightsKnavesKnobs, StatementType, ALL_TYPES};
use super::puzzle::{full_mask, keyword, members, KnightsKnavesPuzzle};
use super::solve::{count_exhaustive, Backtrack};
use super::statement::{compile, compile_toks, stack_need, tree, Expr, Op};
use super::words::NAMES;

fn puzzle_at(knobs: &KnightsKnavesKnobs, index: u64) -> KnightsKnavesPuzzle {
    let mut rng = ItemRng::for_item("knights_knaves_test", 1, index);
    KnightsKnaves::generate(knobs, &mut rng).unwrap().puzzle
}

/// Default knobs with the given sizes.
pub(super) fn knobs(people: u8, depth: u8, width: u8) -> KnightsKnavesKnobs {
    KnightsKnavesKnobs {
        people,
        depth,
        width,
        types: ALL_TYPES.to_vec(),
    }
}

#[test]
fn name_pool_is_large_distinct_and_clean() {
    assert!(NAMES.len() >= 200, "{}", NAMES.len());
    for (i, name) in NAMES.iter().enumerate() {
        assert!(name.bytes().all(|b| b.is_ascii_alphabetic()), "{name}");
        assert!(!keyword(name), "{name}");
        assert!(
            !NAMES[..i].iter().any(|o| o.eq_ignore_ascii_case(name)),
            "duplicate {name}"
        );
    }
}

#[test]
fn three_evaluators_agree() {
    let mut rng = ItemRng::from_u64(3);
    for people in [2usize, 5, 7, 9] {
        let full = full_space(people);
        let mut toks = Vec::new();
        for _ in 0..300 {
            let truth = rng.next_u64() as u32 & full_mask(people);
            let mut sampler = Sampler::new(&knobs(people as u8, 3, 4), people, truth);
            let speaker = rng.index(people);
            sampler.statement(&mut rng, speaker, &mut toks);
            let expr = tree(&toks);
            let mut ops = Vec::new();
            compile(&expr, &mut ops);
            let mut from_toks = Vec::new();
            compile_toks(&toks, &mut from_toks);
            assert_eq!(ops, from_toks);
            // What the sampler worked out while writing the statement.
            assert_eq!(sampler.value(), eval_scalar(&ops, truth));
            assert_eq!(sampler.used, named(&ops));
            let lits: Vec<u8> = ops
                .iter()
                .filter_map(|op| match *op {
                    Op::Lit { person, .. } => Some(person),
                    _ => None,
                })
                .collect();
            let distinct = lits.iter().fold(0u32, |acc, &p| acc | 1 << p).count_ones();
            assert_eq!(sampler.repeated, distinct as usize != lits.len());
            assert!(stack_need(&ops).is_some());
            // Formula round trip.
            let mut text = String::new();
            write_formula(&expr, &mut text);
            assert_eq!(FormulaReader::parse(&text, people).unwrap(), expr, "{text}");
            let mut out = vec![0u64; full.len()];
            constrain(&ops, speaker, &full, &mut out);
            for mask in 0..=full_mask(people) {
                let value = eval_scalar(&ops, mask);
                let word = mask as usize / 64;
                let lane = mask % 64;
                assert_eq!(eval_lanes(&ops, word) >> lane & 1 == 1, value, "{text}");
                let consistent = (mask >> speaker & 1 == 1) == value;
                assert_eq!(out[word] >> lane & 1 == 1, consistent);
                let all = full_mask(people);
                let exact = eval_partial(&ops, all, mask);
                assert_eq!(exact, if value { CAN_TRUE } else { CAN_FALSE });
                // Partial evaluation on a random sub-assignment must allow the value.
                let known = rng.next_u64() as u32 & all;
                assert!(eval_partial(&ops, known, mask) & exact != 0, "{text}");
                // The lane form on the prefix of the first `depth` people.
                let depth = rng.index(people + 1);
                let prefix = mask & full_mask(depth);
                let (t, f) = eval_kleene_lanes(&ops, depth, prefix as usize / 64);
                let lane = prefix % 64;
                let lanes = u8::from(t >> lane & 1 == 1) * CAN_TRUE
                    + u8::from(f >> lane & 1 == 1) * CAN_FALSE;
                assert_eq!(
                    lanes,
                    eval_partial(&ops, full_mask(depth), prefix),
                    "{text}"
                );
            }
            // Constraining a random subset (sparse and dense words alike).
            let density = rng.index(64) as u32;
            let within: Vec<u64> = full
                .iter()
                .map(|&w| {
                    let mut bits = 0u64;
                    for lane in 0..64 {
                        bits |= u64::from((rng.next_u64() % 64) as u32 <= density) << lane;
                    }
                    w & bits
                })
                .collect();
            let mut out = vec![0u64; full.len()];
            let total = constrain(&ops, speaker, &within, &mut out);
            let mut expected = 0;
            for mask in 0..=full_mask(people) {
                let (word, lane) = (mask as usize / 64, mask % 64);
                let keep = within[word] >> lane & 1 == 1
                    && (mask >> speaker & 1 == 1) == eval_scalar(&ops, mask);
                assert_eq!(out[word] >> lane & 1 == 1, keep, "{text}");
                expected += u64::from(keep);
            }
            assert_eq!(total, expected);
        }
    }
}

/// The depth-first search, unchanged: every node checks every assigned speaker.
fn reference_search(puzzle: &KnightsKnavesPuzzle, limit: u64) -> (u64, u64, Option<u32>) {
    fn visit(
        p: &KnightsKnavesPuzzle,
        limit: u64,
        assigned: usize,
        known: u32,
        value: u32,
        out: &mut (u64, u64, Option<u32>),
    ) {
        out.0 += 1;
        let feasible = members(known).all(|i| {
            let needed = if value >> i & 1 == 1 {
                CAN_TRUE
            } else {
                CAN_FALSE
            };
            eval_partial(p.program(usize::from(i)), known, value) & needed != 0
        });
        if !feasible {
            return;
        }
        if assigned == p.people() {
            out.1 += 1;
            out.2.get_or_insert(value);
            return;
        }
        let bit = 1u32 << assigned;
        for role in [bit, 0] {
            if out.1 >= limit {
                return;
            }
            visit(p, limit, assigned + 1, known | bit, value | role, out);
        }
    }
    let mut out = (0, 0, None);
    visit(puzzle, limit, 0, 0, 0, &mut out);
    out
}

#[test]
fn backtracking_shortcuts_count_like_the_plain_search() {
    // Random statements, so puzzles with any number of solutions.
    let mut rng = ItemRng::from_u64(17);
    let mut toks = Vec::new();
    for people in [2usize, 3, 5, 6, 7, 8, 10] {
        let mut sampler = Sampler::new(&knobs(people as u8, 2, 3), people, 0);
        for _ in 0..150 {
            let statements: Vec<Expr> = (0..people)
                .map(|speaker| {
                    sampler.statement(&mut rng, speaker, &mut toks);
                    tree(&toks)
                })
                .collect();
            let names = (0..people).map(|i| NAMES[i].to_string()).collect();
            let solution = rng.next_u64() as u32 & full_mask(people);
            let puzzle = KnightsKnavesPuzzle::new(names, statements, solution).unwrap();
            for limit in [1, 2, 5, u64::MAX] {
                let search = Backtrack::run(&puzzle, limit);
                let reference = reference_search(&puzzle, limit);
                assert_eq!((search.nodes, search.solutions, search.first), reference);
            }
        }
    }
}

#[test]
fn every_level_is_unique_by_both_solvers() {
    let levels = [
        (2, 1, 2),
        (3, 1, 2),
        (4, 2, 2),
        (5, 2, 3),
        (6, 2, 3),
        (8, 2, 3),
        (10, 3, 3),
        (12, 3, 4),
    ];
    for (people, depth, width) in levels {
        let k = knobs(people, depth, width);
        for index in 0..20 {
            let puzzle = puzzle_at(&k, index);
            assert_eq!(count_exhaustive(&puzzle, 5), 1);
            let search = Backtrack::run(&puzzle, 5);
            assert_eq!(search.solutions, 1);
            assert_eq!(search.first, Some(puzzle.solution));
        }
    }
}

#[test]
fn payload_round_trips_and_rejects_garbage() {
    let puzzle = puzzle_at(&KnightsKnavesKnobs::default(), 0);
    let json = serde_json::to_string(&puzzle).unwrap();
    let back: KnightsKnavesPuzzle = serde_json::from_str(&json).unwrap();
    assert_eq!(back.statements, puzzle.statements);
    assert_eq!(KnightsKnaves::prompt(&back), KnightsKnaves::prompt(&puzzle));
    for bad in [
        r#"{"names":["Al","Bo"],"says":["K1","K9"],"sol":"KK"}"#,
        r#"{"names":["Al","Al"],"says":["K1","K0"],"sol":"KK"}"#,
        r#"{"names":["Al","Bo"],"says":["&(K1)","K0"],"sol":"KK"}"#,
        r#"{"names":["Al","Bo"],"says":["E3K[0,1]","K0"],"sol":"KK"}"#,
        r#"{"names":["Al","Knight"],"says":["K1","K0"],"sol":"KK"}"#,
        r#"{"names":["Al","Bo"],"says":["!!!!!!!!!!!!!!!!!!!!K1","K0"],"sol":"KK"}"#,
    ] {
        assert!(
            serde_json::from_str::<KnightsKnavesPuzzle>(bad).is_err(),
            "{bad}"
        );
    }
}

fn three() -> KnightsKnavesPuzzle {
    // Alice: "Bob is a knave and I am a knave" → Alice knave; Bob: "Alice is a knave";
    // Carol: "Among Alice, Bob and me, at least one is a knave".
    let statements = vec![
        FormulaReader::parse("&(N1,N0)", 3).unwrap(),
        FormulaReader::parse("N0", 3).unwrap(),
        FormulaReader::parse("L1N[0,1]", 3).unwrap(),
    ];
    let names = ["Alice", "Bob", "Carol"].map(String::from).to_vec();
    let puzzle = KnightsKnavesPuzzle::new(names, statements, 0b110).unwrap();
    assert_eq!(count_exhaustive(&puzzle, 5), 1);
    assert!(puzzle.consistent(0b110));
    puzzle
}

#[test]
fn parsing_is_lenient_on_form() {
    let p = three();
    for text in [
        "Alice: knave\nBob: knight\nCarol: knight",
        "alice - Knave, BOB - knight; carol - KNIGHT",
        "Carol is a knight. Bob is a knight. Alice is a knave.",
        "- Alice: knave\n- Bob: knight\n- Carol: knight\n",
        "1. Alice: knave\n2. Bob: knight\n3. Carol: knight",
        "* **Alice**: knave\n* **Bob**: knight\n* **Carol**: knight",
        "Bob and Carol are knights; Alice is a knave",
        "Knights: Bob, Carol\nKnaves: Alice",
        "Knights: Bob, Carol. Knaves: Alice.",
        "Knights: Bob, Carol, Knaves: Alice",
        "Knights:\n- Bob\n- Carol\nKnaves:\n- Alice",
        "Alice: knave\nAlice: knave\nBob: knight\nCarol: knight",
        "Final answer: Alice is a knave, Bob is a knight and Carol is a knight",
        "• Alice: knave\n• Bob: knight\n• Carol: knight",
    ] {
        assert_eq!(parse_roles(&p, text), Ok(0b110), "{text}");
    }
    let all_knights = "Knights: Alice, Bob, Carol\nKnaves: none";
    assert_eq!(parse_roles(&p, all_knights), Ok(0b111));
}

#[test]
fn parsing_is_strict_on_content() {
    let p = three();
    for text in [
        "",
        "Alice: knave\nBob: knight",                            // missing
        "Alice: knave\nBob: knight\nCarol: knight\nDan: knave", // unknown name
        "Alice: knave\nBob: knight\nCarol: knight\nAlice: knight", // both roles
        "Alice: knave, knight\nBob: knight\nCarol: knight",
        "Alice is not a knight\nBob: knight\nCarol: knight", // negation
        "Alice: not knave\nBob: knight\nCarol: knight",
        "Alice: knave\nBob: knight\nCarol: knight, I know",
        "Alice: knave\nBob: knight\nCarol",
        "Alice: knave\nBob: knight\nCarol: knightly",
        "Alice: liar\nBob: knight\nCarol: knight",
        "Alice: knave\nBob: knight\nCarol: knight\nKnaves:",
        "Knights:\n- Bob\n- Carol: knight\nKnaves: Alice",
        "Alice: knave\nBob: knight\nCarol: knight or knave",
        "Alice: knave\nBob: knight\nCarol: knight (Alice is not)",
        "Alicé: knave\nBob: knight\nCarol: knight",
        "Alice: knave\nBob: knight\nCarol: ｋnight",
    ] {
        assert!(parse_roles(&p, text).is_err(), "{text:?} parsed");
    }
}

#[test]
fn constant_guesses_earn_nothing_and_random_guesses_little() {
    let k = KnightsKnavesKnobs::default();
    let mut rng = ItemRng::from_u64(11);
    let mut random_total = 0.0;
    let mut constant_total = [0.0; 2];
    let mut knight_fraction = 0.0;
    let trials = 400;
    for index in 0..trials {
        let p = puzzle_at(&k, 1000 + index);
        let all = full_mask(p.people());
        for (total, constant) in constant_total.iter_mut().zip([0, all]) {
            let grade = KnightsKnaves::grade(&p, &constant);
            // A constant guess scores only when it is the solution itself.
            assert_eq!(grade.correct, constant == p.solution);
            assert!(grade.correct || grade.credit == 0.0);
            *total += grade.credit;
        }
        let guess = rng.next_u64() as u32 & all;
        random_total += KnightsKnaves::grade(&p, &guess).credit;
        assert_eq!(KnightsKnaves::grade(&p, &p.solution), Grade::CORRECT);
        knight_fraction += f64::from(p.solution.count_ones()) / p.people() as f64;
    }
    for total in constant_total {
        let mean = total / trials as f64;
        assert!(mean < 0.05, "a constant guess averages {mean}");
    }
    let random_mean = random_total / trials as f64;
    assert!(random_mean < 0.15, "random guesses average {random_mean}");
    let knight_fraction = knight_fraction / trials as f64;
    assert!(
        (0.4..0.6).contains(&knight_fraction),
        "knights are {knight_fraction} of people on average"
    );
}

#[test]
fn exploits_never_score_and_fixed_patterns_earn_no_credit() {
    use crate::exploits::{grade_text, level_puzzles};
    let mut seen = std::collections::BTreeSet::new();
    for level in 1..=10 {
        for p in level_puzzles::<KnightsKnaves>(level, 40) {
            for (name, text) in KnightsKnaves::exploits(&p) {
                seen.insert(name);
                let Some(grade) = grade_text::<KnightsKnaves>(&p, &text) else {
                    continue;
                };
                assert!(!grade.correct, "level {level} {name}: {text}");
                // Constants and the other fixed patterns parse, and the gate gives them 0.
                // Everything else must not even parse.
                assert!(
                    name.starts_with("everyone a ")
                        || name.starts_with("alternating ")
                        || name.starts_with("first half "),
                    "level {level}: {name:?} parsed: {text:?}"
                );
                assert_eq!(grade.credit, 0.0, "level {level} {name}");
            }
        }
    }
    assert!(seen.len() >= 14, "{seen:?}");
}

#[test]
fn wrong_answers_are_wrong() {
    let k = KnightsKnavesKnobs::default();
    let mut rng = ItemRng::from_u64(5);
    for index in 0..50 {
        let p = puzzle_at(&k, index);
        for text in KnightsKnaves::wrong_answers(&p, &mut rng) {
            if let Ok(mask) = parse_roles(&p, &text) {
                assert!(KnightsKnaves::grade(&p, &mask).credit < 1.0);
            }
        }
        let right = KnightsKnaves::render_answer(&p, &KnightsKnaves::solve(&p));
        assert_eq!(parse_roles(&p, &right), Ok(p.solution));
    }
}

#[test]
fn knobs_are_checked() {
    let mut k = KnightsKnavesKnobs::default();
    assert!(KnightsKnaves::check_knobs(&k).is_ok());
    k.people = 21;
    assert_eq!(KnightsKnaves::check_knobs(&k).unwrap_err().knob, "people");
    k = KnightsKnavesKnobs {
        types: vec![StatementType::Not, StatementType::SelfReference],
        ..KnightsKnavesKnobs::default()
    };
    assert_eq!(KnightsKnaves::check_knobs(&k).unwrap_err().knob, "types");
    k.types = vec![StatementType::And, StatementType::And];
    assert_eq!(KnightsKnaves::check_knobs(&k).unwrap_err().knob, "types");
    k = KnightsKnavesKnobs {
        people: 2,
        types: vec![StatementType::Or],
        ..KnightsKnavesKnobs::default()
    };
    assert_eq!(KnightsKnaves::check_knobs(&k).unwrap_err().knob, "people");
    let parsed: KnightsKnavesKnobs =
        serde_json::from_str(r#"{"types":["if_then","at_least","same_kind"]}"#).unwrap();
    assert_eq!(parsed.types.len(), 3);
    assert!(serde_json::from_str::<KnightsKnavesKnobs>(r#"{"types":["xor"]}"#).is_err());
}

#[test]
fn restricted_type_sets_generate() {
    for types in [
        vec![StatementType::And],
        vec![StatementType::Or, StatementType::Not],
        vec![StatementType::Iff],
        vec![StatementType::SameKind],
        vec![StatementType::Exactly, StatementType::SelfReference],
        vec![StatementType::AtMost, StatementType::IfThen],
    ] {
        let k = KnightsKnavesKnobs {
            types: types.clone(),
            ..KnightsKnavesKnobs::default()
        };
        for index in 0..10 {
            let p = puzzle_at(&k, index);
            assert_eq!(count_exhaustive(&p, 3), 1, "{types:?}");
        }
    }
}

/// A payload for `names`, `says` and `sol` (written as JSON).
fn payload(names: &[&str], says: &[String], sol: &str) -> String {
    serde_json::json!({"names": names, "says": says, "sol": sol}).to_string()
}

#[test]
fn hostile_payloads_are_rejected_naming_the_field() {
    let two = ["Al", "Bo"];
    let ok = ["K1".to_string(), "K0".to_string()];
    let long_name = "A".repeat(MAX_NAME_BYTES + 1);
    let many_names: Vec<String> = (0..=MAX_PEOPLE)
        .map(|i| format!("N{}", "a".repeat(i)))
        .collect();
    let many: Vec<&str> = many_names.iter().map(String::as_str).collect();
    let long_or = format!("|({})", vec!["K1"; MAX_FORMULA_BYTES / 3].join(","));
    let wide_and = format!("&({})", ["K1"; MAX_OPERANDS + 1].join(","));
    let deep_not = format!("{}K1", "!".repeat(MAX_FORMULA_NESTING as usize + 1));
    let cases: Vec<(String, &str)> = vec![
        (payload(&many, &ok, "KK"), "names"),
        (payload(&["Al", &long_name], &ok, "KK"), "names[1]"),
        (payload(&["Al", "Al"], &ok, "KK"), "names[1]"),
        (payload(&["Al", "knave"], &ok, "KK"), "names[1]"),
        (payload(&two, &ok[..1], "KK"), "says"),
        (payload(&two, &ok, "KKN"), "sol"),
        (payload(&two, &ok, "KX"), "sol"),
        (payload(&two, &[ok[0].clone(), long_or], "KK"), "says[1]"),
        (payload(&two, &[ok[0].clone(), wide_and], "KK"), "says[1]"),
        (payload(&two, &[ok[0].clone(), deep_not], "KK"), "says[1]"),
        (
            payload(&two, &["E1K[0,1,1]".into(), ok[1].clone()], "KK"),
            "says[0]",
        ),
        (
            payload(&two, &["K9".into(), ok[1].clone()], "KK"),
            "says[0]",
        ),
        // Consistent would be all knights or all knaves; a wrong `sol` would skew partial credit.
        (payload(&two, &ok, "KN"), "sol"),
    ];
    for (json, field) in cases {
        let err = KnightsKnaves::load_puzzle(&json).unwrap_err();
        assert!(err.contains(&format!("{field}:")), "{field}: {err}");
    }
    assert!(KnightsKnaves::load_puzzle(&payload(&two, &ok, "KK")).is_ok());
}

/// A legal payload as large as the bounds allow: every statement a formula of close to
/// `MAX_FORMULA_BYTES` over counting claims, true for the all-knights solution.
fn maximal_payload() -> String {
    let names: Vec<&str> = NAMES[..MAX_PEOPLE].to_vec();
    let group = (0..MAX_PEOPLE)
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let atom = format!("L1K[{group}]");
    let says: Vec<String> = (0..MAX_PEOPLE)
        .map(|speaker| {
            // `|(K speaker, &(atom, …), …)`: as many atoms as fit the byte bound.
            let mut text = format!("|(K{speaker}");
            while text.len() + 3 + 4 * (atom.len() + 1) <= MAX_FORMULA_BYTES {
                text.push_str(",&(");
                text.push_str(&[atom.as_str(); 4].join(","));
                text.push(')');
            }
            text.push(')');
            text
        })
        .collect();
    payload(&names, &says, &"K".repeat(MAX_PEOPLE))
}

#[test]
fn a_maximal_payload_loads_and_verifies_quickly() {
    let json = maximal_payload();
    let mut puzzle = None;
    let load = crate::kit::timing::cpu_seconds_per_item(20, 1, || {
        puzzle = Some(KnightsKnaves::load_puzzle(&json).unwrap());
    });
    let puzzle = puzzle.unwrap();
    assert!(puzzle
        .says()
        .iter()
        .all(|s| s.len() > MAX_FORMULA_BYTES - 50));
    let wrong = full_mask(MAX_PEOPLE) ^ 1;
    let mut credit = 0.0;
    let grade = crate::kit::timing::cpu_seconds_per_item(200, 1, || {
        credit += KnightsKnaves::grade(&puzzle, &wrong).credit;
    });
    // Generous limits for an unoptimised build on a loaded machine.
    assert!(load < 0.005, "load {load} s");
    assert!(grade < 0.001, "grade {grade} s");
}

#[test]
fn largest_generated_payloads_fit_the_bounds() {
    for (people, items) in [(8, 200), (20, 12)] {
        for index in 0..items {
            let puzzle = puzzle_at(&knobs(people, 4, 6), index);
            let json = serde_json::to_string(&puzzle).unwrap();
            let back = KnightsKnaves::load_puzzle(&json).unwrap();
            assert_eq!(back.statements, puzzle.statements);
        }
    }
}
