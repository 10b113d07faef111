//! Mergeable quantile sketch: log buckets whose resolution adapts to the data's range, and
//! quantiles interpolated by rank inside a bucket.
//!
//! # Mapping
//! A positive normal `x` has the bit pattern `(e, m)` (11-bit biased exponent, 52-bit
//! mantissa). Its *fine index* is the top 31 bits, `bits >> 32 = e·2^20 + (m >> 32)`:
//! monotone in `x`, with 2^20 buckets per octave (no `ln`). A store at level `L` counts
//! bucket `b = fine >> L`, which holds exactly `x ∈ [lo, hi)` with
//! `lo = from_bits(b << (32 + L))`, `hi = from_bits((b + 1) << (32 + L))` (exact in f64), so
//! `(hi − lo)/lo ≤ 2^(L − 20)`. Buckets never straddle a power of two.
//!
//! The level is chosen from the data (see the store): the finest level at which the range of
//! the data spans at most `BUDGET` (1024) buckets, but never coarser than
//! `L_max = 20 − ⌈log2(1/α)⌉` (α = 0.01: 128 buckets per octave). A distribution that is
//! narrow relative to its value (a favourability near 0.6 with sd 0.01) thus gets buckets
//! relative to its spread, not to its value.
//!
//! # Quantiles
//! The item of rank `r` lies in the bucket where the cumulative count passes `r`. With `s`
//! items before that bucket and `c` in it, the value is interpolated by rank as the expected
//! order statistic of `c` values spread uniformly over the bucket's interval (clamped to the
//! exact `[min, max]`): `a + (b − a)·(r − s + 1)/(c + 1)`. The result is in the same bucket as
//! the exact item, so the relative error is at most `(hi − lo)/lo ≤ 2^(L_max − 20) ≤ α`; with
//! about a thousand buckets over the range, it is in practice a small fraction of the Monte
//! Carlo standard error of the quantile (docs/statistics.md).
//!
//! Negative values go to a second store keyed by `|x|`; zeros and values
//! with `|x|` below `f64::MIN_POSITIVE` (subnormals) go to a zero count and are
//! reported as `0.0` (clamped to `[min, max]`). Non-finite inputs (a model that
//! overflowed, e.g. from absurd parameter values) are left out of the sketch, in
//! every build: they still reach the moments, whose mean and sd then show them.
//!
//! # Merging
//! Merge collapses both stores to the level of the merged range and adds bucket counts
//! (integer addition), and takes min/max, so it is exact, associative and commutative: any
//! merge order over any split of the data gives the same counts and bit-identical quantiles.

use super::store::DenseStore;

/// Default relative value accuracy α of [`QuantileSketch`].
pub const DEFAULT_ALPHA: f64 = 0.01;

/// Fine buckets per octave: 2^FINE_BITS.
const FINE_BITS: u32 = 20;
/// Bit shift from an f64 bit pattern (sign cleared) to its fine index.
const FINE_SHIFT: u32 = 52 - FINE_BITS;
const ABS_MASK: u64 = !(1 << 63);

