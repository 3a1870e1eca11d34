//! The generator of `maze`: a tree of one-cell corridors carved by randomized depth-first
//! search, extra openings for loops, then S and a far E; redraws while a guess is shortest.

use serde_json::{Map, Value};

use super::format::{parse_moves, FORMAT_EXAMPLE};
use super::knobs::MazeKnobs;
use super::solve::{Grid, COUNT_CAP, UNREACHED};
use super::{MazePuzzle, Move};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// Whole mazes drawn before generation gives up.
const ATTEMPTS: usize = 300;
/// Mazes redrawn because a guess is a shortest route; after this many one is kept, flagged.
const GUESS_REDRAWS: usize = 100;

/// Routes a guesser could give without solving the maze, by name (each may be illegal).
pub fn guesses(grid: &Grid) -> Vec<(&'static str, Vec<Move>)> {
    let (sr, sc) = (grid.start / grid.cols, grid.start % grid.cols);
    let (er, ec) = (grid.end / grid.cols, grid.end % grid.cols);
    let vertical = vec![if er < sr { Move::Up } else { Move::Down }; sr.abs_diff(er)];
    let horizontal = vec![if ec < sc { Move::Left } else { Move::Right }; sc.abs_diff(ec)];
    let mut out = vec![
        (
            "straight lines, across then down or up",
            [horizontal.clone(), vertical.clone()].concat(),
        ),
        (
            "straight lines, down or up then across",
            [vertical, horizontal].concat(),
        ),
        ("the right-hand wall follower", wall_follower(grid)),
    ];
    if let Ok(example) = parse_moves(FORMAT_EXAMPLE, 64) {
        out.push(("the format example", example));
    }
    out
}

/// Keeps a right hand on the wall from S until E (or a step budget) is reached.
fn wall_follower(grid: &Grid) -> Vec<Move> {
    // Facing order clockwise: up, right, down, left.
    const CLOCKWISE: [Move; 4] = [Move::Up, Move::Right, Move::Down, Move::Left];
    let mut facing = 0usize;
    let mut at = grid.start;
    let mut route = Vec::new();
    let budget = 4 * grid.open.len();
    while at != grid.end && route.len() < budget {
        // Right, straight, left, back.
        let Some((turn, next)) = [1usize, 0, 3, 2].into_iter().find_map(|turn| {
            let mv = CLOCKWISE[(facing + turn) % 4];
            grid.step(at, mv).map(|next| (turn, next))
        }) else {
            break;
        };
        facing = (facing + turn) % 4;
        route.push(CLOCKWISE[facing]);
        at = next;
    }
    route
}

