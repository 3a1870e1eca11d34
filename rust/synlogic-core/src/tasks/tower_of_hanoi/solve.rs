//! The exact optimum (a bidirectional breadth-first search over positions that also counts
//! shortest sequences) and the verifier (a replay of the answer's moves).

use std::cell::RefCell;

use super::{AnswerMove, HanoiPuzzle, Move, MAX_DISKS};

/// Shortest-sequence counts saturate here; metadata flags the cap.
pub const SEQUENCE_CAP: u64 = 1_000_000_000;

/// What the search found between two positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortest {
    /// The fewest moves.
    pub moves: u32,
    /// How many move sequences of that length there are (saturating at `u64::MAX`).
    pub sequences: u64,
    /// Positions the two searches reached together.
    pub positions: usize,
    /// One shortest sequence.
    pub path: Vec<Move>,
}

/// The fewest moves of the classic 4-peg tower (Frame–Stewart numbers, optimal by Bousch's
/// theorem): `min over k of 2·FS(k) + 2^(n−k) − 1`.
pub fn frame_stewart(disks: usize) -> u32 {
    let mut best = vec![0u32; disks + 1];
    for n in 1..=disks {
        best[n] = (0..n)
            .map(|k| 2 * best[k] + (1u32 << (n - k)) - 1)
            .min()
            .unwrap_or(0);
    }
    best[disks]
}

/// What one side of the search knows about one position, kept together so that a visit
/// touches one cache line.
#[derive(Clone, Copy, Default)]
struct Entry {
    /// The search this entry belongs to (another value means "not reached").
    stamp: u32,
    distance: u16,
    count: u64,
}

/// One side of the bidirectional search: entries indexed by position (4^10 at most),
/// reused across searches on the thread so that no search clears or allocates them.
#[derive(Default)]
struct Side {
    entries: Vec<Entry>,
    epoch: u32,
    len: usize,
}

impl Side {
    /// Makes room for `size` positions and forgets every reached one.
    fn reset(&mut self, size: usize) {
        if self.entries.len() < size {
            self.entries.resize(size, Entry::default());
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.entries.fill(Entry::default());
            self.epoch = 1;
        }
        self.len = 0;
    }

    #[inline]
    fn get(&self, key: u32) -> Option<&Entry> {
        let entry = &self.entries[key as usize];
        (entry.stamp == self.epoch).then_some(entry)
    }

    /// Records `count` sequences reaching `key` at `distance`; returns whether `key` was
    /// reached for the first time.
    #[inline]
    fn reach(&mut self, key: u32, distance: u16, count: u64) -> bool {
        let epoch = self.epoch;
        let entry = &mut self.entries[key as usize];
        if entry.stamp == epoch {
            if entry.distance == distance {
                entry.count = entry.count.saturating_add(count);
            }
            false
        } else {
            *entry = Entry {
                stamp: epoch,
                distance,
                count,
            };
            self.len += 1;
            true
        }
    }
}

#[derive(Default)]
struct Sides {
    forward: Side,
    backward: Side,
}

thread_local! {
    static SIDES: RefCell<Sides> = RefCell::new(Sides::default());
}

/// The index of a position: peg of disk `d` is digit `d` in base `P`.
fn encode<const P: usize>(position: &[u8]) -> u32 {
    position
        .iter()
        .rev()
        .fold(0u32, |acc, &peg| acc * P as u32 + u32::from(peg))
}

/// The moves from `state` and the positions they lead to; returns how many.
#[inline]
fn neighbours<const P: usize>(
    state: u32,
    disks: usize,
    powers: &[u32; MAX_DISKS],
    out: &mut [(u32, Move); 12],
) -> usize {
    let mut top = [u8::MAX; P];
    let mut found = 0;
    let mut rest = state;
    for d in 0..disks {
        let peg = (rest % P as u32) as usize;
        rest /= P as u32;
        if top[peg] == u8::MAX {
            top[peg] = d as u8;
            found += 1;
            if found == P {
                break;
            }
        }
    }
    let mut k = 0;
    for a in 0..P {
        let disk = top[a];
        if disk == u8::MAX {
            continue;
        }
        let step = powers[usize::from(disk)];
        for (b, &other) in top.iter().enumerate() {
            if a != b && other > disk {
                out[k] = (
                    state - step * a as u32 + step * b as u32,
                    [a as u8, b as u8],
                );
                k += 1;
            }
        }
    }
    k
}

