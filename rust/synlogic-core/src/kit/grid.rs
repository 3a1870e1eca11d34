//! The text grid: rendering an R×C grid of cell symbols, and reading one back leniently.
//!
//! Grid puzzles (Sudoku, and the futoshiki / kenken / skyscrapers / kakuro / binairo /
//! nonogram / star battle / minesweeper families) show their board as rows of symbols and
//! ask for a completed board in the same form. Both directions live here so that they stay
//! inverses and every task reads answers the same way.
//!
//! # Rendering
//! [`render_grid`] lays cells out row by row, separated by a chosen column separator, with
//! optional box lines (Sudoku's layout: ` | ` between boxes, `---+---` between bands of
//! boxes). Cells wider than one character are right-aligned to the widest cell.
//!
//! # Reading
//! [`GridReader`] reads exactly `rows × cols` cells over a caller-given symbol alphabet (a
//! closure from a token to a cell). It accepts:
//! - rows of space- or comma-separated cells (`5 3 4`, `5, 3, 4`), rows with no separators
//!   (`534`), or all `rows · cols` symbols on one line;
//! - a JSON list of lists, of numbers or of strings (`[[5, 3], ...]`, `[["#", "."], ...]`),
//!   or a JSON list of row strings (`["534", ...]`);
//! - markdown fences (a line opening with three backticks or tildes is skipped with its
//!   language tag), surrounding quotes, and box separators (`|`, `-`, `+`, box-drawing
//!   characters) anywhere.
//!
//! A token (a run of characters that are not separators) is one cell if the alphabet
//! accepts it whole, else each of its characters must be a cell: `534` is three cells for a
//! digit alphabet, and `10` is one cell only for an alphabet that accepts `10`. A character
//! the alphabet accepts is never a separator, so an alphabet may contain `-` or `|`.
//!
//! It refuses, with a [`ParseError`] that says what is wrong: a symbol outside the alphabet,
//! too few cells, too many cells, and (unless [`GridReader::cells_in_reading_order`] is set)
//! a text whose rows are laid out one per line where some line holds the wrong number of
//! cells.
//!
//! Reading is one pass over the text (each character is looked at a bounded number of times,
//! and the alphabet closure is called once per token and at most twice per character), never
//! panics, and allocates only the cells, at most `min(rows · cols, text length)` of them.

use crate::task::ParseError;

/// The shape of the boxes inside a grid (Sudoku's 3×3 or 2×3 regions), for box lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoxShape {
    /// Rows per box: a horizontal line is drawn after every `rows` grid rows.
    pub rows: usize,
    /// Columns per box: a vertical bar is drawn after every `cols` grid columns.
    pub cols: usize,
}

/// How [`render_grid`] lays a grid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridStyle<'a> {
    /// Put between two cells of a row, e.g. `" "`, `","` or `""`.
    pub column_separator: &'a str,
    /// Box lines to draw, if any.
    pub boxes: Option<BoxShape>,
}

impl GridStyle<'static> {
    /// Cells separated by single spaces, no box lines: the usual answer format.
    pub const SPACED: Self = Self {
        column_separator: " ",
        boxes: None,
    };

    /// Cells separated by single spaces with box lines every `rows` rows and `cols` columns.
    pub const fn boxed(rows: usize, cols: usize) -> Self {
        Self {
            column_separator: " ",
            boxes: Some(BoxShape { rows, cols }),
        }
    }
}

