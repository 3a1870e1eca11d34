//! The task families, one file each.

pub mod countdown;
pub mod string_compose;
