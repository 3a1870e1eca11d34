//! Generation: a layered random circuit whose outputs hit a drawn, balanced target vector.

use serde_json::{Map, Value};

use super::circuit::{
    evaluate_outputs_by_demand, BooleanCircuitPuzzle, GateDef, GateKind, InputWire, Wire,
};
use super::knobs::BooleanCircuitKnobs;
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Whole-circuit attempts before giving up.
const ATTEMPTS: usize = 30;
/// Redraws of one output gate while it misses its target value.
const OUTPUT_REDRAWS: usize = 40;

/// A gate under construction: its layer, kind and argument wires.
#[derive(Debug, Clone)]
struct Draft {
    layer: usize,
    kind: GateKind,
    args: Vec<Wire>,
}

/// The wiring state: which wires some gate already reads, so that new gates prefer unread
/// ones and few gates end up as dead distractors.
struct Wiring<'k> {
    knobs: &'k BooleanCircuitKnobs,
    inputs: usize,
    layers: Vec<usize>,
    read_inputs: Vec<bool>,
    read_gates: Vec<bool>,
}

impl Wiring<'_> {
    fn is_read(&self, wire: Wire) -> bool {
        match wire {
            Wire::Input(i) => self.read_inputs[i],
            Wire::Gate(g) => self.read_gates[g],
        }
    }

    fn mark(&mut self, wire: Wire) {
        match wire {
            Wire::Input(i) => self.read_inputs[i] = true,
            Wire::Gate(g) => self.read_gates[g] = true,
        }
    }

    /// The wires a gate on `layer` may read: inputs and gates on lower layers; with `exact`,
    /// only the layer just below (the inputs for layer 1).
    fn candidates(&self, layer: usize, exact: bool) -> Vec<Wire> {
        let inputs = (0..self.inputs)
            .filter(|_| !exact || layer == 1)
            .map(Wire::Input);
        let gates = (0..self.layers.len())
            .filter(|&g| {
                let l = self.layers[g];
                if exact {
                    l + 1 == layer
                } else {
                    l < layer
                }
            })
            .map(Wire::Gate);
        inputs.chain(gates).collect()
    }

    /// One wire from `pool` not in `taken`, an unread one when there is one.
    fn pick(&self, rng: &mut ItemRng, pool: &[Wire], taken: &[Wire]) -> Option<Wire> {
        let free: Vec<Wire> = pool
            .iter()
            .copied()
            .filter(|w| !taken.contains(w))
            .collect();
        let unread: Vec<Wire> = free.iter().copied().filter(|&w| !self.is_read(w)).collect();
        let from = if unread.is_empty() { &free } else { &unread };
        (!from.is_empty()).then(|| *rng.choose(from))
    }

    /// A random gate on `layer`: one argument from the layer below (so the layer is its
    /// depth), the rest from anywhere lower, in random order.
    fn draw(&mut self, rng: &mut ItemRng, layer: usize) -> Draft {
        let kind = *rng.choose(&self.knobs.gate_set);
        let wanted = match kind.arity() {
            (1, 1) => 1,
            (2, 2) => 2,
            (lo, _) => rng.range(lo as i64, i64::from(self.knobs.max_fan_in)) as usize,
        };
        let below = self.candidates(layer, true);
        let lower = self.candidates(layer, false);
        let mut args = Vec::with_capacity(wanted);
        if let Some(first) = self.pick(rng, &below, &args) {
            args.push(first);
        }
        while args.len() < wanted {
            match self.pick(rng, &lower, &args) {
                Some(wire) => args.push(wire),
                None => break,
            }
        }
        rng.shuffle(&mut args);
        for &wire in &args {
            self.mark(wire);
        }
        // Knob checks guarantee two inputs, so every kind finds enough arguments; a short
        // draw would only happen on a one-input circuit, where NOT is the honest fallback.
        let kind = if args.len() < kind.arity().0 {
            GateKind::Not
        } else {
            kind
        };
        args.truncate(kind.arity().1);
        Draft { layer, kind, args }
    }
}

