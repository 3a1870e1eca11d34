//! Reading answers: lenient JSON and markdown-table grids, cell values, house numbers.

use crate::task::ParseError;

use super::puzzle::ZebraPuzzle;
use super::{MAX_ATTRIBUTES, MAX_COLUMNS, MAX_ENTITIES, MAX_HOUSES, UNSET};

/// Bytes ignored when matching names: whitespace and light punctuation.
pub(super) fn ignorable(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'_' | b'-' | b'.' | b'*' | b'`' | b'"' | b'\'')
}

/// `input` equals `target` ignoring case and [`ignorable`] bytes.
pub(super) fn same_name(input: &[u8], target: &str) -> bool {
    if input.eq_ignore_ascii_case(target.as_bytes()) {
        return true;
    }
    let mut left = input.iter().copied().filter(|&b| !ignorable(b));
    let mut right = target.bytes().filter(|&b| !ignorable(b));
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

/// A 0-based house from "House 3", "house_3", "#3", "house no. 3" or "3".
pub(super) fn read_house(input: &[u8], n: usize) -> Option<usize> {
    // Fast path for the canonical "House 3".
    if let [b'H', b'o', b'u', b's', b'e', b' ', digit] = input {
        let number = digit.wrapping_sub(b'0') as usize;
        return (1..=n.min(9)).contains(&number).then(|| number - 1);
    }
    let mut buf = [0u8; 16];
    let mut len = 0;
    for b in input.iter().copied().filter(|&b| !ignorable(b)) {
        if len == buf.len() {
            return None;
        }
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let mut rest = &buf[..len];
    rest = rest.strip_prefix(b"house").unwrap_or(rest);
    for prefix in [&b"number"[..], b"no", b"#"] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped;
            break;
        }
    }
    if rest.is_empty() || rest.len() > 2 || !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = rest
        .iter()
        .fold(0usize, |acc, &d| acc * 10 + (d - b'0') as usize);
    (1..=n).contains(&number).then(|| number - 1)
}

/// The attribute named `text`; `hint` (the likely answer) is tried first, for speed only.
pub(super) fn find_attribute(puzzle: &ZebraPuzzle, text: &[u8], hint: usize) -> Option<usize> {
    let m = puzzle.attributes();
    if hint < m && same_name(text, puzzle.category(hint).name) {
        return Some(hint);
    }
    (0..m).find(|&a| same_name(text, puzzle.category(a).name))
}

/// The slot of attribute `a`'s value named `text`; the value in house `house` of the stored
/// solution is tried first, for speed only.
pub(super) fn find_value(
    puzzle: &ZebraPuzzle,
    a: usize,
    text: &[u8],
    house: Option<usize>,
) -> Option<usize> {
    if let Some(&hint) = house.and_then(|h| puzzle.s[a].get(h)) {
        if same_name(text, puzzle.value(a, hint as usize)) {
            return Some(hint as usize);
        }
    }
    (0..puzzle.houses()).find(|&x| same_name(text, puzzle.value(a, x)))
}

/// The first index at or after `from` holding `quote` or a backslash (eight bytes at a time).
pub(super) fn find_quote_or_backslash(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_byte = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let hits = has_byte(word, quote) | has_byte(word, b'\\');
        if hits != 0 {
            // The lowest flagged byte is exact (borrows only run upwards past a true hit).
            return Some(from + offset + (hits.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == quote || c == b'\\')
        .map(|i| from + offset + i)
}

/// Tokens of the lenient JSON-ish reader.
#[derive(Debug, Clone, Copy)]
pub(super) enum Token<'a> {
    Open,
    Close,
    Colon,
    Comma,
    Text(&'a [u8]),
    End,
}

/// A flat, non-recursive tokenizer: braces, colons, commas, quoted or bare strings.
pub(super) struct Lexer<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn next(&mut self) -> Result<Token<'a>, ParseError> {
        let bytes = self.bytes;
        while self.at < bytes.len() && bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
        let Some(&b) = bytes.get(self.at) else {
            return Ok(Token::End);
        };
        let single = match b {
            b'{' => Some(Token::Open),
            b'}' => Some(Token::Close),
            b':' => Some(Token::Colon),
            b',' => Some(Token::Comma),
            b'[' | b']' => return Err(ParseError::new("unexpected bracket in the JSON answer")),
            _ => None,
        };
        if let Some(token) = single {
            self.at += 1;
            return Ok(token);
        }
        if b == b'"' || b == b'\'' {
            let start = self.at + 1;
            let mut i = start;
            while let Some(found) = find_quote_or_backslash(bytes, i, b) {
                if bytes[found] == b {
                    self.at = found + 1;
                    return Ok(Token::Text(&bytes[start..found]));
                }
                i = found + 2;
            }
            return Err(ParseError::new("unterminated string"));
        }
        let start = self.at;
        while self.at < bytes.len()
            && !matches!(
                bytes[self.at],
                b'{' | b'}' | b':' | b',' | b'"' | b'\'' | b'[' | b']' | b'\n'
            )
        {
            self.at += 1;
        }
        Ok(Token::Text(&bytes[start..self.at]))
    }

    pub(super) fn expect_colon(&mut self) -> Result<(), ParseError> {
        match self.next()? {
            Token::Colon => Ok(()),
            _ => Err(ParseError::new("expected ':'")),
        }
    }
}

