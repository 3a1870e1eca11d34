//! The task families, one file each.

pub mod string_compose;
