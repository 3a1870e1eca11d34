//! The generator of `shortest_path`: a random connected graph, the farthest end node, an
//! optional planted tie, and redraws while a weight-blind or greedy guess is optimal.

use serde_json::{Map, Value};

use super::knobs::{edge_count, ShortestPathKnobs};
use super::solve::{Graph, COUNT_CAP, UNREACHABLE};
use super::{PathPuzzle, Route};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Whole graphs drawn before generation gives up.
const ATTEMPTS: usize = 400;
/// Graphs redrawn because a guess is optimal; after this many such a graph is kept, flagged.
const GUESS_REDRAWS: usize = 100;
/// Tries at finding a place for a planted tie in one graph.
const TIE_TRIES: usize = 30;

/// Routes a guesser could give without weighing the graph, by name (each may be illegal).
pub fn guesses(graph: &Graph) -> Vec<(&'static str, Route)> {
    let mut out = Vec::new();
    if let Some(route) = graph.fewest_edges_route() {
        out.push(("a route with the fewest edges, weights ignored", route));
    }
    out.push(("always the cheapest edge to a new node", greedy(graph)));
    out.push((
        "the start and the end joined directly",
        vec![graph.start, graph.goal],
    ));
    out
}

/// From the start, always take the cheapest edge to a node not yet visited (stops at the end
/// or when stuck).
fn greedy(graph: &Graph) -> Route {
    let mut route = vec![graph.start];
    let mut visited = vec![false; graph.n];
    visited[graph.start] = true;
    let mut at = graph.start;
    while at != graph.goal {
        let next = (0..graph.n)
            .filter(|&v| !visited[v])
            .filter_map(|v| graph.weight(at, v).map(|w| (w, v)))
            .min();
        let Some((_, v)) = next else { break };
        visited[v] = true;
        route.push(v);
        at = v;
    }
    route
}