/// `a == b` for slices of equal length, with overlapping word loads for short ones (a call
/// to the library compare costs more than these names and values are long).
#[inline]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word8 = |s: &[u8], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let word4 = |s: &[u8], at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&s[at..at + 4]);
        u32::from_le_bytes(w)
    };
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        8..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        _ => a == b,
    }
}

/// A byte cursor for [`read_canonical_json_grid`].
pub(super) struct Cursor<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl Cursor<'_> {
    /// Consumes `literal` if the text continues with it.
    #[inline]
    pub(super) fn take(&mut self, literal: &[u8]) -> bool {
        let end = self.at + literal.len();
        match self.bytes.get(self.at..end) {
            Some(here) if same_bytes(here, literal) => {
                self.at = end;
                true
            }
            _ => false,
        }
    }

    /// Consumes one byte if it is `byte`.
    #[inline]
    pub(super) fn byte(&mut self, byte: u8) -> bool {
        let hit = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(hit);
        hit
    }

    /// Skips ASCII whitespace (as the lexer does between tokens).
    #[inline]
    pub(super) fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// Consumes optional whitespace, `byte`, optional whitespace; `", "` and `": "` directly.
    #[inline]
    pub(super) fn sep(&mut self, byte: u8) -> bool {
        if self.take(&[byte, b' ']) {
            if !self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
                return true;
            }
        } else {
            self.space();
            if !self.byte(byte) {
                return false;
            }
        }
        self.space();
        true
    }
}

/// The fast path of [`read_json_grid`] for answers laid out as the oracle writes them (any
/// whitespace between tokens): houses in order with `"House k"` keys, attributes in order,
/// double-quoted keys and values spelled exactly. `None` for anything else, which the general
/// reader then handles; when it returns a grid, the general reader returns the same grid
/// (names are unambiguous after normalisation, so an exact spelling finds the same value).
pub(super) fn read_canonical_json_grid(
    puzzle: &ZebraPuzzle,
    text: &[u8],
) -> Option<[u8; MAX_ENTITIES]> {
    let n = puzzle.houses();
    let m = puzzle.attributes();
    // Names and values by attribute, looked up once.
    let mut names: [&[u8]; MAX_ATTRIBUTES] = [&[]; MAX_ATTRIBUTES];
    let mut values: [[&[u8]; MAX_HOUSES]; MAX_ATTRIBUTES] = [[&[]; MAX_HOUSES]; MAX_ATTRIBUTES];
    for a in 0..m {
        let category = puzzle.category(a);
        names[a] = category.name.as_bytes();
        for (slot, &index) in values[a].iter_mut().zip(&puzzle.v[a]) {
            *slot = category.values[usize::from(index)].as_bytes();
        }
    }
    let mut grid = [UNSET; MAX_ENTITIES];
    let mut c = Cursor { bytes: text, at: 0 };
    if !c.byte(b'{') {
        return None;
    }
    for h in 0..n {
        c.space();
        if h > 0 && !c.sep(b',') {
            return None;
        }
        let number = h + 1;
        let key_ok = c.take(b"\"House ")
            && (number < 10 || c.byte(b'0' + (number / 10) as u8))
            && c.take(&[b'0' + (number % 10) as u8, b'"'])
            && c.sep(b':')
            && c.byte(b'{');
        if !key_ok {
            return None;
        }
        for a in 0..m {
            c.space();
            let key_ok = (a == 0 || c.sep(b','))
                && c.byte(b'"')
                && c.take(names[a])
                && c.byte(b'"')
                && c.sep(b':')
                && c.byte(b'"');
            if !key_ok {
                return None;
            }
            let hint = usize::from(*puzzle.s[a].get(h)?);
            let start = c.at;
            let x = if c.take(values[a][hint]) && c.byte(b'"') {
                hint
            } else {
                c.at = start;
                let rest = &text[start..];
                let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
                let value = &rest[..end];
                let x = (0..n).find(|&x| same_bytes(value, values[a][x]))?;
                c.at += end;
                if !c.byte(b'"') {
                    return None;
                }
                x
            };
            grid[a * n + h] = x as u8;
        }
        c.space();
        if !c.byte(b'}') {
            return None;
        }
    }
    c.space();
    if !c.byte(b'}') {
        return None;
    }
    (!text[c.at..].contains(&b'{')).then_some(grid)
}

