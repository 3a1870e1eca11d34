//! Parsing, rendering, grading, the prompt, near misses and exploits.

use std::time::{Duration, Instant};

use super::{check, puzzle, rational, value};
use crate::rng::ItemRng;
use crate::task::{Grade, Task};
use crate::tasks::countdown::adversarial::scientific;
use crate::tasks::countdown::arithmetic::Ratio;
use crate::tasks::countdown::format::{parse_expression, render, Token, MAX_DEPTH};
use crate::tasks::countdown::grade::{evaluate, Violation};
use crate::tasks::countdown::Countdown;

#[test]
fn precedence_associativity_and_parentheses() {
    for (text, expected) in [
        ("2 + 3 * 4", 14),
        ("(2 + 3) * 4", 20),
        ("2 * 3 + 4 * 5", 26),
        ("8 - 3 - 2", 3),
        ("8 - (3 - 2)", 7),
        ("8 / 4 / 2", 1),
        ("8 / (4 / 2)", 4),
        ("100 - 4 * 5 * 2", 60),
        ("((2))", 2),
        ("2*(3+4)*5", 70),
        ("(1 + 2) * (3 + 4) - 5", 16),
    ] {
        assert_eq!(value(text), Some(Ratio::int(expected)), "{text}");
    }
    assert_eq!(value("7 / 2"), Ratio::new(7, 2));
    assert_eq!(value("1 / 3 + 1 / 6"), Ratio::new(1, 2));
}

#[test]
fn renders_minimal_parentheses_that_read_back() {
    for text in [
        "(25 - 5) * 3 + 7",
        "8 - (3 - 2)",
        "8 / (4 * 2)",
        "(1 + 2) * (3 + 4)",
        "2 * 3 + 4 * 5",
        "9 - (4 + 2) / 3",
        "6 / (3 / (2 - 1))",
    ] {
        let expr = parse_expression(text, 0).unwrap();
        assert_eq!(render(&expr.0), text);
    }
    let expr = parse_expression("((2 + 3)) + (4 * 5)", 0).unwrap();
    assert_eq!(render(&expr.0), "2 + 3 + 4 * 5");
}

#[test]
fn accepts_any_valid_expression_aliases_and_stated_target() {
    let p = puzzle(&[1, 2, 3, 4], 10, "+-*/", true);
    for text in [
        "1 + 2 + 3 + 4",
        "4 + 3 + 2 + 1",
        "1 * 2 * 3 + 4",
        "4 * 3 - 2 * 1",
        "(3 − 1) × 4 + 2",
        "4*3-2/1",
        "4 × 3 − 2 ÷ 1",
        " 1+2+3+4 = 10 ",
        "\n(1 + 2 + 3 + 4)=10\n",
    ] {
        assert_eq!(check(&p, text), Ok(true), "{text}");
    }
    for text in [
        "1 + 2 + 3 + 4 = 11",
        "1 + 2 + 3 + 4 = 010",
        "1 + 2 + 3 + 4 = ",
    ] {
        assert!(check(&p, text).is_err(), "{text}");
    }
    // Right syntax, wrong value.
    assert_eq!(check(&p, "1 + 2 + 3 * 4"), Ok(false));
}

#[test]
fn numbers_are_a_multiset() {
    let twice = puzzle(&[2, 2, 3], 7, "+-*/", false);
    assert_eq!(check(&twice, "2 + 2 + 3"), Ok(true));
    let once = puzzle(&[2, 5, 3], 7, "+-*/", false);
    assert_eq!(check(&once, "2 + 2 + 3"), Ok(false));
    assert_eq!(check(&once, "2 + 5"), Ok(true));
    assert_eq!(check(&once, "4 + 3"), Ok(false), "4 is not given");
    assert_eq!(check(&once, "7"), Ok(false), "7 is not given");
    // The right value with a number that is not given is still wrong.
    assert_eq!(check(&once, "2 + 5 + 9 - 9"), Ok(false));
}

#[test]
fn use_all_requires_every_number() {
    let all = puzzle(&[2, 5, 3], 7, "+-*/", true);
    assert_eq!(check(&all, "2 * 5 - 3"), Ok(true));
    assert_eq!(check(&all, "2 + 5"), Ok(false));
    let some = puzzle(&[2, 5, 3], 7, "+-*/", false);
    assert_eq!(check(&some, "2 + 5"), Ok(true));
    assert_eq!(check(&some, "2 * 5 - 3"), Ok(true));
}

