//! Agreement of the kit's constraint model ([`synlogic_core::kit::csp`]) with the tuned
//! solvers of sudoku and zebra: on generated items and on perturbed copies (givens or clues
//! removed, so counts reach 2; givens or clues changed, so counts may fall to 0), the kit's
//! solution count up to 2 must equal the task's own.
//!
//! Only the crate's public API is used (generator, registry, payload JSON), so the test does
//! not depend on how the task files are laid out.
//!
//! Item counts scale with `SYNLOGIC_KIT_AGREEMENT_SCALE` (a positive number, default 1: 2,920
//! sudoku and 3,190 zebra items, each checked with three perturbations; about 25 s in the
//! debug profile).

use serde_json::{json, Value};
use synlogic_core::kit::csp::{Domain, Model, Var};
use synlogic_core::registry::find_task;
use synlogic_core::{Generator, ItemRng};

/// The factor on every item count, from `SYNLOGIC_KIT_AGREEMENT_SCALE` (default 1).
fn scale() -> f64 {
    std::env::var("SYNLOGIC_KIT_AGREEMENT_SCALE")
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0)
}

fn scaled(items: u64) -> u64 {
    ((items as f64 * scale()).round() as u64).max(1)
}

/// The `puzzle` object of an item's verification payload.
fn payload_puzzle(verification: &str) -> Value {
    let payload: Value = serde_json::from_str(verification).expect("payload is JSON");
    payload["puzzle"].clone()
}

/// Tallies of the counts seen, so the test can show that every outcome was exercised.
#[derive(Default, Debug)]
struct Tally {
    zero: u64,
    one: u64,
    many: u64,
    kit_nodes: u64,
}

