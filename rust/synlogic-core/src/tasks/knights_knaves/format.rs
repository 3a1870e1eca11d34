//! The prompt, answer rendering and answer parsing (the inverse of rendering, lenient on form).

use super::puzzle::{full_mask, members, KnightsKnavesPuzzle};
use super::statement::{CountKind, Expr};
use super::words::{FILLERS, NEGATIONS, NUMBER_WORDS};
use crate::task::ParseError;
use std::fmt::Write as _;

/// Appends the English word for `k` (digits past twenty).
pub(super) fn push_number_word(k: usize, out: &mut String) {
    match NUMBER_WORDS.get(k) {
        Some(word) => out.push_str(word),
        None => push_number(k, out),
    }
}

/// Appends `k` in decimal.
pub(super) fn push_number(k: usize, out: &mut String) {
    if k < 10 {
        out.push(char::from(b'0' + k as u8));
    } else {
        let _ = write!(out, "{k}");
    }
}

pub(super) fn is_simple(expr: &Expr) -> bool {
    match expr {
        Expr::Is { .. } => true,
        Expr::Not(inner) => matches!(**inner, Expr::Is { .. }),
        _ => false,
    }
}

pub(super) struct Renderer<'p> {
    pub(super) names: &'p [String],
    pub(super) speaker: u8,
}

impl Renderer<'_> {
    pub(super) fn subject(&self, person: u8, out: &mut String) {
        if person == self.speaker {
            out.push_str("I am");
        } else {
            out.push_str(&self.names[usize::from(person)]);
            out.push_str(" is");
        }
    }

    pub(super) fn child(&self, expr: &Expr, out: &mut String) {
        if is_simple(expr) {
            self.expr(expr, out);
        } else {
            out.push('(');
            self.expr(expr, out);
            out.push(')');
        }
    }

    pub(super) fn list(&self, items: &[Expr], joiner: &str, out: &mut String) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == items.len() { joiner } else { ", " });
            }
            self.child(item, out);
        }
    }

    pub(super) fn group(&self, group: u32, out: &mut String) {
        let others = group & !(1u32 << self.speaker);
        let with_speaker = group >> self.speaker & 1 == 1;
        let total = others.count_ones() as usize + usize::from(with_speaker);
        for (i, p) in members(others).enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == total { " and " } else { ", " });
            }
            out.push_str(&self.names[usize::from(p)]);
        }
        if with_speaker {
            out.push_str(if others == 0 { "me" } else { " and me" });
        }
    }

    pub(super) fn expr(&self, expr: &Expr, out: &mut String) {
        match expr {
            Expr::Is { person, knight } => {
                self.subject(*person, out);
                out.push_str(if *knight { " a knight" } else { " a knave" });
            }
            Expr::Not(inner) => {
                if let Expr::Is { person, knight } = **inner {
                    self.subject(person, out);
                    out.push_str(if knight {
                        " not a knight"
                    } else {
                        " not a knave"
                    });
                } else {
                    out.push_str("it is not the case that ");
                    self.child(inner, out);
                }
            }
            Expr::And(items) => self.list(items, " and ", out),
            Expr::Or(items) => self.list(items, " or ", out),
            Expr::If(a, b) => {
                out.push_str("if ");
                self.child(a, out);
                out.push_str(", then ");
                self.child(b, out);
            }
            Expr::Iff(a, b) => {
                self.child(a, out);
                out.push_str(" if and only if ");
                self.child(b, out);
            }
            Expr::Count {
                kind,
                k,
                knights,
                group,
            } => {
                out.push_str("among ");
                self.group(*group, out);
                out.push_str(", ");
                let s = group.count_ones() as usize;
                let k = usize::from(*k);
                let plural = match kind {
                    CountKind::Exactly if k == 0 && s == 2 => {
                        out.push_str("neither");
                        false
                    }
                    CountKind::Exactly if k == 0 => {
                        out.push_str("none");
                        false
                    }
                    CountKind::Exactly if k == s && s == 2 => {
                        out.push_str("both");
                        true
                    }
                    CountKind::Exactly if k == s => {
                        out.push_str("all ");
                        push_number_word(s, out);
                        true
                    }
                    _ => {
                        out.push_str(match kind {
                            CountKind::Exactly => "exactly ",
                            CountKind::AtLeast => "at least ",
                            CountKind::AtMost => "at most ",
                        });
                        push_number_word(k, out);
                        k != 1
                    }
                };
                out.push_str(match (plural, *knights) {
                    (true, true) => " are knights",
                    (true, false) => " are knaves",
                    (false, true) => " is a knight",
                    (false, false) => " is a knave",
                });
            }
            Expr::Same { a, b, same } => {
                let (first, second) = if *a == self.speaker {
                    (*b, *a)
                } else {
                    (*a, *b)
                };
                out.push_str(&self.names[usize::from(first)]);
                out.push_str(" and ");
                if second == self.speaker {
                    out.push('I');
                } else {
                    out.push_str(&self.names[usize::from(second)]);
                }
                out.push_str(if *same {
                    " are of the same kind"
                } else {
                    " are of different kinds"
                });
            }
        }
    }
}

