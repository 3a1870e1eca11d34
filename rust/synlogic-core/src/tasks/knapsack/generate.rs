//! Generation: draw items and limits, solve exactly, redraw what a greedy rule solves.

use serde_json::{Map, Value};

use super::knobs::KnapsackKnobs;
use super::solve::{greedy, is_optimal_selection, optimum, totals, SELECTION_CAP};
use super::KnapsackPuzzle;
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Whole puzzles drawn before generation gives up.
const ATTEMPTS: usize = 200;
/// Redraws of puzzles that a greedy rule solves (kept and flagged after this many).
const GREEDY_REDRAWS: usize = 100;

/// Item names: nouns, none of them a word the parser skips, none a single letter.
pub const NAME_POOL: &[&str] = &[
    "anvil", "apron", "atlas", "axe", "badge", "basket", "beacon", "bell", "blanket", "bottle",
    "bowl", "brush", "bucket", "buckle", "camera", "candle", "canteen", "chain", "chisel", "clock",
    "compass", "cord", "crate", "cup", "drum", "easel", "fan", "file", "flag", "flask", "flute",
    "funnel", "globe", "glove", "hammer", "harp", "helmet", "hook", "jar", "kettle", "kite",
    "ladder", "lamp", "lantern", "lens", "lock", "map", "mirror", "mug", "net", "oar", "pan",
    "pillow", "pipe", "pot", "pulley", "quilt", "radio", "rope", "ruler", "saddle", "saw", "scale",
    "scarf", "shovel", "sieve", "skillet", "sled", "spade", "spoon", "stool", "stove", "tarp",
    "tent", "torch", "towel", "tray", "trowel", "vase", "whistle",
];

/// Draws one puzzle.
pub fn generate(
    knobs: &KnapsackKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<KnapsackPuzzle>, GenerateError> {
    let n = knobs.items as usize;
    for attempt in 0..ATTEMPTS {
        let draw = |rng: &mut ItemRng, max: u32| 1 + rng.index(max as usize) as u16;
        let weights: Vec<u16> = (0..n).map(|_| draw(rng, knobs.max_weight)).collect();
        let values: Vec<u16> = (0..n).map(|_| draw(rng, knobs.max_value)).collect();
        let volumes: Vec<u16> = if knobs.volume {
            (0..n).map(|_| draw(rng, knobs.max_weight)).collect()
        } else {
            Vec::new()
        };
        let copies: Vec<u8> = (0..n)
            .map(|_| 1 + rng.index(knobs.max_copies as usize) as u8)
            .collect();
        let limit = |sizes: &[u16]| -> u32 {
            let total: u32 = sizes
                .iter()
                .zip(&copies)
                .map(|(&s, &c)| u32::from(s) * u32::from(c))
                .sum();
            let heaviest = sizes.iter().copied().max().map_or(1, u32::from);
            ((f64::from(total) * knobs.tightness).round() as u32).max(heaviest)
        };
        let names: Vec<String> = rng
            .sample_indices(NAME_POOL.len(), n)
            .into_iter()
            .map(|i| NAME_POOL[i].to_string())
            .collect();
        let mut puzzle = KnapsackPuzzle {
            names,
            max_weight: limit(&weights),
            max_volume: knobs.volume.then(|| limit(&volumes)),
            weights,
            values,
            volumes,
            copies,
            optimal_value: 0,
            solution: Vec::new(),
        };
        let Some(found) = optimum(&puzzle) else {
            continue;
        };
        puzzle.optimal_value = found.value;
        puzzle.solution = found.selection;
        let oracle: Vec<u32> = puzzle.solution.iter().map(|&c| u32::from(c)).collect();
        if !is_optimal_selection(&puzzle, &oracle) {
            continue;
        }
        let greedy_value = greedy(&puzzle)
            .iter()
            .filter_map(|(_, s)| totals(&puzzle, s).map(|t| t.2))
            .max()
            .unwrap_or(0);
        let greedy_solves = greedy_value == u64::from(found.value);
        if greedy_solves && attempt < GREEDY_REDRAWS {
            continue;
        }
        let mut metadata = Map::new();
        metadata.insert("optimal_value".into(), Value::from(found.value));
        metadata.insert(
            "optimal_selections".into(),
            Value::from(found.selections.min(SELECTION_CAP)),
        );
        metadata.insert(
            "optimal_selections_at_least_cap".into(),
            Value::from(found.selections >= SELECTION_CAP),
        );
        metadata.insert("dp_updates".into(), Value::from(found.updates));
        metadata.insert("greedy_value".into(), Value::from(greedy_value));
        metadata.insert("greedy_solves".into(), Value::from(greedy_solves));
        metadata.insert("redraws".into(), Value::from(attempt));
        return Ok(Generated {
            difficulty: found.updates as f64,
            puzzle,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no knapsack of {n} items within the attempt budget"
    )))
}