/// Expands `frontier` one layer on `side`; returns the new layer.
fn expand<const P: usize>(
    side: &mut Side,
    frontier: &[u32],
    depth: u16,
    disks: usize,
    powers: &[u32; MAX_DISKS],
) -> Vec<u32> {
    let mut next = Vec::with_capacity(frontier.len() * 2);
    let mut out = [(0u32, [0u8; 2]); 12];
    for &u in frontier {
        let c = side.get(u).map_or(0, |slot| slot.count);
        let k = neighbours::<P>(u, disks, powers, &mut out);
        for &(v, _) in &out[..k] {
            if side.reach(v, depth + 1, c) {
                next.push(v);
            }
        }
    }
    next
}

/// Walks from `state` down to distance 0 on `side`, returning the moves in walking order.
fn walk_down<const P: usize>(
    side: &Side,
    mut state: u32,
    disks: usize,
    powers: &[u32; MAX_DISKS],
) -> Vec<Move> {
    let mut moves = Vec::new();
    let mut out = [(0u32, [0u8; 2]); 12];
    while let Some(here) = side.get(state).map(|slot| slot.distance).filter(|&d| d > 0) {
        let k = neighbours::<P>(state, disks, powers, &mut out);
        let Some(&(next, step)) = out[..k]
            .iter()
            .find(|(v, _)| side.get(*v).is_some_and(|slot| slot.distance + 1 == here))
        else {
            break; // unreachable: every reached position has a parent one layer closer
        };
        moves.push(step);
        state = next;
    }
    moves
}

fn search<const P: usize>(sides: &mut Sides, start: &[u8], goal: &[u8]) -> Shortest {
    let disks = start.len();
    let mut powers = [0u32; MAX_DISKS];
    let mut p = 1u32;
    for power in powers.iter_mut().take(disks) {
        *power = p;
        p *= P as u32;
    }
    let (s, g) = (encode::<P>(start), encode::<P>(goal));
    if s == g {
        return Shortest {
            moves: 0,
            sequences: 1,
            positions: 1,
            path: Vec::new(),
        };
    }
    let Sides { forward, backward } = sides;
    forward.reset(p as usize);
    backward.reset(p as usize);
    forward.reach(s, 0, 1);
    backward.reach(g, 0, 1);
    let (mut forward_layer, mut backward_layer) = (vec![s], vec![g]);
    let (mut forward_depth, mut backward_depth) = (0u16, 0u16);
    loop {
        let forward_turn = forward_layer.len() <= backward_layer.len();
        let (side, other, layer, depth) = if forward_turn {
            (
                &mut *forward,
                &*backward,
                &mut forward_layer,
                &mut forward_depth,
            )
        } else {
            (
                &mut *backward,
                &*forward,
                &mut backward_layer,
                &mut backward_depth,
            )
        };
        let next = expand::<P>(side, layer, *depth, disks, &powers);
        *depth += 1;
        let mut meeting = None;
        let mut sequences = 0u64;
        for &v in &next {
            if let Some(there) = other.get(v) {
                meeting.get_or_insert(v);
                let here = side.get(v).map_or(0, |slot| slot.count);
                sequences = sequences.saturating_add(here.saturating_mul(there.count));
            }
        }
        *layer = next;
        if let Some(m) = meeting {
            let mut path = walk_down::<P>(forward, m, disks, &powers);
            path.reverse();
            for step in &mut path {
                step.swap(0, 1);
            }
            path.extend(walk_down::<P>(backward, m, disks, &powers));
            return Shortest {
                moves: u32::from(forward_depth) + u32::from(backward_depth),
                sequences,
                positions: forward.len + backward.len,
                path,
            };
        }
        if layer.is_empty() {
            // Unreachable: the position graph is connected.
            return Shortest {
                moves: u32::MAX,
                sequences: 0,
                positions: forward.len + backward.len,
                path: Vec::new(),
            };
        }
    }
}

