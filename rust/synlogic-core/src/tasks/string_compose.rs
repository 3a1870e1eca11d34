//! String function composition: apply a pipeline of named string functions to a string.
//!
//! A model that knows `f(x)` and `g(x)` can learn `f(g(x))`; this task trains and measures that.
//! A library of 26 deterministic string functions ([`FUNCTIONS`], one table entry each: name,
//! parameters, a one-line precise definition and a worked example) is composed into a pipeline
//! of `depth` steps. The prompt gives the input string, the pipeline (names with parameters)
//! and the definition of every function used; the model gives the result.
//!
//! No item is degenerate: every step changes the string, and no step returns to a string seen
//! earlier in the chain (so the output differs from the input and from every intermediate).
//! Every intermediate string has 2 to `max_output_len` characters. Steps that break these rules
//! are resampled (function and parameters); when the attempt budget runs out the generator
//! returns an error rather than an easier item. Items where copying the prompt's format example
//! would earn a reward (the final string is `aBc3d`; in trace mode, the string after step 1 is
//! `abc`) are redrawn.
//!
//! Knobs: `depth` (steps, 1–20; the difficulty), `min_len` / `max_len` (input length),
//! `alphabet` (`lower`, `upper`, `mixed`, `alnum`, `digits`, or a literal set of ASCII
//! characters such as `"abc123"`; quotes, backticks, `<`, `>` and whitespace are not allowed),
//! `functions` (allowed function names; empty = all, so some compositions can be held out),
//! `worked_example` (show each used function applied to a fixed short string), `trace` (ask for
//! every intermediate string) and `max_output_len` (cap on every intermediate's length).
//!
//! Answer format: the final string (case-sensitive, no spaces; surrounding whitespace, quotes
//! and backticks are ignored). In trace mode: one line per step, `i: <string after step i>`.
//!
//! Partial credit (trace mode only): the number of leading steps that match exactly, divided
//! by the depth. It is gated: a step counts only if it and every step before it are exact, so
//! copying the input (or any earlier string) earns 0, since every step changes the string and
//! the chain never repeats a string. The plain mode is all-or-nothing.
//!
//! Difficulty measure: `chars_written`, the total length of all intermediate strings (the
//! characters a solver has to produce when executing the pipeline by hand).
//!
//! Example (depth 2):
//! ```text
//! Input string: "hello"
//! Pipeline (each step acts on the result of the previous step):
//! 1. reverse
//! 2. caesar(k=1)
//! ...
//! <answer>pmmfi</answer>
//! ```

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::closest;
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The task: apply a pipeline of string functions.
pub struct StringCompose;

/// Every string function of the library (see [`FUNCTIONS`] for definitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Func {
    /// Reverse the string.
    Reverse,
    /// Rotate left by `k`.
    RotateLeft,
    /// Rotate right by `k`.
    RotateRight,
    /// Caesar shift of letters by `k`.
    Caesar,
    /// Mirror letters in the alphabet.
    Atbash,
    /// Swap adjacent pairs.
    SwapPairs,
    /// Sort by ASCII code.
    Sort,
    /// Sort by ASCII code, descending.
    SortDesc,
    /// Keep the first occurrence of each character.
    Dedupe,
    /// Collapse runs of identical characters.
    Squeeze,
    /// Uppercase.
    Upper,
    /// Lowercase.
    Lower,
    /// Swap case.
    SwapCase,
    /// Alternate upper/lower case by position.
    AlternateCase,
    /// Replace character `a` by `b`.
    Replace,
    /// Delete character `c`.
    Remove,
    /// Delete vowels.
    DeleteVowels,
    /// Double every character.
    Double,
    /// Append the reverse.
    Mirror,
    /// Riffle the two halves.
    InterleaveHalves,
    /// Exchange the two halves.
    SwapHalves,
    /// Keep every `k`-th character.
    KeepEvery,
    /// Insert `c` after every `k`-th character.
    InsertEvery,
    /// Run-length encode.
    RunLengthEncode,
    /// Reverse each block of `k`.
    ReverseChunks,
    /// Exchange the first and last characters.
    SwapEnds,
}

/// Which parameters a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Params {
    /// No parameters.
    None,
    /// An integer `k`.
    K,
    /// A character `c` (stored in [`Step::a`]).
    C,
    /// An integer `k` and a character `c` (stored in [`Step::a`]).
    KC,
    /// Two characters `a` and `b`.
    AB,
}

/// One step of a pipeline: a function and its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The function.
    pub f: Func,
    /// The integer parameter `k`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<u32>,
    /// The first character parameter (`a`, or `c`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<char>,
    /// The second character parameter `b`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<char>,
}

impl Step {
    const fn plain(f: Func) -> Self {
        Self {
            f,
            k: None,
            a: None,
            b: None,
        }
    }

    const fn with_k(f: Func, k: u32) -> Self {
        Self {
            f,
            k: Some(k),
            a: None,
            b: None,
        }
    }

    const fn with_chars(f: Func, k: Option<u32>, a: char, b: Option<char>) -> Self {
        Self {
            f,
            k,
            a: Some(a),
            b,
        }
    }
}

/// One entry of the function library.
#[derive(Debug)]
pub struct FnSpec {
    /// The function.
    pub func: Func,
    /// Its snake_case name (as in prompts and in the `functions` knob).
    pub name: &'static str,
    /// Its parameters.
    pub params: Params,
    /// The one-line definition shown in the prompt.
    pub definition: &'static str,
    /// The worked example's step (with parameters).
    pub example: Step,
    /// The worked example's input.
    pub example_in: &'static str,
    /// The worked example's output.
    pub example_out: &'static str,
}

macro_rules! spec {
    ($func:ident, $name:literal, $params:ident, $def:literal, $ex:expr, $in:literal, $out:literal) => {
        FnSpec {
            func: Func::$func,
            name: $name,
            params: Params::$params,
            definition: $def,
            example: $ex,
            example_in: $in,
            example_out: $out,
        }
    };
}

