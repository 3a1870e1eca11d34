//! The solvers: backtracking with three-valued pruning and the plain exhaustive count.

use super::eval::{eval_kleene_lanes, eval_partial, eval_scalar, lane_atom, CAN_FALSE, CAN_TRUE};
use super::generate::popcount;
use super::puzzle::{full_mask, members, KnightsKnavesPuzzle};
use super::statement::Op;
use super::MAX_PEOPLE;

/// Complete backtracking search with three-valued pruning.
///
/// A node re-checks only what its assignment can change: the statement of the person just
/// assigned and those of assigned speakers that mention them (every other statement is
/// evaluated on the same inputs as at the parent, which passed). A statement whose people are
/// all assigned is evaluated exactly, where the three-valued result is the two-valued one.
pub(super) struct Backtrack<'p> {
    pub(super) puzzle: &'p KnightsKnavesPuzzle,
    pub(super) limit: u64,
    pub(super) nodes: u64,
    pub(super) solutions: u64,
    pub(super) first: Option<u32>,
    /// Per person, the speakers whose statement mentions them.
    pub(super) watchers: [u32; MAX_PEOPLE],
    /// Per speaker, the people the statement mentions.
    pub(super) mentions: [u32; MAX_PEOPLE],
}

impl<'p> Backtrack<'p> {
    pub(super) fn run(puzzle: &'p KnightsKnavesPuzzle, limit: u64) -> Self {
        let mut search = Self {
            puzzle,
            limit,
            nodes: 0,
            solutions: 0,
            first: None,
            watchers: [0; MAX_PEOPLE],
            mentions: [0; MAX_PEOPLE],
        };
        for speaker in 0..puzzle.people().min(MAX_PEOPLE) {
            let mut named = 0u32;
            for op in puzzle.program(speaker) {
                named |= match *op {
                    Op::Lit { person, .. } => 1 << person,
                    Op::Range { group, .. } => group,
                    Op::Same { a, b, .. } => (1 << a) | (1 << b),
                    _ => 0,
                };
            }
            search.mentions[speaker] = named;
            for p in members(named) {
                search.watchers[usize::from(p)] |= 1 << speaker;
            }
        }
        if !search.by_levels() {
            search.visit(0, 0, 0);
        }
        search
    }

    /// The search's figures computed level by level: the prefixes of each length that pass
    /// their checks, as a bitset evaluated 64 prefixes at a time. A prefix that fails stays
    /// failed when extended (three-valued evaluation only loses possibilities as people get
    /// assigned), so the search visits exactly the two children of every passing prefix. Exact
    /// unless the search would stop early at `limit` solutions; returns `false` then (and
    /// leaves the figures untouched).
    pub(super) fn by_levels(&mut self) -> bool {
        let n = self.puzzle.people();
        // Passing prefixes of length `depth` (lane = the roles of people `0..depth`).
        let mut passing = vec![1u64];
        let mut nodes = 1u64;
        for depth in 1..=n {
            nodes += 2 * popcount(&passing);
            let mut next = if depth <= 6 {
                vec![passing[0] | (passing[0] << (1u32 << (depth - 1)))]
            } else {
                [passing.as_slice(), passing.as_slice()].concat()
            };
            let newest = depth - 1;
            let check = (self.watchers[newest] & full_mask(depth)) | (1 << newest);
            for (word, lanes) in next.iter_mut().enumerate() {
                for i in members(check) {
                    if *lanes == 0 {
                        break;
                    }
                    let i = usize::from(i);
                    let (t, f) = eval_kleene_lanes(self.puzzle.program(i), depth, word);
                    let knight = lane_atom(i, word);
                    *lanes &= (knight & t) | (!knight & f);
                }
            }
            passing = next;
        }
        let solutions = popcount(&passing);
        if solutions >= self.limit {
            return false;
        }
        self.nodes = nodes;
        self.solutions = solutions;
        // The search tries knights first, person 0 first.
        self.first = passing
            .iter()
            .enumerate()
            .flat_map(|(word, &lanes)| {
                let mut rest = lanes;
                std::iter::from_fn(move || {
                    (rest != 0).then(|| {
                        let lane = rest.trailing_zeros();
                        rest &= rest - 1;
                        (word as u32) << 6 | lane
                    })
                })
            })
            .max_by_key(|mask| mask.reverse_bits());
        true
    }

    /// Whether speaker `i`'s statement can still match their role.
    pub(super) fn holds(&self, i: usize, known: u32, value: u32) -> bool {
        let program = self.puzzle.program(i);
        let knight = value >> i & 1 == 1;
        if self.mentions[i] & !known == 0 {
            return eval_scalar(program, value) == knight;
        }
        let needed = if knight { CAN_TRUE } else { CAN_FALSE };
        eval_partial(program, known, value) & needed != 0
    }

    pub(super) fn visit(&mut self, assigned: usize, known: u32, value: u32) {
        self.nodes += 1;
        if assigned > 0 {
            let newest = assigned - 1;
            let check = (self.watchers[newest] & known) | (1 << newest);
            if !members(check).all(|i| self.holds(usize::from(i), known, value)) {
                return;
            }
        }
        if assigned == self.puzzle.people() {
            self.solutions += 1;
            self.first.get_or_insert(value);
            return;
        }
        let bit = 1u32 << assigned;
        for role in [bit, 0] {
            if self.solutions >= self.limit {
                return;
            }
            self.visit(assigned + 1, known | bit, value | role);
        }
    }
}

/// Exhaustive count over every assignment mask, stopping at `limit`.
pub(super) fn count_exhaustive(puzzle: &KnightsKnavesPuzzle, limit: u64) -> u64 {
    let mut count = 0;
    for mask in 0..=full_mask(puzzle.people()) {
        if puzzle.consistent(mask) {
            count += 1;
            if count >= limit {
                break;
            }
        }
    }
    count
}
