#!/usr/bin/env python3
"""Scaffold a new task: `python scripts/new_task.py NAME`.

Creates rust/synlogic-core/src/tasks/NAME/ with the `//!` doc block and every item of the
`Task` trait stubbed, one file per concern:

    mod.rs          the spec (doc block) and the `impl Task`, delegating to the files below
    knobs.rs        the knob struct and its checks (with the kit's `check_range`)
    generate.rs     the generator (a minimal working one to replace)
    solve.rs        the oracle, the grader and (for UNIQUE tasks) the solution counter
    format.rs       prompt, answer rendering and answer parsing (they are inverses)
    adversarial.rs  near-miss wrong answers and named exploits
    tests.rs        unit tests

and registers the task: a `pub mod NAME;` line in tasks/mod.rs, a line in registry.rs and a
`[NAME]` entry with levels 1-10 in tasks.toml. The result compiles, and the conformance suite
(`cargo test -p synlogic-core --test conformance`) then fails with one message per piece
still to fill in, each naming the task and the `Task` item. See docs/adding-a-task.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "rust" / "synlogic-core" / "src"
TODO = "TODO(new_task)"


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def files(name: str) -> dict[str, str]:
    t = camel(name)
    return {
        "mod.rs": f'''//! {TODO}: one line saying what the model must do.
//!
//! {TODO}: the rules, precisely enough that a reader could solve an item by hand: what is
//! given, what is asked, what counts as correct. Say what the generator guarantees (no
//! degenerate items, uniqueness if UNIQUE is true) and what it does when it cannot meet its
//! constraints (it returns a `GenerateError`, never an easier item).
//!
//! Knobs: `size` (how many values, 1-100; the difficulty). {TODO}: every knob, its range and
//! its meaning.
//!
//! Answer format: {TODO}: exactly what goes inside `<answer>...</answer>`, and what the
//! parser tolerates (whitespace, case, ...).
//!
//! Partial credit: {TODO}: how it is computed and how it is gated so guesses earn about 0
//! (or "none: all-or-nothing").
//!
//! Difficulty measure: `{TODO}`: what `Generated::difficulty` counts.
//!
//! Verification bounds: {TODO}: what `load_puzzle` rejects, and the time and memory bound
//! of verification that follows.
//!
//! Example:
//! ```text
//! {TODO}: a small prompt and its answer block
//! ```

mod adversarial;
mod format;
mod generate;
mod knobs;
mod solve;
#[cfg(test)]
mod tests;

use serde::{{Deserialize, Serialize}};

pub use knobs::{t}Knobs;

use crate::rng::ItemRng;
use crate::task::{{GenerateError, Generated, Grade, KnobError, ParseError, Task}};

/// The task: {TODO}.
pub struct {t};

/// One puzzle: everything the prompt, the oracle and the verifier need. It is stored in the
/// verification payload, so keep it small, and `load_puzzle` must bound every size in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct {t}Puzzle {{
    /// The values drawn by the generator ({TODO}: the real puzzle).
    pub values: Vec<u32>,
}}

/// A parsed answer ({TODO}: the real answer type).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct {t}Answer {{
    /// The values in the answer.
    pub values: Vec<u32>,
}}

impl Task for {t} {{
    const ID: &'static str = "{name}";
    /// Bump whenever generated output changes (then re-bless the golden file).
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "values";
    /// `true` only with a real `count_solutions` (see solve.rs).
    const UNIQUE: bool = false;
    const MAX_ANSWER_BYTES: usize = 4 * 1024;

    type Knobs = {t}Knobs;
    type Puzzle = {t}Puzzle;
    type Answer = {t}Answer;

    fn check_knobs(knobs: &{t}Knobs) -> Result<(), KnobError> {{
        knobs::check(knobs)
    }}

    fn generate(knobs: &{t}Knobs, rng: &mut ItemRng) -> Result<Generated<{t}Puzzle>, GenerateError> {{
        generate::generate(knobs, rng)
    }}

    fn prompt(puzzle: &{t}Puzzle) -> String {{
        format::prompt(puzzle)
    }}

    fn solve(puzzle: &{t}Puzzle) -> {t}Answer {{
        solve::solve(puzzle)
    }}

    fn render_answer(puzzle: &{t}Puzzle, answer: &{t}Answer) -> String {{
        format::render_answer(puzzle, answer)
    }}

    fn parse_answer(puzzle: &{t}Puzzle, text: &str) -> Result<{t}Answer, ParseError> {{
        format::parse_answer(puzzle, text)
    }}

    fn grade(puzzle: &{t}Puzzle, answer: &{t}Answer) -> Grade {{
        solve::grade(puzzle, answer)
    }}

    fn count_solutions(puzzle: &{t}Puzzle, limit: u64) -> Option<u64> {{
        solve::count_solutions(puzzle, limit)
    }}

    fn wrong_answers(puzzle: &{t}Puzzle, rng: &mut ItemRng) -> Vec<String> {{
        adversarial::wrong_answers(puzzle, rng)
    }}

    fn exploits(puzzle: &{t}Puzzle) -> Vec<(&'static str, String)> {{
        adversarial::exploits(puzzle)
    }}

    fn load_puzzle(json: &str) -> Result<{t}Puzzle, String> {{
        format::load_puzzle(json)
    }}
}}
''',
        "knobs.rs": f"""//! The knobs of `{name}` and their checks.

