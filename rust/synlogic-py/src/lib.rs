//! `synlogic._core`: the PyO3 bindings. Conversion, GIL release and error mapping only;
//! everything else lives in `synlogic-core`.

mod arrow;
mod curriculum;
mod reward;
mod text;

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde_json::{json, Value};
use synlogic_core::catalogue::catalogue;
use synlogic_core::item::verify_batch as core_verify_batch;
use synlogic_core::row;
use synlogic_core::{
    evaluate as core_evaluate, evaluate_batch as core_evaluate_batch, find_task, task_ids, Error,
    Evaluation, Generator, Item, Mix as CoreMix, Payload as CorePayload, RewardOptions,
    Verdict as CoreVerdict, VerifyOptions,
};
use text::Text;

/// Raises the `synlogic.exceptions` class that matches a core error.
fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    let class = match error {
        Error::UnknownTask { .. } => "UnknownTaskError",
        Error::UnknownKnob { .. } => "UnknownKnobError",
        Error::InvalidKnob { .. } => "KnobValueError",
        Error::InvalidLevel { .. } => "LevelError",
        Error::GenerationFailed { .. } => "GenerationError",
        Error::InvalidPayload(_) => "PayloadError",
        Error::InvalidArgument { .. } => "InvalidArgumentError",
        Error::Catalogue(_) => "CatalogueError",
        Error::Internal(_) => "InternalError",
    };
    let message = error.to_string();
    match py
        .import("synlogic.exceptions")
        .and_then(|m| m.getattr(class))
    {
        Ok(class) => match class.call1((message.clone(),)) {
            Ok(instance) => PyErr::from_value(instance),
            Err(err) => err,
        },
        Err(_) => pyo3::exceptions::PyRuntimeError::new_err(message),
    }
}

/// Runs `f` with the GIL released, catching any panic as an internal error.
fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error> + Send) -> PyResult<T> {
    let outcome = py.detach(|| {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::Internal(message))
        })
    });
    outcome.map_err(|e| to_py_err(py, &e))
}

fn parse_knobs(knobs_json: Option<&str>) -> Result<Value, Error> {
    knobs_json.map_or(Ok(Value::Null), |text| {
        serde_json::from_str(text).map_err(|e| Error::InvalidArgument {
            name: "knobs".into(),
            message: e.to_string(),
        })
    })
}

/// The ids of every registered task.
#[pyfunction]
fn list_tasks() -> Vec<&'static str> {
    task_ids().collect()
}

/// The whole catalogue as JSON: per task, summary, family, version, knobs and levels.
#[pyfunction]
fn catalogue_json(py: Python<'_>) -> PyResult<String> {
    detached(py, || {
        let cat = catalogue()?;
        let mut tasks = serde_json::Map::new();
        for id in task_ids() {
            let task = find_task(id)?;
            let entry = cat.entry(id)?;
            tasks.insert(
                id.to_string(),
                json!({
                    "summary": entry.summary,
                    "family": entry.family,
                    "version": task.version(),
                    "default_level": entry.default_level,
                    "difficulty_measure": task.difficulty_measure(),
                    "unique_solution": task.claims_unique(),
                    "knobs": task.default_knobs(),
                    "levels": entry.levels,
                    "distinct_items": entry.distinct_items,
                }),
            );
        }
        Ok(Value::Object(tasks).to_string())
    })
}

/// Options that shape a row's prompt column.
struct PromptStyle<'a> {
    system_prompt: Option<&'a str>,
    chat: bool,
}

/// The interned key strings of a row dict, taken from `row::COLUMNS`.
struct RowKeys<'py> {
    columns: Vec<Bound<'py, PyString>>,
    message: Vec<Bound<'py, PyString>>,
    reward_model: Vec<Bound<'py, PyString>>,
    extra_info: Vec<Bound<'py, PyString>>,
}

impl<'py> RowKeys<'py> {
    fn new(py: Python<'py>) -> Self {
        let names = |columns: &[row::Column]| -> Vec<Bound<'py, PyString>> {
            columns
                .iter()
                .map(|c| PyString::intern(py, c.name))
                .collect()
        };
        debug_assert_eq!(row::COLUMNS.len(), 12, "RowBuilder::row fills 12 columns");
        Self {
            columns: names(row::COLUMNS),
            message: names(row::MESSAGE_FIELDS),
            reward_model: names(row::REWARD_MODEL_FIELDS),
            extra_info: names(row::EXTRA_INFO_FIELDS),
        }
    }
}

