//! The constrained-order solver: a depth-first search for one valid order (its effort is the
//! difficulty figure) and a memoized count of valid orders over the placed sets.

use std::collections::{HashMap, HashSet};

use super::{PositionRule, TopoPuzzle, MAX_NODES};

/// Candidate examinations after which the order search gives up (never reached by generated
/// puzzles, whose windows make the search nearly backtrack-free).
pub const SEARCH_TRY_CAP: u64 = 2_000_000;
/// Valid orders are counted up to this many.
pub const COUNT_CAP: u64 = 1_000_000;
/// Distinct placed sets the counter may visit before it stops with no exact figure.
pub const COUNT_STATE_BUDGET: usize = 50_000;

/// The dependency graph with, per node, the window of positions (1-based) it can occupy in
/// any valid order: its own rules tightened by its ancestors and descendants.
#[derive(Debug, Clone)]
pub struct Graph {
    n: usize,
    /// Bit `u` of `preds[v]` is set when `u` must come before `v`.
    preds: Vec<u64>,
    earliest: Vec<usize>,
    latest: Vec<usize>,
    /// Whether any position rule exists (without rules every ready node extends to an order).
    has_rules: bool,
}

impl Graph {
    /// Builds the graph of a puzzle; `None` if it has a cycle or out-of-range parts.
    pub fn new(n: usize, dependencies: &[[u16; 2]], rules: &[PositionRule]) -> Option<Self> {
        if n == 0 || n > MAX_NODES {
            return None;
        }
        let mut preds = vec![0u64; n];
        let mut succs = vec![0u64; n];
        for &[before, after] in dependencies {
            let (b, a) = (usize::from(before), usize::from(after));
            if b >= n || a >= n || a == b {
                return None;
            }
            preds[a] |= 1 << b;
            succs[b] |= 1 << a;
        }
        let topo = topological_order(&preds)?;
        // Transitive closure along the order: ancestors forwards, descendants backwards.
        let mut ancestors = vec![0u64; n];
        for &v in &topo {
            ancestors[v] = bits(preds[v]).fold(preds[v], |acc, u| acc | ancestors[u]);
        }
        let mut descendants = vec![0u64; n];
        for &v in topo.iter().rev() {
            descendants[v] = bits(succs[v]).fold(succs[v], |acc, w| acc | descendants[w]);
        }
        let mut earliest: Vec<usize> = ancestors
            .iter()
            .map(|a| a.count_ones() as usize + 1)
            .collect();
        let mut latest: Vec<usize> = descendants
            .iter()
            .map(|d| n - d.count_ones() as usize)
            .collect();
        for rule in rules {
            let node = usize::from(rule.node());
            if node >= n {
                return None;
            }
            let (lo, hi) = rule.window(n);
            earliest[node] = earliest[node].max(lo);
            latest[node] = latest[node].min(hi);
        }
        for &v in &topo {
            for u in bits(preds[v]) {
                earliest[v] = earliest[v].max(earliest[u] + 1);
            }
        }
        for &v in topo.iter().rev() {
            for w in bits(succs[v]) {
                latest[v] = latest[v].min(latest[w].saturating_sub(1));
            }
        }
        Some(Self {
            n,
            preds,
            earliest,
            latest,
            has_rules: !rules.is_empty(),
        })
    }

    /// Builds the graph of a stored puzzle.
    pub fn of(puzzle: &TopoPuzzle) -> Option<Self> {
        Self::new(puzzle.names.len(), &puzzle.dependencies, &puzzle.rules)
    }

    /// The window `(earliest, latest)` of positions `node` can take.
    pub fn window(&self, node: usize) -> (usize, usize) {
        (self.earliest[node], self.latest[node])
    }

    /// Whether `x` may take position `position` after the set `placed`, and the rest can still
    /// meet every window (a counting check on deadlines and release positions).
    fn may_place(&self, placed: u64, x: usize, position: usize) -> bool {
        if self.preds[x] & !placed != 0 || self.earliest[x] > position || self.latest[x] < position
        {
            return false;
        }
        !self.has_rules || self.rest_fits(placed | (1 << x), position + 1)
    }

    /// Whether the unplaced nodes can fill positions `first..=n` as far as their windows
    /// alone tell: no more nodes due by position `t` than positions up to `t`, and no more
    /// nodes released at or after `t` than positions from `t` on.
    fn rest_fits(&self, placed: u64, first: usize) -> bool {
        let n = self.n;
        let mut due = [0u8; MAX_NODES + 2];
        let mut released = [0u8; MAX_NODES + 2];
        for y in (0..n).filter(|&y| placed & (1 << y) == 0) {
            if self.latest[y] < first {
                return false;
            }
            due[self.latest[y]] += 1;
            released[self.earliest[y].max(first)] += 1;
        }
        let mut count = 0usize;
        for (t, &d) in due.iter().enumerate().take(n + 1).skip(first) {
            count += usize::from(d);
            if count > t + 1 - first {
                return false;
            }
        }
        count = 0;
        for t in (first..=n).rev() {
            count += usize::from(released[t]);
            if count > n + 1 - t {
                return false;
            }
        }
        true
    }

