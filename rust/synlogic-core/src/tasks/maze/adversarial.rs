//! Near-miss wrong answers and named exploits of `maze`.

use super::format::render;
use super::generate::guesses;
use super::solve::Grid;
use super::{MazePuzzle, Move};
use crate::rng::ItemRng;

/// A legal route two moves longer than the shortest: a step into a side cell and back,
/// inserted at a random point of the shortest route where a side cell is open.
pub fn detour(grid: &Grid, route: &[Move], rng: &mut ItemRng) -> Option<Vec<Move>> {
    let mut cells = vec![grid.start];
    for &mv in route {
        cells.push(grid.step(*cells.last()?, mv)?);
    }
    let offset = rng.index(cells.len());
    (0..cells.len())
        .map(|i| (i + offset) % cells.len())
        .find_map(|i| {
            let (mv, _) = grid.neighbours(cells[i]).next()?;
            let mut longer = route[..i].to_vec();
            longer.extend([mv, mv.opposite()]);
            longer.extend_from_slice(&route[i..]);
            Some(longer)
        })
}

/// A route of the shortest length that breaks the rules: two neighbouring unlike moves
/// swapped where that walks into a wall (or off the grid).
pub fn swapped_into_wall(grid: &Grid, route: &[Move]) -> Option<Vec<Move>> {
    (0..route.len().saturating_sub(1)).find_map(|i| {
        if route[i] == route[i + 1] {
            return None;
        }
        let mut swapped = route.to_vec();
        swapped.swap(i, i + 1);
        grid.follow(&swapped).is_none().then_some(swapped)
    })
}

/// Near misses: legal but longer routes, and routes of the shortest length that break a rule.
pub(super) fn wrong_answers(puzzle: &MazePuzzle, rng: &mut ItemRng) -> Vec<String> {
    let Some(grid) = Grid::of(puzzle) else {
        return vec![String::new()];
    };
    let Some(route) = grid.shortest_route() else {
        return vec![String::new()];
    };
    let mut out: Vec<Vec<Move>> = Vec::new();
    if let Some(longer) = detour(&grid, &route, rng) {
        out.push(longer);
    }
    if let Some(illegal) = swapped_into_wall(&grid, &route) {
        out.push(illegal);
    }
    // The shortest length, one move turned: ends off E or walks into a wall.
    if !route.is_empty() {
        let mut turned = route.clone();
        let i = rng.index(route.len());
        turned[i] = Move::ALL
            [(Move::ALL.iter().position(|&m| m == route[i]).unwrap_or(0) + 1 + rng.index(3)) % 4];
        out.push(turned);
        // One move short of E.
        out.push(route[..route.len() - 1].to_vec());
    }
    out.into_iter()
        .filter(|moves| !moves.is_empty() && !grid.is_shortest(moves))
        .map(|moves| render(&moves))
        .collect()
}

/// Named attempts that must score 0; the guesses are listed only where they are not shortest
/// routes (generation redraws mazes they solve, so that is almost everywhere).
pub(super) fn exploits(puzzle: &MazePuzzle) -> Vec<(&'static str, String)> {
    let Some(grid) = Grid::of(puzzle) else {
        return Vec::new();
    };
    let route = grid.shortest_route().unwrap_or_default();
    let text = render(&route);
    let mut out: Vec<(&'static str, String)> = guesses(&grid)
        .into_iter()
        .filter(|(_, moves)| !moves.is_empty() && !grid.is_shortest(moves))
        .map(|(name, moves)| (name, render(&moves)))
        .collect();
    let back: Vec<Move> = route.iter().rev().map(|mv| mv.opposite()).collect();
    out.push(("the route from E back to S", render(&back)));
    let reordered: Vec<Move> = route.iter().rev().copied().collect();
    if !grid.is_shortest(&reordered) {
        out.push(("the moves in reverse order", render(&reordered)));
    }
    out.push(("the route twice", format!("{text} {text}")));
    out.push(("every direction once", "U D L R".to_string()));
    out.push((
        "the shortest length of one repeated move",
        render(&vec![Move::Right; route.len()]),
    ));
    out.push((
        "the number of moves instead of the moves",
        route.len().to_string(),
    ));
    out.push((
        "every direction joined by 'or'",
        "up or down or left or right".into(),
    ));
    out.retain(|(_, answer)| {
        super::format::parse(puzzle, answer).map_or(true, |moves| !grid.is_shortest(&moves))
    });
    out
}
