//! The circuit model: gate kinds, the payload layout, its checks and exact evaluation.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Most input wires a payload may declare.
pub const MAX_INPUTS: usize = 32;
/// Most gates a payload may declare.
pub const MAX_GATES: usize = 128;
/// Most arguments one gate may read.
pub const MAX_ARGS: usize = 8;
/// Most named outputs a payload may ask for.
pub const MAX_OUTPUTS: usize = 16;
/// Longest wire name a payload may use.
const MAX_NAME: usize = 12;

/// One kind of logic gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum GateKind {
    /// 1 when every argument is 1.
    And,
    /// 1 when at least one argument is 1.
    Or,
    /// The opposite of its single argument.
    Not,
    /// 1 when an odd number of arguments are 1.
    Xor,
    /// The opposite of AND.
    Nand,
    /// The opposite of OR.
    Nor,
    /// `IMPLIES(a, b)`: 0 only when `a` is 1 and `b` is 0.
    Implies,
}

/// Every gate kind, in the order the prompt explains them.
pub const ALL_KINDS: [GateKind; 7] = [
    GateKind::And,
    GateKind::Or,
    GateKind::Not,
    GateKind::Xor,
    GateKind::Nand,
    GateKind::Nor,
    GateKind::Implies,
];

impl GateKind {
    /// The name written in the prompt and the payload.
    pub fn name(self) -> &'static str {
        match self {
            Self::And => "AND",
            Self::Or => "OR",
            Self::Not => "NOT",
            Self::Xor => "XOR",
            Self::Nand => "NAND",
            Self::Nor => "NOR",
            Self::Implies => "IMPLIES",
        }
    }

    /// The fewest and most arguments this kind takes (variadic kinds take 2 to `MAX_ARGS`).
    pub fn arity(self) -> (usize, usize) {
        match self {
            Self::Not => (1, 1),
            Self::Implies => (2, 2),
            _ => (2, MAX_ARGS),
        }
    }

    /// The gate's value on `args` (in order; only IMPLIES cares about it).
    pub fn apply(self, args: impl IntoIterator<Item = bool>) -> bool {
        let mut iter = args.into_iter();
        match self {
            Self::And => iter.all(|v| v),
            Self::Or => iter.any(|v| v),
            Self::Nand => !iter.all(|v| v),
            Self::Nor => !iter.any(|v| v),
            Self::Xor => iter.fold(false, |acc, v| acc ^ v),
            Self::Not => !iter.next().unwrap_or(false),
            Self::Implies => {
                let a = iter.next().unwrap_or(false);
                let b = iter.next().unwrap_or(false);
                !a || b
            }
        }
    }
}

/// One input wire and its fixed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputWire {
    /// The wire's name, e.g. `x7`.
    pub name: String,
    /// Its value.
    pub value: bool,
}

/// One gate definition: `name = KIND(args...)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateDef {
    /// The gate's name (an intermediate `g12` or an output `out3`).
    pub name: String,
    /// What it computes.
    pub kind: GateKind,
    /// The wires it reads, by name (inputs or other gates).
    pub args: Vec<String>,
}

/// The payload as stored, before its checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PuzzleRepr {
    inputs: Vec<InputWire>,
    gates: Vec<GateDef>,
    outputs: Vec<String>,
}

/// A checked circuit: input values, gate definitions in the order the prompt lists them, and
/// the outputs asked for, with every output's value computed once when built or loaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "PuzzleRepr")]
pub struct BooleanCircuitPuzzle {
    /// Input wires in prompt order.
    pub inputs: Vec<InputWire>,
    /// Gate definitions in prompt order (shuffled relative to evaluation order).
    pub gates: Vec<GateDef>,
    /// Output names in the order the prompt asks for them.
    pub outputs: Vec<String>,
    /// The value of every output, in `outputs` order (computed, never read from a payload).
    #[serde(skip_serializing)]
    pub values: Vec<bool>,
}

impl TryFrom<PuzzleRepr> for BooleanCircuitPuzzle {
    type Error = String;

    fn try_from(repr: PuzzleRepr) -> Result<Self, String> {
        Self::new(repr.inputs, repr.gates, repr.outputs)
    }
}

/// A wire reference after name resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// Input number `i`.
    Input(usize),
    /// Gate number `i` (in listing order).
    Gate(usize),
}

fn check_name(field: &str, name: &str) -> Result<(), String> {
    let well_formed = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && name.as_bytes()[0].is_ascii_lowercase();
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "{field}: wire name {:?} must be 1 to {MAX_NAME} lowercase letters and digits, starting with a letter",
            name.chars().take(20).collect::<String>()
        ))
    }
}