    fn full(&self) -> u64 {
        if self.n == 64 {
            u64::MAX
        } else {
            (1u64 << self.n) - 1
        }
    }
}

/// The outcome of the order search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchReport {
    /// The first valid order found (nodes in listing order are tried first), if any.
    pub order: Option<Vec<usize>>,
    /// Candidate nodes examined: the difficulty figure.
    pub tries: u64,
    /// Whether the search stopped at [`SEARCH_TRY_CAP`].
    pub capped: bool,
}

/// Depth-first search for a valid order: at each position, the unplaced nodes are examined in
/// listing order; a node is placed if its dependencies are placed, the position is in its
/// window and the rest still fits. Placed sets that led nowhere are remembered.
pub fn find_order(graph: &Graph) -> SearchReport {
    let mut search = Search {
        graph,
        tries: 0,
        capped: false,
        dead: HashSet::new(),
        order: Vec::with_capacity(graph.n),
    };
    let found = search.run(0);
    SearchReport {
        order: found.then_some(search.order),
        tries: search.tries,
        capped: search.capped,
    }
}

struct Search<'g> {
    graph: &'g Graph,
    tries: u64,
    capped: bool,
    dead: HashSet<u64>,
    order: Vec<usize>,
}

impl Search<'_> {
    fn run(&mut self, placed: u64) -> bool {
        let position = self.order.len() + 1;
        if position > self.graph.n {
            return true;
        }
        for x in 0..self.graph.n {
            if placed & (1 << x) != 0 {
                continue;
            }
            self.tries += 1;
            if self.tries > SEARCH_TRY_CAP {
                self.capped = true;
                return false;
            }
            let next = placed | (1 << x);
            if self.dead.contains(&next) || !self.graph.may_place(placed, x, position) {
                continue;
            }
            self.order.push(x);
            if self.run(next) {
                return true;
            }
            self.order.pop();
            if self.capped {
                return false;
            }
            self.dead.insert(next);
        }
        false
    }
}

/// The number of valid orders: `Some(count)` with `count` exact below [`COUNT_CAP`] and equal
/// to the cap when there are at least that many; `None` if the state budget ran out first.
pub fn count_orders(graph: &Graph) -> Option<u64> {
    let mut counter = Counter {
        graph,
        memo: HashMap::new(),
        reached_cap: false,
        out_of_budget: false,
    };
    let total = counter.count(0, 1);
    if counter.reached_cap {
        Some(COUNT_CAP)
    } else if counter.out_of_budget {
        None
    } else {
        Some(total.min(COUNT_CAP))
    }
}

struct Counter<'g> {
    graph: &'g Graph,
    memo: HashMap<u64, u64>,
    reached_cap: bool,
    out_of_budget: bool,
}

impl Counter<'_> {
    /// Orders completing `placed` (whose size is `position - 1`). Any sub-count is a lower
    /// bound of the whole count, so reaching the cap anywhere settles it.
    fn count(&mut self, placed: u64, position: usize) -> u64 {
        if placed == self.graph.full() {
            return 1;
        }
        if let Some(&known) = self.memo.get(&placed) {
            return known;
        }
        if self.memo.len() >= COUNT_STATE_BUDGET {
            self.out_of_budget = true;
            return 0;
        }
        let mut total = 0u64;
        for x in 0..self.graph.n {
            if placed & (1 << x) != 0 || !self.graph.may_place(placed, x, position) {
                continue;
            }
            total = total.saturating_add(self.count(placed | (1 << x), position + 1));
            if total >= COUNT_CAP {
                self.reached_cap = true;
            }
            if self.reached_cap || self.out_of_budget {
                return total;
            }
        }
        self.memo.insert(placed, total);
        total
    }
}

/// The nodes of a mask, lowest first.
fn bits(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        if mask == 0 {
            return None;
        }
        let bit = mask.trailing_zeros() as usize;
        mask &= mask - 1;
        Some(bit)
    })
}

/// Kahn's algorithm over predecessor masks; `None` if there is a cycle.
fn topological_order(preds: &[u64]) -> Option<Vec<usize>> {
    let n = preds.len();
    let mut placed = 0u64;
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = (0..n).find(|&v| placed & (1 << v) == 0 && preds[v] & !placed == 0)?;
        placed |= 1 << next;
        order.push(next);
    }
    Some(order)
}

/// The longest chain of dependencies, counted in nodes (1 for a graph with no edges).
pub fn depth(n: usize, dependencies: &[[u16; 2]]) -> usize {
    let mut preds = vec![0u64; n];
    for &[b, a] in dependencies {
        if usize::from(a) < n && usize::from(b) < n {
            preds[usize::from(a)] |= 1 << b;
        }
    }
    let Some(topo) = topological_order(&preds) else {
        return 0;
    };
    let mut chain = vec![1usize; n];
    for &v in &topo {
        chain[v] = bits(preds[v]).map(|u| chain[u] + 1).max().unwrap_or(1);
    }
    chain.into_iter().max().unwrap_or(0)
}
