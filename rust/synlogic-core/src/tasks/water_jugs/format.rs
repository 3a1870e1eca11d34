//! The prompt, the rendering of actions, the lenient parser of answers and the payload loader.

use std::fmt::Write as _;

use super::generate::JUG_LETTERS;
use super::{Action, JugsPuzzle, MAX_ACTIONS, MAX_CAPACITY, MAX_JUGS, UNITS};
use crate::kit::separators::step_words;
use crate::task::ParseError;

/// Words the parser skips: "pour from jug K into the jug D".
const FILLERS: &[&str] = &[
    "jug", "into", "to", "from", "the", "then", "step", "answer", "actions", "action",
];

fn unit(puzzle: &JugsPuzzle) -> &'static str {
    UNITS
        .get(usize::from(puzzle.unit))
        .copied()
        .unwrap_or("litres")
}

/// Two jug letters for the format example that are not jugs of this puzzle, so copying the
/// example never parses.
fn example_letters(puzzle: &JugsPuzzle) -> (char, char) {
    let mut free = JUG_LETTERS
        .iter()
        .rev()
        .map(|&b| char::from(b))
        .filter(|c| !puzzle.names.contains(*c));
    let first = free.next().unwrap_or('Y');
    (first, free.next().unwrap_or('Z'))
}

/// The prompt: the jugs, the actions, the goal, what counts as shortest, the format.
pub fn prompt(puzzle: &JugsPuzzle) -> String {
    let u = unit(puzzle);
    let mut text = format!(
        "You have {} jugs and a tap with endless water:\n",
        puzzle.capacities.len()
    );
    for (j, (&cap, &now)) in puzzle.capacities.iter().zip(&puzzle.start).enumerate() {
        let _ = writeln!(
            text,
            "- jug {} holds up to {cap} {u} and now holds {now} {u}",
            puzzle.name(j as u8)
        );
    }
    let goal = match puzzle.jug {
        Some(j) => format!("jug {} holds exactly {} {u}", puzzle.name(j), puzzle.target),
        None => format!(
            "some jug (any one of them) holds exactly {} {u}",
            puzzle.target
        ),
    };
    let (x, y) = example_letters(puzzle);
    let _ = write!(
        text,
        "\nActions, one at a time (the jugs have no marks, so these are the only ways to \
         measure):\n\
         - fill X: fill jug X to the brim from the tap\n\
         - empty X: pour all of jug X away\n\
         - pour X into Y: pour from jug X into jug Y until X is empty or Y is full, whichever \
         comes first\n\n\
         Goal: after your last action, {goal}; the other jugs may hold anything.\n\n\
         Use the fewest actions possible. Any sequence of actions that meets the goal with \
         that minimum number of actions is accepted; a longer sequence scores 0.\n\n\
         Answer with the actions in order, separated by commas, inside <answer> and </answer> \
         tags.\n\
         Format example (not a solution): <answer>fill {x}, pour {x} into {y}, empty {y}</answer>"
    );
    text
}

