//! The task families, one file each.

pub mod knights_knaves;
