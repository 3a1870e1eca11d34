//! Partial credit, gated so that an answer fixed in advance of reading the puzzle earns none.
//!
//! The gate is the best accuracy among [`fixed_patterns`] on this puzzle. Gating against the
//! best constant alone (as version 1 did) let a pattern such as alternating roles out-earn
//! uniform random guessing: on puzzles with balanced roles the constant bar is low, and a
//! fixed pattern's accuracy there is no worse than a random guess's.

use super::puzzle::full_mask;

/// Role patterns a guesser can give without reading the statements (bit set = knight):
/// everyone a knight, everyone a knave, alternating roles (both phases), and the first half
/// knights, the rest knaves, or the reverse (both splits when the count is odd).
pub(super) fn fixed_patterns(people: usize) -> [u32; 8] {
    let all = full_mask(people);
    let alternating = 0x5555_5555 & all;
    let short_half = full_mask(people / 2);
    let long_half = full_mask(people.div_ceil(2));
    [
        all,
        0,
        alternating,
        !alternating & all,
        short_half,
        !short_half & all,
        long_half,
        !long_half & all,
    ]
}

/// The partial credit of a wrong `answer` against `solution` for `people` people:
/// `max(0, (right - base) / (people - base))`, with `right` the people labelled correctly and
/// `base` the most any fixed pattern labels correctly. Every fixed pattern thus earns 0 on
/// every puzzle it does not solve.
pub(super) fn partial_credit(solution: u32, answer: u32, people: usize) -> f64 {
    let all = full_mask(people);
    let right = |guess: u32| people - ((guess ^ solution) & all).count_ones() as usize;
    let base = fixed_patterns(people)
        .iter()
        .map(|&pattern| right(pattern))
        .max()
        .unwrap_or(0);
    if base >= people {
        return 0.0;
    }
    right(answer).saturating_sub(base) as f64 / (people - base) as f64
}
