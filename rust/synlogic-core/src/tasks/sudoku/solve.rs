//! The solver: bitset constraint propagation (naked + hidden singles) and search on the
//! cell with fewest candidates. It counts solutions, builds random full grids and checks
//! that a clue removal keeps the solution unique.

use super::geometry::{bit, digit_of, Geometry, Grid, MAX_CELLS};
use crate::rng::ItemRng;

/// Search state of the solver. Placed cells keep their digit's bit as candidate mask.
#[derive(Clone, Copy)]
pub(super) struct Search {
    pub(super) cand: [u16; MAX_CELLS],
    pub(super) value: Grid,
    pub(super) open: usize,
}

impl Search {
    /// The state of `grid`, or `None` if its givens clash.
    pub(super) fn from_grid(geo: &Geometry, grid: &Grid) -> Option<Self> {
        let mut s = Self {
            cand: [geo.full; MAX_CELLS],
            value: [0; MAX_CELLS],
            open: geo.cells,
        };
        for (c, &d) in grid[..geo.cells].iter().enumerate() {
            if d != 0 && (s.cand[c] & bit(d) == 0 || !s.assign(geo, c, d)) {
                return None;
            }
        }
        Some(s)
    }

    /// Places `d` at `c`, and every naked single this creates; `false` on a contradiction.
    pub(super) fn assign(&mut self, geo: &Geometry, c: usize, d: u8) -> bool {
        // Each cell becomes a naked single at most once, so the stack never overflows.
        let mut stack = [(0u8, 0u8); MAX_CELLS + 1];
        stack[0] = (c as u8, d);
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let (c, d) = (stack[top].0 as usize, stack[top].1);
            let b = bit(d);
            if self.value[c] != 0 {
                if self.value[c] == d {
                    continue;
                }
                return false;
            }
            if self.cand[c] & b == 0 {
                return false;
            }
            self.value[c] = d;
            self.cand[c] = b;
            self.open -= 1;
            for &p in geo.peers_of(c) {
                let p = p as usize;
                let m = self.cand[p];
                if m & b != 0 {
                    if self.value[p] != 0 {
                        return false;
                    }
                    let m = m & !b;
                    self.cand[p] = m;
                    if m == 0 {
                        return false;
                    }
                    if m.is_power_of_two() {
                        stack[top] = (p as u8, digit_of(m));
                        top += 1;
                    }
                }
            }
        }
        true
    }

    /// Removes candidate `d` from the open cell `c` (assigning it if one is left).
    pub(super) fn exclude(&mut self, geo: &Geometry, c: usize, d: u8) -> bool {
        let m = self.cand[c] & !bit(d);
        self.cand[c] = m;
        match m.count_ones() {
            0 => false,
            1 => self.assign(geo, c, digit_of(m)),
            _ => true,
        }
    }

    /// Hidden singles to a fixpoint (naked singles are placed as they appear, by
    /// [`Search::assign`]); `false` on a contradiction.
    pub(super) fn propagate(&mut self, geo: &Geometry) -> bool {
        loop {
            let mut changed = false;
            for u in 0..3 * geo.n {
                let unit = geo.unit(u);
                let (mut once, mut twice) = (0u16, 0u16);
                for &c in unit {
                    let m = self.cand[c as usize];
                    twice |= once & m;
                    once |= m;
                }
                if once != geo.full {
                    return false;
                }
                let mut hidden = once & !twice;
                while hidden != 0 {
                    let b = hidden & hidden.wrapping_neg();
                    hidden &= hidden - 1;
                    let Some(&c) = unit.iter().find(|&&c| self.cand[c as usize] & b != 0) else {
                        return false;
                    };
                    let c = c as usize;
                    if self.value[c] == 0 {
                        if !self.assign(geo, c, digit_of(b)) {
                            return false;
                        }
                        changed = true;
                    }
                }
            }
            if !changed {
                return true;
            }
        }
    }

    /// The open cell with fewest candidates, scanning cells in `order`.
    pub(super) fn most_constrained(&self, order: impl Iterator<Item = usize>) -> usize {
        let mut best = 0;
        let mut best_count = u32::MAX;
        for c in order {
            if self.value[c] == 0 {
                let k = self.cand[c].count_ones();
                if k < best_count {
                    best = c;
                    best_count = k;
                    if k <= 2 {
                        break;
                    }
                }
            }
        }
        best
    }
}

/// Adds the solutions below `s` to `count`, stopping at `limit`. Depth ≤ number of cells.
pub(super) fn count_below(geo: &Geometry, mut s: Search, limit: u64, count: &mut u64) {
    if !s.propagate(geo) {
        return;
    }
    if s.open == 0 {
        *count += 1;
        return;
    }
    let c = s.most_constrained(0..geo.cells);
    let mut m = s.cand[c];
    while m != 0 {
        let b = m & m.wrapping_neg();
        m &= m - 1;
        let mut t = s;
        if t.assign(geo, c, digit_of(b)) {
            count_below(geo, t, limit, count);
            if *count >= limit {
                return;
            }
        }
    }
}

