//! The formula text of payloads and `structure` metadata: writing and (strict) reading.

use super::format::push_number;
use super::puzzle::members;
use super::statement::{CountKind, Expr};
use super::{MAX_FORMULA_NESTING, MAX_OPERANDS};

//
//   K3 / N3           person 3 is a knight / a knave
//   !e                not e
//   &(e,e,…) |(e,e,…) and / or
//   >(a,b) =(a,b)     if a then b / a iff b
//   E2K[0,1,4]        among persons 0, 1, 4 exactly 2 are knights (L = at least, M = at most;
//                     N = knaves)
//   S[1,2] D[1,2]     persons 1 and 2 are of the same / different kinds

pub(super) fn write_formula(expr: &Expr, out: &mut String) {
    match expr {
        Expr::Is { person, knight } => {
            out.push(if *knight { 'K' } else { 'N' });
            push_number(usize::from(*person), out);
        }
        Expr::Not(inner) => {
            out.push('!');
            write_formula(inner, out);
        }
        Expr::And(items) | Expr::Or(items) => {
            out.push(if matches!(expr, Expr::And(_)) {
                '&'
            } else {
                '|'
            });
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_formula(item, out);
            }
            out.push(')');
        }
        Expr::If(a, b) | Expr::Iff(a, b) => {
            out.push(if matches!(expr, Expr::If(..)) {
                '>'
            } else {
                '='
            });
            out.push('(');
            write_formula(a, out);
            out.push(',');
            write_formula(b, out);
            out.push(')');
        }
        Expr::Count {
            kind,
            k,
            knights,
            group,
        } => {
            out.push(match kind {
                CountKind::Exactly => 'E',
                CountKind::AtLeast => 'L',
                CountKind::AtMost => 'M',
            });
            push_number(usize::from(*k), out);
            out.push(if *knights { 'K' } else { 'N' });
            out.push('[');
            let mut first = true;
            for p in members(*group) {
                if !first {
                    out.push(',');
                }
                first = false;
                push_number(usize::from(p), out);
            }
            out.push(']');
        }
        Expr::Same { a, b, same } => {
            out.push(if *same { 'S' } else { 'D' });
            out.push('[');
            push_number(usize::from(*a), out);
            out.push(',');
            push_number(usize::from(*b), out);
            out.push(']');
        }
    }
}

/// Reads the formula syntax above; persons must be `< people`.
pub(super) struct FormulaReader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    pub(super) people: usize,
}

impl FormulaReader<'_> {
    pub(super) fn parse(text: &str, people: usize) -> Result<Expr, String> {
        let mut reader = FormulaReader {
            bytes: text.as_bytes(),
            pos: 0,
            people,
        };
        let expr = reader.expr(0)?;
        if reader.pos != reader.bytes.len() {
            return Err(format!("trailing text in formula {text:?}"));
        }
        Ok(expr)
    }

    pub(super) fn next(&mut self) -> Result<u8, String> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| "formula ends early".to_string())?;
        self.pos += 1;
        Ok(byte)
    }

    pub(super) fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.next()? == byte {
            Ok(())
        } else {
            Err(format!("expected {:?} in formula", byte as char))
        }
    }

    pub(super) fn number(&mut self) -> Result<u8, String> {
        let mut value = 0u32;
        let mut digits = 0;
        while let Some(&b) = self.bytes.get(self.pos) {
            if !b.is_ascii_digit() || digits == 2 {
                break;
            }
            value = value * 10 + u32::from(b - b'0');
            digits += 1;
            self.pos += 1;
        }
        if digits == 0 {
            return Err("expected a number in formula".into());
        }
        Ok(value as u8)
    }

    pub(super) fn person(&mut self) -> Result<u8, String> {
        let p = self.number()?;
        if usize::from(p) < self.people {
            Ok(p)
        } else {
            Err(format!("person {p} out of range"))
        }
    }

    pub(super) fn expr(&mut self, nesting: u32) -> Result<Expr, String> {
        if nesting > MAX_FORMULA_NESTING {
            return Err("formula nested too deeply".into());
        }
        match self.next()? {
            b @ (b'K' | b'N') => Ok(Expr::Is {
                person: self.person()?,
                knight: b == b'K',
            }),
            b'!' => Ok(Expr::Not(Box::new(self.expr(nesting + 1)?))),
            b @ (b'&' | b'|') => {
                self.expect(b'(')?;
                let mut items = Vec::with_capacity(4);
                items.push(self.expr(nesting + 1)?);
                loop {
                    match self.next()? {
                        b',' => items.push(self.expr(nesting + 1)?),
                        b')' => break,
                        _ => return Err("expected ',' or ')' in formula".into()),
                    }
                    if items.len() > MAX_OPERANDS {
                        return Err(format!("more than {MAX_OPERANDS} operands"));
                    }
                }
                if items.len() < 2 {
                    return Err("a connective needs two operands".into());
                }
                Ok(if b == b'&' {
                    Expr::And(items)
                } else {
                    Expr::Or(items)
                })
            }
            b @ (b'>' | b'=') => {
                self.expect(b'(')?;
                let a = Box::new(self.expr(nesting + 1)?);
                self.expect(b',')?;
                let c = Box::new(self.expr(nesting + 1)?);
                self.expect(b')')?;
                Ok(if b == b'>' {
                    Expr::If(a, c)
                } else {
                    Expr::Iff(a, c)
                })
            }
            b @ (b'E' | b'L' | b'M') => {
                let kind = match b {
                    b'E' => CountKind::Exactly,
                    b'L' => CountKind::AtLeast,
                    _ => CountKind::AtMost,
                };
                let k = self.number()?;
                let knights = match self.next()? {
                    b'K' => true,
                    b'N' => false,
                    _ => return Err("expected K or N in a count".into()),
                };
                self.expect(b'[')?;
                let mut group = 1u32 << self.person()?;
                loop {
                    match self.next()? {
                        b',' => {
                            let bit = 1 << self.person()?;
                            if group & bit != 0 {
                                return Err("a person listed twice in a group".into());
                            }
                            group |= bit;
                        }
                        b']' => break,
                        _ => return Err("expected ',' or ']' in formula".into()),
                    }
                }
                if u32::from(k) > group.count_ones() {
                    return Err("count larger than its group".into());
                }
                Ok(Expr::Count {
                    kind,
                    k,
                    knights,
                    group,
                })
            }
            b @ (b'S' | b'D') => {
                self.expect(b'[')?;
                let a = self.person()?;
                self.expect(b',')?;
                let c = self.person()?;
                self.expect(b']')?;
                if a == c {
                    return Err("a kind comparison needs two people".into());
                }
                Ok(Expr::Same {
                    a,
                    b: c,
                    same: b == b'S',
                })
            }
            other => Err(format!("unexpected {:?} in formula", other as char)),
        }
    }
}
