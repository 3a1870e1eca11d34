//! Knights and knaves: every inhabitant of an island is a knight (always truthful) or a knave
//! (always lies), and each makes one statement; work out who is which.
//!
//! # What it generates
//! `people` inhabitants with distinct first names drawn from a pool of 256 (no repeats within a
//! puzzle). Each says one statement built from a grammar of:
//! plain claims ("Bob is a knight", "Carol is a knave", "I am a knave"), negation ("Bob is not
//! a knight", "it is not the case that (…)"), `and`, inclusive `or`, `if …, then …`,
//! `… if and only if …`, counting claims over a group ("among Bob, Dan and me, exactly two /
//! at least one / at most one are knaves") and kind comparisons ("Bob and I are of the same
//! kind", "… of different kinds"). Compound parts nested inside another connective are wrapped
//! in parentheses, so every statement reads unambiguously. Within one statement no person is
//! the subject of two plain claims (no "Bob is a knight or Bob is a knave").
//!
//! The generator draws a hidden assignment (each person is a knight with a per-puzzle
//! probability drawn uniformly from [0.25, 0.75]: balanced on average, ranging from mostly knaves
//! to mostly knights; everybody shares one role in ~7.5% of default-level puzzles, 0.5% at 14
//! people, 56% at 2 people where only 4 assignments exist), then keeps the set of candidate
//! assignments still consistent with the statements so far as a bitset over all `2^people` masks. Statements are
//! compiled to a small postfix program and evaluated bit-sliced, 64 assignments per `u64` word.
//! People speak in a random order; each statement is sampled until it is true exactly when its
//! speaker is a knight under the hidden assignment and (if possible) removes candidates; the last
//! speaker must leave exactly one candidate. If more than one remains, random statements are
//! resampled while that shrinks the set; failing that, the attempt restarts (bounded budget, then
//! a [`GenerateError`]). Uniqueness is re-proved by [`Task::count_solutions`], an independent
//! scalar evaluator run over every `u32` mask.
//!
//! # Knobs
//! - `people` (2–20): inhabitants, each making one statement.
//! - `depth` (1–4): maximum nesting of connectives; 1 = one connective over plain claims.
//! - `width` (2–6): maximum operands of `and` / `or`; groups of counting claims have 2 to
//!   `width + 1` people. A statement names about `width + 2 * (depth - 1)` people at most.
//! - `types`: the allowed statement types (snake_case), default all: `not`, `and`, `or`,
//!   `if_then`, `iff`, `exactly`, `at_least`, `at_most`, `same_kind`, `self_reference` (whether
//!   statements may mention their speaker). Plain claims about others are always allowed. At
//!   least one type other than `not` / `self_reference` is required: with plain claims and
//!   negations alone, flipping everybody preserves every statement, so no puzzle is unique.
//!
//! # Difficulty
//! `backtrack_nodes`: the nodes a complete backtracking search visits (people assigned in
//! introduction order, knight first; after each assignment every statement whose speaker is known
//! is evaluated in three-valued logic over the partial assignment and the branch is pruned when it
//! cannot match its speaker's role). Metadata also records `solutions` (1), `assignment` (one
//! `K`/`N` per person in introduction order), `knights`, `structure` (every statement's logical
//! form with names replaced by person indices, `;`-separated, in the formula syntax of the
//! payload), `mentions` (people named over all statements) and `attempts` (generation attempts
//! used).
//!
//! # Answer format and verification
//! One line per person, `Name: knight` or `Name: knave`, e.g.
//! `<answer>\nAlice: knight\nBob: knave\n</answer>`. Parsing is by whole ASCII words, lenient on
//! form: any case and order, `:`/`-`/`is a`/`are` fillers, bullets and numbering, lines, commas or
//! semicolons, groups ("Alice and Bob are knights") and headed lists ("Knights: Alice, Bob.
//! Knaves: none"). Only `knight(s)`/`knave(s)` name roles. Strict on content: a word that is not
//! a name, a role or a small set of fillers (`is`, `a`, `are`, `and`, `the`, …) is a parse error,
//! so a negation ("Alice is not a knight"), an unknown name or prose is rejected rather than
//! guessed at; so is a person given both roles, a person missing, or a name with no role.
//! Repeating the same assignment is tolerated. Grading evaluates every statement on the answer's
//! assignment (the stored solution is checked this way once, when the payload is loaded, so a
//! correct answer then costs one comparison).
//!
//! Partial credit (opt-in) is gated against the best constant guess: with `acc` the fraction of
//! people labelled correctly and `base = max(knights, knaves) / people` for this puzzle,
//! `credit = max(0, (acc - base) / (1 - base))`. A constant answer ("everyone is a knight") thus
//! earns 0 partial credit on every puzzle; it scores only where it is the solution itself.
//!
//! # Example (default level 5: 6 people, depth 2, width 3; seed 0, index 0)
//! ```text
//! You meet six inhabitants: Bruno, Olga, Ruth, Adrian, Paloma and Victor. Each of them makes
//! one statement:
//!
//! - Bruno says: "Among Ruth and Paloma, at most one is a knight."
//! - Olga says: "Victor is a knight."
//! - Ruth says: "Among Bruno, Olga and Adrian, at least one is a knight."
//! - Adrian says: "Among Bruno, Olga, Ruth and Paloma, at most one is a knave."
//! - Paloma says: "Among Adrian and me, neither is a knave."
//! - Victor says: "I am a knight if and only if (among Bruno, Ruth, Adrian and Paloma, at
//!   least two are knaves)."
//! …
//! <answer>
//! Bruno: knight
//! Olga: knave
//! Ruth: knight
//! Adrian: knave
//! Paloma: knave
//! Victor: knave
//! </answer>
//! ```
//! Structure: `M1K[2,4];K5;L1K[0,1,3];M1N[0,1,2,4];E0N[3,4];=(K5,L2N[0,2,3,4])`.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// Most inhabitants a puzzle may have (assignments are `u32` masks; all `2^n` are enumerated).
pub const MAX_PEOPLE: usize = 20;
/// Evaluation stack size; programs needing more are rejected when a payload is loaded.
const STACK: usize = 32;
/// Nesting cap of the payload's formula parser.
const MAX_FORMULA_NESTING: u32 = 12;
/// Generation attempts (each with a fresh hidden assignment) before giving up.
const ATTEMPTS: usize = 40;
/// Samples per statement to find one matching its speaker's role.
const TRUTH_TRIES: usize = 40;

/// The first-name pool (ASCII letters only, distinct, none equal to a parser keyword).
#[rustfmt::skip]
const NAMES: &[&str] = &[
    "Aaron", "Abigail", "Adam", "Adrian", "Ahmed", "Aiko", "Aisha", "Alan", "Albert", "Alec",
    "Alice", "Alma", "Amara", "Amir", "Ana", "Andrea", "Andrei", "Angela", "Anika", "Anton",
    "Arjun", "Arthur", "Astrid", "Aurora", "Ayla", "Beatrice", "Bella", "Benedict", "Benjamin",
    "Bernard", "Bianca", "Boris", "Brenda", "Bruno", "Caleb", "Camila", "Carlos", "Carmen",
    "Caroline", "Cecilia", "Cedric", "Celeste", "Chen", "Chiara", "Chloe", "Clara", "Claude",
    "Colin", "Cora", "Cyrus", "Dalia", "Damian", "Daniel", "Dante", "Daria", "David", "Delia",
    "Dennis", "Diana", "Dimitri", "Dolores", "Dorothy", "Edgar", "Edith", "Eduardo", "Elena",
    "Elias", "Elif", "Eliza", "Ella", "Emil", "Emma", "Enzo", "Erik", "Esme", "Esther", "Ethan",
    "Eva", "Ezra", "Fabian", "Farah", "Fatima", "Felix", "Fiona", "Flora", "Florian", "Freya",
    "Gabriel", "Gareth", "Gemma", "George", "Gideon", "Gina", "Greta", "Gustav", "Hana", "Hannah",
    "Harold", "Hassan", "Hector", "Helena", "Henrik", "Hugo", "Ida", "Ignacio", "Igor", "Imani",
    "Ines", "Ingrid", "Irene", "Iris", "Isaac", "Isabel", "Ivan", "Jacob", "Jamal", "Janet",
    "Jasper", "Javier", "Jonas", "Jorge", "Joseph", "Julia", "Julian", "Juno", "Kai", "Kamal",
    "Karim", "Karin", "Kasper", "Katya", "Keiko", "Kenji", "Kiara", "Kofi", "Lara", "Laszlo",
    "Laura", "Leah", "Leila", "Leon", "Leonora", "Liam", "Lila", "Linnea", "Lionel", "Lorenzo",
    "Lucia", "Lucas", "Luis", "Luna", "Lydia", "Magnus", "Malik", "Marco", "Marek", "Margot",
    "Maria", "Marius", "Martha", "Mateo", "Matilda", "Maya", "Mei", "Milan", "Mira", "Miriam",
    "Moses", "Nadia", "Naomi", "Nathan", "Nikolai", "Nina", "Noah", "Nora", "Octavia", "Odette",
    "Olga", "Oliver", "Omar", "Oscar", "Otto", "Pablo", "Paloma", "Paolo", "Patrick", "Paula",
    "Pedro", "Petra", "Philip", "Priya", "Quentin", "Rafael", "Rahul", "Ramon", "Rania", "Raquel",
    "Rebecca", "Reza", "Rhea", "Ricardo", "Rita", "Roberto", "Roland", "Rosa", "Ruben", "Rufus",
    "Ruth", "Sabrina", "Samir", "Samuel", "Sanjay", "Sara", "Sebastian", "Selma", "Sergei",
    "Simone", "Sofia", "Soren", "Stella", "Stefan", "Susanna", "Tamara", "Tariq", "Thea", "Theo",
    "Thomas", "Tobias", "Ursula", "Valentina", "Valeria", "Vera", "Victor", "Vikram", "Viola",
    "Vivian", "Walter", "Wanda", "Wendy", "Xavier", "Ximena", "Yara", "Yasmin", "Yuki", "Yusuf",
    "Zara", "Zoltan", "Zora", "Amos", "Bettina", "Cosmo", "Dagny", "Emeka", "Folake", "Goran",
    "Halima",
];

// Name picks are indices kept in bytes.
const _: () = assert!(NAMES.len() <= 256);

/// Words the answer parser skips (besides names, roles and list numbers).
const FILLERS: &[&str] = &[
    "a",
    "an",
    "the",
    "is",
    "are",
    "am",
    "be",
    "was",
    "were",
    "and",
    "as",
    "both",
    "role",
    "roles",
    "type",
    "kind",
    "answer",
    "final",
    "person",
    "inhabitant",
    "inhabitants",
];

/// Negations, named in the parse error (any unknown word is rejected anyway).
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "none", "nobody", "non", "isn't", "aren't", "isnt",
    "arent", "cannot", "can't",
];

const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Lane patterns: bit `l` of `LANE_PATTERNS[p]` is bit `p` of `l` (masks `64w + l`, `l < 64`).
const LANE_PATTERNS: [u64; 6] = [
    0xAAAA_AAAA_AAAA_AAAA,
    0xCCCC_CCCC_CCCC_CCCC,
    0xF0F0_F0F0_F0F0_F0F0,
    0xFF00_FF00_FF00_FF00,
    0xFFFF_0000_FFFF_0000,
    0xFFFF_FFFF_0000_0000,
];

/// The knights-and-knaves task.
pub struct KnightsKnaves;

/// A statement type allowed by the `types` knob.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementType {
    /// Negation: "Bob is not a knight", "it is not the case that (…)".
    Not,
    /// Conjunction: "A and B".
    And,
    /// Inclusive disjunction: "A or B".
    Or,
    /// Implication: "if A, then B".
    IfThen,
    /// Equivalence: "A if and only if B".
    Iff,
    /// "Among X, Y and Z, exactly k are knights/knaves".
    Exactly,
    /// "Among …, at least k are knights/knaves".
    AtLeast,
    /// "Among …, at most k are knights/knaves".
    AtMost,
    /// "X and Y are of the same kind" / "of different kinds".
    SameKind,
    /// Statements may mention their speaker ("I am a knave", "among Bob and me").
    SelfReference,
}

/// Every statement type, the default of the `types` knob.
pub const ALL_TYPES: [StatementType; 10] = [
    StatementType::Not,
    StatementType::And,
    StatementType::Or,
    StatementType::IfThen,
    StatementType::Iff,
    StatementType::Exactly,
    StatementType::AtLeast,
    StatementType::AtMost,
    StatementType::SameKind,
    StatementType::SelfReference,
];

/// Knobs of [`KnightsKnaves`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KnightsKnavesKnobs {
    /// Number of inhabitants, each making one statement (2–20).
    pub people: u8,
    /// Maximum nesting depth of connectives in a statement (1–4); 1 = one connective over
    /// plain claims.
    pub depth: u8,
    /// Maximum operands of "and"/"or" (2–6); counting claims name groups of 2 to `width + 1`
    /// people.
    pub width: u8,
    /// Allowed statement types (snake_case names, default all); plain claims about others are
    /// always allowed.
    pub types: Vec<StatementType>,
}

impl Default for KnightsKnavesKnobs {
    fn default() -> Self {
        Self {
            people: 6,
            depth: 2,
            width: 3,
            types: ALL_TYPES.to_vec(),
        }
    }
}

/// A set of statement types as bits.
#[derive(Debug, Clone, Copy)]
struct TypeSet(u16);

impl TypeSet {
    fn of(types: &[StatementType]) -> Self {
        Self(types.iter().fold(0, |acc, &t| acc | (1 << t as u16)))
    }

