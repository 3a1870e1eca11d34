//! The board, the Manhattan + linear-conflict heuristic, IDA* (the optimum and the difficulty
//! figure), the optimal-solution counter and the move checker.

use crate::kit::moves::Move;

/// A board position: `cells[i]` is the tile at cell `i` (row-major), 0 for the blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    /// Side length.
    pub k: usize,
    /// The tiles, row by row.
    pub cells: Vec<u8>,
}

impl Board {
    /// The blank's cell.
    pub fn blank(&self) -> usize {
        self.cells.iter().position(|&t| t == 0).unwrap_or(0)
    }

    /// The cell the blank reaches by `mv` from `blank`, if on the board.
    pub fn target(&self, blank: usize, mv: Move) -> Option<usize> {
        let (dr, dc) = mv.delta();
        let row = (blank / self.k).checked_add_signed(dr)?;
        let col = (blank % self.k).checked_add_signed(dc)?;
        (row < self.k && col < self.k).then_some(row * self.k + col)
    }

    /// Applies moves in place; `false` (board left part-way) at the first illegal move.
    pub fn apply(&mut self, moves: &[Move]) -> bool {
        let mut blank = self.blank();
        for &mv in moves {
            let Some(next) = self.target(blank, mv) else {
                return false;
            };
            self.cells.swap(blank, next);
            blank = next;
        }
        true
    }
}

/// The heuristic's view of the goal: where each tile belongs.
#[derive(Debug, Clone)]
pub struct Goal {
    k: usize,
    /// `home[t]`: the cell of tile `t` in the goal.
    home: Vec<usize>,
    cells: Vec<u8>,
}

impl Goal {
    /// The goal of a goal board.
    pub fn new(goal: &Board) -> Self {
        let mut home = vec![0usize; goal.cells.len()];
        for (cell, &t) in goal.cells.iter().enumerate() {
            if let Some(slot) = home.get_mut(usize::from(t)) {
                *slot = cell;
            }
        }
        Self {
            k: goal.k,
            home,
            cells: goal.cells.clone(),
        }
    }

    /// Manhattan distance of one tile at `cell` from its home.
    fn distance(&self, tile: u8, cell: usize) -> u32 {
        let home = self.home[usize::from(tile)];
        ((home / self.k).abs_diff(cell / self.k) + (home % self.k).abs_diff(cell % self.k)) as u32
    }

    /// Manhattan distance summed over the tiles (the blank excluded).
    pub fn manhattan(&self, cells: &[u8]) -> u32 {
        cells
            .iter()
            .enumerate()
            .filter(|(_, &t)| t != 0)
            .map(|(cell, &t)| self.distance(t, cell))
            .sum()
    }

    /// Linear conflict: in each row (column), tiles at home in that line but in reversed
    /// order; two moves for each tile that must leave the line (fewest removals that leave no
    /// conflict), which keeps the sum with Manhattan admissible.
    pub fn linear_conflict(&self, cells: &[u8]) -> u32 {
        let k = self.k;
        let mut extra = 0;
        let mut line = [0usize; 8];
        for by_row in [true, false] {
            for i in 0..k {
                let mut n = 0;
                for j in 0..k {
                    let cell = if by_row { i * k + j } else { j * k + i };
                    let t = cells[cell];
                    if t == 0 {
                        continue;
                    }
                    let home = self.home[usize::from(t)];
                    let same_line = if by_row { home / k == i } else { home % k == i };
                    if same_line {
                        line[n] = if by_row { home % k } else { home / k };
                        n += 1;
                    }
                }
                extra += 2 * removals(&line[..n]);
            }
        }
        extra
    }

    /// The heuristic: Manhattan + linear conflict.
    pub fn heuristic(&self, cells: &[u8]) -> u32 {
        self.manhattan(cells) + self.linear_conflict(cells)
    }

    /// Whether a board is the goal.
    pub fn reached(&self, cells: &[u8]) -> bool {
        cells == self.cells.as_slice()
    }
}

/// The fewest entries to remove from `targets` (home positions in line order) so that the rest
/// are increasing: its length minus its longest increasing run.
fn removals(targets: &[usize]) -> u32 {
    let n = targets.len();
    let mut best = [1usize; 8];
    let mut longest = 0;
    for i in 0..n {
        for j in 0..i {
            if targets[j] < targets[i] {
                best[i] = best[i].max(best[j] + 1);
            }
        }
        longest = longest.max(best[i]);
    }
    (n - longest) as u32
}

