//! The prompt, the rendering of moves, the lenient parser of answers and the payload loader.

use std::fmt::Write as _;

use super::generate::PEG_LETTERS;
use super::{AnswerMove, HanoiPuzzle, MAX_DISKS, MAX_MOVES, MAX_SIZE};
use crate::kit::separators::step_words;
use crate::task::ParseError;

/// Words the parser skips: the verbs and prepositions of "move disk 3 from A to C".
const FILLERS: &[&str] = &[
    "move", "moves", "from", "to", "onto", "on", "peg", "the", "top", "then", "step", "steps",
    "answer",
];

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn describe_position(puzzle: &HanoiPuzzle, position: &[u8], text: &mut String) {
    for peg in 0..puzzle.peg_count() as u8 {
        let stack: Vec<String> = (0..position.len())
            .rev()
            .filter(|&d| position[d] == peg)
            .map(|d| puzzle.sizes.get(d).map_or("?".into(), ToString::to_string))
            .collect();
        let listed = if stack.is_empty() {
            "(empty)".to_string()
        } else {
            stack.join(", ")
        };
        let _ = writeln!(text, "- {}: {listed}", puzzle.peg_name(peg));
    }
}

/// Two peg letters for the format example that are not pegs of this puzzle, so copying the
/// example never parses.
fn example_letters(puzzle: &HanoiPuzzle) -> (char, char) {
    let mut free = PEG_LETTERS
        .iter()
        .rev()
        .map(|&b| char::from(b))
        .filter(|c| !puzzle.peg_names.contains(*c));
    let first = free.next().unwrap_or('Y');
    (first, free.next().unwrap_or('Z'))
}

/// The prompt: pegs, disks, the rules, start and goal, what counts as optimal, the format.
pub fn prompt(puzzle: &HanoiPuzzle) -> String {
    let pegs: Vec<String> = puzzle.peg_names.chars().map(String::from).collect();
    let sizes: Vec<String> = puzzle.sizes.iter().map(ToString::to_string).collect();
    let mut text = format!(
        "Tower of Hanoi with {} pegs, named {} from left to right, and {} disks, named by their \
         sizes: {} (a larger number is a larger disk).\n\n\
         Rules: a move takes the top disk of one peg and puts it on another peg. A disk may \
         never be put on a smaller disk. Move one disk at a time.\n\n\
         Start (each peg from bottom to top):\n",
        pegs.len(),
        join_names(&pegs),
        sizes.len(),
        join_names(&sizes),
    );
    describe_position(puzzle, &puzzle.start, &mut text);
    text.push_str("\nGoal (each peg from bottom to top):\n");
    describe_position(puzzle, &puzzle.goal, &mut text);
    let (x, y) = example_letters(puzzle);
    let _ = write!(
        text,
        "\nReach the goal in the fewest moves possible: the true minimum for this start and this \
         goal{}. Any sequence of legal moves that reaches the goal with that minimum number of \
         moves is accepted; a longer sequence scores 0.\n\n\
         Answer with the moves in order, each written FROM->TO with peg names, separated by \
         commas, inside <answer> and </answer> tags. A move may also be written \"move disk 4 \
         from {x} to {y}\" (the disk named must be the top disk of the FROM peg).\n\
         Format example (not a solution): <answer>{x}->{y}, {y}->{x}</answer>",
        if puzzle.peg_count() == 4 {
            ", using all four pegs wherever that saves moves (found by searching every position)"
        } else {
            ""
        }
    );
    text
}

/// Moves as the prompt asks for them: `FROM->TO`, separated by ", ".
pub fn render(puzzle: &HanoiPuzzle, moves: &[AnswerMove]) -> String {
    let mut text = String::with_capacity(moves.len() * 6);
    for (i, step) in moves.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        text.push(puzzle.peg_name(step.from));
        text.push_str("->");
        text.push(puzzle.peg_name(step.to));
    }
    text
}

