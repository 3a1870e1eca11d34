//! The function library: the 26 string functions, their table of definitions and worked
//! examples, and [`apply`], which runs one step.

use serde::{Deserialize, Serialize};

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
    pub(super) const fn plain(f: Func) -> Self {
        Self {
            f,
            k: None,
            a: None,
            b: None,
        }
    }

    pub(super) const fn with_k(f: Func, k: u32) -> Self {
        Self {
            f,
            k: Some(k),
            a: None,
            b: None,
        }
    }

    pub(super) const fn with_chars(f: Func, k: Option<u32>, a: char, b: Option<char>) -> Self {
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
