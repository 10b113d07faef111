//! Evaluating a scenario at design points: each point fixes the study's factors, every point
//! runs the same paths (common random numbers), and each output is measured per point. The
//! result is a table, one row per point.

use crate::engine::{run_points, EngineError, FixedPoints, PathSetup, Probe, ProbePlan, ProbeStat};
use crate::scenario::{Factor, OutputKind, Scenario, Statistic, StudyOutput};
use std::time::Duration;

/// The outputs measured at every design point, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Factor paths (the columns of `x`).
    pub factors: Vec<String>,
    /// Output names (the columns of `y`).
    pub outputs: Vec<String>,
    /// Factor values, row-major (`rows × factors`).
    pub x: Vec<f64>,
    /// Output values, row-major (`rows × outputs`).
    pub y: Vec<f64>,
    /// For a probability output: successes per row (row-major, `rows × outputs`, 0 elsewhere).
    pub hits: Vec<u64>,
    /// Paths per point.
    pub paths: u64,
    /// Per output: the mean over points of the inner Monte Carlo variance of a point's estimate
    /// (from the even/odd halves of its paths); `None` with one path per point.
    pub noise_variance: Vec<Option<f64>>,
}

impl Table {
    /// Number of rows (design points).
    pub fn rows(&self) -> usize {
        self.y.len() / self.outputs.len().max(1)
    }

    /// Output `j` over every row.
    pub fn column(&self, j: usize) -> Vec<f64> {
        let n = self.outputs.len();
        self.y.iter().skip(j).step_by(n).copied().collect()
    }
}

/// An evaluation: the table and how long it took.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The table.
    pub table: Table,
    /// Wall time of the simulation.
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
}

