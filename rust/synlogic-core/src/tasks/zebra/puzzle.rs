//! The stored puzzle, its answer and clue decoding.

use serde::{Deserialize, Serialize};

use super::knobs::{AnswerFormat, ClueType};
use super::vocabulary::{Category, CATEGORIES};
use super::{MAX_ATTRIBUTES, MAX_CLUES, MAX_ENTITIES, MAX_HOUSES};

/// The question of one puzzle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// The whole grid.
    Grid,
    /// The value of attribute `a` in house `h` (0-based).
    Value {
        /// Attribute.
        a: u8,
        /// House.
        h: u8,
    },
    /// The house of value slot `x` of attribute `a`.
    House {
        /// Attribute.
        a: u8,
        /// Value slot.
        x: u8,
    },
}

/// A zebra puzzle, as stored in the payload. Entities are `attribute * houses + slot`, where a
/// slot indexes the attribute's values in display (alphabetical) order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZebraPuzzle {
    /// Number of houses.
    pub(super) n: u8,
    /// Pool category of each attribute, in display order.
    pub(super) c: Vec<u8>,
    /// Per attribute, the pool indices of its values in display order.
    pub(super) v: Vec<Vec<u8>>,
    /// The solution: per attribute, the value slot in each house.
    pub(super) s: Vec<Vec<u8>>,
    /// Clues as `[type code, entity, entity or house]`.
    pub(super) k: Vec<[u8; 3]>,
    /// The question.
    pub(super) q: Ask,
    /// The grid answer format asked for.
    pub(super) f: AnswerFormat,
}

/// A parsed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZebraAnswer {
    /// The grid: `cells[attribute * houses + house]` = value slot.
    Grid(Vec<u8>),
    /// A value slot of the asked attribute.
    Value(u8),
    /// A 0-based house.
    House(u8),
}

/// One decoded clue: `p` is an entity, `q` an entity or (for unary types) a house.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Clue {
    pub(super) kind: ClueType,
    pub(super) p: u8,
    pub(super) q: u8,
}

impl Clue {
    /// A canonical form for duplicate detection (right_of as left_of, symmetric pairs sorted).
    pub(super) fn canonical(self) -> (u8, u8, u8) {
        match self.kind {
            ClueType::RightOf => (ClueType::LeftOf.code(), self.q, self.p),
            ClueType::SameHouse
            | ClueType::NotSameHouse
            | ClueType::NextTo
            | ClueType::OneBetween
            | ClueType::TwoBetween => (self.kind.code(), self.p.min(self.q), self.p.max(self.q)),
            _ => (self.kind.code(), self.p, self.q),
        }
    }

    /// Whether the clue holds when entity `e` lives in house `pos[e]`.
    pub(super) fn holds(self, pos: &[u8]) -> bool {
        let p = i32::from(pos[self.p as usize]);
        if self.kind.is_unary() {
            let here = p == i32::from(self.q);
            return (self.kind == ClueType::FoundAt) == here;
        }
        let q = i32::from(pos[self.q as usize]);
        match self.kind {
            ClueType::SameHouse => p == q,
            ClueType::NotSameHouse => p != q,
            ClueType::LeftOf => p < q,
            ClueType::RightOf => p > q,
            ClueType::DirectlyLeft => p + 1 == q,
            ClueType::NextTo => (p - q).abs() == 1,
            ClueType::OneBetween => (p - q).abs() == 2,
            ClueType::TwoBetween => (p - q).abs() == 3,
            ClueType::FoundAt | ClueType::NotAt => unreachable!("unary handled above"),
        }
    }
}

impl ZebraPuzzle {
    pub(super) fn houses(&self) -> usize {
        self.n as usize
    }

    pub(super) fn attributes(&self) -> usize {
        self.c.len()
    }

    /// Whether [`Self::validate`] accepts the puzzle; every reader and grader checks it first,
    /// so that the accessors below cannot go out of bounds.
    pub(super) fn is_well_formed(&self) -> bool {
        self.validate().is_ok()
    }

