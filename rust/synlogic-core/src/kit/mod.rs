//! The task kit: machinery that two or more tasks need, written once.
//!
//! A task folder under [`crate::tasks`] reaches for these instead of writing its own:
//! - [`knobs`]: the one range check for knob values, with one error wording;
//! - [`timing`]: the per-thread CPU clock that the ignored report tests print with;
//! - [`grid`]: the text grid of grid puzzles: rendering with box lines, lenient reading.
//!
//! Every part carries its own unit tests.

pub mod grid;
pub mod knobs;
pub mod timing;
