//! What a curriculum is configured with: its tasks, its policy and the policy's parameters.
//!
//! Settings arrive as JSON from a user (or inside a state dict), so every field is checked by
//! [`Settings::validated`] before a curriculum uses it; defaults are the documented ones.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{closest, Error, Result};
use crate::item::Generator;
use crate::registry::find_task;

/// The lowest difficulty level of every task.
pub const LOWEST_LEVEL: i64 = 1;
/// The highest difficulty level of every task.
pub const HIGHEST_LEVEL: i64 = 10;
/// The most tasks one curriculum follows (bounds the work of one decision).
pub const MAX_TASKS: usize = 1024;

/// One task of a curriculum: its relative weight and its starting level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskSetting {
    /// The task id.
    pub task: String,
    /// The relative weight (finite, >= 0). The band policy draws tasks in these proportions;
    /// the bandit multiplies its own preference by them.
    #[serde(default = "one")]
    pub weight: f64,
    /// The starting level (default: the task's catalogue default).
    #[serde(default)]
    pub level: Option<i64>,
    /// Knob overrides the task's items are generated with (a mapping, or null), checked at
    /// every level the curriculum may use.
    #[serde(default)]
    pub knobs: Value,
}

fn one() -> f64 {
    1.0
}

/// How the curriculum chooses levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Per task, a window of levels that moves up when the recent pass rate is above the
    /// target band and down when it is below.
    #[default]
    Band,
    /// A bandit over (task, level) arms whose reward is the learning signal of a group.
    Bandit,
}

/// What counts as the learning signal of one group of completions (the bandit's reward).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// The mean absolute deviation of the scores from the group mean: the mean absolute
    /// advantage before GRPO's division by the standard deviation (0.5 at most for 0/1 scores,
    /// reached at a pass rate of one half).
    #[default]
    MeanAbsAdvantage,
    /// 1 when the scores are not all equal, else 0.
    NonzeroVariance,
}

/// Every parameter of a curriculum. Unknown fields are refused, missing ones take defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The tasks (at least one, each once).
    pub tasks: Vec<TaskSetting>,
    /// The policy.
    pub policy: Policy,
    /// Keys the decision stream and is the seed of every drawn item.
    pub seed: u64,
    /// The lower edge of the target pass-rate band.
    pub band_low: f64,
    /// The upper edge of the target pass-rate band.
    pub band_high: f64,
    /// How far outside the band the recent pass rate must be before the band policy moves a
    /// window (so a rate wobbling at an edge does not flip the level back and forth).
    pub hysteresis: f64,
    /// Groups a task must have at its current window before the band policy moves it.
    pub min_groups: u64,
    /// The most recent groups per task the band policy's pass rate is computed over.
    pub history: u64,
    /// The width of a task's level window (levels drawn uniformly within it).
    pub window: i64,
    /// How many levels one move shifts a window.
    pub step: i64,
    /// The lowest level the curriculum uses.
    pub min_level: i64,
    /// The highest level the curriculum uses.
    pub max_level: i64,
    /// A completion passes when its score is at least this.
    pub pass_threshold: f64,
    /// The bandit's reward.
    pub signal: Signal,
    /// The bandit's step size: an arm's value moves this share of the way to each new reward
    /// (its first reward replaces the initial value).
    pub learning_rate: f64,
    /// The bandit's softmax temperature (lower: greedier).
    pub temperature: f64,
    /// The bandit's exploration bonus weight (UCB-style, grows for arms not pulled lately).
    pub exploration: f64,
    /// The value of an arm never pulled (optimistic, so each arm is tried).
    pub initial_value: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tasks: Vec::new(),
            policy: Policy::Band,
            seed: 0,
            band_low: 0.3,
            band_high: 0.7,
            hysteresis: 0.05,
            min_groups: 8,
            history: 32,
            window: 1,
            step: 1,
            min_level: LOWEST_LEVEL,
            max_level: HIGHEST_LEVEL,
            pass_threshold: 1.0,
            signal: Signal::MeanAbsAdvantage,
            learning_rate: 0.3,
            temperature: 0.05,
            exploration: 0.05,
            initial_value: 0.5,
        }
    }
}

fn invalid(name: &str, message: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        message: message.into(),
    }
}

fn check_finite(name: &str, value: f64, low: f64, high: f64) -> Result<()> {
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(invalid(
            name,
            format!("must be a finite number in [{low}, {high}], got {value}"),
        ))
    }
}

impl Settings {
    /// Parses settings from JSON (unknown fields refused) and checks them.
    pub fn from_json(text: &str) -> Result<Self> {
        let settings: Settings =
            serde_json::from_str(text).map_err(|e| invalid("settings", e.to_string()))?;
        settings.validated()
    }

