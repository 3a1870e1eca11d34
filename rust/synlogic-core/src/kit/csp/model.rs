//! Variables, the constraint trait, and the model builder that holds both.

use std::fmt;
use std::sync::Arc;

use super::domain::Domain;
use super::search::Limits;

/// The most variables one model may hold; keeps the search's undo trail (at most 64 entries
/// per variable on the current path) and per-node scans bounded.
pub const MAX_VARS: usize = 1 << 14;

/// A variable of one [`Model`], named by its creation index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var(pub(super) u32);

impl Var {
    /// The creation index (0 for the first variable of the model).
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// A constraint found no value combination left: the current branch has no solution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conflict;

/// A model that cannot be built as asked (a foreign variable, a table too large, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ModelError {}

/// A constraint: a rule over the variables of its scope.
///
/// [`Constraint::propagate`] is called whenever a variable of the scope loses a value (and once
/// at the start). It must only remove values that belong to no solution of this constraint
/// alone, and must report a [`Conflict`] at the latest when every scope variable is fixed to
/// a combination the rule forbids: that last duty is what makes solution counts exact.
pub trait Constraint: Send + Sync {
    /// The variables the constraint reads; a change to any of them wakes it.
    fn scope(&self) -> &[Var];

    /// Narrows the domains of the scope, or reports that no combination is left.
    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict>;
}

/// The domains of every variable during search, as a constraint sees and narrows them.
///
/// Every narrowing is recorded (for undo on backtrack, and to wake the constraints watching
/// the variable), so constraints change domains only through these methods.
pub struct Domains<'a> {
    values: &'a mut [Domain],
    trail: &'a mut Vec<(Var, Domain)>,
    changed: &'a mut Vec<Var>,
}

impl<'a> Domains<'a> {
    pub(super) fn new(
        values: &'a mut [Domain],
        trail: &'a mut Vec<(Var, Domain)>,
        changed: &'a mut Vec<Var>,
    ) -> Self {
        Self {
            values,
            trail,
            changed,
        }
    }

    /// The current domain of `var` (empty for a variable of another model).
    pub fn get(&self, var: Var) -> Domain {
        self.values
            .get(var.index())
            .copied()
            .unwrap_or(Domain::EMPTY)
    }

    /// The fixed value of `var`, if it has one.
    pub fn value(&self, var: Var) -> Option<u8> {
        self.get(var).fixed_value()
    }

    /// Keeps only the values of `var` in `allowed`; `Ok(true)` when something was removed.
    pub fn restrict(&mut self, var: Var, allowed: Domain) -> Result<bool, Conflict> {
        let Some(slot) = self.values.get_mut(var.index()) else {
            return Err(Conflict);
        };
        let old = *slot;
        let new = old.intersect(allowed);
        if new == old {
            return Ok(false);
        }
        if new.is_empty() {
            return Err(Conflict);
        }
        *slot = new;
        self.trail.push((var, old));
        self.changed.push(var);
        Ok(true)
    }

    /// Removes `value` from `var`.
    pub fn remove(&mut self, var: Var, value: u8) -> Result<bool, Conflict> {
        self.restrict(var, Domain::single(value).complement())
    }

    /// Fixes `var` to `value`.
    pub fn fix(&mut self, var: Var, value: u8) -> Result<bool, Conflict> {
        self.restrict(var, Domain::single(value))
    }

    /// Removes the values of `var` below `lo`.
    pub fn at_least(&mut self, var: Var, lo: i64) -> Result<bool, Conflict> {
        match u8::try_from(lo.max(0)) {
            Ok(lo) => self.restrict(var, Domain::range(lo, u8::MAX)),
            Err(_) => Err(Conflict),
        }
    }

    /// Removes the values of `var` above `hi`.
    pub fn at_most(&mut self, var: Var, hi: i64) -> Result<bool, Conflict> {
        if hi < 0 {
            return Err(Conflict);
        }
        self.restrict(var, Domain::range(0, u8::try_from(hi).unwrap_or(u8::MAX)))
    }
}

