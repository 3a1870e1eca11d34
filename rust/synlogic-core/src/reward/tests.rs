//! Unit tests of the reward: format flags, option checks, weighted sums, length shaping.

use super::*;

fn flags(text: &str) -> (bool, bool) {
    format_flags(text, &RewardOptions::default())
}

#[test]
fn strict_format_is_exact_layout() {
    assert_eq!(flags("<think>x</think>\n<answer>1</answer>"), (true, true));
    assert_eq!(
        flags("  <think>x</think> <answer>1</answer>\n<|im_end|><|endoftext|>"),
        (true, true)
    );
    assert_eq!(
        flags("<think>x</think><answer>1</answer></s>"),
        (true, true)
    );
    // Text between or after the blocks, or a second block: lenient only.
    assert_eq!(
        flags("<think>x</think> so: <answer>1</answer>"),
        (false, true)
    );
    assert_eq!(
        flags("<think>x</think><answer>1</answer> thanks"),
        (false, true)
    );
    assert_eq!(
        flags("<think>x</think><answer>1</answer><answer>2</answer>"),
        (false, true)
    );
    // The template opened the think block: lenient.
    assert_eq!(flags("x</think><answer>1</answer>"), (false, true));
}

#[test]
fn missing_blocks_fail_both() {
    assert_eq!(flags("<answer>1</answer>"), (false, false));
    assert_eq!(flags("<think>x</think>"), (false, false));
    assert_eq!(flags("<answer>1</answer><think>x</think>"), (false, false));
    assert_eq!(flags(""), (false, false));
    assert_eq!(flags("<|"), (false, false));
    assert_eq!(flags("|>"), (false, false));
}

#[test]
fn without_think_tag_only_the_answer_block_counts() {
    let options = RewardOptions::new(Some("answer"), None);
    assert_eq!(format_flags("<answer>1</answer>", &options), (true, true));
    assert_eq!(
        format_flags("hmm <answer>1</answer>", &options),
        (false, true)
    );
    assert_eq!(format_flags("hmm", &options), (false, false));
    let untagged = RewardOptions::new(None, None);
    assert_eq!(format_flags("anything", &untagged), (true, true));
}

#[test]
fn evaluates_real_payloads_of_every_task() {
    let options = RewardOptions::default();
    for task in crate::registry::task_ids() {
        let items = crate::item::generate_batch(task, Some(1), &serde_json::Value::Null, 3, 0, 4)
            .expect("generates");
        let payloads: Vec<&str> = items.iter().map(|i| i.verification.as_str()).collect();
        let mut completions: Vec<String> = items
            .iter()
            .map(|i| format!("<think>t</think>\n<answer>{}</answer>", i.answer))
            .collect();
        completions[1] = "no answer here".into();
        let out = evaluate_batch(&payloads, &completions, &options).expect("valid payloads");
        assert_eq!(out.len(), 4);
        assert!(
            out[0].correct && out[0].answered && out[0].strict_format,
            "{task}"
        );
        assert_eq!(out[0].credit, 1.0);
        assert!(!out[1].correct && !out[1].answered && !out[1].lenient_format);
        assert_eq!(out[1].credit, 0.0);
        assert!(out.iter().all(|e| e.task == task));
    }
    let bad = evaluate_batch(&["{}"], &["x"], &options);
    assert!(matches!(bad, Err(crate::Error::InvalidPayload(m)) if m.starts_with("row 0")));
    let mismatched = evaluate_batch(&["{}"], &["x", "y"], &options);
    assert!(matches!(
        mismatched,
        Err(crate::Error::InvalidArgument { .. })
    ));
}

#[test]
fn trailing_special_tokens_are_trimmed() {
    assert_eq!(trim_trailing_specials("a <|im_end|>\n<eos> "), "a");
    assert_eq!(trim_trailing_specials("a|>"), "a|>");
    assert_eq!(trim_trailing_specials("é<|x|>"), "é");
    // At most MAX_TRAILING_SPECIALS tokens are stripped: a flood of them stays (and so is
    // not strictly formatted), and stripping it takes bounded time.
    let few = format!("a{}", "<|eot|>".repeat(MAX_TRAILING_SPECIALS));
    assert_eq!(trim_trailing_specials(&few), "a");
    let flood = format!("a{}", "<|eot|>".repeat(200_000));
    assert!(trim_trailing_specials(&flood).ends_with("<|eot|>"));
}

#[test]
fn format_flags_of_a_megabyte_of_tags_are_quick() {
    let options = RewardOptions::default();
    for text in [
        "<answer>".repeat(130_000),
        "</think>".repeat(130_000) + "<answer>1</answer>",
        "<".repeat(1 << 20) + "</answer>",
        format!(
            "<think>x</think><answer>1</answer>{}",
            "<|x|>".repeat(200_000)
        ),
    ] {
        let started = std::time::Instant::now();
        let flags = format_flags(&text, &options);
        assert!(!flags.0, "{flags:?}");
        // Generous (debug build, busy machine): str::rfind and matches() took ms here.
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
    }
}

fn spec(options: &str) -> Result<RewardSpec> {
    RewardSpec::from_json(&serde_json::from_str(options).expect("json"))
}

