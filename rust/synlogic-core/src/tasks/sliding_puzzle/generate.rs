//! The generator of `sliding_puzzle`: a random goal, a random walk back to a start, IDA* for
//! the optimum; redraws while the optimum is outside the wanted depths or the budget runs out.

use serde_json::{Map, Value};

use super::format::FORMAT_EXAMPLE;
use super::knobs::SlidingPuzzleKnobs;
use super::solve::{count_optimal, ida_star, Board};
use super::SlidingPuzzleSpec;
use crate::kit::moves::{parse_moves, render_moves, Move};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Starts drawn before generation gives up.
const ATTEMPTS: usize = 300;
/// IDA* nodes per start before the start is redrawn.
const SEARCH_BUDGET: u64 = 400_000;
/// Nodes the optimal-solution counter may expand.
pub const COUNT_BUDGET: u64 = 200_000;
/// Optimal solutions are counted up to this many.
pub const COUNT_CAP: u64 = 10_000;

/// Draws one puzzle; see the task's module docs for the scheme.
pub(super) fn generate(
    knobs: &SlidingPuzzleKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<SlidingPuzzleSpec>, GenerateError> {
    let k = knobs.size as usize;
    for attempt in 0..ATTEMPTS {
        let mut cells: Vec<u8> = (0..(k * k) as u8).collect();
        rng.shuffle(&mut cells);
        let goal = Board { k, cells };
        let walk = knobs.max_depth as usize + rng.index(knobs.max_depth as usize / 2 + 2);
        let start = random_walk(&goal, walk, rng);
        let found = ida_star(&start, &goal, SEARCH_BUDGET, knobs.max_depth);
        let Some(moves) = found.moves else {
            continue;
        };
        if moves.len() < knobs.min_depth as usize {
            continue;
        }
        let puzzle = SlidingPuzzleSpec {
            k: k as u8,
            start: start.cells.clone(),
            goal: goal.cells.clone(),
            optimum: moves.len() as u16,
            moves: render_moves(&moves),
        };
        if parse_moves(FORMAT_EXAMPLE, 16).is_ok_and(|example| puzzle.accepts(&example)) {
            continue;
        }
        let count = count_optimal(&start, &goal, moves.len() as u32, COUNT_CAP, COUNT_BUDGET);
        let mut metadata = Map::new();
        metadata.insert("ida_nodes".into(), Value::from(found.nodes));
        metadata.insert("optimal_moves".into(), Value::from(moves.len()));
        metadata.insert(
            "optimal_solutions".into(),
            count.map_or(Value::Null, Value::from),
        );
        metadata.insert("optimal_solutions_cap".into(), Value::from(COUNT_CAP));
        metadata.insert("redraws".into(), Value::from(attempt));
        return Ok(Generated {
            difficulty: found.nodes as f64,
            puzzle,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no {k}×{k} start at {}–{} optimal moves within {ATTEMPTS} attempts",
        knobs.min_depth, knobs.max_depth
    )))
}

/// `length` random legal blank moves from `goal`, none undoing the one before.
fn random_walk(goal: &Board, length: usize, rng: &mut ItemRng) -> Board {
    let mut board = goal.clone();
    let mut blank = board.blank();
    let mut last: Option<Move> = None;
    for _ in 0..length {
        let mut options = [Move::Up; 4];
        let mut count = 0;
        for mv in Move::ALL {
            if last != Some(mv.opposite()) && board.target(blank, mv).is_some() {
                options[count] = mv;
                count += 1;
            }
        }
        let mv = options[rng.index(count)];
        if let Some(next) = board.target(blank, mv) {
            board.cells.swap(blank, next);
            blank = next;
            last = Some(mv);
        }
    }
    board
}
