//! softpower: a Monte Carlo engine for soft-power policy analysis.
//!
//! The library reads scenario files ([`scenario`], validated with the toolkit in [`input`]),
//! builds the model they name from the [`model::Registry`] (the built-in `cultural-export`
//! model, the test functions `ishigami` and `sobol_g`, or a model of your own), simulates it
//! over many paths in parallel ([`engine`]), aggregates statistics that merge exactly
//! ([`stats`]) into results ([`results`], [`compare`]) and writes them ([`output`], with
//! [`charts`] and [`report`]). The `softpower` binary is a thin layer over [`cli`].
//!
//! Designs and sensitivity analyses of studies (the mathematics, no model in sight) are in
//! [`study`].
//!
//! Layers, each using only those before it: `limits` (every limit on input size, in one place),
//! `input`, `stats` → `engine` → `model` → `study` → `scenario` → `results`, `compare`, `experiment` →
//! `charts` → `report` → `output` → `bench` → `cli`.
#![deny(missing_docs)]
#![deny(missing_debug_implementations)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod bench;
pub mod charts;
pub mod cli;
pub mod compare;
pub mod engine;
pub mod experiment;
pub mod fuzzing;
pub mod input;
pub mod limits;
pub mod model;
pub mod output;
pub mod report;
pub mod results;
pub mod scenario;
pub mod stats;
pub mod study;