/// The exact optimum between two positions on `pegs` (3 or 4) pegs, the number of shortest
/// sequences and one of them. `None` outside the supported sizes.
pub fn shortest(pegs: usize, start: &[u8], goal: &[u8]) -> Option<Shortest> {
    if start.len() != goal.len()
        || start.is_empty()
        || start.len() > MAX_DISKS
        || start.iter().chain(goal).any(|&p| usize::from(p) >= pegs)
    {
        return None;
    }
    // A largest disk that starts where the goal wants it never moves in a shortest sequence
    // (it never blocks a smaller disk, so dropping its moves leaves a legal, shorter
    // sequence): search without it. Moves name pegs only, so the path stays valid.
    let mut disks = start.len();
    while disks > 1 && start[disks - 1] == goal[disks - 1] {
        disks -= 1;
    }
    let (start, goal) = (&start[..disks], &goal[..disks]);
    SIDES.with(|cell| {
        let mut sides = cell.borrow_mut();
        match pegs {
            3 => Some(search::<3>(&mut sides, start, goal)),
            4 => Some(search::<4>(&mut sides, start, goal)),
            _ => None,
        }
    })
}

/// On 4 pegs: the optimum when one peg that is empty at the start and in the goal is never
/// used (the best over such pegs), or `None` when every peg holds a disk at some end.
pub fn three_peg_moves(pegs: usize, start: &[u8], goal: &[u8]) -> Option<u32> {
    if pegs != 4 {
        return None;
    }
    (0..4u8)
        .filter(|&unused| !start.contains(&unused) && !goal.contains(&unused))
        .filter_map(|unused| {
            let map = |p: &u8| if *p > unused { *p - 1 } else { *p };
            let s: Vec<u8> = start.iter().map(map).collect();
            let g: Vec<u8> = goal.iter().map(map).collect();
            shortest(3, &s, &g).map(|found| found.moves)
        })
        .min()
}

/// Replays `moves` from the start; returns the final position, or `None` at the first
/// illegal move (a peg outside the puzzle, the same peg twice, an empty peg, a disk onto a
/// smaller one, or a named disk that is not the one moved).
pub fn replay(puzzle: &HanoiPuzzle, moves: &[AnswerMove]) -> Option<Vec<u8>> {
    let pegs = puzzle.peg_count();
    let mut position = puzzle.start.clone();
    let mut stacks: Vec<Vec<u8>> = vec![Vec::new(); pegs];
    for disk in (0..position.len()).rev() {
        stacks
            .get_mut(usize::from(position[disk]))?
            .push(disk as u8);
    }
    for step in moves {
        let (from, to) = (usize::from(step.from), usize::from(step.to));
        if from == to || from >= pegs || to >= pegs {
            return None;
        }
        let disk = *stacks[from].last()?;
        if step
            .disk
            .is_some_and(|size| puzzle.sizes.get(usize::from(disk)) != Some(&size))
        {
            return None;
        }
        if stacks[to].last().is_some_and(|&below| below < disk) {
            return None;
        }
        stacks[from].pop();
        stacks[to].push(disk);
        position[usize::from(disk)] = step.to;
    }
    Some(position)
}

/// Whether `moves` is legal, ends at the goal and has the optimal length.
pub fn is_optimal_solution(puzzle: &HanoiPuzzle, moves: &[AnswerMove]) -> bool {
    moves.len() == puzzle.optimal_moves as usize
        && replay(puzzle, moves).is_some_and(|end| end == puzzle.goal)
}

/// Moves as answer moves without disk names.
pub fn as_answer(moves: &[Move]) -> Vec<AnswerMove> {
    moves
        .iter()
        .map(|&[from, to]| AnswerMove {
            from,
            to,
            disk: None,
        })
        .collect()
}
