//! Tests of [`QuantileCells`](super::QuantileCells): exactness, merge invariance, accuracy.

use super::*;
use crate::stats::DEFAULT_ALPHA;
use rand::SeedableRng;
use rand_distr::{Distribution, LogNormal, Normal};
use rand_xoshiro::Xoshiro256PlusPlus;

const QS: [f64; 9] = [0.01, 0.02, 0.05, 0.25, 0.5, 0.75, 0.95, 0.98, 0.99];
const PILOT: usize = 4096;

/// One cell: the first `PILOT` values kept, then binned on their grid, pushed in runs of 32.
fn binned_one_cell(xs: &[f64]) -> QuantileCells {
    let mut pilot = QuantileCells::exact(1);
    let k = PILOT.min(xs.len());
    pilot.push_strided(&xs[..k], k, k);
    let grid = Arc::new(QuantileCells::pilot_grid(&[&pilot]));
    let binning = Binning::new(grid, DEFAULT_ALPHA, 1);
    let mut acc = pilot.into_binned(&binning);
    for run in xs[k..].chunks(32) {
        acc.push_strided(run, run.len(), run.len());
    }
    acc.seal();
    acc
}

/// Worst |reported − exact| / SE over `QS` (SE from the order statistics `⌈√n⌉` ranks around).
fn worst_error_in_se(xs: &[f64]) -> f64 {
    let acc = binned_one_cell(xs);
    let cell = acc.cell(0);
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let k = (n as f64).sqrt().ceil() as usize;
    QS.iter()
        .map(|&q| {
            let r = rank_of(q, n as u64) as usize;
            let (a, b) = (r.saturating_sub(k), (r + k).min(n - 1));
            let err = (cell.quantile(q) - sorted[r]).abs();
            if sorted[b] == sorted[a] {
                assert_eq!(err, 0.0, "q={q}: an atom must come back exactly");
                return 0.0;
            }
            let f = ((b - a) as f64 / n as f64) / (sorted[b] - sorted[a]);
            let e = err / ((q * (1.0 - q) / n as f64).sqrt() / f);
            if e > 0.2 {
                println!(
                    "  q={q}: reported {} exact {} ({e:.3} SE)",
                    cell.quantile(q),
                    sorted[r]
                );
            }
            e
        })
        .fold(0.0, f64::max)
}

fn draws(n: usize, seed: u64, f: impl Fn(&mut Xoshiro256PlusPlus) -> f64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n).map(|_| f(&mut rng)).collect()
}

fn cases(n: usize) -> Vec<(&'static str, Vec<f64>)> {
    let normal = |m, s| Normal::new(m, s).unwrap();
    vec![
        (
            "normal(100,10)",
            draws(n, 1, |r| normal(100.0, 10.0).sample(r)),
        ),
        (
            "normal(0.6,0.01)",
            draws(n, 2, |r| normal(0.6, 0.01).sample(r)),
        ),
        (
            "lognormal(0,1)",
            draws(n, 3, |r| LogNormal::new(0.0, 1.0).unwrap().sample(r)),
        ),
        (
            "-lognormal(3,0.2)",
            draws(n, 4, |r| -LogNormal::new(3.0, 0.2).unwrap().sample(r)),
        ),
        // A near-atom in a wide range, as audience_m at step 1 (the old sketch's worst case).
        (
            "near-atom",
            draws(n, 5, |r| {
                if Distribution::<f64>::sample(&rand_distr::StandardUniform, r) < 0.9 {
                    normal(208.98, 0.003).sample(r)
                } else {
                    normal(190.0, 10.0).sample(r)
                }
            }),
        ),
        // Crossing zero with values close to it, as services_balance_bn.
        ("normal(0,1)", draws(n, 6, |r| normal(0.0, 1.0).sample(r))),
        (
            "integers",
            draws(n, 7, |r| (normal(3.0, 2.0).sample(r).max(0.0)).floor()),
        ),
        (
            "point mass + normal",
            draws(n, 8, |r| {
                if Distribution::<f64>::sample(&rand_distr::StandardUniform, r) < 0.3 {
                    0.0
                } else {
                    normal(5.0, 1.0).sample(r)
                }
            }),
        ),
    ]
}

