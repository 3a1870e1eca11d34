//! # zebra: Einstein-style house puzzles with a unique solution
//!
//! `N` houses stand in a row, numbered 1 to `N` from left to right. Each house has one value of
//! each of `M` attributes (Name, Pet, Drink, ...), every value used exactly once. The categories
//! and their values are sampled per puzzle from a large pool (21 categories of 12 to 18 values
//! each), so two puzzles rarely share a vocabulary. A hidden solution (one permutation per
//! attribute) is sampled, random TRUE clues are added until the puzzle's own solver finds a
//! unique solution (each new clue is picked among random true clues so that it rules out the
//! solver's last alternative solution), then clues are removed in random order while the
//! solution stays unique (`found_at` clues are tried first), so the final clue set is minimal:
//! dropping any clue admits a second solution.
//!
//! Clue types (knob `clue_types`, snake_case names, default all):
//! `found_at` ("The cat owner lives in house 2."), `not_at`, `same_house` ("Alice is the tea
//! drinker."), `not_same_house`, `left_of` (somewhere to the left), `right_of`,
//! `directly_left`, `next_to`, `one_between` (house numbers differ by 2), `two_between` (differ
//! by 3). The list must contain an "anchoring" type (`found_at`, `not_at`, `left_of`,
//! `right_of` or `directly_left`): with only symmetric relations no puzzle can be unique.
//!
//! Anti-giveaway rules: `found_at` clues are sampled at half the weight of the others and are
//! the first candidates for removal; when at least four clue types are allowed, a puzzle is
//! kept after minimisation only if at most `max(1, clues / 5)` clues are `found_at` and no
//! clue type makes up more than `max(2, 40 %)` of the clues; otherwise it is regenerated
//! (with fewer allowed types the caps may be unreachable and are not applied). With all types allowed the final clue sets are about
//! 4 % found_at and no type above about 20 %. A `cell` question never asks a cell that a
//! `found_at` clue states outright.
//!
//! ## Knobs
//! - `houses` (2..=10) and `attributes` (2..=10): the grid size.
//! - `clue_types`: the allowed clue types (default all ten).
//! - `question`: `"grid"` (default, fill in the whole grid) or `"cell"` (a single random cell:
//!   either "What is the pet of the person who lives in house 3?" or "In which house does the
//!   coffee drinker live?").
//! - `format`: `"json"` (default) or `"table"` (a markdown table), for grid answers.
//!
//! ## Answer format
//! Grid, `json`: `{"House 1": {"Name": "Alice", "Pet": "cat"}, "House 2": {...}}`.
//! Grid, `table`: `| House | Name | Pet |` header, a separator row, one row per house.
//! Either form is accepted whatever the knob says; a transposed table (houses as columns) is
//! accepted too. Keys and values are matched ignoring case, spaces, `-`, `_`, `.`, `*`,
//! backticks and quotes; house keys may be `House 3`, `house_3` or `3`. Strict on content:
//! every house and attribute exactly once, every value from that attribute's list, no value
//! twice in an attribute, nothing unknown, no second JSON object after the first.
//! Cell questions: just the value (`cat`) or the house number (`3` or `House 3`). The prompt's
//! format example is never a valid answer (a value of the category that is not in the puzzle,
//! or the house number `N + 1`), so copying it earns nothing.
//!
//! ## Scoring and partial credit
//! All-or-nothing by default: the grid must equal the unique solution. Opt-in partial credit
//! (grid questions only): let the *free* cells be those not stated by a `found_at` clue. If any
//! stated cell is wrong the credit is 0. Otherwise with `acc` = the fraction of free cells
//! right and `base` = the expected accuracy of a random permutation that respects the stated
//! cells (per attribute `1 / free cells`, so `base = attributes with free cells / free
//! cells`), credit = `max(0, (acc - base) / (1 - base))`. As the parser already requires
//! every attribute column to be a permutation, constant answers cannot parse, and random or
//! copied-givens answers earn about 0 on average. Cell questions never earn partial credit.
//!
//! ## Difficulty
//! `solver_propagations`: the number of propagator runs the bitmask solver (per value a mask
//! of possible houses, all-different propagation with naked and hidden singles, MRV
//! branching) needs to prove the final puzzle's solution unique (counting up to 2). Metadata
//! also gives `solver_nodes`, the clue count `clues`, per-type counts, and the search space
//! `(N!)^M` as `log10_search_space` and, when it fits in a u128, `search_space`.
//!
//! ## Example (houses = 3, attributes = 2, question = grid, format = json)
//! ```text
//! There are 3 houses in a row, numbered 1 to 3 from left to right. In each house lives one
//! person. Each of the 2 attributes below has 3 values, and each value belongs to exactly one
//! person:
//! - Drink: iced tea, root beer, smoothie
//! - Sport: baseball, lacrosse, table tennis
//!
//! Clues:
//! 1. The root beer drinker lives directly left of the person who plays baseball.
//! 2. The root beer drinker lives somewhere to the left of the iced tea drinker.
//! 3. There is one house between the person who plays baseball and the person who plays
//!    table tennis.
//!
//! Terms: "somewhere to the left/right" means ...; "directly left of" means ...
//!
//! Work out the value of every attribute for every house. Give your final answer as a JSON
//! object ... for example:
//! <answer>{"House 1": {"Drink": "...", "Sport": "..."}, "House 2": {...}, ..., "House 3": {...}}</answer>
//! ```
//! Answer: `{"House 1": {"Drink": "smoothie", "Sport": "table tennis"}, "House 2": {"Drink":
//! "root beer", "Sport": "lacrosse"}, "House 3": {"Drink": "iced tea", "Sport": "baseball"}}`

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated, Grade, KnobError, ParseError, Task};

/// The most houses a puzzle can have.
const MAX_HOUSES: usize = 10;
/// The most attributes a puzzle can have.
const MAX_ATTRIBUTES: usize = 10;
/// The most (attribute, value) entities in a puzzle.
const MAX_ENTITIES: usize = MAX_HOUSES * MAX_ATTRIBUTES;
/// Whole-puzzle attempts before generation gives up.
const MAX_ATTEMPTS: usize = 400;
/// The most data columns of an answer table.
const MAX_COLUMNS: usize = if MAX_HOUSES > MAX_ATTRIBUTES {
    MAX_HOUSES
} else {
    MAX_ATTRIBUTES
};
/// Search nodes one uniqueness check may use while generating; past it the attempt restarts.
const SEARCH_NODE_BUDGET: u64 = 20_000;
/// Marks a grid cell the answer has not filled.
const UNSET: u8 = u8::MAX;

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/// One attribute category of the vocabulary pool.
struct Category {
    /// The attribute name, used as the JSON key / table header.
    name: &'static str,
    /// Text before the value when describing its owner ("the person who plays ").
    before: &'static str,
    /// Text after the value ("" or " owner").
    after: &'static str,
    /// The values, at least 12, all distinct across the pool after normalisation.
    values: &'static [&'static str],
}

/// The vocabulary pool. Editing it changes generated text: bump [`Zebra::VERSION`].
static CATEGORIES: &[Category] = &[
    Category {
        name: "Name",
        before: "",
        after: "",
        values: &[
            "Alice", "Bob", "Carol", "David", "Eric", "Fiona", "George", "Hannah", "Ivan", "Julia",
            "Kevin", "Laura", "Miguel", "Nora", "Oscar", "Priya", "Quentin", "Rosa",
        ],
    },
    Category {
        name: "Color",
        before: "the person who wears ",
        after: "",
        values: &[
            "red", "green", "blue", "yellow", "white", "purple", "orange", "pink", "brown", "gray",
            "black", "teal", "maroon", "beige",
        ],
    },
    Category {
        name: "Pet",
        before: "the ",
        after: " owner",
        values: &[
            "cat",
            "dog",
            "parrot",
            "hamster",
            "rabbit",
            "goldfish",
            "turtle",
            "horse",
            "ferret",
            "snake",
            "lizard",
            "canary",
            "guinea pig",
            "hedgehog",
        ],
    },
    Category {
        name: "Drink",
        before: "the ",
        after: " drinker",
        values: &[
            "coffee",
            "tea",
            "milk",
            "water",
            "orange juice",
            "lemonade",
            "cocoa",
            "root beer",
            "smoothie",
            "kombucha",
            "iced tea",
            "soda",
            "cider",
            "espresso",
        ],
    },
    Category {
        name: "Job",
        before: "the ",
        after: "",
        values: &[
            "teacher",
            "doctor",
            "engineer",
            "lawyer",
            "chef",
            "nurse",
            "pilot",
            "artist",
            "farmer",
            "plumber",
            "accountant",
            "architect",
            "dentist",
            "librarian",
            "mechanic",
        ],
    },
    Category {
        name: "Car",
        before: "the ",
        after: " driver",
        values: &[
            "Toyota", "Ford", "BMW", "Honda", "Tesla", "Volvo", "Audi", "Kia", "Subaru", "Mazda",
            "Fiat", "Nissan", "Jeep", "Porsche",
        ],
    },
    Category {
        name: "Hobby",
        before: "the person who enjoys ",
        after: "",
        values: &[
            "painting",
            "gardening",
            "knitting",
            "fishing",
            "chess",
            "hiking",
            "photography",
            "baking",
            "dancing",
            "pottery",
            "birdwatching",
            "woodworking",
            "cycling",
        ],
    },
    Category {
        name: "Food",
        before: "the person who loves ",
        after: "",
        values: &[
            "pizza",
            "sushi",
            "tacos",
            "curry",
            "pasta",
            "ramen",
            "burgers",
            "salad",
            "soup",
            "dumplings",
            "pancakes",
            "stew",
            "paella",
            "lasagna",
        ],
    },
    Category {
        name: "Flower",
        before: "the person who grows ",
        after: "",
        values: &[
            "roses",
            "tulips",
            "daisies",
            "lilies",
            "orchids",
            "sunflowers",
            "daffodils",
            "violets",
            "peonies",
            "irises",
            "carnations",
            "marigolds",
            "lavender",
        ],
    },
    Category {
        name: "Music",
        before: "the ",
        after: " fan",
        values: &[
            "jazz",
            "rock",
            "classical",
            "pop",
            "hip-hop",
            "blues",
            "reggae",
            "country",
            "folk",
            "metal",
            "techno",
            "soul",
            "opera",
            "disco",
        ],
    },
    Category {
        name: "Sport",
        before: "the person who plays ",
        after: "",
        values: &[
            "tennis",
            "soccer",
            "basketball",
            "baseball",
            "golf",
            "volleyball",
            "hockey",
            "cricket",
            "rugby",
            "badminton",
            "squash",
            "table tennis",
            "handball",
            "lacrosse",
        ],
    },
    Category {
        name: "Book",
        before: "the ",
        after: " reader",
        values: &[
            "mystery",
            "fantasy",
            "romance",
            "science fiction",
            "history",
            "poetry",
            "biography",
            "horror",
            "thriller",
            "travel",
            "philosophy",
            "satire",
        ],
    },
    Category {
        name: "Hometown",
        before: "the person from ",
        after: "",
        values: &[
            "Paris", "Tokyo", "Cairo", "Lima", "Oslo", "Sydney", "Toronto", "Mumbai", "Nairobi",
            "Berlin", "Madrid", "Seoul", "Dublin", "Rome",
        ],
    },
    Category {
        name: "Instrument",
        before: "the person who plays the ",
        after: "",
        values: &[
            "piano",
            "guitar",
            "violin",
            "drums",
            "flute",
            "cello",
            "trumpet",
            "harp",
            "saxophone",
            "clarinet",
            "banjo",
            "ukulele",
            "accordion",
            "oboe",
        ],
    },
    Category {
        name: "Fruit",
        before: "the person whose favorite fruit is the ",
        after: "",
        values: &[
            "apple", "banana", "cherry", "mango", "kiwi", "grape", "peach", "pear", "plum",
            "lemon", "fig", "papaya", "apricot", "lime",
        ],
    },
    Category {
        name: "Nationality",
        before: "the ",
        after: "",
        values: &[
            "Brazilian",
            "Canadian",
            "Danish",
            "Egyptian",
            "French",
            "German",
            "Indian",
            "Japanese",
            "Kenyan",
            "Mexican",
            "Norwegian",
            "Peruvian",
            "Swiss",
            "Thai",
        ],
    },
    Category {
        name: "Language",
        before: "the person who speaks ",
        after: "",
        values: &[
            "Spanish",
            "Mandarin",
            "Arabic",
            "Hindi",
            "Swahili",
            "Portuguese",
            "Russian",
            "Korean",
            "Italian",
            "Greek",
            "Turkish",
            "Dutch",
            "Polish",
            "Finnish",
        ],
    },
    Category {
        name: "Transport",
        before: "the person who commutes by ",
        after: "",
        values: &[
            "bicycle",
            "bus",
            "train",
            "scooter",
            "tram",
            "ferry",
            "subway",
            "taxi",
            "motorcycle",
            "skateboard",
            "van",
            "kayak",
        ],
    },
    Category {
        name: "Dessert",
        before: "the person who orders ",
        after: " for dessert",
        values: &[
            "cake",
            "pie",
            "ice cream",
            "brownies",
            "cookies",
            "pudding",
            "tiramisu",
            "cheesecake",
            "macarons",
            "donuts",
            "cupcakes",
            "flan",
            "baklava",
            "sorbet",
        ],
    },
    Category {
        name: "Month",
        before: "the person born in ",
        after: "",
        values: &[
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    },
    Category {
        name: "Gem",
        before: "the person with the ",
        after: " ring",
        values: &[
            "ruby", "emerald", "sapphire", "diamond", "opal", "pearl", "topaz", "amethyst",
            "garnet", "jade", "onyx", "quartz",
        ],
    },
];

// ---------------------------------------------------------------------------------------------
// Knobs and puzzle
// ---------------------------------------------------------------------------------------------

/// A clue type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClueType {
    /// "X lives in house k."
    FoundAt,
    /// "X does not live in house k."
    NotAt,
    /// "X is Y." (same house)
    SameHouse,
    /// "X is not Y." (different houses)
    NotSameHouse,
    /// "X lives somewhere to the left of Y."
    LeftOf,
    /// "X lives somewhere to the right of Y."
    RightOf,
    /// "X lives directly left of Y."
    DirectlyLeft,
    /// "X and Y live next to each other."
    NextTo,
    /// "There is one house between X and Y."
    OneBetween,
    /// "There are two houses between X and Y."
    TwoBetween,
}

