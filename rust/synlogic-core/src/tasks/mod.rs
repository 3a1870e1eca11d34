//! The task families, one file each.

pub mod boolean_circuit;
pub mod countdown;
pub mod knights_knaves;
pub mod procedures;
pub mod string_compose;
pub mod sudoku;
pub mod web_of_lies;
pub mod zebra;
