//! Unit tests and the ignored insert micro-benchmark for [`QuantileSketch`](super::QuantileSketch).
//!
//! Rank error of a returned value `v` for target rank `r = ⌊q(n−1)⌋`: the
//! number of sorted positions between `r` and the positions `v` occupies (or
//! would be inserted at), divided by `n`. Print with
//! `cargo test --lib stats::sketch -- --nocapture`.

use super::*;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, LogNormal, Normal};
use rand_xoshiro::Xoshiro256PlusPlus;

const QS: [f64; 7] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
/// Proven value bound for α = 0.01 (buckets of relative width at most 1/128).
const BOUND: f64 = 1.0 / 128.0;

fn sketch_of(xs: &[f64]) -> QuantileSketch {
    let mut s = QuantileSketch::default();
    xs.iter().for_each(|&x| s.insert(x));
    s
}

fn rank_of(q: f64, n: usize) -> usize {
    (q * (n - 1) as f64).floor() as usize
}

/// Rank error (fraction of n) of `v` against target rank `r` in `sorted`.
fn rank_error(sorted: &[f64], r: usize, v: f64) -> f64 {
    let lo = sorted.partition_point(|&x| x < v);
    let hi = sorted.partition_point(|&x| x <= v);
    let d = if r < lo {
        lo - r
    } else if r >= hi {
        r + 1 - hi
    } else {
        0
    };
    d as f64 / sorted.len() as f64
}

/// Datasets of 100k draws: (name, values, integer-valued, rank-error bound).
///
/// For smooth data the rank error is about `α'·sup|x|·f(x)` with
/// α' = 1/101: 0.399 for lognormal(0,1), ≈4.03 for normal(100,10) (narrow
/// relative spread), ≤0.41 for the mix. Bounds: 1.1× that + 0.002 noise.
fn datasets() -> Vec<(&'static str, Vec<f64>, bool, f64)> {
    let n = 100_000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    let ln = LogNormal::new(0.0, 1.0).unwrap();
    let ln2 = LogNormal::new(1.0, 0.5).unwrap();
    let nm = Normal::new(100.0, 10.0).unwrap();
    let nm0 = Normal::new(0.0, 5.0).unwrap();
    let bound = |sup: f64| 1.1 * sup / 101.0 + 0.002;
    let lognormal = (0..n).map(|_| ln.sample(&mut rng)).collect();
    let normal = (0..n).map(|_| nm.sample(&mut rng)).collect();
    // 40% lognormal(0,1), 25% -lognormal(1,0.5), 15% zeros, 20% normal(0,5).
    let mix = (0..n)
        .map(|_| match rng.random_range(0..20) {
            0..8 => ln.sample(&mut rng),
            8..13 => -ln2.sample(&mut rng),
            13..16 => 0.0,
            _ => nm0.sample(&mut rng),
        })
        .collect();
    let ints = (0..n).map(|_| rng.random_range(0..8) as f64).collect();
    vec![
        ("lognormal(0,1)", lognormal, false, bound(0.399)),
        ("normal(100,10)", normal, false, bound(4.03)),
        ("mix +/-/0", mix, false, bound(0.41)),
        ("uniform int 0..8", ints, true, 0.0),
    ]
}

#[test]
fn quantiles_within_alpha_and_rank_error_bounded() {
    for (name, xs, integer, rank_bound) in datasets() {
        let s = sketch_of(&xs);
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(s.count(), xs.len() as u64);
        assert_eq!(s.quantile(0.0), sorted[0]);
        assert_eq!(s.quantile(1.0), *sorted.last().unwrap());
        let mut worst = 0.0f64;
        for q in QS {
            let r = rank_of(q, xs.len());
            let exact = sorted[r];
            let v = if integer {
                s.quantile_integer(q)
            } else {
                s.quantile(q)
            };
            if integer {
                assert_eq!(v, exact, "{name} q={q}");
            }
            assert!(
                (v - exact).abs() <= BOUND * exact.abs(),
                "{name} q={q}: sketch {v} vs exact {exact}"
            );
            let re = rank_error(&sorted, r, v);
            worst = worst.max(re);
            println!("{name:>18} q={q:<4} exact={exact:<12.6} sketch={v:<12.6} rank_err={re:.5}");
        }
        println!(
            "{name:>18} max rank error {worst:.5} (bound {rank_bound:.4}), {} B",
            s.memory_bytes()
        );
        assert!(worst <= rank_bound, "{name}: rank error {worst}");
        assert!(s.memory_bytes() < 64 * 1024, "{name}: {}", s.memory_bytes());
    }
}

#[test]
fn coarsest_buckets_within_alpha_over_whole_range() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    for alpha in [DEFAULT_ALPHA, 0.001, 0.05, 0.3, 1e-6] {
        let s = QuantileSketch::new(alpha);
        let level = s.pos.max_level_for_tests();
        let extremes = [f64::MIN_POSITIVE, f64::MAX, 1.0, 2.0, 1.0 - 1e-16, 0.75];
        let random = (0..20_000).map(|_| {
            let e = rng.random_range(-1022..1024);
            rng.random_range(1.0..2.0) * 2f64.powi(e)
        });
        for x in extremes.into_iter().chain(random) {
            let idx = ((x.to_bits() & ABS_MASK) >> FINE_SHIFT) as i32 >> level;
            let (lo, hi) = bounds(idx, level);
            assert!(lo <= x && x < hi, "a={alpha} x={x} [{lo}, {hi})");
            // The top bucket's `hi` overflows to +inf (clamped to the max in use).
            let width = if hi.is_finite() { hi - lo } else { x - lo };
            assert!(width <= alpha * x, "a={alpha} x={x} [{lo}, {hi})");
        }
    }
}