    fn has(self, t: StatementType) -> bool {
        self.0 & (1 << t as u16) != 0
    }
}

/// The three counting quantifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountKind {
    Exactly,
    AtLeast,
    AtMost,
}

/// A statement's logical form. Persons are indices in introduction order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    /// `person` is a knight (`knight`) or a knave.
    Is {
        person: u8,
        knight: bool,
    },
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    If(Box<Expr>, Box<Expr>),
    Iff(Box<Expr>, Box<Expr>),
    /// Among `group` (a person bit set), `kind` `k` are knights (`knights`) or knaves.
    Count {
        kind: CountKind,
        k: u8,
        knights: bool,
        group: u32,
    },
    /// `a` and `b` are of the same kind (`same`) or of different kinds.
    Same {
        a: u8,
        b: u8,
        same: bool,
    },
}

/// One instruction of a compiled statement (postfix; values on a stack).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lit {
        person: u8,
        knight: bool,
    },
    Not,
    And(u8),
    Or(u8),
    If,
    Iff,
    /// The number of knights in `group` lies in `lo..=hi`.
    Range {
        group: u32,
        lo: u8,
        hi: u8,
    },
    Same {
        a: u8,
        b: u8,
        same: bool,
    },
}

fn compile(expr: &Expr, out: &mut Vec<Op>) {
    match expr {
        Expr::Is { person, knight } => out.push(Op::Lit {
            person: *person,
            knight: *knight,
        }),
        Expr::Not(inner) => {
            compile(inner, out);
            out.push(Op::Not);
        }
        Expr::And(items) | Expr::Or(items) => {
            for item in items {
                compile(item, out);
            }
            let k = items.len().min(usize::from(u8::MAX)) as u8;
            out.push(if matches!(expr, Expr::And(_)) {
                Op::And(k)
            } else {
                Op::Or(k)
            });
        }
        Expr::If(a, b) | Expr::Iff(a, b) => {
            compile(a, out);
            compile(b, out);
            out.push(if matches!(expr, Expr::If(..)) {
                Op::If
            } else {
                Op::Iff
            });
        }
        Expr::Count {
            kind,
            k,
            knights,
            group,
        } => out.push(range_op(*kind, *k, *knights, *group)),
        Expr::Same { a, b, same } => out.push(Op::Same {
            a: *a,
            b: *b,
            same: *same,
        }),
    }
}

/// A counting claim as a range of knight counts.
fn range_op(kind: CountKind, k: u8, knights: bool, group: u32) -> Op {
    let s = group.count_ones() as u8;
    let k = k.min(s);
    let (lo, hi) = match (kind, knights) {
        (CountKind::Exactly, true) => (k, k),
        (CountKind::Exactly, false) => (s - k, s - k),
        (CountKind::AtLeast, true) => (k, s),
        (CountKind::AtLeast, false) => (0, s - k),
        (CountKind::AtMost, true) => (0, k),
        (CountKind::AtMost, false) => (s - k, s),
    };
    Op::Range { group, lo, hi }
}

/// A statement in postfix order (operands before their connective), as the generator samples
/// it: the nodes of an [`Expr`] without the allocations. [`tree`] rebuilds the `Expr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Is {
        person: u8,
        knight: bool,
    },
    Not,
    And(u8),
    Or(u8),
    If,
    Iff,
    Count {
        kind: CountKind,
        k: u8,
        knights: bool,
        group: u32,
    },
    Same {
        a: u8,
        b: u8,
        same: bool,
    },
}

/// Compiles a postfix statement: the same program as [`compile`] on its [`tree`].
fn compile_toks(toks: &[Tok], out: &mut Vec<Op>) {
    out.extend(toks.iter().map(|&tok| match tok {
        Tok::Is { person, knight } => Op::Lit { person, knight },
        Tok::Not => Op::Not,
        Tok::And(k) => Op::And(k),
        Tok::Or(k) => Op::Or(k),
        Tok::If => Op::If,
        Tok::Iff => Op::Iff,
        Tok::Count {
            kind,
            k,
            knights,
            group,
        } => range_op(kind, k, knights, group),
        Tok::Same { a, b, same } => Op::Same { a, b, same },
    }));
}

/// The [`Expr`] of a (well-formed) postfix statement.
fn tree(toks: &[Tok]) -> Expr {
    let mut stack: Vec<Expr> = Vec::with_capacity(toks.len());
    for &tok in toks {
        let expr = match tok {
            Tok::Is { person, knight } => Expr::Is { person, knight },
            Tok::Not => Expr::Not(Box::new(stack.pop().expect("operand"))),
            Tok::And(k) | Tok::Or(k) => {
                let items = stack.split_off(stack.len() - usize::from(k));
                if matches!(tok, Tok::And(_)) {
                    Expr::And(items)
                } else {
                    Expr::Or(items)
                }
            }
            Tok::If | Tok::Iff => {
                let b = Box::new(stack.pop().expect("operand"));
                let a = Box::new(stack.pop().expect("operand"));
                if tok == Tok::If {
                    Expr::If(a, b)
                } else {
                    Expr::Iff(a, b)
                }
            }
            Tok::Count {
                kind,
                k,
                knights,
                group,
            } => Expr::Count {
                kind,
                k,
                knights,
                group,
            },
            Tok::Same { a, b, same } => Expr::Same { a, b, same },
        };
        stack.push(expr);
    }
    stack.pop().expect("a statement")
}

/// The stack depth a program needs, or `None` if it is malformed or needs more than [`STACK`].
fn stack_need(ops: &[Op]) -> Option<usize> {
    let mut depth = 0usize;
    let mut most = 0usize;
    for op in ops {
        depth = match *op {
            Op::Lit { .. } | Op::Range { .. } | Op::Same { .. } => depth + 1,
            Op::Not => {
                if depth < 1 {
                    return None;
                }
                depth
            }
            Op::And(k) | Op::Or(k) => {
                let k = usize::from(k);
                if k < 2 || depth < k {
                    return None;
                }
                depth - k + 1
            }
            Op::If | Op::Iff => {
                if depth < 2 {
                    return None;
                }
                depth - 1
            }
        };
        most = most.max(depth);
        if most > STACK {
            return None;
        }
    }
    (depth == 1).then_some(most)
}

/// Evaluates a (validated) program on one assignment. The stack lives in the bits of one
/// register (top of stack = bit 0; [`STACK`] < 64).
fn eval_scalar(ops: &[Op], mask: u32) -> bool {
    let mut stack = 0u64;
    for op in ops {
        stack = match *op {
            Op::Lit { person, knight } => {
                (stack << 1) | u64::from((mask >> person) & 1 == u32::from(knight))
            }
            Op::Not => stack ^ 1,
            Op::And(k) => {
                let all = (1u64 << k) - 1;
                ((stack >> k) << 1) | u64::from(stack & all == all)
            }
            Op::Or(k) => {
                let all = (1u64 << k) - 1;
                ((stack >> k) << 1) | u64::from(stack & all != 0)
            }
            // a is bit 1, b is bit 0.
            Op::If => ((stack >> 2) << 1) | u64::from(stack & 0b11 != 0b10),
            Op::Iff => ((stack >> 2) << 1) | u64::from((stack ^ (stack >> 1)) & 1 == 0),
            Op::Range { group, lo, hi } => {
                let count = (mask & group).count_ones();
                (stack << 1) | u64::from(u32::from(lo) <= count && count <= u32::from(hi))
            }
            Op::Same { a, b, same } => {
                (stack << 1) | u64::from((((mask >> a) ^ (mask >> b)) & 1 == 0) == same)
            }
        };
    }
    stack & 1 == 1
}

/// The atom of person `p` in lane word `word`: bit `l` is bit `p` of mask `64 * word + l`.
#[inline]
fn lane_atom(p: usize, word: usize) -> u64 {
    if p < 6 {
        LANE_PATTERNS[p]
    } else {
        0u64.wrapping_sub(((word >> (p - 6)) & 1) as u64)
    }
}

/// Evaluates a program on 64 assignments at once (bit-sliced).
fn eval_lanes(ops: &[Op], word: usize) -> u64 {
    let mut stack = [0u64; STACK];
    let mut sp = 0usize;
    for op in ops {
        match *op {
            Op::Lit { person, knight } => {
                let atom = lane_atom(usize::from(person), word);
                stack[sp] = if knight { atom } else { !atom };
                sp += 1;
            }
            Op::Not => stack[sp - 1] = !stack[sp - 1],
            Op::And(k) => {
                let from = sp - usize::from(k);
                let value = stack[from..sp].iter().fold(u64::MAX, |acc, &v| acc & v);
                stack[from] = value;
                sp = from + 1;
            }
            Op::Or(k) => {
                let from = sp - usize::from(k);
                let value = stack[from..sp].iter().fold(0, |acc, &v| acc | v);
                stack[from] = value;
                sp = from + 1;
            }
            Op::If => {
                sp -= 1;
                stack[sp - 1] = !stack[sp - 1] | stack[sp];
            }
            Op::Iff => {
                sp -= 1;
                stack[sp - 1] = !(stack[sp - 1] ^ stack[sp]);
            }
            Op::Range { group, lo, hi } => {
                stack[sp] = lanes_in_range(&count_lanes(group, word), lo.into(), hi.into());
                sp += 1;
            }
            Op::Same { a, b, same } => {
                let equal = !(lane_atom(usize::from(a), word) ^ lane_atom(usize::from(b), word));
                stack[sp] = if same { equal } else { !equal };
                sp += 1;
            }
        }
    }
    stack[0]
}

/// Bit-sliced count of the knights of `group` in each lane of word `word` (5 bit planes).
fn count_lanes(group: u32, word: usize) -> [u64; 5] {
    let mut count = [0u64; 5];
    let mut rest = group;
    while rest != 0 {
        let p = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        let mut carry = lane_atom(p, word);
        for bit in &mut count {
            let next = *bit & carry;
            *bit ^= carry;
            carry = next;
            if carry == 0 {
                break;
            }
        }
    }
    count
}

/// The lanes whose bit-sliced `count` lies in `lo..=hi`.
fn lanes_in_range(count: &[u64; 5], lo: u32, hi: u32) -> u64 {
    let mut inside = 0u64;
    for value in lo..=hi.min(31) {
        let mut equal = u64::MAX;
        for (b, bit) in count.iter().enumerate() {
            equal &= if (value >> b) & 1 == 1 { *bit } else { !*bit };
        }
        inside |= equal;
    }
    inside
}

/// [`eval_partial`] on 64 partial assignments at once: people `0..depth` are assigned as in
/// the lanes of word `word`, the others are unknown. Returns the lanes where the statement can
/// be true and those where it can be false.
fn eval_kleene_lanes(ops: &[Op], depth: usize, word: usize) -> (u64, u64) {
    let mut t = [0u64; STACK];
    let mut f = [0u64; STACK];
    let mut sp = 0usize;
    let known = full_mask(depth);
    let atom = |p: u8| (usize::from(p) < depth).then(|| lane_atom(usize::from(p), word));
    for op in ops {
        match *op {
            Op::Lit { person, knight } => {
                (t[sp], f[sp]) = match atom(person) {
                    Some(a) => {
                        let v = if knight { a } else { !a };
                        (v, !v)
                    }
                    None => (u64::MAX, u64::MAX),
                };
                sp += 1;
            }
            Op::Not => std::mem::swap(&mut t[sp - 1], &mut f[sp - 1]),
            Op::And(k) | Op::Or(k) => {
                let from = sp - usize::from(k);
                let any_t = t[from..sp].iter().fold(0, |acc, &v| acc | v);
                let all_t = t[from..sp].iter().fold(u64::MAX, |acc, &v| acc & v);
                let any_f = f[from..sp].iter().fold(0, |acc, &v| acc | v);
                let all_f = f[from..sp].iter().fold(u64::MAX, |acc, &v| acc & v);
                (t[from], f[from]) = if matches!(op, Op::And(_)) {
                    (all_t, any_f)
                } else {
                    (any_t, all_f)
                };
                sp = from + 1;
            }
            Op::If | Op::Iff => {
                sp -= 1;
                let (at, af, bt, bf) = (t[sp - 1], f[sp - 1], t[sp], f[sp]);
                (t[sp - 1], f[sp - 1]) = if matches!(op, Op::If) {
                    (af | bt, at & bf)
                } else {
                    ((at & bt) | (af & bf), (at & bf) | (af & bt))
                };
            }
            Op::Range { group, lo, hi } => {
                let count = count_lanes(group & known, word);
                let open = (group & !known).count_ones();
                let (lo, hi) = (u32::from(lo), u32::from(hi));
                // Can be true: max(sure, lo) <= min(sure + open, hi).
                t[sp] = if lo <= hi {
                    lanes_in_range(&count, lo.saturating_sub(open), hi)
                } else {
                    0
                };
                // Can be false: sure < lo or sure + open > hi.
                f[sp] = if hi >= open {
                    !lanes_in_range(&count, lo, hi - open)
                } else {
                    u64::MAX
                };
                sp += 1;
            }
            Op::Same { a, b, same } => {
                (t[sp], f[sp]) = match (atom(a), atom(b)) {
                    (Some(x), Some(y)) => {
                        let equal = !(x ^ y);
                        let v = if same { equal } else { !equal };
                        (v, !v)
                    }
                    _ => (u64::MAX, u64::MAX),
                };
                sp += 1;
            }
        }
    }
    (t[0], f[0])
}

const CAN_TRUE: u8 = 1;
const CAN_FALSE: u8 = 2;

