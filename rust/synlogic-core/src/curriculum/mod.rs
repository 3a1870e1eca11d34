//! An adaptive curriculum: keeps every task at the edge of what the policy can solve.
//!
//! A [`Curriculum`] observes the scores of groups of completions (`task`, `level`, scores of
//! one prompt's G completions) and decides what comes next: per task a level window and a
//! weight, and the next items to train on as `(task, level, seed, index)`, which any
//! generator call turns into rows. Two policies: [`Policy::Band`] (raise a task's window when
//! its recent pass rate is above the target band, lower it when below) and
//! [`Policy::Bandit`] (a softmax bandit over task × level rewarded by the learning signal).
//!
//! Decisions are a pure function of the settings (with their seed) and the sequence of
//! observations and draws: the randomness of draw `k` comes from the counter-based ChaCha8
//! stream keyed by `(seed, k)`, never from a global generator. So ranks fed the same
//! gathered outcomes decide alike, a replay reproduces a run, and a curriculum rebuilt from
//! its state dict ([`Curriculum::state_json`]) continues exactly where the original was.

mod band;
mod bandit;
mod report;
mod settings;
mod state;
#[cfg(test)]
mod tests;

pub use settings::{Policy, Settings, Signal, TaskSetting, HIGHEST_LEVEL, LOWEST_LEVEL};
pub use state::{GroupTally, LevelStats, State, TaskState, STATE_FORMAT};

use crate::error::{Error, Result};
use crate::rng::ItemRng;

/// The key of the decision stream (never a task id: ids are `[a-z_]+`).
const DECISION_KEY: &str = "synlogic/curriculum";
/// The most items one [`Curriculum::draw`] call returns.
pub const MAX_DRAW: u64 = 1 << 20;
/// The most scores one group may hold.
pub const MAX_GROUP: usize = 1 << 20;

/// One item to train on: generate it as item `index` of `task` under `seed` at `level`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    /// The task id.
    pub task: &'static str,
    /// The difficulty level.
    pub level: i64,
    /// The generation seed (the curriculum's seed).
    pub seed: u64,
    /// The item index: the draw's position in the curriculum's stream, so no two draws
    /// repeat an item of a task.
    pub index: u64,
}

/// The scores of one prompt's group of completions at a task and level.
#[derive(Debug, Clone, Copy)]
pub struct Observation<'a> {
    /// The task id.
    pub task: &'a str,
    /// The level the item was generated at.
    pub level: i64,
    /// The scores of the group's completions (finite; at least one).
    pub scores: &'a [f64],
}

/// What one group tells the curriculum, computed once from its scores.
#[derive(Debug, Clone, Copy, PartialEq)]
struct GroupSummary {
    passed: u64,
    completions: u64,
    zero_variance: bool,
    signal: f64,
}

impl GroupSummary {
    fn of(settings: &Settings, scores: &[f64]) -> Self {
        let n = scores.len() as f64;
        let mean = scores.iter().sum::<f64>() / n;
        let deviation = scores.iter().map(|s| (s - mean).abs()).sum::<f64>() / n;
        // Exact equality: a GRPO group has no gradient only when every score is the same.
        let zero_variance = scores.iter().all(|&s| s == scores[0]);
        let signal = match settings.signal {
            Signal::MeanAbsAdvantage => deviation,
            Signal::NonzeroVariance => f64::from(u8::from(!zero_variance)),
        };
        Self {
            passed: scores
                .iter()
                .filter(|&&s| s >= settings.pass_threshold)
                .count() as u64,
            completions: scores.len() as u64,
            zero_variance,
            signal,
        }
    }
}

/// A deterministic, checkpointable curriculum over a set of tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Curriculum {
    state: State,
    /// The registered (static) id of each task, in settings order.
    ids: Vec<&'static str>,
}

impl Curriculum {
    /// A fresh curriculum from checked settings.
    pub fn new(settings: Settings) -> Result<Self> {
        let settings = settings.validated()?;
        Self::from_state(State::fresh(settings))
    }

    /// A fresh curriculum from settings as JSON (see [`Settings`] for the fields).
    pub fn from_settings_json(text: &str) -> Result<Self> {
        Self::new(Settings::from_json(text)?)
    }

    /// A curriculum continuing from a state dict written by [`Curriculum::state_json`].
    pub fn from_state_json(text: &str) -> Result<Self> {
        Self::from_state(State::from_json(text)?)
    }