/// One chat message dict (`keys`: the `row::MESSAGE_FIELDS` names).
fn message<'py>(
    py: Python<'py>,
    keys: &[Bound<'py, PyString>],
    role: &Bound<'py, PyString>,
    content: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyDict>> {
    let message = PyDict::new(py);
    message.set_item(&keys[0], role)?;
    message.set_item(&keys[1], content)?;
    Ok(message)
}

/// Builds row dicts. Keys and constant values are interned; the strings shared by
/// consecutive rows of one task are created once per run of that task, and a row's
/// payload string is created once for both columns that hold it.
struct RowBuilder<'py, 'a> {
    py: Python<'py>,
    style: &'a PromptStyle<'a>,
    system: Option<Bound<'py, PyString>>,
    /// The names of `row::COLUMNS`, then of its two struct columns' fields, made once.
    keys: RowKeys<'py>,
    /// The last task seen, with its `task`, `data_source` and `ability` strings.
    task: Option<(&'static str, [Bound<'py, PyString>; 3])>,
}

impl<'py, 'a> RowBuilder<'py, 'a> {
    fn new(py: Python<'py>, style: &'a PromptStyle<'a>) -> Self {
        let system = style.system_prompt.map(|text| PyString::new(py, text));
        Self {
            py,
            style,
            system,
            keys: RowKeys::new(py),
            task: None,
        }
    }

    fn task_strings(&mut self, item: &Item) -> [Bound<'py, PyString>; 3] {
        match &self.task {
            Some((task, strings)) if *task == item.task => strings.clone(),
            _ => {
                let strings = [
                    PyString::new(self.py, item.task),
                    PyString::new(self.py, &row::data_source(item.task)),
                    PyString::new(self.py, item.family),
                ];
                self.task = Some((item.task, strings.clone()));
                strings
            }
        }
    }

    fn row(&mut self, item: &Item) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let [task, data_source, family] = self.task_strings(item);
        let RowKeys {
            columns,
            message: message_keys,
            reward_model: reward_keys,
            extra_info: extra_keys,
        } = &self.keys;
        let prompt = if self.style.chat {
            let messages = PyList::empty(py);
            if let Some(system) = &self.system {
                messages.append(message(py, message_keys, intern!(py, "system"), system)?)?;
            }
            let user = PyString::new(py, &item.prompt);
            messages.append(message(py, message_keys, intern!(py, "user"), &user)?)?;
            messages.into_any()
        } else {
            PyString::new(py, &item.prompt).into_any()
        };
        let verification = PyString::new(py, &item.verification);
        let reward_model = PyDict::new(py);
        reward_model.set_item(&reward_keys[0], intern!(py, row::REWARD_STYLE))?;
        reward_model.set_item(&reward_keys[1], &verification)?;
        let extra = PyDict::new(py);
        extra.set_item(&extra_keys[0], item.index)?;
        extra.set_item(&extra_keys[1], &task)?;
        extra.set_item(&extra_keys[2], item.level)?;
        extra.set_item(&extra_keys[3], item.seed)?;
        // In `row::COLUMNS` order; `RowKeys::new` checks the count.
        let values: [Bound<'py, PyAny>; 12] = [
            prompt,
            task.into_any(),
            item.level.into_pyobject(py)?.into_any(),
            item.seed.into_pyobject(py)?.into_any(),
            item.index.into_pyobject(py)?.into_any(),
            PyString::new(py, &item.answer).into_any(),
            verification.into_any(),
            data_source.into_any(),
            family.into_any(),
            reward_model.into_any(),
            extra.into_any(),
            PyString::new(py, &item.metadata).into_any(),
        ];
        let row = PyDict::new(py);
        for (key, value) in columns.iter().zip(values) {
            row.set_item(key, value)?;
        }
        Ok(row)
    }

    /// All `items` as a list of row dicts.
    fn rows(mut self, items: &[Item]) -> PyResult<Bound<'py, PyList>> {
        let rows = items
            .iter()
            .map(|item| self.row(item))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(self.py, rows)
    }
}

/// Generates rows `start..start + n` of `task` under `seed` as dicts.
#[pyfunction]
#[pyo3(signature = (task, n, seed, start, level=None, knobs_json=None, system_prompt=None, chat=true))]
#[allow(clippy::too_many_arguments)]
fn generate_rows(
    py: Python<'_>,
    task: Text,
    n: u64,
    seed: u64,
    start: u64,
    level: Option<i64>,
    knobs_json: Option<Text>,
    system_prompt: Option<Text>,
    chat: bool,
) -> PyResult<Bound<'_, PyList>> {
    let items = detached(py, || {
        Generator::new(&task, level, &parse_knobs(knobs_json.as_deref())?)?.batch(seed, start, n)
    })?;
    let style = PromptStyle {
        system_prompt: system_prompt.as_deref(),
        chat,
    };
    RowBuilder::new(py, &style).rows(&items)
}

