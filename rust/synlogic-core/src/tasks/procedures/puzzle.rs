//! The puzzle: its payload form (the spec), the flat state list, and the structural checks
//! a loaded spec must pass before it is run.

use serde::{Deserialize, Serialize};

use super::knobs::{AnswerMode, Kind};
use super::semantics::{
    grid_open, simulate, LIST_CAP, MAX_EXEC, MAX_PROGRAM, MAX_REPEATS, MAX_RULES, MAX_START,
    REGISTER_CAP, R_ADD, R_DEC, R_INC, R_JMP, R_JNZ, R_JZ, R_SET, STACK_CAP, S_PUSH,
};

/// A sequence of states stored flat (a state is a slice of integers: list elements, letter
/// codes, register values or a grid position). Also the parsed answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct States {
    pub(super) data: Vec<i32>,
    pub(super) ends: Vec<u32>,
}

impl States {
    /// The number of states.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no states.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// State `i` (empty if out of range).
    pub fn get(&self, i: usize) -> &[i32] {
        let Some(&end) = self.ends.get(i) else {
            return &[];
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.data[start as usize..end as usize]
    }

    pub(super) fn with_capacity(states: usize, width: usize) -> Self {
        Self {
            data: Vec::with_capacity(states * width),
            ends: Vec::with_capacity(states),
        }
    }

    pub(super) fn push(&mut self, state: &[i32]) {
        self.data.extend_from_slice(state);
        self.ends.push(self.data.len() as u32);
    }

    pub(super) fn last(&self) -> &[i32] {
        self.get(self.len().saturating_sub(1))
    }
}

// ---------------------------------------------------------------------------------------
// Puzzle spec
// ---------------------------------------------------------------------------------------

/// Condition of a string rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Cond {
    /// The string contains `x`.
    Has,
    /// The string starts with `x`.
    Pre,
    /// The string ends with `x`.
    Suf,
    /// The string is longer than `n`.
    Len,
    /// Always (the last rule).
    Else,
}