/// Reads `{"House 1": {"Attr": "value", ...}, ...}` into `grid`.
pub(super) fn read_json_grid(
    puzzle: &ZebraPuzzle,
    text: &[u8],
) -> Result<[u8; MAX_ENTITIES], ParseError> {
    let n = puzzle.houses();
    let mut grid = [UNSET; MAX_ENTITIES];
    let mut lexer = Lexer { bytes: text, at: 0 };
    if !matches!(lexer.next()?, Token::Open) {
        return Err(ParseError::new("expected '{'"));
    }
    let mut houses_seen = 0u16;
    loop {
        match lexer.next()? {
            Token::Close => break,
            Token::Comma => {}
            Token::Text(key) => {
                let h = read_house(key, n).ok_or_else(|| ParseError::new("unknown house key"))?;
                if houses_seen & (1 << h) != 0 {
                    return Err(ParseError::new(format!("house {} given twice", h + 1)));
                }
                houses_seen |= 1 << h;
                lexer.expect_colon()?;
                if !matches!(lexer.next()?, Token::Open) {
                    return Err(ParseError::new("expected '{' after a house key"));
                }
                let mut position = 0;
                loop {
                    match lexer.next()? {
                        Token::Close => break,
                        Token::Comma => {}
                        Token::Text(name) => {
                            let a = find_attribute(puzzle, name, position)
                                .ok_or_else(|| ParseError::new("unknown attribute"))?;
                            lexer.expect_colon()?;
                            let Token::Text(value) = lexer.next()? else {
                                return Err(ParseError::new("expected a value"));
                            };
                            position += 1;
                            let x = find_value(puzzle, a, value, Some(h)).ok_or_else(|| {
                                ParseError::new(format!(
                                    "unknown value for {}",
                                    puzzle.category(a).name
                                ))
                            })?;
                            let cell = &mut grid[a * n + h];
                            if *cell != UNSET {
                                return Err(ParseError::new("attribute given twice"));
                            }
                            *cell = x as u8;
                        }
                        _ => return Err(ParseError::new("malformed house object")),
                    }
                }
            }
            _ => return Err(ParseError::new("malformed answer object")),
        }
    }
    if text[lexer.at..].contains(&b'{') {
        return Err(ParseError::new("more than one answer object"));
    }
    Ok(grid)
}

/// The fast path of [`read_table_grid`] for the table exactly as the oracle writes it (houses
/// as rows in order, attributes in order, single spaces, `\n` line ends), with only
/// whitespace around it. `None` for anything else, which the general reader then handles;
/// when it returns a grid, the general reader returns the same grid.
pub(super) fn read_canonical_table_grid(
    puzzle: &ZebraPuzzle,
    text: &[u8],
) -> Option<[u8; MAX_ENTITIES]> {
    let n = puzzle.houses();
    let m = puzzle.attributes();
    let mut c = Cursor { bytes: text, at: 0 };
    c.space();
    if !c.take(b"| House |") {
        return None;
    }
    for a in 0..m {
        if !(c.byte(b' ') && c.take(puzzle.category(a).name.as_bytes()) && c.take(b" |")) {
            return None;
        }
    }
    if !c.take(b"\n|---|") {
        return None;
    }
    for _ in 0..m {
        if !c.take(b"---|") {
            return None;
        }
    }
    let mut grid = [UNSET; MAX_ENTITIES];
    for h in 0..n {
        let number = h + 1;
        let label_ok = c.take(b"\n| ")
            && (number < 10 || c.byte(b'0' + (number / 10) as u8))
            && c.take(&[b'0' + (number % 10) as u8, b' ', b'|']);
        if !label_ok {
            return None;
        }
        for a in 0..m {
            if !c.byte(b' ') {
                return None;
            }
            let hint = usize::from(*puzzle.s[a].get(h)?);
            let start = c.at;
            let x = if c.take(puzzle.value(a, hint).as_bytes()) && c.take(b" |") {
                hint
            } else {
                let rest = &text[start..];
                let end = rest.iter().position(|&b| b == b'|')?;
                let value = rest[..end].strip_suffix(b" ")?;
                let x = (0..n).find(|&x| same_bytes(value, puzzle.value(a, x).as_bytes()))?;
                c.at = start + end + 1;
                x
            };
            grid[a * n + h] = x as u8;
        }
    }
    c.space();
    (c.at == text.len()).then_some(grid)
}