/// Generates rows `start..start + n` as JSON Lines (UTF-8 bytes, one row per line).
#[pyfunction]
#[pyo3(signature = (task, n, seed, start, level=None, knobs_json=None, system_prompt=None, chat=true))]
#[allow(clippy::too_many_arguments)]
fn generate_jsonl(
    py: Python<'_>,
    task: Text,
    n: u64,
    seed: u64,
    start: u64,
    level: Option<i64>,
    knobs_json: Option<Text>,
    system_prompt: Option<Text>,
    chat: bool,
) -> PyResult<Bound<'_, PyBytes>> {
    let text = detached(py, || {
        let items = Generator::new(&task, level, &parse_knobs(knobs_json.as_deref())?)?
            .batch(seed, start, n)?;
        Ok(row::to_jsonl(&items, system_prompt.as_deref(), chat))
    })?;
    Ok(PyBytes::new(py, &text))
}

/// Checks knobs for `task` at `level` and returns the effective knob values as JSON.
#[pyfunction]
#[pyo3(signature = (task, level=None, knobs_json=None))]
fn resolve_knobs(
    py: Python<'_>,
    task: Text,
    level: Option<i64>,
    knobs_json: Option<Text>,
) -> PyResult<String> {
    detached(py, || {
        Ok(
            Generator::new(&task, level, &parse_knobs(knobs_json.as_deref())?)?
                .knobs_json()
                .to_string(),
        )
    })
}

/// The score of one completion.
#[pyclass(frozen, module = "synlogic._core", get_all)]
#[derive(Clone)]
struct Verdict {
    /// The score in [0, 1].
    score: f64,
    /// The answer is fully correct.
    correct: bool,
    /// Why the score is what it is.
    reason: String,
}

#[pymethods]
impl Verdict {
    fn __repr__(&self) -> String {
        format!(
            "Verdict(score={:?}, correct={}, reason={:?})",
            self.score,
            if self.correct { "True" } else { "False" },
            self.reason
        )
    }

    fn __float__(&self) -> f64 {
        self.score
    }
}

impl From<CoreVerdict> for Verdict {
    fn from(v: CoreVerdict) -> Self {
        Self {
            score: v.score,
            correct: v.correct,
            reason: v.reason.into_owned(),
        }
    }
}

/// Scores one completion against one verification payload.
#[pyfunction]
#[pyo3(signature = (verification, completion, tag=Some("answer"), partial=false), text_signature = "(verification, completion, tag='answer', partial=False)")]
fn verify(
    py: Python<'_>,
    verification: Text,
    completion: Text,
    tag: Option<&str>,
    partial: bool,
) -> PyResult<Verdict> {
    let options = VerifyOptions::new(tag, partial);
    detached(py, || {
        Ok(CorePayload::parse(&verification)?
            .verify(&completion, &options)
            .into())
    })
}

/// Scores `completions[i]` against `verifications[i]`, in parallel.
#[pyfunction]
#[pyo3(signature = (verifications, completions, tag=Some("answer"), partial=false), text_signature = "(verifications, completions, tag='answer', partial=False)")]
fn verify_batch(
    py: Python<'_>,
    verifications: Vec<Text>,
    completions: Vec<Text>,
    tag: Option<&str>,
    partial: bool,
) -> PyResult<Vec<Verdict>> {
    let options = VerifyOptions::new(tag, partial);
    detached(py, || {
        Ok(core_verify_batch(&verifications, &completions, &options)?
            .into_iter()
            .map(Verdict::from)
            .collect())
    })
}

/// Like `verify_batch`, returning only the scores (the fast path for reward functions).
#[pyfunction]
#[pyo3(signature = (verifications, completions, tag=Some("answer"), partial=false), text_signature = "(verifications, completions, tag='answer', partial=False)")]
fn score_batch(
    py: Python<'_>,
    verifications: Vec<Text>,
    completions: Vec<Text>,
    tag: Option<&str>,
    partial: bool,
) -> PyResult<Vec<f64>> {
    let options = VerifyOptions::new(tag, partial);
    detached(py, || {
        Ok(core_verify_batch(&verifications, &completions, &options)?
            .into_iter()
            .map(|v| v.score)
            .collect())
    })
}

