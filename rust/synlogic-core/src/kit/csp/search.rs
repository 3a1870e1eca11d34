//! Search: propagation to a fixpoint, then depth-first branching on the variable with the
//! smallest domain (lowest index on ties, values in ascending order), so every count and
//! every effort figure is deterministic.

use std::collections::VecDeque;

use super::domain::Domain;
use super::model::{Conflict, Domains, Model, ModelError, Var};

/// How much work one count or solve may do before it gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most search nodes (the root plus every branch tried).
    pub nodes: u64,
    /// The most constraint propagations.
    pub propagations: u64,
}

impl Default for Limits {
    /// One million nodes and fifty million propagations: seconds at most for the puzzles the
    /// tasks build, and a hard stop for a hostile model.
    fn default() -> Self {
        Self {
            nodes: 1_000_000,
            propagations: 50_000_000,
        }
    }
}

/// The work a search did; tasks report it as their measured difficulty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Effort {
    /// Search nodes visited: the root plus every value tried on a branching variable.
    pub nodes: u64,
    /// Calls of [`super::Constraint::propagate`].
    pub propagations: u64,
    /// Branches that ended in a conflict.
    pub backtracks: u64,
}

impl Effort {
    /// Branching decisions beyond the root: 0 when propagation alone solves the model.
    pub fn branches(&self) -> u64 {
        self.nodes.saturating_sub(1)
    }
}

/// One full assignment: the value of every variable, by [`Var::index`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solution(Vec<u8>);

impl Solution {
    /// The value of `var` (0 for a foreign variable).
    pub fn value(&self, var: Var) -> u8 {
        self.0.get(var.index()).copied().unwrap_or(0)
    }

    /// Every value, by variable index.
    pub fn values(&self) -> &[u8] {
        &self.0
    }
}

/// What a count or solve found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOutcome {
    /// Solutions found (at most the limit asked for).
    pub solutions: u64,
    /// The first solution found, in the deterministic search order.
    pub first: Option<Solution>,
    /// The work done.
    pub effort: Effort,
    /// The budget ran out before the search finished or reached its limit: `solutions` is
    /// then only a lower bound.
    pub exhausted: bool,
}

impl SearchOutcome {
    /// The count, when the search settled it (`None` if the budget ran out first).
    pub fn count(&self) -> Option<u64> {
        (!self.exhausted).then_some(self.solutions)
    }

    /// Whether exactly one solution was proved.
    pub fn is_unique(&self) -> bool {
        !self.exhausted && self.solutions == 1
    }
}

impl Model {
    /// Counts solutions, stopping at `limit` (a `limit` of 0 counts as 1).
    pub fn count_solutions(&self, limit: u64) -> Result<SearchOutcome, ModelError> {
        Engine::new(self)?.run(limit.max(1))
    }

    /// Finds the first solution in the deterministic search order.
    pub fn solve(&self) -> Result<SearchOutcome, ModelError> {
        self.count_solutions(1)
    }
}

/// Why propagation stopped early.
enum Stop {
    Conflict,
    Exhausted,
}

impl From<Conflict> for Stop {
    fn from(_: Conflict) -> Self {
        Self::Conflict
    }
}

/// A branching point: the variable, the values not yet tried, and the trail length to undo to.
struct Frame {
    var: Var,
    untried: Domain,
    trail_mark: usize,
}

/// The state of one search over a model.
struct Engine<'m> {
    model: &'m Model,
    domains: Vec<Domain>,
    trail: Vec<(Var, Domain)>,
    changed: Vec<Var>,
    queue: VecDeque<u32>,
    queued: Vec<bool>,
    effort: Effort,
}

impl<'m> Engine<'m> {
    fn new(model: &'m Model) -> Result<Self, ModelError> {
        if let Some(error) = &model.error {
            return Err(error.clone());
        }
        Ok(Self {
            model,
            domains: model.domains.clone(),
            trail: Vec::new(),
            changed: Vec::new(),
            queue: VecDeque::new(),
            queued: vec![false; model.constraints.len()],
            effort: Effort::default(),
        })
    }