fn value_of(drafts: &[Draft], values: &[bool], inputs: &[bool], g: usize) -> bool {
    drafts[g]
        .kind
        .apply(drafts[g].args.iter().map(|w| match *w {
            Wire::Input(i) => inputs[i],
            Wire::Gate(j) => values[j],
        }))
}

/// A target output vector: uniform, except that with three or more outputs the all-0 and
/// all-1 vectors are excluded (the set stays closed under complement, so every output is
/// still 1 exactly half the time) and a constant answer never scores.
pub fn draw_target(rng: &mut ItemRng, outputs: usize) -> Vec<bool> {
    loop {
        let target: Vec<bool> = (0..outputs).map(|_| rng.chance(0.5)).collect();
        let constant = target.iter().all(|&v| v) || target.iter().all(|&v| !v);
        if outputs < 3 || !constant {
            return target;
        }
    }
}

/// One attempt: the gate drafts (outputs last) and input values, or `None` when an output
/// could not be steered to its target.
fn attempt(
    knobs: &BooleanCircuitKnobs,
    rng: &mut ItemRng,
    target: &[bool],
) -> Option<(Vec<Draft>, Vec<bool>)> {
    let n_inputs = usize::from(knobs.inputs);
    let n_gates = usize::from(knobs.gates);
    let n_outputs = usize::from(knobs.outputs);
    let depth = usize::from(knobs.depth);
    let hidden = n_gates - n_outputs;
    let hidden_top = depth.saturating_sub(1).max(1);
    // Layers: outputs on top; below them every layer gets one gate, the rest fall anywhere.
    let layers: Vec<usize> = (0..n_gates)
        .map(|g| {
            if g >= hidden {
                depth
            } else if g + 1 < depth {
                g + 1
            } else {
                rng.range(1, hidden_top as i64) as usize
            }
        })
        .collect();
    let mut wiring = Wiring {
        knobs,
        inputs: n_inputs,
        layers: layers.clone(),
        read_inputs: vec![false; n_inputs],
        read_gates: vec![false; n_gates],
    };
    // Wire from the top down, so that lower gates are picked while still unread.
    let mut order: Vec<usize> = (0..n_gates).collect();
    rng.shuffle(&mut order);
    order.sort_by_key(|&g| std::cmp::Reverse(layers[g]));
    let mut drafts: Vec<Option<Draft>> = vec![None; n_gates];
    for &g in &order {
        drafts[g] = Some(wiring.draw(rng, layers[g]));
    }
    let mut drafts: Vec<Draft> = drafts.into_iter().flatten().collect();
    let inputs: Vec<bool> = (0..n_inputs).map(|_| rng.chance(0.5)).collect();
    let mut by_layer: Vec<usize> = (0..n_gates).collect();
    by_layer.sort_by_key(|&g| layers[g]);
    let mut values = vec![false; n_gates];
    for &g in &by_layer {
        values[g] = value_of(&drafts, &values, &inputs, g);
    }
    for (o, &want) in target.iter().enumerate() {
        let g = hidden + o;
        let mut redraws = 0;
        while values[g] != want {
            if redraws == OUTPUT_REDRAWS {
                return None;
            }
            redraws += 1;
            drafts[g] = wiring.draw(rng, drafts[g].layer);
            values[g] = value_of(&drafts, &values, &inputs, g);
        }
    }
    Some((drafts, inputs))
}

/// Distinct numbers from `1..=span` for `count` names, ascending.
fn numbers(rng: &mut ItemRng, count: usize, span: usize) -> Vec<usize> {
    let mut picked: Vec<usize> = rng
        .sample_indices(span, count)
        .into_iter()
        .map(|i| i + 1)
        .collect();
    picked.sort_unstable();
    picked
}

