//! The run accumulator: per (step, outcome) moments and quantile sketch, plus target hit counts.

pub use super::batch::BATCH_PATHS;
use super::batch::{Batch, MOMENT_PATHS};
use super::reduce::Merge;
use crate::stats::{Binning, GridSet, Moments, QuantileCells};
use std::sync::Arc;

/// Direction of a target threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Success when the outcome is strictly above the threshold.
    Above,
    /// Success when the outcome is strictly below the threshold.
    Below,
}

/// A target resolved to indices: success when outcome `outcome` at step `step` is beyond `threshold`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetCheck {
    /// Step index k.
    pub step: usize,
    /// Outcome index.
    pub outcome: usize,
    /// Above or below.
    pub direction: Direction,
    /// Threshold (strict).
    pub threshold: f64,
}

impl TargetCheck {
    /// Whether a value counts as a success.
    #[inline]
    pub fn hit(&self, x: f64) -> bool {
        match self.direction {
            Direction::Above => x > self.threshold,
            Direction::Below => x < self.threshold,
        }
    }
}

/// How an accumulator keeps one set of quantile cells: every value, or counts on a shared grid.
#[derive(Debug, Clone)]
pub enum QuantileMode {
    /// Keep every value (exact quantiles; memory grows with the paths).
    Exact,
    /// Count on the grid of this binning (bounded memory).
    Binned(Arc<Binning>),
}

impl QuantileMode {
    /// An empty accumulator of `cells` cells in this mode.
    pub fn cells(&self, cells: usize) -> QuantileCells {
        match self {
            QuantileMode::Exact => QuantileCells::exact(cells),
            QuantileMode::Binned(b) => {
                assert_eq!(b.grid().cells(), cells, "grid of another structure");
                QuantileCells::binned(b)
            }
        }
    }
}

/// An accumulator holding sets of quantile cells that a run first fills exactly on its pilot
/// paths, then bins on grids chosen from them (see [`crate::engine::run()`]).
pub trait QuantileSets: Merge {
    /// Grids for every set, from the exact values of `parts` (in path order).
    fn pilot_grids(parts: &[&Self]) -> Vec<GridSet>;
    /// The same statistics with each set counted on `modes[set]` instead of kept.
    fn into_binned(self, modes: &[QuantileMode]) -> Self;
    /// Make queries cheap once every path is in.
    fn seal(&mut self);
    /// Count every set's binned cells on `modes[set]`'s binning (accumulators read back from a
    /// partial result come detached from their counts).
    fn attach(&mut self, modes: &[QuantileMode]);
}

/// Grid of one set of cells from the exact parts.
pub(crate) fn grid_of<'a>(parts: impl Iterator<Item = &'a QuantileCells>) -> GridSet {
    let parts: Vec<&QuantileCells> = parts.collect();
    QuantileCells::pilot_grid(&parts)
}

/// The first (lowest-numbered) path on which an outcome was not finite (NaN or ±inf).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NonFinite {
    /// Path index.
    pub path: u64,
    /// Step.
    pub step: usize,
    /// Outcome index.
    pub outcome: usize,
}

/// Statistics of every outcome at every step, over the paths seen so far.
///
/// It serialises (for partial results) once its chunks are finished: the path being recorded
/// and the buffered paths are not saved, and binned quantile cells come back detached (see
/// [`QuantileSets::attach`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SummaryAcc {
    /// The first path with a non-finite outcome, if any.
    pub nonfinite: Option<NonFinite>,
    /// `(step, outcome)` of the first non-finite value of the path being recorded.
    #[serde(skip)]
    pending_bad: Option<(usize, usize)>,
    outcomes: usize,
    /// Values of the paths not yet flushed, cells `k * outcomes + i`.
    #[serde(skip)]
    batch: Batch,
    /// Moments, indexed `k * outcomes + i`.
    pub moments: Vec<Moments>,
    /// Quantiles, cells indexed like `moments`.
    pub quantiles: QuantileCells,
    /// Successes per target.
    pub hits: Vec<u64>,
    /// Paths recorded.
    pub paths: u64,
}

