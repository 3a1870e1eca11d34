//! Constraints over a small scope given by their allowed tuples ([`Table`]) or by a rule
//! checked on value combinations ([`Predicate`]): cages, skyscraper lines, "no three equal
//! in a row" windows, anything a task can state as a test on a few values.

use std::sync::Arc;

use super::domain::Domain;
use super::model::{Conflict, Constraint, Domains, Model, ModelError, Var};

/// The most values a table may store (tuples × arity), and the most combinations a rule may
/// be enumerated over when a table is built from it: the bound on one propagation's work.
pub const MAX_TABLE_CELLS: usize = 1 << 22;

/// A shared rule on the values of a scope, in scope order.
pub type Rule = Arc<dyn Fn(&[u8]) -> bool + Send + Sync>;

/// The scope's values must form one of the listed tuples (propagated to generalized arc
/// consistency: a value stays only while some still-possible tuple uses it).
#[derive(Clone, Debug)]
pub struct Table {
    scope: Vec<Var>,
    /// The tuples, concatenated; each is `scope.len()` values.
    tuples: Vec<u8>,
}

impl Table {
    /// The table of `tuples` over `vars`; every tuple must have one value per variable.
    pub fn new(vars: &[Var], tuples: &[Vec<u8>]) -> Result<Self, ModelError> {
        if vars.is_empty() {
            return Err(ModelError("a table needs at least one variable".into()));
        }
        if tuples.len().saturating_mul(vars.len()) > MAX_TABLE_CELLS {
            return Err(ModelError(format!(
                "a table of {} tuples over {} variables is too large",
                tuples.len(),
                vars.len()
            )));
        }
        let mut flat = Vec::with_capacity(tuples.len() * vars.len());
        for tuple in tuples {
            if tuple.len() != vars.len() {
                return Err(ModelError(format!(
                    "a tuple has {} values for {} variables",
                    tuple.len(),
                    vars.len()
                )));
            }
            flat.extend_from_slice(tuple);
        }
        Ok(Self {
            scope: vars.to_vec(),
            tuples: flat,
        })
    }

    /// The table of every combination of `domains` (one per variable) that `rule` accepts.
    pub fn from_rule(
        vars: &[Var],
        domains: &[Domain],
        rule: impl Fn(&[u8]) -> bool,
    ) -> Result<Self, ModelError> {
        let combinations = domains
            .iter()
            .try_fold(1usize, |n, d| n.checked_mul(d.len() as usize));
        if domains.len() != vars.len() || combinations.is_none_or(|n| n > MAX_TABLE_CELLS) {
            return Err(ModelError(format!(
                "a rule over {} variables has too many combinations to tabulate",
                vars.len()
            )));
        }
        let mut tuples = Vec::new();
        for_each_combination(domains, usize::MAX, |values| {
            if rule(values) {
                tuples.push(values.to_vec());
            }
        });
        Self::new(vars, &tuples)
    }
}

/// Calls `visit` on every combination of values from `domains` (in lexicographic order),
/// unless there are more than `cap`; returns whether it visited them.
fn for_each_combination(domains: &[Domain], cap: usize, mut visit: impl FnMut(&[u8])) -> bool {
    let lists: Vec<Vec<u8>> = domains.iter().map(|d| d.values().collect()).collect();
    let total = lists
        .iter()
        .try_fold(1usize, |n, list| n.checked_mul(list.len()));
    if total.is_none_or(|n| n > cap) {
        return false;
    }
    if lists.iter().any(Vec::is_empty) {
        return true;
    }
    let mut digits = vec![0usize; lists.len()];
    let mut values: Vec<u8> = lists.iter().map(|l| l[0]).collect();
    loop {
        visit(&values);
        // Odometer step: bump the last position that has a next value.
        let mut position = lists.len();
        loop {
            if position == 0 {
                return true;
            }
            position -= 1;
            digits[position] += 1;
            if digits[position] < lists[position].len() {
                values[position] = lists[position][digits[position]];
                break;
            }
            digits[position] = 0;
            values[position] = lists[position][0];
        }
    }
}

/// Narrows every scope variable to the values some accepted tuple uses.
fn keep_supported(
    scope: &[Var],
    supports: &[Domain],
    domains: &mut Domains<'_>,
) -> Result<(), Conflict> {
    for (&var, &support) in scope.iter().zip(supports) {
        domains.restrict(var, support)?;
    }
    Ok(())
}

impl Constraint for Table {
    fn scope(&self) -> &[Var] {
        &self.scope
    }

    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict> {
        let current: Vec<Domain> = self.scope.iter().map(|&v| domains.get(v)).collect();
        let mut supports = vec![Domain::EMPTY; self.scope.len()];
        for tuple in self.tuples.chunks_exact(self.scope.len()) {
            if tuple.iter().zip(&current).all(|(&x, d)| d.contains(x)) {
                for (support, &x) in supports.iter_mut().zip(tuple) {
                    *support = support.union(Domain::single(x));
                }
            }
        }
        keep_supported(&self.scope, &supports, domains)
    }
}

/// A rule checked on the combinations of the current domains, once there are at most
/// `enumeration_cap` of them: then it prunes like a table; before that it waits (a large
/// scope costs nothing until search has fixed most of it). Every full assignment is checked,
/// so counts stay exact whatever the cap.
#[derive(Clone)]
pub struct Predicate {
    scope: Vec<Var>,
    rule: Rule,
    enumeration_cap: usize,
}

