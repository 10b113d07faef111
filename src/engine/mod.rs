//! The Monte Carlo engine: chunks of paths, per-path random streams, deterministic parallel reduction.

pub(crate) mod arch;
mod batch;
pub mod compare;
pub mod dist;
mod dist_inverse;
pub mod draws;
pub mod fastmath;
pub mod lanes;
pub mod model;
pub mod pilot;
pub mod probe;
pub mod profile;
pub mod reduce;
pub mod rng;
pub mod rows;
pub mod run;
pub mod sample;
pub mod shard;
pub mod simd;
pub mod summary;
pub mod trace;
mod zig_tables;
pub mod ziggurat;
mod ziggurat_slow;

pub use arch::{normal_kernels, NormalKernel};
pub use compare::CompareAcc;
pub use dist::Dist;
pub use draws::{Draws, Part, PathDraws};
pub use model::{AnyModel, Model, ParamDraw, PathSetup};
pub use probe::{run_points, FixedPoints, PointResult, PointsRun, Probe, ProbePlan, ProbeStat};
pub use rows::{run_with_rows, PathRows, RowPlan, RowSink};
pub use run::{
    binned_modes, execute, run, run_compare, simulate_path, summary_grid, EngineError, RunOptions,
    RunOutput, CHUNK_PATHS, PILOT_CHUNKS,
};
pub use summary::{Direction, NonFinite, QuantileMode, QuantileSets, SummaryAcc, TargetCheck};
