//! The exhaustive solver behind the difficulty figure.

use super::arithmetic::{Operator, Ratio};
use super::puzzle::{CountdownPuzzle, MAX_GIVEN};
use super::triple::{search_triple, TripleRules};

/// The solver stops after building this many expressions.
pub const SOLVER_NODE_CAP: u64 = 250_000;

/// The states a solver run has seen, by 64-bit fingerprint: an open-addressing set with a
/// one-byte tag per slot beside the keys (a probe reads the small tag array and touches a
/// key only when its tag matches), reused between runs on a thread and cleared through the
/// list of filled slots, so a small run costs little after a large one.
struct Seen {
    tags: Vec<u8>,
    keys: Vec<u64>,
    filled: Vec<u32>,
}

impl Seen {
    fn new() -> Self {
        let slots = 1 << 12;
        Self {
            tags: vec![0; slots],
            keys: vec![0; slots],
            filled: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &slot in &self.filled {
            self.tags[slot as usize] = 0;
        }
        self.filled.clear();
    }

    /// The tag of a key: its top seven bits, marked occupied.
    fn tag(key: u64) -> u8 {
        (key >> 57) as u8 | 0x80
    }

    /// Adds `key`; `false` if it was there already.
    #[inline]
    fn insert(&mut self, key: u64) -> bool {
        if self.filled.len() * 2 >= self.tags.len() {
            self.grow();
        }
        let mask = self.tags.len() - 1;
        let tag = Self::tag(key);
        let mut slot = key as usize & mask;
        loop {
            let here = self.tags[slot];
            if here == 0 {
                self.tags[slot] = tag;
                self.keys[slot] = key;
                self.filled.push(slot as u32);
                return true;
            }
            if here == tag && self.keys[slot] == key {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let keys: Vec<u64> = self.filled.iter().map(|&s| self.keys[s as usize]).collect();
        let slots = self.tags.len() * 2;
        self.tags = vec![0; slots];
        self.keys = vec![0; slots];
        self.filled.clear();
        for key in keys {
            self.insert(key);
        }
    }
}

thread_local! {
    static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::new(Seen::new());
}

/// A 64-bit mix (the SplitMix64 finaliser): distinct inputs give unrelated outputs.
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A value the solver combines: positive integers (`u64`, for `integer_intermediates`) or
/// exact fractions ([`Ratio`]). `combine` applies an operator and the puzzle's rules.
trait SearchValue: Copy + Ord + Default {
    fn from_given(value: u64) -> Self;
    fn combine(op: Operator, a: Self, b: Self) -> Option<Self>;
    /// The value's share of a state's fingerprint (the sum over the state's values, so a
    /// state's fingerprint follows from its parent's in constant time).
    fn fingerprint(self) -> u64;
    /// Searches the sorted three-value `state` like [`Solver::search`] by a faster route,
    /// or `None` (nodes untouched) where there is none.
    fn search_triple(_state: &[Self], _solver: &mut Solver<'_, Self>) -> Option<Outcome> {
        None
    }
}

impl SearchValue for u64 {
    fn from_given(value: u64) -> Self {
        value
    }

    #[inline]
    fn combine(op: Operator, a: u64, b: u64) -> Option<u64> {
        match op {
            Operator::Add => a.checked_add(b),
            Operator::Sub => (a > b).then(|| a - b),
            Operator::Mul => a.checked_mul(b),
            // `a % b` is `a` when `a < b`: no division needed to tell.
            Operator::Div if b == 0 => None,
            Operator::Div if a < b => (a == 0).then_some(0),
            Operator::Div => (a % b == 0).then(|| a / b),
        }
    }

    fn fingerprint(self) -> u64 {
        mix(self ^ 0x243f_6a88_85a3_08d3)
    }
}

impl SearchValue for Ratio {
    fn from_given(value: u64) -> Self {
        Ratio::int(i128::from(value))
    }

    fn combine(op: Operator, a: Ratio, b: Ratio) -> Option<Ratio> {
        op.apply(a, b)
    }

    fn fingerprint(self) -> u64 {
        let h = mix(self.num as u64 ^ 0x243f_6a88_85a3_08d3);
        let h = mix(h ^ (self.num >> 64) as u64);
        mix(h ^ self.den as u64)
    }

    fn search_triple(state: &[Ratio], solver: &mut Solver<'_, Ratio>) -> Option<Outcome> {
        let rules = TripleRules {
            operators: &solver.operators,
            target: solver.target,
            use_all: solver.use_all,
            cap: solver.cap,
        };
        search_triple(state, &rules, &mut solver.nodes)
    }
}

/// What a solver run found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SolverReport {
    pub(super) nodes: u64,
    pub(super) found: bool,
    pub(super) capped: bool,
}

impl SolverReport {
    fn new(nodes: u64, outcome: &Outcome) -> Self {
        Self {
            nodes,
            found: matches!(outcome, Outcome::Found),
            capped: matches!(outcome, Outcome::Capped),
        }
    }
}

/// Sorts the start `state` and runs `search` on it with its additive fingerprint, unless the
/// target is already given and may stand alone (found at no cost) or the state is out of range.
fn start_search<T: SearchValue>(
    state: &mut [T],
    target: T,
    use_all: bool,
    search: impl FnOnce(&[T], u64) -> Outcome,
) -> Outcome {
    state.sort_unstable();
    if state.contains(&target) && (!use_all || state.len() == 1) {
        Outcome::Found
    } else if state.len() < 2 || state.len() > MAX_GIVEN {
        Outcome::Exhausted
    } else {
        let key = state
            .iter()
            .map(|v| v.fingerprint())
            .fold(0, u64::wrapping_add);
        search(state, key)
    }
}

/// How a search (or a branch of it) ended.
pub(super) enum Outcome {
    Found,
    Exhausted,
    Capped,
}

/// The generic depth-first search (see [`Solver::search`]).
struct Solver<'s, V> {
    target: V,
    operators: Vec<Operator>,
    use_all: bool,
    cap: u64,
    nodes: u64,
    seen: &'s mut Seen,
}

/// Runs the bounded exhaustive solver on `puzzle`, counting expressions built until the
/// first solution (at most `cap`).
pub(super) fn run_solver(puzzle: &CountdownPuzzle, cap: u64) -> SolverReport {
    SEEN.with(|seen| {
        let seen = &mut seen.borrow_mut();
        seen.clear();
        let report = if !puzzle.integer_intermediates {
            Solver::<Ratio>::run(puzzle, cap, seen)
        } else if puzzle.numbers.contains(&0) {
            Solver::<u64>::run(puzzle, cap, seen)
        } else {
            IntSolver::run(puzzle, cap, seen)
        };
        seen.clear();
        report
    })
}

/// `Some(b / a)` if `a` (positive) divides `b`; through floating point where that is exact.
#[inline]
pub(super) fn divide_exact(b: u64, a: u64) -> Option<u64> {
    const EXACT: u64 = 1 << 53;
    if b < EXACT {
        // Both exact as f64; an integer quotient is then computed exactly.
        let q = (b as f64 / a as f64) as u64;
        (q * a == b).then_some(q)
    } else {
        (b % a == 0).then(|| b / a)
    }
}

/// [`Solver`] on `u64` for puzzles of positive numbers (every intermediate is then positive):
/// the same steps in the same order, with each pair's expressions listed directly. For
/// `a <= b` the search's tries are `a + b`, `a - b` (never valid), `b - a` (when `a < b`),
/// `a * b`, `a / b` (valid only when `a == b`) and `b / a`, in that order per operator.
struct IntSolver<'s> {
    target: u64,
    ops: [bool; 4],
    use_all: bool,
    cap: u64,
    nodes: u64,
    seen: &'s mut Seen,
}

