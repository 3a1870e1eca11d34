//! Items, generators, verification payloads and verdicts: the task-independent machinery.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::answer::extract_tagged;
use crate::catalogue::catalogue;
use crate::error::{closest, Error, Result};
use crate::registry::find_task;
use crate::rng::ItemRng;
use crate::task::{DynTask, Grade, ParseError, Registered, Task};

/// One generated item: everything a dataset row needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The task id.
    pub task: &'static str,
    /// The task family (the row's `ability`).
    pub family: &'static str,
    /// The difficulty level the knobs started from.
    pub level: u8,
    /// The seed of the item.
    pub seed: u64,
    /// The index of the item.
    pub index: u64,
    /// The prompt text.
    pub prompt: String,
    /// The canonical answer text.
    pub answer: String,
    /// The self-contained verification payload (JSON).
    pub verification: String,
    /// Task metadata including the measured difficulty (JSON object).
    pub metadata: String,
}

/// How to read and score a completion.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    open: String,
    close: String,
    tagged: bool,
    /// Return the gated partial credit instead of all-or-nothing.
    pub partial: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self::new(Some("answer"), false)
    }
}

impl VerifyOptions {
    /// Reads the last `<tag>…</tag>` block, or the whole completion when `tag` is `None`.
    pub fn new(tag: Option<&str>, partial: bool) -> Self {
        let tag = tag.unwrap_or("");
        Self {
            open: format!("<{tag}>"),
            close: format!("</{tag}>"),
            tagged: !tag.is_empty(),
            partial,
        }
    }
}

/// The score of one completion and the reason for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The score in `[0, 1]`.
    pub score: f64,
    /// The answer is fully correct.
    pub correct: bool,
    /// Why: `"correct"`, `"wrong answer"`, `"no answer block"`, or a parse failure.
    pub reason: Cow<'static, str>,
}

impl Verdict {
    fn failed(reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            score: 0.0,
            correct: false,
            reason: reason.into(),
        }
    }

    fn graded(grade: Grade, partial: bool) -> Self {
        let score = if grade.correct {
            1.0
        } else if partial {
            grade.credit
        } else {
            0.0
        };
        let reason = if grade.correct {
            "correct"
        } else {
            "wrong answer"
        };
        Self {
            score,
            correct: grade.correct,
            reason: Cow::Borrowed(reason),
        }
    }
}

/// Knobs that passed checking, ready to generate items.
pub trait PreparedKnobs: Send + Sync {
    /// Generates the item with this random stream.
    fn generate(&self, rng: &mut ItemRng) -> Result<GeneratedItem, String>;
    /// The effective knob values (JSON).
    fn knobs_json(&self) -> Value;
}

/// A type-erased generated puzzle.
#[derive(Debug)]
pub struct GeneratedItem {
    /// Prompt text.
    pub prompt: String,
    /// Oracle answer text.
    pub answer: String,
    /// Puzzle spec (JSON).
    pub puzzle: String,
    /// Measured difficulty.
    pub difficulty: f64,
    /// Task metadata.
    pub metadata: Map<String, Value>,
}

/// A puzzle loaded from a payload, ready to grade answers.
pub trait LoadedPuzzle: Send + Sync {
    /// Grades the text inside the answer block.
    fn grade_text(&self, text: &str) -> Result<Grade, ParseError>;
    /// The prompt text.
    fn prompt(&self) -> String;
    /// The oracle's answer, rendered.
    fn oracle_answer(&self) -> String;
    /// Solution count up to `limit`, for tasks that claim uniqueness.
    fn count_solutions(&self, limit: u64) -> Option<u64>;
    /// Task-specific near-miss wrong answers.
    fn wrong_answers(&self, rng: &mut ItemRng) -> Vec<String>;
    /// Task-specific named exploit attempts.
    fn exploits(&self) -> Vec<(&'static str, String)>;
}

struct Prepared<T: Task>(T::Knobs);

impl<T: Task> PreparedKnobs for Prepared<T> {
    fn generate(&self, rng: &mut ItemRng) -> Result<GeneratedItem, String> {
        let generated = T::generate(&self.0, rng).map_err(|e| e.0)?;
        let puzzle = &generated.puzzle;
        let answer = T::render_answer(puzzle, &T::solve(puzzle));
        Ok(GeneratedItem {
            prompt: T::prompt(puzzle),
            answer,
            puzzle: serde_json::to_string(puzzle).map_err(|e| e.to_string())?,
            difficulty: generated.difficulty,
            metadata: generated.metadata,
        })
    }

