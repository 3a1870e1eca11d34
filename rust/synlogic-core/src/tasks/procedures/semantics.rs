//! What the procedures mean: one step of each kind, and the simulation of a whole spec.

use super::knobs::Kind;
use super::puzzle::{Act, Cond, Rule, Spec, States};

// Payload bounds: the generator's largest output (100 steps, state size 10, strings of at
// most 22 letters, stacks of at most 11 numbers, register programs of at most 116 executed
// lines) with a margin. They bound verification: at most MAX_EXEC + 1 states of at most
// MAX_STATE numbers each.
/// The most elements an initial state may have (and the largest grid side).
pub(super) const MAX_START: usize = 16;
/// The most elements any state may reach while the procedure runs.
pub(super) const MAX_STATE: usize = 32;
/// The most program lines (list, stack, register and grid kinds).
pub(super) const MAX_PROGRAM: usize = 128;
/// The most rule applications (string kind) and rules.
pub(super) const MAX_REPEATS: u32 = 128;
/// The most rules of a string procedure.
pub(super) const MAX_RULES: usize = 8;
/// The most executed lines of a register program.
pub(super) const MAX_EXEC: usize = 256;
/// The largest magnitude of a list element.
pub(super) const LIST_CAP: i32 = 999;
pub(super) const REGISTER_CAP: i32 = 999;
pub(super) const STACK_CAP: i32 = 99;
pub(super) const ALPHABET: [u8; 3] = *b"abc";

pub(super) const L_SWAP: i32 = 0;
pub(super) const L_MOVE: i32 = 1;
pub(super) const L_ROTL: i32 = 2;
pub(super) const L_ROTR: i32 = 3;
pub(super) const L_REV: i32 = 4;
pub(super) const L_ORDER: i32 = 5;
pub(super) const L_BUBBLE: i32 = 6;

pub(super) const S_PUSH: i32 = 0;
pub(super) const S_POP: i32 = 1;
pub(super) const S_DUP: i32 = 2;
pub(super) const S_SWAP: i32 = 3;
pub(super) const S_OVER: i32 = 4;
pub(super) const S_ADD: i32 = 5;
pub(super) const S_SUB: i32 = 6;
pub(super) const S_MUL: i32 = 7;
pub(super) const S_ROT: i32 = 8;

pub(super) const R_INC: i32 = 0;
pub(super) const R_DEC: i32 = 1;
pub(super) const R_ADD: i32 = 2;
pub(super) const R_SET: i32 = 3;
pub(super) const R_JZ: i32 = 4;
pub(super) const R_JNZ: i32 = 5;
pub(super) const R_JMP: i32 = 6;

pub(super) const DIRS: [u8; 4] = *b"UDLR";

/// Fails when a state has grown past [`MAX_STATE`] elements (after step `step`).
fn check_growth(state: &[i32], step: usize) -> Result<(), String> {
    if state.len() > MAX_STATE {
        Err(format!(
            "field s: the state grows past {MAX_STATE} elements at step {step}"
        ))
    } else {
        Ok(())
    }
}

/// Runs the procedure: the states before the first step and after every step.
pub(super) fn simulate(spec: &Spec, budget: usize) -> Result<States, String> {
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
            for step in 1..=spec.n {
                string_step(&rules, &mut state);
                check_growth(&state, step as usize)?;
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
            for (step, &op) in spec.p.iter().enumerate() {
                stack_apply(op, &mut state, STACK_CAP)
                    .map_err(|e| format!("field p: line {}: {e}", step + 1))?;
                check_growth(&state, step + 1)?;
                trace.push(&state);
            }
        }
        Kind::RegisterMachine => {
            register_run(&spec.p, &mut state, &mut trace, budget)
                .map_err(|e| format!("field p: {e}"))?;
            // The generator keeps every value within REGISTER_CAP; so must a payload.
            if trace.data.iter().any(|&v| v > REGISTER_CAP) {
                return Err(format!("field p: a register exceeds {REGISTER_CAP}"));
            }
        }
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
pub(super) struct Compiled {
    pub(super) cond: Cond,
    pub(super) act: Act,
    pub(super) x: [i32; 3],
    pub(super) x_len: usize,
    pub(super) y: [i32; 3],
    pub(super) y_len: usize,
    pub(super) n: usize,
}

impl Compiled {
    /// The working form of a validated rule.
    pub(super) fn of(rule: &Rule) -> Self {
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
    pub(super) fn rule(&self) -> Rule {
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

pub(super) fn find(s: &[i32], x: &[i32]) -> Option<usize> {
    if x.is_empty() || x.len() > s.len() {
        return None;
    }
    s.windows(x.len()).position(|w| w == x)
}

/// Applies the first rule whose condition holds; returns its index.
pub(super) fn string_step(rules: &[Compiled], s: &mut Vec<i32>) -> Option<usize> {
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

pub(super) fn list_apply(op: [i32; 3], v: &mut [i32]) -> Result<(), String> {
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
pub(super) fn stack_apply(op: [i32; 3], v: &mut Vec<i32>, cap: i32) -> Result<(), String> {
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
pub(super) fn register_run(
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
pub(super) fn grid_open(rows: &[String]) -> Result<(usize, Vec<bool>), String> {
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

pub(super) fn grid_free(n: usize, open: &[bool], row: i32, col: i32) -> bool {
    row >= 1
        && col >= 1
        && row as usize <= n
        && col as usize <= n
        && open[(row as usize - 1) * n + col as usize - 1]
}

pub(super) fn grid_step(n: usize, open: &[bool], dir: i32, pos: &mut [i32]) -> Result<(), String> {
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
