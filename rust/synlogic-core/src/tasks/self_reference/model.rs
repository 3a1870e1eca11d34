//! The puzzle model: statements about the list's own truth values, their evaluation, the
//! payload checks and the two solvers (exhaustive and backtracking).

use serde::{Deserialize, Serialize};

/// Most statements in a puzzle (the exhaustive counter visits `2^n` assignments).
pub const MAX_STATEMENTS: usize = 16;

/// What one statement claims about the truth values of the list (statements numbered from
/// 0 here, from 1 in the prompt). `mask` bit `i` set means statement `i` is true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Claim {
    /// "Exactly `k` of these statements are true."
    ExactlyTrue {
        /// The count.
        k: u8,
    },
    /// "Exactly `k` of these statements are false."
    ExactlyFalse {
        /// The count.
        k: u8,
    },
    /// "At least `k` of these statements are true."
    AtLeastTrue {
        /// The count.
        k: u8,
    },
    /// "At most `k` of these statements are true."
    AtMostTrue {
        /// The count.
        k: u8,
    },
    /// "Statement `j` is true" (`value`) or "Statement `j` is false".
    Is {
        /// The statement spoken of.
        j: u8,
        /// The truth value claimed for it.
        value: bool,
    },
    /// "Statements `a` and `b` are both true or both false" (`same`), or "exactly one of
    /// statements `a` and `b` is true".
    Same {
        /// The first statement spoken of.
        a: u8,
        /// The second statement spoken of.
        b: u8,
        /// Whether the claim is "same" rather than "different".
        same: bool,
    },
    /// "At least one of statements `a` and `b` is true" (`any`), or "statements `a` and `b`
    /// are both true".
    Pair {
        /// The first statement spoken of.
        a: u8,
        /// The second statement spoken of.
        b: u8,
        /// "At least one" rather than "both".
        any: bool,
    },
    /// "The number of true statements is even" (`even`) or "... is odd".
    Parity {
        /// Even rather than odd.
        even: bool,
    },
    /// "Statement `j` is the first true statement in this list": statement `j` is true and
    /// every statement before it false.
    FirstTrue {
        /// The statement claimed to be the first true one.
        j: u8,
    },
}

impl Claim {
    /// The statements this claim names (for the payload checks).
    fn referenced(self) -> [Option<u8>; 2] {
        match self {
            Claim::Is { j, .. } | Claim::FirstTrue { j } => [Some(j), None],
            Claim::Same { a, b, .. } | Claim::Pair { a, b, .. } => [Some(a), Some(b)],
            _ => [None, None],
        }
    }

    /// The counts this claim names.
    fn count(self) -> Option<u8> {
        match self {
            Claim::ExactlyTrue { k }
            | Claim::ExactlyFalse { k }
            | Claim::AtLeastTrue { k }
            | Claim::AtMostTrue { k } => Some(k),
            _ => None,
        }
    }

    /// Whether the claim is true under assignment `mask` of `n` statements.
    pub fn eval(self, mask: u32, n: usize) -> bool {
        let bit = |i: u8| mask >> i & 1 == 1;
        let trues = mask.count_ones() as usize;
        match self {
            Claim::ExactlyTrue { k } => trues == usize::from(k),
            Claim::ExactlyFalse { k } => n - trues == usize::from(k),
            Claim::AtLeastTrue { k } => trues >= usize::from(k),
            Claim::AtMostTrue { k } => trues <= usize::from(k),
            Claim::Is { j, value } => bit(j) == value,
            Claim::Same { a, b, same } => (bit(a) == bit(b)) == same,
            Claim::Pair { a, b, any } => {
                if any {
                    bit(a) || bit(b)
                } else {
                    bit(a) && bit(b)
                }
            }
            Claim::Parity { even } => (trues % 2 == 0) == even,
            Claim::FirstTrue { j } => mask != 0 && mask.trailing_zeros() == u32::from(j),
        }
    }

    /// The claim in words (statements numbered from 1).
    pub fn text(self) -> String {
        let plural = |k: u8, word: &str| {
            if k == 1 {
                format!("Exactly 1 of these statements is {word}.")
            } else {
                format!("Exactly {k} of these statements are {word}.")
            }
        };
        match self {
            Claim::ExactlyTrue { k } => plural(k, "true"),
            Claim::ExactlyFalse { k } => plural(k, "false"),
            Claim::AtLeastTrue { k } => format!("At least {k} of these statements are true."),
            Claim::AtMostTrue { k } => format!("At most {k} of these statements are true."),
            Claim::Is { j, value } => format!(
                "Statement {} is {}.",
                j + 1,
                if value { "true" } else { "false" }
            ),
            Claim::Same { a, b, same: true } => format!(
                "Statements {} and {} are both true or both false.",
                a + 1,
                b + 1
            ),
            Claim::Same { a, b, same: false } => {
                format!("Exactly one of statements {} and {} is true.", a + 1, b + 1)
            }
            Claim::Pair { a, b, any: true } => format!(
                "At least one of statements {} and {} is true.",
                a + 1,
                b + 1
            ),
            Claim::Pair { a, b, any: false } => {
                format!("Statements {} and {} are both true.", a + 1, b + 1)
            }
            Claim::Parity { even } => format!(
                "The number of true statements in this list is {}.",
                if even { "even" } else { "odd" }
            ),
            Claim::FirstTrue { j } => format!(
                "Statement {} is the first true statement in this list.",
                j + 1
            ),
        }
    }
}

