//! Word tables: the first-name pool, the answer parser's fillers and negations, number words.

/// The first-name pool (ASCII letters only, distinct, none equal to a parser keyword).
#[rustfmt::skip]
pub(super) const NAMES: &[&str] = &[
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
pub(super) const FILLERS: &[&str] = &[
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
pub(super) const NEGATIONS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "none", "nobody", "non", "isn't", "aren't", "isnt",
    "arent", "cannot", "can't",
];

pub(super) const NUMBER_WORDS: [&str; 21] = [
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
