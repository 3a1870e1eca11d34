//! Generation: solvable puzzles within the knobs, every tree shape, the rising difficulty.

use serde_json::Value;

use super::{knobs, puzzle};
use crate::rng::ItemRng;
use crate::task::{Grade, Task};
use crate::tasks::countdown::arithmetic::Operator;
use crate::tasks::countdown::format::Token;
use crate::tasks::countdown::generate::example_solves;
use crate::tasks::countdown::knobs::{CountdownKnobs, MAX_VALUE};
use crate::tasks::countdown::solver::{run_solver, SOLVER_NODE_CAP};
use crate::tasks::countdown::Countdown;

/// Items that once exhausted a 200 x 12 tree budget (a regression test for the budget).
#[test]
fn rare_ten_number_items_generate() {
    let knobs = serde_json::json!({
        "count": 10, "min_value": 1, "max_value": 300, "min_target": 1000,
        "max_target": 10000, "use_all": true, "integer_intermediates": false,
    });
    let generator = crate::Generator::new("countdown", None, &knobs).unwrap();
    for index in [1384, 1485] {
        assert_eq!(generator.batch(3, index, 1).unwrap().len(), 1);
    }
}

#[test]
fn generated_puzzles_are_solvable_and_the_solver_agrees() {
    for (index, k) in [
        knobs(3, false, true),
        knobs(4, true, true),
        knobs(5, false, true),
        knobs(4, true, false),
        knobs(5, false, false),
        CountdownKnobs {
            operators: vec![Operator::Add, Operator::Mul],
            min_target: 10,
            max_target: 100,
            ..knobs(4, true, true)
        },
    ]
    .into_iter()
    .enumerate()
    {
        Countdown::check_knobs(&k).unwrap();
        for i in 0..40 {
            let mut rng = ItemRng::for_item("countdown-test", index as u64, i);
            let generated = Countdown::generate(&k, &mut rng).unwrap();
            let p = &generated.puzzle;
            assert_eq!(p.numbers.len(), k.count as usize);
            assert!(p
                .numbers
                .iter()
                .all(|v| (k.min_value..=k.max_value).contains(v)));
            assert!((k.min_target..=k.max_target).contains(&p.target));
            let oracle = Countdown::solve(p);
            assert_eq!(Countdown::render_answer(p, &oracle), p.solution);
            assert_eq!(Countdown::grade(p, &oracle), Grade::CORRECT);
            let report = run_solver(p, SOLVER_NODE_CAP);
            assert!(report.found || report.capped, "{p:?}: solver found nothing");
            assert_eq!(generated.difficulty, report.nodes as f64);
            assert_eq!(
                generated.metadata["solver_capped"],
                Value::from(report.capped)
            );
            if !p.use_all {
                assert!(!p.numbers.contains(&p.target));
            }
        }
    }
}

