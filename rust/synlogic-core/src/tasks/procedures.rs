//! Procedure following, modelled on ProcBench: the prompt spells out a whole procedure, so
//! solving needs no outside knowledge, only exact multi-step execution.
//!
//! # Procedure kinds (`kinds`, one drawn uniformly per item)
//! - `string_rules`: a prioritized list of rewrite rules ("if the string contains "ab",
//!   replace the leftmost "ab" with "c"", …, "otherwise, append "a"") applied a fixed
//!   number of times; at each application only the first rule whose condition holds fires.
//!   Generated rule sets must fire several distinct rules and keep the string non-empty.
//! - `list_ops`: a straight-line program of list operations (swap, move, rotate, reverse a
//!   segment, compare-and-swap, one bubble-sort pass) on a list of distinct numbers.
//! - `stack_machine`: a straight-line program (PUSH/POP/DUP/SWAP/OVER/ADD/SUB/MUL/ROT).
//! - `register_machine`: a program with loops and conditional jumps (INC/DEC/ADD/SET/JZ/JNZ/
//!   JMP). Programs are built from counter loops whose counter the body never writes, then
//!   simulated with a hard budget: an item is kept only if the machine halts within
//!   `steps + tol` executed lines, runs at least `steps - tol` (`tol = max(1, steps / 6)`),
//!   and at least a third of the executed lines change a register (values stay in 0–999).
//! - `grid_walk`: a robot on a square grid with walls follows U/D/L/R moves; a move off the
//!   grid or into a wall leaves it in place (and still counts as a step).
//!
//! # Knobs
//! `steps` (executed steps: rule applications, operations, moves, or executed program lines
//! for the register machine), `state_size` (list length / initial string length / number of
//! registers / grid side / stack capacity minus one), `kinds`, `answer_mode` (`final` or
//! `trace`). Every item's final state differs from its initial state (else it is resampled),
//! and copying the prompt's format example earns nothing: an item whose final state (in
//! `trace` mode, whose state after step 1) equals the example's is redrawn.
//!
//! # Answer format
//! A state is written as a list `[3, 1, 2]` (list, stack bottom to top, `[]` if empty), plain
//! letters `abca` (string), `A=3, B=0` (registers) or `(2, 3)` (grid position). In `final`
//! mode the answer is the final state; in `trace` mode it is one line per executed step,
//! `Step k: <state>`. Parsing is lenient on form (case, spaces, optional brackets/quotes,
//! optional `Step k:` labels, registers in any order, an optional `Step 0:` line equal to the
//! initial state) and strict on content (ASCII digits only, every register exactly once,
//! exact element counts, one state in `final` mode).
//!
//! # Grading and partial-credit gating
//! `final`: exact match, no partial credit. `trace`: correct iff every step matches (ProcBench
//! sequential match). The partial credit is ProcBench's prefix accuracy restricted to
//! informative steps: `c / C × n / max(n, m)`, where `C` is the number of steps that change
//! the state, `c` the number of those inside the answer's longest correct leading prefix,
//! `n` the true and `m` the given number of steps. Steps that leave the state unchanged
//! (blocked moves, jumps) earn nothing, so copying the initial state or any constant answer
//! earns 0 (its first state-changing step is wrong), and extra lines dilute the credit.
//!
//! # Example (`list_ops`, final mode)
//! ```text
//! Carry out the list program below exactly.
//!
//! Positions in the list are counted from 1 (the leftmost element) to 4. The operations are:
//! - swap i j: exchange the elements at positions i and j.
//! - rotl k: move the first k elements, in order, to the end of the list.
//! - order i j: if the element at position i is greater than the element at position j, swap them.
//!
//! Initial list: [9, 2, 12, 5]
//!
//! Program (run each line once, from top to bottom):
//! 1. swap 1 4
//! 2. rotl 1
//! 3. order 2 3
//!
//! Give the list after the last operation, written in square brackets with commas, all 4 elements. Put your final answer inside <answer> and </answer> tags, for example <answer>[7, 2, 9, 4]</answer>.
//! ```
//! Answer: `[2, 9, 12, 5]`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

// ---------------------------------------------------------------------------------------
// Knobs
// ---------------------------------------------------------------------------------------

/// One kind of procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Prioritized string rewrite rules applied a fixed number of times.
    StringRules,
    /// A straight-line program of list operations.
    ListOps,
    /// A straight-line stack machine program.
    StackMachine,
    /// A register machine program with loops and conditional jumps.
    RegisterMachine,
    /// A walk on a grid with walls.
    GridWalk,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 5] = [
        Kind::StringRules,
        Kind::ListOps,
        Kind::StackMachine,
        Kind::RegisterMachine,
        Kind::GridWalk,
    ];

    /// The snake_case name used in knobs and metadata.
    pub fn name(self) -> &'static str {
        match self {
            Kind::StringRules => "string_rules",
            Kind::ListOps => "list_ops",
            Kind::StackMachine => "stack_machine",
            Kind::RegisterMachine => "register_machine",
            Kind::GridWalk => "grid_walk",
        }
    }
}

/// What the answer must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerMode {
    /// The final state only.
    Final,
    /// Every intermediate state, one line per executed step.
    Trace,
}

/// Knobs of [`Procedures`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProceduresKnobs {
    /// Executed steps (1–100): rule applications, operations or moves; for the register
    /// machine, executed lines within `max(1, steps / 6)`.
    pub steps: u32,
    /// State size (3–10): list length, initial string length, number of registers, grid side,
    /// or stack capacity minus one.
    pub state_size: u32,
    /// Allowed procedure kinds (snake_case, non-empty, no repeats); one is drawn per item.
    pub kinds: Vec<Kind>,
    /// `final` (the final state) or `trace` (every intermediate state).
    pub answer_mode: AnswerMode,
}

impl Default for ProceduresKnobs {
    fn default() -> Self {
        Self {
            steps: 12,
            state_size: 4,
            kinds: Kind::ALL.to_vec(),
            answer_mode: AnswerMode::Final,
        }
    }
}

// ---------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------

/// A sequence of states stored flat (a state is a slice of integers: list elements, letter
/// codes, register values or a grid position). Also the parsed answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct States {
    data: Vec<i32>,
    ends: Vec<u32>,
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

    fn with_capacity(states: usize, width: usize) -> Self {
        Self {
            data: Vec::with_capacity(states * width),
            ends: Vec::with_capacity(states),
        }
    }

    fn push(&mut self, state: &[i32]) {
        self.data.extend_from_slice(state);
        self.ends.push(self.data.len() as u32);
    }

    fn last(&self) -> &[i32] {
        self.get(self.len().saturating_sub(1))
    }
}

// ---------------------------------------------------------------------------------------
// Puzzle spec
// ---------------------------------------------------------------------------------------

/// Condition of a string rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Cond {
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
enum Act {
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
struct Rule {
    #[serde(rename = "if")]
    cond: Cond,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    x: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    n: u32,
    #[serde(rename = "do")]
    act: Act,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    y: String,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The payload form of a puzzle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    /// Kind.
    k: Kind,
    /// Answer mode.
    m: AnswerMode,
    /// Initial state (letters as ASCII codes for strings; `[row, col]` for the grid).
    s: Vec<i32>,
    /// Program: `[opcode, a, b]` per line (list, stack, register, grid kinds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    p: Vec<[i32; 3]>,
    /// Rules (string kind).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    r: Vec<Rule>,
    /// Number of rule applications (string kind).
    #[serde(default, skip_serializing_if = "is_zero")]
    n: u32,
    /// Grid rows of `.` and `#` (grid kind).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    w: Vec<String>,
}

/// A procedure puzzle: the payload spec plus its execution trace, recomputed on load.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "Spec")]
pub struct Puzzle {
    spec: Spec,
    /// States 0 (initial) ..= n (final).
    trace: States,
    /// Steps that change the state.
    changes: u32,
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
    fn new(spec: Spec, trace: States) -> Self {
        let changes = (1..trace.len())
            .filter(|&i| trace.get(i) != trace.get(i - 1))
            .count() as u32;
        Self {
            spec,
            trace,
            changes,
        }
    }

    fn steps(&self) -> usize {
        self.trace.len() - 1
    }
}

// ---------------------------------------------------------------------------------------
// Semantics
// ---------------------------------------------------------------------------------------

const MAX_STATE: usize = 64;
const MAX_PROGRAM: usize = 512;
const MAX_EXEC: usize = 4096;
const REGISTER_CAP: i32 = 999;
const STACK_CAP: i32 = 99;
const ALPHABET: [u8; 3] = *b"abc";

const L_SWAP: i32 = 0;
const L_MOVE: i32 = 1;
const L_ROTL: i32 = 2;
const L_ROTR: i32 = 3;
const L_REV: i32 = 4;
const L_ORDER: i32 = 5;
const L_BUBBLE: i32 = 6;

const S_PUSH: i32 = 0;
const S_POP: i32 = 1;
const S_DUP: i32 = 2;
const S_SWAP: i32 = 3;
const S_OVER: i32 = 4;
const S_ADD: i32 = 5;
const S_SUB: i32 = 6;
const S_MUL: i32 = 7;
const S_ROT: i32 = 8;

const R_INC: i32 = 0;
const R_DEC: i32 = 1;
const R_ADD: i32 = 2;
const R_SET: i32 = 3;
const R_JZ: i32 = 4;
const R_JNZ: i32 = 5;
const R_JMP: i32 = 6;

const DIRS: [u8; 4] = *b"UDLR";

fn is_letters(text: &str, lo: usize, hi: usize) -> bool {
    (lo..=hi).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase())
}

/// Structural checks that simulation does not make (unexecuted lines, rule shapes, grid).
fn validate(spec: &Spec) -> Result<(), String> {
    if spec.s.len() > MAX_STATE || spec.p.len() > MAX_PROGRAM {
        return Err("puzzle too large".into());
    }
    match spec.k {
        Kind::StringRules => {
            if spec.r.is_empty() || spec.r.len() > 16 || !(1..=1000).contains(&spec.n) {
                return Err("bad rule list or repeat count".into());
            }
            if !spec.s.iter().all(|&c| (97..=122).contains(&c)) {
                return Err("bad string".into());
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
                    return Err(format!("bad rule {}", i + 1));
                }
            }
        }
        Kind::RegisterMachine => {
            let regs = spec.s.len() as i32;
            let lines = spec.p.len() as i32;
            if !(1..=26).contains(&regs) {
                return Err("bad register count".into());
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
                    return Err("bad register instruction".into());
                }
            }
        }
        Kind::GridWalk => {
            grid_open(&spec.w)?;
        }
        Kind::ListOps | Kind::StackMachine => {}
    }
    if spec.k != Kind::StringRules && spec.p.is_empty() {
        return Err("empty program".into());
    }
    Ok(())
}