impl ClueType {
    /// Every clue type, in code order.
    const ALL: [Self; 10] = [
        Self::FoundAt,
        Self::NotAt,
        Self::SameHouse,
        Self::NotSameHouse,
        Self::LeftOf,
        Self::RightOf,
        Self::DirectlyLeft,
        Self::NextTo,
        Self::OneBetween,
        Self::TwoBetween,
    ];

    /// The compact code stored in payloads.
    fn code(self) -> u8 {
        self as u8
    }

    /// The type of a stored code.
    fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(code as usize).copied()
    }

    /// The snake_case name.
    fn name(self) -> &'static str {
        match self {
            Self::FoundAt => "found_at",
            Self::NotAt => "not_at",
            Self::SameHouse => "same_house",
            Self::NotSameHouse => "not_same_house",
            Self::LeftOf => "left_of",
            Self::RightOf => "right_of",
            Self::DirectlyLeft => "directly_left",
            Self::NextTo => "next_to",
            Self::OneBetween => "one_between",
            Self::TwoBetween => "two_between",
        }
    }

    /// Whether the clue names a house rather than a second entity.
    fn is_unary(self) -> bool {
        matches!(self, Self::FoundAt | Self::NotAt)
    }

    /// The fewest houses this clue type can be true in.
    fn min_houses(self) -> usize {
        match self {
            Self::OneBetween => 3,
            Self::TwoBetween => 4,
            _ => 2,
        }
    }

    /// Whether the type can break the puzzle's mirror and relabelling symmetries.
    fn anchors(self) -> bool {
        matches!(
            self,
            Self::FoundAt | Self::NotAt | Self::LeftOf | Self::RightOf | Self::DirectlyLeft
        )
    }

    /// The sampling weight (found_at is sampled less often: it gives cells away).
    fn weight(self) -> f64 {
        match self {
            Self::FoundAt => 0.5,
            _ => 1.0,
        }
    }
}

/// What the model is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Fill in the whole grid.
    #[default]
    Grid,
    /// Give one random cell.
    Cell,
}

/// How a grid answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerFormat {
    /// A JSON object of houses to objects of attributes.
    #[default]
    Json,
    /// A markdown table, one row per house.
    Table,
}

/// The zebra knobs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZebraKnobs {
    /// Number of houses in the row (2..=10).
    pub houses: u32,
    /// Number of attributes per house (2..=10).
    pub attributes: u32,
    /// Allowed clue types (snake_case names); must include an anchoring type (`found_at`,
    /// `not_at`, `left_of`, `right_of` or `directly_left`).
    pub clue_types: Vec<ClueType>,
    /// `"grid"` (fill in every cell) or `"cell"` (one random cell).
    pub question: QuestionKind,
    /// `"json"` or `"table"`: the grid answer format the prompt asks for.
    pub format: AnswerFormat,
}

impl Default for ZebraKnobs {
    fn default() -> Self {
        Self {
            houses: 4,
            attributes: 3,
            clue_types: ClueType::ALL.to_vec(),
            question: QuestionKind::Grid,
            format: AnswerFormat::Json,
        }
    }
}

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
    n: u8,
    /// Pool category of each attribute, in display order.
    c: Vec<u8>,
    /// Per attribute, the pool indices of its values in display order.
    v: Vec<Vec<u8>>,
    /// The solution: per attribute, the value slot in each house.
    s: Vec<Vec<u8>>,
    /// Clues as `[type code, entity, entity or house]`.
    k: Vec<[u8; 3]>,
    /// The question.
    q: Ask,
    /// The grid answer format asked for.
    f: AnswerFormat,
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
struct Clue {
    kind: ClueType,
    p: u8,
    q: u8,
}

impl Clue {
    /// A canonical form for duplicate detection (right_of as left_of, symmetric pairs sorted).
    fn canonical(self) -> (u8, u8, u8) {
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
    fn holds(self, pos: &[u8]) -> bool {
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
    fn houses(&self) -> usize {
        self.n as usize
    }

    fn attributes(&self) -> usize {
        self.c.len()
    }

    /// Checks dimensions and indices so that accessors below cannot go out of bounds.
    fn is_well_formed(&self) -> bool {
        let n = self.houses();
        let m = self.attributes();
        if !(2..=MAX_HOUSES).contains(&n)
            || !(1..=MAX_ATTRIBUTES).contains(&m)
            || self.v.len() != m
            || self.s.len() != m
        {
            return false;
        }
        for a in 0..m {
            let Some(category) = CATEGORIES.get(self.c[a] as usize) else {
                return false;
            };
            if self.v[a].len() != n
                || self.s[a].len() != n
                || self.v[a]
                    .iter()
                    .any(|&i| i as usize >= category.values.len())
                || self.s[a].iter().any(|&x| x as usize >= n)
            {
                return false;
            }
        }
        let entities = n * m;
        let mut clues_ok = true;
        for &[t, p, q] in &self.k {
            let q_bound = match ClueType::from_code(t) {
                Some(kind) if kind.is_unary() => n,
                Some(_) => entities,
                None => 0,
            };
            clues_ok &= (p as usize) < entities && (q as usize) < q_bound;
        }
        let ask_ok = match self.q {
            Ask::Grid => true,
            Ask::Value { a, h } => (a as usize) < m && (h as usize) < n,
            Ask::House { a, x } => (a as usize) < m && (x as usize) < n,
        };
        clues_ok && ask_ok
    }

    fn category(&self, a: usize) -> &'static Category {
        &CATEGORIES[self.c[a] as usize]
    }

    fn value(&self, a: usize, x: usize) -> &'static str {
        self.category(a).values[self.v[a][x] as usize]
    }

    /// "the cat owner", "Alice", ...
    fn describe(&self, entity: usize) -> String {
        let n = self.houses();
        let (a, x) = (entity / n, entity % n);
        let category = self.category(a);
        format!("{}{}{}", category.before, self.value(a, x), category.after)
    }

    fn clues(&self) -> impl Iterator<Item = Clue> + '_ {
        self.k
            .iter()
            .filter_map(|&[t, p, q]| ClueType::from_code(t).map(|kind| Clue { kind, p, q }))
    }

    fn clue_text(&self, clue: Clue) -> String {
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
    fn given_cells(&self) -> [bool; MAX_ENTITIES] {
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

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Solver
// ---------------------------------------------------------------------------------------------

/// A binary relation between two entities, as the solver propagates it.
#[derive(Debug, Clone, Copy)]
struct Link {
    kind: ClueType,
    a: usize,
    b: usize,
}

/// Work counters of one solver run.
#[derive(Debug, Clone, Copy, Default)]
struct SolverStats {
    /// Search nodes (1 = solved by propagation at the root).
    nodes: u64,
    /// Propagator runs.
    propagations: u64,
}

/// The outcome of a counting run.
struct Count {
    /// Solutions found up to the limit, or `None` if the node budget ran out.
    solutions: Option<u64>,
    /// The first two solutions found, as singleton house masks.
    found: Vec<[u16; MAX_ENTITIES]>,
    /// The work done.
    stats: SolverStats,
}

/// A bitmask solver: per entity, the mask of houses it may still be in.
struct Solver {
    n: usize,
    m: usize,
    full: u16,
    links: Vec<Link>,
    /// CSR watch lists: the links of entity `e` are `watch[watch_start[e]..watch_start[e + 1]]`.
    watch_start: Vec<usize>,
    watch: Vec<usize>,
    root: [u16; MAX_ENTITIES],
    root_ok: bool,
}

impl Solver {
    /// A solver for `n` houses, `m` attributes and these clues (indices must be in range).
    fn new(n: usize, m: usize, clues: impl IntoIterator<Item = Clue>) -> Self {
        let full = ((1u32 << n) - 1) as u16;
        let entities = n * m;
        let mut root = [0u16; MAX_ENTITIES];
        root[..entities].fill(full);
        let mut root_ok = true;
        let mut links = Vec::new();
        for clue in clues {
            let p = clue.p as usize;
            let q = clue.q as usize;
            let in_range = p < entities
                && if clue.kind.is_unary() {
                    q < n
                } else {
                    q < entities
                };
            if !in_range {
                root_ok = false;
                continue;
            }
            match clue.kind {
                ClueType::FoundAt => root[p] &= 1 << q,
                ClueType::NotAt => root[p] &= !(1u16 << q),
                ClueType::RightOf => links.push(Link {
                    kind: ClueType::LeftOf,
                    a: q,
                    b: p,
                }),
                kind => links.push(Link { kind, a: p, b: q }),
            }
        }
        if root[..entities].contains(&0) {
            root_ok = false;
        }
        let mut watch_start = vec![0usize; entities + 1];
        for link in &links {
            watch_start[link.a + 1] += 1;
            watch_start[link.b + 1] += 1;
        }
        for e in 0..entities {
            watch_start[e + 1] += watch_start[e];
        }
        let mut fill = watch_start.clone();
        let mut watch = vec![0usize; watch_start[entities]];
        for (id, link) in links.iter().enumerate() {
            for e in [link.a, link.b] {
                watch[fill[e]] = id;
                fill[e] += 1;
            }
        }
        Self {
            n,
            m,
            full,
            links,
            watch_start,
            watch,
            root,
            root_ok,
        }
    }

    /// Counts solutions up to `limit`, giving up after `node_budget` search nodes.
    fn count(&self, limit: u64, node_budget: u64) -> Count {
        let mut search = Search {
            solver: self,
            stack: Vec::with_capacity(self.links.len() + self.m),
            queued: vec![false; self.links.len() + self.m],
            stats: SolverStats::default(),
            count: 0,
            limit,
            found: Vec::new(),
            node_budget,
            aborted: false,
        };
        if self.root_ok && limit > 0 {
            let mut masks = self.root;
            for id in 0..self.links.len() + self.m {
                search.push(id);
            }
            if search.propagate(&mut masks) {
                search.search(&masks);
            } else {
                search.stats.nodes = 1;
            }
        }
        Count {
            solutions: (!search.aborted).then_some(search.count),
            found: search.found,
            stats: search.stats,
        }
    }
}

/// The mutable state of one counting run.
struct Search<'s> {
    solver: &'s Solver,
    stack: Vec<usize>,
    queued: Vec<bool>,
    stats: SolverStats,
    count: u64,
    limit: u64,
    found: Vec<[u16; MAX_ENTITIES]>,
    node_budget: u64,
    aborted: bool,
}

impl Search<'_> {
    fn push(&mut self, id: usize) {
        if !self.queued[id] {
            self.queued[id] = true;
            self.stack.push(id);
        }
    }

    /// Queues every propagator watching entity `e`, except `skip`.
    fn notify(&mut self, e: usize, skip: usize) {
        let solver = self.solver;
        for &id in &solver.watch[solver.watch_start[e]..solver.watch_start[e + 1]] {
            if id != skip {
                self.push(id);
            }
        }
        let all_different = solver.links.len() + e / solver.n;
        if all_different != skip {
            self.push(all_different);
        }
    }

    /// Sets `masks[e] = new` (a subset of the old mask); false if it became empty.
    fn narrow(&mut self, masks: &mut [u16; MAX_ENTITIES], e: usize, new: u16, by: usize) -> bool {
        if new == 0 {
            return false;
        }
        if new != masks[e] {
            masks[e] = new;
            self.notify(e, by);
        }
        true
    }

    /// Runs queued propagators to a fixpoint; false on a contradiction.
    fn propagate(&mut self, masks: &mut [u16; MAX_ENTITIES]) -> bool {
        while let Some(id) = self.stack.pop() {
            self.queued[id] = false;
            self.stats.propagations += 1;
            let ok = if id < self.solver.links.len() {
                self.run_link(id, masks)
            } else {
                self.run_all_different(id, masks)
            };
            if !ok {
                for id in self.stack.drain(..) {
                    self.queued[id] = false;
                }
                return false;
            }
        }
        true
    }

    fn run_link(&mut self, id: usize, masks: &mut [u16; MAX_ENTITIES]) -> bool {
        let Link { kind, a, b } = self.solver.links[id];
        let full = self.solver.full;
        let ma = masks[a];
        let mb = masks[b];
        match kind {
            ClueType::SameHouse => {
                let both = ma & mb;
                self.narrow(masks, a, both, id) && self.narrow(masks, b, both, id)
            }
            ClueType::NotSameHouse => {
                if ma.is_power_of_two() && !self.narrow(masks, b, mb & !ma, id) {
                    return false;
                }
                let mb = masks[b];
                if mb.is_power_of_two() {
                    return self.narrow(masks, a, masks[a] & !mb, id);
                }
                true
            }
            ClueType::LeftOf => {
                // a < b: a below b's highest house, b above a's lowest house.
                let highest_b = mb.ilog2(); // masks in the search are never empty
                if !self.narrow(masks, a, ma & ((1u16 << highest_b) - 1), id) {
                    return false;
                }
                let lowest_a = masks[a].trailing_zeros();
                self.narrow(masks, b, mb & !((2u16 << lowest_a) - 1), id)
            }
            ClueType::DirectlyLeft => {
                if !self.narrow(masks, b, mb & (ma << 1) & full, id) {
                    return false;
                }
                let nb = masks[b];
                self.narrow(masks, a, ma & (nb >> 1), id)
            }
            ClueType::NextTo | ClueType::OneBetween | ClueType::TwoBetween => {
                let d = match kind {
                    ClueType::NextTo => 1,
                    ClueType::OneBetween => 2,
                    _ => 3,
                };
                if !self.narrow(masks, b, mb & ((ma << d) | (ma >> d)) & full, id) {
                    return false;
                }
                let nb = masks[b];
                self.narrow(masks, a, ma & ((nb << d) | (nb >> d)) & full, id)
            }
            // Unary clues are applied to the root masks; right_of is stored as left_of.
            ClueType::FoundAt | ClueType::NotAt | ClueType::RightOf => true,
        }
    }

    /// All-different over one attribute: naked singles and hidden singles, to a fixpoint.
    fn run_all_different(&mut self, id: usize, masks: &mut [u16; MAX_ENTITIES]) -> bool {
        let n = self.solver.n;
        let base = (id - self.solver.links.len()) * n;
        let full = self.solver.full;
        loop {
            let mut placed = 0u16;
            for &m in &masks[base..base + n] {
                if m.is_power_of_two() {
                    if placed & m != 0 {
                        return false;
                    }
                    placed |= m;
                }
            }
            let mut changed = false;
            let mut once = 0u16;
            let mut twice = 0u16;
            for e in base..base + n {
                let mut m = masks[e];
                if !m.is_power_of_two() {
                    let reduced = m & !placed;
                    if reduced != m {
                        if !self.narrow(masks, e, reduced, id) {
                            return false;
                        }
                        changed = true;
                        m = reduced;
                    }
                }
                twice |= once & m;
                once |= m;
            }
            if once != full {
                return false;
            }
            let hidden = once & !twice;
            for e in base..base + n {
                let m = masks[e];
                let only_here = m & hidden;
                if only_here != 0 && !m.is_power_of_two() {
                    if !only_here.is_power_of_two() {
                        return false;
                    }
                    self.narrow(masks, e, only_here, id);
                    changed = true;
                }
            }
            if !changed {
                return true;
            }
        }
    }

    fn search(&mut self, masks: &[u16; MAX_ENTITIES]) {
        self.stats.nodes += 1;
        let entities = self.solver.n * self.solver.m;
        if self.stats.nodes > self.node_budget {
            self.aborted = true;
            return;
        }
        // Smallest domain per constraint degree first: branching on entities tied to many
        // clues settles the constrained core before the free entities.
        let starts = &self.solver.watch_start;
        let mut best = usize::MAX;
        let mut best_size = 1u32;
        let mut best_weight = 1u32;
        for (e, &m) in masks[..entities].iter().enumerate() {
            let size = m.count_ones();
            if size > 1 {
                let weight = (starts[e + 1] - starts[e]) as u32 + 1;
                if best == usize::MAX || size * best_weight < best_size * weight {
                    best = e;
                    best_size = size;
                    best_weight = weight;
                }
            }
        }
        if best == usize::MAX {
            self.count += 1;
            if self.found.len() < 2 {
                self.found.push(*masks);
            }
            return;
        }
        let mut bits = masks[best];
        while bits != 0 {
            let bit = bits & bits.wrapping_neg();
            bits &= bits - 1;
            let mut child = *masks;
            child[best] = bit;
            self.notify(best, usize::MAX);
            if self.propagate(&mut child) {
                self.search(&child);
                if self.count >= self.limit || self.aborted {
                    return;
                }
            }
        }
    }
}