/// The function library, in [`Func`] order (one entry per function).
pub const FUNCTIONS: &[FnSpec] = &[
    spec!(
        Reverse,
        "reverse",
        None,
        "reverses the order of the characters.",
        Step::plain(Func::Reverse),
        "abcde",
        "edcba"
    ),
    spec!(
        RotateLeft,
        "rotate_left",
        K,
        "moves the first k characters to the end, keeping their order; when k is n or more, it rotates by k mod n instead.",
        Step::with_k(Func::RotateLeft, 2),
        "abcdef",
        "cdefab"
    ),
    spec!(
        RotateRight,
        "rotate_right",
        K,
        "moves the last k characters to the front, keeping their order; when k is n or more, it rotates by k mod n instead.",
        Step::with_k(Func::RotateRight, 2),
        "abcdef",
        "efabcd"
    ),
    spec!(
        Caesar,
        "caesar",
        K,
        "shifts every letter k places forward in the alphabet, wrapping from z back to a and keeping its case; digits and other characters are unchanged.",
        Step::with_k(Func::Caesar, 3),
        "xyZ9ab",
        "abC9de"
    ),
    spec!(
        Atbash,
        "atbash",
        None,
        "replaces every letter by its mirror in the alphabet (a and z swap, b and y swap, c and x swap, ...), keeping its case; other characters are unchanged.",
        Step::plain(Func::Atbash),
        "abYz1",
        "zyBa1"
    ),
    spec!(
        SwapPairs,
        "swap_pairs",
        None,
        "swaps the 1st and 2nd characters, the 3rd and 4th, and so on; with an odd length the last character stays in place.",
        Step::plain(Func::SwapPairs),
        "abcde",
        "badce"
    ),
    spec!(
        Sort,
        "sort",
        None,
        "sorts the characters by ASCII code, smallest first (digits < uppercase letters < lowercase letters); repeated characters are kept.",
        Step::plain(Func::Sort),
        "dBa3cB",
        "3BBacd"
    ),
    spec!(
        SortDesc,
        "sort_desc",
        None,
        "sorts the characters by ASCII code, largest first (lowercase letters > uppercase letters > digits); repeated characters are kept.",
        Step::plain(Func::SortDesc),
        "dBa3c",
        "dcaB3"
    ),
    spec!(
        Dedupe,
        "dedupe",
        None,
        "keeps only the first occurrence of each character and deletes its later repeats; case-sensitive (a and A are different characters).",
        Step::plain(Func::Dedupe),
        "abacbA",
        "abcA"
    ),
    spec!(
        Squeeze,
        "squeeze",
        None,
        "replaces every run of identical adjacent characters by a single copy.",
        Step::plain(Func::Squeeze),
        "aabbbcaa",
        "abca"
    ),
    spec!(
        Upper,
        "upper",
        None,
        "converts every lowercase letter to uppercase; other characters are unchanged.",
        Step::plain(Func::Upper),
        "abC1d",
        "ABC1D"
    ),
    spec!(
        Lower,
        "lower",
        None,
        "converts every uppercase letter to lowercase; other characters are unchanged.",
        Step::plain(Func::Lower),
        "AbC1D",
        "abc1d"
    ),
    spec!(
        SwapCase,
        "swap_case",
        None,
        "turns lowercase letters into uppercase and uppercase letters into lowercase; other characters are unchanged.",
        Step::plain(Func::SwapCase),
        "aBc1D",
        "AbC1d"
    ),
    spec!(
        AlternateCase,
        "alternate_case",
        None,
        "makes the letters at odd positions (1st, 3rd, 5th, ...) uppercase and the letters at even positions lowercase; every character counts as a position, and non-letters are unchanged.",
        Step::plain(Func::AlternateCase),
        "abcD1fg",
        "AbCd1fG"
    ),
    spec!(
        Replace,
        "replace",
        AB,
        "replaces every occurrence of the character a by the character b (case-sensitive).",
        Step::with_chars(Func::Replace, None, 'a', Some('x')),
        "banana",
        "bxnxnx"
    ),
    spec!(
        Remove,
        "remove",
        C,
        "deletes every occurrence of the character c (case-sensitive).",
        Step::with_chars(Func::Remove, None, 'n', None),
        "banana",
        "baaa"
    ),
    spec!(
        DeleteVowels,
        "delete_vowels",
        None,
        "deletes every vowel a, e, i, o, u in either case (y is not a vowel).",
        Step::plain(Func::DeleteVowels),
        "AudioXyz",
        "dXyz"
    ),
    spec!(
        Double,
        "double",
        None,
        "writes every character twice in a row.",
        Step::plain(Func::Double),
        "ab1",
        "aabb11"
    ),
    spec!(
        Mirror,
        "mirror",
        None,
        "appends the reverse of the string to its end.",
        Step::plain(Func::Mirror),
        "abc",
        "abccba"
    ),
    spec!(
        InterleaveHalves,
        "interleave_halves",
        None,
        "splits the string into a first half of ceil(n/2) characters and a second half of the other floor(n/2), then alternates them: 1st of the first half, 1st of the second half, 2nd of the first half, and so on (with an odd length the first half's last character comes last).",
        Step::plain(Func::InterleaveHalves),
        "abcdefg",
        "aebfcgd"
    ),
    spec!(
        SwapHalves,
        "swap_halves",
        None,
        "exchanges the first floor(n/2) characters with the last floor(n/2) characters, keeping each half's order; with an odd length the middle character stays in the middle.",
        Step::plain(Func::SwapHalves),
        "abcdefg",
        "efgdabc"
    ),
    spec!(
        KeepEvery,
        "keep_every",
        K,
        "keeps the characters at positions 1, 1+k, 1+2k, ... and deletes the rest (the first character is always kept).",
        Step::with_k(Func::KeepEvery, 3),
        "abcdefgh",
        "adg"
    ),
    spec!(
        InsertEvery,
        "insert_every",
        KC,
        "inserts the character c after every k-th character (after positions k, 2k, 3k, ...), including after the last character when the length is a multiple of k.",
        Step::with_chars(Func::InsertEvery, Some(2), 'x', None),
        "abcde",
        "abxcdxe"
    ),
    spec!(
        RunLengthEncode,
        "run_length_encode",
        None,
        "replaces every maximal run of identical characters by the run's length in decimal followed by the character; a run of one is written with the count 1.",
        Step::plain(Func::RunLengthEncode),
        "aaabccd",
        "3a1b2c1d"
    ),
    spec!(
        ReverseChunks,
        "reverse_chunks",
        K,
        "splits the string into consecutive blocks of k characters (the last block may be shorter) and reverses each block, keeping the blocks in order.",
        Step::with_k(Func::ReverseChunks, 3),
        "abcdefgh",
        "cbafedhg"
    ),
    spec!(
        SwapEnds,
        "swap_ends",
        None,
        "exchanges the first and the last character.",
        Step::plain(Func::SwapEnds),
        "abcde",
        "ebcda"
    ),
];

/// The library entry of `func`.
pub fn spec(func: Func) -> &'static FnSpec {
    &FUNCTIONS[func as usize]
}

/// The library entry with this name.
pub fn spec_by_name(name: &str) -> Option<&'static FnSpec> {
    FUNCTIONS.iter().find(|s| s.name == name)
}

/// A character parameter as a byte (`?` for a missing or non-ASCII value).
fn param_byte(c: Option<char>) -> u8 {
    c.filter(char::is_ascii).map_or(b'?', |c| c as u8)
}

/// The integer parameter as a `usize` (1 when missing or 0).
fn param_k(k: Option<u32>) -> usize {
    k.map_or(1, |k| k.max(1) as usize)
}

