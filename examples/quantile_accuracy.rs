//! Measures the reported quantiles against the exact sample quantiles of the same paths.
//!
//! `cargo run --release --example quantile_accuracy -- SCENARIO PATHS [STEP,STEP,…]`
//!
//! Runs the scenario through the engine (as `softpower run` does), then re-simulates every
//! path with [`trace_path`](softpower::engine::trace::trace_path) and keeps the exact values of
//! the chosen steps (default: all). For each (step, outcome, quantile) it prints the error of
//! the reported value in Monte Carlo standard errors of the sample quantile,
//! `SE = sqrt(q(1−q)/n) / f`, with the density `f ≈ (2k/n) / (x_(r+k) − x_(r−k))`,
//! `k = ⌈√n⌉`, `r = ⌊q(n−1)⌋` (the sketch's rank). Where that spacing is 0 (all values equal
//! near the quantile: integer outcomes, constants) the reported value must equal the exact
//! one; mismatches are counted. Prints the 20 worst cases and a summary line.

use rayon::prelude::*;
use softpower::engine::{self, RunOptions};
use softpower::results::Summary;
use softpower::scenario::{Loader, Override};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let file = args.get(1).expect("usage: SCENARIO PATHS [STEPS]");
    let paths: u64 = args.get(2).map_or(20_000, |p| p.parse().expect("PATHS"));
    let ov = Override::parse(&format!("scenario.paths={paths}")).expect("override");
    let s = Loader::new()
        .with_overrides(vec![ov])
        .load_file(std::path::Path::new(file))
        .unwrap_or_else(|e| panic!("{e}"));
    let steps: Vec<usize> = match args.get(3) {
        Some(a) => a.split(',').map(|k| k.parse().expect("STEP")).collect(),
        None => (0..=s.steps()).collect(),
    };
    let model = s.build_model();
    let setup = s.path_setup();
    let opts = RunOptions {
        paths,
        seed: s.seed(),
        threads: 0,
        alpha: softpower::stats::DEFAULT_ALPHA,
    };
    let t = std::time::Instant::now();
    let out = engine::run(&*model, &setup, &opts, None).expect("run");
    let summary = Summary::new(&s, &out);
    eprintln!("engine run {:.1}s", t.elapsed().as_secs_f64());
    let names = s.info().outcome_names();
    let nout = names.len();
    // exact[(si * nout + i)][path]
    let mut exact: Vec<Vec<f64>> = vec![Vec::with_capacity(paths as usize); steps.len() * nout];
    let block = 8192u64;
    for start in (0..paths).step_by(block as usize) {
        let end = (start + block).min(paths);
        let vals: Vec<Vec<f64>> = (start..end)
            .into_par_iter()
            .map(|p| {
                let tr = model.trace(&setup, s.seed(), p);
                let mut v = Vec::with_capacity(steps.len() * nout);
                for &k in &steps {
                    v.extend_from_slice(&tr.outcomes[k]);
                }
                v
            })
            .collect();
        for v in vals {
            for (j, x) in v.into_iter().enumerate() {
                exact[j].push(x);
            }
        }
    }
    eprintln!("traced {:.1}s", t.elapsed().as_secs_f64());
    let n = paths as usize;
    let kk = (n as f64).sqrt().ceil() as usize;
    let mut cases = Vec::new();
    let (mut mismatches, mut degenerate) = (0, 0);
    for (si, &k) in steps.iter().enumerate() {
        for (i, name) in names.iter().enumerate() {
            let xs = &mut exact[si * nout + i];
            xs.sort_by(f64::total_cmp);
            let row = summary.row(k, name).expect("row");
            for (qi, &q) in summary.quantiles.iter().enumerate() {
                let r = (q * (n - 1) as f64).floor() as usize;
                let (ex, got) = (xs[r], row.quantiles[qi]);
                let spacing = xs[(r + kk).min(n - 1)] - xs[r.saturating_sub(kk)];
                if spacing <= 0.0 {
                    degenerate += 1;
                    if got != ex {
                        mismatches += 1;
                        println!("MISMATCH step {k} {name} q={q}: exact {ex} reported {got}");
                    }
                    continue;
                }
                let ranks = ((r + kk).min(n - 1) - r.saturating_sub(kk)) as f64;
                let f = (ranks / n as f64) / spacing;
                let se = (q * (1.0 - q) / n as f64).sqrt() / f;
                let rel = if ex != 0.0 {
                    (got - ex).abs() / ex.abs()
                } else {
                    0.0
                };
                cases.push(((got - ex).abs() / se, rel, k, name.clone(), q, ex, got, se));
            }
        }
    }
    cases.sort_by(|a, b| b.0.total_cmp(&a.0));
    for c in cases.iter().take(20) {
        println!(
            "step {:>2} {:<28} q={:<4} exact {:<14.8} reported {:<14.8} SE {:.3e}  err {:.3} SE, rel {:.2e}",
            c.2, c.3, c.4, c.5, c.6, c.7, c.0, c.1
        );
    }
    let worst_rel = cases.iter().map(|c| c.1).fold(0.0, f64::max);
    let mean_se = cases.iter().map(|c| c.0).sum::<f64>() / cases.len().max(1) as f64;
    println!(
        "SUMMARY {file} paths={paths} cases={} worst={:.3} SE mean={:.3} SE worst_rel={:.2e} \
         degenerate={degenerate} mismatches={mismatches}",
        cases.len(),
        cases.first().map_or(0.0, |c| c.0),
        mean_se,
        worst_rel
    );
}