impl Predicate {
    /// The default number of combinations below which the rule prunes.
    pub const DEFAULT_CAP: usize = 4096;

    /// `rule` over `vars`, pruning once at most [`Self::DEFAULT_CAP`] combinations remain.
    pub fn new(vars: &[Var], rule: impl Fn(&[u8]) -> bool + Send + Sync + 'static) -> Self {
        Self {
            scope: vars.to_vec(),
            rule: Arc::new(rule),
            enumeration_cap: Self::DEFAULT_CAP,
        }
    }

    /// The same rule with another enumeration cap (at least 1, at most [`MAX_TABLE_CELLS`]).
    #[must_use]
    pub fn with_cap(mut self, cap: usize) -> Self {
        self.enumeration_cap = cap.clamp(1, MAX_TABLE_CELLS);
        self
    }
}

impl Constraint for Predicate {
    fn scope(&self) -> &[Var] {
        &self.scope
    }

    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict> {
        let current: Vec<Domain> = self.scope.iter().map(|&v| domains.get(v)).collect();
        let mut supports = vec![Domain::EMPTY; self.scope.len()];
        let visited = for_each_combination(&current, self.enumeration_cap, |values| {
            if (self.rule)(values) {
                for (support, &x) in supports.iter_mut().zip(values) {
                    *support = support.union(Domain::single(x));
                }
            }
        });
        if visited {
            keep_supported(&self.scope, &supports, domains)?;
        }
        Ok(())
    }
}

impl Model {
    /// Posts "the values of `vars` form one of `tuples`".
    pub fn table(&mut self, vars: &[Var], tuples: &[Vec<u8>]) -> Result<(), ModelError> {
        let table = Table::new(vars, tuples)?;
        self.post(table)
    }

    /// Posts `rule` over `vars` as a table, enumerated over the variables' starting domains
    /// (refused above [`MAX_TABLE_CELLS`] combinations; use [`Model::predicate`] then).
    pub fn table_from_rule(
        &mut self,
        vars: &[Var],
        rule: impl Fn(&[u8]) -> bool,
    ) -> Result<(), ModelError> {
        let starting: Vec<Domain> = vars.iter().map(|&v| self.domain(v)).collect();
        let table = Table::from_rule(vars, &starting, rule)?;
        self.post(table)
    }

    /// Posts `rule` over `vars`, checked lazily (see [`Predicate`]).
    pub fn predicate(
        &mut self,
        vars: &[Var],
        rule: impl Fn(&[u8]) -> bool + Send + Sync + 'static,
    ) -> Result<(), ModelError> {
        self.post(Predicate::new(vars, rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::testing::{propagate_once, vars};

    #[test]
    fn tables_keep_values_of_surviving_tuples() {
        let v = vars(2);
        let table = Table::new(&v, &[vec![1, 2], vec![2, 1], vec![3, 3]]).unwrap();
        let after = propagate_once(&table, &[Domain::range(1, 2), Domain::range(1, 3)]).unwrap();
        assert_eq!(after, [Domain::range(1, 2), Domain::range(1, 2)]);
        assert!(propagate_once(&table, &[Domain::single(4), Domain::range(1, 3)]).is_none());
        assert!(Table::new(&v, &[vec![1]]).is_err());
        assert!(Table::new(&[], &[]).is_err());
    }

    #[test]
    fn a_kenken_cage_from_a_rule() {
        // A 3-cell cage with product 6 over 1..=3 (order matters, repeats allowed by the cage).
        let mut model = Model::new();
        let cage = model.new_vars(3, Domain::range(1, 3));
        model
            .table_from_rule(&cage, |x| {
                x.iter().map(|&d| u32::from(d)).product::<u32>() == 6
            })
            .unwrap();
        // Products of 6: permutations of {1,2,3} (6).
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(6));
        let mut huge = Model::new();
        let wide = huge.new_vars(8, Domain::range(0, 63));
        assert!(huge.table_from_rule(&wide, |_| true).is_err());
    }

    #[test]
    fn predicates_wait_until_the_enumeration_is_small() {
        let v = vars(3);
        let no_three_equal = Predicate::new(&v, |x| !(x[0] == x[1] && x[1] == x[2]));
        let start = [Domain::single(1), Domain::single(1), Domain::range(0, 1)];
        let after = propagate_once(&no_three_equal, &start).unwrap();
        assert_eq!(after[2], Domain::single(0));
        let capped = Predicate::new(&v, |x| x[0] < x[1]).with_cap(10);
        let wide = [Domain::range(0, 9), Domain::range(0, 9), Domain::single(0)];
        assert_eq!(
            propagate_once(&capped, &wide).unwrap(),
            wide,
            "too wide: waits"
        );
        let fixed = [Domain::single(3), Domain::single(2), Domain::single(0)];
        assert!(propagate_once(&capped, &fixed).is_none());
    }

    #[test]
    fn skyscraper_line_counts() {
        // Permutations of 1..=4 seeing exactly 2 towers from the left: 11 (Stirling s(4,2)).
        let mut model = Model::new();
        let line = model.new_vars(4, Domain::range(1, 4));
        model.all_different(&line).unwrap();
        let visible = |x: &[u8]| {
            let mut tallest = 0;
            x.iter()
                .filter(|&&h| {
                    let seen = h > tallest;
                    tallest = tallest.max(h);
                    seen
                })
                .count()
        };
        model.predicate(&line, move |x| visible(x) == 2).unwrap();
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(11));
    }
}