/// The payload as stored, before its checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PuzzleRepr {
    claims: Vec<Claim>,
}

/// A checked puzzle, its one consistent assignment derived when built or loaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "PuzzleRepr")]
pub struct SelfReferencePuzzle {
    /// Statement `i`'s claim, in prompt order.
    pub claims: Vec<Claim>,
    /// The one consistent assignment (bit `i` set = statement `i` is true); derived, never
    /// stored.
    #[serde(skip_serializing)]
    pub solution: u32,
}

impl TryFrom<PuzzleRepr> for SelfReferencePuzzle {
    type Error = String;

    fn try_from(repr: PuzzleRepr) -> Result<Self, String> {
        Self::new(repr.claims)
    }
}

impl SelfReferencePuzzle {
    /// Checks the sizes and every index and count, then finds the consistent assignments by
    /// evaluating all `2^n`; a list with none or several is rejected.
    pub fn new(claims: Vec<Claim>) -> Result<Self, String> {
        let n = claims.len();
        if !(2..=MAX_STATEMENTS).contains(&n) {
            return Err(format!(
                "claims: between 2 and {MAX_STATEMENTS} statements, got {n}"
            ));
        }
        for (i, claim) in claims.iter().enumerate() {
            for j in claim.referenced().into_iter().flatten() {
                if usize::from(j) >= n || usize::from(j) == i {
                    return Err(format!(
                        "claims[{i}]: names statement {j}, which is itself or not in the list"
                    ));
                }
            }
            if let Claim::Same { a, b, .. } | Claim::Pair { a, b, .. } = claim {
                if a >= b {
                    return Err(format!("claims[{i}]: the two statements must be in order"));
                }
            }
            if claim.count().is_some_and(|k| usize::from(k) > n) {
                return Err(format!("claims[{i}]: a count above {n}"));
            }
        }
        let mut puzzle = Self {
            claims,
            solution: 0,
        };
        match count_exhaustive(&puzzle, 2) {
            (1, Some(mask)) => puzzle.solution = mask,
            (0, _) => return Err("claims: no assignment is consistent".into()),
            _ => return Err("claims: more than one assignment is consistent".into()),
        }
        Ok(puzzle)
    }

    /// The number of statements.
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// Always false: a puzzle has at least two statements.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// Whether `mask` is consistent: every statement true exactly when its claim holds.
    pub fn consistent(&self, mask: u32) -> bool {
        let n = self.len();
        self.claims
            .iter()
            .enumerate()
            .all(|(i, c)| c.eval(mask, n) == (mask >> i & 1 == 1))
    }
}

/// The consistent assignments, counted to `limit` over all `2^n`, and the first one found.
pub fn count_exhaustive(puzzle: &SelfReferencePuzzle, limit: u64) -> (u64, Option<u32>) {
    let mut count = 0;
    let mut first = None;
    for mask in 0..1u32 << puzzle.len() {
        if puzzle.consistent(mask) {
            first.get_or_insert(mask);
            count += 1;
            if count >= limit {
                break;
            }
        }
    }
    (count, first)
}

/// A backtracking solver that decides statements in order 1..n and checks every claim as
/// soon as all it depends on is decided (count and parity claims: when every statement is);
/// returns the consistent assignments (to `limit`) and the search nodes it visited. The
/// node count is the task's difficulty figure: how much case analysis the list forces.
pub fn search(puzzle: &SelfReferencePuzzle, limit: u64) -> (u64, u64) {
    let n = puzzle.len();
    // ready[d]: the claims whose every dependency is among statements 0..d (and the claim's
    // own statement), checked once the first d statements are decided.
    let mut ready: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for (i, claim) in puzzle.claims.iter().enumerate() {
        // A first-true claim about `j` depends on statements 0..=j only, all at most `j`.
        let last = match claim.referenced() {
            [None, None] => n - 1,
            refs => refs
                .into_iter()
                .flatten()
                .map(usize::from)
                .fold(i, usize::max),
        };
        ready[last + 1].push(i);
    }
    let mut nodes = 0;
    let mut found = 0;
    let mut stack = vec![(0usize, 0u32)];
    while let Some((depth, mask)) = stack.pop() {
        nodes += 1;
        let ok = ready[depth]
            .iter()
            .all(|&i| puzzle.claims[i].eval(mask, n) == (mask >> i & 1 == 1));
        if !ok {
            continue;
        }
        if depth == n {
            found += 1;
            if found >= limit {
                break;
            }
            continue;
        }
        stack.push((depth + 1, mask | 1 << depth));
        stack.push((depth + 1, mask));
    }
    (found, nodes)
}
