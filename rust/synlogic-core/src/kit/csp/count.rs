//! Counting: how many variables of a scope take one value (star rows and regions,
//! minesweeper numbers, binairo balance).

use super::model::{Conflict, Constraint, Domains, Model, ModelError, Var};

/// Between `at_least` and `at_most` variables of the scope take `value`.
#[derive(Clone, Debug)]
pub struct Count {
    scope: Vec<Var>,
    value: u8,
    at_least: usize,
    at_most: usize,
}

impl Count {
    /// `at_least ≤ #{v in vars : v = value} ≤ at_most`.
    pub fn between(vars: &[Var], value: u8, at_least: usize, at_most: usize) -> Self {
        Self {
            scope: vars.to_vec(),
            value,
            at_least,
            at_most,
        }
    }

    /// Exactly `k` variables of `vars` take `value`.
    pub fn exactly(vars: &[Var], value: u8, k: usize) -> Self {
        Self::between(vars, value, k, k)
    }
}

impl Constraint for Count {
    fn scope(&self) -> &[Var] {
        &self.scope
    }

    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict> {
        let must = self
            .scope
            .iter()
            .filter(|&&v| domains.value(v) == Some(self.value))
            .count();
        let may = self
            .scope
            .iter()
            .filter(|&&v| domains.get(v).contains(self.value))
            .count();
        if must > self.at_most || may < self.at_least {
            return Err(Conflict);
        }
        if must == self.at_most {
            // The quota is full: nobody else may take the value.
            for &var in &self.scope {
                if domains.value(var) != Some(self.value) {
                    domains.remove(var, self.value)?;
                }
            }
        } else if may == self.at_least {
            // Every candidate is needed.
            for &var in &self.scope {
                if domains.get(var).contains(self.value) {
                    domains.fix(var, self.value)?;
                }
            }
        }
        Ok(())
    }
}

impl Model {
    /// Posts "exactly `k` variables of `vars` take `value`".
    pub fn exactly(&mut self, vars: &[Var], value: u8, k: usize) -> Result<(), ModelError> {
        self.post(Count::exactly(vars, value, k))
    }

    /// Posts "between `at_least` and `at_most` variables of `vars` take `value`".
    pub fn count_between(
        &mut self,
        vars: &[Var],
        value: u8,
        at_least: usize,
        at_most: usize,
    ) -> Result<(), ModelError> {
        self.post(Count::between(vars, value, at_least, at_most))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::testing::{propagate_once, vars};
    use crate::kit::csp::Domain;

    #[test]
    fn a_full_quota_clears_the_rest_and_a_tight_one_fills_it() {
        let v = vars(4);
        let bit = Domain::range(0, 1);
        let start = [Domain::single(1), Domain::single(1), bit, bit];
        let after = propagate_once(&Count::exactly(&v, 1, 2), &start).unwrap();
        assert_eq!(after[2..], [Domain::single(0); 2]);
        let start = [Domain::single(0), bit, bit, Domain::single(1)];
        let after = propagate_once(&Count::exactly(&v, 1, 3), &start).unwrap();
        assert_eq!(after[1..3], [Domain::single(1); 2]);
        let over = [Domain::single(1); 4];
        assert!(propagate_once(&Count::exactly(&v, 1, 3), &over).is_none());
        let under = [Domain::single(0), Domain::single(0), bit, bit];
        assert!(propagate_once(&Count::between(&v, 1, 3, 4), &under).is_none());
    }

    #[test]
    fn exactly_k_of_n_counts_binomially() {
        let mut model = Model::new();
        let cells = model.new_vars(6, Domain::range(0, 1));
        model.exactly(&cells, 1, 2).unwrap();
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(15));
        let mut model = Model::new();
        let cells = model.new_vars(5, Domain::range(0, 2));
        model.count_between(&cells, 2, 4, 5).unwrap();
        // 5 ways with four 2s (the fifth cell 0 or 1: ×2) plus one with five.
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(11));
    }
}