/// Draws one maze; see the task's module docs for the scheme.
pub(super) fn generate(
    knobs: &MazeKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<MazePuzzle>, GenerateError> {
    let (rows, cols) = (knobs.rows as usize, knobs.cols as usize);
    for attempt in 0..ATTEMPTS {
        let mut open = carve(rows, cols, rng);
        let dead_ends = braid(&mut open, rows, cols, knobs.braid, rng);
        add_loops(&mut open, rows, cols, knobs.loops, knobs.doors, rng);
        let Some(grid) = place_ends(open, rows, cols, rng) else {
            continue;
        };
        let guessed: Vec<&str> = guesses(&grid)
            .into_iter()
            .filter(|(_, route)| grid.is_shortest(route))
            .map(|(name, _)| name)
            .collect();
        if !guessed.is_empty() && attempt < GUESS_REDRAWS {
            continue;
        }
        let found = grid.bfs(grid.start);
        let routes = grid.count_shortest(COUNT_CAP);
        let mut metadata = Map::new();
        metadata.insert("bfs_expanded".into(), Value::from(found.expanded_to_end));
        metadata.insert(
            "shortest_moves".into(),
            Value::from(found.distance[grid.end]),
        );
        metadata.insert("shortest_routes".into(), Value::from(routes));
        metadata.insert("shortest_routes_cap".into(), Value::from(COUNT_CAP));
        metadata.insert(
            "shortest_routes_at_least_cap".into(),
            Value::from(routes >= COUNT_CAP),
        );
        metadata.insert(
            "floor_cells".into(),
            Value::from(grid.open.iter().filter(|&&o| o).count()),
        );
        metadata.insert("dead_ends".into(), Value::from(dead_ends));
        metadata.insert("guess_solves".into(), Value::from(!guessed.is_empty()));
        metadata.insert("redraws".into(), Value::from(attempt));
        return Ok(Generated {
            difficulty: found.expanded_to_end as f64,
            puzzle: render(&grid),
            metadata,
        });
    }
    Err(GenerateError(format!(
        "no {rows}×{cols} maze with a far enough end that no guess solves within {ATTEMPTS} attempts"
    )))
}

/// The cell one move from `cell`, if on the grid (walls or not).
fn neighbour(rows: usize, cols: usize, cell: usize, mv: Move) -> Option<usize> {
    let (dr, dc) = mv.delta();
    let row = (cell / cols).checked_add_signed(dr)?;
    let col = (cell % cols).checked_add_signed(dc)?;
    (row < rows && col < cols).then_some(row * cols + col)
}

/// Whether `cell + a + b` (two moves) is off the grid or a wall.
fn wall_at(open: &[bool], rows: usize, cols: usize, cell: usize, moves: &[Move]) -> bool {
    let mut at = cell;
    for &mv in moves {
        match neighbour(rows, cols, at, mv) {
            Some(next) => at = next,
            None => return true,
        }
    }
    !open[at]
}

/// Randomized depth-first carving: a wall cell next to the current one becomes floor when the
/// cells around it (ahead, both sides, both diagonals ahead) are walls, so corridors stay one
/// cell wide and form a tree.
fn carve(rows: usize, cols: usize, rng: &mut ItemRng) -> Vec<bool> {
    let mut open = vec![false; rows * cols];
    let first = rng.index(rows * cols);
    open[first] = true;
    let mut stack = vec![first];
    while let Some(&cell) = stack.last() {
        let mut options = [Move::Up; 4];
        let mut count = 0;
        for mv in Move::ALL {
            let Some(next) = neighbour(rows, cols, cell, mv) else {
                continue;
            };
            let side = if matches!(mv, Move::Up | Move::Down) {
                [Move::Left, Move::Right]
            } else {
                [Move::Up, Move::Down]
            };
            let clear = !open[next]
                && wall_at(&open, rows, cols, next, &[mv])
                && wall_at(&open, rows, cols, next, &[side[0]])
                && wall_at(&open, rows, cols, next, &[side[1]])
                && wall_at(&open, rows, cols, next, &[mv, side[0]])
                && wall_at(&open, rows, cols, next, &[mv, side[1]]);
            if clear {
                options[count] = mv;
                count += 1;
            }
        }
        if count == 0 {
            stack.pop();
            continue;
        }
        let mv = options[rng.index(count)];
        if let Some(next) = neighbour(rows, cols, cell, mv) {
            open[next] = true;
            stack.push(next);
        }
    }
    open
}

fn open_neighbours(open: &[bool], rows: usize, cols: usize, cell: usize) -> usize {
    Move::ALL
        .into_iter()
        .filter(|&mv| neighbour(rows, cols, cell, mv).is_some_and(|n| open[n]))
        .count()
}

/// With probability `share` each dead end opens a wall cell that leads straight on to
/// another corridor. Returns the dead ends left.
fn braid(open: &mut [bool], rows: usize, cols: usize, share: f64, rng: &mut ItemRng) -> usize {
    for cell in 0..open.len() {
        if !open[cell] || open_neighbours(open, rows, cols, cell) != 1 || !rng.chance(share) {
            continue;
        }
        let mut doors = [0usize; 4];
        let mut count = 0;
        for mv in Move::ALL {
            let Some(wall) = neighbour(rows, cols, cell, mv) else {
                continue;
            };
            if !open[wall] && neighbour(rows, cols, wall, mv).is_some_and(|beyond| open[beyond]) {
                doors[count] = wall;
                count += 1;
            }
        }
        if count > 0 {
            open[doors[rng.index(count)]] = true;
        }
    }
    (0..open.len())
        .filter(|&cell| open[cell] && open_neighbours(open, rows, cols, cell) == 1)
        .count()
}

/// With probability `chance` each wall cell with floor on two opposite sides is opened, and
/// with probability `doors` each with floor on two sides at a corner (decided in one sweep,
/// so the draws stay in grid order).
fn add_loops(
    open: &mut [bool],
    rows: usize,
    cols: usize,
    chance: f64,
    doors: f64,
    rng: &mut ItemRng,
) {
    if chance <= 0.0 && doors <= 0.0 {
        return;
    }
    for cell in 0..open.len() {
        if open[cell] {
            continue;
        }
        let floor = |mv| neighbour(rows, cols, cell, mv).is_some_and(|n| open[n]);
        let between =
            (floor(Move::Up) && floor(Move::Down)) || (floor(Move::Left) && floor(Move::Right));
        let touching = Move::ALL.into_iter().filter(|&mv| floor(mv)).count();
        if between {
            if rng.chance(chance) {
                open[cell] = true;
            }
        } else if touching >= 2 && rng.chance(doors) {
            open[cell] = true;
        }
    }
}

/// S on a random floor cell, E among the floor cells at least half the farthest
/// distance from S; `None` when the farthest cell is closer than the grid's shorter side.
fn place_ends(open: Vec<bool>, rows: usize, cols: usize, rng: &mut ItemRng) -> Option<Grid> {
    let floor: Vec<usize> = (0..open.len()).filter(|&c| open[c]).collect();
    if floor.len() < 2 {
        return None;
    }
    let start = floor[rng.index(floor.len())];
    let mut grid = Grid {
        rows,
        cols,
        open,
        start,
        end: start,
    };
    let distance = grid.bfs(start).distance;
    let farthest = floor
        .iter()
        .map(|&c| distance[c])
        .filter(|&d| d != UNREACHED)
        .max()?;
    if (farthest as usize) < rows.min(cols) - 1 {
        return None;
    }
    let far: Vec<usize> = floor
        .into_iter()
        .filter(|&c| distance[c] != UNREACHED && 2 * distance[c] >= farthest)
        .collect();
    grid.end = far[rng.index(far.len())];
    Some(grid)
}

/// The grid as rows of `#`, `.`, `S` and `E`.
fn render(grid: &Grid) -> MazePuzzle {
    let rows = (0..grid.rows)
        .map(|r| {
            (0..grid.cols)
                .map(|c| {
                    let cell = r * grid.cols + c;
                    if cell == grid.start {
                        'S'
                    } else if cell == grid.end {
                        'E'
                    } else if grid.open[cell] {
                        '.'
                    } else {
                        '#'
                    }
                })
                .collect()
        })
        .collect();
    MazePuzzle { grid: rows }
}
