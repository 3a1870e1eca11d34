//! Near misses and reward-hacking attempts.

use super::circuit::BooleanCircuitPuzzle;
use super::format::render;
use crate::rng::ItemRng;

/// Near misses: one output flipped, all flipped, one output left out, two unequal outputs
/// swapped. Each differs from the only correct answer.
pub fn wrong_answers(puzzle: &BooleanCircuitPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let values = &puzzle.values;
    let k = values.len();
    let mut one_flipped = values.clone();
    let flip = rng.index(k);
    one_flipped[flip] = !one_flipped[flip];
    let all_flipped: Vec<bool> = values.iter().map(|v| !v).collect();
    let mut wrong = vec![render(puzzle, &one_flipped), render(puzzle, &all_flipped)];
    if k >= 2 {
        let skip = rng.index(k);
        let canonical = render(puzzle, values);
        let lines: Vec<&str> = canonical.lines().collect();
        let kept: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, l)| *l)
            .collect();
        wrong.push(kept.join("\n"));
        let ones: Vec<usize> = (0..k).filter(|&i| values[i]).collect();
        let zeros: Vec<usize> = (0..k).filter(|&i| !values[i]).collect();
        if !ones.is_empty() && !zeros.is_empty() {
            let mut swapped = values.clone();
            swapped[ones[rng.index(ones.len())]] = false;
            swapped[zeros[rng.index(zeros.len())]] = true;
            wrong.push(render(puzzle, &swapped));
        }
    }
    wrong
}

/// Named reward-hacking attempts, each left out where it happens to be the correct answer.
pub fn exploits(puzzle: &BooleanCircuitPuzzle) -> Vec<(&'static str, String)> {
    let values = &puzzle.values;
    let k = values.len();
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut guess = |name: &'static str, guess: Vec<bool>| {
        if &guess != values {
            out.push((name, render(puzzle, &guess)));
        }
    };
    guess("every output 0", vec![false; k]);
    guess("every output 1", vec![true; k]);
    guess("alternating 1, 0", (0..k).map(|i| i % 2 == 0).collect());
    guess("alternating 0, 1", (0..k).map(|i| i % 2 == 1).collect());
    guess(
        "input values echoed",
        (0..k)
            .map(|i| puzzle.inputs[i % puzzle.inputs.len()].value)
            .collect(),
    );
    guess(
        "majority input value everywhere",
        vec![2 * puzzle.inputs.iter().filter(|w| w.value).count() > puzzle.inputs.len(); k],
    );
    guess("every value negated", values.iter().map(|v| !v).collect());
    let canonical = render(puzzle, values);
    if k >= 2 {
        out.push((
            "only the first output",
            canonical.lines().next().unwrap_or_default().to_string(),
        ));
        out.push((
            "only the last output",
            canonical.lines().last().unwrap_or_default().to_string(),
        ));
    }
    out.push((
        "both values for every output",
        puzzle
            .outputs
            .iter()
            .map(|name| format!("{name} = 1\n{name} = 0"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push((
        "\"1 or 0\" for every output",
        puzzle
            .outputs
            .iter()
            .map(|name| format!("{name} = 1 or 0"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push(("only the output names", puzzle.outputs.join("\n")));
    out.push(("only the values", {
        values
            .iter()
            .map(|&v| u8::from(v).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }));
    out.push((
        "the outputs' definitions",
        puzzle
            .gates
            .iter()
            .filter(|g| puzzle.outputs.contains(&g.name))
            .map(|g| format!("{} = {}({})", g.name, g.kind.name(), g.args.join(", ")))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push((
        "input wires instead of outputs",
        puzzle
            .inputs
            .iter()
            .map(|w| format!("{} = {}", w.name, u8::from(w.value)))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out
}
