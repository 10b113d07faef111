//! Accuracy of [`QuantileSketch`](super::QuantileSketch) quantiles in Monte Carlo standard errors.
//!
//! For 20 000 draws of smooth distributions, every quantile of [`QS`] must be within
//! [`TOLERANCE_SE`] standard errors of the exact sample quantile of the same rank
//! `⌊q(n−1)⌋`. SE of the sample quantile: `sqrt(q(1−q)/n) / f`, with the density `f`
//! estimated from the order statistics `k = ⌈√n⌉` ranks either side of the quantile.

use super::*;
use rand::SeedableRng;
use rand_distr::{Distribution, LogNormal, Normal};
use rand_xoshiro::Xoshiro256PlusPlus;

const QS: [f64; 7] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
/// Largest allowed error, in Monte Carlo standard errors of the sample quantile.
const TOLERANCE_SE: f64 = 0.5;

/// Worst |reported − exact| / SE over [`QS`].
fn worst_error_in_se(xs: &[f64]) -> f64 {
    let mut s = QuantileSketch::default();
    s.insert_batch(xs);
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let k = (n as f64).sqrt().ceil() as usize;
    QS.iter()
        .map(|&q| {
            let r = (q * (n - 1) as f64).floor() as usize;
            let (a, b) = (r.saturating_sub(k), (r + k).min(n - 1));
            let f = ((b - a) as f64 / n as f64) / (sorted[b] - sorted[a]);
            let se = (q * (1.0 - q) / n as f64).sqrt() / f;
            (s.quantile(q) - sorted[r]).abs() / se
        })
        .fold(0.0, f64::max)
}

#[test]
fn quantiles_within_half_a_standard_error() {
    let n = 20_000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let cases: Vec<(&str, Vec<f64>)> = vec![
        // Narrow relative to its value: the old α = 1 % buckets were 13 SE off here.
        ("normal(100,10)", {
            let d = Normal::new(100.0, 10.0).unwrap();
            (0..n).map(|_| d.sample(&mut rng)).collect()
        }),
        ("normal(0.6,0.01)", {
            let d = Normal::new(0.6, 0.01).unwrap();
            (0..n).map(|_| d.sample(&mut rng)).collect()
        }),
        ("lognormal(0,1)", {
            let d = LogNormal::new(0.0, 1.0).unwrap();
            (0..n).map(|_| d.sample(&mut rng)).collect()
        }),
        ("-lognormal(3,0.2)", {
            let d = LogNormal::new(3.0, 0.2).unwrap();
            (0..n).map(|_| -d.sample(&mut rng)).collect()
        }),
    ];
    for (name, xs) in cases {
        let w = worst_error_in_se(&xs);
        println!("{name:>18}: worst error {w:.3} SE");
        assert!(w < TOLERANCE_SE, "{name}: worst error {w} SE");
    }
}
