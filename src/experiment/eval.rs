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
    let mut noise = vec![0.0; n_out];
    let mut noise_ok = true;
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
        for (j, p) in probe_of.iter().enumerate() {
            let (v, h, nv) = match *p {
                Ok(i) => (r.values[i], 0, r.noise_variance(i)),
                Err(t) => (r.probability(t), r.hits[t], r.hit_noise_variance(t)),
            };
            y.push(v);
            hits.push(h);
            match nv {
                Some(v) => noise[j] += v,
                None => noise_ok = false,
            }
        }
    }
    let rows = run.results.len().max(1) as f64;
    Ok(Evaluation {
        table: Table {
            factors: factors.iter().map(|f| f.path.clone()).collect(),
            outputs: outputs.iter().map(|o| o.name.clone()).collect(),
            x: values,
            y,
            hits,
            paths,
            noise_variance: noise
                .into_iter()
                .map(|v| noise_ok.then_some(v / rows))
                .collect(),
        },
        elapsed: run.elapsed,
        threads: run.threads,
    })
}