/// A checked source of rows: one task, or a weighted mix of tasks, each with its own level
/// and knobs. Row `index` under `seed` is the same in any batch.
#[pyclass(frozen, module = "synlogic._core")]
struct Mix {
    inner: CoreMix,
}

#[pymethods]
impl Mix {
    /// Checks a JSON array of `{"task", "weight", "level", "knobs"}` entries.
    #[new]
    fn new(py: Python<'_>, entries_json: Text) -> PyResult<Self> {
        let inner = detached(py, || CoreMix::from_json(&entries_json))?;
        Ok(Self { inner })
    }

    /// The task id of each entry.
    #[getter]
    fn tasks(&self) -> Vec<&'static str> {
        self.inner
            .generators()
            .iter()
            .map(Generator::task)
            .collect()
    }

    /// The effective knobs (JSON) of each entry.
    #[getter]
    fn knobs_json(&self) -> Vec<String> {
        self.inner
            .generators()
            .iter()
            .map(|g| g.knobs_json().to_string())
            .collect()
    }

    /// The entry each of rows `start..start + n` comes from.
    fn entries(&self, py: Python<'_>, seed: u64, start: u64, n: u64) -> PyResult<Vec<usize>> {
        let indices = synlogic_core::item::index_range(start, n).map_err(|e| to_py_err(py, &e))?;
        Ok(indices.map(|i| self.inner.entry_of(seed, i)).collect())
    }

    /// Rows `start..start + n` as dicts.
    #[pyo3(signature = (seed, start, n, system_prompt=None, chat=true))]
    fn rows<'py>(
        &self,
        py: Python<'py>,
        seed: u64,
        start: u64,
        n: u64,
        system_prompt: Option<Text>,
        chat: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let items = detached(py, || self.inner.batch(seed, start, n))?;
        let style = PromptStyle {
            system_prompt: system_prompt.as_deref(),
            chat,
        };
        RowBuilder::new(py, &style).rows(&items)
    }

    /// Rows `start..start + n` as JSON Lines bytes.
    #[pyo3(signature = (seed, start, n, system_prompt=None, chat=true))]
    fn jsonl<'py>(
        &self,
        py: Python<'py>,
        seed: u64,
        start: u64,
        n: u64,
        system_prompt: Option<Text>,
        chat: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let text = detached(py, || {
            let items = self.inner.batch(seed, start, n)?;
            Ok(row::to_jsonl(&items, system_prompt.as_deref(), chat))
        })?;
        Ok(PyBytes::new(py, &text))
    }

    /// Rows `start..start + n` as one Arrow record batch (see `ArrowBatch`).
    #[pyo3(signature = (seed, start, n, system_prompt=None, chat=true))]
    fn arrow(
        &self,
        py: Python<'_>,
        seed: u64,
        start: u64,
        n: u64,
        system_prompt: Option<Text>,
        chat: bool,
    ) -> PyResult<arrow::ArrowBatch> {
        let batch = detached(py, || {
            let items = self.inner.batch(seed, start, n)?;
            arrow::record_batch(&items, system_prompt.as_deref(), chat)
                .map_err(|e| Error::Internal(format!("arrow export failed: {e}")))
        })?;
        Ok(arrow::ArrowBatch::new(batch))
    }

    /// Generates rows `start..start + n` and drops them (for benchmarks: generation alone).
    fn _generate_only(&self, py: Python<'_>, seed: u64, start: u64, n: u64) -> PyResult<usize> {
        detached(py, || Ok(self.inner.batch(seed, start, n)?.len()))
    }

    fn __repr__(&self) -> String {
        format!("Mix(tasks={:?})", self.tasks())
    }
}

/// A parsed verification payload, kept for repeated scoring (one sample per call).
#[pyclass(frozen, module = "synlogic._core")]
struct Payload {
    inner: CorePayload,
}

/// `(correct, credit, answered, strict_format, lenient_format)` of one evaluation.
type EvaluationTuple = (bool, f64, bool, bool, bool);

fn evaluation_tuple(e: &Evaluation) -> EvaluationTuple {
    (
        e.correct,
        e.credit,
        e.answered,
        e.strict_format,
        e.lenient_format,
    )
}

