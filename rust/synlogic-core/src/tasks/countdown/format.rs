//! The answer format and the prompt: the tokenizer and parser, the renderer (its inverse) and
//! the prompt text with its format example.

use super::arithmetic::Operator;
use super::knobs::MAX_COUNT;
use super::puzzle::CountdownPuzzle;
use crate::task::ParseError;

/// The deepest parenthesis nesting the parser accepts.
pub(super) const MAX_DEPTH: usize = 64;
/// The longest digit run the parser reads as a number (keeps values far inside `i128`).
pub(super) const MAX_DIGITS: usize = 18;

/// One token of an expression in postfix (reverse Polish) order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token {
    Number(u64),
    Op(Operator),
}

/// A parsed answer: one expression in postfix order (structurally valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression(pub(super) Vec<Token>);

pub(super) fn parse_number(digits: &str) -> Result<u64, ParseError> {
    if digits.len() > MAX_DIGITS {
        return Err(ParseError::new("number too long"));
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return Err(ParseError::new("numbers must not have leading zeros"));
    }
    digits
        .bytes()
        .try_fold(0u64, |acc, d| {
            acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
        .ok_or_else(|| ParseError::new("number too large"))
}

/// The end (byte offset) of the ASCII digit run starting at `start`, failing early on runs
/// longer than [`MAX_DIGITS`] and on numbers glued to letters, digits of other scripts, `.`
/// or `_` (`1e3`, `0x10`, `2.0`, `3٣`).
pub(super) fn digit_run_end(text: &str, start: usize) -> Result<usize, ParseError> {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
        if end - start > MAX_DIGITS {
            return Err(ParseError::new("number too long"));
        }
    }
    if let Some(next) = text[end..].chars().next() {
        if next.is_alphanumeric() || next == '.' || next == '_' {
            return Err(ParseError::new(
                "malformed number (only plain decimal integers are allowed)",
            ));
        }
    }
    Ok(end)
}

/// Parses one infix expression, optionally followed by `= target`, into postfix order.
///
/// Shunting-yard over a hand-written tokenizer: linear time, iterative, parenthesis depth
/// capped at [`MAX_DEPTH`].
pub(super) fn parse_expression(text: &str, target: u64) -> Result<Expression, ParseError> {
    // `None` on the operator stack is an open parenthesis.
    let mut output: Vec<Token> = Vec::with_capacity(24);
    let mut stack: Vec<Option<Operator>> = Vec::with_capacity(16);
    let mut depth = 0usize;
    let mut expect_operand = true;
    let mut pos = 0usize;
    let mut rhs: Option<&str> = None;
    while let Some(ch) = text[pos..].chars().next() {
        let width = ch.len_utf8();
        if ch.is_whitespace() {
            pos += width;
            continue;
        }
        if ch.is_ascii_digit() {
            if !expect_operand {
                return Err(ParseError::new(
                    "a number cannot follow a number or ')' (give a single expression)",
                ));
            }
            let end = digit_run_end(text, pos)?;
            output.push(Token::Number(parse_number(&text[pos..end])?));
            expect_operand = false;
            pos = end;
            continue;
        }
        match ch {
            '(' => {
                if !expect_operand {
                    return Err(ParseError::new(
                        "'(' cannot follow a number or ')' (write the operator)",
                    ));
                }
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ParseError::new("parentheses nested too deeply"));
                }
                stack.push(None);
            }
            ')' => {
                if expect_operand {
                    return Err(ParseError::new("')' where a number was expected"));
                }
                loop {
                    match stack.pop() {
                        Some(Some(op)) => output.push(Token::Op(op)),
                        Some(None) => break,
                        None => return Err(ParseError::new("unbalanced ')'")),
                    }
                }
                depth -= 1;
            }
            '=' => {
                if expect_operand {
                    return Err(ParseError::new("'=' where a number was expected"));
                }
                rhs = Some(&text[pos + width..]);
                break;
            }
            _ => {
                let Some(op) = Operator::from_symbol(ch) else {
                    return Err(ParseError::new(format!("unexpected character {ch:?}")));
                };
                if expect_operand {
                    return Err(ParseError::new(if op == Operator::Sub {
                        "unary minus is not allowed"
                    } else {
                        "an operator where a number was expected"
                    }));
                }
                while let Some(&Some(top)) = stack.last() {
                    if top.precedence() < op.precedence() {
                        break;
                    }
                    output.push(Token::Op(top));
                    stack.pop();
                }
                stack.push(Some(op));
                expect_operand = true;
            }
        }
        pos += width;
    }
    if expect_operand {
        return Err(ParseError::new("incomplete expression"));
    }
    while let Some(entry) = stack.pop() {
        match entry {
            Some(op) => output.push(Token::Op(op)),
            None => return Err(ParseError::new("unbalanced '('")),
        }
    }
    if let Some(rhs) = rhs {
        let rhs = rhs.trim();
        if rhs.is_empty() || !rhs.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::new(
                "after '=' only the target may follow, as a plain integer",
            ));
        }
        if parse_number(rhs)? != target {
            return Err(ParseError::new(
                "the stated result after '=' is not the target",
            ));
        }
    }
    Ok(Expression(output))
}

