//! Linear sums: `Σ coefficient × variable` compared with a constant, by bounds reasoning.

use super::model::{Conflict, Constraint, Domains, Model, ModelError, Var};

/// How a sum compares with its right-hand side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `sum = rhs`.
    Equal,
    /// `sum ≤ rhs`.
    AtMost,
    /// `sum ≥ rhs`.
    AtLeast,
}

/// `Σ coefficients[i] × scope[i]  (=|≤|≥)  rhs`.
///
/// Each term's reach is bounded by what the other terms leave: with the others at their
/// smallest, a term may be at most `rhs − (rest minimum)` (and symmetrically for `≥`).
#[derive(Clone, Debug)]
pub struct Linear {
    scope: Vec<Var>,
    coefficients: Vec<i64>,
    comparison: Comparison,
    rhs: i64,
}

impl Linear {
    /// The constraint `Σ coefficient × var  comparison  rhs` over `terms`.
    pub fn new(terms: &[(i32, Var)], comparison: Comparison, rhs: i64) -> Self {
        Self {
            scope: terms.iter().map(|&(_, v)| v).collect(),
            coefficients: terms.iter().map(|&(c, _)| i64::from(c)).collect(),
            comparison,
            rhs,
        }
    }

    /// The plain sum of `vars` compared with `rhs`.
    pub fn sum(vars: &[Var], comparison: Comparison, rhs: i64) -> Self {
        let terms: Vec<(i32, Var)> = vars.iter().map(|&v| (1, v)).collect();
        Self::new(&terms, comparison, rhs)
    }

    /// The smallest and largest value of each term under the current domains.
    fn term_bounds(&self, domains: &Domains<'_>) -> Result<Vec<(i64, i64)>, Conflict> {
        self.scope
            .iter()
            .zip(&self.coefficients)
            .map(|(&var, &c)| {
                let domain = domains.get(var);
                let (lo, hi) = (domain.min().ok_or(Conflict)?, domain.max().ok_or(Conflict)?);
                let (a, b) = (c * i64::from(lo), c * i64::from(hi));
                Ok((a.min(b), a.max(b)))
            })
            .collect()
    }

    /// Bounds `term i ≤ limit` (or `≥` when `upper` is false) on the term's variable.
    fn bound_term(
        &self,
        domains: &mut Domains<'_>,
        i: usize,
        limit: i64,
        upper: bool,
    ) -> Result<bool, Conflict> {
        let (var, c) = (self.scope[i], self.coefficients[i]);
        if c == 0 {
            return if (upper && limit < 0) || (!upper && limit > 0) {
                Err(Conflict)
            } else {
                Ok(false)
            };
        }
        // c × x ≤ L  ⇔  x ≤ ⌊L / c⌋ for c > 0, x ≥ ⌈L / c⌉ for c < 0 (and mirrored for ≥).
        let magnitude = c.abs();
        let bound_is_upper = upper == (c > 0);
        let scaled = if c > 0 { limit } else { limit.saturating_neg() };
        if bound_is_upper {
            domains.at_most(var, scaled.div_euclid(magnitude))
        } else {
            domains.at_least(var, -(scaled.saturating_neg().div_euclid(magnitude)))
        }
    }
}

impl Constraint for Linear {
    fn scope(&self) -> &[Var] {
        &self.scope
    }

    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict> {
        loop {
            let bounds = self.term_bounds(domains)?;
            let low: i64 = bounds.iter().map(|b| b.0).sum();
            let high: i64 = bounds.iter().map(|b| b.1).sum();
            let mut changed = false;
            if self.comparison != Comparison::AtLeast {
                if low > self.rhs {
                    return Err(Conflict);
                }
                for (i, &(lo, _)) in bounds.iter().enumerate() {
                    changed |=
                        self.bound_term(domains, i, self.rhs.saturating_sub(low - lo), true)?;
                }
            }
            if self.comparison != Comparison::AtMost {
                if high < self.rhs {
                    return Err(Conflict);
                }
                for (i, &(_, hi)) in bounds.iter().enumerate() {
                    changed |=
                        self.bound_term(domains, i, self.rhs.saturating_sub(high - hi), false)?;
                }
            }
            if !changed {
                return Ok(());
            }
        }
    }
}

