//! What a study pays per design point beyond simulating its paths: points that each fix some
//! parameters (the parameter set-up of every path, a work area and accumulators per point, the
//! merges), against the same number of paths run as one point, both through the evaluation
//! loop of `explore` and `sensitivity` ([`crate::engine::run_points`]) on one thread.

use crate::engine::{
    run_points, AnyModel, EngineError, FixedPoints, PathSetup, Probe, ProbePlan, ProbeStat,
};
use crate::model::ModelInfo;
use std::time::Duration;

/// Paths per design point of the measurement.
pub const PATHS_PER_POINT: u64 = 256;

/// The measured per-point overhead.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyOverhead {
    /// Design points.
    pub points: usize,
    /// Dotted paths of the parameters each point fixes.
    pub factors: Vec<String>,
    /// Seconds for the points, [`PATHS_PER_POINT`] paths each (fastest of the repeats).
    pub points_s: f64,
    /// Seconds for one point of points × [`PATHS_PER_POINT`] paths that fixes nothing.
    pub reference_s: f64,
}

impl StudyOverhead {
    /// The points' time over the reference's, minus one: what the design points cost beyond
    /// their paths' simulation, as a fraction of it.
    pub fn overhead(&self) -> f64 {
        self.points_s / self.reference_s - 1.0
    }
}

/// Two parameters a study could vary, a policy lever first where the model has one (points
/// that fix a lever compute its values per step): drawable, not drawn by the scenario, with a
/// non-zero value whose ±5 % stays in range.
fn factors(info: &ModelInfo, setup: &PathSetup) -> Vec<(usize, f64)> {
    let usable: Vec<(usize, f64, bool)> = info
        .params
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            p.drawable
                && p.value != 0.0
                && p.range.covers(p.value * 0.95, p.value * 1.05)
                && setup.params.iter().all(|d| d.param != *i)
        })
        .map(|(i, p)| {
            let policy = info
                .policy_section
                .as_ref()
                .is_some_and(|s| p.path.starts_with(&format!("{s}.")));
            (i, p.value, policy)
        })
        .collect();
    let lever = usable.iter().find(|u| u.2);
    let other = usable.iter().find(|u| !u.2);
    lever
        .into_iter()
        .chain(other)
        .chain(usable.iter().filter(|u| u.2))
        .map(|&(i, v, _)| (i, v))
        .take(2)
        .collect()
}

/// Measure `points` design points of [`PATHS_PER_POINT`] paths (each fixing the factors to
/// values on a grid within ±5 % of the scenario's) against one point of as many paths, probing
/// the mean of each headline outcome at the horizon; 2 × `repeats` times each, alternately,
/// the fastest counting. `None` when the model has no parameter to vary.
pub fn measure(
    model: &dyn AnyModel,
    info: &ModelInfo,
    setup: &PathSetup,
    seed: u64,
    points: usize,
    repeats: usize,
) -> Result<Option<StudyOverhead>, EngineError> {
    let chosen = factors(info, setup);
    if chosen.is_empty() {
        return Ok(None);
    }
    let steps = model.step_count();
    let probes = info
        .headline_outcomes
        .iter()
        .filter_map(|n| info.outcome_index(n))
        .map(|outcome| Probe {
            step: steps,
            outcome,
            stat: ProbeStat::Mean,
        })
        .collect();
    let plan = ProbePlan::new(steps, model.outcome_count(), probes, setup);
    let points = points.max(1);
    let values: Vec<f64> = (0..points)
        .flat_map(|p| {
            let t = (p as f64 + 0.5) / points as f64;
            chosen.iter().enumerate().map(move |(j, &(_, v))| {
                // The second factor runs the other way, so the points are not on a line.
                let t = if j == 0 { t } else { 1.0 - t };
                v * (0.95 + 0.1 * t)
            })
        })
        .collect();
    let design = FixedPoints::new(chosen.iter().map(|c| c.0).collect(), values);
    let reference = FixedPoints::new(Vec::new(), Vec::new());
    let total = PATHS_PER_POINT * points as u64;
    let (mut points_t, mut reference_t) = (Duration::MAX, Duration::MAX);
    // Twice as many alternations as the other workloads: the two runs are short, and the
    // fastest of more of them is steadier on a shared machine.
    for _ in 0..2 * repeats.max(1) {
        let r = run_points(model, setup, &design, &plan, PATHS_PER_POINT, seed, 1, None)?;
        points_t = points_t.min(r.elapsed);
        let r = run_points(model, setup, &reference, &plan, total, seed, 1, None)?;
        reference_t = reference_t.min(r.elapsed);
    }
    Ok(Some(StudyOverhead {
        points,
        factors: chosen
            .iter()
            .map(|&(i, _)| info.params[i].path.clone())
            .collect(),
        points_s: points_t.as_secs_f64(),
        reference_s: reference_t.as_secs_f64(),
    }))
}