/// Renders a `rows × cols` grid, `cell(r, c)` giving each cell's symbol; lines are joined by
/// `\n` with no newline after the last.
///
/// Box bars are the column separator, `|` and the column separator again (` | ` for a space);
/// a box line has one `-` per character of the cells and separators above it and `+` under
/// each bar, so the bars and the pluses line up.
pub fn render_grid<S: AsRef<str>>(
    rows: usize,
    cols: usize,
    style: &GridStyle<'_>,
    mut cell: impl FnMut(usize, usize) -> S,
) -> String {
    let mut symbols: Vec<S> = Vec::with_capacity(rows * cols);
    for r in 0..rows {
        for c in 0..cols {
            symbols.push(cell(r, c));
        }
    }
    let width = symbols
        .iter()
        .map(|s| s.as_ref().chars().count())
        .max()
        .unwrap_or(0);
    let separator = style.column_separator;
    let separator_width = separator.chars().count();
    let (box_rows, box_cols) = style
        .boxes
        .map_or((0, 0), |b| (b.rows.max(1), b.cols.max(1)));
    let box_line = if box_rows > 0 {
        // One box's cells and the separators between them, then the bar's surroundings.
        let segment = "-".repeat(box_cols * width + (box_cols - 1) * separator_width);
        let joint = format!(
            "{}+{}",
            "-".repeat(separator_width),
            "-".repeat(separator_width)
        );
        vec![segment; cols.div_ceil(box_cols)].join(joint.as_str())
    } else {
        String::new()
    };
    let mut out = String::with_capacity(rows * cols * (width + separator.len() + 2) + 16);
    for (r, row) in symbols.chunks(cols.max(1)).enumerate() {
        if r > 0 {
            out.push('\n');
            if box_rows > 0 && r % box_rows == 0 {
                out.push_str(&box_line);
                out.push('\n');
            }
        }
        for (c, symbol) in row.iter().enumerate() {
            if c > 0 {
                out.push_str(separator);
                if box_cols > 0 && c % box_cols == 0 {
                    out.push('|');
                    out.push_str(separator);
                }
            }
            let symbol = symbol.as_ref();
            for _ in symbol.chars().count()..width {
                out.push(' ');
            }
            out.push_str(symbol);
        }
    }
    out
}

/// Whether `ch` separates cells in every grid text: white space, `,`, `;`, quotes, brackets,
/// backticks, and box lines (`|`, `-`, `+`, `=`, box-drawing characters).
pub fn is_separator(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            ',' | ';' | '"' | '\'' | '`' | '[' | ']' | '|' | '-' | '+' | '=' | '\u{2500}'
                ..='\u{257F}'
        )
}

/// Reads a `rows × cols` grid of cells from answer text; see the [module docs](self).
pub struct GridReader<'a, F> {
    rows: usize,
    cols: usize,
    cell: F,
    expected: &'a str,
    also_skip: fn(char) -> bool,
    in_reading_order: bool,
}

impl<'a, F> GridReader<'a, F> {
    /// A reader of `rows × cols` cells; `cell` maps a token to its cell (or `None` if the
    /// token is no symbol of the alphabet) and `expected` describes the alphabet for errors,
    /// completing "a cell is ...", e.g. "a digit from 1 to 9 or `.`".
    pub fn new(rows: usize, cols: usize, expected: &'a str, cell: F) -> Self {
        Self {
            rows,
            cols,
            cell,
            expected,
            also_skip: |_| false,
            in_reading_order: false,
        }
    }

    /// Also skips the characters `skip` accepts (after [`is_separator`] and the alphabet),
    /// instead of refusing them: Sudoku skips every character that is not a letter or digit.
    #[must_use]
    pub fn also_skipping(mut self, skip: fn(char) -> bool) -> Self {
        self.also_skip = skip;
        self
    }

    /// Reads cells in order however they are spread over lines: a text whose lines hold
    /// 8, 10, 9, ... cells is accepted if the total is right. Without this, a text whose
    /// cells sit on exactly `rows` lines must have `cols` cells on each.
    #[must_use]
    pub fn cells_in_reading_order(mut self) -> Self {
        self.in_reading_order = true;
        self
    }