#[test]
fn solution_trees_of_every_shape_occur() {
    // The five shapes of a four-leaf tree, as postfix patterns (after re-reading the
    // rendered text: a + (b + c) reads back as (a + b) + c, so use - and / only).
    let k = CountdownKnobs {
        count: 4,
        use_all: true,
        integer_intermediates: false,
        operators: vec![Operator::Sub, Operator::Div],
        min_target: 1,
        max_target: 1000,
        ..CountdownKnobs::default()
    };
    let mut shapes = std::collections::BTreeSet::new();
    for i in 0..300 {
        let mut rng = ItemRng::for_item("countdown-shapes", 0, i);
        let Ok(generated) = Countdown::generate(&k, &mut rng) else {
            continue;
        };
        let oracle = Countdown::solve(&generated.puzzle);
        let shape: String = oracle
            .0
            .iter()
            .map(|t| {
                if matches!(t, Token::Number(_)) {
                    'n'
                } else {
                    'o'
                }
            })
            .collect();
        shapes.insert(shape);
    }
    let expected: std::collections::BTreeSet<String> = [
        "nnonono", "nnnoono", "nnonnoo", "nnnoono", "nnnonoo", "nnnnooo",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(shapes, expected);
}

#[test]
fn the_format_example_is_never_a_solution() {
    let p = puzzle(&[25, 5, 3, 7], 60, "+-*/", false);
    assert!(example_solves(&p), "(25 - 5) * 3 = 60");
    assert!(!example_solves(&puzzle(&[25, 5, 3, 7], 60, "+-*/", true)));
    // Ten numbers from 1-25, target pinned to 60, + - *: about 1 puzzle in 40 would be
    // solved by the format example "(25 - 5) * 3". The generator redraws those.
    let k = CountdownKnobs {
        count: 10,
        min_target: 60,
        max_target: 60,
        operators: vec![Operator::Add, Operator::Sub, Operator::Mul],
        ..CountdownKnobs::default()
    };
    let mut generated = 0;
    for i in 0..400 {
        let mut rng = ItemRng::for_item("countdown-example", 0, i);
        // A pinned target sometimes exhausts the attempt budget; that is not under test.
        let Ok(g) = Countdown::generate(&k, &mut rng) else {
            continue;
        };
        assert!(Countdown::prompt(&g.puzzle).contains("<answer>(25 - 5) * 3</answer>"));
        assert!(!example_solves(&g.puzzle), "{:?}", g.puzzle);
        generated += 1;
    }
    assert!(generated >= 350, "only {generated} puzzles generated");
}

#[test]
fn knobs_are_checked() {
    assert!(Countdown::check_knobs(&CountdownKnobs::default()).is_ok());
    let bad = [
        (
            "count",
            CountdownKnobs {
                count: 1,
                ..Default::default()
            },
        ),
        (
            "count",
            CountdownKnobs {
                count: 11,
                ..Default::default()
            },
        ),
        (
            "min_value",
            CountdownKnobs {
                min_value: 0,
                ..Default::default()
            },
        ),
        (
            "max_value",
            CountdownKnobs {
                min_value: 9,
                max_value: 8,
                ..Default::default()
            },
        ),
        (
            "max_value",
            CountdownKnobs {
                max_value: MAX_VALUE + 1,
                ..Default::default()
            },
        ),
        (
            "min_target",
            CountdownKnobs {
                min_target: 0,
                ..Default::default()
            },
        ),
        (
            "max_target",
            CountdownKnobs {
                min_target: 9,
                max_target: 8,
                ..Default::default()
            },
        ),
        (
            "operators",
            CountdownKnobs {
                operators: vec![],
                ..Default::default()
            },
        ),
        (
            "operators",
            CountdownKnobs {
                operators: vec![Operator::Add, Operator::Add],
                ..Default::default()
            },
        ),
    ];
    for (name, k) in bad {
        assert_eq!(Countdown::check_knobs(&k).unwrap_err().knob, name);
    }
    // Every range error reads the same (the shared kit's wording).
    let too_many = CountdownKnobs {
        count: 11,
        ..Default::default()
    };
    assert_eq!(
        Countdown::check_knobs(&too_many).unwrap_err().message,
        "must be between 2 and 10, got 11"
    );
    let repeated = CountdownKnobs {
        operators: vec![Operator::Add, Operator::Add],
        ..Default::default()
    };
    assert_eq!(
        Countdown::check_knobs(&repeated).unwrap_err().message,
        "\"+\" is listed twice"
    );
    let parsed: CountdownKnobs =
        serde_json::from_value(serde_json::json!({"operators": ["+", "mul"]})).unwrap();
    assert_eq!(parsed.operators, vec![Operator::Add, Operator::Mul]);
    assert!(
        serde_json::from_value::<CountdownKnobs>(serde_json::json!({"operators": ["^"]})).is_err()
    );
    // Impossible knobs fail with an error, not a degenerate item.
    let impossible = CountdownKnobs {
        count: 3,
        min_value: 1,
        max_value: 2,
        min_target: 1000,
        max_target: 2000,
        operators: vec![Operator::Add],
        ..Default::default()
    };
    assert!(Countdown::generate(&impossible, &mut ItemRng::from_u64(1)).is_err());
}

/// No level's puzzle is solved by adding (or multiplying) all the numbers, and a knob
/// set that allows nothing else still generates, with the flag set.
#[test]
fn constant_answers_solve_no_level_puzzle() {
    let catalogue = crate::catalogue::catalogue().unwrap();
    let entry = catalogue.entry("countdown").unwrap();
    for (level, table) in entry.levels.iter().enumerate() {
        let k: CountdownKnobs = serde_json::from_value(Value::Object(table.clone())).unwrap();
        for i in 0..300 {
            let mut rng = ItemRng::for_item("countdown-trivial", level as u64, i);
            let generated = Countdown::generate(&k, &mut rng).unwrap();
            let p = &generated.puzzle;
            let all = |op: &str| -> String {
                let parts: Vec<String> = p.numbers.iter().map(u64::to_string).collect();
                parts.join(op)
            };
            for attempt in [all(" + "), all(" * ")] {
                assert_ne!(
                    crate::exploits::grade_text::<Countdown>(p, &attempt),
                    Some(Grade::CORRECT),
                    "level {}: {attempt} = {}",
                    level + 1,
                    p.target
                );
            }
            assert_eq!(generated.metadata["constant_guess_solves"], false);
        }
    }
    let only_add = CountdownKnobs {
        count: 3,
        min_value: 1,
        max_value: 10,
        min_target: 3,
        max_target: 30,
        operators: vec![Operator::Add],
        use_all: true,
        ..Default::default()
    };
    let generated = Countdown::generate(&only_add, &mut ItemRng::from_u64(5)).unwrap();
    assert_eq!(generated.metadata["constant_guess_solves"], true);
}

#[test]
fn difficulty_median_rises_with_level() {
    let catalogue = crate::catalogue::catalogue().unwrap();
    let entry = catalogue.entry("countdown").unwrap();
    let mut previous = -1.0;
    for (level, table) in entry.levels.iter().enumerate() {
        let k: CountdownKnobs = serde_json::from_value(Value::Object(table.clone())).unwrap();
        let items = 100;
        let mut figures: Vec<f64> = (0..items)
            .map(|i| {
                let mut rng = ItemRng::for_item("countdown-levels", level as u64, i);
                Countdown::generate(&k, &mut rng).unwrap().difficulty
            })
            .collect();
        figures.sort_by(f64::total_cmp);
        let median = figures[figures.len() / 2];
        assert!(
            median > previous,
            "level {}: median {median} not above {previous}",
            level + 1
        );
        previous = median;
    }
}

/// Prints the share of duplicate prompts per level in 20,000 items (the bar is 1%).
/// `COUNTDOWN_DUP_LEVELS=1,2,3` picks levels; levels 8-10 want a release build.
#[test]
#[ignore = "report: slow at high levels; run with --ignored --nocapture"]
fn report_duplicate_prompts_per_level() {
    let items = 20_000;
    let levels: Vec<i64> = std::env::var("COUNTDOWN_DUP_LEVELS").ok().map_or_else(
        || (1..=10).collect(),
        |text| {
            text.split(',')
                .filter_map(|l| l.trim().parse().ok())
                .collect()
        },
    );
    for level in levels {
        let generator = crate::Generator::new("countdown", Some(level), &Value::Null).unwrap();
        let rows = generator.batch(0, 0, items).unwrap();
        let distinct: std::collections::HashSet<&str> =
            rows.iter().map(|item| item.prompt.as_str()).collect();
        let duplicates = rows.len() - distinct.len();
        println!(
            "level {level}: {duplicates} duplicate prompts in {} items ({:.2}%)",
            rows.len(),
            100.0 * duplicates as f64 / rows.len() as f64
        );
    }
}