/// The number of solutions of `grid`, counted up to `limit`.
pub(super) fn count_solutions(geo: &Geometry, grid: &Grid, limit: u64) -> u64 {
    if geo.n == 4 {
        return count_mini(grid, limit);
    }
    count_by_search(geo, grid, limit)
}

/// [`count_solutions`] by the propagating search (every size).
pub(super) fn count_by_search(geo: &Geometry, grid: &Grid, limit: u64) -> u64 {
    let mut count = 0;
    if limit > 0 {
        if let Some(s) = Search::from_grid(geo, grid) {
            count_below(geo, s, limit, &mut count);
        }
    }
    count
}

/// A random completion of `s` (randomized search), or `None` if there is none.
pub(super) fn fill_below(
    geo: &Geometry,
    mut s: Search,
    order: &[u8],
    rng: &mut ItemRng,
) -> Option<Search> {
    if !s.propagate(geo) {
        return None;
    }
    if s.open == 0 {
        return Some(s);
    }
    let c = s.most_constrained(order.iter().map(|&c| c as usize));
    let mut digits = [0u8; 9];
    let mut k = 0;
    let mut m = s.cand[c];
    while m != 0 {
        digits[k] = digit_of(m & m.wrapping_neg());
        m &= m - 1;
        k += 1;
    }
    rng.shuffle(&mut digits[..k]);
    for &d in &digits[..k] {
        let mut t = s;
        if t.assign(geo, c, d) {
            if let Some(done) = fill_below(geo, t, order, rng) {
                return Some(done);
            }
        }
    }
    None
}

/// A random full grid, built by a randomized search from the empty grid.
pub(super) fn random_full_grid(geo: &Geometry, rng: &mut ItemRng) -> Grid {
    let mut order: Vec<u8> = (0..geo.cells as u8).collect();
    rng.shuffle(&mut order);
    let empty = Search::from_grid(geo, &[0; MAX_CELLS]).expect("the empty grid is consistent");
    fill_below(geo, empty, &order, rng)
        .expect("an empty grid always has a completion")
        .value
}

/// Whether `grid` (a unique puzzle with solution `full` from which the cells of `removed`
/// were just blanked) still has a unique solution: any other solution must differ from
/// `full` on a removed cell, so search for one by its first differing removed cell.
pub(super) fn still_unique(geo: &Geometry, grid: &Grid, full: &Grid, removed: &[usize]) -> bool {
    if geo.n == 4 {
        // `full` is one solution; the table says at once whether there is another.
        return count_mini(grid, 2) == 1;
    }
    for (i, &c) in removed.iter().enumerate() {
        let mut trial = *grid;
        for &p in &removed[..i] {
            trial[p] = full[p];
        }
        let Some(mut s) = Search::from_grid(geo, &trial) else {
            continue;
        };
        if s.value[c] != 0 || !s.exclude(geo, c, full[c]) {
            continue;
        }
        let mut count = 0;
        count_below(geo, s, 1, &mut count);
        if count > 0 {
            return false;
        }
    }
    true
}

/// Every 4×4 solution grid (there are 288), two bits per cell: bits `2c..2c + 2` hold cell
/// `c`'s digit minus one. Enumerated once by a plain backtracking fill.
fn mini_grids() -> &'static [u32] {
    static GRIDS: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    GRIDS.get_or_init(|| {
        /// Fills cells `c..16` of `digits` (cells before `c` filled) every valid way.
        fn fill(geo: &Geometry, digits: &mut [u8; 16], c: usize, out: &mut Vec<u32>) {
            if c == 16 {
                let packed = (0..16).fold(0u32, |g, k| g | u32::from(digits[k] - 1) << (2 * k));
                out.push(packed);
                return;
            }
            for d in 1..=4u8 {
                let clash = geo
                    .peers_of(c)
                    .iter()
                    .any(|&p| usize::from(p) < c && digits[usize::from(p)] == d);
                if !clash {
                    digits[c] = d;
                    fill(geo, digits, c + 1, out);
                }
            }
            digits[c] = 0;
        }
        let mut out = Vec::with_capacity(288);
        fill(super::geometry::geometry(4), &mut [0; 16], 0, &mut out);
        out
    })
}

/// The number of 4×4 solution grids that keep the givens of `grid`, counted up to `limit`:
/// an exhaustive count over [`mini_grids`], so a count of one is a proof of uniqueness.
pub(super) fn count_mini(grid: &Grid, limit: u64) -> u64 {
    if limit == 0 {
        return 0;
    }
    let (mut mask, mut value) = (0u32, 0u32);
    for (c, &d) in grid[..16].iter().enumerate() {
        match d {
            0 => {}
            1..=4 => {
                mask |= 3 << (2 * c);
                value |= u32::from(d - 1) << (2 * c);
            }
            // Not a 4×4 digit: no grid keeps it.
            _ => return 0,
        }
    }
    let mut count = 0;
    for &g in mini_grids() {
        if (g ^ value) & mask == 0 {
            count += 1;
            if count >= limit {
                break;
            }
        }
    }
    count
}
