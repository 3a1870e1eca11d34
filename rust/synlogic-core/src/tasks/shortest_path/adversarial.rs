//! Near-miss wrong answers and named exploits of `shortest_path`.

use super::format::render;
use super::generate::guesses;
use super::solve::{route_to, Graph, UNREACHABLE};
use super::{PathPuzzle, Route};
use crate::rng::ItemRng;

/// A legal route that costs more than the optimum: the cheapest route through a node that no
/// optimal route visits (drawn at random), if there is one.
pub fn dearer_route(graph: &Graph, rng: &mut ItemRng) -> Option<Route> {
    let from_start = graph.dijkstra(graph.start, false);
    let to_goal = graph.dijkstra(graph.goal, true);
    let optimum = from_start.cost[graph.goal];
    let detours: Vec<usize> = (0..graph.n)
        .filter(|&w| {
            let (a, b) = (from_start.cost[w], to_goal.cost[w]);
            a != UNREACHABLE && b != UNREACHABLE && a + b > optimum
        })
        .collect();
    if detours.is_empty() {
        return None;
    }
    let w = detours[rng.index(detours.len())];
    let mut route = route_to(&from_start, graph.start, w)?;
    // Reverse Dijkstra's `previous` links lead from each node towards the end.
    let mut v = w;
    while v != graph.goal {
        v = to_goal.previous[v];
        route.push(v);
        if route.len() > 2 * graph.n {
            return None;
        }
    }
    Some(route)
}

/// Near misses: legal but dearer routes, and routes of the optimal cost that break a rule.
pub(super) fn wrong_answers(puzzle: &PathPuzzle, rng: &mut ItemRng) -> Vec<String> {
    let Some(graph) = Graph::of(puzzle) else {
        return vec![String::new()];
    };
    let Some(oracle) = graph.optimal_route() else {
        return vec![String::new()];
    };
    let mut out: Vec<Route> = Vec::new();
    // Legal, not optimal.
    if let Some(route) = dearer_route(&graph, rng) {
        out.push(route);
    }
    if let Some(route) = graph.fewest_edges_route() {
        out.push(route);
    }
    // The optimal cost, one rule broken: the route walked from the end (wrong ends, and
    // one-way edges taken backwards when directed).
    out.push(oracle.iter().rev().copied().collect());
    // A step along a missing edge: one inner node skipped.
    if oracle.len() > 2 {
        let mut skipped = oracle.clone();
        skipped.remove(1 + rng.index(oracle.len() - 2));
        out.push(skipped);
    }
    // The right steps from the wrong first node: the start dropped.
    out.push(oracle[1..].to_vec());
    out.into_iter()
        .filter(|route| !graph.is_optimal(route))
        .map(|route| render(&route))
        .collect()
}

/// Named attempts that must score 0; the guesses are listed only where they are not optimal
/// (generation redraws graphs they solve, so that is almost everywhere).
pub(super) fn exploits(puzzle: &PathPuzzle) -> Vec<(&'static str, String)> {
    let Some(graph) = Graph::of(puzzle) else {
        return Vec::new();
    };
    let oracle = graph.optimal_route().unwrap_or_default();
    let text = render(&oracle);
    let mut out: Vec<(&'static str, String)> = guesses(&graph)
        .into_iter()
        .filter(|(_, route)| !graph.is_optimal(route))
        .map(|(name, route)| (name, render(&route)))
        .collect();
    let every: Vec<usize> = (0..graph.n).collect();
    if !graph.is_optimal(&every) {
        out.push(("every node in name order", render(&every)));
    }
    let reversed: Route = oracle.iter().rev().copied().collect();
    out.push(("the optimal route walked backwards", render(&reversed)));
    out.push(("the optimal route twice", format!("{text}, {text}")));
    let cost = graph.dijkstra(graph.start, false).cost[graph.goal];
    out.push(("the optimal cost instead of a route", cost.to_string()));
    let numbers: Vec<String> = oracle.iter().map(|v| (v + 1).to_string()).collect();
    out.push(("node numbers instead of names", numbers.join(", ")));
    let names: Vec<String> = (0..graph.n).map(super::format::name).collect();
    out.push(("every node joined by 'or'", names.join(" or ")));
    out
}
