//! synlogic-core: generators, oracles and verifiers for verifiable reasoning tasks.
//!
//! The crate is pure Rust (no Python). Every task implements [`Task`] in one folder under
//! [`tasks`], is listed once in [`registry`], and has one entry in `tasks.toml` (the
//! catalogue of summaries and difficulty levels, embedded at build time); the promises the
//! types cannot express are checked by [`contract`]. `scripts/new_task.py` scaffolds all
//! three (see `docs/adding-a-task.md`).
//!
//! Item identity is `(task, seed, index)` (at given knobs): [`ItemRng::for_item`] derives a
//! counter-based ChaCha8 stream from them, so any item can be regenerated alone, in any batch, on any
//! number of threads, byte for byte.

pub mod answer;
pub mod catalogue;
pub mod contract;
pub mod curriculum;
pub mod erased;
pub mod error;
pub mod exploits;
pub mod hostile;
pub mod item;
pub mod kit;
pub mod mix;
pub mod parallel;
pub mod registry;
pub mod reward;
pub mod rng;
pub mod row;
pub mod task;
pub mod tasks;

pub use curriculum::Curriculum;
pub use erased::DynTask;
pub use error::{Error, PayloadError, Result};
pub use item::{generate_batch, Generator, Item, Payload, Verdict, VerifyOptions};
pub use mix::{Mix, MixEntrySpec};
pub use registry::{find_task, task_ids};
pub use reward::{evaluate, evaluate_batch, Evaluation, RewardOptions};
pub use rng::ItemRng;
pub use task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};