/// Action of a string rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Act {
    /// Replace the leftmost `x` with `y` (only with `has`).
    Rep,
    DropFirst,
    DropLast,
    RotLeft,
    RotRight,
    /// Append `y`.
    Append,
    /// Prepend `y`.
    Prepend,
    Reverse,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Rule {
    #[serde(rename = "if")]
    pub(super) cond: Cond,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(super) x: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(super) n: u32,
    #[serde(rename = "do")]
    pub(super) act: Act,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(super) y: String,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
pub(super) fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The payload form of a puzzle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Spec {
    /// Kind.
    pub(super) k: Kind,
    /// Answer mode.
    pub(super) m: AnswerMode,
    /// Initial state (letters as ASCII codes for strings; `[row, col]` for the grid).
    pub(super) s: Vec<i32>,
    /// Program: `[opcode, a, b]` per line (list, stack, register, grid kinds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) p: Vec<[i32; 3]>,
    /// Rules (string kind).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) r: Vec<Rule>,
    /// Number of rule applications (string kind).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(super) n: u32,
    /// Grid rows of `.` and `#` (grid kind).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) w: Vec<String>,
}

/// A procedure puzzle: the payload spec plus its execution trace, recomputed on load.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "Spec")]
pub struct Puzzle {
    pub(super) spec: Spec,
    /// States 0 (initial) ..= n (final).
    pub(super) trace: States,
    /// Steps that change the state.
    pub(super) changes: u32,
}

impl Serialize for Puzzle {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl TryFrom<Spec> for Puzzle {
    type Error = String;

    fn try_from(spec: Spec) -> Result<Self, String> {
        validate(&spec)?;
        let trace = simulate(&spec, MAX_EXEC)?;
        if trace.len() < 2 {
            return Err("no steps".into());
        }
        Ok(Puzzle::new(spec, trace))
    }
}

impl Puzzle {
    pub(super) fn new(spec: Spec, trace: States) -> Self {
        let changes = (1..trace.len())
            .filter(|&i| trace.get(i) != trace.get(i - 1))
            .count() as u32;
        Self {
            spec,
            trace,
            changes,
        }
    }

    pub(super) fn steps(&self) -> usize {
        self.trace.len() - 1
    }
}

pub(super) fn is_letters(text: &str, lo: usize, hi: usize) -> bool {
    (lo..=hi).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase())
}

/// Structural checks that simulation does not make (unexecuted lines, rule shapes, grid).
pub(super) fn validate(spec: &Spec) -> Result<(), String> {
    let (start, lines) = (spec.s.len(), spec.p.len());
    if start > MAX_START {
        return Err(format!(
            "field s: at most {MAX_START} elements, got {start}"
        ));
    }
    if lines > MAX_PROGRAM {
        return Err(format!("field p: at most {MAX_PROGRAM} lines, got {lines}"));
    }
    if spec.r.len() > MAX_RULES {
        return Err(format!(
            "field r: at most {MAX_RULES} rules, got {}",
            spec.r.len()
        ));
    }
    if spec.w.len() > MAX_START {
        return Err(format!(
            "field w: at most {MAX_START} rows, got {}",
            spec.w.len()
        ));
    }
    let within = |cap: i32| spec.s.iter().all(|v| (-cap..=cap).contains(v));
    match spec.k {
        Kind::StringRules => {
            if spec.r.is_empty() {
                return Err("field r: needs at least one rule".into());
            }
            if !(1..=MAX_REPEATS).contains(&spec.n) {
                return Err(format!(
                    "field n: must be between 1 and {MAX_REPEATS}, got {}",
                    spec.n
                ));
            }
            if !spec.s.iter().all(|&c| (97..=122).contains(&c)) {
                return Err("field s: a string state holds letter codes 97 to 122".into());
            }
            for (i, rule) in spec.r.iter().enumerate() {
                let last = i + 1 == spec.r.len();
                let cond_ok = match rule.cond {
                    Cond::Has => is_letters(&rule.x, 1, 3),
                    Cond::Pre | Cond::Suf => is_letters(&rule.x, 1, 1),
                    Cond::Len => rule.x.is_empty() && rule.n > 0,
                    Cond::Else => last && rule.x.is_empty(),
                };
                let act_ok = match rule.act {
                    Act::Rep => rule.cond == Cond::Has && is_letters(&rule.y, 0, 3),
                    Act::Append | Act::Prepend => is_letters(&rule.y, 1, 1),
                    _ => rule.y.is_empty(),
                };
                if !cond_ok || !act_ok || (last && rule.cond != Cond::Else) {
                    return Err(format!("field r: bad rule {}", i + 1));
                }
            }
        }
        Kind::RegisterMachine => {
            let regs = spec.s.len() as i32;
            let lines = spec.p.len() as i32;
            if regs == 0 {
                return Err("field s: needs at least one register".into());
            }
            if !spec.s.iter().all(|v| (0..=REGISTER_CAP).contains(v)) {
                return Err(format!("field s: registers hold 0 to {REGISTER_CAP}"));
            }
            let reg = |r: i32| (0..regs).contains(&r);
            let line = |t: i32| (1..=lines + 1).contains(&t);
            for &[op, a, b] in &spec.p {
                let ok = match op {
                    R_INC | R_DEC => reg(a),
                    R_ADD => reg(a) && reg(b),
                    R_SET => reg(a) && (0..=REGISTER_CAP).contains(&b),
                    R_JZ | R_JNZ => reg(a) && line(b),
                    R_JMP => line(a),
                    _ => false,
                };
                if !ok {
                    return Err("field p: bad register instruction".into());
                }
            }
        }
        Kind::GridWalk => {
            grid_open(&spec.w).map_err(|e| format!("field w: {e}"))?;
        }
        Kind::ListOps => {
            if !within(LIST_CAP) {
                return Err(format!("field s: list elements are at most {LIST_CAP}"));
            }
        }
        Kind::StackMachine => {
            let pushes_ok = spec
                .p
                .iter()
                .all(|op| op[0] != S_PUSH || (-STACK_CAP..=STACK_CAP).contains(&op[1]));
            if !within(STACK_CAP) || !pushes_ok {
                return Err(format!(
                    "field s or p: stack numbers are at most {STACK_CAP}"
                ));
            }
        }
    }
    if spec.k != Kind::StringRules && spec.p.is_empty() {
        return Err("field p: empty program".into());
    }
    Ok(())
}
