//! Items and the task-independent machinery around them, one job per file:
//! - [`generate`]: the [`Generator`] (a task with checked knobs) making items by `(seed, index)`;
//! - [`payload`]: the verification [`Payload`], parsed and scoring completions;
//! - [`fast_reader`]: the direct reader for payloads in the generator's own layout;
//! - [`verdict`]: how a completion is read ([`VerifyOptions`]) and what it scored ([`Verdict`]);
//! - [`batch`]: verification of many pairs in parallel.

pub mod batch;
mod fast_reader;
pub mod generate;
pub mod payload;
pub mod verdict;

pub use batch::{map_batch, verify_batch};
pub use generate::{generate_batch, index_range, Generator};
pub use payload::Payload;
pub use verdict::{Verdict, VerifyOptions};
// The type-erased layer lived here once; its old paths keep working.
pub use crate::erased::{GeneratedItem, LoadedPuzzle, PreparedKnobs};

/// One generated item: everything a dataset row needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The task id.
    pub task: &'static str,
    /// The task family (the row's `ability`).
    pub family: &'static str,
    /// The difficulty level the knobs started from.
    pub level: u8,
    /// The seed of the item.
    pub seed: u64,
    /// The index of the item.
    pub index: u64,
    /// The prompt text.
    pub prompt: String,
    /// The canonical answer text.
    pub answer: String,
    /// The self-contained verification payload (JSON).
    pub verification: String,
    /// Task metadata including the measured difficulty (JSON object).
    pub metadata: String,
}

/// The message a caught panic carries, for the error that reports it.
pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