/// House positions of a solution given as singleton masks.
fn positions_of(masks: &[u16; MAX_ENTITIES], entities: usize) -> Vec<u8> {
    masks[..entities]
        .iter()
        .map(|m| m.trailing_zeros() as u8)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/// A random clue of type `kind` that is true for `pos` (`sol[a][h]` = slot in house `h`).
fn random_true_clue(kind: ClueType, n: usize, sol: &[Vec<u8>], rng: &mut ItemRng) -> Clue {
    let m = sol.len();
    let entity = |a: usize, h: usize| (a * n + sol[a][h] as usize) as u8;
    let two_attributes = |rng: &mut ItemRng| {
        let picked = rng.sample_indices(m, 2);
        (picked[0], picked[1])
    };
    match kind {
        ClueType::FoundAt | ClueType::NotAt => {
            let a = rng.index(m);
            let h = rng.index(n);
            let house = if kind == ClueType::FoundAt {
                h
            } else {
                (h + 1 + rng.index(n - 1)) % n
            };
            Clue {
                kind,
                p: entity(a, h),
                q: house as u8,
            }
        }
        ClueType::SameHouse => {
            let (a, b) = two_attributes(rng);
            let h = rng.index(n);
            Clue {
                kind,
                p: entity(a, h),
                q: entity(b, h),
            }
        }
        ClueType::NotSameHouse => {
            let (a, b) = two_attributes(rng);
            let houses = rng.sample_indices(n, 2);
            Clue {
                kind,
                p: entity(a, houses[0]),
                q: entity(b, houses[1]),
            }
        }
        _ => {
            let (h1, h2) = match kind {
                ClueType::LeftOf | ClueType::RightOf => {
                    let houses = rng.sample_indices(n, 2);
                    let (lo, hi) = (houses[0].min(houses[1]), houses[0].max(houses[1]));
                    if kind == ClueType::LeftOf {
                        (lo, hi)
                    } else {
                        (hi, lo)
                    }
                }
                _ => {
                    let d = match kind {
                        ClueType::DirectlyLeft | ClueType::NextTo => 1,
                        ClueType::OneBetween => 2,
                        _ => 3,
                    };
                    let lo = rng.index(n - d);
                    if kind != ClueType::DirectlyLeft && rng.chance(0.5) {
                        (lo + d, lo)
                    } else {
                        (lo, lo + d)
                    }
                }
            };
            let a = rng.index(m);
            let b = rng.index(m);
            Clue {
                kind,
                p: entity(a, h1),
                q: entity(b, h2),
            }
        }
    }
}

/// Adds random true clues until the solution is unique; `None` if the clue budget runs out.
fn collect_clues(
    n: usize,
    sol: &[Vec<u8>],
    types: &[ClueType],
    rng: &mut ItemRng,
) -> Option<Vec<Clue>> {
    let m = sol.len();
    let weights: Vec<f64> = types.iter().map(|t| t.weight()).collect();
    let budget = 8 * n * m + 20;
    let mut clues: Vec<Clue> = Vec::new();
    let mut keys: Vec<(u8, u8, u8)> = Vec::new();
    let mut aborted = 0;
    loop {
        let outcome = Solver::new(n, m, clues.iter().copied()).count(2, SEARCH_NODE_BUDGET);
        match outcome.solutions {
            Some(1) => return Some(clues),
            None => aborted += 1,
            Some(_) => {}
        }
        if clues.len() >= budget || aborted > 4 {
            return None;
        }
        let found = outcome.found;
        // An alternative solution that the next clue should rule out.
        let truth = positions_from_solution(n, sol);
        let alternative = found
            .iter()
            .map(|masks| positions_of(masks, n * m))
            .find(|pos| *pos != truth);
        let mut fallback = None;
        let mut chosen = None;
        for _ in 0..64 {
            let kind = types[rng.weighted(&weights)];
            let clue = random_true_clue(kind, n, sol, rng);
            if keys.contains(&clue.canonical()) {
                continue;
            }
            match &alternative {
                Some(alt) if clue.holds(alt) => fallback = Some(clue),
                _ => {
                    chosen = Some(clue);
                    break;
                }
            }
        }
        let clue = chosen.or(fallback)?;
        keys.push(clue.canonical());
        clues.push(clue);
    }
}

fn positions_from_solution(n: usize, sol: &[Vec<u8>]) -> Vec<u8> {
    let mut pos = vec![0u8; n * sol.len()];
    for (a, row) in sol.iter().enumerate() {
        for (h, &x) in row.iter().enumerate() {
            pos[a * n + x as usize] = h as u8;
        }
    }
    pos
}

/// Removes clues (found_at first, then the rest, each group in random order) while the
/// solution stays unique; `None` if a uniqueness check ran out of search budget.
fn minimize(n: usize, m: usize, clues: Vec<Clue>, rng: &mut ItemRng) -> Option<Vec<Clue>> {
    let mut order: Vec<usize> = (0..clues.len()).collect();
    rng.shuffle(&mut order);
    order.sort_by_key(|&i| clues[i].kind != ClueType::FoundAt);
    let mut kept = vec![true; clues.len()];
    for i in order {
        kept[i] = false;
        let remaining = clues.iter().zip(&kept).filter(|(_, &k)| k).map(|(c, _)| *c);
        match Solver::new(n, m, remaining)
            .count(2, SEARCH_NODE_BUDGET)
            .solutions?
        {
            1 => {}
            _ => kept[i] = true,
        }
    }
    Some(
        clues
            .into_iter()
            .zip(kept)
            .filter(|(_, k)| *k)
            .map(|(c, _)| c)
            .collect(),
    )
}

/// Whether no clue type dominates and found_at clues stay rare.
fn balanced(clues: &[Clue], types: &[ClueType]) -> bool {
    let total = clues.len();
    let count = |kind: ClueType| clues.iter().filter(|c| c.kind == kind).count();
    if types.len() < 4 {
        // A narrow user-chosen set: the caps may be unreachable.
        return true;
    }
    let cap = (total * 2 / 5).max(2);
    count(ClueType::FoundAt) <= (total / 5).max(1)
        && ClueType::ALL.iter().all(|&kind| count(kind) <= cap)
}

/// The allowed, feasible clue types, deduplicated, in code order.
fn usable_types(knobs: &ZebraKnobs) -> Vec<ClueType> {
    let mut types: Vec<ClueType> = knobs
        .clue_types
        .iter()
        .copied()
        .filter(|t| t.min_houses() <= knobs.houses as usize)
        .collect();
    types.sort_unstable();
    types.dedup();
    types
}

/// `(N!)^M`: its log10, and its exact value when it fits in a u128.
fn search_space(n: usize, m: usize) -> (f64, Option<u128>) {
    let log10_factorial: f64 = (2..=n).map(|k| (k as f64).log10()).sum();
    let factorial: u128 = (2..=n as u128).product();
    let exact = (0..m).try_fold(1u128, |acc, _| acc.checked_mul(factorial));
    (log10_factorial * m as f64, exact)
}

// ---------------------------------------------------------------------------------------------
// Answer reading
// ---------------------------------------------------------------------------------------------

/// Bytes ignored when matching names: whitespace and light punctuation.
fn ignorable(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'_' | b'-' | b'.' | b'*' | b'`' | b'"' | b'\'')
}

/// `input` equals `target` ignoring case and [`ignorable`] bytes.
fn same_name(input: &[u8], target: &str) -> bool {
    if input.eq_ignore_ascii_case(target.as_bytes()) {
        return true;
    }
    let mut left = input.iter().copied().filter(|&b| !ignorable(b));
    let mut right = target.bytes().filter(|&b| !ignorable(b));
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

/// A 0-based house from "House 3", "house_3", "#3", "house no. 3" or "3".
fn read_house(input: &[u8], n: usize) -> Option<usize> {
    // Fast path for the canonical "House 3".
    if let [b'H', b'o', b'u', b's', b'e', b' ', digit] = input {
        let number = digit.wrapping_sub(b'0') as usize;
        return (1..=n.min(9)).contains(&number).then(|| number - 1);
    }
    let mut buf = [0u8; 16];
    let mut len = 0;
    for b in input.iter().copied().filter(|&b| !ignorable(b)) {
        if len == buf.len() {
            return None;
        }
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let mut rest = &buf[..len];
    rest = rest.strip_prefix(b"house").unwrap_or(rest);
    for prefix in [&b"number"[..], b"no", b"#"] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped;
            break;
        }
    }
    if rest.is_empty() || rest.len() > 2 || !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = rest
        .iter()
        .fold(0usize, |acc, &d| acc * 10 + (d - b'0') as usize);
    (1..=n).contains(&number).then(|| number - 1)
}

/// The attribute named `text`; `hint` (the likely answer) is tried first, for speed only.
fn find_attribute(puzzle: &ZebraPuzzle, text: &[u8], hint: usize) -> Option<usize> {
    let m = puzzle.attributes();
    if hint < m && same_name(text, puzzle.category(hint).name) {
        return Some(hint);
    }
    (0..m).find(|&a| same_name(text, puzzle.category(a).name))
}

/// The slot of attribute `a`'s value named `text`; the value in house `house` of the stored
/// solution is tried first, for speed only.
fn find_value(puzzle: &ZebraPuzzle, a: usize, text: &[u8], house: Option<usize>) -> Option<usize> {
    if let Some(&hint) = house.and_then(|h| puzzle.s[a].get(h)) {
        if same_name(text, puzzle.value(a, hint as usize)) {
            return Some(hint as usize);
        }
    }
    (0..puzzle.houses()).find(|&x| same_name(text, puzzle.value(a, x)))
}

/// The first index at or after `from` holding `quote` or a backslash (eight bytes at a time).
fn find_quote_or_backslash(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_byte = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let hits = has_byte(word, quote) | has_byte(word, b'\\');
        if hits != 0 {
            // The lowest flagged byte is exact (borrows only run upwards past a true hit).
            return Some(from + offset + (hits.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == quote || c == b'\\')
        .map(|i| from + offset + i)
}

/// Tokens of the lenient JSON-ish reader.
#[derive(Debug, Clone, Copy)]
enum Token<'a> {
    Open,
    Close,
    Colon,
    Comma,
    Text(&'a [u8]),
    End,
}

/// A flat, non-recursive tokenizer: braces, colons, commas, quoted or bare strings.
struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Result<Token<'a>, ParseError> {
        let bytes = self.bytes;
        while self.at < bytes.len() && bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
        let Some(&b) = bytes.get(self.at) else {
            return Ok(Token::End);
        };
        let single = match b {
            b'{' => Some(Token::Open),
            b'}' => Some(Token::Close),
            b':' => Some(Token::Colon),
            b',' => Some(Token::Comma),
            b'[' | b']' => return Err(ParseError::new("unexpected bracket in the JSON answer")),
            _ => None,
        };
        if let Some(token) = single {
            self.at += 1;
            return Ok(token);
        }
        if b == b'"' || b == b'\'' {
            let start = self.at + 1;
            let mut i = start;
            while let Some(found) = find_quote_or_backslash(bytes, i, b) {
                if bytes[found] == b {
                    self.at = found + 1;
                    return Ok(Token::Text(&bytes[start..found]));
                }
                i = found + 2;
            }
            return Err(ParseError::new("unterminated string"));
        }
        let start = self.at;
        while self.at < bytes.len()
            && !matches!(
                bytes[self.at],
                b'{' | b'}' | b':' | b',' | b'"' | b'\'' | b'[' | b']' | b'\n'
            )
        {
            self.at += 1;
        }
        Ok(Token::Text(&bytes[start..self.at]))
    }

    fn expect_colon(&mut self) -> Result<(), ParseError> {
        match self.next()? {
            Token::Colon => Ok(()),
            _ => Err(ParseError::new("expected ':'")),
        }
    }
}