    fn knobs_json(&self) -> Value {
        serde_json::to_value(&self.0).unwrap_or(Value::Null)
    }
}

struct Loaded<T: Task>(T::Puzzle);

impl<T: Task> LoadedPuzzle for Loaded<T> {
    fn grade_text(&self, text: &str) -> Result<Grade, ParseError> {
        if text.len() > T::MAX_ANSWER_BYTES {
            return Err(ParseError::new("answer too long"));
        }
        let answer = T::parse_answer(&self.0, text)?;
        Ok(T::grade(&self.0, &answer))
    }

    fn prompt(&self) -> String {
        T::prompt(&self.0)
    }

    fn oracle_answer(&self) -> String {
        T::render_answer(&self.0, &T::solve(&self.0))
    }

    fn count_solutions(&self, limit: u64) -> Option<u64> {
        T::count_solutions(&self.0, limit)
    }

    fn wrong_answers(&self, rng: &mut ItemRng) -> Vec<String> {
        T::wrong_answers(&self.0, rng)
    }

    fn exploits(&self) -> Vec<(&'static str, String)> {
        T::exploits(&self.0)
    }
}

impl<T: Task> DynTask for Registered<T> {
    fn id(&self) -> &'static str {
        T::ID
    }

    fn version(&self) -> u32 {
        T::VERSION
    }

    fn difficulty_measure(&self) -> &'static str {
        T::DIFFICULTY_MEASURE
    }

    fn claims_unique(&self) -> bool {
        T::UNIQUE
    }

    fn default_knobs(&self) -> Value {
        serde_json::to_value(T::Knobs::default()).unwrap_or(Value::Null)
    }

    fn prepare(&self, knobs: &Value) -> Result<Box<dyn PreparedKnobs>> {
        let parsed: T::Knobs =
            serde_json::from_value(knobs.clone()).map_err(|e| knob_type_error::<T>(knobs, &e))?;
        T::check_knobs(&parsed).map_err(|e| Error::InvalidKnob {
            task: T::ID.to_string(),
            knob: e.knob.to_string(),
            message: e.message,
        })?;
        Ok(Box::new(Prepared::<T>(parsed)))
    }

    fn load_puzzle(&self, puzzle: &str) -> Result<Box<dyn LoadedPuzzle>, String> {
        Ok(Box::new(Loaded::<T>(T::load_puzzle(puzzle)?)))
    }
}

/// Names the knob responsible for a deserialization error: the first given knob that fails
/// to deserialize when set alone on top of the defaults.
fn knob_type_error<T: Task>(knobs: &Value, error: &serde_json::Error) -> Error {
    let defaults = serde_json::to_value(T::Knobs::default()).unwrap_or(Value::Null);
    let culprit = knobs.as_object().and_then(|given| {
        given.iter().find_map(|(name, value)| {
            let mut trial = defaults.as_object()?.clone();
            trial.insert(name.clone(), value.clone());
            serde_json::from_value::<T::Knobs>(Value::Object(trial))
                .is_err()
                .then(|| name.clone())
        })
    });
    Error::InvalidKnob {
        task: T::ID.to_string(),
        knob: culprit.unwrap_or_else(|| "<knobs>".to_string()),
        message: error.to_string(),
    }
}

