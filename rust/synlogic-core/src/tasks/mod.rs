//! The task families, one folder each.

pub mod boolean_circuit;
pub mod countdown;
pub mod graph_coloring;
pub mod knapsack;
pub mod knights_knaves;
pub mod maze;
pub mod procedures;
pub mod self_reference;
pub mod shortest_path;
pub mod sliding_puzzle;
pub mod string_compose;
pub mod sudoku;
pub mod topological_sort;
pub mod tower_of_hanoi;
pub mod water_jugs;
pub mod web_of_lies;
pub mod zebra;
