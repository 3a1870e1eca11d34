//! The exact optimum (a dynamic programme over exact weight and volume totals that counts
//! optimal selections) and the verifier.

use super::KnapsackPuzzle;

/// Optimal-selection counts saturate here; metadata flags the cap.
pub const SELECTION_CAP: u64 = 1_000_000_000;

/// The totals of a selection: (weight, volume, value), or `None` if it takes an item more
/// often than available or has the wrong length.
pub fn totals(puzzle: &KnapsackPuzzle, selection: &[u32]) -> Option<(u64, u64, u64)> {
    if selection.len() != puzzle.names.len() {
        return None;
    }
    let mut sums = (0u64, 0u64, 0u64);
    for (i, &k) in selection.iter().enumerate() {
        if k > u32::from(*puzzle.copies.get(i)?) {
            return None;
        }
        let k = u64::from(k);
        sums.0 += k * u64::from(*puzzle.weights.get(i)?);
        sums.1 += k * puzzle.volumes.get(i).map_or(0, |&v| u64::from(v));
        sums.2 += k * u64::from(*puzzle.values.get(i)?);
    }
    Some(sums)
}

/// Whether a selection fits both limits.
pub fn fits(puzzle: &KnapsackPuzzle, selection: &[u32]) -> bool {
    totals(puzzle, selection).is_some_and(|(w, vol, _)| {
        w <= u64::from(puzzle.max_weight)
            && puzzle.max_volume.is_none_or(|cap| vol <= u64::from(cap))
    })
}

/// Whether a selection fits and reaches the optimal value.
pub fn is_optimal_selection(puzzle: &KnapsackPuzzle, selection: &[u32]) -> bool {
    fits(puzzle, selection)
        && totals(puzzle, selection).is_some_and(|(_, _, v)| v == u64::from(puzzle.optimal_value))
}

/// What the dynamic programme found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Optimum {
    /// The best total value.
    pub value: u32,
    /// How many selections reach it (saturating).
    pub selections: u64,
    /// One of them.
    pub selection: Vec<u8>,
    /// Cell updates made.
    pub updates: u64,
}

/// The exact optimum. Cells are exact (weight, volume) totals; each keeps the best value of
/// the selections with those totals and how many reach it, so summing the counts of the
/// cells whose best is the overall best counts every optimal selection once.
pub fn optimum(puzzle: &KnapsackPuzzle) -> Option<Optimum> {
    let n = puzzle.names.len();
    let w_cap = puzzle.max_weight as usize;
    let v_cap = puzzle.max_volume.map_or(0, |v| v as usize);
    let width = w_cap + 1;
    let cells = width * (v_cap + 1);
    let volume = |i: usize| puzzle.volumes.get(i).map_or(0, |&v| usize::from(v));
    // Layer i holds the best values after the first i items (-1: no selection has these totals).
    let mut layers: Vec<Vec<i32>> = Vec::with_capacity(n + 1);
    let mut first = vec![-1i32; cells];
    first[0] = 0;
    let mut counts = vec![0u64; cells];
    counts[0] = 1;
    layers.push(first);
    let mut updates = 0u64;
    for i in 0..n {
        let old = &layers[i];
        let mut new = old.clone();
        let mut new_counts = counts.clone();
        let (w, vol, val) = (
            usize::from(puzzle.weights[i]),
            volume(i),
            i32::from(puzzle.values[i]),
        );
        for k in 1..=usize::from(puzzle.copies[i]) {
            let (dw, dv) = (k * w, k * vol);
            if dw > w_cap || dv > v_cap {
                break;
            }
            for v0 in 0..=(v_cap - dv) {
                for w0 in 0..=(w_cap - dw) {
                    let from = v0 * width + w0;
                    if old[from] < 0 {
                        continue;
                    }
                    updates += 1;
                    let to = (v0 + dv) * width + w0 + dw;
                    let candidate = old[from] + k as i32 * val;
                    if candidate > new[to] {
                        new[to] = candidate;
                        new_counts[to] = counts[from];
                    } else if candidate == new[to] {
                        new_counts[to] = new_counts[to].saturating_add(counts[from]);
                    }
                }
            }
        }
        layers.push(new);
        counts = new_counts;
    }
    let last = layers.last()?;
    let best = *last.iter().max()?;
    let selections = last
        .iter()
        .zip(&counts)
        .filter(|(&v, _)| v == best)
        .fold(0u64, |acc, (_, &c)| acc.saturating_add(c));
    // Read one optimal selection back, last item first.
    let mut at = last.iter().position(|&v| v == best)?;
    let mut selection = vec![0u8; n];
    for i in (0..n).rev() {
        let here = layers[i + 1][at];
        let (w, vol, val) = (
            usize::from(puzzle.weights[i]),
            volume(i),
            i32::from(puzzle.values[i]),
        );
        let (aw, av) = (at % width, at / width);
        let k = (0..=usize::from(puzzle.copies[i])).find(|&k| {
            k * w <= aw && k * vol <= av && {
                let from = (av - k * vol) * width + aw - k * w;
                layers[i][from] >= 0 && layers[i][from] + k as i32 * val == here
            }
        })?;
        selection[i] = k as u8;
        at = (av - k * vol) * width + aw - k * w;
    }
    Some(Optimum {
        value: best as u32,
        selections,
        selection,
        updates,
    })
}

/// A sort key on item indices: smaller keys are taken first.
type OrderKey<'a> = Box<dyn Fn(usize) -> (u64, u64) + 'a>;

/// Greedy selections a solver might guess: items in a fixed order, each taken as often as it
/// is available and fits.
pub fn greedy(puzzle: &KnapsackPuzzle) -> Vec<(&'static str, Vec<u32>)> {
    let n = puzzle.names.len();
    let orders: [(&'static str, OrderKey); 3] = [
        (
            "greedy by value per weight",
            // Higher ratio first: compare value_i * weight_j by sorting on (value * L / weight).
            Box::new(|i| {
                let r =
                    u64::from(puzzle.values[i]) * 1_000_000 / u64::from(puzzle.weights[i].max(1));
                (u64::MAX - r, i as u64)
            }),
        ),
        (
            "greedy by value",
            Box::new(|i| (u64::MAX - u64::from(puzzle.values[i]), i as u64)),
        ),
        (
            "greedy by lightest",
            Box::new(|i| (u64::from(puzzle.weights[i]), i as u64)),
        ),
    ];
    orders
        .iter()
        .map(|(name, key)| {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&i| key(i));
            let mut selection = vec![0u32; n];
            for i in order {
                while selection[i] < u32::from(puzzle.copies[i]) {
                    selection[i] += 1;
                    if !fits(puzzle, &selection) {
                        selection[i] -= 1;
                        break;
                    }
                }
            }
            (*name, selection)
        })
        .collect()
}