impl Model {
    /// Posts `Σ coefficient × var  comparison  rhs`.
    pub fn linear(
        &mut self,
        terms: &[(i32, Var)],
        comparison: Comparison,
        rhs: i64,
    ) -> Result<(), ModelError> {
        self.post(Linear::new(terms, comparison, rhs))
    }

    /// Posts `Σ vars = total`.
    pub fn sum_equals(&mut self, vars: &[Var], total: i64) -> Result<(), ModelError> {
        self.post(Linear::sum(vars, Comparison::Equal, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::testing::{propagate_once, vars};
    use crate::kit::csp::Domain;

    #[test]
    fn sums_narrow_by_bounds() {
        let v = vars(3);
        // x + y + z = 6 with z fixed to 4: x + y = 2, each of 1..=9 → both 1.
        let start = [Domain::range(1, 9), Domain::range(1, 9), Domain::single(4)];
        let after = propagate_once(&Linear::sum(&v, Comparison::Equal, 6), &start).unwrap();
        assert_eq!(after, [1, 1, 4].map(Domain::single));
        // x + y ≤ 5 with x ≥ 3 → y ≤ 2, x ≤ 4.
        let start = [Domain::range(3, 9), Domain::range(1, 9), Domain::single(0)];
        let after = propagate_once(&Linear::sum(&v[..2], Comparison::AtMost, 5), &start).unwrap();
        assert_eq!(after[..2], [Domain::range(3, 4), Domain::range(1, 2)]);
        let start = [Domain::range(1, 2), Domain::range(1, 2), Domain::single(0)];
        assert!(propagate_once(&Linear::sum(&v[..2], Comparison::AtLeast, 5), &start).is_none());
    }

    #[test]
    fn negative_and_scaled_coefficients() {
        let v = vars(2);
        // 2x − y = 3 with x, y in 0..=5: y = 2x − 3 → x in 2..=4, y in 1..=5 (odd).
        let linear = Linear::new(&[(2, v[0]), (-1, v[1])], Comparison::Equal, 3);
        let after = propagate_once(&linear, &[Domain::range(0, 5), Domain::range(0, 5)]).unwrap();
        assert_eq!(after, [Domain::range(2, 4), Domain::range(1, 5)]);
        // Zero coefficients constrain nothing but still check the sign of the slack.
        let zero = Linear::new(&[(0, v[0])], Comparison::AtLeast, 1);
        assert!(propagate_once(&zero, &[Domain::range(0, 5), Domain::EMPTY]).is_none());
    }

    #[test]
    fn extreme_right_hand_sides_do_not_overflow() {
        let v = vars(2);
        let start = [Domain::range(0, 5), Domain::range(0, 5)];
        for rhs in [i64::MIN, i64::MAX] {
            for comparison in [Comparison::Equal, Comparison::AtMost, Comparison::AtLeast] {
                let linear = Linear::new(&[(3, v[0]), (-2, v[1])], comparison, rhs);
                let _ = propagate_once(&linear, &start);
            }
        }
        let huge = Linear::sum(&v, Comparison::AtMost, i64::MAX);
        assert_eq!(propagate_once(&huge, &start).unwrap(), start);
        let none = Linear::sum(&v, Comparison::AtLeast, i64::MAX);
        assert!(propagate_once(&none, &start).is_none());
    }

    #[test]
    fn kakuro_run_counts() {
        // Two distinct digits 1..=9 summing to 4: {1,3} in two orders.
        let mut model = Model::new();
        let run = model.new_vars(2, Domain::range(1, 9));
        model.sum_equals(&run, 4).unwrap();
        model.all_different(&run).unwrap();
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(2));
        // Three distinct digits summing to 24: {7,8,9} in 6 orders.
        let mut model = Model::new();
        let run = model.new_vars(3, Domain::range(1, 9));
        model.sum_equals(&run, 24).unwrap();
        model.all_different(&run).unwrap();
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(6));
    }
}
