//! Pairwise distinct lines: no two lines (rows or columns of a grid) hold the same values
//! (binairo's rule).

use super::model::{Conflict, Constraint, Domains, Model, ModelError, Var};

/// No two of the lines are equal cell by cell (lines of different lengths always differ).
#[derive(Clone, Debug)]
pub struct DistinctLines {
    lines: Vec<Vec<Var>>,
    scope: Vec<Var>,
}

impl DistinctLines {
    /// The rule over `lines`.
    pub fn new(lines: &[Vec<Var>]) -> Self {
        Self {
            lines: lines.to_vec(),
            scope: lines.iter().flatten().copied().collect(),
        }
    }

    /// Keeps lines `a` and `b` apart: a conflict if they are fixed equal; if all but one cell
    /// pair is fixed equal and one side of that pair is fixed, the other side loses its value.
    fn separate(a: &[Var], b: &[Var], domains: &mut Domains<'_>) -> Result<(), Conflict> {
        if a.len() != b.len() {
            return Ok(());
        }
        let mut open = None;
        for (&x, &y) in a.iter().zip(b) {
            let (dx, dy) = (domains.get(x), domains.get(y));
            if dx.intersect(dy).is_empty() {
                return Ok(()); // already different here
            }
            if dx.is_fixed() && dy.is_fixed() {
                continue; // fixed and (since they meet) equal
            }
            if open.is_some() {
                return Ok(()); // two open cells: nothing certain yet
            }
            open = Some((x, y));
        }
        let Some((x, y)) = open else {
            return Err(Conflict);
        };
        if let Some(value) = domains.value(x) {
            domains.remove(y, value)?;
        } else if let Some(value) = domains.value(y) {
            domains.remove(x, value)?;
        }
        Ok(())
    }
}

impl Constraint for DistinctLines {
    fn scope(&self) -> &[Var] {
        &self.scope
    }

    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict> {
        for (i, a) in self.lines.iter().enumerate() {
            for b in &self.lines[i + 1..] {
                Self::separate(a, b, domains)?;
            }
        }
        Ok(())
    }
}

impl Model {
    /// Posts "no two of `lines` are equal cell by cell".
    pub fn distinct_lines(&mut self, lines: &[Vec<Var>]) -> Result<(), ModelError> {
        self.post(DistinctLines::new(lines))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::testing::{propagate_once, vars};
    use crate::kit::csp::Domain;

    #[test]
    fn the_last_open_cell_of_a_copy_is_flipped() {
        let v = vars(6);
        let lines = DistinctLines::new(&[v[..3].to_vec(), v[3..].to_vec()]);
        let bit = Domain::range(0, 1);
        let (zero, one) = (Domain::single(0), Domain::single(1));
        let after = propagate_once(&lines, &[one, zero, one, one, zero, bit]).unwrap();
        assert_eq!(after[5], zero);
        let two_open = [one, zero, bit, one, bit, bit];
        assert_eq!(propagate_once(&lines, &two_open).unwrap(), two_open);
        assert!(propagate_once(&lines, &[one, zero, one, one, zero, one]).is_none());
    }

    #[test]
    fn distinct_rows_of_bits_count_as_arrangements() {
        // Three distinct rows of two bits: 4 × 3 × 2 = 24.
        let mut model = Model::new();
        let rows: Vec<Vec<Var>> = (0..3)
            .map(|_| model.new_vars(2, Domain::range(0, 1)))
            .collect();
        model.distinct_lines(&rows).unwrap();
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(24));
    }
}
