//! Tower of Hanoi: move disks between 3 or 4 pegs from a start position to a goal position in
//! the fewest moves.
//!
//! # Rules
//! The prompt names the pegs (distinct capital letters, left to right) and the disks (by
//! their sizes, distinct numbers; a larger number is a larger disk), and gives the start and
//! the goal, each peg listed from bottom to top. A move takes the top disk of one peg and puts
//! it on another peg, never on a smaller disk. An answer is a list of moves; it is correct
//! when every move is legal, the last move leaves the goal position, and there are exactly as
//! many moves as the optimum. **Any** such sequence scores 1 (there are often several);
//! anything else (an illegal move, the wrong end position, a longer legal sequence) scores 0:
//! there is no partial credit.
//!
//! # Generation
//! Peg letters are drawn from the alphabet without I and O, disk sizes from 1 to
//! max(20, 2 × disks). Start and goal are a tower on one peg (a goal tower on another peg than
//! a start tower) or a random position (each disk on an independently drawn peg). The optimum
//! is exact: a bidirectional breadth-first search over the whole position graph (3^disks or
//! 4^disks positions; at most 4^10 ≈ 10^6) that also counts the shortest move sequences; the
//! oracle answer is one shortest sequence read back from the search. Puzzles with an optimum
//! below `min_moves` are redrawn (up to 200 times, then a `GenerateError`).
//!
//! # Knobs
//! `pegs` (3–4), `disks` (2–10), `start` and `goal` (`tower` or `random`), `min_moves`
//! (0–200). Levels grow from 2 disks on 3 pegs between random positions to 10 disks on 4
//! pegs.
//!
//! # Difficulty
//! `optimal_moves`: the length of a shortest solution. Metadata also records
//! `optimal_sequences` (the number of shortest move sequences, exact below 10^9, capped there
//! with `optimal_sequences_at_least_cap`), `positions_searched` (positions the search
//! reached) and `three_peg_moves` on 4 pegs (the optimum when one peg is unused, found the
//! same way; `null` when the unused peg holds disks).
//!
//! # Answer format and verification
//! Moves in order inside `<answer>…</answer>`, each as `FROM->TO` with peg letters, e.g.
//! `<answer>K->D, K->R, D->R</answer>`. The parser also takes `K D`, `K to D`, `K → D`,
//! `move disk 5 from K to D` (a disk named after "disk" must be the disk that move takes),
//! numbered lines (`1. K->D`, `Step 2: ...`), JSON lists (`[["K","D"], ...]`), any case, and
//! a code fence; any other word or number, a peg that does not exist or an unpaired peg is a
//! parse error. Verification replays the moves on the start position (at most
//! [`MAX_MOVES`] moves, answers ≤ 32 KiB): time linear in the answer, memory linear in the
//! disks; it never searches.
//!
//! # Example (level 1, golden item 0)
//! ```text
//! Tower of Hanoi with 3 pegs, named D, N and R from left to right, and 2 disks, named by
//! their sizes: 11 and 17 (a larger number is a larger disk).
//! ...
//! Start (each peg from bottom to top):
//! - D: 17, 11
//! - N: (empty)
//! - R: (empty)
//!
//! Goal (each peg from bottom to top):
//! - D: 11
//! - N: 17
//! - R: (empty)
//! ...
//! Format example (not a solution): <answer>Z->Y, Y->Z</answer>
//! ```
//! The only shortest answer is `D->R, D->N, R->D` (3 moves; also accepted as
//! `move disk 11 from D to R; move disk 17 from D to N; move disk 11 from R to D`);
//! `D->N, D->R, N->R, ...` breaks a rule (17 onto 11) and the legal but longer
//! `D->N, N->R, D->N, R->D` scores 0. On 4 pegs most items have several shortest answers,
//! and every one of them scores 1.

mod adversarial;
mod format;
mod generate;
mod knobs;
pub(crate) mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use knobs::{Layout, TowerOfHanoiKnobs};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The most disks a puzzle may have (the position arrays hold 4^10 entries).
pub const MAX_DISKS: usize = 10;
/// The largest disk size a stored puzzle may name.
pub const MAX_SIZE: u8 = 99;
/// The most moves an answer or a stored solution may have (a 3-peg tower of 10 disks needs
/// 1,023).
pub const MAX_MOVES: usize = 2048;

