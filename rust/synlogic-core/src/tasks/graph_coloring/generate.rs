//! Generation: a hidden colouring, edges between differently coloured nodes, then the
//! constraint model proves colourability, finds the oracle and counts colourings.

use serde_json::{Map, Value};

use super::knobs::{edge_count, GraphColoringKnobs};
use super::{is_proper, ColoringPuzzle, COLOR_NAMES};
use crate::kit::csp::{Domain, Limits, Model, SearchOutcome};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Whole puzzles drawn before generation gives up.
const ATTEMPTS: usize = 200;
/// Redraws of puzzles that a guess colours properly (kept and flagged after this many).
const GUESS_REDRAWS: usize = 100;
/// Colourings are counted up to this many.
pub const COUNT_CAP: u64 = 10_000;
/// Search nodes the model may spend on one solve or count.
const NODE_BUDGET: u64 = 200_000;
/// Propagations the model may spend on one solve or count.
const PROPAGATION_BUDGET: u64 = 2_000_000;

/// Colourings a guesser could try without reading the edges.
pub fn guesses(puzzle: &ColoringPuzzle) -> Vec<(&'static str, Vec<u8>)> {
    let n = usize::from(puzzle.nodes);
    let k = puzzle.colors;
    vec![
        ("every node the first colour", vec![0; n]),
        (
            "colours in turn by node number",
            (0..n).map(|v| (v % usize::from(k)) as u8).collect(),
        ),
        (
            "colours in turn, backwards",
            (0..n)
                .map(|v| ((n - 1 - v) % usize::from(k)) as u8)
                .collect(),
        ),
        (
            "first half one colour, second half another",
            (0..n).map(|v| u8::from(v >= n / 2)).collect(),
        ),
    ]
}

/// The constraint model of a puzzle: one variable per node, `≠` per edge.
pub fn model(puzzle: &ColoringPuzzle) -> Option<Model> {
    let mut model = Model::new();
    let vars = model.new_vars(
        usize::from(puzzle.nodes),
        Domain::range(0, puzzle.colors.checked_sub(1)?),
    );
    for &[a, b] in &puzzle.edges {
        model
            .not_equal(*vars.get(usize::from(a))?, *vars.get(usize::from(b))?)
            .ok()?;
    }
    model.set_limits(Limits {
        nodes: NODE_BUDGET,
        propagations: PROPAGATION_BUDGET,
    });
    Some(model)
}

fn first(outcome: &SearchOutcome) -> Option<Vec<u8>> {
    outcome.first.as_ref().map(|s| s.values().to_vec())
}

/// Draws one puzzle.
pub fn generate(
    knobs: &GraphColoringKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<ColoringPuzzle>, GenerateError> {
    let n = knobs.nodes as usize;
    let k = knobs.colors as usize;
    let m = edge_count(knobs);
    for attempt in 0..ATTEMPTS {
        // A hidden colouring using every colour.
        let mut hidden: Vec<u8> = (0..n).map(|v| (v % k) as u8).collect();
        for c in hidden.iter_mut().skip(k) {
            *c = rng.index(k) as u8;
        }
        rng.shuffle(&mut hidden);
        let mut present = vec![false; n * n];
        let mut edges: Vec<[u8; 2]> = Vec::with_capacity(m);
        let mut draws = 0;
        while edges.len() < m && draws < m * 60 {
            draws += 1;
            let (a, b) = (rng.index(n), rng.index(n));
            if a == b || hidden[a] == hidden[b] || present[a * n + b] {
                continue;
            }
            present[a * n + b] = true;
            present[b * n + a] = true;
            // Drawn pairs are ordered at random already: (a, b) and (b, a) are equally likely.
            edges.push([a as u8, b as u8]);
        }
        if edges.len() < m {
            continue;
        }
        let palette: Vec<u8> = rng
            .sample_indices(COLOR_NAMES.len(), k)
            .into_iter()
            .map(|c| c as u8)
            .collect();
        let mut puzzle = ColoringPuzzle {
            nodes: n as u8,
            colors: k as u8,
            palette,
            edges,
            solution: Vec::new(),
        };
        let guessed = guesses(&puzzle)
            .iter()
            .any(|(_, colouring)| is_proper(&puzzle, colouring));
        if guessed && attempt < GUESS_REDRAWS {
            continue;
        }
        // Colourability is proved by the model's search, not assumed from the hidden colouring.
        let Some(model) = model(&puzzle) else {
            continue;
        };
        let Ok(solved) = model.solve() else {
            continue;
        };
        let Some(oracle) = first(&solved) else {
            continue;
        };
        if !is_proper(&puzzle, &oracle) {
            continue;
        }
        puzzle.solution = oracle;
        let counted = model.count_solutions(COUNT_CAP).ok();
        let count = counted.as_ref().and_then(SearchOutcome::count);
        // With one colour fewer: is k actually needed?
        let fewer = ColoringPuzzle {
            colors: puzzle.colors - 1,
            palette: puzzle.palette[1..].to_vec(),
            ..puzzle.clone()
        };
        let fewer_suffice = model_of_fewer(&fewer);
        let mut metadata = Map::new();
        metadata.insert("solver_nodes".into(), Value::from(solved.effort.nodes));
        metadata.insert(
            "solver_propagations".into(),
            Value::from(solved.effort.propagations),
        );
        metadata.insert(
            "valid_colourings".into(),
            count.map_or(Value::Null, Value::from),
        );
        metadata.insert("valid_colourings_cap".into(), Value::from(COUNT_CAP));
        metadata.insert("edges".into(), Value::from(puzzle.edges.len()));
        metadata.insert(
            "fewer_colours_suffice".into(),
            fewer_suffice.map_or(Value::Null, Value::from),
        );
        metadata.insert("guess_solves".into(), Value::from(guessed));
        metadata.insert("redraws".into(), Value::from(attempt));
        let difficulty = solved.effort.propagations as f64;
        return Ok(Generated {
            puzzle,
            difficulty,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no {k}-colourable graph with {n} nodes and {m} edges within the attempt budget"
    )))
}

/// Whether the graph can be coloured with `fewer.colors` colours (`None` if unsettled).
fn model_of_fewer(fewer: &ColoringPuzzle) -> Option<bool> {
    if fewer.colors == 0 {
        return Some(false);
    }
    let outcome = model(fewer)?.solve().ok()?;
    if outcome.first.is_some() {
        Some(true)
    } else if outcome.exhausted {
        None
    } else {
        Some(false)
    }
}
