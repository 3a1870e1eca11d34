//! A finite-domain constraint model for grid and logic puzzles.
//!
//! A task builds a [`Model`]: variables with small domains (values `0..64`, a bitset per
//! variable) and constraints over them, then asks for [`Model::count_solutions`] (up to a
//! limit) or [`Model::solve`]; both return a [`SearchOutcome`] with the solution count, the
//! first solution and the [`Effort`] spent (nodes, propagations, backtracks), which tasks
//! report as their difficulty figure. Search is propagation to a fixpoint, then branching on
//! the smallest domain, fully deterministic, within a node and propagation budget
//! ([`Limits`]) so that no model can run forever; memory is an undo trail bounded by 64
//! entries per variable.
//!
//! Built-in constraints (each a [`Constraint`], each with a `Model` helper that posts it):
//! - [`AllDifferent`] (`all_different`): naked and hidden singles, naked subsets, pigeonhole;
//! - [`Binary`] (`less_than`, `equal`, `not_equal`, `relation`, `allowed_pairs`): any
//!   relation of two variables, to arc consistency;
//! - [`Linear`] (`linear`, `sum_equals`): `Σ c·x (=|≤|≥) k` by bounds reasoning;
//! - [`Count`] (`exactly`, `count_between`): how many variables take one value;
//! - [`Table`] (`table`, `table_from_rule`) and [`Predicate`] (`predicate`): any rule over a
//!   small scope, as allowed tuples or as a test checked once few combinations remain;
//! - [`Runs`] (`runs`): a nonogram line with its line solver;
//! - [`DistinctLines`] (`distinct_lines`): no two lines equal.
//!
//! A task-specific rule implements [`Constraint`] and is added with [`Model::post`].
//!
//! A 3×3 futoshiki in a few lines: a Latin square plus one inequality.
//!
//! ```
//! use synlogic_core::kit::csp::{Domain, Model};
//!
//! let mut model = Model::new();
//! let cells = model.new_vars(9, Domain::range(1, 3));
//! for i in 0..3 {
//!     model.all_different(&[cells[3 * i], cells[3 * i + 1], cells[3 * i + 2]])?;
//!     model.all_different(&[cells[i], cells[i + 3], cells[i + 6]])?;
//! }
//! model.less_than(cells[0], cells[1])?; // top-left < its right neighbour
//! model.fix(cells[4], 3); // a given
//! let outcome = model.count_solutions(2)?;
//! assert_eq!(outcome.count(), Some(1));
//! assert_eq!(outcome.first.unwrap().value(cells[0]), 1);
//! let difficulty = outcome.effort.nodes; // or .propagations, .backtracks
//! assert!(difficulty >= 1);
//! # Ok::<(), synlogic_core::kit::csp::ModelError>(())
//! ```

mod alldiff;
mod count;
mod domain;
mod linear;
mod lines;
mod model;
mod relation;
mod runs;
mod search;
mod table;

pub use alldiff::AllDifferent;
pub use count::Count;
pub use domain::{Domain, MAX_VALUES};
pub use linear::{Comparison, Linear};
pub use lines::DistinctLines;
pub use model::{Conflict, Constraint, Domains, Model, ModelError, Var, MAX_VARS};
pub use relation::Binary;
pub use runs::Runs;
pub use search::{Effort, Limits, SearchOutcome, Solution};
pub use table::{Predicate, Rule, Table, MAX_TABLE_CELLS};

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the constraints' unit tests.

    use super::{Constraint, Domain, Domains, Model, Var};

    /// `count` variables of a throwaway model (the tests pass their own domains).
    pub fn vars(count: usize) -> Vec<Var> {
        Model::new().new_vars(count, Domain::range(0, 63))
    }

    /// One propagation of `constraint` from `start` (domains by variable index): the domains
    /// after, or `None` on a conflict.
    pub fn propagate_once(constraint: &dyn Constraint, start: &[Domain]) -> Option<Vec<Domain>> {
        let mut values = start.to_vec();
        let (mut trail, mut changed) = (Vec::new(), Vec::new());
        let mut domains = Domains::new(&mut values, &mut trail, &mut changed);
        constraint.propagate(&mut domains).ok()?;
        Some(values)
    }
}
