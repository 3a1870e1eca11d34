//! Generation: draw a start and a goal, search the position graph for the optimum, read back
//! one shortest sequence and check it with the verifier.

use serde_json::{Map, Value};

use super::knobs::{Layout, TowerOfHanoiKnobs};
use super::solve::{as_answer, is_optimal_solution, shortest, three_peg_moves, SEQUENCE_CAP};
use super::HanoiPuzzle;
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Whole puzzles drawn before generation gives up.
const ATTEMPTS: usize = 200;
/// Peg letters: capitals without I and O (read as 1 and 0).
pub const PEG_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Draws one position: a tower on one peg (not `avoid`), or each disk on a random peg.
fn draw_position(
    layout: Layout,
    pegs: usize,
    disks: usize,
    avoid: Option<u8>,
    rng: &mut ItemRng,
) -> Vec<u8> {
    match layout {
        Layout::Tower => {
            let peg = loop {
                let peg = rng.index(pegs) as u8;
                if Some(peg) != avoid {
                    break peg;
                }
            };
            vec![peg; disks]
        }
        Layout::Random => (0..disks).map(|_| rng.index(pegs) as u8).collect(),
    }
}

/// Draws one puzzle.
pub fn generate(
    knobs: &TowerOfHanoiKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<HanoiPuzzle>, GenerateError> {
    let pegs = knobs.pegs as usize;
    let disks = knobs.disks as usize;
    for attempt in 0..ATTEMPTS {
        let start = draw_position(knobs.start, pegs, disks, None, rng);
        let avoid = (knobs.start == Layout::Tower).then_some(start[0]);
        let goal = draw_position(knobs.goal, pegs, disks, avoid, rng);
        if start == goal {
            continue;
        }
        let Some(found) = shortest(pegs, &start, &goal) else {
            return Err(GenerateError(format!(
                "{pegs} pegs and {disks} disks are not supported"
            )));
        };
        if found.moves < knobs.min_moves {
            continue;
        }
        let peg_names: String = rng
            .sample_indices(PEG_LETTERS.len(), pegs)
            .into_iter()
            .map(|i| char::from(PEG_LETTERS[i]))
            .collect();
        let mut sizes: Vec<u8> = rng
            .sample_indices(20.max(2 * disks), disks)
            .into_iter()
            .map(|i| i as u8 + 1)
            .collect();
        sizes.sort_unstable();
        let puzzle = HanoiPuzzle {
            peg_names,
            sizes,
            start,
            goal,
            optimal_moves: found.moves,
            solution: found.path,
        };
        // The oracle is the verifier's to accept, not assumed from the search.
        if !is_optimal_solution(&puzzle, &as_answer(&puzzle.solution)) {
            continue;
        }
        let mut metadata = Map::new();
        metadata.insert("optimal_moves".into(), Value::from(found.moves));
        metadata.insert(
            "optimal_sequences".into(),
            Value::from(found.sequences.min(SEQUENCE_CAP)),
        );
        metadata.insert(
            "optimal_sequences_at_least_cap".into(),
            Value::from(found.sequences >= SEQUENCE_CAP),
        );
        metadata.insert("positions_searched".into(), Value::from(found.positions));
        metadata.insert(
            "three_peg_moves".into(),
            three_peg_moves(pegs, &puzzle.start, &puzzle.goal).map_or(Value::Null, Value::from),
        );
        metadata.insert("redraws".into(), Value::from(attempt));
        return Ok(Generated {
            difficulty: f64::from(found.moves),
            puzzle,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no {pegs}-peg puzzle of {disks} disks needing at least {} moves within the attempt budget",
        knobs.min_moves
    )))
}
