//! Near misses and reward-hacking attempts for the conformance and exploit suites.

use super::arithmetic::Operator;
use super::format::{oracle, parse_expression, render, Token};
use super::grade::grade_expression;
use super::puzzle::{CountdownPuzzle, MAX_GIVEN};
use crate::rng::ItemRng;
use crate::task::Grade;

/// Swaps the tokens of `tokens` to remove the leaf at `leaf` together with its parent
/// operator (the sibling takes the parent's place). `None` if `leaf` has no parent.
pub(super) fn omit_leaf(tokens: &[Token], leaf: usize) -> Option<Vec<Token>> {
    // Subtree start of each position.
    let mut starts: Vec<usize> = Vec::with_capacity(tokens.len());
    let mut open: Vec<usize> = Vec::with_capacity(tokens.len());
    for (p, token) in tokens.iter().enumerate() {
        match token {
            Token::Number(_) => {
                starts.push(p);
                open.push(p);
            }
            Token::Op(_) => {
                let _right = open.pop()?;
                let left = open.pop()?;
                starts.push(left);
                open.push(left);
            }
        }
    }
    // The parent of `leaf`: the first operator after it whose subtree contains it as a child.
    for (p, token) in tokens.iter().enumerate().skip(leaf + 1) {
        if let Token::Op(_) = token {
            let right_start = starts[p - 1];
            let left_start = starts[p];
            let is_left_child = leaf == left_start && right_start == leaf + 1;
            let is_right_child = leaf == p - 1;
            if is_left_child || is_right_child {
                let out = tokens
                    .iter()
                    .enumerate()
                    .filter(|&(q, _)| q != leaf && q != p)
                    .map(|(_, t)| *t)
                    .collect();
                return Some(out);
            }
        }
    }
    None
}

/// Task-specific wrong answers (rendered text) for the conformance suite.
pub(super) fn wrong_answers(puzzle: &CountdownPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let oracle = oracle(puzzle).0;
    if oracle.is_empty() {
        return vec![format!("{} + 1", puzzle.target)];
    }
    let operators = puzzle.allowed_operators();
    let mut candidates: Vec<Vec<Token>> = Vec::new();
    let leaves: Vec<usize> = (0..oracle.len())
        .filter(|&p| matches!(oracle[p], Token::Number(_)))
        .collect();
    let op_positions: Vec<usize> = (0..oracle.len())
        .filter(|&p| matches!(oracle[p], Token::Op(_)))
        .collect();
    // One number changed.
    let p = *rng.choose(&leaves);
    if let Token::Number(v) = oracle[p] {
        for changed in [
            v.saturating_add(1),
            v.saturating_sub(1).max(1),
            v.saturating_add(2),
        ] {
            if changed != v {
                let mut tokens = oracle.clone();
                tokens[p] = Token::Number(changed);
                candidates.push(tokens);
            }
        }
    }
    // One operator changed (to another allowed one when there is one).
    if !op_positions.is_empty() {
        let p = *rng.choose(&op_positions);
        if let Token::Op(op) = oracle[p] {
            let others: Vec<Operator> = Operator::ALL
                .into_iter()
                .filter(|&o| o != op && (operators.len() == 1 || operators.contains(&o)))
                .collect();
            for other in others {
                let mut tokens = oracle.clone();
                tokens[p] = Token::Op(other);
                candidates.push(tokens);
            }
        }
    }
    // The right value, but one number used more often than it is given.
    let given = |v: u64| puzzle.numbers.iter().filter(|&&x| x == v).count();
    let used = |v: u64| oracle.iter().filter(|&&t| t == Token::Number(v)).count();
    let exhausted: Vec<u64> = leaves
        .iter()
        .filter_map(|&p| match oracle[p] {
            Token::Number(v) if used(v) >= given(v) => Some(v),
            _ => None,
        })
        .collect();
    let neutral = |extra: u64| -> Option<Vec<Token>> {
        let pair = if operators.contains(&Operator::Add) && operators.contains(&Operator::Sub) {
            (Operator::Add, Operator::Sub)
        } else if operators.contains(&Operator::Mul) && operators.contains(&Operator::Div) {
            (Operator::Mul, Operator::Div)
        } else {
            return None;
        };
        let mut tokens = oracle.clone();
        tokens.extend([
            Token::Number(extra),
            Token::Op(pair.0),
            Token::Number(extra),
            Token::Op(pair.1),
        ]);
        Some(tokens)
    };
    if !exhausted.is_empty() {
        let v = *rng.choose(&exhausted);
        candidates.extend(neutral(v));
        // Or swap another leaf for it.
        let p = *rng.choose(&leaves);
        let mut tokens = oracle.clone();
        tokens[p] = Token::Number(v);
        candidates.push(tokens);
    }
    // The right value, but with a number that is not in the list.
    let absent = (1..=puzzle.numbers.len() as u64 + 1)
        .map(|k| puzzle.target.saturating_add(k))
        .find(|v| !puzzle.numbers.contains(v))
        .unwrap_or(1);
    candidates.extend(neutral(absent));
    if !puzzle.numbers.contains(&puzzle.target) || puzzle.use_all {
        candidates.push(vec![Token::Number(puzzle.target)]);
    }
    // One number left out, when all must be used.
    if puzzle.use_all {
        let p = *rng.choose(&leaves);
        candidates.extend(omit_leaf(&oracle, p));
    }
    // Keep only candidates that really are wrong (a change can hit the target by chance).
    let mut out: Vec<String> = candidates
        .iter()
        .map(|tokens| render(tokens))
        .filter(|text| {
            !matches!(
                parse_expression(text, puzzle.target),
                Ok(expr) if grade_expression(puzzle, &expr) == Grade::CORRECT
            )
        })
        .collect();
    // Text-level near misses: a wrong stated result, and two expressions.
    let text = render(&oracle);
    out.push(format!("{text} = {}", puzzle.target.wrapping_add(1)));
    out.push(format!("{text}, {text}"));
    out.push(format!("{text} or {}", puzzle.target));
    out.dedup();
    out
}