/// Splits a markdown table line into trimmed cells (without the outer pipes).
pub(super) fn table_cells(line: &str) -> impl Iterator<Item = &str> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    line.split('|').map(str::trim)
}

/// Reads a markdown table: houses as rows (`| House | Attr ... |`) or as columns.
pub(super) fn read_table_grid(
    puzzle: &ZebraPuzzle,
    text: &str,
) -> Result<[u8; MAX_ENTITIES], ParseError> {
    let n = puzzle.houses();
    let m = puzzle.attributes();
    let mut grid = [UNSET; MAX_ENTITIES];
    // columns[j] = attribute (rows are houses) or house (rows are attributes) of column j + 1.
    let mut columns = [0usize; MAX_COLUMNS];
    let mut width = 0usize;
    let mut transposed = None;
    for line in text.lines() {
        if !line.contains('|') {
            continue;
        }
        if line
            .bytes()
            .all(|b| matches!(b, b'-' | b':' | b'|' | b' ' | b'\t' | b'\r'))
        {
            continue;
        }
        let Some(rows_are_attributes) = transposed else {
            // The header row: attribute names (houses as rows) or house labels (transposed).
            let mut attribute_columns = [0usize; MAX_COLUMNS];
            let mut house_columns = [0usize; MAX_COLUMNS];
            let mut attributes_seen = 0u16;
            let mut houses_seen = 0u16;
            let mut as_attributes = true;
            let mut as_houses = true;
            for cell in table_cells(line).skip(1) {
                if width == MAX_COLUMNS {
                    return Err(ParseError::new("too many columns"));
                }
                let bytes = cell.as_bytes();
                if as_attributes {
                    match find_attribute(puzzle, bytes, width) {
                        Some(a) if attributes_seen & (1 << a) == 0 => {
                            attributes_seen |= 1 << a;
                            attribute_columns[width] = a;
                        }
                        _ => as_attributes = false,
                    }
                }
                if as_houses {
                    match read_house(bytes, n) {
                        Some(h) if houses_seen & (1 << h) == 0 => {
                            houses_seen |= 1 << h;
                            house_columns[width] = h;
                        }
                        _ => as_houses = false,
                    }
                }
                width += 1;
            }
            if as_attributes && width == m {
                columns = attribute_columns;
                transposed = Some(false);
            } else if as_houses && width == n {
                columns = house_columns;
                transposed = Some(true);
            } else {
                return Err(ParseError::new(
                    "the table header must name every attribute (or every house) once",
                ));
            }
            continue;
        };
        let mut cells = table_cells(line);
        let label = cells.next().unwrap_or("").as_bytes();
        let row = if rows_are_attributes {
            find_attribute(puzzle, label, 0)
        } else {
            read_house(label, n)
        }
        .ok_or_else(|| ParseError::new("unknown row label"))?;
        let mut count = 0usize;
        for cell in cells {
            if count == width {
                return Err(ParseError::new("row has too many cells"));
            }
            let (a, h) = if rows_are_attributes {
                (row, columns[count])
            } else {
                (columns[count], row)
            };
            let x = find_value(puzzle, a, cell.as_bytes(), Some(h)).ok_or_else(|| {
                ParseError::new(format!("unknown value for {}", puzzle.category(a).name))
            })?;
            let slot = &mut grid[a * n + h];
            if *slot != UNSET {
                return Err(ParseError::new("cell given twice"));
            }
            *slot = x as u8;
            count += 1;
        }
        if count != width {
            return Err(ParseError::new("row has too few cells"));
        }
    }
    if transposed.is_none() {
        return Err(ParseError::new("no table found"));
    }
    Ok(grid)
}

/// Checks that every cell is filled and every attribute column is a permutation.
pub(super) fn complete_grid(
    puzzle: &ZebraPuzzle,
    grid: &[u8; MAX_ENTITIES],
) -> Result<Vec<u8>, ParseError> {
    let n = puzzle.houses();
    let cells = &grid[..n * puzzle.attributes()];
    for (a, column) in cells.chunks(n).enumerate() {
        let mut used = 0u16;
        for &x in column {
            if x == UNSET {
                return Err(ParseError::new(format!(
                    "missing {} for some house",
                    puzzle.category(a).name
                )));
            }
            if used & (1 << x) != 0 {
                return Err(ParseError::new(format!(
                    "a {} value is used twice",
                    puzzle.category(a).name
                )));
            }
            used |= 1 << x;
        }
    }
    Ok(cells.to_vec())
}