    /// The cells of `text`, row by row.
    pub fn read<T>(&self, text: &str) -> Result<Vec<T>, ParseError>
    where
        F: Fn(&str) -> Option<T>,
    {
        let total = self
            .rows
            .checked_mul(self.cols)
            .ok_or_else(|| ParseError::new("the grid is too large"))?;
        // Every cell takes at least one byte of text, so a short text allocates little.
        let mut cells = Vec::with_capacity(total.min(text.len()));
        let mut count = 0usize;
        let mut lines_with_cells = 0usize;
        // The first line (counting lines with cells, from 1) with other than `cols` cells.
        let mut uneven: Option<(usize, usize)> = None;
        for line in text.split('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                continue;
            }
            let before = count;
            let mut start = None;
            for (i, ch) in line.char_indices() {
                let symbol = &line[i..i + ch.len_utf8()];
                let separates =
                    (self.cell)(symbol).is_none() && (is_separator(ch) || (self.also_skip)(ch));
                match (separates, start) {
                    (true, Some(from)) => {
                        self.token(&line[from..i], total, &mut cells, &mut count)?;
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
            if let Some(from) = start {
                self.token(&line[from..], total, &mut cells, &mut count)?;
            }
            if count > before {
                lines_with_cells += 1;
                if uneven.is_none() && count - before != self.cols {
                    uneven = Some((lines_with_cells, count - before));
                }
            }
        }
        // Cells on exactly one line per row: a row with the wrong count is a missing or
        // extra cell there, even if another row makes up for it.
        let rows_laid_out = lines_with_cells == self.rows && self.rows > 1;
        if let Some((row, found)) = uneven.filter(|_| rows_laid_out && !self.in_reading_order) {
            return Err(ParseError::new(format!(
                "row {row} has {found} cells, expected {}",
                self.cols
            )));
        }
        if count != total {
            let which = if count > total { "too many" } else { "too few" };
            return Err(ParseError::new(format!(
                "{which} cells: {count}, expected {total} ({} rows of {})",
                self.rows, self.cols
            )));
        }
        Ok(cells)
    }

    /// Adds the cells of one token: itself if the alphabet takes it whole, else each of its
    /// characters. Counts cells past `total` without storing them, for the error message.
    fn token<T>(
        &self,
        token: &str,
        total: usize,
        cells: &mut Vec<T>,
        count: &mut usize,
    ) -> Result<(), ParseError>
    where
        F: Fn(&str) -> Option<T>,
    {
        let mut push = |value: T| {
            if *count < total {
                cells.push(value);
            }
            *count += 1;
        };
        if let Some(value) = (self.cell)(token) {
            push(value);
            return Ok(());
        }
        for (i, ch) in token.char_indices() {
            match (self.cell)(&token[i..i + ch.len_utf8()]) {
                Some(value) => push(value),
                None => {
                    return Err(ParseError::new(format!(
                        "unexpected {ch:?}: a cell is {}",
                        self.expected
                    )))
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Digits 1-4 and `.` (as 0).
    fn digit(token: &str) -> Option<u8> {
        match token.as_bytes() {
            [b @ b'1'..=b'4'] => Some(b - b'0'),
            [b'.'] => Some(0),
            _ => None,
        }
    }

    fn reader() -> GridReader<'static, fn(&str) -> Option<u8>> {
        GridReader::new(
            2,
            3,
            "a digit from 1 to 4 or `.`",
            digit as fn(&str) -> Option<u8>,
        )
    }

    const CELLS: [u8; 6] = [1, 2, 3, 4, 0, 1];

    #[test]
    fn renders_plain_and_boxed_layouts() {
        let plain = render_grid(2, 3, &GridStyle::SPACED, |r, c| (r * 3 + c).to_string());
        assert_eq!(plain, "0 1 2\n3 4 5");
        let digits = b"123456789";
        let boxed = render_grid(4, 4, &GridStyle::boxed(2, 2), |r, c| {
            char::from(digits[(r + c) % 9]).to_string()
        });
        assert_eq!(
            boxed,
            "1 2 | 3 4\n2 3 | 4 5\n----+----\n3 4 | 5 6\n4 5 | 6 7"
        );
        let tight = GridStyle {
            column_separator: "",
            boxes: Some(BoxShape { rows: 1, cols: 2 }),
        };
        assert_eq!(render_grid(2, 4, &tight, |_, _| "#"), "##|##\n--+--\n##|##");
        let commas = GridStyle {
            column_separator: ",",
            boxes: None,
        };
        assert_eq!(
            render_grid(1, 3, &commas, |_, c| ["1", "0", "1"][c]),
            "1,0,1"
        );
        // Wider tokens are right-aligned to the widest.
        let wide = render_grid(2, 2, &GridStyle::SPACED, |r, c| {
            ["#", "10", "3", "#"][r * 2 + c]
        });
        assert_eq!(wide, " # 10\n 3  #");
        assert_eq!(render_grid(0, 0, &GridStyle::SPACED, |_, _| "x"), "");
    }

    #[test]
    fn reads_every_accepted_form() {
        for text in [
            "1 2 3\n4 . 1",
            "1, 2, 3\n4, ., 1",
            "123\n4.1",
            "123 4.1",
            "1234.1",
            "  1 2 3  \n\n  4 . 1  \n",
            "[[1, 2, 3], [4, \".\", 1]]",
            "[[\"1\", \"2\", \"3\"],\n [\"4\", \".\", \"1\"]]",
            "[\"123\", \"4.1\"]",
            "```\n1 2 3\n4 . 1\n```",
            "```text\n1 2 3\n4 . 1\n```",
            "\"1 2 3\n4 . 1\"",
            "'123 4.1'",
            "| 1 2 | 3 |\n+-----+---+\n| 4 . | 1 |",
            "1 2 │ 3\n────┼──\n4 . │ 1",
            "1\n2\n3\n4\n.\n1",
        ] {
            assert_eq!(reader().read(text).as_deref(), Ok(&CELLS[..]), "{text:?}");
        }
    }

    #[test]
    fn tokens_the_alphabet_takes_whole_are_one_cell() {
        let numbers = |token: &str| token.parse::<u8>().ok().filter(|&v| v <= 12);
        let reader = GridReader::new(2, 2, "a number from 0 to 12", numbers);
        assert_eq!(reader.read("10 3\n12 0"), Ok(vec![10, 3, 12, 0]));
        // 13 is no cell, so it is two cells, 1 and 3.
        assert_eq!(reader.read("13 5 7"), Ok(vec![1, 3, 5, 7]));
        // An alphabet may hold a separator character: it is then a cell.
        let dash = |token: &str| matches!(token, "-" | "x").then(|| token.as_bytes()[0]);
        let reader = GridReader::new(1, 3, "`-` or `x`", dash);
        assert_eq!(reader.read("- x -"), Ok(b"-x-".to_vec()));
    }

    #[test]
    fn refuses_missing_extra_and_foreign_cells() {
        let err = |text: &str| reader().read(text).unwrap_err().0;
        assert_eq!(err("1 2 3\n4 ."), "row 2 has 2 cells, expected 3");
        assert_eq!(err("1 2\n3 4 . 1"), "row 1 has 2 cells, expected 3");
        assert_eq!(
            err("1 2 3 4 ."),
            "too few cells: 5, expected 6 (2 rows of 3)"
        );
        assert_eq!(
            err("1234.11"),
            "too many cells: 7, expected 6 (2 rows of 3)"
        );
        assert_eq!(
            err("1 2 3\n4 . 1\n2"),
            "too many cells: 7, expected 6 (2 rows of 3)"
        );
        assert_eq!(err(""), "too few cells: 0, expected 6 (2 rows of 3)");
        assert_eq!(
            err("1 2 3\n4 . 5"),
            "unexpected '5': a cell is a digit from 1 to 4 or `.`"
        );
        assert_eq!(
            err("row 1: 1 2 3"),
            "unexpected 'r': a cell is a digit from 1 to 4 or `.`"
        );
        assert!(err("1 2 3\n4 . ١").contains("'١'"));
        assert!(err("1 2 3 * 4 . 1").contains("'*'"));
        // In reading order, uneven lines pass when the total is right.
        let lenient = reader().cells_in_reading_order();
        assert_eq!(lenient.read("1 2\n3 4 . 1").as_deref(), Ok(&CELLS[..]));
        assert!(lenient.read("1 2\n3 4 .").is_err());
        // Extra skipped characters are skipped only where the alphabet does not claim them.
        let skipping = reader().also_skipping(|c| c == '*');
        assert_eq!(skipping.read("1 2 3 * 4 . 1").as_deref(), Ok(&CELLS[..]));
        let huge = GridReader::new(usize::MAX, 2, "a digit", digit);
        assert_eq!(huge.read("1").unwrap_err().0, "the grid is too large");
    }

    #[test]
    fn hostile_texts_never_panic_and_stay_small() {
        let mut rng = crate::ItemRng::from_u64(5);
        let mut texts: Vec<String> = crate::hostile::generic_cases(&mut rng)
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        texts.extend(["é".repeat(1000), "```".into(), "\n".repeat(10_000)]);
        texts.push(format!("{}\u{0}ß{}", "1".repeat(5), "٣".repeat(3)));
        let nine = GridReader::new(9, 9, "a digit", |t: &str| {
            t.parse::<u8>().ok().filter(|&v| v <= 9)
        });
        for text in &texts {
            for cut in [text.len() / 3, text.len()] {
                let mut cut = cut;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                let _ = reader().read(&text[..cut]);
                let _ = reader().cells_in_reading_order().read(&text[..cut]);
                if let Ok(cells) = nine.read(&text[..cut]) {
                    assert_eq!(cells.len(), 81);
                }
            }
        }
        // A megabyte of cells is refused without storing more than the grid.
        assert!(nine.read(&"9".repeat(1 << 20)).is_err());
    }
}
