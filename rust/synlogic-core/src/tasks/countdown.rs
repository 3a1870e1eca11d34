//! Countdown: combine given numbers with arithmetic to reach a target.
//!
//! # What it generates
//! A list of positive integers and an integer target. The generator draws the numbers, picks
//! all of them (`use_all`) or a random subset of at least half of them (at least 2), and builds
//! a random expression tree over them by repeatedly merging two random sub-expressions with a
//! random allowed operator. Pair merging yields binary trees of every shape, not only
//! left-to-right chains. The tree's value becomes the target; trees whose value is not an
//! integer in the target range are rejected and redrawn (bounded attempt budget, then a
//! [`GenerateError`]). The built expression, rendered with minimal parentheses, is the oracle
//! answer, and it is re-parsed and re-graded by the verifier before the item is returned, so
//! every puzzle is solvable by construction. Trees never contain a zero intermediate (a
//! degenerate `x - x` / `* 0`); when not every number must be used, a target equal to one of
//! the given numbers is rejected (it would be a one-number answer). A puzzle that the prompt's
//! format example (`(25 - 5) * 3` or the like) would solve is redrawn, so copying the example
//! never earns a reward. So is a target equal to the sum or the product of all the numbers (a
//! constant "add everything" answer would solve it), up to 64 times per item: only knob sets
//! that allow little else (such as `+` alone) ever keep one, and metadata flags it
//! (`constant_guess_solves`).
//!
//! # Knobs
//! `count` (how many numbers, 2–10), `min_value`/`max_value` (range of the numbers),
//! `min_target`/`max_target` (range of the target), `operators` (a non-empty subset of
//! `"+"`, `"-"`, `"*"`, `"/"`), `use_all` (every number must be used exactly once, otherwise
//! each at most once) and `integer_intermediates` (every intermediate result must be a
//! positive integer; otherwise exact rational arithmetic, where fractions, zero and negative
//! intermediates are allowed but division by zero is not).
//!
//! # Difficulty
//! `solver_nodes`: the number of expressions a deterministic exhaustive solver builds before it
//! finds a first solution. The solver is a depth-first search over pairs of the current values
//! (sorted multiset; equal values and commutative duplicates skipped; states memoized by a
//! 64-bit fingerprint), following the puzzle's rules. It is capped at [`SOLVER_NODE_CAP`]
//! nodes; metadata records `solver_nodes`, `solver_capped` and `solution_tree_depth` (the
//! number of operators on the longest root-to-leaf path of the oracle's expression). With
//! `integer_intermediates` the solver works on `u64` (values beyond it are pruned), otherwise
//! on the same checked rationals as the verifier. Levels 1→10 have medians of about 9, 13,
//! 39, 75, 560, 990, 4900, 12500, 30000, 94000 nodes (400 items each, version 3).
//!
//! # Answer format and verification
//! A single infix expression inside `<answer>…</answer>`, e.g. `<answer>(25 - 5) * 3 + 7</answer>`,
//! optionally followed by `= target`. The verifier uses its own tokenizer and shunting-yard
//! parser (iterative, parenthesis depth ≤ 64, answers ≤ 1024 bytes) and evaluates with exact
//! rationals over `i128` with checked operations (an overflow grades as wrong, never panics).
//! It never evaluates text as code. Accepted: ASCII decimal integers without leading zeros,
//! `+ - * /`, the aliases `×` `÷` `−` (U+2212), parentheses, whitespace and one trailing
//! `= N` where `N` must be the target. Rejected as unparsable: unary minus or plus, powers
//! (`**`, `^`), decimals (`2.0`), exponents (`1e3`), hex (`0x10`), non-ASCII digits (`١`,
//! `１`), letters, commas, several expressions (`3 + 4, 5 + 2` or two lines), a `= N` that
//! differs from the target. Grading accepts ANY expression that follows the rules: each
//! given number used at most as often as it is given (exactly as often if `use_all`), only
//! allowed operators, usual precedence with left-to-right evaluation of equal precedence,
//! positive-integer intermediates if `integer_intermediates`, and a value equal to the target.
//!
//! There is no partial credit: an answer is correct or scores 0 (closeness to the target would
//! be guessable, so it earns nothing). Reward-hacking attempts (the target alone, a number
//! used twice or not given, `**`, unary minus, `1e3`, `0x10`, ...) are listed by
//! `Countdown::exploits` and each scores 0.
//!
//! # Example (default level 5: 5 numbers in 1–25, targets 50–500, any subset)
//! ```text
//! Combine the given numbers with arithmetic to reach the target.
//!
//! Numbers: 23, 13, 19, 13, 5
//! Target: 270
//!
//! Rules:
//! - Use each number in the list at most once (a number listed twice may be used up to
//!   twice); you do not have to use them all.
//! - The only operators allowed are + (addition), - (subtraction), * (multiplication) and
//!   / (division); you may use parentheses.
//! - ... (numbers as written, precedence, positive-integer intermediates, equal 270 exactly)
//!
//! Answer with a single expression (you may end it with "= 270") inside <answer> and
//! </answer> tags; ... Format example (not a solution): <answer>(25 - 5) * 3</answer>
//! ```
//! Oracle answer: `23 + 13 * 19`. Any rule-abiding expression equal to 270 scores 1, e.g.
//! `19 × 13 + 23 = 270`; `13 * 19 + 23 + 13 - 13` scores 0 (13 is given twice, used thrice).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The most numbers a puzzle can give (the `count` knob's upper bound).
const MAX_COUNT: usize = 10;
/// The most numbers a payload may hold and still be graded (fixed-size grading buffers).
const MAX_GIVEN: usize = 16;
/// The deepest parenthesis nesting the parser accepts.
const MAX_DEPTH: usize = 64;
/// The longest digit run the parser reads as a number (keeps values far inside `i128`).
const MAX_DIGITS: usize = 18;
/// The largest value a given number may have.
const MAX_VALUE: u64 = 1_000_000;
/// The largest target the knobs allow.
const MAX_TARGET: u64 = 1_000_000_000_000;
/// The solver stops after building this many expressions.
pub const SOLVER_NODE_CAP: u64 = 250_000;
/// Fresh draws of the numbers before giving up.
const NUMBER_ATTEMPTS: usize = 2000;
/// Targets equal to the sum or product of all the numbers redrawn per item before one is
/// accepted (only knob sets that allow little else reach it).
const TRIVIAL_REDRAWS: u32 = 64;
/// Expression trees tried per draw of the numbers.
const TREE_ATTEMPTS: usize = 12;
/// Random (pair, operator) picks tried per merge before the tree is abandoned.
const MERGE_ATTEMPTS: usize = 8;

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Operator {
    /// Addition, `+`.
    #[serde(rename = "+", alias = "add")]
    Add,
    /// Subtraction, `-`.
    #[serde(rename = "-", alias = "sub")]
    Sub,
    /// Multiplication, `*`.
    #[serde(rename = "*", alias = "mul")]
    Mul,
    /// Division, `/`.
    #[serde(rename = "/", alias = "div")]
    Div,
}

