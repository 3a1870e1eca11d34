//! The puzzle, its payload form and its person-set helpers.

use super::eval::eval_scalar;
use super::formula::{write_formula, FormulaReader};
use super::statement::{compile, compile_toks, stack_need, tree, Expr, Op, Tok};
use super::words::{FILLERS, NEGATIONS};
use super::{MAX_FORMULA_BYTES, MAX_NAME_BYTES, MAX_PEOPLE, MAX_STATEMENT_OPS};
use serde::Deserialize;
use serde::Serialize;

/// The person indices in a bit set, ascending.
pub(super) fn members(mut set: u32) -> impl Iterator<Item = u8> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let p = set.trailing_zeros() as u8;
            set &= set - 1;
            p
        })
    })
}

pub(super) fn nth_member(set: u32, k: usize) -> u8 {
    members(set).nth(k).unwrap_or(0)
}

pub(super) fn full_mask(people: usize) -> u32 {
    if people >= 32 {
        u32::MAX
    } else {
        (1u32 << people) - 1
    }
}

/// A knights-and-knaves puzzle: names, statements (compiled) and the solution.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "PuzzleRepr")]
pub struct KnightsKnavesPuzzle {
    pub(super) names: Vec<String>,
    pub(super) statements: Vec<Expr>,
    /// The unique consistent assignment (bit set = knight), used for partial credit.
    pub(super) solution: u32,
    /// Whether `solution` satisfies every statement (checked once, when the puzzle is built).
    pub(super) solution_consistent: bool,
    pub(super) ops: Vec<Op>,
    pub(super) starts: Vec<usize>,
    /// The statements in formula syntax, written once on first use (payload and metadata).
    pub(super) says: std::sync::OnceLock<Vec<String>>,
}

/// The payload form: names, statements in formula syntax, solution as `K`/`N` letters.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PuzzleRepr {
    pub(super) names: Vec<String>,
    pub(super) says: Vec<String>,
    pub(super) sol: String,
}

/// The payload form, borrowed for writing (same fields, same order as [`PuzzleRepr`]).
#[derive(Serialize)]
pub(super) struct PuzzleReprRef<'a> {
    pub(super) names: &'a [String],
    pub(super) says: &'a [String],
    pub(super) sol: String,
}

impl Serialize for KnightsKnavesPuzzle {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sol = (0..self.names.len())
            .map(|i| {
                if self.solution >> i & 1 == 1 {
                    'K'
                } else {
                    'N'
                }
            })
            .collect();
        PuzzleReprRef {
            names: &self.names,
            says: self.says(),
            sol,
        }
        .serialize(serializer)
    }
}

impl TryFrom<PuzzleRepr> for KnightsKnavesPuzzle {
    type Error = String;

    fn try_from(repr: PuzzleRepr) -> Result<Self, String> {
        let n = repr.names.len();
        if !(2..=MAX_PEOPLE).contains(&n) {
            return Err(format!("names: {n} people (2..={MAX_PEOPLE} allowed)"));
        }
        if repr.says.len() != n {
            return Err(format!(
                "says: {} statements for {n} people",
                repr.says.len()
            ));
        }
        if repr.sol.len() != n {
            return Err(format!("sol: {} letters for {n} people", repr.sol.len()));
        }
        for (i, name) in repr.names.iter().enumerate() {
            if name.is_empty()
                || name.len() > MAX_NAME_BYTES
                || !name.bytes().all(|b| b.is_ascii_alphabetic())
            {
                return Err(format!(
                    "names[{i}]: {:?} is not 1 to {MAX_NAME_BYTES} ASCII letters",
                    truncated(name)
                ));
            }
            if keyword(name) {
                return Err(format!("names[{i}]: {name:?} is a keyword"));
            }
            if repr.names[..i].iter().any(|o| o.eq_ignore_ascii_case(name)) {
                return Err(format!("names[{i}]: {name:?} is a duplicate"));
            }
        }
        let mut statements = Vec::with_capacity(n);
        for (i, text) in repr.says.iter().enumerate() {
            if text.len() > MAX_FORMULA_BYTES {
                return Err(format!(
                    "says[{i}]: formula of {} bytes (at most {MAX_FORMULA_BYTES})",
                    text.len()
                ));
            }
            statements.push(FormulaReader::parse(text, n).map_err(|e| format!("says[{i}]: {e}"))?);
        }
        let mut solution = 0u32;
        for (i, b) in repr.sol.bytes().enumerate() {
            match b {
                b'K' => solution |= 1 << i,
                b'N' => {}
                _ => return Err("sol: letters must be K or N".into()),
            }
        }
        let puzzle = Self::new(repr.names, statements, solution)?;
        // Partial credit is measured against `sol`, so it must be a solution.
        if !puzzle.solution_consistent {
            return Err("sol: the roles do not satisfy the statements".into());
        }
        Ok(puzzle)
    }
}

