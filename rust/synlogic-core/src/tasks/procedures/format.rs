//! Rendering: states, rules, the prompt of each kind and the answer format.

use super::knobs::{AnswerMode, Kind};
use super::puzzle::{Act, Cond, Puzzle, Rule, Spec, States};
use super::semantics::{DIRS, L_BUBBLE, L_ROTL, L_ROTR, R_ADD, R_JMP, R_JNZ, R_JZ, R_SET, S_PUSH};

pub(super) fn push_int(out: &mut String, value: i32) {
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

pub(super) fn register_name(index: usize) -> char {
    char::from(b'A' + (index % 26) as u8)
}

pub(super) fn render_state(kind: Kind, state: &[i32], out: &mut String) {
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

pub(super) fn state_text(kind: Kind, state: &[i32]) -> String {
    let mut out = String::with_capacity(4 * state.len() + 4);
    render_state(kind, state, &mut out);
    out
}

pub(super) fn render_states<'a>(
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

pub(super) fn quoted(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(text);
    out.push('"');
}

pub(super) fn render_rule(out: &mut String, rule: &Rule) {
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

pub(super) const LIST_LEGEND: [&str; 7] = [
    "- swap i j: exchange the elements at positions i and j.\n",
    "- move i j: take out the element at position i and reinsert it so that it ends up at position j.\n",
    "- rotl k: move the first k elements, in order, to the end of the list.\n",
    "- rotr k: move the last k elements, in order, to the front of the list.\n",
    "- reverse i j: reverse the order of the elements at positions i to j.\n",
    "- order i j: if the element at position i is greater than the element at position j, swap them.\n",
    "", // bubble: needs the list length, written separately
];
pub(super) const LIST_NAMES: [&str; 7] =
    ["swap", "move", "rotl", "rotr", "reverse", "order", "bubble"];

pub(super) const STACK_LEGEND: [&str; 9] = [
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
pub(super) const STACK_NAMES: [&str; 9] = [
    "PUSH", "POP", "DUP", "SWAP", "OVER", "ADD", "SUB", "MUL", "ROT",
];

pub(super) const REGISTER_LEGEND: [&str; 7] = [
    "- INC R: add 1 to register R.\n",
    "- DEC R: subtract 1 from register R if it is greater than 0 (a register at 0 stays 0).\n",
    "- ADD R S: add the value of register S to register R (S is unchanged).\n",
    "- SET R k: set register R to k.\n",
    "- JZ R n: if register R is 0, jump to line n; otherwise go on to the next line.\n",
    "- JNZ R n: if register R is not 0, jump to line n; otherwise go on to the next line.\n",
    "- JMP n: jump to line n.\n",
];
pub(super) const REGISTER_NAMES: [&str; 7] = ["INC", "DEC", "ADD", "SET", "JZ", "JNZ", "JMP"];

pub(super) fn used_mask(program: &[[i32; 3]]) -> u32 {
    program
        .iter()
        .fold(0, |m, op| m | (1u32 << (op[0].clamp(0, 31) as u32)))
}

pub(super) fn push_line_number(out: &mut String, line: usize) {
    push_int(out, line as i32);
    out.push_str(". ");
}

pub(super) fn write_list_prompt(out: &mut String, spec: &Spec) {
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

pub(super) fn write_stack_prompt(out: &mut String, spec: &Spec) {
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

pub(super) fn write_register_prompt(out: &mut String, spec: &Spec) {
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

pub(super) fn write_grid_prompt(out: &mut String, spec: &Spec) {
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

pub(super) fn write_string_prompt(out: &mut String, spec: &Spec) {
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
pub(super) fn example_states(spec: &Spec) -> [Vec<i32>; 2] {
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

/// Whether copying the prompt's format example would earn a reward: in `final` mode the
/// example is a whole answer; in `trace` mode its first line is compared with step 1 (a wrong
/// first state-changing line earns nothing, and a wrong first line ends the prefix).
pub(super) fn example_pays(spec: &Spec, trace: &States) -> bool {
    let [first, _] = example_states(spec);
    match spec.m {
        AnswerMode::Final => trace.last() == first.as_slice(),
        AnswerMode::Trace => trace.get(1) == first.as_slice(),
    }
}

pub(super) fn write_answer_format(out: &mut String, spec: &Spec, steps: usize) {
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

/// The prompt of a puzzle.
pub(super) fn prompt(puzzle: &Puzzle) -> String {
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