    /// Checks every size, index and invariant the payload controls, naming the field at fault:
    /// dimensions in range, distinct categories and values, each solution row a permutation,
    /// at most [`MAX_CLUES`] clues with known codes and indices in range, each true of the
    /// stored solution, and a question inside the grid. O(houses x attributes + clues).
    pub(super) fn validate(&self) -> Result<(), String> {
        let n = self.houses();
        let m = self.attributes();
        if !(2..=MAX_HOUSES).contains(&n) {
            return Err(format!(
                "field `n` (houses) must be 2..={MAX_HOUSES}, got {n}"
            ));
        }
        if !(1..=MAX_ATTRIBUTES).contains(&m) {
            return Err(format!(
                "field `c` (categories) must list 1..={MAX_ATTRIBUTES} attributes, got {m}"
            ));
        }
        if self.v.len() != m {
            return Err(format!(
                "field `v` (values) must have {m} lists, got {}",
                self.v.len()
            ));
        }
        if self.s.len() != m {
            return Err(format!(
                "field `s` (solution) must have {m} rows, got {}",
                self.s.len()
            ));
        }
        let mut categories_seen = 0u32;
        for a in 0..m {
            let Some(category) = CATEGORIES.get(self.c[a] as usize) else {
                return Err(format!(
                    "field `c` (categories): {} is not a pool category (0..{})",
                    self.c[a],
                    CATEGORIES.len()
                ));
            };
            if categories_seen & (1 << self.c[a]) != 0 {
                return Err(format!(
                    "field `c` (categories): {} is listed twice",
                    self.c[a]
                ));
            }
            categories_seen |= 1 << self.c[a];
            let values = &self.v[a];
            if values.len() != n {
                return Err(format!(
                    "field `v` (values): attribute {a} must have {n} values, got {}",
                    values.len()
                ));
            }
            let mut values_seen = 0u32;
            for &i in values {
                if i as usize >= category.values.len() {
                    return Err(format!(
                        "field `v` (values): attribute {a} has value index {i}, the category has {}",
                        category.values.len()
                    ));
                }
                if values_seen & (1 << i) != 0 {
                    return Err(format!("field `v` (values): attribute {a} lists {i} twice"));
                }
                values_seen |= 1 << i;
            }
            let row = &self.s[a];
            let mut slots_seen = 0u16;
            for &x in row {
                if x as usize >= n || slots_seen & (1 << x) != 0 {
                    return Err(format!(
                        "field `s` (solution): row {a} must be a permutation of 0..{n}"
                    ));
                }
                slots_seen |= 1 << x;
            }
            if row.len() != n {
                return Err(format!(
                    "field `s` (solution): row {a} must be a permutation of 0..{n}"
                ));
            }
        }
        if self.k.len() > MAX_CLUES {
            return Err(format!(
                "field `k` (clues): at most {MAX_CLUES} clues, got {}",
                self.k.len()
            ));
        }
        let entities = n * m;
        let mut positions = [0u8; MAX_ENTITIES];
        for (a, row) in self.s.iter().enumerate() {
            for (h, &x) in row.iter().enumerate() {
                positions[a * n + x as usize] = h as u8;
            }
        }
        for (i, &[t, p, q]) in self.k.iter().enumerate() {
            let Some(kind) = ClueType::from_code(t) else {
                return Err(format!(
                    "field `k` (clues): clue {i} has unknown type code {t}"
                ));
            };
            let q_bound = if kind.is_unary() { n } else { entities };
            if p as usize >= entities || q as usize >= q_bound {
                return Err(format!(
                    "field `k` (clues): clue {i} has an index out of range ({p}, {q})"
                ));
            }
            if !(Clue { kind, p, q }).holds(&positions[..entities]) {
                return Err(format!(
                    "field `k` (clues): clue {i} is false for the stored solution"
                ));
            }
        }
        let ask_ok = match self.q {
            Ask::Grid => true,
            Ask::Value { a, h } => (a as usize) < m && (h as usize) < n,
            Ask::House { a, x } => (a as usize) < m && (x as usize) < n,
        };
        if !ask_ok {
            return Err("field `q` (question): attribute, house or value out of range".into());
        }
        Ok(())
    }

    pub(super) fn category(&self, a: usize) -> &'static Category {
        &CATEGORIES[self.c[a] as usize]
    }

    pub(super) fn value(&self, a: usize, x: usize) -> &'static str {
        self.category(a).values[self.v[a][x] as usize]
    }

    /// "the cat owner", "Alice", ...
    pub(super) fn describe(&self, entity: usize) -> String {
        let n = self.houses();
        let (a, x) = (entity / n, entity % n);
        let category = self.category(a);
        format!("{}{}{}", category.before, self.value(a, x), category.after)
    }

    pub(super) fn clues(&self) -> impl Iterator<Item = Clue> + '_ {
        self.k
            .iter()
            .filter_map(|&[t, p, q]| ClueType::from_code(t).map(|kind| Clue { kind, p, q }))
    }

    pub(super) fn clue_text(&self, clue: Clue) -> String {
        let first = self.describe(clue.p as usize);
        let house = clue.q as usize + 1;
        let text = match clue.kind {
            ClueType::FoundAt => format!("{first} lives in house {house}."),
            ClueType::NotAt => format!("{first} does not live in house {house}."),
            _ => {
                let second = self.describe(clue.q as usize);
                match clue.kind {
                    ClueType::SameHouse => format!("{first} is {second}."),
                    ClueType::NotSameHouse => format!("{first} is not {second}."),
                    ClueType::LeftOf => {
                        format!("{first} lives somewhere to the left of {second}.")
                    }
                    ClueType::RightOf => {
                        format!("{first} lives somewhere to the right of {second}.")
                    }
                    ClueType::DirectlyLeft => format!("{first} lives directly left of {second}."),
                    ClueType::NextTo => format!("{first} and {second} live next to each other."),
                    ClueType::OneBetween => {
                        format!("There is one house between {first} and {second}.")
                    }
                    _ => format!("There are two houses between {first} and {second}."),
                }
            }
        };
        capitalize(&text)
    }

    /// The grid cells stated outright by `found_at` clues.
    pub(super) fn given_cells(&self) -> [bool; MAX_ENTITIES] {
        let n = self.houses();
        let mut given = [false; MAX_ENTITIES];
        for clue in self.clues() {
            if clue.kind == ClueType::FoundAt {
                let a = clue.p as usize / n;
                given[a * n + clue.q as usize] = true;
            }
        }
        given
    }
}

pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