/// Three-valued (Kleene) evaluation on a partial assignment: which truth values the statement
/// can still take. `known` marks assigned people, `value` their roles (bit set = knight).
///
/// Two register stacks as in [`eval_scalar`]: bit 0 of `t` / `f` says whether the top value can
/// be true / false.
fn eval_partial(ops: &[Op], known: u32, value: u32) -> u8 {
    let (mut t, mut f) = (0u64, 0u64);
    let push = |stack: u64, bit: bool| (stack << 1) | u64::from(bit);
    for op in ops {
        match *op {
            Op::Lit { person, knight } => {
                let unknown = known >> person & 1 == 0;
                let matches = (value >> person) & 1 == u32::from(knight);
                t = push(t, unknown || matches);
                f = push(f, unknown || !matches);
            }
            Op::Not => {
                let flip = (t ^ f) & 1;
                t ^= flip;
                f ^= flip;
            }
            Op::And(k) | Op::Or(k) => {
                let all = (1u64 << k) - 1;
                let (ts, fs) = (t & all, f & all);
                let (nt, nf) = if matches!(op, Op::And(_)) {
                    (ts == all, fs != 0)
                } else {
                    (ts != 0, fs == all)
                };
                t = push(t >> k, nt);
                f = push(f >> k, nf);
            }
            Op::If | Op::Iff => {
                // a is bit 1, b is bit 0.
                let (at, bt) = (t & 2 != 0, t & 1 != 0);
                let (af, bf) = (f & 2 != 0, f & 1 != 0);
                let (nt, nf) = if matches!(op, Op::If) {
                    (af || bt, at && bf)
                } else {
                    ((at && bt) || (af && bf), (at && bf) || (af && bt))
                };
                t = push(t >> 2, nt);
                f = push(f >> 2, nf);
            }
            Op::Range { group, lo, hi } => {
                let sure = (value & known & group).count_ones();
                let open = (group & !known).count_ones();
                let (lo, hi) = (u32::from(lo), u32::from(hi));
                t = push(t, sure.max(lo) <= (sure + open).min(hi));
                f = push(f, sure < lo || sure + open > hi);
            }
            Op::Same { a, b, same } => {
                let both = known >> a & 1 == 1 && known >> b & 1 == 1;
                let holds = (((value >> a) ^ (value >> b)) & 1 == 0) == same;
                t = push(t, !both || holds);
                f = push(f, !both || !holds);
            }
        }
    }
    u8::from(t & 1 == 1) * CAN_TRUE + u8::from(f & 1 == 1) * CAN_FALSE
}

// ---------------------------------------------------------------------------------------------
// Formula text (payload and `structure`).
//
//   K3 / N3           person 3 is a knight / a knave
//   !e                not e
//   &(e,e,…) |(e,e,…) and / or
//   >(a,b) =(a,b)     if a then b / a iff b
//   E2K[0,1,4]        among persons 0, 1, 4 exactly 2 are knights (L = at least, M = at most;
//                     N = knaves)
//   S[1,2] D[1,2]     persons 1 and 2 are of the same / different kinds

fn write_formula(expr: &Expr, out: &mut String) {
    match expr {
        Expr::Is { person, knight } => {
            out.push(if *knight { 'K' } else { 'N' });
            push_number(usize::from(*person), out);
        }
        Expr::Not(inner) => {
            out.push('!');
            write_formula(inner, out);
        }
        Expr::And(items) | Expr::Or(items) => {
            out.push(if matches!(expr, Expr::And(_)) {
                '&'
            } else {
                '|'
            });
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_formula(item, out);
            }
            out.push(')');
        }
        Expr::If(a, b) | Expr::Iff(a, b) => {
            out.push(if matches!(expr, Expr::If(..)) {
                '>'
            } else {
                '='
            });
            out.push('(');
            write_formula(a, out);
            out.push(',');
            write_formula(b, out);
            out.push(')');
        }
        Expr::Count {
            kind,
            k,
            knights,
            group,
        } => {
            out.push(match kind {
                CountKind::Exactly => 'E',
                CountKind::AtLeast => 'L',
                CountKind::AtMost => 'M',
            });
            push_number(usize::from(*k), out);
            out.push(if *knights { 'K' } else { 'N' });
            out.push('[');
            let mut first = true;
            for p in members(*group) {
                if !first {
                    out.push(',');
                }
                first = false;
                push_number(usize::from(p), out);
            }
            out.push(']');
        }
        Expr::Same { a, b, same } => {
            out.push(if *same { 'S' } else { 'D' });
            out.push('[');
            push_number(usize::from(*a), out);
            out.push(',');
            push_number(usize::from(*b), out);
            out.push(']');
        }
    }
}

/// Reads the formula syntax above; persons must be `< people`.
struct FormulaReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    people: usize,
}

impl FormulaReader<'_> {
    fn parse(text: &str, people: usize) -> Result<Expr, String> {
        let mut reader = FormulaReader {
            bytes: text.as_bytes(),
            pos: 0,
            people,
        };
        let expr = reader.expr(0)?;
        if reader.pos != reader.bytes.len() {
            return Err(format!("trailing text in formula {text:?}"));
        }
        Ok(expr)
    }

    fn next(&mut self) -> Result<u8, String> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| "formula ends early".to_string())?;
        self.pos += 1;
        Ok(byte)
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.next()? == byte {
            Ok(())
        } else {
            Err(format!("expected {:?} in formula", byte as char))
        }
    }

    fn number(&mut self) -> Result<u8, String> {
        let mut value = 0u32;
        let mut digits = 0;
        while let Some(&b) = self.bytes.get(self.pos) {
            if !b.is_ascii_digit() || digits == 2 {
                break;
            }
            value = value * 10 + u32::from(b - b'0');
            digits += 1;
            self.pos += 1;
        }
        if digits == 0 {
            return Err("expected a number in formula".into());
        }
        Ok(value as u8)
    }

    fn person(&mut self) -> Result<u8, String> {
        let p = self.number()?;
        if usize::from(p) < self.people {
            Ok(p)
        } else {
            Err(format!("person {p} out of range"))
        }
    }

    fn expr(&mut self, nesting: u32) -> Result<Expr, String> {
        if nesting > MAX_FORMULA_NESTING {
            return Err("formula nested too deeply".into());
        }
        match self.next()? {
            b @ (b'K' | b'N') => Ok(Expr::Is {
                person: self.person()?,
                knight: b == b'K',
            }),
            b'!' => Ok(Expr::Not(Box::new(self.expr(nesting + 1)?))),
            b @ (b'&' | b'|') => {
                self.expect(b'(')?;
                let mut items = Vec::with_capacity(4);
                items.push(self.expr(nesting + 1)?);
                loop {
                    match self.next()? {
                        b',' => items.push(self.expr(nesting + 1)?),
                        b')' => break,
                        _ => return Err("expected ',' or ')' in formula".into()),
                    }
                    if items.len() > STACK {
                        return Err("too many operands".into());
                    }
                }
                if items.len() < 2 {
                    return Err("a connective needs two operands".into());
                }
                Ok(if b == b'&' {
                    Expr::And(items)
                } else {
                    Expr::Or(items)
                })
            }
            b @ (b'>' | b'=') => {
                self.expect(b'(')?;
                let a = Box::new(self.expr(nesting + 1)?);
                self.expect(b',')?;
                let c = Box::new(self.expr(nesting + 1)?);
                self.expect(b')')?;
                Ok(if b == b'>' {
                    Expr::If(a, c)
                } else {
                    Expr::Iff(a, c)
                })
            }
            b @ (b'E' | b'L' | b'M') => {
                let kind = match b {
                    b'E' => CountKind::Exactly,
                    b'L' => CountKind::AtLeast,
                    _ => CountKind::AtMost,
                };
                let k = self.number()?;
                let knights = match self.next()? {
                    b'K' => true,
                    b'N' => false,
                    _ => return Err("expected K or N in a count".into()),
                };
                self.expect(b'[')?;
                let mut group = 1u32 << self.person()?;
                loop {
                    match self.next()? {
                        b',' => group |= 1 << self.person()?,
                        b']' => break,
                        _ => return Err("expected ',' or ']' in formula".into()),
                    }
                }
                if u32::from(k) > group.count_ones() {
                    return Err("count larger than its group".into());
                }
                Ok(Expr::Count {
                    kind,
                    k,
                    knights,
                    group,
                })
            }
            b @ (b'S' | b'D') => {
                self.expect(b'[')?;
                let a = self.person()?;
                self.expect(b',')?;
                let c = self.person()?;
                self.expect(b']')?;
                if a == c {
                    return Err("a kind comparison needs two people".into());
                }
                Ok(Expr::Same {
                    a,
                    b: c,
                    same: b == b'S',
                })
            }
            other => Err(format!("unexpected {:?} in formula", other as char)),
        }
    }
}

/// The person indices in a bit set, ascending.
fn members(mut set: u32) -> impl Iterator<Item = u8> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let p = set.trailing_zeros() as u8;
            set &= set - 1;
            p
        })
    })
}

fn nth_member(set: u32, k: usize) -> u8 {
    members(set).nth(k).unwrap_or(0)
}

fn full_mask(people: usize) -> u32 {
    if people >= 32 {
        u32::MAX
    } else {
        (1u32 << people) - 1
    }
}

// ---------------------------------------------------------------------------------------------
// The puzzle.

/// A knights-and-knaves puzzle: names, statements (compiled) and the solution.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "PuzzleRepr")]
pub struct KnightsKnavesPuzzle {
    names: Vec<String>,
    statements: Vec<Expr>,
    /// The unique consistent assignment (bit set = knight), used for partial credit.
    solution: u32,
    /// Whether `solution` satisfies every statement (checked once, when the puzzle is built).
    solution_consistent: bool,
    ops: Vec<Op>,
    starts: Vec<usize>,
    /// The statements in formula syntax, written once on first use (payload and metadata).
    says: std::sync::OnceLock<Vec<String>>,
}

/// The payload form: names, statements in formula syntax, solution as `K`/`N` letters.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PuzzleRepr {
    names: Vec<String>,
    says: Vec<String>,
    sol: String,
}

/// The payload form, borrowed for writing (same fields, same order as [`PuzzleRepr`]).
#[derive(Serialize)]
struct PuzzleReprRef<'a> {
    names: &'a [String],
    says: &'a [String],
    sol: String,
}

impl Serialize for KnightsKnavesPuzzle {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sol = (0..self.names.len())
            .map(|i| {
                if self.solution >> i & 1 == 1 {
                    'K'
                } else {
                    'N'
                }
            })
            .collect();
        PuzzleReprRef {
            names: &self.names,
            says: self.says(),
            sol,
        }
        .serialize(serializer)
    }
}

impl TryFrom<PuzzleRepr> for KnightsKnavesPuzzle {
    type Error = String;

    fn try_from(repr: PuzzleRepr) -> Result<Self, String> {
        let n = repr.names.len();
        if !(2..=MAX_PEOPLE).contains(&n) {
            return Err(format!("{n} people (2..={MAX_PEOPLE} allowed)"));
        }
        if repr.says.len() != n || repr.sol.len() != n {
            return Err("one statement and one role per person required".into());
        }
        for (i, name) in repr.names.iter().enumerate() {
            if name.is_empty() || name.len() > 32 || !name.bytes().all(|b| b.is_ascii_alphabetic())
            {
                return Err(format!("bad name {name:?}"));
            }
            if keyword(name) {
                return Err(format!("name {name:?} is a keyword"));
            }
            if repr.names[..i].iter().any(|o| o.eq_ignore_ascii_case(name)) {
                return Err(format!("duplicate name {name:?}"));
            }
        }
        let statements = repr
            .says
            .iter()
            .map(|text| FormulaReader::parse(text, n))
            .collect::<Result<Vec<_>, _>>()?;
        let mut solution = 0u32;
        for (i, b) in repr.sol.bytes().enumerate() {
            match b {
                b'K' => solution |= 1 << i,
                b'N' => {}
                _ => return Err("solution letters must be K or N".into()),
            }
        }
        Self::new(repr.names, statements, solution)
    }
}

impl KnightsKnavesPuzzle {
    fn new(names: Vec<String>, statements: Vec<Expr>, solution: u32) -> Result<Self, String> {
        let mut ops = Vec::with_capacity(16 * statements.len());
        let mut starts = Vec::with_capacity(statements.len() + 1);
        starts.push(0);
        for statement in &statements {
            let from = ops.len();
            compile(statement, &mut ops);
            if stack_need(&ops[from..]).is_none() {
                return Err("statement too large".into());
            }
            starts.push(ops.len());
        }
        Ok(Self::with_program(names, statements, ops, starts, solution))
    }

    /// A generated puzzle from its statements in postfix form: the same puzzle as [`Self::new`]
    /// on their trees, without compiling the trees.
    fn from_toks(names: Vec<String>, toks: &[Vec<Tok>], solution: u32) -> Result<Self, String> {
        let mut ops = Vec::with_capacity(toks.iter().map(Vec::len).sum());
        let mut starts = Vec::with_capacity(toks.len() + 1);
        starts.push(0);
        for statement in toks {
            let from = ops.len();
            compile_toks(statement, &mut ops);
            if stack_need(&ops[from..]).is_none() {
                return Err("statement too large".into());
            }
            starts.push(ops.len());
        }
        let statements = toks.iter().map(|t| tree(t)).collect();
        Ok(Self::with_program(names, statements, ops, starts, solution))
    }

    fn with_program(
        names: Vec<String>,
        statements: Vec<Expr>,
        ops: Vec<Op>,
        starts: Vec<usize>,
        solution: u32,
    ) -> Self {
        let mut puzzle = Self {
            names,
            statements,
            solution,
            solution_consistent: false,
            ops,
            starts,
            says: std::sync::OnceLock::new(),
        };
        puzzle.solution_consistent = puzzle.consistent(solution);
        puzzle
    }

