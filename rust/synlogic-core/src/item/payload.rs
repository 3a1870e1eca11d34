//! Verification payloads: a self-contained puzzle that scores completions with no other state.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::fast_reader::split_payload;
use super::{panic_message, Verdict, VerifyOptions};
use crate::answer::extract_tagged;
use crate::erased::{DynTask, LoadedPuzzle};
use crate::error::{PayloadError, Result};
use crate::registry::find_task;
use crate::task::ParseError;

/// The longest payload text accepted, in bytes; a longer one is refused before it is read, so
/// parsing a payload never reads or allocates more than this whatever the text. Generated
/// payloads are far smaller (2.2 KB at most over the catalogue levels' golden items), and
/// the generator refuses to write a longer one, so every generated item stays verifiable.
pub const MAX_PAYLOAD_BYTES: usize = 1 << 20;

/// The four fields of a payload, borrowed from its text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayload<'a> {
    #[serde(borrow)]
    task: Cow<'a, str>,
    version: u32,
    #[serde(borrow)]
    puzzle: &'a RawValue,
    #[serde(borrow)]
    answer: &'a RawValue,
}

/// A parsed verification payload: scores completions with no other state.
pub struct Payload {
    task: &'static dyn DynTask,
    puzzle: Box<dyn LoadedPuzzle>,
    /// The stored answer as JSON string text; decoded on first use (verifying never needs it).
    answer_json: Box<str>,
    answer: std::sync::OnceLock<String>,
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payload")
            .field("task", &self.task.id())
            .field("answer", &self.answer())
            .finish_non_exhaustive()
    }
}

impl Payload {
    /// Parses a payload produced by a generator of this build; any refusal is an
    /// [`crate::Error::InvalidPayload`] (see [`Self::try_parse`] for the typed reason).
    pub fn parse(json: &str) -> Result<Self> {
        Self::try_parse(json).map_err(Into::into)
    }

    /// Parses a payload, or says why it is refused. Payloads are untrusted: the length is
    /// checked first ([`MAX_PAYLOAD_BYTES`]), then the layout, the task and version, and the
    /// task's own bounds on the puzzle ([`crate::Task::load_puzzle`]).
    pub fn try_parse(json: &str) -> Result<Self, PayloadError> {
        if json.len() > MAX_PAYLOAD_BYTES {
            return Err(PayloadError::TooLarge {
                bytes: json.len(),
                limit: MAX_PAYLOAD_BYTES,
            });
        }
        // The layout the generator writes, read directly; anything else (or any failure)
        // goes through serde, which decides and words the error.
        match Self::parse_direct(json) {
            Some(payload) => Ok(payload),
            None => Self::parse_serde(json),
        }
    }

    /// [`Self::parse`] for the generator's layout, or `None`.
    fn parse_direct(json: &str) -> Option<Self> {
        let (task, version, puzzle, answer) = split_payload(json)?;
        let task = find_task(task).ok()?;
        if version != task.version() {
            return None;
        }
        let puzzle = task.load_puzzle(puzzle).ok()?;
        Some(Self {
            task,
            puzzle,
            answer_json: answer.into(),
            answer: std::sync::OnceLock::new(),
        })
    }

    /// [`Self::parse`] through serde, for any layout.
    fn parse_serde(json: &str) -> Result<Self, PayloadError> {
        let raw: RawPayload =
            serde_json::from_str(json).map_err(|e| PayloadError::Malformed(e.to_string()))?;
        // Valid JSON (checked above) that opens with a quote is a string.
        if !raw.answer.get().starts_with('"') {
            return Err(PayloadError::Malformed(format!(
                "invalid type: {}, expected a string for field `answer`",
                raw.answer.get()
            )));
        }
        let task =
            find_task(&raw.task).map_err(|_| PayloadError::UnknownTask(raw.task.to_string()))?;
        if raw.version != task.version() {
            return Err(PayloadError::VersionMismatch {
                task: task.id(),
                found: raw.version,
                expected: task.version(),
            });
        }
        let puzzle =
            task.load_puzzle(raw.puzzle.get())
                .map_err(|message| PayloadError::BadPuzzle {
                    task: task.id(),
                    message,
                })?;
        Ok(Self {
            task,
            puzzle,
            answer_json: raw.answer.get().into(),
            answer: std::sync::OnceLock::new(),
        })
    }

