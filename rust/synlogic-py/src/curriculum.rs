//! The curriculum binding: `synlogic._core.Curriculum`, a thin handle on the core's
//! deterministic controller. Settings and state cross as JSON; `synlogic.curriculum` wraps
//! this class with Python calling conventions and the trainer glue.

use pyo3::prelude::*;
use synlogic_core::curriculum::{Curriculum as CoreCurriculum, Draw, Observation};
use synlogic_core::Error;

use crate::detached;
use crate::text::Text;

/// `(task, level, seed, index)` of one drawn item.
type DrawTuple = (&'static str, i64, u64, u64);

/// An adaptive curriculum over tasks (settings as JSON; see `synlogic.Curriculum`).
#[pyclass(module = "synlogic._core")]
pub struct Curriculum {
    inner: CoreCurriculum,
}

#[pymethods]
impl Curriculum {
    /// Checks the settings (JSON) and starts a fresh curriculum.
    #[new]
    fn new(py: Python<'_>, settings_json: Text) -> PyResult<Self> {
        let inner = detached(py, || CoreCurriculum::from_settings_json(&settings_json))?;
        Ok(Self { inner })
    }

    /// A curriculum continuing from a state written by `state_json`.
    #[staticmethod]
    fn from_state_json(py: Python<'_>, state_json: Text) -> PyResult<Self> {
        let inner = detached(py, || CoreCurriculum::from_state_json(&state_json))?;
        Ok(Self { inner })
    }

    /// Replaces this curriculum's whole state (settings included) by a checked state.
    fn load_state_json(&mut self, py: Python<'_>, state_json: Text) -> PyResult<()> {
        self.inner = detached(py, || CoreCurriculum::from_state_json(&state_json))?;
        Ok(())
    }

    /// The whole state, settings included, as JSON.
    fn state_json(&self) -> String {
        self.inner.state_json()
    }

    /// The checked settings as JSON (starting levels filled in).
    #[getter]
    fn settings_json(&self) -> String {
        serde_json::to_string(self.inner.settings()).unwrap_or_default()
    }

    /// The task ids, in settings order.
    #[getter]
    fn tasks(&self) -> Vec<&'static str> {
        self.inner.tasks().to_vec()
    }

    /// Records one group's scores at `task` and `level`.
    fn observe(
        &mut self,
        py: Python<'_>,
        task: Text,
        level: i64,
        scores: Vec<f64>,
    ) -> PyResult<()> {
        let inner = &mut self.inner;
        detached(py, || inner.observe(&task, level, &scores))
    }

    /// Records groups in order: `tasks[i]`, `levels[i]`, `scores[i]` form group `i`. Nothing
    /// is applied unless every group is valid.
    fn observe_batch(
        &mut self,
        py: Python<'_>,
        tasks: Vec<Text>,
        levels: Vec<i64>,
        scores: Vec<Vec<f64>>,
    ) -> PyResult<()> {
        let inner = &mut self.inner;
        detached(py, || {
            if tasks.len() != levels.len() || tasks.len() != scores.len() {
                return Err(Error::InvalidArgument {
                    name: "groups".into(),
                    message: format!(
                        "tasks, levels and scores differ in length: {}, {}, {}",
                        tasks.len(),
                        levels.len(),
                        scores.len()
                    ),
                });
            }
            let groups: Vec<Observation<'_>> = tasks
                .iter()
                .zip(&levels)
                .zip(&scores)
                .map(|((task, &level), scores)| Observation {
                    task,
                    level,
                    scores,
                })
                .collect();
            inner.observe_batch(&groups)
        })
    }

    /// Draws the next `n` items as `(task, level, seed, index)` tuples.
    fn draw(&mut self, py: Python<'_>, n: u64) -> PyResult<Vec<DrawTuple>> {
        let inner = &mut self.inner;
        let draws = detached(py, || inner.draw(n))?;
        Ok(draws
            .into_iter()
            .map(
                |Draw {
                     task,
                     level,
                     seed,
                     index,
                 }| (task, level, seed, index),
            )
            .collect())
    }

    /// `(task, level)` per task: the level the next items centre on.
    fn levels(&self) -> Vec<(&'static str, i64)> {
        self.inner.levels()
    }

    /// `(task, low, high)` per task: the level window the next items come from.
    fn windows(&self) -> Vec<(&'static str, i64, i64)> {
        self.inner.windows()
    }

    /// `(task, share)` per task: the share of the next items drawn from it.
    fn task_weights(&self) -> Vec<(&'static str, f64)> {
        self.inner.task_weights()
    }

    /// The report (levels, pass rates per task and level, zero-variance shares) as JSON.
    fn report_json(&self) -> String {
        self.inner.report().to_string()
    }

    fn __repr__(&self) -> String {
        format!("Curriculum(tasks={:?})", self.inner.tasks())
    }
}