/// A finite-domain model: variables with their starting domains, constraints over them, and
/// the search limits. Cloning is cheap (constraints are shared), so a task can build the
/// rules once and clone the model for each set of givens.
#[derive(Clone, Default)]
pub struct Model {
    pub(super) domains: Vec<Domain>,
    pub(super) constraints: Vec<Arc<dyn Constraint>>,
    /// Per variable, the constraints (indices) that watch it.
    pub(super) watchers: Vec<Vec<u32>>,
    pub(super) limits: Limits,
    /// The first error met while building; searching a broken model reports it.
    pub(super) error: Option<ModelError>,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("vars", &self.domains.len())
            .field("constraints", &self.constraints.len())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Model {
    /// An empty model with the default [`Limits`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A new variable with starting domain `domain`. Past [`MAX_VARS`] the model is marked
    /// broken (searching it reports the error) and a placeholder variable is returned.
    pub fn new_var(&mut self, domain: Domain) -> Var {
        if self.domains.len() >= MAX_VARS {
            self.fail(format!("more than {MAX_VARS} variables"));
            return Var(MAX_VARS as u32);
        }
        self.domains.push(domain);
        self.watchers.push(Vec::new());
        Var(self.domains.len() as u32 - 1)
    }

    /// A new variable over `lo..=hi`.
    pub fn int_var(&mut self, lo: u8, hi: u8) -> Var {
        self.new_var(Domain::range(lo, hi))
    }

    /// `count` new variables, each with starting domain `domain`.
    pub fn new_vars(&mut self, count: usize, domain: Domain) -> Vec<Var> {
        (0..count).map(|_| self.new_var(domain)).collect()
    }

    /// The number of variables.
    pub fn var_count(&self) -> usize {
        self.domains.len()
    }

    /// The number of constraints.
    pub fn constraint_count(&self) -> usize {
        self.constraints.len()
    }

    /// The starting domain of `var` (empty for a foreign variable).
    pub fn domain(&self, var: Var) -> Domain {
        self.domains
            .get(var.index())
            .copied()
            .unwrap_or(Domain::EMPTY)
    }

    /// Narrows the starting domain of `var` to `allowed` (a given, a clue on one cell). An
    /// empty result is no error: the model then has no solution.
    pub fn restrict(&mut self, var: Var, allowed: Domain) {
        match self.domains.get_mut(var.index()) {
            Some(slot) => *slot = slot.intersect(allowed),
            None => self.fail(format!("variable {} is not in the model", var.index())),
        }
    }

    /// Fixes the starting domain of `var` to `value` (a given).
    pub fn fix(&mut self, var: Var, value: u8) {
        self.restrict(var, Domain::single(value));
    }

    /// Adds a constraint; it will be woken by every variable of its scope.
    pub fn post(&mut self, constraint: impl Constraint + 'static) -> Result<(), ModelError> {
        self.post_shared(Arc::new(constraint))
    }

    /// Adds a shared constraint (one instance may serve many cloned models).
    pub fn post_shared(&mut self, constraint: Arc<dyn Constraint>) -> Result<(), ModelError> {
        if let Some(var) = constraint
            .scope()
            .iter()
            .find(|v| v.index() >= self.domains.len())
        {
            let error = ModelError(format!("variable {} is not in the model", var.index()));
            self.fail(error.0.clone());
            return Err(error);
        }
        let index = self.constraints.len() as u32;
        for var in constraint.scope() {
            let watchers = &mut self.watchers[var.index()];
            // A variable listed twice in one scope wakes the constraint once.
            if watchers.last() != Some(&index) {
                watchers.push(index);
            }
        }
        self.constraints.push(constraint);
        Ok(())
    }

    /// The search limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Replaces the search limits.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Sets the node budget (the most search nodes one count or solve may visit).
    pub fn set_node_budget(&mut self, nodes: u64) {
        self.limits.nodes = nodes;
    }

    /// The first error met while building, if any.
    pub fn error(&self) -> Option<&ModelError> {
        self.error.as_ref()
    }

    /// Records a build error (the first one wins) so that search reports it.
    pub(super) fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(ModelError(message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_record_every_narrowing_once() {
        let mut values = vec![Domain::range(1, 4), Domain::range(1, 4)];
        let (mut trail, mut changed) = (Vec::new(), Vec::new());
        let mut domains = Domains::new(&mut values, &mut trail, &mut changed);
        let (a, b) = (Var(0), Var(1));
        assert_eq!(domains.remove(a, 2), Ok(true));
        assert_eq!(domains.remove(a, 2), Ok(false));
        assert_eq!(domains.at_most(b, 2), Ok(true));
        assert_eq!(domains.at_least(b, 2), Ok(true));
        assert_eq!(domains.value(b), Some(2));
        assert_eq!(domains.fix(b, 3), Err(Conflict));
        assert_eq!(domains.get(Var(7)), Domain::EMPTY);
        assert_eq!(domains.fix(Var(7), 1), Err(Conflict));
        assert_eq!(trail.len(), 3);
        assert_eq!(changed, [a, b, b]);
        assert_eq!(values[0], Domain::from_values([1, 3, 4]));
    }

    #[test]
    fn foreign_variables_are_refused() {
        let mut other = Model::new();
        let _ = other.new_vars(3, Domain::range(0, 1));
        let foreign = other.new_var(Domain::range(0, 1));
        let mut model = Model::new();
        let x = model.int_var(0, 1);
        assert!(model
            .post(super::super::relation::Binary::not_equal(x, foreign))
            .is_err());
        assert!(model.error().is_some());
        model.restrict(foreign, Domain::single(0));
        assert_eq!(model.constraint_count(), 0);
    }
}
