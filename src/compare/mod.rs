//! Policy comparison under common random numbers: the same paths, the same shocks, every scenario.

pub mod results;
pub mod run;
pub mod structure;

pub use results::{Comparison, DiffRow};