use serde::{{Deserialize, Serialize}};

use crate::kit::knobs::check_range;
use crate::task::KnobError;

/// The knobs. Every level of tasks.toml is a table of these; unknown knobs are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct {t}Knobs {{
    /// How many values a puzzle holds ({TODO}: the real knobs).
    pub size: u32,
}}

impl Default for {t}Knobs {{
    fn default() -> Self {{
        Self {{ size: 4 }}
    }}
}}

/// Range and consistency checks, with the kit's wording.
pub(super) fn check(knobs: &{t}Knobs) -> Result<(), KnobError> {{
    check_range("size", knobs.size, 1, 100)
}}
""",
        "generate.rs": f"""//! The generator of `{name}`.

use serde_json::Map;

use super::{t}Knobs;
use super::{t}Puzzle;
use crate::rng::ItemRng;
use crate::task::{{GenerateError, Generated}};

/// Draws one puzzle from the item's random stream. {TODO}: replace this minimal generator
/// (it draws `size` values) with the real one; when the constraints cannot be met within the
/// attempt budget, return a `GenerateError` rather than an easier item.
pub(super) fn generate(
    knobs: &{t}Knobs,
    rng: &mut ItemRng,
) -> Result<Generated<{t}Puzzle>, GenerateError> {{
    let values: Vec<u32> = (0..knobs.size).map(|_| 1 + rng.index(99) as u32).collect();
    Ok(Generated {{
        difficulty: f64::from(knobs.size),
        puzzle: {t}Puzzle {{ values }},
        metadata: Map::new(),
    }})
}}
""",
        "solve.rs": f"""//! The oracle, the grader and the solution counter of `{name}`.

use super::{{{t}Answer, {t}Puzzle}};
use crate::task::Grade;

/// The oracle: a correct answer. {TODO}: solve the puzzle.
pub(super) fn solve(_puzzle: &{t}Puzzle) -> {t}Answer {{
    {t}Answer::default()
}}

/// Grades a parsed answer against the puzzle's rules (not against the oracle's answer, so that
/// every correct answer is accepted). {TODO}: check the rules; gate any partial credit.
pub(super) fn grade(_puzzle: &{t}Puzzle, _answer: &{t}Answer) -> Grade {{
    Grade::WRONG
}}

/// Counts solutions up to `limit` with a solver independent of `solve`. {TODO}: required
/// when UNIQUE is true (the conformance suite says so); `None` otherwise.
pub(super) fn count_solutions(_puzzle: &{t}Puzzle, _limit: u64) -> Option<u64> {{
    None
}}
""",
        "format.rs": f'''//! Prompt, answer rendering and answer parsing of `{name}` (they are inverses), and the
//! payload loader.

use super::{{{t}Answer, {t}Puzzle}};
use crate::task::ParseError;

/// The prompt, including the exact answer format. {TODO}: write it.
pub(super) fn prompt(puzzle: &{t}Puzzle) -> String {{
    format!("{TODO}: write the prompt for {{:?}}", puzzle.values)
}}

/// Renders an answer in the format the prompt asks for. {TODO}: write it.
pub(super) fn render_answer(_puzzle: &{t}Puzzle, answer: &{t}Answer) -> String {{
    format!("{{:?}}", answer.values)
}}

/// Reads an answer: lenient on form, strict on content, linear time, never panics.
/// {TODO}: write it.
pub(super) fn parse_answer(_puzzle: &{t}Puzzle, _text: &str) -> Result<{t}Answer, ParseError> {{
    Err(ParseError::new(
        "{TODO}: parse_answer is not written (src/tasks/{name}/format.rs)",
    ))
}}

/// Reads a puzzle from payload JSON (untrusted): {TODO}: reject every size beyond what the
/// generator makes at its largest knobs, naming the field.
pub(super) fn load_puzzle(json: &str) -> Result<{t}Puzzle, String> {{
    let puzzle: {t}Puzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if puzzle.values.len() > 100 {{
        return Err(format!("values: {{}} entries, at most 100", puzzle.values.len()));
    }}
    Ok(puzzle)
}}
''',
        "adversarial.rs": f"""//! Near-miss wrong answers and named exploits of `{name}`.