    fn people(&self) -> usize {
        self.names.len()
    }

    fn program(&self, speaker: usize) -> &[Op] {
        &self.ops[self.starts[speaker]..self.starts[speaker + 1]]
    }

    /// The statements in formula syntax (written on first use, then cached).
    fn says(&self) -> &[String] {
        self.says.get_or_init(|| {
            self.statements
                .iter()
                .map(|s| {
                    let mut text = String::with_capacity(32);
                    write_formula(s, &mut text);
                    text
                })
                .collect()
        })
    }

    /// Whether every speaker is a knight exactly when their statement holds under `mask`.
    fn consistent(&self, mask: u32) -> bool {
        (0..self.people()).all(|i| (mask >> i) & 1 == u32::from(eval_scalar(self.program(i), mask)))
    }

    /// The index of the person named `word` (ASCII case-insensitive).
    fn find_name(&self, word: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|name| name.len() == word.len() && name.eq_ignore_ascii_case(word))
    }
}

fn keyword(word: &str) -> bool {
    FILLERS
        .iter()
        .chain(NEGATIONS)
        .chain(&["knight", "knights", "knave", "knaves"])
        .any(|k| k.eq_ignore_ascii_case(word))
}

// ---------------------------------------------------------------------------------------------
// Solvers.

/// Complete backtracking search with three-valued pruning.
///
/// A node re-checks only what its assignment can change: the statement of the person just
/// assigned and those of assigned speakers that mention them (every other statement is
/// evaluated on the same inputs as at the parent, which passed). A statement whose people are
/// all assigned is evaluated exactly, where the three-valued result is the two-valued one.
struct Backtrack<'p> {
    puzzle: &'p KnightsKnavesPuzzle,
    limit: u64,
    nodes: u64,
    solutions: u64,
    first: Option<u32>,
    /// Per person, the speakers whose statement mentions them.
    watchers: [u32; MAX_PEOPLE],
    /// Per speaker, the people the statement mentions.
    mentions: [u32; MAX_PEOPLE],
}