fn assert_identical(a: &QuantileSketch, b: &QuantileSketch) {
    assert_eq!(
        a.pos.iter().collect::<Vec<_>>(),
        b.pos.iter().collect::<Vec<_>>()
    );
    assert_eq!(
        a.neg.iter().collect::<Vec<_>>(),
        b.neg.iter().collect::<Vec<_>>()
    );
    assert_eq!((a.zero, a.count()), (b.zero, b.count()));
    assert_eq!(
        (a.min.to_bits(), a.max.to_bits()),
        (b.min.to_bits(), b.max.to_bits())
    );
    for i in 0..=1000 {
        let q = i as f64 / 1000.0;
        assert_eq!(a.quantile(q).to_bits(), b.quantile(q).to_bits(), "q={q}");
    }
}

#[test]
fn merge_of_random_splits_is_bit_identical() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
    for (_, xs, _, _) in datasets() {
        let whole = sketch_of(&xs);
        for trial in 0..6 {
            let mut cuts: Vec<usize> = (0..rng.random_range(1..16))
                .map(|_| rng.random_range(0..=xs.len()))
                .collect();
            cuts.extend([0, xs.len()]);
            cuts.sort_unstable();
            let mut parts: Vec<QuantileSketch> = cuts
                .windows(2)
                .map(|w| sketch_of(&xs[w[0]..w[1]]))
                .collect();
            if trial % 2 == 1 {
                parts.reverse(); // merge order must not matter
            }
            while parts.len() > 1 {
                let mut next = Vec::new();
                for c in parts.chunks(2) {
                    let mut a = c[0].clone();
                    if let Some(b) = c.get(1) {
                        a.merge(b);
                    }
                    next.push(a);
                }
                parts = next;
            }
            assert_identical(&parts[0], &whole);
        }
    }
}

#[test]
fn identical_values_give_exact_quantiles() {
    for v in [3.7, -2.5, 1e-300, 12345.678, 0.0, 1e-310] {
        let mut total = QuantileSketch::default();
        for k in [5, 0, 1000, 1] {
            let mut part = QuantileSketch::default();
            (0..k).for_each(|_| part.insert(v));
            total.merge(&part);
        }
        for q in [0.0, 0.01, 0.3, 0.5, 0.99, 1.0] {
            assert_eq!(total.quantile(q), v, "v={v} q={q}");
        }
        assert_eq!(total.count(), 1006);
    }
}

#[test]
fn empty_tiny_and_small_samples() {
    let mut s = QuantileSketch::default();
    assert!(s.is_empty() && s.quantile(0.5).is_nan() && s.quantile_integer(0.5).is_nan());
    assert_eq!(s.memory_bytes(), 0);
    for x in [9.0, -4.0, 0.0, -1.0, 1e-310, -0.0, 9.0, -4.0] {
        s.insert(x);
    }
    // Sorted: -4 -4 -1 | 0 -0 1e-310 (zero bucket) | 9 9; ranks ⌊q·7⌋.
    assert_eq!(s.quantile(0.0), -4.0);
    assert_eq!(s.quantile(0.2), -4.0); // rank 1: representative clamped to min
    assert!((s.quantile(0.3) + 1.0).abs() <= BOUND); // rank 2: -1 bucket
    assert_eq!(s.quantile(0.5), 0.0); // rank 3
    assert_eq!(s.quantile(0.7), 0.0); // rank 4
    assert_eq!(s.quantile(0.9), 9.0); // rank 6: clamped to max
    assert_eq!(s.quantile(1.0), 9.0);
    assert!(s.quantile(0.1).is_finite() && s.quantile(f64::NAN).is_nan());
}

#[test]
#[should_panic]
fn merge_with_different_alpha_panics() {
    QuantileSketch::new(0.01).merge(&QuantileSketch::new(0.001));
}

#[test]
fn non_finite_inputs_are_left_out() {
    let mut s = QuantileSketch::default();
    s.insert(f64::NAN);
    s.insert(f64::INFINITY);
    s.insert(2.0);
    assert_eq!(s.count(), 1);
    assert_eq!(s.quantile(0.5), 2.0);
}

/// `cargo test --release --lib stats -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_insert_and_push() {
    use std::hint::black_box;
    use std::time::Instant;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let ln = LogNormal::new(0.0, 1.0).unwrap();
    let xs: Vec<f64> = (0..1 << 16).map(|_| ln.sample(&mut rng)).collect();
    let rounds = 300;
    let total = (rounds * xs.len()) as f64;
    let mut s = QuantileSketch::default();
    let t = Instant::now();
    for _ in 0..rounds {
        for &x in black_box(&xs) {
            s.insert(x);
        }
    }
    let ns_sketch = t.elapsed().as_nanos() as f64 / total;
    black_box(&s);
    let mut m = super::super::Moments::default();
    let t = Instant::now();
    for _ in 0..rounds {
        for &x in black_box(&xs) {
            m.push(x);
        }
    }
    let ns_moments = t.elapsed().as_nanos() as f64 / total;
    black_box(&m);
    println!(
        "QuantileSketch::insert {ns_sketch:.2} ns/value, Moments::push {ns_moments:.2} ns/value"
    );
}
