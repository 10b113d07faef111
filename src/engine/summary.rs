//! The run accumulator: per (step, outcome) moments and quantile sketch, plus target hit counts.

use super::reduce::Merge;
use crate::scenario::{Direction, Scenario};
use crate::stats::{Moments, QuantileSketch};

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

/// Resolve a scenario's targets to outcome indices (validation guarantees every metric exists).
pub fn target_checks(s: &Scenario, outcomes: &[String]) -> Vec<TargetCheck> {
    s.targets
        .iter()
        .filter_map(|t| {
            let outcome = outcomes.iter().position(|m| *m == t.metric)?;
            Some(TargetCheck {
                step: t.step,
                outcome,
                direction: t.direction,
                threshold: t.threshold,
            })
        })
        .collect()
}

/// Statistics of every outcome at every step, over the paths seen so far.
#[derive(Debug, Clone)]
pub struct SummaryAcc {
    outcomes: usize,
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
            outcomes,
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
        let base = k * self.outcomes;
        let moments = &mut self.moments[base..base + self.outcomes];
        let sketches = &mut self.sketches[base..base + self.outcomes];
        for ((m, s), &x) in moments.iter_mut().zip(sketches.iter_mut()).zip(out) {
            m.push(x);
            s.insert(x);
        }
        for &(t, c) in checks {
            if c.hit(out[c.outcome]) {
                self.hits[t] += 1;
            }
        }
    }

    /// Count one finished path.
    #[inline]
    pub fn finish_path(&mut self) {
        self.paths += 1;
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
    fn merge(&mut self, right: Self) {
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
    }
}
