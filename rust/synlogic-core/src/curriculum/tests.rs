use super::*;
use serde_json::json;

fn settings(policy: &str, extra: serde_json::Value) -> Settings {
    let mut base = json!({
        "tasks": [
            {"task": "countdown", "level": 3},
            {"task": "sudoku", "weight": 2.0, "level": 5},
        ],
        "policy": policy,
        "seed": 11,
    });
    if let (Some(base), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
        base.extend(extra.clone());
    }
    Settings::from_json(&base.to_string()).expect("valid settings")
}

fn curriculum(policy: &str, extra: serde_json::Value) -> Curriculum {
    Curriculum::new(settings(policy, extra)).expect("valid curriculum")
}

fn level_of(curriculum: &Curriculum, task: &str) -> i64 {
    curriculum
        .levels()
        .into_iter()
        .find(|(t, _)| *t == task)
        .map(|(_, l)| l)
        .expect("task present")
}

/// A simulated learner: task `countdown` solves levels up to `skill`, fails above; groups of 8.
fn feed(curriculum: &mut Curriculum, draws: &[Draw], skill: i64) {
    let groups: Vec<Vec<f64>> = draws
        .iter()
        .map(|d| {
            (0..8)
                .map(|i| {
                    let solved = d.level < skill || (d.level == skill && (d.index + i) % 2 == 0);
                    f64::from(u8::from(solved))
                })
                .collect()
        })
        .collect();
    let observations: Vec<Observation<'_>> = draws
        .iter()
        .zip(&groups)
        .map(|(d, scores)| Observation {
            task: d.task,
            level: d.level,
            scores,
        })
        .collect();
    curriculum
        .observe_batch(&observations)
        .expect("valid groups");
}

fn run(curriculum: &mut Curriculum, steps: usize, skill: i64) -> Vec<Draw> {
    let mut all = Vec::new();
    for _ in 0..steps {
        let draws = curriculum.draw(16).expect("draws");
        feed(curriculum, &draws, skill);
        all.extend(draws);
    }
    all
}

