//! The prompt, the canonical answer text, and the lenient-on-form, strict-on-content parser.

use std::fmt::Write as _;

use super::model::SelfReferencePuzzle;
use crate::kit::separators::is_word_separator;
use crate::task::ParseError;

/// The prompt: the numbered statements, the rules and the answer format.
pub fn prompt(puzzle: &SelfReferencePuzzle) -> String {
    let n = puzzle.len();
    let mut out = String::with_capacity(900 + 60 * n);
    let _ = writeln!(
        out,
        "Here is a list of {n} statements, each of which is either true or false. Every \
         statement speaks about the statements of this list (itself included).\n"
    );
    for (i, claim) in puzzle.claims.iter().enumerate() {
        let _ = writeln!(out, "Statement {}: {}", i + 1, claim.text());
    }
    let _ = write!(
        out,
        "\nA statement is true exactly when what it says holds for the truth values of the \
         statements above; \"these statements\" means all {n} of them. Exactly one assignment \
         of true and false to the {n} statements is consistent. Decide, for every statement, \
         whether it is true or false.\n\n\
         Give your final answer inside <answer> and </answer> tags, with one line per \
         statement in the form \"Statement k: true\" or \"Statement k: false\", listing each of \
         the {n} statements exactly once. The shape of the block is:\n\
         <answer>\nStatement 1: true\nStatement 2: false\n...\n</answer>"
    );
    out
}

/// The canonical answer text: `Statement k: true|false`, one line per statement.
pub fn render(puzzle: &SelfReferencePuzzle, mask: u32) -> String {
    let mut out = String::with_capacity(20 * puzzle.len());
    for i in 0..puzzle.len() {
        if i > 0 {
            out.push('\n');
        }
        let value = if mask >> i & 1 == 1 { "true" } else { "false" };
        let _ = write!(out, "Statement {}: {value}", i + 1);
    }
    out
}

/// Words that may stand around a statement number or between it and its value.
const FILLERS: &[&str] = &["statement", "s", "no", "number", "is"];

/// A truth word, any case.
fn truth_word(word: &str) -> Option<bool> {
    const TRUE: &[&str] = &["true", "t"];
    const FALSE: &[&str] = &["false", "f"];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(false)
    } else {
        None
    }
}

/// Splits a word like `S3` or `statement3` into its number.
fn number_of(word: &str) -> Option<usize> {
    let digits = word.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let prefix = &word[..word.len() - digits.len()];
    let prefix_ok = prefix.is_empty()
        || prefix.eq_ignore_ascii_case("s")
        || prefix.eq_ignore_ascii_case("statement");
    if prefix_ok
        && !digits.is_empty()
        && digits.len() <= 3
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        digits.parse().ok()
    } else {
        None
    }
}

/// Reads the answer in one of three forms: numbered pairs in any order (`Statement 3: true`,
/// `S3 = T`, `3 is false`), the values alone in statement order (`true, false, ...` or a JSON
/// list), or one word of `T`/`F` letters (`TFFT...`). Every statement exactly once; any
/// other word (a negation, a hedge, a second value) is an error.
pub fn parse(puzzle: &SelfReferencePuzzle, text: &str) -> Result<u32, ParseError> {
    let n = puzzle.len();
    let words: Vec<&str> = text
        .split(is_word_separator)
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() == 1
        && words[0].len() == n
        && words[0]
            .bytes()
            .all(|b| matches!(b.to_ascii_uppercase(), b'T' | b'F'))
    {
        return Ok(words[0].bytes().enumerate().fold(0, |m, (i, b)| {
            m | u32::from(b.eq_ignore_ascii_case(&b'T')) << i
        }));
    }
    if words.first().and_then(|w| truth_word(w)).is_some() {
        return positional(n, &words);
    }
    let mut known = 0u32;
    let mut value = 0u32;
    let mut pending: Option<usize> = None;
    for word in words {
        if !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(ParseError::new("unexpected characters in the answer"));
        }
        if let Some(i) = pending {
            if let Some(v) = truth_word(word) {
                known |= 1 << i;
                value |= u32::from(v) << i;
                pending = None;
                continue;
            }
            if FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
                continue;
            }
            return Err(ParseError::new(format!("statement {} has no value", i + 1)));
        }
        if FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
            continue;
        }
        let Some(k) = number_of(word).filter(|k| (1..=n).contains(k)) else {
            return Err(ParseError::new(format!("not a statement number: {word:?}")));
        };
        if known >> (k - 1) & 1 == 1 {
            return Err(ParseError::new(format!("statement {k} is given twice")));
        }
        pending = Some(k - 1);
    }
    if let Some(i) = pending {
        return Err(ParseError::new(format!("statement {} has no value", i + 1)));
    }
    if known != (1u32 << n) - 1 {
        return Err(ParseError::new("a statement is missing"));
    }
    Ok(value)
}

/// The values alone, in statement order: exactly `n` truth words and nothing else.
fn positional(n: usize, words: &[&str]) -> Result<u32, ParseError> {
    if words.len() != n {
        return Err(ParseError::new(format!(
            "{} values for {n} statements",
            words.len()
        )));
    }
    words.iter().enumerate().try_fold(0u32, |mask, (i, word)| {
        truth_word(word)
            .map(|v| mask | u32::from(v) << i)
            .ok_or_else(|| ParseError::new(format!("not a truth value: {word:?}")))
    })
}