/// Largest allowed error, in Monte Carlo standard errors of the sample quantile.
const TOLERANCE_SE: f64 = 0.5;

#[test]
fn quantiles_within_half_a_standard_error_at_20k() {
    for (name, xs) in cases(20_000) {
        let w = worst_error_in_se(&xs);
        println!("{name:>20}: worst error {w:.3} SE");
        assert!(w < TOLERANCE_SE, "{name}: worst error {w} SE");
    }
}

#[test]
fn quantiles_within_half_a_standard_error_at_500k() {
    for (name, xs) in cases(500_000) {
        let w = worst_error_in_se(&xs);
        println!("{name:>20}: worst error {w:.3} SE");
        assert!(w < TOLERANCE_SE, "{name}: worst error {w} SE");
    }
}

#[test]
fn exact_mode_returns_order_statistics() {
    let xs = draws(1001, 9, |r| Normal::new(0.0, 1.0).unwrap().sample(r));
    let mut acc = QuantileCells::exact(1);
    acc.push_strided(&xs[..500], 500, 500);
    let mut right = QuantileCells::exact(1);
    right.push_strided(&xs[500..], 501, 501);
    acc.merge(right);
    let mut sorted = xs.clone();
    sorted.sort_by(f64::total_cmp);
    for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
        assert_eq!(acc.cell(0).quantile(q), sorted[rank_of(q, 1001) as usize]);
    }
    acc.seal();
    assert_eq!(acc.cell(0).quantile(0.5), sorted[500]);
    assert_eq!(acc.cell(0).count(), 1001);
}

#[test]
fn binned_counts_do_not_depend_on_split_order_or_banks() {
    let xs = draws(9000, 10, |r| LogNormal::new(1.0, 0.5).unwrap().sample(r));
    let mut pilot = QuantileCells::exact(1);
    pilot.push_strided(&xs[..1000], 1000, 1000);
    let grid = Arc::new(QuantileCells::pilot_grid(&[&pilot]));
    let answer = |cuts: &[usize], banks: usize| {
        let binning = Binning::new(Arc::clone(&grid), DEFAULT_ALPHA, banks);
        let mut parts: Vec<QuantileCells> = cuts
            .windows(2)
            .map(|w| {
                let mut p = QuantileCells::binned(&binning);
                p.push_strided(&xs[w[0]..w[1]], w[1] - w[0], w[1] - w[0]);
                p
            })
            .collect();
        let mut acc = parts.remove(0);
        for p in parts {
            acc.merge(p);
        }
        acc.seal();
        let c = acc.cell(0);
        (QS.map(|q| c.quantile(q).to_bits()), c.histogram().len())
    };
    let one = answer(&[0, 9000], 1);
    assert_eq!(answer(&[0, 17, 4000, 9000], 3), one);
    assert_eq!(answer(&[0, 8999, 9000], 8), one);
}

#[test]
fn converting_kept_values_equals_binning_them() {
    let xs = draws(3000, 11, |r| Normal::new(10.0, 3.0).unwrap().sample(r));
    let mut pilot = QuantileCells::exact(1);
    pilot.push_strided(&xs[..2000], 2000, 2000);
    let grid = Arc::new(QuantileCells::pilot_grid(&[&pilot]));
    let (b1, b2) = (
        Binning::new(Arc::clone(&grid), DEFAULT_ALPHA, 1),
        Binning::new(grid, DEFAULT_ALPHA, 1),
    );
    let mut converted = pilot.into_binned(&b1);
    let mut direct = QuantileCells::binned(&b2);
    direct.push_strided(&xs[..2000], 2000, 2000);
    for acc in [&mut converted, &mut direct] {
        acc.push_strided(&xs[2000..], 1000, 1000);
        acc.seal();
    }
    assert_eq!(b1.totals(), b2.totals());
    for q in QS {
        assert_eq!(converted.cell(0).quantile(q), direct.cell(0).quantile(q));
    }
}

