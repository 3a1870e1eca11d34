use std::collections::{HashMap, HashSet};

use super::model::{count_exhaustive, search, Claim};
use super::*;
use crate::exploits::grade_text;

fn level_knobs(level: usize) -> SelfReferenceKnobs {
    let entry = crate::catalogue::catalogue()
        .and_then(|c| c.entry(SelfReference::ID))
        .expect("catalogue entry");
    serde_json::from_value(serde_json::Value::Object(entry.levels[level - 1].clone()))
        .expect("level knobs")
}

fn generated(level: usize, n: u64) -> Vec<Generated<SelfReferencePuzzle>> {
    let knobs = level_knobs(level);
    (0..n)
        .map(|i| {
            let mut rng = ItemRng::for_item("self-reference-tests", level as u64, i);
            SelfReference::generate(&knobs, &mut rng).expect("generates")
        })
        .collect()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// 1: "Exactly 2 of these statements are true." 2: "Statement 1 is false."
/// 3: "Statements 1 and 2 are both true or both false." Only F T F is consistent.
fn small() -> Vec<Claim> {
    vec![
        Claim::ExactlyTrue { k: 2 },
        Claim::Is { j: 0, value: false },
        Claim::Same {
            a: 0,
            b: 1,
            same: true,
        },
    ]
}

#[test]
fn a_small_list_solves_by_hand() {
    // If 1 were true, 2 would be false and 3 false (1 and 2 differ): one true, not two. So 1
    // is false, 2 is true, and 3 ("1 and 2 alike") is false: one true statement, and 1's
    // "exactly 2" is indeed false.
    let puzzle = SelfReferencePuzzle::new(small()).expect("valid puzzle");
    assert_eq!(puzzle.solution, 0b010);
    assert_eq!(SelfReference::count_solutions(&puzzle, 5), Some(1));
    assert_eq!(
        SelfReference::render_answer(&puzzle, &puzzle.solution),
        "Statement 1: false\nStatement 2: true\nStatement 3: false"
    );
    assert!(SelfReference::prompt(&puzzle)
        .contains("Statement 3: Statements 1 and 2 are both true or both false."));
}

#[test]
fn claims_evaluate_as_worded() {
    let n = 5;
    let mask = 0b01101; // statements 1, 3, 4 true
    let holds = |c: Claim| c.eval(mask, n);
    assert!(holds(Claim::ExactlyTrue { k: 3 }));
    assert!(holds(Claim::ExactlyFalse { k: 2 }));
    assert!(holds(Claim::AtLeastTrue { k: 3 }) && !holds(Claim::AtLeastTrue { k: 4 }));
    assert!(holds(Claim::AtMostTrue { k: 3 }) && !holds(Claim::AtMostTrue { k: 2 }));
    assert!(holds(Claim::Is { j: 2, value: true }) && holds(Claim::Is { j: 1, value: false }));
    assert!(holds(Claim::Same {
        a: 2,
        b: 3,
        same: true
    }));
    assert!(holds(Claim::Same {
        a: 1,
        b: 2,
        same: false
    }));
    assert!(
        holds(Claim::Pair {
            a: 1,
            b: 2,
            any: true
        }) && !holds(Claim::Pair {
            a: 1,
            b: 2,
            any: false
        })
    );
    assert!(holds(Claim::Parity { even: false }));
    assert!(holds(Claim::FirstTrue { j: 0 }) && !holds(Claim::FirstTrue { j: 2 }));
    assert!(!Claim::FirstTrue { j: 0 }.eval(0, n));
}

#[test]
fn bad_lists_are_rejected_with_the_field_named() {
    let cases: Vec<(Vec<Claim>, &str)> = vec![
        (vec![Claim::ExactlyTrue { k: 1 }], "between 2"),
        (vec![Claim::ExactlyTrue { k: 1 }; 17], "between 2"),
        (
            vec![Claim::Is { j: 0, value: true }, Claim::ExactlyTrue { k: 1 }],
            "itself",
        ),
        (
            vec![Claim::Is { j: 5, value: true }, Claim::ExactlyTrue { k: 1 }],
            "not in the list",
        ),
        (
            vec![Claim::ExactlyTrue { k: 3 }, Claim::ExactlyTrue { k: 1 }],
            "count above",
        ),
        (
            vec![
                Claim::ExactlyTrue { k: 1 },
                Claim::ExactlyTrue { k: 1 },
                Claim::Pair {
                    a: 1,
                    b: 0,
                    any: true,
                },
            ],
            "in order",
        ),
        // "Statement 2 is false", "statement 1 is true": a paradox, nothing is consistent.
        (
            vec![
                Claim::Is { j: 1, value: false },
                Claim::Is { j: 0, value: true },
            ],
            "no assignment",
        ),
        (
            vec![
                Claim::Is { j: 1, value: true },
                Claim::Is { j: 0, value: true },
            ],
            "more than one",
        ),
    ];
    for (claims, needle) in cases {
        let err = SelfReferencePuzzle::new(claims.clone()).unwrap_err();
        assert!(err.contains(needle), "{claims:?}: {err}");
    }
}

#[test]
fn both_solvers_agree_on_generated_puzzles() {
    for level in 1..=10 {
        for g in generated(level, 60) {
            let puzzle = &g.puzzle;
            assert_eq!(count_exhaustive(puzzle, 10), (1, Some(puzzle.solution)));
            assert_eq!(search(puzzle, 10).0, 1);
            assert!(puzzle.consistent(puzzle.solution));
        }
    }
}

#[test]
fn payload_round_trips_and_rejects_garbage() {
    let g = &generated(5, 1)[0];
    let json = serde_json::to_string(&g.puzzle).unwrap();
    let back = SelfReference::load_puzzle(&json).unwrap();
    assert_eq!(back.claims, g.puzzle.claims);
    assert_eq!(back.solution, g.puzzle.solution);
    for bad in [
        r#"{"claims": []}"#,
        r#"{"claims": [{"kind": "exactly_true", "k": 1}], "solution": 1}"#,
        r#"{"claims": [{"kind": "nonsense"}, {"kind": "parity", "even": true}]}"#,
        r#"{"claims": [{"kind": "is", "j": 300, "value": true}, {"kind": "parity", "even": true}]}"#,
    ] {
        assert!(SelfReference::load_puzzle(bad).is_err(), "{bad}");
    }
}

#[test]
fn parsing_is_lenient_on_form() {
    let puzzle = SelfReferencePuzzle::new(small()).unwrap();
    for text in [
        "Statement 1: false\nStatement 2: true\nStatement 3: false",
        "statement 3 is false, statement 1 is false, statement 2 is true",
        "S1 = F; S2 = T; S3 = F",
        "1: False | 2: TRUE | 3: f",
        "Statement no. 1: false\nStatement no. 2: true\nStatement no. 3: false",
        "false, true, false",
        "[false, true, false]",
        "FTF",
        "ftf",
        "```\nStatement 1: false\nStatement 2: true\nStatement 3: false\n```",
    ] {
        assert_eq!(format::parse(&puzzle, text), Ok(0b010), "{text}");
    }
}

#[test]
fn parsing_is_strict_on_content() {
    let puzzle = SelfReferencePuzzle::new(small()).unwrap();
    for text in [
        "",
        "Statement 1: false\nStatement 2: true",
        "Statement 1: false\nStatement 2: true\nStatement 3: false\nStatement 1: false",
        "Statement 1: false\nStatement 2: true\nStatement 3: false\nStatement 4: true",
        "Statement 1: false\nStatement 2: true\nStatement 3 is not true",
        "Statement 1: false\nStatement 2: true\nStatement 3: maybe",
        "Statement 1: false or true\nStatement 2: true\nStatement 3: false",
        "false, true",
        "false, true, false, true",
        "FT",
        "FTFT",
        "1 0 1",
        "Statement 1: 0\nStatement 2: 1\nStatement 3: 0",
    ] {
        assert!(format::parse(&puzzle, text).is_err(), "{text}");
    }
}

#[test]
fn exploits_and_wrong_answers_score_nothing_at_every_level() {
    for level in 1..=10 {
        for (i, g) in generated(level, 20).iter().enumerate() {
            let puzzle = &g.puzzle;
            for (name, text) in SelfReference::exploits(puzzle) {
                if let Some(grade) = grade_text::<SelfReference>(puzzle, &text) {
                    assert!(
                        !grade.correct && grade.credit == 0.0,
                        "level {level}: {name}\n{text}"
                    );
                }
            }
            let mut rng = ItemRng::from_u64(i as u64);
            for text in SelfReference::wrong_answers(puzzle, &mut rng) {
                if let Some(grade) = grade_text::<SelfReference>(puzzle, &text) {
                    assert!(!grade.correct, "{text}");
                }
            }
        }
    }
}

#[test]
fn fixed_guesses_earn_about_nothing_at_every_level() {
    for level in 1..=10 {
        let items = generated(level, 4000);
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for g in &items {
            *counts.entry(g.puzzle.solution).or_default() += 1;
        }
        let best = counts.values().copied().max().unwrap_or(0) as f64 / items.len() as f64;
        let all = (1u32 << items[0].puzzle.len()) - 1;
        let constant = items
            .iter()
            .filter(|g| g.puzzle.solution == 0 || g.puzzle.solution == all)
            .count();
        println!("level {level}: best fixed guess {best:.4}");
        assert!(best <= 0.03, "level {level}: {best}");
        assert_eq!(constant, 0);
    }
}

#[test]
fn difficulty_median_rises_strictly_by_level() {
    let medians: Vec<f64> = (1..=10)
        .map(|level| median(generated(level, 400).iter().map(|g| g.difficulty).collect()))
        .collect();
    assert!(medians.windows(2).all(|w| w[0] < w[1]), "{medians:?}");
}

#[test]
fn knobs_are_checked() {
    let with = |change: fn(&mut SelfReferenceKnobs)| {
        let mut knobs = SelfReferenceKnobs::default();
        change(&mut knobs);
        SelfReference::check_knobs(&knobs).map_err(|e| e.knob)
    };
    assert_eq!(with(|_| ()), Ok(()));
    assert_eq!(with(|k| k.statements = 5), Err("statements"));
    assert_eq!(with(|k| k.statements = 17), Err("statements"));
    assert_eq!(with(|k| k.kinds = vec![]), Err("kinds"));
    assert_eq!(with(|k| k.kinds = vec!["is".into()]), Err("kinds"));
    assert_eq!(
        with(|k| k.kinds = vec!["exactly_true".into(), "magic".into()]),
        Err("kinds")
    );
    assert_eq!(
        with(|k| k.kinds = vec!["exactly_true".into(), "exactly_true".into()]),
        Err("kinds")
    );
}

#[test]
fn extremes_generate() {
    for (statements, kinds) in [
        (6, vec!["exactly_true"]),
        (16, vec!["exactly_false", "parity", "first_true"]),
        (16, knobs::KINDS.to_vec()),
    ] {
        let knobs = SelfReferenceKnobs {
            statements,
            kinds: kinds.iter().map(ToString::to_string).collect(),
        };
        for i in 0..5 {
            let mut rng = ItemRng::for_item("extremes", u64::from(statements), i);
            let g = SelfReference::generate(&knobs, &mut rng).expect("generates");
            assert_eq!(count_exhaustive(&g.puzzle, 2).0, 1);
        }
    }
}

#[test]
#[ignore = "report"]
fn report_per_level() {
    use crate::kit::timing::cpu_seconds_per_item;
    for level in 1..=10 {
        let knobs = level_knobs(level);
        let per_item = cpu_seconds_per_item(1, 500, || {
            for i in 0..500 {
                let mut rng = ItemRng::for_item("rate", level as u64, i);
                std::hint::black_box(SelfReference::generate(&knobs, &mut rng).unwrap());
            }
        });
        let items: Vec<_> = (0..20_000u64)
            .map(|i| {
                let mut rng = ItemRng::for_item(SelfReference::ID, 0, i);
                SelfReference::generate(&knobs, &mut rng).unwrap()
            })
            .collect();
        let prompts: HashSet<String> = items
            .iter()
            .map(|g| SelfReference::prompt(&g.puzzle))
            .collect();
        let dup = 1.0 - prompts.len() as f64 / items.len() as f64;
        let med = median(items.iter().map(|g| g.difficulty).collect());
        println!(
            "level {level}: {:.0} items/s, difficulty median {med}, duplicates {:.3}%",
            1.0 / per_item,
            100.0 * dup
        );
    }
}
