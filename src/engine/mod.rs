//! The Monte Carlo engine: chunks of paths, per-path random streams, deterministic parallel reduction.

pub(crate) mod arch;
pub mod compare;
pub mod dist;
pub mod draws;
pub mod fastmath;
pub mod lanes;
pub mod model;
pub mod reduce;
pub mod rng;
pub mod run;
pub mod simd;
pub mod summary;
pub mod trace;
mod zig_tables;
pub mod ziggurat;
mod ziggurat_slow;

pub use compare::CompareAcc;
pub use dist::Dist;
pub use draws::{Draws, PathDraws};
pub use model::{AnyModel, Model, ParamDraw, PathSetup};
pub use run::{
    execute, run, run_compare, simulate_path, EngineError, RunOptions, RunOutput, CHUNK_PATHS,
};
pub use summary::{Direction, NonFinite, SummaryAcc, TargetCheck};