impl<'p> Backtrack<'p> {
    fn run(puzzle: &'p KnightsKnavesPuzzle, limit: u64) -> Self {
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
    fn by_levels(&mut self) -> bool {
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
    fn holds(&self, i: usize, known: u32, value: u32) -> bool {
        let program = self.puzzle.program(i);
        let knight = value >> i & 1 == 1;
        if self.mentions[i] & !known == 0 {
            return eval_scalar(program, value) == knight;
        }
        let needed = if knight { CAN_TRUE } else { CAN_FALSE };
        eval_partial(program, known, value) & needed != 0
    }

    fn visit(&mut self, assigned: usize, known: u32, value: u32) {
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
fn count_exhaustive(puzzle: &KnightsKnavesPuzzle, limit: u64) -> u64 {
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

// ---------------------------------------------------------------------------------------------
// Generation.

/// Compound node kinds the sampler can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    And,
    Or,
    If,
    Iff,
    Exactly,
    AtLeast,
    AtMost,
    Same,
    Not,
}

const NODE_WEIGHTS: [(Node, StatementType, f64); 9] = [
    (Node::And, StatementType::And, 1.0),
    (Node::Or, StatementType::Or, 1.0),
    (Node::If, StatementType::IfThen, 0.9),
    (Node::Iff, StatementType::Iff, 0.6),
    (Node::Exactly, StatementType::Exactly, 0.7),
    (Node::AtLeast, StatementType::AtLeast, 0.5),
    (Node::AtMost, StatementType::AtMost, 0.5),
    (Node::Same, StatementType::SameKind, 0.5),
    (Node::Not, StatementType::Not, 0.35),
];

/// `k = picks.len()` distinct indices from `0..n` in random order: the same draws and the
/// same result as [`ItemRng::sample_indices`], without its allocation (`n <= N <= 256`).
fn sample_indices_into<const N: usize>(rng: &mut ItemRng, n: usize, picks: &mut [usize]) {
    let k = picks.len();
    assert!(
        k <= n && n <= N && N <= 256,
        "sample_indices_into({n}, {k})"
    );
    let mut all = [0u8; N];
    for (i, slot) in all.iter_mut().enumerate().take(n) {
        *slot = i as u8;
    }
    for (i, pick) in picks.iter_mut().enumerate() {
        let j = i + rng.index(n - i);
        all.swap(i, j);
        *pick = usize::from(all[i]);
    }
}

/// Random statements for one speaker at a time, written as postfix [`Tok`]s. The statement is
/// evaluated under `truth` as it is written (as [`eval_scalar`] would on its program).
struct Sampler {
    people: usize,
    depth: u8,
    width: u8,
    types: TypeSet,
    speaker: u8,
    used: u32,
    mentions: i32,
    /// The assignment statements are evaluated under.
    truth: u32,
    /// The values of the open operands under `truth` (top = bit 0).
    stack: u64,
    /// The people of plain claims so far, and whether one came twice.
    claimed: u32,
    repeated: bool,
    /// The statement's program, compiled as it is written.
    ops: Vec<Op>,
}

impl Sampler {
    /// A sampler for puzzles of `people` under `knobs`; statements evaluated under `truth`.
    fn new(knobs: &KnightsKnavesKnobs, people: usize, truth: u32) -> Self {
        Self {
            people,
            depth: knobs.depth,
            width: knobs.width,
            types: TypeSet::of(&knobs.types),
            speaker: 0,
            used: 0,
            mentions: 0,
            truth,
            stack: 0,
            claimed: 0,
            repeated: false,
            ops: Vec::with_capacity(64),
        }
    }

    /// Samples a statement for `speaker` into `out` (cleared first). Afterwards `used` holds
    /// the people it names, `repeated` whether a plain claim's person came twice, and
    /// [`Self::value`] its value under `truth`.
    fn statement(&mut self, rng: &mut ItemRng, speaker: usize, out: &mut Vec<Tok>) {
        out.clear();
        self.speaker = speaker as u8;
        self.used = 0;
        self.mentions = i32::from(self.width) + 2 * (i32::from(self.depth) - 1);
        self.stack = 0;
        self.claimed = 0;
        self.repeated = false;
        self.ops.clear();
        self.node(rng, self.depth, None, out);
    }

    /// The last statement's value under `truth`.
    fn value(&self) -> bool {
        self.stack & 1 == 1
    }

    fn emit_claim(&mut self, out: &mut Vec<Tok>, person: u8, knight: bool) {
        out.push(Tok::Is { person, knight });
        self.ops.push(Op::Lit { person, knight });
        self.repeated |= self.claimed >> person & 1 == 1;
        self.claimed |= 1 << person;
        let holds = (self.truth >> person) & 1 == u32::from(knight);
        self.stack = (self.stack << 1) | u64::from(holds);
    }

    fn emit_not(&mut self, out: &mut Vec<Tok>) {
        out.push(Tok::Not);
        self.ops.push(Op::Not);
        self.stack ^= 1;
    }

    /// A connective over the top `k` (and / or) or 2 (if / iff) operands.
    fn emit_connective(&mut self, out: &mut Vec<Tok>, tok: Tok) {
        out.push(tok);
        let stack = self.stack;
        let (op, value) = match tok {
            Tok::And(k) => {
                let all = (1u64 << k) - 1;
                (
                    Op::And(k),
                    ((stack >> k) << 1) | u64::from(stack & all == all),
                )
            }
            Tok::Or(k) => {
                let all = (1u64 << k) - 1;
                (Op::Or(k), ((stack >> k) << 1) | u64::from(stack & all != 0))
            }
            // a is bit 1, b is bit 0.
            Tok::If => (
                Op::If,
                ((stack >> 2) << 1) | u64::from(stack & 0b11 != 0b10),
            ),
            _ => (
                Op::Iff,
                ((stack >> 2) << 1) | u64::from((stack ^ (stack >> 1)) & 1 == 0),
            ),
        };
        self.ops.push(op);
        self.stack = value;
    }

    fn emit_atom(&mut self, out: &mut Vec<Tok>, tok: Tok) {
        out.push(tok);
        let truth = self.truth;
        let (op, holds) = match tok {
            Tok::Count {
                kind,
                k,
                knights,
                group,
            } => {
                let range = range_op(kind, k, knights, group);
                let Op::Range { lo, hi, .. } = range else {
                    unreachable!("a count compiles to a range")
                };
                let count = (truth & group).count_ones();
                (range, u32::from(lo) <= count && count <= u32::from(hi))
            }
            Tok::Same { a, b, same } => (
                Op::Same { a, b, same },
                (((truth >> a) ^ (truth >> b)) & 1 == 0) == same,
            ),
            _ => unreachable!("atoms are counts and kind comparisons"),
        };
        self.ops.push(op);
        self.stack = (self.stack << 1) | u64::from(holds);
    }

    fn self_ref(&self) -> bool {
        self.types.has(StatementType::SelfReference)
    }

    fn others(&self) -> u32 {
        full_mask(self.people) & !(1 << self.speaker)
    }

    /// How many people a plain claim can still name without repeating one.
    fn fresh(&self) -> usize {
        let speaker_free = self.self_ref() && self.used >> self.speaker & 1 == 0;
        (self.others() & !self.used).count_ones() as usize + usize::from(speaker_free)
    }

    fn node(&mut self, rng: &mut ItemRng, depth: u8, parent: Option<Node>, out: &mut Vec<Tok>) {
        let leaf_chance = if parent.is_none() { 0.1 } else { 0.5 };
        if depth == 0 || self.mentions < 2 || rng.chance(leaf_chance) {
            return self.literal(rng, out);
        }
        match self.pick_node(rng, depth, parent) {
            Some(kind) => self.compound(rng, kind, depth, out),
            None => self.literal(rng, out),
        }
    }

    fn pick_node(&self, rng: &mut ItemRng, depth: u8, parent: Option<Node>) -> Option<Node> {
        let mut weights = [0.0; NODE_WEIGHTS.len()];
        let few_fresh = self.fresh() < 2;
        let mut any = false;
        for (w, &(node, t, weight)) in weights.iter_mut().zip(&NODE_WEIGHTS) {
            let nested_same = parent == Some(node) && matches!(node, Node::And | Node::Or);
            let binary = matches!(node, Node::And | Node::Or | Node::If | Node::Iff);
            let blocked = nested_same
                || (binary && few_fresh)
                || (node == Node::Not && (depth < 2 || parent == Some(Node::Not)))
                || (node == Node::Same && !self.self_ref() && self.people < 3);
            if self.types.has(t) && !blocked {
                *w = weight;
                any = true;
            }
        }
        if !any {
            return None;
        }
        Some(NODE_WEIGHTS[rng.weighted(&weights)].0)
    }

    /// A person for a plain claim: the speaker sometimes, else preferably someone not yet named.
    fn pick_person(&mut self, rng: &mut ItemRng) -> u8 {
        let speaker_bit = 1u32 << self.speaker;
        let speaker_free = self.self_ref() && self.used & speaker_bit == 0;
        let others_fresh = self.others() & !self.used != 0;
        if speaker_free && (!others_fresh || rng.chance(0.25)) {
            return self.speaker;
        }
        self.pick_other(rng, 0)
    }

    /// Someone other than the speaker and outside `exclude`, preferably not yet named.
    fn pick_other(&mut self, rng: &mut ItemRng, exclude: u32) -> u8 {
        let others = self.others() & !exclude;
        let fresh = others & !self.used;
        let pool = if fresh != 0 { fresh } else { others };
        if pool == 0 {
            return self.speaker;
        }
        nth_member(pool, rng.index(pool.count_ones() as usize))
    }

    fn literal(&mut self, rng: &mut ItemRng, out: &mut Vec<Tok>) {
        let person = self.pick_person(rng);
        self.used |= 1 << person;
        self.mentions -= 1;
        let knight = rng.chance(0.5);
        self.emit_claim(out, person, knight);
        if self.types.has(StatementType::Not) && rng.chance(0.2) {
            self.emit_not(out);
        }
    }

    fn compound(&mut self, rng: &mut ItemRng, kind: Node, depth: u8, out: &mut Vec<Tok>) {
        match kind {
            Node::And | Node::Or => {
                let most = usize::from(self.width)
                    .min(self.mentions.max(2) as usize)
                    .min(self.fresh().max(2));
                let k = 2 + rng.index(most - 1);
                for _ in 0..k {
                    self.node(rng, depth - 1, Some(kind), out);
                }
                let k = k.min(usize::from(u8::MAX)) as u8;
                let tok = if kind == Node::And {
                    Tok::And(k)
                } else {
                    Tok::Or(k)
                };
                self.emit_connective(out, tok);
            }
            Node::If | Node::Iff => {
                self.node(rng, depth - 1, Some(kind), out);
                self.node(rng, depth - 1, Some(kind), out);
                let tok = if kind == Node::If { Tok::If } else { Tok::Iff };
                self.emit_connective(out, tok);
            }
            Node::Exactly | Node::AtLeast | Node::AtMost => {
                let count = self.count(rng, kind);
                self.emit_atom(out, count);
            }
            Node::Same => {
                let with_speaker = self.self_ref() && (self.people < 3 || rng.chance(0.35));
                let a = if with_speaker {
                    self.speaker
                } else {
                    self.pick_other(rng, 0)
                };
                let b = self.pick_other(rng, 1 << a);
                self.used |= (1 << a) | (1 << b);
                self.mentions -= 2;
                let same = rng.chance(0.5);
                self.emit_atom(out, Tok::Same { a, b, same });
            }
            Node::Not => {
                match self.pick_node(rng, depth - 1, Some(Node::Not)) {
                    Some(inner) => self.compound(rng, inner, depth - 1, out),
                    None => self.literal(rng, out),
                }
                self.emit_not(out);
            }
        }
    }

    fn count(&mut self, rng: &mut ItemRng, kind: Node) -> Tok {
        let others = self.people - 1;
        let with_speaker = self.self_ref() && (others < 2 || rng.chance(0.35));
        let mut most = (usize::from(self.width) + 1)
            .min(self.people)
            .min(self.mentions.max(2) as usize);
        if !with_speaker {
            most = most.min(others);
        }
        let size = 2 + rng.index(most.max(2) - 1);
        let from_others = size - usize::from(with_speaker);
        let mut group = if with_speaker {
            1u32 << self.speaker
        } else {
            0
        };
        let pool = self.others();
        let mut picks = [0usize; MAX_PEOPLE];
        let picks = &mut picks[..from_others.min(others)];
        sample_indices_into::<MAX_PEOPLE>(rng, others, picks);
        for &i in picks.iter() {
            group |= 1 << nth_member(pool, i);
        }
        let s = group.count_ones() as u8;
        let (kind, k) = match kind {
            Node::Exactly => (CountKind::Exactly, rng.index(usize::from(s) + 1) as u8),
            Node::AtLeast => (CountKind::AtLeast, 1 + rng.index(usize::from(s) - 1) as u8),
            _ => (CountKind::AtMost, 1 + rng.index(usize::from(s) - 1) as u8),
        };
        self.used |= group;
        self.mentions -= i32::from(s);
        Tok::Count {
            kind,
            k,
            knights: rng.chance(0.5),
            group,
        }
    }
}

/// The bitset of all `2^people` assignments, 64 per word.
fn full_space(people: usize) -> Vec<u64> {
    let words = if people <= 6 { 1 } else { 1 << (people - 6) };
    let mut full = vec![u64::MAX; words];
    if people < 6 {
        full[0] = (1u64 << (1u32 << people)) - 1;
    }
    full
}

/// The people a program names.
fn named(ops: &[Op]) -> u32 {
    ops.iter().fold(0, |acc, op| {
        acc | match *op {
            Op::Lit { person, .. } => 1 << person,
            Op::Range { group, .. } => group,
            Op::Same { a, b, .. } => (1 << a) | (1 << b),
            _ => 0,
        }
    })
}

/// Writes into `out` the assignments of `within` consistent with `speaker` saying `ops`;
/// returns how many there are.
///
/// Word `w` holds the assignments whose people `6..` are the bits of `w`, so a statement takes
/// the same 64 values in every word that agrees on the bits of the people it names: with many
/// words, each such pattern is evaluated once.
fn constrain(ops: &[Op], speaker: usize, within: &[u64], out: &mut [u64]) -> u64 {
    // Words with at most this many assignments left are checked one assignment at a time.
    const SPARSE: u32 = 4;
    let words = within.len();
    let keep_word =
        |word: usize, inside: u64, said: u64| !(lane_atom(speaker, word) ^ said) & inside;
    let high = if words > 1 {
        (named(ops) >> 6) as usize & (words - 1)
    } else {
        0
    };
    if words > 1 && 1usize << high.count_ones() < within.iter().filter(|&&w| w != 0).count() {
        let rest = !high & (words - 1);
        let mut total = 0;
        let mut pattern = 0usize;
        loop {
            // The words `pattern | other` for every `other` within `rest`.
            let mut any = 0u64;
            let mut other = 0usize;
            loop {
                any |= within[pattern | other];
                other = other.wrapping_sub(rest) & rest;
                if other == 0 {
                    break;
                }
            }
            let said = if any == 0 {
                0
            } else {
                eval_lanes(ops, pattern)
            };
            loop {
                let word = pattern | other;
                let keep = keep_word(word, within[word], said);
                out[word] = keep;
                if keep != 0 {
                    total += u64::from(keep.count_ones());
                }
                other = other.wrapping_sub(rest) & rest;
                if other == 0 {
                    break;
                }
            }
            pattern = pattern.wrapping_sub(high) & high;
            if pattern == 0 {
                break;
            }
        }
        return total;
    }
    let mut total = 0;
    for (word, (&inside, slot)) in within.iter().zip(out.iter_mut()).enumerate() {
        if inside == 0 {
            *slot = 0;
            continue;
        }
        let keep = if words > 1 && inside.count_ones() <= SPARSE {
            let mut keep = 0;
            let mut rest = inside;
            while rest != 0 {
                let lane = rest.trailing_zeros();
                rest &= rest - 1;
                let mask = (word as u32) << 6 | lane;
                if eval_scalar(ops, mask) == (mask >> speaker & 1 == 1) {
                    keep |= 1 << lane;
                }
            }
            keep
        } else {
            keep_word(word, inside, eval_lanes(ops, word))
        };
        *slot = keep;
        total += u64::from(keep.count_ones());
    }
    total
}

fn popcount(set: &[u64]) -> u64 {
    set.iter().map(|w| u64::from(w.count_ones())).sum()
}

/// Samples into `toks` a statement for `speaker` that is true exactly when the speaker is a
/// knight under `truth`, and leaves it compiled in `ops`; `false` if none was found.
fn sample_matching(
    sampler: &mut Sampler,
    rng: &mut ItemRng,
    speaker: usize,
    truth: u32,
    toks: &mut Vec<Tok>,
    ops: &mut Vec<Op>,
) -> bool {
    debug_assert_eq!(sampler.truth, truth);
    let knight = truth >> speaker & 1 == 1;
    for _ in 0..TRUTH_TRIES {
        sampler.statement(rng, speaker, toks);
        // No person in two plain claims ("Bob is a knight or Bob is a knave").
        if !sampler.repeated && sampler.value() == knight {
            ops.clear();
            ops.extend_from_slice(&sampler.ops);
            return true;
        }
    }
    false
}

/// One generation attempt for the hidden assignment `truth`: statements (in postfix form)
/// whose only consistent assignment is `truth`, or `None`.
fn build(knobs: &KnightsKnavesKnobs, truth: u32, rng: &mut ItemRng) -> Option<Vec<Vec<Tok>>> {
    let n = usize::from(knobs.people);
    let full = full_space(n);
    let mut sampler = Sampler::new(knobs, n, truth);
    let mut ops = Vec::with_capacity(64);
    let mut toks = Vec::with_capacity(64);
    let mut best_toks = Vec::with_capacity(64);
    let mut cands = full.clone();
    let mut count = popcount(&cands);
    let mut trial = vec![0u64; cands.len()];
    let mut best = vec![0u64; cands.len()];
    let mut statements: Vec<Vec<Tok>> = vec![Vec::new(); n];
    let mut order = [0usize; MAX_PEOPLE];
    let order = &mut order[..n];
    for (i, slot) in order.iter_mut().enumerate() {
        *slot = i;
    }
    rng.shuffle(order);
    for (pos, &speaker) in order.iter().enumerate() {
        let last = pos + 1 == n;
        let tries = if last { 40 } else { 6 };
        let mut chosen: Option<u64> = None;
        for _ in 0..tries {
            if !sample_matching(&mut sampler, rng, speaker, truth, &mut toks, &mut ops) {
                continue;
            }
            let left = constrain(&ops, speaker, &cands, &mut trial);
            if chosen.is_none_or(|c| left < c) {
                std::mem::swap(&mut trial, &mut best);
                std::mem::swap(&mut toks, &mut best_toks);
                chosen = Some(left);
            }
            let done = if last {
                left == 1
            } else {
                left < count || count == 1
            };
            if done {
                break;
            }
        }
        let left = chosen?;
        std::mem::swap(&mut cands, &mut best);
        count = left;
        statements[speaker].clone_from(&best_toks);
    }
    if count > 1 {
        // Resample statements while that shrinks the candidate set.
        let mut constraints: Vec<Vec<u64>> = Vec::with_capacity(n);
        for (speaker, statement) in statements.iter().enumerate() {
            ops.clear();
            compile_toks(statement, &mut ops);
            let mut set = vec![0u64; cands.len()];
            constrain(&ops, speaker, &full, &mut set);
            constraints.push(set);
        }
        // What every other statement allows, per speaker, while no statement changes.
        let mut others: Vec<Option<Vec<u64>>> = vec![None; n];
        for _ in 0..8 * n {
            if count == 1 {
                break;
            }
            let speaker = rng.index(n);
            if !sample_matching(&mut sampler, rng, speaker, truth, &mut toks, &mut ops) {
                continue;
            }
            let allowed = others[speaker].get_or_insert_with(|| {
                let mut allowed = full.clone();
                for (j, set) in constraints.iter().enumerate() {
                    if j != speaker {
                        for (o, s) in allowed.iter_mut().zip(set) {
                            *o &= s;
                        }
                    }
                }
                allowed
            });
            let left = constrain(&ops, speaker, allowed, &mut trial);
            if left < count {
                count = left;
                constrain(&ops, speaker, &full, &mut constraints[speaker]);
                statements[speaker].clone_from(&toks);
                others.fill(None);
            }
        }
    }
    (count == 1).then_some(statements)
}

// ---------------------------------------------------------------------------------------------
// Rendering.

/// Appends the English word for `k` (digits past twenty).
fn push_number_word(k: usize, out: &mut String) {
    match NUMBER_WORDS.get(k) {
        Some(word) => out.push_str(word),
        None => push_number(k, out),
    }
}

/// Appends `k` in decimal.
fn push_number(k: usize, out: &mut String) {
    if k < 10 {
        out.push(char::from(b'0' + k as u8));
    } else {
        let _ = write!(out, "{k}");
    }
}

fn is_simple(expr: &Expr) -> bool {
    match expr {
        Expr::Is { .. } => true,
        Expr::Not(inner) => matches!(**inner, Expr::Is { .. }),
        _ => false,
    }
}

struct Renderer<'p> {
    names: &'p [String],
    speaker: u8,
}

impl Renderer<'_> {
    fn subject(&self, person: u8, out: &mut String) {
        if person == self.speaker {
            out.push_str("I am");
        } else {
            out.push_str(&self.names[usize::from(person)]);
            out.push_str(" is");
        }
    }

    fn child(&self, expr: &Expr, out: &mut String) {
        if is_simple(expr) {
            self.expr(expr, out);
        } else {
            out.push('(');
            self.expr(expr, out);
            out.push(')');
        }
    }

    fn list(&self, items: &[Expr], joiner: &str, out: &mut String) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == items.len() { joiner } else { ", " });
            }
            self.child(item, out);
        }
    }

    fn group(&self, group: u32, out: &mut String) {
        let others = group & !(1u32 << self.speaker);
        let with_speaker = group >> self.speaker & 1 == 1;
        let total = others.count_ones() as usize + usize::from(with_speaker);
        for (i, p) in members(others).enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == total { " and " } else { ", " });
            }
            out.push_str(&self.names[usize::from(p)]);
        }
        if with_speaker {
            out.push_str(if others == 0 { "me" } else { " and me" });
        }
    }

    fn expr(&self, expr: &Expr, out: &mut String) {
        match expr {
            Expr::Is { person, knight } => {
                self.subject(*person, out);
                out.push_str(if *knight { " a knight" } else { " a knave" });
            }
            Expr::Not(inner) => {
                if let Expr::Is { person, knight } = **inner {
                    self.subject(person, out);
                    out.push_str(if knight {
                        " not a knight"
                    } else {
                        " not a knave"
                    });
                } else {
                    out.push_str("it is not the case that ");
                    self.child(inner, out);
                }
            }
            Expr::And(items) => self.list(items, " and ", out),
            Expr::Or(items) => self.list(items, " or ", out),
            Expr::If(a, b) => {
                out.push_str("if ");
                self.child(a, out);
                out.push_str(", then ");
                self.child(b, out);
            }
            Expr::Iff(a, b) => {
                self.child(a, out);
                out.push_str(" if and only if ");
                self.child(b, out);
            }
            Expr::Count {
                kind,
                k,
                knights,
                group,
            } => {
                out.push_str("among ");
                self.group(*group, out);
                out.push_str(", ");
                let s = group.count_ones() as usize;
                let k = usize::from(*k);
                let plural = match kind {
                    CountKind::Exactly if k == 0 && s == 2 => {
                        out.push_str("neither");
                        false
                    }
                    CountKind::Exactly if k == 0 => {
                        out.push_str("none");
                        false
                    }
                    CountKind::Exactly if k == s && s == 2 => {
                        out.push_str("both");
                        true
                    }
                    CountKind::Exactly if k == s => {
                        out.push_str("all ");
                        push_number_word(s, out);
                        true
                    }
                    _ => {
                        out.push_str(match kind {
                            CountKind::Exactly => "exactly ",
                            CountKind::AtLeast => "at least ",
                            CountKind::AtMost => "at most ",
                        });
                        push_number_word(k, out);
                        k != 1
                    }
                };
                out.push_str(match (plural, *knights) {
                    (true, true) => " are knights",
                    (true, false) => " are knaves",
                    (false, true) => " is a knight",
                    (false, false) => " is a knave",
                });
            }
            Expr::Same { a, b, same } => {
                let (first, second) = if *a == self.speaker {
                    (*b, *a)
                } else {
                    (*a, *b)
                };
                out.push_str(&self.names[usize::from(first)]);
                out.push_str(" and ");
                if second == self.speaker {
                    out.push('I');
                } else {
                    out.push_str(&self.names[usize::from(second)]);
                }
                out.push_str(if *same {
                    " are of the same kind"
                } else {
                    " are of different kinds"
                });
            }
        }
    }
}

fn push_joined_names(names: &[String], out: &mut String) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == names.len() { " and " } else { ", " });
        }
        out.push_str(name);
    }
}