/// Actions as the prompt asks for them, separated by ", ".
pub fn render(puzzle: &JugsPuzzle, actions: &[Action]) -> String {
    actions
        .iter()
        .map(|&a| match a {
            Action::Fill(j) => format!("fill {}", puzzle.name(j)),
            Action::Empty(j) => format!("empty {}", puzzle.name(j)),
            Action::Pour(x, y) => format!("pour {} into {}", puzzle.name(x), puzzle.name(y)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Clone, Copy, PartialEq)]
enum Verb {
    Fill,
    Empty,
    Pour,
}

/// Reads actions: a verb (`fill`, `empty`, `pour`) and its jug letters (any case), or a bare
/// pair of jugs for a pour; fillers such as "jug", "into", "from", "to" and list numbers that
/// count the actions are skipped. Any other word or number is an error, and so are a verb
/// left without its jugs and more than [`MAX_ACTIONS`] actions. One pass over the text.
pub fn parse(puzzle: &JugsPuzzle, text: &str) -> Result<Vec<Action>, ParseError> {
    let mut actions = Vec::new();
    let mut verb: Option<Verb> = None;
    let mut jugs: Vec<u8> = Vec::with_capacity(2);
    let mut word = String::with_capacity(16);
    for raw in step_words(text, 12) {
        let raw = raw?;
        word.clear();
        word.push_str(raw);
        word.make_ascii_lowercase();
        let pending = verb.is_some() || !jugs.is_empty();
        let new_verb = match word.as_str() {
            "fill" | "refill" => Some(Verb::Fill),
            "empty" | "dump" => Some(Verb::Empty),
            "pour" => Some(Verb::Pour),
            _ => None,
        };
        if let Some(v) = new_verb {
            if pending {
                return Err(ParseError::new("an action left without its jugs"));
            }
            verb = Some(v);
        } else if FILLERS.contains(&word.as_str()) {
        } else if raw.bytes().all(|b| b.is_ascii_digit()) {
            if pending || raw.parse::<usize>() != Ok(actions.len() + 1) {
                return Err(ParseError::new(format!("unexpected number {raw}")));
            }
        } else if let Some(j) = (raw.len() == 1)
            .then(|| puzzle.names.find(raw.to_ascii_uppercase().as_str()))
            .flatten()
        {
            jugs.push(j as u8);
            let done = match (verb, jugs.as_slice()) {
                (Some(Verb::Fill), &[j]) => Some(Action::Fill(j)),
                (Some(Verb::Empty), &[j]) => Some(Action::Empty(j)),
                (Some(Verb::Pour) | None, &[a, b]) => Some(Action::Pour(a, b)),
                _ => None,
            };
            if let Some(action) = done {
                if actions.len() == MAX_ACTIONS {
                    return Err(ParseError::new(format!("more than {MAX_ACTIONS} actions")));
                }
                actions.push(action);
                verb = None;
                jugs.clear();
            }
        } else {
            let shown: String = raw.chars().take(12).collect();
            return Err(ParseError::new(format!("unknown word or jug {shown:?}")));
        }
    }
    if verb.is_some() || !jugs.is_empty() {
        return Err(ParseError::new("an unfinished action at the end"));
    }
    if actions.is_empty() {
        return Err(ParseError::new("no actions"));
    }
    Ok(actions)
}

/// Reads a puzzle from payload JSON, bounding every field; the error names the field.
pub fn load_puzzle(json: &str) -> Result<JugsPuzzle, String> {
    let puzzle: JugsPuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let n = puzzle.names.len();
    if !(2..=MAX_JUGS).contains(&n)
        || !puzzle.names.bytes().all(|b| JUG_LETTERS.contains(&b))
        || puzzle
            .names
            .bytes()
            .enumerate()
            .any(|(i, b)| puzzle.names.as_bytes()[..i].contains(&b))
    {
        return Err(format!(
            "names: must be 2 to {MAX_JUGS} distinct capital letters (not I or O)"
        ));
    }
    if puzzle.capacities.len() != n
        || puzzle
            .capacities
            .iter()
            .any(|&c| c == 0 || c > MAX_CAPACITY)
    {
        return Err(format!(
            "caps: must give each jug a capacity from 1 to {MAX_CAPACITY}"
        ));
    }
    if puzzle.start.len() != n
        || puzzle
            .start
            .iter()
            .zip(&puzzle.capacities)
            .any(|(s, c)| s > c)
    {
        return Err("start: must give each jug contents within its capacity".into());
    }
    if puzzle.target == 0 || puzzle.target > MAX_CAPACITY {
        return Err(format!("target: must be 1 to {MAX_CAPACITY}"));
    }
    if puzzle.jug.is_some_and(|j| usize::from(j) >= n) {
        return Err("jug: must be one of the jugs".into());
    }
    if usize::from(puzzle.unit) >= UNITS.len() {
        return Err("unit: unknown unit".into());
    }
    if puzzle.optimal_actions as usize > MAX_ACTIONS {
        return Err(format!("opt: must be at most {MAX_ACTIONS}"));
    }
    let bad_jug = |j: u8| usize::from(j) >= n;
    if puzzle.solution.len() > MAX_ACTIONS
        || puzzle.solution.iter().any(|a| match *a {
            Action::Fill(j) | Action::Empty(j) => bad_jug(j),
            Action::Pour(x, y) => bad_jug(x) || bad_jug(y),
        })
    {
        return Err(format!(
            "sol: must be at most {MAX_ACTIONS} actions on the jugs"
        ));
    }
    Ok(puzzle)
}
