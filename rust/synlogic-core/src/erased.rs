//! The type-erased layer: a [`Task`] behind a vtable, as the registry stores it.
//!
//! [`Task`] has associated types (knobs, puzzle, answer), so the registry cannot hold tasks of
//! different types in one list. [`Registered<T>`] adapts any task to [`DynTask`], whose knobs
//! and puzzles are boxed ([`PreparedKnobs`], [`LoadedPuzzle`]) and whose values are JSON or
//! text. Everything task-independent (generators, payloads, verification) works on this layer
//! only; this module knows nothing of them.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::rng::ItemRng;
use crate::task::{Grade, ParseError, Task};

/// A task behind a vtable: what the registry stores.
pub trait DynTask: Send + Sync {
    /// The registry id.
    fn id(&self) -> &'static str;
    /// The generator version.
    fn version(&self) -> u32;
    /// What the difficulty figure measures.
    fn difficulty_measure(&self) -> &'static str;
    /// Whether puzzles claim a unique solution.
    fn claims_unique(&self) -> bool;
    /// The longest answer text (in bytes) the task's parser looks at ([`Task::MAX_ANSWER_BYTES`]).
    fn max_answer_bytes(&self) -> usize;
    /// The default knob values as a JSON object.
    fn default_knobs(&self) -> Value;
    /// Builds and checks the knob struct from a JSON object of knob values.
    fn prepare(&self, knobs: &Value) -> Result<Box<dyn PreparedKnobs>>;
    /// Parses a puzzle spec from a payload.
    fn load_puzzle(&self, puzzle: &str) -> Result<Box<dyn LoadedPuzzle>, String>;
}

/// Adapter from a [`Task`] to a [`DynTask`].
pub struct Registered<T>(std::marker::PhantomData<T>);

impl<T: Task> Registered<T> {
    /// The registry entry for `T`. Its const items are checked here, at compile time: a
    /// registry line for a task with an invalid one does not build, and the error says which.
    pub const NEW: Self = {
        assert!(
            is_task_id(T::ID),
            "Task::ID must be lowercase ASCII letters, digits and underscores, starting with a letter"
        );
        assert!(T::VERSION >= 1, "Task::VERSION must be at least 1");
        assert!(
            !T::DIFFICULTY_MEASURE.is_empty(),
            "Task::DIFFICULTY_MEASURE must name what the difficulty figure counts"
        );
        assert!(
            T::MAX_ANSWER_BYTES > 0,
            "Task::MAX_ANSWER_BYTES must be positive"
        );
        Self(std::marker::PhantomData)
    };
}

/// Whether `id` is a valid task id: lowercase ASCII letters, digits and underscores, starting
/// with a letter (it names a folder, a module, a `tasks.toml` table and a Python argument).
pub const fn is_task_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    if bytes.is_empty() || !bytes[0].is_ascii_lowercase() {
        return false;
    }
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

/// Knobs that passed checking, ready to generate items.
pub trait PreparedKnobs: Send + Sync {
    /// Generates the item with this random stream.
    fn generate(&self, rng: &mut ItemRng) -> Result<GeneratedItem, String>;
    /// The effective knob values (JSON).
    fn knobs_json(&self) -> Value;
}

/// A type-erased generated puzzle.
#[derive(Debug)]
pub struct GeneratedItem {
    /// Prompt text.
    pub prompt: String,
    /// Oracle answer text.
    pub answer: String,
    /// Puzzle spec (JSON).
    pub puzzle: String,
    /// Measured difficulty.
    pub difficulty: f64,
    /// Task metadata.
    pub metadata: Map<String, Value>,
}

/// A puzzle loaded from a payload, ready to grade answers.
pub trait LoadedPuzzle: Send + Sync {
    /// Grades the text inside the answer block.
    fn grade_text(&self, text: &str) -> Result<Grade, ParseError>;
    /// The prompt text.
    fn prompt(&self) -> String;
    /// The oracle's answer, rendered.
    fn oracle_answer(&self) -> String;
    /// Solution count up to `limit`, for tasks that claim uniqueness.
    fn count_solutions(&self, limit: u64) -> Option<u64>;
    /// Task-specific near-miss wrong answers.
    fn wrong_answers(&self, rng: &mut ItemRng) -> Vec<String>;
    /// Task-specific named exploit attempts.
    fn exploits(&self) -> Vec<(&'static str, String)>;
}

/// The checked knobs of task `T`.
struct Prepared<T: Task>(T::Knobs);

impl<T: Task> PreparedKnobs for Prepared<T> {
    fn generate(&self, rng: &mut ItemRng) -> Result<GeneratedItem, String> {
        let generated = T::generate(&self.0, rng).map_err(|e| e.0)?;
        let puzzle = &generated.puzzle;
        let answer = T::render_answer(puzzle, &T::solve(puzzle));
        Ok(GeneratedItem {
            prompt: T::prompt(puzzle),
            answer,
            puzzle: serde_json::to_string(puzzle).map_err(|e| e.to_string())?,
            difficulty: generated.difficulty,
            metadata: generated.metadata,
        })
    }