/// A task with checked knobs: generates items by `(seed, index)`.
pub struct Generator {
    task: &'static dyn DynTask,
    family: &'static str,
    level: u8,
    knobs: Box<dyn PreparedKnobs>,
    knobs_json: String,
    /// The task id and the effective knobs: items at different knobs (levels) draw from
    /// unrelated streams, so level 3 item 5 is not a variant of level 4 item 5.
    stream_key: String,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("task", &self.task.id())
            .field("level", &self.level)
            .field("knobs", &self.knobs_json)
            .finish_non_exhaustive()
    }
}

impl Generator {
    /// A generator for `task` at `level` (default: the task's default level), with knob
    /// values in `overrides` (a JSON object, or null) replacing the level's values.
    pub fn new(task: &str, level: Option<i64>, overrides: &Value) -> Result<Self> {
        let dyn_task = find_task(task)?;
        let entry = catalogue()?.entry(dyn_task.id())?;
        let level = level.unwrap_or(i64::from(entry.default_level));
        if !(1..=10).contains(&level) {
            return Err(Error::InvalidLevel {
                task: dyn_task.id().to_string(),
                level,
            });
        }
        let mut knobs = entry.levels[(level - 1) as usize].clone();
        match overrides {
            Value::Null => {}
            Value::Object(given) => {
                let defaults = dyn_task.default_knobs();
                let known: Vec<&str> = defaults
                    .as_object()
                    .map(|o| o.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for (name, value) in given {
                    if !known.contains(&name.as_str()) {
                        return Err(Error::UnknownKnob {
                            task: dyn_task.id().to_string(),
                            knob: name.clone(),
                            suggestion: closest(name, known.iter().copied()),
                            known: known.iter().map(|s| (*s).to_string()).collect(),
                        });
                    }
                    knobs.insert(name.clone(), value.clone());
                }
            }
            _ => {
                return Err(Error::InvalidArgument {
                    name: "knobs".into(),
                    message: "must be a mapping of knob names to values".into(),
                })
            }
        }
        let prepared = dyn_task.prepare(&Value::Object(knobs))?;
        let knobs_json = prepared.knobs_json().to_string();
        let stream_key = format!("{}\0{knobs_json}", dyn_task.id());
        Ok(Self {
            task: dyn_task,
            family: entry.family.as_str(),
            level: level as u8,
            knobs: prepared,
            knobs_json,
            stream_key,
        })
    }

    /// The task id.
    pub fn task(&self) -> &'static str {
        self.task.id()
    }

    /// The level the knobs started from.
    pub fn level(&self) -> u8 {
        self.level
    }

    /// The effective knob values (JSON object).
    pub fn knobs_json(&self) -> &str {
        &self.knobs_json
    }

    /// Generates item `index` under `seed`.
    pub fn item(&self, seed: u64, index: u64) -> Result<Item> {
        let id = self.task.id();
        let mut rng = ItemRng::for_item(&self.stream_key, seed, index);
        let generated = catch_unwind(AssertUnwindSafe(|| self.knobs.generate(&mut rng)))
            .map_err(|panic| {
                Error::Internal(format!(
                    "{id} generator panicked: {}",
                    panic_message(&panic)
                ))
            })?
            .map_err(|message| Error::GenerationFailed {
                task: id.to_string(),
                seed,
                index,
                message,
            })?;
        let mut verification =
            String::with_capacity(generated.puzzle.len() + generated.answer.len() + 64);
        verification.push_str("{\"task\":");
        verification.push_str(&json_string(id));
        verification.push_str(",\"version\":");
        verification.push_str(&self.task.version().to_string());
        verification.push_str(",\"puzzle\":");
        verification.push_str(&generated.puzzle);
        verification.push_str(",\"answer\":");
        verification.push_str(&json_string(&generated.answer));
        verification.push('}');
        let mut metadata = metadata_json(
            generated.difficulty,
            self.task.difficulty_measure(),
            generated.metadata,
        );
        // Splice the knobs in last (pre-serialized once per generator).
        metadata.pop();
        metadata.push_str(",\"knobs\":");
        metadata.push_str(&self.knobs_json);
        metadata.push('}');
        Ok(Item {
            task: id,
            family: self.family,
            level: self.level,
            seed,
            index,
            prompt: generated.prompt,
            answer: generated.answer,
            verification,
            metadata,
        })
    }