/// Reads moves: pairs of peg letters (any case) separated by arrows, spaces, "to", commas or
/// newlines; "move disk N from X to Y" names the moved disk; list numbers ("1.", "Step 2:")
/// must count the moves. Any other word or number is an error, and so are more than
/// [`MAX_MOVES`] moves or a peg left without its partner. One pass over the text.
pub fn parse(puzzle: &HanoiPuzzle, text: &str) -> Result<Vec<AnswerMove>, ParseError> {
    let mut moves: Vec<AnswerMove> = Vec::new();
    let mut pending_from: Option<u8> = None;
    let mut pending_disk: Option<u8> = None;
    let mut after_disk_word = false;
    let mut word = String::with_capacity(16);
    for raw in step_words(text, 12) {
        let raw = raw?;
        word.clear();
        word.push_str(raw);
        word.make_ascii_lowercase();
        let was_after_disk = std::mem::take(&mut after_disk_word);
        if raw.bytes().all(|b| b.is_ascii_digit()) {
            let number: usize = raw
                .parse()
                .map_err(|_| ParseError::new("a number out of range"))?;
            if was_after_disk {
                if pending_disk.is_some() {
                    return Err(ParseError::new("two disks named for one move"));
                }
                let size = u8::try_from(number)
                    .ok()
                    .filter(|s| puzzle.sizes.contains(s))
                    .ok_or_else(|| ParseError::new(format!("no disk of size {number}")))?;
                pending_disk = Some(size);
            } else if number == moves.len() + 1 && pending_from.is_none() && pending_disk.is_none()
            {
                // A list number such as "3." before the third move.
            } else {
                return Err(ParseError::new(format!("unexpected number {number}")));
            }
        } else if word == "disk" {
            after_disk_word = true;
        } else if FILLERS.contains(&word.as_str()) {
        } else if let Some(peg) = (raw.len() == 1)
            .then(|| puzzle.peg_names.find(raw.to_ascii_uppercase().as_str()))
            .flatten()
        {
            let peg = peg as u8;
            match pending_from.take() {
                None => pending_from = Some(peg),
                Some(from) => {
                    if moves.len() == MAX_MOVES {
                        return Err(ParseError::new(format!("more than {MAX_MOVES} moves")));
                    }
                    moves.push(AnswerMove {
                        from,
                        to: peg,
                        disk: pending_disk.take(),
                    });
                }
            }
        } else {
            let shown: String = raw.chars().take(12).collect();
            return Err(ParseError::new(format!("unknown word or peg {shown:?}")));
        }
    }
    if pending_from.is_some() || pending_disk.is_some() || after_disk_word {
        return Err(ParseError::new("an unfinished move at the end"));
    }
    if moves.is_empty() {
        return Err(ParseError::new("no moves"));
    }
    Ok(moves)
}

/// Reads a puzzle from payload JSON, bounding every field; the error names the field.
pub fn load_puzzle(json: &str) -> Result<HanoiPuzzle, String> {
    let puzzle: HanoiPuzzle = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let pegs = puzzle.peg_names.len();
    if !(3..=4).contains(&pegs)
        || !puzzle.peg_names.bytes().all(|b| PEG_LETTERS.contains(&b))
        || puzzle
            .peg_names
            .bytes()
            .enumerate()
            .any(|(i, b)| puzzle.peg_names.as_bytes()[..i].contains(&b))
    {
        return Err("pegs: must be 3 or 4 distinct capital letters (not I or O)".into());
    }
    let disks = puzzle.sizes.len();
    if !(1..=MAX_DISKS).contains(&disks)
        || puzzle.sizes.windows(2).any(|w| w[0] >= w[1])
        || puzzle.sizes.iter().any(|&s| s == 0 || s > MAX_SIZE)
    {
        return Err(format!(
            "sizes: must be 1 to {MAX_DISKS} increasing sizes from 1 to {MAX_SIZE}"
        ));
    }
    for (field, position) in [("start", &puzzle.start), ("goal", &puzzle.goal)] {
        if position.len() != disks || position.iter().any(|&p| usize::from(p) >= pegs) {
            return Err(format!("{field}: must give a peg for each disk"));
        }
    }
    if puzzle.optimal_moves as usize > MAX_MOVES {
        return Err(format!("opt: must be at most {MAX_MOVES}"));
    }
    if puzzle.solution.len() > MAX_MOVES
        || puzzle
            .solution
            .iter()
            .any(|m| usize::from(m[0]) >= pegs || usize::from(m[1]) >= pegs)
    {
        return Err(format!(
            "sol: must be at most {MAX_MOVES} moves between pegs"
        ));
    }
    Ok(puzzle)
}
