//! The task kit: machinery that two or more tasks need, written once.
//!
//! A task folder under [`crate::tasks`] reaches for these instead of writing its own:
//! - [`knobs`]: the one range check for knob values, with one error wording;
//! - [`timing`]: the per-thread CPU clock that the ignored report tests print with;
//! - [`trace`]: the reader of a trace line's step label (`Step k:`, `k.`, `k)`, `k =`).
//!
//! Every part carries its own unit tests.

pub mod knobs;
pub mod timing;
pub mod trace;
