//! The trace-line reader: an answer that lists one state per step labels each line with its
//! step number, and every task reads that label the same way.
//!
//! A label is an optional word `step` (any case), the step number (ASCII digits, at most
//! [`MAX_STEP_DIGITS`]), and one separator: `:`, `.`, `)` or `=`. Spaces and tabs may stand
//! between the parts. So `Step 3: x`, `step 3 = x`, `3: x`, `3. x` and `3) x` all carry
//! step 3 and the body `x`. The reader looks at each byte at most once and never panics.

use std::ops::RangeInclusive;

use crate::task::ParseError;

/// The most digits a step number may have; a longer number is an error, so a hostile line
/// cannot make the reader parse or compare an arbitrarily large number.
pub const MAX_STEP_DIGITS: usize = 6;

/// Whether every line must carry a step label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// A line without a label is an error.
    Required,
    /// A line may omit the label; then the whole line is the body. A line that starts with
    /// the word `step` must still carry a whole label.
    Optional,
}

/// A trace line split at its step label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepLine<'a> {
    /// The label's step number (already checked against the expected range), or `None` for
    /// a line without a label.
    pub step: Option<usize>,
    /// What follows the label's separator (not trimmed), or the whole line without a label.
    pub body: &'a str,
}

/// Whether `b` separates a step number from the state.
fn is_separator(b: u8) -> bool {
    matches!(b, b':' | b'.' | b')' | b'=')
}