fn render_assignment(puzzle: &KnightsKnavesPuzzle, mask: u32, skip: Option<usize>) -> String {
    let mut out = String::with_capacity(16 * puzzle.people());
    for (i, name) in puzzle.names.iter().enumerate() {
        if Some(i) == skip {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(name);
        out.push_str(if mask >> i & 1 == 1 {
            ": knight"
        } else {
            ": knave"
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Answer parsing.

/// Word-level state of the answer parser.
#[derive(Default)]
struct AnswerReader {
    assigned: u32,
    knights: u32,
    /// Names waiting for their role in a name-first clause.
    pending: u32,
    /// The role of a headed list ("Knights: …") in this clause.
    header: Option<bool>,
    /// Whether the current header has received a name (or an explicit "none").
    header_filled: bool,
    /// A header left open by a clause that named nobody: the following clauses list its people.
    /// Holds the role and whether the list has received a name yet.
    open_list: Option<(bool, bool)>,
    /// Whether the clause has seen a name or a role.
    started: bool,
    /// Whether this clause continues an open list.
    continuing: bool,
}

impl AnswerReader {
    fn assign(&mut self, set: u32, knight: bool) -> Result<(), ParseError> {
        let role = if knight { set } else { 0 };
        if (self.knights ^ role) & set & self.assigned != 0 {
            return Err(ParseError::new("a person is given both roles"));
        }
        self.assigned |= set;
        self.knights |= role;
        Ok(())
    }

    fn role(&mut self, knight: bool) -> Result<(), ParseError> {
        if self.continuing {
            return Err(ParseError::new("a role inside a listed entry"));
        }
        if self.header.is_some() {
            if !self.header_filled {
                return Err(ParseError::new("a role with nobody listed"));
            }
            self.header = Some(knight);
            self.header_filled = false;
        } else if self.pending != 0 {
            let pending = std::mem::take(&mut self.pending);
            self.assign(pending, knight)?;
        } else if !self.started {
            if matches!(self.open_list, Some((_, false))) {
                return Err(ParseError::new("a role with nobody listed"));
            }
            self.header = Some(knight);
            self.header_filled = false;
            self.open_list = None;
        } else {
            return Err(ParseError::new("a role with no name before it"));
        }
        self.started = true;
        Ok(())
    }

    fn name(&mut self, person: usize) -> Result<(), ParseError> {
        let bit = 1u32 << person;
        if !self.started && self.header.is_none() {
            if let Some((role, _)) = self.open_list {
                self.continuing = true;
                self.open_list = Some((role, true));
                self.header = Some(role);
            }
        }
        if let Some(role) = self.header {
            self.assign(bit, role)?;
            self.header_filled = true;
        } else {
            self.pending |= bit;
        }
        self.started = true;
        Ok(())
    }

    fn word(&mut self, puzzle: &KnightsKnavesPuzzle, word: &str) -> Result<(), ParseError> {
        let lower = |w: &str| word.eq_ignore_ascii_case(w);
        match word.as_bytes() {
            [b'k' | b'K', ..] if (5..=7).contains(&word.len()) => {
                if lower("knight") || lower("knights") {
                    return self.role(true);
                }
                if lower("knave") || lower("knaves") {
                    return self.role(false);
                }
            }
            digits if digits.iter().all(u8::is_ascii_digit) => return Ok(()), // list numbering
            _ => {}
        }
        if let Some(person) = puzzle.find_name(word) {
            return self.name(person);
        }
        if lower("none") && self.header.is_some() && !self.header_filled && !self.continuing {
            self.header_filled = true;
            return Ok(());
        }
        if NEGATIONS.iter().any(|n| lower(n)) {
            return Err(ParseError::new(
                "negations are not accepted; state each role",
            ));
        }
        if FILLERS.iter().any(|f| lower(f)) {
            return Ok(());
        }
        let shown: String = word.chars().take(24).collect();
        Err(ParseError::new(format!("unknown word {shown:?}")))
    }

    fn end_clause(&mut self, puzzle: &KnightsKnavesPuzzle) -> Result<(), ParseError> {
        if self.pending != 0 {
            let person = self.pending.trailing_zeros() as usize;
            return Err(ParseError::new(format!(
                "no role given for {}",
                puzzle.names[person]
            )));
        }
        if !self.continuing {
            if let Some(role) = self.header {
                // A header with nobody after it opens a list on the following lines.
                self.open_list = (!self.header_filled).then_some((role, false));
            }
        }
        self.header = None;
        self.header_filled = false;
        self.started = false;
        self.continuing = false;
        Ok(())
    }
}

fn parse_roles(puzzle: &KnightsKnavesPuzzle, text: &str) -> Result<u32, ParseError> {
    let mut reader = AnswerReader::default();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word_char, width) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'\'', 1)
        } else {
            // Non-ASCII: letters and digits join words (and make them unknown); the rest
            // (bullets, dashes, quotes) separates.
            let ch = text[i..].chars().next().unwrap_or(' ');
            (ch.is_alphanumeric(), ch.len_utf8())
        };
        if word_char {
            start.get_or_insert(i);
        } else {
            if let Some(s) = start.take() {
                reader.word(puzzle, &text[s..i])?;
            }
            if matches!(b, b'\n' | b'\r' | b';' | b'.') {
                reader.end_clause(puzzle)?;
            }
        }
        i += width;
    }
    if let Some(s) = start {
        reader.word(puzzle, &text[s..])?;
    }
    reader.end_clause(puzzle)?;
    if matches!(reader.open_list, Some((_, false))) {
        return Err(ParseError::new("a role with nobody listed"));
    }
    let all = full_mask(puzzle.people());
    if reader.assigned != all {
        let missing = (all & !reader.assigned).trailing_zeros() as usize;
        return Err(ParseError::new(format!(
            "no role given for {}",
            puzzle.names[missing]
        )));
    }
    Ok(reader.knights)
}

// ---------------------------------------------------------------------------------------------

impl Task for KnightsKnaves {
    const ID: &'static str = "knights_knaves";
    const VERSION: u32 = 1;
    const DIFFICULTY_MEASURE: &'static str = "backtrack_nodes";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 4096;

    type Knobs = KnightsKnavesKnobs;
    type Puzzle = KnightsKnavesPuzzle;
    type Answer = u32;

    fn check_knobs(knobs: &KnightsKnavesKnobs) -> Result<(), KnobError> {
        if !(2..=MAX_PEOPLE).contains(&usize::from(knobs.people)) {
            return Err(KnobError::new(
                "people",
                format!("must be in 2..={MAX_PEOPLE}"),
            ));
        }
        if !(1..=4).contains(&knobs.depth) {
            return Err(KnobError::new("depth", "must be in 1..=4"));
        }
        if !(2..=6).contains(&knobs.width) {
            return Err(KnobError::new("width", "must be in 2..=6"));
        }
        for (i, t) in knobs.types.iter().enumerate() {
            if knobs.types[..i].contains(t) {
                return Err(KnobError::new("types", format!("{t:?} listed twice")));
            }
        }
        if knobs
            .types
            .iter()
            .all(|t| matches!(t, StatementType::Not | StatementType::SelfReference))
        {
            return Err(KnobError::new(
                "types",
                "needs a connective, counting or same_kind type: plain claims and negations \
                 alone never determine a unique solution",
            ));
        }
        let self_ref = knobs.types.contains(&StatementType::SelfReference);
        if !self_ref && knobs.people < 3 {
            return Err(KnobError::new(
                "people",
                "must be at least 3 without self_reference",
            ));
        }
        Ok(())
    }

    fn generate(
        knobs: &KnightsKnavesKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<KnightsKnavesPuzzle>, GenerateError> {
        let n = usize::from(knobs.people);
        let mut picks = [0usize; MAX_PEOPLE];
        sample_indices_into::<256>(rng, NAMES.len(), &mut picks[..n]);
        let names: Vec<String> = picks[..n].iter().map(|&i| NAMES[i].to_string()).collect();
        for attempt in 1..=ATTEMPTS {
            let ratio = 0.25 + 0.5 * rng.unit();
            let truth = (0..n).fold(0u32, |acc, i| acc | (u32::from(rng.chance(ratio)) << i));
            let Some(statements) = build(knobs, truth, rng) else {
                continue;
            };
            let puzzle =
                KnightsKnavesPuzzle::from_toks(names, &statements, truth).map_err(GenerateError)?;
            let search = Backtrack::run(&puzzle, 2);
            if search.solutions != 1 || search.first != Some(truth) {
                return Err(GenerateError(
                    "internal: backtracking disagrees with the generator".into(),
                ));
            }
            let mentions: u32 = puzzle
                .ops
                .iter()
                .map(|op| match *op {
                    Op::Lit { .. } => 1,
                    Op::Range { group, .. } => group.count_ones(),
                    Op::Same { .. } => 2,
                    _ => 0,
                })
                .sum();
            let assignment: String = (0..n)
                .map(|i| if truth >> i & 1 == 1 { 'K' } else { 'N' })
                .collect();
            let mut metadata = Map::new();
            metadata.insert("solutions".into(), Value::from(1));
            metadata.insert("assignment".into(), Value::from(assignment));
            metadata.insert("knights".into(), Value::from(truth.count_ones()));
            metadata.insert("people".into(), Value::from(n));
            metadata.insert("structure".into(), Value::from(puzzle.says().join(";")));
            metadata.insert("mentions".into(), Value::from(mentions));
            metadata.insert("attempts".into(), Value::from(attempt));
            return Ok(Generated {
                difficulty: search.nodes as f64,
                puzzle,
                metadata,
            });
        }
        Err(GenerateError(format!(
            "no puzzle with a unique solution for {n} people within {ATTEMPTS} attempts"
        )))
    }

    fn prompt(puzzle: &KnightsKnavesPuzzle) -> String {
        let n = puzzle.people();
        let mut out = String::with_capacity(1200 + 120 * n);
        out.push_str(
            "On an island, every inhabitant is either a knight or a knave. Knights always tell \
             the truth, and knaves always lie.\n\n",
        );
        out.push_str("You meet ");
        push_number_word(n, &mut out);
        out.push_str(" inhabitants: ");
        push_joined_names(&puzzle.names, &mut out);
        out.push_str(". Each of them makes one statement:\n\n");
        for (speaker, statement) in puzzle.statements.iter().enumerate() {
            out.push_str("- ");
            out.push_str(&puzzle.names[speaker]);
            out.push_str(" says: \"");
            let start = out.len();
            Renderer {
                names: &puzzle.names,
                speaker: speaker as u8,
            }
            .expr(statement, &mut out);
            // Capitalize the first letter (it may follow a parenthesis).
            if let Some(offset) = out[start..].find(|c: char| c.is_ascii_alphabetic()) {
                if let Some(first) = out.get_mut(start + offset..=start + offset) {
                    first.make_ascii_uppercase();
                }
            }
            out.push_str(".\"\n");
        }
        out.push_str(
            "\nHow to read the statements: \"or\" is inclusive (at least one part is true); \
             \"if P, then Q\" is false only when P is true and Q is false; \"P if and only if Q\" \
             is true when P and Q are both true or both false; a group \"among X, Y and me\" \
             includes the speaker; two people are \"of the same kind\" when both are knights or \
             both are knaves; parentheses group the parts of a statement.\n\n\
             Determine who is a knight and who is a knave. Exactly one assignment of roles is \
             consistent with all the statements.\n\n",
        );
        out.push_str(
            "Give your final answer inside <answer> and </answer> tags, with one line per \
             inhabitant in the form \"Name: knight\" or \"Name: knave\", listing each of the ",
        );
        push_number_word(n, &mut out);
        out.push_str(
            " inhabitants exactly once by the name used above. The shape of the block (with \
             placeholder names) is:\n\
             <answer>\nName: knight\nOther name: knave\n...\n</answer>",
        );
        out
    }

    fn solve(puzzle: &KnightsKnavesPuzzle) -> u32 {
        // The stored solution, once checked against every statement; otherwise search.
        if puzzle.solution_consistent {
            puzzle.solution
        } else {
            Backtrack::run(puzzle, 1).first.unwrap_or(puzzle.solution)
        }
    }

    fn render_answer(puzzle: &KnightsKnavesPuzzle, answer: &u32) -> String {
        render_assignment(puzzle, *answer, None)
    }

    fn parse_answer(puzzle: &KnightsKnavesPuzzle, text: &str) -> Result<u32, ParseError> {
        parse_roles(puzzle, text)
    }

    fn grade(puzzle: &KnightsKnavesPuzzle, answer: &u32) -> Grade {
        // The stored solution was checked against every statement when the puzzle was loaded;
        // any other assignment is checked now.
        let same = (answer ^ puzzle.solution) & full_mask(puzzle.people()) == 0;
        if (same && puzzle.solution_consistent) || (!same && puzzle.consistent(*answer)) {
            return Grade::CORRECT;
        }
        let n = puzzle.people();
        let all = full_mask(n);
        let right = n - ((answer ^ puzzle.solution) & all).count_ones() as usize;
        let knights = (puzzle.solution & all).count_ones() as usize;
        let base = knights.max(n - knights) as f64 / n as f64;
        if base >= 1.0 {
            return Grade::WRONG;
        }
        let accuracy = right as f64 / n as f64;
        Grade::partial(((accuracy - base) / (1.0 - base)).max(0.0))
    }

    fn count_solutions(puzzle: &KnightsKnavesPuzzle, limit: u64) -> Option<u64> {
        Some(count_exhaustive(puzzle, limit))
    }

    fn wrong_answers(puzzle: &KnightsKnavesPuzzle, rng: &mut ItemRng) -> Vec<String> {
        let n = puzzle.people();
        let all = full_mask(n);
        let solution = Self::solve(puzzle);
        let mut wrong = vec![
            render_assignment(puzzle, solution ^ (1 << rng.index(n)), None),
            render_assignment(puzzle, !solution & all, None),
            render_assignment(puzzle, solution, Some(rng.index(n))),
        ];
        let knights = solution & all;
        let knaves = !solution & all;
        if knights != 0 && knaves != 0 {
            let a = nth_member(knights, rng.index(knights.count_ones() as usize));
            let b = nth_member(knaves, rng.index(knaves.count_ones() as usize));
            let swapped = solution ^ (1 << a) ^ (1 << b);
            wrong.push(render_assignment(puzzle, swapped, None));
        }
        wrong
    }

    fn exploits(puzzle: &KnightsKnavesPuzzle) -> Vec<(&'static str, String)> {
        let n = puzzle.people();
        let all = full_mask(n);
        let solution = Self::solve(puzzle) & all;
        let names = &puzzle.names;
        let per_person = |suffix: &str| -> String {
            names
                .iter()
                .map(|name| format!("{name}{suffix}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut out: Vec<(&'static str, String)> = Vec::new();
        // Constant answers, unless the constant is the solution (then it is the answer).
        if solution != all {
            out.push(("everyone a knight", render_assignment(puzzle, all, None)));
            out.push(("all of them are knights", "All of them are knights.".into()));
            out.push(("everyone is a knight", "Everyone is a knight.".into()));
        }
        if solution != 0 {
            out.push(("everyone a knave", render_assignment(puzzle, 0, None)));
            out.push(("all of them are knaves", "All of them are knaves.".into()));
        }
        // A fixed pattern that ignores the statements.
        let alternating = (0..n).step_by(2).fold(0u32, |m, i| m | 1 << i);
        if alternating != solution {
            out.push((
                "alternating knight, knave",
                render_assignment(puzzle, alternating, None),
            ));
        }
        out.push(("only the names", names.join("\n")));
        out.push((
            "\"knight or knave\" for everyone",
            per_person(": knight or knave"),
        ));
        out.push(("both roles for everyone", per_person(": knight, knave")));
        out.push((
            "everyone in both lists",
            format!(
                "Knights: {}\nKnaves: {}",
                names.join(", "),
                names.join(", ")
            ),
        ));
        out.push(("both lists empty", "Knights: none\nKnaves: none".into()));
        out.push((
            "each person a knight and not a knave",
            per_person(" is a knight and not a knave"),
        ));
        // Every assignment listed, for small puzzles (a person then has both roles).
        if n <= 4 {
            let every: Vec<String> = (0..=all)
                .map(|mask| render_assignment(puzzle, mask, None))
                .collect();
            out.push(("every assignment listed", every.join("\n\n")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn puzzle_at(knobs: &KnightsKnavesKnobs, index: u64) -> KnightsKnavesPuzzle {
        let mut rng = ItemRng::for_item("knights_knaves_test", 1, index);
        KnightsKnaves::generate(knobs, &mut rng).unwrap().puzzle
    }

    fn knobs(people: u8, depth: u8, width: u8) -> KnightsKnavesKnobs {
        KnightsKnavesKnobs {
            people,
            depth,
            width,
            types: ALL_TYPES.to_vec(),
        }
    }

    #[test]
    fn name_pool_is_large_distinct_and_clean() {
        assert!(NAMES.len() >= 200, "{}", NAMES.len());
        for (i, name) in NAMES.iter().enumerate() {
            assert!(name.bytes().all(|b| b.is_ascii_alphabetic()), "{name}");
            assert!(!keyword(name), "{name}");
            assert!(
                !NAMES[..i].iter().any(|o| o.eq_ignore_ascii_case(name)),
                "duplicate {name}"
            );
        }
    }

    #[test]
    fn three_evaluators_agree() {
        let mut rng = ItemRng::from_u64(3);
        for people in [2usize, 5, 7, 9] {
            let full = full_space(people);
            let mut toks = Vec::new();
            for _ in 0..300 {
                let truth = rng.next_u64() as u32 & full_mask(people);
                let mut sampler = Sampler::new(&knobs(people as u8, 3, 4), people, truth);
                let speaker = rng.index(people);
                sampler.statement(&mut rng, speaker, &mut toks);
                let expr = tree(&toks);
                let mut ops = Vec::new();
                compile(&expr, &mut ops);
                let mut from_toks = Vec::new();
                compile_toks(&toks, &mut from_toks);
                assert_eq!(ops, from_toks);
                // What the sampler worked out while writing the statement.
                assert_eq!(sampler.value(), eval_scalar(&ops, truth));
                assert_eq!(sampler.used, named(&ops));
                let lits: Vec<u8> = ops
                    .iter()
                    .filter_map(|op| match *op {
                        Op::Lit { person, .. } => Some(person),
                        _ => None,
                    })
                    .collect();
                let distinct = lits.iter().fold(0u32, |acc, &p| acc | 1 << p).count_ones();
                assert_eq!(sampler.repeated, distinct as usize != lits.len());
                assert!(stack_need(&ops).is_some());
                // Formula round trip.
                let mut text = String::new();
                write_formula(&expr, &mut text);
                assert_eq!(FormulaReader::parse(&text, people).unwrap(), expr, "{text}");
                let mut out = vec![0u64; full.len()];
                constrain(&ops, speaker, &full, &mut out);
                for mask in 0..=full_mask(people) {
                    let value = eval_scalar(&ops, mask);
                    let word = mask as usize / 64;
                    let lane = mask % 64;
                    assert_eq!(eval_lanes(&ops, word) >> lane & 1 == 1, value, "{text}");
                    let consistent = (mask >> speaker & 1 == 1) == value;
                    assert_eq!(out[word] >> lane & 1 == 1, consistent);
                    let all = full_mask(people);
                    let exact = eval_partial(&ops, all, mask);
                    assert_eq!(exact, if value { CAN_TRUE } else { CAN_FALSE });
                    // Partial evaluation on a random sub-assignment must allow the value.
                    let known = rng.next_u64() as u32 & all;
                    assert!(eval_partial(&ops, known, mask) & exact != 0, "{text}");
                    // The lane form on the prefix of the first `depth` people.
                    let depth = rng.index(people + 1);
                    let prefix = mask & full_mask(depth);
                    let (t, f) = eval_kleene_lanes(&ops, depth, prefix as usize / 64);
                    let lane = prefix % 64;
                    let lanes = u8::from(t >> lane & 1 == 1) * CAN_TRUE
                        + u8::from(f >> lane & 1 == 1) * CAN_FALSE;
                    assert_eq!(
                        lanes,
                        eval_partial(&ops, full_mask(depth), prefix),
                        "{text}"
                    );
                }
                // Constraining a random subset (sparse and dense words alike).
                let density = rng.index(64) as u32;
                let within: Vec<u64> = full
                    .iter()
                    .map(|&w| {
                        let mut bits = 0u64;
                        for lane in 0..64 {
                            bits |= u64::from((rng.next_u64() % 64) as u32 <= density) << lane;
                        }
                        w & bits
                    })
                    .collect();
                let mut out = vec![0u64; full.len()];
                let total = constrain(&ops, speaker, &within, &mut out);
                let mut expected = 0;
                for mask in 0..=full_mask(people) {
                    let (word, lane) = (mask as usize / 64, mask % 64);
                    let keep = within[word] >> lane & 1 == 1
                        && (mask >> speaker & 1 == 1) == eval_scalar(&ops, mask);
                    assert_eq!(out[word] >> lane & 1 == 1, keep, "{text}");
                    expected += u64::from(keep);
                }
                assert_eq!(total, expected);
            }
        }
    }

    /// The depth-first search, unchanged: every node checks every assigned speaker.
    fn reference_search(puzzle: &KnightsKnavesPuzzle, limit: u64) -> (u64, u64, Option<u32>) {
        fn visit(
            p: &KnightsKnavesPuzzle,
            limit: u64,
            assigned: usize,
            known: u32,
            value: u32,
            out: &mut (u64, u64, Option<u32>),
        ) {
            out.0 += 1;
            let feasible = members(known).all(|i| {
                let needed = if value >> i & 1 == 1 {
                    CAN_TRUE
                } else {
                    CAN_FALSE
                };
                eval_partial(p.program(usize::from(i)), known, value) & needed != 0
            });
            if !feasible {
                return;
            }
            if assigned == p.people() {
                out.1 += 1;
                out.2.get_or_insert(value);
                return;
            }
            let bit = 1u32 << assigned;
            for role in [bit, 0] {
                if out.1 >= limit {
                    return;
                }
                visit(p, limit, assigned + 1, known | bit, value | role, out);
            }
        }
        let mut out = (0, 0, None);
        visit(puzzle, limit, 0, 0, 0, &mut out);
        out
    }

    #[test]
    fn backtracking_shortcuts_count_like_the_plain_search() {
        // Random statements, so puzzles with any number of solutions.
        let mut rng = ItemRng::from_u64(17);
        let mut toks = Vec::new();
        for people in [2usize, 3, 5, 6, 7, 8, 10] {
            let mut sampler = Sampler::new(&knobs(people as u8, 2, 3), people, 0);
            for _ in 0..150 {
                let statements: Vec<Expr> = (0..people)
                    .map(|speaker| {
                        sampler.statement(&mut rng, speaker, &mut toks);
                        tree(&toks)
                    })
                    .collect();
                let names = (0..people).map(|i| NAMES[i].to_string()).collect();
                let solution = rng.next_u64() as u32 & full_mask(people);
                let puzzle = KnightsKnavesPuzzle::new(names, statements, solution).unwrap();
                for limit in [1, 2, 5, u64::MAX] {
                    let search = Backtrack::run(&puzzle, limit);
                    let reference = reference_search(&puzzle, limit);
                    assert_eq!((search.nodes, search.solutions, search.first), reference);
                }
            }
        }
    }

    #[test]
    fn every_level_is_unique_by_both_solvers() {
        let levels = [
            (2, 1, 2),
            (3, 1, 2),
            (4, 2, 2),
            (5, 2, 3),
            (6, 2, 3),
            (8, 2, 3),
            (10, 3, 3),
            (12, 3, 4),
        ];
        for (people, depth, width) in levels {
            let k = knobs(people, depth, width);
            for index in 0..20 {
                let puzzle = puzzle_at(&k, index);
                assert_eq!(count_exhaustive(&puzzle, 5), 1);
                let search = Backtrack::run(&puzzle, 5);
                assert_eq!(search.solutions, 1);
                assert_eq!(search.first, Some(puzzle.solution));
            }
        }
    }

    #[test]
    fn payload_round_trips_and_rejects_garbage() {
        let puzzle = puzzle_at(&KnightsKnavesKnobs::default(), 0);
        let json = serde_json::to_string(&puzzle).unwrap();
        let back: KnightsKnavesPuzzle = serde_json::from_str(&json).unwrap();
        assert_eq!(back.statements, puzzle.statements);
        assert_eq!(KnightsKnaves::prompt(&back), KnightsKnaves::prompt(&puzzle));
        for bad in [
            r#"{"names":["Al","Bo"],"says":["K1","K9"],"sol":"KK"}"#,
            r#"{"names":["Al","Al"],"says":["K1","K0"],"sol":"KK"}"#,
            r#"{"names":["Al","Bo"],"says":["&(K1)","K0"],"sol":"KK"}"#,
            r#"{"names":["Al","Bo"],"says":["E3K[0,1]","K0"],"sol":"KK"}"#,
            r#"{"names":["Al","Knight"],"says":["K1","K0"],"sol":"KK"}"#,
            r#"{"names":["Al","Bo"],"says":["!!!!!!!!!!!!!!!!!!!!K1","K0"],"sol":"KK"}"#,
        ] {
            assert!(
                serde_json::from_str::<KnightsKnavesPuzzle>(bad).is_err(),
                "{bad}"
            );
        }
    }

    fn three() -> KnightsKnavesPuzzle {
        // Alice: "Bob is a knave and I am a knave" → Alice knave; Bob: "Alice is a knave";
        // Carol: "Among Alice, Bob and me, at least one is a knave".
        let statements = vec![
            FormulaReader::parse("&(N1,N0)", 3).unwrap(),
            FormulaReader::parse("N0", 3).unwrap(),
            FormulaReader::parse("L1N[0,1]", 3).unwrap(),
        ];
        let names = ["Alice", "Bob", "Carol"].map(String::from).to_vec();
        let puzzle = KnightsKnavesPuzzle::new(names, statements, 0b110).unwrap();
        assert_eq!(count_exhaustive(&puzzle, 5), 1);
        assert!(puzzle.consistent(0b110));
        puzzle
    }

    #[test]
    fn parsing_is_lenient_on_form() {
        let p = three();
        for text in [
            "Alice: knave\nBob: knight\nCarol: knight",
            "alice - Knave, BOB - knight; carol - KNIGHT",
            "Carol is a knight. Bob is a knight. Alice is a knave.",
            "- Alice: knave\n- Bob: knight\n- Carol: knight\n",
            "1. Alice: knave\n2. Bob: knight\n3. Carol: knight",
            "* **Alice**: knave\n* **Bob**: knight\n* **Carol**: knight",
            "Bob and Carol are knights; Alice is a knave",
            "Knights: Bob, Carol\nKnaves: Alice",
            "Knights: Bob, Carol. Knaves: Alice.",
            "Knights: Bob, Carol, Knaves: Alice",
            "Knights:\n- Bob\n- Carol\nKnaves:\n- Alice",
            "Alice: knave\nAlice: knave\nBob: knight\nCarol: knight",
            "Final answer: Alice is a knave, Bob is a knight and Carol is a knight",
            "• Alice: knave\n• Bob: knight\n• Carol: knight",
        ] {
            assert_eq!(parse_roles(&p, text), Ok(0b110), "{text}");
        }
        let all_knights = "Knights: Alice, Bob, Carol\nKnaves: none";
        assert_eq!(parse_roles(&p, all_knights), Ok(0b111));
    }

    #[test]
    fn parsing_is_strict_on_content() {
        let p = three();
        for text in [
            "",
            "Alice: knave\nBob: knight", // missing
            "Alice: knave\nBob: knight\nCarol: knight\nDan: knave", // unknown name
            "Alice: knave\nBob: knight\nCarol: knight\nAlice: knight", // both roles
            "Alice: knave, knight\nBob: knight\nCarol: knight",
            "Alice is not a knight\nBob: knight\nCarol: knight", // negation
            "Alice: not knave\nBob: knight\nCarol: knight",
            "Alice: knave\nBob: knight\nCarol: knight, I know",
            "Alice: knave\nBob: knight\nCarol",
            "Alice: knave\nBob: knight\nCarol: knightly",
            "Alice: liar\nBob: knight\nCarol: knight",
            "Alice: knave\nBob: knight\nCarol: knight\nKnaves:",
            "Knights:\n- Bob\n- Carol: knight\nKnaves: Alice",
            "Alice: knave\nBob: knight\nCarol: knight or knave",
            "Alice: knave\nBob: knight\nCarol: knight (Alice is not)",
            "Alicé: knave\nBob: knight\nCarol: knight",
            "Alice: knave\nBob: knight\nCarol: ｋnight",
        ] {
            assert!(parse_roles(&p, text).is_err(), "{text:?} parsed");
        }
    }

    #[test]
    fn constant_guesses_earn_nothing_and_random_guesses_little() {
        let k = KnightsKnavesKnobs::default();
        let mut rng = ItemRng::from_u64(11);
        let mut random_total = 0.0;
        let mut constant_total = [0.0; 2];
        let mut knight_fraction = 0.0;
        let trials = 400;
        for index in 0..trials {
            let p = puzzle_at(&k, 1000 + index);
            let all = full_mask(p.people());
            for (total, constant) in constant_total.iter_mut().zip([0, all]) {
                let grade = KnightsKnaves::grade(&p, &constant);
                // A constant guess scores only when it is the solution itself.
                assert_eq!(grade.correct, constant == p.solution);
                assert!(grade.correct || grade.credit == 0.0);
                *total += grade.credit;
            }
            let guess = rng.next_u64() as u32 & all;
            random_total += KnightsKnaves::grade(&p, &guess).credit;
            assert_eq!(KnightsKnaves::grade(&p, &p.solution), Grade::CORRECT);
            knight_fraction += f64::from(p.solution.count_ones()) / p.people() as f64;
        }
        for total in constant_total {
            let mean = total / trials as f64;
            assert!(mean < 0.05, "a constant guess averages {mean}");
        }
        let random_mean = random_total / trials as f64;
        assert!(random_mean < 0.15, "random guesses average {random_mean}");
        let knight_fraction = knight_fraction / trials as f64;
        assert!(
            (0.4..0.6).contains(&knight_fraction),
            "knights are {knight_fraction} of people on average"
        );
    }

    #[test]
    fn exploits_never_score_and_constant_guesses_earn_no_credit() {
        use crate::exploits::{grade_text, level_puzzles};
        let mut seen = std::collections::BTreeSet::new();
        let mut pattern_credit = (0.0, 0u32);
        for level in 1..=10 {
            for p in level_puzzles::<KnightsKnaves>(level, 40) {
                for (name, text) in KnightsKnaves::exploits(&p) {
                    seen.insert(name);
                    let Some(grade) = grade_text::<KnightsKnaves>(&p, &text) else {
                        continue;
                    };
                    assert!(!grade.correct, "level {level} {name}: {text}");
                    match name {
                        // A constant equals the majority guess at best: exactly 0 credit.
                        "everyone a knight" | "everyone a knave" => {
                            assert_eq!(grade.credit, 0.0, "level {level} {name}");
                        }
                        "alternating knight, knave" => {
                            pattern_credit.0 += grade.credit;
                            pattern_credit.1 += 1;
                        }
                        // Everything else must not even parse.
                        _ => panic!("level {level}: {name:?} parsed: {text:?}"),
                    }
                }
            }
        }
        let mean = pattern_credit.0 / f64::from(pattern_credit.1.max(1));
        assert!(mean < 0.1, "a fixed pattern averages {mean} partial credit");
        assert!(seen.len() >= 10, "{seen:?}");
    }

    #[test]
    fn wrong_answers_are_wrong() {
        let k = KnightsKnavesKnobs::default();
        let mut rng = ItemRng::from_u64(5);
        for index in 0..50 {
            let p = puzzle_at(&k, index);
            for text in KnightsKnaves::wrong_answers(&p, &mut rng) {
                if let Ok(mask) = parse_roles(&p, &text) {
                    assert!(KnightsKnaves::grade(&p, &mask).credit < 1.0);
                }
            }
            let right = KnightsKnaves::render_answer(&p, &KnightsKnaves::solve(&p));
            assert_eq!(parse_roles(&p, &right), Ok(p.solution));
        }
    }

    #[test]
    fn knobs_are_checked() {
        let mut k = KnightsKnavesKnobs::default();
        assert!(KnightsKnaves::check_knobs(&k).is_ok());
        k.people = 21;
        assert_eq!(KnightsKnaves::check_knobs(&k).unwrap_err().knob, "people");
        k = KnightsKnavesKnobs {
            types: vec![StatementType::Not, StatementType::SelfReference],
            ..KnightsKnavesKnobs::default()
        };
        assert_eq!(KnightsKnaves::check_knobs(&k).unwrap_err().knob, "types");
        k.types = vec![StatementType::And, StatementType::And];
        assert_eq!(KnightsKnaves::check_knobs(&k).unwrap_err().knob, "types");
        k = KnightsKnavesKnobs {
            people: 2,
            types: vec![StatementType::Or],
            ..KnightsKnavesKnobs::default()
        };
        assert_eq!(KnightsKnaves::check_knobs(&k).unwrap_err().knob, "people");
        let parsed: KnightsKnavesKnobs =
            serde_json::from_str(r#"{"types":["if_then","at_least","same_kind"]}"#).unwrap();
        assert_eq!(parsed.types.len(), 3);
        assert!(serde_json::from_str::<KnightsKnavesKnobs>(r#"{"types":["xor"]}"#).is_err());
    }

    #[test]
    fn restricted_type_sets_generate() {
        for types in [
            vec![StatementType::And],
            vec![StatementType::Or, StatementType::Not],
            vec![StatementType::Iff],
            vec![StatementType::SameKind],
            vec![StatementType::Exactly, StatementType::SelfReference],
            vec![StatementType::AtMost, StatementType::IfThen],
        ] {
            let k = KnightsKnavesKnobs {
                types: types.clone(),
                ..KnightsKnavesKnobs::default()
            };
            for index in 0..10 {
                let p = puzzle_at(&k, index);
                assert_eq!(count_exhaustive(&p, 3), 1, "{types:?}");
            }
        }
    }

    /// A statement's shape: its formula with every person written `s` (speaker) or `p`.
    fn shape(formula: &str, speaker: usize) -> String {
        let mut out = String::new();
        let mut number = String::new();
        let flush = |number: &mut String, out: &mut String| {
            if !number.is_empty() {
                let p: usize = number.parse().unwrap();
                out.push(if p == speaker { 's' } else { 'p' });
                number.clear();
            }
        };
        let mut after_count = false;
        for ch in formula.chars() {
            if ch.is_ascii_digit() && !after_count {
                number.push(ch);
            } else {
                flush(&mut number, &mut out);
                out.push(ch);
            }
            // The number right after E/L/M is a count, not a person.
            after_count = matches!(ch, 'E' | 'L' | 'M') || (after_count && ch.is_ascii_digit());
        }
        flush(&mut number, &mut out);
        out
    }

    /// Prints the distinct-structure count at the default level and figures per level (run
    /// with `--ignored --nocapture`).
    #[test]
    #[ignore = "statistics report"]
    fn structure_and_difficulty_report() {
        let k = KnightsKnavesKnobs::default();
        let mut structures = std::collections::BTreeSet::new();
        let mut shapes = std::collections::BTreeSet::new();
        let mut knights = [0usize; MAX_PEOPLE + 1];
        for index in 0..10_000 {
            let mut rng = ItemRng::for_item("knights_knaves", 0, index);
            let generated = KnightsKnaves::generate(&k, &mut rng).unwrap();
            let structure = generated.metadata["structure"]
                .as_str()
                .unwrap()
                .to_string();
            for (speaker, formula) in structure.split(';').enumerate() {
                shapes.insert(shape(formula, speaker));
            }
            structures.insert(structure);
            knights[generated.puzzle.solution.count_ones() as usize] += 1;
        }
        println!(
            "default level: {} distinct structures and {} distinct statement shapes in 10000 items",
            structures.len(),
            shapes.len()
        );
        println!("knight count histogram (6 people): {:?}", &knights[..=6]);
        let levels = [
            (2, 1, 2),
            (3, 1, 2),
            (4, 2, 2),
            (5, 2, 3),
            (6, 2, 3),
            (8, 2, 3),
            (10, 3, 3),
            (12, 3, 4),
            (14, 3, 4),
            (16, 3, 4),
        ];
        for (level, (people, depth, width)) in levels.into_iter().enumerate() {
            let k = knobs(people, depth, width);
            let mut nodes = Vec::new();
            let mut same = 0;
            let mut mentions = 0;
            let items = 400;
            for index in 0..items {
                let mut rng = ItemRng::for_item("knights_knaves", 7, index);
                let generated = KnightsKnaves::generate(&k, &mut rng).unwrap();
                nodes.push(generated.difficulty);
                let all = full_mask(usize::from(people));
                let sol = generated.puzzle.solution;
                same += usize::from(sol == 0 || sol == all);
                mentions += generated.metadata["mentions"].as_u64().unwrap();
            }
            nodes.sort_by(f64::total_cmp);
            println!(
                "level {}: median backtrack_nodes {} (p10 {}, p90 {}), all-same roles {:.1}%, mentions/person {:.2}",
                level + 1,
                nodes[nodes.len() / 2],
                nodes[nodes.len() / 10],
                nodes[nodes.len() * 9 / 10],
                100.0 * same as f64 / items as f64,
                mentions as f64 / (items as f64 * f64::from(people))
            );
        }
    }
}

#[cfg(test)]
mod bench {
    use super::*;

    /// CPU time of this thread in ns (wall-clock time is meaningless on a loaded machine).
    fn cpu_ns() -> u64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    fn per_item(rounds: u64, items: u64, mut f: impl FnMut()) -> f64 {
        let t = cpu_ns();
        for _ in 0..rounds {
            f();
        }
        (cpu_ns() - t) as f64 / (rounds * items) as f64
    }

    /// Thread-CPU-time costs of generation, parsing and grading per level (run with
    /// `--ignored --nocapture`).
    #[test]
    #[ignore = "timing report"]
    fn timing() {
        let levels = [
            (2, 1, 2),
            (3, 1, 2),
            (4, 2, 2),
            (5, 2, 3),
            (6, 2, 3),
            (8, 2, 3),
            (10, 3, 3),
            (12, 3, 4),
            (14, 3, 4),
            (16, 3, 4),
        ];
        for (level, (people, depth, width)) in levels.into_iter().enumerate() {
            let k = KnightsKnavesKnobs {
                people,
                depth,
                width,
                ..KnightsKnavesKnobs::default()
            };
            let rounds = match people {
                0..=6 => 20_000,
                7..=12 => 2_000,
                _ => 300,
            };
            let mut index = 0;
            let search = per_item(rounds, 1, || {
                index += 1;
                let mut rng = ItemRng::for_item("x", 1, index);
                let p = KnightsKnaves::generate(&k, &mut rng).unwrap().puzzle;
                std::hint::black_box(Backtrack::run(&p, 2).nodes);
            });
            let gen = per_item(rounds, 1, || {
                index += 1;
                let mut rng = ItemRng::for_item("x", 1, index);
                std::hint::black_box(KnightsKnaves::generate(&k, &mut rng).unwrap());
            });
            let puzzles: Vec<_> = (0..64)
                .map(|i| {
                    let mut rng = ItemRng::for_item("x", 2, i);
                    KnightsKnaves::generate(&k, &mut rng).unwrap().puzzle
                })
                .collect();
            let answers: Vec<String> = puzzles
                .iter()
                .map(|p| {
                    format!(
                        "<answer>{}</answer>",
                        KnightsKnaves::render_answer(p, &p.solution)
                    )
                })
                .collect();
            let mut acc = 0u64;
            let parse = per_item(2000, 64, || {
                for (p, a) in puzzles.iter().zip(&answers) {
                    let inner = crate::answer::extract_tagged(a, "<answer>", "</answer>").unwrap();
                    acc += u64::from(parse_roles(p, inner).unwrap());
                }
            });
            let grade = per_item(2000, 64, || {
                for p in &puzzles {
                    acc += u64::from(KnightsKnaves::grade(p, &p.solution).correct);
                }
            });
            std::hint::black_box(acc);
            println!(
                "level {}: generate {:.1} us ({:.0}/s; one extra search adds {:.1} us), extract+parse {parse:.0} ns, grade {grade:.0} ns, verify {:.2} M/s",
                level + 1,
                gen / 1000.0,
                1e9 / gen,
                (search - gen) / 1000.0,
                1e3 / (parse + grade)
            );
        }
    }
}