#[test]
fn integer_intermediates_and_exact_division() {
    let p = puzzle(&[7, 2, 2], 7, "+-*/", true);
    assert_eq!(check(&p, "7 / 2 * 2"), Ok(false), "7/2 is not an integer");
    assert_eq!(check(&rational(p.clone()), "7 / 2 * 2"), Ok(true));
    assert_eq!(check(&p, "7 * 2 / 2"), Ok(true));
    // Left-to-right evaluation decides the intermediates: (3 - 5) + 4 goes negative.
    let p = puzzle(&[3, 5, 4], 2, "+-*/", true);
    assert_eq!(check(&p, "3 - 5 + 4"), Ok(false));
    assert_eq!(check(&p, "3 + 4 - 5"), Ok(true));
    assert_eq!(check(&rational(p.clone()), "3 - 5 + 4"), Ok(true));
    // Zero is not a positive integer; division by zero is an error in both modes.
    let p = puzzle(&[5, 3, 3, 4], 4, "+-*/", false);
    assert_eq!(check(&p, "(3 - 3) + 4"), Ok(false));
    assert_eq!(check(&rational(p.clone()), "(3 - 3) + 4"), Ok(true));
    assert_eq!(check(&rational(p.clone()), "5 / (3 - 3) + 4"), Ok(false));
}

#[test]
fn only_allowed_operators() {
    let p = puzzle(&[2, 3, 4], 14, "+-", false);
    assert_eq!(check(&p, "2 + 3 * 4"), Ok(false));
    let p = puzzle(&[2, 3, 4], 14, "+*", false);
    assert_eq!(check(&p, "2 + 3 * 4"), Ok(true));
    assert_eq!(check(&p, "(4 - 2) * 3 + 4"), Ok(false));
}

#[test]
fn overflow_and_huge_numbers_are_rejected_quickly() {
    let big = rational(puzzle(&[1_000_000; 10], 1, "+-*/", false));
    let product = ["1000000"; 10].join(" * ");
    assert_eq!(check(&big, &product), Ok(false), "10^60 overflows i128");
    let huge_sum = format!("{} * {}", "9".repeat(18), "9".repeat(18));
    assert_eq!(check(&big, &huge_sum), Ok(false), "not given, no panic");
    assert!(parse_expression(&"9".repeat(19), 0).is_err());
    assert!(parse_expression("99999999999999999999", 0).is_err());
    let started = Instant::now();
    let long = "9".repeat(10_000);
    assert!(parse_expression(&long, 0).is_err());
    assert!(parse_expression(&format!("1 + {long}"), 0).is_err());
    assert!(check(&big, &long).is_err());
    assert!(started.elapsed() < Duration::from_millis(50));
    // Ratio arithmetic at the edges of i128 never panics.
    let max = Ratio::int(i128::MAX);
    let min = Ratio::int(i128::MIN);
    assert_eq!(max.add(Ratio::int(1)), None);
    assert_eq!(min.sub(Ratio::int(1)), None);
    assert_eq!(min.div(Ratio::int(-1)), None);
    assert_eq!(max.mul(max), None);
    assert_eq!(Ratio::new(1, i128::MIN), None);
    assert_eq!(Ratio::new(i128::MIN, 1), Some(min));
    assert_eq!(min.add(max), Some(Ratio::int(-1)));
    let tiny = Ratio::new(1, i128::MAX).unwrap();
    assert_eq!(tiny.add(Ratio::new(1, i128::MAX - 1).unwrap()), None);
    assert_eq!(tiny.div(tiny), Some(Ratio::int(1)));
}