impl KnightsKnavesPuzzle {
    pub(super) fn new(
        names: Vec<String>,
        statements: Vec<Expr>,
        solution: u32,
    ) -> Result<Self, String> {
        let mut ops = Vec::with_capacity(16 * statements.len());
        let mut starts = Vec::with_capacity(statements.len() + 1);
        starts.push(0);
        for statement in &statements {
            let from = ops.len();
            compile(statement, &mut ops);
            let size = ops.len() - from;
            if size > MAX_STATEMENT_OPS {
                return Err(format!(
                    "says[{}]: {size} operations (at most {MAX_STATEMENT_OPS})",
                    starts.len() - 1
                ));
            }
            if stack_need(&ops[from..]).is_none() {
                return Err(format!("says[{}]: statement too large", starts.len() - 1));
            }
            starts.push(ops.len());
        }
        Ok(Self::with_program(names, statements, ops, starts, solution))
    }

    /// A generated puzzle from its statements in postfix form: the same puzzle as [`Self::new`]
    /// on their trees, without compiling the trees.
    pub(super) fn from_toks(
        names: Vec<String>,
        toks: &[Vec<Tok>],
        solution: u32,
    ) -> Result<Self, String> {
        let mut ops = Vec::with_capacity(toks.iter().map(Vec::len).sum());
        let mut starts = Vec::with_capacity(toks.len() + 1);
        starts.push(0);
        for statement in toks {
            let from = ops.len();
            compile_toks(statement, &mut ops);
            if stack_need(&ops[from..]).is_none() {
                return Err("statement too large".into());
            }
            starts.push(ops.len());
        }
        let statements = toks.iter().map(|t| tree(t)).collect();
        Ok(Self::with_program(names, statements, ops, starts, solution))
    }

    pub(super) fn with_program(
        names: Vec<String>,
        statements: Vec<Expr>,
        ops: Vec<Op>,
        starts: Vec<usize>,
        solution: u32,
    ) -> Self {
        let mut puzzle = Self {
            names,
            statements,
            solution,
            solution_consistent: false,
            ops,
            starts,
            says: std::sync::OnceLock::new(),
        };
        puzzle.solution_consistent = puzzle.consistent(solution);
        puzzle
    }

    pub(super) fn people(&self) -> usize {
        self.names.len()
    }

    pub(super) fn program(&self, speaker: usize) -> &[Op] {
        &self.ops[self.starts[speaker]..self.starts[speaker + 1]]
    }

    /// The statements in formula syntax (written on first use, then cached).
    pub(super) fn says(&self) -> &[String] {
        self.says.get_or_init(|| {
            self.statements
                .iter()
                .map(|s| {
                    let mut text = String::with_capacity(32);
                    write_formula(s, &mut text);
                    text
                })
                .collect()
        })
    }

    /// Whether every speaker is a knight exactly when their statement holds under `mask`.
    pub(super) fn consistent(&self, mask: u32) -> bool {
        (0..self.people()).all(|i| (mask >> i) & 1 == u32::from(eval_scalar(self.program(i), mask)))
    }

    /// The index of the person named `word` (ASCII case-insensitive).
    pub(super) fn find_name(&self, word: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|name| name.len() == word.len() && name.eq_ignore_ascii_case(word))
    }
}

pub(super) fn keyword(word: &str) -> bool {
    FILLERS
        .iter()
        .chain(NEGATIONS)
        .chain(&["knight", "knights", "knave", "knaves"])
        .any(|k| k.eq_ignore_ascii_case(word))
}

/// At most 24 characters of untrusted text, for an error message.
fn truncated(text: &str) -> &str {
    text.char_indices()
        .nth(24)
        .map_or(text, |(end, _)| &text[..end])
}
