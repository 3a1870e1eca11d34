//! A statement's logical form ([`Expr`]), its postfix form ([`Tok`]) and its compiled program ([`Op`]).

use super::STACK;

/// The three counting quantifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CountKind {
    Exactly,
    AtLeast,
    AtMost,
}

/// A statement's logical form. Persons are indices in introduction order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Expr {
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
pub(super) enum Op {
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

pub(super) fn compile(expr: &Expr, out: &mut Vec<Op>) {
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
pub(super) fn range_op(kind: CountKind, k: u8, knights: bool, group: u32) -> Op {
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
pub(super) enum Tok {
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
pub(super) fn compile_toks(toks: &[Tok], out: &mut Vec<Op>) {
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
pub(super) fn tree(toks: &[Tok]) -> Expr {
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
pub(super) fn stack_need(ops: &[Op]) -> Option<usize> {
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
