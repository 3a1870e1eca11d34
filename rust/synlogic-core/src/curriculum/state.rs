//! The curriculum's memory: per task its level window, its recent groups and per-level
//! statistics; serialised whole (with the settings) as the state dict.
//!
//! Everything a decision reads lives here, so a curriculum rebuilt from its state dict makes
//! the same decisions as the one that wrote it. Floats round-trip exactly: the workspace
//! builds serde_json with `float_roundtrip`, and Python's `json` writes shortest round-trip
//! reprs.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::settings::Settings;
use crate::error::{Error, Result};

/// The version of the state dict layout this build reads and writes.
pub const STATE_FORMAT: u32 = 1;

/// The outcome of one group, as the band policy remembers it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GroupTally {
    /// Completions at or above the pass threshold.
    pub passed: u64,
    /// Completions in the group.
    pub completions: u64,
}

/// What has been observed at one level of one task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelStats {
    /// Groups observed.
    pub groups: u64,
    /// Completions observed.
    pub completions: u64,
    /// Completions that passed.
    pub passed: u64,
    /// Groups whose scores were all equal (no GRPO gradient).
    pub zero_variance: u64,
    /// The sum of the groups' learning signals.
    pub signal_sum: f64,
    /// The bandit's value of this arm (`None` until the arm is first pulled).
    pub value: Option<f64>,
}

/// One task's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskState {
    /// The task id (as in the settings, for readability and checks).
    pub task: String,
    /// The lowest level of the band policy's window.
    pub window_low: i64,
    /// Groups observed inside the current window since it last moved, newest last (at most
    /// `history`).
    pub recent: VecDeque<GroupTally>,
    /// How many times the window moved up and down.
    pub moves_up: u64,
    /// See `moves_up`.
    pub moves_down: u64,
    /// Statistics of levels `min_level..=max_level`, lowest first.
    pub levels: Vec<LevelStats>,
}

/// The whole serialisable state of a curriculum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// [`STATE_FORMAT`].
    pub format: u32,
    /// The checked settings.
    pub settings: Settings,
    /// Items drawn so far: the index of the next decision.
    pub draws: u64,
    /// Groups observed so far.
    pub groups: u64,
    /// Per task, in settings order.
    pub tasks: Vec<TaskState>,
}

fn bad_state(message: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: "state_dict".into(),
        message: message.into(),
    }
}

impl State {
    /// The state of a fresh curriculum: every window at its task's starting level.
    pub fn fresh(settings: Settings) -> Self {
        let span = settings.level_span();
        let highest_low = settings.max_level - settings.window + 1;
        let tasks = settings
            .tasks
            .iter()
            .map(|entry| TaskState {
                task: entry.task.clone(),
                window_low: entry
                    .level
                    .unwrap_or(settings.min_level)
                    .clamp(settings.min_level, highest_low),
                recent: VecDeque::new(),
                moves_up: 0,
                moves_down: 0,
                levels: vec![LevelStats::default(); span],
            })
            .collect();
        Self {
            format: STATE_FORMAT,
            settings,
            draws: 0,
            groups: 0,
            tasks,
        }
    }

    /// Parses and checks a state dict: its format, its settings (checked as new ones are)
    /// and that every part agrees with them, so a loaded state cannot break a later decision.
    pub fn from_json(text: &str) -> Result<Self> {
        let state: State = serde_json::from_str(text).map_err(|e| bad_state(e.to_string()))?;
        if state.format != STATE_FORMAT {
            return Err(bad_state(format!(
                "format {} is not the format this build reads ({STATE_FORMAT})",
                state.format
            )));
        }
        let settings = state.settings.clone().validated().map_err(|e| match e {
            Error::InvalidArgument { name, message } => {
                bad_state(format!("settings.{name}: {message}"))
            }
            other => other,
        })?;
        if settings != state.settings {
            return Err(bad_state(
                "settings differ from their checked form (a starting level is missing or out of range)",
            ));
        }
        if state.tasks.len() != settings.tasks.len() {
            return Err(bad_state(format!(
                "{} task states for {} tasks",
                state.tasks.len(),
                settings.tasks.len()
            )));
        }
        let span = settings.level_span();
        let highest_low = settings.max_level - settings.window + 1;
        for (task, entry) in state.tasks.iter().zip(&settings.tasks) {
            let name = &entry.task;
            if task.task != *name {
                return Err(bad_state(format!(
                    "task state {:?} where the settings list {name:?}",
                    task.task
                )));
            }
            if !(settings.min_level..=highest_low).contains(&task.window_low) {
                return Err(bad_state(format!(
                    "{name}: window_low {} is outside {}..={highest_low}",
                    task.window_low, settings.min_level
                )));
            }
            if task.recent.len() as u64 > settings.history {
                return Err(bad_state(format!(
                    "{name}: {} recent groups, more than history ({})",
                    task.recent.len(),
                    settings.history
                )));
            }
            if task
                .recent
                .iter()
                .any(|g| g.passed > g.completions || g.completions == 0)
            {
                return Err(bad_state(format!(
                    "{name}: a recent group has no completions or more passes than completions"
                )));
            }
            if task.levels.len() != span {
                return Err(bad_state(format!(
                    "{name}: {} level entries for {span} levels",
                    task.levels.len()
                )));
            }
            for stats in &task.levels {
                let finite_value = stats.value.is_none_or(f64::is_finite);
                if stats.passed > stats.completions
                    || stats.zero_variance > stats.groups
                    || !stats.signal_sum.is_finite()
                    || !finite_value
                {
                    return Err(bad_state(format!(
                        "{name}: inconsistent level statistics {stats:?}"
                    )));
                }
            }
        }
        Ok(state)
    }

    /// The state dict as JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain data with finite floats cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