/// Draws one puzzle; see the task's module docs for the scheme.
pub(super) fn generate(
    knobs: &ShortestPathKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<PathPuzzle>, GenerateError> {
    let n = knobs.nodes as usize;
    let m = edge_count(knobs);
    // Drawn once, so that graphs where no tie fits are redrawn rather than left tieless; after
    // half the guess redraws the tie is given up (small graphs rarely fit one that beats the
    // guesses) rather than keep a guessable graph.
    let want_tie = rng.chance(knobs.ties);
    for attempt in 0..ATTEMPTS {
        let planted = want_tie && attempt < GUESS_REDRAWS / 2;
        let mut puzzle = draw(knobs, n, m, rng);
        if planted && !plant_tie(&mut puzzle, knobs, rng) {
            continue;
        }
        let Some(graph) = Graph::of(&puzzle) else {
            continue;
        };
        let found = graph.dijkstra(graph.start, false);
        let optimum = found.cost[graph.goal];
        if optimum == UNREACHABLE {
            continue;
        }
        let optimal_edges = found.hops[graph.goal];
        let fewest_edges = graph.fewest_edges().unwrap_or(0);
        let guessed: Vec<&str> = guesses(&graph)
            .into_iter()
            .filter(|(_, route)| graph.is_optimal(route))
            .map(|(name, _)| name)
            .collect();
        let fewest_edges_optimal = fewest_edges == optimal_edges;
        if (fewest_edges_optimal || !guessed.is_empty()) && attempt < GUESS_REDRAWS {
            continue;
        }
        let routes = graph.count_optimal(COUNT_CAP);
        if planted && routes < 2 {
            continue;
        }
        shuffle_edges(&mut puzzle, rng);
        let mut metadata = Map::new();
        metadata.insert(
            "dijkstra_relaxations".into(),
            Value::from(found.relaxations_to_goal),
        );
        metadata.insert("optimal_cost".into(), Value::from(optimum));
        metadata.insert("optimal_routes".into(), Value::from(routes));
        metadata.insert("optimal_routes_cap".into(), Value::from(COUNT_CAP));
        metadata.insert(
            "optimal_routes_at_least_cap".into(),
            Value::from(routes >= COUNT_CAP),
        );
        metadata.insert("optimal_edges".into(), Value::from(optimal_edges));
        metadata.insert("fewest_edges".into(), Value::from(fewest_edges));
        metadata.insert("edges".into(), Value::from(puzzle.edges.len()));
        metadata.insert("planted_tie".into(), Value::from(planted));
        metadata.insert(
            "fewest_edges_optimal".into(),
            Value::from(fewest_edges_optimal),
        );
        metadata.insert("guess_solves".into(), Value::from(!guessed.is_empty()));
        metadata.insert("redraws".into(), Value::from(attempt));
        return Ok(Generated {
            difficulty: found.relaxations_to_goal as f64,
            puzzle,
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no graph of {n} nodes and {m} edges whose cheapest route beats the weight-blind guesses \
         within {ATTEMPTS} attempts"
    )))
}

/// A random spanning tree rooted at the start (edges pointing away from it when directed),
/// random extra edges up to `m`, random weights, and the end drawn among the reachable nodes
/// whose cheapest route has the most edges.
fn draw(knobs: &ShortestPathKnobs, n: usize, m: usize, rng: &mut ItemRng) -> PathPuzzle {
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut present = vec![false; n * n];
    let mut edges: Vec<[u16; 3]> = Vec::with_capacity(m + 2);
    let mut add = |a: usize, b: usize, rng: &mut ItemRng, edges: &mut Vec<[u16; 3]>| {
        if a == b || present[a * n + b] {
            return;
        }
        present[a * n + b] = true;
        if !knobs.directed {
            present[b * n + a] = true;
        }
        let w = 1 + rng.index(knobs.max_weight as usize);
        edges.push([a as u16, b as u16, w as u16]);
    };
    for i in 1..n {
        let parent = order[rng.index(i)];
        add(parent, order[i], rng, &mut edges);
    }
    let mut draws = 0;
    while edges.len() < m && draws < m * 60 {
        draws += 1;
        let (a, b) = (rng.index(n), rng.index(n));
        add(a, b, rng, &mut edges);
    }
    let mut puzzle = PathPuzzle {
        nodes: n as u8,
        directed: knobs.directed,
        table: knobs.table,
        edges,
        start: order[0] as u8,
        goal: order[0] as u8,
    };
    if let Some(graph) = Graph::of(&puzzle) {
        let found = graph.dijkstra(graph.start, false);
        let reachable = |v: &usize| *v != graph.start && found.cost[*v] != UNREACHABLE;
        let most = (0..n).filter(reachable).map(|v| found.hops[v]).max();
        let far: Vec<usize> = (0..n)
            .filter(|v| reachable(v) && Some(found.hops[*v]) == most)
            .collect();
        if !far.is_empty() {
            puzzle.goal = far[rng.index(far.len())] as u8;
        }
    }
    puzzle
}

/// Adds a second optimal route: a node `w` off the oracle's route gets edges `p_i → w` and
/// `w → p_j` (j ≥ i + 2) whose weights add up to the route's cost from `p_i` to `p_j`, both
/// within the weight range. `false` if no such place was found.
fn plant_tie(puzzle: &mut PathPuzzle, knobs: &ShortestPathKnobs, rng: &mut ItemRng) -> bool {
    let Some(graph) = Graph::of(puzzle) else {
        return false;
    };
    let Some(route) = graph.optimal_route() else {
        return false;
    };
    let off_route: Vec<usize> = (0..graph.n).filter(|v| !route.contains(v)).collect();
    if route.len() < 3 || off_route.is_empty() {
        return false;
    }
    let absent = |a: usize, b: usize| graph.weight(a, b).is_none() && graph.weight(b, a).is_none();
    for _ in 0..TIE_TRIES {
        let i = rng.index(route.len() - 2);
        let j = i + 2 + rng.index(route.len() - i - 2);
        let Some(between) = graph.route_cost(&route[i..=j]) else {
            return false;
        };
        let max = u64::from(knobs.max_weight);
        if between < 2 || between > 2 * max {
            continue;
        }
        let w = off_route[rng.index(off_route.len())];
        let (pi, pj) = (route[i], route[j]);
        if !absent(pi, w) || !absent(w, pj) {
            continue;
        }
        // First weight in [max(1, between − max), min(max, between − 1)].
        let lo = 1.max(between.saturating_sub(max));
        let hi = max.min(between - 1);
        if lo > hi {
            continue;
        }
        let first = lo + rng.below(hi - lo + 1);
        puzzle.edges.push([pi as u16, w as u16, first as u16]);
        puzzle
            .edges
            .push([w as u16, pj as u16, (between - first) as u16]);
        return true;
    }
    false
}

/// Lists the edges in random order, two-way edges with their ends in random order.
fn shuffle_edges(puzzle: &mut PathPuzzle, rng: &mut ItemRng) {
    rng.shuffle(&mut puzzle.edges);
    if !puzzle.directed {
        for edge in &mut puzzle.edges {
            if rng.chance(0.5) {
                edge.swap(0, 1);
            }
        }
    }
}
