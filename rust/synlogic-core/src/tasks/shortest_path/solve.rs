//! The weight table, Dijkstra's algorithm, the optimal-route counter and the grader.

use super::{PathPuzzle, Route, MAX_NODES};
use crate::task::Grade;

/// Distance of an unreachable node.
pub const UNREACHABLE: u64 = u64::MAX;
/// Optimal routes are counted up to this many in the metadata.
pub const COUNT_CAP: u64 = 1_000_000;

/// A puzzle's graph as an N×N weight table (0: no edge), with its start and end.
#[derive(Debug, Clone)]
pub struct Graph {
    /// The number of nodes.
    pub n: usize,
    weights: Vec<u32>,
    /// The start node.
    pub start: usize,
    /// The end node.
    pub goal: usize,
}

/// What one run of Dijkstra's algorithm found.
#[derive(Debug, Clone)]
pub struct Distances {
    /// The cheapest cost from the source to each node ([`UNREACHABLE`] if none).
    pub cost: Vec<u64>,
    /// The fewest edges among the cheapest routes to each node.
    pub hops: Vec<u32>,
    /// The predecessor on a cheapest route with the fewest edges (lowest node number first).
    pub previous: Vec<usize>,
    /// Edges examined from settled nodes until the end node was settled.
    pub relaxations_to_goal: u64,
}

impl Graph {
    /// The graph of a puzzle; `None` if a node number is out of range.
    pub fn of(puzzle: &PathPuzzle) -> Option<Self> {
        let n = usize::from(puzzle.nodes);
        let (start, goal) = (usize::from(puzzle.start), usize::from(puzzle.goal));
        if n == 0 || n > MAX_NODES || start >= n || goal >= n {
            return None;
        }
        let mut weights = vec![0u32; n * n];
        for &[a, b, w] in &puzzle.edges {
            let (a, b) = (usize::from(a), usize::from(b));
            if a >= n || b >= n || a == b || w == 0 {
                return None;
            }
            weights[a * n + b] = u32::from(w);
            if !puzzle.directed {
                weights[b * n + a] = u32::from(w);
            }
        }
        Some(Self {
            n,
            weights,
            start,
            goal,
        })
    }

    /// The weight of the edge `from → to`, if there is one.
    pub fn weight(&self, from: usize, to: usize) -> Option<u32> {
        if from >= self.n || to >= self.n {
            return None;
        }
        match self.weights[from * self.n + to] {
            0 => None,
            w => Some(w),
        }
    }

    /// Dijkstra's algorithm from `source` (O(N²) over the table); `reverse` follows edges
    /// backwards, giving the cheapest cost from each node to `source`.
    pub fn dijkstra(&self, source: usize, reverse: bool) -> Distances {
        let n = self.n;
        let mut cost = vec![UNREACHABLE; n];
        let mut hops = vec![u32::MAX; n];
        let mut previous = vec![usize::MAX; n];
        let mut settled = vec![false; n];
        let mut relaxations = 0u64;
        let mut relaxations_to_goal = 0u64;
        if source < n {
            cost[source] = 0;
            hops[source] = 0;
        }
        loop {
            let next = (0..n)
                .filter(|&v| !settled[v] && cost[v] != UNREACHABLE)
                .min_by_key(|&v| (cost[v], hops[v], v));
            let Some(u) = next else { break };
            settled[u] = true;
            if u == self.goal {
                relaxations_to_goal = relaxations;
            }
            for v in 0..n {
                let edge = if reverse {
                    self.weight(v, u)
                } else {
                    self.weight(u, v)
                };
                let Some(w) = edge else { continue };
                relaxations += 1;
                let candidate = (cost[u] + u64::from(w), hops[u] + 1);
                if !settled[v] && candidate < (cost[v], hops[v]) {
                    (cost[v], hops[v]) = candidate;
                    previous[v] = u;
                }
            }
        }
        Distances {
            cost,
            hops,
            previous,
            relaxations_to_goal,
        }
    }

