//! The logical grader: solves a puzzle the way a person does, with the simplest technique
//! that makes progress, and reports the hardest technique needed.

use super::geometry::{bit, digit_of, Geometry, Grid, MAX_CELLS, MAX_UNITS};

/// The techniques of the grader, in the order it tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Technique {
    NakedSingle,
    HiddenSingle,
    NakedPair,
    HiddenPair,
    NakedTriple,
    HiddenTriple,
    Pointing,
    BoxLine,
    XWing,
    Swordfish,
    Guess,
}

pub(super) const TECHNIQUES: [Technique; 11] = [
    Technique::NakedSingle,
    Technique::HiddenSingle,
    Technique::NakedPair,
    Technique::HiddenPair,
    Technique::NakedTriple,
    Technique::HiddenTriple,
    Technique::Pointing,
    Technique::BoxLine,
    Technique::XWing,
    Technique::Swordfish,
    Technique::Guess,
];

impl Technique {
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::NakedSingle => "naked_single",
            Self::HiddenSingle => "hidden_single",
            Self::NakedPair => "naked_pair",
            Self::HiddenPair => "hidden_pair",
            Self::NakedTriple => "naked_triple",
            Self::HiddenTriple => "hidden_triple",
            Self::Pointing => "pointing",
            Self::BoxLine => "box_line",
            Self::XWing => "x_wing",
            Self::Swordfish => "swordfish",
            Self::Guess => "guess",
        }
    }

    pub(super) fn grade(self) -> u8 {
        match self {
            Self::NakedSingle | Self::HiddenSingle => 1,
            Self::NakedPair | Self::HiddenPair | Self::NakedTriple | Self::HiddenTriple => 2,
            Self::Pointing | Self::BoxLine => 3,
            Self::XWing | Self::Swordfish => 4,
            Self::Guess => 5,
        }
    }
}

/// The names of grade levels 1–5.
pub(super) const GRADE_NAMES: [&str; 5] = [
    "singles",
    "pairs_triples",
    "pointing_box_line",
    "fish",
    "search",
];

/// What the grader needed to solve a puzzle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Report {
    /// The hardest technique's grade, 1–5.
    pub(super) grade: u8,
    /// Steps taken: placements, elimination steps and guesses.
    pub(super) steps: u32,
    /// Uses of each technique, indexed like [`TECHNIQUES`].
    pub(super) counts: [u32; 11],
}

/// The candidate grid of the human-style solver. Placed cells have no candidates.
pub(super) struct Logic<'a> {
    pub(super) geo: &'static Geometry,
    pub(super) cand: [u16; MAX_CELLS],
    pub(super) value: Grid,
    pub(super) open: usize,
    pub(super) solution: Option<&'a Grid>,
    pub(super) counts: [u32; 11],
}

/// For each unit (rows, columns, boxes) and digit, the unit positions holding the digit as
/// a candidate: bit `i` stands for the unit's `i`-th cell.
pub(super) type Positions = [[u16; 9]; MAX_UNITS];

/// `len` set bits from bit `start`.
pub(super) fn run_mask(start: usize, len: usize) -> u16 {
    ((1u16 << len) - 1) << start
}

impl<'a> Logic<'a> {
    pub(super) fn new(geo: &'static Geometry, grid: &Grid, solution: Option<&'a Grid>) -> Self {
        let mut used = [0u16; MAX_UNITS];
        let n = geo.n;
        for c in 0..geo.cells {
            let d = grid[c];
            if d != 0 {
                let b = bit(d);
                used[geo.row[c] as usize] |= b;
                used[n + geo.col[c] as usize] |= b;
                used[2 * n + geo.boxi[c] as usize] |= b;
            }
        }
        let mut logic = Self {
            geo,
            cand: [0; MAX_CELLS],
            value: *grid,
            open: 0,
            solution,
            counts: [0; 11],
        };
        for c in 0..geo.cells {
            if grid[c] == 0 {
                logic.open += 1;
                logic.cand[c] = geo.full
                    & !(used[geo.row[c] as usize]
                        | used[n + geo.col[c] as usize]
                        | used[2 * n + geo.boxi[c] as usize]);
            }
        }
        logic
    }

