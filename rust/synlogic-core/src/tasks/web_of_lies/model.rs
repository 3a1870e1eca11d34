//! The puzzle model: people, given facts, statements, the payload checks and the solvers.

use serde::{Deserialize, Serialize};

/// Most people in a puzzle (the exhaustive counter visits `2^people` assignments).
pub const MAX_PEOPLE: usize = 20;
/// Most statements a payload may hold.
pub const MAX_STATEMENTS: usize = 64;
/// Longest name a payload may use.
const MAX_NAME: usize = 12;

/// A fact given outright: `person` tells the truth (`truthful`) or lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The person, by index into the names.
    pub person: u8,
    /// Whether they tell the truth.
    pub truthful: bool,
}

/// `speaker` says "`about` tells the truth" (`says_truthful`) or "`about` lies".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Who speaks.
    pub speaker: u8,
    /// Whom the statement is about.
    pub about: u8,
    /// Whether the speaker calls them truthful.
    pub says_truthful: bool,
}

impl Statement {
    /// Whether the statement is consistent with assignment `mask` (bit set = truthful).
    pub fn holds(self, mask: u32) -> bool {
        let speaker = mask >> self.speaker & 1 == 1;
        let about = mask >> self.about & 1 == 1;
        speaker == (about == self.says_truthful)
    }
}

/// The payload as stored, before its checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PuzzleRepr {
    names: Vec<String>,
    facts: Vec<Fact>,
    statements: Vec<Statement>,
}

/// A checked puzzle, its one solution derived by propagation when built or loaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "PuzzleRepr")]
pub struct WebOfLiesPuzzle {
    /// Everybody's name, in the order the prompt introduces them.
    pub names: Vec<String>,
    /// Facts given outright, in prompt order.
    pub facts: Vec<Fact>,
    /// Statements, in prompt order.
    pub statements: Vec<Statement>,
    /// The solution (bit `i` set = person `i` tells the truth); derived, never stored.
    #[serde(skip_serializing)]
    pub solution: u32,
}

impl TryFrom<PuzzleRepr> for WebOfLiesPuzzle {
    type Error = String;

    fn try_from(repr: PuzzleRepr) -> Result<Self, String> {
        Self::new(repr.names, repr.facts, repr.statements)
    }
}

impl WebOfLiesPuzzle {
    /// Checks sizes, names and indices, then derives the solution by propagation; a puzzle
    /// that propagation does not settle completely and consistently is rejected.
    pub fn new(
        names: Vec<String>,
        facts: Vec<Fact>,
        statements: Vec<Statement>,
    ) -> Result<Self, String> {
        let n = names.len();
        if !(2..=MAX_PEOPLE).contains(&n) {
            return Err(format!("names: must hold 2 to {MAX_PEOPLE} people"));
        }
        for (i, name) in names.iter().enumerate() {
            let ok = !name.is_empty()
                && name.len() <= MAX_NAME
                && name.bytes().all(|b| b.is_ascii_alphabetic());
            if !ok {
                return Err(format!(
                    "names: {:?} must be 1 to {MAX_NAME} ASCII letters",
                    name.chars().take(20).collect::<String>()
                ));
            }
            if names[..i].iter().any(|m| m.eq_ignore_ascii_case(name)) {
                return Err(format!("names: {name:?} appears twice"));
            }
        }
        if facts.is_empty() || facts.len() > n {
            return Err(format!("facts: must hold 1 to {n} facts"));
        }
        if statements.len() > MAX_STATEMENTS {
            return Err(format!("statements: at most {MAX_STATEMENTS}"));
        }
        if facts.iter().any(|f| usize::from(f.person) >= n) {
            return Err("facts: a person index is out of range".into());
        }
        if statements.iter().any(|s| {
            usize::from(s.speaker) >= n || usize::from(s.about) >= n || s.speaker == s.about
        }) {
            return Err("statements: a person index is out of range or speaks of themself".into());
        }
        let solution = propagate(n, &facts, &statements)?;
        Ok(Self {
            names,
            facts,
            statements,
            solution,
        })
    }

    /// The number of people.
    pub fn people(&self) -> usize {
        self.names.len()
    }

    /// Whether assignment `mask` satisfies every fact and statement.
    pub fn consistent(&self, mask: u32) -> bool {
        self.facts
            .iter()
            .all(|f| (mask >> f.person & 1 == 1) == f.truthful)
            && self.statements.iter().all(|s| s.holds(mask))
    }
}

/// Records `person`'s role; `false` if it contradicts what is already known.
fn settle(known: &mut u32, value: &mut u32, person: u8, truthful: bool) -> bool {
    if *known >> person & 1 == 1 {
        (*value >> person & 1 == 1) == truthful
    } else {
        *known |= 1 << person;
        *value |= u32::from(truthful) << person;
        true
    }
}

/// Derives every person's role from the facts, passing values along statements in both
/// directions until nothing changes; an error when someone stays open or a contradiction
/// appears.
pub fn propagate(n: usize, facts: &[Fact], statements: &[Statement]) -> Result<u32, String> {
    let mut known = 0u32;
    let mut value = 0u32;
    for f in facts {
        if !settle(&mut known, &mut value, f.person, f.truthful) {
            return Err("facts: they contradict each other".into());
        }
    }
    // Each sweep settles at least one more person, or stops.
    for _ in 0..=n {
        let before = known;
        for s in statements {
            let (sp, ab) = (s.speaker, s.about);
            let ok = match (known >> sp & 1 == 1, known >> ab & 1 == 1) {
                (true, _) => {
                    let speaker = value >> sp & 1 == 1;
                    settle(&mut known, &mut value, ab, speaker == s.says_truthful)
                }
                (false, true) => {
                    let about = value >> ab & 1 == 1;
                    settle(&mut known, &mut value, sp, about == s.says_truthful)
                }
                (false, false) => true,
            };
            if !ok {
                return Err("statements: they contradict the facts".into());
            }
        }
        if known == before {
            break;
        }
    }
    let all = (1u32 << n) - 1;
    if known != all {
        return Err("statements: some person's role is not determined".into());
    }
    Ok(value)
}

/// Counts, up to `limit`, the assignments of all `2^n` satisfying every fact and statement:
/// the independent uniqueness proof. Facts are checked first, as a mask comparison.
pub fn count_exhaustive(puzzle: &WebOfLiesPuzzle, limit: u64) -> u64 {
    let n = puzzle.people();
    let mut fixed = 0u32;
    let mut fixed_value = 0u32;
    for f in &puzzle.facts {
        fixed |= 1 << f.person;
        fixed_value |= u32::from(f.truthful) << f.person;
    }
    let mut count = 0;
    for mask in 0..(1u32 << n) {
        if mask & fixed == fixed_value & fixed && puzzle.consistent(mask) {
            count += 1;
            if count >= limit {
                break;
            }
        }
    }
    count
}