/// Applies one step to `input`, writing the result into `out` (cleared first).
pub fn apply(step: &Step, input: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let n = input.len();
    match step.f {
        Func::Reverse => out.extend(input.iter().rev()),
        Func::RotateLeft | Func::RotateRight => {
            if n == 0 {
                return;
            }
            let k = param_k(step.k) % n;
            let split = if step.f == Func::RotateLeft { k } else { n - k };
            out.extend_from_slice(&input[split..]);
            out.extend_from_slice(&input[..split]);
        }
        Func::Caesar => {
            let shift = (step.k.unwrap_or(0) % 26) as u8;
            out.extend(input.iter().map(|&c| match c {
                b'a'..=b'z' => b'a' + (c - b'a' + shift) % 26,
                b'A'..=b'Z' => b'A' + (c - b'A' + shift) % 26,
                _ => c,
            }));
        }
        Func::Atbash => out.extend(input.iter().map(|&c| match c {
            b'a'..=b'z' => b'z' - (c - b'a'),
            b'A'..=b'Z' => b'Z' - (c - b'A'),
            _ => c,
        })),
        Func::SwapPairs => {
            for pair in input.chunks(2) {
                out.extend(pair.iter().rev());
            }
        }
        Func::Sort | Func::SortDesc => {
            out.extend_from_slice(input);
            out.sort_unstable();
            if step.f == Func::SortDesc {
                out.reverse();
            }
        }
        Func::Dedupe => {
            let mut seen = [false; 256];
            for &c in input {
                if !seen[c as usize] {
                    seen[c as usize] = true;
                    out.push(c);
                }
            }
        }
        Func::Squeeze => {
            for &c in input {
                if out.last() != Some(&c) {
                    out.push(c);
                }
            }
        }
        Func::Upper => out.extend(input.iter().map(u8::to_ascii_uppercase)),
        Func::Lower => out.extend(input.iter().map(u8::to_ascii_lowercase)),
        Func::SwapCase => out.extend(input.iter().map(|&c| {
            if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })),
        Func::AlternateCase => out.extend(input.iter().enumerate().map(|(i, &c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })),
        Func::Replace => {
            let (a, b) = (param_byte(step.a), param_byte(step.b));
            out.extend(input.iter().map(|&c| if c == a { b } else { c }));
        }
        Func::Remove => {
            let a = param_byte(step.a);
            out.extend(input.iter().filter(|&&c| c != a));
        }
        Func::DeleteVowels => out.extend(
            input
                .iter()
                .filter(|&&c| !matches!(c.to_ascii_lowercase(), b'a' | b'e' | b'i' | b'o' | b'u')),
        ),
        Func::Double => {
            for &c in input {
                out.push(c);
                out.push(c);
            }
        }
        Func::Mirror => {
            out.extend_from_slice(input);
            out.extend(input.iter().rev());
        }
        Func::InterleaveHalves => {
            let half = n.div_ceil(2);
            let (first, second) = input.split_at(half);
            for (i, &c) in first.iter().enumerate() {
                out.push(c);
                if let Some(&d) = second.get(i) {
                    out.push(d);
                }
            }
        }
        Func::SwapHalves => {
            let half = n / 2;
            out.extend_from_slice(&input[n - half..]);
            out.extend_from_slice(&input[half..n - half]);
            out.extend_from_slice(&input[..half]);
        }
        Func::KeepEvery => out.extend(input.iter().step_by(param_k(step.k))),
        Func::InsertEvery => {
            let (k, c) = (param_k(step.k), param_byte(step.a));
            for (i, &x) in input.iter().enumerate() {
                out.push(x);
                if (i + 1) % k == 0 {
                    out.push(c);
                }
            }
        }
        Func::RunLengthEncode => {
            let mut i = 0;
            while i < n {
                let c = input[i];
                let mut j = i + 1;
                while j < n && input[j] == c {
                    j += 1;
                }
                let mut digits = [0u8; 20];
                let mut len = j - i;
                let mut d = digits.len();
                loop {
                    d -= 1;
                    digits[d] = b'0' + (len % 10) as u8;
                    len /= 10;
                    if len == 0 {
                        break;
                    }
                }
                out.extend_from_slice(&digits[d..]);
                out.push(c);
                i = j;
            }
        }
        Func::ReverseChunks => {
            for chunk in input.chunks(param_k(step.k)) {
                out.extend(chunk.iter().rev());
            }
        }
        Func::SwapEnds => {
            out.extend_from_slice(input);
            if n >= 2 {
                out.swap(0, n - 1);
            }
        }
    }
}

/// Writes a step as it appears in prompts, e.g. `rotate_left(k=3)`.
fn write_step(out: &mut String, step: &Step) {
    let spec = spec(step.f);
    out.push_str(spec.name);
    let k = step.k.unwrap_or(0);
    let a = step.a.unwrap_or('?');
    let b = step.b.unwrap_or('?');
    let _ = match spec.params {
        Params::None => Ok(()),
        Params::K => write!(out, "(k={k})"),
        Params::C => write!(out, "(c='{a}')"),
        Params::KC => write!(out, "(k={k}, c='{a}')"),
        Params::AB => write!(out, "(a='{a}', b='{b}')"),
    };
}

/// A step rendered as in prompts.
pub fn step_text(step: &Step) -> String {
    let mut out = String::with_capacity(24);
    write_step(&mut out, step);
    out
}

/// The signature of a library function, e.g. `insert_every(k, c)`.
fn signature(spec: &FnSpec) -> &'static str {
    match spec.params {
        Params::None => "",
        Params::K => "(k)",
        Params::C => "(c)",
        Params::KC => "(k, c)",
        Params::AB => "(a, b)",
    }
}

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
fn resolve_alphabet(alphabet: &str) -> Result<Vec<u8>, String> {
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
fn resolve_functions(names: &[String]) -> Result<Vec<Func>, KnobError> {
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

/// A puzzle: an input string and a pipeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StringComposePuzzle {
    /// The input string.
    pub s: String,
    /// The pipeline, applied in order.
    pub p: Vec<Step>,
    /// Trace mode: the answer lists every intermediate string.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub t: bool,
    /// The prompt shows a worked example of every used function.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub w: bool,
}

/// An answer: the final string, or (trace mode) the strings after each step, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringComposeAnswer {
    /// The strings given (one in plain mode).
    pub strings: Vec<String>,
}

/// The strings after each step (`chain[i]` is the string after step `i + 1`).
fn run(puzzle: &StringComposePuzzle) -> Vec<Vec<u8>> {
    let mut chain: Vec<Vec<u8>> = Vec::with_capacity(puzzle.p.len());
    let mut cur: &[u8] = puzzle.s.as_bytes();
    for step in &puzzle.p {
        let mut out = Vec::with_capacity(cur.len() * 2 + 4);
        apply(step, cur, &mut out);
        chain.push(out);
        cur = chain.last().map_or(&[], Vec::as_slice);
    }
    chain
}

