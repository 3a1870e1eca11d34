//! Graph colouring: colour a graph's nodes with at most k colours so that neighbours differ.
//!
//! # Rules
//! The prompt gives nodes numbered 1 to N, the edges between them and k allowed colours
//! (named by colour words drawn from a palette of ten). An answer gives every node exactly
//! one allowed colour; it is correct when no edge joins two nodes of the same colour. **Any**
//! proper colouring scores 1; anything else (a node missing or coloured twice, a colour not
//! allowed, an edge with equal ends) scores 0, with no partial credit.
//!
//! # Generation
//! The k colour names are drawn from ten in random order, and each edge is written with its
//! ends in random order. A hidden colouring uses every one of the k colours (shuffled, the rest drawn at random);
//! edges are distinct random pairs of differently coloured nodes, `round(N × avg_degree / 2)`
//! of them, so the hidden colouring is proper (planted colourability); high `avg_degree`
//! approaches the threshold where k colours stop sufficing. Colourability is then proved by
//! the kit's constraint model ([`crate::kit::csp`]: one variable per node, `≠` per edge),
//! whose first solution is the oracle answer, checked by the verifier. Graphs that a guess
//! colours properly (every node the first colour, colours in turn by node number or backwards,
//! two halves) are redrawn up to 100 times; metadata flags `guess_solves` otherwise.
//!
//! # Knobs
//! `nodes` (5–48), `colors` (2–5) and `avg_degree` (0.5–12.0, at most half of all pairs).
//!
//! # Difficulty
//! `solver_propagations`: constraint propagations the model's deterministic search (domain
//! propagation to a fixpoint, branching on the smallest domain) spends to find its first
//! colouring. Metadata also records `solver_nodes`, `valid_colourings` (counted by the model up
//! to 10,000; `null` if its budget ran out), `edges` and `fewer_colours_suffice` (whether
//! k − 1 colours would do; `null` if unsettled within the budget).
//!
//! # Answer format and verification
//! One `node: colour` pair per node inside `<answer>…</answer>`, e.g.
//! `<answer>1: red, 2: blue, 3: red</answer>`. The parser takes pairs in any order and case,
//! with `:`, `=`, `-`, `->`, commas, semicolons, newlines, quotes and brackets between them
//! and an optional word "node" before a number; an unknown word, a colour not allowed, a
//! number outside 1..=N or with leading zeros, a node coloured twice, or a number or colour
//! without its partner is a parse error. Verification is one pass over the answer (≤ 8 KiB)
//! plus one over the edges.
//!
//! # Example
//! ```text
//! Colour the nodes of this graph so that the two ends of every edge get different colours.
//!
//! Nodes: 1 to 5
//! Colours you may use (at most 2): red, green
//! Edges (3):
//! - 1 -- 4
//! - 2 -- 4
//! - 5 -- 3
//! ...
//! ```
//! Any proper colouring scores 1, e.g. `1: red, 2: red, 3: red, 4: green, 5: green` or
//! `node 4 = GREEN; node 1 = red; ...`; colouring 1 and 4 alike scores 0.

mod adversarial;
mod format;
mod generate;
mod knobs;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

pub use knobs::GraphColoringKnobs;

/// The colour names a puzzle draws its palette from.
pub const COLOR_NAMES: [&str; 10] = [
    "red", "green", "blue", "yellow", "purple", "orange", "pink", "brown", "white", "grey",
];
/// The most nodes a stored puzzle may have.
pub const MAX_NODES: usize = 64;

/// A puzzle: everything the prompt and the verifier need. Nodes are 0-based here, 1-based in
/// the prompt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ColoringPuzzle {
    /// The number of nodes.
    #[serde(rename = "n")]
    pub nodes: u8,
    /// The number of allowed colours.
    #[serde(rename = "k")]
    pub colors: u8,
    /// The allowed colours, as indices into [`COLOR_NAMES`], in prompt order (`colors` of them).
    #[serde(rename = "p")]
    pub palette: Vec<u8>,
    /// The edges in prompt order.
    #[serde(rename = "e")]
    pub edges: Vec<[u8; 2]>,
    /// The model's colouring (the oracle answer), one colour index per node.
    #[serde(rename = "s")]
    pub solution: Vec<u8>,
}

/// The `graph_coloring` task.
pub struct GraphColoring;

/// Whether `colouring` (one colour index per node) is a proper colouring with allowed colours.
pub fn is_proper(puzzle: &ColoringPuzzle, colouring: &[u8]) -> bool {
    colouring.len() == usize::from(puzzle.nodes)
        && colouring.iter().all(|&c| c < puzzle.colors)
        && puzzle.edges.iter().all(|&[a, b]| {
            match (colouring.get(usize::from(a)), colouring.get(usize::from(b))) {
                (Some(x), Some(y)) => x != y,
                _ => false,
            }
        })
}

fn check_puzzle(puzzle: &ColoringPuzzle) -> Result<(), String> {
    let n = usize::from(puzzle.nodes);
    if !(2..=MAX_NODES).contains(&n) {
        return Err(format!("n: must be 2 to {MAX_NODES}"));
    }
    if !(1..=5).contains(&puzzle.colors) {
        return Err("k: must be 1 to 5".into());
    }
    if puzzle.palette.len() != usize::from(puzzle.colors)
        || puzzle
            .palette
            .iter()
            .enumerate()
            .any(|(i, &c)| usize::from(c) >= COLOR_NAMES.len() || puzzle.palette[..i].contains(&c))
    {
        return Err("p: must list k distinct colours".into());
    }
    if puzzle.edges.len() > n * (n - 1) / 2 {
        return Err("e: more edges than pairs of nodes".into());
    }
    if puzzle
        .edges
        .iter()
        .any(|&[a, b]| usize::from(a) >= n || usize::from(b) >= n || a == b)
    {
        return Err("e: an edge is not a pair of two nodes".into());
    }
    if puzzle.solution.len() > n || puzzle.solution.iter().any(|&c| c >= puzzle.colors) {
        return Err("s: not a colouring".into());
    }
    Ok(())
}

impl Task for GraphColoring {
    const ID: &'static str = "graph_coloring";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "solver_propagations";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 8 * 1024;

    type Knobs = GraphColoringKnobs;
    type Puzzle = ColoringPuzzle;
    type Answer = Vec<Option<u8>>;

    fn check_knobs(knobs: &GraphColoringKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &GraphColoringKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<ColoringPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &ColoringPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &ColoringPuzzle) -> Vec<Option<u8>> {
        puzzle.solution.iter().map(|&c| Some(c)).collect()
    }

    fn render_answer(puzzle: &ColoringPuzzle, answer: &Vec<Option<u8>>) -> String {
        let colouring: Vec<u8> = answer.iter().map(|c| c.unwrap_or(u8::MAX)).collect();
        format::render(puzzle, &colouring)
    }

    fn parse_answer(puzzle: &ColoringPuzzle, text: &str) -> Result<Vec<Option<u8>>, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &ColoringPuzzle, answer: &Vec<Option<u8>>) -> Grade {
        let colouring: Option<Vec<u8>> = answer.iter().copied().collect();
        if colouring.is_some_and(|c| is_proper(puzzle, &c)) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }
    /// Not counted here: many colourings are valid and every one is accepted; metadata records how many (valid_colourings).
    fn count_solutions(_puzzle: &Self::Puzzle, _limit: u64) -> Option<u64> {
        None
    }

    fn wrong_answers(puzzle: &ColoringPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &ColoringPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<ColoringPuzzle, String> {
        let puzzle: ColoringPuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
        check_puzzle(&puzzle)?;
        Ok(puzzle)
    }
}
