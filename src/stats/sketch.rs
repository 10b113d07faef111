//! Mergeable quantile sketch with guaranteed relative value accuracy (DDSketch-style log buckets).
//!
//! # Mapping
//! A positive normal `x = 2^e · (1 + f)` with `f ∈ [0, 1)` (`f` is the 52-bit
//! mantissa field / 2^52) has the piecewise-linear log2 approximation
//! `L(x) = e + f`, read straight from the bit pattern (no `ln`). The bucket is
//! `i = floor(L(x) · M) = e·M + floor(f·M)` for an integer multiplier `M`,
//! computed exactly in integer arithmetic (`(mantissa · M) >> 52`). Because
//! `M` is an integer, buckets never straddle a power of two: bucket
//! `(e, j)` holds exactly `x ∈ [lo, hi)` with `lo = 2^e (1 + j/M)`,
//! `hi = 2^e (1 + (j+1)/M)`, so `hi/lo = 1 + 1/(M + j) ≤ 1 + 1/M`.
//!
//! # Accuracy
//! The representative is the harmonic mean `v = 2·lo·hi/(lo + hi)`, which
//! balances the relative error at both ends: for every `x ∈ [lo, hi)`,
//! `|v − x| / x ≤ (hi − lo)/(hi + lo) = 1/(2M + 2j + 1) ≤ 1/(2M + 1)`.
//! We take `M = floor((1/α − 1)/2) + 1`, the smallest integer with
//! `1/(2M + 1) < α` (α = 0.01 → M = 50, bound 1/101 ≈ 0.0099). Evaluating
//! `v` in f64 adds at most a few ulps (~1e-15 relative). Clamping the result
//! to the exact `[min, max]` can only move it closer to the true quantile.
//!
//! Negative values go to a second store keyed by `|x|`; zeros and values
//! with `|x|` below `f64::MIN_POSITIVE` (subnormals) go to a zero count and are
//! reported as `0.0` (clamped to `[min, max]`). Non-finite inputs (a model that
//! overflowed, e.g. from absurd parameter values) are left out of the sketch, in
//! every build: they still reach the moments, whose mean and sd then show them.
//!
//! # Merging
//! Merge adds bucket counts (integer addition) and takes min/max, so it is
//! exact, associative and commutative: any merge order over any split of
//! the data gives the same counts and bit-identical quantiles.

use super::store::DenseStore;

/// Default relative value accuracy α of [`QuantileSketch`].
pub const DEFAULT_ALPHA: f64 = 0.01;

const MANTISSA_MASK: u64 = (1 << 52) - 1;

/// Quantile sketch: every quantile is within relative error α of the exact
/// sample quantile of the same rank. See the module docs for the mapping.
#[derive(Clone, Debug)]
pub struct QuantileSketch {
    alpha: f64,
    /// Buckets per octave (power of two); `1/(2·mult + 1) < alpha`.
    mult: i32,
    pos: DenseStore,
    /// Keyed by the bucket of `|x|`.
    neg: DenseStore,
    zero: u64,
    min: f64,
    max: f64,
}

impl Default for QuantileSketch {
    fn default() -> Self {
        Self::new(DEFAULT_ALPHA)
    }
}

