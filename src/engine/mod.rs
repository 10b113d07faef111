//! The Monte Carlo engine: chunks of paths, per-path random streams, deterministic parallel reduction.

pub mod draws;
pub mod fastmath;
pub mod lanes;
pub mod reduce;
pub mod rng;
pub mod run;
pub mod simd;
pub mod summary;
pub mod trace;
mod zig_tables;
pub mod ziggurat;
#[cfg(target_arch = "x86_64")]
mod ziggurat_avx2;
mod ziggurat_slow;

pub use draws::{Draws, PathDraws};
pub use run::{run, simulate_path, RunOptions, RunOutput, CHUNK_PATHS};
pub use summary::{SummaryAcc, TargetCheck};
