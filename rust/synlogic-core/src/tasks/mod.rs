//! The task families, one file each.

pub mod countdown;
pub mod knights_knaves;
pub mod string_compose;
