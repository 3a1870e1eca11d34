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

/// The longest puzzle payload accepted. A maximal puzzle (10 x 10, [`super::MAX_CLUES`] clues) is
/// about 12 KB compact and under 64 KB pretty-printed, so any sane layout fits; the cap bounds
/// what serde allocates before the field checks run.
pub(super) const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// Loads an untrusted payload: the compact fast path, else serde (whose error text is kept),
/// then [`ZebraPuzzle::validate`], whose errors name the field at fault.
pub(super) fn load(json: &str) -> Result<ZebraPuzzle, String> {
    if json.len() > MAX_PAYLOAD_BYTES {
        return Err(format!(
            "puzzle payload is {} bytes, at most {MAX_PAYLOAD_BYTES}",
            json.len()
        ));
    }
    let puzzle = match load_compact(json.as_bytes()) {
        Some(puzzle) => puzzle,
        None => serde_json::from_str(json).map_err(|e| e.to_string())?,
    };
    puzzle.validate()?;
    Ok(puzzle)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::rng::ItemRng;
    use crate::task::Task;
    use crate::tasks::zebra::MAX_CLUES;
    use crate::tasks::zebra::{Zebra, ZebraKnobs};

    /// An edit of a puzzle's JSON value.
    type Edit = dyn FnOnce(&mut serde_json::Value);

    fn generated(houses: u32, attributes: u32, seed: u64) -> ZebraPuzzle {
        let knobs = ZebraKnobs {
            houses,
            attributes,
            ..ZebraKnobs::default()
        };
        Zebra::generate(&knobs, &mut ItemRng::from_u64(seed))
            .unwrap()
            .puzzle
    }

    /// `load` on the puzzle's JSON with `edit` applied to its value.
    fn load_edited(puzzle: &ZebraPuzzle, edit: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut value = serde_json::to_value(puzzle).unwrap();
        edit(&mut value);
        load(&value.to_string()).unwrap_err()
    }

    #[test]
    fn generated_puzzles_load_back() {
        for (seed, (houses, attributes)) in
            [(2, 2), (4, 3), (6, 6), (10, 10)].into_iter().enumerate()
        {
            let puzzle = generated(houses, attributes, seed as u64);
            let json = serde_json::to_string(&puzzle).unwrap();
            let loaded = load(&json).unwrap();
            assert_eq!(serde_json::to_string(&loaded).unwrap(), json);
            let pretty = serde_json::to_string_pretty(&puzzle).unwrap();
            assert!(load(&pretty).is_ok());
        }
    }

    #[test]
    fn hostile_payloads_are_rejected_naming_the_field() {
        use serde_json::json;
        let p = generated(4, 3, 1);
        let cases: Vec<(&str, Box<Edit>)> = vec![
            ("`n`", Box::new(|v| v["n"] = json!(11))),
            ("`n`", Box::new(|v| v["n"] = json!(1))),
            (
                "`c`",
                Box::new(|v| v["c"] = json!((0..11).collect::<Vec<u8>>())),
            ),
            ("`c`", Box::new(|v| v["c"][0] = json!(200))),
            ("`c`", Box::new(|v| v["c"][1] = v["c"][0].clone())),
            (
                "`v`",
                Box::new(|v| {
                    v["v"].as_array_mut().unwrap().pop();
                }),
            ),
            (
                "`v`",
                Box::new(|v| v["v"][0].as_array_mut().unwrap().push(json!(0))),
            ),
            ("`v`", Box::new(|v| v["v"][0][0] = json!(99))),
            ("`v`", Box::new(|v| v["v"][0][1] = v["v"][0][0].clone())),
            (
                "`s`",
                Box::new(|v| v["s"].as_array_mut().unwrap().push(json!([0, 1, 2, 3]))),
            ),
            ("`s`", Box::new(|v| v["s"][0] = json!([0, 0, 1, 2]))),
            ("`s`", Box::new(|v| v["s"][0] = json!([0, 1, 2, 3, 4]))),
            (
                "`k`",
                Box::new(|v| v["k"] = json!(vec![[1, 0, 0]; MAX_CLUES + 1])),
            ),
            ("`k`", Box::new(|v| v["k"][0] = json!([10, 0, 0]))),
            ("`k`", Box::new(|v| v["k"][0] = json!([2, 0, 12]))),
            ("`k`", Box::new(|v| v["k"][0] = json!([0, 0, 4]))),
            (
                "`q`",
                Box::new(|v| v["q"] = json!({"value": {"a": 3, "h": 0}})),
            ),
            (
                "`q`",
                Box::new(|v| v["q"] = json!({"house": {"a": 0, "x": 4}})),
            ),
        ];
        for (field, edit) in cases {
            let err = load_edited(&p, edit);
            assert!(err.contains(field), "{field}: {err}");
        }
        // A false clue: the solution's house-1 entity of attribute 0 stated to live in house 2.
        let first = p.s[0][0];
        let err = load_edited(&p, |v| v["k"][0] = json!([0, first, 1]));
        assert!(err.contains("`k`") && err.contains("false"), "{err}");
        let huge = format!("{{\"n\":4{}}}", " ".repeat(MAX_PAYLOAD_BYTES));
        assert!(load(&huge).unwrap_err().contains("bytes"));
    }

    /// The largest legal payload (10 x 10, `MAX_CLUES` true clues) loads, prompts, reads and
    /// grades quickly.
    #[test]
    fn a_maximal_payload_verifies_quickly() {
        let mut puzzle = generated(10, 10, 3);
        let mut rng = ItemRng::from_u64(9);
        while puzzle.k.len() < MAX_CLUES {
            let a = rng.index(10);
            let h = rng.index(10);
            let entity = a * 10 + puzzle.s[a][h] as usize;
            puzzle.k.push([0, entity as u8, h as u8]);
        }
        let json = serde_json::to_string_pretty(&puzzle).unwrap();
        assert!(json.len() < MAX_PAYLOAD_BYTES / 2, "{}", json.len());
        let started = Instant::now();
        for _ in 0..10 {
            let loaded = load(&json).unwrap();
            let prompt = Zebra::prompt(&loaded);
            let answer = Zebra::render_answer(&loaded, &Zebra::solve(&loaded));
            let parsed = Zebra::parse_answer(&loaded, &answer).unwrap();
            assert!(Zebra::grade(&loaded, &parsed).correct);
            assert!(prompt.len() < 128 * 1024);
        }
        let per_item = started.elapsed().as_secs_f64() / 10.0;
        assert!(per_item < 0.05, "{per_item} s per maximal payload");
    }
}
