//! Knob checks shared by every task, so that every range error reads the same way.

use std::fmt::Display;

use crate::task::KnobError;

/// Checks `lo <= value <= hi`; the error reads "must be between LO and HI, got VALUE".
///
/// Bounds that depend on another knob (say `max_value` at least `min_value`) pass that knob's
/// value as `lo`; the message then shows the number the user can act on.
pub fn check_range<T: PartialOrd + Display>(
    knob: &'static str,
    value: T,
    lo: T,
    hi: T,
) -> Result<(), KnobError> {
    if lo <= value && value <= hi {
        Ok(())
    } else {
        Err(KnobError::new(
            knob,
            format!("must be between {lo} and {hi}, got {value}"),
        ))
    }
}

/// Checks that a list knob is not empty; the error reads "must list at least one ITEM".
pub fn check_non_empty<T>(knob: &'static str, items: &[T], item: &str) -> Result<(), KnobError> {
    if items.is_empty() {
        Err(KnobError::new(
            knob,
            format!("must list at least one {item}"),
        ))
    } else {
        Ok(())
    }
}

/// Checks that no entry of a list knob appears twice; the error names the first repeat.
pub fn check_distinct<T: PartialEq + std::fmt::Debug>(
    knob: &'static str,
    items: &[T],
) -> Result<(), KnobError> {
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            return Err(KnobError::new(knob, format!("{item:?} is listed twice")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_accepts_the_bounds_and_names_the_value_outside() {
        assert!(check_range("count", 2, 2, 10).is_ok());
        assert!(check_range("count", 10, 2, 10).is_ok());
        let err = check_range("count", 11, 2, 10).unwrap_err();
        assert_eq!(err.knob, "count");
        assert_eq!(err.message, "must be between 2 and 10, got 11");
        assert!(check_range("ratio", f64::NAN, 0.0, 1.0).is_err());
    }

    #[test]
    fn lists_must_be_non_empty_and_distinct() {
        assert!(check_non_empty::<u8>("ops", &[], "operator").is_err());
        assert!(check_non_empty("ops", &[1], "operator").is_ok());
        assert_eq!(
            check_distinct("ops", &["+", "-", "+"]).unwrap_err().message,
            "\"+\" is listed twice"
        );
        assert!(check_distinct("ops", &["+", "-"]).is_ok());
    }
}
