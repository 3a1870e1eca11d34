//! The bandit policy: every (task, level) is an arm whose reward is a group's learning signal.
//!
//! An arm's value is its first reward, then an exponential moving average (step
//! `learning_rate`), so it follows a learner whose skill changes. Items are drawn from a
//! softmax over value plus a UCB-style bonus that grows for arms pulled rarely, times the
//! task's base weight; arms never pulled hold the optimistic `initial_value`, so each is tried.

use super::settings::Settings;
use super::state::{LevelStats, TaskState};

/// Updates an arm's value with one group's reward.
pub fn learn(settings: &Settings, arm: &mut LevelStats, reward: f64) {
    arm.value = Some(match arm.value {
        None => reward,
        Some(value) => value + settings.learning_rate * (reward - value),
    });
}

/// The probability of drawing each arm, task-major (`tasks.len() * level_span` entries,
/// summing to 1).
pub fn arm_probabilities(settings: &Settings, tasks: &[TaskState]) -> Vec<f64> {
    let pulls: u64 = tasks
        .iter()
        .flat_map(|t| t.levels.iter().map(|l| l.groups))
        .fold(0u64, u64::saturating_add);
    let log_pulls = (1.0 + pulls as f64).ln();
    let scores: Vec<f64> = tasks
        .iter()
        .flat_map(|task| {
            task.levels.iter().map(move |arm| {
                let value = arm.value.unwrap_or(settings.initial_value);
                let bonus = settings.exploration * (log_pulls / (1.0 + arm.groups as f64)).sqrt();
                (value + bonus) / settings.temperature
            })
        })
        .collect();
    let span = settings.level_span();
    let weight_of = |arm: usize| settings.tasks[arm / span].weight;
    // The softmax is taken relative to the best arm a positive weight allows, so exp never
    // overflows; arms of zero-weight tasks get nothing.
    let best = scores
        .iter()
        .enumerate()
        .filter(|&(arm, _)| weight_of(arm) > 0.0)
        .map(|(_, &s)| s)
        .fold(f64::NEG_INFINITY, f64::max);
    let raw: Vec<f64> = scores
        .iter()
        .enumerate()
        .map(|(arm, &s)| weight_of(arm) * (s - best).exp())
        .collect();
    let total: f64 = raw.iter().sum();
    raw.into_iter().map(|p| p / total).collect()
}
