//! The fast loader for payloads in the exact compact layout serde writes.

use super::knobs::AnswerFormat;
use super::puzzle::{Ask, ZebraPuzzle};
use super::read::Cursor;
use super::{MAX_ATTRIBUTES, MAX_HOUSES};

/// A JSON number that fits a `u8`, written as serde writes it (no sign, no leading zero).
#[inline]
pub(super) fn compact_u8(c: &mut Cursor) -> Option<u8> {
    let digit = |at: usize| {
        c.bytes
            .get(at)
            .filter(|b| b.is_ascii_digit())
            .map(|b| b - b'0')
    };
    let first = digit(c.at)?;
    let mut value = u32::from(first);
    let mut at = c.at + 1;
    if first != 0 {
        while let Some(d) = digit(at) {
            value = value * 10 + u32::from(d);
            at += 1;
            if value > 255 {
                return None;
            }
        }
    } else if digit(at).is_some() {
        return None;
    }
    c.at = at;
    Some(value as u8)
}

/// `[a,b,…]` of `u8`s, as serde writes it, passed to `push`.
#[inline]
pub(super) fn compact_u8s(c: &mut Cursor, mut push: impl FnMut(u8)) -> Option<()> {
    if !c.byte(b'[') {
        return None;
    }
    if c.byte(b']') {
        return Some(());
    }
    loop {
        push(compact_u8(c)?);
        if c.byte(b']') {
            return Some(());
        }
        if !c.byte(b',') {
            return None;
        }
    }
}

/// `[[…],[…],…]`, as serde writes it; each inner list is read by `item`.
#[inline]
pub(super) fn compact_lists(
    c: &mut Cursor,
    mut item: impl FnMut(&mut Cursor) -> Option<()>,
) -> Option<()> {
    if !c.byte(b'[') {
        return None;
    }
    if c.byte(b']') {
        return Some(());
    }
    loop {
        item(c)?;
        if c.byte(b']') {
            return Some(());
        }
        if !c.byte(b',') {
            return None;
        }
    }
}

/// `[[…],…]` of `u8` lists.
pub(super) fn compact_u8_lists(c: &mut Cursor) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(MAX_ATTRIBUTES);
    compact_lists(c, |c| {
        let mut list = Vec::with_capacity(MAX_HOUSES);
        compact_u8s(c, |x| list.push(x))?;
        out.push(list);
        Some(())
    })?;
    Some(out)
}

/// A puzzle in exactly the compact layout serde writes (fields in order, no whitespace), or
/// `None` for anything else (serde then reads it, with its errors). Returns what serde returns.
pub(super) fn load_compact(json: &[u8]) -> Option<ZebraPuzzle> {
    let mut c = Cursor { bytes: json, at: 0 };
    if !c.take(b"{\"n\":") {
        return None;
    }
    let n = compact_u8(&mut c)?;
    if !c.take(b",\"c\":") {
        return None;
    }
    let mut categories = Vec::with_capacity(MAX_ATTRIBUTES);
    compact_u8s(&mut c, |x| categories.push(x))?;
    if !c.take(b",\"v\":") {
        return None;
    }
    let v = compact_u8_lists(&mut c)?;
    if !c.take(b",\"s\":") {
        return None;
    }
    let s = compact_u8_lists(&mut c)?;
    if !c.take(b",\"k\":") {
        return None;
    }
    let mut k = Vec::with_capacity(64);
    compact_lists(&mut c, |c| {
        let mut clue = [0u8; 3];
        let mut len = 0;
        compact_u8s(c, |x| {
            if let Some(slot) = clue.get_mut(len) {
                *slot = x;
            }
            len += 1;
        })?;
        k.push(clue);
        (len == 3).then_some(())
    })?;
    if !c.take(b",\"q\":") {
        return None;
    }
    let q = if c.take(b"\"grid\"") {
        Ask::Grid
    } else if c.take(b"{\"value\":{\"a\":") {
        let a = compact_u8(&mut c)?;
        if !c.take(b",\"h\":") {
            return None;
        }
        let h = compact_u8(&mut c)?;
        Ask::Value { a, h }
    } else if c.take(b"{\"house\":{\"a\":") {
        let a = compact_u8(&mut c)?;
        if !c.take(b",\"x\":") {
            return None;
        }
        let x = compact_u8(&mut c)?;
        Ask::House { a, x }
    } else {
        return None;
    };
    if !matches!(q, Ask::Grid) && !c.take(b"}}") {
        return None;
    }
    if !c.take(b",\"f\":") {
        return None;
    }
    let f = if c.take(b"\"json\"") {
        AnswerFormat::Json
    } else if c.take(b"\"table\"") {
        AnswerFormat::Table
    } else {
        return None;
    };
    if !c.byte(b'}') || c.at != json.len() {
        return None;
    }
    Some(ZebraPuzzle {
        n,
        c: categories,
        v,
        s,
        k,
        q,
        f,
    })
}

/// Loads a payload: the compact fast path, else serde (whose error text is kept).
pub(super) fn load(json: &str) -> Result<ZebraPuzzle, String> {
    match load_compact(json.as_bytes()) {
        Some(puzzle) => Ok(puzzle),
        None => serde_json::from_str(json).map_err(|e| e.to_string()),
    }
}
