//! Evaluating a model at design points: every point fixes some parameters, runs the same paths
//! (same seed, same path indices: common random numbers) and measures a few statistics, the
//! probes, instead of the whole summary. The unit of work is one chunk of one point's paths;
//! each point's chunks merge in chunk order, so the results do not depend on the thread count.
//!
//! Every statistic is also kept on the even and the odd paths separately: the difference of the
//! two halves estimates the inner Monte Carlo error of each point's estimate (see
//! [`PointResult::noise_variance`]).

use super::draws::PathDraws;
use super::model::{draw_params, AnyModel, Model, PathSetup};
use super::run::{checks_by_step, execute, EngineError, INTERRUPTED};
use super::summary::{NonFinite, TargetCheck};
use super::CHUNK_PATHS;
use crate::stats::{rank_of, Moments};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What a probe measures of one outcome at one step, over a point's paths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProbeStat {
    /// The mean.
    Mean,
    /// The standard deviation (divisor n − 1).
    Sd,
    /// The exact sample quantile of this level: the item of rank ⌊q(n − 1)⌋.
    Quantile(f64),
}

/// One statistic of one outcome at one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    /// Step index k.
    pub step: usize,
    /// Outcome index.
    pub outcome: usize,
    /// The statistic.
    pub stat: ProbeStat,
}

/// Values of paths kept for quantile probes: at most this many per batch of points (32 MB), so
/// the memory of an evaluation does not grow with the paths per point.
pub const PROBE_VALUE_BUDGET: u64 = 1 << 22;

/// Most points evaluated at once (their partial results are held until each point's chunks
/// are merged).
pub const POINT_BATCH: usize = 4096;

/// The probes and targets of an evaluation, indexed by step for the path loop.
#[derive(Debug, Clone)]
pub struct ProbePlan {
    probes: Vec<Probe>,
    /// Per step: (probe, outcome, slot of its kept values if a quantile).
    by_step: Vec<Vec<(usize, usize, Option<usize>)>>,
    checks: Vec<Vec<(usize, TargetCheck)>>,
    targets: usize,
    kept: usize,
}

impl ProbePlan {
    /// A plan for a model of `steps` steps with these probes and the targets of `setup`.
    /// Panics if a probe's step or outcome is out of range (callers resolve them from the
    /// model's own description).
    pub fn new(steps: usize, outcomes: usize, probes: Vec<Probe>, setup: &PathSetup) -> Self {
        let mut by_step = vec![Vec::new(); steps + 1];
        let mut kept = 0;
        for (j, p) in probes.iter().enumerate() {
            assert!(
                p.step <= steps && p.outcome < outcomes,
                "probe out of range"
            );
            let slot = matches!(p.stat, ProbeStat::Quantile(_)).then(|| {
                kept += 1;
                kept - 1
            });
            by_step[p.step].push((j, p.outcome, slot));
        }
        ProbePlan {
            checks: checks_by_step(steps, &setup.targets),
            targets: setup.targets.len(),
            probes,
            by_step,
            kept,
        }
    }

    /// The probes, in order.
    pub fn probes(&self) -> &[Probe] {
        &self.probes
    }

    /// Quantile probes (each keeps its paths' values).
    pub fn kept(&self) -> usize {
        self.kept
    }
}

/// Statistics of one half (even or odd paths) of a point's paths.
#[derive(Debug, Clone, Default)]
struct Half {
    moments: Vec<Moments>,
    values: Vec<Vec<f64>>,
    hits: Vec<u64>,
    paths: u64,
}

impl Half {
    fn new(plan: &ProbePlan) -> Self {
        Half {
            moments: vec![Moments::new(); plan.probes.len()],
            values: vec![Vec::new(); plan.kept],
            hits: vec![0; plan.targets],
            paths: 0,
        }
    }

    fn merge(&mut self, o: Half) {
        for (a, b) in self.moments.iter_mut().zip(&o.moments) {
            a.merge(b);
        }
        for (a, b) in self.values.iter_mut().zip(o.values) {
            a.extend(b);
        }
        for (a, b) in self.hits.iter_mut().zip(&o.hits) {
            *a += b;
        }
        self.paths += o.paths;
    }

    fn estimates(&mut self, plan: &ProbePlan) -> Vec<f64> {
        let mut slot = 0;
        plan.probes
            .iter()
            .zip(&self.moments)
            .map(|(p, m)| match p.stat {
                ProbeStat::Mean => m.mean(),
                ProbeStat::Sd => m.sd(),
                ProbeStat::Quantile(q) => {
                    let v = &mut self.values[slot];
                    slot += 1;
                    select(v, q)
                }
            })
            .collect()
    }
}

