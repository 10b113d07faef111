//! softpower: a Monte Carlo engine for soft-power policy analysis.
//!
//! The library reads scenario files ([`scenario`]), simulates the built-in
//! `cultural-export` model ([`model`]) over many paths in parallel ([`engine`]),
//! aggregates statistics that merge exactly ([`stats`]) and writes results ([`output`]).
//! The `softpower` binary is a thin layer over [`cli`].
#![deny(missing_docs)]

pub mod bench;
pub mod charts;
pub mod cli;
pub mod compare;
pub mod engine;
pub mod model;
pub mod output;
pub mod report;
pub mod results;
pub mod scenario;
pub mod stats;
