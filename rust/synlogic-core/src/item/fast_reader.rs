//! A fast reader for payloads in exactly the layout the generator writes.
//!
//! Verification parses one payload per completion group, and most payloads are the
//! generator's own text. This reader finds the four fields of that layout without building
//! anything, eight bytes at a time where it can; anything else (or any doubt) returns `None`
//! and goes through serde, which decides and words the error.

/// The fields of a payload in exactly the layout [`Generator::item`] writes
/// (`{"task":"…","version":N,"puzzle":…,"answer":"…"}`, no whitespace, no `\u` escapes):
/// task, version, puzzle JSON and answer JSON (a string), found without building anything.
/// `None` for any other text. The puzzle's extent is found by matching brackets outside
/// strings; it is exact for valid JSON, which loading the puzzle then checks.
pub(super) fn split_payload(json: &str) -> Option<(&str, u32, &str, &str)> {
    let bytes = json.as_bytes();
    let rest = json.strip_prefix("{\"task\":\"")?;
    let task_len = rest.bytes().position(|b| b == b'"')?;
    let task = &rest[..task_len];
    if !task.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let rest = rest[task_len..].strip_prefix("\",\"version\":")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits > 1 && rest.starts_with('0')) {
        return None;
    }
    let version: u32 = rest[..digits].parse().ok()?;
    let rest = rest[digits..].strip_prefix(",\"puzzle\":")?;
    let start = json.len() - rest.len();
    // The puzzle: an object or array, brackets matched outside strings.
    if !matches!(bytes.get(start), Some(b'{' | b'[')) {
        return None;
    }
    let end = json_value_end(bytes, start)?;
    let puzzle = json.get(start..end)?;
    let answer = json
        .get(end..)?
        .strip_prefix(",\"answer\":")?
        .strip_suffix('}')?;
    // A string with simple escapes only (others go the general way).
    let body = answer.strip_prefix('"')?.strip_suffix('"')?.as_bytes();
    let mut i = 0;
    // Bytes before `careful` are checked one at a time.
    let mut careful = 0;
    while i < body.len() {
        if i >= careful {
            // Eight bytes at a time while they hold no control byte and their quotes and
            // backslashes pair up as `\"` (the common escape) inside the word.
            if let Some(word) = word_at(body, i) {
                let slashes = bytes_equal(word, b'\\');
                let quotes = bytes_equal(word, b'"');
                let controls = bytes_equal(word & 0xE0E0_E0E0_E0E0_E0E0, 0);
                if controls == 0 && quotes == slashes << 8 && slashes >> 56 == 0 {
                    i += 8;
                    continue;
                }
            }
            careful = i + 8;
        }
        match body[i] {
            b'\\' => {
                let escape = body.get(i + 1).copied();
                if !matches!(
                    escape,
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't')
                ) {
                    return None;
                }
                i += 2;
            }
            b'"' | 0..=0x1f => return None,
            _ => i += 1,
        }
    }
    Some((task, version, puzzle, answer))
}

/// The eight bytes at `at` as a little-endian word, if there are eight.
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of every byte of `word` equal to `byte` (exact, no carries between bytes).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let t = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    !(((t & LOW7) + LOW7) | t | LOW7)
}

/// The number of high bits set in a [`bytes_equal`] mask.
fn count_flags(flags: u64) -> usize {
    ((flags >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// The end of the object or array opening at `start`: brackets matched outside strings
/// (exact for valid JSON), eight bytes at a time where no string or closing bracket can end
/// it.
fn json_value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    // Bytes before `careful` are read one at a time.
    let mut careful = 0;
    loop {
        if at >= careful {
            if let Some(word) = word_at(bytes, at) {
                let opens = count_flags(bytes_equal(word, b'{') | bytes_equal(word, b'['));
                let closes = count_flags(bytes_equal(word, b'}') | bytes_equal(word, b']'));
                if bytes_equal(word, b'"') == 0 && closes < depth {
                    depth = depth + opens - closes;
                    at += 8;
                    continue;
                }
            }
            careful = at + 8;
        }
        let b = *bytes.get(at)?;
        at += 1;
        match b {
            b'"' => loop {
                match *bytes.get(at)? {
                    b'\\' => at += 2,
                    b'"' => {
                        at += 1;
                        break;
                    }
                    _ => at += 1,
                }
            },
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
}