#[test]
fn nesting_depth_is_capped() {
    let p = puzzle(&[5], 5, "+", false);
    let ok = format!("{}5{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(parse_expression(&ok, 5).is_ok());
    let deep = format!(
        "{}5{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    assert!(check(&p, &deep).is_err());
    let very_deep = format!("{}5{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(parse_expression(&very_deep, 5).is_err());
}

#[test]
fn eval_like_and_malformed_strings_are_rejected() {
    let p = puzzle(&[2, 3, 4, 5], 7, "+-*/", false);
    for text in [
        "",
        "   ",
        "__import__('os').system('ls')",
        "eval('3 + 4')",
        "exec(\"print(7)\")",
        "3 + 4; 5",
        "2 ** 3",
        "2 ^ 3",
        "1e3",
        "0x10",
        "2.0 + 5",
        "3 + 4.",
        "-3 + 10",
        "+3 + 4",
        "3 + -4",
        "１ + 2",
        "٣ + 4",
        "3٤",
        "3 + 4, 5 + 2",
        "3 + 4\n5 + 2",
        "3 + 4 or 5 + 2",
        "3 4",
        "(3 + 4",
        "3 + 4)",
        "()",
        "3 +",
        "2(3 + 5)",
        "(2)(3)",
        "3 + 4 = 7 = 7",
        "= 7",
        "03 + 4",
        "3 x 4",
        "[3 + 4]",
        "{3 + 4}",
        "3 + 4 = seven",
        "3_0",
        "3\u{200b}+ 4",
    ] {
        assert!(check(&p, text).is_err(), "{text:?} should not parse");
    }
}

#[test]
fn wrong_answers_are_near_misses_and_wrong() {
    let mut p = puzzle(&[25, 5, 3, 7], 67, "+-*/", true);
    p.solution = "(25 - 5) * 3 + 7".into();
    assert_eq!(check(&p, &p.solution), Ok(true));
    let mut rng = ItemRng::from_u64(3);
    let wrong = Countdown::wrong_answers(&p, &mut rng);
    assert!(wrong.len() >= 6, "{wrong:?}");
    for text in &wrong {
        assert_ne!(check(&p, text), Ok(true), "{text}");
    }
    // A number used twice with the right value, a number that is not given, and an
    // omitted number are among them.
    assert!(wrong.iter().any(|w| w.ends_with("+ 7 - 7")
        || w.ends_with("+ 5 - 5")
        || w.ends_with("+ 3 - 3")
        || w.ends_with("+ 25 - 25")));
    assert!(wrong.iter().any(|w| w.ends_with("+ 68 - 68")));
    assert!(wrong.iter().any(|w| {
        parse_expression(w, 67)
            .is_ok_and(|e| e.0.iter().filter(|t| matches!(t, Token::Number(_))).count() == 3)
    }));
}

#[test]
fn exploits_never_score_and_value_keeping_ones_break_a_rule() {
    use crate::exploits::{grade_text, level_puzzles};
    let mut seen = std::collections::BTreeSet::new();
    for level in 1..=10 {
        for p in level_puzzles::<Countdown>(level, 30) {
            for (name, text) in Countdown::exploits(&p) {
                seen.insert(name);
                // No partial credit in Countdown: every attempt is unparsable or 0.
                if let Some(grade) = grade_text::<Countdown>(&p, &text) {
                    assert_eq!(grade, Grade::WRONG, "level {level} {name}: {text} ({p:?})");
                }
                if matches!(
                    name,
                    "a number used twice"
                        | "a number that is not given"
                        | "two numbers joined into one"
                ) {
                    // It reaches the target, so only the multiset rule refuses it.
                    assert_eq!(
                        value(&text),
                        Some(Ratio::int(i128::from(p.target))),
                        "{text}"
                    );
                    let expr = parse_expression(&text, p.target).unwrap();
                    assert_eq!(evaluate(&p, &expr), Err(Violation::NumberUnavailable));
                }
            }
        }
    }
    for name in [
        "the target alone",
        "target = target",
        "a number used twice",
        "a number that is not given",
        "a power with **",
        "unary minus",
        "a decimal factor",
        "1e3 in the expression",
        "0x10 in the expression",
    ] {
        assert!(seen.contains(name), "{name} never ran");
    }
    assert_eq!(scientific(270), "2.7e2");
    assert_eq!(scientific(1000), "1e3");
    assert_eq!(scientific(7), "7e0");
}

#[test]
fn prompt_states_the_rules_as_enforced() {
    let mut p = puzzle(&[25, 5, 3, 7], 67, "+-*/", true);
    p.solution = "(25 - 5) * 3 + 7".into();
    let text = Countdown::prompt(&p);
    assert!(text.contains("Numbers: 25, 5, 3, 7"));
    assert!(text.contains("Target: 67"));
    assert!(text.contains("exactly once"));
    assert!(text.contains("positive integer"));
    assert!(text.contains("<answer>(25 - 5) * 3</answer>"));
    let p = rational(puzzle(&[4, 6], 24, "*", false));
    let text = Countdown::prompt(&p);
    assert!(text.contains("at most once"));
    assert!(text.contains("The only operator allowed is * (multiplication)"));
    assert!(text.contains("fractions"));
    assert!(text.contains("<answer>(25 * 5) * 3</answer>"));
    let last = text.rsplit("\n\n").next().unwrap();
    assert!(last.contains("<answer>") && last.contains("</answer>"));
}
