//! Sudoku: fill a 4×4, 6×6 or 9×9 grid so that every row, column and box holds each digit
//! once. Every puzzle has exactly one solution, and its difficulty is graded by the
//! techniques a person needs to solve it.
//!
//! # Generation
//! 1. A full grid is built by a randomized search filling an empty grid (random cell
//!    tie-breaks, random digit order), not by shuffling one pattern. A grid equal to the
//!    prompt's format example is redrawn, so copying the example never scores.
//! 2. Clues are removed in random order, one cell or one symmetric pair at a time
//!    (`symmetry`: `none`, `rotational` or `mirror`), keeping the solution unique.
//!    - With `max_grade = 5` a removal is kept iff the bitset solver (naked + hidden singles,
//!      then search on the cell with fewest candidates) finds no second solution.
//!    - With `max_grade < 5` (targeted generation) a removal is kept only if the logical
//!      grader still solves the puzzle with techniques up to `max_grade` (logical
//!      solvability implies uniqueness); once the grade has reached `min_grade`, removals
//!      that would bring it back down are refused too.
//!
//!    Without `minimal`, removal stops at a target drawn in `empty_cells`; with
//!    `minimal = true` every remaining clue is tried. With `max_grade = 5` and
//!    `symmetry = "none"` the result is minimal (no clue can be removed without losing
//!    uniqueness); under a grade cap it is minimal within the grade window.
//! 3. The logical grader solves the puzzle the way a person does, applying the simplest
//!    technique that makes progress and restarting from singles after each step:
//!    (1) naked/hidden singles, (2) naked/hidden pairs and triples, (3) pointing and
//!    box-line reduction, (4) X-wing and swordfish, (5) guessing (placing the solution's
//!    digit in an open cell with fewest candidates). Puzzles whose hardest technique is
//!    outside `min_grade..=max_grade`, whose guesses are outside
//!    `min_guesses..=max_guesses`, or whose blank count is outside `empty_cells` are
//!    rejected; after `max_attempts` full grids the
//!    generator fails instead of returning an easier puzzle.
//!
//! The difficulty figure is `1000 * grade_level + 100 * guesses + steps`, where `steps`
//! counts placements, elimination steps and guesses along the grader's solve path (guesses
//! only occur at grade 5, so the grade dominates). Metadata records `solutions` (solver
//! count, limit 2), `grade` (name), `grade_level`, `steps`, `guesses`, per-technique counts,
//! `empty_cells`, `clues`, `attempts`, and `minimal` (checked clue by clue) when the knob
//! is set.
//!
//! # Knobs
//! `size` (4, 6, 9), `empty_cells` (`[min, max]` blank cells), `symmetry`, `minimal`,
//! `min_grade` and `max_grade` (1–5), `min_guesses` and `max_guesses`, `max_attempts`. 16×16 is not offered.
//!
//! # Answer format
//! The full solved grid, one row per line, digits separated by spaces. Parsing is lenient
//! on form: every ASCII digit is one cell, read in order (so `534678912`, `5,3,4,...`,
//! `| 5 3 4 |`, `[[5, 3, ...]]` and `------+------` separator lines all work, one row per
//! line or all on one line); `.`, `_` and `0` count as unfilled cells. Exactly size² cells
//! are required, so two grids in one answer are refused. Letters (`row 1:`, `1e3`, `0x10`)
//! and non-ASCII letters or digits (`٣`, `１`) are refused; other punctuation, symbols and
//! spaces are ignored. The grade checks the givens and the rules (rows, columns, boxes),
//! not equality with a stored grid.
//!
//! # Partial credit (opt-in) and its gating
//! Zero unless every given is kept (so moving or swapping givens earns nothing). Otherwise
//! a blank cell counts as right when it holds the solution's digit and is not involved in
//! any rule violation (a digit repeated in a row, column or box marks every copy wrong).
//! With `acc` the fraction of blank cells right, credit = `(acc - 0.5) / 0.5`, floored at
//! 0. Copying the givens and filling the blanks with a constant scores 0; filling each row's
//! (column's, box's) missing digits in order scores 0 except now and then on 4×4 puzzles,
//! where a unit missing one digit is a real deduction (under 0.05 on average at level 1).
//! A near-solution with one wrong cell scores about 0.87 on a 9×9 puzzle (the cell and the
//! blank cells it clashes with count as wrong). `Sudoku::exploits` lists the attempts.
//!
//! # Example (level 1)
//! ```text
//! Solve this 4×4 Sudoku puzzle. The grid is divided into four 2×2 boxes, marked by `|`
//! and `-` lines. Fill every empty cell (shown as `.`) with a digit from 1 to 4 so that
//! every row, every column and every box contains each digit from 1 to 4 exactly once.
//! The puzzle has exactly one solution.
//!
//! . . | 2 4
//! 4 2 | 3 1
//! ----+----
//! . 3 | 4 .
//! . . | . .
//!
//! Give the completed grid: 4 lines, one per row from top to bottom, each with the row's 4
//! digits (givens included) separated by single spaces, without box separators. Put your
//! final answer inside <answer> and </answer> tags. For example (this only shows the
//! format, it is not the solution):
//! <answer>
//! 1 2 3 4
//! 3 4 1 2
//! 2 3 4 1
//! 4 1 2 3
//! </answer>
//! ```
//! Answer:
//! ```text
//! <answer>
//! 3 1 2 4
//! 4 2 3 1
//! 1 3 4 2
//! 2 4 1 3
//! </answer>
//! ```

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

const MAX_CELLS: usize = 81;
const MAX_UNITS: usize = 27;
const MAX_PEERS: usize = 20;
/// The accuracy on blank cells below which partial credit is 0.
const CREDIT_THRESHOLD: f64 = 0.5;

// ---------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------

/// Static tables of one grid size: cell coordinates, units and peers.
struct Geometry {
    /// Side length.
    n: usize,
    /// Box height (rows).
    bh: usize,
    /// Box width (columns).
    bw: usize,
    /// `n * n`.
    cells: usize,
    /// The mask of all `n` digits.
    full: u16,
    row: [u8; MAX_CELLS],
    col: [u8; MAX_CELLS],
    boxi: [u8; MAX_CELLS],
    /// The position of each cell inside its box (row-major).
    box_index: [u8; MAX_CELLS],
    /// Rows `0..n`, columns `n..2n`, boxes `2n..3n`; each lists its `n` cells.
    units: [[u8; 9]; MAX_UNITS],
    peers: [[u8; MAX_PEERS]; MAX_CELLS],
    npeers: usize,
}

impl Geometry {
    const fn new(n: usize, bh: usize, bw: usize) -> Self {
        let mut g = Geometry {
            n,
            bh,
            bw,
            cells: n * n,
            full: ((1u32 << n) - 1) as u16,
            row: [0; MAX_CELLS],
            col: [0; MAX_CELLS],
            boxi: [0; MAX_CELLS],
            box_index: [0; MAX_CELLS],
            units: [[0; 9]; MAX_UNITS],
            peers: [[0; MAX_PEERS]; MAX_CELLS],
            npeers: 0,
        };
        let per_band = n / bw;
        let mut c = 0;
        while c < n * n {
            let r = c / n;
            let k = c % n;
            g.row[c] = r as u8;
            g.col[c] = k as u8;
            g.boxi[c] = ((r / bh) * per_band + k / bw) as u8;
            c += 1;
        }
        let mut i = 0;
        while i < n {
            let mut j = 0;
            while j < n {
                g.units[i][j] = (i * n + j) as u8;
                g.units[n + i][j] = (j * n + i) as u8;
                j += 1;
            }
            i += 1;
        }
        let mut fill = [0usize; 9];
        c = 0;
        while c < n * n {
            let b = g.boxi[c] as usize;
            g.units[2 * n + b][fill[b]] = c as u8;
            g.box_index[c] = fill[b] as u8;
            fill[b] += 1;
            c += 1;
        }
        let mut count = 0;
        c = 0;
        while c < n * n {
            count = 0;
            let mut p = 0;
            while p < n * n {
                if p != c
                    && (g.row[p] == g.row[c] || g.col[p] == g.col[c] || g.boxi[p] == g.boxi[c])
                {
                    g.peers[c][count] = p as u8;
                    count += 1;
                }
                p += 1;
            }
            c += 1;
        }
        g.npeers = count;
        g
    }