    pub(super) fn note(&mut self, t: Technique) {
        self.counts[t as usize] += 1;
    }

    /// Places `d` at `c` (counted as `how`), then every naked single this creates.
    pub(super) fn place(&mut self, c: usize, d: u8, how: Technique) {
        let mut stack = [(0u8, 0u8); MAX_CELLS + 1];
        stack[0] = (c as u8, d);
        let mut top = 1;
        let mut how = how;
        while top > 0 {
            top -= 1;
            let (c, d) = (stack[top].0 as usize, stack[top].1);
            if self.value[c] != 0 {
                continue;
            }
            let b = bit(d);
            self.value[c] = d;
            self.cand[c] = 0;
            self.open -= 1;
            self.note(how);
            how = Technique::NakedSingle;
            for &p in self.geo.peers_of(c) {
                let p = p as usize;
                let m = self.cand[p];
                if m & b != 0 {
                    let m = m & !b;
                    self.cand[p] = m;
                    if m.is_power_of_two() {
                        stack[top] = (p as u8, digit_of(m));
                        top += 1;
                    }
                }
            }
        }
    }

    /// Clears `mask` from the candidates of `c`.
    pub(super) fn eliminate(&mut self, c: usize, mask: u16) {
        self.cand[c] &= !mask;
    }

    pub(super) fn naked_singles(&mut self) -> bool {
        let mut found = false;
        for c in 0..self.geo.cells {
            let m = self.cand[c];
            if self.value[c] == 0 && m.is_power_of_two() {
                self.place(c, digit_of(m), Technique::NakedSingle);
                found = true;
            }
        }
        found
    }

    pub(super) fn hidden_singles(&mut self) -> bool {
        let geo = self.geo;
        let mut found = false;
        for u in 0..3 * geo.n {
            let (mut once, mut twice) = (0u16, 0u16);
            for &c in geo.unit(u) {
                let m = self.cand[c as usize];
                twice |= once & m;
                once |= m;
            }
            let mut hidden = once & !twice;
            while hidden != 0 {
                let b = hidden & hidden.wrapping_neg();
                hidden &= hidden - 1;
                if let Some(&c) = geo
                    .unit(u)
                    .iter()
                    .find(|&&c| self.cand[c as usize] & b != 0)
                {
                    self.place(c as usize, digit_of(b), Technique::HiddenSingle);
                    found = true;
                }
            }
        }
        found
    }

    pub(super) fn positions(&self) -> Positions {
        let geo = self.geo;
        let n = geo.n;
        let mut pos = [[0u16; 9]; MAX_UNITS];
        for c in 0..geo.cells {
            let mut m = self.cand[c];
            let (r, k, b) = (
                geo.row[c] as usize,
                geo.col[c] as usize,
                geo.boxi[c] as usize,
            );
            let i = geo.box_index[c];
            while m != 0 {
                let d = m.trailing_zeros() as usize;
                m &= m - 1;
                pos[r][d] |= 1 << k;
                pos[n + k][d] |= 1 << r;
                pos[2 * n + b][d] |= 1 << i;
            }
        }
        pos
    }

    /// Naked and hidden pairs, then naked and hidden triples: one elimination step.
    pub(super) fn subsets(&mut self, pos: &Positions) -> bool {
        let units = 3 * self.geo.n;
        for k in [2, 3] {
            if (0..units).any(|u| self.naked_subset(u, k, &pos[u])) {
                return true;
            }
            if (0..units).any(|u| self.hidden_subset(u, k, &pos[u])) {
                return true;
            }
        }
        false
    }