/// Applies `steps` to `input`, except the step at index `skip`.
fn run_skipping(input: &[u8], steps: &[Step], skip: usize) -> Vec<u8> {
    let mut cur = input.to_vec();
    let mut next = Vec::with_capacity(cur.len() * 2);
    for (i, step) in steps.iter().enumerate() {
        if i != skip {
            apply(step, &cur, &mut next);
            std::mem::swap(&mut cur, &mut next);
        }
    }
    cur
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Picks the parameters of `func` for the current string.
fn sample_step(func: Func, cur: &[u8], alphabet: &[u8], rng: &mut ItemRng) -> Step {
    let mut step = Step::plain(func);
    let from_string = |rng: &mut ItemRng| char::from(cur[rng.index(cur.len())]);
    match func {
        Func::RotateLeft | Func::RotateRight => step.k = Some(rng.range(1, 9) as u32),
        Func::Caesar => step.k = Some(rng.range(1, 25) as u32),
        Func::KeepEvery => step.k = Some(rng.range(2, 4) as u32),
        Func::ReverseChunks => step.k = Some(rng.range(2, 5) as u32),
        Func::InsertEvery => {
            step.k = Some(rng.range(1, 4) as u32);
            step.a = Some(char::from(*rng.choose(alphabet)));
        }
        Func::Remove => step.a = Some(from_string(rng)),
        Func::Replace => {
            let a = cur[rng.index(cur.len())];
            let mut b = *rng.choose(alphabet);
            if b == a {
                // The alphabet has at least 2 distinct characters.
                b = alphabet.iter().copied().find(|&x| x != a).unwrap_or(b'?');
            }
            step.a = Some(char::from(a));
            step.b = Some(char::from(b));
        }
        _ => {}
    }
    step
}

/// Attempts per step before the whole chain is restarted from a new input.
const STEP_ATTEMPTS: usize = 60;
/// Restarts from a new input before giving up.
const RESTARTS: usize = 30;
/// Shortest allowed intermediate string.
const MIN_INTERMEDIATE: usize = 2;

/// Builds a chain of `depth` steps from `input`, or `None` if a step could not be placed.
fn build_chain(
    input: Vec<u8>,
    knobs: &StringComposeKnobs,
    funcs: &[Func],
    alphabet: &[u8],
    rng: &mut ItemRng,
) -> Option<(Vec<Step>, Vec<Vec<u8>>)> {
    let mut steps = Vec::with_capacity(knobs.depth);
    let mut chain: Vec<Vec<u8>> = Vec::with_capacity(knobs.depth + 1);
    chain.push(input);
    let mut out = Vec::with_capacity(knobs.max_output_len * 2 + 8);
    for _ in 0..knobs.depth {
        let cur = chain.last()?;
        let mut placed = None;
        for _ in 0..STEP_ATTEMPTS {
            let step = sample_step(*rng.choose(funcs), cur, alphabet, rng);
            apply(&step, cur, &mut out);
            if (MIN_INTERMEDIATE..=knobs.max_output_len).contains(&out.len())
                && !chain.contains(&out)
            {
                placed = Some(step);
                break;
            }
        }
        steps.push(placed?);
        chain.push(out.clone());
    }
    Some((steps, chain))
}

const TRACE_EXAMPLE: [&str; 3] = ["abc", "cba", "CBA"];
/// The answer the prompt shows as its format example in plain mode.
const PLAIN_EXAMPLE: &str = "aBc3d";

/// Whether copying the prompt's format example would earn a reward on this chain (input
/// first): in plain mode the example is the whole answer; in trace mode its first line is
/// the string after step 1 (a wrong first line earns nothing).
fn example_pays(chain: &[Vec<u8>], trace: bool) -> bool {
    if trace {
        chain
            .get(1)
            .is_some_and(|s| s == TRACE_EXAMPLE[0].as_bytes())
    } else {
        chain.last().is_some_and(|s| s == PLAIN_EXAMPLE.as_bytes())
    }
}

impl Task for StringCompose {
    const ID: &'static str = "string_compose";
    const VERSION: u32 = 2;
    const DIFFICULTY_MEASURE: &'static str = "chars_written";
    // Exactly one string follows a deterministic pipeline: there is nothing to prove by search.
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 16 * 1024;

    type Knobs = StringComposeKnobs;
    type Puzzle = StringComposePuzzle;
    type Answer = StringComposeAnswer;

    fn check_knobs(knobs: &Self::Knobs) -> Result<(), KnobError> {
        if !(1..=20).contains(&knobs.depth) {
            return Err(KnobError::new("depth", "must be between 1 and 20"));
        }
        if !(4..=256).contains(&knobs.max_output_len) {
            return Err(KnobError::new(
                "max_output_len",
                "must be between 4 and 256",
            ));
        }
        if knobs.min_len < 2 {
            return Err(KnobError::new("min_len", "must be at least 2"));
        }
        if knobs.max_len < knobs.min_len {
            return Err(KnobError::new("max_len", "must be at least min_len"));
        }
        if knobs.max_len > knobs.max_output_len {
            return Err(KnobError::new("max_len", "must be at most max_output_len"));
        }
        resolve_alphabet(&knobs.alphabet).map_err(|e| KnobError::new("alphabet", e))?;
        resolve_functions(&knobs.functions)?;
        Ok(())
    }

    fn generate(
        knobs: &Self::Knobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<Self::Puzzle>, GenerateError> {
        let alphabet = resolve_alphabet(&knobs.alphabet).map_err(GenerateError)?;
        let funcs = resolve_functions(&knobs.functions).map_err(|e| GenerateError(e.message))?;
        for _ in 0..RESTARTS {
            let len = rng.range(knobs.min_len as i64, knobs.max_len as i64) as usize;
            let input: Vec<u8> = (0..len).map(|_| *rng.choose(&alphabet)).collect();
            let Some((steps, chain)) = build_chain(input, knobs, &funcs, &alphabet, rng) else {
                continue;
            };
            // Copying the format example must never earn a reward.
            if example_pays(&chain, knobs.trace) {
                continue;
            }
            // The worked examples must use a different string than the input.
            if knobs.worked_example
                && steps
                    .iter()
                    .any(|s| spec(s.f).example_in.as_bytes() == chain[0].as_slice())
            {
                continue;
            }
            let chars_written: usize = chain[1..].iter().map(Vec::len).sum();
            let mut metadata = Map::new();
            metadata.insert("depth".into(), Value::from(steps.len()));
            metadata.insert(
                "pipeline".into(),
                Value::Array(steps.iter().map(|s| Value::from(step_text(s))).collect()),
            );
            metadata.insert(
                "intermediates".into(),
                Value::Array(chain[1..].iter().map(|s| Value::from(lossy(s))).collect()),
            );
            let mut distinct: Vec<Func> = steps.iter().map(|s| s.f).collect();
            distinct.sort_unstable_by_key(|f| *f as usize);
            distinct.dedup();
            metadata.insert("distinct_functions".into(), Value::from(distinct.len()));
            metadata.insert("input_len".into(), Value::from(chain[0].len()));
            metadata.insert(
                "output_len".into(),
                Value::from(chain.last().map_or(0, Vec::len)),
            );
            metadata.insert("trace".into(), Value::from(knobs.trace));
            let puzzle = StringComposePuzzle {
                s: lossy(&chain[0]),
                p: steps,
                t: knobs.trace,
                w: knobs.worked_example,
            };
            return Ok(Generated {
                puzzle,
                difficulty: chars_written as f64,
                metadata,
            });
        }
        Err(GenerateError(format!(
            "could not build a {}-step pipeline from {:?} where every step changes the string, no string repeats and every string has {MIN_INTERMEDIATE} to {} characters",
            knobs.depth, knobs.functions, knobs.max_output_len
        )))
    }

    fn prompt(puzzle: &Self::Puzzle) -> String {
        let k = puzzle.p.len();
        let mut out = String::with_capacity(900 + k * 220);
        out.push_str(
            "Apply a pipeline of string functions to an input string, one step after another.\n\nInput string: \"",
        );
        out.push_str(&puzzle.s);
        out.push_str("\"\n\nPipeline (each step acts on the result of the previous step):\n");
        for (i, step) in puzzle.p.iter().enumerate() {
            let _ = write!(out, "{}. ", i + 1);
            write_step(&mut out, step);
            out.push('\n');
        }
        out.push_str(
            "\nDefinitions (n is the length of the current string; positions count from 1; letters are the ASCII letters a-z and A-Z):\n",
        );
        let mut shown = [false; FUNCTIONS.len()];
        for step in &puzzle.p {
            let index = step.f as usize;
            if shown[index] {
                continue;
            }
            shown[index] = true;
            let spec = &FUNCTIONS[index];
            out.push_str("- ");
            out.push_str(spec.name);
            out.push_str(signature(spec));
            out.push(' ');
            out.push_str(spec.definition);
            if puzzle.w {
                out.push_str(" Example: ");
                write_step(&mut out, &spec.example);
                out.push_str(" turns \"");
                out.push_str(spec.example_in);
                out.push_str("\" into \"");
                out.push_str(spec.example_out);
                out.push_str("\".");
            }
            out.push('\n');
        }
        out.push('\n');
        if puzzle.t {
            let _ = write!(
                out,
                "Give every intermediate string, in order, one per line: line i is \"i: \" followed by the string after step i, so the last line (line {k}) holds the final result. Letter case matters and the strings contain no spaces; leading and trailing whitespace is ignored, and you may wrap each string in quotes or backticks. Lines are checked in order: partial credit counts the correct lines before the first wrong one. Put your final answer inside <answer> and </answer> tags, e.g.\n<answer>\n"
            );
            for (i, example) in TRACE_EXAMPLE.iter().enumerate().take(k.min(2)) {
                let _ = writeln!(out, "{}: {example}", i + 1);
            }
            if k >= 3 {
                if k > 3 {
                    out.push_str("...\n");
                }
                let _ = writeln!(out, "{k}: {}", TRACE_EXAMPLE[2]);
            }
            out.push_str("</answer>");
        } else {
            out.push_str(
                "Give the string after the last step. Letter case matters and the string contains no spaces; leading and trailing whitespace is ignored, and you may wrap the string in quotes or backticks. Put your final answer inside <answer> and </answer> tags, e.g. <answer>",
            );
            out.push_str(PLAIN_EXAMPLE);
            out.push_str("</answer>.");
        }
        out
    }

    fn solve(puzzle: &Self::Puzzle) -> Self::Answer {
        let chain = run(puzzle);
        let strings = if puzzle.t {
            chain.iter().map(|s| lossy(s)).collect()
        } else {
            vec![chain.last().map_or_else(|| puzzle.s.clone(), |s| lossy(s))]
        };
        StringComposeAnswer { strings }
    }

    fn render_answer(puzzle: &Self::Puzzle, answer: &Self::Answer) -> String {
        if !puzzle.t {
            return answer.strings.first().cloned().unwrap_or_default();
        }
        let mut out = String::with_capacity(answer.strings.iter().map(|s| s.len() + 5).sum());
        for (i, s) in answer.strings.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let _ = write!(out, "{}: {s}", i + 1);
        }
        out
    }

    fn parse_answer(puzzle: &Self::Puzzle, text: &str) -> Result<Self::Answer, ParseError> {
        if !puzzle.t {
            return Ok(StringComposeAnswer {
                strings: vec![clean_string(text)?.to_string()],
            });
        }
        let mut strings = Vec::with_capacity(puzzle.p.len());
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("```") {
                continue;
            }
            if strings.len() >= puzzle.p.len() {
                return Err(ParseError::new(format!(
                    "more lines than the {} steps",
                    puzzle.p.len()
                )));
            }
            let expected = strings.len() + 1;
            strings.push(parse_trace_line(line, expected)?.to_string());
        }
        if strings.is_empty() {
            return Err(ParseError::new("no step lines"));
        }
        Ok(StringComposeAnswer { strings })
    }

    fn grade(puzzle: &Self::Puzzle, answer: &Self::Answer) -> Grade {
        let k = puzzle.p.len();
        if k == 0 {
            return Grade::WRONG;
        }
        let mut cur = puzzle.s.as_bytes().to_vec();
        let mut next = Vec::with_capacity(cur.len() * 2 + 4);
        if !puzzle.t {
            for step in &puzzle.p {
                apply(step, &cur, &mut next);
                std::mem::swap(&mut cur, &mut next);
            }
            return match answer.strings.as_slice() {
                [given] if given.as_bytes() == cur.as_slice() => Grade::CORRECT,
                _ => Grade::WRONG,
            };
        }
        let mut good = 0;
        for (step, given) in puzzle.p.iter().zip(&answer.strings) {
            apply(step, &cur, &mut next);
            std::mem::swap(&mut cur, &mut next);
            if given.as_bytes() != cur.as_slice() {
                break;
            }
            good += 1;
        }
        if good == k && answer.strings.len() == k {
            Grade::CORRECT
        } else {
            Grade::partial(good as f64 / k as f64)
        }
    }

    fn wrong_answers(puzzle: &Self::Puzzle, rng: &mut ItemRng) -> Vec<String> {
        let chain = run(puzzle);
        let input = puzzle.s.as_bytes();
        let Some(output) = chain.last() else {
            return vec![String::from("?")];
        };
        let k = chain.len();
        let mut wrong = Vec::new();
        if puzzle.t {
            let render = |lines: &[Vec<u8>]| {
                let strings = lines.iter().map(|s| lossy(s)).collect();
                Self::render_answer(puzzle, &StringComposeAnswer { strings })
            };
            // A wrong middle step (later steps right).
            let mut broken = chain.clone();
            let middle = (k - 1) / 2;
            broken[middle] = change_one_char(&chain[middle], rng);
            wrong.push(render(&broken));
            // A wrong last step.
            let mut broken = chain.clone();
            broken[k - 1] = change_one_char(output, rng);
            wrong.push(render(&broken));
            // Copying the input on every line.
            wrong.push(render(&vec![input.to_vec(); k]));
            // One step skipped.
            let skip = rng.index(k);
            let mut skipped: Vec<Vec<u8>> = chain[..skip].to_vec();
            let mut cur = if skip == 0 {
                input.to_vec()
            } else {
                chain[skip - 1].clone()
            };
            for step in &puzzle.p[skip + 1..] {
                let mut next = Vec::new();
                apply(step, &cur, &mut next);
                skipped.push(next.clone());
                cur = next;
            }
            if !skipped.is_empty() {
                wrong.push(render(&skipped));
            }
            // Only the final string, unnumbered.
            wrong.push(lossy(output));
        } else {
            wrong.push(lossy(&change_one_char(output, rng)));
            let skip = rng.index(k);
            let skipped = run_skipping(input, &puzzle.p, skip);
            if skipped != *output {
                wrong.push(lossy(&skipped));
            }
            wrong.push(puzzle.s.clone());
            if k >= 2 {
                wrong.push(lossy(&chain[k - 2]));
            }
        }
        wrong
    }

    fn exploits(puzzle: &Self::Puzzle) -> Vec<(&'static str, String)> {
        let chain = run(puzzle);
        let k = chain.len();
        let Some(output) = chain.last() else {
            return Vec::new();
        };
        let input = puzzle.s.as_bytes();
        // Plain mode: one string, skipped if it happens to be the answer. Trace mode: the
        // same string on every line, skipped if it is the string after step 1.
        let as_answer = |text: &[u8]| -> Option<String> {
            let text = lossy(text);
            if puzzle.t {
                (text.as_bytes() != chain[0].as_slice()).then(|| {
                    (1..=k)
                        .map(|i| format!("{i}: {text}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            } else {
                (text.as_bytes() != output.as_slice()).then_some(text)
            }
        };
        let mut out: Vec<(&'static str, String)> = Vec::new();
        let mut reversed = input.to_vec();
        reversed.reverse();
        let mut sorted = input.to_vec();
        sorted.sort_unstable();
        let swapped: Vec<u8> = input
            .iter()
            .map(|b| {
                if b.is_ascii_uppercase() {
                    b.to_ascii_lowercase()
                } else {
                    b.to_ascii_uppercase()
                }
            })
            .collect();
        for (name, text) in [
            ("the input string", input.to_vec()),
            ("the input reversed", reversed),
            ("the input sorted", sorted),
            ("the input with its case swapped", swapped),
            ("the input repeated", [input, input].concat()),
        ] {
            if let Some(answer) = as_answer(&text) {
                out.push((name, answer));
            }
        }
        out.push(("only quotes", "\"\"".into()));
        out.push((
            "the pipeline restated",
            puzzle.p.iter().map(step_text).collect::<Vec<_>>().join(" "),
        ));
        // The strings after each step.
        let strings: Vec<String> = chain.iter().map(|s| lossy(s)).collect();
        if puzzle.t {
            if k >= 2 {
                if let Some(answer) = as_answer(output) {
                    out.push(("the final string on every line", answer));
                }
            }
            let backwards: Vec<String> = strings
                .iter()
                .enumerate()
                .rev()
                .map(|(i, s)| format!("{}: {s}", i + 1))
                .collect();
            if k >= 2 {
                out.push(("the steps in reverse order", backwards.join("\n")));
            }
            let mut doubled = Self::render_answer(puzzle, &Self::solve(puzzle));
            let _ = write!(doubled, "\n{}: {}", k + 1, lossy(output));
            out.push(("an extra line after the last step", doubled));
            out.push(("unnumbered lines", strings.join("\n")));
        } else {
            // The input and every string after it (the last is the answer).
            let every: Vec<&str> = std::iter::once(puzzle.s.as_str())
                .chain(strings.iter().map(String::as_str))
                .collect();
            out.push(("every intermediate on one line", every.join(" ")));
            out.push(("every intermediate, one per line", every.join("\n")));
            out.push((
                "the input and the output",
                format!("{} {}", puzzle.s, lossy(output)),
            ));
        }
        out
    }
}

/// `text` with one character replaced by a different one.
fn change_one_char(text: &[u8], rng: &mut ItemRng) -> Vec<u8> {
    const POOL: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut out = text.to_vec();
    if out.is_empty() {
        out.push(b'a');
        return out;
    }
    let at = rng.index(out.len());
    let pick = rng.index(POOL.len());
    out[at] = if POOL[pick] == out[at] {
        POOL[(pick + 1) % POOL.len()]
    } else {
        POOL[pick]
    };
    out
}

/// One answer string: trimmed, surrounding quotes and backticks removed, no inner whitespace.
fn clean_string(text: &str) -> Result<&str, ParseError> {
    let s = text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`'));
    if s.is_empty() {
        return Err(ParseError::new("empty answer"));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(ParseError::new(
            "the answer must be a single string without spaces",
        ));
    }
    Ok(s)
}

/// The string of a trace line `i: <string>` (also `Step i:`, `i.`, `i)` or `i =`).
fn parse_trace_line(line: &str, expected: usize) -> Result<&str, ParseError> {
    let mut rest = line;
    if rest
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("step"))
    {
        rest = rest[4..].trim_start();
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(ParseError::new(format!(
            "line {expected} does not start with its step number"
        )));
    }
    let number = if digits > 4 {
        None
    } else {
        rest[..digits].parse::<usize>().ok()
    };
    if number != Some(expected) {
        return Err(ParseError::new(format!(
            "expected step {expected}, found step {}",
            &rest[..digits.min(6)]
        )));
    }
    rest = rest[digits..].trim_start();
    let Some(value) = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('.'))
        .or_else(|| rest.strip_prefix(')'))
        .or_else(|| rest.strip_prefix('='))
    else {
        return Err(ParseError::new(format!(
            "step {expected}: expected ':' after the step number"
        )));
    };
    clean_string(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_one(step: Step, input: &str) -> String {
        let mut out = Vec::new();
        apply(&step, input.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    fn k(f: Func, k: u32) -> Step {
        Step::with_k(f, k)
    }

    fn p(f: Func) -> Step {
        Step::plain(f)
    }

    #[test]
    fn table_is_in_enum_order_and_names_match_serde() {
        assert!(FUNCTIONS.len() >= 20);
        for (i, spec) in FUNCTIONS.iter().enumerate() {
            assert_eq!(spec.func as usize, i, "{}", spec.name);
            assert_eq!(
                serde_json::to_value(spec.func).unwrap(),
                Value::from(spec.name)
            );
            assert_eq!(spec.example.f, spec.func);
            assert!(spec.definition.ends_with('.'));
        }
    }

    #[test]
    fn worked_examples_are_right() {
        for spec in FUNCTIONS {
            assert_eq!(
                run_one(spec.example, spec.example_in),
                spec.example_out,
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn reverse_and_rotations() {
        assert_eq!(run_one(p(Func::Reverse), "a"), "a");
        assert_eq!(run_one(p(Func::Reverse), ""), "");
        assert_eq!(run_one(p(Func::Reverse), "abcd"), "dcba");
        assert_eq!(run_one(k(Func::RotateLeft, 1), "abc"), "bca");
        assert_eq!(run_one(k(Func::RotateLeft, 3), "abc"), "abc");
        assert_eq!(run_one(k(Func::RotateLeft, 7), "abc"), "bca");
        assert_eq!(run_one(k(Func::RotateRight, 1), "abc"), "cab");
        assert_eq!(run_one(k(Func::RotateRight, 5), "abc"), "bca");
        assert_eq!(run_one(k(Func::RotateRight, 5), ""), "");
        assert_eq!(run_one(k(Func::RotateLeft, 9), "x"), "x");
    }

    #[test]
    fn letter_maps() {
        assert_eq!(run_one(k(Func::Caesar, 1), "zZa9-"), "aAb9-");
        assert_eq!(run_one(k(Func::Caesar, 25), "ab"), "za");
        assert_eq!(run_one(k(Func::Caesar, 27), "ab"), "bc");
        assert_eq!(run_one(p(Func::Atbash), "azAZm5"), "zaZAn5");
        assert_eq!(run_one(p(Func::Upper), "aB3z"), "AB3Z");
        assert_eq!(run_one(p(Func::Lower), "aB3Z"), "ab3z");
        assert_eq!(run_one(p(Func::SwapCase), "aB3"), "Ab3");
        assert_eq!(run_one(p(Func::AlternateCase), "ABCDE"), "AbCdE");
        assert_eq!(run_one(p(Func::AlternateCase), "1bcd"), "1bCd");
    }

    #[test]
    fn reorderings() {
        assert_eq!(run_one(p(Func::SwapPairs), "abcd"), "badc");
        assert_eq!(run_one(p(Func::SwapPairs), "a"), "a");
        assert_eq!(run_one(p(Func::Sort), "cAa1"), "1Aac");
        assert_eq!(run_one(p(Func::SortDesc), "cAa1"), "caA1");
        assert_eq!(run_one(p(Func::InterleaveHalves), "abcdef"), "adbecf");
        assert_eq!(run_one(p(Func::InterleaveHalves), "a"), "a");
        assert_eq!(run_one(p(Func::InterleaveHalves), "ab"), "ab");
        assert_eq!(run_one(p(Func::InterleaveHalves), "abc"), "acb");
        assert_eq!(run_one(p(Func::SwapHalves), "abcdef"), "defabc");
        assert_eq!(run_one(p(Func::SwapHalves), "a"), "a");
        assert_eq!(run_one(p(Func::SwapHalves), "abc"), "cba");
        assert_eq!(run_one(k(Func::ReverseChunks, 2), "abcde"), "badce");
        assert_eq!(run_one(k(Func::ReverseChunks, 9), "abcde"), "edcba");
        assert_eq!(run_one(p(Func::SwapEnds), "ab"), "ba");
        assert_eq!(run_one(p(Func::SwapEnds), "a"), "a");
    }

    #[test]
    fn deletions() {
        assert_eq!(run_one(p(Func::Dedupe), "aAaAb"), "aAb");
        assert_eq!(run_one(p(Func::Squeeze), "aaAAab"), "aAab");
        assert_eq!(run_one(p(Func::DeleteVowels), "yEsIoUa"), "ys");
        let remove = Step::with_chars(Func::Remove, None, 'a', None);
        assert_eq!(run_one(remove, "aAba"), "Ab");
        assert_eq!(run_one(k(Func::KeepEvery, 2), "abcde"), "ace");
        assert_eq!(run_one(k(Func::KeepEvery, 2), "abcdef"), "ace");
        assert_eq!(run_one(k(Func::KeepEvery, 9), "abc"), "a");
    }

    #[test]
    fn growth_and_substitution() {
        let replace = Step::with_chars(Func::Replace, None, 'a', Some('A'));
        assert_eq!(run_one(replace, "aAba"), "AAbA");
        assert_eq!(run_one(p(Func::Double), "a"), "aa");
        assert_eq!(run_one(p(Func::Mirror), "ab"), "abba");
        let insert = Step::with_chars(Func::InsertEvery, Some(2), '-', None);
        assert_eq!(run_one(insert, "abcd"), "ab-cd-");
        assert_eq!(run_one(insert, "a"), "a");
        let insert1 = Step::with_chars(Func::InsertEvery, Some(1), 'x', None);
        assert_eq!(run_one(insert1, "ab"), "axbx");
        assert_eq!(run_one(p(Func::RunLengthEncode), "a"), "1a");
        assert_eq!(run_one(p(Func::RunLengthEncode), "aaaaaaaaaaaab"), "12a1b");
        assert_eq!(run_one(p(Func::RunLengthEncode), "aAa"), "1a1A1a");
        assert_eq!(run_one(p(Func::RunLengthEncode), ""), "");
    }

    #[test]
    fn hostile_params_do_not_panic() {
        let weird = Step {
            f: Func::Replace,
            k: Some(0),
            a: Some('é'),
            b: None,
        };
        for spec in FUNCTIONS {
            for input in ["", "a", "ab", "abc"] {
                let mut step = weird;
                step.f = spec.func;
                let mut out = Vec::new();
                apply(&step, input.as_bytes(), &mut out);
                step.k = Some(u32::MAX);
                apply(&step, input.as_bytes(), &mut out);
            }
        }
    }

    fn knobs(level_depth: usize, trace: bool) -> StringComposeKnobs {
        StringComposeKnobs {
            depth: level_depth,
            min_len: 4 + level_depth / 2,
            max_len: 8 + level_depth / 2,
            alphabet: "alnum".into(),
            trace,
            ..StringComposeKnobs::default()
        }
    }

    #[test]
    fn no_item_is_degenerate() {
        let mut total = 0;
        for depth in 1..=10 {
            for trace in [false, true] {
                let knobs = knobs(depth, trace);
                StringCompose::check_knobs(&knobs).unwrap();
                for i in 0..500 {
                    let mut rng = ItemRng::for_item("string_compose_test", depth as u64, i);
                    let generated = StringCompose::generate(&knobs, &mut rng).unwrap();
                    let puzzle = &generated.puzzle;
                    assert_eq!(puzzle.p.len(), depth);
                    let chain = run(puzzle);
                    let mut seen = vec![puzzle.s.as_bytes().to_vec()];
                    for s in &chain {
                        assert!(!seen.contains(s), "step repeats a string: {puzzle:?}");
                        assert!((2..=knobs.max_output_len).contains(&s.len()));
                        seen.push(s.clone());
                    }
                    assert_ne!(chain.last().unwrap().as_slice(), puzzle.s.as_bytes());
                    let intermediates = generated.metadata["intermediates"].as_array().unwrap();
                    assert_eq!(intermediates.len(), depth);
                    total += 1;
                }
            }
        }
        assert_eq!(total, 10_000);
    }

    #[test]
    fn restricted_functions_are_respected() {
        let knobs = StringComposeKnobs {
            functions: vec!["reverse".into(), "caesar".into(), "double".into()],
            depth: 5,
            ..StringComposeKnobs::default()
        };
        StringCompose::check_knobs(&knobs).unwrap();
        for i in 0..200 {
            let mut rng = ItemRng::from_u64(i);
            let puzzle = StringCompose::generate(&knobs, &mut rng).unwrap().puzzle;
            assert!(puzzle
                .p
                .iter()
                .all(|s| matches!(s.f, Func::Reverse | Func::Caesar | Func::Double)));
        }
        // Only one involution cannot make a 2-step chain without repeating a string.
        let impossible = StringComposeKnobs {
            functions: vec!["reverse".into()],
            depth: 2,
            ..StringComposeKnobs::default()
        };
        assert!(StringCompose::generate(&impossible, &mut ItemRng::from_u64(1)).is_err());
    }

    #[test]
    fn knob_checks() {
        let bad = |k: StringComposeKnobs| StringCompose::check_knobs(&k).unwrap_err().knob;
        let base = StringComposeKnobs::default;
        assert_eq!(bad(StringComposeKnobs { depth: 0, ..base() }), "depth");
        assert_eq!(
            bad(StringComposeKnobs {
                min_len: 1,
                ..base()
            }),
            "min_len"
        );
        assert_eq!(
            bad(StringComposeKnobs {
                max_len: 100,
                ..base()
            }),
            "max_len"
        );
        for alphabet in ["a", "ab c", "ab'", "aé", ""] {
            assert_eq!(
                bad(StringComposeKnobs {
                    alphabet: alphabet.into(),
                    ..base()
                }),
                "alphabet"
            );
        }
        let err = StringCompose::check_knobs(&StringComposeKnobs {
            functions: vec!["revers".into()],
            ..base()
        })
        .unwrap_err();
        assert_eq!(err.knob, "functions");
        assert!(err.message.contains("\"reverse\""), "{}", err.message);
        StringCompose::check_knobs(&StringComposeKnobs {
            alphabet: "ab12!?".into(),
            ..base()
        })
        .unwrap();
    }

    fn puzzle(trace: bool) -> StringComposePuzzle {
        StringComposePuzzle {
            s: "hello".into(),
            p: vec![p(Func::Reverse), k(Func::Caesar, 1), p(Func::Upper)],
            t: trace,
            w: true,
        }
    }

    fn grade_text(puzzle: &StringComposePuzzle, text: &str) -> Option<Grade> {
        StringCompose::parse_answer(puzzle, text)
            .ok()
            .map(|a| StringCompose::grade(puzzle, &a))
    }

    #[test]
    fn plain_answers() {
        let puzzle = puzzle(false);
        assert_eq!(
            StringCompose::render_answer(&puzzle, &StringCompose::solve(&puzzle)),
            "PMMFI"
        );
        for ok in [
            "PMMFI",
            "  PMMFI\n",
            "\"PMMFI\"",
            "`PMMFI`",
            "```\nPMMFI\n```",
        ] {
            assert_eq!(grade_text(&puzzle, ok), Some(Grade::CORRECT), "{ok:?}");
        }
        assert_eq!(grade_text(&puzzle, "pmmfi"), Some(Grade::WRONG));
        assert_eq!(grade_text(&puzzle, "PMMFI PMMFI"), None);
        assert_eq!(grade_text(&puzzle, ""), None);
        assert_eq!(grade_text(&puzzle, "１"), Some(Grade::WRONG));
    }

    #[test]
    fn trace_answers_get_prefix_credit() {
        let puzzle = puzzle(true);
        let oracle = StringCompose::render_answer(&puzzle, &StringCompose::solve(&puzzle));
        assert_eq!(oracle, "1: olleh\n2: pmmfi\n3: PMMFI");
        assert_eq!(grade_text(&puzzle, &oracle), Some(Grade::CORRECT));
        let lenient = "```\nStep 1: \"olleh\"\n 2. pmmfi \n3) `PMMFI`\n```";
        assert_eq!(grade_text(&puzzle, lenient), Some(Grade::CORRECT));
        let third = grade_text(&puzzle, "1: olleh\n2: pmmfx\n3: PMMFI").unwrap();
        assert!(!third.correct && (third.credit - 1.0 / 3.0).abs() < 1e-9);
        let two = grade_text(&puzzle, "1: olleh\n2: pmmfi").unwrap();
        assert!(!two.correct && (two.credit - 2.0 / 3.0).abs() < 1e-9);
        let copy = grade_text(&puzzle, "1: hello\n2: hello\n3: hello").unwrap();
        assert_eq!(copy.credit, 0.0);
        assert_eq!(grade_text(&puzzle, "PMMFI"), None);
        assert_eq!(grade_text(&puzzle, "2: pmmfi\n1: olleh"), None);
        assert_eq!(
            grade_text(&puzzle, "1: olleh\n2: pmmfi\n3: PMMFI\n4: x"),
            None
        );
        assert_eq!(grade_text(&puzzle, "1: olleh olleh"), None);
        assert_eq!(grade_text(&puzzle, "１: olleh"), None);
    }

    #[test]
    fn exploits_never_score_and_earn_no_partial_credit() {
        use crate::exploits::{grade_text, level_puzzles};
        let mut seen = std::collections::BTreeSet::new();
        let mut puzzles: Vec<StringComposePuzzle> = Vec::new();
        for level in 1..=10 {
            puzzles.extend(level_puzzles::<StringCompose>(level, 30));
        }
        for depth in [1, 2, 5] {
            let k = StringComposeKnobs {
                depth,
                trace: true,
                ..StringComposeKnobs::default()
            };
            puzzles.extend((0..30).map(|i| {
                StringCompose::generate(&k, &mut ItemRng::from_u64(i))
                    .unwrap()
                    .puzzle
            }));
        }
        for p in &puzzles {
            for (name, text) in StringCompose::exploits(p) {
                seen.insert(name);
                if let Some(grade) = grade_text::<StringCompose>(p, &text) {
                    // Each step changes the string and no string repeats, so a blind line
                    // is wrong from step 1 on: exactly 0 credit.
                    assert_eq!(grade, Grade::WRONG, "{name}: {text}");
                }
            }
        }
        assert!(seen.len() >= 12, "{seen:?}");
    }

    #[test]
    fn the_format_example_is_never_paid() {
        // Inputs over "abc" of length 3, reversed once: about 1 in 27 would give "abc" after
        // step 1, the first line of the trace-mode format example.
        let k = StringComposeKnobs {
            depth: 1,
            min_len: 3,
            max_len: 3,
            alphabet: "abc".into(),
            functions: vec!["reverse".into()],
            worked_example: false,
            trace: true,
            ..StringComposeKnobs::default()
        };
        for i in 0..300 {
            let p = StringCompose::generate(&k, &mut ItemRng::from_u64(i))
                .unwrap()
                .puzzle;
            let prompt = StringCompose::prompt(&p);
            let example = crate::answer::extract_tagged(&prompt, "<answer>", "</answer>").unwrap();
            assert_eq!(example.trim(), "1: abc");
            assert_ne!(p.s, "cba");
            assert!(grade_text(&p, example).is_some_and(|g| g == Grade::WRONG));
        }
        let chain = |strings: &[&str]| -> Vec<Vec<u8>> {
            strings.iter().map(|s| s.as_bytes().to_vec()).collect()
        };
        assert!(example_pays(&chain(&["xy", "qq", "aBc3d"]), false));
        assert!(!example_pays(&chain(&["xy", "aBc3d", "qq"]), false));
        assert!(example_pays(&chain(&["cba", "abc", "qq"]), true));
        assert!(!example_pays(&chain(&["abc", "cba"]), true));
    }

    #[test]
    fn prompt_lists_each_used_definition_once() {
        let mut puzzle = puzzle(false);
        puzzle.p.push(k(Func::Caesar, 4));
        let prompt = StringCompose::prompt(&puzzle);
        assert_eq!(prompt.matches("- caesar(k) ").count(), 1);
        assert!(prompt.contains("4. caesar(k=4)\n"));
        assert!(prompt.contains("Example: caesar(k=3) turns \"xyZ9ab\" into \"abC9de\"."));
        assert!(prompt.ends_with("<answer>aBc3d</answer>."));
    }
}