    /// The task id.
    pub fn task(&self) -> &'static str {
        self.task.id()
    }

    /// The canonical answer stored in the payload.
    pub fn answer(&self) -> &str {
        self.answer
            .get_or_init(|| serde_json::from_str(&self.answer_json).unwrap_or_default())
    }

    /// The loaded puzzle (oracle, solution counting, prompt).
    pub fn puzzle(&self) -> &dyn LoadedPuzzle {
        self.puzzle.as_ref()
    }

    /// Scores a completion. Never panics, whatever the text.
    pub fn verify(&self, completion: &str, options: &VerifyOptions) -> Verdict {
        let text = if options.tagged {
            match extract_tagged(completion, &options.open, &options.close) {
                Some(text) => text,
                None => {
                    return Verdict::failed(format!("no {}…{} block", options.open, options.close))
                }
            }
        } else {
            completion
        };
        match catch_unwind(AssertUnwindSafe(|| self.puzzle.grade_text(text))) {
            Ok(Ok(grade)) => Verdict::graded(grade, options.partial),
            Ok(Err(ParseError(reason))) => Verdict::failed(format!("unparsable answer: {reason}")),
            Err(panic) => Verdict::failed(format!("internal error: {}", panic_message(&panic))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::Generator;

    #[test]
    fn direct_payload_reading_agrees_with_serde() {
        let mut state = 3u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        let mut direct = 0;
        for task in crate::registry::task_ids() {
            for level in [1, 5, 10] {
                let generator = Generator::new(task, Some(level), &Value::Null).unwrap();
                for index in 0..4 {
                    let item = generator.item(0, index).unwrap();
                    let mut texts = vec![item.verification.clone()];
                    let edits = [
                        "", " ", "\\", "\"", "}", "]", "{", "[", ",", "\\u0041", "x", "0",
                    ];
                    for _ in 0..150 {
                        let mut text = item.verification.clone();
                        let mut at = next() % (text.len() + 1);
                        while !text.is_char_boundary(at) {
                            at -= 1;
                        }
                        let end = (at + next() % 3).min(text.len());
                        if text.is_char_boundary(end) {
                            text.replace_range(at..end, edits[next() % edits.len()]);
                        }
                        texts.push(text);
                    }
                    for text in &texts {
                        let Some(fast) = Payload::parse_direct(text) else {
                            continue;
                        };
                        direct += 1;
                        let slow = Payload::parse_serde(text).expect(text);
                        assert_eq!(fast.task(), slow.task(), "{text}");
                        assert_eq!(fast.answer(), slow.answer(), "{text}");
                        let options = VerifyOptions::default();
                        let half = item.answer.len() / 2;
                        let half = (0..=half).rev().find(|&i| item.answer.is_char_boundary(i));
                        for answer in [&item.answer[..], &item.answer[..half.unwrap_or(0)]] {
                            let completion = format!("<answer>{answer}</answer>");
                            assert_eq!(
                                fast.verify(&completion, &options),
                                slow.verify(&completion, &options),
                                "{text}"
                            );
                        }
                    }
                }
            }
        }
        assert!(direct > 500, "{direct}");
    }

    #[test]
    fn payloads_over_the_size_cap_are_refused_before_reading() {
        let item = Generator::new("countdown", Some(1), &Value::Null)
            .unwrap()
            .item(0, 0)
            .unwrap();
        let padded = format!("{}{}", item.verification, " ".repeat(MAX_PAYLOAD_BYTES));
        assert_eq!(
            Payload::try_parse(&padded).unwrap_err(),
            PayloadError::TooLarge {
                bytes: padded.len(),
                limit: MAX_PAYLOAD_BYTES
            }
        );
        // Just under the cap, the same payload with trailing whitespace is read.
        let spare = MAX_PAYLOAD_BYTES - item.verification.len();
        let padded = format!("{}{}", item.verification, " ".repeat(spare));
        assert!(Payload::try_parse(&padded).is_ok());
        assert!(Payload::parse(&"x".repeat(MAX_PAYLOAD_BYTES + 1))
            .unwrap_err()
            .to_string()
            .contains("limit"));
    }

    #[test]
    fn refusals_are_typed() {
        assert!(matches!(
            Payload::try_parse("[1"),
            Err(PayloadError::Malformed(_))
        ));
        assert_eq!(
            Payload::try_parse(r#"{"task":"nope","version":1,"puzzle":{},"answer":""}"#)
                .unwrap_err(),
            PayloadError::UnknownTask("nope".into())
        );
        assert!(matches!(
            Payload::try_parse(r#"{"task":"countdown","version":999,"puzzle":{},"answer":""}"#),
            Err(PayloadError::VersionMismatch {
                task: "countdown",
                found: 999,
                ..
            })
        ));
        let version = find_task("countdown").unwrap().version();
        let bad_puzzle =
            format!(r#"{{"task":"countdown","version":{version},"puzzle":[],"answer":""}}"#);
        assert!(matches!(
            Payload::try_parse(&bad_puzzle),
            Err(PayloadError::BadPuzzle {
                task: "countdown",
                ..
            })
        ));
    }
}
