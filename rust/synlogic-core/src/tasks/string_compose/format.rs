//! The prompt, the rendered answer and the answer parser (inverses of each other).

use std::fmt::Write as _;

use super::functions::{spec, FnSpec, Params, Step, FUNCTIONS};
use super::{StringComposeAnswer, StringComposePuzzle};
use crate::kit::trace::{split_step_label, Label};
use crate::task::ParseError;

/// Writes a step as it appears in prompts, e.g. `rotate_left(k=3)`.
pub(super) fn write_step(out: &mut String, step: &Step) {
    let spec = spec(step.f);
    out.push_str(spec.name);
    let k = step.k.unwrap_or(0);
    let a = step.a.unwrap_or('?');
    let b = step.b.unwrap_or('?');
    let _ = match spec.params {
        Params::None => Ok(()),
        Params::K => write!(out, "(k={k})"),
        Params::C => write!(out, "(c='{a}')"),
        Params::KC => write!(out, "(k={k}, c='{a}')"),
        Params::AB => write!(out, "(a='{a}', b='{b}')"),
    };
}

/// A step rendered as in prompts.
pub fn step_text(step: &Step) -> String {
    let mut out = String::with_capacity(24);
    write_step(&mut out, step);
    out
}

/// The signature of a library function, e.g. `insert_every(k, c)`.
fn signature(spec: &FnSpec) -> &'static str {
    match spec.params {
        Params::None => "",
        Params::K => "(k)",
        Params::C => "(c)",
        Params::KC => "(k, c)",
        Params::AB => "(a, b)",
    }
}

/// The lines the prompt shows as its format example in trace mode.
pub(super) const TRACE_EXAMPLE: [&str; 3] = ["abc", "cba", "CBA"];
/// The answer the prompt shows as its format example in plain mode.
pub(super) const PLAIN_EXAMPLE: &str = "aBc3d";

/// The prompt of a puzzle.
pub(super) fn prompt(puzzle: &StringComposePuzzle) -> String {
    let k = puzzle.p.len();
    let mut out = String::with_capacity(900 + k * 220);
    out.push_str(
        "Apply a pipeline of string functions to an input string, one step after another.\n\nInput string: \"",
    );
    out.push_str(&puzzle.s);
    out.push_str("\"\n\nPipeline (each step acts on the result of the previous step):\n");
    for (i, step) in puzzle.p.iter().enumerate() {
        let _ = write!(out, "{}. ", i + 1);
        write_step(&mut out, step);
        out.push('\n');
    }
    out.push_str(
        "\nDefinitions (n is the length of the current string; positions count from 1; letters are the ASCII letters a-z and A-Z):\n",
    );
    let mut shown = [false; FUNCTIONS.len()];
    for step in &puzzle.p {
        let index = step.f as usize;
        if shown[index] {
            continue;
        }
        shown[index] = true;
        let spec = &FUNCTIONS[index];
        out.push_str("- ");
        out.push_str(spec.name);
        out.push_str(signature(spec));
        out.push(' ');
        out.push_str(spec.definition);
        if puzzle.w {
            out.push_str(" Example: ");
            write_step(&mut out, &spec.example);
            out.push_str(" turns \"");
            out.push_str(spec.example_in);
            out.push_str("\" into \"");
            out.push_str(spec.example_out);
            out.push_str("\".");
        }
        out.push('\n');
    }
    out.push('\n');
    if puzzle.t {
        let _ = write!(
            out,
            "Give every intermediate string, in order, one per line: line i is \"i: \" followed by the string after step i, so the last line (line {k}) holds the final result. Letter case matters and the strings contain no spaces; leading and trailing whitespace is ignored, and you may wrap each string in quotes or backticks. Lines are checked in order: partial credit counts the correct lines before the first wrong one. Put your final answer inside <answer> and </answer> tags, e.g.\n<answer>\n"
        );
        for (i, example) in TRACE_EXAMPLE.iter().enumerate().take(k.min(2)) {
            let _ = writeln!(out, "{}: {example}", i + 1);
        }
        if k >= 3 {
            if k > 3 {
                out.push_str("...\n");
            }
            let _ = writeln!(out, "{k}: {}", TRACE_EXAMPLE[2]);
        }
        out.push_str("</answer>");
    } else {
        out.push_str(
            "Give the string after the last step. Letter case matters and the string contains no spaces; leading and trailing whitespace is ignored, and you may wrap the string in quotes or backticks. Put your final answer inside <answer> and </answer> tags, e.g. <answer>",
        );
        out.push_str(PLAIN_EXAMPLE);
        out.push_str("</answer>.");
    }
    out
}

/// An answer as the prompt asks for it.
pub(super) fn render_answer(puzzle: &StringComposePuzzle, answer: &StringComposeAnswer) -> String {
    if !puzzle.t {
        return answer.strings.first().cloned().unwrap_or_default();
    }
    let mut out = String::with_capacity(answer.strings.iter().map(|s| s.len() + 5).sum());
    for (i, s) in answer.strings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(out, "{}: {s}", i + 1);
    }
    out
}

/// Reads an answer (see [`super::StringCompose`] for the accepted forms).
pub(super) fn parse_answer(
    puzzle: &StringComposePuzzle,
    text: &str,
) -> Result<StringComposeAnswer, ParseError> {
    if !puzzle.t {
        return Ok(StringComposeAnswer {
            strings: vec![clean_string(text)?.to_string()],
        });
    }
    let mut strings = Vec::with_capacity(puzzle.p.len());
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("```") {
            continue;
        }
        if strings.len() >= puzzle.p.len() {
            return Err(ParseError::new(format!(
                "more lines than the {} steps",
                puzzle.p.len()
            )));
        }
        let expected = strings.len() + 1;
        strings.push(parse_trace_line(line, expected)?.to_string());
    }
    if strings.is_empty() {
        return Err(ParseError::new("no step lines"));
    }
    Ok(StringComposeAnswer { strings })
}

/// One answer string: trimmed, surrounding quotes and backticks removed, no inner whitespace.
fn clean_string(text: &str) -> Result<&str, ParseError> {
    let s = text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`'));
    if s.is_empty() {
        return Err(ParseError::new("empty answer"));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(ParseError::new(
            "the answer must be a single string without spaces",
        ));
    }
    Ok(s)
}

/// The string of a trace line `i: <string>` (or any label form [`split_step_label`] reads).
fn parse_trace_line(line: &str, expected: usize) -> Result<&str, ParseError> {
    clean_string(split_step_label(line, Label::Required, expected..=expected)?.body)
}
