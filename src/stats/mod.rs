//! Statistics accumulators that merge exactly, so parallel reduction needs no locks.
//!
//! The engine splits paths into fixed-size chunks, accumulates each chunk
//! into fresh accumulators and merges them along a canonical binary tree.
//! Every accumulator here is designed for that scheme:
//!
//! * **Deterministic merges.** `merge` is a pure function of its two inputs:
//!   no randomness, no hash-map iteration, no dependence on capacity or
//!   allocation history. A fixed merge tree therefore gives byte-identical
//!   results whatever the thread count.
//! * **Quantiles within Monte Carlo error.** [`QuantileCells`] keeps a run's first paths
//!   exactly, then counts on a grid chosen from them ([`grid`]); the counts are integers, so
//!   which thread counted what cannot change a result.
//! * **Exactness where possible.** [`QuantileSketch`] merges by adding
//!   integer bucket counts, so it is exact, associative and commutative: any
//!   split and any merge order give bit-identical quantiles. [`Moments`]
//!   merges with floating-point arithmetic (Chan et al.), which is exact up
//!   to rounding; it is deterministic for a fixed tree, and a constant stream
//!   keeps `sd() == 0.0` exactly.
//! * **Cheap hot path.** [`Moments::push`] is a Welford update and
//!   [`QuantileSketch::insert`] a few integer operations plus one array
//!   increment (no logarithm); both are meant to run per simulated step.
//!
//! Summary:
//!
//! | type / fn            | tracks                                  | merge        |
//! |----------------------|-----------------------------------------|--------------|
//! | [`Moments`]          | count, mean, sample sd, min, max        | Chan et al.  |
//! | [`QuantileCells`]    | exact values, or exact counts on a grid | concat / add |
//! | [`QuantileSketch`]   | quantiles within relative error α       | add counts   |
//! | [`wilson_interval`]  | 95% CI of a proportion (from counts)    | add counts   |
//!
//! Probabilities of events should be accumulated as plain `u64` success and
//! trial counts (merged by addition) and turned into an interval with
//! [`wilson_interval`] at reporting time.
//!
//! See `docs/statistics.md` for the algorithms, the accuracy guarantee of the
//! sketch and the measured rank error.

pub mod binning;
pub mod cells;
pub mod grid;
pub mod labels;
pub mod moments;
pub mod radix;
pub mod sketch;
mod store;
pub mod wilson;

pub use binning::BinningState;
pub use cells::{Binning, CellQuantiles, QuantileCells};
pub use grid::{GridSet, GRID_BUCKETS};
pub use labels::{parse_quantile_label, quantile_label};
pub use moments::Moments;
pub use sketch::{rank_of, QuantileSketch, DEFAULT_ALPHA};
pub use wilson::{wilson_interval, Z95};

#[cfg(test)]
mod tests {
    use super::*;

    /// The re-exports are usable together, as the engine will use them.
    #[test]
    fn reexports_compose() {
        let (mut m, mut s) = (Moments::default(), QuantileSketch::new(DEFAULT_ALPHA));
        let mut hits = 0u64;
        for i in 1..=100 {
            let x = i as f64;
            m.push(x);
            s.insert(x);
            hits += u64::from(x > 90.0);
        }
        assert_eq!((m.count(), s.count()), (100, 100));
        assert_eq!(m.mean(), 50.5);
        assert_eq!(s.quantile_integer(0.5), 50.0);
        let (lo, hi) = wilson_interval(hits, 100, Z95);
        assert!(lo < 0.1 && 0.1 < hi);
    }
}
