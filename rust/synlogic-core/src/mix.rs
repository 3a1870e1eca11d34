//! Weighted mixes of tasks: several generators, one stream of items.
//!
//! Each entry is a task with its own level and knobs and a non-negative weight. Item `index`
//! of a mix under `seed` comes from the entry chosen by a counter-based draw keyed by
//! `(seed, index)` alone, so a row's task is reproducible at random access, in any batch and
//! on any number of threads. A single task is a mix of one entry (no draw is made).

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::item::{Generator, Item};
use crate::rng::ItemRng;

/// The key under which the entry draw is made (never a task id: ids are `[a-z_]+`).
const DRAW_KEY: &str = "synlogic/mix";

/// One entry of a mix, as declared by a user (JSON or TOML).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixEntrySpec {
    /// The task id.
    pub task: String,
    /// The relative weight (non-negative, finite). Defaults to 1.
    #[serde(default = "one")]
    pub weight: f64,
    /// The difficulty level (default: the task's default level).
    #[serde(default)]
    pub level: Option<i64>,
    /// Knob overrides (a mapping, or null).
    #[serde(default)]
    pub knobs: Value,
}

fn one() -> f64 {
    1.0
}

/// A checked mix: prepared generators and their cumulative weights.
#[derive(Debug)]
pub struct Mix {
    generators: Vec<Generator>,
    /// Cumulative weights normalised to end at 1.0.
    cumulative: Vec<f64>,
}

