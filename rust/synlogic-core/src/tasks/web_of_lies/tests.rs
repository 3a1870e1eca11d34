use std::collections::HashSet;

use super::model::{propagate, Fact, Statement};
use super::*;
use crate::exploits::grade_text;

fn level_knobs(level: usize) -> WebOfLiesKnobs {
    let entry = crate::catalogue::catalogue()
        .and_then(|c| c.entry(WebOfLies::ID))
        .expect("catalogue entry");
    serde_json::from_value(serde_json::Value::Object(entry.levels[level - 1].clone()))
        .expect("level knobs")
}

fn generated(level: usize, n: u64) -> Vec<Generated<WebOfLiesPuzzle>> {
    let knobs = level_knobs(level);
    (0..n)
        .map(|i| {
            let mut rng = ItemRng::for_item("web-of-lies-tests", level as u64, i);
            WebOfLies::generate(&knobs, &mut rng).expect("generates")
        })
        .collect()
}

fn says(speaker: u8, about: u8, says_truthful: bool) -> Statement {
    Statement {
        speaker,
        about,
        says_truthful,
    }
}

/// Alice lies; Bruno says Alice tells the truth; Bruno says Carmen lies.
fn small() -> WebOfLiesPuzzle {
    WebOfLiesPuzzle::new(
        vec!["Alice".into(), "Bruno".into(), "Carmen".into()],
        vec![Fact {
            person: 0,
            truthful: false,
        }],
        vec![says(1, 2, false), says(1, 0, true)],
    )
    .expect("valid puzzle")
}

#[test]
fn a_small_chain_solves_by_hand() {
    // Alice lies, so Bruno's "Alice tells the truth" is false: Bruno lies, so his "Carmen
    // lies" is false: Carmen tells the truth.
    let puzzle = small();
    assert_eq!(puzzle.solution, 0b100);
    assert_eq!(WebOfLies::count_solutions(&puzzle, 5), Some(1));
    assert_eq!(
        WebOfLies::render_answer(&puzzle, &puzzle.solution),
        "Alice: liar\nBruno: liar\nCarmen: truthful"
    );
}

#[test]
fn propagation_and_exhaustive_count_agree_on_generated_puzzles() {
    for level in [1, 4, 10] {
        for g in generated(level, 30) {
            assert_eq!(WebOfLies::count_solutions(&g.puzzle, 2), Some(1));
            assert!(g.puzzle.consistent(g.puzzle.solution));
        }
    }
}

#[test]
fn underdetermined_or_contradictory_puzzles_are_rejected() {
    let names = || vec!["Alice".to_string(), "Bruno".into(), "Carmen".into()];
    let fact = |person, truthful| Fact { person, truthful };
    // Carmen is never mentioned.
    assert!(propagate(3, &[fact(0, true)], &[says(0, 1, true)]).is_err());
    // Contradiction.
    assert!(propagate(
        3,
        &[fact(0, true), fact(1, false)],
        &[says(0, 1, true), says(1, 2, true)]
    )
    .is_err());
    for (facts, statements, needle) in [
        (vec![], vec![says(0, 1, true)], "facts"),
        (vec![fact(5, true)], vec![says(0, 1, true)], "facts"),
        (vec![fact(0, true)], vec![says(0, 0, true)], "statements"),
        (vec![fact(0, true)], vec![says(0, 9, true)], "statements"),
    ] {
        let err = WebOfLiesPuzzle::new(names(), facts, statements).unwrap_err();
        assert!(err.contains(needle), "{err}");
    }
    let twice = vec!["Alice".to_string(), "alice".into(), "Bruno".into()];
    assert!(WebOfLiesPuzzle::new(twice, vec![fact(0, true)], vec![]).is_err());
    let bad_name = vec!["Al ice".to_string(), "Bruno".into()];
    assert!(WebOfLiesPuzzle::new(bad_name, vec![fact(0, true)], vec![says(0, 1, true)]).is_err());
    let many: Vec<String> = (0..21)
        .map(|i| format!("P{}", "a".repeat(i % 10 + 1)))
        .collect();
    assert!(WebOfLiesPuzzle::new(many, vec![fact(0, true)], vec![]).is_err());
}

#[test]
fn payload_round_trips_and_rejects_garbage() {
    let puzzle = small();
    let json = serde_json::to_string(&puzzle).unwrap();
    assert!(!json.contains("solution"));
    let back = WebOfLies::load_puzzle(&json).unwrap();
    assert_eq!(back.solution, puzzle.solution);
    assert_eq!(WebOfLies::prompt(&back), WebOfLies::prompt(&puzzle));
    let smuggled = json.replacen('{', "{\"solution\":7,", 1);
    assert!(WebOfLies::load_puzzle(&smuggled).is_err());
    for bad in [
        "",
        "{}",
        "[]",
        &json[..json.len() / 2],
        &json.replace("\"speaker\":1", "\"speaker\":300"),
    ] {
        assert!(WebOfLies::load_puzzle(bad).is_err(), "{bad}");
    }
}

#[test]
fn parsing_is_lenient_on_form() {
    let puzzle = small();
    for text in [
        "Alice: liar\nBruno: liar\nCarmen: truthful",
        "carmen: TRUTHFUL, alice: Liar, bruno: liar",
        "- Alice lies\n- Bruno always lies\n- Carmen tells the truth",
        "Alice is a liar. Bruno is a liar. Carmen is honest.",
        "Alice = F; Bruno = false; Carmen = T",
        "**Alice**: 0 | **Bruno**: no | **Carmen**: yes",
    ] {
        assert_eq!(WebOfLies::parse_answer(&puzzle, text), Ok(0b100), "{text}");
        assert!(grade_text::<WebOfLies>(&puzzle, text).unwrap().correct);
    }
}