/// The index of the first byte at or after `i` that is not a space or a tab.
fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// Splits the step label off `line` (trimmed by the caller) and checks that its number lies
/// in `expected` (pass `n..=n` for one number, `0..=usize::MAX` for any).
///
/// Errors name what is wrong: no label where one is required, a label without a separator, a
/// number of more than [`MAX_STEP_DIGITS`] digits, or a number outside `expected`.
pub fn split_step_label(
    line: &str,
    label: Label,
    expected: RangeInclusive<usize>,
) -> Result<StepLine<'_>, ParseError> {
    let b = line.as_bytes();
    let worded = b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"step");
    let digits_at = skip_blanks(b, if worded { 4 } else { 0 });
    let mut i = digits_at;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let digits = i - digits_at;
    let separator_at = skip_blanks(b, i);
    let separated = b.get(separator_at).copied().is_some_and(is_separator);
    let unlabelled = || -> Result<StepLine<'_>, ParseError> {
        match label {
            Label::Optional if !worded => Ok(StepLine {
                step: None,
                body: line,
            }),
            _ => Err(ParseError::new(if digits == 0 {
                "a line does not start with its step number (as in \"Step 1: ...\")"
            } else {
                "expected ':' after the step number"
            })),
        }
    };
    if digits == 0 {
        return unlabelled();
    }
    if digits > MAX_STEP_DIGITS {
        // Followed by a separator (or after the word `step`) the digits are a label, too
        // long to be a step number; otherwise they are the start of the state itself.
        return if separated || worded || label == Label::Required {
            Err(ParseError::new(format!(
                "the step number has more than {MAX_STEP_DIGITS} digits"
            )))
        } else {
            unlabelled()
        };
    }
    if !separated {
        return unlabelled();
    }
    // At most MAX_STEP_DIGITS ASCII digits: the parse cannot fail or overflow.
    let step: usize = line[digits_at..i].parse().unwrap_or(usize::MAX);
    if !expected.contains(&step) {
        let (lo, hi) = (*expected.start(), *expected.end());
        return Err(ParseError::new(if lo == hi {
            format!("expected step {lo}, found step {step}")
        } else {
            format!("expected a step number from {lo} to {hi}, found step {step}")
        }));
    }
    Ok(StepLine {
        step: Some(step),
        body: &line[separator_at + 1..],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANY: RangeInclusive<usize> = 0..=usize::MAX;

    fn split(line: &str, label: Label, expected: RangeInclusive<usize>) -> Option<StepLine<'_>> {
        split_step_label(line, label, expected).ok()
    }

    #[test]
    fn every_label_form_is_read_in_either_mode() {
        for line in [
            "Step 3: x",
            "step 3: x",
            "STEP 3:x",
            "Step3: x",
            "Step\t3 : x",
            "3: x",
            "3. x",
            "3) x",
            "3 = x",
            "3=x",
            "step 3 = x",
            "Step 003: x",
        ] {
            for label in [Label::Required, Label::Optional] {
                let got = split(line, label, 3..=3).unwrap_or_else(|| panic!("{line:?}"));
                assert_eq!(got.step, Some(3), "{line:?}");
                assert_eq!(got.body.trim(), "x", "{line:?}");
            }
        }
        // Only the first separator is the label's: the body keeps the rest.
        assert_eq!(split("1: a=b", Label::Required, ANY).unwrap().body, " a=b");
        assert_eq!(split("1:", Label::Required, ANY).unwrap().body, "");
    }

    #[test]
    fn an_optional_label_may_be_absent() {
        for line in ["[1, 2]", "A=3, B=0", "abc", "3 1 2", "5", "(2, 3)", ""] {
            let got = split(line, Label::Optional, 1..=1).unwrap();
            assert_eq!((got.step, got.body), (None, line), "{line:?}");
            assert!(split(line, Label::Required, 1..=1).is_none(), "{line:?}");
        }
        // The word `step` promises a label.
        for line in ["Step", "step x", "Step 1 x", "Steps: 1"] {
            assert!(split(line, Label::Optional, ANY).is_none(), "{line:?}");
        }
    }

    #[test]
    fn wrong_numbers_are_named() {
        let err = split_step_label("2: x", Label::Required, 1..=1).unwrap_err();
        assert_eq!(err.0, "expected step 1, found step 2");
        let err = split_step_label("Step 5: x", Label::Optional, 0..=1).unwrap_err();
        assert_eq!(err.0, "expected a step number from 0 to 1, found step 5");
        assert_eq!(split("0: x", Label::Optional, 0..=1).unwrap().step, Some(0));
        assert_eq!(
            split("999999: x", Label::Required, ANY).unwrap().step,
            Some(999_999)
        );
        let err = split_step_label("1 x", Label::Required, 1..=1).unwrap_err();
        assert_eq!(err.0, "expected ':' after the step number");
    }

    #[test]
    fn huge_numbers_are_rejected_without_parsing() {
        let long = format!("{}: x", "9".repeat(100_000));
        for label in [Label::Required, Label::Optional] {
            let err = split_step_label(&long, label, ANY).unwrap_err();
            assert!(err.0.contains("more than 6 digits"), "{}", err.0);
        }
        assert!(split("1234567: x", Label::Required, ANY).is_none());
        assert!(split("Step 1234567 x", Label::Optional, ANY).is_none());
        // Without a separator a long run of digits is a state, not a label.
        let digits = "1".repeat(50);
        assert_eq!(
            split(&digits, Label::Optional, ANY).unwrap().body,
            digits.as_str()
        );
    }

    #[test]
    fn hostile_lines_never_panic() {
        let pieces = [
            "Step", "step", "STE", "1", "0", "99", ":", ".", ")", "=", " ", "\t", "é", "ß",
            "\u{3000}", "１", "\u{0}", "x", "[", "#",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let mut line = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut draw = state;
            for _ in 0..(draw % 9) {
                draw /= 7;
                line.push_str(pieces[(draw % pieces.len() as u64) as usize]);
            }
            for label in [Label::Required, Label::Optional] {
                if let Ok(got) = split_step_label(&line, label, 1..=3) {
                    assert!(got.step.is_none_or(|k| (1..=3).contains(&k)));
                    assert!(line.ends_with(got.body));
                }
            }
        }
        // Multi-byte characters right where the word or the number would end.
        for line in ["stepé: x", "Stép 1: x", "1é: x", "１: x", "Step １: x"] {
            assert!(split(line, Label::Required, ANY).is_none(), "{line:?}");
        }
    }
}
