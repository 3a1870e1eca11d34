//! Generation: sampling statements true to a hidden assignment until it is the only one left.

use super::eval::{eval_lanes, eval_scalar, lane_atom};
use super::knobs::{KnightsKnavesKnobs, StatementType, TypeSet};
use super::puzzle::{full_mask, nth_member, KnightsKnavesPuzzle};
use super::solve::Backtrack;
use super::statement::{compile_toks, range_op, CountKind, Op, Tok};
use super::words::NAMES;
use super::{ATTEMPTS, FRESH_ATTEMPTS, MAX_PEOPLE, TRUTH_TRIES};
use crate::rng::ItemRng;
use crate::task::GenerateError;
use crate::task::Generated;
use serde_json::Map;
use serde_json::Value;

/// Compound node kinds the sampler can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Node {
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

pub(super) const NODE_WEIGHTS: [(Node, StatementType, f64); 9] = [
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
pub(super) fn sample_indices_into<const N: usize>(
    rng: &mut ItemRng,
    n: usize,
    picks: &mut [usize],
) {
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
pub(super) struct Sampler {
    pub(super) people: usize,
    pub(super) depth: u8,
    pub(super) width: u8,
    pub(super) types: TypeSet,
    pub(super) speaker: u8,
    pub(super) used: u32,
    pub(super) mentions: i32,
    /// The assignment statements are evaluated under.
    pub(super) truth: u32,
    /// The values of the open operands under `truth` (top = bit 0).
    pub(super) stack: u64,
    /// The people of plain claims so far, and whether one came twice.
    pub(super) claimed: u32,
    pub(super) repeated: bool,
    /// The statement's program, compiled as it is written.
    pub(super) ops: Vec<Op>,
}

impl Sampler {
    /// A sampler for puzzles of `people` under `knobs`; statements evaluated under `truth`.
    pub(super) fn new(knobs: &KnightsKnavesKnobs, people: usize, truth: u32) -> Self {
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
    pub(super) fn statement(&mut self, rng: &mut ItemRng, speaker: usize, out: &mut Vec<Tok>) {
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
    pub(super) fn value(&self) -> bool {
        self.stack & 1 == 1
    }

    pub(super) fn emit_claim(&mut self, out: &mut Vec<Tok>, person: u8, knight: bool) {
        out.push(Tok::Is { person, knight });
        self.ops.push(Op::Lit { person, knight });
        self.repeated |= self.claimed >> person & 1 == 1;
        self.claimed |= 1 << person;
        let holds = (self.truth >> person) & 1 == u32::from(knight);
        self.stack = (self.stack << 1) | u64::from(holds);
    }

    pub(super) fn emit_not(&mut self, out: &mut Vec<Tok>) {
        out.push(Tok::Not);
        self.ops.push(Op::Not);
        self.stack ^= 1;
    }

    /// A connective over the top `k` (and / or) or 2 (if / iff) operands.
    pub(super) fn emit_connective(&mut self, out: &mut Vec<Tok>, tok: Tok) {
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

    pub(super) fn emit_atom(&mut self, out: &mut Vec<Tok>, tok: Tok) {
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

    pub(super) fn self_ref(&self) -> bool {
        self.types.has(StatementType::SelfReference)
    }

    pub(super) fn others(&self) -> u32 {
        full_mask(self.people) & !(1 << self.speaker)
    }

    /// How many people a plain claim can still name without repeating one.
    pub(super) fn fresh(&self) -> usize {
        let speaker_free = self.self_ref() && self.used >> self.speaker & 1 == 0;
        (self.others() & !self.used).count_ones() as usize + usize::from(speaker_free)
    }

    pub(super) fn node(
        &mut self,
        rng: &mut ItemRng,
        depth: u8,
        parent: Option<Node>,
        out: &mut Vec<Tok>,
    ) {
        let leaf_chance = if parent.is_none() { 0.1 } else { 0.5 };
        if depth == 0 || self.mentions < 2 || rng.chance(leaf_chance) {
            return self.literal(rng, out);
        }
        match self.pick_node(rng, depth, parent) {
            Some(kind) => self.compound(rng, kind, depth, out),
            None => self.literal(rng, out),
        }
    }

    pub(super) fn pick_node(
        &self,
        rng: &mut ItemRng,
        depth: u8,
        parent: Option<Node>,
    ) -> Option<Node> {
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
    pub(super) fn pick_person(&mut self, rng: &mut ItemRng) -> u8 {
        let speaker_bit = 1u32 << self.speaker;
        let speaker_free = self.self_ref() && self.used & speaker_bit == 0;
        let others_fresh = self.others() & !self.used != 0;
        if speaker_free && (!others_fresh || rng.chance(0.25)) {
            return self.speaker;
        }
        self.pick_other(rng, 0)
    }

    /// Someone other than the speaker and outside `exclude`, preferably not yet named.
    pub(super) fn pick_other(&mut self, rng: &mut ItemRng, exclude: u32) -> u8 {
        let others = self.others() & !exclude;
        let fresh = others & !self.used;
        let pool = if fresh != 0 { fresh } else { others };
        if pool == 0 {
            return self.speaker;
        }
        nth_member(pool, rng.index(pool.count_ones() as usize))
    }

    pub(super) fn literal(&mut self, rng: &mut ItemRng, out: &mut Vec<Tok>) {
        let person = self.pick_person(rng);
        self.used |= 1 << person;
        self.mentions -= 1;
        let knight = rng.chance(0.5);
        self.emit_claim(out, person, knight);
        if self.types.has(StatementType::Not) && rng.chance(0.2) {
            self.emit_not(out);
        }
    }

    pub(super) fn compound(
        &mut self,
        rng: &mut ItemRng,
        kind: Node,
        depth: u8,
        out: &mut Vec<Tok>,
    ) {
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

    pub(super) fn count(&mut self, rng: &mut ItemRng, kind: Node) -> Tok {
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
pub(super) fn full_space(people: usize) -> Vec<u64> {
    let words = if people <= 6 { 1 } else { 1 << (people - 6) };
    let mut full = vec![u64::MAX; words];
    if people < 6 {
        full[0] = (1u64 << (1u32 << people)) - 1;
    }
    full
}

/// The people a program names.
pub(super) fn named(ops: &[Op]) -> u32 {
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
pub(super) fn constrain(ops: &[Op], speaker: usize, within: &[u64], out: &mut [u64]) -> u64 {
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

pub(super) fn popcount(set: &[u64]) -> u64 {
    set.iter().map(|w| u64::from(w.count_ones())).sum()
}

/// Samples into `toks` a statement for `speaker` that is true exactly when the speaker is a
/// knight under `truth`, and leaves it compiled in `ops`; `false` if none was found.
pub(super) fn sample_matching(
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
pub(super) fn build(
    knobs: &KnightsKnavesKnobs,
    truth: u32,
    rng: &mut ItemRng,
) -> Option<Vec<Vec<Tok>>> {
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

/// Generates one puzzle under checked `knobs` (the body of [`Task::generate`]).
pub(super) fn generate(
    knobs: &KnightsKnavesKnobs,
    rng: &mut ItemRng,
) -> Result<Generated<KnightsKnavesPuzzle>, GenerateError> {
    let n = usize::from(knobs.people);
    let mut picks = [0usize; MAX_PEOPLE];
    sample_indices_into::<256>(rng, NAMES.len(), &mut picks[..n]);
    let names: Vec<String> = picks[..n].iter().map(|&i| NAMES[i].to_string()).collect();
    // The hidden assignment is uniform over all `2^n`, and a failed attempt retries the same
    // one: redrawing after a failure would favour the assignments that are easiest to pin
    // down (with redraws, everybody shared one role 58 times as often as chance at 16
    // people). Only the last few attempts draw afresh, for an assignment that resists.
    let mut truth = rng.next_u64() as u32 & full_mask(n);
    for attempt in 1..=ATTEMPTS {
        if attempt > ATTEMPTS - FRESH_ATTEMPTS {
            truth = rng.next_u64() as u32 & full_mask(n);
        }
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
        let mut metadata = Map::with_capacity(7);
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