    fn run(mut self, limit: u64) -> Result<SearchOutcome, ModelError> {
        let mut solutions = 0;
        let mut first = None;
        let mut frames: Vec<Frame> = Vec::new();
        self.effort.nodes = 1;
        let root_ok = if self.domains.iter().any(|d| d.is_empty()) {
            Ok(false)
        } else {
            for index in 0..self.model.constraints.len() {
                self.enqueue(index as u32);
            }
            self.propagate()
        };
        let Ok(mut consistent) = root_ok else {
            return Ok(self.outcome(solutions, first, true));
        };
        loop {
            if consistent {
                match self.branching_var() {
                    None => {
                        solutions += 1;
                        if first.is_none() {
                            first = Some(Solution(
                                self.domains.iter().map(|d| d.min().unwrap_or(0)).collect(),
                            ));
                        }
                        if solutions >= limit {
                            return Ok(self.outcome(solutions, first, false));
                        }
                    }
                    Some(var) => frames.push(Frame {
                        var,
                        untried: self.domains[var.index()],
                        trail_mark: self.trail.len(),
                    }),
                }
            } else {
                self.effort.backtracks += 1;
            }
            // Take the next untried value of the deepest frame that has one; a spent frame
            // is dropped (its variable's values are all tried).
            loop {
                let Some(frame) = frames.last_mut() else {
                    return Ok(self.outcome(solutions, first, false));
                };
                let (var, mark) = (frame.var, frame.trail_mark);
                let Some(value) = frame.untried.min() else {
                    frames.pop();
                    self.undo_to(mark);
                    continue;
                };
                frame.untried = frame.untried.minus(Domain::single(value));
                self.undo_to(mark);
                if self.effort.nodes >= self.model.limits.nodes {
                    return Ok(self.outcome(solutions, first, true));
                }
                self.effort.nodes += 1;
                consistent = match self.assign(var, value) {
                    Ok(ok) => ok,
                    Err(()) => return Ok(self.outcome(solutions, first, true)),
                };
                break;
            }
        }
    }

    fn outcome(&self, solutions: u64, first: Option<Solution>, exhausted: bool) -> SearchOutcome {
        SearchOutcome {
            solutions,
            first,
            effort: self.effort,
            exhausted,
        }
    }

    /// The unfixed variable with the fewest values (lowest index on ties), if any.
    fn branching_var(&self) -> Option<Var> {
        let mut best: Option<(u32, usize)> = None;
        for (index, domain) in self.domains.iter().enumerate() {
            let size = domain.len();
            if size > 1 && best.is_none_or(|(best_size, _)| size < best_size) {
                best = Some((size, index));
                if size == 2 {
                    break;
                }
            }
        }
        best.map(|(_, index)| Var(index as u32))
    }

    fn undo_to(&mut self, mark: usize) {
        while self.trail.len() > mark {
            if let Some((var, old)) = self.trail.pop() {
                self.domains[var.index()] = old;
            }
        }
    }

    /// Fixes `var` to `value` and propagates: `Ok(false)` on a conflict, `Err` when the
    /// budget ran out.
    fn assign(&mut self, var: Var, value: u8) -> Result<bool, ()> {
        let mut domains = Domains::new(&mut self.domains, &mut self.trail, &mut self.changed);
        if domains.fix(var, value).is_err() {
            return Ok(false);
        }
        self.wake_changed();
        self.propagate()
    }

    fn enqueue(&mut self, index: u32) {
        if let Some(flag) = self.queued.get_mut(index as usize) {
            if !*flag {
                *flag = true;
                self.queue.push_back(index);
            }
        }
    }

    /// Queues every constraint watching a variable that changed.
    fn wake_changed(&mut self) {
        let model = self.model;
        for var in std::mem::take(&mut self.changed) {
            for &index in &model.watchers[var.index()] {
                self.enqueue(index);
            }
        }
    }