/// Named reward-hacking attempts, each of which must score 0.
pub(super) fn exploits(puzzle: &CountdownPuzzle) -> Vec<(&'static str, String)> {
    let target = puzzle.target;
    let numbers = &puzzle.numbers;
    let oracle = oracle(puzzle).0;
    let text = render(&oracle);
    let given = |v: u64| numbers.iter().filter(|&&x| x == v).count();
    let used = |v: u64| oracle.iter().filter(|&&t| t == Token::Number(v)).count();
    let allowed = puzzle.allowed_operators();
    // `+ v - v` or `* v / v`: keeps the value, uses `v` twice more.
    let neutral = |v: u64| -> Option<String> {
        if allowed.contains(&Operator::Add) && allowed.contains(&Operator::Sub) {
            Some(format!("{text} + {v} - {v}"))
        } else if allowed.contains(&Operator::Mul) && allowed.contains(&Operator::Div) {
            Some(format!("{text} * {v} / {v}"))
        } else {
            None
        }
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    // The target alone is a (degenerate) solution only if it is given and may stand alone.
    let target_given = given(target) > 0 && (!puzzle.use_all || numbers.len() == 1);
    if !target_given {
        out.push(("the target alone", target.to_string()));
        out.push(("target = target", format!("{target} = {target}")));
        out.push(("the target in scientific notation", scientific(target)));
        out.push(("the target in hexadecimal", format!("{target:#x}")));
        out.push(("the target as a decimal", format!("{target}.0")));
    }
    out.push(("only the stated result", format!("= {target}")));
    // A given number used more often than it is given, the value unchanged.
    if let Some(v) = oracle.iter().find_map(|t| match *t {
        Token::Number(v) if used(v) + 2 > given(v) => Some(v),
        _ => None,
    }) {
        if let Some(attempt) = neutral(v) {
            out.push(("a number used twice", attempt));
        }
    }
    // A number that is not given, the value unchanged.
    let absent = (2..=MAX_GIVEN as u64 + 2)
        .find(|v| given(*v) == 0)
        .unwrap_or(1);
    if let Some(attempt) = neutral(absent) {
        out.push(("a number that is not given", attempt));
    }
    // Two given numbers joined into one, the value unchanged.
    if numbers.len() >= 2 {
        let joined = format!("{}{}", numbers[0], numbers[1]);
        if joined.parse::<u64>().is_ok_and(|v| given(v) == 0) {
            if let Some(attempt) = neutral(joined.parse().unwrap_or(0)) {
                out.push(("two numbers joined into one", attempt));
            }
        }
    }
    out.push(("a power with **", format!("({text}) ** 1")));
    out.push(("a power with ^", format!("({text}) ^ 1")));
    out.push(("unary minus", format!("-(-({text}))")));
    out.push(("unary plus", format!("+({text})")));
    out.push(("a decimal factor", format!("({text}) * 1.0")));
    out.push(("1e3 in the expression", format!("{text} + 1e3 - 1e3")));
    out.push(("0x10 in the expression", format!("{text} + 0x10 - 0x10")));
    out.push(("a division by zero", format!("{text} + 1 / (1 - 1)")));
    out.push(("code instead of an expression", format!("eval('{text}')")));
    out.push((
        "two expressions separated by ';'",
        format!("{}; {text}", numbers.first().copied().unwrap_or(1)),
    ));
    // Every number summed / multiplied: a blind guess, unless it happens to be right.
    let sum = numbers.iter().try_fold(0u64, |a, &v| a.checked_add(v));
    if sum != Some(target) && allowed.contains(&Operator::Add) {
        out.push((
            "every number added",
            numbers
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(" + "),
        ));
    }
    let product = numbers.iter().try_fold(1u64, |a, &v| a.checked_mul(v));
    if product != Some(target) && allowed.contains(&Operator::Mul) {
        out.push((
            "every number multiplied",
            numbers
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(" * "),
        ));
    }
    out
}

/// `target` in scientific notation, e.g. `2.7e2` for 270.
pub(super) fn scientific(target: u64) -> String {
    let digits = target.to_string();
    let exponent = digits.len() - 1;
    let mantissa = digits[1..].trim_end_matches('0');
    if mantissa.is_empty() {
        format!("{}e{exponent}", &digits[..1])
    } else {
        format!("{}.{mantissa}e{exponent}", &digits[..1])
    }
}