/// The item of rank ⌊q(n − 1)⌋ of `v` (reordered); NaN when empty.
fn select(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let r = rank_of(q, v.len() as u64) as usize;
    *v.select_nth_unstable_by(r, f64::total_cmp).1
}

/// A point's statistics over some of its chunks: a value that merges with the next chunks'.
#[derive(Debug, Clone, Default)]
pub struct PointAcc {
    halves: [Half; 2],
    nonfinite: Option<NonFinite>,
}

impl PointAcc {
    fn new(plan: &ProbePlan) -> Self {
        PointAcc {
            halves: [Half::new(plan), Half::new(plan)],
            nonfinite: None,
        }
    }

    /// Append the statistics of the chunks that follow this accumulator's.
    pub fn merge(&mut self, right: PointAcc) {
        let [a, b] = right.halves;
        self.halves[0].merge(a);
        self.halves[1].merge(b);
        self.nonfinite = self.nonfinite.or(right.nonfinite);
    }

    /// The point's estimates.
    fn finish(mut self, plan: &ProbePlan) -> PointResult {
        let half = [
            self.halves[0].estimates(plan),
            self.halves[1].estimates(plan),
        ];
        let [a, b] = self.halves;
        let mut all = a.clone();
        all.merge(b.clone());
        let half_hits = [a.hits, b.hits];
        PointResult {
            values: all.estimates(plan),
            hits: all.hits.clone(),
            paths: all.paths,
            half_values: half,
            half_hits,
            half_paths: [a.paths, b.paths],
            nonfinite: self.nonfinite,
        }
    }
}

/// One design point's measurements.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    /// Each probe's estimate over all the point's paths.
    pub values: Vec<f64>,
    /// Successes of each target.
    pub hits: Vec<u64>,
    /// Paths simulated.
    pub paths: u64,
    /// Each probe's estimate on the even paths (`[0]`) and the odd paths (`[1]`).
    pub half_values: [Vec<f64>; 2],
    /// Successes of each target on the even and the odd paths.
    pub half_hits: [Vec<u64>; 2],
    /// Paths in each half.
    pub half_paths: [u64; 2],
    /// The first non-finite probed value, if any.
    pub nonfinite: Option<NonFinite>,
}

impl PointResult {
    /// Probability of target `t` (successes over paths).
    pub fn probability(&self, t: usize) -> f64 {
        self.hits[t] as f64 / self.paths.max(1) as f64
    }

    /// Estimated variance of probe `j`'s estimate from its inner Monte Carlo error:
    /// `(h0 − h1)² / 4`, where `h0`, `h1` are the estimates on the even and odd paths (for a mean
    /// its expectation is σ²/n exactly; averaged over many points it estimates the noise
    /// variance). `None` with fewer than 2 paths.
    pub fn noise_variance(&self, j: usize) -> Option<f64> {
        (self.half_paths[1] > 0).then(|| {
            let d = self.half_values[0][j] - self.half_values[1][j];
            d * d / 4.0
        })
    }

    /// As [`Self::noise_variance`] for the probability of target `t`.
    pub fn hit_noise_variance(&self, t: usize) -> Option<f64> {
        (self.half_paths[1] > 0).then(|| {
            let p = |h: usize| self.half_hits[h][t] as f64 / self.half_paths[h] as f64;
            let d = p(0) - p(1);
            d * d / 4.0
        })
    }
}

/// Design points: `len()` points each fixing the same `k` parameters (indices) to values.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedPoints {
    params: Vec<usize>,
    values: Vec<f64>,
}

impl FixedPoints {
    /// Points fixing parameters `params`, with `values` row-major (one row of `params.len()`
    /// values per point). Panics if the lengths do not fit.
    pub fn new(params: Vec<usize>, values: Vec<f64>) -> Self {
        let k = params.len().max(1);
        assert!(
            values.len().is_multiple_of(k) && (!params.is_empty() || values.is_empty()),
            "{} values for {} parameters",
            values.len(),
            params.len()
        );
        FixedPoints { params, values }
    }

    /// Number of points (1 for no parameters: the scenario as it is).
    pub fn len(&self) -> usize {
        if self.params.is_empty() {
            1
        } else {
            self.values.len() / self.params.len()
        }
    }

    /// Never empty (a design of no factors is the one point of the scenario).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Point `i` as (parameter, value) pairs, into `out` (cleared first).
    pub fn point(&self, i: usize, out: &mut Vec<(usize, f64)>) {
        out.clear();
        let k = self.params.len();
        out.extend(
            self.params
                .iter()
                .copied()
                .zip(self.values[i * k..(i + 1) * k].iter().copied()),
        );
    }
}

