//! The Monte Carlo engine: chunks of paths, per-path random streams, deterministic parallel reduction.

pub mod fastmath;
pub mod normal;
pub mod reduce;
pub mod rng;
pub mod run;
pub mod summary;
pub mod trace;

pub use run::{run, simulate_path, RunOptions, RunOutput, CHUNK_PATHS};
pub use summary::{SummaryAcc, TargetCheck};
