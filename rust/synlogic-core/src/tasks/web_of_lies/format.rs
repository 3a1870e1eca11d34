//! The prompt, the canonical answer text, and the lenient-on-form, strict-on-content parser.

use std::fmt::Write as _;

use super::model::WebOfLiesPuzzle;
use crate::kit::separators::is_word_separator;
use crate::task::ParseError;

fn role(truthful: bool) -> &'static str {
    if truthful {
        "tells the truth"
    } else {
        "lies"
    }
}

/// The prompt: the people, the facts, the statements and the answer format.
pub fn prompt(puzzle: &WebOfLiesPuzzle) -> String {
    let n = puzzle.people();
    let mut out = String::with_capacity(700 + 50 * (n + puzzle.statements.len()));
    let _ = writeln!(
        out,
        "Each of these {n} people either always tells the truth or always lies: {}.\n",
        puzzle.names.join(", ")
    );
    out.push_str("Known facts:\n");
    for fact in &puzzle.facts {
        let _ = writeln!(
            out,
            "- {} {}.",
            puzzle.names[usize::from(fact.person)],
            role(fact.truthful)
        );
    }
    out.push_str("\nStatements:\n");
    for s in &puzzle.statements {
        let _ = writeln!(
            out,
            "- {} says: \"{} {}.\"",
            puzzle.names[usize::from(s.speaker)],
            puzzle.names[usize::from(s.about)],
            role(s.says_truthful)
        );
    }
    let _ = write!(
        out,
        "\nA statement by someone who tells the truth is true; a statement by someone who lies \
         is false. Decide, for every person, whether they tell the truth or lie. Exactly one \
         assignment is consistent with the facts and the statements.\n\n\
         Give your final answer inside <answer> and </answer> tags, with one line per person in \
         the form \"Name: truthful\" or \"Name: liar\", listing each of the {n} people exactly \
         once by the name used above. The shape of the block (with placeholder names) is:\n\
         <answer>\nName: truthful\nOther name: liar\n...\n</answer>"
    );
    out
}

/// The canonical answer text: `Name: truthful` / `Name: liar`, one line per person.
pub fn render(puzzle: &WebOfLiesPuzzle, mask: u32) -> String {
    let mut out = String::with_capacity(16 * puzzle.people());
    for (i, name) in puzzle.names.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let truthful = mask >> i & 1 == 1;
        let _ = write!(
            out,
            "{name}: {}",
            if truthful { "truthful" } else { "liar" }
        );
    }
    out
}

/// Words that may stand between a name and its role.
const FILLERS: &[&str] = &["is", "a", "an", "the", "tells", "always", "says"];

/// A role word, any case.
fn role_word(word: &str) -> Option<bool> {
    const TRUE: &[&str] = &[
        "truthful", "truth", "honest", "true", "t", "yes", "1", "knight",
    ];
    const FALSE: &[&str] = &[
        "liar", "lies", "lie", "lying", "false", "f", "no", "0", "knave",
    ];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(false)
    } else {
        None
    }
}

/// Reads `name role` pairs in any order and with any separators. Every person must get
/// exactly one role; an unknown name, a repeated person, a role without a name, a name
/// without a role or any other word (a negation included) is an error.
pub fn parse(puzzle: &WebOfLiesPuzzle, text: &str) -> Result<u32, ParseError> {
    let n = puzzle.people();
    let mut known = 0u32;
    let mut value = 0u32;
    let mut pending: Option<usize> = None;
    for word in text.split(is_word_separator).filter(|w| !w.is_empty()) {
        if !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(ParseError::new("unexpected characters in the answer"));
        }
        if let Some(person) = pending {
            if FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
                continue;
            }
            let Some(truthful) = role_word(word) else {
                return Err(ParseError::new(format!(
                    "{} has no role",
                    puzzle.names[person]
                )));
            };
            known |= 1 << person;
            value |= u32::from(truthful) << person;
            pending = None;
            continue;
        }
        let Some(person) = puzzle
            .names
            .iter()
            .position(|name| name.eq_ignore_ascii_case(word))
        else {
            return Err(ParseError::new("not a person's name"));
        };
        if known >> person & 1 == 1 {
            return Err(ParseError::new(format!(
                "{} is given twice",
                puzzle.names[person]
            )));
        }
        pending = Some(person);
    }
    if let Some(person) = pending {
        return Err(ParseError::new(format!(
            "{} has no role",
            puzzle.names[person]
        )));
    }
    let all = (1u32 << n) - 1;
    if known != all {
        return Err(ParseError::new("somebody is missing"));
    }
    Ok(value)
}
