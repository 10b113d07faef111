//! Models the engine can run: the [`Model`] trait and the built-in `cultural-export` model.
//!
//! The engine knows nothing about soft power: it asks a model for its outcome names, gives each
//! path a work area, lets the model draw that path's parameters, records the initial outcomes,
//! then steps and records `steps()` times. Anything implementing [`Model`] (a test function, a
//! user model) runs on the same engine with the same reproducibility guarantees.

pub mod cultural;
pub mod outcomes;

pub use crate::engine::Draws;
pub use cultural::CulturalExport;

/// A stochastic model simulated path by path.
///
/// Contract: `step` draws a number and order of random values that depends only on the model's
/// structure, never on state or parameter values, so that two models with the same structure see
/// the same random numbers path by path (common random numbers).
pub trait Model: Sync {
    /// Per-path work area (parameters, state, buffers); allocated once per chunk and reused.
    type Work: Send;

    /// Outcome names, in recording order.
    fn outcome_names(&self) -> &[String];
    /// For each outcome, whether it only takes whole-number values.
    fn integer_valued(&self) -> Vec<bool> {
        vec![false; self.outcome_names().len()]
    }
    /// Number of steps after the initial record (outcomes are recorded `steps() + 1` times).
    fn steps(&self) -> usize;
    /// Allocate a work area.
    fn new_work(&self) -> Self::Work;
    /// Draw this path's parameters (from streams of their own, keyed by `seed` and `path`).
    fn draw_params(&self, seed: u64, path: u64, work: &mut Self::Work);
    /// Set the state at k = 0.
    fn init(&self, work: &mut Self::Work);
    /// Advance from step `k - 1` to `k` (k in 1..=steps) using random numbers from `draws`.
    fn step<D: Draws + ?Sized>(&self, k: usize, work: &mut Self::Work, draws: &mut D);
    /// Write the current outcomes into `out` (length = number of outcomes).
    fn record(&self, work: &Self::Work, out: &mut [f64]);
}
