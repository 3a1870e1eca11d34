//! The task families, one file each.

pub mod countdown;
pub mod graph_coloring;
pub mod knights_knaves;
pub mod procedures;
pub mod string_compose;
pub mod sudoku;
pub mod topological_sort;
pub mod zebra;
