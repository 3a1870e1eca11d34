//! The grid, breadth-first search, the shortest-route counter and the route checker.

use std::collections::VecDeque;

use super::{MazePuzzle, Move, MAX_SIDE};

/// Distance of a cell that cannot be reached.
pub const UNREACHED: u32 = u32::MAX;
/// Shortest routes are counted up to this many in the metadata.
pub const COUNT_CAP: u64 = 1_000_000;

/// A maze grid: open cells, the start and the end (cells are `row * cols + col`).
#[derive(Debug, Clone)]
pub struct Grid {
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Whether each cell is open (floor, S or E).
    pub open: Vec<bool>,
    /// The start cell.
    pub start: usize,
    /// The end cell.
    pub end: usize,
}

/// What one breadth-first search found.
#[derive(Debug, Clone)]
pub struct Bfs {
    /// Moves from the source to each cell ([`UNREACHED`] if none).
    pub distance: Vec<u32>,
    /// Cells in the order they left the queue.
    pub order: Vec<usize>,
    /// Cells taken off the queue up to and including the end cell.
    pub expanded_to_end: u64,
}

impl Grid {
    /// The grid of a puzzle; `None` unless it is a rectangle over `#.SE` with one S and one E.
    pub fn of(puzzle: &MazePuzzle) -> Option<Self> {
        let rows = puzzle.grid.len();
        let cols = puzzle.grid.first()?.len();
        if rows == 0 || cols == 0 || rows > MAX_SIDE || cols > MAX_SIDE {
            return None;
        }
        let mut open = Vec::with_capacity(rows * cols);
        let (mut start, mut end) = (None, None);
        for line in &puzzle.grid {
            if line.len() != cols {
                return None;
            }
            for byte in line.bytes() {
                let cell = open.len();
                match byte {
                    b'#' => open.push(false),
                    b'.' => open.push(true),
                    b'S' if start.is_none() => {
                        start = Some(cell);
                        open.push(true);
                    }
                    b'E' if end.is_none() => {
                        end = Some(cell);
                        open.push(true);
                    }
                    _ => return None,
                }
            }
        }
        Some(Self {
            rows,
            cols,
            open,
            start: start?,
            end: end?,
        })
    }

    /// The open cell one move away, if the move stays on the grid and off the walls.
    pub fn step(&self, cell: usize, mv: Move) -> Option<usize> {
        let (dr, dc) = mv.delta();
        let row = (cell / self.cols).checked_add_signed(dr)?;
        let col = (cell % self.cols).checked_add_signed(dc)?;
        if row >= self.rows || col >= self.cols {
            return None;
        }
        let next = row * self.cols + col;
        self.open[next].then_some(next)
    }

    /// Open neighbours of a cell, in [`Move::ALL`] order.
    pub fn neighbours(&self, cell: usize) -> impl Iterator<Item = (Move, usize)> + '_ {
        Move::ALL
            .into_iter()
            .filter_map(move |mv| self.step(cell, mv).map(|next| (mv, next)))
    }

    /// Breadth-first search from `source` over open cells.
    pub fn bfs(&self, source: usize) -> Bfs {
        let mut distance = vec![UNREACHED; self.open.len()];
        let mut order = Vec::new();
        let mut expanded_to_end = 0;
        let mut queue = VecDeque::from([source]);
        distance[source] = 0;
        while let Some(cell) = queue.pop_front() {
            order.push(cell);
            if cell == self.end {
                expanded_to_end = order.len() as u64;
            }
            for (_, next) in self.neighbours(cell) {
                if distance[next] == UNREACHED {
                    distance[next] = distance[cell] + 1;
                    queue.push_back(next);
                }
            }
        }
        Bfs {
            distance,
            order,
            expanded_to_end,
        }
    }

    /// A shortest route from S to E (moves tried in U, D, L, R order from E backwards), if E
    /// is reachable.
    pub fn shortest_route(&self) -> Option<Vec<Move>> {
        let from_end = self.bfs(self.end).distance;
        if from_end[self.start] == UNREACHED {
            return None;
        }
        let mut route = Vec::new();
        let mut at = self.start;
        while at != self.end {
            let (mv, next) = self
                .neighbours(at)
                .find(|&(_, next)| from_end[next] + 1 == from_end[at])?;
            route.push(mv);
            at = next;
        }
        Some(route)
    }

    /// Where a route ends if every move is legal (`None` at the first illegal move).
    pub fn follow(&self, route: &[Move]) -> Option<usize> {
        route
            .iter()
            .try_fold(self.start, |cell, &mv| self.step(cell, mv))
    }

    /// Whether `route` is legal, ends on E and is as short as a shortest route.
    pub fn is_shortest(&self, route: &[Move]) -> bool {
        let shortest = self.bfs(self.start).distance[self.end];
        shortest != UNREACHED
            && route.len() == shortest as usize
            && self.follow(route) == Some(self.end)
    }

    /// The number of shortest routes from S to E, up to `limit`, summed over the BFS layers.
    pub fn count_shortest(&self, limit: u64) -> u64 {
        let found = self.bfs(self.start);
        if found.distance[self.end] == UNREACHED {
            return 0;
        }
        let mut count = vec![0u64; self.open.len()];
        count[self.start] = 1;
        for &cell in &found.order {
            for (_, next) in self.neighbours(cell) {
                if found.distance[next] == found.distance[cell] + 1 {
                    count[next] = count[next].saturating_add(count[cell]).min(limit);
                }
            }
        }
        count[self.end].min(limit)
    }
}
