//! Evaluating compiled programs: on one assignment, 64 at a time (bit-sliced), and in three-valued logic.

use super::puzzle::full_mask;
use super::statement::Op;
use super::STACK;

/// Lane patterns: bit `l` of `LANE_PATTERNS[p]` is bit `p` of `l` (masks `64w + l`, `l < 64`).
pub(super) const LANE_PATTERNS: [u64; 6] = [
    0xAAAA_AAAA_AAAA_AAAA,
    0xCCCC_CCCC_CCCC_CCCC,
    0xF0F0_F0F0_F0F0_F0F0,
    0xFF00_FF00_FF00_FF00,
    0xFFFF_0000_FFFF_0000,
    0xFFFF_FFFF_0000_0000,
];

/// Evaluates a (validated) program on one assignment. The stack lives in the bits of one
/// register (top of stack = bit 0; [`STACK`] < 64).
pub(super) fn eval_scalar(ops: &[Op], mask: u32) -> bool {
    let mut stack = 0u64;
    for op in ops {
        stack = match *op {
            Op::Lit { person, knight } => {
                (stack << 1) | u64::from((mask >> person) & 1 == u32::from(knight))
            }
            Op::Not => stack ^ 1,
            Op::And(k) => {
                let all = (1u64 << k) - 1;
                ((stack >> k) << 1) | u64::from(stack & all == all)
            }
            Op::Or(k) => {
                let all = (1u64 << k) - 1;
                ((stack >> k) << 1) | u64::from(stack & all != 0)
            }
            // a is bit 1, b is bit 0.
            Op::If => ((stack >> 2) << 1) | u64::from(stack & 0b11 != 0b10),
            Op::Iff => ((stack >> 2) << 1) | u64::from((stack ^ (stack >> 1)) & 1 == 0),
            Op::Range { group, lo, hi } => {
                let count = (mask & group).count_ones();
                (stack << 1) | u64::from(u32::from(lo) <= count && count <= u32::from(hi))
            }
            Op::Same { a, b, same } => {
                (stack << 1) | u64::from((((mask >> a) ^ (mask >> b)) & 1 == 0) == same)
            }
        };
    }
    stack & 1 == 1
}

/// The atom of person `p` in lane word `word`: bit `l` is bit `p` of mask `64 * word + l`.
#[inline]
pub(super) fn lane_atom(p: usize, word: usize) -> u64 {
    if p < 6 {
        LANE_PATTERNS[p]
    } else {
        0u64.wrapping_sub(((word >> (p - 6)) & 1) as u64)
    }
}

/// Evaluates a program on 64 assignments at once (bit-sliced).
pub(super) fn eval_lanes(ops: &[Op], word: usize) -> u64 {
    let mut stack = [0u64; STACK];
    let mut sp = 0usize;
    for op in ops {
        match *op {
            Op::Lit { person, knight } => {
                let atom = lane_atom(usize::from(person), word);
                stack[sp] = if knight { atom } else { !atom };
                sp += 1;
            }
            Op::Not => stack[sp - 1] = !stack[sp - 1],
            Op::And(k) => {
                let from = sp - usize::from(k);
                let value = stack[from..sp].iter().fold(u64::MAX, |acc, &v| acc & v);
                stack[from] = value;
                sp = from + 1;
            }
            Op::Or(k) => {
                let from = sp - usize::from(k);
                let value = stack[from..sp].iter().fold(0, |acc, &v| acc | v);
                stack[from] = value;
                sp = from + 1;
            }
            Op::If => {
                sp -= 1;
                stack[sp - 1] = !stack[sp - 1] | stack[sp];
            }
            Op::Iff => {
                sp -= 1;
                stack[sp - 1] = !(stack[sp - 1] ^ stack[sp]);
            }
            Op::Range { group, lo, hi } => {
                stack[sp] = lanes_in_range(&count_lanes(group, word), lo.into(), hi.into());
                sp += 1;
            }
            Op::Same { a, b, same } => {
                let equal = !(lane_atom(usize::from(a), word) ^ lane_atom(usize::from(b), word));
                stack[sp] = if same { equal } else { !equal };
                sp += 1;
            }
        }
    }
    stack[0]
}

/// Bit-sliced count of the knights of `group` in each lane of word `word` (5 bit planes).
pub(super) fn count_lanes(group: u32, word: usize) -> [u64; 5] {
    let mut count = [0u64; 5];
    let mut rest = group;
    while rest != 0 {
        let p = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        let mut carry = lane_atom(p, word);
        for bit in &mut count {
            let next = *bit & carry;
            *bit ^= carry;
            carry = next;
            if carry == 0 {
                break;
            }
        }
    }
    count
}

/// The lanes whose bit-sliced `count` lies in `lo..=hi`.
pub(super) fn lanes_in_range(count: &[u64; 5], lo: u32, hi: u32) -> u64 {
    let mut inside = 0u64;
    for value in lo..=hi.min(31) {
        let mut equal = u64::MAX;
        for (b, bit) in count.iter().enumerate() {
            equal &= if (value >> b) & 1 == 1 { *bit } else { !*bit };
        }
        inside |= equal;
    }
    inside
}