    fn from_state(state: State) -> Result<Self> {
        let ids = state
            .settings
            .tasks
            .iter()
            .map(|e| crate::registry::find_task(&e.task).map(crate::erased::DynTask::id))
            .collect::<Result<_>>()?;
        Ok(Self { state, ids })
    }

    /// The checked settings.
    pub fn settings(&self) -> &Settings {
        &self.state.settings
    }

    /// The whole state (settings included).
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The state dict as JSON; [`Curriculum::from_state_json`] continues from it.
    pub fn state_json(&self) -> String {
        self.state.to_json()
    }

    /// The task ids, in settings order.
    pub fn tasks(&self) -> &[&'static str] {
        &self.ids
    }

    /// Records one group's scores (see [`Curriculum::observe_batch`]).
    pub fn observe(&mut self, task: &str, level: i64, scores: &[f64]) -> Result<()> {
        self.observe_batch(&[Observation {
            task,
            level,
            scores,
        }])
    }

    /// Records groups in order. Every group is checked before any is applied, so a bad
    /// group (unknown task, level outside the curriculum's range, no scores, a non-finite
    /// score) leaves the curriculum unchanged.
    ///
    /// Groups at a level outside a task's current window (items drawn before the window
    /// moved) count in the statistics and the bandit but not in the band policy's decision.
    pub fn observe_batch(&mut self, groups: &[Observation<'_>]) -> Result<()> {
        let checked = groups
            .iter()
            .enumerate()
            .map(|(i, group)| self.check(i, group))
            .collect::<Result<Vec<_>>>()?;
        for (position, level, summary) in checked {
            self.apply(position, level, summary);
        }
        Ok(())
    }

    fn check(&self, i: usize, group: &Observation<'_>) -> Result<(usize, i64, GroupSummary)> {
        let settings = &self.state.settings;
        let position = settings.task_position(group.task)?;
        if !(LOWEST_LEVEL..=HIGHEST_LEVEL).contains(&group.level) {
            return Err(Error::InvalidLevel {
                task: group.task.to_string(),
                level: group.level,
            });
        }
        if !(settings.min_level..=settings.max_level).contains(&group.level) {
            return Err(Error::InvalidArgument {
                name: format!("groups[{i}].level"),
                message: format!(
                    "level {} of {:?} is outside this curriculum's levels {}..={}",
                    group.level, group.task, settings.min_level, settings.max_level
                ),
            });
        }
        if group.scores.is_empty() || group.scores.len() > MAX_GROUP {
            return Err(Error::InvalidArgument {
                name: format!("groups[{i}].scores"),
                message: format!(
                    "a group needs between 1 and {MAX_GROUP} scores, got {}",
                    group.scores.len()
                ),
            });
        }
        if let Some(bad) = group.scores.iter().position(|s| !s.is_finite()) {
            return Err(Error::InvalidArgument {
                name: format!("groups[{i}].scores[{bad}]"),
                message: format!("scores must be finite, got {}", group.scores[bad]),
            });
        }
        Ok((
            position,
            group.level,
            GroupSummary::of(settings, group.scores),
        ))
    }

    fn apply(&mut self, position: usize, level: i64, summary: GroupSummary) {
        let State {
            settings,
            groups,
            tasks,
            ..
        } = &mut self.state;
        *groups = groups.saturating_add(1);
        let task = &mut tasks[position];
        let arm = &mut task.levels[(level - settings.min_level) as usize];
        arm.groups = arm.groups.saturating_add(1);
        arm.completions = arm.completions.saturating_add(summary.completions);
        arm.passed = arm.passed.saturating_add(summary.passed);
        arm.zero_variance = arm
            .zero_variance
            .saturating_add(u64::from(summary.zero_variance));
        arm.signal_sum += summary.signal;
        match settings.policy {
            Policy::Bandit => bandit::learn(settings, arm, summary.signal),
            Policy::Band => {
                if band::in_window(settings, task, level) {
                    let tally = GroupTally {
                        passed: summary.passed,
                        completions: summary.completions,
                    };
                    band::record(settings, task, tally);
                }
            }
        }
    }

    /// Draws the next `n` items and advances the decision counter by `n`.
    ///
    /// Draw `k` (counting from the curriculum's start) is decided by the ChaCha8 stream
    /// keyed by `(seed, k)` from the current state, and its item index is `k`.
    pub fn draw(&mut self, n: u64) -> Result<Vec<Draw>> {
        if n > MAX_DRAW {
            return Err(Error::InvalidArgument {
                name: "n".into(),
                message: format!("at most {MAX_DRAW} items per draw, got {n}"),
            });
        }
        let first = self.state.draws;
        let end = first.checked_add(n).ok_or_else(|| Error::InvalidArgument {
            name: "n".into(),
            message: "the curriculum's draw counter would overflow".into(),
        })?;
        let settings = &self.state.settings;
        let span = settings.level_span();
        let draws = match settings.policy {
            Policy::Band => {
                let weights: Vec<f64> = settings.tasks.iter().map(|e| e.weight).collect();
                (first..end)
                    .map(|k| {
                        let mut rng = ItemRng::for_item(DECISION_KEY, settings.seed, k);
                        let position = rng.weighted(&weights);
                        let low = self.state.tasks[position].window_low;
                        let level = rng.range(low, low + settings.window - 1);
                        self.draw_of(position, level, k)
                    })
                    .collect()
            }
            Policy::Bandit => {
                let probabilities = bandit::arm_probabilities(settings, &self.state.tasks);
                (first..end)
                    .map(|k| {
                        let mut rng = ItemRng::for_item(DECISION_KEY, settings.seed, k);
                        let arm = rng.weighted(&probabilities);
                        let level = settings.min_level + (arm % span) as i64;
                        self.draw_of(arm / span, level, k)
                    })
                    .collect()
            }
        };
        self.state.draws = end;
        Ok(draws)
    }

    fn draw_of(&self, position: usize, level: i64, index: u64) -> Draw {
        Draw {
            task: self.ids[position],
            level,
            seed: self.state.settings.seed,
            index,
        }
    }

    /// Per task, the level window `(low, high)` items are drawn from: the band policy's
    /// window, or for the bandit the levels holding at least a tenth of the task's mass.
    pub fn windows(&self) -> Vec<(&'static str, i64, i64)> {
        let settings = &self.state.settings;
        match settings.policy {
            Policy::Band => self
                .ids
                .iter()
                .zip(&self.state.tasks)
                .map(|(&id, t)| (id, t.window_low, t.window_low + settings.window - 1))
                .collect(),
            Policy::Bandit => {
                let span = settings.level_span();
                let probabilities = bandit::arm_probabilities(settings, &self.state.tasks);
                self.ids
                    .iter()
                    .zip(probabilities.chunks(span))
                    .map(|(&id, levels)| {
                        let best = levels.iter().copied().fold(0.0, f64::max);
                        let kept = |p: &f64| *p >= best / 10.0;
                        let low = levels.iter().position(kept).unwrap_or(0);
                        let high = levels.iter().rposition(kept).unwrap_or(0);
                        (
                            id,
                            settings.min_level + low as i64,
                            settings.min_level + high as i64,
                        )
                    })
                    .collect()
            }
        }
    }

    /// Per task, the level the next items centre on: the band window's lowest level, or the
    /// bandit's most probable level for the task (the lowest on a tie).
    pub fn levels(&self) -> Vec<(&'static str, i64)> {
        let settings = &self.state.settings;
        match settings.policy {
            Policy::Band => self
                .ids
                .iter()
                .zip(&self.state.tasks)
                .map(|(&id, t)| (id, t.window_low))
                .collect(),
            Policy::Bandit => {
                let span = settings.level_span();
                let probabilities = bandit::arm_probabilities(settings, &self.state.tasks);
                self.ids
                    .iter()
                    .zip(probabilities.chunks(span))
                    .map(|(&id, levels)| {
                        let mut best = 0;
                        for (i, &p) in levels.iter().enumerate() {
                            if p > levels[best] {
                                best = i;
                            }
                        }
                        (id, settings.min_level + best as i64)
                    })
                    .collect()
            }
        }
    }

    /// Per task, the share of the next items drawn from it (summing to 1).
    pub fn task_weights(&self) -> Vec<(&'static str, f64)> {
        let settings = &self.state.settings;
        let shares: Vec<f64> = match settings.policy {
            Policy::Band => {
                let total: f64 = settings.tasks.iter().map(|e| e.weight).sum();
                settings.tasks.iter().map(|e| e.weight / total).collect()
            }
            Policy::Bandit => bandit::arm_probabilities(settings, &self.state.tasks)
                .chunks(settings.level_span())
                .map(|levels| levels.iter().sum())
                .collect(),
        };
        self.ids.iter().copied().zip(shares).collect()
    }

    /// What the curriculum knows, as JSON a trainer can log (see [`report`]).
    pub fn report(&self) -> serde_json::Value {
        report::report(self)
    }
}
