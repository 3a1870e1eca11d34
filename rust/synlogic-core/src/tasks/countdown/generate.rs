//! Generation: random numbers, a random expression tree over them, its value as the target.

use serde_json::{Map, Value};

use super::arithmetic::{Operator, Ratio};
use super::format::{format_example, parse_expression, render, Token};
use super::grade::grade_expression;
use super::knobs::{CountdownKnobs, MAX_COUNT};
use super::puzzle::CountdownPuzzle;
use super::solver::{run_solver, SOLVER_NODE_CAP};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade};

/// Fresh draws of the numbers before giving up.
pub(super) const NUMBER_ATTEMPTS: usize = 2000;
/// Targets equal to the sum or product of all the numbers redrawn per item before one is
/// accepted (only knob sets that allow little else reach it).
pub(super) const TRIVIAL_REDRAWS: u32 = 64;
/// Expression trees tried per draw of the numbers.
pub(super) const TREE_ATTEMPTS: usize = 12;
/// Random (pair, operator) picks tried per merge before the tree is abandoned.
pub(super) const MERGE_ATTEMPTS: usize = 8;

/// The number of operators on the longest root-to-leaf path.
pub(super) fn tree_depth(tokens: &[Token]) -> u32 {
    let mut stack: Vec<u32> = Vec::with_capacity(MAX_COUNT);
    for token in tokens {
        match token {
            Token::Number(_) => stack.push(0),
            Token::Op(_) => {
                let right = stack.pop().unwrap_or(0);
                let left = stack.pop().unwrap_or(0);
                stack.push(left.max(right) + 1);
            }
        }
    }
    stack.pop().unwrap_or(0)
}

/// A sub-expression built while generating: postfix tokens and exact value.
pub(super) struct Part {
    tokens: Vec<Token>,
    value: Ratio,
}

pub(super) fn valid_result(value: Ratio, integer: bool) -> bool {
    if integer {
        value.is_positive_integer()
    } else {
        value.num != 0
    }
}

/// Whether `target` is the sum or the product of all the given `numbers` (with that operator
/// allowed): a constant answer ("add everything") would solve such a puzzle.
pub(super) fn constant_guess_solves(numbers: &[u64], target: u64, operators: &[Operator]) -> bool {
    let sum = numbers.iter().try_fold(0u64, |acc, &v| acc.checked_add(v));
    let product = numbers.iter().try_fold(1u64, |acc, &v| acc.checked_mul(v));
    (operators.contains(&Operator::Add) && sum == Some(target))
        || (operators.contains(&Operator::Mul) && product == Some(target))
}

/// Builds a random expression tree over `picks` by merging random pairs.
pub(super) fn build_tree(
    numbers: &[u64],
    picks: &[usize],
    operators: &[Operator],
    integer: bool,
    rng: &mut ItemRng,
) -> Option<Part> {
    let mut pool: Vec<Part> = picks
        .iter()
        .map(|&i| Part {
            tokens: vec![Token::Number(numbers[i])],
            value: Ratio::int(i128::from(numbers[i])),
        })
        .collect();
    while pool.len() > 1 {
        let mut merge = None;
        for _ in 0..MERGE_ATTEMPTS {
            let i = rng.index(pool.len());
            let mut j = rng.index(pool.len() - 1);
            if j >= i {
                j += 1;
            }
            let op = *rng.choose(operators);
            let orders = if matches!(op, Operator::Sub | Operator::Div) {
                [(i, j), (j, i)]
            } else {
                [(i, j), (i, j)]
            };
            if let Some((a, b, value)) = orders.into_iter().find_map(|(a, b)| {
                let value = op.apply(pool[a].value, pool[b].value)?;
                valid_result(value, integer).then_some((a, b, value))
            }) {
                merge = Some((a, b, op, value));
                break;
            }
        }
        let (a, b, op, value) = merge?;
        let mut tokens = Vec::with_capacity(pool[a].tokens.len() + pool[b].tokens.len() + 1);
        tokens.extend_from_slice(&pool[a].tokens);
        tokens.extend_from_slice(&pool[b].tokens);
        tokens.push(Token::Op(op));
        let (high, low) = (a.max(b), a.min(b));
        pool.swap_remove(high);
        pool.swap_remove(low);
        pool.push(Part { tokens, value });
    }
    pool.pop()
}

