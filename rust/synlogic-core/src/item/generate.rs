//! Generation: a task with checked knobs makes items by `(seed, index)`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::{panic_message, Item};
use crate::catalogue::catalogue;
use crate::erased::{DynTask, PreparedKnobs};
use crate::error::{closest, Error, Result};
use crate::registry::find_task;
use crate::rng::ItemRng;

/// A task with checked knobs: generates items by `(seed, index)`.
pub struct Generator {
    task: &'static dyn DynTask,
    family: &'static str,
    level: u8,
    knobs: Box<dyn PreparedKnobs>,
    knobs_json: String,
    /// The task id and the effective knobs: items at different knobs (levels) draw from
    /// unrelated streams, so level 3 item 5 is not a variant of level 4 item 5.
    stream_key: String,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("task", &self.task.id())
            .field("level", &self.level)
            .field("knobs", &self.knobs_json)
            .finish_non_exhaustive()
    }
}

impl Generator {
    /// A generator for `task` at `level` (default: the task's default level), with knob
    /// values in `overrides` (a JSON object, or null) replacing the level's values.
    pub fn new(task: &str, level: Option<i64>, overrides: &Value) -> Result<Self> {
        let dyn_task = find_task(task)?;
        let entry = catalogue()?.entry(dyn_task.id())?;
        let level = level.unwrap_or(i64::from(entry.default_level));
        if !(1..=10).contains(&level) {
            return Err(Error::InvalidLevel {
                task: dyn_task.id().to_string(),
                level,
            });
        }
        let mut knobs = entry.levels[(level - 1) as usize].clone();
        match overrides {
            Value::Null => {}
            Value::Object(given) => {
                let defaults = dyn_task.default_knobs();
                let known: Vec<&str> = defaults
                    .as_object()
                    .map(|o| o.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for (name, value) in given {
                    if !known.contains(&name.as_str()) {
                        return Err(Error::UnknownKnob {
                            task: dyn_task.id().to_string(),
                            knob: name.clone(),
                            suggestion: closest(name, known.iter().copied()),
                            known: known.iter().map(|s| (*s).to_string()).collect(),
                        });
                    }
                    knobs.insert(name.clone(), value.clone());
                }
            }
            _ => {
                return Err(Error::InvalidArgument {
                    name: "knobs".into(),
                    message: "must be a mapping of knob names to values".into(),
                })
            }
        }
        let prepared = dyn_task.prepare(&Value::Object(knobs))?;
        let knobs_json = prepared.knobs_json().to_string();
        let stream_key = format!("{}\0{knobs_json}", dyn_task.id());
        Ok(Self {
            task: dyn_task,
            family: entry.family.as_str(),
            level: level as u8,
            knobs: prepared,
            knobs_json,
            stream_key,
        })
    }

    /// The task id.
    pub fn task(&self) -> &'static str {
        self.task.id()
    }

    /// The level the knobs started from.
    pub fn level(&self) -> u8 {
        self.level
    }

    /// The effective knob values (JSON object).
    pub fn knobs_json(&self) -> &str {
        &self.knobs_json
    }

    /// Generates item `index` under `seed`.
    pub fn item(&self, seed: u64, index: u64) -> Result<Item> {
        let id = self.task.id();
        let mut rng = ItemRng::for_item(&self.stream_key, seed, index);
        let generated = catch_unwind(AssertUnwindSafe(|| self.knobs.generate(&mut rng)))
            .map_err(|panic| {
                Error::Internal(format!(
                    "{id} generator panicked: {}",
                    panic_message(&panic)
                ))
            })?
            .map_err(|message| Error::GenerationFailed {
                task: id.to_string(),
                seed,
                index,
                message,
            })?;
        let mut verification =
            String::with_capacity(generated.puzzle.len() + generated.answer.len() + 64);
        verification.push_str("{\"task\":");
        verification.push_str(&json_string(id));
        verification.push_str(",\"version\":");
        verification.push_str(&self.task.version().to_string());
        verification.push_str(",\"puzzle\":");
        verification.push_str(&generated.puzzle);
        verification.push_str(",\"answer\":");
        verification.push_str(&json_string(&generated.answer));
        verification.push('}');
        if verification.len() > super::payload::MAX_PAYLOAD_BYTES {
            // A payload that verification would refuse: better no item than an unverifiable one.
            return Err(Error::GenerationFailed {
                task: id.to_string(),
                seed,
                index,
                message: format!(
                    "the payload would be {} bytes, more than MAX_PAYLOAD_BYTES ({})",
                    verification.len(),
                    super::payload::MAX_PAYLOAD_BYTES
                ),
            });
        }
        let mut metadata = metadata_json(
            generated.difficulty,
            self.task.difficulty_measure(),
            generated.metadata,
        );
        // Splice the knobs in last (pre-serialized once per generator).
        metadata.pop();
        metadata.push_str(",\"knobs\":");
        metadata.push_str(&self.knobs_json);
        metadata.push('}');
        Ok(Item {
            task: id,
            family: self.family,
            level: self.level,
            seed,
            index,
            prompt: generated.prompt,
            answer: generated.answer,
            verification,
            metadata,
        })
    }

