//! Measures the reported quantiles against the exact sample quantiles of the same paths.
//!
//! `cargo run --release --example quantile_accuracy -- SCENARIO PATHS`
//!
//! Runs the scenario twice through the engine on the same paths: as `softpower run` does
//! (quantiles from the pilot grid beyond 4 096 paths), and with every value kept
//! (`RunOptions::exact_quantiles`: memory grows with paths × steps × outcomes, about 6.7 GB at
//! 1 M paths of the cultural model). For each (step, outcome, quantile) it prints the error of
//! the reported value in Monte Carlo standard errors of the sample quantile,
//! `SE = sqrt(q(1−q)/n) / f`, with the density `f ≈ (2k/n) / (x_(r+k) − x_(r−k))`,
//! `k = ⌈√n⌉`, `r = ⌊q(n−1)⌋`. Where that spacing is 0 (all values equal near the quantile:
//! integer outcomes, constants) the reported value must equal the exact one; mismatches are
//! counted. Prints the 20 worst cases, a summary line and both runs' time and peak memory of
//! the statistics.

use softpower::engine::{self, RunOptions};
use softpower::results::Summary;
use softpower::scenario::{Loader, Override};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let file = args.get(1).expect("usage: SCENARIO PATHS");
    let paths: u64 = args.get(2).map_or(20_000, |p| p.parse().expect("PATHS"));
    let ov = Override::parse(&format!("scenario.paths={paths}")).expect("override");
    let s = Loader::new()
        .with_overrides(vec![ov])
        .load_file(std::path::Path::new(file))
        .unwrap_or_else(|e| panic!("{e}"));
    let model = s.build_model();
    let setup = s.path_setup();
    let mut opts = RunOptions {
        paths,
        seed: s.seed(),
        threads: 0,
        alpha: softpower::stats::DEFAULT_ALPHA,
        exact_quantiles: false,
    };
    let out = engine::run(&*model, &setup, &opts, None).expect("run");
    let summary = Summary::new(&s, &out);
    eprintln!(
        "engine run {:.1}s, statistics {:.1} MB ({})",
        out.elapsed.as_secs_f64(),
        out.acc.memory_bytes() as f64 / 1e6,
        summary.quantile_method
    );
    opts.exact_quantiles = true;
    let exact = engine::run(&*model, &setup, &opts, None).expect("exact run");
    eprintln!(
        "exact run {:.1}s, statistics {:.1} MB",
        exact.elapsed.as_secs_f64(),
        exact.acc.memory_bytes() as f64 / 1e6
    );
    let names = s.info().outcome_names();
    let nout = names.len();
    let n = paths;
    let kk = (n as f64).sqrt().ceil() as u64;
    let mut cases = Vec::new();
    let (mut mismatches, mut degenerate) = (0, 0);
    for k in 0..=s.steps() {
        for (i, name) in names.iter().enumerate() {
            let xs = exact.acc.quantiles.cell(k * nout + i);
            let row = summary.row(k, name).expect("row");
            for (qi, &q) in summary.quantiles.iter().enumerate() {
                let r = softpower::stats::rank_of(q, n);
                let (ex, got) = (xs.value_at_rank(r), row.quantiles[qi]);
                let (lo, hi) = (r.saturating_sub(kk), (r + kk).min(n - 1));
                let spacing = xs.value_at_rank(hi) - xs.value_at_rank(lo);
                if spacing <= 0.0 {
                    degenerate += 1;
                    if got != ex {
                        mismatches += 1;
                        println!("MISMATCH step {k} {name} q={q}: exact {ex} reported {got}");
                    }
                    continue;
                }
                let f = ((hi - lo) as f64 / n as f64) / spacing;
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
