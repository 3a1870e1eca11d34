//! The knobs, the named alphabets and the `functions` knob's resolution.

use serde::{Deserialize, Serialize};

use super::functions::{spec_by_name, Func, FUNCTIONS};
use crate::error::closest;
use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// The largest `depth` knob.
pub const MAX_DEPTH: usize = 20;
/// The largest `max_output_len` knob: no intermediate string of any item is longer.
pub const MAX_OUTPUT_LEN: usize = 256;

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const MIXED: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const DIGITS: &[u8] = b"0123456789";

/// The named alphabets.
const NAMED_ALPHABETS: &[(&str, &[u8])] = &[
    ("lower", LOWER),
    ("upper", UPPER),
    ("mixed", MIXED),
    ("alnum", ALNUM),
    ("digits", DIGITS),
];

/// Whether a character may appear in a literal alphabet.
fn allowed_literal(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '`' | '<' | '>')
}

/// The characters of an alphabet knob value (deduplicated), or why it is invalid.
pub(super) fn resolve_alphabet(alphabet: &str) -> Result<Vec<u8>, String> {
    if let Some((_, chars)) = NAMED_ALPHABETS.iter().find(|(name, _)| *name == alphabet) {
        return Ok(chars.to_vec());
    }
    let mut seen = [false; 128];
    let mut chars = Vec::with_capacity(alphabet.len());
    for c in alphabet.chars() {
        if !allowed_literal(c) {
            return Err(format!(
                "{c:?} is not allowed: a literal alphabet uses printable ASCII characters other than quotes, backticks, '<' and '>' (or name one of lower, upper, mixed, alnum, digits)"
            ));
        }
        if !seen[c as usize] {
            seen[c as usize] = true;
            chars.push(c as u8);
        }
    }
    if chars.len() < 2 {
        return Err(
            "needs at least 2 distinct characters (or one of lower, upper, mixed, alnum, digits)"
                .into(),
        );
    }
    Ok(chars)
}

/// The allowed functions of a `functions` knob value (empty = all), or the unknown name.
pub(super) fn resolve_functions(names: &[String]) -> Result<Vec<Func>, KnobError> {
    if names.is_empty() {
        return Ok(FUNCTIONS.iter().map(|s| s.func).collect());
    }
    let mut funcs = Vec::with_capacity(names.len());
    for name in names {
        let Some(spec) = spec_by_name(name) else {
            let hint = closest(name, FUNCTIONS.iter().map(|s| s.name))
                .map_or_else(String::new, |s| format!(" (did you mean {s:?}?)"));
            let all: Vec<&str> = FUNCTIONS.iter().map(|s| s.name).collect();
            return Err(KnobError::new(
                "functions",
                format!("unknown function {name:?}{hint}; known: {}", all.join(", ")),
            ));
        };
        if !funcs.contains(&spec.func) {
            funcs.push(spec.func);
        }
    }
    Ok(funcs)
}

/// Knobs of [`StringCompose`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StringComposeKnobs {
    /// Number of steps in the pipeline (the composition depth), 1–20.
    pub depth: usize,
    /// Shortest input string (at least 2).
    pub min_len: usize,
    /// Longest input string (at most `max_output_len`).
    pub max_len: usize,
    /// Input alphabet: `lower`, `upper`, `mixed`, `alnum`, `digits`, or a literal set of
    /// printable ASCII characters (no quotes, backticks, `<`, `>` or spaces), e.g. `"abc123"`.
    pub alphabet: String,
    /// Names of the functions the pipeline may use; empty means all of them.
    pub functions: Vec<String>,
    /// Show a worked example of every used function (on a fixed short string).
    pub worked_example: bool,
    /// Ask for every intermediate string, one per line (step-aware partial credit).
    pub trace: bool,
    /// The longest any intermediate string may get (steps that grow past it are resampled).
    pub max_output_len: usize,
}

impl Default for StringComposeKnobs {
    fn default() -> Self {
        Self {
            depth: 4,
            min_len: 6,
            max_len: 9,
            alphabet: "mixed".into(),
            functions: Vec::new(),
            worked_example: true,
            trace: false,
            max_output_len: 64,
        }
    }
}

/// Range and consistency checks on the knobs (the shared kit wording for every range).
pub(super) fn check(knobs: &StringComposeKnobs) -> Result<(), KnobError> {
    check_range("depth", knobs.depth, 1, MAX_DEPTH)?;
    check_range("max_output_len", knobs.max_output_len, 4, MAX_OUTPUT_LEN)?;
    check_range("min_len", knobs.min_len, 2, knobs.max_output_len)?;
    check_range(
        "max_len",
        knobs.max_len,
        knobs.min_len,
        knobs.max_output_len,
    )?;
    resolve_alphabet(&knobs.alphabet).map_err(|e| KnobError::new("alphabet", e))?;
    resolve_functions(&knobs.functions)?;
    Ok(())
}
