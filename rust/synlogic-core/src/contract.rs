//! The task contract, checked for every registered task before anything else runs.
//!
//! A task is the [`crate::Task`] trait plus promises the type system cannot see: the oracle's
//! answer survives a payload round trip and scores 1, near misses score below 1, a task that
//! claims uniqueness counts its solutions, and at least [`MIN_EXPLOITS`] named reward-hacking
//! attempts score 0. [`check_task`] tests those promises on a few items per level and returns
//! one [`Breach`] per broken promise, naming the task and the item of the trait to fill in or
//! fix. The conformance suite runs [`check_registry`] first, so a half-written task (such as
//! the one `scripts/new_task.py` scaffolds) fails with a list of what is missing rather than
//! with the first assertion deep inside a long test.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::catalogue::catalogue;
use crate::erased::DynTask;
use crate::exploits::block;
use crate::item::{Generator, Payload, VerifyOptions};
use crate::registry::TASKS;
use crate::rng::ItemRng;

/// The fewest distinct task-specific exploits ([`crate::Task::exploits`]) a task must name.
pub const MIN_EXPLOITS: usize = 5;

/// The mark `scripts/new_task.py` leaves on every piece still to write.
pub const SCAFFOLD_MARK: &str = "TODO(new_task)";

/// Items checked per level by [`check_task`]: enough to see every kind of exploit a task
/// names, few enough to run before every conformance test.
const ITEMS_PER_LEVEL: u64 = 3;

/// One broken promise of one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// The task id.
    pub task: &'static str,
    /// The part of the task to fill in or fix (a `Task` item, the knobs, `tasks.toml`).
    pub part: &'static str,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "task {:?}, {}: {}", self.task, self.part, self.message)
    }
}

/// Collects breaches, one per `(part, kind)` so a broken stub does not report every item.
struct Breaches {
    task: &'static str,
    found: Vec<Breach>,
}

impl Breaches {
    fn add(&mut self, part: &'static str, message: String) {
        if !self.found.iter().any(|b| b.part == part) {
            self.found.push(Breach {
                task: self.task,
                part,
                message,
            });
        }
    }
}

/// Every breach of the contract by every registered task (empty when all is well).
pub fn check_registry() -> Vec<Breach> {
    TASKS.iter().flat_map(|task| check_task(*task)).collect()
}

/// The breaches of the contract by one task, tried on a few items of levels 1, 5 and 10.
pub fn check_task(task: &dyn DynTask) -> Vec<Breach> {
    let id = task.id();
    let mut breaches = Breaches {
        task: id,
        found: Vec::new(),
    };
    if let Err(e) = catalogue().and_then(|c| c.entry(id)) {
        breaches.add(
            "tasks.toml",
            format!("{e}: add a [{id}] table with summary, family, default_level and 10 levels"),
        );
        return breaches.found;
    }
    let mut exploit_names = BTreeSet::new();
    for level in [1, 5, 10] {
        let generator = match Generator::new(id, Some(level), &Value::Null) {
            Ok(generator) => generator,
            Err(e) => {
                breaches.add(
                    "Knobs / check_knobs",
                    format!(
                        "level {level} of tasks.toml is rejected ({e}): the knob struct and \
                         check_knobs must accept every level's knob table"
                    ),
                );
                continue;
            }
        };
        for index in 0..ITEMS_PER_LEVEL {
            check_item(&mut breaches, task, &generator, index, &mut exploit_names);
        }
    }
    let generated_any = !breaches
        .found
        .iter()
        .any(|b| matches!(b.part, "Task::generate" | "Knobs / check_knobs"));
    if generated_any && exploit_names.len() < MIN_EXPLOITS {
        breaches.add(
            "Task::exploits",
            format!(
                "names {} distinct exploits ({exploit_names:?}); at least {MIN_EXPLOITS} are \
                 required: return named reward-hacking attempts for this puzzle (a constant \
                 answer everywhere, a value used twice, the givens copied back, the format \
                 example, ...), each of which must score 0",
                exploit_names.len()
            ),
        );
    }
    breaches.found
}

