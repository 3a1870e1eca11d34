//! A variable's domain: a set of values `0..64`, one bit per value.

use std::fmt;

/// The largest number of distinct values a domain can hold (values `0..64`).
pub const MAX_VALUES: u8 = 64;

/// A set of small values (`0..64`) as a bitset. Copy-cheap, so the search snapshots whole
/// domain vectors instead of keeping an undo trail.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Domain(u64);

impl Domain {
    /// The empty set (a variable with it has no value left: a conflict).
    pub const EMPTY: Self = Self(0);

    /// The set with these bits (bit `v` = value `v`).
    pub const fn from_bits(bits: u64) -> Self {
        Self(bits)
    }

    /// The bits of the set (bit `v` = value `v`).
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// `{value}`; empty when `value >= 64`.
    pub const fn single(value: u8) -> Self {
        if value < MAX_VALUES {
            Self(1 << value)
        } else {
            Self::EMPTY
        }
    }

    /// `lo..=hi`, clipped to `0..64`; empty when `lo > hi`.
    pub const fn range(lo: u8, hi: u8) -> Self {
        if lo > hi || lo >= MAX_VALUES {
            return Self::EMPTY;
        }
        let hi = if hi >= MAX_VALUES { MAX_VALUES - 1 } else { hi };
        let upto_hi = if hi == MAX_VALUES - 1 {
            u64::MAX
        } else {
            (1u64 << (hi + 1)) - 1
        };
        Self(upto_hi & !((1u64 << lo) - 1))
    }

    /// The set of the listed values (values `>= 64` are ignored).
    pub fn from_values(values: impl IntoIterator<Item = u8>) -> Self {
        values
            .into_iter()
            .fold(Self::EMPTY, |set, v| set.union(Self::single(v)))
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of values.
    pub const fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// Whether `value` is in the set.
    pub const fn contains(self, value: u8) -> bool {
        value < MAX_VALUES && self.0 & (1 << value) != 0
    }

    /// The only value, when the set has exactly one.
    pub const fn fixed_value(self) -> Option<u8> {
        if self.0.is_power_of_two() {
            Some(self.0.trailing_zeros() as u8)
        } else {
            None
        }
    }

    /// Whether the set has exactly one value.
    pub const fn is_fixed(self) -> bool {
        self.fixed_value().is_some()
    }

    /// The smallest value, if any.
    pub const fn min(self) -> Option<u8> {
        if self.0 == 0 {
            None
        } else {
            Some(self.0.trailing_zeros() as u8)
        }
    }

    /// The largest value, if any.
    pub const fn max(self) -> Option<u8> {
        if self.0 == 0 {
            None
        } else {
            Some(63 - self.0.leading_zeros() as u8)
        }
    }

    /// Values in both sets.
    #[must_use]
    pub const fn intersect(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// Values in either set.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Values of `self` not in `other`.
    #[must_use]
    pub const fn minus(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }

    /// Every value `0..64` not in the set.
    #[must_use]
    pub const fn complement(self) -> Self {
        Self(!self.0)
    }

    /// Whether every value of `self` is in `other`.
    pub const fn is_subset_of(self, other: Self) -> bool {
        self.0 & !other.0 == 0
    }

    /// The values in ascending order.
    pub fn values(self) -> impl Iterator<Item = u8> {
        let mut rest = self.0;
        std::iter::from_fn(move || {
            if rest == 0 {
                None
            } else {
                let v = rest.trailing_zeros() as u8;
                rest &= rest - 1;
                Some(v)
            }
        })
    }
}

impl fmt::Debug for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.values()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_clip_and_report_their_bounds() {
        let d = Domain::range(2, 5);
        assert_eq!(d.values().collect::<Vec<_>>(), [2, 3, 4, 5]);
        assert_eq!((d.min(), d.max(), d.len()), (Some(2), Some(5), 4));
        assert_eq!(Domain::range(0, 200).len(), 64);
        assert_eq!(Domain::range(63, 63).fixed_value(), Some(63));
        assert!(Domain::range(5, 2).is_empty());
        assert!(Domain::range(64, 70).is_empty());
        assert!(Domain::single(64).is_empty());
    }

    #[test]
    fn set_operations() {
        let a = Domain::from_values([1, 3, 5]);
        let b = Domain::from_values([3, 4]);
        assert_eq!(a.intersect(b), Domain::single(3));
        assert_eq!(a.union(b).len(), 4);
        assert_eq!(a.minus(b), Domain::from_values([1, 5]));
        assert!(Domain::single(3).is_subset_of(a));
        assert!(!b.is_subset_of(a));
        assert_eq!(a.fixed_value(), None);
        assert!(Domain::single(0).is_fixed());
        assert_eq!(Domain::EMPTY.min(), None);
        assert_eq!(format!("{a:?}"), "{1, 3, 5}");
    }
}
