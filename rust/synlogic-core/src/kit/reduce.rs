//! A uniqueness-preserving reducer: drops givens (or clues) in random order while the puzzle
//! keeps exactly one solution.
//!
//! The caller owns the puzzle; the reducer sees only `n` removable units (a given, a clue, or
//! a symmetric pair of givens) and a callback that counts the solutions of the puzzle made of
//! the units still kept (it need only count up to 2; anything but 1 means "not unique",
//! including a count its budget could not settle).
//!
//! Why one pass can give a minimal set: removing a unit can only widen the solution set (for
//! givens and clues this holds: fewer rules, more solutions). So a unit found needed (its
//! removal allowed a second solution) stays needed after later removals, and a pass that tried
//! every unit once leaves a set in which every unit is needed.

use crate::rng::ItemRng;

/// How far the reducer goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ReduceOptions {
    /// Try every unit once (the result is then minimal: every kept unit is needed). When
    /// false, stop at the first unit whose removal breaks uniqueness (fewer counts, a looser
    /// puzzle).
    pub minimal: bool,
    /// Stop as soon as at most this many units are kept.
    pub target: Option<usize>,
}

/// What the reducer did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reduction {
    /// Per unit, whether it is kept.
    pub kept: Vec<bool>,
    /// The number of calls of the counting callback.
    pub counts: u64,
    /// Whether every kept unit was proved needed (a minimal set).
    pub minimal: bool,
}

impl Reduction {
    /// The indices of the kept units, ascending.
    pub fn kept_indices(&self) -> Vec<usize> {
        (0..self.kept.len()).filter(|&i| self.kept[i]).collect()
    }

    /// How many units are kept.
    pub fn kept_count(&self) -> usize {
        self.kept.iter().filter(|&&k| k).count()
    }
}

/// Removes units from a puzzle of `units` removable units (all kept at the start, assumed to
/// have exactly one solution), in an order drawn from `rng`, keeping the solution unique.
///
/// `count_solutions(kept)` counts the solutions of the puzzle keeping the units marked in
/// `kept` (up to 2 is enough). The walk order depends only on `rng` and `units`, so the result
/// is deterministic for a deterministic callback.
pub fn reduce(
    units: usize,
    rng: &mut ItemRng,
    options: ReduceOptions,
    mut count_solutions: impl FnMut(&[bool]) -> u64,
) -> Reduction {
    let mut kept = vec![true; units];
    let mut order: Vec<usize> = (0..units).collect();
    rng.shuffle(&mut order);
    let mut remaining = units;
    let mut counts = 0;
    let mut tried_all = true;
    for (step, &unit) in order.iter().enumerate() {
        if options.target.is_some_and(|target| remaining <= target) {
            tried_all = step == order.len();
            break;
        }
        kept[unit] = false;
        counts += 1;
        if count_solutions(&kept) == 1 {
            remaining -= 1;
        } else {
            kept[unit] = true;
            if !options.minimal {
                tried_all = step + 1 == order.len();
                break;
            }
        }
    }
    Reduction {
        kept,
        counts,
        minimal: tried_all,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::csp::{Domain, Model, Var};

    /// A 4×4 Latin square with some cells given: the cells, its model, and a solution.
    struct Latin {
        model: Model,
        cells: Vec<Var>,
        solution: Vec<u8>,
    }

    fn latin() -> Latin {
        let mut model = Model::new();
        let cells = model.new_vars(16, Domain::range(1, 4));
        for i in 0..4 {
            let row: Vec<Var> = (0..4).map(|j| cells[i * 4 + j]).collect();
            let col: Vec<Var> = (0..4).map(|j| cells[j * 4 + i]).collect();
            model.all_different(&row).unwrap();
            model.all_different(&col).unwrap();
        }
        let solution = model.solve().unwrap().first.unwrap().values().to_vec();
        Latin {
            model,
            cells,
            solution,
        }
    }

    impl Latin {
        fn count(&self, kept: &[bool]) -> u64 {
            let mut model = self.model.clone();
            for (i, _) in kept.iter().enumerate().filter(|(_, &k)| k) {
                model.fix(self.cells[i], self.solution[i]);
            }
            model.count_solutions(2).unwrap().solutions
        }
    }

    #[test]
    fn a_minimal_reduction_keeps_only_needed_givens() {
        let square = latin();
        let mut rng = ItemRng::from_u64(3);
        let options = ReduceOptions {
            minimal: true,
            target: None,
        };
        let reduction = reduce(16, &mut rng, options, |kept| square.count(kept));
        assert_eq!(reduction.counts, 16, "one count per given");
        assert!(reduction.minimal);
        let mut kept = reduction.kept.clone();
        assert_eq!(square.count(&kept), 1);
        for i in reduction.kept_indices() {
            kept[i] = false;
            assert!(square.count(&kept) >= 2, "given {i} is not needed");
            kept[i] = true;
        }
        assert!(reduction.kept_count() < 16);
    }

    #[test]
    fn reductions_are_deterministic_and_depend_on_the_stream() {
        let square = latin();
        let options = ReduceOptions {
            minimal: true,
            target: None,
        };
        let run = |seed| {
            reduce(16, &mut ItemRng::from_u64(seed), options, |k| {
                square.count(k)
            })
        };
        assert_eq!(run(1), run(1));
        let distinct: std::collections::HashSet<Vec<bool>> = (0..8).map(|s| run(s).kept).collect();
        assert!(distinct.len() > 1, "every seed gave the same set");
    }

    #[test]
    fn targets_and_early_stops() {
        let square = latin();
        let with_target = ReduceOptions {
            minimal: true,
            target: Some(12),
        };
        let reduction = reduce(16, &mut ItemRng::from_u64(4), with_target, |k| {
            square.count(k)
        });
        assert_eq!(reduction.kept_count(), 12);
        assert!(reduction.counts >= 4);
        assert_eq!(square.count(&reduction.kept), 1);
        assert!(!reduction.minimal);
        let greedy = ReduceOptions::default();
        let reduction = reduce(16, &mut ItemRng::from_u64(4), greedy, |k| square.count(k));
        assert_eq!(square.count(&reduction.kept), 1);
        // The greedy walk stops at its first failure: every count but the last succeeded.
        assert_eq!(reduction.counts, 16 - reduction.kept_count() as u64 + 1);
        let empty = reduce(0, &mut ItemRng::from_u64(4), greedy, |_| 1);
        assert_eq!((empty.counts, empty.minimal), (0, true));
    }
}