/// Checks one item; adds a breach for the first thing wrong with it.
fn check_item(
    breaches: &mut Breaches,
    task: &dyn DynTask,
    generator: &Generator,
    index: u64,
    exploit_names: &mut BTreeSet<&'static str>,
) {
    let level = generator.level();
    let at = format!("level {level} item {index}");
    let item = match generator.item(0, index) {
        Ok(item) => item,
        Err(e) => {
            breaches.add(
                "Task::generate",
                format!("fails at {at}: {e}; generate a puzzle from the knobs and the item's rng"),
            );
            return;
        }
    };
    if item.prompt.contains(SCAFFOLD_MARK) {
        breaches.add(
            "Task::prompt",
            format!(
                "still holds the scaffold's {SCAFFOLD_MARK} at {at}: write the question, with \
                 the exact answer format"
            ),
        );
    } else if item.prompt.trim().is_empty() {
        breaches.add(
            "Task::prompt",
            format!("is empty at {at}: write the question, with the exact answer format"),
        );
    }
    let payload = match Payload::parse(&item.verification) {
        Ok(payload) => payload,
        Err(e) => {
            breaches.add(
                "Task::load_puzzle",
                format!(
                    "the payload written at {at} does not load back ({e}): the puzzle must \
                     round-trip through its JSON (serde derives, or a load_puzzle that reads \
                     what serialization writes)"
                ),
            );
            return;
        }
    };
    if payload.puzzle().prompt() != item.prompt {
        breaches.add(
            "Task::prompt",
            format!("differs after a payload round trip at {at}: build it from the puzzle alone"),
        );
    }
    let exact = VerifyOptions::default();
    let verdict = payload.verify(&block(&item.answer), &exact);
    if !verdict.correct {
        breaches.add(
            "Task::solve / render_answer / parse_answer / grade",
            format!(
                "the oracle's own answer {:?} scores {} ({}) at {at}: parse_answer must read \
                 what render_answer writes for solve's answer, and grade must accept it",
                item.answer, verdict.score, verdict.reason
            ),
        );
    }
    let mut rng = ItemRng::for_item("contract", u64::from(level), index);
    let wrong = payload.puzzle().wrong_answers(&mut rng);
    if wrong.is_empty() {
        breaches.add(
            "Task::wrong_answers",
            format!(
                "returns none at {at}: return near-miss wrong answers (one value changed, two \
                 swapped, ...) in the answer format; each must score below 1"
            ),
        );
    }
    for answer in &wrong {
        let verdict = payload.verify(&block(answer), &exact);
        if verdict.correct {
            breaches.add(
                "Task::wrong_answers / grade",
                format!("the wrong answer {answer:?} scores 1 at {at}: it is not wrong, or grade is too lenient"),
            );
        }
    }
    if task.claims_unique() {
        match payload.puzzle().count_solutions(2) {
            None => breaches.add(
                "Task::count_solutions",
                format!(
                    "UNIQUE is true but count_solutions returns None (at {at}): count solutions \
                     up to `limit` with a solver independent of the stored answer, or set \
                     UNIQUE = false"
                ),
            ),
            Some(1) => {}
            Some(n) => breaches.add(
                "Task::generate / count_solutions",
                format!("UNIQUE is true but {at} has {n} or more solutions"),
            ),
        }
    }
    for (name, text) in payload.puzzle().exploits() {
        exploit_names.insert(name);
        let verdict = payload.verify(&block(&text), &exact);
        if verdict.score != 0.0 {
            breaches.add(
                "Task::exploits / grade",
                format!(
                    "the exploit {name:?} scores {} at {at}; it must score 0",
                    verdict.score
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaches_name_the_task_and_the_part() {
        let breach = Breach {
            task: "demo",
            part: "Task::exploits",
            message: "names 0".into(),
        };
        assert_eq!(breach.to_string(), "task \"demo\", Task::exploits: names 0");
    }
}