impl IntSolver<'_> {
    fn run(puzzle: &CountdownPuzzle, cap: u64, seen: &mut Seen) -> SolverReport {
        let allowed = puzzle.allowed_operators();
        let mut solver = IntSolver {
            target: puzzle.target,
            ops: Operator::ALL.map(|op| allowed.contains(&op)),
            use_all: puzzle.use_all,
            cap,
            nodes: 0,
            seen,
        };
        let mut state = puzzle.numbers.clone();
        let outcome = start_search(&mut state, solver.target, puzzle.use_all, |state, key| {
            solver.search(state, key)
        });
        SolverReport::new(solver.nodes, &outcome)
    }

    /// Calls `f` on the value of each expression over `0 < a <= b`, in the search's order,
    /// until it returns `Some`.
    #[inline]
    fn expressions(
        ops: [bool; 4],
        a: u64,
        b: u64,
        mut f: impl FnMut(u64) -> Option<Outcome>,
    ) -> Option<Outcome> {
        let [add, sub, mul, div] = ops;
        let mut done = None;
        if add {
            if let Some(v) = a.checked_add(b) {
                done = f(v);
            }
        }
        if done.is_none() && sub && a < b {
            done = f(b - a);
        }
        if done.is_none() && mul {
            if let Some(v) = a.checked_mul(b) {
                done = f(v);
            }
        }
        if done.is_none() && div {
            if let Some(v) = divide_exact(b, a) {
                done = f(v);
            }
        }
        done
    }

    /// Counts one built expression; `Some` when the search stops at it.
    #[inline]
    fn count(&mut self, value: u64, last: bool) -> Option<Outcome> {
        self.nodes += 1;
        if self.nodes > self.cap {
            self.nodes = self.cap;
            return Some(Outcome::Capped);
        }
        (value == self.target && (last || !self.use_all)).then_some(Outcome::Found)
    }

    fn pair(&mut self, a: u64, b: u64) -> Outcome {
        Self::expressions(self.ops, a, b, |value| self.count(value, true))
            .unwrap_or(Outcome::Exhausted)
    }

    fn search(&mut self, state: &[u64], key: u64) -> Outcome {
        let len = state.len();
        if len == 2 {
            return self.pair(state[0], state[1]);
        }
        if len == 3 {
            return self.triple(state);
        }
        for i in 0..len {
            if i > 0 && state[i] == state[i - 1] {
                continue;
            }
            for j in i + 1..len {
                if j > i + 1 && state[j] == state[j - 1] {
                    continue;
                }
                let (a, b) = (state[i], state[j]);
                let rest = key
                    .wrapping_sub(a.fingerprint())
                    .wrapping_sub(b.fingerprint());
                let done = {
                    Self::expressions(self.ops, a, b, |value| {
                        if let Some(done) = self.count(value, false) {
                            return Some(done);
                        }
                        let child = rest.wrapping_add(value.fingerprint());
                        if !self.seen.insert(child) {
                            return None;
                        }
                        let mut next = [0u64; MAX_GIVEN];
                        let size = replace_pair_sorted(state, (i, j), value, &mut next);
                        match self.search(&next[..size], child) {
                            Outcome::Exhausted => None,
                            done => Some(done),
                        }
                    })
                };
                if let Some(done) = done {
                    return done;
                }
            }
        }
        Outcome::Exhausted
    }

    /// [`Self::search`] on three values, whose children are two-value states searched in
    /// place.
    fn triple(&mut self, state: &[u64]) -> Outcome {
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            if (i > 0 && state[i] == state[i - 1]) || (j > i + 1 && state[j] == state[j - 1]) {
                continue;
            }
            let (a, b) = (state[i], state[j]);
            let other = state[3 - i - j];
            let done = Self::expressions(self.ops, a, b, |value| {
                if let Some(done) = self.count(value, false) {
                    return Some(done);
                }
                // Two-value states are not remembered (as in `Solver::search`).
                let (x, y) = if value <= other {
                    (value, other)
                } else {
                    (other, value)
                };
                match self.pair(x, y) {
                    Outcome::Exhausted => None,
                    done => Some(done),
                }
            });
            if let Some(done) = done {
                return done;
            }
        }
        Outcome::Exhausted
    }
}

