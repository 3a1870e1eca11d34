//! The prompt, the canonical answer text, and the lenient-on-form, strict-on-content parser.

use std::fmt::Write as _;

use super::circuit::{BooleanCircuitPuzzle, GateKind, ALL_KINDS};
use crate::kit::separators::is_word_separator;
use crate::task::ParseError;

/// What each gate kind computes, in the prompt's words.
fn meaning(kind: GateKind) -> &'static str {
    match kind {
        GateKind::And => "AND(...) is 1 when all of its arguments are 1",
        GateKind::Or => "OR(...) is 1 when at least one of its arguments is 1",
        GateKind::Not => "NOT(a) is 1 when a is 0, and 0 when a is 1",
        GateKind::Xor => "XOR(...) is 1 when an odd number of its arguments are 1",
        GateKind::Nand => "NAND(...) is 0 when all of its arguments are 1, and 1 otherwise",
        GateKind::Nor => "NOR(...) is 1 when all of its arguments are 0, and 0 otherwise",
        GateKind::Implies => "IMPLIES(a, b) is 0 when a is 1 and b is 0, and 1 otherwise",
    }
}

/// The prompt: the gate meanings used, the input values, the definitions, the answer format.
pub fn prompt(puzzle: &BooleanCircuitPuzzle) -> String {
    let mut out = String::with_capacity(900 + 40 * (puzzle.gates.len() + puzzle.inputs.len()));
    let _ = writeln!(
        out,
        "A logic circuit has {} input wires with given values and {} gates. Every wire carries \
         1 (true) or 0 (false). Each gate is defined as name = KIND(arguments), where each \
         argument names an input wire or another gate, and the gate's value is computed from \
         its arguments' values:",
        puzzle.inputs.len(),
        puzzle.gates.len()
    );
    for kind in ALL_KINDS {
        if puzzle.gates.iter().any(|g| g.kind == kind) {
            out.push_str("- ");
            out.push_str(meaning(kind));
            out.push_str(".\n");
        }
    }
    out.push_str("\nInput values:\n");
    for input in &puzzle.inputs {
        let _ = writeln!(out, "{} = {}", input.name, u8::from(input.value));
    }
    out.push_str(
        "\nGate definitions (listed in no particular order; a gate may read a gate defined \
         further down; some gates may not affect any output):\n",
    );
    for gate in &puzzle.gates {
        let _ = writeln!(
            out,
            "{} = {}({})",
            gate.name,
            gate.kind.name(),
            gate.args.join(", ")
        );
    }
    let k = puzzle.outputs.len();
    let _ = write!(
        out,
        "\nCompute the value of {}: {}.\n\n",
        if k == 1 {
            "the output gate"
        } else {
            "each output gate"
        },
        puzzle.outputs.join(", ")
    );
    let _ = write!(
        out,
        "Give your final answer inside <answer> and </answer> tags, with one line per output \
         in the form \"name = value\" where value is 1 or 0, listing {} exactly once by the \
         name used above. The shape of the block (with placeholder names) is:\n\
         <answer>\nname = 1\nother_name = 0\n...\n</answer>",
        if k == 1 {
            "the output".to_string()
        } else {
            format!("each of the {k} outputs")
        }
    );
    out
}

/// The canonical answer text: `name = value` lines in the order the prompt asks.
pub fn render(puzzle: &BooleanCircuitPuzzle, values: &[bool]) -> String {
    let mut out = String::with_capacity(12 * values.len());
    for (name, &value) in puzzle.outputs.iter().zip(values) {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = write!(out, "{name} = {}", u8::from(value));
    }
    out
}

/// Words that may stand between a name and its value.
const FILLERS: &[&str] = &["is", "equals"];

/// A truth value word, any case: 1/0, true/false, t/f, yes/no.
fn truth_value(word: &str) -> Option<bool> {
    const TRUE: &[&str] = &["1", "true", "t", "yes"];
    const FALSE: &[&str] = &["0", "false", "f", "no"];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(false)
    } else {
        None
    }
}

/// Reads `name = value` pairs in any order and with any separators. Every output must get
/// exactly one value; an unknown name, a repeated output, a value without a name, a name
/// without a value or any other word is an error.
pub fn parse(puzzle: &BooleanCircuitPuzzle, text: &str) -> Result<Vec<bool>, ParseError> {
    let k = puzzle.outputs.len();
    let mut values: Vec<Option<bool>> = vec![None; k];
    let mut pending: Option<usize> = None;
    let mut words = text.split(is_word_separator).filter(|w| !w.is_empty());
    for word in &mut words {
        if !word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(ParseError::new("unexpected characters in the answer"));
        }
        if let Some(output) = pending {
            if FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
                continue;
            }
            let Some(value) = truth_value(word) else {
                return Err(ParseError::new(format!(
                    "{} has no value 1 or 0",
                    puzzle.outputs[output]
                )));
            };
            values[output] = Some(value);
            pending = None;
            continue;
        }
        let Some(output) = puzzle
            .outputs
            .iter()
            .position(|name| name.eq_ignore_ascii_case(word))
        else {
            if truth_value(word).is_some() {
                return Err(ParseError::new("a value without an output name"));
            }
            return Err(ParseError::new("not an output name"));
        };
        if values[output].is_some() {
            return Err(ParseError::new(format!(
                "{} is given twice",
                puzzle.outputs[output]
            )));
        }
        pending = Some(output);
    }
    if let Some(output) = pending {
        return Err(ParseError::new(format!(
            "{} has no value",
            puzzle.outputs[output]
        )));
    }
    let mut out = Vec::with_capacity(k);
    for (name, value) in puzzle.outputs.iter().zip(values) {
        match value {
            Some(v) => out.push(v),
            None => return Err(ParseError::new(format!("{name} is missing"))),
        }
    }
    Ok(out)
}