    /// A cheapest route from the start to the end with the fewest edges, if the end is
    /// reachable.
    pub fn optimal_route(&self) -> Option<Route> {
        let found = self.dijkstra(self.start, false);
        route_to(&found, self.start, self.goal)
    }

    /// The cost of a route if every step follows an edge (`None` otherwise).
    pub fn route_cost(&self, route: &[usize]) -> Option<u64> {
        route
            .windows(2)
            .map(|step| self.weight(step[0], step[1]).map(u64::from))
            .sum()
    }

    /// Whether `route` runs from the start to the end along edges at the minimal cost.
    pub fn is_optimal(&self, route: &[usize]) -> bool {
        let optimum = self.dijkstra(self.start, false).cost[self.goal];
        route.first() == Some(&self.start)
            && route.last() == Some(&self.goal)
            && optimum != UNREACHABLE
            && self.route_cost(route) == Some(optimum)
    }

    /// The number of cheapest routes from the start to the end, up to `limit`: a count over
    /// the shortest-path DAG in order of cost (every weight is positive, so the order is
    /// topological).
    pub fn count_optimal(&self, limit: u64) -> u64 {
        let cost = self.dijkstra(self.start, false).cost;
        if cost[self.goal] == UNREACHABLE {
            return 0;
        }
        let mut order: Vec<usize> = (0..self.n).filter(|&v| cost[v] != UNREACHABLE).collect();
        order.sort_by_key(|&v| cost[v]);
        let mut count = vec![0u64; self.n];
        count[self.start] = 1;
        for &v in &order {
            for u in 0..self.n {
                if let Some(w) = self.weight(u, v) {
                    if cost[u] != UNREACHABLE && cost[u] + u64::from(w) == cost[v] {
                        count[v] = count[v].saturating_add(count[u]).min(limit);
                    }
                }
            }
        }
        count[self.goal].min(limit)
    }

    /// The fewest edges of any route from the start to the end (breadth-first search).
    pub fn fewest_edges(&self) -> Option<u32> {
        self.fewest_edges_route()
            .map(|route| route.len() as u32 - 1)
    }

    /// A route with the fewest edges, ignoring weights (lowest node numbers first).
    pub fn fewest_edges_route(&self) -> Option<Route> {
        let n = self.n;
        let mut previous = vec![usize::MAX; n];
        let mut seen = vec![false; n];
        let mut queue = std::collections::VecDeque::from([self.start]);
        seen[self.start] = true;
        while let Some(u) = queue.pop_front() {
            if u == self.goal {
                let mut route = vec![u];
                let mut v = u;
                while v != self.start {
                    v = previous[v];
                    route.push(v);
                }
                route.reverse();
                return Some(route);
            }
            for v in 0..n {
                if !seen[v] && self.weight(u, v).is_some() {
                    seen[v] = true;
                    previous[v] = u;
                    queue.push_back(v);
                }
            }
        }
        None
    }
}

/// The route to `target` along `previous` links from `source`.
pub fn route_to(found: &Distances, source: usize, target: usize) -> Option<Route> {
    if found.cost.get(target).copied().unwrap_or(UNREACHABLE) == UNREACHABLE {
        return None;
    }
    let mut route = vec![target];
    let mut v = target;
    while v != source {
        v = *found.previous.get(v)?;
        route.push(v);
        if route.len() > found.cost.len() {
            return None;
        }
    }
    route.reverse();
    Some(route)
}

/// The oracle: a cheapest route with the fewest edges (empty if the end is unreachable,
/// which generation never produces).
pub(super) fn solve(puzzle: &PathPuzzle) -> Route {
    Graph::of(puzzle)
        .and_then(|graph| graph.optimal_route())
        .unwrap_or_default()
}

/// All or nothing: a route from the start to the end along edges at the minimal cost.
pub(super) fn grade(puzzle: &PathPuzzle, route: &Route) -> Grade {
    if Graph::of(puzzle).is_some_and(|graph| graph.is_optimal(route)) {
        Grade::CORRECT
    } else {
        Grade::WRONG
    }
}
