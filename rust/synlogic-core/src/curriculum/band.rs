//! The band policy: per task a window of levels that follows the recent pass rate.
//!
//! A group observed inside a task's window joins the task's recent history (the last
//! `history` groups). Once at least `min_groups` are there, a pass rate above the band (by
//! more than `hysteresis`) moves the window up by `step`, one below it moves the window down;
//! a move clears the history, so the next move is judged only on outcomes at the new window.

use super::settings::Settings;
use super::state::{GroupTally, TaskState};

/// The pass rate over `recent` groups (`None` without completions).
pub fn pass_rate<'a>(recent: impl IntoIterator<Item = &'a GroupTally>) -> Option<f64> {
    let (passed, completions) = recent
        .into_iter()
        .fold((0u64, 0u64), |(p, n), g| (p + g.passed, n + g.completions));
    (completions > 0).then(|| passed as f64 / completions as f64)
}

/// Whether `level` lies in the task's current window.
pub fn in_window(settings: &Settings, task: &TaskState, level: i64) -> bool {
    (task.window_low..task.window_low + settings.window).contains(&level)
}

/// Records a group observed inside the window and moves the window if the rate calls for it.
pub fn record(settings: &Settings, task: &mut TaskState, tally: GroupTally) {
    task.recent.push_back(tally);
    while task.recent.len() as u64 > settings.history {
        task.recent.pop_front();
    }
    if (task.recent.len() as u64) < settings.min_groups {
        return;
    }
    let Some(rate) = pass_rate(&task.recent) else {
        return;
    };
    let highest_low = settings.max_level - settings.window + 1;
    // The margin is capped at the ends of [0, 1] so a band touching 0.9 can still move on
    // a perfect record.
    let raise_at = (settings.band_high + settings.hysteresis).min(1.0);
    let lower_at = (settings.band_low - settings.hysteresis).max(0.0);
    if rate > settings.band_high && rate >= raise_at && task.window_low < highest_low {
        task.window_low = (task.window_low + settings.step).min(highest_low);
        task.moves_up += 1;
        task.recent.clear();
    } else if rate < settings.band_low && rate <= lower_at && task.window_low > settings.min_level {
        task.window_low = (task.window_low - settings.step).max(settings.min_level);
        task.moves_down += 1;
        task.recent.clear();
    }
}