#[test]
fn reward_spec_rejects_unknown_and_mistyped_options() {
    let err = spec(r#"{"formt": 0.2}"#).unwrap_err().to_string();
    assert!(
        err.contains("formt") && err.contains("did you mean \"format\""),
        "{err}"
    );
    let err = spec(r#"{"length": 1, "length_options": {"unti": "chars"}}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("did you mean \"unit\""), "{err}");
    for bad in [
        r#"{"format": "0.2"}"#,
        r#"{"format": true}"#,
        r#"{"strict_format": 1}"#,
        r#"{"correctness": 0}"#,
        r#"{"tag": "<answer>"}"#,
        r#"{"length_options": {"target_length": 0}}"#,
        r#"{"length_options": {"target_length": 1.5}}"#,
        r#"{"length_options": {"min_scale": 0}}"#,
        r#"{"length_options": {"difficulty": "hard"}}"#,
        r#"{"length_options": []}"#,
        "[]",
    ] {
        assert!(
            matches!(spec(bad), Err(Error::InvalidArgument { .. })),
            "{bad}"
        );
    }
    let defaults = spec("null").expect("defaults");
    assert_eq!(
        defaults.weights(),
        RewardWeights {
            correctness: 1.0,
            partial: 0.0,
            format: 0.0,
            length: 0.0
        }
    );
    assert_eq!(defaults.length(), &LengthShaping::default());
    assert_eq!(defaults.length().target_length, 1024);
}

#[test]
fn check_path_names_what_a_trainer_cannot_supply() {
    let tokens = spec(r#"{"length": 1}"#).expect("valid");
    assert!(tokens.check_path("TRL", true, true).is_ok());
    assert!(tokens.check_path("verl", false, true).is_err());
    let pass_rate =
        spec(r#"{"length": 1, "length_options": {"unit": "chars", "difficulty": "pass_rate"}}"#)
            .expect("valid");
    assert!(pass_rate.check_path("verl", false, true).is_ok());
    let err = pass_rate
        .check_path("verl", false, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("pass_rate"), "{err}");
    // Without a length weight the length options cannot matter.
    assert!(spec("{}")
        .expect("valid")
        .check_path("x", false, false)
        .is_ok());
}

#[test]
fn rewards_are_the_weighted_sum() {
    let items = crate::item::generate_batch("countdown", Some(1), &Value::Null, 3, 0, 2)
        .expect("generates");
    let payloads: Vec<&str> = items.iter().map(|i| i.verification.as_str()).collect();
    let right = format!("<think>t</think><answer>{}</answer>", items[0].answer);
    let completions = [right.clone(), "<think>t</think> no".to_string()];
    let options = r#"{"correctness": 1, "format": 0.5, "length": 0.25,
        "length_options": {"unit": "chars", "target_length": 10, "min_scale": 1}}"#;
    let rewards = spec(options)
        .expect("valid")
        .rewards(&payloads, &completions, &[])
        .expect("scores");
    #[allow(clippy::cast_precision_loss)]
    let length = right.chars().count() as f64;
    let expected_length = length_score(length, 10.0, LengthShape::Linear);
    assert_eq!(rewards[0].length_score, expected_length);
    assert_eq!(rewards[0].total, 1.0 + 0.5 + 0.25 * expected_length);
    // Wrong and unformatted: nothing (only_correct gates the length reward).
    assert_eq!(rewards[1].total, 0.0);
    // Tokens are required when counted in tokens, and the per-sample path agrees.
    let by_tokens = spec(r#"{"length": 1}"#).expect("valid");
    assert!(by_tokens.rewards(&payloads, &completions, &[]).is_err());
    let infos = [SampleInfo {
        tokens: Some(100),
        level: Some(1),
    }; 2];
    let batch = by_tokens
        .rewards(&payloads, &completions, &infos)
        .expect("scores");
    let payload = Payload::parse(payloads[0]).expect("payload");
    let one = by_tokens
        .reward(&payload, &completions[0], infos[0])
        .expect("scores");
    assert_eq!(batch[0], one);
    // Level 1 scales the 1024 target to 256: 100 tokens are within it.
    assert_eq!(one.total, 2.0);
}

#[test]
fn pass_rate_groups_share_a_payload() {
    let items = crate::item::generate_batch("countdown", Some(1), &Value::Null, 3, 0, 1)
        .expect("generates");
    let payload = items[0].verification.as_str();
    let right = format!("<answer>{}</answer>", items[0].answer);
    let options = r#"{"correctness": 0, "length": 1, "length_options":
        {"unit": "chars", "difficulty": "pass_rate", "target_length": 4, "min_scale": 0.5,
         "shape": "step"}}"#;
    let spec = spec(options).expect("valid");
    // One of two correct: hardness 0.5, target 4 * 0.75 = 3 chars: the long answer fails.
    let rewards = spec
        .rewards(&[payload, payload], &[right.as_str(), "x"], &[])
        .expect("scores");
    assert_eq!(rewards[0].total, 0.0);
    assert_eq!(rewards[1].total, 0.0);
    let lenient = spec_with_target(&right);
    let rewards = lenient
        .rewards(&[payload, payload], &[right.as_str(), "x"], &[])
        .expect("scores");
    assert_eq!(rewards[0].total, 1.0);
}

fn spec_with_target(text: &str) -> RewardSpec {
    let target = text.chars().count() * 2;
    spec(&format!(
        r#"{{"correctness": 0, "length": 1, "length_options": {{"unit": "chars",
        "difficulty": "pass_rate", "target_length": {target}, "min_scale": 0.5}}}}"#
    ))
    .expect("valid")
}

#[test]
fn length_score_shapes() {
    assert_eq!(length_score(10.0, 10.0, LengthShape::Linear), 1.0);
    assert_eq!(length_score(15.0, 10.0, LengthShape::Linear), 0.5);
    assert_eq!(length_score(30.0, 10.0, LengthShape::Linear), 0.0);
    assert_eq!(length_score(11.0, 10.0, LengthShape::Step), 0.0);
    assert_eq!(length_score(1.0, 0.0, LengthShape::Linear), 0.0);
}
