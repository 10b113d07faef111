//! The run accumulator: per (step, outcome) moments and quantile sketch, plus target hit counts.

use super::reduce::Merge;
use crate::stats::{Moments, QuantileSketch};

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

/// Paths buffered before their values go into the moments and sketches: each (step, outcome)
/// then takes a run of values at once, so its sketch buckets stay in cache.
pub const BATCH_PATHS: usize = 32;

/// The first (lowest-numbered) path on which an outcome was not finite (NaN or ±inf).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonFinite {
    /// Path index.
    pub path: u64,
    /// Step.
    pub step: usize,
    /// Outcome index.
    pub outcome: usize,
}

/// Statistics of every outcome at every step, over the paths seen so far.
#[derive(Debug, Clone)]
pub struct SummaryAcc {
    /// The first path with a non-finite outcome, if any.
    pub nonfinite: Option<NonFinite>,
    /// `(step, outcome)` of the first non-finite value of the path being recorded.
    pending_bad: Option<(usize, usize)>,
    outcomes: usize,
    /// Values of the paths not yet flushed, indexed `(k * outcomes + i) * BATCH_PATHS + b`
    /// (allocated on first use, released at the end of each chunk).
    batch: Vec<f64>,
    /// Paths in `batch`.
    batched: usize,
    /// Moments, indexed `k * outcomes + i`.
    pub moments: Vec<Moments>,
    /// Sketches, indexed like `moments`.
    pub sketches: Vec<QuantileSketch>,
    /// Successes per target.
    pub hits: Vec<u64>,
    /// Paths recorded.
    pub paths: u64,
}

impl SummaryAcc {
    /// An empty accumulator for `records` steps (T + 1) of `outcomes` outcomes and `targets` targets.
    pub fn new(records: usize, outcomes: usize, targets: usize, alpha: f64) -> Self {
        SummaryAcc {
            nonfinite: None,
            pending_bad: None,
            outcomes,
            batch: Vec::new(),
            batched: 0,
            moments: vec![Moments::default(); records * outcomes],
            sketches: vec![QuantileSketch::new(alpha); records * outcomes],
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
        if self.batch.is_empty() {
            self.batch = vec![0.0; self.moments.len() * BATCH_PATHS];
        }
        let b = self.batched;
        let base = k * self.outcomes;
        let mut finite = true;
        for (i, &x) in out.iter().enumerate() {
            self.batch[(base + i) * BATCH_PATHS + b] = x;
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
        self.batched += 1;
        if self.batched == BATCH_PATHS {
            self.flush();
        }
    }

    /// Move the buffered paths' values into the moments and sketches, in path order.
    fn flush(&mut self) {
        let b = self.batched;
        if b == 0 {
            return;
        }
        for (j, (m, s)) in self
            .moments
            .iter_mut()
            .zip(self.sketches.iter_mut())
            .enumerate()
        {
            let xs = &self.batch[j * BATCH_PATHS..j * BATCH_PATHS + b];
            m.push_batch(xs);
            s.insert_batch(xs);
        }
        self.batched = 0;
    }

    /// Heap bytes held (moments, sketches, counters).
    pub fn memory_bytes(&self) -> usize {
        self.moments.len() * std::mem::size_of::<Moments>()
            + self
                .sketches
                .iter()
                .map(|s| s.memory_bytes() + std::mem::size_of::<QuantileSketch>())
                .sum::<usize>()
            + self.hits.len() * 8
    }
}

impl Merge for SummaryAcc {
    fn finish_chunk(&mut self) {
        self.flush();
        self.batch = Vec::new();
    }

    fn merge(&mut self, right: Self) {
        debug_assert!(
            self.batched == 0 && right.batched == 0,
            "merge after finish_chunk only"
        );
        for (a, b) in self.moments.iter_mut().zip(&right.moments) {
            a.merge(b);
        }
        for (a, b) in self.sketches.iter_mut().zip(&right.sketches) {
            a.merge(b);
        }
        for (a, b) in self.hits.iter_mut().zip(&right.hits) {
            *a += b;
        }
        self.paths += right.paths;
        // `right` holds later paths: the first bad path stays the left one's.
        self.nonfinite = self.nonfinite.or(right.nonfinite);
    }
}
