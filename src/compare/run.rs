//! Running several scenarios on the same paths (through the engine's one entry point) and
//! assembling their [`Comparison`].

use super::results::{Comparison, DiffRow};
use crate::engine::rng::GENERATOR_NAME;
use crate::engine::{self, CompareAcc, EngineError, RunOptions, RunOutput};
use crate::results::{Summary, ENGINE_VERSION};
use crate::scenario::Scenario;

/// Run `scenarios` (already checked to share structure) on paths `0..paths` of the first
/// scenario's seed; `progress(done)` as for [`engine::execute`].
pub fn compare(
    scenarios: &[Scenario],
    threads: usize,
    alpha: f64,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<(CompareAcc, RunOutput), EngineError> {
    let models: Vec<_> = scenarios.iter().map(Scenario::build_model).collect();
    let refs: Vec<&dyn engine::AnyModel> = models.iter().map(|m| &**m).collect();
    let setups: Vec<_> = scenarios.iter().map(Scenario::path_setup).collect();
    let setup_refs: Vec<&engine::PathSetup> = setups.iter().collect();
    let opts = RunOptions {
        paths: scenarios[0].paths(),
        seed: scenarios[0].seed(),
        threads,
        alpha,
        exact_quantiles: false,
    };
    engine::run_compare(&refs, &setup_refs, &opts, progress)
}

/// Assemble the [`Comparison`] from the accumulated statistics.
pub fn assemble(scenarios: &[Scenario], acc: CompareAcc, run: &RunOutput) -> Comparison {
    let first = &scenarios[0];
    let (paths, seed) = (first.paths(), first.seed());
    let info = first.info();
    let outcomes = info.outcome_names();
    let integer: Vec<bool> = info.outcomes.iter().map(|o| o.integer).collect();
    let n = outcomes.len();
    let per = (first.steps() + 1) * n;
    // Each scenario's share of the wall time: its share of the time spent simulating it.
    let busy: u64 = acc.busy_ns.iter().sum();
    let summaries: Vec<Summary> = scenarios
        .iter()
        .zip(&acc.own)
        .zip(&acc.busy_ns)
        .map(|((s, own), &ns)| {
            let share = if busy > 0 {
                ns as f64 / busy as f64
            } else {
                1.0 / scenarios.len() as f64
            };
            let r = RunOutput {
                acc: own.clone(),
                elapsed: run.elapsed.mul_f64(share),
                threads: run.threads,
            };
            Summary::new(s, &r)
        })
        .collect();
    let mut diffs = Vec::new();
    for (j, s) in scenarios.iter().enumerate().skip(1) {
        for k in 0..=first.steps() {
            for (i, metric) in outcomes.iter().enumerate() {
                let x = (j - 1) * per + k * n + i;
                let (m, sk) = (&acc.diff_moments[x], acc.diff_quantiles.cell(x));
                let sd_a = acc.own[0].moments[k * n + i].sd();
                let sd_b = acc.own[j].moments[k * n + i].sd();
                let q = |p: f64| {
                    if integer[i] {
                        sk.quantile_integer(p)
                    } else {
                        sk.quantile(p)
                    }
                };
                diffs.push(DiffRow {
                    step: k,
                    year: first.year_of_step(k),
                    metric: metric.clone(),
                    scenario: s.name().to_string(),
                    diff_mean: m.mean(),
                    diff_sd: m.sd(),
                    diff_p05: q(0.05),
                    diff_p50: q(0.5),
                    diff_p95: q(0.95),
                    prob_positive: acc.positive[x] as f64 / paths.max(1) as f64,
                    independent_sd: (sd_a * sd_a + sd_b * sd_b).sqrt(),
                });
            }
        }
    }
    Comparison {
        engine_version: ENGINE_VERSION.into(),
        scenarios: scenarios.iter().map(|s| s.name().to_string()).collect(),
        seed,
        paths,
        generator: GENERATOR_NAME.into(),
        threads: run.threads,
        elapsed_s: run.elapsed.as_secs_f64(),
        pieces: None,
        summaries,
        outcomes,
        diffs,
    }
}