impl<V: SearchValue> Solver<'_, V> {
    fn run(puzzle: &CountdownPuzzle, cap: u64, seen: &mut Seen) -> SolverReport {
        let mut solver = Solver {
            target: V::from_given(puzzle.target),
            operators: puzzle.allowed_operators(),
            use_all: puzzle.use_all,
            cap,
            nodes: 0,
            seen,
        };
        let mut state: Vec<V> = puzzle.numbers.iter().map(|&v| V::from_given(v)).collect();
        let outcome = start_search(&mut state, solver.target, puzzle.use_all, |state, key| {
            solver.search(state, key)
        });
        SolverReport::new(solver.nodes, &outcome)
    }

    /// Depth-first search over pairs of `state` (sorted ascending), whose fingerprint is `key`.
    /// Every expression built counts as a node; a state seen before is not searched again.
    fn search(&mut self, state: &[V], key: u64) -> Outcome {
        let len = state.len();
        if len == 3 {
            if let Some(outcome) = V::search_triple(state, self) {
                return outcome;
            }
        }
        let mut next = [V::default(); MAX_GIVEN];
        for i in 0..len {
            if i > 0 && state[i] == state[i - 1] {
                continue;
            }
            for j in i + 1..len {
                if j > i + 1 && state[j] == state[j - 1] {
                    continue;
                }
                let (a, b) = (state[i], state[j]);
                let rest = key
                    .wrapping_sub(a.fingerprint())
                    .wrapping_sub(b.fingerprint());
                for k in 0..self.operators.len() {
                    let op = self.operators[k];
                    let swapped = matches!(op, Operator::Sub | Operator::Div) && a != b;
                    let orders: &[(V, V)] = if swapped {
                        &[(a, b), (b, a)]
                    } else {
                        &[(a, b)]
                    };
                    for &(x, y) in orders {
                        let Some(value) = V::combine(op, x, y) else {
                            continue;
                        };
                        self.nodes += 1;
                        if self.nodes > self.cap {
                            self.nodes = self.cap;
                            return Outcome::Capped;
                        }
                        if value == self.target && (!self.use_all || len == 2) {
                            return Outcome::Found;
                        }
                        if len == 2 {
                            continue;
                        }
                        // Two-value states are not remembered: searching one costs no more
                        // than looking it up.
                        let child = rest.wrapping_add(value.fingerprint());
                        if len > 3 && !self.seen.insert(child) {
                            continue;
                        }
                        let size = replace_pair_sorted(state, (i, j), value, &mut next);
                        match self.search(&next[..size], child) {
                            Outcome::Exhausted => {}
                            done => return done,
                        }
                    }
                }
            }
        }
        Outcome::Exhausted
    }
}

/// Writes the sorted `state` without the values at `pair`, plus `value` in sorted place, into
/// `next`; returns how many values it wrote (`state.len() - 1`).
#[inline]
fn replace_pair_sorted<T: Copy + PartialOrd>(
    state: &[T],
    pair: (usize, usize),
    value: T,
    next: &mut [T],
) -> usize {
    let mut size = 0;
    let mut inserted = false;
    for (m, &v) in state.iter().enumerate() {
        if m == pair.0 || m == pair.1 {
            continue;
        }
        if !inserted && value <= v {
            next[size] = value;
            size += 1;
            inserted = true;
        }
        next[size] = v;
        size += 1;
    }
    if !inserted {
        next[size] = value;
        size += 1;
    }
    size
}
