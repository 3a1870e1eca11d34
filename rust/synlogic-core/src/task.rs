//! The one trait every task implements, and the types its functions exchange.
//!
//! The type-erased form the registry stores is in [`crate::erased`].

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::rng::ItemRng;

/// A generated puzzle plus what was measured while generating it.
#[derive(Debug, Clone)]
pub struct Generated<P> {
    /// The puzzle: everything the prompt, the oracle and the verifier need.
    pub puzzle: P,
    /// A measured difficulty figure (e.g. solver branches); see [`Task::DIFFICULTY_MEASURE`].
    pub difficulty: f64,
    /// Task-specific metadata (solution counts, traces, grades, ...).
    pub metadata: Map<String, Value>,
}

/// The grade of a parsed answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grade {
    /// The answer is fully correct.
    pub correct: bool,
    /// Partial credit in `[0, 1]`, gated so that guesses earn about 0; `1.0` iff `correct`.
    pub credit: f64,
}

impl Grade {
    /// A fully correct answer.
    pub const CORRECT: Self = Self {
        correct: true,
        credit: 1.0,
    };
    /// A wrong answer with no partial credit.
    pub const WRONG: Self = Self {
        correct: false,
        credit: 0.0,
    };

    /// A wrong answer earning `credit` (clamped to `[0, 1)`).
    pub fn partial(credit: f64) -> Self {
        let credit = if credit.is_finite() {
            credit.clamp(0.0, 0.999_999)
        } else {
            0.0
        };
        Self {
            correct: false,
            credit,
        }
    }
}

/// Why an answer text could not be read. Carried as the verdict's reason; never raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl ParseError {
    /// A parse error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// A knob value the task rejects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnobError {
    /// The knob name.
    pub knob: &'static str,
    /// What is wrong with its value.
    pub message: String,
}

impl KnobError {
    /// A knob error.
    pub fn new(knob: &'static str, message: impl Into<String>) -> Self {
        Self {
            knob,
            message: message.into(),
        }
    }
}

/// The generator could not meet its constraints within its attempt budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError(pub String);

/// One task family: generation, rendering, the oracle, parsing and grading.
///
/// Implementations are unit structs; all functions are associated so the registry can hold
/// them without state. Adding a task = one folder under [`crate::tasks`] implementing this
/// trait, one line in [`crate::registry`], one entry in `tasks.toml`
/// (`scripts/new_task.py NAME` writes all three; see `docs/adding-a-task.md`).
///
/// # The contract
///
/// Beyond the types, a task promises the following; [`crate::contract::check_task`] tests it
/// for every registered task before the conformance suite runs, naming the task and the item
/// to fill in or fix:
/// - the oracle's answer, rendered, parsed back from a payload round trip and graded, is
///   correct; the prompt is rebuilt from the puzzle alone;
/// - [`Task::wrong_answers`] returns near misses, each grading below 1;
/// - `UNIQUE = true` obliges a real [`Task::count_solutions`] (the default returns `None`,
///   which the check refuses for a task claiming uniqueness);
/// - [`Task::exploits`] names at least [`crate::contract::MIN_EXPLOITS`] (five) distinct
///   task-specific reward-hacking attempts, each scoring 0;
/// - nothing panics on any input (answer text, payload, knobs), and parsing and verification
///   run in time and memory bounded by [`Task::MAX_ANSWER_BYTES`] and by what
///   [`Task::load_puzzle`] accepts.
///
/// Const items are checked when the task is registered ([`crate::erased::Registered::NEW`]
/// fails to compile on an invalid `ID`, a zero `VERSION`, an empty `DIFFICULTY_MEASURE` or a
/// zero `MAX_ANSWER_BYTES`).
pub trait Task: Send + Sync + 'static {
    /// The registry id, e.g. `"countdown"`.
    const ID: &'static str;
    /// The generator version, recorded in every payload; bump it when output changes.
    const VERSION: u32;
    /// What [`Generated::difficulty`] measures, e.g. `"solver_branches"`.
    const DIFFICULTY_MEASURE: &'static str;
    /// Whether every puzzle has exactly one solution (checked by [`Task::count_solutions`]).
    const UNIQUE: bool;

    /// The knob struct: `#[serde(default, deny_unknown_fields)]`.
    type Knobs: Serialize + DeserializeOwned + Default + Clone + Send + Sync + 'static;
    /// The puzzle spec stored in the verification payload.
    type Puzzle: Serialize + DeserializeOwned + Send + Sync + 'static;
    /// A parsed answer.
    type Answer;

    /// Range and consistency checks on the knobs.
    fn check_knobs(knobs: &Self::Knobs) -> Result<(), KnobError>;

    /// Generates one puzzle from the item's random stream.
    fn generate(
        knobs: &Self::Knobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<Self::Puzzle>, GenerateError>;

    /// The prompt text, including the exact answer format.
    fn prompt(puzzle: &Self::Puzzle) -> String;

    /// The oracle: a correct answer.
    fn solve(puzzle: &Self::Puzzle) -> Self::Answer;

    /// Renders an answer in the format the prompt asks for.
    fn render_answer(puzzle: &Self::Puzzle, answer: &Self::Answer) -> String;

    /// Reads an answer from the text inside the answer block. Lenient on form, strict on
    /// content. Must not panic on any input and must run in time linear in `text`.
    fn parse_answer(puzzle: &Self::Puzzle, text: &str) -> Result<Self::Answer, ParseError>;

    /// Grades a parsed answer against the puzzle's rules.
    fn grade(puzzle: &Self::Puzzle, answer: &Self::Answer) -> Grade;

    /// Counts solutions up to `limit`, with a solver independent of the stored answer.
    ///
    /// Every task writes it, so none can forget it: a task claiming uniqueness returns the
    /// count (the contract check fails, naming the task, on `None`); a task whose puzzles
    /// accept many answers returns `None`.
    fn count_solutions(puzzle: &Self::Puzzle, limit: u64) -> Option<u64>;

    /// Task-specific wrong answers (rendered text) for the conformance suite: near misses
    /// that must grade below 1.0.
    fn wrong_answers(puzzle: &Self::Puzzle, rng: &mut ItemRng) -> Vec<String>;

    /// Named, task-specific reward-hacking attempts (rendered answer text), each of which must
    /// score 0 (or below the partial-credit floor): a constant answer everywhere, a number
    /// used twice, the givens copied back, and so on. At least
    /// [`crate::contract::MIN_EXPLOITS`] (five) distinct names across a level's items; the
    /// contract check and `tests/exploits.rs` fail otherwise, naming the task. Task-independent
    /// exploits are built by [`crate::exploits`] for every task.
    fn exploits(puzzle: &Self::Puzzle) -> Vec<(&'static str, String)>;

    /// Reads a puzzle spec from payload JSON. The default deserializes with serde; a task may
    /// read its own compact layout faster, provided it returns what serde returns (falling
    /// back to serde for anything else).
    fn load_puzzle(json: &str) -> Result<Self::Puzzle, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// The longest answer text (in bytes) the parser will look at; longer answers score 0.
    const MAX_ANSWER_BYTES: usize = 64 * 1024;
}