    /// Generates items `start..start + n` under `seed`, in parallel on the synlogic pool.
    pub fn batch(&self, seed: u64, start: u64, n: u64) -> Result<Vec<Item>> {
        let indices = index_range(start, n)?;
        crate::parallel::install(|| {
            indices
                .into_par_iter()
                .map(|i| self.item(seed, i))
                .collect()
        })
    }
}

/// The item indices `start..start + n`, as an inclusive range so that the last index,
/// `2^64 - 1`, is reachable; an error naming `n` if they run past it.
pub fn index_range(start: u64, n: u64) -> Result<std::ops::RangeInclusive<u64>> {
    if n == 0 {
        // An empty inclusive range (a reversed one is empty by definition).
        #[allow(clippy::reversed_empty_ranges)]
        return Ok(1..=0);
    }
    let last = start
        .checked_add(n - 1)
        .ok_or_else(|| Error::InvalidArgument {
            name: "n".into(),
            message: format!("start {start} + n {n} exceeds 2^64 items"),
        })?;
    Ok(start..=last)
}

/// Generates `n` items of `task` from `start` (a convenience over [`Generator`]).
pub fn generate_batch(
    task: &str,
    level: Option<i64>,
    overrides: &Value,
    seed: u64,
    start: u64,
    n: u64,
) -> Result<Vec<Item>> {
    Generator::new(task, level, overrides)?.batch(seed, start, n)
}

/// The metadata object `{"difficulty": …, "difficulty_measure": …, <task metadata>…}`, written
/// directly (the same text as building that map and printing it, without the map).
fn metadata_json(difficulty: f64, measure: &str, task: Map<String, Value>) -> String {
    if task.contains_key("difficulty") || task.contains_key("difficulty_measure") {
        let mut metadata = Map::new();
        metadata.insert("difficulty".into(), serde_json::json!(difficulty));
        metadata.insert("difficulty_measure".into(), Value::from(measure));
        metadata.extend(task);
        return Value::Object(metadata).to_string();
    }
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"{\"difficulty\":");
    let written = serde_json::to_writer(&mut out, &serde_json::json!(difficulty))
        .and_then(|()| {
            out.extend_from_slice(b",\"difficulty_measure\":");
            serde_json::to_writer(&mut out, measure)
        })
        .and_then(|()| {
            task.iter().try_for_each(|(key, value)| {
                out.push(b',');
                serde_json::to_writer(&mut out, key)?;
                out.push(b':');
                serde_json::to_writer(&mut out, value)
            })
        });
    out.push(b'}');
    match (written, String::from_utf8(out)) {
        (Ok(()), Ok(text)) => text,
        _ => "{}".into(),
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_ranges_reach_the_last_index_and_no_further() {
        assert_eq!(index_range(5, 3).unwrap(), 5..=7);
        assert_eq!(index_range(7, 0).unwrap().count(), 0);
        assert_eq!(index_range(u64::MAX, 1).unwrap(), u64::MAX..=u64::MAX);
        assert_eq!(index_range(0, u64::MAX).unwrap(), 0..=u64::MAX - 1);
        assert!(matches!(
            index_range(u64::MAX, 2),
            Err(Error::InvalidArgument { name, .. }) if name == "n"
        ));
        let generator = Generator::new("countdown", Some(1), &Value::Null).unwrap();
        let last = generator.batch(0, u64::MAX, 1).unwrap();
        assert_eq!(last, vec![generator.item(0, u64::MAX).unwrap()]);
    }
}
