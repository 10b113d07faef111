//! Studies of a scenario: evaluating it at many design points on common random numbers
//! ([`eval`]), and what is built on that one mechanism: global sensitivity ([`sensitivity`], the
//! `[sensitivity]` section and `softpower sensitivity`), experiments over the policy space
//! ([`explore`], `[explore]` and `softpower explore`) and goal seek ([`seek`], `softpower seek`).
//!
//! A design point fixes every factor (a parameter named by its dotted path); each point runs the
//! same paths, with the scenario's seed and path indices `0..paths`, so differences between
//! points come from the factors, not from the noise. The scenario validated every point before
//! anything runs: each factor's range lies in its parameter's valid range, and the conditions
//! linking parameters hold over the whole box of factor values.

pub mod eval;
pub mod explore;
pub mod seek;
pub mod sensitivity;

pub use eval::{assemble, evaluate, evaluate_rows, EvalPiece, Evaluation, Table};
pub use explore::{run_explore, ExploreResult};
pub use seek::{run_seek, SeekResult};
pub use sensitivity::{run_sensitivity, IndexRow, OutputSummary, SensitivityResult};