    /// Naked pair (`k = 2`) or triple (`k = 3`) in unit `u`: `k` cells whose candidates
    /// together are `k` digits; those digits leave the unit's other cells. `positions[d]`
    /// holds digit `d`'s places in the unit.
    pub(super) fn naked_subset(&mut self, u: usize, k: usize, positions: &[u16; 9]) -> bool {
        let unit = self.geo.unit(u);
        let mut places = [0usize; 9];
        let mut masks = [0u16; 9];
        let mut np = 0;
        let mut open = 0;
        for (i, &c) in unit.iter().enumerate() {
            let m = self.cand[c as usize];
            let count = m.count_ones() as usize;
            open += usize::from(count > 0);
            if (2..=k).contains(&count) {
                places[np] = i;
                masks[np] = m;
                np += 1;
            }
        }
        if open <= k || np < k {
            return false;
        }
        // The unit positions (outside `members`) that hold a digit of `digits`.
        let reach = |digits: u16, members: u16| -> u16 {
            let mut out = 0;
            let mut m = digits;
            while m != 0 {
                out |= positions[m.trailing_zeros() as usize];
                m &= m - 1;
            }
            out & !members
        };
        let mut found = None;
        'search: for a in 0..np {
            for b in a + 1..np {
                let ab = masks[a] | masks[b];
                if k == 2 {
                    if ab.count_ones() == 2 {
                        let members = 1 << places[a] | 1 << places[b];
                        let targets = reach(ab, members);
                        if targets != 0 {
                            found = Some((ab, targets));
                            break 'search;
                        }
                    }
                    continue;
                }
                if ab.count_ones() > 3 {
                    continue;
                }
                for c in b + 1..np {
                    let abc = ab | masks[c];
                    if abc.count_ones() == 3 {
                        let members = 1 << places[a] | 1 << places[b] | 1 << places[c];
                        let targets = reach(abc, members);
                        if targets != 0 {
                            found = Some((abc, targets));
                            break 'search;
                        }
                    }
                }
            }
        }
        let Some((digits, mut targets)) = found else {
            return false;
        };
        while targets != 0 {
            let i = targets.trailing_zeros() as usize;
            targets &= targets - 1;
            self.eliminate(unit[i] as usize, digits);
        }
        self.note(if k == 2 {
            Technique::NakedPair
        } else {
            Technique::NakedTriple
        });
        true
    }

    /// Hidden pair or triple in unit `u`: `k` digits confined to the same `k` cells, which
    /// lose their other candidates. `positions[d]` holds digit `d`'s places in the unit.
    pub(super) fn hidden_subset(&mut self, u: usize, k: usize, positions: &[u16; 9]) -> bool {
        let n = self.geo.n;
        let unit = self.geo.unit(u);
        let mut digits = [0u16; 9];
        let mut spots = [0u16; 9];
        let mut nd = 0;
        for (d, &p) in positions[..n].iter().enumerate() {
            if (2..=k).contains(&(p.count_ones() as usize)) {
                digits[nd] = 1 << d;
                spots[nd] = p;
                nd += 1;
            }
        }
        if nd < k {
            return false;
        }
        // Whether a cell at `places` holds a digit outside `keep`.
        let useful = |places: u16, keep: u16| -> bool {
            let mut m = places;
            while m != 0 {
                if self.cand[unit[m.trailing_zeros() as usize] as usize] & !keep != 0 {
                    return true;
                }
                m &= m - 1;
            }
            false
        };
        let mut found = None;
        'search: for a in 0..nd {
            for b in a + 1..nd {
                let ab = spots[a] | spots[b];
                if k == 2 {
                    let keep = digits[a] | digits[b];
                    if ab.count_ones() == 2 && useful(ab, keep) {
                        found = Some((ab, keep));
                        break 'search;
                    }
                    continue;
                }
                if ab.count_ones() > 3 {
                    continue;
                }
                for c in b + 1..nd {
                    let abc = ab | spots[c];
                    let keep = digits[a] | digits[b] | digits[c];
                    if abc.count_ones() == 3 && useful(abc, keep) {
                        found = Some((abc, keep));
                        break 'search;
                    }
                }
            }
        }
        let Some((mut places, keep)) = found else {
            return false;
        };
        while places != 0 {
            let i = places.trailing_zeros() as usize;
            places &= places - 1;
            self.eliminate(unit[i] as usize, !keep);
        }
        self.note(if k == 2 {
            Technique::HiddenPair
        } else {
            Technique::HiddenTriple
        });
        true
    }

    /// Clears digit `d` from the cells of unit `u` at the unit positions in `places`.
    pub(super) fn eliminate_at(&mut self, u: usize, mut places: u16, d: usize) {
        let geo = self.geo;
        while places != 0 {
            let i = places.trailing_zeros() as usize;
            places &= places - 1;
            self.eliminate(geo.units[u][i] as usize, 1 << d);
        }
    }

    /// Pointing: a digit's candidates in a box all lie on one line, so it leaves the rest
    /// of that line.
    #[allow(clippy::needless_range_loop)] // digits index several tables at once
    pub(super) fn pointing(&mut self, pos: &Positions) -> bool {
        let geo = self.geo;
        let (n, bh, bw) = (geo.n, geo.bh, geo.bw);
        let per_band = n / bw;
        for b in 0..n {
            let (band, stack) = (b / per_band, b % per_band);
            for d in 0..n {
                let p = pos[2 * n + b][d];
                if p == 0 {
                    continue;
                }
                for g in 0..bh {
                    if p & !run_mask(g * bw, bw) == 0 {
                        let r = band * bh + g;
                        let outside = pos[r][d] & !run_mask(stack * bw, bw);
                        if outside != 0 {
                            self.eliminate_at(r, outside, d);
                            self.note(Technique::Pointing);
                            return true;
                        }
                    }
                }
                for g in 0..bw {
                    let column: u16 = (0..bh).fold(0, |m, j| m | 1 << (j * bw + g));
                    if p & !column == 0 {
                        let k = stack * bw + g;
                        let outside = pos[n + k][d] & !run_mask(band * bh, bh);
                        if outside != 0 {
                            self.eliminate_at(n + k, outside, d);
                            self.note(Technique::Pointing);
                            return true;
                        }
                    }
                }
            }
        }
        false
    }

    /// Box-line reduction: a digit's candidates in a line all lie in one box, so it leaves
    /// the rest of that box.
    #[allow(clippy::needless_range_loop)] // digits index several tables at once
    pub(super) fn box_line(&mut self, pos: &Positions) -> bool {
        let geo = self.geo;
        let (n, bh, bw) = (geo.n, geo.bh, geo.bw);
        let per_band = n / bw;
        for r in 0..n {
            for d in 0..n {
                let p = pos[r][d];
                if p == 0 {
                    continue;
                }
                let stack = p.trailing_zeros() as usize / bw;
                if p & !run_mask(stack * bw, bw) == 0 {
                    let b = (r / bh) * per_band + stack;
                    let others = pos[2 * n + b][d] & !run_mask((r % bh) * bw, bw);
                    if others != 0 {
                        self.eliminate_at(2 * n + b, others, d);
                        self.note(Technique::BoxLine);
                        return true;
                    }
                }
            }
        }
        for k in 0..n {
            for d in 0..n {
                let p = pos[n + k][d];
                if p == 0 {
                    continue;
                }
                let band = p.trailing_zeros() as usize / bh;
                if p & !run_mask(band * bh, bh) == 0 {
                    let b = band * per_band + k / bw;
                    let column: u16 = (0..bh).fold(0, |m, j| m | 1 << (j * bw + k % bw));
                    let others = pos[2 * n + b][d] & !column;
                    if others != 0 {
                        self.eliminate_at(2 * n + b, others, d);
                        self.note(Technique::BoxLine);
                        return true;
                    }
                }
            }
        }
        false
    }

    /// X-wing (`k = 2`) or swordfish (`k = 3`): a digit's candidates in `k` rows lie in
    /// `k` columns (or vice versa), so it leaves those columns' other cells.
    #[allow(clippy::needless_range_loop)] // digits index several tables at once
    pub(super) fn fish(&mut self, pos: &Positions, k: usize) -> bool {
        let n = self.geo.n;
        for d in 0..n {
            for (base, cross_base) in [(0, n), (n, 0)] {
                let mut picks = [0usize; 9];
                let mut np = 0;
                for line in 0..n {
                    if (2..=k).contains(&(pos[base + line][d].count_ones() as usize)) {
                        picks[np] = line;
                        np += 1;
                    }
                }
                if np < k {
                    continue;
                }
                let mut found = None;
                for_each_combination(np, k, |idx| {
                    let cross = idx.iter().fold(0u16, |m, &i| m | pos[base + picks[i]][d]);
                    if cross.count_ones() as usize != k {
                        return false;
                    }
                    let chosen = idx.iter().fold(0u16, |m, &i| m | (1 << picks[i]));
                    let useful = (0..n)
                        .any(|x| cross & (1 << x) != 0 && pos[cross_base + x][d] & !chosen != 0);
                    if useful {
                        found = Some((chosen, cross));
                    }
                    useful
                });
                if let Some((chosen, mut cross)) = found {
                    while cross != 0 {
                        let x = cross.trailing_zeros() as usize;
                        cross &= cross - 1;
                        self.eliminate_at(cross_base + x, pos[cross_base + x][d] & !chosen, d);
                    }
                    self.note(if k == 2 {
                        Technique::XWing
                    } else {
                        Technique::Swordfish
                    });
                    return true;
                }
            }
        }
        false
    }

    /// Places the solution's digit in an open cell with fewest candidates.
    pub(super) fn guess(&mut self) -> bool {
        let Some(solution) = self.solution else {
            return false;
        };
        let mut best = None;
        let mut best_count = u32::MAX;
        for c in 0..self.geo.cells {
            if self.value[c] == 0 {
                let k = self.cand[c].count_ones();
                if k < best_count {
                    best = Some(c);
                    best_count = k;
                }
            }
        }
        let Some(c) = best else {
            return false;
        };
        self.place(c, solution[c], Technique::Guess);
        true
    }

    /// One step of the simplest technique (up to grade `cap`) that makes progress.
    pub(super) fn step(&mut self, cap: u8) -> bool {
        if self.naked_singles() || self.hidden_singles() {
            return true;
        }
        if cap < 2 {
            return false;
        }
        let pos = self.positions();
        self.subsets(&pos)
            || (cap >= 3 && (self.pointing(&pos) || self.box_line(&pos)))
            || (cap >= 4 && (self.fish(&pos, 2) || self.fish(&pos, 3)))
            || (cap >= 5 && self.guess())
    }

    /// Solves with techniques up to grade `cap`; `None` if they do not suffice.
    pub(super) fn run(mut self, cap: u8) -> Option<Report> {
        while self.open > 0 {
            if !self.step(cap) {
                return None;
            }
        }
        let mut grade = 1;
        for (t, &count) in TECHNIQUES.iter().zip(&self.counts) {
            if count > 0 {
                grade = grade.max(t.grade());
            }
        }
        Some(Report {
            grade,
            steps: self.counts.iter().sum(),
            counts: self.counts,
        })
    }
}

/// Calls `f` on each `k`-subset (k ≤ 3) of `0..len` as sorted indices, until it returns true.
pub(super) fn for_each_combination(len: usize, k: usize, mut f: impl FnMut(&[usize]) -> bool) {
    match k {
        2 => {
            for a in 0..len {
                for b in a + 1..len {
                    if f(&[a, b]) {
                        return;
                    }
                }
            }
        }
        3 => {
            for a in 0..len {
                for b in a + 1..len {
                    for c in b + 1..len {
                        if f(&[a, b, c]) {
                            return;
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// Grades `grid` (solution `full`) with every technique, guessing when stuck.
pub(super) fn grade_puzzle(geo: &'static Geometry, grid: &Grid, full: &Grid) -> Report {
    Logic::new(geo, grid, Some(full))
        .run(5)
        .expect("guessing with the solution always finishes")
}