impl Tally {
    fn add(&mut self, count: u64) {
        match count {
            0 => self.zero += 1,
            1 => self.one += 1,
            _ => self.many += 1,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sudoku
// ---------------------------------------------------------------------------------------------

/// Box height and width of a sudoku of side `n`.
fn box_shape(n: usize) -> (usize, usize) {
    match n {
        4 => (2, 2),
        6 => (2, 3),
        _ => (3, 3),
    }
}

/// The rows, columns and boxes of a sudoku of side `n`, as cell index lists.
fn sudoku_units(n: usize) -> Vec<Vec<usize>> {
    let (bh, bw) = box_shape(n);
    let mut units = Vec::new();
    for i in 0..n {
        units.push((0..n).map(|j| i * n + j).collect());
        units.push((0..n).map(|j| j * n + i).collect());
        let (top, left) = ((i / (n / bw)) * bh, (i % (n / bw)) * bw);
        units.push((0..n).map(|k| (top + k / bw) * n + left + k % bw).collect());
    }
    units
}

/// The kit's model of a sudoku: one variable per cell over `1..=n`, all-different per unit,
/// the givens (`0` = blank) fixed.
fn sudoku_model(n: usize, givens: &[u8]) -> (Model, Vec<Var>) {
    let mut model = Model::new();
    let cells = model.new_vars(n * n, Domain::range(1, n as u8));
    for unit in sudoku_units(n) {
        let vars: Vec<Var> = unit.iter().map(|&c| cells[c]).collect();
        model.all_different(&vars).expect("cells are the model's");
    }
    for (&cell, &given) in cells.iter().zip(givens) {
        if given != 0 {
            model.fix(cell, given);
        }
    }
    (model, cells)
}

fn grid_text(grid: &[u8]) -> String {
    grid.iter()
        .map(|&d| if d == 0 { '.' } else { char::from(b'0' + d) })
        .collect()
}

fn parse_grid(text: &str) -> Vec<u8> {
    text.bytes()
        .map(|b| if b == b'.' { 0 } else { b - b'0' })
        .collect()
}

/// The sudoku task's own count (up to 2) of `givens`, whose solution `solution` the payload
/// loader checks.
fn task_sudoku_count(n: usize, givens: &[u8], solution: &[u8]) -> u64 {
    let spec = json!({"n": n, "g": grid_text(givens), "s": grid_text(solution)}).to_string();
    let task = find_task("sudoku").expect("sudoku is registered");
    let puzzle = task.load_puzzle(&spec).expect("the spec loads");
    puzzle.count_solutions(2).expect("sudoku counts")
}

/// A plain backtracking count (up to `limit`), used where the task's loader cannot take the
/// puzzle: a changed given leaving no solution has no solution to store with it.
fn reference_sudoku_count(n: usize, grid: &mut [u8], limit: u64) -> u64 {
    let units = sudoku_units(n);
    for unit in &units {
        let mut seen = 0u32;
        for &c in unit {
            if grid[c] != 0 {
                if seen & (1 << grid[c]) != 0 {
                    return 0;
                }
                seen |= 1 << grid[c];
            }
        }
    }
    let mut peers = vec![Vec::new(); n * n];
    for unit in &units {
        for &c in unit {
            peers[c].extend(unit.iter().copied().filter(|&p| p != c));
        }
    }
    reference_search(grid, &peers, n, limit)
}

/// The reference count's search: the empty cell with the fewest options first.
fn reference_search(grid: &mut [u8], peers: &[Vec<usize>], n: usize, limit: u64) -> u64 {
    let mut best: Option<(usize, Vec<u8>)> = None;
    for c in 0..grid.len() {
        if grid[c] != 0 {
            continue;
        }
        let options: Vec<u8> = (1..=n as u8)
            .filter(|&d| peers[c].iter().all(|&p| grid[p] != d))
            .collect();
        if best.as_ref().is_none_or(|(_, o)| options.len() < o.len()) {
            best = Some((c, options));
        }
    }
    let Some((cell, options)) = best else {
        return 1;
    };
    let mut total = 0;
    for d in options {
        grid[cell] = d;
        total += reference_search(grid, peers, n, limit - total);
        grid[cell] = 0;
        if total >= limit {
            break;
        }
    }
    total
}

/// Checks one sudoku grid: the kit's count against the task's (or, with no solution to load
/// it with, the reference count).
fn check_sudoku(n: usize, givens: &[u8], label: &str, tally: &mut Tally) -> u64 {
    let (model, _) = sudoku_model(n, givens);
    let outcome = model.count_solutions(2).expect("the model is well formed");
    assert!(!outcome.exhausted, "{label}: the kit ran out of budget");
    tally.kit_nodes += outcome.effort.nodes;
    let kit = outcome.solutions;
    let other = match &outcome.first {
        Some(solution) => task_sudoku_count(n, givens, solution.values()),
        None => reference_sudoku_count(n, &mut givens.to_vec(), 2),
    };
    assert_eq!(
        kit,
        other,
        "{label}: kit {kit}, other {other}, givens {}",
        grid_text(givens)
    );
    tally.add(kit);
    kit
}

#[test]
fn sudoku_counts_agree_with_the_task() {
    let plan: [(i64, u64); 8] = [
        (1, 1200),
        (2, 800),
        (3, 500),
        (4, 120),
        (5, 120),
        (6, 120),
        (8, 30),
        (10, 30),
    ];
    let mut original = Tally::default();
    let mut perturbed = Tally::default();
    let mut items = 0;
    for (level, count) in plan {
        let generator = Generator::new("sudoku", Some(level), &Value::Null).expect("level");
        for index in 0..scaled(count) {
            let item = generator.item(7, index).expect("item");
            let puzzle = payload_puzzle(&item.verification);
            let n = puzzle["n"].as_u64().expect("n") as usize;
            let givens = parse_grid(puzzle["g"].as_str().expect("g"));
            let label = format!("sudoku level {level} item {index}");
            assert_eq!(
                check_sudoku(n, &givens, &label, &mut original),
                1,
                "{label}"
            );
            items += 1;

            let mut rng = ItemRng::for_item("kit_agreement", level as u64, index);
            let given_cells: Vec<usize> = (0..givens.len()).filter(|&c| givens[c] != 0).collect();
            // Givens removed: the count may reach 2.
            let mut fewer = givens.clone();
            let removals = 1 + rng.index(3);
            for pick in rng.sample_indices(given_cells.len(), removals.min(given_cells.len())) {
                fewer[given_cells[pick]] = 0;
            }
            check_sudoku(n, &fewer, &format!("{label} minus givens"), &mut perturbed);
            // A given changed: the count may fall to 0.
            let mut changed = givens.clone();
            let cell = *rng.choose(&given_cells);
            changed[cell] = 1 + ((changed[cell] + rng.index(n - 1) as u8) % n as u8);
            check_sudoku(n, &changed, &format!("{label} changed"), &mut perturbed);
            // Both: changed, with two more givens gone.
            for pick in rng.sample_indices(given_cells.len(), 2) {
                if given_cells[pick] != cell {
                    changed[given_cells[pick]] = 0;
                }
            }
            check_sudoku(
                n,
                &changed,
                &format!("{label} changed, fewer"),
                &mut perturbed,
            );
        }
    }
    println!("sudoku: {items} items; originals {original:?}; perturbed {perturbed:?}");
    assert!(
        perturbed.zero > 0 && perturbed.one > 0 && perturbed.many > 0,
        "the perturbations must reach counts 0, 1 and 2: {perturbed:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Zebra
// ---------------------------------------------------------------------------------------------

/// Zebra clue codes, in the payload's order of clue types.
const FOUND_AT: u8 = 0;
const NOT_AT: u8 = 1;
const SAME_HOUSE: u8 = 2;
const NOT_SAME_HOUSE: u8 = 3;
const LEFT_OF: u8 = 4;
const RIGHT_OF: u8 = 5;
const DIRECTLY_LEFT: u8 = 6;
const NEXT_TO: u8 = 7;
const ONE_BETWEEN: u8 = 8;
const TWO_BETWEEN: u8 = 9;

/// The kit's model of a zebra puzzle: one variable per entity (`attribute × n + slot`) holding
/// its house, all-different per attribute, one constraint per clue.
fn zebra_model(n: usize, attributes: usize, clues: &[[u8; 3]]) -> Model {
    zebra_model_and_houses(n, attributes, clues).0
}

/// The zebra model and its variables: the house of each entity, attribute by attribute.
fn zebra_model_and_houses(n: usize, attributes: usize, clues: &[[u8; 3]]) -> (Model, Vec<Var>) {
    let mut model = Model::new();
    let house = model.new_vars(n * attributes, Domain::range(0, n as u8 - 1));
    for a in 0..attributes {
        model
            .all_different(&house[a * n..(a + 1) * n])
            .expect("own vars");
    }
    for &[kind, p, q] in clues {
        let x = house[usize::from(p)];
        if kind == FOUND_AT || kind == NOT_AT {
            let here = Domain::single(q);
            model.restrict(
                x,
                if kind == FOUND_AT {
                    here
                } else {
                    here.complement()
                },
            );
            continue;
        }
        let y = house[usize::from(q)];
        let gap = |d: i32| move |a: u8, b: u8| (i32::from(a) - i32::from(b)).abs() == d;
        let posted = match kind {
            SAME_HOUSE => model.equal(x, y),
            NOT_SAME_HOUSE => model.not_equal(x, y),
            LEFT_OF => model.less_than(x, y),
            RIGHT_OF => model.less_than(y, x),
            DIRECTLY_LEFT => model.relation(x, y, |a, b| a + 1 == b),
            NEXT_TO => model.relation(x, y, gap(1)),
            ONE_BETWEEN => model.relation(x, y, gap(2)),
            TWO_BETWEEN => model.relation(x, y, gap(3)),
            other => panic!("unknown clue code {other}"),
        };
        posted.expect("own vars");
    }
    (model, house)
}

fn clues_of(puzzle: &Value) -> Vec<[u8; 3]> {
    serde_json::from_value(puzzle["k"].clone()).expect("clues are [type, p, q] triples")
}

/// The kit's count of solutions of `clues` that equal the payload's stored solution
/// (`s[attribute][house]` is the value slot in that house): 1 if it meets every clue, else 0.
fn stored_solution_count(puzzle: &Value, n: usize, attributes: usize, clues: &[[u8; 3]]) -> u64 {
    let rows: Vec<Vec<u8>> = serde_json::from_value(puzzle["s"].clone()).expect("s rows");
    let (mut model, house) = zebra_model_and_houses(n, attributes, clues);
    for (a, row) in rows.iter().enumerate() {
        for (h, &slot) in row.iter().enumerate() {
            model.fix(house[a * n + usize::from(slot)], h as u8);
        }
    }
    model.count_solutions(2).expect("well formed").solutions
}

/// Checks one clue set: the kit's count against the zebra task's.
fn check_zebra(puzzle: &Value, clues: &[[u8; 3]], label: &str, tally: &mut Tally) -> u64 {
    let n = puzzle["n"].as_u64().expect("n") as usize;
    let attributes = puzzle["c"].as_array().expect("c").len();
    let outcome = zebra_model(n, attributes, clues)
        .count_solutions(2)
        .expect("the model is well formed");
    assert!(!outcome.exhausted, "{label}: the kit ran out of budget");
    tally.kit_nodes += outcome.effort.nodes;
    let mut spec = puzzle.clone();
    spec["k"] = json!(clues);
    let task = find_task("zebra").expect("zebra is registered");
    let loaded = match task.load_puzzle(&spec.to_string()) {
        Ok(loaded) => loaded,
        Err(refusal) => {
            // The loader refuses a clue the stored solution breaks; the kit must agree that
            // the stored solution is then no solution at all.
            assert!(
                refusal.contains("false for the stored solution"),
                "{label}: {refusal}"
            );
            assert_eq!(
                stored_solution_count(puzzle, n, attributes, clues),
                0,
                "{label}: the task refused clues the stored solution meets: {clues:?}"
            );
            tally.add(outcome.solutions);
            return outcome.solutions;
        }
    };
    let theirs = loaded.count_solutions(2).expect("zebra counts");
    let kit = outcome.solutions;
    assert_eq!(
        kit, theirs,
        "{label}: kit {kit}, task {theirs}, clues {clues:?}"
    );
    tally.add(kit);
    kit
}

#[test]
fn zebra_counts_agree_with_the_task() {
    let plan: [(i64, u64); 10] = [
        (1, 500),
        (2, 500),
        (3, 500),
        (4, 500),
        (5, 400),
        (6, 300),
        (7, 200),
        (8, 150),
        (9, 80),
        (10, 60),
    ];
    let mut original = Tally::default();
    let mut perturbed = Tally::default();
    let mut items = 0;
    for (level, count) in plan {
        let generator = Generator::new("zebra", Some(level), &Value::Null).expect("level");
        for index in 0..scaled(count) {
            let item = generator.item(11, index).expect("item");
            let puzzle = payload_puzzle(&item.verification);
            let clues = clues_of(&puzzle);
            let n = puzzle["n"].as_u64().expect("n") as u8;
            let entities = n as usize * puzzle["c"].as_array().expect("c").len();
            let label = format!("zebra level {level} item {index}");
            assert_eq!(
                check_zebra(&puzzle, &clues, &label, &mut original),
                1,
                "{label}"
            );
            items += 1;

            let mut rng = ItemRng::for_item("kit_agreement_zebra", level as u64, index);
            // Clues removed: the count may reach 2.
            let mut fewer = clues.clone();
            for _ in 0..(1 + rng.index(2)).min(fewer.len()) {
                fewer.remove(rng.index(fewer.len()));
            }
            check_zebra(
                &puzzle,
                &fewer,
                &format!("{label} minus clues"),
                &mut perturbed,
            );
            // A clue changed (its relation, or the house it names): the count may fall to 0.
            let mut changed = clues.clone();
            let at = rng.index(changed.len());
            let [kind, p, q] = changed[at];
            changed[at] = if kind == FOUND_AT || kind == NOT_AT {
                [kind, p, (q + 1 + rng.index(n as usize - 1) as u8) % n]
            } else {
                [SAME_HOUSE + rng.index(8) as u8, p, q]
            };
            check_zebra(
                &puzzle,
                &changed,
                &format!("{label} changed"),
                &mut perturbed,
            );
            // A random clue added: any count. A clue relating an entity to itself ("X lives
            // directly left of X") is left out: no generator writes one, and the zebra task's
            // solver, which this test found to count such a clue as satisfiable, is not ours
            // to change here.
            let mut extra = clues.clone();
            let kind = rng.index(10) as u8;
            let p = rng.index(entities) as u8;
            let q = if kind == FOUND_AT || kind == NOT_AT {
                rng.index(n as usize) as u8
            } else {
                (p as usize + 1 + rng.index(entities - 1)) as u8 % entities as u8
            };
            extra.push([kind, p, q]);
            check_zebra(
                &puzzle,
                &extra,
                &format!("{label} extra clue"),
                &mut perturbed,
            );
        }
    }
    println!("zebra: {items} items; originals {original:?}; perturbed {perturbed:?}");
    assert!(
        perturbed.zero > 0 && perturbed.one > 0 && perturbed.many > 0,
        "the perturbations must reach counts 0, 1 and 2: {perturbed:?}"
    );
}