impl Operator {
    const ALL: [Operator; 4] = [Operator::Add, Operator::Sub, Operator::Mul, Operator::Div];

    fn symbol(self) -> char {
        match self {
            Operator::Add => '+',
            Operator::Sub => '-',
            Operator::Mul => '*',
            Operator::Div => '/',
        }
    }

    fn name(self) -> &'static str {
        match self {
            Operator::Add => "+ (addition)",
            Operator::Sub => "- (subtraction)",
            Operator::Mul => "* (multiplication)",
            Operator::Div => "/ (division)",
        }
    }

    fn from_symbol(ch: char) -> Option<Self> {
        match ch {
            '+' => Some(Operator::Add),
            '-' | '\u{2212}' => Some(Operator::Sub),
            '*' | '\u{00D7}' => Some(Operator::Mul),
            '/' | '\u{00F7}' => Some(Operator::Div),
            _ => None,
        }
    }

    fn precedence(self) -> u8 {
        match self {
            Operator::Add | Operator::Sub => 1,
            Operator::Mul | Operator::Div => 2,
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    fn apply(self, a: Ratio, b: Ratio) -> Option<Ratio> {
        match self {
            Operator::Add => a.add(b),
            Operator::Sub => a.sub(b),
            Operator::Mul => a.mul(b),
            Operator::Div => a.div(b),
        }
    }
}

/// The knobs of [`Countdown`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CountdownKnobs {
    /// How many numbers are given (2–10).
    pub count: u32,
    /// The smallest value a given number can take (≥ 1).
    pub min_value: u64,
    /// The largest value a given number can take (≤ 1,000,000).
    pub max_value: u64,
    /// The smallest target (≥ 1).
    pub min_target: u64,
    /// The largest target (≤ 10^12).
    pub max_target: u64,
    /// The operators that may be used: a non-empty subset of `"+"`, `"-"`, `"*"`, `"/"`.
    pub operators: Vec<Operator>,
    /// Every number must be used exactly once (otherwise each at most once).
    pub use_all: bool,
    /// Every intermediate result must be a positive integer (otherwise exact fractions).
    pub integer_intermediates: bool,
}

impl Default for CountdownKnobs {
    fn default() -> Self {
        Self {
            count: 5,
            min_value: 1,
            max_value: 25,
            min_target: 50,
            max_target: 500,
            operators: Operator::ALL.to_vec(),
            use_all: false,
            integer_intermediates: true,
        }
    }
}

/// A Countdown puzzle: everything needed to render the prompt and grade answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CountdownPuzzle {
    /// The given numbers, in prompt order.
    #[serde(rename = "n")]
    pub numbers: Vec<u64>,
    /// The target.
    #[serde(rename = "t")]
    pub target: u64,
    /// The allowed operators as ASCII symbols in the order `+-*/`.
    #[serde(rename = "o")]
    pub operators: String,
    /// Every number must be used exactly once.
    #[serde(rename = "a")]
    pub use_all: bool,
    /// Every intermediate result must be a positive integer.
    #[serde(rename = "i")]
    pub integer_intermediates: bool,
    /// The generator's solution, rendered with minimal parentheses.
    #[serde(rename = "s")]
    pub solution: String,
}

impl CountdownPuzzle {
    fn operator_mask(&self) -> u8 {
        self.operators
            .chars()
            .filter_map(Operator::from_symbol)
            .fold(0, |mask, op| mask | op.bit())
    }

    fn allowed_operators(&self) -> Vec<Operator> {
        let mask = self.operator_mask();
        Operator::ALL
            .into_iter()
            .filter(|op| mask & op.bit() != 0)
            .collect()
    }
}

/// One token of an expression in postfix (reverse Polish) order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Number(u64),
    Op(Operator),
}

/// A parsed answer: one expression in postfix order (structurally valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression(Vec<Token>);

/// The Countdown task.
pub struct Countdown;

// ---------------------------------------------------------------------------------------------
// Exact rational arithmetic.

/// A reduced fraction with a positive denominator; every operation is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(a: i128, b: i128) -> Option<i128> {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        // The usual case: 64-bit shifts and subtractions are several times cheaper.
        return Some(i128::from(gcd_u64(x, y)));
    }
    // A value beyond 64 bits (rare): Euclid's algorithm.
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a).ok()
}

