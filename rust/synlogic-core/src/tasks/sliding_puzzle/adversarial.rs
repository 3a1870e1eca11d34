//! Near-miss wrong answers and named exploits of `sliding_puzzle`.

use super::{SlidingPuzzle, SlidingPuzzleSpec};
use crate::kit::moves::{render_moves, Move};
use crate::rng::ItemRng;
use crate::task::Task;

/// Each move named by the direction the tile moves instead of the blank.
fn tile_directions(moves: &[Move]) -> Vec<Move> {
    moves.iter().map(|mv| mv.opposite()).collect()
}

/// Near misses: a legal but longer solution, and sequences of the optimal length that break a
/// rule (a move off the board) or miss the goal.
pub(super) fn wrong_answers(puzzle: &SlidingPuzzleSpec, rng: &mut ItemRng) -> Vec<String> {
    let oracle = SlidingPuzzle::solve(puzzle);
    let mut out: Vec<Vec<Move>> = Vec::new();
    // Legal, two moves too many: a move and its undo inserted where the first is legal.
    let offset = rng.index(oracle.len() + 1);
    for i in (0..=oracle.len()).map(|i| (i + offset) % (oracle.len() + 1)) {
        let mv = Move::ALL[rng.index(4)];
        let mut longer = oracle[..i].to_vec();
        longer.extend([mv, mv.opposite()]);
        longer.extend_from_slice(&oracle[i..]);
        let mut board = puzzle.board(&puzzle.start);
        if board.apply(&longer) {
            out.push(longer);
            break;
        }
    }
    // The optimal length, two unlike neighbouring moves swapped.
    if let Some(i) = (0..oracle.len().saturating_sub(1)).find(|&i| oracle[i] != oracle[i + 1]) {
        let mut swapped = oracle.clone();
        swapped.swap(i, i + 1);
        out.push(swapped);
    }
    // The optimal length, tile directions instead of blank directions.
    out.push(tile_directions(&oracle));
    // One move short.
    if !oracle.is_empty() {
        out.push(oracle[..oracle.len() - 1].to_vec());
    }
    out.into_iter()
        .filter(|moves| !moves.is_empty() && !puzzle.accepts(moves))
        .map(|moves| render_moves(&moves))
        .collect()
}

/// Named attempts that must score 0 (each is checked against the puzzle before it is listed).
pub(super) fn exploits(puzzle: &SlidingPuzzleSpec) -> Vec<(&'static str, String)> {
    let oracle = SlidingPuzzle::solve(puzzle);
    let text = render_moves(&oracle);
    let back: Vec<Move> = oracle.iter().rev().map(|mv| mv.opposite()).collect();
    let candidates: Vec<(&'static str, Vec<Move>)> = vec![
        ("the solution undone (goal back to start)", back),
        (
            "tile directions instead of blank directions",
            tile_directions(&oracle),
        ),
        (
            "the moves in reverse order",
            oracle.iter().rev().copied().collect(),
        ),
        (
            "one move repeated the optimal number of times",
            vec![Move::Right; oracle.len()],
        ),
        ("every direction once", Move::ALL.to_vec()),
    ];
    let mut out: Vec<(&'static str, String)> = candidates
        .into_iter()
        .filter(|(_, moves)| !moves.is_empty() && !puzzle.accepts(moves))
        .map(|(name, moves)| (name, render_moves(&moves)))
        .collect();
    out.push(("the solution twice", format!("{text} {text}")));
    out.push((
        "the number of moves instead of the moves",
        oracle.len().to_string(),
    ));
    out.push((
        "tile numbers instead of directions",
        (1..=oracle.len().max(1))
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(" "),
    ));
    out.push((
        "every direction joined by 'or'",
        "up or down or left or right".into(),
    ));
    out
}
