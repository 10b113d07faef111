//! Tests of the normal sampler: the fast path is rand_distr's, and the draws are standard normal
//! (moments, a binned chi-square test, the tail, serial correlation), each with a stated
//! tolerance. That the AVX2 and portable loops agree to the bit is tested in `arch::normals`.

use super::{candidate, Pending};
use crate::engine::lanes::LaneRng;
use crate::engine::rng::{stream, PathRng};
use crate::engine::zig_tables::ZIG_NORM_R;
use core::convert::Infallible;
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

fn sources(seed: u64, path: u64) -> (LaneRng, PathRng) {
    (LaneRng::new(seed, path), stream(seed, path, 0))
}

fn fill_normals(l: &mut LaneRng, r: &mut PathRng, buf: &mut [f64]) {
    super::fill_normals(l, r, &mut Pending::default(), buf);
}

/// A generator that returns one fixed word, to feed rand_distr's ziggurat a chosen candidate.
struct Fixed(u64);
impl rand::TryRng for Fixed {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.0 as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        dst.fill(0);
        Ok(())
    }
}

#[test]
fn fast_path_is_rand_distrs() {
    let mut r = stream(1, 1, 1);
    let mut checked = 0;
    for _ in 0..200_000 {
        let b = r.next_u64();
        let (x, ok) = candidate(b);
        if ok {
            let theirs: f64 = StandardNormal.sample(&mut Fixed(b));
            assert_eq!(x.to_bits(), theirs.to_bits(), "word {b:#x}");
            checked += 1;
        }
    }
    assert!(checked > 195_000, "only {checked} accepted");
}

#[test]
fn blocks_and_partial_blocks_are_deterministic() {
    let fills = |lens: &[usize]| {
        let (mut l, mut r) = sources(9, 0);
        let mut all = Vec::new();
        for &n in lens {
            let mut buf = vec![0.0; n];
            fill_normals(&mut l, &mut r, &mut buf);
            all.extend(buf);
        }
        all
    };
    let whole = fills(&[816]);
    assert_eq!(whole, fills(&[816]), "the same calls give the same values");
    let halves = fills(&[408, 408]);
    // Lane words feed positions in blocks of eight whatever the call sizes; only candidates
    // sent to the slow path (about 1.5 %) may differ, since each call finishes its own batch.
    let same = whole.iter().zip(&halves).filter(|(a, b)| a == b).count();
    assert!(same >= 816 - 40, "{same} of 816 equal");
    // A partial block uses the first lanes of a full block and discards the rest.
    let mut l = LaneRng::new(9, 0);
    let first = l.next_block();
    let mut ours = fills(&[5, 8]);
    let expect: Vec<f64> = first[..5].iter().map(|&b| candidate(b).0).collect();
    for (k, (a, b)) in ours.drain(..5).zip(expect).enumerate() {
        assert!(a == b || !candidate(first[k]).1, "position {k}");
    }
    // The second call starts at the next block: lane words of block 2 = positions 8..16.
    let second = l.next_block();
    for (k, (&a, &b)) in ours.iter().zip(&whole[8..16]).enumerate() {
        assert!(a == b || !candidate(second[k]).1, "position {}", 8 + k);
    }
    assert_eq!(ours[0], candidate(second[0]).0);
}

/// 4 million draws from 64 paths' streams, in the engine's buffer length.
fn sample() -> Vec<f64> {
    let mut out = Vec::with_capacity(4_000_000);
    let mut buf = vec![0.0; 408];
    let mut path = 0;
    while out.len() < 4_000_000 {
        let (mut l, mut r) = sources(2021, path);
        for _ in 0..160 {
            fill_normals(&mut l, &mut r, &mut buf);
            out.extend_from_slice(&buf);
        }
        path += 1;
    }
    out
}

/// Standard normal CDF from the library's erfc-based upper tail (fractional error < 1.2e-7).
fn cdf(z: f64) -> f64 {
    crate::engine::dist::normal_cdf(z)
}

#[test]
fn draws_are_standard_normal() {
    let xs = sample();
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let m = |k: i32| xs.iter().map(|x| (x - mean).powi(k)).sum::<f64>() / n;
    let (var, m3, m4) = (m(2), m(3), m(4));
    let skew = m3 / var.powf(1.5);
    let kurt = m4 / (var * var) - 3.0;
    println!("n={n} mean={mean:.2e} var={var:.5} skew={skew:.2e} excess kurtosis={kurt:.2e}");
    // Tolerance: 5 standard errors of each statistic under N(0, 1).
    assert!(mean.abs() < 5.0 / n.sqrt(), "mean {mean}");
    assert!((var - 1.0).abs() < 5.0 * (2.0 / n).sqrt(), "variance {var}");
    assert!(skew.abs() < 5.0 * (6.0 / n).sqrt(), "skewness {skew}");
    assert!(
        kurt.abs() < 5.0 * (24.0 / n).sqrt(),
        "excess kurtosis {kurt}"
    );

    // Chi-square over bins of width 0.05 on [-6, 6], merged until each expects at least 20.
    let mut counts = vec![0u64; 242];
    for &x in &xs {
        let b = ((x + 6.0) / 0.05).floor() + 1.0;
        counts[b.clamp(0.0, 241.0) as usize] += 1;
    }
    let edge = |b: usize| -6.0 + 0.05 * b as f64;
    let prob = |b: usize| match b {
        0 => cdf(-6.0),
        241 => cdf(-6.0),
        _ => cdf(edge(b)) - cdf(edge(b - 1)),
    };
    let (mut chi2, mut df, mut obs, mut exp) = (0.0, 0i64, 0.0, 0.0);
    for (b, &count) in counts.iter().enumerate() {
        obs += count as f64;
        exp += n * prob(b);
        if exp >= 20.0 || b == 241 {
            chi2 += (obs - exp) * (obs - exp) / exp;
            df += 1;
            (obs, exp) = (0.0, 0.0);
        }
    }
    df -= 1;
    let bound = df as f64 + 5.0 * (2.0 * df as f64).sqrt();
    println!("chi-square {chi2:.1} on {df} degrees of freedom (bound {bound:.1})");
    assert!(chi2 < bound, "chi-square {chi2} on {df} df");

    // The tail beyond R (the zero layer's own code path): count and conditional shape.
    let beyond = |t: f64| xs.iter().filter(|x| x.abs() > t).count() as f64;
    for t in [ZIG_NORM_R, 4.0, 4.5] {
        let expected = 2.0 * cdf(-t) * n;
        let got = beyond(t);
        println!("|z| > {t:.3}: {got} draws, expected {expected:.1}");
        assert!(
            (got - expected).abs() < 5.0 * expected.sqrt() + 1.0,
            "tail beyond {t}"
        );
    }

    // Serial correlation at lags 1 (neighbouring lanes) and 8 (same lane, next block).
    for lag in [1, 8, 408] {
        let c = xs.windows(lag + 1).map(|w| w[0] * w[lag]).sum::<f64>() / (n - lag as f64);
        assert!(c.abs() < 5.0 / n.sqrt(), "lag-{lag} correlation {c}");
    }
}
