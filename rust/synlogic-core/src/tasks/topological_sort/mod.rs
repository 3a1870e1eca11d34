//! Topological sort: order tasks so that every task comes after the tasks it depends on.
//!
//! # Rules
//! The prompt lists N tasks (lowercase words, listed in a random order), dependencies of the
//! form "A must come before B" (listed in a random order), and at higher levels a few extra
//! position rules: "X must be at position k of N", "X must be among the first k tasks" and
//! "X must be among the last k tasks" (positions count from 1). An answer lists every task
//! exactly once; it is correct when every dependency and every rule holds. **Any** valid
//! order scores 1; anything else (a missing, repeated or unknown task, a broken dependency or
//! rule) scores 0: there is no partial credit, so a near miss earns nothing.
//!
//! # Generation
//! Names are drawn from a pool of 122 words and a hidden order is shuffled; dependencies are
//! distinct random pairs oriented along the hidden order, so the graph is acyclic. Each rule
//! holds in the hidden order ("first/last k" leave up to `slack` spare positions) and must
//! tighten the window of positions that the dependencies and earlier rules allow its task.
//! Existence is then proved by search: the solver below must find an order, and the verifier
//! must accept it (it is the stored oracle answer). Puzzles that a guess solves (the listing
//! order, its reverse, alphabetical order, its reverse, the order of first mention in the
//! dependencies) are redrawn up to 100 times; metadata records `listing_order_valid`,
//! `alphabetical_order_valid` and `guess_solves` for the rare puzzle kept anyway.
//!
//! # Knobs
//! `nodes` (4–48), `edges_per_node` (0.5–4.0; at most half of all pairs become
//! dependencies), `rules` (0–8, at most nodes/4) and `slack` (0–10). Levels 1→10 grow from
//! 4 tasks, 3 dependencies and no rules to 40 tasks, 80 dependencies and 4 rules.
//!
//! # Difficulty
//! `solver_tries`: candidate tasks examined by a depth-first constrained-order solver before
//! it finds its first valid order. At each position it examines the unplaced tasks in listing
//! order and places the first whose dependencies are placed, whose window of positions (its
//! rules, tightened through its ancestors and descendants) contains the position, and after
//! which the remaining tasks still fit their windows (a counting check on deadlines); placed
//! sets that led nowhere are remembered. Metadata also records `valid_orders` (counted by a
//! memoized search over placed sets, exact below 10^6, equal to 10^6 with
//! `valid_orders_at_least_cap` when there are at least that many, `null` if 50,000 placed sets
//! did not settle it), `dependencies`, `depth` (the longest dependency chain, in tasks) and
//! `rules`.
//!
//! # Answer format and verification
//! Task names in order inside `<answer>…</answer>`, e.g. `<answer>wire, paint, dry</answer>`.
//! The parser takes names in any case separated by commas, semicolons, spaces, newlines,
//! arrows (`->`, `=>`, `→`, `>`), with optional list numbers (`1. wire`), an optional label
//! (`Order:`), quotes, brackets, a code fence and the word "then"; any other word (an unknown
//! task, "or"), any other character, or more names than tasks is a parse error. Verification
//! is linear in the answer (one pass; at most N names are read; answers ≤ 16 KiB) and uses
//! memory linear in N: it checks that each task appears exactly once, then every dependency
//! and every rule against the answer's positions, never against the stored answer.
//!
//! # Example (level 1, seed 0, index 0)
//! ```text
//! Order the following 4 tasks so that every task comes after all the tasks it depends on.
//!
//! Tasks: lace, vent, plaster, drain
//!
//! Dependencies ("A must come before B" means A appears earlier in the order than B):
//! - lace must come before drain
//! - drain must come before vent
//! - plaster must come before vent
//!
//! List every task exactly once. Any order that satisfies every dependency is accepted. Answer
//! with the task names in order, separated by commas, inside <answer> and </answer> tags.
//! Format example (not a solution): <answer>first_task, second_task, third_task</answer>
//! ```
//! Oracle answer: `lace, plaster, drain, vent`. Any valid order scores 1, e.g.
//! `plaster, lace, drain, vent` or `1. Lace -> 2. drain -> 3. plaster -> 4. vent`; the listing
//! order `lace, vent, plaster, drain` scores 0 (vent before drain).

mod adversarial;
mod format;
mod generate;
mod knobs;
mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

pub use knobs::TopologicalSortKnobs;

/// The most tasks a stored puzzle may have (orders are kept in 64-bit sets).
pub const MAX_NODES: usize = 64;
/// The longest task name a stored puzzle may have.
pub const MAX_NAME_LEN: usize = 32;

/// An extra rule on one task's position (1-based). Stored as `{"at": [node, k]}` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionRule {
    /// The task must be exactly at position `k`.
    At(u16, u16),
    /// The task must be at position `k` or earlier.
    WithinFirst(u16, u16),
    /// The task must be among the last `k` positions (position `N + 1 - k` or later).
    WithinLast(u16, u16),
}

impl PositionRule {
    /// The task the rule is about.
    pub fn node(self) -> u16 {
        match self {
            Self::At(node, _) | Self::WithinFirst(node, _) | Self::WithinLast(node, _) => node,
        }
    }