    /// Generates items `start..start + n` under `seed`, in parallel on the synlogic pool.
    pub fn batch(&self, seed: u64, start: u64, n: u64) -> Result<Vec<Item>> {
        let indices = index_range(start, n)?;
        crate::parallel::install(|| {
            indices
                .into_par_iter()
                .map(|i| self.item(seed, i))
                .collect()
        })
    }
}

/// The item indices `start..start + n`, as an inclusive range so that the last index,
/// `2^64 - 1`, is reachable; an error naming `n` if they run past it.
pub fn index_range(start: u64, n: u64) -> Result<std::ops::RangeInclusive<u64>> {
    if n == 0 {
        // An empty inclusive range (a reversed one is empty by definition).
        #[allow(clippy::reversed_empty_ranges)]
        return Ok(1..=0);
    }
    let last = start
        .checked_add(n - 1)
        .ok_or_else(|| Error::InvalidArgument {
            name: "n".into(),
            message: format!("start {start} + n {n} exceeds 2^64 items"),
        })?;
    Ok(start..=last)
}

/// Generates `n` items of `task` from `start` (a convenience over [`Generator`]).
pub fn generate_batch(
    task: &str,
    level: Option<i64>,
    overrides: &Value,
    seed: u64,
    start: u64,
    n: u64,
) -> Result<Vec<Item>> {
    Generator::new(task, level, overrides)?.batch(seed, start, n)
}

/// The metadata object `{"difficulty": …, "difficulty_measure": …, <task metadata>…}`, written
/// directly (the same text as building that map and printing it, without the map).
fn metadata_json(difficulty: f64, measure: &str, task: Map<String, Value>) -> String {
    if task.contains_key("difficulty") || task.contains_key("difficulty_measure") {
        let mut metadata = Map::new();
        metadata.insert("difficulty".into(), serde_json::json!(difficulty));
        metadata.insert("difficulty_measure".into(), Value::from(measure));
        metadata.extend(task);
        return Value::Object(metadata).to_string();
    }
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"{\"difficulty\":");
    let written = serde_json::to_writer(&mut out, &serde_json::json!(difficulty))
        .and_then(|()| {
            out.extend_from_slice(b",\"difficulty_measure\":");
            serde_json::to_writer(&mut out, measure)
        })
        .and_then(|()| {
            task.iter().try_for_each(|(key, value)| {
                out.push(b',');
                serde_json::to_writer(&mut out, key)?;
                out.push(b':');
                serde_json::to_writer(&mut out, value)
            })
        });
    out.push(b'}');
    match (written, String::from_utf8(out)) {
        (Ok(()), Ok(text)) => text,
        _ => "{}".into(),
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayload<'a> {
    #[serde(borrow)]
    task: Cow<'a, str>,
    version: u32,
    #[serde(borrow)]
    puzzle: &'a RawValue,
    #[serde(borrow)]
    answer: &'a RawValue,
}

/// A parsed verification payload: scores completions with no other state.
pub struct Payload {
    task: &'static dyn DynTask,
    puzzle: Box<dyn LoadedPuzzle>,
    /// The stored answer as JSON string text; decoded on first use (verifying never needs it).
    answer_json: Box<str>,
    answer: std::sync::OnceLock<String>,
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payload")
            .field("task", &self.task.id())
            .field("answer", &self.answer())
            .finish_non_exhaustive()
    }
}

