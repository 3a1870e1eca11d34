//! Exact arithmetic: the four operators and checked rationals over `i128`.

use serde::{Deserialize, Serialize};

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Operator {
    /// Addition, `+`.
    #[serde(rename = "+", alias = "add")]
    Add,
    /// Subtraction, `-`.
    #[serde(rename = "-", alias = "sub")]
    Sub,
    /// Multiplication, `*`.
    #[serde(rename = "*", alias = "mul")]
    Mul,
    /// Division, `/`.
    #[serde(rename = "/", alias = "div")]
    Div,
}

impl Operator {
    pub(super) const ALL: [Operator; 4] =
        [Operator::Add, Operator::Sub, Operator::Mul, Operator::Div];

    pub(super) fn symbol(self) -> char {
        match self {
            Operator::Add => '+',
            Operator::Sub => '-',
            Operator::Mul => '*',
            Operator::Div => '/',
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Operator::Add => "+ (addition)",
            Operator::Sub => "- (subtraction)",
            Operator::Mul => "* (multiplication)",
            Operator::Div => "/ (division)",
        }
    }

    pub(super) fn from_symbol(ch: char) -> Option<Self> {
        match ch {
            '+' => Some(Operator::Add),
            '-' | '\u{2212}' => Some(Operator::Sub),
            '*' | '\u{00D7}' => Some(Operator::Mul),
            '/' | '\u{00F7}' => Some(Operator::Div),
            _ => None,
        }
    }

    pub(super) fn precedence(self) -> u8 {
        match self {
            Operator::Add | Operator::Sub => 1,
            Operator::Mul | Operator::Div => 2,
        }
    }

    pub(super) fn bit(self) -> u8 {
        1 << (self as u8)
    }

    pub(super) fn apply(self, a: Ratio, b: Ratio) -> Option<Ratio> {
        match self {
            Operator::Add => a.add(b),
            Operator::Sub => a.sub(b),
            Operator::Mul => a.mul(b),
            Operator::Div => a.div(b),
        }
    }
}

/// A reduced fraction with a positive denominator; every operation is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Ratio {
    pub(super) num: i128,
    pub(super) den: i128,
}

pub(super) fn gcd(a: i128, b: i128) -> Option<i128> {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        // The usual case: 64-bit shifts and subtractions are several times cheaper.
        return Some(i128::from(gcd_u64(x, y)));
    }
    // A value beyond 64 bits (rare): Euclid's algorithm.
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a).ok()
}

/// Binary GCD of two `u64` values (`gcd(0, b) = b`).
pub(super) fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// `a / b` for a divisor `b >= 1`, in 64 bits when both fit (several times cheaper than
/// a 128-bit division).
pub(super) fn quot(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) if b > 0 => i128::from(a / b),
        _ => a / b,
    }
}

impl Ratio {
    pub(super) const ZERO: Ratio = Ratio { num: 0, den: 1 };

    pub(super) fn int(value: i128) -> Self {
        Self { num: value, den: 1 }
    }

    pub(super) fn is_positive_integer(self) -> bool {
        self.den == 1 && self.num > 0
    }

    /// `num / den` reduced, or `None` on a zero denominator or overflow.
    pub(super) fn new(mut num: i128, mut den: i128) -> Option<Self> {
        if den == 0 {
            return None;
        }
        if den < 0 {
            num = num.checked_neg()?;
            den = den.checked_neg()?;
        }
        let g = gcd(num, den)?;
        Some(Self {
            num: quot(num, g),
            den: quot(den, g),
        })
    }

    pub(super) fn add(self, other: Self) -> Option<Self> {
        if self.den == 1 && other.den == 1 {
            return Some(Self::int(self.num.checked_add(other.num)?));
        }
        let g = gcd(self.den, other.den)?;
        let (a, b) = (quot(self.den, g), quot(other.den, g));
        let num = self
            .num
            .checked_mul(b)?
            .checked_add(other.num.checked_mul(a)?)?;
        Self::new(num, self.den.checked_mul(b)?)
    }

    pub(super) fn sub(self, other: Self) -> Option<Self> {
        self.add(Self {
            num: other.num.checked_neg()?,
            den: other.den,
        })
    }

    pub(super) fn mul(self, other: Self) -> Option<Self> {
        if self.den == 1 && other.den == 1 {
            return Some(Self::int(self.num.checked_mul(other.num)?));
        }
        let g1 = gcd(self.num, other.den)?;
        let g2 = gcd(other.num, self.den)?;
        Some(Self {
            num: quot(self.num, g1).checked_mul(quot(other.num, g2))?,
            den: quot(self.den, g2).checked_mul(quot(other.den, g1))?,
        })
    }

    pub(super) fn div(self, other: Self) -> Option<Self> {
        if other.num == 0 {
            return None;
        }
        if self.den == 1 && other.den == 1 {
            if self.num.checked_rem(other.num)? == 0 {
                return Some(Self::int(self.num.checked_div(other.num)?));
            }
            return Self::new(self.num, other.num);
        }
        let inverse = if other.num < 0 {
            Self {
                num: other.den.checked_neg()?,
                den: other.num.checked_neg()?,
            }
        } else {
            Self {
                num: other.den,
                den: other.num,
            }
        };
        self.mul(inverse)
    }
}

impl Default for Ratio {
    fn default() -> Self {
        Ratio::ZERO
    }
}