/// Runs the procedure: the states before the first step and after every step.
fn simulate(spec: &Spec, budget: usize) -> Result<States, String> {
    let steps = if spec.k == Kind::StringRules {
        spec.n as usize
    } else {
        spec.p.len()
    };
    let mut trace = States::with_capacity(steps + 1, spec.s.len() + 2);
    let mut state = spec.s.clone();
    trace.push(&state);
    match spec.k {
        Kind::StringRules => {
            let rules: Vec<Compiled> = spec.r.iter().map(Compiled::of).collect();
            for _ in 0..spec.n {
                string_step(&rules, &mut state);
                trace.push(&state);
            }
        }
        Kind::ListOps => {
            for &op in &spec.p {
                list_apply(op, &mut state)?;
                trace.push(&state);
            }
        }
        Kind::StackMachine => {
            for &op in &spec.p {
                stack_apply(op, &mut state, i32::MAX)?;
                trace.push(&state);
            }
        }
        Kind::RegisterMachine => register_run(&spec.p, &mut state, &mut trace, budget)?,
        Kind::GridWalk => {
            let (n, open) = grid_open(&spec.w)?;
            if state.len() != 2 || !grid_free(n, &open, state[0], state[1]) {
                return Err("bad start position".into());
            }
            for &op in &spec.p {
                grid_step(n, &open, op[0], &mut state)?;
                trace.push(&state);
            }
        }
    }
    Ok(trace)
}

/// A string rule in working form: patterns as letter codes, no allocation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Compiled {
    cond: Cond,
    act: Act,
    x: [i32; 3],
    x_len: usize,
    y: [i32; 3],
    y_len: usize,
    n: usize,
}

impl Compiled {
    /// The working form of a validated rule.
    fn of(rule: &Rule) -> Self {
        let mut x = [0; 3];
        let mut y = [0; 3];
        for (slot, b) in x.iter_mut().zip(rule.x.bytes()) {
            *slot = i32::from(b);
        }
        for (slot, b) in y.iter_mut().zip(rule.y.bytes()) {
            *slot = i32::from(b);
        }
        Self {
            cond: rule.cond,
            act: rule.act,
            x,
            x_len: rule.x.len().min(3),
            y,
            y_len: rule.y.len().min(3),
            n: rule.n as usize,
        }
    }

    /// The payload form.
    fn rule(&self) -> Rule {
        let text = |codes: &[i32]| -> String {
            codes
                .iter()
                .map(|&c| char::from(u8::try_from(c).unwrap_or(b'?')))
                .collect()
        };
        Rule {
            cond: self.cond,
            x: text(&self.x[..self.x_len]),
            n: self.n as u32,
            act: self.act,
            y: text(&self.y[..self.y_len]),
        }
    }
}

fn find(s: &[i32], x: &[i32]) -> Option<usize> {
    if x.is_empty() || x.len() > s.len() {
        return None;
    }
    s.windows(x.len()).position(|w| w == x)
}

/// Applies the first rule whose condition holds; returns its index.
fn string_step(rules: &[Compiled], s: &mut Vec<i32>) -> Option<usize> {
    for (index, rule) in rules.iter().enumerate() {
        let x = &rule.x[..rule.x_len];
        let hit = match rule.cond {
            Cond::Has => find(s, x),
            Cond::Pre => s.starts_with(x).then_some(0),
            Cond::Suf => s.ends_with(x).then_some(0),
            Cond::Len => (s.len() > rule.n).then_some(0),
            Cond::Else => Some(0),
        };
        let Some(at) = hit else { continue };
        match rule.act {
            Act::Rep => {
                s.splice(at..at + x.len(), rule.y[..rule.y_len].iter().copied());
            }
            Act::DropFirst => {
                if !s.is_empty() {
                    s.remove(0);
                }
            }
            Act::DropLast => {
                s.pop();
            }
            Act::RotLeft => {
                if !s.is_empty() {
                    s.rotate_left(1);
                }
            }
            Act::RotRight => {
                if !s.is_empty() {
                    s.rotate_right(1);
                }
            }
            Act::Append => s.push(rule.y[0]),
            Act::Prepend => s.insert(0, rule.y[0]),
            Act::Reverse => s.reverse(),
        }
        return Some(index);
    }
    None
}

fn list_apply(op: [i32; 3], v: &mut [i32]) -> Result<(), String> {
    let n = v.len();
    let pos = |x: i32| -> Result<usize, String> {
        if x >= 1 && (x as usize) <= n {
            Ok(x as usize - 1)
        } else {
            Err(format!("position {x} out of range"))
        }
    };
    match op[0] {
        L_SWAP => v.swap(pos(op[1])?, pos(op[2])?),
        L_MOVE => {
            let (i, j) = (pos(op[1])?, pos(op[2])?);
            if i < j {
                v[i..=j].rotate_left(1);
            } else {
                v[j..=i].rotate_right(1);
            }
        }
        L_ROTL | L_ROTR => {
            let k = op[1];
            if k < 0 || k as usize > n {
                return Err("bad rotation".into());
            }
            if op[0] == L_ROTL {
                v.rotate_left(k as usize);
            } else {
                v.rotate_right(k as usize);
            }
        }
        L_REV => {
            let (i, j) = (pos(op[1])?, pos(op[2])?);
            if i > j {
                return Err("bad segment".into());
            }
            v[i..=j].reverse();
        }
        L_ORDER => {
            let (i, j) = (pos(op[1])?, pos(op[2])?);
            if v[i] > v[j] {
                v.swap(i, j);
            }
        }
        L_BUBBLE => {
            for p in 1..n {
                if v[p - 1] > v[p] {
                    v.swap(p - 1, p);
                }
            }
        }
        _ => return Err("bad list operation".into()),
    }
    Ok(())
}

/// Applies a stack instruction; arithmetic results beyond `±cap` are an error.
fn stack_apply(op: [i32; 3], v: &mut Vec<i32>, cap: i32) -> Result<(), String> {
    let l = v.len();
    let short = || Err::<(), String>("stack underflow".into());
    match op[0] {
        S_PUSH => v.push(op[1]),
        S_POP => {
            if v.pop().is_none() {
                return short();
            }
        }
        S_DUP => match v.last() {
            Some(&top) => v.push(top),
            None => return short(),
        },
        S_SWAP | S_OVER if l < 2 => return short(),
        S_SWAP => v.swap(l - 1, l - 2),
        S_OVER => v.push(v[l - 2]),
        S_ADD | S_SUB | S_MUL => {
            if l < 2 {
                return short();
            }
            let (b, a) = (v[l - 2], v[l - 1]);
            let result = match op[0] {
                S_ADD => b.checked_add(a),
                S_SUB => b.checked_sub(a),
                _ => b.checked_mul(a),
            };
            match result {
                Some(r) if r.checked_abs().is_some_and(|m| m <= cap) => {
                    v.truncate(l - 2);
                    v.push(r);
                }
                _ => return Err("value out of range".into()),
            }
        }
        S_ROT => {
            if l < 3 {
                return short();
            }
            v[l - 3..].rotate_left(1);
        }
        _ => return Err("bad stack instruction".into()),
    }
    Ok(())
}

/// Runs a register program from line 1, recording the registers after every executed line.
/// Fails if it executes `budget` lines without halting.
fn register_run(
    program: &[[i32; 3]],
    regs: &mut [i32],
    trace: &mut States,
    budget: usize,
) -> Result<(), String> {
    let lines = program.len();
    let nregs = regs.len();
    let reg = |r: i32| -> Result<usize, String> {
        if r >= 0 && (r as usize) < nregs {
            Ok(r as usize)
        } else {
            Err("bad register".into())
        }
    };
    let target = |t: i32| -> Result<usize, String> {
        if t >= 1 && (t as usize) <= lines + 1 {
            Ok(t as usize - 1)
        } else {
            Err("bad jump target".into())
        }
    };
    let mut pc = 0;
    let mut executed = 0;
    while pc < lines {
        if executed >= budget {
            return Err("does not halt within the step budget".into());
        }
        let [op, a, b] = program[pc];
        let mut next = pc + 1;
        match op {
            R_INC | R_DEC | R_ADD => {
                let r = reg(a)?;
                let add = match op {
                    R_INC => 1,
                    R_DEC => -i32::from(regs[r] > 0),
                    _ => regs[reg(b)?],
                };
                regs[r] = regs[r]
                    .checked_add(add)
                    .ok_or_else(|| "register overflow".to_string())?;
            }
            R_SET => regs[reg(a)?] = b,
            R_JZ | R_JNZ => {
                if (regs[reg(a)?] == 0) == (op == R_JZ) {
                    next = target(b)?;
                }
            }
            R_JMP => next = target(a)?,
            _ => return Err("bad register instruction".into()),
        }
        pc = next;
        executed += 1;
        trace.push(regs);
    }
    Ok(())
}

/// The grid side and its open cells, from rows of `.` and `#`.
fn grid_open(rows: &[String]) -> Result<(usize, Vec<bool>), String> {
    let n = rows.len();
    if n == 0 || n > 32 || rows.iter().any(|r| r.len() != n) {
        return Err("bad grid".into());
    }
    let mut open = Vec::with_capacity(n * n);
    for b in rows.iter().flat_map(|r| r.bytes()) {
        match b {
            b'.' => open.push(true),
            b'#' => open.push(false),
            _ => return Err("bad grid cell".into()),
        }
    }
    Ok((n, open))
}

fn grid_free(n: usize, open: &[bool], row: i32, col: i32) -> bool {
    row >= 1
        && col >= 1
        && row as usize <= n
        && col as usize <= n
        && open[(row as usize - 1) * n + col as usize - 1]
}

