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

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::answer::{contains, occurs_once, rfind};
use crate::error::{closest, Error, Result};
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

/// How difficulty scales the length target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difficulty {
    /// The row's level: 1 is easiest, 10 hardest (rows without a level count as hardest).
    Level,
    /// The group's failure rate: completions sharing a payload form a group.
    PassRate,
}

/// How the length reward falls above the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthShape {
    /// Linear decay from 1 at the target to 0 at twice the target.
    Linear,
    /// 0 as soon as the target is exceeded.
    Step,
}

/// What a completion's length is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    /// Tokens (the trainer must supply token counts).
    Tokens,
    /// Unicode scalar values of the completion text.
    Chars,
}

/// The difficulty-aware length reward (LASER-D style): 1 within the target, which shrinks to
/// `min_scale` × `target_length` on the easiest items.
#[derive(Debug, Clone, PartialEq)]
pub struct LengthShaping {
    /// The target on the hardest items.
    pub target_length: u64,
    /// The target's fraction on the easiest items, in `(0, 1]`.
    pub min_scale: f64,
    /// What measures an item's difficulty.
    pub difficulty: Difficulty,
    /// The fall above the target.
    pub shape: LengthShape,
    /// What length is counted in.
    pub unit: LengthUnit,
    /// Wrong answers get 0 (never pay for being short and wrong).
    pub only_correct: bool,
}

impl Default for LengthShaping {
    fn default() -> Self {
        Self {
            target_length: 1024,
            min_scale: 0.25,
            difficulty: Difficulty::Level,
            shape: LengthShape::Linear,
            unit: LengthUnit::Tokens,
            only_correct: true,
        }
    }
}

/// The weights of the reward's components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RewardWeights {
    /// 1 for a correct answer.
    pub correctness: f64,
    /// The gated partial credit (1 when correct).
    pub partial: f64,
    /// The format flag (strict or lenient).
    pub format: f64,
    /// The length reward.
    pub length: f64,
}

/// The one definition of a synlogic reward: tags, component weights, format strictness and
/// length shaping, validated once (every trainer path builds one of these from the same
/// option names and defaults).
#[derive(Debug, Clone)]
pub struct RewardSpec {
    options: RewardOptions,
    weights: RewardWeights,
    strict_format: bool,
    length: LengthShaping,
}

/// The option names a [`RewardSpec`] accepts.
pub const REWARD_OPTION_NAMES: &[&str] = &[
    "correctness",
    "partial",
    "format",
    "length",
    "strict_format",
    "tag",
    "think_tag",
    "length_options",
];

/// The option names of `length_options`.
pub const LENGTH_OPTION_NAMES: &[&str] = &[
    "target_length",
    "min_scale",
    "difficulty",
    "shape",
    "unit",
    "only_correct",
];

fn invalid(name: &str, message: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        message: message.into(),
    }
}