#[test]
fn parsing_is_strict_on_content() {
    let puzzle = small();
    for text in [
        "",
        "Alice: liar\nBruno: liar",
        "Alice: liar\nBruno: liar\nCarmen: truthful\nAlice: liar",
        "Alice: liar\nBruno: liar\nCarmen: truthful\nDmitri: liar",
        "Alice: liar\nBruno: liar\nCarmen",
        "Alice: liar\nBruno: liar\nCarmen: maybe",
        "Alice: liar\nBruno: is not a liar\nCarmen: truthful",
        "Alice: liar\nBruno: truthful or liar\nCarmen: truthful",
        "liar, liar, truthful",
        "Name: truthful\nOther name: liar\n...",
        "Alice: liar\nBruno: liar\nCarmen: truthfül",
        &WebOfLies::prompt(&puzzle),
    ] {
        assert!(WebOfLies::parse_answer(&puzzle, text).is_err(), "{text:?}");
    }
}

#[test]
fn exploits_and_wrong_answers_score_nothing_at_every_level() {
    let mut kinds = HashSet::new();
    for level in 1..=10 {
        for (i, g) in generated(level, 30).iter().enumerate() {
            for (name, text) in WebOfLies::exploits(&g.puzzle) {
                kinds.insert(name);
                if let Some(grade) = grade_text::<WebOfLies>(&g.puzzle, &text) {
                    assert!(!grade.correct && grade.credit == 0.0, "{name}: {text}");
                }
            }
            let mut rng = ItemRng::from_u64(i as u64);
            for text in WebOfLies::wrong_answers(&g.puzzle, &mut rng) {
                if let Some(grade) = grade_text::<WebOfLies>(&g.puzzle, &text) {
                    assert!(!grade.correct, "{text}");
                }
            }
        }
    }
    assert!(kinds.len() >= 8, "{kinds:?}");
}

#[test]
fn constant_guesses_never_score_and_roles_are_balanced() {
    for level in [1, 3, 10] {
        let items = generated(level, 2000);
        let people = items[0].puzzle.people();
        let all = (1u32 << people) - 1;
        let constant = items
            .iter()
            .filter(|g| g.puzzle.solution == 0 || g.puzzle.solution == all)
            .count();
        println!(
            "level {level}: best constant guess {}",
            constant as f64 / 2000.0
        );
        assert_eq!(constant, 0, "level {level}");
        for p in 0..people {
            let rate = items
                .iter()
                .filter(|g| g.puzzle.solution >> p & 1 == 1)
                .count() as f64
                / items.len() as f64;
            assert!(
                (0.44..=0.56).contains(&rate),
                "level {level} person {p}: {rate}"
            );
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[test]
fn difficulty_median_rises_strictly_by_level() {
    let medians: Vec<f64> = (1..=10)
        .map(|level| median(generated(level, 200).iter().map(|g| g.difficulty).collect()))
        .collect();
    for pair in medians.windows(2) {
        assert!(pair[0] < pair[1], "{medians:?}");
    }
}

#[test]
fn knobs_are_checked() {
    assert!(WebOfLies::check_knobs(&WebOfLiesKnobs::default()).is_ok());
    let with = |people, facts, branching| {
        WebOfLies::check_knobs(&WebOfLiesKnobs {
            people,
            facts,
            branching,
        })
        .map_err(|e| e.knob)
    };
    assert_eq!(with(2, 1, 1), Err("people"));
    assert_eq!(with(21, 1, 1), Err("people"));
    assert_eq!(with(6, 0, 1), Err("facts"));
    assert_eq!(with(6, 4, 1), Err("facts"));
    assert_eq!(with(6, 1, 0), Err("branching"));
    assert_eq!(with(6, 1, 5), Err("branching"));
    for (people, facts, branching) in [(3, 1, 1), (20, 10, 4), (20, 1, 1)] {
        let knobs = WebOfLiesKnobs {
            people,
            facts,
            branching,
        };
        let mut rng = ItemRng::from_u64(3);
        let g = WebOfLies::generate(&knobs, &mut rng).unwrap();
        assert_eq!(WebOfLies::count_solutions(&g.puzzle, 2), Some(1));
    }
}

/// Per level: generation rate on one thread, difficulty median, duplicate prompts in 20,000
/// items, and the share with more than one solution (0 by construction, counted here).
#[test]
#[ignore = "report"]
fn report_per_level() {
    use crate::kit::timing::cpu_seconds_per_item;
    for level in 1..=10 {
        let knobs = level_knobs(level);
        let per_item = cpu_seconds_per_item(1, 2000, || {
            for i in 0..2000 {
                let mut rng = ItemRng::for_item("rate", level as u64, i);
                std::hint::black_box(WebOfLies::generate(&knobs, &mut rng).unwrap());
            }
        });
        let items: Vec<_> = (0..20_000u64)
            .map(|i| {
                let mut rng = ItemRng::for_item(WebOfLies::ID, 0, i);
                WebOfLies::generate(&knobs, &mut rng).unwrap()
            })
            .collect();
        let prompts: HashSet<String> = items.iter().map(|g| WebOfLies::prompt(&g.puzzle)).collect();
        let dup = 1.0 - prompts.len() as f64 / items.len() as f64;
        let several = items
            .iter()
            .take(2000)
            .filter(|g| WebOfLies::count_solutions(&g.puzzle, 2) != Some(1))
            .count();
        let med = median(items.iter().map(|g| g.difficulty).collect());
        println!(
            "level {level}: {:.0} items/s, difficulty median {med}, duplicates {:.3}%, several \
             solutions {several} of 2000",
            1.0 / per_item,
            100.0 * dup
        );
    }
}
