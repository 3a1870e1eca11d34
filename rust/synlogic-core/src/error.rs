//! The error type of the core. Each variant maps to one Python exception class.

/// A `Result` with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core, named so a user can act on it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The task id is not registered.
    #[error("unknown task {name:?}{}", suggestion_suffix(.suggestion.as_deref()))]
    UnknownTask {
        /// What the user asked for.
        name: String,
        /// The closest registered id, if any is close.
        suggestion: Option<String>,
    },
    /// A knob name that the task does not have.
    #[error("task {task:?} has no knob {knob:?}{}; its knobs are: {}", suggestion_suffix(.suggestion.as_deref()), .known.join(", "))]
    UnknownKnob {
        /// The task id.
        task: String,
        /// The unknown knob name.
        knob: String,
        /// The closest knob name, if any is close.
        suggestion: Option<String>,
        /// Every knob the task has.
        known: Vec<String>,
    },
    /// A knob value of the wrong type or out of range.
    #[error("task {task:?}: invalid value for knob {knob:?}: {message}")]
    InvalidKnob {
        /// The task id.
        task: String,
        /// The knob name.
        knob: String,
        /// What is wrong with the value.
        message: String,
    },
    /// A difficulty level outside 1–10.
    #[error("task {task:?}: level must be between 1 and 10, got {level}")]
    InvalidLevel {
        /// The task id.
        task: String,
        /// The level asked for.
        level: i64,
    },
    /// The generator could not meet its constraints within its attempt budget.
    #[error("task {task:?}: could not generate item {index} (seed {seed}): {message}")]
    GenerationFailed {
        /// The task id.
        task: String,
        /// The seed of the item.
        seed: u64,
        /// The index of the item.
        index: u64,
        /// What could not be met.
        message: String,
    },
    /// A verification payload that is not valid, or is for an unknown task or version (the
    /// text of a [`PayloadError`], prefixed with the row in batch verification).
    #[error("invalid verification payload: {0}")]
    InvalidPayload(String),
    /// A bad argument (a negative count, an empty mix, ...).
    #[error("invalid argument {name:?}: {message}")]
    InvalidArgument {
        /// The argument name.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// The catalogue (`tasks.toml`) and the registry disagree, or the catalogue is malformed.
    #[error("catalogue error: {0}")]
    Catalogue(String),
    /// A bug: an internal panic caught at a boundary.
    #[error("internal error (please report): {0}")]
    Internal(String),
}

/// Why a verification payload was refused: what [`crate::Payload::try_parse`] returns.
///
/// A payload is untrusted input (a dataset can be edited; a reward server reads payloads from
/// the network), so every refusal is one of these, never a panic. [`Error::InvalidPayload`]
/// carries its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    /// Longer than [`crate::item::payload::MAX_PAYLOAD_BYTES`]; refused before it is read.
    #[error("payload is {bytes} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The payload's length.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Not JSON, or not an object with exactly `task`, `version`, `puzzle` and a string
    /// `answer`.
    #[error("{0}")]
    Malformed(String),
    /// The task id is not registered.
    #[error("unknown task {0:?}")]
    UnknownTask(String),
    /// Written by another generator version of the task.
    #[error("payload is from {task} generator version {found}, this build verifies version {expected}; regenerate the data with this version")]
    VersionMismatch {
        /// The task id.
        task: &'static str,
        /// The payload's version.
        found: u32,
        /// This build's version.
        expected: u32,
    },
    /// The task's loader refused the puzzle (a field out of bounds, inconsistent sizes, ...).
    #[error("bad {task} puzzle: {message}")]
    BadPuzzle {
        /// The task id.
        task: &'static str,
        /// What is wrong, naming the field.
        message: String,
    },
}

impl From<PayloadError> for Error {
    fn from(error: PayloadError) -> Self {
        Error::InvalidPayload(error.to_string())
    }
}

fn suggestion_suffix(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!(" (did you mean {s:?}?)"))
}

/// The candidate closest to `name` by edit distance, if it is reasonably close.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c.to_string())
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            closest("countdwn", ["countdown", "sudoku"]).as_deref(),
            Some("countdown")
        );
        assert_eq!(closest("zzzzzz", ["countdown", "sudoku"]), None);
    }
}