#[test]
fn defaults_fill_starting_levels_from_the_catalogue() {
    let s = Settings::from_json(r#"{"tasks": [{"task": "countdown"}]}"#).expect("valid");
    let level = s.tasks[0].level.expect("filled");
    assert!((1..=10).contains(&level));
    assert_eq!(s.policy, Policy::Band);
    assert!(
        (f64::midpoint(s.band_low, s.band_high) - 0.5).abs() < 1e-12,
        "band centred on 0.5"
    );
}

#[test]
fn decisions_are_a_function_of_seed_settings_and_observations() {
    for policy in ["band", "bandit"] {
        let mut a = curriculum(policy, json!({}));
        let mut b = curriculum(policy, json!({}));
        assert_eq!(run(&mut a, 20, 6), run(&mut b, 20, 6));
        assert_eq!(a.state_json(), b.state_json());
        let mut c = curriculum(policy, json!({"seed": 12}));
        assert_ne!(
            run(&mut c, 20, 6),
            run(&mut a, 20, 6),
            "{policy}: seed matters"
        );
    }
}

#[test]
fn a_resumed_curriculum_decides_like_an_uninterrupted_one() {
    for policy in ["band", "bandit"] {
        let mut whole = curriculum(policy, json!({}));
        let mut first_half = curriculum(policy, json!({}));
        let head = run(&mut whole, 15, 7);
        assert_eq!(run(&mut first_half, 15, 7), head);
        let saved = first_half.state_json();
        drop(first_half);
        let mut resumed = Curriculum::from_state_json(&saved).expect("loads");
        assert_eq!(resumed, Curriculum::from_state_json(&saved).expect("loads"));
        assert_eq!(run(&mut resumed, 25, 7), run(&mut whole, 25, 7), "{policy}");
        assert_eq!(resumed.state_json(), whole.state_json());
    }
}

#[test]
fn draw_indices_run_on_and_follow_the_weights() {
    let mut c = curriculum("band", json!({}));
    let draws = c.draw(3000).expect("draws");
    assert!(draws.iter().enumerate().all(|(i, d)| d.index == i as u64));
    assert!(draws.iter().all(|d| d.seed == 11));
    let sudoku = draws.iter().filter(|d| d.task == "sudoku").count() as f64 / 3000.0;
    assert!((sudoku - 2.0 / 3.0).abs() < 0.04, "share {sudoku}");
    assert!(draws
        .iter()
        .all(|d| d.level == if d.task == "sudoku" { 5 } else { 3 }));
    assert_eq!(c.draw(1).expect("draws")[0].index, 3000);
}

#[test]
fn the_band_raises_an_easy_task_and_lowers_a_hard_one() {
    let mut c = curriculum("band", json!({"min_groups": 4}));
    for _ in 0..3 {
        c.observe("countdown", 3, &[1.0; 8]).expect("valid");
        c.observe("sudoku", 5, &[0.0; 8]).expect("valid");
    }
    assert_eq!((level_of(&c, "countdown"), level_of(&c, "sudoku")), (3, 5));
    c.observe("countdown", 3, &[1.0; 8]).expect("valid");
    c.observe("sudoku", 5, &[0.0; 8]).expect("valid");
    assert_eq!((level_of(&c, "countdown"), level_of(&c, "sudoku")), (4, 4));
    // History is cleared by a move: the next move needs min_groups groups at the new level,
    // and groups at the old level no longer count.
    for _ in 0..10 {
        c.observe("countdown", 3, &[1.0; 8]).expect("valid");
    }
    assert_eq!(level_of(&c, "countdown"), 4);
    let report = c.report();
    assert_eq!(report["tasks"]["countdown"]["moves_up"], 1);
    assert_eq!(report["tasks"]["sudoku"]["moves_down"], 1);
    assert_eq!(report["tasks"]["countdown"]["levels"]["3"]["groups"], 14);
    assert_eq!(report["zero_variance_share"], 1.0);
}

#[test]
fn the_band_holds_inside_the_band_and_within_the_hysteresis() {
    let mut c = curriculum("band", json!({"min_groups": 4, "hysteresis": 0.1}));
    // 6 of 8 = 0.75: above the band (0.7) but not by the hysteresis (0.8 needed).
    for _ in 0..20 {
        c.observe("countdown", 3, &[1., 1., 1., 1., 1., 1., 0., 0.])
            .expect("valid");
        c.observe("sudoku", 5, &[1., 1., 1., 1., 0., 0., 0., 0.])
            .expect("valid");
    }
    assert_eq!((level_of(&c, "countdown"), level_of(&c, "sudoku")), (3, 5));
}

#[test]
fn the_band_stays_inside_the_level_range() {
    let mut c = curriculum(
        "band",
        json!({"min_groups": 1, "max_level": 6, "window": 2}),
    );
    assert_eq!(c.windows()[1], ("sudoku", 5, 6));
    for _ in 0..20 {
        c.observe("countdown", 1, &[0.0; 4]).expect("valid");
        c.observe("countdown", 2, &[0.0; 4]).expect("valid");
        c.observe("countdown", 3, &[0.0; 4]).expect("valid");
        c.observe("sudoku", 5, &[1.0; 4]).expect("valid");
        c.observe("sudoku", 6, &[1.0; 4]).expect("valid");
    }
    assert_eq!(c.windows(), vec![("countdown", 1, 2), ("sudoku", 5, 6)]);
    let draws = c.draw(200).expect("draws");
    assert!(draws
        .iter()
        .all(|d| (1..=2).contains(&d.level) || (5..=6).contains(&d.level)));
    assert!(draws.iter().any(|d| d.level == 2) && draws.iter().any(|d| d.level == 1));
}

#[test]
fn the_band_follows_a_learner_up_to_its_skill() {
    let mut c = curriculum("band", json!({}));
    run(&mut c, 60, 7);
    // At level 7 half the group passes (in the band); below it everything passes.
    assert_eq!(level_of(&c, "countdown"), 7);
    assert_eq!(level_of(&c, "sudoku"), 7);
    run(&mut c, 60, 4);
    assert_eq!(level_of(&c, "countdown"), 4, "and back down");
}

#[test]
fn the_bandit_learns_where_the_signal_is() {
    let mut c = curriculum("bandit", json!({}));
    run(&mut c, 80, 6);
    let draws = c.draw(1000).expect("draws");
    let at_edge = draws.iter().filter(|d| d.level == 6).count();
    assert!(at_edge > 600, "{at_edge} of 1000 at the level with signal");
    assert_eq!(level_of(&c, "countdown"), 6);
    let report = c.report();
    let value = report["tasks"]["countdown"]["levels"]["6"]["value"]
        .as_f64()
        .expect("pulled");
    assert!((value - 0.5).abs() < 1e-9, "value {value}");
    let weights: f64 = c.task_weights().iter().map(|(_, w)| w).sum();
    assert!((weights - 1.0).abs() < 1e-9);
}

#[test]
fn the_bandit_signal_can_be_the_nonzero_variance_share() {
    let mut c = curriculum("bandit", json!({"signal": "nonzero_variance"}));
    c.observe("countdown", 2, &[1.0, 0.0, 0.0, 0.0])
        .expect("valid");
    c.observe("countdown", 3, &[1.0; 4]).expect("valid");
    let report = c.report();
    assert_eq!(report["tasks"]["countdown"]["levels"]["2"]["value"], 1.0);
    assert_eq!(report["tasks"]["countdown"]["levels"]["3"]["value"], 0.0);
}

#[test]
fn zero_weight_tasks_are_never_drawn() {
    for policy in ["band", "bandit"] {
        let s = Settings::from_json(&format!(
            r#"{{"policy": "{policy}", "tasks": [{{"task": "countdown", "weight": 0}}, {{"task": "sudoku"}}]}}"#
        ))
        .expect("valid");
        let mut c = Curriculum::new(s).expect("valid");
        assert!(c
            .draw(500)
            .expect("draws")
            .iter()
            .all(|d| d.task == "sudoku"));
    }
}

#[test]
fn hostile_observations_are_typed_errors_and_change_nothing() {
    let mut c = curriculum("band", json!({"max_level": 8}));
    let before = c.state_json();
    assert!(matches!(
        c.observe("countdwn", 3, &[1.0]),
        Err(Error::UnknownTask { suggestion: Some(s), .. }) if s == "countdown"
    ));
    assert!(matches!(
        c.observe("zebra", 3, &[1.0]),
        Err(Error::UnknownTask { .. })
    ));
    for level in [0, 11, -5, i64::MAX, i64::MIN] {
        assert!(matches!(
            c.observe("countdown", level, &[1.0]),
            Err(Error::InvalidLevel { .. })
        ));
    }
    assert!(matches!(
        c.observe("countdown", 9, &[1.0]),
        Err(Error::InvalidArgument { .. })
    ));
    for scores in [
        &[][..],
        &[f64::NAN][..],
        &[1.0, f64::INFINITY][..],
        &[f64::NEG_INFINITY][..],
    ] {
        assert!(matches!(
            c.observe("countdown", 3, scores),
            Err(Error::InvalidArgument { .. })
        ));
    }
    // A bad group anywhere in a batch leaves the whole batch unapplied.
    let good = [1.0; 4];
    let bad = [f64::NAN];
    let batch = [
        Observation {
            task: "countdown",
            level: 3,
            scores: &good,
        },
        Observation {
            task: "countdown",
            level: 3,
            scores: &bad,
        },
    ];
    assert!(c.observe_batch(&batch).is_err());
    assert_eq!(c.state_json(), before);
    assert!(matches!(
        c.draw(MAX_DRAW + 1),
        Err(Error::InvalidArgument { .. })
    ));
}

#[test]
fn hostile_settings_are_typed_errors() {
    let cases = [
        r#"{"tasks": []}"#,
        "{}",
        r#"{"tasks": [{"task": "countdown"}], "policy": "greedy"}"#,
        r#"{"tasks": [{"task": "countdown"}], "bogus": 1}"#,
        r#"{"tasks": [{"task": "countdown"}, {"task": "countdown"}]}"#,
        r#"{"tasks": [{"task": "countdown", "weight": -1}]}"#,
        r#"{"tasks": [{"task": "countdown", "weight": 0}]}"#,
        r#"{"tasks": [{"task": "countdown"}], "band_low": 0.8, "band_high": 0.2}"#,
        r#"{"tasks": [{"task": "countdown"}], "min_groups": 0}"#,
        r#"{"tasks": [{"task": "countdown"}], "min_groups": 10, "history": 5}"#,
        r#"{"tasks": [{"task": "countdown"}], "min_level": 0}"#,
        r#"{"tasks": [{"task": "countdown"}], "min_level": 6, "max_level": 5}"#,
        r#"{"tasks": [{"task": "countdown"}], "window": 11}"#,
        r#"{"tasks": [{"task": "countdown"}], "temperature": 0}"#,
        r#"{"tasks": [{"task": "countdown"}], "seed": -1}"#,
        "[1, 2]",
        "not json",
    ];
    for case in cases {
        assert!(
            matches!(
                Settings::from_json(case),
                Err(Error::InvalidArgument { .. })
            ),
            "{case}"
        );
    }
    assert!(matches!(
        Settings::from_json(r#"{"tasks": [{"task": "nope"}]}"#),
        Err(Error::UnknownTask { .. })
    ));
    assert!(matches!(
        Settings::from_json(r#"{"tasks": [{"task": "countdown", "level": 11}]}"#),
        Err(Error::InvalidLevel { level: 11, .. })
    ));
    assert!(matches!(
        Settings::from_json(r#"{"tasks": [{"task": "countdown", "knobs": {"bogus": 1}}]}"#),
        Err(Error::UnknownKnob { .. })
    ));
    assert!(matches!(
        Settings::from_json(r#"{"tasks": [{"task": "countdown", "knobs": {"count": "four"}}]}"#),
        Err(Error::InvalidKnob { .. })
    ));
}

/// An edit that spoils a state dict.
type Edit = Box<dyn Fn(&mut serde_json::Value)>;

#[test]
fn hostile_state_dicts_are_typed_errors() {
    let mut c = curriculum("bandit", json!({}));
    run(&mut c, 3, 5);
    let good: serde_json::Value = serde_json::from_str(&c.state_json()).expect("json");
    let edits: Vec<Edit> = vec![
        Box::new(|s| s["format"] = json!(99)),
        Box::new(|s| s["tasks"][0]["window_low"] = json!(42)),
        Box::new(|s| s["tasks"][0]["task"] = json!("sudoku")),
        Box::new(|s| s["tasks"][0]["levels"] = json!([])),
        Box::new(|s| s["tasks"] = json!([])),
        Box::new(|s| s["settings"]["temperature"] = json!(-1.0)),
        Box::new(|s| s["settings"]["tasks"][0]["level"] = json!(null)),
        Box::new(|s| s["tasks"][0]["levels"][0]["passed"] = json!(1_000_000)),
        Box::new(|s| s["tasks"][0]["recent"] = json!([{"passed": 3, "completions": 2}])),
        Box::new(|s| s["draws"] = json!(-1)),
        Box::new(|s| s["extra"] = json!(1)),
    ];
    for (i, edit) in edits.iter().enumerate() {
        let mut state = good.clone();
        edit(&mut state);
        assert!(
            matches!(
                Curriculum::from_state_json(&state.to_string()),
                Err(Error::InvalidArgument { .. })
            ),
            "edit {i}"
        );
    }
    let mut unknown = good.clone();
    unknown["settings"]["tasks"][0]["task"] = json!("nope");
    unknown["tasks"][0]["task"] = json!("nope");
    assert!(matches!(
        Curriculum::from_state_json(&unknown.to_string()),
        Err(Error::UnknownTask { .. })
    ));
    for garbage in ["", "null", "[]", "{\"format\": 1}", "\u{0}"] {
        assert!(Curriculum::from_state_json(garbage).is_err());
    }
    let mut full = good.clone();
    full["draws"] = json!(u64::MAX);
    let mut at_end = Curriculum::from_state_json(&full.to_string()).expect("loads");
    assert!(matches!(at_end.draw(1), Err(Error::InvalidArgument { .. })));
}

#[test]
fn floats_in_the_state_round_trip_exactly() {
    let mut c = curriculum("bandit", json!({"learning_rate": 0.1 + 0.2}));
    c.observe("countdown", 3, &[0.1, 0.7, 1.0 / 3.0])
        .expect("valid");
    c.observe("countdown", 3, &[0.123_456_789_012_345_67, 0.9])
        .expect("valid");
    let reloaded = Curriculum::from_state_json(&c.state_json()).expect("loads");
    assert_eq!(reloaded, c);
}