    /// The positions `(lo, hi)` the rule allows in an order of `n` tasks.
    pub fn window(self, n: usize) -> (usize, usize) {
        match self {
            Self::At(_, k) => (usize::from(k), usize::from(k)),
            Self::WithinFirst(_, k) => (1, usize::from(k)),
            Self::WithinLast(_, k) => ((n + 1).saturating_sub(usize::from(k)), n),
        }
    }
}

/// A puzzle: everything the prompt and the verifier need. Tasks are numbered in listing order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopoPuzzle {
    /// Task names in the order the prompt lists them.
    #[serde(rename = "names")]
    pub names: Vec<String>,
    /// Dependencies `[before, after]` in the order the prompt states them.
    #[serde(rename = "deps")]
    pub dependencies: Vec<[u16; 2]>,
    /// Extra position rules in the order the prompt states them.
    #[serde(rename = "rules", default)]
    pub rules: Vec<PositionRule>,
    /// The solver's valid order (the oracle answer).
    #[serde(rename = "sol")]
    pub solution: Vec<u16>,
}

/// The `topological_sort` task.
pub struct TopologicalSort;

/// Whether `order` lists every task once and satisfies every dependency and rule.
pub fn grade_order(puzzle: &TopoPuzzle, order: &[usize]) -> bool {
    let n = puzzle.names.len();
    if order.len() != n {
        return false;
    }
    let mut place = vec![usize::MAX; n];
    for (i, &v) in order.iter().enumerate() {
        if v >= n || place[v] != usize::MAX {
            return false;
        }
        place[v] = i + 1;
    }
    let dependencies_hold = puzzle.dependencies.iter().all(|&[b, a]| {
        let (b, a) = (usize::from(b), usize::from(a));
        b < n && a < n && place[b] < place[a]
    });
    let rules_hold = puzzle.rules.iter().all(|rule| {
        let node = usize::from(rule.node());
        let (lo, hi) = rule.window(n);
        node < n && (lo..=hi).contains(&place[node])
    });
    dependencies_hold && rules_hold
}

/// Checks a deserialized puzzle's sizes and values; the error names the field.
fn check_puzzle(puzzle: &TopoPuzzle) -> Result<(), String> {
    let n = puzzle.names.len();
    if !(2..=MAX_NODES).contains(&n) {
        return Err(format!("names: must hold 2 to {MAX_NODES} tasks"));
    }
    for (i, name) in puzzle.names.iter().enumerate() {
        if name.is_empty()
            || name.len() > MAX_NAME_LEN
            || !name.bytes().all(|b| b.is_ascii_lowercase())
            || name == "then"
        {
            return Err(format!(
                "names: {i}: must be 1 to {MAX_NAME_LEN} lowercase ASCII letters, not \"then\""
            ));
        }
        if puzzle.names[..i].contains(name) {
            return Err(format!("names: {name:?} is listed twice"));
        }
    }
    if puzzle.dependencies.len() > n * (n - 1) / 2 {
        return Err("deps: more dependencies than pairs of tasks".into());
    }
    for &[b, a] in &puzzle.dependencies {
        if usize::from(b) >= n || usize::from(a) >= n || a == b {
            return Err(format!("deps: [{b}, {a}] is not a pair of two tasks"));
        }
    }
    if puzzle.rules.len() > n {
        return Err("rules: more rules than tasks".into());
    }
    for rule in &puzzle.rules {
        let (node, k) = match *rule {
            PositionRule::At(node, k)
            | PositionRule::WithinFirst(node, k)
            | PositionRule::WithinLast(node, k) => (node, k),
        };
        if usize::from(node) >= n || k == 0 || usize::from(k) > n {
            return Err(format!("rules: {rule:?} is out of range"));
        }
    }
    if puzzle.solution.len() > n || puzzle.solution.iter().any(|&v| usize::from(v) >= n) {
        return Err("sol: not a list of tasks".into());
    }
    Ok(())
}

impl Task for TopologicalSort {
    const ID: &'static str = "topological_sort";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "solver_tries";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 16 * 1024;

    type Knobs = TopologicalSortKnobs;
    type Puzzle = TopoPuzzle;
    type Answer = Vec<usize>;

    fn check_knobs(knobs: &TopologicalSortKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &TopologicalSortKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<TopoPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &TopoPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &TopoPuzzle) -> Vec<usize> {
        puzzle.solution.iter().map(|&v| usize::from(v)).collect()
    }

    fn render_answer(puzzle: &TopoPuzzle, answer: &Vec<usize>) -> String {
        format::render(puzzle, answer)
    }

    fn parse_answer(puzzle: &TopoPuzzle, text: &str) -> Result<Vec<usize>, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &TopoPuzzle, answer: &Vec<usize>) -> Grade {
        if grade_order(puzzle, answer) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }
    /// Not counted here: many orders are valid and every one is accepted; metadata records how many (valid_orders).
    fn count_solutions(_puzzle: &Self::Puzzle, _limit: u64) -> Option<u64> {
        None
    }

    fn wrong_answers(puzzle: &TopoPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &TopoPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<TopoPuzzle, String> {
        let puzzle: TopoPuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
        check_puzzle(&puzzle)?;
        Ok(puzzle)
    }
}