/// Binary GCD of two `u64` values (`gcd(0, b) = b`).
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// `a / b` for a divisor `b >= 1`, in 64 bits when both fit (several times cheaper than
/// a 128-bit division).
fn quot(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) if b > 0 => i128::from(a / b),
        _ => a / b,
    }
}

impl Ratio {
    const ZERO: Ratio = Ratio { num: 0, den: 1 };

    fn int(value: i128) -> Self {
        Self { num: value, den: 1 }
    }

    fn is_positive_integer(self) -> bool {
        self.den == 1 && self.num > 0
    }

    /// `num / den` reduced, or `None` on a zero denominator or overflow.
    fn new(mut num: i128, mut den: i128) -> Option<Self> {
        if den == 0 {
            return None;
        }
        if den < 0 {
            num = num.checked_neg()?;
            den = den.checked_neg()?;
        }
        let g = gcd(num, den)?;
        Some(Self {
            num: quot(num, g),
            den: quot(den, g),
        })
    }

    fn add(self, other: Self) -> Option<Self> {
        if self.den == 1 && other.den == 1 {
            return Some(Self::int(self.num.checked_add(other.num)?));
        }
        let g = gcd(self.den, other.den)?;
        let (a, b) = (quot(self.den, g), quot(other.den, g));
        let num = self
            .num
            .checked_mul(b)?
            .checked_add(other.num.checked_mul(a)?)?;
        Self::new(num, self.den.checked_mul(b)?)
    }

    fn sub(self, other: Self) -> Option<Self> {
        self.add(Self {
            num: other.num.checked_neg()?,
            den: other.den,
        })
    }

    fn mul(self, other: Self) -> Option<Self> {
        if self.den == 1 && other.den == 1 {
            return Some(Self::int(self.num.checked_mul(other.num)?));
        }
        let g1 = gcd(self.num, other.den)?;
        let g2 = gcd(other.num, self.den)?;
        Some(Self {
            num: quot(self.num, g1).checked_mul(quot(other.num, g2))?,
            den: quot(self.den, g2).checked_mul(quot(other.den, g1))?,
        })
    }