/// Quantile sketch: every quantile is within relative error α of the exact
/// sample quantile of the same rank, and interpolated by rank inside its bucket.
/// See the module docs for the mapping.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct QuantileSketch {
    alpha: f64,
    pos: DenseStore,
    /// Keyed by the fine index of `|x|`.
    neg: DenseStore,
    zero: u64,
    /// Values inserted (finite ones).
    n: u64,
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
    /// If `alpha` is not in `[1e-6, 0.5]`.
    pub fn new(alpha: f64) -> Self {
        assert!(
            (1e-6..=0.5).contains(&alpha),
            "sketch alpha must be in [1e-6, 0.5], got {alpha}"
        );
        // Coarsest level: buckets of relative width 2^(L − 20) ≤ α.
        let bits = (1.0 / alpha).log2().ceil() as u32;
        let max_level = FINE_BITS - bits.min(FINE_BITS);
        Self {
            alpha,
            pos: DenseStore::new(max_level),
            neg: DenseStore::new(max_level),
            zero: 0,
            n: 0,
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
    ///
    /// # Panics
    /// If the sketch would hold more than `u32::MAX` values (bucket counts are `u32`).
    #[inline]
    pub fn insert_batch(&mut self, xs: &[f64]) {
        let (mut lo, mut hi) = (self.min, self.max);
        let mut added = 0u64;
        for &x in xs {
            let bits = x.to_bits();
            let biased = ((bits >> 52) & 0x7ff) as i32;
            if (biased - 1) as u32 >= 0x7fe {
                self.insert_special(x);
                continue;
            }
            added += 1;
            lo = if x < lo { x } else { lo };
            hi = if x > hi { x } else { hi };
            let fine = ((bits & ABS_MASK) >> FINE_SHIFT) as i32;
            if bits >> 63 == 0 {
                self.pos.add_one(fine);
            } else {
                self.neg.add_one(fine);
            }
        }
        self.add_count(added);
        self.min = self.min.min(lo);
        self.max = self.max.max(hi);
    }

    fn add_count(&mut self, k: u64) {
        self.n += k;
        assert!(
            self.n <= u32::MAX as u64,
            "a quantile sketch holds at most 2^32 - 1 values"
        );
    }

    #[cold]
    #[inline(never)]
    fn insert_special(&mut self, x: f64) {
        if x.is_finite() {
            self.zero += 1;
            self.add_count(1);
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
    }

    /// Merges `other` into `self`: both collapse to the level of the merged range and bucket
    /// counts add (exact).
    ///
    /// # Panics
    /// If the two sketches have different α, or together more than `u32::MAX` values.
    pub fn merge(&mut self, other: &Self) {
        assert!(
            self.alpha == other.alpha,
            "cannot merge sketches with alpha {} and {}",
            self.alpha,
            other.alpha
        );
        self.pos.merge(&other.pos);
        self.neg.merge(&other.neg);
        self.zero += other.zero;
        self.add_count(other.n);
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of values inserted (non-finite inputs are not counted).
    pub fn count(&self) -> u64 {
        self.n
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
    /// Estimates the item of 0-based rank `⌊q·(n−1)⌋` in sorted order by interpolating by
    /// rank inside its bucket (see the module docs); rank 0 and rank `n−1` return the exact
    /// min and max. The result is within relative error α of that item's value.
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 || q.is_nan() {
            return f64::NAN;
        }
        self.value_at_rank(rank_of(q, n))
    }

    /// The estimated value of the item of 0-based `rank` (clamped to `n − 1`) in sorted order,
    /// NaN when empty: [`quantile`](Self::quantile) for a rank instead of a level.
    pub fn value_at_rank(&self, rank: u64) -> f64 {
        let n = self.count();
        if n == 0 {
            return f64::NAN;
        }
        let rank = rank.min(n - 1);
        if rank == 0 {
            return self.min;
        }
        if rank == n - 1 {
            return self.max;
        }
        let mut seen = 0u64;
        for (a, b, c) in self.intervals() {
            if seen + c > rank {
                let t = (rank - seen + 1) as f64 / (c + 1) as f64;
                return self.clamp(a + (b - a) * t);
            }
            seen += c;
        }
        unreachable!("store totals are inconsistent with count()")
    }

    /// [`quantile`](Self::quantile) rounded to the nearest integer, for integer-valued data:
    /// exact whenever the item's bucket is narrower than 0.5 (always for `|x| < 64` at
    /// α = 0.01, and for larger `|x|` when the data's range is narrow enough), since the
    /// unrounded value lies in the bucket of the integer `x`.
    pub fn quantile_integer(&self, q: f64) -> f64 {
        self.quantile(q).round()
    }

    /// Sorted non-empty buckets as `(a, b, count)`: the value interval `[a, b]` of the bucket
    /// clamped to the exact `[min, max]` (`a == b` for the zero bucket).
    fn intervals(&self) -> impl Iterator<Item = (f64, f64, u64)> + '_ {
        // Sorted order: negatives from largest |x| down, zeros, positives up.
        let nl = self.neg.level();
        let neg = self.neg.iter().rev().map(move |(idx, c)| {
            let (lo, hi) = bounds(idx, nl);
            (-hi, -lo, c)
        });
        let zero = (self.zero > 0).then_some((0.0, 0.0, self.zero));
        let pl = self.pos.level();
        let pos = self.pos.iter().map(move |(idx, c)| {
            let (lo, hi) = bounds(idx, pl);
            (lo, hi, c)
        });
        neg.chain(zero)
            .chain(pos)
            .map(|(a, b, c)| (self.clamp(a), self.clamp(b), c))
    }

    /// The sketch as a histogram in ascending order: each non-empty bucket's value interval
    /// `[lo, hi]` (clamped to the exact `[min, max]`; `lo == hi` for the zero bucket) with its
    /// count. The buckets are those the quantiles come from (about a thousand over the range).
    pub fn bucket_intervals(&self) -> Vec<(f64, f64, u64)> {
        self.intervals().collect()
    }

    /// Heap bytes held by the bucket arrays (allocated capacity). Depends on
    /// insertion history, so use it for memory reporting, not for results.
    pub fn memory_bytes(&self) -> usize {
        self.pos.heap_bytes() + self.neg.heap_bytes()
    }

    fn clamp(&self, v: f64) -> f64 {
        v.clamp(self.min, self.max)
    }
}

/// The 0-based rank `⌊q·(n−1)⌋` of quantile level `q` (clamped to `[0, 1]`) among `n ≥ 1`
/// sorted items: the rule every quantile in this crate follows.
pub fn rank_of(q: f64, n: u64) -> u64 {
    ((q.clamp(0.0, 1.0) * (n - 1) as f64).floor() as u64).min(n - 1)
}

/// Value bounds `[lo, hi)` on |x| of bucket `idx` at `level` (exact: bit patterns).
fn bounds(idx: i32, level: u32) -> (f64, f64) {
    let shift = FINE_SHIFT + level;
    let lo = f64::from_bits((idx as u64) << shift);
    let hi = f64::from_bits(((idx as u64) + 1) << shift);
    (lo, hi)
}

#[cfg(test)]
#[path = "sketch_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "sketch_accuracy_tests.rs"]
mod accuracy_tests;
