//! Streaming mean / standard deviation / min / max accumulator (Welford push, Chan et al. merge).
//!
//! [`Moments`] is mergeable: accumulating chunks separately and merging them
//! gives the same result (up to rounding) as one pass, and the merge is a pure,
//! deterministic function of its two inputs, so a fixed merge tree yields
//! byte-identical output whatever the thread count.

use std::ops::AddAssign;

/// Running count, mean, sum of squared deviations (`m2`), min and max.
///
/// Empty state (`Default`): `n = 0`, `mean = 0`, `m2 = 0`, `min = +inf`, `max = -inf`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl Default for Moments {
    fn default() -> Self {
        Self {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

/// `x` clamped at 0 from below (rounding can make a variance slightly negative), NaN kept.
fn non_negative(x: f64) -> f64 {
    if x.is_nan() {
        x
    } else {
        x.max(0.0)
    }
}

impl Moments {
    /// Empty accumulator (same as `Default`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one observation (Welford's update).
    ///
    /// If every pushed value is the same `x`, `mean` is exactly `x` and `m2`
    /// stays exactly `0.0` (the first push gives `mean = 0 + x/1 = x`, later
    /// pushes have `delta = 0`).
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
    }

    /// Adds a batch of observations: sums of deviations from the batch's first value (no
    /// division per value, so the loop pipelines), then one pairwise merge. A batch of identical
    /// values has deviations exactly 0, so identical data still gives `sd() == 0.0` exactly.
    pub fn push_batch(&mut self, xs: &[f64]) {
        let Some(&c) = xs.first() else {
            return;
        };
        let (mut s1, mut s2, mut lo, mut hi) = (0.0, 0.0, c, c);
        for &x in xs {
            let d = x - c;
            s1 += d;
            s2 += d * d;
            lo = lo.min(x);
            hi = hi.max(x);
        }
        let n = xs.len() as f64;
        let batch = Moments {
            n: xs.len() as u64,
            mean: c + s1 / n,
            m2: non_negative(s2 - s1 * s1 / n),
            min: lo,
            max: hi,
        };
        self.merge(&batch);
    }

    /// Merges `other` into `self` (Chan, Golub & LeVeque pairwise update).
    ///
    /// Merging an empty accumulator is a no-op; merging into an empty one
    /// copies `other`. When both means are equal, `delta = 0`, so the mean
    /// is kept bit-for-bit and no spurious variance is added.
    pub fn merge(&mut self, other: &Self) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let na = self.n as f64;
        let nb = other.n as f64;
        let n = self.n + other.n;
        let nf = n as f64;
        let delta = other.mean - self.mean;
        self.mean += delta * (nb / nf);
        self.m2 += other.m2 + delta * delta * (na * (nb / nf));
        self.n = n;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Mean (0.0 when empty).
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Sample variance with the `n - 1` denominator (0.0 for `n <= 1`; NaN when a value was not
    /// finite: never a silent 0).
    pub fn variance(&self) -> f64 {
        if self.n <= 1 {
            0.0
        } else {
            non_negative(self.m2 / (self.n - 1) as f64)
        }
    }

    /// Sample standard deviation with the `n - 1` denominator (0.0 for `n <= 1`).
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Smallest observation (`+inf` when empty).
    pub fn min(&self) -> f64 {
        self.min
    }

    /// Largest observation (`-inf` when empty).
    pub fn max(&self) -> f64 {
        self.max
    }
}

impl AddAssign<&Moments> for Moments {
    fn add_assign(&mut self, other: &Moments) {
        self.merge(other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_distr::{Distribution, LogNormal, Normal};
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn batches_match_single_pushes() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| 100.0 + ((i * 7919) % 613) as f64 * 0.37)
            .collect();
        let mut one = Moments::default();
        xs.iter().for_each(|&x| one.push(x));
        let mut batched = Moments::default();
        xs.chunks(32).for_each(|c| batched.push_batch(c));
        assert_eq!(batched.count(), one.count());
        assert!((batched.mean() - one.mean()).abs() < 1e-12 * one.mean());
        assert!((batched.sd() - one.sd()).abs() < 1e-11 * one.sd());
        assert_eq!((batched.min(), batched.max()), (one.min(), one.max()));
        let mut same = Moments::default();
        [0.1; 100].chunks(32).for_each(|c| same.push_batch(c));
        assert_eq!((same.mean(), same.sd()), (0.1, 0.0));
    }
    fn rel(a: f64, b: f64) -> f64 {
        (a - b).abs() / b.abs().max(f64::MIN_POSITIVE)
    }

    /// Reference: two-pass mean and sample sd with Neumaier-compensated sums.
    fn two_pass(xs: &[f64]) -> (f64, f64) {
        fn ksum(it: impl Iterator<Item = f64>) -> f64 {
            let (mut s, mut c) = (0.0f64, 0.0f64);
            for x in it {
                let t = s + x;
                c += if s.abs() >= x.abs() {
                    (s - t) + x
                } else {
                    (x - t) + s
                };
                s = t;
            }
            s + c
        }
        let n = xs.len() as f64;
        let mean = ksum(xs.iter().copied()) / n;
        let ss = ksum(xs.iter().map(|x| (x - mean) * (x - mean)));
        (mean, (ss / (n - 1.0)).sqrt())
    }

    fn datasets() -> Vec<Vec<f64>> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let ln = LogNormal::new(0.0, 1.0).unwrap();
        let nm = Normal::new(1e3, 3.0).unwrap();
        vec![
            (0..50_000).map(|_| ln.sample(&mut rng)).collect(),
            (0..50_000).map(|_| nm.sample(&mut rng)).collect(),
            (0..777).map(|_| rng.random_range(-5.0..20.0)).collect(),
        ]
    }

    #[test]
    fn single_pass_matches_two_pass() {
        for xs in datasets() {
            let mut m = Moments::new();
            xs.iter().for_each(|&x| m.push(x));
            let (mean, sd) = two_pass(&xs);
            let (em, es) = (rel(m.mean(), mean), rel(m.sd(), sd));
            println!("n={} rel err: mean {em:.1e}, sd {es:.1e}", xs.len());
            assert_eq!(m.count(), xs.len() as u64);
            assert!(rel(m.mean(), mean) < 1e-12, "mean {} vs {mean}", m.mean());
            assert!(rel(m.sd(), sd) < 1e-12, "sd {} vs {sd}", m.sd());
            let mn = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let mx = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            assert_eq!((m.min(), m.max()), (mn, mx));
        }
    }

    #[test]
    fn merge_of_random_splits_matches_single_pass() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        for xs in datasets() {
            let mut whole = Moments::new();
            xs.iter().for_each(|&x| whole.push(x));
            for _ in 0..20 {
                // Random cut points, including empty parts.
                let mut cuts: Vec<usize> = (0..rng.random_range(1..12))
                    .map(|_| rng.random_range(0..=xs.len()))
                    .collect();
                cuts.extend([0, xs.len()]);
                cuts.sort_unstable();
                let mut parts: Vec<Moments> = cuts
                    .windows(2)
                    .map(|w| {
                        let mut m = Moments::new();
                        xs[w[0]..w[1]].iter().for_each(|&x| m.push(x));
                        m
                    })
                    .collect();
                // Pairwise tree reduction, like the engine.
                while parts.len() > 1 {
                    parts = parts
                        .chunks(2)
                        .map(|c| {
                            let mut a = c[0];
                            if let Some(b) = c.get(1) {
                                a += b;
                            }
                            a
                        })
                        .collect();
                }
                let m = parts[0];
                assert_eq!(m.count(), whole.count());
                assert!(rel(m.mean(), whole.mean()) < 1e-12);
                assert!(rel(m.sd(), whole.sd()) < 1e-12);
                assert_eq!((m.min(), m.max()), (whole.min(), whole.max()));
            }
        }
    }

    #[test]
    fn identical_values_give_exact_zero_sd_across_merges() {
        for &v in &[0.1, -3.7, 1e300, 5e-324, 123456.789, 0.0] {
            let mut total = Moments::new();
            for k in [1usize, 7, 0, 1000, 3] {
                let mut part = Moments::new();
                (0..k).for_each(|_| part.push(v));
                assert_eq!(part.sd(), 0.0);
                total.merge(&part);
                assert_eq!(total.sd(), 0.0, "v = {v}");
                assert_eq!(total.mean().to_bits(), v.to_bits(), "v = {v}");
            }
            assert_eq!(total.count(), 1011);
        }
    }

    #[test]
    fn empty_and_single_observation() {
        let e = Moments::default();
        assert_eq!((e.count(), e.mean(), e.sd()), (0, 0.0, 0.0));
        assert_eq!((e.min(), e.max()), (f64::INFINITY, f64::NEG_INFINITY));
        let mut one = Moments::new();
        one.push(4.5);
        assert_eq!((one.count(), one.mean(), one.sd()), (1, 4.5, 0.0));
        let mut m = one;
        m.merge(&e);
        assert_eq!(m, one);
        let mut m = e;
        m += &one;
        assert_eq!(m, one);
    }

    #[test]
    fn a_nan_shows_in_mean_and_sd_never_as_zero() {
        let mut m = Moments::default();
        m.push_batch(&[1.0, f64::NAN, 2.0]);
        assert!(m.mean().is_nan() && m.sd().is_nan());
        let mut m = Moments::default();
        m.push_batch(&[1e300, -1e300, 1e300]);
        assert!(
            !m.sd().is_finite() || m.sd() > 0.0,
            "overflowed sd is {}",
            m.sd()
        );
    }
}