/// The fields of a payload in exactly the layout [`Generator::item`] writes
/// (`{"task":"…","version":N,"puzzle":…,"answer":"…"}`, no whitespace, no `\u` escapes):
/// task, version, puzzle JSON and answer JSON (a string), found without building anything.
/// `None` for any other text. The puzzle's extent is found by matching brackets outside
/// strings; it is exact for valid JSON, which loading the puzzle then checks.
fn split_payload(json: &str) -> Option<(&str, u32, &str, &str)> {
    let bytes = json.as_bytes();
    let rest = json.strip_prefix("{\"task\":\"")?;
    let task_len = rest.bytes().position(|b| b == b'"')?;
    let task = &rest[..task_len];
    if !task.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let rest = rest[task_len..].strip_prefix("\",\"version\":")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits > 1 && rest.starts_with('0')) {
        return None;
    }
    let version: u32 = rest[..digits].parse().ok()?;
    let rest = rest[digits..].strip_prefix(",\"puzzle\":")?;
    let start = json.len() - rest.len();
    // The puzzle: an object or array, brackets matched outside strings.
    if !matches!(bytes.get(start), Some(b'{' | b'[')) {
        return None;
    }
    let end = json_value_end(bytes, start)?;
    let puzzle = json.get(start..end)?;
    let answer = json
        .get(end..)?
        .strip_prefix(",\"answer\":")?
        .strip_suffix('}')?;
    // A string with simple escapes only (others go the general way).
    let body = answer.strip_prefix('"')?.strip_suffix('"')?.as_bytes();
    let mut i = 0;
    // Bytes before `careful` are checked one at a time.
    let mut careful = 0;
    while i < body.len() {
        if i >= careful {
            // Eight bytes at a time while they hold no control byte and their quotes and
            // backslashes pair up as `\"` (the common escape) inside the word.
            if let Some(word) = word_at(body, i) {
                let slashes = bytes_equal(word, b'\\');
                let quotes = bytes_equal(word, b'"');
                let controls = bytes_equal(word & 0xE0E0_E0E0_E0E0_E0E0, 0);
                if controls == 0 && quotes == slashes << 8 && slashes >> 56 == 0 {
                    i += 8;
                    continue;
                }
            }
            careful = i + 8;
        }
        match body[i] {
            b'\\' => {
                let escape = body.get(i + 1).copied();
                if !matches!(
                    escape,
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't')
                ) {
                    return None;
                }
                i += 2;
            }
            b'"' | 0..=0x1f => return None,
            _ => i += 1,
        }
    }
    Some((task, version, puzzle, answer))
}

/// The eight bytes at `at` as a little-endian word, if there are eight.
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of every byte of `word` equal to `byte` (exact, no carries between bytes).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let t = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    !(((t & LOW7) + LOW7) | t | LOW7)
}