#[test]
fn values_beyond_the_pilot_come_from_the_tail_sketch() {
    // Pilot on [0, 1); later values up to 1000: the top quantiles lie past the grid.
    let mut xs: Vec<f64> = (0..PILOT).map(|i| i as f64 / PILOT as f64).collect();
    xs.extend((0..PILOT).map(|i| 1.0 + 1000.0 * i as f64 / PILOT as f64));
    let acc = binned_one_cell(&xs);
    let c = acc.cell(0);
    let n = 2 * PILOT as u64;
    assert_eq!(c.count(), n);
    let mut sorted = xs.clone();
    sorted.sort_by(f64::total_cmp);
    for q in [0.6, 0.9, 0.99] {
        let exact = sorted[rank_of(q, n) as usize];
        let got = c.quantile(q);
        assert!(
            (got - exact).abs() <= DEFAULT_ALPHA * exact,
            "q={q}: {got} vs {exact}"
        );
    }
    assert_eq!(c.quantile(1.0), *sorted.last().unwrap());
    let h = c.histogram();
    assert_eq!(h.iter().map(|b| b.2).sum::<u64>(), n);
    assert!(h.windows(2).all(|w| w[0].0 <= w[1].0), "ascending");
}

#[test]
fn non_finite_values_are_left_out_and_empty_cells_are_nan() {
    let mut acc = QuantileCells::exact(2);
    acc.push_strided(&[1.0, f64::NAN, f64::INFINITY, 2.0, 3.0, 4.0], 3, 3);
    assert_eq!(acc.cell(0).count(), 1);
    let grid = Arc::new(QuantileCells::pilot_grid(&[&acc]));
    let binning = Binning::new(grid, DEFAULT_ALPHA, 2);
    let mut b = QuantileCells::binned(&binning);
    b.push_strided(&[f64::NAN, f64::NEG_INFINITY, 5.0, 6.0], 2, 2);
    b.seal();
    assert_eq!((b.cell(0).count(), b.cell(1).count()), (0, 2));
    assert!(b.cell(0).quantile(0.5).is_nan());
    assert!(QuantileCells::exact(1).cell(0).quantile(0.5).is_nan());
}

#[test]
fn the_pilot_grid_is_the_same_on_any_number_of_threads() {
    // 37 cells: empty, constant, integer-valued and continuous, in two exact parts.
    let cells = 37;
    let mut parts = [QuantileCells::exact(cells), QuantileCells::exact(cells)];
    let len = 300;
    for (p, part) in parts.iter_mut().enumerate() {
        let data: Vec<f64> = (0..cells * len)
            .map(|i| {
                let (j, k) = (i / len, (i % len + p * len) as f64);
                match j % 4 {
                    0 => f64::NAN,
                    1 => 2.5,
                    2 => (k * 7.0) % 5.0,
                    _ => (k * 0.618 + j as f64).sin() * 10f64.powi(j as i32 % 5),
                }
            })
            .collect();
        part.push_strided(&data, len, len);
    }
    let refs: Vec<&QuantileCells> = parts.iter().collect();
    // The serial reference: each cell's values of both parts, sorted, one cell after another.
    let sorted = (0..cells).map(|j| {
        let mut v: Vec<f64> = refs
            .iter()
            .flat_map(|p| match &p.store {
                Store::Exact(values) => values[j].concat(),
                Store::Binned(_) => unreachable!(),
            })
            .collect();
        v.sort_by(f64::total_cmp);
        v
    });
    let want = GridSet::from_sorted_cells(sorted);
    assert_eq!(want.edge_count(0), 0, "cell 0 has no finite value");
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let got = pool.install(|| QuantileCells::pilot_grid(&refs));
        assert!(got == want, "{threads} threads");
    }
}
