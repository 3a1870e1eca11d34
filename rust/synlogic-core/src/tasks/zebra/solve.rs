//! The bitmask solver that counts solutions.

use super::knobs::ClueType;
use super::puzzle::Clue;
use super::MAX_ENTITIES;

/// A binary relation between two entities, as the solver propagates it.
#[derive(Debug, Clone, Copy)]
struct Link {
    pub(super) kind: ClueType,
    pub(super) a: usize,
    pub(super) b: usize,
}

/// Work counters of one solver run.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct SolverStats {
    /// Search nodes (1 = solved by propagation at the root).
    pub(super) nodes: u64,
    /// Propagator runs.
    pub(super) propagations: u64,
}

/// The outcome of a counting run.
pub(super) struct Count {
    /// Solutions found up to the limit, or `None` if the node budget ran out.
    pub(super) solutions: Option<u64>,
    /// The first two solutions found, as singleton house masks.
    pub(super) found: Vec<[u16; MAX_ENTITIES]>,
    /// The work done.
    pub(super) stats: SolverStats,
}

/// A bitmask solver: per entity, the mask of houses it may still be in.
pub(super) struct Solver {
    n: usize,
    m: usize,
    full: u16,
    links: Vec<Link>,
    /// CSR watch lists: the links of entity `e` are `watch[watch_start[e]..watch_start[e + 1]]`.
    watch_start: Vec<usize>,
    watch: Vec<usize>,
    root: [u16; MAX_ENTITIES],
    root_ok: bool,
}

impl Solver {
    /// A solver for `n` houses, `m` attributes and these clues (indices must be in range).
    pub(super) fn new(n: usize, m: usize, clues: impl IntoIterator<Item = Clue>) -> Self {
        let full = ((1u32 << n) - 1) as u16;
        let entities = n * m;
        let mut root = [0u16; MAX_ENTITIES];
        root[..entities].fill(full);
        let mut root_ok = true;
        let mut links = Vec::new();
        for clue in clues {
            let p = clue.p as usize;
            let q = clue.q as usize;
            let in_range = p < entities
                && if clue.kind.is_unary() {
                    q < n
                } else {
                    q < entities
                };
            if !in_range {
                root_ok = false;
                continue;
            }
            match clue.kind {
                ClueType::FoundAt => root[p] &= 1 << q,
                ClueType::NotAt => root[p] &= !(1u16 << q),
                ClueType::RightOf => links.push(Link {
                    kind: ClueType::LeftOf,
                    a: q,
                    b: p,
                }),
                kind => links.push(Link { kind, a: p, b: q }),
            }
        }
        if root[..entities].contains(&0) {
            root_ok = false;
        }
        let mut watch_start = vec![0usize; entities + 1];
        for link in &links {
            watch_start[link.a + 1] += 1;
            watch_start[link.b + 1] += 1;
        }
        for e in 0..entities {
            watch_start[e + 1] += watch_start[e];
        }
        let mut fill = watch_start.clone();
        let mut watch = vec![0usize; watch_start[entities]];
        for (id, link) in links.iter().enumerate() {
            for e in [link.a, link.b] {
                watch[fill[e]] = id;
                fill[e] += 1;
            }
        }
        Self {
            n,
            m,
            full,
            links,
            watch_start,
            watch,
            root,
            root_ok,
        }
    }

    /// Counts solutions up to `limit`, giving up after `node_budget` search nodes.
    pub(super) fn count(&self, limit: u64, node_budget: u64) -> Count {
        let mut search = Search {
            solver: self,
            stack: Vec::with_capacity(self.links.len() + self.m),
            queued: vec![false; self.links.len() + self.m],
            stats: SolverStats::default(),
            count: 0,
            limit,
            found: Vec::new(),
            node_budget,
            aborted: false,
        };
        if self.root_ok && limit > 0 {
            let mut masks = self.root;
            for id in 0..self.links.len() + self.m {
                search.push(id);
            }
            if search.propagate(&mut masks) {
                search.search(&masks);
            } else {
                search.stats.nodes = 1;
            }
        }
        Count {
            solutions: (!search.aborted).then_some(search.count),
            found: search.found,
            stats: search.stats,
        }
    }
}

/// The mutable state of one counting run.
struct Search<'s> {
    pub(super) solver: &'s Solver,
    pub(super) stack: Vec<usize>,
    pub(super) queued: Vec<bool>,
    pub(super) stats: SolverStats,
    pub(super) count: u64,
    pub(super) limit: u64,
    pub(super) found: Vec<[u16; MAX_ENTITIES]>,
    pub(super) node_budget: u64,
    pub(super) aborted: bool,
}

