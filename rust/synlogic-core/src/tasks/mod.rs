//! The task families, one file each.
pub mod procedures;
