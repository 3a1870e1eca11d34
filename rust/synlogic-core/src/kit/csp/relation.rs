//! Binary relations between two variables (`<`, `≤`, `=`, `≠`, an offset, any table of
//! allowed pairs), propagated to arc consistency through a 64×64 support table.

use super::domain::Domain;
use super::model::{Conflict, Constraint, Domains, Model, ModelError, Var};

/// A relation between `x` and `y`: `supports[a]` holds the values of `y` allowed with `x = a`.
#[derive(Clone)]
pub struct Binary {
    scope: [Var; 2],
    supports: Box<[Domain; 64]>,
}

impl Binary {
    /// The relation holding exactly where `rule(x, y)` is true (values `0..64`).
    pub fn predicate(x: Var, y: Var, rule: impl Fn(u8, u8) -> bool) -> Self {
        let mut supports = Box::new([Domain::EMPTY; 64]);
        for (a, support) in (0u8..).zip(supports.iter_mut()) {
            *support = Domain::from_values((0..64).filter(|&b| rule(a, b)));
        }
        Self {
            scope: [x, y],
            supports,
        }
    }

    /// The relation allowing exactly the listed `(x, y)` pairs (values `>= 64` are ignored).
    pub fn allowed_pairs(x: Var, y: Var, pairs: &[(u8, u8)]) -> Self {
        let mut supports = Box::new([Domain::EMPTY; 64]);
        for &(a, b) in pairs {
            if let Some(support) = supports.get_mut(usize::from(a)) {
                *support = support.union(Domain::single(b));
            }
        }
        Self {
            scope: [x, y],
            supports,
        }
    }

    /// `x < y`.
    pub fn less_than(x: Var, y: Var) -> Self {
        Self::predicate(x, y, |a, b| a < b)
    }

    /// `x <= y`.
    pub fn less_or_equal(x: Var, y: Var) -> Self {
        Self::predicate(x, y, |a, b| a <= b)
    }

    /// `x = y`.
    pub fn equal(x: Var, y: Var) -> Self {
        Self::predicate(x, y, |a, b| a == b)
    }

    /// `x ≠ y`.
    pub fn not_equal(x: Var, y: Var) -> Self {
        Self::predicate(x, y, |a, b| a != b)
    }

    /// `x + offset = y`.
    pub fn offset(x: Var, offset: i32, y: Var) -> Self {
        Self::predicate(x, y, move |a, b| i32::from(a) + offset == i32::from(b))
    }
}

impl Constraint for Binary {
    fn scope(&self) -> &[Var] {
        &self.scope
    }

    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict> {
        let [x, y] = self.scope;
        let dy = domains.get(y);
        if x == y {
            // One variable related to itself: keep the values related to themselves.
            let keep = Domain::from_values(
                dy.values()
                    .filter(|&a| self.supports[usize::from(a)].contains(a)),
            );
            domains.restrict(x, keep)?;
            return Ok(());
        }
        let dx = domains.get(x);
        let mut keep_x = Domain::EMPTY;
        let mut keep_y = Domain::EMPTY;
        for a in dx.values() {
            let support = self.supports[usize::from(a)].intersect(dy);
            if !support.is_empty() {
                keep_x = keep_x.union(Domain::single(a));
                keep_y = keep_y.union(support);
            }
        }
        domains.restrict(x, keep_x)?;
        domains.restrict(y, keep_y)?;
        Ok(())
    }
}

impl Model {
    /// Posts `rule(x, y)` as a binary relation.
    pub fn relation(
        &mut self,
        x: Var,
        y: Var,
        rule: impl Fn(u8, u8) -> bool,
    ) -> Result<(), ModelError> {
        self.post(Binary::predicate(x, y, rule))
    }

    /// Posts `x < y`.
    pub fn less_than(&mut self, x: Var, y: Var) -> Result<(), ModelError> {
        self.post(Binary::less_than(x, y))
    }

    /// Posts `x = y`.
    pub fn equal(&mut self, x: Var, y: Var) -> Result<(), ModelError> {
        self.post(Binary::equal(x, y))
    }

    /// Posts `x ≠ y`.
    pub fn not_equal(&mut self, x: Var, y: Var) -> Result<(), ModelError> {
        self.post(Binary::not_equal(x, y))
    }

    /// Posts "`(x, y)` is one of `pairs`".
    pub fn allowed_pairs(&mut self, x: Var, y: Var, pairs: &[(u8, u8)]) -> Result<(), ModelError> {
        self.post(Binary::allowed_pairs(x, y, pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::testing::propagate_once;

    fn vars() -> (Var, Var) {
        let mut model = Model::new();
        (model.int_var(0, 9), model.int_var(0, 9))
    }

    #[test]
    fn less_than_trims_both_ends() {
        let (x, y) = vars();
        let after = propagate_once(
            &Binary::less_than(x, y),
            &[Domain::range(1, 4), Domain::range(1, 4)],
        )
        .unwrap();
        assert_eq!(after, [Domain::range(1, 3), Domain::range(2, 4)]);
        let dead = [Domain::range(5, 6), Domain::range(1, 5)];
        assert!(propagate_once(&Binary::less_than(x, y), &dead).is_none());
    }

    #[test]
    fn not_equal_acts_only_on_a_fixed_side() {
        let (x, y) = vars();
        let start = [Domain::single(2), Domain::range(1, 3)];
        let after = propagate_once(&Binary::not_equal(x, y), &start).unwrap();
        assert_eq!(after[1], Domain::from_values([1, 3]));
        let open = [Domain::range(1, 2), Domain::range(1, 2)];
        assert_eq!(
            propagate_once(&Binary::not_equal(x, y), &open).unwrap(),
            open
        );
        let clash = [Domain::single(2), Domain::single(2)];
        assert!(propagate_once(&Binary::not_equal(x, y), &clash).is_none());
    }

    #[test]
    fn tables_and_offsets_keep_only_supported_values() {
        let (x, y) = vars();
        let table = Binary::allowed_pairs(x, y, &[(1, 5), (2, 6), (3, 3), (70, 1)]);
        let after = propagate_once(&table, &[Domain::range(1, 3), Domain::range(4, 6)]).unwrap();
        assert_eq!(after, [Domain::range(1, 2), Domain::range(5, 6)]);
        let next = Binary::offset(x, 1, y);
        let after = propagate_once(&next, &[Domain::range(0, 9), Domain::single(0)]);
        assert!(after.is_none(), "nothing lies left of house 0");
        let after = propagate_once(&next, &[Domain::range(0, 9), Domain::single(4)]).unwrap();
        assert_eq!(after[0], Domain::single(3));
        let same = Binary::less_than(x, x);
        assert!(propagate_once(&same, &[Domain::range(0, 3), Domain::EMPTY]).is_none());
        let equal_self = Binary::equal(x, x);
        let after = propagate_once(&equal_self, &[Domain::range(0, 3), Domain::EMPTY]).unwrap();
        assert_eq!(after[0], Domain::range(0, 3));
    }
}