    /// Runs queued constraints until none is queued: `Ok(true)` at a fixpoint, `Ok(false)` on
    /// a conflict, `Err` when the propagation budget ran out.
    fn propagate(&mut self) -> Result<bool, ()> {
        let result = self.propagate_inner();
        if result.is_err() {
            for index in self.queue.drain(..) {
                self.queued[index as usize] = false;
            }
            self.changed.clear();
        }
        match result {
            Ok(()) => Ok(true),
            Err(Stop::Conflict) => Ok(false),
            Err(Stop::Exhausted) => Err(()),
        }
    }

    fn propagate_inner(&mut self) -> Result<(), Stop> {
        let model = self.model;
        while let Some(index) = self.queue.pop_front() {
            self.queued[index as usize] = false;
            if self.effort.propagations >= model.limits.propagations {
                return Err(Stop::Exhausted);
            }
            self.effort.propagations += 1;
            let mut domains = Domains::new(&mut self.domains, &mut self.trail, &mut self.changed);
            model.constraints[index as usize].propagate(&mut domains)?;
            self.wake_changed();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::relation::Binary;

    /// The n-queens model: one variable per column holding the row.
    fn queens(n: u8) -> Model {
        let mut model = Model::new();
        let rows = model.new_vars(n as usize, Domain::range(0, n - 1));
        for i in 0..rows.len() {
            for j in i + 1..rows.len() {
                let gap = (j - i) as i32;
                let rule = move |a: u8, b: u8| a != b && (i32::from(a) - i32::from(b)).abs() != gap;
                model
                    .post(Binary::predicate(rows[i], rows[j], rule))
                    .unwrap();
            }
        }
        model
    }

    #[test]
    fn queens_counts_are_the_known_ones() {
        for (n, known) in [(4, 2), (5, 10), (6, 4), (8, 92)] {
            let outcome = queens(n).count_solutions(1000).unwrap();
            assert_eq!(outcome.count(), Some(known), "{n} queens");
            assert!(outcome.effort.nodes > 1 && outcome.effort.propagations > 0);
        }
        assert_eq!(queens(3).count_solutions(10).unwrap().count(), Some(0));
    }

    #[test]
    fn the_count_stops_at_the_limit_and_solve_returns_a_solution() {
        let outcome = queens(8).count_solutions(2).unwrap();
        assert_eq!(outcome.solutions, 2);
        assert!(!outcome.exhausted && !outcome.is_unique());
        let solved = queens(8).solve().unwrap();
        let first = solved.first.unwrap();
        // The lexicographically first placement (search tries values in ascending order
        // and, all domains being equal at the root, variables in index order).
        assert_eq!(first.values(), [0, 4, 7, 5, 2, 6, 1, 3]);
    }

    #[test]
    fn the_node_budget_stops_a_search() {
        let mut model = queens(10);
        model.set_node_budget(50);
        let outcome = model.count_solutions(u64::MAX).unwrap();
        assert!(outcome.exhausted);
        assert_eq!(outcome.count(), None);
        assert_eq!(outcome.effort.nodes, 50);
        let mut model = queens(10);
        model.set_limits(Limits {
            nodes: u64::MAX,
            propagations: 100,
        });
        let outcome = model.count_solutions(u64::MAX).unwrap();
        assert!(outcome.exhausted && outcome.effort.propagations == 100);
    }

    #[test]
    fn a_model_without_constraints_counts_the_product_of_its_domains() {
        let mut model = Model::new();
        let _ = model.new_var(Domain::range(0, 2));
        let _ = model.new_var(Domain::range(5, 8));
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(12));
        let empty = model.new_var(Domain::EMPTY);
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(0));
        model.fix(empty, 1);
        assert_eq!(Model::new().count_solutions(5).unwrap().count(), Some(1));
    }

    #[test]
    fn effort_is_deterministic() {
        let a = queens(7).count_solutions(100).unwrap();
        let b = queens(7).count_solutions(100).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.count(), Some(40));
        assert!(a.effort.backtracks > 0);
    }
}
