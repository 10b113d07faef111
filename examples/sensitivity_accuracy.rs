//! Measures the Sobol indices of `softpower::study` against the analytic values of Ishigami and
//! Sobol's G function over several seeds: worst error and how many intervals cover the truth.
//!
//! `cargo run --example sensitivity_accuracy -- [N] [SEEDS] [RESAMPLES]` (defaults 8192, 5,
//! 1000). Seed `s` (1 to SEEDS) seeds both the scrambled Sobol design and the bootstrap. The
//! same figures for SALib come from `scripts/salib_ishigami.py`; `docs/sensitivity.md` has
//! both.

use softpower::study::analytic::{
    ishigami_indices, ishigami_on_unit_cube, sobol_g_indices, sobol_g_on_unit_cube,
};
use softpower::study::{Bootstrap, Estimate, SaltelliDesign};

/// Worst absolute error, intervals covering the truth, and mean interval width.
fn score(est: &[Estimate], truth: &[f64]) -> (f64, usize, f64) {
    let mut worst: f64 = 0.0;
    let (mut covered, mut width) = (0, 0.0);
    for (e, &t) in est.iter().zip(truth) {
        worst = worst.max((e.value - t).abs());
        let iv = e.interval.expect("resampled");
        covered += iv.contains(t) as usize;
        width += iv.high - iv.low;
    }
    (worst, covered, width / est.len() as f64)
}

fn main() {
    let arg = |i: usize, default: usize| {
        std::env::args()
            .nth(i)
            .map_or(default, |a| a.parse().expect("a whole number"))
    };
    let (n, seeds, resamples) = (arg(1, 8192), arg(2, 5) as u64, arg(3, 1000));
    let g_a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
    let (is1, ist) = ishigami_indices(7.0, 0.1);
    let (gs1, gst) = sobol_g_indices(&g_a);
    type Model<'a> = (&'a str, usize, Box<dyn Fn(&[f64]) -> f64>, Vec<f64>);
    let models: [Model; 2] = [
        (
            "ishigami",
            3,
            Box::new(|u| ishigami_on_unit_cube(7.0, 0.1, u)),
            [is1, ist].concat(),
        ),
        (
            "sobol_g",
            6,
            Box::new(move |u| sobol_g_on_unit_cube(&g_a, u)),
            [gs1, gst].concat(),
        ),
    ];
    println!("N = {n}, {seeds} seeds, {resamples} resamples, 95 % percentile intervals");
    for (name, k, f, truth) in &models {
        let (mut worsts, mut covered, mut width) = (Vec::new(), 0, 0.0);
        let mut sq = vec![0.0; 2 * k];
        let t = std::time::Instant::now();
        for seed in 1..=seeds {
            let d = SaltelliDesign::new(n, *k, false, seed).expect("design");
            let y: Vec<f64> = d.points().rows().map(f).collect();
            let b = Bootstrap::new(resamples, 0.95, seed).expect("bootstrap");
            let idx = d.analyze(&y, &b).expect("analysis");
            let est = [idx.s1, idx.st].concat();
            let (w, c, wd) = score(&est, truth);
            println!(
                "{name} seed {seed}: worst error {w:.4}, covered {c}/{}, mean width {wd:.4}",
                est.len()
            );
            for (q, (e, t)) in sq.iter_mut().zip(est.iter().zip(truth)) {
                *q += (e.value - t) * (e.value - t);
            }
            worsts.push(w);
            covered += c;
            width += wd;
        }
        worsts.sort_by(f64::total_cmp);
        println!(
            "{name}: worst error {:.4}, intervals covering {covered}/{}, mean width {:.4}; \
             median of the seeds' worst errors {:.4}, seeds with every error below 0.003: {}/{seeds} \
             ({:.2} s for design, evaluation and analysis)",
            worsts[worsts.len() - 1],
            seeds as usize * 2 * k,
            width / seeds as f64,
            worsts[(worsts.len() - 1) / 2],
            worsts.iter().filter(|&&w| w < 0.003).count(),
            t.elapsed().as_secs_f64()
        );
        let rms: Vec<String> = sq
            .iter()
            .map(|q| format!("{:.5}", (q / seeds as f64).sqrt()))
            .collect();
        println!("{name}: RMS error of S1, then ST: {}", rms.join(" "));
    }
}
