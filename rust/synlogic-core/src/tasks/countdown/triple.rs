//! The solver's three-value states on exact fractions, without building their children.
//!
//! A three-value state is where most of the search's nodes are counted: every pair gives up
//! to six values, and each of those, with the third value, gives up to six more (the last
//! step). Building each of them as a reduced [`Ratio`] costs a GCD per node. Here the values
//! are small enough (every numerator and denominator below 2^24, the target below 2^40) for
//! exact comparisons by cross-multiplication on unreduced fractions in 64- and 128-bit
//! integers that cannot overflow, so the last step's six values are compared with the target
//! instead of being built. The count, the order and the outcome are node for node those of
//! the generic search (`Solver::search` on a three-value state, whose two-value children are
//! not remembered); larger values go to the generic search.

use super::arithmetic::{Operator, Ratio};
use super::solver::Outcome;

/// Numerators and denominators of a state's values must be below this for the fast path.
const SMALL: i128 = 1 << 24;
/// The target must be below this for the fast path (the knobs allow at most 10^12 < 2^40).
const SMALL_TARGET: i128 = 1 << 40;

/// The search's settings a three-value state needs.
pub(super) struct TripleRules<'o> {
    /// The allowed operators, in the search's order.
    pub(super) operators: &'o [Operator],
    pub(super) target: Ratio,
    pub(super) use_all: bool,
    pub(super) cap: u64,
}

/// An unreduced fraction with a positive denominator, both below 2^49 in size.
#[derive(Clone, Copy)]
struct Small {
    num: i64,
    den: i64,
}

/// Searches the sorted three-value `state` like the generic search, adding its nodes to
/// `nodes`; `None` (and `nodes` untouched) when a value or the target is too large for the
/// fast path.
pub(super) fn search_triple(
    state: &[Ratio],
    rules: &TripleRules<'_>,
    nodes: &mut u64,
) -> Option<Outcome> {
    let small = |r: Ratio| r.num.unsigned_abs() < SMALL as u128 && r.den < SMALL;
    if state.len() != 3
        || !state.iter().all(|&r| small(r))
        || rules.target.den != 1
        || !(0..SMALL_TARGET).contains(&rules.target.num)
    {
        return None;
    }
    let target = rules.target.num;
    let allowed = op_bits(rules.operators);
    let values = [0, 1, 2].map(|k| Small {
        num: state[k].num as i64,
        den: state[k].den as i64,
    });
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        if (i > 0 && state[i] == state[i - 1]) || (j > i + 1 && state[j] == state[j - 1]) {
            continue;
        }
        let (a, b) = (values[i], values[j]);
        let other = values[3 - i - j];
        let near = Near::new(other, target);
        let swapped = state[i] != state[j];
        for &op in rules.operators {
            let orders: &[(Small, Small)] =
                if swapped && matches!(op, Operator::Sub | Operator::Div) {
                    &[(a, b), (b, a)]
                } else {
                    &[(a, b)]
                };
            for &(x, y) in orders {
                let Some(value) = combine(op, x, y) else {
                    continue;
                };
                *nodes += 1;
                if *nodes > rules.cap {
                    *nodes = rules.cap;
                    return Some(Outcome::Capped);
                }
                if !rules.use_all && i128::from(value.num) == target * i128::from(value.den) {
                    return Some(Outcome::Found);
                }
                match last_step(value, other, &near, target, allowed, rules.cap, nodes) {
                    Outcome::Exhausted => {}
                    done => return Some(done),
                }
            }
        }
    }
    Some(Outcome::Exhausted)
}

/// `x op y` unreduced, or `None` for a division by zero. Inputs below 2^24 give results
/// below 2^49.
#[inline]
fn combine(op: Operator, x: Small, y: Small) -> Option<Small> {
    let (p, q, r, s) = (x.num, x.den, y.num, y.den);
    Some(match op {
        Operator::Add => Small {
            num: p * s + r * q,
            den: q * s,
        },
        Operator::Sub => Small {
            num: p * s - r * q,
            den: q * s,
        },
        Operator::Mul => Small {
            num: p * r,
            den: q * s,
        },
        Operator::Div if r == 0 => return None,
        Operator::Div if r < 0 => Small {
            num: -(p * s),
            den: -(q * r),
        },
        Operator::Div => Small {
            num: p * s,
            den: q * r,
        },
    })
}