use super::{t}Puzzle;
use crate::rng::ItemRng;

/// Near-miss wrong answers (rendered), each of which must grade below 1. {TODO}: return a few
/// (one value changed, two swapped, one missing, ...).
pub(super) fn wrong_answers(_puzzle: &{t}Puzzle, _rng: &mut ItemRng) -> Vec<String> {{
    Vec::new()
}}

/// Named reward-hacking attempts (rendered), each of which must score 0; at least five
/// distinct names (`crate::contract::MIN_EXPLOITS`). {TODO}: a constant answer everywhere, a
/// value used twice, the givens copied back, ...
pub(super) fn exploits(_puzzle: &{t}Puzzle) -> Vec<(&'static str, String)> {{
    Vec::new()
}}
""",
        "tests.rs": f"""//! Unit tests of `{name}`. The registry-wide suites (conformance, exploits, golden,
//! properties, time bounds) cover the task with no code here; these test its own parts.
//! {TODO}: parser corners, partial-credit gating, each exploit, load_puzzle bounds.

use super::*;

#[test]
fn knobs_out_of_range_are_named() {{
    let err = {t}::check_knobs(&{t}Knobs {{ size: 0 }}).unwrap_err();
    assert_eq!(err.knob, "size");
    assert!({t}::check_knobs(&{t}Knobs::default()).is_ok());
}}

#[test]
fn oversized_payloads_are_rejected_naming_the_field() {{
    let json = serde_json::to_string(&{t}Puzzle {{ values: vec![1; 101] }}).unwrap();
    assert!({t}::load_puzzle(&json).unwrap_err().starts_with("values"));
}}
""",
    }


def insert_sorted_line(path: Path, line: str, pattern: str) -> None:
    """Adds `line` among the lines matching `pattern`, in sorted order."""
    lines = path.read_text().splitlines(keepends=True)
    matching = [i for i, text in enumerate(lines) if re.match(pattern, text)]
    if not matching:
        sys.exit(f"{path}: no line matches {pattern!r}")
    at = next((i for i in matching if lines[i].strip() > line.strip()), matching[-1] + 1)
    lines.insert(at, line)
    path.write_text("".join(lines))


def register(name: str) -> None:
    registry = CORE / "registry.rs"
    text = registry.read_text()
    entry = f"    &Registered::<tasks::{name}::{camel(name)}>::NEW,\n"
    end = text.index("];", text.index("pub static TASKS"))
    registry.write_text(text[:end] + entry + text[end:])


def catalogue_entry(name: str) -> str:
    levels = "\n".join(f"  {{ size = {level} }},  # {level}" for level in range(1, 11))
    return (
        f"\n[{name}]\n"
        f'summary = "{TODO}: one line saying what the model must do"\n'
        f'family = "logic"  # {TODO}: arithmetic, algorithmic, logic, ...\n'
        "default_level = 5\n"
        f"levels = [\n{levels}\n]\n"
    )


def main() -> None:
    if len(sys.argv) != 2 or not re.fullmatch(r"[a-z][a-z0-9_]*", sys.argv[1]):
        sys.exit("usage: scripts/new_task.py NAME  (lowercase letters, digits, underscores)")
    name = sys.argv[1]
    folder = CORE / "tasks" / name
    if folder.exists() or (CORE / "tasks" / f"{name}.rs").exists():
        sys.exit(f"{folder} already exists")
    folder.mkdir()
    for file, text in files(name).items():
        (folder / file).write_text(text)
    insert_sorted_line(CORE / "tasks" / "mod.rs", f"pub mod {name};\n", r"pub mod ")
    register(name)
    with (ROOT / "tasks.toml").open("a") as toml:
        toml.write(catalogue_entry(name))
    print(f"created {folder.relative_to(ROOT)}/ and registered {name!r}")
    print("next: cargo fmt --all && cargo test -p synlogic-core --test conformance")
    print("      (it lists what to fill in; see docs/adding-a-task.md)")


if __name__ == "__main__":
    main()
