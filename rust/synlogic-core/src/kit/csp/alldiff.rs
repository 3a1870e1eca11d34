//! All-different: the variables of the scope take pairwise distinct values.
//!
//! Propagation, repeated to a fixpoint: a fixed value leaves every other variable (naked
//! single); a value that fits only one variable goes there when the scope must use every
//! value of its union (hidden single); `k` variables whose domains lie inside one `k`-value
//! domain take those values from everyone else (naked pair, triple, ...); fewer values than
//! variables is a conflict (pigeonhole).

use super::domain::Domain;
use super::model::{Conflict, Constraint, Domains, Model, ModelError, Var};

/// Pairwise distinct values over a scope.
#[derive(Clone, Debug)]
pub struct AllDifferent {
    scope: Vec<Var>,
}

impl AllDifferent {
    /// All-different over `vars` (a variable listed twice makes it unsatisfiable).
    pub fn new(vars: &[Var]) -> Self {
        Self {
            scope: vars.to_vec(),
        }
    }

    /// One sweep of every rule; `Ok(true)` if some domain changed.
    fn sweep(&self, domains: &mut Domains<'_>) -> Result<bool, Conflict> {
        let mut changed = false;
        let current: Vec<Domain> = self.scope.iter().map(|&v| domains.get(v)).collect();

        // Naked singles: each fixed value is taken away from the others.
        let mut fixed = Domain::EMPTY;
        for domain in &current {
            if domain.is_fixed() {
                if !domain.intersect(fixed).is_empty() {
                    return Err(Conflict);
                }
                fixed = fixed.union(*domain);
            }
        }
        for (&var, domain) in self.scope.iter().zip(&current) {
            if !domain.is_fixed() {
                changed |= domains.restrict(var, fixed.complement())?;
            }
        }

        // Pigeonhole and hidden singles.
        let union = current.iter().fold(Domain::EMPTY, |u, d| u.union(*d));
        let needed = self.scope.len() as u32;
        if union.len() < needed {
            return Err(Conflict);
        }
        if union.len() == needed {
            for value in union.values() {
                let mut places = self
                    .scope
                    .iter()
                    .filter(|&&v| domains.get(v).contains(value));
                match (places.next(), places.next()) {
                    (None, _) => return Err(Conflict),
                    (Some(&only), None) => changed |= domains.fix(only, value)?,
                    _ => {}
                }
            }
        }

        // Naked subsets: k variables confined to one k-value domain own those values.
        let current: Vec<Domain> = self.scope.iter().map(|&v| domains.get(v)).collect();
        for (i, &candidate) in current.iter().enumerate() {
            let size = candidate.len();
            if size < 2 || size as usize >= self.scope.len() {
                continue;
            }
            if current[..i].contains(&candidate) {
                continue; // the same subset was handled at its first occurrence
            }
            let inside = current.iter().filter(|d| d.is_subset_of(candidate)).count();
            if inside > size as usize {
                return Err(Conflict);
            }
            if inside == size as usize {
                for (&var, domain) in self.scope.iter().zip(&current) {
                    if !domain.is_subset_of(candidate) {
                        changed |= domains.restrict(var, candidate.complement())?;
                    }
                }
            }
        }
        Ok(changed)
    }
}

impl Constraint for AllDifferent {
    fn scope(&self) -> &[Var] {
        &self.scope
    }

    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict> {
        // Each productive sweep removes a value, so this ends within 64 × scope sweeps.
        while self.sweep(domains)? {}
        Ok(())
    }
}

impl Model {
    /// Posts "the variables of `vars` take pairwise distinct values".
    pub fn all_different(&mut self, vars: &[Var]) -> Result<(), ModelError> {
        self.post(AllDifferent::new(vars))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::testing::{propagate_once, vars};

    #[test]
    fn naked_singles_cascade() {
        let v = vars(3);
        let start = [Domain::single(1), Domain::range(1, 2), Domain::range(1, 3)];
        let after = propagate_once(&AllDifferent::new(&v), &start).unwrap();
        assert_eq!(after, [1, 2, 3].map(Domain::single));
        let clash = [Domain::single(1), Domain::single(1), Domain::range(1, 3)];
        assert!(propagate_once(&AllDifferent::new(&v), &clash).is_none());
    }

    #[test]
    fn hidden_singles_and_pigeonhole() {
        let v = vars(3);
        // Only the third variable can take 3.
        let start = [
            Domain::range(1, 2),
            Domain::range(1, 2),
            Domain::range(1, 3),
        ];
        let after = propagate_once(&AllDifferent::new(&v), &start).unwrap();
        assert_eq!(after[2], Domain::single(3));
        let start = [
            Domain::range(1, 3),
            Domain::range(1, 2),
            Domain::from_values([1, 3]),
        ];
        let after = propagate_once(&AllDifferent::new(&v), &start).unwrap();
        assert_eq!(after, start, "every value has two places: nothing to do");
        let too_few = [Domain::range(1, 2); 3];
        assert!(propagate_once(&AllDifferent::new(&v), &too_few).is_none());
    }

    #[test]
    fn naked_pairs_clear_the_rest() {
        let v = vars(4);
        let pair = Domain::from_values([2, 5]);
        let start = [pair, pair, Domain::range(1, 6), Domain::range(2, 3)];
        let after = propagate_once(&AllDifferent::new(&v), &start).unwrap();
        // The pair takes 2 and 5; the last cell is then 3, which the third cell loses too.
        assert_eq!(after[2], Domain::from_values([1, 4, 6]));
        assert_eq!(after[3], Domain::single(3));
        let triple = [pair, pair, pair, Domain::range(1, 9)];
        assert!(propagate_once(&AllDifferent::new(&v), &triple).is_none());
    }

    #[test]
    fn latin_squares_have_their_known_counts() {
        for (n, known) in [(3u8, 12u64), (4, 576)] {
            let mut model = Model::new();
            let side = usize::from(n);
            let cells = model.new_vars(side * side, Domain::range(1, n));
            for i in 0..side {
                let row: Vec<Var> = (0..side).map(|j| cells[i * side + j]).collect();
                let col: Vec<Var> = (0..side).map(|j| cells[j * side + i]).collect();
                model.all_different(&row).unwrap();
                model.all_different(&col).unwrap();
            }
            let outcome = model.count_solutions(10_000).unwrap();
            assert_eq!(outcome.count(), Some(known), "latin squares of side {n}");
        }
    }
}
