//! Generation: a hidden assignment, trees of statements hanging from given facts.

use serde_json::{Map, Value};

use super::knobs::WebOfLiesKnobs;
use super::model::{Fact, Statement, WebOfLiesPuzzle};
use crate::rng::ItemRng;
use crate::task::{GenerateError, Generated};

/// The name pool: distinct, short, and none of them a word the answer parser gives meaning.
pub const NAMES: &[&str] = &[
    "Alice", "Bruno", "Carmen", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ingrid", "Jonas",
    "Kira", "Leon", "Maya", "Nadia", "Oscar", "Petra", "Quentin", "Rosa", "Samir", "Tilda",
    "Ulrich", "Vera", "Walter", "Ximena", "Yusuf", "Zora", "Amir", "Bianca", "Cyril", "Delia",
    "Emil", "Fiona", "Gustav", "Hana", "Igor", "Julia", "Karl", "Lena", "Marco", "Nora", "Otto",
    "Paula", "Rafael", "Sofia", "Tomas", "Uma", "Viktor", "Wanda",
];

/// Generates one puzzle.
pub fn generate(
    knobs: &WebOfLiesKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<WebOfLiesPuzzle>, GenerateError> {
    let n = usize::from(knobs.people);
    let roots = usize::from(knobs.facts);
    let names: Vec<String> = rng
        .sample_indices(NAMES.len(), n)
        .into_iter()
        .map(|i| NAMES[i].to_string())
        .collect();
    // Everybody truthful or everybody lying is excluded, so that a constant answer never
    // scores; the excluded set is closed under complement, so each person still tells the
    // truth exactly half the time.
    let truth: Vec<bool> = loop {
        let draw: Vec<bool> = (0..n).map(|_| rng.chance(0.5)).collect();
        if draw.iter().any(|&v| v) && draw.iter().any(|&v| !v) {
            break draw;
        }
    };
    // People join the forest in random order: the first `roots` are given as facts, each
    // later one hangs from an earlier person with room for another child.
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut children = vec![0u8; n];
    let mut depth = vec![0usize; n];
    let mut facts: Vec<Fact> = order[..roots]
        .iter()
        .map(|&p| Fact {
            person: p as u8,
            truthful: truth[p],
        })
        .collect();
    let mut statements = Vec::with_capacity(n - roots);
    let mut backward = 0;
    for k in roots..n {
        let person = order[k];
        let open: Vec<usize> = order[..k]
            .iter()
            .copied()
            .filter(|&p| children[p] < knobs.branching)
            .collect();
        let parent = *rng.choose(&open);
        children[parent] += 1;
        depth[person] = depth[parent] + 1;
        // Either the newcomer speaks about the known person, or the other way round (then
        // the reader must reason from the speaker to the one spoken of).
        let (speaker, about) = if rng.chance(0.5) {
            (person, parent)
        } else {
            backward += 1;
            (parent, person)
        };
        statements.push(Statement {
            speaker: speaker as u8,
            about: about as u8,
            says_truthful: truth[speaker] == truth[about],
        });
    }
    rng.shuffle(&mut statements);
    rng.shuffle(&mut facts);
    let puzzle = WebOfLiesPuzzle::new(names, facts, statements).map_err(GenerateError)?;
    let hidden = truth
        .iter()
        .enumerate()
        .fold(0u32, |m, (i, &t)| m | u32::from(t) << i);
    if puzzle.solution != hidden {
        return Err(GenerateError(
            "internal: propagation disagrees with the hidden assignment".into(),
        ));
    }
    let steps: usize = depth.iter().sum();
    let assignment: String = truth.iter().map(|&t| if t { 'T' } else { 'L' }).collect();
    let mut metadata = Map::new();
    metadata.insert("solutions".into(), Value::from(1));
    metadata.insert("assignment".into(), Value::from(assignment));
    metadata.insert(
        "truthful".into(),
        Value::from(truth.iter().filter(|&&t| t).count()),
    );
    metadata.insert(
        "max_depth".into(),
        Value::from(depth.iter().copied().max().unwrap_or(0)),
    );
    metadata.insert("backward_statements".into(), Value::from(backward));
    Ok(Generated {
        difficulty: steps as f64,
        puzzle,
        metadata,
    })
}