    fn knobs_json(&self) -> Value {
        serde_json::to_value(&self.0).unwrap_or(Value::Null)
    }
}

/// A loaded puzzle of task `T`.
struct Loaded<T: Task>(T::Puzzle);

impl<T: Task> LoadedPuzzle for Loaded<T> {
    fn grade_text(&self, text: &str) -> Result<Grade, ParseError> {
        if text.len() > T::MAX_ANSWER_BYTES {
            return Err(ParseError::new("answer too long"));
        }
        let answer = T::parse_answer(&self.0, text)?;
        Ok(T::grade(&self.0, &answer))
    }

    fn prompt(&self) -> String {
        T::prompt(&self.0)
    }

    fn oracle_answer(&self) -> String {
        T::render_answer(&self.0, &T::solve(&self.0))
    }

    fn count_solutions(&self, limit: u64) -> Option<u64> {
        T::count_solutions(&self.0, limit)
    }

    fn wrong_answers(&self, rng: &mut ItemRng) -> Vec<String> {
        T::wrong_answers(&self.0, rng)
    }

    fn exploits(&self) -> Vec<(&'static str, String)> {
        T::exploits(&self.0)
    }
}

impl<T: Task> DynTask for Registered<T> {
    fn id(&self) -> &'static str {
        T::ID
    }

    fn version(&self) -> u32 {
        T::VERSION
    }

    fn difficulty_measure(&self) -> &'static str {
        T::DIFFICULTY_MEASURE
    }

    fn claims_unique(&self) -> bool {
        T::UNIQUE
    }

    fn max_answer_bytes(&self) -> usize {
        T::MAX_ANSWER_BYTES
    }

    fn default_knobs(&self) -> Value {
        serde_json::to_value(T::Knobs::default()).unwrap_or(Value::Null)
    }

    fn prepare(&self, knobs: &Value) -> Result<Box<dyn PreparedKnobs>> {
        let parsed: T::Knobs =
            serde_json::from_value(knobs.clone()).map_err(|e| knob_type_error::<T>(knobs, &e))?;
        T::check_knobs(&parsed).map_err(|e| Error::InvalidKnob {
            task: T::ID.to_string(),
            knob: e.knob.to_string(),
            message: e.message,
        })?;
        Ok(Box::new(Prepared::<T>(parsed)))
    }

    fn load_puzzle(&self, puzzle: &str) -> Result<Box<dyn LoadedPuzzle>, String> {
        Ok(Box::new(Loaded::<T>(T::load_puzzle(puzzle)?)))
    }
}

/// Names the knob responsible for a deserialization error: the first given knob that fails
/// to deserialize when set alone on top of the defaults.
fn knob_type_error<T: Task>(knobs: &Value, error: &serde_json::Error) -> Error {
    let defaults = serde_json::to_value(T::Knobs::default()).unwrap_or(Value::Null);
    let culprit = knobs.as_object().and_then(|given| {
        given.iter().find_map(|(name, value)| {
            let mut trial = defaults.as_object()?.clone();
            trial.insert(name.clone(), value.clone());
            serde_json::from_value::<T::Knobs>(Value::Object(trial))
                .is_err()
                .then(|| name.clone())
        })
    });
    Error::InvalidKnob {
        task: T::ID.to_string(),
        knob: culprit.unwrap_or_else(|| "<knobs>".to_string()),
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::is_task_id;

    #[test]
    fn task_ids_are_lowercase_identifiers() {
        for good in ["countdown", "knights_knaves", "a2"] {
            assert!(is_task_id(good), "{good}");
        }
        for bad in ["", "Sudoku", "2x", "_a", "a-b", "a b", "é"] {
            assert!(!is_task_id(bad), "{bad}");
        }
    }
}