fn grid_step(n: usize, open: &[bool], dir: i32, pos: &mut [i32]) -> Result<(), String> {
    let (r, c) = (pos[0], pos[1]);
    let (nr, nc) = match dir {
        0 => (r - 1, c),
        1 => (r + 1, c),
        2 => (r, c - 1),
        3 => (r, c + 1),
        _ => return Err("bad move".into()),
    };
    if grid_free(n, open, nr, nc) {
        pos[0] = nr;
        pos[1] = nc;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------

fn two_positions(n: usize, rng: &mut ItemRng) -> (i32, i32) {
    let i = rng.index(n);
    let mut j = rng.index(n - 1);
    if j >= i {
        j += 1;
    }
    (i as i32 + 1, j as i32 + 1)
}

fn random_list_op(n: usize, rng: &mut ItemRng) -> [i32; 3] {
    let (i, j) = two_positions(n, rng);
    let (lo, hi) = (i.min(j), i.max(j));
    match rng.below(12) {
        0..=2 => [L_SWAP, lo, hi],
        3 | 4 => [L_MOVE, i, j],
        5 => [L_ROTL, 1 + rng.index(n - 1) as i32, 0],
        6 => [L_ROTR, 1 + rng.index(n - 1) as i32, 0],
        7 | 8 => [L_REV, lo, hi],
        9 | 10 => [L_ORDER, i, j],
        _ => [L_BUBBLE, 0, 0],
    }
}

fn gen_list(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
    let mut scratch = Vec::with_capacity(size);
    for _ in 0..64 {
        let start: Vec<i32> = rng
            .sample_indices(2 * size + 6, size)
            .into_iter()
            .map(|i| i as i32 + 1)
            .collect();
        let mut current = start.clone();
        let mut program = Vec::with_capacity(steps);
        for _ in 0..steps {
            let mut op = [L_BUBBLE, 0, 0];
            for attempt in 0..6 {
                op = random_list_op(size, rng);
                scratch.clone_from(&current);
                list_apply(op, &mut scratch).ok()?;
                // Compare-and-swap may be a no-op now and then; other no-ops are redrawn.
                let keep_noop = op[0] == L_ORDER && rng.chance(0.3);
                if scratch != current || keep_noop || attempt == 5 {
                    break;
                }
            }
            current.clone_from(&scratch);
            program.push(op);
        }
        if current != start {
            return Some(Spec {
                k: Kind::ListOps,
                m: AnswerMode::Final,
                s: start,
                p: program,
                r: Vec::new(),
                n: 0,
                w: Vec::new(),
            });
        }
    }
    None
}

fn gen_stack(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
    const WEIGHTS: [f64; 9] = [3.0, 2.0, 1.5, 1.5, 1.0, 2.0, 2.0, 1.0, 1.0];
    let capacity = size + 1;
    let mut scratch = Vec::with_capacity(capacity + 1);
    'attempt: for _ in 0..64 {
        let start: Vec<i32> = (0..size.div_ceil(2))
            .map(|_| 1 + rng.below(9) as i32)
            .collect();
        let mut current = start.clone();
        let mut program = Vec::with_capacity(steps);
        for _ in 0..steps {
            let mut chosen = None;
            for _ in 0..12 {
                let code = rng.weighted(&WEIGHTS) as i32;
                let arg = if code == S_PUSH {
                    1 + rng.below(9) as i32
                } else {
                    0
                };
                let op = [code, arg, 0];
                scratch.clone_from(&current);
                if stack_apply(op, &mut scratch, STACK_CAP).is_ok()
                    && scratch.len() <= capacity
                    && scratch != current
                {
                    chosen = Some(op);
                    break;
                }
            }
            let Some(op) = chosen else {
                continue 'attempt;
            };
            current.clone_from(&scratch);
            program.push(op);
        }
        if current != start {
            return Some(Spec {
                k: Kind::StackMachine,
                m: AnswerMode::Final,
                s: start,
                p: program,
                r: Vec::new(),
                n: 0,
                w: Vec::new(),
            });
        }
    }
    None
}

fn gen_grid(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
    let n = size;
    let mut open = vec![true; n * n];
    for _ in 0..200 {
        for cell in &mut open {
            *cell = !rng.chance(0.2);
        }
        let free: Vec<usize> = (0..n * n).filter(|&i| open[i]).collect();
        if free.len() < 2 {
            continue;
        }
        let cell = free[rng.index(free.len())];
        let start = vec![(cell / n) as i32 + 1, (cell % n) as i32 + 1];
        let mut pos = start.clone();
        let mut program = Vec::with_capacity(steps);
        let mut blocked = 0;
        let mut last_blocked = false;
        for _ in 0..steps {
            let dir = rng.below(4) as i32;
            let before = [pos[0], pos[1]];
            grid_step(n, &open, dir, &mut pos).ok()?;
            last_blocked = before == [pos[0], pos[1]];
            blocked += usize::from(last_blocked);
            program.push([dir, 0, 0]);
        }
        let rule_used = steps < 4 || blocked >= 1;
        if pos != start && !last_blocked && rule_used && 2 * blocked <= steps {
            let w = (0..n)
                .map(|r| {
                    (0..n)
                        .map(|c| if open[r * n + c] { '.' } else { '#' })
                        .collect()
                })
                .collect();
            return Some(Spec {
                k: Kind::GridWalk,
                m: AnswerMode::Final,
                s: start,
                p: program,
                r: Vec::new(),
                n: 0,
                w,
            });
        }
    }
    None
}

fn random_letter(rng: &mut ItemRng) -> u8 {
    ALPHABET[rng.index(ALPHABET.len())]
}

fn random_action(rng: &mut ItemRng, otherwise: bool) -> (Act, [i32; 3], usize) {
    const ACTS: [Act; 7] = [
        Act::DropFirst,
        Act::DropLast,
        Act::RotLeft,
        Act::RotRight,
        Act::Append,
        Act::Prepend,
        Act::Reverse,
    ];
    // The fallback rule never shrinks the string.
    let act = if otherwise {
        ACTS[2 + rng.index(ACTS.len() - 2)]
    } else {
        ACTS[rng.index(ACTS.len())]
    };
    if matches!(act, Act::Append | Act::Prepend) {
        (act, [i32::from(random_letter(rng)), 0, 0], 1)
    } else {
        (act, [0; 3], 0)
    }
}

fn random_rules(count: usize, size: usize, rng: &mut ItemRng, rules: &mut Vec<Compiled>) {
    rules.clear();
    while rules.len() + 1 < count {
        let mut rule = Compiled {
            cond: Cond::Else,
            act: Act::Reverse,
            x: [0; 3],
            x_len: 0,
            y: [0; 3],
            y_len: 0,
            n: 0,
        };
        match rng.below(20) {
            0..=8 => {
                rule.cond = Cond::Has;
                rule.x_len = 2;
            }
            9..=12 => {
                rule.cond = Cond::Pre;
                rule.x_len = 1;
            }
            13..=16 => {
                rule.cond = Cond::Suf;
                rule.x_len = 1;
            }
            _ => {
                rule.cond = Cond::Len;
                rule.n = size + 1 + rng.index(3);
            }
        }
        for slot in &mut rule.x[..rule.x_len] {
            *slot = i32::from(random_letter(rng));
        }
        if rules
            .iter()
            .any(|r| r.cond == rule.cond && r.x == rule.x && r.n == rule.n)
        {
            continue;
        }
        if rule.cond == Cond::Has && rng.chance(0.7) {
            rule.act = Act::Rep;
            rule.y_len = rng.index(3);
            for slot in &mut rule.y[..rule.y_len] {
                *slot = i32::from(random_letter(rng));
            }
            if rule.y == rule.x {
                rule.y_len = 1;
            }
        } else if rule.cond == Cond::Len {
            rule.act = if rng.chance(0.5) {
                Act::DropFirst
            } else {
                Act::DropLast
            };
        } else {
            (rule.act, rule.y, rule.y_len) = random_action(rng, false);
        }
        rules.push(rule);
    }
    let (act, y, y_len) = random_action(rng, true);
    rules.push(Compiled {
        cond: Cond::Else,
        act,
        x: [0; 3],
        x_len: 0,
        y,
        y_len,
        n: 0,
    });
}

fn gen_string(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
    let max_len = 2 * size + 2;
    let count = 3 + rng.index(2) + usize::from(size >= 6);
    let need = if steps >= 6 {
        3
    } else if steps >= 2 {
        2
    } else {
        1
    };
    let mut state = Vec::with_capacity(max_len + 4);
    let mut previous = Vec::with_capacity(max_len + 4);
    let mut start = Vec::with_capacity(size);
    let mut rules = Vec::with_capacity(count);
    for _ in 0..600 {
        start.clear();
        start.extend((0..size).map(|_| i32::from(random_letter(rng))));
        random_rules(count, size, rng, &mut rules);
        state.clone_from(&start);
        let mut fired = 0u32;
        let mut noops = 0;
        let mut ok = true;
        let mut last_changed = false;
        for _ in 0..steps {
            previous.clone_from(&state);
            let Some(rule) = string_step(&rules, &mut state) else {
                ok = false;
                break;
            };
            fired |= 1 << rule;
            last_changed = state != previous;
            noops += usize::from(!last_changed);
            if state.is_empty() || state.len() > max_len {
                ok = false;
                break;
            }
        }
        if ok
            && last_changed
            && fired.count_ones() as usize >= need
            && 3 * noops <= steps
            && state != start
        {
            return Some(Spec {
                k: Kind::StringRules,
                m: AnswerMode::Final,
                s: start,
                p: Vec::new(),
                r: rules.iter().map(Compiled::rule).collect(),
                n: steps as u32,
                w: Vec::new(),
            });
        }
    }
    None
}

/// A random INC/DEC/ADD/SET line that does not write `forbid`.
fn random_straight(regs: usize, forbid: Option<usize>, rng: &mut ItemRng) -> [i32; 3] {
    let mut target = rng.index(regs);
    while Some(target) == forbid {
        target = rng.index(regs);
    }
    let t = target as i32;
    match rng.below(10) {
        0..=2 => [R_INC, t, 0],
        3 | 4 => [R_DEC, t, 0],
        5..=7 => {
            let mut source = rng.index(regs - 1);
            if source >= target {
                source += 1;
            }
            [R_ADD, t, source as i32]
        }
        _ => [R_SET, t, rng.below(10) as i32],
    }
}

/// A conditional forward jump on a register other than `avoid`.
fn random_skip(regs: usize, avoid: Option<usize>, target: usize, rng: &mut ItemRng) -> [i32; 3] {
    let mut r = rng.index(regs);
    while Some(r) == avoid {
        r = rng.index(regs);
    }
    let op = if rng.chance(0.5) { R_JZ } else { R_JNZ };
    [op, r as i32, target as i32]
}

fn straight_program(regs: usize, steps: usize, rng: &mut ItemRng) -> Vec<[i32; 3]> {
    let lines = steps + rng.index(3);
    let mut program = Vec::with_capacity(lines);
    for i in 0..lines {
        if i + 1 < lines && rng.chance(0.3) {
            // Line i + 1 may skip one or two lines ahead.
            let target = (i + 3 + rng.index(2)).min(lines + 1);
            program.push(random_skip(regs, None, target, rng));
        } else {
            program.push(random_straight(regs, None, rng));
        }
    }
    program
}

fn loop_program(regs: usize, steps: usize, init: &mut [i32], rng: &mut ItemRng) -> Vec<[i32; 3]> {
    let mut program: Vec<[i32; 3]> = Vec::with_capacity(24);
    let loops = if steps >= 14 && rng.chance(0.4) { 2 } else { 1 };
    let pre = rng.index(3).min(steps / 4);
    let post = rng.index(2).min(steps / 6);
    let mut written = vec![false; regs];
    for _ in 0..pre {
        let op = random_straight(regs, None, rng);
        written[op[1] as usize] = true;
        program.push(op);
    }
    let mut budget = steps as i64 - (pre + post) as i64;
    let mut previous_counter = None;
    for index in 0..loops {
        let share = budget / (loops - index) as i64;
        let mut counter = rng.index(regs);
        while Some(counter) == previous_counter {
            counter = rng.index(regs);
        }
        let while_style = rng.chance(0.4);
        let body = 1 + rng.index(3);
        let use_set = index > 0 || written[counter] || rng.chance(0.5);
        let overhead = i64::from(use_set) + i64::from(while_style);
        let per_iteration = (body + 2 + usize::from(while_style)) as i64;
        let iterations = ((share - overhead) as f64 / per_iteration as f64)
            .round()
            .clamp(1.0, 25.0) as i32;
        if use_set {
            program.push([R_SET, counter as i32, iterations]);
        } else {
            init[counter] = iterations;
        }
        let head = program.len() + 1;
        if while_style {
            program.push([R_JZ, counter as i32, 0]);
        }
        let body_start = program.len() + 1;
        for j in 0..body {
            if j + 1 < body && rng.chance(0.25) {
                let line = program.len() + 1;
                program.push(random_skip(regs, Some(counter), line + 2, rng));
            } else {
                program.push(random_straight(regs, Some(counter), rng));
            }
        }
        program.push([R_DEC, counter as i32, 0]);
        if while_style {
            program.push([R_JMP, head as i32, 0]);
            let exit = program.len() + 1;
            program[head - 1][2] = exit as i32;
        } else {
            program.push([R_JNZ, counter as i32, body_start as i32]);
        }
        budget -= i64::from(iterations) * per_iteration + overhead;
        previous_counter = Some(counter);
    }
    for _ in 0..post {
        program.push(random_straight(regs, None, rng));
    }
    program
}

/// The accepted range of executed lines for a register machine with target `steps`.
fn register_bounds(steps: usize) -> (usize, usize) {
    let tol = (steps / 6).max(1);
    (steps.saturating_sub(tol).max(1), steps + tol)
}

fn gen_register(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
    let regs = size;
    let (lo, hi) = register_bounds(steps);
    let mut trace = States::default();
    for _ in 0..400 {
        let mut init: Vec<i32> = (0..regs).map(|_| rng.below(5) as i32).collect();
        let program = if steps < 3 || (steps < 5 && rng.chance(0.5)) {
            straight_program(regs, steps, rng)
        } else {
            loop_program(regs, steps, &mut init, rng)
        };
        let mut state = init.clone();
        trace.data.clear();
        trace.ends.clear();
        trace.push(&state);
        if register_run(&program, &mut state, &mut trace, hi).is_err() {
            continue;
        }
        let executed = trace.len() - 1;
        if executed < lo || state == init || trace.data.iter().any(|&v| v > REGISTER_CAP) {
            continue;
        }
        // At least a third of the executed lines must change a register.
        let changes = (1..trace.len())
            .filter(|&i| trace.get(i) != trace.get(i - 1))
            .count();
        if 3 * changes < executed {
            continue;
        }
        return Some(Spec {
            k: Kind::RegisterMachine,
            m: AnswerMode::Final,
            s: init,
            p: program,
            r: Vec::new(),
            n: 0,
            w: Vec::new(),
        });
    }
    None
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

fn push_int(out: &mut String, value: i32) {
    let mut buf = [0u8; 12];
    let mut i = buf.len();
    let mut v = value.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if value < 0 {
        out.push('-');
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

fn register_name(index: usize) -> char {
    char::from(b'A' + (index % 26) as u8)
}

fn render_state(kind: Kind, state: &[i32], out: &mut String) {
    match kind {
        Kind::StringRules => {
            for &c in state {
                out.push(char::from(u8::try_from(c).unwrap_or(b'?')));
            }
        }
        Kind::RegisterMachine => {
            for (i, &v) in state.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push(register_name(i));
                out.push('=');
                push_int(out, v);
            }
        }
        Kind::ListOps | Kind::StackMachine | Kind::GridWalk => {
            let (open, close) = if kind == Kind::GridWalk {
                ('(', ')')
            } else {
                ('[', ']')
            };
            out.push(open);
            for (i, &v) in state.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_int(out, v);
            }
            out.push(close);
        }
    }
}

fn state_text(kind: Kind, state: &[i32]) -> String {
    let mut out = String::with_capacity(4 * state.len() + 4);
    render_state(kind, state, &mut out);
    out
}

fn render_states<'a>(
    kind: Kind,
    mode: AnswerMode,
    states: impl Iterator<Item = &'a [i32]>,
) -> String {
    let mut out = String::with_capacity(64);
    for (i, state) in states.enumerate() {
        if mode == AnswerMode::Trace {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("Step ");
            push_int(&mut out, i as i32 + 1);
            out.push_str(": ");
        }
        render_state(kind, state, &mut out);
    }
    out
}

fn quoted(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(text);
    out.push('"');
}

fn render_rule(out: &mut String, rule: &Rule) {
    match rule.cond {
        Cond::Has => {
            out.push_str("If the string contains ");
            quoted(out, &rule.x);
            out.push_str(", ");
        }
        Cond::Pre => {
            out.push_str("If the string starts with ");
            quoted(out, &rule.x);
            out.push_str(", ");
        }
        Cond::Suf => {
            out.push_str("If the string ends with ");
            quoted(out, &rule.x);
            out.push_str(", ");
        }
        Cond::Len => {
            out.push_str("If the string is longer than ");
            push_int(out, rule.n as i32);
            out.push_str(" characters, ");
        }
        Cond::Else => out.push_str("Otherwise, "),
    }
    match rule.act {
        Act::Rep if rule.y.is_empty() => {
            out.push_str("delete the leftmost ");
            quoted(out, &rule.x);
        }
        Act::Rep => {
            out.push_str("replace the leftmost ");
            quoted(out, &rule.x);
            out.push_str(" with ");
            quoted(out, &rule.y);
        }
        Act::DropFirst => out.push_str("delete its first character"),
        Act::DropLast => out.push_str("delete its last character"),
        Act::RotLeft => out.push_str("move its first character to the end"),
        Act::RotRight => out.push_str("move its last character to the front"),
        Act::Append => {
            out.push_str("append ");
            quoted(out, &rule.y);
            out.push_str(" at the end");
        }
        Act::Prepend => {
            out.push_str("put ");
            quoted(out, &rule.y);
            out.push_str(" at the front");
        }
        Act::Reverse => out.push_str("reverse it"),
    }
    out.push_str(".\n");
}

const LIST_LEGEND: [&str; 7] = [
    "- swap i j: exchange the elements at positions i and j.\n",
    "- move i j: take out the element at position i and reinsert it so that it ends up at position j.\n",
    "- rotl k: move the first k elements, in order, to the end of the list.\n",
    "- rotr k: move the last k elements, in order, to the front of the list.\n",
    "- reverse i j: reverse the order of the elements at positions i to j.\n",
    "- order i j: if the element at position i is greater than the element at position j, swap them.\n",
    "", // bubble: needs the list length, written separately
];
const LIST_NAMES: [&str; 7] = ["swap", "move", "rotl", "rotr", "reverse", "order", "bubble"];

const STACK_LEGEND: [&str; 9] = [
    "- PUSH k: put the number k on top.\n",
    "- POP: remove the top element.\n",
    "- DUP: push a copy of the top element.\n",
    "- SWAP: exchange the top two elements.\n",
    "- OVER: push a copy of the element just below the top.\n",
    "- ADD: remove the top element a, then the new top element b, and push b + a.\n",
    "- SUB: remove the top element a, then the new top element b, and push b - a.\n",
    "- MUL: remove the top element a, then the new top element b, and push b * a.\n",
    "- ROT: move the third element from the top to the top: [x, y, z] becomes [y, z, x].\n",
];
const STACK_NAMES: [&str; 9] = [
    "PUSH", "POP", "DUP", "SWAP", "OVER", "ADD", "SUB", "MUL", "ROT",
];

const REGISTER_LEGEND: [&str; 7] = [
    "- INC R: add 1 to register R.\n",
    "- DEC R: subtract 1 from register R if it is greater than 0 (a register at 0 stays 0).\n",
    "- ADD R S: add the value of register S to register R (S is unchanged).\n",
    "- SET R k: set register R to k.\n",
    "- JZ R n: if register R is 0, jump to line n; otherwise go on to the next line.\n",
    "- JNZ R n: if register R is not 0, jump to line n; otherwise go on to the next line.\n",
    "- JMP n: jump to line n.\n",
];
const REGISTER_NAMES: [&str; 7] = ["INC", "DEC", "ADD", "SET", "JZ", "JNZ", "JMP"];

fn used_mask(program: &[[i32; 3]]) -> u32 {
    program
        .iter()
        .fold(0, |m, op| m | (1u32 << (op[0].clamp(0, 31) as u32)))
}

fn push_line_number(out: &mut String, line: usize) {
    push_int(out, line as i32);
    out.push_str(". ");
}

fn write_list_prompt(out: &mut String, spec: &Spec) {
    let n = spec.s.len();
    out.push_str("Carry out the list program below exactly.\n\nPositions in the list are counted from 1 (the leftmost element) to ");
    push_int(out, n as i32);
    out.push_str(". The operations are:\n");
    let used = used_mask(&spec.p);
    for (code, legend) in LIST_LEGEND.iter().enumerate() {
        if used & (1 << code) == 0 {
            continue;
        }
        if code as i32 == L_BUBBLE {
            out.push_str("- bubble: one bubble-sort pass: for p = 1 to ");
            push_int(out, n as i32 - 1);
            out.push_str(
                " in turn (p = 1 first), swap the elements at positions p and p + 1 if the first is greater.\n",
            );
        } else {
            out.push_str(legend);
        }
    }
    out.push_str("\nInitial list: ");
    render_state(Kind::ListOps, &spec.s, out);
    out.push_str("\n\nProgram (run each line once, from top to bottom):\n");
    for (i, op) in spec.p.iter().enumerate() {
        push_line_number(out, i + 1);
        let code = op[0].clamp(0, 6) as usize;
        out.push_str(LIST_NAMES[code]);
        let args = match op[0] {
            L_ROTL | L_ROTR => 1,
            L_BUBBLE => 0,
            _ => 2,
        };
        for &arg in &op[1..=args] {
            out.push(' ');
            push_int(out, arg);
        }
        out.push('\n');
    }
}

fn write_stack_prompt(out: &mut String, spec: &Spec) {
    out.push_str("Run the stack machine program below exactly.\n\nThe stack is written from bottom to top in square brackets: in [4, 7] the top element is 7, and [] is the empty stack. The instructions are:\n");
    let used = used_mask(&spec.p);
    for (code, legend) in STACK_LEGEND.iter().enumerate() {
        if used & (1 << code) != 0 {
            out.push_str(legend);
        }
    }
    out.push_str("\nInitial stack: ");
    render_state(Kind::StackMachine, &spec.s, out);
    out.push_str("\n\nProgram (run each line once, from top to bottom):\n");
    for (i, op) in spec.p.iter().enumerate() {
        push_line_number(out, i + 1);
        out.push_str(STACK_NAMES[op[0].clamp(0, 8) as usize]);
        if op[0] == S_PUSH {
            out.push(' ');
            push_int(out, op[1]);
        }
        out.push('\n');
    }
}

fn write_register_prompt(out: &mut String, spec: &Spec) {
    let regs = spec.s.len();
    let lines = spec.p.len() as i32;
    out.push_str("Run the register machine program below exactly.\n\nThe machine has registers ");
    for i in 0..regs {
        if i > 0 {
            out.push_str(if i + 1 == regs { " and " } else { ", " });
        }
        out.push(register_name(i));
    }
    out.push_str(", each holding a whole number. It starts at line 1 and after each line goes on to the next line, unless a jump is taken. It halts as soon as it goes past the last line (line ");
    push_int(out, lines);
    out.push_str("), which includes a jump to line ");
    push_int(out, lines + 1);
    out.push_str(". Each executed line, jumps included, is one step. The instructions are:\n");
    let used = used_mask(&spec.p);
    for (code, legend) in REGISTER_LEGEND.iter().enumerate() {
        if used & (1 << code) != 0 {
            out.push_str(legend);
        }
    }
    out.push_str("\nInitial registers: ");
    render_state(Kind::RegisterMachine, &spec.s, out);
    out.push_str("\n\nProgram:\n");
    for (i, &[op, a, b]) in spec.p.iter().enumerate() {
        push_line_number(out, i + 1);
        out.push_str(REGISTER_NAMES[op.clamp(0, 6) as usize]);
        out.push(' ');
        if op == R_JMP {
            push_int(out, a);
        } else {
            out.push(register_name(a.max(0) as usize));
        }
        match op {
            R_ADD => {
                out.push(' ');
                out.push(register_name(b.max(0) as usize));
            }
            R_SET | R_JZ | R_JNZ => {
                out.push(' ');
                push_int(out, b);
            }
            _ => {}
        }
        out.push('\n');
    }
}

fn write_grid_prompt(out: &mut String, spec: &Spec) {
    let n = spec.w.len() as i32;
    out.push_str("Follow the robot's moves on the grid below exactly.\n\nThe grid has ");
    push_int(out, n);
    out.push_str(" rows, numbered 1 to ");
    push_int(out, n);
    out.push_str(" from top to bottom, and ");
    push_int(out, n);
    out.push_str(" columns, numbered 1 to ");
    push_int(out, n);
    out.push_str(" from left to right; a position is written (row, column). \"#\" is a wall and \".\" is open floor:\n");
    for row in &spec.w {
        for (i, ch) in row.chars().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push(ch);
        }
        out.push('\n');
    }
    out.push_str("\nThe robot starts at ");
    render_state(Kind::GridWalk, &spec.s, out);
    out.push_str(". The moves are U (up: row - 1), D (down: row + 1), L (left: column - 1) and R (right: column + 1). If a move would take the robot off the grid or into a wall, the robot stays where it is; the move still counts as a step.\n\nMoves, in order:\n");
    for (i, op) in spec.p.iter().enumerate() {
        push_line_number(out, i + 1);
        out.push(char::from(DIRS[op[0].clamp(0, 3) as usize]));
        out.push('\n');
    }
}