/// Renders a postfix expression in infix with minimal parentheses (spaces around operators).
pub(super) fn render(tokens: &[Token]) -> String {
    const LEAF: u8 = 3;
    let mut stack: Vec<(String, u8)> = Vec::with_capacity(MAX_COUNT);
    for token in tokens {
        match *token {
            Token::Number(value) => stack.push((value.to_string(), LEAF)),
            Token::Op(op) => {
                let (Some((right, right_prec)), Some((left, left_prec))) =
                    (stack.pop(), stack.pop())
                else {
                    return String::new();
                };
                let prec = op.precedence();
                let left = if left_prec < prec {
                    format!("({left})")
                } else {
                    left
                };
                let right_needs = right_prec < prec
                    || (right_prec == prec && matches!(op, Operator::Sub | Operator::Div));
                let right = if right_needs {
                    format!("({right})")
                } else {
                    right
                };
                stack.push((format!("{left} {} {right}", op.symbol()), prec));
            }
        }
    }
    match (stack.pop(), stack.is_empty()) {
        (Some((text, _)), true) => text,
        _ => String::new(),
    }
}

/// The prompt's format example, `(25 - 5) * 3` or the like, built from allowed operators.
pub(super) fn format_example(operators: &[Operator]) -> String {
    use Operator::{Add, Div, Mul, Sub};
    let pick = |order: [Operator; 4], avoid: Option<Operator>| {
        order
            .into_iter()
            .find(|op| operators.contains(op) && Some(*op) != avoid)
            .or_else(|| order.into_iter().find(|op| operators.contains(op)))
            .unwrap_or(Operator::Add)
    };
    let inner = pick([Sub, Add, Div, Mul], None);
    let outer = pick([Mul, Add, Sub, Div], Some(inner));
    format!("(25 {} 5) {} 3", inner.symbol(), outer.symbol())
}

/// The operators' names joined as a list in prose ("+ (addition), - (subtraction) and ...").
pub(super) fn join_names(operators: &[Operator]) -> String {
    let names: Vec<&str> = operators.iter().map(|op| op.name()).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].to_string(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// The prompt text of `puzzle`, including the exact answer format.
pub(super) fn prompt(puzzle: &CountdownPuzzle) -> String {
    let numbers: Vec<String> = puzzle.numbers.iter().map(u64::to_string).collect();
    let operators = puzzle.allowed_operators();
    let target = puzzle.target;
    let usage = if puzzle.use_all {
        "Use every number in the list exactly once (a number listed twice must be used twice)."
    } else {
        "Use each number in the list at most once (a number listed twice may be used up to twice); you do not have to use them all."
    };
    let operator_rule = if operators.len() == 1 {
        format!(
            "The only operator allowed is {}; you may use parentheses.",
            join_names(&operators)
        )
    } else {
        format!(
            "The only operators allowed are {}; you may use parentheses.",
            join_names(&operators)
        )
    };
    let arithmetic = if puzzle.integer_intermediates {
        "Every intermediate result and the final result must be a positive integer: each subtraction must give a result greater than 0 and each division must be exact."
    } else {
        "Arithmetic is exact: intermediate results may be fractions, zero or negative, but division by zero is not allowed."
    };
    format!(
        "Combine the given numbers with arithmetic to reach the target.\n\n\
         Numbers: {}\n\
         Target: {target}\n\n\
         Rules:\n\
         - {usage}\n\
         - {operator_rule}\n\
         - Write each number exactly as it appears in the list: no other numbers, no joining digits into a new number, no decimals, exponents or powers, and no unary minus (such as -3).\n\
         - Operators follow the usual precedence: * and / before + and -, and operators of equal precedence are evaluated from left to right.\n\
         - {arithmetic}\n\
         - The expression must equal {target} exactly.\n\n\
         Answer with a single expression (you may end it with \"= {target}\") inside <answer> and </answer> tags; × ÷ and − are accepted for * / and -. Format example (not a solution): <answer>{}</answer>",
        numbers.join(", "),
        format_example(&operators),
    )
}

/// The oracle answer: the generator's stored solution read back (empty if it does not parse,
/// which only an edited payload can cause).
pub(super) fn oracle(puzzle: &CountdownPuzzle) -> Expression {
    parse_expression(&puzzle.solution, puzzle.target).unwrap_or(Expression(Vec::new()))
}