/// The two-value state `{value, other}`: its expressions in the search's order, compared
/// with the target by cross-multiplication (every product stays below 2^114). All six are
/// compared at once as bits (`allowed`: the operators' bits, see [`op_bits`]); only the
/// first hit counts, as in the generic search.
#[inline]
fn last_step(
    value: Small,
    other: Small,
    near: &Near,
    target: i128,
    allowed: u8,
    cap: u64,
    nodes: &mut u64,
) -> Outcome {
    if let Some(built) = near.certainly_missed(value, allowed) {
        *nodes += built;
        if *nodes > cap {
            *nodes = cap;
            return Outcome::Capped;
        }
        return Outcome::Exhausted;
    }
    let (vn, vd) = (i128::from(value.num), i128::from(value.den));
    let (on, od) = (i128::from(other.num), i128::from(other.den));
    // v = vn/vd and o = on/od over the common denominator vd * od: v ~ p, o ~ q.
    let p = vn * od;
    let q = on * vd;
    let goal = target * vd * od;
    let equal = p == q;
    // Bits with v first: v + o, v - o, o - v, v * o, v / o, o / v.
    let hits = u8::from(p + q == goal)
        | u8::from(p - q == goal) << 1
        | u8::from(q - p == goal) << 2
        | u8::from(vn * on == goal) << 3
        | u8::from(p == target * q) << 4
        | u8::from(q == target * p) << 5;
    // The search stores the two values sorted (`v` first on a tie) and tries, in order,
    // x + y, x - y, y - x, x * y, x / y, y / x for x <= y: with `o` first, the two orders
    // of `-` and of `/` swap places.
    let v_first = hits == 0 || p <= q;
    let (x_zero, y_zero) = if v_first {
        (vn == 0, on == 0)
    } else {
        (on == 0, vn == 0)
    };
    let valid = allowed
        & !(u8::from(equal) << 2)
        & !(u8::from(y_zero) << 4)
        & !(u8::from(equal || x_zero) << 5);
    let (built, outcome) = if hits == 0 {
        (u64::from(valid.count_ones()), Outcome::Exhausted)
    } else {
        let hits = if v_first { hits } else { swap_orders(hits) } & valid;
        if hits == 0 {
            (u64::from(valid.count_ones()), Outcome::Exhausted)
        } else {
            let before = valid & ((hits & hits.wrapping_neg()) - 1);
            (u64::from(before.count_ones()) + 1, Outcome::Found)
        }
    };
    *nodes += built;
    if *nodes > cap {
        *nodes = cap;
        return Outcome::Capped;
    }
    outcome
}

/// A floating-point screen for the last step with one value fixed (`other`): the six values
/// `v` that would reach the target with it (`t - o`, `t + o`, `o - t`, `t / o`, `t * o`,
/// `o / t`). A `v` far from all six (and from `o`) misses for sure; only values near one of
/// them are compared exactly. Every figure here is within a few units of 2^-52 (relative)
/// of the exact one, far inside the screen's 2^-30 margin.
pub(super) struct Near {
    other: f64,
    reach: [f64; 6],
    usable: bool,
}

/// The screen's relative margin.
const MARGIN: f64 = 1.0 / (1u64 << 30) as f64;

impl Near {
    fn new(other: Small, target: i128) -> Self {
        let o = other.num as f64 / other.den as f64;
        let t = target as f64;
        Self {
            other: o,
            reach: [t - o, t + o, o - t, t / o, t * o, o / t],
            usable: other.num != 0 && target != 0,
        }
    }

    /// The nodes the last step over `{value, other}` builds when it surely misses the target
    /// (and the two values surely differ), else `None` (then compared exactly).
    #[inline]
    fn certainly_missed(&self, value: Small, allowed: u8) -> Option<u64> {
        if !self.usable {
            return None;
        }
        let v = value.num as f64 / value.den as f64;
        let margin = MARGIN * (v.abs() + self.other.abs() + self.reach[1].abs());
        let close = |c: f64| (v - c).abs() <= margin;
        if close(self.other) || self.reach.iter().any(|&c| close(c)) {
            return None;
        }
        // Distinct values: every order is built except a division by zero (`o` is not 0).
        let valid = allowed & !(u8::from(value.num == 0) << 5);
        Some(u64::from(valid.count_ones()))
    }
}

/// The last step's bits with the two values' roles exchanged (`x - y` <-> `y - x`,
/// `x / y` <-> `y / x`).
fn swap_orders(bits: u8) -> u8 {
    (bits & 0b00_1001) | (bits & 0b01_0010) << 1 | (bits & 0b10_0100) >> 1
}

/// The bits of the last step's six expressions (see [`last_step`]) that `operators` allow.
fn op_bits(operators: &[Operator]) -> u8 {
    operators.iter().fold(0, |bits, op| {
        bits | match op {
            Operator::Add => 0b00_0001,
            Operator::Sub => 0b00_0110,
            Operator::Mul => 0b00_1000,
            Operator::Div => 0b11_0000,
        }
    })
}