impl SummaryAcc {
    /// An empty accumulator for `records` steps (T + 1) of `outcomes` outcomes and `targets`
    /// targets, keeping quantiles as `mode` says.
    pub fn new(records: usize, outcomes: usize, targets: usize, mode: &QuantileMode) -> Self {
        SummaryAcc {
            nonfinite: None,
            pending_bad: None,
            outcomes,
            batch: Batch::new(records * outcomes),
            moments: vec![Moments::default(); records * outcomes],
            quantiles: mode.cells(records * outcomes),
            hits: vec![0; targets],
            paths: 0,
        }
    }

    /// Number of outcomes per step.
    pub fn outcomes(&self) -> usize {
        self.outcomes
    }

    /// Record the outcomes `out` of step `k` of one path; `checks` are the targets at step k
    /// as `(target index, check)`.
    #[inline]
    pub fn record(&mut self, k: usize, out: &[f64], checks: &[(usize, TargetCheck)]) {
        let base = k * self.outcomes;
        let mut finite = true;
        for (i, &x) in out.iter().enumerate() {
            self.batch.set(base + i, x);
            finite &= x.is_finite();
        }
        if !finite && self.pending_bad.is_none() {
            let i = out.iter().position(|x| !x.is_finite()).unwrap_or(0);
            self.pending_bad = Some((k, i));
        }
        for &(t, c) in checks {
            if c.hit(out[c.outcome]) {
                self.hits[t] += 1;
            }
        }
    }

    /// Count one finished path, number `path` (its values were recorded at every step).
    #[inline]
    pub fn finish_path(&mut self, path: u64) {
        if let Some((step, outcome)) = self.pending_bad.take() {
            if self.nonfinite.is_none() {
                self.nonfinite = Some(NonFinite {
                    path,
                    step,
                    outcome,
                });
            }
        }
        self.paths += 1;
        if self.batch.end_path() {
            self.flush();
        }
    }

    /// Move the buffered paths' values into the moments and quantiles, in path order.
    fn flush(&mut self) {
        let (moments, quantiles) = (&mut self.moments, &mut self.quantiles);
        // Cell by cell, the moments then the quantiles, so each cell's values are read from
        // memory once.
        self.batch.drain(|data, stride, len| {
            quantiles.push_strided_with(data, stride, len, |j, xs| {
                for run in xs.chunks(MOMENT_PATHS) {
                    moments[j].push_batch(run);
                }
            });
        });
    }

    /// Heap bytes held (moments, quantiles with their shared binning, counters).
    pub fn memory_bytes(&self) -> usize {
        self.moments.len() * std::mem::size_of::<Moments>()
            + self.quantiles.memory_bytes()
            + self.quantiles.binning().map_or(0, |b| b.memory_bytes())
            + self.hits.len() * 8
    }
}

impl Merge for SummaryAcc {
    fn finish_chunk(&mut self) {
        self.flush();
        self.batch.release();
    }

    fn merge(&mut self, right: Self) {
        debug_assert!(
            self.batch.paths() == 0 && right.batch.paths() == 0,
            "merge after finish_chunk only"
        );
        for (a, b) in self.moments.iter_mut().zip(&right.moments) {
            a.merge(b);
        }
        self.quantiles.merge(right.quantiles);
        for (a, b) in self.hits.iter_mut().zip(&right.hits) {
            *a += b;
        }
        self.paths += right.paths;
        // `right` holds later paths: the first bad path stays the left one's.
        self.nonfinite = self.nonfinite.or(right.nonfinite);
    }
}

impl QuantileSets for SummaryAcc {
    fn pilot_grids(parts: &[&Self]) -> Vec<GridSet> {
        vec![grid_of(parts.iter().map(|p| &p.quantiles))]
    }

    fn into_binned(mut self, modes: &[QuantileMode]) -> Self {
        if let QuantileMode::Binned(b) = &modes[0] {
            self.quantiles = self.quantiles.into_binned(b);
        }
        self
    }

    fn seal(&mut self) {
        self.quantiles.seal();
    }

    fn attach(&mut self, modes: &[QuantileMode]) {
        if let QuantileMode::Binned(b) = &modes[0] {
            self.quantiles.attach(b);
        }
    }
}