    fn div(self, other: Self) -> Option<Self> {
        if other.num == 0 {
            return None;
        }
        if self.den == 1 && other.den == 1 {
            if self.num.checked_rem(other.num)? == 0 {
                return Some(Self::int(self.num.checked_div(other.num)?));
            }
            return Self::new(self.num, other.num);
        }
        let inverse = if other.num < 0 {
            Self {
                num: other.den.checked_neg()?,
                den: other.num.checked_neg()?,
            }
        } else {
            Self {
                num: other.den,
                den: other.num,
            }
        };
        self.mul(inverse)
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing, rendering and grading.

fn parse_number(digits: &str) -> Result<u64, ParseError> {
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
fn digit_run_end(text: &str, start: usize) -> Result<usize, ParseError> {
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
fn parse_expression(text: &str, target: u64) -> Result<Expression, ParseError> {
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
fn render(tokens: &[Token]) -> String {
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

/// Why an expression breaks the rules (for tests and diagnostics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Violation {
    TooManyGiven,
    NumberUnavailable,
    OperatorNotAllowed,
    Malformed,
    ArithmeticError,
    NotPositiveInteger,
    NumberUnused,
}

/// Evaluates `expr` under the puzzle's rules, returning its exact value.
fn evaluate(puzzle: &CountdownPuzzle, expr: &Expression) -> Result<Ratio, Violation> {
    let numbers = &puzzle.numbers;
    if numbers.len() > MAX_GIVEN {
        return Err(Violation::TooManyGiven);
    }
    let mask = puzzle.operator_mask();
    let mut used = [false; MAX_GIVEN];
    let mut stack = [Ratio::ZERO; MAX_GIVEN];
    let mut size = 0usize;
    for token in &expr.0 {
        match *token {
            Token::Number(value) => {
                // Each number token claims a distinct given number, so `size < MAX_GIVEN`.
                let slot = numbers
                    .iter()
                    .zip(&used)
                    .position(|(&given, &taken)| given == value && !taken)
                    .ok_or(Violation::NumberUnavailable)?;
                used[slot] = true;
                stack[size] = Ratio::int(i128::from(value));
                size += 1;
            }
            Token::Op(op) => {
                if mask & op.bit() == 0 {
                    return Err(Violation::OperatorNotAllowed);
                }
                if size < 2 {
                    return Err(Violation::Malformed);
                }
                let result = op
                    .apply(stack[size - 2], stack[size - 1])
                    .ok_or(Violation::ArithmeticError)?;
                if puzzle.integer_intermediates && !result.is_positive_integer() {
                    return Err(Violation::NotPositiveInteger);
                }
                size -= 1;
                stack[size - 1] = result;
            }
        }
    }
    if size != 1 {
        return Err(Violation::Malformed);
    }
    if puzzle.use_all && !used[..numbers.len()].iter().all(|&u| u) {
        return Err(Violation::NumberUnused);
    }
    Ok(stack[0])
}

fn grade_expression(puzzle: &CountdownPuzzle, expr: &Expression) -> Grade {
    match evaluate(puzzle, expr) {
        Ok(value) if value == Ratio::int(i128::from(puzzle.target)) => Grade::CORRECT,
        _ => Grade::WRONG,
    }
}

/// The number of operators on the longest root-to-leaf path.
fn tree_depth(tokens: &[Token]) -> u32 {
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

// ---------------------------------------------------------------------------------------------
// Generation.

/// A sub-expression built while generating: postfix tokens and exact value.
struct Part {
    tokens: Vec<Token>,
    value: Ratio,
}

fn valid_result(value: Ratio, integer: bool) -> bool {
    if integer {
        value.is_positive_integer()
    } else {
        value.num != 0
    }
}

/// Whether `target` is the sum or the product of all the given `numbers` (with that operator
/// allowed): a constant answer ("add everything") would solve such a puzzle.
fn constant_guess_solves(numbers: &[u64], target: u64, operators: &[Operator]) -> bool {
    let sum = numbers.iter().try_fold(0u64, |acc, &v| acc.checked_add(v));
    let product = numbers.iter().try_fold(1u64, |acc, &v| acc.checked_mul(v));
    (operators.contains(&Operator::Add) && sum == Some(target))
        || (operators.contains(&Operator::Mul) && product == Some(target))
}

/// Builds a random expression tree over `picks` by merging random pairs.
fn build_tree(
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

// ---------------------------------------------------------------------------------------------
// The exhaustive solver behind the difficulty figure.

/// The states a solver run has seen, by 64-bit fingerprint: an open-addressing set with a
/// one-byte tag per slot beside the keys (a probe reads the small tag array and touches a
/// key only when its tag matches), reused between runs on a thread and cleared through the
/// list of filled slots, so a small run costs little after a large one.
struct Seen {
    tags: Vec<u8>,
    keys: Vec<u64>,
    filled: Vec<u32>,
}

impl Seen {
    fn new() -> Self {
        let slots = 1 << 12;
        Self {
            tags: vec![0; slots],
            keys: vec![0; slots],
            filled: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &slot in &self.filled {
            self.tags[slot as usize] = 0;
        }
        self.filled.clear();
    }

    /// The tag of a key: its top seven bits, marked occupied.
    fn tag(key: u64) -> u8 {
        (key >> 57) as u8 | 0x80
    }

    /// Adds `key`; `false` if it was there already.
    #[inline]
    fn insert(&mut self, key: u64) -> bool {
        if self.filled.len() * 2 >= self.tags.len() {
            self.grow();
        }
        let mask = self.tags.len() - 1;
        let tag = Self::tag(key);
        let mut slot = key as usize & mask;
        loop {
            let here = self.tags[slot];
            if here == 0 {
                self.tags[slot] = tag;
                self.keys[slot] = key;
                self.filled.push(slot as u32);
                return true;
            }
            if here == tag && self.keys[slot] == key {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let keys: Vec<u64> = self.filled.iter().map(|&s| self.keys[s as usize]).collect();
        let slots = self.tags.len() * 2;
        self.tags = vec![0; slots];
        self.keys = vec![0; slots];
        self.filled.clear();
        for key in keys {
            self.insert(key);
        }
    }
}

thread_local! {
    static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::new(Seen::new());
}

/// A 64-bit mix (the SplitMix64 finaliser): distinct inputs give unrelated outputs.
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A value the solver combines: positive integers (`u64`, for `integer_intermediates`) or
/// exact fractions ([`Ratio`]). `combine` applies an operator and the puzzle's rules.
trait SearchValue: Copy + Ord + Default {
    fn from_given(value: u64) -> Self;
    fn combine(op: Operator, a: Self, b: Self) -> Option<Self>;
    /// The value's share of a state's fingerprint (the sum over the state's values, so a
    /// state's fingerprint follows from its parent's in constant time).
    fn fingerprint(self) -> u64;
}

impl SearchValue for u64 {
    fn from_given(value: u64) -> Self {
        value
    }

    #[inline]
    fn combine(op: Operator, a: u64, b: u64) -> Option<u64> {
        match op {
            Operator::Add => a.checked_add(b),
            Operator::Sub => (a > b).then(|| a - b),
            Operator::Mul => a.checked_mul(b),
            // `a % b` is `a` when `a < b`: no division needed to tell.
            Operator::Div if b == 0 => None,
            Operator::Div if a < b => (a == 0).then_some(0),
            Operator::Div => (a % b == 0).then(|| a / b),
        }
    }

    fn fingerprint(self) -> u64 {
        mix(self ^ 0x243f_6a88_85a3_08d3)
    }
}

impl Default for Ratio {
    fn default() -> Self {
        Ratio::ZERO
    }
}

impl SearchValue for Ratio {
    fn from_given(value: u64) -> Self {
        Ratio::int(i128::from(value))
    }

    fn combine(op: Operator, a: Ratio, b: Ratio) -> Option<Ratio> {
        op.apply(a, b)
    }

    fn fingerprint(self) -> u64 {
        let h = mix(self.num as u64 ^ 0x243f_6a88_85a3_08d3);
        let h = mix(h ^ (self.num >> 64) as u64);
        mix(h ^ self.den as u64)
    }
}

/// What a solver run found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SolverReport {
    nodes: u64,
    found: bool,
    capped: bool,
}

impl SolverReport {
    fn new(nodes: u64, outcome: &Outcome) -> Self {
        Self {
            nodes,
            found: matches!(outcome, Outcome::Found),
            capped: matches!(outcome, Outcome::Capped),
        }
    }
}

/// Sorts the start `state` and runs `search` on it with its additive fingerprint, unless the
/// target is already given and may stand alone (found at no cost) or the state is out of range.
fn start_search<T: SearchValue>(
    state: &mut [T],
    target: T,
    use_all: bool,
    search: impl FnOnce(&[T], u64) -> Outcome,
) -> Outcome {
    state.sort_unstable();
    if state.contains(&target) && (!use_all || state.len() == 1) {
        Outcome::Found
    } else if state.len() < 2 || state.len() > MAX_GIVEN {
        Outcome::Exhausted
    } else {
        let key = state
            .iter()
            .map(|v| v.fingerprint())
            .fold(0, u64::wrapping_add);
        search(state, key)
    }
}

enum Outcome {
    Found,
    Exhausted,
    Capped,
}

struct Solver<'s, V> {
    target: V,
    operators: Vec<Operator>,
    use_all: bool,
    cap: u64,
    nodes: u64,
    seen: &'s mut Seen,
}

/// Runs the bounded exhaustive solver on `puzzle`, counting expressions built until the
/// first solution (at most `cap`).
fn run_solver(puzzle: &CountdownPuzzle, cap: u64) -> SolverReport {
    SEEN.with(|seen| {
        let seen = &mut seen.borrow_mut();
        seen.clear();
        let report = if !puzzle.integer_intermediates {
            Solver::<Ratio>::run(puzzle, cap, seen)
        } else if puzzle.numbers.contains(&0) {
            Solver::<u64>::run(puzzle, cap, seen)
        } else {
            IntSolver::run(puzzle, cap, seen)
        };
        seen.clear();
        report
    })
}

/// `Some(b / a)` if `a` (positive) divides `b`; through floating point where that is exact.
#[inline]
fn divide_exact(b: u64, a: u64) -> Option<u64> {
    const EXACT: u64 = 1 << 53;
    if b < EXACT {
        // Both exact as f64; an integer quotient is then computed exactly.
        let q = (b as f64 / a as f64) as u64;
        (q * a == b).then_some(q)
    } else {
        (b % a == 0).then(|| b / a)
    }
}

/// [`Solver`] on `u64` for puzzles of positive numbers (every intermediate is then positive):
/// the same steps in the same order, with each pair's expressions listed directly. For
/// `a <= b` the search's tries are `a + b`, `a - b` (never valid), `b - a` (when `a < b`),
/// `a * b`, `a / b` (valid only when `a == b`) and `b / a`, in that order per operator.
struct IntSolver<'s> {
    target: u64,
    ops: [bool; 4],
    use_all: bool,
    cap: u64,
    nodes: u64,
    seen: &'s mut Seen,
}

impl IntSolver<'_> {
    fn run(puzzle: &CountdownPuzzle, cap: u64, seen: &mut Seen) -> SolverReport {
        let allowed = puzzle.allowed_operators();
        let mut solver = IntSolver {
            target: puzzle.target,
            ops: Operator::ALL.map(|op| allowed.contains(&op)),
            use_all: puzzle.use_all,
            cap,
            nodes: 0,
            seen,
        };
        let mut state = puzzle.numbers.clone();
        let outcome = start_search(&mut state, solver.target, puzzle.use_all, |state, key| {
            solver.search(state, key)
        });
        SolverReport::new(solver.nodes, &outcome)
    }

    /// Calls `f` on the value of each expression over `0 < a <= b`, in the search's order,
    /// until it returns `Some`.
    #[inline]
    fn expressions(
        ops: [bool; 4],
        a: u64,
        b: u64,
        mut f: impl FnMut(u64) -> Option<Outcome>,
    ) -> Option<Outcome> {
        let [add, sub, mul, div] = ops;
        let mut done = None;
        if add {
            if let Some(v) = a.checked_add(b) {
                done = f(v);
            }
        }
        if done.is_none() && sub && a < b {
            done = f(b - a);
        }
        if done.is_none() && mul {
            if let Some(v) = a.checked_mul(b) {
                done = f(v);
            }
        }
        if done.is_none() && div {
            if let Some(v) = divide_exact(b, a) {
                done = f(v);
            }
        }
        done
    }

    /// Counts one built expression; `Some` when the search stops at it.
    #[inline]
    fn count(&mut self, value: u64, last: bool) -> Option<Outcome> {
        self.nodes += 1;
        if self.nodes > self.cap {
            self.nodes = self.cap;
            return Some(Outcome::Capped);
        }
        (value == self.target && (last || !self.use_all)).then_some(Outcome::Found)
    }

    fn pair(&mut self, a: u64, b: u64) -> Outcome {
        Self::expressions(self.ops, a, b, |value| self.count(value, true))
            .unwrap_or(Outcome::Exhausted)
    }

    fn search(&mut self, state: &[u64], key: u64) -> Outcome {
        let len = state.len();
        if len == 2 {
            return self.pair(state[0], state[1]);
        }
        if len == 3 {
            return self.triple(state, key);
        }
        for i in 0..len {
            if i > 0 && state[i] == state[i - 1] {
                continue;
            }
            for j in i + 1..len {
                if j > i + 1 && state[j] == state[j - 1] {
                    continue;
                }
                let (a, b) = (state[i], state[j]);
                let rest = key
                    .wrapping_sub(a.fingerprint())
                    .wrapping_sub(b.fingerprint());
                let done = {
                    Self::expressions(self.ops, a, b, |value| {
                        if let Some(done) = self.count(value, false) {
                            return Some(done);
                        }
                        let child = rest.wrapping_add(value.fingerprint());
                        if !self.seen.insert(child) {
                            return None;
                        }
                        let mut next = [0u64; MAX_GIVEN];
                        let size = replace_pair_sorted(state, (i, j), value, &mut next);
                        match self.search(&next[..size], child) {
                            Outcome::Exhausted => None,
                            done => Some(done),
                        }
                    })
                };
                if let Some(done) = done {
                    return done;
                }
            }
        }
        Outcome::Exhausted
    }

    /// [`Self::search`] on three values, whose children are two-value states searched in
    /// place.
    fn triple(&mut self, state: &[u64], key: u64) -> Outcome {
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            if (i > 0 && state[i] == state[i - 1]) || (j > i + 1 && state[j] == state[j - 1]) {
                continue;
            }
            let (a, b) = (state[i], state[j]);
            let other = state[3 - i - j];
            let rest = key
                .wrapping_sub(a.fingerprint())
                .wrapping_sub(b.fingerprint());
            let done = Self::expressions(self.ops, a, b, |value| {
                if let Some(done) = self.count(value, false) {
                    return Some(done);
                }
                if !self.seen.insert(rest.wrapping_add(value.fingerprint())) {
                    return None;
                }
                let (x, y) = if value <= other {
                    (value, other)
                } else {
                    (other, value)
                };
                match self.pair(x, y) {
                    Outcome::Exhausted => None,
                    done => Some(done),
                }
            });
            if let Some(done) = done {
                return done;
            }
        }
        Outcome::Exhausted
    }
}

impl<V: SearchValue> Solver<'_, V> {
    fn run(puzzle: &CountdownPuzzle, cap: u64, seen: &mut Seen) -> SolverReport {
        let mut solver = Solver {
            target: V::from_given(puzzle.target),
            operators: puzzle.allowed_operators(),
            use_all: puzzle.use_all,
            cap,
            nodes: 0,
            seen,
        };
        let mut state: Vec<V> = puzzle.numbers.iter().map(|&v| V::from_given(v)).collect();
        let outcome = start_search(&mut state, solver.target, puzzle.use_all, |state, key| {
            solver.search(state, key)
        });
        SolverReport::new(solver.nodes, &outcome)
    }

    /// Depth-first search over pairs of `state` (sorted ascending), whose fingerprint is `key`.
    /// Every expression built counts as a node; a state seen before is not searched again.
    fn search(&mut self, state: &[V], key: u64) -> Outcome {
        let len = state.len();
        let mut next = [V::default(); MAX_GIVEN];
        for i in 0..len {
            if i > 0 && state[i] == state[i - 1] {
                continue;
            }
            for j in i + 1..len {
                if j > i + 1 && state[j] == state[j - 1] {
                    continue;
                }
                let (a, b) = (state[i], state[j]);
                let rest = key
                    .wrapping_sub(a.fingerprint())
                    .wrapping_sub(b.fingerprint());
                for k in 0..self.operators.len() {
                    let op = self.operators[k];
                    let swapped = matches!(op, Operator::Sub | Operator::Div) && a != b;
                    let orders: &[(V, V)] = if swapped {
                        &[(a, b), (b, a)]
                    } else {
                        &[(a, b)]
                    };
                    for &(x, y) in orders {
                        let Some(value) = V::combine(op, x, y) else {
                            continue;
                        };
                        self.nodes += 1;
                        if self.nodes > self.cap {
                            self.nodes = self.cap;
                            return Outcome::Capped;
                        }
                        if value == self.target && (!self.use_all || len == 2) {
                            return Outcome::Found;
                        }
                        if len == 2 {
                            continue;
                        }
                        let child = rest.wrapping_add(value.fingerprint());
                        if !self.seen.insert(child) {
                            continue;
                        }
                        let size = replace_pair_sorted(state, (i, j), value, &mut next);
                        match self.search(&next[..size], child) {
                            Outcome::Exhausted => {}
                            done => return done,
                        }
                    }
                }
            }
        }
        Outcome::Exhausted
    }
}

/// Writes the sorted `state` without the values at `pair`, plus `value` in sorted place, into
/// `next`; returns how many values it wrote (`state.len() - 1`).
#[inline]
fn replace_pair_sorted<T: Copy + PartialOrd>(
    state: &[T],
    pair: (usize, usize),
    value: T,
    next: &mut [T],
) -> usize {
    let mut size = 0;
    let mut inserted = false;
    for (m, &v) in state.iter().enumerate() {
        if m == pair.0 || m == pair.1 {
            continue;
        }
        if !inserted && value <= v {
            next[size] = value;
            size += 1;
            inserted = true;
        }
        next[size] = v;
        size += 1;
    }
    if !inserted {
        next[size] = value;
        size += 1;
    }
    size
}

// ---------------------------------------------------------------------------------------------
// Prompt and wrong answers.

fn format_example(operators: &[Operator]) -> String {
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

/// Whether the prompt's format example is a correct answer to `puzzle` (the generator redraws
/// such puzzles, so copying the example never earns a reward).
fn example_solves(puzzle: &CountdownPuzzle) -> bool {
    parse_expression(&format_example(&puzzle.allowed_operators()), puzzle.target)
        .is_ok_and(|expr| grade_expression(puzzle, &expr) == Grade::CORRECT)
}

fn join_names(operators: &[Operator]) -> String {
    let names: Vec<&str> = operators.iter().map(|op| op.name()).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].to_string(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// Swaps the tokens of `tokens` to remove the leaf at `leaf` together with its parent
/// operator (the sibling takes the parent's place). `None` if `leaf` has no parent.
fn omit_leaf(tokens: &[Token], leaf: usize) -> Option<Vec<Token>> {
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

impl Task for Countdown {
    const ID: &'static str = "countdown";
    const VERSION: u32 = 3;
    const DIFFICULTY_MEASURE: &'static str = "solver_nodes";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 1024;

    type Knobs = CountdownKnobs;
    type Puzzle = CountdownPuzzle;
    type Answer = Expression;

    fn check_knobs(knobs: &CountdownKnobs) -> Result<(), KnobError> {
        if !(2..=MAX_COUNT as u32).contains(&knobs.count) {
            return Err(KnobError::new("count", format!("must be 2–{MAX_COUNT}")));
        }
        if !(1..=MAX_VALUE).contains(&knobs.min_value) {
            return Err(KnobError::new(
                "min_value",
                format!("must be 1–{MAX_VALUE}"),
            ));
        }
        if !(knobs.min_value..=MAX_VALUE).contains(&knobs.max_value) {
            return Err(KnobError::new(
                "max_value",
                format!("must be min_value–{MAX_VALUE}"),
            ));
        }
        if !(1..=MAX_TARGET).contains(&knobs.min_target) {
            return Err(KnobError::new(
                "min_target",
                format!("must be 1–{MAX_TARGET}"),
            ));
        }
        if !(knobs.min_target..=MAX_TARGET).contains(&knobs.max_target) {
            return Err(KnobError::new(
                "max_target",
                format!("must be min_target–{MAX_TARGET}"),
            ));
        }
        if knobs.operators.is_empty() {
            return Err(KnobError::new(
                "operators",
                "must list at least one operator",
            ));
        }
        let mut sorted = knobs.operators.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != knobs.operators.len() {
            return Err(KnobError::new("operators", "lists an operator twice"));
        }
        Ok(())
    }

    fn generate(
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
                let mut metadata = Map::new();
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

    fn prompt(puzzle: &CountdownPuzzle) -> String {
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

    fn solve(puzzle: &CountdownPuzzle) -> Expression {
        parse_expression(&puzzle.solution, puzzle.target).unwrap_or(Expression(Vec::new()))
    }

    fn render_answer(_puzzle: &CountdownPuzzle, answer: &Expression) -> String {
        render(&answer.0)
    }

    fn parse_answer(puzzle: &CountdownPuzzle, text: &str) -> Result<Expression, ParseError> {
        parse_expression(text, puzzle.target)
    }

    fn grade(puzzle: &CountdownPuzzle, answer: &Expression) -> Grade {
        grade_expression(puzzle, answer)
    }

    fn wrong_answers(puzzle: &CountdownPuzzle, rng: &mut ItemRng) -> Vec<String> {
        let oracle = Self::solve(puzzle).0;
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

    fn exploits(puzzle: &CountdownPuzzle) -> Vec<(&'static str, String)> {
        let target = puzzle.target;
        let numbers = &puzzle.numbers;
        let oracle = Self::solve(puzzle).0;
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
}

/// `target` in scientific notation, e.g. `2.7e2` for 270.
fn scientific(target: u64) -> String {
    let digits = target.to_string();
    let exponent = digits.len() - 1;
    let mantissa = digits[1..].trim_end_matches('0');
    if mantissa.is_empty() {
        format!("{}e{exponent}", &digits[..1])
    } else {
        format!("{}.{mantissa}e{exponent}", &digits[..1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn puzzle(numbers: &[u64], target: u64, ops: &str, use_all: bool) -> CountdownPuzzle {
        CountdownPuzzle {
            numbers: numbers.to_vec(),
            target,
            operators: ops.to_string(),
            use_all,
            integer_intermediates: true,
            solution: String::new(),
        }
    }

    /// The 64-bit fast paths agree with plain 128-bit arithmetic, including at the edges.
    #[test]
    fn gcd_and_quot_fast_paths_match_128_bit_arithmetic() {
        fn slow_gcd(a: i128, b: i128) -> i128 {
            let (mut a, mut b) = (a.abs(), b.abs());
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        }
        let edges = [
            0,
            1,
            2,
            6,
            97,
            1 << 20,
            i128::from(i64::MAX),
            i128::from(i64::MAX) + 1,
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            1 << 100,
        ];
        let mut rng = ItemRng::from_u64(7);
        let mut values: Vec<i128> = edges.iter().flat_map(|&v| [v, -v]).collect();
        values.extend((0..200).map(|_| i128::from(rng.next_u64() >> rng.index(64))));
        for &a in &values {
            for &b in &values {
                assert_eq!(gcd(a, b), Some(slow_gcd(a, b)), "gcd({a}, {b})");
                if b > 0 {
                    assert_eq!(quot(a, b), a / b, "{a} / {b}");
                }
            }
        }
    }

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

    /// The solver as first written (states fingerprinted by a hash chain over the sorted
    /// values, a standard hash set, every pair tried in every order), as the reference the
    /// faster solvers must match node for node.
    fn reference_solver(puzzle: &CountdownPuzzle, cap: u64) -> SolverReport {
        fn chain(h: u64, v: u64) -> u64 {
            let h = (h ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            h ^ (h >> 29)
        }
        fn key_of(state: &[Ratio]) -> u64 {
            state.iter().fold(0x243f_6a88_85a3_08d3, |h, r| {
                chain(
                    chain(chain(h, r.num as u64), (r.num >> 64) as u64),
                    r.den as u64,
                )
            })
        }
        #[allow(clippy::too_many_arguments)]
        fn search(
            state: &[Ratio],
            ops: &[Operator],
            integer: bool,
            target: Ratio,
            use_all: bool,
            cap: u64,
            nodes: &mut u64,
            seen: &mut std::collections::HashSet<u64>,
        ) -> Option<bool> {
            let len = state.len();
            for i in 0..len {
                if i > 0 && state[i] == state[i - 1] {
                    continue;
                }
                for j in i + 1..len {
                    if j > i + 1 && state[j] == state[j - 1] {
                        continue;
                    }
                    let (a, b) = (state[i], state[j]);
                    for &op in ops {
                        let swapped = matches!(op, Operator::Sub | Operator::Div) && a != b;
                        let orders: &[(Ratio, Ratio)] = if swapped {
                            &[(a, b), (b, a)]
                        } else {
                            &[(a, b)]
                        };
                        for &(x, y) in orders {
                            let value = if integer {
                                let (x, y) = (x.num as u64, y.num as u64);
                                match op {
                                    Operator::Add => x.checked_add(y),
                                    Operator::Sub => (x > y).then(|| x - y),
                                    Operator::Mul => x.checked_mul(y),
                                    Operator::Div => (y != 0 && x % y == 0).then(|| x / y),
                                }
                                .map(|v| Ratio::int(i128::from(v)))
                            } else {
                                op.apply(x, y)
                            };
                            let Some(value) = value else {
                                continue;
                            };
                            *nodes += 1;
                            if *nodes > cap {
                                *nodes = cap;
                                return Some(false);
                            }
                            if value == target && (!use_all || len == 2) {
                                return Some(true);
                            }
                            if len == 2 {
                                continue;
                            }
                            let mut next: Vec<Ratio> = state
                                .iter()
                                .enumerate()
                                .filter(|&(m, _)| m != i && m != j)
                                .map(|(_, &v)| v)
                                .collect();
                            next.push(value);
                            next.sort_unstable();
                            if seen.insert(key_of(&next)) {
                                let done =
                                    search(&next, ops, integer, target, use_all, cap, nodes, seen);
                                if done.is_some() {
                                    return done;
                                }
                            }
                        }
                    }
                }
            }
            None
        }
        let mut state: Vec<Ratio> = puzzle
            .numbers
            .iter()
            .map(|&v| Ratio::int(i128::from(v)))
            .collect();
        state.sort_unstable();
        let target = Ratio::int(i128::from(puzzle.target));
        let mut nodes = 0;
        let outcome = if state.contains(&target) && (!puzzle.use_all || state.len() == 1) {
            Some(true)
        } else if state.len() < 2 {
            None
        } else {
            let ops = puzzle.allowed_operators();
            let mut seen = std::collections::HashSet::new();
            let integer = puzzle.integer_intermediates;
            search(
                &state,
                &ops,
                integer,
                target,
                puzzle.use_all,
                cap,
                &mut nodes,
                &mut seen,
            )
        };
        SolverReport {
            nodes,
            found: outcome == Some(true),
            capped: outcome == Some(false),
        }
    }

    #[test]
    fn exact_division_matches_integer_division() {
        let mut rng = ItemRng::from_u64(4);
        for _ in 0..100_000 {
            let a = (rng.next_u64() >> rng.index(64)).max(1);
            let q = rng.next_u64() >> rng.index(64);
            let b = if rng.chance(0.5) {
                a.saturating_mul(q)
            } else {
                rng.next_u64() >> rng.index(64)
            };
            let expected = (b % a == 0).then(|| b / a);
            assert_eq!(divide_exact(b, a), expected, "{b} / {a}");
        }
        for (b, a) in [
            (u64::MAX, 1),
            (u64::MAX, u64::MAX),
            (1 << 53, 3),
            ((1 << 53) - 1, 7),
        ] {
            assert_eq!(divide_exact(b, a), (b % a == 0).then(|| b / a));
        }
    }

    #[test]
    fn solver_counts_like_the_reference() {
        let mut rng = ItemRng::from_u64(21);
        let op_sets = ["+-*/", "+*", "-/", "+-", "*/", "+-*", "/"];
        for round in 0..1500 {
            let count = 2 + rng.index(if round % 3 == 0 { 6 } else { 4 });
            let high = [3i64, 10, 50, 100][rng.index(4)];
            let low = i64::from(round % 10 != 0);
            let numbers: Vec<u64> = (0..count).map(|_| rng.range(low, high) as u64).collect();
            let target = rng.range(1, 600) as u64;
            let ops = op_sets[rng.index(op_sets.len())];
            let mut p = puzzle(&numbers, target, ops, rng.chance(0.5));
            if count <= 5 && rng.chance(0.3) {
                p = rational(p);
            }
            let cap = if rng.chance(0.5) { 2_000 } else { 60_000 };
            assert_eq!(run_solver(&p, cap), reference_solver(&p, cap), "{p:?}");
        }
    }

    fn rational(mut p: CountdownPuzzle) -> CountdownPuzzle {
        p.integer_intermediates = false;
        p
    }

    /// Parses and grades like the verifier does (including the length cap).
    fn check(p: &CountdownPuzzle, text: &str) -> Result<bool, ParseError> {
        if text.len() > Countdown::MAX_ANSWER_BYTES {
            return Err(ParseError::new("answer too long"));
        }
        let answer = Countdown::parse_answer(p, text)?;
        Ok(Countdown::grade(p, &answer).correct)
    }

    /// The value of an expression with no rules except exact arithmetic.
    fn value(text: &str) -> Option<Ratio> {
        let expr = parse_expression(text, 0).ok()?;
        let mut stack = Vec::new();
        for token in expr.0 {
            match token {
                Token::Number(v) => stack.push(Ratio::int(i128::from(v))),
                Token::Op(op) => {
                    let b = stack.pop()?;
                    let a = stack.pop()?;
                    stack.push(op.apply(a, b)?);
                }
            }
        }
        stack.pop()
    }

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

    fn knobs(count: u32, use_all: bool, integer: bool) -> CountdownKnobs {
        CountdownKnobs {
            count,
            use_all,
            integer_intermediates: integer,
            ..CountdownKnobs::default()
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
        let parsed: CountdownKnobs =
            serde_json::from_value(serde_json::json!({"operators": ["+", "mul"]})).unwrap();
        assert_eq!(parsed.operators, vec![Operator::Add, Operator::Mul]);
        assert!(
            serde_json::from_value::<CountdownKnobs>(serde_json::json!({"operators": ["^"]}))
                .is_err()
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
}
