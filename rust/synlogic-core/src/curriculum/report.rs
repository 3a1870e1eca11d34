//! The curriculum's report: plain JSON a trainer can log.

use serde_json::{json, Map, Value};

use super::band::pass_rate;
use super::state::LevelStats;
use super::Curriculum;

fn share(part: u64, whole: u64) -> Value {
    if whole == 0 {
        Value::Null
    } else {
        json!(part as f64 / whole as f64)
    }
}

fn level_report(stats: &LevelStats) -> Value {
    json!({
        "groups": stats.groups,
        "completions": stats.completions,
        "pass_rate": share(stats.passed, stats.completions),
        "zero_variance_share": share(stats.zero_variance, stats.groups),
        "mean_signal": if stats.groups == 0 {
            Value::Null
        } else {
            json!(stats.signal_sum / stats.groups as f64)
        },
        "value": stats.value,
    })
}

/// `{"policy", "draws", "groups", "pass_rate", "zero_variance_share", "tasks": {task:
/// {"level", "window", "weight", "recent_pass_rate", "groups", "pass_rate",
/// "zero_variance_share", "moves_up", "moves_down", "levels": {level: {"groups",
/// "completions", "pass_rate", "zero_variance_share", "mean_signal", "value"}}}}}`; shares
/// with nothing to divide are null, and only levels with observations are listed.
pub fn report(curriculum: &Curriculum) -> Value {
    let state = curriculum.state();
    let settings = &state.settings;
    let levels = curriculum.levels();
    let windows = curriculum.windows();
    let weights = curriculum.task_weights();
    let mut tasks = Map::new();
    let (mut all_groups, mut all_zero, mut all_completions, mut all_passed) = (0, 0, 0, 0);
    for (i, task) in state.tasks.iter().enumerate() {
        let mut per_level = Map::new();
        let (mut groups, mut zero, mut completions, mut passed) = (0u64, 0u64, 0u64, 0u64);
        for (offset, stats) in task.levels.iter().enumerate() {
            groups += stats.groups;
            zero += stats.zero_variance;
            completions += stats.completions;
            passed += stats.passed;
            if stats.groups > 0 {
                let level = settings.min_level + offset as i64;
                per_level.insert(level.to_string(), level_report(stats));
            }
        }
        all_groups += groups;
        all_zero += zero;
        all_completions += completions;
        all_passed += passed;
        tasks.insert(
            task.task.clone(),
            json!({
                "level": levels[i].1,
                "window": [windows[i].1, windows[i].2],
                "weight": weights[i].1,
                "recent_pass_rate": pass_rate(&task.recent),
                "groups": groups,
                "pass_rate": share(passed, completions),
                "zero_variance_share": share(zero, groups),
                "moves_up": task.moves_up,
                "moves_down": task.moves_down,
                "levels": per_level,
            }),
        );
    }
    json!({
        "policy": settings.policy,
        "draws": state.draws,
        "groups": state.groups,
        "pass_rate": share(all_passed, all_completions),
        "zero_variance_share": share(all_zero, all_groups),
        "tasks": tasks,
    })
}
