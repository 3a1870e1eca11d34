//! The registry: the one list naming every task.

use crate::erased::{DynTask, Registered};
use crate::error::{closest, Error, Result};
use crate::tasks;

/// Every registered task, in catalogue order. Adding a task = one line here.
pub static TASKS: &[&dyn DynTask] = &[
    &Registered::<tasks::countdown::Countdown>::NEW, // arithmetic
    &Registered::<tasks::string_compose::StringCompose>::NEW, // algorithmic
    &Registered::<tasks::knights_knaves::KnightsKnaves>::NEW, // logic
    &Registered::<tasks::sudoku::Sudoku>::NEW,       // logic
    &Registered::<tasks::zebra::Zebra>::NEW,         // logic
    &Registered::<tasks::procedures::Procedures>::NEW, // algorithmic
    &Registered::<tasks::boolean_circuit::BooleanCircuit>::NEW, // logic
    &Registered::<tasks::self_reference::SelfReference>::NEW, // logic
    &Registered::<tasks::web_of_lies::WebOfLies>::NEW, // logic
    &Registered::<tasks::topological_sort::TopologicalSort>::NEW, // algorithmic
    &Registered::<tasks::graph_coloring::GraphColoring>::NEW, // algorithmic
    &Registered::<tasks::tower_of_hanoi::TowerOfHanoi>::NEW, // algorithmic
    &Registered::<tasks::water_jugs::WaterJugs>::NEW, // algorithmic
    &Registered::<tasks::knapsack::Knapsack>::NEW,   // algorithmic
    &Registered::<tasks::shortest_path::ShortestPath>::NEW, // algorithmic
    &Registered::<tasks::maze::Maze>::NEW,           // algorithmic
    &Registered::<tasks::sliding_puzzle::SlidingPuzzle>::NEW, // algorithmic
];

/// The ids of every registered task.
pub fn task_ids() -> impl Iterator<Item = &'static str> {
    TASKS.iter().map(|t| t.id())
}

/// The task with this id, or an error suggesting the closest id.
pub fn find_task(name: &str) -> Result<&'static dyn DynTask> {
    TASKS
        .iter()
        .copied()
        .find(|t| t.id() == name)
        .ok_or_else(|| Error::UnknownTask {
            name: name.to_string(),
            suggestion: closest(name, task_ids()),
        })
}