fn write_string_prompt(out: &mut String, spec: &Spec) {
    out.push_str(
        "Rewrite the string below by following the procedure exactly.\n\nStart from the string \"",
    );
    render_state(Kind::StringRules, &spec.s, out);
    out.push_str("\". Repeat the following ");
    push_int(out, spec.n as i32);
    out.push_str(if spec.n == 1 { " time" } else { " times" });
    out.push_str(": go through the rules below in order and apply only the first rule whose condition holds (exactly one rule is applied each time).\n");
    for (i, rule) in spec.r.iter().enumerate() {
        push_line_number(out, i + 1);
        render_rule(out, rule);
    }
}

/// Two example states of the right shape (not derived from the answer).
fn example_states(spec: &Spec) -> [Vec<i32>; 2] {
    const PATTERN: [i32; 12] = [7, 2, 9, 4, 1, 8, 3, 6, 5, 11, 10, 12];
    match spec.k {
        Kind::ListOps => {
            let first: Vec<i32> = (0..spec.s.len()).map(|i| PATTERN[i % 12]).collect();
            let mut second = first.clone();
            second.rotate_left(1);
            [first, second]
        }
        Kind::StackMachine => [vec![2, 5], vec![2, 5, 1]],
        Kind::StringRules => [
            b"cab".iter().map(|&b| i32::from(b)).collect(),
            b"cabb".iter().map(|&b| i32::from(b)).collect(),
        ],
        Kind::RegisterMachine => {
            let first: Vec<i32> = (0..spec.s.len()).map(|i| PATTERN[i % 12] % 5).collect();
            let mut second = first.clone();
            second[0] += 1;
            [first, second]
        }
        Kind::GridWalk => [vec![1, 2], vec![1, 3]],
    }
}

