//! The generators, one per kind: each draws a non-degenerate procedure of the asked size.

use serde_json::{Map, Value};

use super::format::{example_pays, state_text};
use super::knobs::{AnswerMode, Kind, ProceduresKnobs};
use super::puzzle::{Act, Cond, Puzzle, Spec, States};
use super::semantics::{
    grid_step, list_apply, register_run, simulate, stack_apply, string_step, Compiled, ALPHABET,
    L_BUBBLE, L_MOVE, L_ORDER, L_REV, L_ROTL, L_ROTR, L_SWAP, MAX_EXEC, REGISTER_CAP, R_ADD, R_DEC,
    R_INC, R_JMP, R_JNZ, R_JZ, R_SET, STACK_CAP, S_PUSH,
};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

pub(super) fn two_positions(n: usize, rng: &mut ItemRng) -> (i32, i32) {
    let i = rng.index(n);
    let mut j = rng.index(n - 1);
    if j >= i {
        j += 1;
    }
    (i as i32 + 1, j as i32 + 1)
}

pub(super) fn random_list_op(n: usize, rng: &mut ItemRng) -> [i32; 3] {
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

pub(super) fn gen_list(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
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

pub(super) fn gen_stack(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
    const WEIGHTS: [f64; 9] = [3.0, 2.0, 1.5, 1.5, 1.0, 2.0, 2.0, 1.0, 1.0];
    let capacity = size + 1;
    let mut scratch = Vec::with_capacity(capacity + 1);
    'attempt: for _ in 0..64 {
        // Three steps from a two-number stack repeat often; one more number varies them.
        let start_len = size.div_ceil(2) + usize::from(steps < 4);
        let start: Vec<i32> = (0..start_len).map(|_| 1 + rng.below(9) as i32).collect();
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

pub(super) fn gen_grid(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
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

pub(super) fn random_letter(rng: &mut ItemRng) -> u8 {
    ALPHABET[rng.index(ALPHABET.len())]
}

pub(super) fn random_action(rng: &mut ItemRng, otherwise: bool) -> (Act, [i32; 3], usize) {
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

pub(super) fn random_rules(
    count: usize,
    size: usize,
    rng: &mut ItemRng,
    rules: &mut Vec<Compiled>,
) {
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

pub(super) fn gen_string(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
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
pub(super) fn random_straight(regs: usize, forbid: Option<usize>, rng: &mut ItemRng) -> [i32; 3] {
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
pub(super) fn random_skip(
    regs: usize,
    avoid: Option<usize>,
    target: usize,
    rng: &mut ItemRng,
) -> [i32; 3] {
    let mut r = rng.index(regs);
    while Some(r) == avoid {
        r = rng.index(regs);
    }
    let op = if rng.chance(0.5) { R_JZ } else { R_JNZ };
    [op, r as i32, target as i32]
}

pub(super) fn straight_program(regs: usize, steps: usize, rng: &mut ItemRng) -> Vec<[i32; 3]> {
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

pub(super) fn loop_program(
    regs: usize,
    steps: usize,
    init: &mut [i32],
    rng: &mut ItemRng,
) -> Vec<[i32; 3]> {
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
pub(super) fn register_bounds(steps: usize) -> (usize, usize) {
    let tol = (steps / 6).max(1);
    (steps.saturating_sub(tol).max(1), steps + tol)
}

pub(super) fn gen_register(size: usize, steps: usize, rng: &mut ItemRng) -> Option<Spec> {
    let regs = size;
    let (lo, hi) = register_bounds(steps);
    let mut trace = States::default();
    for _ in 0..400 {
        let mut init: Vec<i32> = (0..regs).map(|_| rng.below(5) as i32).collect();
        // Below 6 steps a loop fits only a one-line body run once or twice, so few loop
        // programs exist and they repeat; straight-line programs with skips vary far more.
        let program = if steps < 6 || (steps < 8 && rng.chance(0.5)) {
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

/// Procedures drawn per item before giving up when each has the format example as answer.
pub(super) const EXAMPLE_REDRAWS: usize = 16;

/// Generates one puzzle (see [`super::Procedures`]).
pub(super) fn generate(
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