/// Whether the prompt's format example is a correct answer to `puzzle` (the generator redraws
/// such puzzles, so copying the example never earns a reward).
pub(super) fn example_solves(puzzle: &CountdownPuzzle) -> bool {
    parse_expression(&format_example(&puzzle.allowed_operators()), puzzle.target)
        .is_ok_and(|expr| grade_expression(puzzle, &expr) == Grade::CORRECT)
}

/// Generates one puzzle from the item's random stream.
pub(super) fn generate(
    knobs: &CountdownKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<CountdownPuzzle>, GenerateError> {
    let mut operators = knobs.operators.clone();
    operators.sort_unstable();
    operators.dedup();
    let operator_text: String = operators.iter().map(|op| op.symbol()).collect();
    let n = knobs.count as usize;
    let fewest_used = if knobs.use_all {
        n
    } else {
        n.div_ceil(2).max(2)
    };
    let (lo, hi) = (knobs.min_value as i64, knobs.max_value as i64);
    let mut trivial_redraws = 0;
    for _ in 0..NUMBER_ATTEMPTS {
        let numbers: Vec<u64> = (0..n).map(|_| rng.range(lo, hi) as u64).collect();
        for _ in 0..TREE_ATTEMPTS {
            let used = rng.range(fewest_used as i64, n as i64) as usize;
            let picks = rng.sample_indices(n, used);
            let Some(part) = build_tree(
                &numbers,
                &picks,
                &operators,
                knobs.integer_intermediates,
                rng,
            ) else {
                continue;
            };
            let value = part.value;
            if value.den != 1
                || value.num < i128::from(knobs.min_target)
                || value.num > i128::from(knobs.max_target)
            {
                continue;
            }
            let target = value.num as u64;
            if !knobs.use_all && numbers.contains(&target) {
                continue;
            }
            let puzzle = CountdownPuzzle {
                numbers: numbers.clone(),
                target,
                operators: operator_text.clone(),
                use_all: knobs.use_all,
                integer_intermediates: knobs.integer_intermediates,
                solution: render(&part.tokens),
            };
            // The rendered solution must read back as itself and pass the verifier.
            let Ok(parsed) = parse_expression(&puzzle.solution, target) else {
                continue;
            };
            if render(&parsed.0) != puzzle.solution
                || grade_expression(&puzzle, &parsed) != Grade::CORRECT
            {
                continue;
            }
            // Copying the prompt's format example must never earn a reward.
            if example_solves(&puzzle) {
                continue;
            }
            // A target that adding (or multiplying) all the numbers reaches would reward a
            // constant strategy: redraw it, a bounded number of times (some knob sets,
            // such as only `+`, allow nothing else).
            let trivial = constant_guess_solves(&puzzle.numbers, target, &operators);
            if trivial && trivial_redraws < TRIVIAL_REDRAWS {
                trivial_redraws += 1;
                continue;
            }
            let report = run_solver(&puzzle, SOLVER_NODE_CAP);
            let mut metadata = Map::with_capacity(5);
            metadata.insert("solver_nodes".into(), Value::from(report.nodes));
            metadata.insert("solver_capped".into(), Value::from(report.capped));
            metadata.insert(
                "solution_tree_depth".into(),
                Value::from(tree_depth(&parsed.0)),
            );
            metadata.insert("numbers_used".into(), Value::from(used));
            metadata.insert("constant_guess_solves".into(), Value::from(trivial));
            return Ok(Generated {
                puzzle,
                difficulty: report.nodes as f64,
                metadata,
            });
        }
    }
    Err(GenerateError(format!(
        "no expression over {n} numbers in {}..={} reached a target in {}..={} within the attempt budget",
        knobs.min_value, knobs.max_value, knobs.min_target, knobs.max_target
    )))
}
