//! Nonogram lines: cells `0` (blank) or `1` (filled) whose filled runs have the clue's
//! lengths, in order, separated by at least one blank. Propagated by a line solver that
//! keeps exactly the values some placement of the runs uses.

use super::domain::Domain;
use super::model::{Conflict, Constraint, Domains, Model, ModelError, Var};

/// A line of 0/1 cells whose runs of 1s have the lengths of `clue`, in order.
#[derive(Clone, Debug)]
pub struct Runs {
    scope: Vec<Var>,
    clue: Vec<usize>,
}

impl Runs {
    /// The line `cells` with run lengths `clue` (an empty clue means an all-blank line;
    /// zero lengths are ignored).
    pub fn new(cells: &[Var], clue: &[usize]) -> Self {
        Self {
            scope: cells.to_vec(),
            clue: clue.iter().copied().filter(|&r| r > 0).collect(),
        }
    }
}

impl Constraint for Runs {
    fn scope(&self) -> &[Var] {
        &self.scope
    }

    fn propagate(&self, domains: &mut Domains<'_>) -> Result<(), Conflict> {
        let len = self.scope.len();
        let runs = self.clue.len();
        let can_blank: Vec<bool> = self
            .scope
            .iter()
            .map(|&v| domains.get(v).contains(0))
            .collect();
        let can_fill: Vec<bool> = self
            .scope
            .iter()
            .map(|&v| domains.get(v).contains(1))
            .collect();
        // fillable[i] = how many of cells 0..i can be filled.
        let mut fillable = vec![0usize; len + 1];
        for i in 0..len {
            fillable[i + 1] = fillable[i] + usize::from(can_fill[i]);
        }
        // A run of length r fits at start.. when every cell it covers can be filled (written
        // so that a huge clue length cannot overflow).
        let run_fits =
            |start: usize, r: usize| r <= len - start && fillable[start + r] - fillable[start] == r;
        // A state (i, j): cells 0..i decided, runs 0..j placed, cell i free to start a run.
        // Moves from (i, j): blank cell i → (i+1, j); run j at i.. plus its blank → (i+r+1, j+1),
        // or ending exactly at the line's end → (len, j+1).
        let target = |i: usize, r: usize| {
            if i + r == len {
                Some(len)
            } else if can_blank[i + r] {
                Some(i + r + 1)
            } else {
                None
            }
        };
        let width = runs + 1;
        let mut forward = vec![false; (len + 1) * width];
        forward[0] = true;
        for i in 0..len {
            for j in 0..=runs {
                if !forward[i * width + j] {
                    continue;
                }
                if can_blank[i] {
                    forward[(i + 1) * width + j] = true;
                }
                if j < runs && run_fits(i, self.clue[j]) {
                    if let Some(next) = target(i, self.clue[j]) {
                        forward[next * width + j + 1] = true;
                    }
                }
            }
        }
        let mut backward = vec![false; (len + 1) * width];
        backward[len * width + runs] = true;
        for i in (0..len).rev() {
            for j in 0..=runs {
                let blank = can_blank[i] && backward[(i + 1) * width + j];
                let run = j < runs
                    && run_fits(i, self.clue[j])
                    && target(i, self.clue[j]).is_some_and(|next| backward[next * width + j + 1]);
                backward[i * width + j] = blank || run;
            }
        }
        if !backward[0] {
            return Err(Conflict);
        }
        // Values used by some move on a path from the start to the end.
        let mut blank_ok = vec![false; len];
        let mut fill_ok = vec![false; len];
        for i in 0..len {
            for j in 0..=runs {
                if !forward[i * width + j] {
                    continue;
                }
                if can_blank[i] && backward[(i + 1) * width + j] {
                    blank_ok[i] = true;
                }
                if j < runs && run_fits(i, self.clue[j]) {
                    let r = self.clue[j];
                    if let Some(next) = target(i, r).filter(|&n| backward[n * width + j + 1]) {
                        fill_ok[i..i + r].iter_mut().for_each(|f| *f = true);
                        if next > i + r {
                            blank_ok[i + r] = true;
                        }
                    }
                }
            }
        }
        for (i, &var) in self.scope.iter().enumerate() {
            let mut allowed = Domain::EMPTY;
            if blank_ok[i] {
                allowed = allowed.union(Domain::single(0));
            }
            if fill_ok[i] {
                allowed = allowed.union(Domain::single(1));
            }
            domains.restrict(var, allowed)?;
        }
        Ok(())
    }
}

impl Model {
    /// Posts "the filled runs of `cells` have the lengths of `clue`" (cells 0 blank, 1 filled).
    pub fn runs(&mut self, cells: &[Var], clue: &[usize]) -> Result<(), ModelError> {
        self.post(Runs::new(cells, clue))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::testing::{propagate_once, vars};

    fn line(text: &str) -> Vec<Domain> {
        text.bytes()
            .map(|b| match b {
                b'0' => Domain::single(0),
                b'1' => Domain::single(1),
                _ => Domain::range(0, 1),
            })
            .collect()
    }

    fn show(domains: &[Domain]) -> String {
        domains
            .iter()
            .map(|d| match d.fixed_value() {
                Some(0) => '0',
                Some(1) => '1',
                _ => '?',
            })
            .collect()
    }

    #[test]
    fn the_line_solver_finds_the_forced_cells() {
        let v = vars(10);
        // A run of 8 in 10 cells: the middle 6 are filled.
        let after = propagate_once(&Runs::new(&v, &[8]), &line("??????????")).unwrap();
        assert_eq!(show(&after), "??111111??");
        // 3 1 4 in 10 cells fills the line exactly.
        let after = propagate_once(&Runs::new(&v, &[3, 1, 4]), &line("??????????")).unwrap();
        assert_eq!(show(&after), "1110101111");
        // A filled cell near the edge bounds the first run.
        let after = propagate_once(&Runs::new(&v[..5], &[2]), &line("?1???")).unwrap();
        assert_eq!(show(&after), "?1?00");
        let after = propagate_once(&Runs::new(&v[..4], &[]), &line("????")).unwrap();
        assert_eq!(show(&after), "0000");
        assert!(propagate_once(&Runs::new(&v[..4], &[2, 2]), &line("????")).is_none());
        assert!(propagate_once(&Runs::new(&v[..4], &[1]), &line("1??1")).is_none());
        let huge = Runs::new(&v[..4], &[usize::MAX, 1]);
        assert!(propagate_once(&huge, &line("????")).is_none());
    }

    #[test]
    fn line_counts_are_binomial() {
        // Runs 1,1 in 5 cells: C(4, 2) = 6 placements.
        let mut model = Model::new();
        let cells = model.new_vars(5, Domain::range(0, 1));
        model.runs(&cells, &[1, 1]).unwrap();
        assert_eq!(model.count_solutions(100).unwrap().count(), Some(6));
    }
}
