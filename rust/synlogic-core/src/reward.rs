//! Everything a reward function needs about one completion, from one pass: correctness,
//! the gated partial credit, whether an answer block was found, and the format flags.
//!
//! The format flags check the think/answer layout that the prompts ask for:
//!
//! * **lenient**: an answer block exists and, when a think tag is configured, a closing
//!   think tag comes before the answer block (the opening think tag may belong to the chat
//!   template's generation prompt, so it is not required).
//! * **strict**: after trimming whitespace and trailing end-of-sequence tokens (`<|…|>`,
//!   `</s>`, `<eos>`), the completion is exactly `<think>…</think>` then `<answer>…</answer>`,
//!   with one block of each, nothing before, between (but whitespace) or after them.

use crate::answer::{contains, occurs_once, rfind};
use crate::error::Result;
use crate::item::{Payload, VerifyOptions};

/// How to read completions for rewards.
#[derive(Debug, Clone)]
pub struct RewardOptions {
    verify: VerifyOptions,
    answer_open: String,
    answer_close: String,
    think: Option<(String, String)>,
}

impl Default for RewardOptions {
    fn default() -> Self {
        Self::new(Some("answer"), Some("think"))
    }
}

impl RewardOptions {
    /// Answers in the last `<tag>…</tag>` block (the whole completion when `tag` is `None`);
    /// `think_tag` names the reasoning block checked by the format flags (`None`: no
    /// reasoning block is expected).
    pub fn new(tag: Option<&str>, think_tag: Option<&str>) -> Self {
        let tag = tag.filter(|t| !t.is_empty());
        Self {
            verify: VerifyOptions::new(tag, true),
            answer_open: tag.map_or_else(String::new, |t| format!("<{t}>")),
            answer_close: tag.map_or_else(String::new, |t| format!("</{t}>")),
            think: think_tag
                .filter(|t| !t.is_empty())
                .map(|t| (format!("<{t}>"), format!("</{t}>"))),
        }
    }
}

/// The evaluation of one completion.
#[allow(clippy::struct_excessive_bools)] // independent flags, not a state machine
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The payload's task id.
    pub task: &'static str,
    /// The answer is fully correct.
    pub correct: bool,
    /// The gated partial credit in `[0, 1]` (`1.0` iff correct).
    pub credit: f64,
    /// An answer block was found (always true when no tag is used).
    pub answered: bool,
    /// The completion has exactly the think/answer layout.
    pub strict_format: bool,
    /// The completion has an answer block after the reasoning.
    pub lenient_format: bool,
}

/// Strips whitespace and end-of-sequence tokens from the end of `text` (at most
/// [`MAX_TRAILING_SPECIALS`] tokens: a completion padded with more is not strictly formatted).
fn trim_trailing_specials(mut text: &str) -> &str {
    for _ in 0..=MAX_TRAILING_SPECIALS {
        let trimmed = text.trim_end();
        let stripped = if let Some(rest) = trimmed.strip_suffix("|>") {
            rfind(rest.as_bytes(), b"<|").map(|start| &rest[..start])
        } else {
            trimmed
                .strip_suffix("</s>")
                .or_else(|| trimmed.strip_suffix("<eos>"))
        };
        match stripped {
            Some(shorter) => text = shorter,
            None => return trimmed,
        }
    }
    text
}

/// The most end-of-sequence tokens [`trim_trailing_specials`] strips (bounds its time).
const MAX_TRAILING_SPECIALS: usize = 64;

/// Returns `(strict, lenient)` for `completion`.
fn format_flags(completion: &str, options: &RewardOptions) -> (bool, bool) {
    let (open, close) = (&options.answer_open, &options.answer_close);
    if open.is_empty() {
        // No answer tag: only the think block can be checked.
        return match &options.think {
            None => (true, true),
            Some((t_open, t_close)) => {
                let lenient = contains(completion, t_close);
                let text = completion.trim_start();
                let strict = text.starts_with(t_open.as_str())
                    && occurs_once(text, t_open)
                    && occurs_once(text, t_close)
                    && lenient;
                (strict, lenient)
            }
        };
    }
    let Some(answer_end) = rfind(completion.as_bytes(), close.as_bytes()) else {
        return (false, false);
    };
    let Some(answer_start) = rfind(&completion.as_bytes()[..answer_end], open.as_bytes()) else {
        return (false, false);
    };
    let Some((t_open, t_close)) = &options.think else {
        let text = trim_trailing_specials(completion).trim_start();
        let strict = text.starts_with(open.as_str())
            && text.ends_with(close.as_str())
            && occurs_once(text, open)
            && occurs_once(text, close);
        return (strict, true);
    };
    let before = &completion[..answer_start];
    let Some(think_end) = rfind(before.as_bytes(), t_close.as_bytes()) else {
        return (false, false);
    };
    // Strict: `<think>` X `</think>` ws `<answer>` Y `</answer>` and nothing else.
    let text = trim_trailing_specials(completion).trim_start();
    let strict = text.starts_with(t_open.as_str())
        && text.ends_with(close.as_str())
        && occurs_once(text, t_open)
        && occurs_once(text, t_close)
        && occurs_once(text, open)
        && occurs_once(text, close)
        && before[think_end + t_close.len()..].trim().is_empty();
    (strict, true)
}

/// Evaluates one completion against a parsed payload. Never panics, whatever the text.
pub fn evaluate(payload: &Payload, completion: &str, options: &RewardOptions) -> Evaluation {
    let verdict = payload.verify(completion, &options.verify);
    let (strict_format, lenient_format) = format_flags(completion, options);
    let answered = options.answer_open.is_empty()
        || rfind(completion.as_bytes(), options.answer_close.as_bytes())
            .is_some_and(|end| contains(&completion[..end], &options.answer_open));
    Evaluation {
        task: payload.task(),
        correct: verdict.correct,
        credit: verdict.score,
        answered,
        strict_format,
        lenient_format,
    }
}

