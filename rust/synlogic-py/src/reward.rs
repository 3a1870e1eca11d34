//! The reward bindings: one `RewardSpec` (the core's options, validated once at
//! construction) that every trainer path (TRL, verl, OpenRLHF, the server) scores with.
//!
//! Model text arrives as [`Text`], so a completion holding lone surrogates is scored (each
//! one read as U+FFFD) instead of raising `UnicodeEncodeError`.

use pyo3::prelude::*;
use synlogic_core::item::verify_batch;
use synlogic_core::reward::{Reward, RewardSpec as CoreRewardSpec, SampleInfo};
use synlogic_core::{Error, VerifyOptions};

use crate::text::Text;
use crate::{detached, to_py_err, Payload};

/// Column-wise rewards of a batch:
/// `(tasks, correct, credit, answered, strict, lenient, length_score, total)`.
type RewardColumns = (
    Vec<&'static str>,
    Vec<bool>,
    Vec<f64>,
    Vec<bool>,
    Vec<bool>,
    Vec<bool>,
    Vec<f64>,
    Vec<f64>,
);

/// `(correct, credit, answered, strict, lenient, length_score, total)` of one completion.
type RewardTuple = (bool, f64, bool, bool, bool, f64, f64);

fn reward_tuple(r: &Reward) -> RewardTuple {
    let e = &r.evaluation;
    (
        e.correct,
        e.credit,
        e.answered,
        e.strict_format,
        e.lenient_format,
        r.length_score,
        r.total,
    )
}

/// Scores `completions[i]` against `verifications[i]` in parallel (GIL released), reading
/// both lossily: `(scores, correct, reasons)`. The reward server's plain `/score` endpoint.
#[pyfunction]
#[pyo3(signature = (verifications, completions, tag=Some("answer"), partial=false), text_signature = "(verifications, completions, tag='answer', partial=False)")]
pub fn verify_texts(
    py: Python<'_>,
    verifications: Vec<Text>,
    completions: Vec<Text>,
    tag: Option<&str>,
    partial: bool,
) -> PyResult<(Vec<f64>, Vec<bool>, Vec<String>)> {
    let options = VerifyOptions::new(tag, partial);
    detached(py, || {
        let verdicts = verify_batch(&verifications, &completions, &options)?;
        Ok((
            verdicts.iter().map(|v| v.score).collect(),
            verdicts.iter().map(|v| v.correct).collect(),
            verdicts
                .into_iter()
                .map(|v| v.reason.into_owned())
                .collect(),
        ))
    })
}

/// The reward definition (weights, tags, format strictness, length shaping), checked once.
#[pyclass(frozen, module = "synlogic._core")]
pub struct RewardSpec {
    inner: CoreRewardSpec,
}

#[pymethods]
impl RewardSpec {
    /// Parses and checks reward options (a JSON object); raises `InvalidArgumentError`
    /// naming an unknown or invalid option.
    #[new]
    fn new(py: Python<'_>, options_json: Text) -> PyResult<Self> {
        let text = options_json;
        let inner = detached(py, || {
            let value = serde_json::from_str(&text).map_err(|e| Error::InvalidArgument {
                name: "options".into(),
                message: format!("reward options are not valid JSON: {e}"),
            })?;
            CoreRewardSpec::from_json(&value)
        })?;
        Ok(Self { inner })
    }

    /// Raises `InvalidArgumentError` if a trainer path (`path`, named in the message) that
    /// has token counts (`tokens`) and groups (`groups`) or not cannot compute this reward.
    fn check_path(&self, py: Python<'_>, path: &str, tokens: bool, groups: bool) -> PyResult<()> {
        self.inner
            .check_path(path, tokens, groups)
            .map_err(|e| to_py_err(py, &e))
    }

    /// Whether the length reward needs token counts.
    #[getter]
    fn needs_tokens(&self) -> bool {
        self.inner.weights().length != 0.0
            && self.inner.length().unit == synlogic_core::reward::LengthUnit::Tokens
    }

    /// Whether the length reward reads each row's level.
    #[getter]
    fn needs_levels(&self) -> bool {
        self.inner.weights().length != 0.0
            && self.inner.length().difficulty == synlogic_core::reward::Difficulty::Level
    }

    /// Rewards of `completions[i]` against `verifications[i]` in parallel (GIL released).
    /// `tokens` and `levels` are `None` or one entry per completion.
    #[pyo3(signature = (verifications, completions, tokens=None, levels=None))]
    fn rewards(
        &self,
        py: Python<'_>,
        verifications: Vec<Text>,
        completions: Vec<Text>,
        tokens: Option<Vec<u64>>,
        levels: Option<Vec<Option<i64>>>,
    ) -> PyResult<RewardColumns> {
        let n = completions.len();
        for (name, len) in [
            ("tokens", tokens.as_ref().map(Vec::len)),
            ("levels", levels.as_ref().map(Vec::len)),
        ] {
            if let Some(len) = len.filter(|&len| len != n) {
                return Err(to_py_err(
                    py,
                    &Error::InvalidArgument {
                        name: name.into(),
                        message: format!("{len} entries for {n} completions"),
                    },
                ));
            }
        }
        let infos: Vec<SampleInfo> = if tokens.is_none() && levels.is_none() {
            Vec::new()
        } else {
            (0..n)
                .map(|i| SampleInfo {
                    tokens: tokens.as_ref().map(|t| t[i]),
                    level: levels.as_ref().and_then(|l| l[i]),
                })
                .collect()
        };
        detached(py, || {
            let rewards = self.inner.rewards(&verifications, &completions, &infos)?;
            let mut columns: RewardColumns = Default::default();
            for r in &rewards {
                let e = &r.evaluation;
                columns.0.push(e.task);
                columns.1.push(e.correct);
                columns.2.push(e.credit);
                columns.3.push(e.answered);
                columns.4.push(e.strict_format);
                columns.5.push(e.lenient_format);
                columns.6.push(r.length_score);
                columns.7.push(r.total);
            }
            Ok(columns)
        })
    }

    /// The reward of one completion against a parsed payload:
    /// `(correct, credit, answered, strict, lenient, length_score, total)`.
    #[pyo3(signature = (payload, completion, tokens=None, level=None))]
    fn reward(
        &self,
        py: Python<'_>,
        payload: PyRef<'_, Payload>,
        completion: Text,
        tokens: Option<u64>,
        level: Option<i64>,
    ) -> PyResult<RewardTuple> {
        let text = completion;
        let info = SampleInfo { tokens, level };
        let payload = &payload.inner;
        let reward = py
            .detach(|| self.inner.reward(payload, &text, info))
            .map_err(|e| to_py_err(py, &e))?;
        Ok(reward_tuple(&reward))
    }

    fn __repr__(&self) -> String {
        format!("RewardSpec({:?})", self.inner)
    }
}