fn check_keys(object: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<()> {
    for key in object.keys() {
        if !allowed.contains(&key.as_str()) {
            let hint = closest(key, allowed.iter().copied())
                .map_or_else(String::new, |s| format!(" (did you mean {s:?}?)"));
            return Err(invalid(
                key,
                format!(
                    "unknown {what} option{hint}; the options are {}",
                    allowed.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn weight(object: &Map<String, Value>, name: &str, default: f64) -> Result<f64> {
    match object.get(name) {
        None => Ok(default),
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|w| w.is_finite())
            .ok_or_else(|| invalid(name, format!("the weight must be finite, got {n}"))),
        Some(other) => Err(invalid(
            name,
            format!("the weight must be a number, got {other}"),
        )),
    }
}

fn flag(object: &Map<String, Value>, name: &str, default: bool) -> Result<bool> {
    match object.get(name) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(invalid(name, format!("must be true or false, got {other}"))),
    }
}

fn tag(object: &Map<String, Value>, name: &str, default: &str) -> Result<Option<String>> {
    match object.get(name) {
        None => Ok(Some(default.to_string())),
        Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => {
            if s.len() > 64 || s.contains(['<', '>', '/']) || s.chars().any(char::is_whitespace) {
                return Err(invalid(
                    name,
                    format!("a tag name has no '<', '>', '/' or whitespace and at most 64 bytes, got {s:?}"),
                ));
            }
            Ok(Some(s.clone()))
        }
        Some(other) => Err(invalid(
            name,
            format!("must be a tag name or null, got {other}"),
        )),
    }
}

fn choice<T: Copy>(
    object: &Map<String, Value>,
    name: &str,
    default: T,
    choices: &[(&str, T)],
) -> Result<T> {
    let Some(value) = object.get(name) else {
        return Ok(default);
    };
    let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
    value
        .as_str()
        .and_then(|s| choices.iter().find(|(n, _)| *n == s))
        .map(|(_, v)| *v)
        .ok_or_else(|| invalid(name, format!("must be one of {names:?}, got {value}")))
}

impl LengthShaping {
    /// Reads `length_options` (a JSON object; null for the defaults).
    fn from_json(value: Option<&Value>) -> Result<Self> {
        let defaults = Self::default();
        let object = match value {
            None | Some(Value::Null) => return Ok(defaults),
            Some(Value::Object(object)) => object,
            Some(other) => {
                return Err(invalid(
                    "length_options",
                    format!("must be a mapping, got {other}"),
                ))
            }
        };
        check_keys(object, LENGTH_OPTION_NAMES, "length")?;
        let target_length = match object.get("target_length") {
            None => defaults.target_length,
            Some(v) => v.as_u64().filter(|&t| t >= 1).ok_or_else(|| {
                invalid("target_length", format!("must be an integer >= 1, got {v}"))
            })?,
        };
        let min_scale = match object.get("min_scale") {
            None => defaults.min_scale,
            Some(v) => v
                .as_f64()
                .filter(|s| *s > 0.0 && *s <= 1.0)
                .ok_or_else(|| {
                    invalid("min_scale", format!("must be a number in (0, 1], got {v}"))
                })?,
        };
        Ok(Self {
            target_length,
            min_scale,
            difficulty: choice(
                object,
                "difficulty",
                defaults.difficulty,
                &[
                    ("level", Difficulty::Level),
                    ("pass_rate", Difficulty::PassRate),
                ],
            )?,
            shape: choice(
                object,
                "shape",
                defaults.shape,
                &[("linear", LengthShape::Linear), ("step", LengthShape::Step)],
            )?,
            unit: choice(
                object,
                "unit",
                defaults.unit,
                &[("tokens", LengthUnit::Tokens), ("chars", LengthUnit::Chars)],
            )?,
            only_correct: flag(object, "only_correct", defaults.only_correct)?,
        })
    }

    /// The target scale for a hardness in `[0, 1]`.
    fn scale(&self, hardness: f64) -> f64 {
        self.min_scale + (1.0 - self.min_scale) * hardness.clamp(0.0, 1.0)
    }
}

/// 1.0 at or under `target`; above it, linear decay to 0.0 at twice the target, or 0.0 for
/// [`LengthShape::Step`].
pub fn length_score(length: f64, target: f64, shape: LengthShape) -> f64 {
    if length <= target {
        return 1.0;
    }
    if shape == LengthShape::Step || target <= 0.0 {
        return 0.0;
    }
    (1.0 - (length - target) / target).max(0.0)
}

/// What a trainer knows about one sample beyond its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct SampleInfo {
    /// The completion's length in tokens, when the trainer has token ids.
    pub tokens: Option<u64>,
    /// The row's difficulty level, when known.
    pub level: Option<i64>,
}

/// One completion's reward and its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Reward {
    /// The evaluation the reward is computed from.
    pub evaluation: Evaluation,
    /// The length reward in `[0, 1]` (0 when the length weight is 0).
    pub length_score: f64,
    /// The weighted sum.
    pub total: f64,
}

impl RewardSpec {
    /// Reads options from a JSON object (null: the defaults, correctness alone). Unknown
    /// option names, wrong types and out-of-range values are [`Error::InvalidArgument`].
    ///
    /// Options: `correctness` (1.0), `partial` (0.0), `format` (0.0), `length` (0.0) weights;
    /// `strict_format` (false); `tag` ("answer"; null reads the whole completion);
    /// `think_tag` ("think"; null: no reasoning block); `length_options`: `target_length`
    /// (1024), `min_scale` (0.25), `difficulty` ("level" | "pass_rate"), `shape` ("linear" |
    /// "step"), `unit` ("tokens" | "chars"), `only_correct` (true).
    pub fn from_json(options: &Value) -> Result<Self> {
        let empty = Map::new();
        let object = match options {
            Value::Null => &empty,
            Value::Object(object) => object,
            other => {
                return Err(invalid(
                    "options",
                    format!("reward options must be a mapping, got {other}"),
                ))
            }
        };
        check_keys(object, REWARD_OPTION_NAMES, "reward")?;
        let weights = RewardWeights {
            correctness: weight(object, "correctness", 1.0)?,
            partial: weight(object, "partial", 0.0)?,
            format: weight(object, "format", 0.0)?,
            length: weight(object, "length", 0.0)?,
        };
        if [
            weights.correctness,
            weights.partial,
            weights.format,
            weights.length,
        ]
        .iter()
        .all(|w| *w == 0.0)
        {
            return Err(invalid(
                "weights",
                "at least one reward weight must be non-zero",
            ));
        }
        let answer_tag = tag(object, "tag", "answer")?;
        let think_tag = tag(object, "think_tag", "think")?;
        Ok(Self {
            options: RewardOptions::new(answer_tag.as_deref(), think_tag.as_deref()),
            weights,
            strict_format: flag(object, "strict_format", false)?,
            length: LengthShaping::from_json(object.get("length_options"))?,
        })
    }

    /// The tag options the evaluation uses.
    pub fn options(&self) -> &RewardOptions {
        &self.options
    }

    /// The component weights.
    pub fn weights(&self) -> RewardWeights {
        self.weights
    }

    /// The length shaping.
    pub fn length(&self) -> &LengthShaping {
        &self.length
    }

    /// Checks that a trainer path can compute this reward: `tokens` says whether it has token
    /// counts, `groups` whether it sees a prompt's completions together. `path` names it in
    /// the error.
    pub fn check_path(&self, path: &str, tokens: bool, groups: bool) -> Result<()> {
        if self.weights.length == 0.0 {
            return Ok(());
        }
        if !tokens && self.length.unit == LengthUnit::Tokens {
            return Err(invalid(
                "length_options",
                format!("{path} gives no token counts: set length_options unit=\"chars\""),
            ));
        }
        if !groups && self.length.difficulty == Difficulty::PassRate {
            return Err(invalid(
                "length_options",
                format!("{path} scores one sample at a time, so difficulty=\"pass_rate\" (a group's pass rate) is unavailable: use \"level\""),
            ));
        }
        Ok(())
    }

    /// The weighted reward of one evaluation; `hardness` in `[0, 1]` scales the length target.
    fn combine(&self, evaluation: Evaluation, length: f64, hardness: f64) -> Reward {
        let w = &self.weights;
        let format_ok = if self.strict_format {
            evaluation.strict_format
        } else {
            evaluation.lenient_format
        };
        let mut total = w.correctness * f64::from(u8::from(evaluation.correct))
            + w.partial * evaluation.credit
            + w.format * f64::from(u8::from(format_ok));
        let mut length_reward = 0.0;
        if w.length != 0.0 && (evaluation.correct || !self.length.only_correct) {
            // Lengths are far below 2^53: exact as f64.
            #[allow(clippy::cast_precision_loss)]
            let target = self.length.target_length as f64 * self.length.scale(hardness);
            length_reward = length_score(length, target, self.length.shape);
            total += w.length * length_reward;
        }
        Reward {
            evaluation,
            length_score: length_reward,
            total,
        }
    }

    fn length_of(&self, completion: &str, info: SampleInfo) -> Result<f64> {
        #[allow(clippy::cast_precision_loss)]
        match self.length.unit {
            LengthUnit::Chars => Ok(completion.chars().count() as f64),
            LengthUnit::Tokens => info.tokens.map(|t| t as f64).ok_or_else(|| {
                invalid(
                    "completion_ids",
                    "length_options unit=\"tokens\" needs token counts (or use unit=\"chars\")",
                )
            }),
        }
    }

    fn level_hardness(level: Option<i64>) -> f64 {
        // Levels are 1..=10: exact as f64.
        #[allow(clippy::cast_precision_loss)]
        level.map_or(1.0, |l| (l - 1) as f64 / 9.0)
    }

    /// The reward of one completion (difficulty by level only: one sample has no group).
    pub fn reward(&self, payload: &Payload, completion: &str, info: SampleInfo) -> Result<Reward> {
        let length = if self.weights.length == 0.0 {
            0.0
        } else {
            self.length_of(completion, info)?
        };
        if self.weights.length != 0.0 && self.length.difficulty == Difficulty::PassRate {
            self.check_path("a single sample", true, false)?;
        }
        let evaluation = evaluate(payload, completion, &self.options);
        Ok(self.combine(evaluation, length, Self::level_hardness(info.level)))
    }

    /// The rewards of `completions[i]` against `payloads[i]` (parallel; see
    /// [`evaluate_batch`]). `infos` is empty or has one entry per completion. With
    /// `difficulty="pass_rate"`, completions with the same payload text form a group.
    pub fn rewards<S: AsRef<str> + Sync, C: AsRef<str> + Sync>(
        &self,
        payloads: &[S],
        completions: &[C],
        infos: &[SampleInfo],
    ) -> Result<Vec<Reward>> {
        if !infos.is_empty() && infos.len() != completions.len() {
            return Err(invalid(
                "infos",
                format!(
                    "{} sample infos for {} completions",
                    infos.len(),
                    completions.len()
                ),
            ));
        }
        let info = |i: usize| infos.get(i).copied().unwrap_or_default();
        let lengths = if self.weights.length == 0.0 {
            vec![0.0; completions.len()]
        } else {
            completions
                .iter()
                .enumerate()
                .map(|(i, c)| self.length_of(c.as_ref(), info(i)))
                .collect::<Result<Vec<f64>>>()?
        };
        let evaluations = evaluate_batch(payloads, completions, &self.options)?;
        let hardness: Vec<f64> = match self.length.difficulty {
            Difficulty::Level => (0..evaluations.len())
                .map(|i| Self::level_hardness(info(i).level))
                .collect(),
            Difficulty::PassRate => {
                let mut groups: HashMap<&str, (u64, u64)> = HashMap::new();
                for (p, e) in payloads.iter().zip(&evaluations) {
                    let entry = groups.entry(p.as_ref()).or_default();
                    entry.0 += 1;
                    entry.1 += u64::from(e.correct);
                }
                payloads
                    .iter()
                    .map(|p| {
                        let (count, correct) = groups[p.as_ref()];
                        #[allow(clippy::cast_precision_loss)]
                        let pass_rate = correct as f64 / count as f64;
                        1.0 - pass_rate
                    })
                    .collect()
            }
        };
        Ok(evaluations
            .into_iter()
            .zip(lengths)
            .zip(hardness)
            .map(|((e, length), h)| self.combine(e, length, h))
            .collect())
    }
}

#[cfg(test)]
mod tests;
