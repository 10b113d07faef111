//! The mathematics of studies: designs that place points in the unit cube and analyses that
//! turn one output per point into sensitivity indices.
//!
//! A study evaluates a model at many design points (each point a vector of `k` factor values)
//! and analyses the table of outputs. This module holds the pure-math half, with no scenario,
//! model or engine in sight: designs produce [`Points`] in the unit cube `[0, 1]^k` (a caller
//! maps each coordinate to its factor, e.g. through an inverse CDF or onto a range), and
//! analyses take the outputs in design order and return indices with bootstrap intervals.
//!
//! | design / analysis | what | points |
//! |---|---|---|
//! | [`SobolSeq`] | Sobol sequence, Joe–Kuo direction numbers, optional Owen scrambling | `[0, 1)` |
//! | [`latin_hypercube`] | Latin hypercube, one point per stratum of every factor | `[0, 1)` |
//! | [`SaltelliDesign`] → [`sobol_indices`] | Saltelli's design; S1, ST, S2, Σ S1 | `[0, 1)` |
//! | [`MorrisDesign`] → [`morris_indices`] | Morris trajectories; μ, μ*, σ | `[0, 1]` (grid) |
//!
//! Everything is a deterministic function of a `u64` seed: random draws come from the
//! project's generator ([`crate::engine::rng::stream`], one stream per trajectory, dimension
//! or bootstrap resample, so results are byte-identical for any thread count). Bootstrap
//! intervals ([`Bootstrap`]) are percentile intervals over resampled base samples
//! (Sobol) or trajectories (Morris). See `docs/sensitivity.md` for the estimators and their
//! measured accuracy on analytic functions.

pub mod analytic;
mod bootstrap;
pub mod lhs;
pub mod morris;
pub mod saltelli;
pub mod sobol_seq;

pub use bootstrap::{Bootstrap, Estimate, Interval};
pub use lhs::latin_hypercube;
pub use morris::{morris_delta, morris_indices, MorrisDesign, MorrisIndices};
pub use saltelli::{sobol_indices, SaltelliDesign, SaltelliShape, SecondOrder, SobolIndices};
pub use sobol_seq::SobolSeq;

/// Why a design or an analysis was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StudyError {
    /// A count that must be a power of two is not.
    #[error("{what} must be a power of two, got {value}")]
    NotPowerOfTwo {
        /// What the count is (e.g. "Sobol base samples N").
        what: &'static str,
        /// The value given.
        value: usize,
    },
    /// A count below its minimum.
    #[error("{what} must be at least {min}, got {value}")]
    TooSmall {
        /// What the count is.
        what: &'static str,
        /// The least allowed.
        min: usize,
        /// The value given.
        value: usize,
    },
    /// A count above its maximum.
    #[error("{what} must be at most {max}, got {value}")]
    TooLarge {
        /// What the count is.
        what: &'static str,
        /// The most allowed.
        max: u64,
        /// The value given.
        value: u64,
    },
    /// Morris levels that are odd or fewer than 2.
    #[error("Morris levels must be an even number of at least 2, got {0}")]
    Levels(usize),
    /// A confidence level outside (0, 1).
    #[error("confidence must be strictly between 0 and 1, got {0}")]
    Confidence(f64),
    /// The output vector does not have one value per design point.
    #[error("expected {expected} outputs (one per design point), got {got}")]
    OutputLength {
        /// Number of design points.
        expected: usize,
        /// Number of outputs given.
        got: usize,
    },
    /// An output that is NaN or infinite.
    #[error("output of design point {row} is not finite ({value})")]
    NonFinite {
        /// Row of the design point.
        row: usize,
        /// The value.
        value: f64,
    },
    /// Points that do not form Morris trajectories.
    #[error("design point {row} does not continue a Morris trajectory: {reason}")]
    NotTrajectory {
        /// Row of the offending point.
        row: usize,
        /// What is wrong.
        reason: String,
    },
}

/// Design points: `len()` points of `k()` coordinates each, stored row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    k: usize,
    data: Vec<f64>,
}

impl Points {
    /// Points of `k` coordinates from row-major `data` (`data.len()` a multiple of `k`).
    ///
    /// Panics if `k == 0` or `data.len()` is not a multiple of `k`.
    pub fn new(k: usize, data: Vec<f64>) -> Self {
        assert!(
            k > 0 && data.len().is_multiple_of(k),
            "{} values for k = {k}",
            data.len()
        );
        Points { k, data }
    }

    /// Coordinates per point (the number of factors).
    pub fn k(&self) -> usize {
        self.k
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.data.len() / self.k
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Point `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.k..(i + 1) * self.k]
    }

    /// The points in order.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.data.chunks_exact(self.k)
    }

    /// All coordinates, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// All coordinates, row-major, by value.
    pub fn into_vec(self) -> Vec<f64> {
        self.data
    }
}

/// A uniform integer in `[0, n)` from one 64-bit draw (Lemire's multiply-shift without the
/// rejection step: the bias is below `n / 2^64`). Portable, so resamples never depend on the
/// `rand` version.
pub(crate) fn below<R: rand::Rng + ?Sized>(rng: &mut R, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

/// Shuffles `v` in place (Fisher–Yates, from the last element down) with [`below`].
pub(crate) fn shuffle<T, R: rand::Rng + ?Sized>(rng: &mut R, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        v.swap(i, below(rng, i + 1));
    }
}

/// Checks that `y` has one finite value per design point.
pub(crate) fn check_outputs(y: &[f64], expected: usize) -> Result<(), StudyError> {
    if y.len() != expected {
        return Err(StudyError::OutputLength {
            expected,
            got: y.len(),
        });
    }
    match y.iter().position(|v| !v.is_finite()) {
        Some(row) => Err(StudyError::NonFinite { row, value: y[row] }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::stream;

    #[test]
    fn below_is_in_range_and_roughly_uniform() {
        let mut r = stream(1, 0, 0);
        let mut counts = [0usize; 7];
        for _ in 0..70_000 {
            counts[below(&mut r, 7)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn shuffle_permutes() {
        let mut v: Vec<usize> = (0..100).collect();
        shuffle(&mut stream(2, 0, 0), &mut v);
        assert_ne!(v, (0..100).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn outputs_are_checked() {
        assert_eq!(
            check_outputs(&[1.0], 2),
            Err(StudyError::OutputLength {
                expected: 2,
                got: 1
            })
        );
        let e = check_outputs(&[1.0, f64::NAN], 2).unwrap_err();
        assert!(matches!(e, StudyError::NonFinite { row: 1, .. }), "{e}");
        assert!(check_outputs(&[1.0, 2.0], 2).is_ok());
    }

    #[test]
    fn points_rows() {
        let p = Points::new(2, vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
        assert_eq!(p.len(), 3);
        assert_eq!(p.row(1), &[0.3, 0.4]);
        assert_eq!(p.rows().last(), Some(&[0.5, 0.6][..]));
    }
}