impl BooleanCircuitPuzzle {
    /// Checks sizes, names, arities, references and acyclicity, then evaluates the outputs.
    pub fn new(
        inputs: Vec<InputWire>,
        gates: Vec<GateDef>,
        outputs: Vec<String>,
    ) -> Result<Self, String> {
        if inputs.is_empty() || inputs.len() > MAX_INPUTS {
            return Err(format!("inputs: must hold 1 to {MAX_INPUTS} wires"));
        }
        if gates.is_empty() || gates.len() > MAX_GATES {
            return Err(format!("gates: must hold 1 to {MAX_GATES} gates"));
        }
        if outputs.is_empty() || outputs.len() > MAX_OUTPUTS {
            return Err(format!("outputs: must name 1 to {MAX_OUTPUTS} gates"));
        }
        let mut names: HashMap<&str, Wire> = HashMap::new();
        for (i, input) in inputs.iter().enumerate() {
            check_name("inputs", &input.name)?;
            if names.insert(&input.name, Wire::Input(i)).is_some() {
                return Err(format!("inputs: {:?} is declared twice", input.name));
            }
        }
        for (i, gate) in gates.iter().enumerate() {
            check_name("gates", &gate.name)?;
            if names.insert(&gate.name, Wire::Gate(i)).is_some() {
                return Err(format!("gates: {:?} is declared twice", gate.name));
            }
            let (lo, hi) = gate.kind.arity();
            if !(lo..=hi).contains(&gate.args.len()) {
                return Err(format!(
                    "gates: {} of {:?} takes {lo} to {hi} arguments, got {}",
                    gate.kind.name(),
                    gate.name,
                    gate.args.len()
                ));
            }
        }
        let mut resolved: Vec<Vec<Wire>> = Vec::with_capacity(gates.len());
        for gate in &gates {
            let mut wires = Vec::with_capacity(gate.args.len());
            for arg in &gate.args {
                match names.get(arg.as_str()) {
                    Some(&wire) => wires.push(wire),
                    None => {
                        return Err(format!(
                            "gates: {:?} reads an undeclared wire {:?}",
                            gate.name,
                            arg.chars().take(20).collect::<String>()
                        ))
                    }
                }
            }
            resolved.push(wires);
        }
        let mut output_gates = Vec::with_capacity(outputs.len());
        for (i, name) in outputs.iter().enumerate() {
            if outputs[..i].contains(name) {
                return Err(format!("outputs: {name:?} is listed twice"));
            }
            match names.get(name.as_str()) {
                Some(&Wire::Gate(g)) => output_gates.push(g),
                _ => return Err(format!("outputs: {name:?} is not a gate")),
            }
        }
        let values = evaluate_gates(&inputs, &gates, &resolved)
            .ok_or_else(|| "gates: the definitions form a cycle".to_string())?;
        let values = output_gates.iter().map(|&g| values[g]).collect();
        Ok(Self {
            inputs,
            gates,
            outputs,
            values,
        })
    }

    /// Each gate's arguments resolved to wires (names were checked when the puzzle was built).
    pub fn resolved(&self) -> Vec<Vec<Wire>> {
        let index: HashMap<&str, Wire> = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, w)| (w.name.as_str(), Wire::Input(i)))
            .chain(
                self.gates
                    .iter()
                    .enumerate()
                    .map(|(i, g)| (g.name.as_str(), Wire::Gate(i))),
            )
            .collect();
        self.gates
            .iter()
            .map(|g| {
                g.args
                    .iter()
                    .filter_map(|a| index.get(a.as_str()).copied())
                    .collect()
            })
            .collect()
    }

    /// The listing index of the gate named `name`.
    pub fn gate_index(&self, name: &str) -> Option<usize> {
        self.gates.iter().position(|g| g.name == name)
    }
}

/// Every gate's value by repeated topological sweeps (Kahn's order); `None` on a cycle.
pub fn evaluate_gates(
    inputs: &[InputWire],
    gates: &[GateDef],
    resolved: &[Vec<Wire>],
) -> Option<Vec<bool>> {
    let n = gates.len();
    let mut pending: Vec<usize> = resolved
        .iter()
        .map(|args| args.iter().filter(|w| matches!(w, Wire::Gate(_))).count())
        .collect();
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (g, args) in resolved.iter().enumerate() {
        for wire in args {
            if let Wire::Gate(src) = *wire {
                readers[src].push(g);
            }
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&g| pending[g] == 0).collect();
    let mut values = vec![false; n];
    let mut done = 0;
    while let Some(g) = ready.pop() {
        let value = gates[g].kind.apply(resolved[g].iter().map(|w| match *w {
            Wire::Input(i) => inputs[i].value,
            Wire::Gate(j) => values[j],
        }));
        values[g] = value;
        done += 1;
        for &reader in &readers[g] {
            pending[reader] -= 1;
            if pending[reader] == 0 {
                ready.push(reader);
            }
        }
    }
    (done == n).then_some(values)
}

/// An independent evaluator for cross-checks: memoized depth-first recursion from each
/// output, with an explicit stack (no recursion depth limit) and cycle detection.
pub fn evaluate_outputs_by_demand(puzzle: &BooleanCircuitPuzzle) -> Option<(Vec<bool>, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unseen,
        Open,
        Done(bool),
    }
    let resolved = puzzle.resolved();
    let mut state = vec![State::Unseen; puzzle.gates.len()];
    let mut evaluations = 0;
    let mut out = Vec::with_capacity(puzzle.outputs.len());
    for name in &puzzle.outputs {
        let root = puzzle.gate_index(name)?;
        let mut stack = vec![root];
        while let Some(&g) = stack.last() {
            if let State::Done(_) = state[g] {
                stack.pop();
                continue;
            }
            state[g] = State::Open;
            let mut waiting = false;
            for wire in &resolved[g] {
                if let Wire::Gate(j) = *wire {
                    match state[j] {
                        State::Done(_) => {}
                        State::Open => return None,
                        State::Unseen => {
                            stack.push(j);
                            waiting = true;
                            break;
                        }
                    }
                }
            }
            if waiting {
                continue;
            }
            let value = puzzle.gates[g]
                .kind
                .apply(resolved[g].iter().map(|w| match *w {
                    Wire::Input(i) => puzzle.inputs[i].value,
                    Wire::Gate(j) => matches!(state[j], State::Done(true)),
                }));
            state[g] = State::Done(value);
            evaluations += 1;
            stack.pop();
        }
        match state[root] {
            State::Done(v) => out.push(v),
            _ => return None,
        }
    }
    Some((out, evaluations))
}