/// The number of high bits set in a [`bytes_equal`] mask.
fn count_flags(flags: u64) -> usize {
    ((flags >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// The end of the object or array opening at `start`: brackets matched outside strings
/// (exact for valid JSON), eight bytes at a time where no string or closing bracket can end
/// it.
fn json_value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    // Bytes before `careful` are read one at a time.
    let mut careful = 0;
    loop {
        if at >= careful {
            if let Some(word) = word_at(bytes, at) {
                let opens = count_flags(bytes_equal(word, b'{') | bytes_equal(word, b'['));
                let closes = count_flags(bytes_equal(word, b'}') | bytes_equal(word, b']'));
                if bytes_equal(word, b'"') == 0 && closes < depth {
                    depth = depth + opens - closes;
                    at += 8;
                    continue;
                }
            }
            careful = at + 8;
        }
        let b = *bytes.get(at)?;
        at += 1;
        match b {
            b'"' => loop {
                match *bytes.get(at)? {
                    b'\\' => at += 2,
                    b'"' => {
                        at += 1;
                        break;
                    }
                    _ => at += 1,
                }
            },
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
}

impl Payload {
    /// Parses a payload produced by a generator of this build.
    pub fn parse(json: &str) -> Result<Self> {
        // The layout the generator writes, read directly; anything else (or any failure)
        // goes through serde, which decides and words the error.
        match Self::parse_direct(json) {
            Some(payload) => Ok(payload),
            None => Self::parse_serde(json),
        }
    }

    /// [`Self::parse`] for the generator's layout, or `None`.
    fn parse_direct(json: &str) -> Option<Self> {
        let (task, version, puzzle, answer) = split_payload(json)?;
        let task = find_task(task).ok()?;
        if version != task.version() {
            return None;
        }
        let puzzle = task.load_puzzle(puzzle).ok()?;
        Some(Self {
            task,
            puzzle,
            answer_json: answer.into(),
            answer: std::sync::OnceLock::new(),
        })
    }

    /// [`Self::parse`] through serde, for any layout.
    fn parse_serde(json: &str) -> Result<Self> {
        let raw: RawPayload =
            serde_json::from_str(json).map_err(|e| Error::InvalidPayload(e.to_string()))?;
        // Valid JSON (checked above) that opens with a quote is a string.
        if !raw.answer.get().starts_with('"') {
            return Err(Error::InvalidPayload(format!(
                "invalid type: {}, expected a string for field `answer`",
                raw.answer.get()
            )));
        }
        let task = find_task(&raw.task)
            .map_err(|_| Error::InvalidPayload(format!("unknown task {:?}", raw.task)))?;
        if raw.version != task.version() {
            return Err(Error::InvalidPayload(format!(
                "payload is from {} generator version {}, this build verifies version {}; regenerate the data with this version",
                task.id(),
                raw.version,
                task.version()
            )));
        }
        let puzzle = task
            .load_puzzle(raw.puzzle.get())
            .map_err(|e| Error::InvalidPayload(format!("bad {} puzzle: {e}", task.id())))?;
        Ok(Self {
            task,
            puzzle,
            answer_json: raw.answer.get().into(),
            answer: std::sync::OnceLock::new(),
        })
    }

    /// The task id.
    pub fn task(&self) -> &'static str {
        self.task.id()
    }

    /// The canonical answer stored in the payload.
    pub fn answer(&self) -> &str {
        self.answer
            .get_or_init(|| serde_json::from_str(&self.answer_json).unwrap_or_default())
    }

    /// The loaded puzzle (oracle, solution counting, prompt).
    pub fn puzzle(&self) -> &dyn LoadedPuzzle {
        self.puzzle.as_ref()
    }

    /// Scores a completion. Never panics, whatever the text.
    pub fn verify(&self, completion: &str, options: &VerifyOptions) -> Verdict {
        let text = if options.tagged {
            match extract_tagged(completion, &options.open, &options.close) {
                Some(text) => text,
                None => {
                    return Verdict::failed(format!("no {}…{} block", options.open, options.close))
                }
            }
        } else {
            completion
        };
        match catch_unwind(AssertUnwindSafe(|| self.puzzle.grade_text(text))) {
            Ok(Ok(grade)) => Verdict::graded(grade, options.partial),
            Ok(Err(ParseError(reason))) => Verdict::failed(format!("unparsable answer: {reason}")),
            Err(panic) => Verdict::failed(format!("internal error: {}", panic_message(&panic))),
        }
    }
}

/// Scores `completions[i]` against `payloads[i]` in parallel. Consecutive identical payloads
/// (a GRPO group) are parsed once.
pub fn verify_batch<S: AsRef<str> + Sync, C: AsRef<str> + Sync>(
    payloads: &[S],
    completions: &[C],
    options: &VerifyOptions,
) -> Result<Vec<Verdict>> {
    map_batch(payloads, completions, |payload, completion| {
        payload.verify(completion, options)
    })
}

/// Applies `score` to each `(payload, completion)` pair in parallel on the synlogic pool.
/// Consecutive identical payloads (a GRPO group) are parsed once; a malformed payload is an
/// error naming its row.
pub fn map_batch<S, C, T>(
    payloads: &[S],
    completions: &[C],
    score: impl Fn(&Payload, &str) -> T + Sync,
) -> Result<Vec<T>>
where
    S: AsRef<str> + Sync,
    C: AsRef<str> + Sync,
    T: Send,
{
    const CHUNK: usize = 64;
    if payloads.len() != completions.len() {
        return Err(Error::InvalidArgument {
            name: "completions".into(),
            message: format!(
                "{} completions for {} payloads",
                completions.len(),
                payloads.len()
            ),
        });
    }
    let chunks: Vec<Result<Vec<T>>> = crate::parallel::install(|| {
        payloads
            .par_chunks(CHUNK)
            .zip(completions.par_chunks(CHUNK))
            .enumerate()
            .map(|(chunk, (ps, cs))| {
                let mut out = Vec::with_capacity(ps.len());
                let mut cached: Option<(&str, Payload)> = None;
                for (offset, (p, c)) in ps.iter().zip(cs).enumerate() {
                    let p = p.as_ref();
                    if cached.as_ref().is_none_or(|(text, _)| *text != p) {
                        let parsed = Payload::parse(p).map_err(|e| match e {
                            Error::InvalidPayload(m) => Error::InvalidPayload(format!(
                                "row {}: {m}",
                                chunk * CHUNK + offset
                            )),
                            other => other,
                        })?;
                        cached = Some((p, parsed));
                    }
                    let (_, payload) = cached.as_ref().expect("cached payload");
                    out.push(score(payload, c.as_ref()));
                }
                Ok(out)
            })
            .collect()
    });
    let mut results = Vec::with_capacity(payloads.len());
    for chunk in chunks {
        results.extend(chunk?);
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_ranges_reach_the_last_index_and_no_further() {
        assert_eq!(index_range(5, 3).unwrap(), 5..=7);
        assert_eq!(index_range(7, 0).unwrap().count(), 0);
        assert_eq!(index_range(u64::MAX, 1).unwrap(), u64::MAX..=u64::MAX);
        assert_eq!(index_range(0, u64::MAX).unwrap(), 0..=u64::MAX - 1);
        assert!(matches!(
            index_range(u64::MAX, 2),
            Err(Error::InvalidArgument { name, .. }) if name == "n"
        ));
        let generator = Generator::new("countdown", Some(1), &Value::Null).unwrap();
        let last = generator.batch(0, u64::MAX, 1).unwrap();
        assert_eq!(last, vec![generator.item(0, u64::MAX).unwrap()]);
    }

    #[test]
    fn direct_payload_reading_agrees_with_serde() {
        let mut state = 3u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        let mut direct = 0;
        for task in crate::registry::task_ids() {
            for level in [1, 5, 10] {
                let generator = Generator::new(task, Some(level), &Value::Null).unwrap();
                for index in 0..4 {
                    let item = generator.item(0, index).unwrap();
                    let mut texts = vec![item.verification.clone()];
                    let edits = [
                        "", " ", "\\", "\"", "}", "]", "{", "[", ",", "\\u0041", "x", "0",
                    ];
                    for _ in 0..150 {
                        let mut text = item.verification.clone();
                        let mut at = next() % (text.len() + 1);
                        while !text.is_char_boundary(at) {
                            at -= 1;
                        }
                        let end = (at + next() % 3).min(text.len());
                        if text.is_char_boundary(end) {
                            text.replace_range(at..end, edits[next() % edits.len()]);
                        }
                        texts.push(text);
                    }
                    for text in &texts {
                        let Some(fast) = Payload::parse_direct(text) else {
                            continue;
                        };
                        direct += 1;
                        let slow = Payload::parse_serde(text).expect(text);
                        assert_eq!(fast.task(), slow.task(), "{text}");
                        assert_eq!(fast.answer(), slow.answer(), "{text}");
                        let options = VerifyOptions::default();
                        let half = item.answer.len() / 2;
                        let half = (0..=half).rev().find(|&i| item.answer.is_char_boundary(i));
                        for answer in [&item.answer[..], &item.answer[..half.unwrap_or(0)]] {
                            let completion = format!("<answer>{answer}</answer>");
                            assert_eq!(
                                fast.verify(&completion, &options),
                                slow.verify(&completion, &options),
                                "{text}"
                            );
                        }
                    }
                }
            }
        }
        assert!(direct > 500, "{direct}");
    }
}
