//! The exact optimum (a breadth-first search over the jugs' contents that counts shortest
//! sequences) and the verifier (a replay of the answer's actions).

use std::cell::RefCell;

use super::{Action, JugsPuzzle, MAX_ACTIONS, MAX_STATES};

/// Shortest-sequence counts saturate here; metadata flags the cap.
pub const SEQUENCE_CAP: u64 = 1_000_000_000;

/// Applies `action` to `contents`; `None` if it names a jug that does not exist or pours a
/// jug into itself. Filling a full jug or emptying an empty one is legal and changes nothing.
pub fn apply(capacities: &[u8], contents: &mut [u8], action: Action) -> Option<()> {
    match action {
        Action::Fill(j) => *contents.get_mut(usize::from(j))? = *capacities.get(usize::from(j))?,
        Action::Empty(j) => *contents.get_mut(usize::from(j))? = 0,
        Action::Pour(a, b) => {
            let (a, b) = (usize::from(a), usize::from(b));
            if a == b || a >= contents.len() || b >= contents.len() {
                return None;
            }
            let room = capacities.get(b)?.saturating_sub(contents[b]);
            let amount = contents[a].min(room);
            contents[a] -= amount;
            contents[b] += amount;
        }
    }
    Some(())
}

/// Replays `actions` from the start; the final contents, or `None` at an illegal action.
pub fn replay(puzzle: &JugsPuzzle, actions: &[Action]) -> Option<Vec<u8>> {
    let mut contents = puzzle.start.clone();
    for &action in actions {
        apply(&puzzle.capacities, &mut contents, action)?;
    }
    Some(contents)
}

/// Whether `actions` are legal, meet the goal after the last one and are as few as possible.
pub fn is_optimal_solution(puzzle: &JugsPuzzle, actions: &[Action]) -> bool {
    actions.len() == puzzle.optimal_actions as usize
        && replay(puzzle, actions).is_some_and(|end| puzzle.goal_met(&end))
}

/// Every action that changes `contents`, in a fixed order.
pub fn useful_actions(capacities: &[u8], contents: &[u8]) -> Vec<Action> {
    let n = contents.len() as u8;
    let mut out = Vec::new();
    for j in 0..n {
        let (c, cap) = (contents[usize::from(j)], capacities[usize::from(j)]);
        if c < cap {
            out.push(Action::Fill(j));
        }
        if c > 0 {
            out.push(Action::Empty(j));
        }
    }
    for a in 0..n {
        for b in 0..n {
            if a != b
                && contents[usize::from(a)] > 0
                && contents[usize::from(b)] < capacities[usize::from(b)]
            {
                out.push(Action::Pour(a, b));
            }
        }
    }
    out
}

/// What the search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortest {
    /// The fewest actions.
    pub actions: u32,
    /// How many action sequences of that length meet the goal (saturating).
    pub sequences: u64,
    /// Contents the search reached.
    pub states: usize,
    /// One shortest sequence.
    pub path: Vec<Action>,
}

/// What the search knows about one reached state; indexed by the state's number.
#[derive(Clone, Copy, Default)]
struct Entry {
    /// The search this entry belongs to (another value means "not reached").
    stamp: u32,
    depth: u16,
    /// The action that first reached the state, coded by [`code`].
    action: u16,
    parent: u32,
    count: u64,
}

#[derive(Default)]
struct Table {
    entries: Vec<Entry>,
    epoch: u32,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::new(Table::default());
}

fn code(action: Action) -> u16 {
    match action {
        Action::Fill(j) => u16::from(j),
        Action::Empty(j) => 16 + u16::from(j),
        Action::Pour(a, b) => 32 + u16::from(a) * 16 + u16::from(b),
    }
}

fn decode(code: u16) -> Action {
    match code {
        0..=15 => Action::Fill(code as u8),
        16..=31 => Action::Empty((code - 16) as u8),
        _ => Action::Pour(((code - 32) / 16) as u8, ((code - 32) % 16) as u8),
    }
}

/// The exact optimum from the puzzle's start to its goal, or `None` when the goal cannot be
/// reached within [`MAX_ACTIONS`] actions or the jugs have more than [`MAX_STATES`] states.
/// The goal already met at the start gives 0.
pub fn shortest(puzzle: &JugsPuzzle) -> Option<Shortest> {
    let capacities = &puzzle.capacities;
    let n = capacities.len();
    if puzzle.start.len() != n || n == 0 {
        return None;
    }
    // State number: contents in mixed radix (capacity + 1 per jug).
    let mut radix = Vec::with_capacity(n);
    let mut size = 1u64;
    for &c in capacities {
        radix.push(size as u32);
        size *= u64::from(c) + 1;
        if size > MAX_STATES {
            return None;
        }
    }
    let encode = |contents: &[u8]| -> u32 {
        contents
            .iter()
            .zip(&radix)
            .map(|(&c, &r)| u32::from(c) * r)
            .sum()
    };
    let decode_state = |key: u32, out: &mut [u8]| {
        for (j, slot) in out.iter_mut().enumerate() {
            *slot = ((key / radix[j]) % (u32::from(capacities[j]) + 1)) as u8;
        }
    };
    TABLE.with(|cell| {
        let mut table = cell.borrow_mut();
        let table = &mut *table;
        if table.entries.len() < size as usize {
            table.entries.resize(size as usize, Entry::default());
        }
        table.epoch = table.epoch.wrapping_add(1);
        if table.epoch == 0 {
            table.entries.fill(Entry::default());
            table.epoch = 1;
        }
        let epoch = table.epoch;
        let entries = &mut table.entries;
        let start = encode(&puzzle.start);
        entries[start as usize] = Entry {
            stamp: epoch,
            depth: 0,
            action: 0,
            parent: start,
            count: 1,
        };
        let mut states = 1usize;
        let mut layer = vec![start];
        let mut depth = 0u16;
        let mut contents = vec![0u8; n];
        let mut after = vec![0u8; n];
        loop {
            let mut goals = layer.iter().copied().filter(|&key| {
                decode_state(key, &mut contents);
                puzzle.goal_met(&contents)
            });
            if let Some(first) = goals.next() {
                let sequences = std::iter::once(first).chain(goals).fold(0u64, |acc, key| {
                    acc.saturating_add(entries[key as usize].count)
                });
                let mut path = Vec::with_capacity(usize::from(depth));
                let mut at = first;
                while entries[at as usize].depth > 0 {
                    path.push(decode(entries[at as usize].action));
                    at = entries[at as usize].parent;
                }
                path.reverse();
                return Some(Shortest {
                    actions: u32::from(depth),
                    sequences,
                    states,
                    path,
                });
            }
            if layer.is_empty() || usize::from(depth) >= MAX_ACTIONS {
                return None;
            }
            let mut next = Vec::new();
            for &key in &layer {
                let count = entries[key as usize].count;
                decode_state(key, &mut contents);
                for action in useful_actions(capacities, &contents) {
                    after.copy_from_slice(&contents);
                    apply(capacities, &mut after, action)?;
                    let to = encode(&after);
                    let entry = &mut entries[to as usize];
                    if entry.stamp == epoch {
                        if entry.depth == depth + 1 {
                            entry.count = entry.count.saturating_add(count);
                        }
                    } else {
                        *entry = Entry {
                            stamp: epoch,
                            depth: depth + 1,
                            action: code(action),
                            parent: key,
                            count,
                        };
                        states += 1;
                        next.push(to);
                    }
                }
            }
            layer = next;
            depth += 1;
        }
    })
}