/// `a == b` for slices of equal length, with overlapping word loads for short ones (a call
/// to the library compare costs more than these names and values are long).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word8 = |s: &[u8], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let word4 = |s: &[u8], at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&s[at..at + 4]);
        u32::from_le_bytes(w)
    };
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        8..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        _ => a == b,
    }
}

/// A byte cursor for [`read_canonical_json_grid`].
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    /// Consumes `literal` if the text continues with it.
    #[inline]
    fn take(&mut self, literal: &[u8]) -> bool {
        let end = self.at + literal.len();
        match self.bytes.get(self.at..end) {
            Some(here) if same_bytes(here, literal) => {
                self.at = end;
                true
            }
            _ => false,
        }
    }

    /// Consumes one byte if it is `byte`.
    #[inline]
    fn byte(&mut self, byte: u8) -> bool {
        let hit = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(hit);
        hit
    }

    /// Skips ASCII whitespace (as the lexer does between tokens).
    #[inline]
    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// Consumes optional whitespace, `byte`, optional whitespace; `", "` and `": "` directly.
    #[inline]
    fn sep(&mut self, byte: u8) -> bool {
        if self.take(&[byte, b' ']) {
            if !self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
                return true;
            }
        } else {
            self.space();
            if !self.byte(byte) {
                return false;
            }
        }
        self.space();
        true
    }
}

/// The fast path of [`read_json_grid`] for answers laid out as the oracle writes them (any
/// whitespace between tokens): houses in order with `"House k"` keys, attributes in order,
/// double-quoted keys and values spelled exactly. `None` for anything else, which the general
/// reader then handles; when it returns a grid, the general reader returns the same grid
/// (names are unambiguous after normalisation, so an exact spelling finds the same value).
fn read_canonical_json_grid(puzzle: &ZebraPuzzle, text: &[u8]) -> Option<[u8; MAX_ENTITIES]> {
    let n = puzzle.houses();
    let m = puzzle.attributes();
    // Names and values by attribute, looked up once.
    let mut names: [&[u8]; MAX_ATTRIBUTES] = [&[]; MAX_ATTRIBUTES];
    let mut values: [[&[u8]; MAX_HOUSES]; MAX_ATTRIBUTES] = [[&[]; MAX_HOUSES]; MAX_ATTRIBUTES];
    for a in 0..m {
        let category = puzzle.category(a);
        names[a] = category.name.as_bytes();
        for (slot, &index) in values[a].iter_mut().zip(&puzzle.v[a]) {
            *slot = category.values[usize::from(index)].as_bytes();
        }
    }
    let mut grid = [UNSET; MAX_ENTITIES];
    let mut c = Cursor { bytes: text, at: 0 };
    if !c.byte(b'{') {
        return None;
    }
    for h in 0..n {
        c.space();
        if h > 0 && !c.sep(b',') {
            return None;
        }
        let number = h + 1;
        let key_ok = c.take(b"\"House ")
            && (number < 10 || c.byte(b'0' + (number / 10) as u8))
            && c.take(&[b'0' + (number % 10) as u8, b'"'])
            && c.sep(b':')
            && c.byte(b'{');
        if !key_ok {
            return None;
        }
        for a in 0..m {
            c.space();
            let key_ok = (a == 0 || c.sep(b','))
                && c.byte(b'"')
                && c.take(names[a])
                && c.byte(b'"')
                && c.sep(b':')
                && c.byte(b'"');
            if !key_ok {
                return None;
            }
            let hint = usize::from(*puzzle.s[a].get(h)?);
            let start = c.at;
            let x = if c.take(values[a][hint]) && c.byte(b'"') {
                hint
            } else {
                c.at = start;
                let rest = &text[start..];
                let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
                let value = &rest[..end];
                let x = (0..n).find(|&x| same_bytes(value, values[a][x]))?;
                c.at += end;
                if !c.byte(b'"') {
                    return None;
                }
                x
            };
            grid[a * n + h] = x as u8;
        }
        c.space();
        if !c.byte(b'}') {
            return None;
        }
    }
    c.space();
    if !c.byte(b'}') {
        return None;
    }
    (!text[c.at..].contains(&b'{')).then_some(grid)
}

/// Reads `{"House 1": {"Attr": "value", ...}, ...}` into `grid`.
fn read_json_grid(puzzle: &ZebraPuzzle, text: &[u8]) -> Result<[u8; MAX_ENTITIES], ParseError> {
    let n = puzzle.houses();
    let mut grid = [UNSET; MAX_ENTITIES];
    let mut lexer = Lexer { bytes: text, at: 0 };
    if !matches!(lexer.next()?, Token::Open) {
        return Err(ParseError::new("expected '{'"));
    }
    let mut houses_seen = 0u16;
    loop {
        match lexer.next()? {
            Token::Close => break,
            Token::Comma => {}
            Token::Text(key) => {
                let h = read_house(key, n).ok_or_else(|| ParseError::new("unknown house key"))?;
                if houses_seen & (1 << h) != 0 {
                    return Err(ParseError::new(format!("house {} given twice", h + 1)));
                }
                houses_seen |= 1 << h;
                lexer.expect_colon()?;
                if !matches!(lexer.next()?, Token::Open) {
                    return Err(ParseError::new("expected '{' after a house key"));
                }
                let mut position = 0;
                loop {
                    match lexer.next()? {
                        Token::Close => break,
                        Token::Comma => {}
                        Token::Text(name) => {
                            let a = find_attribute(puzzle, name, position)
                                .ok_or_else(|| ParseError::new("unknown attribute"))?;
                            lexer.expect_colon()?;
                            let Token::Text(value) = lexer.next()? else {
                                return Err(ParseError::new("expected a value"));
                            };
                            position += 1;
                            let x = find_value(puzzle, a, value, Some(h)).ok_or_else(|| {
                                ParseError::new(format!(
                                    "unknown value for {}",
                                    puzzle.category(a).name
                                ))
                            })?;
                            let cell = &mut grid[a * n + h];
                            if *cell != UNSET {
                                return Err(ParseError::new("attribute given twice"));
                            }
                            *cell = x as u8;
                        }
                        _ => return Err(ParseError::new("malformed house object")),
                    }
                }
            }
            _ => return Err(ParseError::new("malformed answer object")),
        }
    }
    if text[lexer.at..].contains(&b'{') {
        return Err(ParseError::new("more than one answer object"));
    }
    Ok(grid)
}

/// The fast path of [`read_table_grid`] for the table exactly as the oracle writes it (houses
/// as rows in order, attributes in order, single spaces, `\n` line ends), with only
/// whitespace around it. `None` for anything else, which the general reader then handles;
/// when it returns a grid, the general reader returns the same grid.
fn read_canonical_table_grid(puzzle: &ZebraPuzzle, text: &[u8]) -> Option<[u8; MAX_ENTITIES]> {
    let n = puzzle.houses();
    let m = puzzle.attributes();
    let mut c = Cursor { bytes: text, at: 0 };
    c.space();
    if !c.take(b"| House |") {
        return None;
    }
    for a in 0..m {
        if !(c.byte(b' ') && c.take(puzzle.category(a).name.as_bytes()) && c.take(b" |")) {
            return None;
        }
    }
    if !c.take(b"\n|---|") {
        return None;
    }
    for _ in 0..m {
        if !c.take(b"---|") {
            return None;
        }
    }
    let mut grid = [UNSET; MAX_ENTITIES];
    for h in 0..n {
        let number = h + 1;
        let label_ok = c.take(b"\n| ")
            && (number < 10 || c.byte(b'0' + (number / 10) as u8))
            && c.take(&[b'0' + (number % 10) as u8, b' ', b'|']);
        if !label_ok {
            return None;
        }
        for a in 0..m {
            if !c.byte(b' ') {
                return None;
            }
            let hint = usize::from(*puzzle.s[a].get(h)?);
            let start = c.at;
            let x = if c.take(puzzle.value(a, hint).as_bytes()) && c.take(b" |") {
                hint
            } else {
                let rest = &text[start..];
                let end = rest.iter().position(|&b| b == b'|')?;
                let value = rest[..end].strip_suffix(b" ")?;
                let x = (0..n).find(|&x| same_bytes(value, puzzle.value(a, x).as_bytes()))?;
                c.at = start + end + 1;
                x
            };
            grid[a * n + h] = x as u8;
        }
    }
    c.space();
    (c.at == text.len()).then_some(grid)
}

/// A JSON number that fits a `u8`, written as serde writes it (no sign, no leading zero).
#[inline]
fn compact_u8(c: &mut Cursor) -> Option<u8> {
    let digit = |at: usize| {
        c.bytes
            .get(at)
            .filter(|b| b.is_ascii_digit())
            .map(|b| b - b'0')
    };
    let first = digit(c.at)?;
    let mut value = u32::from(first);
    let mut at = c.at + 1;
    if first != 0 {
        while let Some(d) = digit(at) {
            value = value * 10 + u32::from(d);
            at += 1;
            if value > 255 {
                return None;
            }
        }
    } else if digit(at).is_some() {
        return None;
    }
    c.at = at;
    Some(value as u8)
}

/// `[a,b,…]` of `u8`s, as serde writes it, passed to `push`.
#[inline]
fn compact_u8s(c: &mut Cursor, mut push: impl FnMut(u8)) -> Option<()> {
    if !c.byte(b'[') {
        return None;
    }
    if c.byte(b']') {
        return Some(());
    }
    loop {
        push(compact_u8(c)?);
        if c.byte(b']') {
            return Some(());
        }
        if !c.byte(b',') {
            return None;
        }
    }
}

/// `[[…],[…],…]`, as serde writes it; each inner list is read by `item`.
#[inline]
fn compact_lists(c: &mut Cursor, mut item: impl FnMut(&mut Cursor) -> Option<()>) -> Option<()> {
    if !c.byte(b'[') {
        return None;
    }
    if c.byte(b']') {
        return Some(());
    }
    loop {
        item(c)?;
        if c.byte(b']') {
            return Some(());
        }
        if !c.byte(b',') {
            return None;
        }
    }
}

/// `[[…],…]` of `u8` lists.
fn compact_u8_lists(c: &mut Cursor) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(MAX_ATTRIBUTES);
    compact_lists(c, |c| {
        let mut list = Vec::with_capacity(MAX_HOUSES);
        compact_u8s(c, |x| list.push(x))?;
        out.push(list);
        Some(())
    })?;
    Some(out)
}

/// A puzzle in exactly the compact layout serde writes (fields in order, no whitespace), or
/// `None` for anything else (serde then reads it, with its errors). Returns what serde returns.
fn load_compact(json: &[u8]) -> Option<ZebraPuzzle> {
    let mut c = Cursor { bytes: json, at: 0 };
    if !c.take(b"{\"n\":") {
        return None;
    }
    let n = compact_u8(&mut c)?;
    if !c.take(b",\"c\":") {
        return None;
    }
    let mut categories = Vec::with_capacity(MAX_ATTRIBUTES);
    compact_u8s(&mut c, |x| categories.push(x))?;
    if !c.take(b",\"v\":") {
        return None;
    }
    let v = compact_u8_lists(&mut c)?;
    if !c.take(b",\"s\":") {
        return None;
    }
    let s = compact_u8_lists(&mut c)?;
    if !c.take(b",\"k\":") {
        return None;
    }
    let mut k = Vec::with_capacity(64);
    compact_lists(&mut c, |c| {
        let mut clue = [0u8; 3];
        let mut len = 0;
        compact_u8s(c, |x| {
            if let Some(slot) = clue.get_mut(len) {
                *slot = x;
            }
            len += 1;
        })?;
        k.push(clue);
        (len == 3).then_some(())
    })?;
    if !c.take(b",\"q\":") {
        return None;
    }
    let q = if c.take(b"\"grid\"") {
        Ask::Grid
    } else if c.take(b"{\"value\":{\"a\":") {
        let a = compact_u8(&mut c)?;
        if !c.take(b",\"h\":") {
            return None;
        }
        let h = compact_u8(&mut c)?;
        Ask::Value { a, h }
    } else if c.take(b"{\"house\":{\"a\":") {
        let a = compact_u8(&mut c)?;
        if !c.take(b",\"x\":") {
            return None;
        }
        let x = compact_u8(&mut c)?;
        Ask::House { a, x }
    } else {
        return None;
    };
    if !matches!(q, Ask::Grid) && !c.take(b"}}") {
        return None;
    }
    if !c.take(b",\"f\":") {
        return None;
    }
    let f = if c.take(b"\"json\"") {
        AnswerFormat::Json
    } else if c.take(b"\"table\"") {
        AnswerFormat::Table
    } else {
        return None;
    };
    if !c.byte(b'}') || c.at != json.len() {
        return None;
    }
    Some(ZebraPuzzle {
        n,
        c: categories,
        v,
        s,
        k,
        q,
        f,
    })
}

/// Splits a markdown table line into trimmed cells (without the outer pipes).
fn table_cells(line: &str) -> impl Iterator<Item = &str> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    line.split('|').map(str::trim)
}

