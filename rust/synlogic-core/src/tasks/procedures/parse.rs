//! The answer parser: lines, optional step labels and the state of each kind.

use super::knobs::{AnswerMode, Kind};
use super::puzzle::{Puzzle, States};
use crate::kit::trace::{split_step_label, Label};
use crate::task::ParseError;

pub(super) fn perr(message: &str) -> ParseError {
    ParseError::new(message)
}

/// `text.trim()`, without the Unicode tables when the text ends in printable ASCII once
/// ASCII whitespace is stripped.
#[inline]
pub(super) fn trim(text: &str) -> &str {
    let b = text.as_bytes();
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    let inner = &b[start..end];
    match (inner.first(), inner.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => {
            &text[start..end]
        }
        (None, None) => &text[start..end],
        _ => text.trim(),
    }
}

/// The lines of `text` split at `\n` (as `str::split('\n')`), finding each `\n` eight bytes
/// at a time.
pub(super) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let newline = |b: &[u8]| {
        let mut at = 0;
        while let Some(chunk) = b.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            let t = word ^ (ONES * u64::from(b'\n'));
            // The high bit of each byte equal to `\n` (exact).
            let hits = !(((t & LOW7) + LOW7) | t | LOW7);
            if hits != 0 {
                return Some(at + (hits.trailing_zeros() / 8) as usize);
            }
            at += 8;
        }
        b[at..].iter().position(|&c| c == b'\n').map(|i| at + i)
    };
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let here = rest?;
        if let Some(i) = newline(here.as_bytes()) {
            rest = Some(&here[i + 1..]);
            Some(&here[..i])
        } else {
            rest = None;
            Some(here)
        }
    })
}

/// Reads an optionally signed integer of at most 9 ASCII digits at `b[*i..]`.
#[inline]
pub(super) fn read_int(b: &[u8], i: &mut usize) -> Result<i32, ParseError> {
    let negative = *i < b.len() && b[*i] == b'-';
    if negative {
        *i += 1;
    }
    let start = *i;
    let mut value = 0i32;
    while *i < b.len() && b[*i].is_ascii_digit() {
        if *i - start >= 9 {
            return Err(perr("number too long"));
        }
        value = value * 10 + i32::from(b[*i] - b'0');
        *i += 1;
    }
    if *i == start {
        return Err(perr("expected a number"));
    }
    Ok(if negative { -value } else { value })
}

pub(super) fn parse_ints(text: &str, out: &mut Vec<i32>) -> Result<(), ParseError> {
    let b = trim(text).as_bytes();
    let (mut i, mut end) = (0, b.len());
    if let Some(&first) = b.first() {
        let close = match first {
            b'[' => Some(b']'),
            b'(' => Some(b')'),
            b'{' => Some(b'}'),
            _ => None,
        };
        if let Some(close) = close {
            if end < 2 || b[end - 1] != close {
                return Err(perr("unbalanced brackets"));
            }
            i = 1;
            end -= 1;
        }
    }
    let mut first = true;
    loop {
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end {
            break;
        }
        if !first && b[i] == b',' {
            i += 1;
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
        }
        out.push(read_int(&b[..end], &mut i)?);
        if i < end && !(b[i] == b',' || b[i].is_ascii_whitespace()) {
            return Err(perr("unexpected character in list"));
        }
        first = false;
    }
    Ok(())
}

pub(super) fn parse_letters(text: &str, out: &mut Vec<i32>) -> Result<(), ParseError> {
    let mut t = trim(text);
    for quote in ['"', '\'', '`'] {
        if t.len() >= 2 && t.starts_with(quote) && t.ends_with(quote) {
            t = &t[1..t.len() - 1];
            break;
        }
    }
    for b in t.bytes() {
        if b.is_ascii_alphabetic() {
            out.push(i32::from(b.to_ascii_lowercase()));
        } else if b != b' ' && b != b'\t' {
            return Err(perr("a string state has letters only"));
        }
    }
    Ok(())
}

pub(super) fn parse_registers(
    text: &str,
    regs: usize,
    out: &mut Vec<i32>,
) -> Result<(), ParseError> {
    const UNSET: i32 = i32::MIN;
    out.resize(regs, UNSET);
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len()
            && matches!(
                b[i],
                b' ' | b'\t' | b',' | b';' | b'(' | b')' | b'[' | b']' | b'{' | b'}'
            )
        {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if !b[i].is_ascii_alphabetic() {
            return Err(perr("expected a register name"));
        }
        let index = usize::from(b[i].to_ascii_uppercase() - b'A');
        i += 1;
        if i < b.len() && b[i].is_ascii_alphanumeric() {
            return Err(perr("unknown register"));
        }
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i >= b.len() || !(b[i] == b'=' || b[i] == b':') {
            return Err(perr("expected '=' after a register name"));
        }
        i += 1;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let value = read_int(b, &mut i)?;
        let Some(slot) = out.get_mut(index) else {
            return Err(perr("unknown register"));
        };
        if *slot != UNSET {
            return Err(perr("register given twice"));
        }
        *slot = value;
    }
    Ok(())
}

pub(super) fn parse_state(
    kind: Kind,
    regs: usize,
    text: &str,
    out: &mut Vec<i32>,
) -> Result<(), ParseError> {
    out.clear();
    match kind {
        Kind::StringRules => parse_letters(text, out),
        Kind::RegisterMachine => parse_registers(text, regs, out),
        Kind::ListOps | Kind::StackMachine | Kind::GridWalk => parse_ints(text, out),
    }
}

/// Reads an answer (see [`super::Procedures`] for the accepted forms).
pub(super) fn parse_answer(puzzle: &Puzzle, text: &str) -> Result<States, ParseError> {
    let kind = puzzle.spec.k;
    let regs = puzzle.spec.s.len();
    let mut out = match puzzle.spec.m {
        AnswerMode::Final => States::with_capacity(1, puzzle.trace.last().len()),
        AnswerMode::Trace => States {
            data: Vec::with_capacity(puzzle.trace.data.len()),
            ends: Vec::with_capacity(puzzle.trace.len()),
        },
    };
    let mut buf = Vec::with_capacity(16);
    // The same lines as `text.lines().map(str::trim)` (a `\r` before `\n` is trimmed).
    let mut lines = split_lines(text).map(trim).filter(|l| !l.is_empty());
    match puzzle.spec.m {
        AnswerMode::Final => {
            let line = lines.next().ok_or_else(|| perr("empty answer"))?;
            if lines.next().is_some() {
                return Err(perr("expected a single state"));
            }
            // A final answer may carry any step label (say, that of the last step).
            let body = split_step_label(line, Label::Optional, 0..=usize::MAX)?.body;
            parse_state(kind, regs, trim(body), &mut buf)?;
            out.push(&buf);
        }
        AnswerMode::Trace => {
            for (index, line) in lines.enumerate() {
                // Labels are optional, but a label must carry the next step's number; the
                // first line may instead be `Step 0:` with the initial state.
                let next = out.len() + 1;
                let first = if index == 0 { 0 } else { next };
                let line = split_step_label(line, Label::Optional, first..=next)?;
                parse_state(kind, regs, trim(line.body), &mut buf)?;
                if line.step == Some(0) {
                    if buf != puzzle.trace.get(0) {
                        return Err(perr("Step 0 is not the initial state"));
                    }
                    continue;
                }
                out.push(&buf);
            }
        }
    }
    Ok(out)
}