/// The longest chain of gates from the inputs to any output.
fn measured_depth(puzzle: &BooleanCircuitPuzzle) -> usize {
    let resolved = puzzle.resolved();
    let n = puzzle.gates.len();
    let mut depth: Vec<Option<usize>> = vec![None; n];
    // At most `n` sweeps settle every gate of an acyclic circuit.
    for _ in 0..n {
        let mut changed = false;
        for g in 0..n {
            if depth[g].is_some() {
                continue;
            }
            let mut deepest = 0;
            let mut known = true;
            for wire in &resolved[g] {
                if let Wire::Gate(j) = *wire {
                    match depth[j] {
                        Some(d) => deepest = deepest.max(d),
                        None => known = false,
                    }
                }
            }
            if known {
                depth[g] = Some(deepest + 1);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    puzzle
        .outputs
        .iter()
        .filter_map(|name| puzzle.gate_index(name).and_then(|g| depth[g]))
        .max()
        .unwrap_or(0)
}

/// Generates one puzzle.
pub fn generate(
    knobs: &BooleanCircuitKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<BooleanCircuitPuzzle>, GenerateError> {
    let n_inputs = usize::from(knobs.inputs);
    let n_gates = usize::from(knobs.gates);
    let n_outputs = usize::from(knobs.outputs);
    let hidden = n_gates - n_outputs;
    for attempt_no in 1..=ATTEMPTS {
        let target = draw_target(rng, n_outputs);
        let Some((drafts, input_values)) = attempt(knobs, rng, &target) else {
            continue;
        };
        let input_names = numbers(rng, n_inputs, (3 * n_inputs).max(12));
        // Gate numbers say nothing about the layer: they are dealt out in random order.
        let mut gate_numbers = numbers(rng, hidden, (3 * hidden).max(30));
        rng.shuffle(&mut gate_numbers);
        let gate_name = |g: usize| {
            if g >= hidden {
                format!("out{}", g - hidden + 1)
            } else {
                format!("g{}", gate_numbers[g])
            }
        };
        let input_name = |i: usize| format!("x{}", input_names[i]);
        // Inputs are listed by number, for readability; the gates are shuffled.
        let inputs: Vec<InputWire> = (0..n_inputs)
            .map(|i| InputWire {
                name: input_name(i),
                value: input_values[i],
            })
            .collect();
        let mut gates: Vec<GateDef> = drafts
            .iter()
            .enumerate()
            .map(|(g, d)| GateDef {
                name: gate_name(g),
                kind: d.kind,
                args: d
                    .args
                    .iter()
                    .map(|w| match *w {
                        Wire::Input(i) => input_name(i),
                        Wire::Gate(j) => gate_name(j),
                    })
                    .collect(),
            })
            .collect();
        rng.shuffle(&mut gates);
        let outputs: Vec<String> = (0..n_outputs).map(|o| format!("out{}", o + 1)).collect();
        let puzzle = BooleanCircuitPuzzle::new(inputs, gates, outputs).map_err(GenerateError)?;
        let Some((by_demand, reached)) = evaluate_outputs_by_demand(&puzzle) else {
            return Err(GenerateError(
                "internal: the demand evaluator failed".into(),
            ));
        };
        if puzzle.values != target || by_demand != target {
            return Err(GenerateError(
                "internal: the evaluators disagree with the target".into(),
            ));
        }
        let depth = measured_depth(&puzzle);
        let ones = target.iter().filter(|&&v| v).count();
        let values: String = target.iter().map(|&v| if v { '1' } else { '0' }).collect();
        let mut metadata = Map::new();
        metadata.insert("solutions".into(), Value::from(1));
        metadata.insert("values".into(), Value::from(values));
        metadata.insert("ones".into(), Value::from(ones));
        metadata.insert("depth".into(), Value::from(depth));
        metadata.insert("gates_reached".into(), Value::from(reached));
        metadata.insert("dead_gates".into(), Value::from(n_gates - reached));
        metadata.insert("attempts".into(), Value::from(attempt_no));
        return Ok(Generated {
            difficulty: (depth * reached) as f64,
            puzzle,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no circuit met its target outputs within {ATTEMPTS} attempts"
    )))
}