impl Search<'_> {
    fn push(&mut self, id: usize) {
        if !self.queued[id] {
            self.queued[id] = true;
            self.stack.push(id);
        }
    }

    /// Queues every propagator watching entity `e`, except `skip`.
    fn notify(&mut self, e: usize, skip: usize) {
        let solver = self.solver;
        for &id in &solver.watch[solver.watch_start[e]..solver.watch_start[e + 1]] {
            if id != skip {
                self.push(id);
            }
        }
        let all_different = solver.links.len() + e / solver.n;
        if all_different != skip {
            self.push(all_different);
        }
    }

    /// Sets `masks[e] = new` (a subset of the old mask); false if it became empty.
    fn narrow(&mut self, masks: &mut [u16; MAX_ENTITIES], e: usize, new: u16, by: usize) -> bool {
        if new == 0 {
            return false;
        }
        if new != masks[e] {
            masks[e] = new;
            self.notify(e, by);
        }
        true
    }

    /// Runs queued propagators to a fixpoint; false on a contradiction.
    fn propagate(&mut self, masks: &mut [u16; MAX_ENTITIES]) -> bool {
        while let Some(id) = self.stack.pop() {
            self.queued[id] = false;
            self.stats.propagations += 1;
            let ok = if id < self.solver.links.len() {
                self.run_link(id, masks)
            } else {
                self.run_all_different(id, masks)
            };
            if !ok {
                for id in self.stack.drain(..) {
                    self.queued[id] = false;
                }
                return false;
            }
        }
        true
    }

    fn run_link(&mut self, id: usize, masks: &mut [u16; MAX_ENTITIES]) -> bool {
        let Link { kind, a, b } = self.solver.links[id];
        let full = self.solver.full;
        let ma = masks[a];
        let mb = masks[b];
        match kind {
            ClueType::SameHouse => {
                let both = ma & mb;
                self.narrow(masks, a, both, id) && self.narrow(masks, b, both, id)
            }
            ClueType::NotSameHouse => {
                if ma.is_power_of_two() && !self.narrow(masks, b, mb & !ma, id) {
                    return false;
                }
                let mb = masks[b];
                if mb.is_power_of_two() {
                    return self.narrow(masks, a, masks[a] & !mb, id);
                }
                true
            }
            ClueType::LeftOf => {
                // a < b: a below b's highest house, b above a's lowest house.
                let highest_b = mb.ilog2(); // masks in the search are never empty
                if !self.narrow(masks, a, ma & ((1u16 << highest_b) - 1), id) {
                    return false;
                }
                let lowest_a = masks[a].trailing_zeros();
                self.narrow(masks, b, mb & !((2u16 << lowest_a) - 1), id)
            }
            ClueType::DirectlyLeft => {
                if !self.narrow(masks, b, mb & (ma << 1) & full, id) {
                    return false;
                }
                let nb = masks[b];
                self.narrow(masks, a, ma & (nb >> 1), id)
            }
            ClueType::NextTo | ClueType::OneBetween | ClueType::TwoBetween => {
                let d = match kind {
                    ClueType::NextTo => 1,
                    ClueType::OneBetween => 2,
                    _ => 3,
                };
                if !self.narrow(masks, b, mb & ((ma << d) | (ma >> d)) & full, id) {
                    return false;
                }
                let nb = masks[b];
                self.narrow(masks, a, ma & ((nb << d) | (nb >> d)) & full, id)
            }
            // Unary clues are applied to the root masks; right_of is stored as left_of.
            ClueType::FoundAt | ClueType::NotAt | ClueType::RightOf => true,
        }
    }

    /// All-different over one attribute: naked singles and hidden singles, to a fixpoint.
    fn run_all_different(&mut self, id: usize, masks: &mut [u16; MAX_ENTITIES]) -> bool {
        let n = self.solver.n;
        let base = (id - self.solver.links.len()) * n;
        let full = self.solver.full;
        loop {
            let mut placed = 0u16;
            for &m in &masks[base..base + n] {
                if m.is_power_of_two() {
                    if placed & m != 0 {
                        return false;
                    }
                    placed |= m;
                }
            }
            let mut changed = false;
            let mut once = 0u16;
            let mut twice = 0u16;
            for e in base..base + n {
                let mut m = masks[e];
                if !m.is_power_of_two() {
                    let reduced = m & !placed;
                    if reduced != m {
                        if !self.narrow(masks, e, reduced, id) {
                            return false;
                        }
                        changed = true;
                        m = reduced;
                    }
                }
                twice |= once & m;
                once |= m;
            }
            if once != full {
                return false;
            }
            let hidden = once & !twice;
            for e in base..base + n {
                let m = masks[e];
                let only_here = m & hidden;
                if only_here != 0 && !m.is_power_of_two() {
                    if !only_here.is_power_of_two() {
                        return false;
                    }
                    self.narrow(masks, e, only_here, id);
                    changed = true;
                }
            }
            if !changed {
                return true;
            }
        }
    }

    fn search(&mut self, masks: &[u16; MAX_ENTITIES]) {
        self.stats.nodes += 1;
        let entities = self.solver.n * self.solver.m;
        if self.stats.nodes > self.node_budget {
            self.aborted = true;
            return;
        }
        // Smallest domain per constraint degree first: branching on entities tied to many
        // clues settles the constrained core before the free entities.
        let starts = &self.solver.watch_start;
        let mut best = usize::MAX;
        let mut best_size = 1u32;
        let mut best_weight = 1u32;
        for (e, &m) in masks[..entities].iter().enumerate() {
            let size = m.count_ones();
            if size > 1 {
                let weight = (starts[e + 1] - starts[e]) as u32 + 1;
                if best == usize::MAX || size * best_weight < best_size * weight {
                    best = e;
                    best_size = size;
                    best_weight = weight;
                }
            }
        }
        if best == usize::MAX {
            self.count += 1;
            if self.found.len() < 2 {
                self.found.push(*masks);
            }
            return;
        }
        let mut bits = masks[best];
        while bits != 0 {
            let bit = bits & bits.wrapping_neg();
            bits &= bits - 1;
            let mut child = *masks;
            child[best] = bit;
            self.notify(best, usize::MAX);
            if self.propagate(&mut child) {
                self.search(&child);
                if self.count >= self.limit || self.aborted {
                    return;
                }
            }
        }
    }
}

/// House positions of a solution given as singleton masks.
pub(super) fn positions_of(masks: &[u16; MAX_ENTITIES], entities: usize) -> Vec<u8> {
    masks[..entities]
        .iter()
        .map(|m| m.trailing_zeros() as u8)
        .collect()
}