impl Mix {
    /// Checks every entry and prepares its generator.
    ///
    /// Errors name the entry: an empty mix, an unknown task, bad knobs, a negative or
    /// non-finite weight, or weights summing to zero.
    pub fn new(entries: &[MixEntrySpec]) -> Result<Self> {
        if entries.is_empty() {
            return Err(Error::InvalidArgument {
                name: "mix".into(),
                message: "a mix needs at least one task".into(),
            });
        }
        let mut generators = Vec::with_capacity(entries.len());
        let mut weights = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            if !entry.weight.is_finite() || entry.weight < 0.0 {
                return Err(Error::InvalidArgument {
                    name: format!("mix[{i}].weight"),
                    message: format!(
                        "must be a finite number >= 0, got {} (task {:?})",
                        entry.weight, entry.task
                    ),
                });
            }
            generators.push(Generator::new(&entry.task, entry.level, &entry.knobs)?);
            weights.push(entry.weight);
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 || !total.is_finite() {
            return Err(Error::InvalidArgument {
                name: "mix.weight".into(),
                message: format!("the weights must sum to a positive number, got {total}"),
            });
        }
        let mut running = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                running += w / total;
                running
            })
            .collect();
        Ok(Self {
            generators,
            cumulative,
        })
    }

    /// A mix of one task.
    pub fn single(generator: Generator) -> Self {
        Self {
            generators: vec![generator],
            cumulative: vec![1.0],
        }
    }

    /// Parses a JSON array of entries and checks it.
    pub fn from_json(text: &str) -> Result<Self> {
        let entries: Vec<MixEntrySpec> =
            serde_json::from_str(text).map_err(|e| Error::InvalidArgument {
                name: "mix".into(),
                message: e.to_string(),
            })?;
        Self::new(&entries)
    }

    /// The prepared generators, in entry order.
    pub fn generators(&self) -> &[Generator] {
        &self.generators
    }

    /// The entry that item `index` under `seed` comes from.
    pub fn entry_of(&self, seed: u64, index: u64) -> usize {
        if self.generators.len() == 1 {
            return 0;
        }
        let draw = ItemRng::for_item(DRAW_KEY, seed, index).unit();
        let last = self.cumulative.len() - 1;
        // The first entry whose cumulative weight exceeds the draw; zero-weight entries are
        // never chosen because their cumulative weight equals the previous one.
        let position = self.cumulative.partition_point(|&c| c <= draw).min(last);
        // Rounding can leave the final cumulative weight a hair below 1.0: fall back to the
        // last entry with a positive weight.
        if position == last && self.weight_of(last) <= 0.0 {
            return (0..last)
                .rev()
                .find(|&i| self.weight_of(i) > 0.0)
                .unwrap_or(0);
        }
        position
    }

    fn weight_of(&self, i: usize) -> f64 {
        let previous = if i == 0 { 0.0 } else { self.cumulative[i - 1] };
        self.cumulative[i] - previous
    }

    /// Generates item `index` under `seed`.
    pub fn item(&self, seed: u64, index: u64) -> Result<Item> {
        self.generators[self.entry_of(seed, index)].item(seed, index)
    }

    /// Generates items `start..start + n` under `seed`, in parallel on the synlogic pool.
    pub fn batch(&self, seed: u64, start: u64, n: u64) -> Result<Vec<Item>> {
        let indices = crate::item::index_range(start, n)?;
        crate::parallel::install(|| {
            indices
                .into_par_iter()
                .map(|i| self.item(seed, i))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cumulative_mix(weights: &[f64]) -> Mix {
        // Entry selection only needs the weights; generators are not consulted by entry_of
        // except for the single-entry shortcut, so build the struct directly.
        let total: f64 = weights.iter().sum();
        let mut running = 0.0;
        Mix {
            generators: Vec::new(),
            cumulative: weights
                .iter()
                .map(|w| {
                    running += w / total;
                    running
                })
                .collect(),
        }
    }

    #[test]
    fn empty_and_zero_weight_mixes_are_rejected() {
        assert!(matches!(
            Mix::new(&[]),
            Err(Error::InvalidArgument { name, .. }) if name == "mix"
        ));
        assert!(matches!(
            Mix::from_json(r#"[{"task": "x", "weight": -1}]"#),
            Err(Error::InvalidArgument { name, .. }) if name == "mix[0].weight"
        ));
        assert!(matches!(
            Mix::from_json(r#"[{"task": "x", "wieght": 1}]"#),
            Err(Error::InvalidArgument { name, .. }) if name == "mix"
        ));
    }

    #[test]
    fn draws_follow_the_weights_and_skip_zero_weights() {
        let mix = cumulative_mix(&[1.0, 0.0, 3.0]);
        let mut counts = [0usize; 3];
        for index in 0..8000 {
            let entry = mix.entry_of(7, index);
            counts[entry] += 1;
            assert_eq!(entry, mix.entry_of(7, index), "deterministic");
        }
        assert_eq!(counts[1], 0);
        let share = counts[2] as f64 / 8000.0;
        assert!((share - 0.75).abs() < 0.03, "share {share}");
    }

    #[test]
    fn batches_match_single_items_for_every_registered_task() {
        let entries: Vec<MixEntrySpec> = crate::registry::task_ids()
            .enumerate()
            .map(|(i, task)| MixEntrySpec {
                task: task.to_string(),
                weight: (i + 1) as f64,
                level: Some(1),
                knobs: Value::Null,
            })
            .collect();
        if entries.is_empty() {
            return;
        }
        let mix = Mix::new(&entries).expect("valid mix");
        let batch = mix.batch(9, 5, 12).expect("generates");
        for (offset, item) in batch.iter().enumerate() {
            let index = 5 + offset as u64;
            assert_eq!(item.index, index);
            assert_eq!(item.task, entries[mix.entry_of(9, index)].task);
            assert_eq!(*item, mix.item(9, index).expect("generates"));
        }
    }

    #[test]
    fn seeds_change_the_draw() {
        let mix = cumulative_mix(&[1.0, 1.0]);
        let a: Vec<usize> = (0..64).map(|i| mix.entry_of(1, i)).collect();
        let b: Vec<usize> = (0..64).map(|i| mix.entry_of(2, i)).collect();
        assert_ne!(a, b);
    }
}
