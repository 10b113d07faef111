//! Bootstrap percentile intervals: resample the independent units of a design (Sobol base
//! samples, Morris trajectories) with replacement, recompute the statistics, and take the
//! empirical quantiles of the recomputed values.

use super::{below, StudyError};
use crate::engine::rng::{stream, stream_id};
use rayon::prelude::*;

/// Settings of the bootstrap intervals of an analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples; 0 gives estimates without intervals.
    pub resamples: usize,
    /// Coverage of the intervals, strictly between 0 and 1.
    pub confidence: f64,
    /// Seed of the resampling (resample `b` draws from its own stream of this seed, so the
    /// intervals do not depend on the thread count).
    pub seed: u64,
}

impl Default for Bootstrap {
    /// 1000 resamples, 95 % intervals, seed 0.
    fn default() -> Self {
        Bootstrap {
            resamples: 1000,
            confidence: 0.95,
            seed: 0,
        }
    }
}

/// A closed interval `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Interval {
    /// Whether `x` lies in `[low, high]`.
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }
}

/// A point estimate with its bootstrap interval (none when no resamples were asked for).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The estimate from all the data.
    pub value: f64,
    /// The percentile interval, if resampled.
    pub interval: Option<Interval>,
}

impl Bootstrap {
    /// Checked settings: `confidence` strictly between 0 and 1.
    pub fn new(resamples: usize, confidence: f64, seed: u64) -> Result<Self, StudyError> {
        let b = Bootstrap {
            resamples,
            confidence,
            seed,
        };
        b.check()?;
        Ok(b)
    }

    /// No resampling: estimates only.
    pub fn none() -> Self {
        Bootstrap {
            resamples: 0,
            ..Bootstrap::default()
        }
    }

    pub(crate) fn check(&self) -> Result<(), StudyError> {
        if self.confidence > 0.0 && self.confidence < 1.0 {
            Ok(())
        } else {
            Err(StudyError::Confidence(self.confidence))
        }
    }

    /// The percentile interval of each of `nstat` statistics: `stat(units, out)` writes the
    /// statistics of a resample (`units` holds `n` unit indices drawn with replacement) into
    /// `out`. `stream_name` keeps the resamples of different analyses apart. Empty when
    /// `resamples == 0`.
    pub(crate) fn intervals<F>(
        &self,
        n: usize,
        nstat: usize,
        stream_name: &str,
        stat: F,
    ) -> Vec<Option<Interval>>
    where
        F: Fn(&[usize], &mut [f64]) + Sync,
    {
        if self.resamples == 0 {
            return vec![None; nstat];
        }
        let id = stream_id(stream_name);
        let values: Vec<Vec<f64>> = (0..self.resamples)
            .into_par_iter()
            .map(|b| {
                let mut rng = stream(self.seed, b as u64, id);
                let units: Vec<usize> = (0..n).map(|_| below(&mut rng, n)).collect();
                let mut out = vec![0.0; nstat];
                stat(&units, &mut out);
                out
            })
            .collect();
        let (qlo, qhi) = ((1.0 - self.confidence) / 2.0, (1.0 + self.confidence) / 2.0);
        (0..nstat)
            .map(|s| {
                let mut col: Vec<f64> = values.iter().map(|v| v[s]).collect();
                col.sort_unstable_by(f64::total_cmp);
                Some(Interval {
                    low: quantile(&col, qlo),
                    high: quantile(&col, qhi),
                })
            })
            .collect()
    }
}

/// The `q` quantile of sorted `x` by linear interpolation between order statistics at
/// `h = q (n − 1)` (numpy's default, Hyndman–Fan type 7).
fn quantile(x: &[f64], q: f64) -> f64 {
    let h = q * (x.len() - 1) as f64;
    let lo = h.floor() as usize;
    match x.get(lo + 1) {
        Some(&next) => x[lo] + (h - lo as f64) * (next - x[lo]),
        None => x[lo],
    }
}

/// Pairs each value with its interval.
pub(crate) fn estimates(values: &[f64], intervals: &[Option<Interval>]) -> Vec<Estimate> {
    values
        .iter()
        .zip(intervals)
        .map(|(&value, &interval)| Estimate { value, interval })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_interpolates() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&x, 0.0), 1.0);
        assert_eq!(quantile(&x, 1.0), 5.0);
        assert_eq!(quantile(&x, 0.5), 3.0);
        assert_eq!(quantile(&x, 0.125), 1.5);
        assert_eq!(quantile(&[7.0], 0.3), 7.0);
    }

    #[test]
    fn confidence_is_checked() {
        assert!(Bootstrap::new(10, 0.9, 1).is_ok());
        for c in [0.0, 1.0, f64::NAN, -0.5] {
            assert!(Bootstrap::new(10, c, 1).is_err(), "{c}");
        }
    }

    /// The 95 % interval of a mean is about ±1.96 σ/√n (here σ² = 1/12: a uniform grid).
    #[test]
    fn interval_of_a_mean_has_the_normal_width() {
        let n = 400;
        let data: Vec<f64> = (0..n).map(|i| (i as f64 + 0.5) / n as f64).collect();
        let b = Bootstrap::default();
        let iv = b.intervals(n, 1, "test", |u, out| {
            out[0] = u.iter().map(|&i| data[i]).sum::<f64>() / n as f64;
        })[0]
            .unwrap();
        let half = (iv.high - iv.low) / 2.0;
        let expect = 1.96 / (12.0 * n as f64).sqrt();
        assert!((half / expect - 1.0).abs() < 0.1, "{half} vs {expect}");
        // Same seed, same interval; no resamples, no interval.
        let again = b.intervals(n, 1, "test", |u, out| {
            out[0] = u.iter().map(|&i| data[i]).sum::<f64>() / n as f64;
        })[0];
        assert_eq!(again, Some(iv));
        assert_eq!(
            Bootstrap::none().intervals(n, 2, "test", |_, _| {}),
            [None, None]
        );
    }
}