    /// Checks every field and fills each task's starting level (its catalogue default when
    /// not given, then clamped into the level range), so the result is self-describing.
    pub fn validated(mut self) -> Result<Self> {
        check_finite("band_low", self.band_low, 0.0, 1.0)?;
        check_finite("band_high", self.band_high, self.band_low, 1.0)?;
        check_finite("hysteresis", self.hysteresis, 0.0, 1.0)?;
        check_finite("pass_threshold", self.pass_threshold, f64::MIN, f64::MAX)?;
        check_finite("learning_rate", self.learning_rate, 1e-6, 1.0)?;
        check_finite("temperature", self.temperature, 1e-4, 1e4)?;
        check_finite("exploration", self.exploration, 0.0, 1e4)?;
        check_finite("initial_value", self.initial_value, -1e6, 1e6)?;
        if !(1..=1_000_000).contains(&self.min_groups) {
            return Err(invalid(
                "min_groups",
                format!("must be between 1 and 1000000, got {}", self.min_groups),
            ));
        }
        if self.history < self.min_groups || self.history > 1_000_000 {
            return Err(invalid(
                "history",
                format!(
                    "must be between min_groups ({}) and 1000000, got {}",
                    self.min_groups, self.history
                ),
            ));
        }
        for (name, level) in [("min_level", self.min_level), ("max_level", self.max_level)] {
            if !(LOWEST_LEVEL..=HIGHEST_LEVEL).contains(&level) {
                return Err(invalid(
                    name,
                    format!("must be between {LOWEST_LEVEL} and {HIGHEST_LEVEL}, got {level}"),
                ));
            }
        }
        if self.min_level > self.max_level {
            return Err(invalid(
                "max_level",
                format!(
                    "must be at least min_level ({}), got {}",
                    self.min_level, self.max_level
                ),
            ));
        }
        let span = self.max_level - self.min_level + 1;
        if !(1..=span).contains(&self.window) {
            return Err(invalid(
                "window",
                format!("must be between 1 and {span} levels, got {}", self.window),
            ));
        }
        if !(1..=span).contains(&self.step) {
            return Err(invalid(
                "step",
                format!("must be between 1 and {span} levels, got {}", self.step),
            ));
        }
        self.check_tasks()?;
        Ok(self)
    }

    fn check_tasks(&mut self) -> Result<()> {
        if self.tasks.is_empty() {
            return Err(invalid("tasks", "a curriculum needs at least one task"));
        }
        if self.tasks.len() > MAX_TASKS {
            return Err(invalid(
                "tasks",
                format!("at most {MAX_TASKS} tasks, got {}", self.tasks.len()),
            ));
        }
        let catalogue = crate::catalogue::catalogue()?;
        let mut total = 0.0;
        for i in 0..self.tasks.len() {
            let entry = &self.tasks[i];
            let task = find_task(&entry.task)?;
            if self.tasks[..i].iter().any(|e| e.task == entry.task) {
                return Err(invalid(
                    &format!("tasks[{i}]"),
                    format!("task {:?} is listed twice", entry.task),
                ));
            }
            if !entry.weight.is_finite() || entry.weight < 0.0 {
                return Err(invalid(
                    &format!("tasks[{i}].weight"),
                    format!("must be a finite number >= 0, got {}", entry.weight),
                ));
            }
            total += entry.weight;
            let level = match entry.level {
                Some(level) => level,
                None => i64::from(catalogue.entry(task.id())?.default_level),
            };
            if !(LOWEST_LEVEL..=HIGHEST_LEVEL).contains(&level) {
                return Err(Error::InvalidLevel {
                    task: entry.task.clone(),
                    level,
                });
            }
            for level in self.min_level..=self.max_level {
                Generator::new(&entry.task, Some(level), &entry.knobs)?;
            }
            // A start outside the configured range begins at its nearest edge.
            self.tasks[i].level = Some(level.clamp(self.min_level, self.max_level));
        }
        if total <= 0.0 || !total.is_finite() {
            return Err(invalid(
                "tasks.weight",
                format!("the weights must sum to a positive number, got {total}"),
            ));
        }
        Ok(())
    }

    /// The position of `task` among the tasks, or an [`Error::UnknownTask`] naming the
    /// closest task of this curriculum.
    pub fn task_position(&self, task: &str) -> Result<usize> {
        self.tasks
            .iter()
            .position(|e| e.task == task)
            .ok_or_else(|| Error::UnknownTask {
                name: task.to_string(),
                suggestion: closest(task, self.tasks.iter().map(|e| e.task.as_str())),
            })
    }

    /// The number of levels the curriculum uses.
    pub fn level_span(&self) -> usize {
        (self.max_level - self.min_level + 1) as usize
    }
}