#[pymethods]
impl Payload {
    /// Parses a verification payload (raises `PayloadError` if it is malformed).
    #[new]
    fn new(py: Python<'_>, verification: Text) -> PyResult<Self> {
        let inner = CorePayload::parse(&verification).map_err(|e| to_py_err(py, &e))?;
        Ok(Self { inner })
    }

    /// The payload's task id.
    #[getter]
    fn task(&self) -> &'static str {
        self.inner.task()
    }

    /// The canonical answer stored in the payload.
    #[getter]
    fn answer(&self) -> &str {
        self.inner.answer()
    }

    /// Scores one completion.
    #[pyo3(signature = (completion, tag=Some("answer"), partial=false), text_signature = "($self, completion, tag='answer', partial=False)")]
    fn verify(
        &self,
        py: Python<'_>,
        completion: Text,
        tag: Option<&str>,
        partial: bool,
    ) -> Verdict {
        let options = VerifyOptions::new(tag, partial);
        py.detach(|| self.inner.verify(&completion, &options))
            .into()
    }

    /// `(correct, credit, answered, strict_format, lenient_format)` for one completion.
    #[pyo3(signature = (completion, tag=Some("answer"), think_tag=Some("think")), text_signature = "($self, completion, tag='answer', think_tag='think')")]
    fn evaluate(
        &self,
        py: Python<'_>,
        completion: Text,
        tag: Option<&str>,
        think_tag: Option<&str>,
    ) -> EvaluationTuple {
        let options = RewardOptions::new(tag, think_tag);
        evaluation_tuple(&py.detach(|| core_evaluate(&self.inner, &completion, &options)))
    }

    fn __repr__(&self) -> String {
        format!("Payload(task={:?})", self.inner.task())
    }
}

/// Column-wise evaluations of a batch: `(tasks, correct, credit, answered, strict, lenient)`.
type EvaluationColumns = (
    Vec<&'static str>,
    Vec<bool>,
    Vec<f64>,
    Vec<bool>,
    Vec<bool>,
    Vec<bool>,
);

/// Evaluates `completions[i]` against `verifications[i]` in parallel (GIL released):
/// returns the columns `(tasks, correct, credit, answered, strict_format, lenient_format)`.
#[pyfunction]
#[pyo3(signature = (verifications, completions, tag=Some("answer"), think_tag=Some("think")), text_signature = "(verifications, completions, tag='answer', think_tag='think')")]
fn evaluate_batch(
    py: Python<'_>,
    verifications: Vec<Text>,
    completions: Vec<Text>,
    tag: Option<&str>,
    think_tag: Option<&str>,
) -> PyResult<EvaluationColumns> {
    let options = RewardOptions::new(tag, think_tag);
    detached(py, || {
        let evaluations = core_evaluate_batch(&verifications, &completions, &options)?;
        let n = evaluations.len();
        let mut columns: EvaluationColumns = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for e in &evaluations {
            columns.0.push(e.task);
            columns.1.push(e.correct);
            columns.2.push(e.credit);
            columns.3.push(e.answered);
            columns.4.push(e.strict_format);
            columns.5.push(e.lenient_format);
        }
        Ok(columns)
    })
}

/// The number of threads the pool uses (`SYNLOGIC_NUM_THREADS`, default: all cores).
#[pyfunction]
fn num_threads() -> usize {
    synlogic_core::parallel::configured_threads()
}

/// Panics inside the core on purpose: proves that panics surface as `InternalError`.
#[pyfunction]
fn _debug_panic(py: Python<'_>) -> PyResult<()> {
    detached(py, || -> Result<(), Error> {
        panic!("deliberate panic for testing")
    })
}

/// The `synlogic._core` module.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(list_tasks, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue_json, m)?)?;
    m.add_function(wrap_pyfunction!(generate_rows, m)?)?;
    m.add_function(wrap_pyfunction!(generate_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_knobs, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(verify_batch, m)?)?;
    m.add_function(wrap_pyfunction!(score_batch, m)?)?;
    m.add_function(wrap_pyfunction!(num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(_debug_panic, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_batch, m)?)?;
    m.add_class::<Verdict>()?;
    m.add_class::<Mix>()?;
    m.add_class::<Payload>()?;
    m.add_class::<arrow::ArrowBatch>()?;
    m.add_class::<arrow::RowSchema>()?;
    m.add_class::<reward::RewardSpec>()?;
    m.add_class::<curriculum::Curriculum>()?;
    m.add_function(wrap_pyfunction!(reward::verify_texts, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DATA_SOURCE_PREFIX", row::DATA_SOURCE_PREFIX)?;
    Ok(())
}
