//! Fuzzes the sudoku answer parser and verifier.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use synlogic_core::Payload;

#[path = "common.rs"]
mod common;

static PAYLOADS: OnceLock<Vec<Payload>> = OnceLock::new();

fuzz_target!(|data: &[u8]| common::verify_task("sudoku", &PAYLOADS, data));
