//! How a completion is read ([`VerifyOptions`]) and what it scored ([`Verdict`]).

use std::borrow::Cow;

use crate::task::Grade;

/// How to read and score a completion.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    pub(super) open: String,
    pub(super) close: String,
    pub(super) tagged: bool,
    /// Return the gated partial credit instead of all-or-nothing.
    pub partial: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self::new(Some("answer"), false)
    }
}

impl VerifyOptions {
    /// Reads the last `<tag>…</tag>` block, or the whole completion when `tag` is `None`.
    pub fn new(tag: Option<&str>, partial: bool) -> Self {
        let tag = tag.unwrap_or("");
        Self {
            open: format!("<{tag}>"),
            close: format!("</{tag}>"),
            tagged: !tag.is_empty(),
            partial,
        }
    }
}

/// The score of one completion and the reason for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The score in `[0, 1]`.
    pub score: f64,
    /// The answer is fully correct.
    pub correct: bool,
    /// Why: `"correct"`, `"wrong answer"`, `"no answer block"`, or a parse failure.
    pub reason: Cow<'static, str>,
}

impl Verdict {
    pub(super) fn failed(reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            score: 0.0,
            correct: false,
            reason: reason.into(),
        }
    }

    pub(super) fn graded(grade: Grade, partial: bool) -> Self {
        let score = if grade.correct {
            1.0
        } else if partial {
            grade.credit
        } else {
            0.0
        };
        let reason = if grade.correct {
            "correct"
        } else {
            "wrong answer"
        };
        Self {
            score,
            correct: grade.correct,
            reason: Cow::Borrowed(reason),
        }
    }
}