/// [`eval_partial`] on 64 partial assignments at once: people `0..depth` are assigned as in
/// the lanes of word `word`, the others are unknown. Returns the lanes where the statement can
/// be true and those where it can be false.
pub(super) fn eval_kleene_lanes(ops: &[Op], depth: usize, word: usize) -> (u64, u64) {
    let mut t = [0u64; STACK];
    let mut f = [0u64; STACK];
    let mut sp = 0usize;
    let known = full_mask(depth);
    let atom = |p: u8| (usize::from(p) < depth).then(|| lane_atom(usize::from(p), word));
    for op in ops {
        match *op {
            Op::Lit { person, knight } => {
                (t[sp], f[sp]) = match atom(person) {
                    Some(a) => {
                        let v = if knight { a } else { !a };
                        (v, !v)
                    }
                    None => (u64::MAX, u64::MAX),
                };
                sp += 1;
            }
            Op::Not => std::mem::swap(&mut t[sp - 1], &mut f[sp - 1]),
            Op::And(k) | Op::Or(k) => {
                let from = sp - usize::from(k);
                let any_t = t[from..sp].iter().fold(0, |acc, &v| acc | v);
                let all_t = t[from..sp].iter().fold(u64::MAX, |acc, &v| acc & v);
                let any_f = f[from..sp].iter().fold(0, |acc, &v| acc | v);
                let all_f = f[from..sp].iter().fold(u64::MAX, |acc, &v| acc & v);
                (t[from], f[from]) = if matches!(op, Op::And(_)) {
                    (all_t, any_f)
                } else {
                    (any_t, all_f)
                };
                sp = from + 1;
            }
            Op::If | Op::Iff => {
                sp -= 1;
                let (at, af, bt, bf) = (t[sp - 1], f[sp - 1], t[sp], f[sp]);
                (t[sp - 1], f[sp - 1]) = if matches!(op, Op::If) {
                    (af | bt, at & bf)
                } else {
                    ((at & bt) | (af & bf), (at & bf) | (af & bt))
                };
            }
            Op::Range { group, lo, hi } => {
                let count = count_lanes(group & known, word);
                let open = (group & !known).count_ones();
                let (lo, hi) = (u32::from(lo), u32::from(hi));
                // Can be true: max(sure, lo) <= min(sure + open, hi).
                t[sp] = if lo <= hi {
                    lanes_in_range(&count, lo.saturating_sub(open), hi)
                } else {
                    0
                };
                // Can be false: sure < lo or sure + open > hi.
                f[sp] = if hi >= open {
                    !lanes_in_range(&count, lo, hi - open)
                } else {
                    u64::MAX
                };
                sp += 1;
            }
            Op::Same { a, b, same } => {
                (t[sp], f[sp]) = match (atom(a), atom(b)) {
                    (Some(x), Some(y)) => {
                        let equal = !(x ^ y);
                        let v = if same { equal } else { !equal };
                        (v, !v)
                    }
                    _ => (u64::MAX, u64::MAX),
                };
                sp += 1;
            }
        }
    }
    (t[0], f[0])
}

pub(super) const CAN_TRUE: u8 = 1;
pub(super) const CAN_FALSE: u8 = 2;

/// Three-valued (Kleene) evaluation on a partial assignment: which truth values the statement
/// can still take. `known` marks assigned people, `value` their roles (bit set = knight).
///
/// Two register stacks as in [`eval_scalar`]: bit 0 of `t` / `f` says whether the top value can
/// be true / false.
pub(super) fn eval_partial(ops: &[Op], known: u32, value: u32) -> u8 {
    let (mut t, mut f) = (0u64, 0u64);
    let push = |stack: u64, bit: bool| (stack << 1) | u64::from(bit);
    for op in ops {
        match *op {
            Op::Lit { person, knight } => {
                let unknown = known >> person & 1 == 0;
                let matches = (value >> person) & 1 == u32::from(knight);
                t = push(t, unknown || matches);
                f = push(f, unknown || !matches);
            }
            Op::Not => {
                let flip = (t ^ f) & 1;
                t ^= flip;
                f ^= flip;
            }
            Op::And(k) | Op::Or(k) => {
                let all = (1u64 << k) - 1;
                let (ts, fs) = (t & all, f & all);
                let (nt, nf) = if matches!(op, Op::And(_)) {
                    (ts == all, fs != 0)
                } else {
                    (ts != 0, fs == all)
                };
                t = push(t >> k, nt);
                f = push(f >> k, nf);
            }
            Op::If | Op::Iff => {
                // a is bit 1, b is bit 0.
                let (at, bt) = (t & 2 != 0, t & 1 != 0);
                let (af, bf) = (f & 2 != 0, f & 1 != 0);
                let (nt, nf) = if matches!(op, Op::If) {
                    (af || bt, at && bf)
                } else {
                    ((at && bt) || (af && bf), (at && bf) || (af && bt))
                };
                t = push(t >> 2, nt);
                f = push(f >> 2, nf);
            }
            Op::Range { group, lo, hi } => {
                let sure = (value & known & group).count_ones();
                let open = (group & !known).count_ones();
                let (lo, hi) = (u32::from(lo), u32::from(hi));
                t = push(t, sure.max(lo) <= (sure + open).min(hi));
                f = push(f, sure < lo || sure + open > hi);
            }
            Op::Same { a, b, same } => {
                let both = known >> a & 1 == 1 && known >> b & 1 == 1;
                let holds = (((value >> a) ^ (value >> b)) & 1 == 0) == same;
                t = push(t, !both || holds);
                f = push(f, !both || !holds);
            }
        }
    }
    u8::from(t & 1 == 1) * CAN_TRUE + u8::from(f & 1 == 1) * CAN_FALSE
}
