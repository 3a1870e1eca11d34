//! The task kit: machinery that two or more tasks need, written once.
//!
//! A task folder under [`crate::tasks`] reaches for these instead of writing its own:
//! - [`knobs`]: the one range check for knob values, with one error wording;
//! - [`moves`]: up/down/left/right moves, rendered as letters and read leniently;
//! - [`separators`]: the characters between the words of list-shaped answers;
//! - [`grid`]: the text grid of grid puzzles: rendering with box lines, lenient reading;
//! - [`trace`]: the "Step k:" labels of trace answers, read the same way by every task;
//! - [`csp`]: the finite-domain constraint model (variables, constraints, counting search);
//! - [`reduce`]: drops givens in random order while the puzzle keeps one solution;
//! - [`timing`]: the per-thread CPU clock that the ignored report tests print with.
//!
//! Every part carries its own unit tests.

pub mod csp;
pub mod grid;
pub mod knobs;
pub mod moves;
pub mod reduce;
pub mod separators;
pub mod timing;
pub mod trace;