/// What IDA* found.
#[derive(Debug, Clone)]
pub struct Solution {
    /// An optimal move sequence (`None` if the node budget or the depth limit ran out first).
    pub moves: Option<Vec<Move>>,
    /// Nodes expanded over all iterations.
    pub nodes: u64,
}

/// IDA* from `start` to `goal` with the Manhattan + linear-conflict heuristic, giving up past
/// `budget` expanded nodes or when the bound would exceed `max_depth`.
pub fn ida_star(start: &Board, goal: &Board, budget: u64, max_depth: u32) -> Solution {
    let goal = Goal::new(goal);
    let mut search = Search {
        goal: &goal,
        cells: start.cells.clone(),
        path: Vec::new(),
        nodes: 0,
        budget,
        board: Board {
            k: start.k,
            cells: Vec::new(),
        },
    };
    let mut bound = goal.heuristic(&start.cells);
    let blank = start.blank();
    loop {
        if bound > max_depth {
            return Solution {
                moves: None,
                nodes: search.nodes,
            };
        }
        match search.dfs(blank, 0, bound, None) {
            Step::Found => {
                return Solution {
                    moves: Some(search.path),
                    nodes: search.nodes,
                }
            }
            Step::OutOfBudget => {
                return Solution {
                    moves: None,
                    nodes: search.nodes,
                }
            }
            Step::Exceeded(next) => bound = next,
        }
    }
}

enum Step {
    Found,
    OutOfBudget,
    Exceeded(u32),
}

struct Search<'g> {
    goal: &'g Goal,
    cells: Vec<u8>,
    path: Vec<Move>,
    nodes: u64,
    budget: u64,
    /// Holds `k` for cell arithmetic.
    board: Board,
}

impl Search<'_> {
    fn dfs(&mut self, blank: usize, g: u32, bound: u32, last: Option<Move>) -> Step {
        let f = g + self.goal.heuristic(&self.cells);
        if f > bound {
            return Step::Exceeded(f);
        }
        if self.goal.reached(&self.cells) {
            return Step::Found;
        }
        self.nodes += 1;
        if self.nodes > self.budget {
            return Step::OutOfBudget;
        }
        let mut least = u32::MAX;
        for mv in Move::ALL {
            if last == Some(mv.opposite()) {
                continue;
            }
            let Some(next) = self.board.target(blank, mv) else {
                continue;
            };
            self.cells.swap(blank, next);
            self.path.push(mv);
            match self.dfs(next, g + 1, bound, Some(mv)) {
                Step::Found => return Step::Found,
                Step::OutOfBudget => return Step::OutOfBudget,
                Step::Exceeded(f) => least = least.min(f),
            }
            self.path.pop();
            self.cells.swap(blank, next);
        }
        Step::Exceeded(least)
    }
}

/// The number of optimal solutions of length `optimum`, up to `limit`: a depth-first search
/// bounded by `g + h ≤ optimum` (no optimal solution undoes a move). `None` past `budget`
/// expanded nodes.
pub fn count_optimal(
    start: &Board,
    goal: &Board,
    optimum: u32,
    limit: u64,
    budget: u64,
) -> Option<u64> {
    let goal_view = Goal::new(goal);
    let mut counter = Counter {
        goal: &goal_view,
        cells: start.cells.clone(),
        k: start.k,
        found: 0,
        limit,
        nodes: 0,
        budget,
    };
    counter.dfs(start.blank(), 0, optimum, None);
    (counter.nodes <= counter.budget).then_some(counter.found.min(limit))
}

struct Counter<'g> {
    goal: &'g Goal,
    cells: Vec<u8>,
    k: usize,
    found: u64,
    limit: u64,
    nodes: u64,
    budget: u64,
}

impl Counter<'_> {
    fn dfs(&mut self, blank: usize, g: u32, optimum: u32, last: Option<Move>) {
        if self.found >= self.limit || self.nodes > self.budget {
            return;
        }
        if g + self.goal.heuristic(&self.cells) > optimum {
            return;
        }
        if g == optimum {
            self.found += u64::from(self.goal.reached(&self.cells));
            return;
        }
        self.nodes += 1;
        let board = Board {
            k: self.k,
            cells: Vec::new(),
        };
        for mv in Move::ALL {
            if last == Some(mv.opposite()) {
                continue;
            }
            let Some(next) = board.target(blank, mv) else {
                continue;
            };
            self.cells.swap(blank, next);
            self.dfs(next, g + 1, optimum, Some(mv));
            self.cells.swap(blank, next);
        }
    }
}
