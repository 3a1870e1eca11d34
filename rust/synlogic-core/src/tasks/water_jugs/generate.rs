//! Generation: draw jugs, start contents and a target, search for the optimum, check the
//! oracle with the verifier.

use serde_json::{Map, Value};

use super::knobs::WaterJugsKnobs;
use super::solve::{is_optimal_solution, shortest, SEQUENCE_CAP};
use super::{JugsPuzzle, UNITS};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Whole puzzles drawn before generation gives up.
const ATTEMPTS: usize = 500;
/// Jug letters: capitals without I and O (read as 1 and 0).
pub const JUG_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Draws one puzzle.
pub fn generate(
    knobs: &WaterJugsKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<JugsPuzzle>, GenerateError> {
    let jugs = knobs.jugs as usize;
    let span = (knobs.max_capacity - knobs.min_capacity + 1) as usize;
    for attempt in 0..ATTEMPTS {
        let capacities: Vec<u8> = rng
            .sample_indices(span, jugs)
            .into_iter()
            .map(|i| (i as u32 + knobs.min_capacity) as u8)
            .collect();
        let start: Vec<u8> = if knobs.random_start {
            capacities
                .iter()
                .map(|&c| rng.index(usize::from(c) + 1) as u8)
                .collect()
        } else {
            vec![0; jugs]
        };
        let largest = capacities.iter().copied().max().unwrap_or(1);
        let target = 1 + rng.index(usize::from(largest)) as u8;
        let jug = if knobs.named_jug {
            // A jug that can hold the target.
            let able: Vec<u8> = (0..jugs as u8)
                .filter(|&j| capacities[usize::from(j)] >= target)
                .collect();
            Some(*rng.choose(&able))
        } else {
            None
        };
        let names: String = rng
            .sample_indices(JUG_LETTERS.len(), jugs)
            .into_iter()
            .map(|i| char::from(JUG_LETTERS[i]))
            .collect();
        let mut puzzle = JugsPuzzle {
            names,
            capacities,
            start,
            target,
            jug,
            unit: rng.index(UNITS.len()) as u8,
            optimal_actions: 0,
            solution: Vec::new(),
        };
        let Some(found) = shortest(&puzzle) else {
            continue; // the target cannot be measured with these jugs
        };
        if found.actions < knobs.min_actions.max(1) {
            continue;
        }
        puzzle.optimal_actions = found.actions;
        puzzle.solution = found.path;
        // The oracle is the verifier's to accept, not assumed from the search.
        if !is_optimal_solution(&puzzle, &puzzle.solution) {
            continue;
        }
        let mut metadata = Map::new();
        metadata.insert("optimal_actions".into(), Value::from(found.actions));
        metadata.insert(
            "optimal_sequences".into(),
            Value::from(found.sequences.min(SEQUENCE_CAP)),
        );
        metadata.insert(
            "optimal_sequences_at_least_cap".into(),
            Value::from(found.sequences >= SEQUENCE_CAP),
        );
        metadata.insert("states_searched".into(), Value::from(found.states));
        metadata.insert("redraws".into(), Value::from(attempt));
        return Ok(Generated {
            difficulty: f64::from(found.actions),
            puzzle,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no puzzle with {jugs} jugs needing at least {} actions within the attempt budget",
        knobs.min_actions
    )))
}
