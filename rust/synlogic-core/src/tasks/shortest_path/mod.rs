//! Shortest path: find a cheapest route between two nodes of a weighted graph.
//!
//! # Rules
//! The prompt gives a graph of N nodes named `A`, `B`, … (after `Z`: `AA`, `AB`, …), its
//! edges with positive whole-number weights, either as an edge list or as a weight table, and
//! says whether the edges are one-way (directed) or two-way. It names a start and an end node.
//! An answer is a sequence of nodes from the start to the end in which every step follows an
//! edge (in its direction, for a directed graph); its cost is the sum of the weights of the
//! edges it uses. **Any** route whose cost equals the minimum is correct and scores 1;
//! anything else (a step along a missing edge, a one-way edge taken backwards, a wrong first
//! or last node, a dearer route) scores 0. There is no partial credit.
//!
//! # Generation
//! A random spanning tree over the nodes (for a directed graph each tree edge gets a random
//! direction) plus distinct random pairs up to `round(nodes × edges_per_node)` edges, weights
//! uniform in `1..=max_weight`. The start is random; the end is drawn among the reachable
//! nodes whose cheapest route has the most edges. Dijkstra's algorithm computes the optimum;
//! the optimal routes are counted over the shortest-path DAG. With probability `ties`, a tie
//! is planted: a node off the route gets two new edges that bridge two route nodes at exactly
//! the route's cost between them, so a second optimal route exists. Graphs in which a route
//! with the fewest edges is already optimal (a weight-blind search would find it) are redrawn
//! up to 100 times, and so are graphs that a listed guess solves (after 50 such redraws a
//! wanted tie is given up); metadata flags
//! `fewest_edges_optimal` and `guess_solves` on the rare item kept anyway.
//!
//! # Knobs
//! `nodes` (5–48), `edges_per_node` (1.0–6.0; at most three quarters of all pairs, or of all ordered
//! pairs when directed), `max_weight` (2–99), `directed`, `table` (the weight table instead of
//! the edge list) and `ties` (0–1, the share of items with a planted tie).
//!
//! # Difficulty
//! `dijkstra_relaxations`: edges Dijkstra's algorithm examines from the settled nodes until the
//! end node is settled. Metadata also records `optimal_cost`, `optimal_routes` (routes of
//! minimal cost, counted over the shortest-path DAG up to 10^6, with
//! `optimal_routes_at_least_cap`), `optimal_edges` (the fewest edges of an optimal route),
//! `fewest_edges` (of any route), `edges`, `planted_tie` and `redraws`.
//!
//! # Answer format and verification
//! Node names from start to end inside `<answer>…</answer>`, e.g. `<answer>C, F, B</answer>`.
//! The parser takes names in any case separated by commas, semicolons, spaces, newlines,
//! arrows (`->`, `=>`, `→`) or dashes, inside brackets or quotes (a JSON list), after an
//! optional label (`Route:`) and inside an optional code fence; the words "node" and "then"
//! are skipped. Any other word (an unknown node, a cost), any other character, or more names
//! than 2N is a parse error. Verification reads at most 2N names from an answer of at most
//! 4 KiB, checks each step against an N×N weight table and compares the sum with the optimum,
//! recomputed from the payload by an O(N²) Dijkstra (`load_puzzle` bounds N at 64 and the
//! edges at N(N−1)); memory is O(N²).
//!
//! # Example (level 1, seed 0, index 0)
//! ```text
//! Find a cheapest route from node D to node B in this graph. Every edge can be used in both
//! directions, and has a weight; the cost of a route is the sum of the weights of the edges it
//! uses.
//!
//! Nodes: A, B, C, D, E
//! Edges (6; "X -- Y: w" joins X and Y with weight w):
//! - D -- C: 3
//! - E -- B: 4
//! - D -- A: 9
//! - D -- E: 9
//! - E -- C: 3
//! - A -- C: 2
//!
//! Give the route as the names of its nodes in order, from D to B, separated by commas. Any
//! route of minimal total cost is accepted. Answer inside <answer> and </answer> tags. Format
//! example (not a solution): <answer>first_node, next_node, last_node</answer>
//! ```
//! Oracle answer: `D, C, E, B` (cost 10). Any route of cost 10 scores 1, e.g. `d -> c -> e -> b`;
//! the route with the fewest edges, `D, E, B` (cost 13), scores 0, and so does `B, E, C, D`.

mod adversarial;
mod format;
mod generate;
mod knobs;
mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use knobs::ShortestPathKnobs;

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The most nodes a stored puzzle may have (the knob allows 48).
pub const MAX_NODES: usize = 64;
/// The largest edge weight a stored puzzle may have (the knob allows 99).
pub const MAX_WEIGHT: u32 = 999;

/// The `shortest_path` task.
pub struct ShortestPath;

/// One puzzle: the graph, the start and the end. Nodes are 0-based here, named `A`, `B`, … in
/// the prompt. The optimum and the oracle's route are recomputed from this by Dijkstra.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathPuzzle {
    /// The number of nodes.
    #[serde(rename = "n")]
    pub nodes: u8,
    /// Whether edges are one-way (`[from, to, weight]`) rather than two-way.
    #[serde(rename = "d")]
    pub directed: bool,
    /// Whether the prompt shows a weight table rather than an edge list.
    #[serde(rename = "t")]
    pub table: bool,
    /// The edges `[from, to, weight]` in prompt order.
    #[serde(rename = "e")]
    pub edges: Vec<[u16; 3]>,
    /// The start node.
    #[serde(rename = "s")]
    pub start: u8,
    /// The end node.
    #[serde(rename = "g")]
    pub goal: u8,
}

/// A parsed answer: the route's nodes, start first.
pub type Route = Vec<usize>;

impl Task for ShortestPath {
    const ID: &'static str = "shortest_path";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "dijkstra_relaxations";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 4 * 1024;

    type Knobs = ShortestPathKnobs;
    type Puzzle = PathPuzzle;
    type Answer = Route;

    fn check_knobs(knobs: &ShortestPathKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &ShortestPathKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<PathPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &PathPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &PathPuzzle) -> Route {
        solve::solve(puzzle)
    }

    fn render_answer(_puzzle: &PathPuzzle, answer: &Route) -> String {
        format::render(answer)
    }

    fn parse_answer(puzzle: &PathPuzzle, text: &str) -> Result<Route, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &PathPuzzle, answer: &Route) -> Grade {
        solve::grade(puzzle, answer)
    }

    /// The number of optimal routes, counted over the shortest-path DAG up to `limit`.
    fn count_solutions(puzzle: &PathPuzzle, limit: u64) -> Option<u64> {
        solve::Graph::of(puzzle).map(|graph| graph.count_optimal(limit))
    }

    fn wrong_answers(puzzle: &PathPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &PathPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<PathPuzzle, String> {
        format::load_puzzle(json)
    }
}