impl QuantileSketch {
    /// Empty sketch with relative accuracy `alpha`.
    ///
    /// # Panics
    /// If `alpha` is not in `[1e-6, 0.5]` (keeps bucket indices well inside `i32`).
    pub fn new(alpha: f64) -> Self {
        assert!(
            (1e-6..=0.5).contains(&alpha),
            "sketch alpha must be in [1e-6, 0.5], got {alpha}"
        );
        let mult = ((1.0 / alpha - 1.0) / 2.0).floor() as i32 + 1;
        Self {
            alpha,
            mult,
            pos: DenseStore::default(),
            neg: DenseStore::default(),
            zero: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// The relative accuracy α this sketch was created with.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Adds one value. Cost: a few integer ops and one array increment.
    #[inline]
    pub fn insert(&mut self, x: f64) {
        self.insert_batch(std::slice::from_ref(&x));
    }

    /// Adds a run of values; the same result as inserting them one by one, with min and max
    /// kept in registers over the run.
    #[inline]
    pub fn insert_batch(&mut self, xs: &[f64]) {
        let (mut lo, mut hi) = (self.min, self.max);
        for &x in xs {
            let bits = x.to_bits();
            let biased = ((bits >> 52) & 0x7ff) as i32;
            if (biased - 1) as u32 >= 0x7fe {
                self.insert_special(x);
                continue;
            }
            lo = if x < lo { x } else { lo };
            hi = if x > hi { x } else { hi };
            let sub = ((bits & MANTISSA_MASK) as u128 * self.mult as u128) >> 52;
            let idx = (biased - 1023) * self.mult + sub as i32;
            if bits >> 63 == 0 {
                self.pos.add_one(idx);
            } else {
                self.neg.add_one(idx);
            }
        }
        self.min = self.min.min(lo);
        self.max = self.max.max(hi);
    }

    #[cold]
    #[inline(never)]
    fn insert_special(&mut self, x: f64) {
        if x.is_finite() {
            self.zero += 1;
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
    }

    /// Merges `other` into `self` by adding bucket counts (exact).
    ///
    /// # Panics
    /// If the two sketches use different bucket mappings (different α).
    pub fn merge(&mut self, other: &Self) {
        assert_eq!(
            self.mult, other.mult,
            "cannot merge sketches with alpha {} and {}",
            self.alpha, other.alpha
        );
        self.pos.merge(&other.pos);
        self.neg.merge(&other.neg);
        self.zero += other.zero;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of values inserted (non-finite inputs are not counted).
    pub fn count(&self) -> u64 {
        self.pos.total() + self.neg.total() + self.zero
    }

    /// True when no value has been inserted.
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// Exact smallest value (`+inf` when empty).
    pub fn min(&self) -> f64 {
        self.min
    }

    /// Exact largest value (`-inf` when empty).
    pub fn max(&self) -> f64 {
        self.max
    }

    /// Value at quantile `q ∈ [0, 1]` (clamped), NaN when empty.
    ///
    /// Returns the bucket representative of the item of 0-based rank
    /// `⌊q·(n−1)⌋` in sorted order, clamped to `[min, max]`; rank 0 and
    /// rank `n−1` return the exact min and max. The result is within
    /// relative error α of that item's value.
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 || q.is_nan() {
            return f64::NAN;
        }
        let rank = ((q.clamp(0.0, 1.0) * (n - 1) as f64).floor() as u64).min(n - 1);
        if rank == 0 {
            return self.min;
        }
        if rank == n - 1 {
            return self.max;
        }
        // Sorted order: negatives from largest |x| down, zeros, positives up.
        let mut seen = 0u64;
        for (idx, c) in self.neg.iter().rev() {
            seen += c;
            if seen > rank {
                return self.clamp(-self.representative(idx));
            }
        }
        seen += self.zero;
        if seen > rank {
            return self.clamp(0.0);
        }
        for (idx, c) in self.pos.iter() {
            seen += c;
            if seen > rank {
                return self.clamp(self.representative(idx));
            }
        }
        unreachable!("store totals are inconsistent with count()")
    }

    /// [`quantile`](Self::quantile) rounded to the nearest integer, for
    /// integer-valued data: exact whenever `α·|x| < 0.5` (e.g. |x| < 50 at
    /// α = 0.01), since the unrounded value is within `α·|x|` of the integer `x`.
    pub fn quantile_integer(&self, q: f64) -> f64 {
        self.quantile(q).round()
    }

    /// The sketch as a histogram in ascending order: each non-empty bucket's value interval
    /// `[lo, hi]` (clamped to the exact `[min, max]`; `lo == hi` for the zero bucket) with its
    /// count. For histograms at constant memory.
    pub fn bucket_intervals(&self) -> Vec<(f64, f64, u64)> {
        let mut v = Vec::new();
        for (idx, c) in self.neg.iter().rev() {
            let (lo, hi) = self.bounds(idx);
            v.push((self.clamp(-hi), self.clamp(-lo), c));
        }
        if self.zero > 0 {
            v.push((self.clamp(0.0), self.clamp(0.0), self.zero));
        }
        for (idx, c) in self.pos.iter() {
            let (lo, hi) = self.bounds(idx);
            v.push((self.clamp(lo), self.clamp(hi), c));
        }
        v.retain(|&(_, _, c)| c > 0);
        v
    }

    /// Value bounds `[lo, hi)` of bucket `idx` on |x|.
    fn bounds(&self, idx: i32) -> (f64, f64) {
        let m = self.mult as f64;
        let e = idx.div_euclid(self.mult);
        let j = idx.rem_euclid(self.mult) as f64;
        let scale = f64::from_bits(((e + 1023) as u64) << 52);
        (scale * (1.0 + j / m), scale * (1.0 + (j + 1.0) / m))
    }

    /// Heap bytes held by the bucket arrays (allocated capacity). Depends on
    /// insertion history, so use it for memory reporting, not for results.
    pub fn memory_bytes(&self) -> usize {
        self.pos.heap_bytes() + self.neg.heap_bytes()
    }

    /// Harmonic mean of the exact bounds of positive bucket `idx`.
    fn representative(&self, idx: i32) -> f64 {
        let m = self.mult as f64;
        let e = idx.div_euclid(self.mult);
        let j = idx.rem_euclid(self.mult) as f64;
        // 2·lo·hi/(lo+hi) / 2^e with lo = 1 + j/m, hi = 1 + (j+1)/m.
        let factor = 2.0 * (m + j) * (m + j + 1.0) / (m * (2.0 * m + 2.0 * j + 1.0));
        f64::from_bits(((e + 1023) as u64) << 52) * factor
    }

    fn clamp(&self, v: f64) -> f64 {
        v.clamp(self.min, self.max)
    }
}

#[cfg(test)]
#[path = "sketch_tests.rs"]
mod tests;