/// Simulate chunk `chunk` of a point (parameters `fixed`, over the draws of `setup`, whose draws
/// must not include a fixed parameter) and measure the plan's probes.
pub(crate) fn probe_chunk<M: Model + ?Sized>(
    model: &M,
    setup: &PathSetup,
    fixed: &[(usize, f64)],
    plan: &ProbePlan,
    seed: u64,
    paths: u64,
    chunk: u64,
) -> PointAcc {
    let mut acc = PointAcc::new(plan);
    let mut work = model.new_work();
    let mut out = vec![0.0; model.outcomes()];
    let mut drawn = Vec::new();
    let end = ((chunk + 1) * CHUNK_PATHS).min(paths);
    for path in chunk * CHUNK_PATHS..end {
        let h = &mut acc.halves[(path & 1) as usize];
        let mut draws = PathDraws::new(seed, path);
        draw_params(&setup.params, seed, path, &mut drawn);
        drawn.extend_from_slice(fixed);
        model.set_params(&drawn, &mut work);
        model.init(&mut work);
        for k in 0..=model.steps() {
            if k > 0 {
                model.step(k, &mut work, &mut draws);
            }
            let (probes, checks) = (&plan.by_step[k], &plan.checks[k]);
            if probes.is_empty() && checks.is_empty() {
                continue;
            }
            model.record(&work, &mut out);
            for &(j, i, slot) in probes {
                let x = out[i];
                if !x.is_finite() && acc.nonfinite.is_none() {
                    acc.nonfinite = Some(NonFinite {
                        path,
                        step: k,
                        outcome: i,
                    });
                }
                match slot {
                    Some(s) => h.values[s].push(x),
                    None => h.moments[j].push(x),
                }
            }
            for (t, c) in checks {
                if c.hit(out[c.outcome]) {
                    h.hits[*t] += 1;
                }
            }
        }
        h.paths += 1;
    }
    acc
}

/// The outcome of an evaluation: one result per point, in point order.
#[derive(Debug, Clone)]
pub struct PointsRun {
    /// Per point.
    pub results: Vec<PointResult>,
    /// Wall time of the simulation.
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
}

/// Run `paths` paths (seed `seed`, path indices `0..paths` at every point) of `model` at every
/// point of `points`, measuring `plan`, on `threads` threads. `progress(done)` gets the paths
/// finished over all points. Memory is bounded whatever `paths` (see [`PROBE_VALUE_BUDGET`]).
#[allow(clippy::too_many_arguments)]
pub fn run_points(
    model: &dyn AnyModel,
    setup: &PathSetup,
    points: &FixedPoints,
    plan: &ProbePlan,
    paths: u64,
    seed: u64,
    threads: usize,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<PointsRun, EngineError> {
    let n = points.len();
    let chunks = paths.div_ceil(CHUNK_PATHS).max(1);
    let per_point = paths * plan.kept() as u64;
    let batch = (PROBE_VALUE_BUDGET / per_point.max(1)).clamp(1, POINT_BATCH as u64) as usize;
    let (results, elapsed, threads) = execute(threads, progress, |done: &AtomicU64| {
        let mut results = Vec::with_capacity(n);
        for first in (0..n).step_by(batch) {
            let last = (first + batch).min(n);
            let items: Vec<(usize, u64)> = (first..last)
                .flat_map(|p| (0..chunks).map(move |c| (p, c)))
                .collect();
            let accs: Vec<PointAcc> = items
                .par_iter()
                .map_init(Vec::new, |fixed, &(p, c)| {
                    if INTERRUPTED.load(Ordering::Relaxed) {
                        return PointAcc::default();
                    }
                    points.point(p, fixed);
                    let acc = model.probe_chunk(setup, fixed, plan, seed, paths, c);
                    let end = ((c + 1) * CHUNK_PATHS).min(paths);
                    done.fetch_add(end - c * CHUNK_PATHS, Ordering::Relaxed);
                    acc
                })
                .collect();
            if INTERRUPTED.load(Ordering::Relaxed) {
                break;
            }
            let mut it = accs.into_iter();
            for _ in first..last {
                let mut acc = it.next().expect("one accumulator per item");
                for _ in 1..chunks {
                    acc.merge(it.next().expect("one accumulator per item"));
                }
                results.push(acc.finish(plan));
            }
        }
        results
    })?;
    Ok(PointsRun {
        results,
        elapsed,
        threads,
    })
}
