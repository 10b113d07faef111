//! Running several scenarios on the same paths and accumulating their path-wise differences.

use super::results::{Comparison, DiffRow};
use crate::engine::reduce::Merge;
use crate::engine::rng::GENERATOR_NAME;
use crate::engine::run::{
    checks_by_step, chunk_count, pool, run_chunks, simulate_path, EngineError,
};
use crate::engine::PathDraws;
use crate::engine::{RunOutput, SummaryAcc, TargetCheck};
use crate::model::{CulturalExport, Model};
use crate::results::{Summary, ENGINE_VERSION};
use crate::scenario::Scenario;
use crate::stats::{Moments, QuantileSketch};
use std::sync::atomic::AtomicU64;
use std::time::Instant;

/// Statistics of every scenario and of every later scenario's difference to the first.
#[derive(Debug, Clone)]
pub struct CompareAcc {
    /// Each scenario's own statistics.
    pub own: Vec<SummaryAcc>,
    /// Difference moments, indexed `(j - 1) * per + k * outcomes + i`.
    pub diff_moments: Vec<Moments>,
    /// Difference sketches, indexed like `diff_moments`.
    pub diff_sketches: Vec<QuantileSketch>,
    /// Paths with a strictly positive difference, indexed like `diff_moments`.
    pub positive: Vec<u64>,
}

impl Merge for CompareAcc {
    fn finish_chunk(&mut self) {
        for a in &mut self.own {
            a.finish_chunk();
        }
    }

    fn merge(&mut self, right: Self) {
        for (a, b) in self.own.iter_mut().zip(right.own) {
            a.merge(b);
        }
        for (a, b) in self.diff_moments.iter_mut().zip(&right.diff_moments) {
            a.merge(b);
        }
        for (a, b) in self.diff_sketches.iter_mut().zip(&right.diff_sketches) {
            a.merge(b);
        }
        for (a, b) in self.positive.iter_mut().zip(&right.positive) {
            *a += b;
        }
    }
}

/// Run `scenarios` (already checked to share structure) on paths `0..paths` with `seed`.
pub fn compare(
    scenarios: &[Scenario],
    paths: u64,
    seed: u64,
    threads: usize,
    alpha: f64,
    targets: &[Vec<TargetCheck>],
) -> Result<(CompareAcc, RunOutput), EngineError> {
    let models: Vec<CulturalExport> = scenarios.iter().map(CulturalExport::new).collect();
    let first = &models[0];
    let n = first.outcome_names().len();
    let records = first.steps() + 1;
    let per = records * n;
    let later = models.len() - 1;
    let checks: Vec<_> = targets
        .iter()
        .map(|t| checks_by_step(first.steps(), t))
        .collect();
    let make = || CompareAcc {
        own: targets
            .iter()
            .map(|t| SummaryAcc::new(records, n, t.len(), alpha))
            .collect(),
        diff_moments: vec![Moments::default(); later * per],
        diff_sketches: vec![QuantileSketch::new(alpha); later * per],
        positive: vec![0; later * per],
    };
    let pool = pool(threads)?;
    let start = Instant::now();
    let done = AtomicU64::new(0);
    let partial = pool.install(|| {
        run_chunks(
            first,
            paths,
            0,
            chunk_count(paths),
            || ChunkState {
                acc: make(),
                traj: vec![vec![0.0; per]; models.len()],
                works: models[1..].iter().map(|m| m.new_work()).collect(),
                out: vec![0.0; n],
            },
            |st: &mut ChunkState<_>, w0, path| {
                let ChunkState {
                    acc,
                    traj,
                    works,
                    out,
                } = st;
                for (j, m) in models.iter().enumerate() {
                    let mut draws = PathDraws::new(seed, path);
                    let t = &mut traj[j];
                    let w = if j == 0 { &mut *w0 } else { &mut works[j - 1] };
                    simulate_path(m, w, seed, path, &mut draws, out, |k, o| {
                        t[k * n..(k + 1) * n].copy_from_slice(o);
                        acc.own[j].record(k, o, &checks[j][k]);
                    });
                    acc.own[j].finish_path();
                }
                let (first_traj, later_trajs) = traj.split_first().expect("at least two scenarios");
                for (j, tj) in later_trajs.iter().enumerate() {
                    let range = j * per..(j + 1) * per;
                    let stats = acc.diff_moments[range.clone()]
                        .iter_mut()
                        .zip(&mut acc.diff_sketches[range.clone()])
                        .zip(&mut acc.positive[range]);
                    for (((m, sk), pos), (b, a)) in stats.zip(tj.iter().zip(first_traj)) {
                        let d = b - a;
                        m.push(d);
                        sk.insert(d);
                        *pos += (d > 0.0) as u64;
                    }
                }
            },
            &done,
        )
    });
    let elapsed = start.elapsed();
    let acc = partial.finish().map(|c| c.acc).unwrap_or_else(make);
    let run = RunOutput {
        acc: acc.own[0].clone(),
        elapsed,
        threads: pool.current_num_threads(),
    };
    Ok((acc, run))
}

/// What one chunk of a comparison holds: the accumulator and its scratch space (the work areas
/// of the later scenarios, every scenario's trajectory of the current path, an outcome buffer).
/// The engine's chunk runner supplies the first scenario's work area itself.
struct ChunkState<W> {
    acc: CompareAcc,
    traj: Vec<Vec<f64>>,
    works: Vec<W>,
    out: Vec<f64>,
}

impl<W: Send> Merge for ChunkState<W> {
    fn merge(&mut self, right: Self) {
        self.acc.merge(right.acc);
    }

    fn finish_chunk(&mut self) {
        self.acc.finish_chunk();
        // Merged nodes of the tree keep only the statistics.
        self.traj = Vec::new();
        self.works = Vec::new();
        self.out = Vec::new();
    }
}

/// Assemble the [`Comparison`] from the accumulated statistics.
pub fn assemble(
    scenarios: &[Scenario],
    acc: CompareAcc,
    run: &RunOutput,
    paths: u64,
    seed: u64,
) -> Comparison {
    let model = CulturalExport::new(&scenarios[0]);
    let outcomes = model.outcome_names().to_vec();
    let integer = model.integer_valued();
    let n = outcomes.len();
    let per = (scenarios[0].steps() + 1) * n;
    let summaries: Vec<Summary> = scenarios
        .iter()
        .zip(&acc.own)
        .map(|(s, own)| {
            let r = RunOutput {
                acc: own.clone(),
                elapsed: run.elapsed,
                threads: run.threads,
            };
            Summary::new(s, &outcomes, &integer, &r, paths, seed)
        })
        .collect();
    let mut diffs = Vec::new();
    for (j, s) in scenarios.iter().enumerate().skip(1) {
        for k in 0..=scenarios[0].steps() {
            for (i, metric) in outcomes.iter().enumerate() {
                let x = (j - 1) * per + k * n + i;
                let (m, sk) = (&acc.diff_moments[x], &acc.diff_sketches[x]);
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
                    year: scenarios[0].year_of_step(k),
                    metric: metric.clone(),
                    scenario: s.name.clone(),
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
        scenarios: scenarios.iter().map(|s| s.name.clone()).collect(),
        seed,
        paths,
        generator: GENERATOR_NAME.into(),
        threads: run.threads,
        elapsed_s: run.elapsed.as_secs_f64(),
        summaries,
        outcomes,
        diffs,
    }
}