    fn unit(&self, u: usize) -> &[u8] {
        &self.units[u][..self.n]
    }

    fn peers_of(&self, c: usize) -> &[u8] {
        &self.peers[c][..self.npeers]
    }
}

static GEO4: Geometry = Geometry::new(4, 2, 2);
static GEO6: Geometry = Geometry::new(6, 2, 3);
static GEO9: Geometry = Geometry::new(9, 3, 3);

fn geometry(size: u8) -> &'static Geometry {
    match size {
        4 => &GEO4,
        6 => &GEO6,
        _ => &GEO9,
    }
}

fn bit(d: u8) -> u16 {
    1u16 << (d - 1)
}

fn digit_of(bit: u16) -> u8 {
    bit.trailing_zeros() as u8 + 1
}

/// A grid: `0` for blank, else the digit.
type Grid = [u8; MAX_CELLS];

// ---------------------------------------------------------------------------------------
// Solver: bitset constraint propagation (naked + hidden singles) and MRV search
// ---------------------------------------------------------------------------------------

/// Search state of the solver. Placed cells keep their digit's bit as candidate mask.
#[derive(Clone, Copy)]
struct Search {
    cand: [u16; MAX_CELLS],
    value: Grid,
    open: usize,
}

impl Search {
    /// The state of `grid`, or `None` if its givens clash.
    fn from_grid(geo: &Geometry, grid: &Grid) -> Option<Self> {
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
    fn assign(&mut self, geo: &Geometry, c: usize, d: u8) -> bool {
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
    fn exclude(&mut self, geo: &Geometry, c: usize, d: u8) -> bool {
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
    fn propagate(&mut self, geo: &Geometry) -> bool {
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
    fn most_constrained(&self, order: impl Iterator<Item = usize>) -> usize {
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
fn count_below(geo: &Geometry, mut s: Search, limit: u64, count: &mut u64) {
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
fn count_solutions(geo: &Geometry, grid: &Grid, limit: u64) -> u64 {
    let mut count = 0;
    if limit > 0 {
        if let Some(s) = Search::from_grid(geo, grid) {
            count_below(geo, s, limit, &mut count);
        }
    }
    count
}

/// A random completion of `s` (randomized search), or `None` if there is none.
fn fill_below(geo: &Geometry, mut s: Search, order: &[u8], rng: &mut ItemRng) -> Option<Search> {
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
fn random_full_grid(geo: &Geometry, rng: &mut ItemRng) -> Grid {
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
fn still_unique(geo: &Geometry, grid: &Grid, full: &Grid, removed: &[usize]) -> bool {
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

// ---------------------------------------------------------------------------------------
// Logical grader
// ---------------------------------------------------------------------------------------

/// The techniques of the grader, in the order it tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Technique {
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

const TECHNIQUES: [Technique; 11] = [
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
    fn name(self) -> &'static str {
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

    fn grade(self) -> u8 {
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
const GRADE_NAMES: [&str; 5] = [
    "singles",
    "pairs_triples",
    "pointing_box_line",
    "fish",
    "search",
];

/// What the grader needed to solve a puzzle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Report {
    /// The hardest technique's grade, 1–5.
    grade: u8,
    /// Steps taken: placements, elimination steps and guesses.
    steps: u32,
    /// Uses of each technique, indexed like [`TECHNIQUES`].
    counts: [u32; 11],
}

/// The candidate grid of the human-style solver. Placed cells have no candidates.
struct Logic<'a> {
    geo: &'static Geometry,
    cand: [u16; MAX_CELLS],
    value: Grid,
    open: usize,
    solution: Option<&'a Grid>,
    counts: [u32; 11],
}

/// For each unit (rows, columns, boxes) and digit, the unit positions holding the digit as
/// a candidate: bit `i` stands for the unit's `i`-th cell.
type Positions = [[u16; 9]; MAX_UNITS];

/// `len` set bits from bit `start`.
fn run_mask(start: usize, len: usize) -> u16 {
    ((1u16 << len) - 1) << start
}

impl<'a> Logic<'a> {
    fn new(geo: &'static Geometry, grid: &Grid, solution: Option<&'a Grid>) -> Self {
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

    fn note(&mut self, t: Technique) {
        self.counts[t as usize] += 1;
    }

    /// Places `d` at `c` (counted as `how`), then every naked single this creates.
    fn place(&mut self, c: usize, d: u8, how: Technique) {
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
    fn eliminate(&mut self, c: usize, mask: u16) {
        self.cand[c] &= !mask;
    }

    fn naked_singles(&mut self) -> bool {
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

    fn hidden_singles(&mut self) -> bool {
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

    fn positions(&self) -> Positions {
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
    fn subsets(&mut self, pos: &Positions) -> bool {
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
    fn naked_subset(&mut self, u: usize, k: usize, positions: &[u16; 9]) -> bool {
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
    fn hidden_subset(&mut self, u: usize, k: usize, positions: &[u16; 9]) -> bool {
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
    fn eliminate_at(&mut self, u: usize, mut places: u16, d: usize) {
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
    fn pointing(&mut self, pos: &Positions) -> bool {
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
    fn box_line(&mut self, pos: &Positions) -> bool {
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
    fn fish(&mut self, pos: &Positions, k: usize) -> bool {
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
    fn guess(&mut self) -> bool {
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
    fn step(&mut self, cap: u8) -> bool {
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
    fn run(mut self, cap: u8) -> Option<Report> {
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
fn for_each_combination(len: usize, k: usize, mut f: impl FnMut(&[usize]) -> bool) {
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
fn grade_puzzle(geo: &'static Geometry, grid: &Grid, full: &Grid) -> Report {
    Logic::new(geo, grid, Some(full))
        .run(5)
        .expect("guessing with the solution always finishes")
}

// ---------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------

/// How clues are removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Symmetry {
    /// Cells are removed one at a time.
    None,
    /// A cell and its 180° rotation are removed together.
    Rotational,
    /// A cell and its left-right mirror image are removed together.
    Mirror,
}

impl Symmetry {
    fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Rotational => "rotational",
            Self::Mirror => "mirror",
        }
    }
}

/// The knobs of [`Sudoku`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SudokuKnobs {
    /// Side of the grid: 4 (2×2 boxes), 6 (2×3 boxes) or 9 (3×3 boxes).
    pub size: u8,
    /// Inclusive range `[min, max]` of blank cells. Without `minimal`, removal stops at a
    /// target drawn in it; with `minimal`, puzzles outside it are rejected.
    pub empty_cells: [u16; 2],
    /// Symmetry of the clue pattern: `none`, `rotational` or `mirror`.
    pub symmetry: Symmetry,
    /// Try to remove every remaining clue (minimal puzzles, under the grade cap if any).
    pub minimal: bool,
    /// The hardest technique needed must be at least this grade (1 singles, 2 pairs and
    /// triples, 3 pointing and box-line, 4 fish, 5 guessing).
    pub min_grade: u8,
    /// The hardest technique needed must be at most this grade; below 5 it also caps every
    /// clue removal.
    pub max_grade: u8,
    /// The grader must guess at least this many times (needs `max_grade = 5`; 0 = no
    /// constraint): separates puzzles needing one guess from deeper search.
    pub min_guesses: u8,
    /// The grader may guess at most this many times (81 = no limit).
    pub max_guesses: u8,
    /// Full grids tried before generation fails.
    pub max_attempts: u32,
}

impl Default for SudokuKnobs {
    fn default() -> Self {
        Self {
            size: 9,
            empty_cells: [46, 52],
            symmetry: Symmetry::Rotational,
            minimal: false,
            min_grade: 1,
            max_grade: 1,
            min_guesses: 0,
            max_guesses: 81,
            max_attempts: 200,
        }
    }
}

/// The clue groups removed together under `symmetry`.
fn orbits(geo: &Geometry, symmetry: Symmetry) -> Vec<([usize; 2], usize)> {
    let n = geo.n;
    let mut out = Vec::with_capacity(geo.cells);
    for c in 0..geo.cells {
        let (r, k) = (c / n, c % n);
        let partner = match symmetry {
            Symmetry::None => c,
            Symmetry::Rotational => (n - 1 - r) * n + (n - 1 - k),
            Symmetry::Mirror => r * n + (n - 1 - k),
        };
        if partner == c {
            out.push(([c, c], 1));
        } else if partner > c {
            out.push(([c, partner], 2));
        }
    }
    out
}

/// Blanks clues of `full` in random order while the puzzle stays unique (and, with a cap
/// below 5, logically solvable within the cap). Stops at `target` blanks if given.
fn remove_clues(
    geo: &'static Geometry,
    full: &Grid,
    knobs: &SudokuKnobs,
    target: Option<usize>,
    rng: &mut ItemRng,
) -> (Grid, usize) {
    let mut groups = orbits(geo, knobs.symmetry);
    rng.shuffle(&mut groups);
    let max_empty = usize::from(knobs.empty_cells[1]);
    let mut grid = *full;
    let mut empty = 0;
    // Once the grade reaches `min_grade`, removals that would bring it back down are refused.
    let mut reached = false;
    for (cells, len) in groups {
        let cells = &cells[..len];
        if let Some(target) = target {
            if empty >= target {
                break;
            }
            if empty + len > max_empty {
                continue;
            }
        }
        for &c in cells {
            grid[c] = 0;
        }
        let keep = if knobs.max_grade < 5 {
            match Logic::new(geo, &grid, None).run(knobs.max_grade) {
                Some(report) if report.grade >= knobs.min_grade => {
                    reached = true;
                    true
                }
                Some(_) => !reached,
                None => false,
            }
        } else {
            still_unique(geo, &grid, full, cells)
        };
        if keep {
            empty += len;
        } else {
            for &c in cells {
                grid[c] = full[c];
            }
        }
    }
    (grid, empty)
}

/// Whether no single clue of the unique puzzle `grid` can be removed keeping uniqueness.
fn is_minimal(geo: &Geometry, grid: &Grid, full: &Grid) -> bool {
    (0..geo.cells).all(|c| {
        if grid[c] == 0 {
            return true;
        }
        let mut trial = *grid;
        trial[c] = 0;
        !still_unique(geo, &trial, full, &[c])
    })
}

// ---------------------------------------------------------------------------------------
// Puzzle
// ---------------------------------------------------------------------------------------

/// A Sudoku puzzle: its size, givens and (unique) solution.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "PuzzleSpec", into = "PuzzleSpec")]
pub struct SudokuPuzzle {
    size: u8,
    givens: Grid,
    solution: Grid,
}

/// The payload form: `n` the size, `g` the givens row by row (`.` for blank), `s` the
/// solution.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PuzzleSpec {
    n: u8,
    g: String,
    s: String,
}

impl From<SudokuPuzzle> for PuzzleSpec {
    fn from(p: SudokuPuzzle) -> Self {
        let cells = usize::from(p.size) * usize::from(p.size);
        let text = |grid: &Grid| -> String {
            grid[..cells]
                .iter()
                .map(|&d| if d == 0 { '.' } else { char::from(b'0' + d) })
                .collect()
        };
        Self {
            n: p.size,
            g: text(&p.givens),
            s: text(&p.solution),
        }
    }
}

impl TryFrom<PuzzleSpec> for SudokuPuzzle {
    type Error = String;

    fn try_from(spec: PuzzleSpec) -> Result<Self, String> {
        if !matches!(spec.n, 4 | 6 | 9) {
            return Err(format!("size {} is not 4, 6 or 9", spec.n));
        }
        let geo = geometry(spec.n);
        let read = |text: &str, blanks: bool| -> Result<Grid, String> {
            if text.len() != geo.cells {
                return Err(format!(
                    "grid has {} cells, expected {}",
                    text.len(),
                    geo.cells
                ));
            }
            let mut grid = [0; MAX_CELLS];
            for (cell, byte) in grid.iter_mut().zip(text.bytes()) {
                *cell = match byte {
                    b'.' if blanks => 0,
                    b'1'..=b'9' if usize::from(byte - b'0') <= geo.n => byte - b'0',
                    _ => return Err(format!("bad cell {:?}", char::from(byte))),
                };
            }
            Ok(grid)
        };
        let givens = read(&spec.g, true)?;
        let solution = read(&spec.s, false)?;
        if !is_valid_solution(geo, &solution) {
            return Err("the solution breaks the rules".into());
        }
        if (0..geo.cells).any(|c| givens[c] != 0 && givens[c] != solution[c]) {
            return Err("the solution does not keep the givens".into());
        }
        Ok(Self {
            size: spec.n,
            givens,
            solution,
        })
    }
}

/// Whether `grid` is complete and every row, column and box holds each digit once (one
/// pass over the cells: a unit of `n` cells covers all `n` digits only if they differ).
fn is_valid_solution(geo: &Geometry, grid: &Grid) -> bool {
    let mut rows = [0u16; 9];
    let mut cols = [0u16; 9];
    let mut boxes = [0u16; 9];
    for c in 0..geo.cells {
        let d = grid[c];
        if d == 0 || usize::from(d) > geo.n {
            return false;
        }
        rows[usize::from(geo.row[c])] |= bit(d);
        cols[usize::from(geo.col[c])] |= bit(d);
        boxes[usize::from(geo.boxi[c])] |= bit(d);
    }
    [rows, cols, boxes]
        .iter()
        .all(|masks| masks[..geo.n].iter().all(|&m| m == geo.full))
}

impl SudokuPuzzle {
    /// A puzzle from givens and a solution (both `size²` digits, `0` for blank givens),
    /// checked like a payload.
    pub fn new(size: u8, givens: &[u8], solution: &[u8]) -> Result<Self, String> {
        let text = |cells: &[u8]| -> String {
            cells
                .iter()
                .map(|&d| {
                    if d == 0 {
                        '.'
                    } else {
                        char::from(b'0' + d.min(9))
                    }
                })
                .collect()
        };
        Self::try_from(PuzzleSpec {
            n: size,
            g: text(givens),
            s: text(solution),
        })
    }

    fn geo(&self) -> &'static Geometry {
        geometry(self.size)
    }
}

/// Answer byte classes: `0..=9` a digit cell, then the other kinds of byte.
const BLANK: u8 = 10;
const SKIP: u8 = 11;
const LETTER: u8 = 12;
const NON_ASCII_START: u8 = 13;

/// The class of every byte of an answer text.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [SKIP; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'0'..=b'9' => b as u8 - b'0',
            b'.' | b'_' => BLANK,
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            0xC0..=0xFF => NON_ASCII_START,
            _ => SKIP,
        };
        b += 1;
    }
    table
};

/// A parsed answer grid (`0` for unfilled or out-of-range cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SudokuAnswer {
    cells: Grid,
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

fn render_grid(geo: &Geometry, grid: &Grid, out: &mut String) {
    let n = geo.n;
    let seg = "-".repeat(2 * geo.bw - 1);
    let separator = vec![seg; n / geo.bw].join("-+-");
    for r in 0..n {
        if r > 0 && r % geo.bh == 0 {
            out.push_str(&separator);
            out.push('\n');
        }
        for k in 0..n {
            if k > 0 {
                out.push_str(if k % geo.bw == 0 { " | " } else { " " });
            }
            let d = grid[r * n + k];
            out.push(if d == 0 { '.' } else { char::from(b'0' + d) });
        }
        out.push('\n');
    }
}

fn render_rows(geo: &Geometry, grid: &Grid) -> String {
    let n = geo.n;
    let mut out = String::with_capacity(2 * geo.cells);
    for r in 0..n {
        if r > 0 {
            out.push('\n');
        }
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            let d = grid[r * n + k];
            out.push(if d == 0 { '.' } else { char::from(b'0' + d) });
        }
    }
    out
}

/// A fixed valid grid used only to show the answer format.
fn pattern_grid(geo: &Geometry) -> Grid {
    let n = geo.n;
    let mut grid = [0; MAX_CELLS];
    for r in 0..n {
        for k in 0..n {
            grid[r * n + k] = ((geo.bw * (r % geo.bh) + r / geo.bh + k) % n) as u8 + 1;
        }
    }
    grid
}

// ---------------------------------------------------------------------------------------
// The task
// ---------------------------------------------------------------------------------------

/// The digits seen, and seen more than once, in each row, column and box of an answer
/// (16-wide tables so that masked indices need no bounds checks).
struct UnitDigits {
    row_seen: [u16; 16],
    row_dup: [u16; 16],
    col_seen: [u16; 16],
    col_dup: [u16; 16],
    box_seen: [u16; 16],
    box_dup: [u16; 16],
}

impl UnitDigits {
    fn of(geo: &Geometry, cells: &[u8]) -> Self {
        let mut t = Self {
            row_seen: [0; 16],
            row_dup: [0; 16],
            col_seen: [0; 16],
            col_dup: [0; 16],
            box_seen: [0; 16],
            box_dup: [0; 16],
        };
        for (r, row) in cells.chunks_exact(geo.n).enumerate() {
            let (mut seen, mut dup) = (0u16, 0u16);
            let boxes = &geo.boxi[r * geo.n..];
            for (k, (&d, &x)) in row.iter().zip(boxes).enumerate() {
                let (k, x) = (k & 15, usize::from(x & 15));
                let b = (1u16 << (d & 15)) >> 1;
                dup |= seen & b;
                seen |= b;
                t.col_dup[k] |= t.col_seen[k] & b;
                t.col_seen[k] |= b;
                t.box_dup[x] |= t.box_seen[x] & b;
                t.box_seen[x] |= b;
            }
            t.row_seen[r & 15] = seen;
            t.row_dup[r & 15] = dup;
        }
        t
    }

    /// Every row, column and box holds every digit (so nothing is blank or repeated).
    fn complete(&self, geo: &Geometry) -> bool {
        let n = geo.n;
        self.row_seen[..n]
            .iter()
            .chain(&self.col_seen[..n])
            .chain(&self.box_seen[..n])
            .all(|&m| m == geo.full)
    }
}

/// The gated partial credit of a wrong answer that keeps every given: blank cells count as
/// right when they hold the solution's digit and repeat no digit of their row, column or box.
fn partial_credit(puzzle: &SudokuPuzzle, cells: &[u8], units: &UnitDigits) -> Grade {
    let geo = puzzle.geo();
    let (mut open, mut right) = (0u32, 0u32);
    let n = geo.n;
    for (c, ((&d, &g), &s)) in cells
        .iter()
        .zip(&puzzle.givens)
        .zip(&puzzle.solution)
        .enumerate()
    {
        if g != 0 {
            continue;
        }
        open += 1;
        if d == 0 || d != s {
            continue;
        }
        let (r, k) = ((c / n) & 15, (c % n) & 15);
        let x = usize::from(geo.boxi[c] & 15);
        let clash = (units.row_dup[r] | units.col_dup[k] | units.box_dup[x]) & bit(d) != 0;
        right += u32::from(!clash);
    }
    if open == 0 {
        return Grade::WRONG;
    }
    let accuracy = f64::from(right) / f64::from(open);
    Grade::partial(((accuracy - CREDIT_THRESHOLD) / (1.0 - CREDIT_THRESHOLD)).max(0.0))
}

/// Sudoku with unique solutions, graded by human solving techniques.
pub struct Sudoku;

impl Task for Sudoku {
    const ID: &'static str = "sudoku";
    const VERSION: u32 = 2;
    const DIFFICULTY_MEASURE: &'static str = "grade_x1000_plus_guesses_x100_plus_steps";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 8 * 1024;

    type Knobs = SudokuKnobs;
    type Puzzle = SudokuPuzzle;
    type Answer = SudokuAnswer;

    fn check_knobs(knobs: &SudokuKnobs) -> Result<(), KnobError> {
        if !matches!(knobs.size, 4 | 6 | 9) {
            return Err(KnobError::new("size", "must be 4, 6 or 9"));
        }
        let cells = u16::from(knobs.size) * u16::from(knobs.size);
        let [lo, hi] = knobs.empty_cells;
        if lo < 1 || lo > hi || hi >= cells {
            return Err(KnobError::new(
                "empty_cells",
                format!("must be [min, max] with 1 <= min <= max < {cells}"),
            ));
        }
        if !(1..=5).contains(&knobs.min_grade) {
            return Err(KnobError::new("min_grade", "must be between 1 and 5"));
        }
        if !(knobs.min_grade..=5).contains(&knobs.max_grade) {
            return Err(KnobError::new(
                "max_grade",
                "must be between min_grade and 5",
            ));
        }
        if knobs.min_guesses > 0 && knobs.max_grade < 5 {
            return Err(KnobError::new(
                "min_guesses",
                "guesses only happen at grade 5: set max_grade = 5 or min_guesses = 0",
            ));
        }
        if knobs.min_guesses > 20 {
            return Err(KnobError::new("min_guesses", "must be at most 20"));
        }
        if !(knobs.min_guesses..=81).contains(&knobs.max_guesses) {
            return Err(KnobError::new(
                "max_guesses",
                "must be between min_guesses and 81",
            ));
        }
        if !(1..=10_000).contains(&knobs.max_attempts) {
            return Err(KnobError::new(
                "max_attempts",
                "must be between 1 and 10000",
            ));
        }
        Ok(())
    }

    fn generate(
        knobs: &SudokuKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<SudokuPuzzle>, GenerateError> {
        let geo = geometry(knobs.size);
        let (lo, hi) = (
            usize::from(knobs.empty_cells[0]),
            usize::from(knobs.empty_cells[1]),
        );
        for attempt in 1..=knobs.max_attempts {
            // The prompt shows `pattern_grid` as its format example: a puzzle whose solution
            // it is would pay for copying the example, so such grids are redrawn.
            let full = loop {
                let full = random_full_grid(geo, rng);
                if full[..geo.cells] != pattern_grid(geo)[..geo.cells] {
                    break full;
                }
            };
            let target = if knobs.minimal {
                None
            } else {
                Some(rng.range(lo as i64, hi as i64) as usize)
            };
            let (grid, empty) = remove_clues(geo, &full, knobs, target, rng);
            if !(lo..=hi).contains(&empty) {
                continue;
            }
            let report = grade_puzzle(geo, &grid, &full);
            let guesses = report.counts[Technique::Guess as usize];
            if !(knobs.min_grade..=knobs.max_grade).contains(&report.grade)
                || guesses < u32::from(knobs.min_guesses)
                || guesses > u32::from(knobs.max_guesses)
            {
                continue;
            }
            let solutions = count_solutions(geo, &grid, 2);
            if solutions != 1 {
                continue;
            }
            let mut metadata = Map::new();
            metadata.insert("size".into(), Value::from(knobs.size));
            metadata.insert("empty_cells".into(), Value::from(empty));
            metadata.insert("clues".into(), Value::from(geo.cells - empty));
            metadata.insert("symmetry".into(), Value::from(knobs.symmetry.name()));
            metadata.insert("solutions".into(), Value::from(solutions));
            metadata.insert(
                "grade".into(),
                Value::from(GRADE_NAMES[usize::from(report.grade) - 1]),
            );
            metadata.insert("grade_level".into(), Value::from(report.grade));
            metadata.insert("steps".into(), Value::from(report.steps));
            metadata.insert("guesses".into(), Value::from(guesses));
            let mut used = Map::new();
            for (t, &count) in TECHNIQUES.iter().zip(&report.counts) {
                if count > 0 {
                    used.insert(t.name().into(), Value::from(count));
                }
            }
            metadata.insert("techniques".into(), Value::Object(used));
            if knobs.minimal {
                // Uncapped removal without symmetry tried every clue against uniqueness.
                let minimal = (knobs.max_grade == 5 && knobs.symmetry == Symmetry::None)
                    || is_minimal(geo, &grid, &full);
                metadata.insert("minimal".into(), Value::from(minimal));
            }
            metadata.insert("attempts".into(), Value::from(attempt));
            return Ok(Generated {
                puzzle: SudokuPuzzle {
                    size: knobs.size,
                    givens: grid,
                    solution: full,
                },
                difficulty: f64::from(report.grade) * 1000.0
                    + f64::from(guesses) * 100.0
                    + f64::from(report.steps),
                metadata,
            });
        }
        Err(GenerateError(format!(
            "no {n}x{n} puzzle with {lo}-{hi} blanks, grade {}-{} and {}-{} guesses in {} attempts",
            knobs.min_grade,
            knobs.max_grade,
            knobs.min_guesses,
            knobs.max_guesses,
            knobs.max_attempts,
            n = knobs.size,
        )))
    }

    fn prompt(puzzle: &SudokuPuzzle) -> String {
        let geo = puzzle.geo();
        let n = geo.n;
        let mut out = String::with_capacity(1024);
        let boxes = match n {
            4 => "four 2×2 boxes",
            6 => "six 2×3 boxes (2 rows by 3 columns)",
            _ => "nine 3×3 boxes",
        };
        let _ = write!(
            out,
            "Solve this {n}×{n} Sudoku puzzle. The grid is divided into {boxes}, marked by \
             `|` and `-` lines. Fill every empty cell (shown as `.`) with a digit from 1 to \
             {n} so that every row, every column and every box contains each digit from 1 \
             to {n} exactly once. The puzzle has exactly one solution.\n\n"
        );
        render_grid(geo, &puzzle.givens, &mut out);
        let _ = write!(
            out,
            "\nGive the completed grid: {n} lines, one per row from top to bottom, each with \
             the row's {n} digits (givens included) separated by single spaces, without box \
             separators. Put your final answer inside <answer> and </answer> tags. For \
             example (this only shows the format, it is not the solution):\n<answer>\n{}\n\
             </answer>",
            render_rows(geo, &pattern_grid(geo))
        );
        out
    }

    fn solve(puzzle: &SudokuPuzzle) -> SudokuAnswer {
        SudokuAnswer {
            cells: puzzle.solution,
        }
    }

    fn render_answer(puzzle: &SudokuPuzzle, answer: &SudokuAnswer) -> String {
        render_rows(puzzle.geo(), &answer.cells)
    }

    fn parse_answer(puzzle: &SudokuPuzzle, text: &str) -> Result<SudokuAnswer, ParseError> {
        let geo = puzzle.geo();
        let max_digit = geo.n as u8;
        let mut cells = [0u8; MAX_CELLS];
        let mut count = 0usize;
        for (i, &byte) in text.as_bytes().iter().enumerate() {
            let class = BYTE_CLASS[usize::from(byte)];
            let value = match class {
                0..=9 => {
                    if class <= max_digit {
                        class
                    } else {
                        0
                    }
                }
                BLANK => 0,
                SKIP => continue,
                LETTER => {
                    return Err(ParseError::new(format!(
                        "unexpected letter {:?}: only the digits 1-{max_digit} belong in the grid",
                        char::from(byte)
                    )))
                }
                // The first byte of a non-ASCII character: letters and digits of other
                // scripts are refused, symbols and spaces skipped.
                _ => {
                    let ch = text.get(i..).and_then(|rest| rest.chars().next());
                    if ch.is_some_and(char::is_alphanumeric) {
                        return Err(ParseError::new(format!(
                            "unexpected character {:?}: only ASCII digits count",
                            ch.unwrap_or_default()
                        )));
                    }
                    continue;
                }
            };
            if count >= geo.cells {
                return Err(ParseError::new(format!("more than {} cells", geo.cells)));
            }
            cells[count] = value;
            count += 1;
        }
        if count != geo.cells {
            return Err(ParseError::new(format!(
                "{count} cells, expected {}",
                geo.cells
            )));
        }
        Ok(SudokuAnswer { cells })
    }

    fn grade(puzzle: &SudokuPuzzle, answer: &SudokuAnswer) -> Grade {
        let geo = puzzle.geo();
        let cells = &answer.cells[..geo.cells];
        if cells
            .iter()
            .zip(&puzzle.givens)
            .any(|(&d, &g)| g != 0 && d != g)
        {
            return Grade::WRONG;
        }
        let units = UnitDigits::of(geo, cells);
        if units.complete(geo) {
            return Grade::CORRECT;
        }
        partial_credit(puzzle, cells, &units)
    }

    fn count_solutions(puzzle: &SudokuPuzzle, limit: u64) -> Option<u64> {
        Some(count_solutions(puzzle.geo(), &puzzle.givens, limit))
    }

    fn wrong_answers(puzzle: &SudokuPuzzle, rng: &mut ItemRng) -> Vec<String> {
        let geo = puzzle.geo();
        let n = geo.n;
        let solution = &puzzle.solution;
        let open: Vec<usize> = (0..geo.cells).filter(|&c| puzzle.givens[c] == 0).collect();
        let given: Vec<usize> = (0..geo.cells).filter(|&c| puzzle.givens[c] != 0).collect();
        let mut grids: Vec<Grid> = Vec::new();
        // One blank cell changed.
        if !open.is_empty() {
            let mut g = *solution;
            let c = *rng.choose(&open);
            g[c] = (g[c] % n as u8) + 1;
            grids.push(g);
        }
        // Two blank cells of one row swapped.
        for _ in 0..20 {
            if open.len() < 2 {
                break;
            }
            let a = *rng.choose(&open);
            let row_mates: Vec<usize> = open
                .iter()
                .copied()
                .filter(|&c| c != a && geo.row[c] == geo.row[a])
                .collect();
            if let Some(&b) = row_mates.first() {
                let mut g = *solution;
                g.swap(a, b);
                grids.push(g);
                break;
            }
        }
        // A given changed.
        if !given.is_empty() {
            let mut g = *solution;
            let c = *rng.choose(&given);
            g[c] = (g[c] % n as u8) + 1;
            grids.push(g);
        }
        // Givens kept, blanks filled with a constant.
        let mut g = puzzle.givens;
        let d = rng.range(1, n as i64) as u8;
        for &c in &open {
            g[c] = d;
        }
        grids.push(g);
        let mut out: Vec<String> = grids
            .iter()
            .filter(|g| g[..geo.cells] != solution[..geo.cells])
            .map(|g| render_rows(geo, g))
            .collect();
        // The solution with its last row missing.
        let full = render_rows(geo, solution);
        if let Some(cut) = full.rfind('\n') {
            out.push(full[..cut].to_string());
        }
        out
    }

    fn exploits(puzzle: &SudokuPuzzle) -> Vec<(&'static str, String)> {
        let geo = puzzle.geo();
        let n = geo.n;
        let cells = geo.cells;
        let solution = &puzzle.solution;
        let givens = &puzzle.givens;
        let mut grids: Vec<(&'static str, Grid)> = Vec::new();
        let mut ones = [0u8; MAX_CELLS];
        ones[..cells].fill(1);
        grids.push(("a grid of one digit", ones));
        let mut constant = *givens;
        for cell in &mut constant[..cells] {
            if *cell == 0 {
                *cell = 1;
            }
        }
        grids.push(("givens kept, blanks a constant", constant));
        // Givens kept, each unit's missing digits filled in ascending order (a row, column or
        // box is then complete, but nothing was solved).
        for (name, first_unit) in [
            ("givens kept, rows filled in order", 0),
            ("givens kept, columns filled in order", n),
            ("givens kept, boxes filled in order", 2 * n),
        ] {
            let mut grid = *givens;
            for u in first_unit..first_unit + n {
                let unit = geo.unit(u);
                let present = unit
                    .iter()
                    .map(|&c| givens[c as usize])
                    .filter(|&d| d != 0)
                    .fold(0u16, |m, d| m | bit(d));
                let mut missing = (1..=n as u8).filter(|&d| present & bit(d) == 0);
                for &c in unit {
                    if grid[c as usize] == 0 {
                        grid[c as usize] = missing.next().unwrap_or(1);
                    }
                }
            }
            grids.push((name, grid));
        }
        grids.push(("givens only, blanks unfilled", *givens));
        // Valid-looking grids that break the givens.
        let mut changed = *solution;
        if let Some(c) = (0..cells).find(|&c| givens[c] != 0) {
            changed[c] = changed[c] % n as u8 + 1;
        }
        grids.push(("the solution with one given changed", changed));
        let mut shifted = *solution;
        for cell in &mut shifted[..cells] {
            *cell = *cell % n as u8 + 1;
        }
        grids.push(("the solution with every digit shifted", shifted));
        if geo.bh == geo.bw {
            let mut transposed = [0u8; MAX_CELLS];
            for r in 0..n {
                for k in 0..n {
                    transposed[k * n + r] = solution[r * n + k];
                }
            }
            grids.push(("the solution transposed", transposed));
        }
        grids.push(("the format example's grid", pattern_grid(geo)));
        // Every attempt is skipped if it happens to be the solution itself.
        let mut out: Vec<(&'static str, String)> = grids
            .iter()
            .filter(|(_, grid)| grid[..cells] != solution[..cells])
            .map(|(name, grid)| (*name, render_rows(geo, grid)))
            .collect();
        let mut prompt_grid = String::new();
        render_grid(geo, givens, &mut prompt_grid);
        out.push(("the givens copied from the prompt", prompt_grid));
        // Digits out of range for the size (read as unfilled cells).
        if n < 9 {
            let nines: String = render_rows(geo, givens).replace('.', "9");
            out.push(("givens kept, blanks an out-of-range digit", nines));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid_from(text: &str) -> Grid {
        let mut grid = [0; MAX_CELLS];
        for (cell, ch) in grid
            .iter_mut()
            .zip(text.chars().filter(|c| c.is_ascii_digit() || *c == '.'))
        {
            *cell = if ch == '.' { 0 } else { ch as u8 - b'0' };
        }
        grid
    }

    fn generate(knobs: &SudokuKnobs, seed: u64) -> Generated<SudokuPuzzle> {
        Sudoku::generate(knobs, &mut ItemRng::from_u64(seed)).expect("generates")
    }

    #[test]
    fn geometry_tables_are_consistent() {
        for geo in [&GEO4, &GEO6, &GEO9] {
            assert_eq!(geo.npeers, 2 * (geo.n - 1) + geo.n - geo.bh - geo.bw + 1);
            for u in 0..3 * geo.n {
                let mut cells: Vec<u8> = geo.unit(u).to_vec();
                cells.sort_unstable();
                cells.dedup();
                assert_eq!(cells.len(), geo.n);
            }
            assert!(is_valid_solution(geo, &pattern_grid(geo)));
        }
    }

    #[test]
    fn solution_check_rejects_every_single_cell_change() {
        for geo in [&GEO4, &GEO6, &GEO9] {
            let grid = pattern_grid(geo);
            for c in 0..geo.cells {
                for d in 0..=9 {
                    if d == grid[c] {
                        continue;
                    }
                    let mut changed = grid;
                    changed[c] = d;
                    assert!(!is_valid_solution(geo, &changed), "cell {c} set to {d}");
                }
            }
            // Two digits swapped in a row keep the row but break two columns.
            let mut swapped = grid;
            swapped.swap(0, 1);
            assert!(!is_valid_solution(geo, &swapped));
        }
    }

    #[test]
    fn solver_counts_two_solutions_and_all_4x4_grids() {
        // A deadly rectangle (1/3 vs 3/1) blanked from a solved 4×4 grid.
        let grid = grid_from("1 2 3 4 3 4 1 2 2 1 4 3 4 3 2 1");
        let mut puzzle = grid;
        for c in [0, 2, 4, 6] {
            puzzle[c] = 0;
        }
        assert_eq!(count_solutions(&GEO4, &puzzle, 10), 2);
        assert_eq!(count_solutions(&GEO4, &puzzle, 1), 1);
        assert_eq!(count_solutions(&GEO4, &[0; MAX_CELLS], 1000), 288);
        // A 9×9 grid with one deadly rectangle blanked has exactly two solutions.
        let full = random_full_grid(&GEO9, &mut ItemRng::from_u64(3));
        let mut found = false;
        'search: for r1 in 0..9 {
            for r2 in r1 + 1..9 {
                if r1 / 3 != r2 / 3 {
                    continue;
                }
                for c1 in 0..9 {
                    for c2 in c1 + 1..9 {
                        let (a, b) = (full[r1 * 9 + c1], full[r1 * 9 + c2]);
                        if c1 / 3 != c2 / 3 && full[r2 * 9 + c1] == b && full[r2 * 9 + c2] == a {
                            let mut p = full;
                            for c in [r1 * 9 + c1, r1 * 9 + c2, r2 * 9 + c1, r2 * 9 + c2] {
                                p[c] = 0;
                            }
                            assert_eq!(count_solutions(&GEO9, &p, 10), 2);
                            found = true;
                            break 'search;
                        }
                    }
                }
            }
        }
        assert!(found, "no deadly rectangle in the test grid");
        // A classic puzzle has exactly one solution, and clashing givens none.
        let classic = grid_from(
            "53..7.... 6..195... .98....6. 8...6...3 4..8.3..1 7...2...6 .6....28. ...419..5 ....8..79",
        );
        assert_eq!(count_solutions(&GEO9, &classic, 2), 1);
        let mut clash = classic;
        clash[2] = 5;
        assert_eq!(count_solutions(&GEO9, &clash, 2), 0);
    }

    #[test]
    fn random_full_grids_are_valid_and_varied() {
        let mut rng = ItemRng::from_u64(11);
        let a = random_full_grid(&GEO9, &mut rng);
        let b = random_full_grid(&GEO9, &mut rng);
        assert!(is_valid_solution(&GEO9, &a) && is_valid_solution(&GEO9, &b));
        assert_ne!(a, b);
        for geo in [&GEO4, &GEO6] {
            assert!(is_valid_solution(geo, &random_full_grid(geo, &mut rng)));
        }
    }

    /// The techniques on hand-made candidate states.
    fn blank_logic(geo: &'static Geometry) -> Logic<'static> {
        let mut logic = Logic::new(geo, &[0; MAX_CELLS], None);
        logic.cand[..geo.cells].fill(geo.full);
        logic
    }

    #[test]
    fn naked_and_hidden_pairs_eliminate() {
        let mut logic = blank_logic(&GEO9);
        // Row 0: cells 0 and 1 hold only {1, 2}.
        logic.cand[0] = 0b11;
        logic.cand[1] = 0b11;
        let pos = logic.positions();
        assert!(logic.subsets(&pos));
        assert!((2..9).all(|c| logic.cand[c].trailing_zeros() >= 2));
        assert_eq!(logic.counts[Technique::NakedPair as usize], 1);
        // Column 0 of a fresh grid: digits 8 and 9 only in rows 3 and 4.
        let mut logic = blank_logic(&GEO9);
        for r in 0..9 {
            if r != 3 && r != 4 {
                logic.cand[r * 9] &= !(0b11 << 7);
            }
        }
        let pos = logic.positions();
        assert!(logic.subsets(&pos));
        assert_eq!(logic.cand[27], 0b11 << 7);
        assert_eq!(logic.cand[36], 0b11 << 7);
        assert_eq!(logic.counts[Technique::HiddenPair as usize], 1);
        assert_eq!(logic.counts[Technique::NakedPair as usize], 0);
    }

    #[test]
    fn pointing_box_line_and_x_wing_eliminate() {
        let mut logic = blank_logic(&GEO9);
        // Digit 1 in box 0 only on row 0.
        for c in [9, 10, 11, 18, 19, 20] {
            logic.cand[c] &= !1;
        }
        let pos = logic.positions();
        assert!(logic.pointing(&pos));
        assert!((3..9).all(|c| logic.cand[c] & 1 == 0));
        let mut logic = blank_logic(&GEO9);
        // Digit 1 in row 0 only in box 0.
        for c in 3..9 {
            logic.cand[c] &= !1;
        }
        let pos = logic.positions();
        assert!(!logic.pointing(&pos));
        assert!(logic.box_line(&pos));
        assert!([9, 10, 11, 18, 19, 20]
            .iter()
            .all(|&c| logic.cand[c] & 1 == 0));
        // Digit 1 in rows 1 and 5 only in columns 2 and 7.
        let mut logic = blank_logic(&GEO9);
        for r in [1, 5] {
            for k in 0..9 {
                if k != 2 && k != 7 {
                    logic.cand[r * 9 + k] &= !1;
                }
            }
        }
        let pos = logic.positions();
        assert!(logic.fish(&pos, 2));
        for r in 0..9 {
            let expect = r == 1 || r == 5;
            assert_eq!(logic.cand[r * 9 + 2] & 1 != 0, expect);
            assert_eq!(logic.cand[r * 9 + 7] & 1 != 0, expect);
        }
        assert_eq!(logic.counts[Technique::XWing as usize], 1);
    }

    #[test]
    fn grader_needs_pairs_on_a_pairs_puzzle() {
        // SudokuWiki's naked-pair example: singles stall, pairs finish it.
        let grid = grid_from(
            "4.....938 .32.941.. .953..24. 37.6.9..4 529..1673 6.47.3.9. 957..83.. ..39..4.. 24..3.7.9",
        );
        assert_eq!(count_solutions(&GEO9, &grid, 2), 1);
        assert!(Logic::new(&GEO9, &grid, None).run(1).is_none());
        let report = Logic::new(&GEO9, &grid, None)
            .run(2)
            .expect("pairs suffice");
        assert_eq!(report.grade, 2);
        assert!(report.counts[Technique::Guess as usize] == 0);
    }

    #[test]
    fn grader_grades_singles_and_guesses() {
        let classic = grid_from(
            "53..7.... 6..195... .98....6. 8...6...3 4..8.3..1 7...2...6 .6....28. ...419..5 ....8..79",
        );
        let report = Logic::new(&GEO9, &classic, None).run(1).expect("singles");
        assert_eq!(report.grade, 1);
        assert_eq!(report.steps, 51);
        // An almost empty grid needs guessing.
        let full = random_full_grid(&GEO9, &mut ItemRng::from_u64(5));
        let mut sparse = [0; MAX_CELLS];
        sparse[0] = full[0];
        let report = grade_puzzle(&GEO9, &sparse, &full);
        assert_eq!(report.grade, 5);
        assert!(Logic::new(&GEO9, &sparse, None).run(4).is_none());
    }

    #[test]
    fn minimal_puzzles_are_minimal_and_unique() {
        let knobs = SudokuKnobs {
            symmetry: Symmetry::None,
            minimal: true,
            empty_cells: [1, 80],
            max_grade: 5,
            ..SudokuKnobs::default()
        };
        for seed in 0..3 {
            let g = generate(&knobs, seed);
            let p = &g.puzzle;
            assert_eq!(g.metadata["minimal"], Value::Bool(true));
            assert_eq!(count_solutions(&GEO9, &p.givens, 2), 1);
            for c in 0..81 {
                if p.givens[c] != 0 {
                    let mut less = p.givens;
                    less[c] = 0;
                    assert_eq!(count_solutions(&GEO9, &less, 2), 2, "clue {c} removable");
                }
            }
        }
    }

    #[test]
    fn grades_and_blank_counts_follow_the_knobs() {
        for (size, range, min, max) in [
            (4, [8, 10], 1, 1),
            (6, [16, 20], 1, 1),
            (9, [50, 55], 1, 1),
            (9, [40, 64], 2, 2),
            (9, [40, 64], 3, 3),
        ] {
            let knobs = SudokuKnobs {
                size,
                empty_cells: range,
                min_grade: min,
                max_grade: max,
                minimal: min > 1,
                symmetry: Symmetry::None,
                ..SudokuKnobs::default()
            };
            for seed in 0..5 {
                let g = generate(&knobs, seed);
                let level = g.metadata["grade_level"].as_u64().unwrap() as u8;
                assert!((min..=max).contains(&level));
                let empty = g.metadata["empty_cells"].as_u64().unwrap() as u16;
                assert!((range[0]..=range[1]).contains(&empty));
                assert_eq!(g.metadata["solutions"], Value::from(1));
                // Singles alone cannot solve a level that promises pairs.
                if min > 1 {
                    let geo = geometry(size);
                    assert!(Logic::new(geo, &g.puzzle.givens, None)
                        .run(min - 1)
                        .is_none());
                }
            }
        }
    }

    #[test]
    fn symmetric_patterns_are_symmetric() {
        for symmetry in [Symmetry::Rotational, Symmetry::Mirror] {
            let knobs = SudokuKnobs {
                symmetry,
                ..SudokuKnobs::default()
            };
            let p = generate(&knobs, 1).puzzle;
            for r in 0..9 {
                for k in 0..9 {
                    let other = match symmetry {
                        Symmetry::Rotational => (8 - r) * 9 + 8 - k,
                        _ => r * 9 + 8 - k,
                    };
                    assert_eq!(p.givens[r * 9 + k] == 0, p.givens[other] == 0);
                }
            }
        }
    }

    fn sample_puzzle() -> SudokuPuzzle {
        generate(&SudokuKnobs::default(), 7).puzzle
    }

    fn verify(puzzle: &SudokuPuzzle, text: &str) -> Result<Grade, ParseError> {
        Sudoku::parse_answer(puzzle, text).map(|a| Sudoku::grade(puzzle, &a))
    }

    #[test]
    fn parsing_is_lenient_on_form_and_strict_on_content() {
        let p = sample_puzzle();
        let rows = render_rows(p.geo(), &p.solution);
        let digits: String = rows.chars().filter(char::is_ascii_digit).collect();
        let mut boxed = String::new();
        render_grid(p.geo(), &p.solution, &mut boxed);
        let commas = rows.replace(' ', ", ").replace('\n', "],\n[");
        for text in [
            rows.clone(),
            digits.clone(),
            boxed,
            format!("[[{commas}]]"),
            format!("\n  {}  \n", rows.replace('\n', " \n ")),
        ] {
            assert_eq!(verify(&p, &text), Ok(Grade::CORRECT), "{text}");
        }
        let too_short = &digits[1..];
        assert!(verify(&p, too_short).is_err());
        assert!(verify(&p, &format!("{digits}{digits}")).is_err());
        assert!(verify(&p, &format!("{rows}\nrow 10")).is_err());
        let arabic = digits.replacen(&digits[..1], "٣", 1);
        assert!(verify(&p, &arabic).is_err());
        let wide = digits.replacen(&digits[..1], "１", 1);
        assert!(verify(&p, &wide).is_err());
        assert!(verify(&p, "").is_err());
    }

    #[test]
    fn grading_checks_rules_and_givens() {
        let p = sample_puzzle();
        let geo = p.geo();
        let open: Vec<usize> = (0..81).filter(|&c| p.givens[c] == 0).collect();
        let grade_of = |g: &Grid| verify(&p, &render_rows(geo, g)).unwrap();
        assert_eq!(grade_of(&p.solution), Grade::CORRECT);
        // Constant fill of the blanks: about nothing.
        for d in 1..=9 {
            let mut g = p.givens;
            for &c in &open {
                g[c] = d;
            }
            let grade = grade_of(&g);
            assert!(!grade.correct && grade.credit < 0.05, "{grade:?}");
        }
        // Copying the givens only.
        assert_eq!(grade_of(&p.givens).credit, 0.0);
        // Each row's missing digits in increasing order.
        let mut g = p.givens;
        for r in 0..9 {
            let present = (0..9).fold(0u16, |m, k| {
                let d = p.givens[r * 9 + k];
                if d == 0 {
                    m
                } else {
                    m | bit(d)
                }
            });
            let mut missing = (1..=9u8).filter(|&d| present & bit(d) == 0);
            for k in 0..9 {
                if g[r * 9 + k] == 0 {
                    g[r * 9 + k] = missing.next().unwrap();
                }
            }
        }
        assert!(grade_of(&g).credit < 0.3, "{:?}", grade_of(&g));
        // One wrong blank cell: high credit; a swap: less.
        let mut one = p.solution;
        let c = open[0];
        one[c] = one[c] % 9 + 1;
        let one_grade = grade_of(&one);
        assert!(
            !one_grade.correct && one_grade.credit > 0.75,
            "{one_grade:?}"
        );
        let a = open[0];
        let b = *open
            .iter()
            .find(|&&b| b != a && geo.row[b] == geo.row[a])
            .unwrap();
        let mut swapped = p.solution;
        swapped.swap(a, b);
        let swap_grade = grade_of(&swapped);
        assert!(
            !swap_grade.correct && swap_grade.credit < 0.95,
            "{swap_grade:?}"
        );
        // Swapping two givens (of different digits): nothing.
        let givens: Vec<usize> = (0..81).filter(|&c| p.givens[c] != 0).collect();
        let other = *givens[1..]
            .iter()
            .find(|&&c| p.solution[c] != p.solution[givens[0]])
            .unwrap();
        let mut swapped_givens = p.solution;
        swapped_givens.swap(givens[0], other);
        assert_eq!(grade_of(&swapped_givens), Grade::WRONG);
        // A changed given: nothing, even if the rest is right.
        let given = (0..81).find(|&c| p.givens[c] != 0).unwrap();
        let mut moved = p.solution;
        moved[given] = moved[given] % 9 + 1;
        assert_eq!(grade_of(&moved), Grade::WRONG);
        // Another valid grid that breaks no rule but not the givens.
        assert_eq!(grade_of(&pattern_grid(geo)), Grade::WRONG);
    }

    #[test]
    fn exploits_never_score_and_earn_no_partial_credit() {
        use crate::exploits::{grade_text, level_puzzles};
        let mut seen = std::collections::BTreeSet::new();
        for level in 1..=10 {
            let mut unit_fill = (0.0, 0u32);
            for p in level_puzzles::<Sudoku>(level, if level >= 7 { 8 } else { 40 }) {
                for (name, text) in Sudoku::exploits(&p) {
                    seen.insert(name);
                    let Some(grade) = grade_text::<Sudoku>(&p, &text) else {
                        continue;
                    };
                    assert!(!grade.correct, "level {level} {name}: {text}");
                    if name.ends_with("filled in order") {
                        // A unit's single missing digit is a real deduction, so these may
                        // earn a little on easy 4x4 puzzles, but not on average.
                        unit_fill.0 += grade.credit;
                        unit_fill.1 += 1;
                    } else {
                        assert_eq!(grade.credit, 0.0, "level {level} {name}: {text}");
                    }
                }
            }
            let mean = unit_fill.0 / f64::from(unit_fill.1.max(1));
            assert!(
                mean < 0.1,
                "level {level}: filling units in order averages {mean}"
            );
            if level > 1 {
                assert_eq!(
                    mean, 0.0,
                    "level {level}: filling units in order earns {mean}"
                );
            }
        }
        assert!(seen.len() >= 12, "{seen:?}");
    }

    #[test]
    fn the_format_example_is_never_the_solution() {
        // Random 4x4 grids hit the example grid about once in 288 draws...
        let geo = geometry(4);
        let mut rng = ItemRng::from_u64(9);
        let hits = (0..3000)
            .filter(|_| random_full_grid(geo, &mut rng)[..16] == pattern_grid(geo)[..16])
            .count();
        assert!(hits > 0, "the case under test never arises");
        // ...but generated puzzles never have it as their solution.
        for p in crate::exploits::level_puzzles::<Sudoku>(1, 3000) {
            assert_ne!(p.solution[..16], pattern_grid(geo)[..16]);
        }
    }

    #[test]
    fn payload_round_trips_and_rejects_bad_puzzles() {
        let p = sample_puzzle();
        let json = serde_json::to_string(&p).unwrap();
        let back: SudokuPuzzle = serde_json::from_str(&json).unwrap();
        assert_eq!(back.givens, p.givens);
        assert_eq!(back.solution, p.solution);
        assert_eq!(Sudoku::prompt(&back), Sudoku::prompt(&p));
        for bad in [
            r#"{"n":5,"g":"","s":""}"#,
            r#"{"n":4,"g":"....","s":"1234"}"#,
            r#"{"n":4,"g":"................","s":"1234123412341234"}"#,
            r#"{"n":4,"g":"2...............","s":"1234341221434321"}"#,
        ] {
            assert!(serde_json::from_str::<SudokuPuzzle>(bad).is_err(), "{bad}");
        }
        let ok = r#"{"n":4,"g":"1...............","s":"1234341221434321"}"#;
        assert!(serde_json::from_str::<SudokuPuzzle>(ok).is_ok());
        let solution = [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1];
        let mut givens = solution;
        givens[..6].fill(0);
        let p = SudokuPuzzle::new(4, &givens, &solution).unwrap();
        assert_eq!(Sudoku::count_solutions(&p, 5), Some(1));
        assert!(SudokuPuzzle::new(4, &solution, &givens).is_err());
    }

    #[test]
    fn knobs_are_checked() {
        let ok = SudokuKnobs::default();
        assert!(Sudoku::check_knobs(&ok).is_ok());
        let bad = [
            (
                "size",
                SudokuKnobs {
                    size: 5,
                    ..ok.clone()
                },
            ),
            (
                "empty_cells",
                SudokuKnobs {
                    empty_cells: [0, 10],
                    ..ok.clone()
                },
            ),
            (
                "empty_cells",
                SudokuKnobs {
                    empty_cells: [50, 40],
                    ..ok.clone()
                },
            ),
            (
                "empty_cells",
                SudokuKnobs {
                    size: 4,
                    empty_cells: [8, 16],
                    ..ok.clone()
                },
            ),
            (
                "min_grade",
                SudokuKnobs {
                    min_grade: 0,
                    ..ok.clone()
                },
            ),
            (
                "max_grade",
                SudokuKnobs {
                    min_grade: 3,
                    max_grade: 2,
                    ..ok.clone()
                },
            ),
            (
                "min_guesses",
                SudokuKnobs {
                    min_guesses: 1,
                    ..ok.clone()
                },
            ),
            (
                "max_guesses",
                SudokuKnobs {
                    max_grade: 5,
                    min_guesses: 2,
                    max_guesses: 1,
                    ..ok.clone()
                },
            ),
            (
                "max_attempts",
                SudokuKnobs {
                    max_attempts: 0,
                    ..ok.clone()
                },
            ),
        ];
        for (name, knobs) in bad {
            assert_eq!(Sudoku::check_knobs(&knobs).unwrap_err().knob, name);
        }
        // Unreachable constraints fail with an error instead of an easier puzzle.
        let impossible = SudokuKnobs {
            size: 4,
            empty_cells: [13, 15],
            max_attempts: 5,
            ..ok
        };
        assert!(Sudoku::generate(&impossible, &mut ItemRng::from_u64(1)).is_err());
    }

    #[test]
    fn prompt_shows_the_grid_and_the_format() {
        let p = generate(
            &SudokuKnobs {
                size: 6,
                empty_cells: [16, 20],
                ..SudokuKnobs::default()
            },
            2,
        )
        .puzzle;
        let prompt = Sudoku::prompt(&p);
        assert!(prompt.contains("6×6"));
        assert!(prompt.contains("------+------"));
        assert!(prompt.contains("<answer>\n1 2 3 4 5 6\n"));
        assert!(prompt.trim_end().ends_with("</answer>"));
    }

    #[test]
    fn median_difficulty_rises_with_level() {
        let mut medians = Vec::new();
        for level in 1..=10 {
            let generator = crate::Generator::new("sudoku", Some(level), &Value::Null).unwrap();
            let mut figures: Vec<f64> = generator
                .batch(5, 0, 24)
                .unwrap()
                .iter()
                .map(|item| {
                    let meta: Value = serde_json::from_str(&item.metadata).unwrap();
                    meta["difficulty"].as_f64().unwrap()
                })
                .collect();
            figures.sort_by(f64::total_cmp);
            medians.push(figures[figures.len() / 2]);
        }
        for pair in medians.windows(2) {
            assert!(pair[0] <= pair[1], "medians {medians:?}");
        }
        assert!(medians[0] < medians[9], "medians {medians:?}");
    }
}
