//! Ignored report tests that print figures (run with `--ignored --nocapture`).

use super::format::parse_roles;
use super::puzzle::full_mask;
use super::tests::knobs;
use super::{KnightsKnaves, MAX_PEOPLE};
use crate::kit::timing::cpu_seconds_per_item;
use crate::rng::ItemRng;
use crate::task::Task;

use super::knobs::KnightsKnavesKnobs;
use super::solve::Backtrack;
use super::statement::Expr;

/// Nanoseconds of thread CPU time per item.
fn per_item(rounds: u64, items: u64, f: impl FnMut()) -> f64 {
    cpu_seconds_per_item(rounds, items, f) * 1e9
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

/// The formula nesting the payload reader counts: one level per connective or negation.
fn nesting(expr: &Expr) -> u32 {
    match expr {
        Expr::Is { .. } | Expr::Count { .. } | Expr::Same { .. } => 0,
        Expr::Not(inner) => 1 + nesting(inner),
        Expr::And(items) | Expr::Or(items) => 1 + items.iter().map(nesting).max().unwrap_or(0),
        Expr::If(a, b) | Expr::Iff(a, b) => 1 + nesting(a).max(nesting(b)),
    }
}

/// Prints the largest payload sizes generated at the largest knobs, which the payload bounds
/// must cover with a margin (run with `--ignored --nocapture`).
#[test]
#[ignore = "statistics report"]
fn payload_sizes_at_the_largest_knobs() {
    for (people, items) in [(8, 4000), (12, 3000), (20, 300)] {
        let k = knobs(people, 4, 6);
        let (mut bytes, mut ops, mut depth) = (0, 0, 0);
        for index in 0..items {
            let mut rng = ItemRng::for_item("knights_knaves", 9, index);
            let puzzle = KnightsKnaves::generate(&k, &mut rng).unwrap().puzzle;
            for (i, text) in puzzle.says().iter().enumerate() {
                bytes = bytes.max(text.len());
                ops = ops.max(puzzle.program(i).len());
                depth = depth.max(nesting(&puzzle.statements[i]));
            }
        }
        println!(
            "{people} people, depth 4, width 6: formula bytes <= {bytes}, operations <= {ops}, \
             nesting <= {depth}"
        );
    }
}