impl Evaluation {
    /// Path-steps simulated per second (steps counted as in a run: `max(steps, 1)` per path).
    pub fn path_steps_per_second(&self, steps: usize) -> f64 {
        let rows = self.table.rows() as f64;
        rows * self.table.paths as f64 * steps.max(1) as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Run `paths` paths of `scenario` at every row of `values` (row-major, one value per factor),
/// measuring `outputs`. The factors' own `[uncertainty]` draws are replaced by their values;
/// every other draw, and the dynamics, see the same random numbers at every point.
pub fn evaluate(
    scenario: &Scenario,
    factors: &[Factor],
    values: Vec<f64>,
    outputs: &[StudyOutput],
    paths: u64,
    threads: usize,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<Evaluation, EngineError> {
    let rows = values.len() / factors.len().max(1);
    let piece = evaluate_rows(
        scenario,
        factors,
        &values,
        (0, rows),
        outputs,
        paths,
        threads,
        progress,
    )?;
    Ok(assemble(factors, outputs, values, paths, vec![piece]))
}

/// The rows `[lo, hi)` of a design evaluated: one shard of a study, which [`assemble`] joins
/// with the others into exactly the [`Evaluation`] of the whole design (each point's result
/// depends on the point and the paths alone).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EvalPiece {
    /// The design rows evaluated, `[lo, hi)`.
    pub rows: (usize, usize),
    /// Output values, row-major.
    pub y: Vec<f64>,
    /// Target hits, row-major (0 for other outputs).
    pub hits: Vec<u64>,
    /// Each row's estimate of each output's inner noise variance, row-major (`None` where it has
    /// none).
    pub noise: Vec<Option<f64>>,
    /// Wall time, seconds.
    pub elapsed_s: f64,
    /// Threads used.
    pub threads: usize,
}

/// Join the pieces of a design of `values` (contiguous, in any order, covering every row) into
/// its evaluation: the same values as [`evaluate`] of the whole design, the time the sum of the
/// pieces'.
///
/// # Panics
/// If the pieces do not cover the rows exactly once (callers check the ranges first).
pub fn assemble(
    factors: &[Factor],
    outputs: &[StudyOutput],
    values: Vec<f64>,
    paths: u64,
    mut pieces: Vec<EvalPiece>,
) -> Evaluation {
    pieces.sort_by_key(|p| p.rows);
    let n_out = outputs.len();
    let rows = values.len() / factors.len().max(1);
    let (mut y, mut hits) = (
        Vec::with_capacity(rows * n_out),
        Vec::with_capacity(rows * n_out),
    );
    let mut noise = vec![0.0; n_out];
    let mut noise_ok = true;
    let mut next = 0;
    for p in &pieces {
        assert_eq!(p.rows.0, next, "pieces must cover the design once");
        next = p.rows.1;
        y.extend_from_slice(&p.y);
        hits.extend_from_slice(&p.hits);
        for row in p.noise.chunks(n_out.max(1)) {
            for (j, nv) in row.iter().enumerate() {
                match nv {
                    Some(v) => noise[j] += v,
                    None => noise_ok = false,
                }
            }
        }
    }
    assert_eq!(next, rows, "pieces must cover the design once");
    let per_row = rows.max(1) as f64;
    Evaluation {
        table: Table {
            factors: factors.iter().map(|f| f.path.clone()).collect(),
            outputs: outputs.iter().map(|o| o.name.clone()).collect(),
            x: values,
            y,
            hits,
            paths,
            noise_variance: noise
                .into_iter()
                .map(|v| noise_ok.then_some(v / per_row))
                .collect(),
        },
        elapsed: Duration::from_secs_f64(pieces.iter().map(|p| p.elapsed_s).sum::<f64>()),
        threads: pieces.iter().map(|p| p.threads).max().unwrap_or(1),
    }
}

/// [`evaluate`] of the design rows `[lo, hi)` of `values` alone.
#[allow(clippy::too_many_arguments)]
pub fn evaluate_rows(
    scenario: &Scenario,
    factors: &[Factor],
    values: &[f64],
    (lo, hi): (usize, usize),
    outputs: &[StudyOutput],
    paths: u64,
    threads: usize,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<EvalPiece, EngineError> {
    let k = factors.len();
    let values: Vec<f64> = values[lo * k..hi * k].to_vec();
    if lo >= hi {
        return Ok(EvalPiece {
            rows: (lo, lo),
            y: Vec::new(),
            hits: Vec::new(),
            noise: Vec::new(),
            elapsed_s: 0.0,
            threads: 1,
        });
    }
    let model = scenario.build_model();
    let mut setup: PathSetup = scenario.path_setup();
    setup
        .params
        .retain(|d| factors.iter().all(|f| f.param != d.param));
    let mut probes = Vec::new();
    let mut probe_of = Vec::with_capacity(outputs.len());
    for o in outputs {
        probe_of.push(match &o.kind {
            OutputKind::Stat {
                outcome,
                step,
                statistic,
                ..
            } => {
                probes.push(Probe {
                    step: *step,
                    outcome: *outcome,
                    stat: match statistic {
                        Statistic::Mean => ProbeStat::Mean,
                        Statistic::Sd => ProbeStat::Sd,
                        Statistic::Quantile(q) => ProbeStat::Quantile(*q),
                    },
                });
                Ok(probes.len() - 1)
            }
            OutputKind::Probability(t) => Err(*t),
        });
    }
    let plan = ProbePlan::new(model.step_count(), model.outcome_count(), probes, &setup);
    let points = FixedPoints::new(factors.iter().map(|f| f.param).collect(), values.clone());
    let run = run_points(
        &*model,
        &setup,
        &points,
        &plan,
        paths,
        scenario.seed(),
        threads,
        progress,
    )?;
    let n_out = outputs.len();
    let mut y = Vec::with_capacity(run.results.len() * n_out);
    let mut hits = Vec::with_capacity(run.results.len() * n_out);
    let mut noise = Vec::with_capacity(run.results.len() * n_out);
    for r in &run.results {
        if let Some(nf) = r.nonfinite {
            return Err(EngineError::Incompatible(format!(
                "a design point gave a non-finite value of outcome {} at step {} on path {}",
                scenario
                    .info()
                    .outcomes
                    .get(nf.outcome)
                    .map_or("?", |o| o.name.as_str()),
                nf.step,
                nf.path
            )));
        }
        for p in &probe_of {
            let (v, h, nv) = match *p {
                Ok(i) => (r.values[i], 0, r.noise_variance(i)),
                Err(t) => (r.probability(t), r.hits[t], r.hit_noise_variance(t)),
            };
            y.push(v);
            hits.push(h);
            noise.push(nv);
        }
    }
    Ok(EvalPiece {
        rows: (lo, hi),
        y,
        hits,
        noise,
        elapsed_s: run.elapsed.as_secs_f64(),
        threads: run.threads,
    })
}