/// Procedures drawn per item before giving up when each has the format example as answer.
const EXAMPLE_REDRAWS: usize = 16;

/// Whether copying the prompt's format example would earn a reward: in `final` mode the
/// example is a whole answer; in `trace` mode its first line is compared with step 1 (a wrong
/// first state-changing line earns nothing, and a wrong first line ends the prefix).
fn example_pays(spec: &Spec, trace: &States) -> bool {
    let [first, _] = example_states(spec);
    match spec.m {
        AnswerMode::Final => trace.last() == first.as_slice(),
        AnswerMode::Trace => trace.get(1) == first.as_slice(),
    }
}

fn write_answer_format(out: &mut String, spec: &Spec, steps: usize) {
    let (what, final_what, format) = match spec.k {
        Kind::ListOps => (
            "list",
            "the list after the last operation",
            "in square brackets with commas, all",
        ),
        Kind::StackMachine => (
            "stack",
            "the stack after the last instruction",
            "from bottom to top in square brackets with commas ([] if empty)",
        ),
        Kind::StringRules => (
            "string",
            "the string after the last application",
            "as plain letters without quotes",
        ),
        Kind::RegisterMachine => (
            "registers",
            "the registers after the machine halts",
            "as NAME=value pairs separated by commas, every register in order",
        ),
        Kind::GridWalk => ("position", "the robot's final position", "as (row, column)"),
    };
    let [first, second] = example_states(spec);
    out.push('\n');
    match spec.m {
        AnswerMode::Final => {
            out.push_str("Give ");
            out.push_str(final_what);
            out.push_str(", written ");
            out.push_str(format);
            if spec.k == Kind::ListOps {
                out.push(' ');
                push_int(out, spec.s.len() as i32);
                out.push_str(" elements");
            }
            out.push_str(
                ". Put your final answer inside <answer> and </answer> tags, for example <answer>",
            );
            render_state(spec.k, &first, out);
            out.push_str("</answer>.");
        }
        AnswerMode::Trace => {
            out.push_str("Write the ");
            out.push_str(what);
            out.push_str(" after every step, one line per step, as \"Step k: <");
            out.push_str(what);
            out.push_str(">\" ");
            if spec.k == Kind::RegisterMachine {
                out.push_str("from Step 1 until the machine halts (every executed line is a step, jumps included)");
            } else {
                out.push_str("for k = 1 to ");
                push_int(out, steps as i32);
                out.push_str(" (");
                push_int(out, steps as i32);
                out.push_str(if steps == 1 { " line)" } else { " lines)" });
            }
            out.push_str(", writing each one ");
            out.push_str(format);
            if spec.k == Kind::ListOps {
                out.push(' ');
                push_int(out, spec.s.len() as i32);
                out.push_str(" elements");
            }
            out.push_str(". Put all the lines inside <answer> and </answer> tags, for example:\n<answer>\nStep 1: ");
            render_state(spec.k, &first, out);
            out.push_str("\nStep 2: ");
            render_state(spec.k, &second, out);
            out.push_str("\n</answer>\nand so on, one line for every step.");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

fn perr(message: &str) -> ParseError {
    ParseError::new(message)
}

/// Splits an optional `Step k:` (or `k:`) label off a line.
/// `text.trim()`, without the Unicode tables when the text ends in printable ASCII once
/// ASCII whitespace is stripped.
#[inline]
fn trim(text: &str) -> &str {
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
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
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

#[inline]
fn split_label(line: &str) -> Result<(Option<u32>, &str), ParseError> {
    let b = line.as_bytes();
    let worded = b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"step");
    let mut i = if worded { 4 } else { 0 };
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let digits = i;
    let mut label = 0u32;
    while i < b.len() && b[i].is_ascii_digit() {
        label = label
            .saturating_mul(10)
            .saturating_add(u32::from(b[i] - b'0'));
        i += 1;
    }
    let has_digits = i > digits;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if has_digits && i < b.len() && b[i] == b':' {
        return Ok((Some(label), trim(&line[i + 1..])));
    }
    if worded {
        return Err(perr("malformed step label"));
    }
    Ok((None, line))
}

/// Reads an optionally signed integer of at most 9 ASCII digits at `b[*i..]`.
#[inline]
fn read_int(b: &[u8], i: &mut usize) -> Result<i32, ParseError> {
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

fn parse_ints(text: &str, out: &mut Vec<i32>) -> Result<(), ParseError> {
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

fn parse_letters(text: &str, out: &mut Vec<i32>) -> Result<(), ParseError> {
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

fn parse_registers(text: &str, regs: usize, out: &mut Vec<i32>) -> Result<(), ParseError> {
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

fn parse_state(kind: Kind, regs: usize, text: &str, out: &mut Vec<i32>) -> Result<(), ParseError> {
    out.clear();
    match kind {
        Kind::StringRules => parse_letters(text, out),
        Kind::RegisterMachine => parse_registers(text, regs, out),
        Kind::ListOps | Kind::StackMachine | Kind::GridWalk => parse_ints(text, out),
    }
}

// ---------------------------------------------------------------------------------------
// Wrong answers
// ---------------------------------------------------------------------------------------

/// The state with one element changed.
fn perturb(kind: Kind, state: &[i32], rng: &mut ItemRng) -> Vec<i32> {
    let mut out = state.to_vec();
    if out.is_empty() {
        out.push(if kind == Kind::StringRules { 97 } else { 1 });
        return out;
    }
    let i = rng.index(out.len());
    if kind == Kind::StringRules {
        let others: Vec<u8> = ALPHABET
            .iter()
            .copied()
            .filter(|&c| i32::from(c) != out[i])
            .collect();
        out[i] = i32::from(others[rng.index(others.len())]);
    } else {
        out[i] += 1 + rng.below(2) as i32;
    }
    out
}

// ---------------------------------------------------------------------------------------
// The task
// ---------------------------------------------------------------------------------------

/// Procedure following (ProcBench-style): execute a fully specified procedure exactly.
pub struct Procedures;

impl Task for Procedures {
    const ID: &'static str = "procedures";
    const VERSION: u32 = 2;
    const DIFFICULTY_MEASURE: &'static str = "executed_steps";
    // A deterministic procedure has exactly one result: there is nothing to prove by search.
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 32 * 1024;

    type Knobs = ProceduresKnobs;
    type Puzzle = Puzzle;
    type Answer = States;

    fn check_knobs(knobs: &ProceduresKnobs) -> Result<(), KnobError> {
        if !(1..=100).contains(&knobs.steps) {
            return Err(KnobError::new("steps", "must be between 1 and 100"));
        }
        if !(3..=10).contains(&knobs.state_size) {
            return Err(KnobError::new("state_size", "must be between 3 and 10"));
        }
        if knobs.kinds.is_empty() {
            return Err(KnobError::new("kinds", "must list at least one kind"));
        }
        for (i, kind) in knobs.kinds.iter().enumerate() {
            if knobs.kinds[..i].contains(kind) {
                return Err(KnobError::new(
                    "kinds",
                    format!("{} is listed twice", kind.name()),
                ));
            }
        }
        Ok(())
    }

    fn generate(
        knobs: &ProceduresKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<Puzzle>, GenerateError> {
        let kind = knobs.kinds[rng.index(knobs.kinds.len())];
        let steps = knobs.steps as usize;
        let size = knobs.state_size as usize;
        let mut drawn = None;
        for _ in 0..EXAMPLE_REDRAWS {
            let spec = match kind {
                Kind::StringRules => gen_string(size, steps, rng),
                Kind::ListOps => gen_list(size, steps, rng),
                Kind::StackMachine => gen_stack(size, steps, rng),
                Kind::RegisterMachine => gen_register(size, steps, rng),
                Kind::GridWalk => gen_grid(size, steps, rng),
            };
            let mut spec = spec.ok_or_else(|| {
                GenerateError(format!(
                    "no non-degenerate {} procedure with {steps} steps and state size {size} within the attempt budget",
                    kind.name()
                ))
            })?;
            spec.m = knobs.answer_mode;
            let trace = simulate(&spec, MAX_EXEC).map_err(GenerateError)?;
            if trace.len() < 2 || trace.get(0) == trace.last() {
                return Err(GenerateError("degenerate procedure".into()));
            }
            // Copying the prompt's format example must never earn a reward: redraw.
            if !example_pays(&spec, &trace) {
                drawn = Some((spec, trace));
                break;
            }
        }
        let (spec, trace) = drawn.ok_or_else(|| {
            GenerateError(format!(
                "every {} procedure drawn had the prompt's format example as its answer",
                kind.name()
            ))
        })?;
        let puzzle = Puzzle::new(spec, trace);
        let step_count = puzzle.steps();
        let mut metadata = Map::new();
        metadata.insert("kind".into(), Value::from(kind.name()));
        metadata.insert(
            "answer_mode".into(),
            Value::from(match knobs.answer_mode {
                AnswerMode::Final => "final",
                AnswerMode::Trace => "trace",
            }),
        );
        metadata.insert("step_count".into(), Value::from(step_count));
        metadata.insert("changed_steps".into(), Value::from(puzzle.changes));
        metadata.insert("state_size".into(), Value::from(size));
        metadata.insert(
            "trace".into(),
            Value::Array(
                (0..puzzle.trace.len())
                    .map(|i| Value::String(state_text(kind, puzzle.trace.get(i))))
                    .collect(),
            ),
        );
        Ok(Generated {
            puzzle,
            difficulty: step_count as f64,
            metadata,
        })
    }

    fn prompt(puzzle: &Puzzle) -> String {
        let spec = &puzzle.spec;
        let mut out = String::with_capacity(1024 + 24 * spec.p.len());
        match spec.k {
            Kind::StringRules => write_string_prompt(&mut out, spec),
            Kind::ListOps => write_list_prompt(&mut out, spec),
            Kind::StackMachine => write_stack_prompt(&mut out, spec),
            Kind::RegisterMachine => write_register_prompt(&mut out, spec),
            Kind::GridWalk => write_grid_prompt(&mut out, spec),
        }
        write_answer_format(&mut out, spec, puzzle.steps());
        out
    }

    fn solve(puzzle: &Puzzle) -> States {
        let mut out = States::default();
        match puzzle.spec.m {
            AnswerMode::Final => out.push(puzzle.trace.last()),
            AnswerMode::Trace => {
                for i in 1..puzzle.trace.len() {
                    out.push(puzzle.trace.get(i));
                }
            }
        }
        out
    }

    fn render_answer(puzzle: &Puzzle, answer: &States) -> String {
        render_states(
            puzzle.spec.k,
            puzzle.spec.m,
            (0..answer.len()).map(|i| answer.get(i)),
        )
    }

    fn parse_answer(puzzle: &Puzzle, text: &str) -> Result<States, ParseError> {
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
                let (_, body) = split_label(line)?;
                parse_state(kind, regs, body, &mut buf)?;
                out.push(&buf);
            }
            AnswerMode::Trace => {
                for (index, line) in lines.enumerate() {
                    let (label, body) = split_label(line)?;
                    parse_state(kind, regs, body, &mut buf)?;
                    match label {
                        Some(0) if index == 0 => {
                            if buf != puzzle.trace.get(0) {
                                return Err(perr("Step 0 is not the initial state"));
                            }
                            continue;
                        }
                        Some(k) if k as usize != out.len() + 1 => {
                            return Err(perr("steps out of order"));
                        }
                        _ => {}
                    }
                    out.push(&buf);
                }
            }
        }
        Ok(out)
    }

    fn grade(puzzle: &Puzzle, answer: &States) -> Grade {
        let n = puzzle.steps();
        match puzzle.spec.m {
            AnswerMode::Final => {
                if answer.len() == 1 && answer.get(0) == puzzle.trace.last() {
                    Grade::CORRECT
                } else {
                    Grade::WRONG
                }
            }
            AnswerMode::Trace => {
                let m = answer.len();
                let mut prefix = 0;
                let mut changed = 0u32;
                while prefix < n.min(m) && answer.get(prefix) == puzzle.trace.get(prefix + 1) {
                    if puzzle.trace.get(prefix + 1) != puzzle.trace.get(prefix) {
                        changed += 1;
                    }
                    prefix += 1;
                }
                if prefix == n && m == n {
                    Grade::CORRECT
                } else if puzzle.changes == 0 {
                    Grade::WRONG
                } else {
                    Grade::partial(
                        f64::from(changed) / f64::from(puzzle.changes) * n as f64 / n.max(m) as f64,
                    )
                }
            }
        }
    }

    fn wrong_answers(puzzle: &Puzzle, rng: &mut ItemRng) -> Vec<String> {
        let kind = puzzle.spec.k;
        let mode = puzzle.spec.m;
        let n = puzzle.steps();
        let trace = &puzzle.trace;
        let final_state = trace.last();
        let changed = perturb(kind, final_state, rng);
        let mut out = Vec::with_capacity(4);
        match mode {
            AnswerMode::Final => {
                out.push(state_text(kind, &changed));
                if trace.get(n - 1) != final_state {
                    out.push(state_text(kind, trace.get(n - 1)));
                }
                out.push(state_text(kind, trace.get(0)));
            }
            AnswerMode::Trace => {
                let steps = move |i: usize| trace.get(i);
                out.push(render_states(
                    kind,
                    mode,
                    (1..n).map(steps).chain(std::iter::once(changed.as_slice())),
                ));
                out.push(render_states(kind, mode, (1..n).map(steps)));
                out.push(render_states(kind, mode, (1..=n).map(|_| trace.get(0))));
                let middle = n.div_ceil(2);
                let wrong_middle = perturb(kind, trace.get(middle), rng);
                out.push(render_states(
                    kind,
                    mode,
                    (1..=n).map(|i| {
                        if i == middle {
                            wrong_middle.as_slice()
                        } else {
                            trace.get(i)
                        }
                    }),
                ));
            }
        }
        out
    }

    fn exploits(puzzle: &Puzzle) -> Vec<(&'static str, String)> {
        let spec = &puzzle.spec;
        let kind = spec.k;
        let n = puzzle.steps();
        let trace = &puzzle.trace;
        let initial = trace.get(0);
        let last = trace.last();
        // A state that ignores the procedure: the same value everywhere.
        let constant: Vec<i32> = match kind {
            Kind::ListOps => vec![1; initial.len()],
            Kind::StackMachine => vec![0],
            Kind::StringRules => vec![i32::from(b'a'); initial.len()],
            Kind::RegisterMachine => vec![0; initial.len()],
            Kind::GridWalk => vec![1, 1],
        };
        let mut sorted = initial.to_vec();
        sorted.sort_unstable();
        let mut out: Vec<(&'static str, String)> = Vec::new();
        match spec.m {
            AnswerMode::Final => {
                let mut blind = vec![
                    ("the initial state", initial.to_vec()),
                    ("the same value everywhere", constant),
                    ("an empty state", Vec::new()),
                ];
                if kind == Kind::ListOps {
                    blind.push(("the initial list sorted", sorted));
                }
                out.extend(
                    blind
                        .into_iter()
                        .filter(|(_, state)| state.as_slice() != last)
                        .map(|(name, state)| (name, state_text(kind, &state))),
                );
                let answer = state_text(kind, last);
                out.push(("the final state twice", format!("{answer}\n{answer}")));
                out.push((
                    "the initial and final states",
                    format!("{}\n{answer}", state_text(kind, initial)),
                ));
                if n >= 2 {
                    out.push((
                        "every state, one per line",
                        render_states(kind, AnswerMode::Trace, (1..=n).map(|i| trace.get(i))),
                    ));
                }
            }
            AnswerMode::Trace => {
                let every =
                    |state: &[i32]| render_states(kind, AnswerMode::Trace, (1..=n).map(|_| state));
                out.push(("the initial state on every line", every(initial)));
                if constant.as_slice() != trace.get(1) {
                    out.push(("the same value on every line", every(&constant)));
                }
                if n >= 2 && last != trace.get(1) {
                    out.push(("the final state on every line", every(last)));
                    out.push(("only the final state", state_text(kind, last)));
                }
                out.push((
                    "only the initial state, as step 0",
                    format!("Step 0: {}", state_text(kind, initial)),
                ));
                let backwards: Vec<&[i32]> = (1..=n).rev().map(|i| trace.get(i)).collect();
                if (1..=n).any(|i| trace.get(i) != backwards[i - 1]) {
                    out.push((
                        "the states in reverse order",
                        render_states(kind, AnswerMode::Trace, backwards.into_iter()),
                    ));
                }
            }
        }
        if kind == Kind::RegisterMachine {
            let names: Vec<String> = (0..initial.len())
                .map(|i| register_name(i).to_string())
                .collect();
            out.push(("register names only", names.join(", ")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_splitting_and_trimming_match_std() {
        let pieces = [
            "a", " ", "\n", "\r\n", "\t", "\u{b}", "\u{a0}", "\u{3000}", "é", "Step 1:", "[1, 2]",
            "\u{85}", "x",
        ];
        let mut rng = ItemRng::from_u64(8);
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..rng.index(30) {
                text.push_str(pieces[rng.index(pieces.len())]);
            }
            let ours: Vec<&str> = split_lines(&text).map(trim).collect();
            let std: Vec<&str> = text.split('\n').map(str::trim).collect();
            assert_eq!(ours, std, "{text:?}");
            let lines: Vec<&str> = split_lines(&text)
                .map(trim)
                .filter(|l| !l.is_empty())
                .collect();
            let std_lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(lines, std_lines, "{text:?}");
        }
    }

    fn spec(kind: Kind, start: &[i32], program: &[[i32; 3]]) -> Spec {
        Spec {
            k: kind,
            m: AnswerMode::Final,
            s: start.to_vec(),
            p: program.to_vec(),
            r: Vec::new(),
            n: 0,
            w: Vec::new(),
        }
    }

    fn rendered_trace(spec: &Spec) -> Vec<String> {
        let trace = simulate(spec, MAX_EXEC).unwrap();
        (0..trace.len())
            .map(|i| state_text(spec.k, trace.get(i)))
            .collect()
    }

    fn letters(text: &str) -> Vec<i32> {
        text.bytes().map(i32::from).collect()
    }

    fn rule(cond: Cond, x: &str, act: Act, y: &str) -> Rule {
        Rule {
            cond,
            x: x.into(),
            n: 0,
            act,
            y: y.into(),
        }
    }

    #[test]
    fn string_rules_hand_example() {
        let mut s = spec(Kind::StringRules, &letters("abca"), &[]);
        s.r = vec![
            rule(Cond::Has, "ab", Act::Rep, "c"),
            rule(Cond::Pre, "c", Act::DropFirst, ""),
            rule(Cond::Else, "", Act::Append, "b"),
        ];
        s.n = 4;
        // abca -(1)-> cca -(2)-> ca -(2)-> a -(3)-> ab
        assert_eq!(rendered_trace(&s), ["abca", "cca", "ca", "a", "ab"]);
        let mut r = Rule {
            cond: Cond::Len,
            x: String::new(),
            n: 2,
            act: Act::Reverse,
            y: String::new(),
        };
        let mut state = letters("abc");
        string_step(&[Compiled::of(&r)], &mut state);
        assert_eq!(state, letters("cba"));
        r.n = 3;
        assert_eq!(string_step(&[Compiled::of(&r)], &mut state), None);
    }

    #[test]
    fn list_ops_hand_example() {
        let s = spec(
            Kind::ListOps,
            &[3, 1, 2, 5],
            &[
                [L_SWAP, 1, 3],   // [2, 1, 3, 5]
                [L_ROTL, 1, 0],   // [1, 3, 5, 2]
                [L_BUBBLE, 0, 0], // [1, 3, 2, 5]
                [L_MOVE, 4, 1],   // [5, 1, 3, 2]
                [L_REV, 2, 4],    // [5, 2, 3, 1]
                [L_ORDER, 1, 2],  // [2, 5, 3, 1]
                [L_ORDER, 1, 3],  // unchanged
                [L_ROTR, 3, 0],   // [5, 3, 1, 2]
                [L_MOVE, 1, 3],   // [3, 1, 5, 2]
            ],
        );
        assert_eq!(
            rendered_trace(&s),
            [
                "[3, 1, 2, 5]",
                "[2, 1, 3, 5]",
                "[1, 3, 5, 2]",
                "[1, 3, 2, 5]",
                "[5, 1, 3, 2]",
                "[5, 2, 3, 1]",
                "[2, 5, 3, 1]",
                "[2, 5, 3, 1]",
                "[5, 3, 1, 2]",
                "[3, 1, 5, 2]",
            ]
        );
    }

    #[test]
    fn doc_example_renders_as_documented() {
        let p = Puzzle::try_from(spec(
            Kind::ListOps,
            &[9, 2, 12, 5],
            &[[L_SWAP, 1, 4], [L_ROTL, 1, 0], [L_ORDER, 2, 3]],
        ))
        .unwrap();
        let doc: Vec<&str> = include_str!("procedures.rs")
            .lines()
            .skip_while(|l| !l.starts_with("//! ```text"))
            .skip(1)
            .take_while(|l| !l.starts_with("//! ```"))
            .map(|l| l.strip_prefix("//! ").unwrap_or(""))
            .collect();
        let prompt = Procedures::prompt(&p);
        let rendered: Vec<&str> = prompt.lines().collect();
        assert_eq!(rendered, doc);
        assert_eq!(
            Procedures::render_answer(&p, &Procedures::solve(&p)),
            "[2, 9, 12, 5]"
        );
    }

    #[test]
    fn stack_machine_hand_example() {
        let s = spec(
            Kind::StackMachine,
            &[2, 5],
            &[
                [S_PUSH, 3, 0], // [2, 5, 3]
                [S_ROT, 0, 0],  // [5, 3, 2]
                [S_ADD, 0, 0],  // [5, 5]
                [S_SUB, 0, 0],  // [0]
                [S_PUSH, 4, 0], // [0, 4]
                [S_OVER, 0, 0], // [0, 4, 0]
                [S_SWAP, 0, 0], // [0, 0, 4]
                [S_DUP, 0, 0],  // [0, 0, 4, 4]
                [S_MUL, 0, 0],  // [0, 0, 16]
                [S_POP, 0, 0],  // [0, 0]
            ],
        );
        assert_eq!(
            rendered_trace(&s),
            [
                "[2, 5]",
                "[2, 5, 3]",
                "[5, 3, 2]",
                "[5, 5]",
                "[0]",
                "[0, 4]",
                "[0, 4, 0]",
                "[0, 0, 4]",
                "[0, 0, 4, 4]",
                "[0, 0, 16]",
                "[0, 0]",
            ]
        );
        let mut v = vec![1];
        assert!(stack_apply([S_ADD, 0, 0], &mut v, 99).is_err());
    }

    #[test]
    fn register_machine_hand_example() {
        // B += A while counting A down: 1. ADD B A  2. DEC A  3. JNZ A 1
        let s = spec(
            Kind::RegisterMachine,
            &[2, 0],
            &[[R_ADD, 1, 0], [R_DEC, 0, 0], [R_JNZ, 0, 1]],
        );
        assert_eq!(
            rendered_trace(&s),
            ["A=2, B=0", "A=2, B=2", "A=1, B=2", "A=1, B=2", "A=1, B=3", "A=0, B=3", "A=0, B=3",]
        );
        // A while loop that exits through a jump past the end.
        let s = spec(
            Kind::RegisterMachine,
            &[1, 5],
            &[[R_JZ, 0, 5], [R_DEC, 0, 0], [R_INC, 1, 0], [R_JMP, 1, 0]],
        );
        assert_eq!(rendered_trace(&s).last().unwrap(), "A=0, B=6");
        assert_eq!(rendered_trace(&s).len(), 6);
        // An endless loop is cut off by the budget.
        let s = spec(Kind::RegisterMachine, &[0, 0], &[[R_JMP, 1, 0]]);
        assert!(simulate(&s, 100).is_err());
    }

    #[test]
    fn grid_walk_hand_example() {
        let mut s = spec(
            Kind::GridWalk,
            &[1, 1],
            &[
                [3, 0, 0],
                [1, 0, 0],
                [3, 0, 0],
                [1, 0, 0],
                [2, 0, 0],
                [0, 0, 0],
                [0, 0, 0],
            ],
        );
        s.w = vec!["...".into(), ".#.".into(), "...".into()];
        // R, D (wall), R, D, L (wall), U, U (edge)
        assert_eq!(
            rendered_trace(&s),
            ["(1, 1)", "(1, 2)", "(1, 2)", "(1, 3)", "(2, 3)", "(2, 3)", "(1, 3)", "(1, 3)"]
        );
    }

    fn knobs(kind: Kind, steps: u32, size: u32, mode: AnswerMode) -> ProceduresKnobs {
        ProceduresKnobs {
            steps,
            state_size: size,
            kinds: vec![kind],
            answer_mode: mode,
        }
    }

    fn sample(knobs: &ProceduresKnobs, index: u64) -> Puzzle {
        let mut rng = ItemRng::for_item("procedures-test", 1, index);
        Procedures::generate(knobs, &mut rng).unwrap().puzzle
    }

    #[test]
    fn no_item_is_degenerate() {
        for kind in Kind::ALL {
            for (steps, size) in [
                (1, 3),
                (1, 10),
                (3, 3),
                (12, 4),
                (30, 6),
                (55, 8),
                (100, 3),
                (100, 10),
            ] {
                for index in 0..150 {
                    let p = sample(&knobs(kind, steps, size, AnswerMode::Final), index);
                    assert_ne!(p.trace.get(0), p.trace.last(), "{kind:?} {steps} {index}");
                    assert!(p.changes >= 1);
                    if kind != Kind::RegisterMachine {
                        assert_eq!(p.steps(), steps as usize);
                    }
                }
            }
        }
    }

    #[test]
    fn the_whole_knob_range_generates() {
        for kind in Kind::ALL {
            for steps in (1..=100).step_by(9).chain([2, 100]) {
                for size in 3..=10 {
                    for index in 0..8 {
                        let mut rng =
                            ItemRng::for_item("procedures-range", u64::from(steps), index);
                        let knobs = knobs(kind, steps, size, AnswerMode::Trace);
                        assert!(
                            Procedures::generate(&knobs, &mut rng).is_ok(),
                            "{kind:?} steps {steps} size {size}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn register_machine_halts_within_budget() {
        for steps in [1, 3, 5, 8, 12, 20, 34, 55, 100] {
            let (lo, hi) = register_bounds(steps as usize);
            for index in 0..300 {
                let p = sample(
                    &knobs(
                        Kind::RegisterMachine,
                        steps,
                        3 + (index % 8) as u32,
                        AnswerMode::Final,
                    ),
                    index,
                );
                let trace = simulate(&p.spec, hi).expect("halts within budget");
                let executed = trace.len() - 1;
                assert!((lo..=hi).contains(&executed), "{steps}: {executed}");
                assert!(trace.data.iter().all(|&v| (0..=REGISTER_CAP).contains(&v)));
            }
        }
    }

    #[test]
    fn payload_round_trip_recomputes_the_trace() {
        for kind in Kind::ALL {
            let p = sample(&knobs(kind, 10, 5, AnswerMode::Trace), 3);
            let json = serde_json::to_string(&p).unwrap();
            let back: Puzzle = serde_json::from_str(&json).unwrap();
            assert_eq!(back.trace, p.trace);
            assert_eq!(Procedures::prompt(&back), Procedures::prompt(&p));
        }
        assert!(serde_json::from_str::<Puzzle>(
            r#"{"k":"list_ops","m":"final","s":[1,2],"p":[[0,1,9]]}"#
        )
        .is_err());
        assert!(serde_json::from_str::<Puzzle>(
            r#"{"k":"register_machine","m":"final","s":[0],"p":[[6,1,0]]}"#
        )
        .is_err());
    }

    fn grade_text(p: &Puzzle, text: &str) -> Option<Grade> {
        Procedures::parse_answer(p, text)
            .ok()
            .map(|a| Procedures::grade(p, &a))
    }

    fn list_puzzle(mode: AnswerMode) -> Puzzle {
        let mut s = spec(
            Kind::ListOps,
            &[3, 1, 2],
            &[
                [L_SWAP, 1, 2],
                [L_ORDER, 1, 2],
                [L_ROTL, 1, 0],
                [L_SWAP, 1, 3],
            ],
        );
        s.m = mode;
        Puzzle::try_from(s).unwrap()
    }

    #[test]
    fn parsing_is_lenient_on_form_and_strict_on_content() {
        // [3,1,2] -> [1,3,2] -> [1,3,2] -> [3,2,1] -> [1,2,3]
        let p = list_puzzle(AnswerMode::Final);
        for text in [
            "[1, 2, 3]",
            " 1,2,3 ",
            "(1 2 3)",
            "Step 4: [1,2,3]",
            "\n[1, 2, 3]\n",
        ] {
            assert_eq!(grade_text(&p, text), Some(Grade::CORRECT), "{text:?}");
        }
        for text in ["[1, 2]", "[1, 2, 3, 4]", "[1, 2, 4]", "[3, 1, 2]"] {
            assert_eq!(grade_text(&p, text), Some(Grade::WRONG), "{text:?}");
        }
        for text in [
            "[1, 2, ３]",
            "[1, 2, 3e0]",
            "[0x1, 2, 3]",
            "[1, 2, 3]\n[1, 2, 3]",
            "[1, 2, 3",
            "",
            "[1,,2,3]",
        ] {
            assert_eq!(grade_text(&p, text), None, "{text:?}");
        }

        let mut s = spec(
            Kind::RegisterMachine,
            &[2, 0],
            &[[R_ADD, 1, 0], [R_DEC, 0, 0]],
        );
        s.m = AnswerMode::Final;
        let p = Puzzle::try_from(s).unwrap();
        for text in ["A=1, B=2", "b = 2; a = 1", "{A: 1, B: 2}"] {
            assert_eq!(grade_text(&p, text), Some(Grade::CORRECT), "{text:?}");
        }
        assert_eq!(grade_text(&p, "A=1"), Some(Grade::WRONG));
        assert_eq!(grade_text(&p, "A=1, B=2, A=1"), None);
        assert_eq!(grade_text(&p, "A=1, B=2, C=0"), None);
        assert_eq!(grade_text(&p, "A=1, B=٢"), None);

        let mut s = spec(Kind::StringRules, &letters("ab"), &[]);
        s.r = vec![rule(Cond::Else, "", Act::Append, "c")];
        s.n = 1;
        let p = Puzzle::try_from(s).unwrap();
        for text in ["abc", "\"ABC\"", "a b c"] {
            assert_eq!(grade_text(&p, text), Some(Grade::CORRECT), "{text:?}");
        }
        assert_eq!(grade_text(&p, "abcc"), Some(Grade::WRONG));
        assert_eq!(grade_text(&p, "ab1"), None);
    }

    #[test]
    fn trace_mode_prefix_credit_is_gated() {
        // Steps: [1,3,2], [1,3,2] (no change), [3,2,1], [1,2,3]: 3 changing steps.
        let p = list_puzzle(AnswerMode::Trace);
        let oracle = Procedures::render_answer(&p, &Procedures::solve(&p));
        assert_eq!(
            oracle,
            "Step 1: [1, 3, 2]\nStep 2: [1, 3, 2]\nStep 3: [3, 2, 1]\nStep 4: [1, 2, 3]"
        );
        assert_eq!(grade_text(&p, &oracle), Some(Grade::CORRECT));
        let unlabeled = "[1, 3, 2]\n[1, 3, 2]\n[3, 2, 1]\n[1, 2, 3]";
        assert_eq!(grade_text(&p, unlabeled), Some(Grade::CORRECT));
        let with_zero = format!("Step 0: [3, 1, 2]\n{oracle}");
        assert_eq!(grade_text(&p, &with_zero), Some(Grade::CORRECT));
        assert_eq!(grade_text(&p, "Step 2: [1, 3, 2]"), None);
        // Two of three changing steps right, then a wrong one.
        let g = grade_text(&p, "[1, 3, 2]\n[1, 3, 2]\n[3, 2, 1]\n[2, 1, 3]").unwrap();
        assert!(!g.correct && (g.credit - 2.0 / 3.0).abs() < 1e-9);
        // Extra lines dilute the credit.
        let g = grade_text(
            &p,
            &format!("{unlabeled}\n[1, 2, 3]\n[1, 2, 3]\n[1, 2, 3]\n[1, 2, 3]"),
        )
        .unwrap();
        assert!(!g.correct && (g.credit - 0.5).abs() < 1e-9);
        // Copying the initial state earns nothing.
        let g = grade_text(&p, "[3, 1, 2]\n[3, 1, 2]\n[3, 1, 2]\n[3, 1, 2]").unwrap();
        assert_eq!(g.credit, 0.0);
        for wrong in Procedures::wrong_answers(&p, &mut ItemRng::from_u64(1)) {
            let g = grade_text(&p, &wrong).unwrap_or(Grade::WRONG);
            assert!(!g.correct && g.credit < 1.0, "{wrong}");
        }
    }

    #[test]
    fn exploits_never_score_and_earn_about_no_partial_credit() {
        use crate::exploits::{grade_text, level_puzzles};
        let mut puzzles: Vec<Puzzle> = Vec::new();
        for level in 1..=10 {
            puzzles.extend(level_puzzles::<Procedures>(level, 40));
        }
        for kind in Kind::ALL {
            for steps in [1, 2, 6, 20] {
                let k = knobs(kind, steps, 4, AnswerMode::Trace);
                puzzles.extend((0..20).map(|i| sample(&k, i)));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut blind = std::collections::BTreeMap::new();
        for p in &puzzles {
            for (name, text) in Procedures::exploits(p) {
                seen.insert(name);
                let Some(grade) = grade_text::<Procedures>(p, &text) else {
                    continue;
                };
                assert!(!grade.correct, "{name}: {text}");
                match name {
                    // Constant traces can match at most the one step that enters the
                    // constant: a little credit now and then, about 0 on average.
                    "the same value on every line"
                    | "the final state on every line"
                    | "only the final state"
                    | "the states in reverse order" => {
                        let entry = blind.entry(name).or_insert((0.0, 0u32));
                        entry.0 += grade.credit;
                        entry.1 += 1;
                    }
                    _ => assert_eq!(grade.credit, 0.0, "{name}: {text}"),
                }
            }
        }
        for (name, (total, count)) in blind {
            let mean = total / f64::from(count);
            assert!(mean < 0.05, "{name}: mean partial credit {mean}");
        }
        assert!(seen.len() >= 12, "{seen:?}");
    }

    #[test]
    fn the_format_example_is_never_paid() {
        // A 3x3 grid walk ends on the example's (1, 2) about once in nine walks.
        for mode in [AnswerMode::Final, AnswerMode::Trace] {
            let k = knobs(Kind::GridWalk, 3, 3, mode);
            for i in 0..300 {
                let p = sample(&k, i);
                assert!(!example_pays(&p.spec, &p.trace));
                let prompt = Procedures::prompt(&p);
                let example =
                    crate::answer::extract_tagged(&prompt, "<answer>", "</answer>").unwrap();
                let grade = grade_text(&p, example).unwrap_or(Grade::WRONG);
                assert_eq!(grade, Grade::WRONG, "{example}");
            }
        }
    }

    #[test]
    fn trace_mode_items_self_verify_at_every_level() {
        let exact = crate::VerifyOptions::default();
        let partial = crate::VerifyOptions::new(Some("answer"), true);
        let overrides = serde_json::json!({"answer_mode": "trace"});
        for level in 1..=10 {
            let generator = crate::Generator::new("procedures", Some(level), &overrides).unwrap();
            for item in generator.batch(4, 0, 60).unwrap() {
                let payload = crate::Payload::parse(&item.verification).unwrap();
                assert_eq!(payload.puzzle().prompt(), item.prompt);
                let verdict = payload.verify(&format!("<answer>{}</answer>", item.answer), &exact);
                assert!(verdict.correct, "{}", item.answer);
                let mut rng = ItemRng::from_u64(item.index);
                for wrong in payload.puzzle().wrong_answers(&mut rng) {
                    for options in [&exact, &partial] {
                        let v = payload.verify(&format!("<answer>{wrong}</answer>"), options);
                        assert!(!v.correct && v.score < 1.0, "{wrong}");
                    }
                }
            }
        }
    }

    #[test]
    fn hostile_answers_do_not_panic() {
        for kind in Kind::ALL {
            for mode in [AnswerMode::Final, AnswerMode::Trace] {
                let p = sample(&knobs(kind, 8, 4, mode), 0);
                for text in [
                    "",
                    "step",
                    "Step :",
                    "Step 99999999999999999999: x",
                    "[",
                    "]",
                    "(",
                    "-",
                    "--1",
                    "A=",
                    "=",
                    "Z=1",
                    "é=1",
                    "💥",
                    "a\u{0}",
                    "[999999999999]",
                    "Step 1: [1]\nStep 1: [1]",
                    "1:",
                    "A=-",
                    "ab🙂",
                ] {
                    if let Ok(a) = Procedures::parse_answer(&p, text) {
                        let g = Procedures::grade(&p, &a);
                        assert!((0.0..=1.0).contains(&g.credit));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod report {
    use super::*;

    /// CPU time of this thread in seconds (the machine is shared, so wall time is noisy).
    fn cpu_seconds() -> f64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|t| t.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(0.0, |ns| ns / 1e9)
    }

    /// Per-kind generation cost and per-level step medians:
    /// `cargo test --release -p synlogic-core procedures::report -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints a report"]
    fn level_medians_and_examples() {
        for level in 1..=10 {
            let generator = crate::Generator::new("procedures", Some(level), &Value::Null).unwrap();
            let items = generator.batch(11, 0, 1000).unwrap();
            let mut steps: Vec<f64> = items
                .iter()
                .map(|it| {
                    let m: Value = serde_json::from_str(&it.metadata).unwrap();
                    m["difficulty"].as_f64().unwrap()
                })
                .collect();
            steps.sort_by(f64::total_cmp);
            println!(
                "level {level}: median executed steps {} (min {}, max {})",
                steps[steps.len() / 2],
                steps[0],
                steps[steps.len() - 1]
            );
            if [1, 4, 5, 10].contains(&level) {
                for kind in Kind::ALL {
                    let it = items
                        .iter()
                        .find(|it| {
                            it.metadata
                                .contains(&format!("\"kind\":\"{}\"", kind.name()))
                        })
                        .unwrap();
                    println!(
                        "..... level {level} {} .....\n{}\n--- answer ---\n{}\n",
                        kind.name(),
                        it.prompt,
                        it.answer
                    );
                }
                let shortest = items
                    .iter()
                    .take(12)
                    .min_by_key(|it| it.prompt.len())
                    .unwrap();
                println!(
                    "----- level {level} example -----\n{}\n--- answer ---\n{}\n",
                    shortest.prompt, shortest.answer
                );
            }
        }
        let generator = crate::Generator::new(
            "procedures",
            Some(2),
            &serde_json::json!({"answer_mode": "trace", "kinds": ["register_machine"]}),
        )
        .unwrap();
        let item = generator.item(3, 0).unwrap();
        println!(
            "----- trace example -----\n{}\n--- answer ---\n{}\n--- metadata ---\n{}",
            item.prompt, item.answer, item.metadata
        );
    }

    #[test]
    #[ignore = "prints a report"]
    fn verify_rates() {
        let options = crate::VerifyOptions::default();
        for (level, mode) in [(4, "final"), (4, "trace"), (10, "final"), (10, "trace")] {
            let generator = crate::Generator::new(
                "procedures",
                Some(level),
                &serde_json::json!({ "answer_mode": mode }),
            )
            .unwrap();
            let items = generator.batch(8, 0, 256).unwrap();
            let payloads: Vec<_> = items
                .iter()
                .map(|it| crate::Payload::parse(&it.verification).unwrap())
                .collect();
            let answers: Vec<String> = items
                .iter()
                .map(|it| format!("<answer>{}</answer>", it.answer))
                .collect();
            let rounds = 200;
            let started = cpu_seconds();
            for _ in 0..rounds {
                for (p, a) in payloads.iter().zip(&answers) {
                    std::hint::black_box(p.verify(a, &options));
                }
            }
            let rate = (rounds * items.len()) as f64 / (cpu_seconds() - started);
            let started = cpu_seconds();
            for i in 0..5000 {
                std::hint::black_box(generator.item(9, i).unwrap());
            }
            let gen_rate = 5000.0 / (cpu_seconds() - started);
            println!("level {level} {mode}: verify {rate:.0}/s, generate {gen_rate:.0}/s (CPU time, 1 thread)");
        }
    }

    #[test]
    #[ignore = "prints a report"]
    fn level_report() {
        for kind in Kind::ALL {
            let knobs = ProceduresKnobs {
                kinds: vec![kind],
                ..ProceduresKnobs::default()
            };
            let n = 20_000;
            let started = cpu_seconds();
            for i in 0..n {
                let mut rng = ItemRng::for_item("procedures", 5, i);
                std::hint::black_box(Procedures::generate(&knobs, &mut rng).unwrap());
            }
            let gen_only = (cpu_seconds() - started) / n as f64 * 1e6;
            let started = cpu_seconds();
            for i in 0..n {
                let mut rng = ItemRng::for_item("procedures", 5, i);
                let g = Procedures::generate(&knobs, &mut rng).unwrap();
                std::hint::black_box(Procedures::prompt(&g.puzzle));
                std::hint::black_box(serde_json::to_string(&g.puzzle).unwrap());
                std::hint::black_box(Value::Object(g.metadata).to_string());
            }
            let per = (cpu_seconds() - started) / n as f64 * 1e6;
            println!(
                "{:>16}: {per:.1} us/item at the default level ({gen_only:.1} in generate)",
                kind.name()
            );
        }
    }
}