/// The `tower_of_hanoi` task.
pub struct TowerOfHanoi;

/// One move: the pegs (0-based, left to right) it takes a disk from and puts it on.
pub type Move = [u8; 2];

/// One puzzle: everything the prompt, the oracle and the verifier need. Disks are numbered
/// from the smallest (0) up; a position gives each disk's peg.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HanoiPuzzle {
    /// The peg letters, left to right (3 or 4 distinct capitals).
    #[serde(rename = "pegs")]
    pub peg_names: String,
    /// Each disk's size, smallest disk first (strictly increasing).
    #[serde(rename = "sizes")]
    pub sizes: Vec<u8>,
    /// Each disk's peg at the start.
    #[serde(rename = "start")]
    pub start: Vec<u8>,
    /// Each disk's peg in the goal.
    #[serde(rename = "goal")]
    pub goal: Vec<u8>,
    /// The fewest moves from start to goal.
    #[serde(rename = "opt")]
    pub optimal_moves: u32,
    /// One shortest move sequence (the oracle answer).
    #[serde(rename = "sol")]
    pub solution: Vec<Move>,
}

impl HanoiPuzzle {
    /// The number of pegs.
    pub fn peg_count(&self) -> usize {
        self.peg_names.len()
    }

    /// The letter of peg `peg` (`?` outside the puzzle).
    pub fn peg_name(&self, peg: u8) -> char {
        self.peg_names
            .as_bytes()
            .get(usize::from(peg))
            .map_or('?', |&b| char::from(b))
    }
}

/// A parsed move: pegs, and the disk size the answer named for it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerMove {
    /// The peg the disk leaves.
    pub from: u8,
    /// The peg the disk goes to.
    pub to: u8,
    /// The size the answer says the moved disk has.
    pub disk: Option<u8>,
}

impl Task for TowerOfHanoi {
    const ID: &'static str = "tower_of_hanoi";
    /// Bump whenever generated output changes (then re-bless the golden file).
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "optimal_moves";
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 32 * 1024;

    type Knobs = TowerOfHanoiKnobs;
    type Puzzle = HanoiPuzzle;
    type Answer = Vec<AnswerMove>;

    fn check_knobs(knobs: &TowerOfHanoiKnobs) -> Result<(), KnobError> {
        knobs::check(knobs)
    }

    fn generate(
        knobs: &TowerOfHanoiKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<HanoiPuzzle>, GenerateError> {
        generate::generate(knobs, rng)
    }

    fn prompt(puzzle: &HanoiPuzzle) -> String {
        format::prompt(puzzle)
    }

    fn solve(puzzle: &HanoiPuzzle) -> Vec<AnswerMove> {
        puzzle
            .solution
            .iter()
            .map(|&[from, to]| AnswerMove {
                from,
                to,
                disk: None,
            })
            .collect()
    }

    fn render_answer(puzzle: &HanoiPuzzle, answer: &Vec<AnswerMove>) -> String {
        format::render(puzzle, answer)
    }

    fn parse_answer(puzzle: &HanoiPuzzle, text: &str) -> Result<Vec<AnswerMove>, ParseError> {
        format::parse(puzzle, text)
    }

    fn grade(puzzle: &HanoiPuzzle, answer: &Vec<AnswerMove>) -> Grade {
        if solve::is_optimal_solution(puzzle, answer) {
            Grade::CORRECT
        } else {
            Grade::WRONG
        }
    }

    /// Not counted here: every shortest sequence is accepted; metadata records how many there
    /// are (`optimal_sequences`).
    fn count_solutions(_puzzle: &HanoiPuzzle, _limit: u64) -> Option<u64> {
        None
    }

    fn wrong_answers(puzzle: &HanoiPuzzle, rng: &mut ItemRng) -> Vec<String> {
        adversarial::wrong_answers(puzzle, rng)
    }

    fn exploits(puzzle: &HanoiPuzzle) -> Vec<(&'static str, String)> {
        adversarial::exploits(puzzle)
    }

    fn load_puzzle(json: &str) -> Result<HanoiPuzzle, String> {
        format::load_puzzle(json)
    }
}