/// Reads a markdown table: houses as rows (`| House | Attr ... |`) or as columns.
fn read_table_grid(puzzle: &ZebraPuzzle, text: &str) -> Result<[u8; MAX_ENTITIES], ParseError> {
    let n = puzzle.houses();
    let m = puzzle.attributes();
    let mut grid = [UNSET; MAX_ENTITIES];
    // columns[j] = attribute (rows are houses) or house (rows are attributes) of column j + 1.
    let mut columns = [0usize; MAX_COLUMNS];
    let mut width = 0usize;
    let mut transposed = None;
    for line in text.lines() {
        if !line.contains('|') {
            continue;
        }
        if line
            .bytes()
            .all(|b| matches!(b, b'-' | b':' | b'|' | b' ' | b'\t' | b'\r'))
        {
            continue;
        }
        let Some(rows_are_attributes) = transposed else {
            // The header row: attribute names (houses as rows) or house labels (transposed).
            let mut attribute_columns = [0usize; MAX_COLUMNS];
            let mut house_columns = [0usize; MAX_COLUMNS];
            let mut attributes_seen = 0u16;
            let mut houses_seen = 0u16;
            let mut as_attributes = true;
            let mut as_houses = true;
            for cell in table_cells(line).skip(1) {
                if width == MAX_COLUMNS {
                    return Err(ParseError::new("too many columns"));
                }
                let bytes = cell.as_bytes();
                if as_attributes {
                    match find_attribute(puzzle, bytes, width) {
                        Some(a) if attributes_seen & (1 << a) == 0 => {
                            attributes_seen |= 1 << a;
                            attribute_columns[width] = a;
                        }
                        _ => as_attributes = false,
                    }
                }
                if as_houses {
                    match read_house(bytes, n) {
                        Some(h) if houses_seen & (1 << h) == 0 => {
                            houses_seen |= 1 << h;
                            house_columns[width] = h;
                        }
                        _ => as_houses = false,
                    }
                }
                width += 1;
            }
            if as_attributes && width == m {
                columns = attribute_columns;
                transposed = Some(false);
            } else if as_houses && width == n {
                columns = house_columns;
                transposed = Some(true);
            } else {
                return Err(ParseError::new(
                    "the table header must name every attribute (or every house) once",
                ));
            }
            continue;
        };
        let mut cells = table_cells(line);
        let label = cells.next().unwrap_or("").as_bytes();
        let row = if rows_are_attributes {
            find_attribute(puzzle, label, 0)
        } else {
            read_house(label, n)
        }
        .ok_or_else(|| ParseError::new("unknown row label"))?;
        let mut count = 0usize;
        for cell in cells {
            if count == width {
                return Err(ParseError::new("row has too many cells"));
            }
            let (a, h) = if rows_are_attributes {
                (row, columns[count])
            } else {
                (columns[count], row)
            };
            let x = find_value(puzzle, a, cell.as_bytes(), Some(h)).ok_or_else(|| {
                ParseError::new(format!("unknown value for {}", puzzle.category(a).name))
            })?;
            let slot = &mut grid[a * n + h];
            if *slot != UNSET {
                return Err(ParseError::new("cell given twice"));
            }
            *slot = x as u8;
            count += 1;
        }
        if count != width {
            return Err(ParseError::new("row has too few cells"));
        }
    }
    if transposed.is_none() {
        return Err(ParseError::new("no table found"));
    }
    Ok(grid)
}

/// Checks that every cell is filled and every attribute column is a permutation.
fn complete_grid(puzzle: &ZebraPuzzle, grid: &[u8; MAX_ENTITIES]) -> Result<Vec<u8>, ParseError> {
    let n = puzzle.houses();
    let cells = &grid[..n * puzzle.attributes()];
    for (a, column) in cells.chunks(n).enumerate() {
        let mut used = 0u16;
        for &x in column {
            if x == UNSET {
                return Err(ParseError::new(format!(
                    "missing {} for some house",
                    puzzle.category(a).name
                )));
            }
            if used & (1 << x) != 0 {
                return Err(ParseError::new(format!(
                    "a {} value is used twice",
                    puzzle.category(a).name
                )));
            }
            used |= 1 << x;
        }
    }
    Ok(cells.to_vec())
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

fn render_json_grid(puzzle: &ZebraPuzzle, grid: &[u8]) -> String {
    let n = puzzle.houses();
    let mut out = String::with_capacity(32 * grid.len() + 16);
    out.push('{');
    for h in 0..n {
        if h > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "\"House {}\": {{", h + 1);
        for a in 0..puzzle.attributes() {
            if a > 0 {
                out.push_str(", ");
            }
            let _ = write!(
                out,
                "\"{}\": \"{}\"",
                puzzle.category(a).name,
                puzzle.value(a, grid[a * n + h] as usize)
            );
        }
        out.push('}');
    }
    out.push('}');
    out
}

fn table_header(puzzle: &ZebraPuzzle) -> String {
    let mut out = String::from("| House |");
    for a in 0..puzzle.attributes() {
        let _ = write!(out, " {} |", puzzle.category(a).name);
    }
    out.push_str("\n|---|");
    for _ in 0..puzzle.attributes() {
        out.push_str("---|");
    }
    out
}

fn render_table_grid(puzzle: &ZebraPuzzle, grid: &[u8]) -> String {
    let n = puzzle.houses();
    let mut out = table_header(puzzle);
    for h in 0..n {
        let _ = write!(out, "\n| {} |", h + 1);
        for a in 0..puzzle.attributes() {
            let _ = write!(out, " {} |", puzzle.value(a, grid[a * n + h] as usize));
        }
    }
    out
}

fn render_grid(puzzle: &ZebraPuzzle, grid: &[u8]) -> String {
    match puzzle.f {
        AnswerFormat::Json => render_json_grid(puzzle, grid),
        AnswerFormat::Table => render_table_grid(puzzle, grid),
    }
}

fn solution_grid(puzzle: &ZebraPuzzle) -> Vec<u8> {
    puzzle.s.concat()
}

// ---------------------------------------------------------------------------------------------
// The task
// ---------------------------------------------------------------------------------------------

/// Zebra (Einstein) logic grid puzzles.
pub struct Zebra;

impl Task for Zebra {
    const ID: &'static str = "zebra";
    const VERSION: u32 = 2;
    const DIFFICULTY_MEASURE: &'static str = "solver_propagations";
    const UNIQUE: bool = true;
    const MAX_ANSWER_BYTES: usize = 16 * 1024;

    type Knobs = ZebraKnobs;
    type Puzzle = ZebraPuzzle;
    type Answer = ZebraAnswer;

    fn check_knobs(knobs: &ZebraKnobs) -> Result<(), KnobError> {
        if !(2..=MAX_HOUSES as u32).contains(&knobs.houses) {
            return Err(KnobError::new(
                "houses",
                format!("must be 2..={MAX_HOUSES}, got {}", knobs.houses),
            ));
        }
        if !(2..=MAX_ATTRIBUTES as u32).contains(&knobs.attributes) {
            return Err(KnobError::new(
                "attributes",
                format!("must be 2..={MAX_ATTRIBUTES}, got {}", knobs.attributes),
            ));
        }
        if knobs.clue_types.is_empty() {
            return Err(KnobError::new("clue_types", "must not be empty"));
        }
        if !usable_types(knobs).iter().any(|t| t.anchors()) {
            return Err(KnobError::new(
                "clue_types",
                "must include found_at, not_at, left_of, right_of or directly_left: \
                 with only symmetric relations no puzzle has a unique solution",
            ));
        }
        Ok(())
    }

    fn generate(
        knobs: &ZebraKnobs,
        rng: &mut ItemRng,
    ) -> Result<Generated<ZebraPuzzle>, GenerateError> {
        let n = knobs.houses as usize;
        let m = knobs.attributes as usize;
        let types = usable_types(knobs);
        for _ in 0..MAX_ATTEMPTS {
            let mut categories = rng.sample_indices(CATEGORIES.len(), m);
            categories.sort_unstable();
            let values: Vec<Vec<u8>> = categories
                .iter()
                .map(|&c| {
                    let pool = CATEGORIES[c].values;
                    let mut picked = rng.sample_indices(pool.len(), n);
                    picked.sort_by_key(|&i| pool[i].to_ascii_lowercase());
                    picked.into_iter().map(|i| i as u8).collect()
                })
                .collect();
            let sol: Vec<Vec<u8>> = (0..m)
                .map(|_| {
                    let mut row: Vec<u8> = (0..n as u8).collect();
                    rng.shuffle(&mut row);
                    row
                })
                .collect();
            let Some(clues) = collect_clues(n, &sol, &types, rng) else {
                continue;
            };
            let added = clues.len();
            let Some(mut clues) = minimize(n, m, clues, rng) else {
                continue;
            };
            if !balanced(&clues, &types) {
                continue;
            }
            rng.shuffle(&mut clues);
            let found_at = |e: usize| {
                clues
                    .iter()
                    .any(|c| c.kind == ClueType::FoundAt && c.p as usize == e)
            };
            let ask = match knobs.question {
                QuestionKind::Grid => Some(Ask::Grid),
                QuestionKind::Cell => (0..100).find_map(|_| {
                    let a = rng.index(m);
                    if rng.chance(0.5) {
                        let h = rng.index(n);
                        (!found_at(a * n + sol[a][h] as usize)).then_some(Ask::Value {
                            a: a as u8,
                            h: h as u8,
                        })
                    } else {
                        let x = rng.index(n);
                        (!found_at(a * n + x)).then_some(Ask::House {
                            a: a as u8,
                            x: x as u8,
                        })
                    }
                }),
            };
            let Some(ask) = ask else {
                continue;
            };
            let stats = Solver::new(n, m, clues.iter().copied())
                .count(2, u64::MAX)
                .stats;
            let puzzle = ZebraPuzzle {
                n: n as u8,
                c: categories.iter().map(|&c| c as u8).collect(),
                v: values,
                s: sol,
                k: clues.iter().map(|c| [c.kind.code(), c.p, c.q]).collect(),
                q: ask,
                f: knobs.format,
            };
            let (log10_space, exact_space) = search_space(n, m);
            let mut type_counts = Map::new();
            for kind in ClueType::ALL {
                let count = clues.iter().filter(|c| c.kind == kind).count();
                if count > 0 {
                    type_counts.insert(kind.name().into(), Value::from(count));
                }
            }
            let mut metadata = Map::new();
            metadata.insert("houses".into(), Value::from(n));
            metadata.insert("attributes".into(), Value::from(m));
            metadata.insert("clues".into(), Value::from(clues.len()));
            metadata.insert("clues_before_minimizing".into(), Value::from(added));
            metadata.insert("clue_type_counts".into(), Value::Object(type_counts));
            metadata.insert("solver_nodes".into(), Value::from(stats.nodes));
            metadata.insert(
                "solver_propagations".into(),
                Value::from(stats.propagations),
            );
            metadata.insert(
                "log10_search_space".into(),
                Value::from((log10_space * 1000.0).round() / 1000.0),
            );
            metadata.insert(
                "search_space".into(),
                exact_space.map_or(Value::Null, |s| Value::from(s.to_string())),
            );
            metadata.insert(
                "question".into(),
                Value::from(match ask {
                    Ask::Grid => "grid",
                    Ask::Value { .. } => "value",
                    Ask::House { .. } => "house",
                }),
            );
            return Ok(Generated {
                puzzle,
                difficulty: stats.propagations as f64,
                metadata,
            });
        }
        Err(GenerateError(format!(
            "no balanced unique {n}x{m} puzzle with clue types {:?} in {MAX_ATTEMPTS} attempts",
            types.iter().map(|t| t.name()).collect::<Vec<_>>()
        )))
    }