pub(super) fn push_joined_names(names: &[String], out: &mut String) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == names.len() { " and " } else { ", " });
        }
        out.push_str(name);
    }
}

pub(super) fn render_assignment(
    puzzle: &KnightsKnavesPuzzle,
    mask: u32,
    skip: Option<usize>,
) -> String {
    let mut out = String::with_capacity(16 * puzzle.people());
    for (i, name) in puzzle.names.iter().enumerate() {
        if Some(i) == skip {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(name);
        out.push_str(if mask >> i & 1 == 1 {
            ": knight"
        } else {
            ": knave"
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Answer parsing.

/// Word-level state of the answer parser.
#[derive(Default)]
pub(super) struct AnswerReader {
    pub(super) assigned: u32,
    pub(super) knights: u32,
    /// Names waiting for their role in a name-first clause.
    pub(super) pending: u32,
    /// The role of a headed list ("Knights: …") in this clause.
    pub(super) header: Option<bool>,
    /// Whether the current header has received a name (or an explicit "none").
    pub(super) header_filled: bool,
    /// A header left open by a clause that named nobody: the following clauses list its people.
    /// Holds the role and whether the list has received a name yet.
    pub(super) open_list: Option<(bool, bool)>,
    /// Whether the clause has seen a name or a role.
    pub(super) started: bool,
    /// Whether this clause continues an open list.
    pub(super) continuing: bool,
}

impl AnswerReader {
    pub(super) fn assign(&mut self, set: u32, knight: bool) -> Result<(), ParseError> {
        let role = if knight { set } else { 0 };
        if (self.knights ^ role) & set & self.assigned != 0 {
            return Err(ParseError::new("a person is given both roles"));
        }
        self.assigned |= set;
        self.knights |= role;
        Ok(())
    }

    pub(super) fn role(&mut self, knight: bool) -> Result<(), ParseError> {
        if self.continuing {
            return Err(ParseError::new("a role inside a listed entry"));
        }
        if self.header.is_some() {
            if !self.header_filled {
                return Err(ParseError::new("a role with nobody listed"));
            }
            self.header = Some(knight);
            self.header_filled = false;
        } else if self.pending != 0 {
            let pending = std::mem::take(&mut self.pending);
            self.assign(pending, knight)?;
        } else if !self.started {
            if matches!(self.open_list, Some((_, false))) {
                return Err(ParseError::new("a role with nobody listed"));
            }
            self.header = Some(knight);
            self.header_filled = false;
            self.open_list = None;
        } else {
            return Err(ParseError::new("a role with no name before it"));
        }
        self.started = true;
        Ok(())
    }

    pub(super) fn name(&mut self, person: usize) -> Result<(), ParseError> {
        let bit = 1u32 << person;
        if !self.started && self.header.is_none() {
            if let Some((role, _)) = self.open_list {
                self.continuing = true;
                self.open_list = Some((role, true));
                self.header = Some(role);
            }
        }
        if let Some(role) = self.header {
            self.assign(bit, role)?;
            self.header_filled = true;
        } else {
            self.pending |= bit;
        }
        self.started = true;
        Ok(())
    }

    pub(super) fn word(
        &mut self,
        puzzle: &KnightsKnavesPuzzle,
        word: &str,
    ) -> Result<(), ParseError> {
        let lower = |w: &str| word.eq_ignore_ascii_case(w);
        match word.as_bytes() {
            [b'k' | b'K', ..] if (5..=7).contains(&word.len()) => {
                if lower("knight") || lower("knights") {
                    return self.role(true);
                }
                if lower("knave") || lower("knaves") {
                    return self.role(false);
                }
            }
            digits if digits.iter().all(u8::is_ascii_digit) => return Ok(()), // list numbering
            _ => {}
        }
        if let Some(person) = puzzle.find_name(word) {
            return self.name(person);
        }
        if lower("none") && self.header.is_some() && !self.header_filled && !self.continuing {
            self.header_filled = true;
            return Ok(());
        }
        if NEGATIONS.iter().any(|n| lower(n)) {
            return Err(ParseError::new(
                "negations are not accepted; state each role",
            ));
        }
        if FILLERS.iter().any(|f| lower(f)) {
            return Ok(());
        }
        let shown: String = word.chars().take(24).collect();
        Err(ParseError::new(format!("unknown word {shown:?}")))
    }

    pub(super) fn end_clause(&mut self, puzzle: &KnightsKnavesPuzzle) -> Result<(), ParseError> {
        if self.pending != 0 {
            let person = self.pending.trailing_zeros() as usize;
            return Err(ParseError::new(format!(
                "no role given for {}",
                puzzle.names[person]
            )));
        }
        if !self.continuing {
            if let Some(role) = self.header {
                // A header with nobody after it opens a list on the following lines.
                self.open_list = (!self.header_filled).then_some((role, false));
            }
        }
        self.header = None;
        self.header_filled = false;
        self.started = false;
        self.continuing = false;
        Ok(())
    }
}

pub(super) fn parse_roles(puzzle: &KnightsKnavesPuzzle, text: &str) -> Result<u32, ParseError> {
    let mut reader = AnswerReader::default();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word_char, width) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'\'', 1)
        } else {
            // Non-ASCII: letters and digits join words (and make them unknown); the rest
            // (bullets, dashes, quotes) separates.
            let ch = text[i..].chars().next().unwrap_or(' ');
            (ch.is_alphanumeric(), ch.len_utf8())
        };
        if word_char {
            start.get_or_insert(i);
        } else {
            if let Some(s) = start.take() {
                reader.word(puzzle, &text[s..i])?;
            }
            if matches!(b, b'\n' | b'\r' | b';' | b'.') {
                reader.end_clause(puzzle)?;
            }
        }
        i += width;
    }
    if let Some(s) = start {
        reader.word(puzzle, &text[s..])?;
    }
    reader.end_clause(puzzle)?;
    if matches!(reader.open_list, Some((_, false))) {
        return Err(ParseError::new("a role with nobody listed"));
    }
    let all = full_mask(puzzle.people());
    if reader.assigned != all {
        let missing = (all & !reader.assigned).trailing_zeros() as usize;
        return Err(ParseError::new(format!(
            "no role given for {}",
            puzzle.names[missing]
        )));
    }
    Ok(reader.knights)
}

/// The prompt of a puzzle (the body of [`Task::prompt`]).
pub(super) fn prompt(puzzle: &KnightsKnavesPuzzle) -> String {
    let n = puzzle.people();
    let mut out = String::with_capacity(1200 + 120 * n);
    out.push_str(
        "On an island, every inhabitant is either a knight or a knave. Knights always tell \
         the truth, and knaves always lie.\n\n",
    );
    out.push_str("You meet ");
    push_number_word(n, &mut out);
    out.push_str(" inhabitants: ");
    push_joined_names(&puzzle.names, &mut out);
    out.push_str(". Each of them makes one statement:\n\n");
    for (speaker, statement) in puzzle.statements.iter().enumerate() {
        out.push_str("- ");
        out.push_str(&puzzle.names[speaker]);
        out.push_str(" says: \"");
        let start = out.len();
        Renderer {
            names: &puzzle.names,
            speaker: speaker as u8,
        }
        .expr(statement, &mut out);
        // Capitalize the first letter (it may follow a parenthesis).
        if let Some(offset) = out[start..].find(|c: char| c.is_ascii_alphabetic()) {
            if let Some(first) = out.get_mut(start + offset..=start + offset) {
                first.make_ascii_uppercase();
            }
        }
        out.push_str(".\"\n");
    }
    out.push_str(
        "\nHow to read the statements: \"or\" is inclusive (at least one part is true); \
         \"if P, then Q\" is false only when P is true and Q is false; \"P if and only if Q\" \
         is true when P and Q are both true or both false; a group \"among X, Y and me\" \
         includes the speaker; two people are \"of the same kind\" when both are knights or \
         both are knaves; parentheses group the parts of a statement.\n\n\
         Determine who is a knight and who is a knave. Exactly one assignment of roles is \
         consistent with all the statements.\n\n",
    );
    out.push_str(
        "Give your final answer inside <answer> and </answer> tags, with one line per \
         inhabitant in the form \"Name: knight\" or \"Name: knave\", listing each of the ",
    );
    push_number_word(n, &mut out);
    out.push_str(
        " inhabitants exactly once by the name used above. The shape of the block (with \
         placeholder names) is:\n\
         <answer>\nName: knight\nOther name: knave\n...\n</answer>",
    );
    out
}