/// Evaluates `completions[i]` against `payloads[i]` in parallel. Consecutive identical
/// payloads (a GRPO group) are parsed once. A malformed payload is an error naming its row.
pub fn evaluate_batch<S: AsRef<str> + Sync, C: AsRef<str> + Sync>(
    payloads: &[S],
    completions: &[C],
    options: &RewardOptions,
) -> Result<Vec<Evaluation>> {
    crate::item::map_batch(payloads, completions, |payload, completion| {
        evaluate(payload, completion, options)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(text: &str) -> (bool, bool) {
        format_flags(text, &RewardOptions::default())
    }

    #[test]
    fn strict_format_is_exact_layout() {
        assert_eq!(flags("<think>x</think>\n<answer>1</answer>"), (true, true));
        assert_eq!(
            flags("  <think>x</think> <answer>1</answer>\n<|im_end|><|endoftext|>"),
            (true, true)
        );
        assert_eq!(
            flags("<think>x</think><answer>1</answer></s>"),
            (true, true)
        );
        // Text between or after the blocks, or a second block: lenient only.
        assert_eq!(
            flags("<think>x</think> so: <answer>1</answer>"),
            (false, true)
        );
        assert_eq!(
            flags("<think>x</think><answer>1</answer> thanks"),
            (false, true)
        );
        assert_eq!(
            flags("<think>x</think><answer>1</answer><answer>2</answer>"),
            (false, true)
        );
        // The template opened the think block: lenient.
        assert_eq!(flags("x</think><answer>1</answer>"), (false, true));
    }

    #[test]
    fn missing_blocks_fail_both() {
        assert_eq!(flags("<answer>1</answer>"), (false, false));
        assert_eq!(flags("<think>x</think>"), (false, false));
        assert_eq!(flags("<answer>1</answer><think>x</think>"), (false, false));
        assert_eq!(flags(""), (false, false));
        assert_eq!(flags("<|"), (false, false));
        assert_eq!(flags("|>"), (false, false));
    }

    #[test]
    fn without_think_tag_only_the_answer_block_counts() {
        let options = RewardOptions::new(Some("answer"), None);
        assert_eq!(format_flags("<answer>1</answer>", &options), (true, true));
        assert_eq!(
            format_flags("hmm <answer>1</answer>", &options),
            (false, true)
        );
        assert_eq!(format_flags("hmm", &options), (false, false));
        let untagged = RewardOptions::new(None, None);
        assert_eq!(format_flags("anything", &untagged), (true, true));
    }

    #[test]
    fn evaluates_real_payloads_of_every_task() {
        let options = RewardOptions::default();
        for task in crate::registry::task_ids() {
            let items =
                crate::item::generate_batch(task, Some(1), &serde_json::Value::Null, 3, 0, 4)
                    .expect("generates");
            let payloads: Vec<&str> = items.iter().map(|i| i.verification.as_str()).collect();
            let mut completions: Vec<String> = items
                .iter()
                .map(|i| format!("<think>t</think>\n<answer>{}</answer>", i.answer))
                .collect();
            completions[1] = "no answer here".into();
            let out = evaluate_batch(&payloads, &completions, &options).expect("valid payloads");
            assert_eq!(out.len(), 4);
            assert!(
                out[0].correct && out[0].answered && out[0].strict_format,
                "{task}"
            );
            assert_eq!(out[0].credit, 1.0);
            assert!(!out[1].correct && !out[1].answered && !out[1].lenient_format);
            assert_eq!(out[1].credit, 0.0);
            assert!(out.iter().all(|e| e.task == task));
        }
        let bad = evaluate_batch(&["{}"], &["x"], &options);
        assert!(matches!(bad, Err(crate::Error::InvalidPayload(m)) if m.starts_with("row 0")));
        let mismatched = evaluate_batch(&["{}"], &["x", "y"], &options);
        assert!(matches!(
            mismatched,
            Err(crate::Error::InvalidArgument { .. })
        ));
    }

    #[test]
    fn trailing_special_tokens_are_trimmed() {
        assert_eq!(trim_trailing_specials("a <|im_end|>\n<eos> "), "a");
        assert_eq!(trim_trailing_specials("a|>"), "a|>");
        assert_eq!(trim_trailing_specials("é<|x|>"), "é");
        // At most MAX_TRAILING_SPECIALS tokens are stripped: a flood of them stays (and so is
        // not strictly formatted), and stripping it takes bounded time.
        let few = format!("a{}", "<|eot|>".repeat(MAX_TRAILING_SPECIALS));
        assert_eq!(trim_trailing_specials(&few), "a");
        let flood = format!("a{}", "<|eot|>".repeat(200_000));
        assert!(trim_trailing_specials(&flood).ends_with("<|eot|>"));
    }

    #[test]
    fn format_flags_of_a_megabyte_of_tags_are_quick() {
        let options = RewardOptions::default();
        for text in [
            "<answer>".repeat(130_000),
            "</think>".repeat(130_000) + "<answer>1</answer>",
            "<".repeat(1 << 20) + "</answer>",
            format!(
                "<think>x</think><answer>1</answer>{}",
                "<|x|>".repeat(200_000)
            ),
        ] {
            let started = std::time::Instant::now();
            let flags = format_flags(&text, &options);
            assert!(!flags.0, "{flags:?}");
            // Generous (debug build, busy machine): str::rfind and matches() took ms here.
            assert!(started.elapsed() < std::time::Duration::from_millis(50));
        }
    }
}