    fn prompt(puzzle: &ZebraPuzzle) -> String {
        let n = puzzle.houses();
        let m = puzzle.attributes();
        let mut out = String::with_capacity(1024 + 96 * puzzle.k.len());
        let _ = writeln!(
            out,
            "There are {n} houses in a row, numbered 1 to {n} from left to right. In each house \
             lives one person. Each of the {m} attributes below has {n} values, and each value \
             belongs to exactly one person:"
        );
        for a in 0..m {
            let _ = write!(out, "- {}: ", puzzle.category(a).name);
            for x in 0..n {
                if x > 0 {
                    out.push_str(", ");
                }
                out.push_str(puzzle.value(a, x));
            }
            out.push('\n');
        }
        out.push_str("\nClues:\n");
        for (i, clue) in puzzle.clues().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, puzzle.clue_text(clue));
        }
        let used = |kinds: &[ClueType]| puzzle.clues().any(|c| kinds.contains(&c.kind));
        let mut terms = Vec::new();
        if used(&[ClueType::LeftOf, ClueType::RightOf]) {
            terms.push(
                "\"somewhere to the left/right\" means in any house with a lower/higher number, \
                 not necessarily adjacent",
            );
        }
        if used(&[ClueType::DirectlyLeft]) {
            terms.push("\"directly left of\" means in the house immediately to the left");
        }
        if used(&[ClueType::NextTo]) {
            terms.push("\"next to each other\" means in adjacent houses");
        }
        if used(&[ClueType::OneBetween]) {
            terms.push("\"one house between\" means the house numbers differ by exactly 2");
        }
        if used(&[ClueType::TwoBetween]) {
            terms.push("\"two houses between\" means the house numbers differ by exactly 3");
        }
        if !terms.is_empty() {
            let _ = writeln!(out, "\nTerms: {}.", terms.join("; "));
        }
        out.push('\n');
        match puzzle.q {
            Ask::Grid => {
                let grid_intro = "Work out the value of every attribute for every house.";
                match puzzle.f {
                    AnswerFormat::Json => {
                        let mut example = String::from("{");
                        for h in 0..n.min(2) {
                            let _ = write!(example, "\"House {}\": {{", h + 1);
                            for a in 0..m {
                                if a > 0 {
                                    example.push_str(", ");
                                }
                                let _ = write!(example, "\"{}\": \"...\"", puzzle.category(a).name);
                            }
                            example.push_str("}, ");
                        }
                        if n > 2 {
                            let _ = write!(example, "..., \"House {n}\": {{...}}}}");
                        } else {
                            example.truncate(example.len() - 2);
                            example.push('}');
                        }
                        let _ = write!(
                            out,
                            "{grid_intro} Give your final answer as a JSON object with one key \
                             per house, \"House 1\" to \"House {n}\", each mapping every \
                             attribute name to its value, written exactly as in the lists \
                             above. Put the final answer inside <answer> and </answer> tags, \
                             for example:\n<answer>{example}</answer>"
                        );
                    }
                    AnswerFormat::Table => {
                        let mut example = table_header(puzzle);
                        for h in 0..n.min(2) {
                            let _ = write!(example, "\n| {} |", h + 1);
                            for _ in 0..m {
                                example.push_str(" ... |");
                            }
                        }
                        if n > 2 {
                            example.push_str("\n...");
                        }
                        let _ = write!(
                            out,
                            "{grid_intro} Give your final answer as a markdown table with the \
                             header row below and one row per house (house number first, then \
                             each attribute's value, written exactly as in the lists above). \
                             Put the final answer inside <answer> and </answer> tags, for \
                             example:\n<answer>\n{example}\n</answer>"
                        );
                    }
                }
            }
            Ask::Value { a, h } => {
                let a = a as usize;
                let category = puzzle.category(a);
                let example = (0..category.values.len())
                    .find(|i| !puzzle.v[a].contains(&(*i as u8)))
                    .map_or("...", |i| category.values[i]);
                let _ = write!(
                    out,
                    "Question: what is the {} of the person who lives in house {}?\n\n\
                     Give your final answer as the value only, written exactly as in the list \
                     of {} values above, inside <answer> and </answer> tags, for example: \
                     <answer>{example}</answer>",
                    category.name.to_ascii_lowercase(),
                    h + 1,
                    category.name,
                );
            }
            Ask::House { a, x } => {
                let description = puzzle.describe(a as usize * n + x as usize);
                // The example is never a valid answer, so copying it earns nothing.
                let _ = write!(
                    out,
                    "Question: in which house does {description} live?\n\n\
                     Give your final answer as the house number only (1 to {n}), inside \
                     <answer> and </answer> tags. The format, shown with a number that is not \
                     a valid answer here: <answer>{}</answer>",
                    n + 1
                );
            }
        }
        out
    }

    fn solve(puzzle: &ZebraPuzzle) -> ZebraAnswer {
        match puzzle.q {
            Ask::Grid => ZebraAnswer::Grid(solution_grid(puzzle)),
            Ask::Value { a, h } => ZebraAnswer::Value(puzzle.s[a as usize][h as usize]),
            Ask::House { a, x } => {
                let house = puzzle.s[a as usize].iter().position(|&v| v == x);
                ZebraAnswer::House(house.unwrap_or(0) as u8)
            }
        }
    }

    fn render_answer(puzzle: &ZebraPuzzle, answer: &ZebraAnswer) -> String {
        match (answer, puzzle.q) {
            (ZebraAnswer::Grid(grid), _) => render_grid(puzzle, grid),
            (ZebraAnswer::Value(x), Ask::Value { a, .. }) => {
                puzzle.value(a as usize, *x as usize).to_string()
            }
            (ZebraAnswer::House(h), _) => (h + 1).to_string(),
            (ZebraAnswer::Value(x), _) => x.to_string(),
        }
    }

    fn parse_answer(puzzle: &ZebraPuzzle, text: &str) -> Result<ZebraAnswer, ParseError> {
        if !puzzle.is_well_formed() {
            return Err(ParseError::new("malformed puzzle"));
        }
        match puzzle.q {
            Ask::Grid => {
                let grid = if let Some(start) = text.find('{') {
                    let json = &text.as_bytes()[start..];
                    match read_canonical_json_grid(puzzle, json) {
                        Some(grid) => grid,
                        None => read_json_grid(puzzle, json)?,
                    }
                } else if text.contains('|') {
                    match read_canonical_table_grid(puzzle, text.as_bytes()) {
                        Some(grid) => grid,
                        None => read_table_grid(puzzle, text)?,
                    }
                } else {
                    return Err(ParseError::new(
                        "expected a JSON object or a markdown table",
                    ));
                };
                complete_grid(puzzle, &grid).map(ZebraAnswer::Grid)
            }
            Ask::Value { a, h } => {
                find_value(puzzle, a as usize, text.as_bytes(), Some(h as usize))
                    .map(|x| ZebraAnswer::Value(x as u8))
                    .ok_or_else(|| ParseError::new("not one of the listed values"))
            }
            Ask::House { .. } => read_house(text.as_bytes(), puzzle.houses())
                .map(|h| ZebraAnswer::House(h as u8))
                .ok_or_else(|| ParseError::new("not a house number")),
        }
    }

    fn grade(puzzle: &ZebraPuzzle, answer: &ZebraAnswer) -> Grade {
        if !puzzle.is_well_formed() {
            return Grade::WRONG;
        }
        match (answer, puzzle.q) {
            (ZebraAnswer::Grid(grid), Ask::Grid) => {
                let n = puzzle.houses();
                let truth = puzzle.s.iter().flatten();
                if grid.len() != n * puzzle.attributes() {
                    return Grade::WRONG;
                }
                if grid
                    .chunks(n)
                    .zip(&puzzle.s)
                    .all(|(g, s)| g == s.as_slice())
                {
                    // Every cell right: stated and free alike.
                    return Grade::CORRECT;
                }
                let given = puzzle.given_cells();
                let mut free = 0usize;
                let mut right = 0usize;
                let mut wrong_given = false;
                let mut attributes_with_free = 0usize;
                for (cell, (&x, &t)) in grid.iter().zip(truth).enumerate() {
                    if cell % n == 0 {
                        let a = cell / n;
                        if given[a * n..a * n + n].iter().any(|g| !g) {
                            attributes_with_free += 1;
                        }
                    }
                    if given[cell] {
                        wrong_given |= x != t;
                    } else {
                        free += 1;
                        right += usize::from(x == t);
                    }
                }
                if !wrong_given && right == free {
                    return Grade::CORRECT;
                }
                if wrong_given || free == 0 {
                    return Grade::WRONG;
                }
                let accuracy = right as f64 / free as f64;
                let base = attributes_with_free as f64 / free as f64;
                if base >= 1.0 {
                    return Grade::WRONG;
                }
                Grade::partial(((accuracy - base) / (1.0 - base)).max(0.0))
            }
            (ZebraAnswer::Value(x), Ask::Value { a, h }) => {
                if *x == puzzle.s[a as usize][h as usize] {
                    Grade::CORRECT
                } else {
                    Grade::WRONG
                }
            }
            (ZebraAnswer::House(h), Ask::House { a, x }) => {
                if puzzle.s[a as usize].get(*h as usize) == Some(&x) {
                    Grade::CORRECT
                } else {
                    Grade::WRONG
                }
            }
            _ => Grade::WRONG,
        }
    }

    fn load_puzzle(json: &str) -> Result<ZebraPuzzle, String> {
        match load_compact(json.as_bytes()) {
            Some(puzzle) => Ok(puzzle),
            None => serde_json::from_str(json).map_err(|e| e.to_string()),
        }
    }

    fn count_solutions(puzzle: &ZebraPuzzle, limit: u64) -> Option<u64> {
        if !puzzle.is_well_formed() {
            return Some(0);
        }
        let solver = Solver::new(puzzle.houses(), puzzle.attributes(), puzzle.clues());
        solver.count(limit, u64::MAX).solutions
    }

    fn wrong_answers(puzzle: &ZebraPuzzle, rng: &mut ItemRng) -> Vec<String> {
        let n = puzzle.houses();
        let m = puzzle.attributes();
        match puzzle.q {
            Ask::Grid => {
                let truth = solution_grid(puzzle);
                let mut out = Vec::new();
                // Two houses swapped in one attribute, for a few attributes.
                for a in rng.sample_indices(m, m.min(3)) {
                    let houses = rng.sample_indices(n, 2);
                    let mut grid = truth.clone();
                    grid.swap(a * n + houses[0], a * n + houses[1]);
                    out.push(render_grid(puzzle, &grid));
                }
                // One attribute rotated by a house.
                let a = rng.index(m);
                let mut grid = truth.clone();
                grid[a * n..a * n + n].rotate_left(1);
                out.push(render_grid(puzzle, &grid));
                // A duplicated value (not a permutation).
                let mut grid = truth.clone();
                grid[a * n] = grid[a * n + 1];
                out.push(render_grid(puzzle, &grid));
                // The right grid followed by a second, different one.
                let mut other = truth.clone();
                other.swap(0, 1);
                out.push(format!(
                    "{} or {}",
                    render_json_grid(puzzle, &truth),
                    render_json_grid(puzzle, &other)
                ));
                // The right grid with a house missing.
                let full = render_json_grid(puzzle, &truth);
                if let Some(cut) = full.rfind(", \"House") {
                    out.push(format!("{}}}", &full[..cut]));
                }
                out
            }
            Ask::Value { a, h } => {
                let truth = puzzle.s[a as usize][h as usize] as usize;
                let mut out: Vec<String> = (0..n)
                    .filter(|&x| x != truth)
                    .map(|x| puzzle.value(a as usize, x).to_string())
                    .collect();
                let other = (truth + 1) % n;
                out.push(format!(
                    "{}, {}",
                    puzzle.value(a as usize, truth),
                    puzzle.value(a as usize, other)
                ));
                out
            }
            Ask::House { a, x } => {
                let truth = puzzle.s[a as usize]
                    .iter()
                    .position(|&v| v == x)
                    .unwrap_or(0);
                let mut out: Vec<String> = (0..n)
                    .filter(|&h| h != truth)
                    .map(|h| (h + 1).to_string())
                    .collect();
                out.push(format!("{} or {}", truth + 1, (truth + 1) % n + 1));
                out.push("0".into());
                out
            }
        }
    }

    fn exploits(puzzle: &ZebraPuzzle) -> Vec<(&'static str, String)> {
        if !puzzle.is_well_formed() {
            return Vec::new();
        }
        let n = puzzle.houses();
        let m = puzzle.attributes();
        let mut out: Vec<(&'static str, String)> = Vec::new();
        match puzzle.q {
            Ask::Grid => {
                let truth = solution_grid(puzzle);
                let mut grids: Vec<(&'static str, Vec<u8>)> = vec![
                    ("the same value in every house", vec![0; n * m]),
                    (
                        "values in listed order",
                        (0..m).flat_map(|_| 0..n as u8).collect(),
                    ),
                    (
                        "values in reverse order",
                        (0..m).flat_map(|_| (0..n as u8).rev()).collect(),
                    ),
                ];
                // The cells stated by `found_at` clues, the rest in listed order.
                let given = puzzle.given_cells();
                let mut stated = Vec::with_capacity(n * m);
                for a in 0..m {
                    let fixed: Vec<u8> = (0..n)
                        .filter(|&h| given[a * n + h])
                        .map(|h| truth[a * n + h])
                        .collect();
                    let mut rest = (0..n as u8).filter(|x| !fixed.contains(x));
                    for h in 0..n {
                        stated.push(if given[a * n + h] {
                            truth[a * n + h]
                        } else {
                            rest.next().unwrap_or(0)
                        });
                    }
                }
                grids.push(("the stated cells, the rest in listed order", stated));
                out.extend(
                    grids
                        .into_iter()
                        .filter(|(_, grid)| *grid != truth)
                        .map(|(name, grid)| (name, render_json_grid(puzzle, &grid))),
                );
                let oracle = render_json_grid(puzzle, &truth);
                out.push((
                    "a duplicated house",
                    oracle.replacen("\"House 2\"", "\"House 1\"", 1),
                ));
                out.push((
                    "house keys from 0",
                    (1..=n).fold(oracle.clone(), |text, h| {
                        text.replacen(
                            &format!("\"House {h}\""),
                            &format!("\"House {}\"", h - 1),
                            1,
                        )
                    }),
                ));
                // Each attribute given the values of the next attribute.
                let house = |h: usize, value: &dyn Fn(usize) -> String| -> String {
                    let fields: Vec<String> = (0..m)
                        .map(|a| format!("\"{}\": \"{}\"", puzzle.category(a).name, value(a)))
                        .collect();
                    format!("\"House {}\": {{{}}}", h + 1, fields.join(", "))
                };
                let object = |value: &dyn Fn(usize, usize) -> String| -> String {
                    let houses: Vec<String> = (0..n).map(|h| house(h, &|a| value(a, h))).collect();
                    format!("{{{}}}", houses.join(", "))
                };
                out.push((
                    "values from another attribute",
                    object(&|a, h| {
                        let b = (a + 1) % m;
                        puzzle.value(b, truth[b * n + h] as usize).to_string()
                    }),
                ));
                out.push((
                    "every value in every cell",
                    object(&|a, _| {
                        (0..n)
                            .map(|x| puzzle.value(a, x))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    }),
                ));
                // Only the cells the clues state outright.
                let mut partial = String::from("{");
                for h in 0..n {
                    let fields: Vec<String> = (0..m)
                        .filter(|&a| given[a * n + h])
                        .map(|a| {
                            format!(
                                "\"{}\": \"{}\"",
                                puzzle.category(a).name,
                                puzzle.value(a, truth[a * n + h] as usize)
                            )
                        })
                        .collect();
                    if h > 0 {
                        partial.push_str(", ");
                    }
                    let _ = write!(partial, "\"House {}\": {{{}}}", h + 1, fields.join(", "));
                }
                partial.push('}');
                out.push(("only the stated cells", partial));
                // A table whose cells list every value.
                let mut table = table_header(puzzle);
                for h in 0..n {
                    let _ = write!(table, "\n| {} |", h + 1);
                    for a in 0..m {
                        let all: Vec<&str> = (0..n).map(|x| puzzle.value(a, x)).collect();
                        let _ = write!(table, " {} |", all.join(" / "));
                    }
                }
                out.push(("a table listing every value in every cell", table));
            }
            Ask::Value { a, h } => {
                let (a, h) = (a as usize, h as usize);
                let truth = puzzle.s[a][h] as usize;
                let values: Vec<&str> = (0..n).map(|x| puzzle.value(a, x)).collect();
                out.push(("every listed value", values.join(", ")));
                out.push(("every listed value joined by 'or'", values.join(" or ")));
                if truth != 0 {
                    out.push(("the first listed value", values[0].to_string()));
                }
                let other = (a + 1) % m;
                if other != a {
                    out.push((
                        "a value of another attribute",
                        puzzle.value(other, 0).to_string(),
                    ));
                }
                out.push(("the house number instead of a value", (h + 1).to_string()));
            }
            Ask::House { a, x } => {
                let truth = puzzle.s[a as usize]
                    .iter()
                    .position(|&v| v == x)
                    .unwrap_or(0);
                let houses: Vec<String> = (1..=n).map(|h| h.to_string()).collect();
                out.push(("every house number", houses.join(", ")));
                out.push(("every house number joined by 'or'", houses.join(" or ")));
                if truth != 0 {
                    out.push(("house 1", "1".into()));
                }
                out.push(("house 0", "0".into()));
                out.push(("a house beyond the last", (n + 1).to_string()));
                out.push((
                    "the asked value instead of a house",
                    puzzle.value(a as usize, x as usize).to_string(),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::catalogue;
    use crate::Generator;

    fn knobs(houses: u32, attributes: u32) -> ZebraKnobs {
        ZebraKnobs {
            houses,
            attributes,
            ..ZebraKnobs::default()
        }
    }

    /// An item that once exhausted a 40-attempt budget (a regression test for the budget).
    #[test]
    fn rare_four_by_four_cell_item_generates() {
        let knobs = serde_json::json!({
            "houses": 4, "attributes": 4, "question": "cell",
            "clue_types": ["found_at", "same_house", "directly_left", "next_to"],
        });
        let generator = Generator::new("zebra", None, &knobs).unwrap();
        assert_eq!(generator.batch(12345, 39331, 1).unwrap().len(), 1);
    }

    fn puzzle(knobs: &ZebraKnobs, seed: u64) -> ZebraPuzzle {
        Zebra::generate(knobs, &mut ItemRng::from_u64(seed))
            .unwrap()
            .puzzle
    }

    fn normalized(text: &str) -> String {
        text.bytes()
            .filter(|&b| !ignorable(b))
            .map(|b| b.to_ascii_lowercase() as char)
            .collect()
    }

    fn count(puzzle: &ZebraPuzzle, limit: u64) -> u64 {
        Zebra::count_solutions(puzzle, limit).unwrap()
    }

    #[test]
    fn pool_is_large_and_unambiguous() {
        assert!(CATEGORIES.len() >= 15);
        let mut names: Vec<String> = CATEGORIES.iter().map(|c| normalized(c.name)).collect();
        let mut values = Vec::new();
        for category in CATEGORIES {
            assert!(category.values.len() >= 12, "{}", category.name);
            assert!(category.values.len() <= 64);
            for value in category.values {
                assert!(
                    value
                        .bytes()
                        .all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'-'),
                    "{value}"
                );
                assert!(read_house(value.as_bytes(), MAX_HOUSES).is_none());
                values.push(normalized(value));
            }
        }
        let total = values.len();
        values.sort();
        values.dedup();
        assert_eq!(values.len(), total, "two pool values normalise alike");
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CATEGORIES.len());
        assert!(!names.contains(&"house".to_string()));
    }

    /// Every assignment of `n` houses and `m` attributes, as entity positions.
    fn all_assignments(n: usize, m: usize) -> Vec<Vec<u8>> {
        let mut perms: Vec<Vec<u8>> = vec![vec![]];
        for _ in 0..n {
            perms = perms
                .into_iter()
                .flat_map(|p| {
                    (0..n as u8)
                        .filter(|h| !p.contains(h))
                        .map(|h| {
                            let mut q = p.clone();
                            q.push(h);
                            q
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
        }
        let mut out: Vec<Vec<u8>> = vec![vec![]];
        for _ in 0..m {
            out = out
                .into_iter()
                .flat_map(|prefix| {
                    perms.iter().map(move |p| {
                        let mut q = prefix.clone();
                        q.extend_from_slice(p);
                        q
                    })
                })
                .collect();
        }
        out
    }

    #[test]
    fn solver_counts_like_brute_force() {
        let mut rng = ItemRng::from_u64(11);
        for (n, m) in [(3usize, 3usize), (4, 2), (5, 2)] {
            let assignments = all_assignments(n, m);
            let entities = n * m;
            for round in 0..150 {
                let clue_count = 1 + rng.index(6);
                let clues: Vec<Clue> = (0..clue_count)
                    .map(|_| {
                        let kind = *rng.choose(&ClueType::ALL);
                        let p = rng.index(entities);
                        let q = if kind.is_unary() {
                            rng.index(n)
                        } else {
                            (p + 1 + rng.index(entities - 1)) % entities
                        };
                        Clue {
                            kind,
                            p: p as u8,
                            q: q as u8,
                        }
                    })
                    .collect();
                let brute = assignments
                    .iter()
                    .filter(|pos| clues.iter().all(|c| c.holds(pos)))
                    .count() as u64;
                let solver = Solver::new(n, m, clues.iter().copied());
                let counted = solver.count(u64::MAX, u64::MAX).solutions.unwrap();
                assert_eq!(counted, brute, "{n}x{m} round {round}: {clues:?}");
                let capped = solver.count(2, u64::MAX).solutions.unwrap();
                assert_eq!(capped, brute.min(2));
            }
        }
    }

    #[test]
    fn solver_on_a_hand_made_puzzle() {
        // 3 houses; attribute 0 = A0 A1 A2, attribute 1 = B0 B1 B2 (entities 0..3, 3..6).
        let clue = |kind, p, q| Clue { kind, p, q };
        let mut clues = vec![
            clue(ClueType::FoundAt, 0, 0),      // A0 in house 1
            clue(ClueType::DirectlyLeft, 2, 1), // A2 directly left of A1
            clue(ClueType::SameHouse, 1, 3),    // A1 with B0
        ];
        let solver = Solver::new(3, 2, clues.iter().copied());
        // B1, B2 can still swap.
        assert_eq!(solver.count(10, u64::MAX).solutions, Some(2));
        clues.push(clue(ClueType::RightOf, 4, 5)); // B1 right of B2
        let outcome = Solver::new(3, 2, clues.iter().copied()).count(10, u64::MAX);
        assert_eq!(outcome.solutions, Some(1));
        assert_eq!(positions_of(&outcome.found[0], 6), vec![0, 2, 1, 2, 1, 0]);
        assert_eq!(outcome.stats.nodes, 1, "solved by propagation alone");
        clues.push(clue(ClueType::NextTo, 0, 3)); // A0 next to B0: contradiction
        assert_eq!(
            Solver::new(3, 2, clues.iter().copied())
                .count(10, u64::MAX)
                .solutions,
            Some(0)
        );
    }

    #[test]
    fn generated_puzzles_are_unique_and_minimal() {
        for (houses, attributes, seeds) in [(3, 3, 0..6), (4, 4, 0..4), (5, 5, 0..3), (6, 5, 0..2)]
        {
            for seed in seeds {
                let p = puzzle(&knobs(houses, attributes), seed);
                assert_eq!(count(&p, 2), 1);
                let truth = positions_from_solution(p.houses(), &p.s);
                assert!(p.clues().all(|c| c.holds(&truth)), "a clue is false");
                for skip in 0..p.k.len() {
                    let mut fewer = p.clone();
                    fewer.k.remove(skip);
                    assert_eq!(
                        count(&fewer, 2),
                        2,
                        "{houses}x{attributes} seed {seed}: clue {skip} is redundant"
                    );
                }
            }
        }
    }

    #[test]
    fn median_difficulty_rises_with_level() {
        let mut previous = 0.0;
        for level in 1..=10 {
            let generator = Generator::new("zebra", Some(level), &Value::Null).unwrap();
            let mut figures: Vec<f64> = (0..25)
                .map(|i| {
                    let item = generator.item(77, i).unwrap();
                    let metadata: Value = serde_json::from_str(&item.metadata).unwrap();
                    metadata["difficulty"].as_f64().unwrap()
                })
                .collect();
            figures.sort_by(f64::total_cmp);
            let median = figures[figures.len() / 2];
            assert!(
                median > previous,
                "level {level}: median {median} <= {previous}"
            );
            previous = median;
        }
    }

    #[test]
    fn default_knobs_are_the_default_level() {
        let entry = catalogue().unwrap().entry("zebra").unwrap();
        let level = &entry.levels[entry.default_level as usize - 1];
        let defaults = ZebraKnobs::default();
        assert_eq!(level["houses"], Value::from(defaults.houses));
        assert_eq!(level["attributes"], Value::from(defaults.attributes));
    }

    #[test]
    fn knob_checks() {
        assert!(Zebra::check_knobs(&knobs(1, 3)).is_err());
        assert!(Zebra::check_knobs(&knobs(11, 3)).is_err());
        assert!(Zebra::check_knobs(&knobs(4, 1)).is_err());
        assert!(Zebra::check_knobs(&knobs(4, 11)).is_err());
        let with_types = |types: &[ClueType]| ZebraKnobs {
            clue_types: types.to_vec(),
            ..ZebraKnobs::default()
        };
        assert_eq!(
            Zebra::check_knobs(&with_types(&[])).unwrap_err().knob,
            "clue_types"
        );
        let symmetric = with_types(&[ClueType::NextTo, ClueType::SameHouse]);
        assert_eq!(
            Zebra::check_knobs(&symmetric).unwrap_err().knob,
            "clue_types"
        );
        assert!(Zebra::check_knobs(&with_types(&[ClueType::LeftOf])).is_ok());
        let parsed: ZebraKnobs =
            serde_json::from_value(serde_json::json!({"clue_types": ["next_to", "found_at"]}))
                .unwrap();
        assert_eq!(parsed.clue_types, [ClueType::NextTo, ClueType::FoundAt]);
        assert!(serde_json::from_value::<ZebraKnobs>(
            serde_json::json!({"clue_types": ["nextto"]})
        )
        .is_err());
    }

    #[test]
    fn restricted_clue_types_generate() {
        use ClueType::{
            DirectlyLeft, FoundAt, LeftOf, NextTo, NotAt, NotSameHouse, OneBetween, RightOf,
            SameHouse, TwoBetween,
        };
        let sets: &[&[ClueType]] = &[
            &[FoundAt],
            &[NotAt],
            &[LeftOf],
            &[RightOf],
            &[DirectlyLeft],
            &[FoundAt, NotAt],
            &[FoundAt, SameHouse],
            &[FoundAt, NextTo, OneBetween, TwoBetween],
            &[DirectlyLeft, NotSameHouse, SameHouse],
            &[LeftOf, NextTo],
        ];
        for &types in sets {
            let k = ZebraKnobs {
                clue_types: types.to_vec(),
                ..knobs(5, 4)
            };
            for seed in 0..3 {
                let generated = Zebra::generate(&k, &mut ItemRng::from_u64(seed))
                    .unwrap_or_else(|e| panic!("{types:?}: {e:?}"));
                let p = generated.puzzle;
                assert!(p.clues().all(|c| types.contains(&c.kind)), "{types:?}");
                assert_eq!(count(&p, 2), 1);
            }
        }
    }

    fn grade_text(p: &ZebraPuzzle, text: &str) -> Option<Grade> {
        Zebra::parse_answer(p, text)
            .ok()
            .map(|a| Zebra::grade(p, &a))
    }

    #[test]
    fn compact_loading_agrees_with_serde() {
        let mut rng = ItemRng::from_u64(5);
        let mut direct = 0;
        for question in [QuestionKind::Grid, QuestionKind::Cell] {
            for format in [AnswerFormat::Json, AnswerFormat::Table] {
                for (houses, attributes) in [(2, 2), (4, 3), (10, 6)] {
                    for seed in 0..6 {
                        let k = ZebraKnobs {
                            question,
                            format,
                            ..knobs(houses, attributes)
                        };
                        let json = serde_json::to_string(&puzzle(&k, seed)).unwrap();
                        let mut texts = vec![json.clone()];
                        let edits = [
                            "", " ", "0", "00", "256", "-1", ",", "]", "[", "}", "\"grid\"",
                        ];
                        for _ in 0..200 {
                            let mut text = json.clone();
                            let at = rng.index(text.len() + 1);
                            let end = (at + rng.index(3)).min(text.len());
                            text.replace_range(at..end, edits[rng.index(edits.len())]);
                            texts.push(text);
                        }
                        for text in &texts {
                            if let Some(fast) = load_compact(text.as_bytes()) {
                                direct += 1;
                                let slow: ZebraPuzzle = serde_json::from_str(text).expect(text);
                                assert_eq!(
                                    serde_json::to_string(&fast).unwrap(),
                                    serde_json::to_string(&slow).unwrap()
                                );
                            }
                        }
                    }
                }
            }
        }
        assert!(direct > 1000, "{direct}");
    }

    #[test]
    fn fast_paths_agree_with_the_general_readers() {
        let mut rng = ItemRng::from_u64(99);
        let mut fast = 0;
        for (houses, attributes) in [(2, 2), (4, 3), (5, 5), (10, 4), (8, 7)] {
            for seed in 0..12 {
                let p = puzzle(&knobs(houses, attributes), seed);
                let truth = solution_grid(&p);
                let mut texts = vec![render_json_grid(&p, &truth), render_table_grid(&p, &truth)];
                texts.extend(Zebra::wrong_answers(&p, &mut rng));
                for mut grid in [truth.clone(), truth.clone()] {
                    let a = rng.index(attributes as usize);
                    let n = houses as usize;
                    grid[a * n..a * n + n].rotate_left(1 + rng.index(n - 1));
                    texts.push(render_json_grid(&p, &grid));
                    texts.push(render_table_grid(&p, &grid));
                }
                // Small edits: whitespace, case, punctuation, truncation, duplication.
                let edits: &[&[u8]] = &[
                    b" ", b"\n", b"\t", b"\"", b",", b"|", b"{", b"}", b"x", b"-",
                ];
                for base in texts.clone() {
                    for _ in 0..30 {
                        let mut bytes = base.clone().into_bytes();
                        let at = rng.index(bytes.len() + 1);
                        match rng.index(4) {
                            0 => {
                                let e = edits[rng.index(edits.len())];
                                bytes.splice(at..at, e.iter().copied());
                            }
                            1 if at < bytes.len() => {
                                bytes.remove(at);
                            }
                            2 if at < bytes.len() => bytes[at] = bytes[at].to_ascii_uppercase(),
                            _ => bytes.truncate(at),
                        }
                        if let Ok(text) = String::from_utf8(bytes) {
                            texts.push(text);
                        }
                    }
                    texts.push(format!("  \n{base}\n "));
                    texts.push(format!("{base}{base}"));
                }
                for text in &texts {
                    if let Some(start) = text.find('{') {
                        let json = &text.as_bytes()[start..];
                        if let Some(grid) = read_canonical_json_grid(&p, json) {
                            fast += 1;
                            assert_eq!(read_json_grid(&p, json).ok(), Some(grid), "{text}");
                        }
                    } else if let Some(grid) = read_canonical_table_grid(&p, text.as_bytes()) {
                        fast += 1;
                        assert_eq!(read_table_grid(&p, text).ok(), Some(grid), "{text}");
                    }
                }
            }
        }
        assert!(fast > 1000, "{fast}");
    }

    #[test]
    fn json_answers_are_read_leniently_and_strictly() {
        let p = puzzle(&knobs(4, 3), 3);
        let truth = solution_grid(&p);
        let oracle = render_json_grid(&p, &truth);
        assert_eq!(grade_text(&p, &oracle), Some(Grade::CORRECT));
        // Pretty printed, lower case, unquoted keys, fenced, house numbers only.
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<Value>(&oracle).unwrap()).unwrap();
        assert_eq!(
            grade_text(&p, &format!("```json\n{pretty}\n```")),
            Some(Grade::CORRECT)
        );
        assert_eq!(grade_text(&p, &oracle.to_lowercase()), Some(Grade::CORRECT));
        assert_eq!(grade_text(&p, &oracle.to_uppercase()), Some(Grade::CORRECT));
        let loose = oracle.replace("\"House ", "house_").replace("\": {", ": {");
        assert_eq!(grade_text(&p, &loose), Some(Grade::CORRECT), "{loose}");
        let numbers = oracle.replace("\"House ", "\"");
        assert_eq!(grade_text(&p, &numbers), Some(Grade::CORRECT));
        // Houses in another order.
        let value: Value = serde_json::from_str(&oracle).unwrap();
        let object = value.as_object().unwrap();
        let mut reversed = String::from("{");
        for (i, (key, inner)) in object.iter().rev().enumerate() {
            if i > 0 {
                reversed.push(',');
            }
            let _ = write!(reversed, "{key:?}: {inner}");
        }
        reversed.push('}');
        assert_eq!(grade_text(&p, &reversed), Some(Grade::CORRECT));
        // Strict content.
        let n = p.houses();
        let first = |a: usize| p.value(a, truth[a * n] as usize);
        let second = |a: usize| p.value(a, truth[a * n + 1] as usize);
        let duplicate = oracle.replacen(
            &format!("\"{}\"", second(0)),
            &format!("\"{}\"", first(0)),
            1,
        );
        assert!(grade_text(&p, &duplicate).is_none(), "duplicate value");
        let missing = oracle.replacen(
            &format!(", \"{}\": \"{}\"", p.category(1).name, first(1)),
            "",
            1,
        );
        assert!(grade_text(&p, &missing).is_none(), "missing attribute");
        let unknown = oracle.replacen(first(0), "zzz", 1);
        assert!(grade_text(&p, &unknown).is_none(), "unknown value");
        assert!(
            grade_text(&p, &format!("{oracle} {oracle}")).is_none(),
            "two objects"
        );
        assert!(grade_text(&p, &oracle.replace("House 4", "House 5")).is_none());
        assert!(grade_text(&p, &oracle.replace("House 4", "House 3")).is_none());
        assert!(grade_text(&p, "").is_none());
        assert!(grade_text(&p, "{").is_none());
        assert!(grade_text(&p, &"{".repeat(10_000)).is_none());
        assert!(grade_text(&p, "{\"House 1\": [1, 2]}").is_none());
        assert!(grade_text(&p, "{\"House 1\": {\"a\": \"unterminated}").is_none());
    }

    #[test]
    fn table_answers_are_read_in_both_orientations() {
        let p = puzzle(
            &ZebraKnobs {
                format: AnswerFormat::Table,
                ..knobs(5, 3)
            },
            4,
        );
        let n = p.houses();
        let truth = solution_grid(&p);
        let oracle = Zebra::render_answer(&p, &Zebra::solve(&p));
        assert!(oracle.starts_with("| House |"));
        assert_eq!(grade_text(&p, &oracle), Some(Grade::CORRECT));
        assert_eq!(
            grade_text(
                &p,
                &format!("Here it is:\n\n{}\n", oracle.replace("| ", "|"))
            ),
            Some(Grade::CORRECT)
        );
        // JSON is accepted for a table puzzle too.
        assert_eq!(
            grade_text(&p, &render_json_grid(&p, &truth)),
            Some(Grade::CORRECT)
        );
        // Transposed: attributes as rows.
        let mut transposed = String::from("| Attribute |");
        for h in 0..n {
            let _ = write!(transposed, " House {} |", h + 1);
        }
        transposed.push_str("\n|---|");
        for a in 0..p.attributes() {
            let _ = write!(transposed, "\n| {} |", p.category(a).name);
            for h in 0..n {
                let _ = write!(
                    transposed,
                    " **{}** |",
                    p.value(a, truth[a * n + h] as usize)
                );
            }
        }
        assert_eq!(
            grade_text(&p, &transposed),
            Some(Grade::CORRECT),
            "{transposed}"
        );
        // A row repeated, a row missing, a row too long.
        let lines: Vec<&str> = oracle.lines().collect();
        let repeated = format!("{oracle}\n{}", lines[2]);
        assert!(grade_text(&p, &repeated).is_none());
        let missing = lines[..lines.len() - 1].join("\n");
        assert!(grade_text(&p, &missing).is_none());
        let long = oracle.replacen(" |\n", " | extra |\n", 3);
        assert!(grade_text(&p, &long).is_none());
        assert!(grade_text(&p, "| a | b |\n| c | d |").is_none());
    }

    #[test]
    fn cell_answers() {
        let k = ZebraKnobs {
            question: QuestionKind::Cell,
            ..knobs(6, 4)
        };
        let mut kinds = [0usize; 2];
        let mut houses_asked = [0usize; MAX_HOUSES];
        for seed in 0..40 {
            let p = puzzle(&k, seed);
            let oracle = Zebra::render_answer(&p, &Zebra::solve(&p));
            assert_eq!(grade_text(&p, &oracle), Some(Grade::CORRECT));
            let given = p.given_cells();
            match p.q {
                Ask::Value { a, h } => {
                    kinds[0] += 1;
                    houses_asked[h as usize] += 1;
                    assert!(!given[a as usize * p.houses() + h as usize]);
                    assert_eq!(
                        grade_text(&p, &format!(" \"{}\". ", oracle.to_uppercase())),
                        Some(Grade::CORRECT)
                    );
                }
                Ask::House { .. } => {
                    kinds[1] += 1;
                    for form in ["House {}", "house #{}", "**{}**", "House number {}"] {
                        let text = form.replace("{}", &oracle);
                        assert_eq!(grade_text(&p, &text), Some(Grade::CORRECT), "{text}");
                    }
                    assert!(grade_text(&p, "１").is_none());
                    assert!(grade_text(&p, "1e0").is_none());
                    assert!(grade_text(&p, "0x1").is_none());
                    assert!(grade_text(&p, "7").is_none());
                }
                Ask::Grid => panic!("grid asked"),
            }
            let mut rng = ItemRng::from_u64(seed);
            for wrong in Zebra::wrong_answers(&p, &mut rng) {
                assert!(grade_text(&p, &wrong).is_none_or(|g| !g.correct && g.credit == 0.0));
            }
        }
        assert!(kinds[0] > 5 && kinds[1] > 5, "{kinds:?}");
        assert!(houses_asked.iter().filter(|&&c| c > 0).count() > 3);
    }

    #[test]
    fn exploits_never_score_and_earn_about_no_partial_credit() {
        use crate::exploits::grade_text;
        let mut seen = std::collections::BTreeSet::new();
        let mut blind = std::collections::BTreeMap::new();
        let mut puzzles = Vec::new();
        for level in 1..=10 {
            puzzles.extend(crate::exploits::level_puzzles::<Zebra>(level, 30));
        }
        for (houses, attributes) in [(3, 3), (5, 4), (7, 5)] {
            let k = ZebraKnobs {
                question: QuestionKind::Cell,
                ..knobs(houses, attributes)
            };
            puzzles.extend((0..30).map(|seed| puzzle(&k, seed)));
        }
        for p in &puzzles {
            for (name, text) in Zebra::exploits(p) {
                seen.insert(name);
                let Some(grade) = grade_text::<Zebra>(p, &text) else {
                    continue;
                };
                assert!(!grade.correct, "{name}: {text}");
                match name {
                    // Blind permutations: a little credit on some puzzles, about 0 on average.
                    "values in listed order"
                    | "values in reverse order"
                    | "the stated cells, the rest in listed order" => {
                        let entry = blind.entry(name).or_insert((0.0, 0u32));
                        entry.0 += grade.credit;
                        entry.1 += 1;
                    }
                    "the first listed value" | "house 1" => assert_eq!(grade.credit, 0.0),
                    _ => panic!("{name:?} parsed: {text}"),
                }
            }
        }
        for (name, (total, count)) in blind {
            let mean = total / f64::from(count);
            assert!(mean < 0.08, "{name}: mean partial credit {mean}");
        }
        assert!(seen.len() >= 15, "{seen:?}");
    }

    #[test]
    fn the_house_question_example_is_never_the_answer() {
        let k = ZebraKnobs {
            question: QuestionKind::Cell,
            ..knobs(3, 3)
        };
        let mut house_one = 0;
        for seed in 0..80 {
            let p = puzzle(&k, seed);
            if let Ask::House { a, x } = p.q {
                house_one += usize::from(p.s[a as usize][0] == x);
            }
            let prompt = Zebra::prompt(&p);
            let example = crate::answer::extract_tagged(&prompt, "<answer>", "</answer>").unwrap();
            assert!(
                crate::exploits::grade_text::<Zebra>(&p, example).is_none_or(|g| !g.correct),
                "{example}"
            );
        }
        assert!(house_one > 3, "no puzzle asks for house 1");
    }

    #[test]
    fn partial_credit_is_gated() {
        let p = puzzle(&knobs(5, 4), 8);
        let n = p.houses();
        let m = p.attributes();
        let truth = solution_grid(&p);
        let grade = |grid: &[u8]| Zebra::grade(&p, &ZebraAnswer::Grid(grid.to_vec()));
        // A near miss earns most of the credit.
        let given = p.given_cells();
        let a = (0..m)
            .find(|&a| (0..n).filter(|&h| !given[a * n + h]).count() >= 3)
            .unwrap();
        let free: Vec<usize> = (0..n).filter(|&h| !given[a * n + h]).collect();
        let mut near = truth.clone();
        near.swap(a * n + free[0], a * n + free[1]);
        let credit = grade(&near).credit;
        assert!(
            !grade(&near).correct && credit > 0.5 && credit < 1.0,
            "{credit}"
        );
        // Random permutations earn about 0 on average; the identity too.
        let mut rng = ItemRng::from_u64(3);
        let mut total = 0.0;
        for _ in 0..2000 {
            let mut grid = Vec::new();
            for _ in 0..m {
                let mut row: Vec<u8> = (0..n as u8).collect();
                rng.shuffle(&mut row);
                grid.extend(row);
            }
            total += grade(&grid).credit;
        }
        assert!(
            total / 2000.0 < 0.08,
            "random permutations earn {}",
            total / 2000.0
        );
        // A wrong stated cell zeroes the credit.
        if let Some(cell) = (0..n * m).find(|&c| given[c]) {
            let a = cell / n;
            let other = (a * n..a * n + n).find(|&c| c != cell).unwrap();
            let mut broken = truth.clone();
            broken.swap(cell, other);
            assert_eq!(grade(&broken).credit, 0.0);
        }
    }

    #[test]
    fn metadata_and_search_space() {
        let (log10, exact) = search_space(5, 5);
        assert_eq!(exact, Some(120u128.pow(5)));
        assert!((log10 - (120f64.powi(5)).log10()).abs() < 1e-9);
        assert_eq!(search_space(10, 10).1, None);
        let generated = Zebra::generate(&knobs(5, 5), &mut ItemRng::from_u64(1)).unwrap();
        let metadata = generated.metadata;
        assert_eq!(metadata["search_space"], Value::from("24883200000"));
        assert_eq!(
            metadata["clues"].as_u64().unwrap() as usize,
            generated.puzzle.k.len()
        );
        assert_eq!(
            metadata["solver_propagations"].as_f64(),
            Some(generated.difficulty)
        );
        assert!(metadata["solver_nodes"].as_u64().unwrap() >= 1);
    }

    #[test]
    fn malformed_puzzles_do_not_panic() {
        let mut p = puzzle(&knobs(4, 3), 1);
        p.k.push([200, 0, 0]);
        p.v[0].pop();
        assert!(Zebra::parse_answer(&p, "{}").is_err());
        assert_eq!(count(&p, 2), 0);
    }
}
