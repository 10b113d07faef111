//! The bench's per-part breakdown: where one thread's time goes in a path-step (the engine's
//! profile, [`crate::engine::profile`]), and every build of the normal sampler this CPU can run,
//! timed side by side on the same draws.

use super::floor::{sampler_time, StepDraws};
use crate::engine::profile::PartTimes;
use crate::engine::run::chunk_count;
use crate::engine::{
    self, binned_modes, normal_kernels, AnyModel, EngineError, PathSetup, QuantileMode, RunOptions,
    PILOT_CHUNKS,
};
use std::time::Duration;

/// One build of the normal sampler and its time per path-step.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplerTime {
    /// Build name (`portable`, `avx2`, `avx512`).
    pub name: &'static str,
    /// Nanoseconds per path-step for the step's uniforms and normals.
    pub ns_per_path_step: f64,
    /// Whether the engine dispatches to this build on this CPU.
    pub dispatched: bool,
}

/// What the breakdown measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// The fastest profiled one-thread run.
    pub parts: PartTimes,
    /// Each sampler build (fastest of the repeats), the portable one first.
    pub samplers: Vec<SamplerTime>,
}

/// Profile `paths` paths of `model` on one thread (quantiles binned on the run's own pilot
/// grid, as a run of that many paths bins them), and time each sampler build on the draws
/// `draws` of `steps` steps; every workload `repeats` times, the fastest counting.
pub fn measure(
    model: &dyn AnyModel,
    setup: &PathSetup,
    opts: &RunOptions,
    draws: StepDraws,
    steps: usize,
    repeats: usize,
) -> Result<Breakdown, EngineError> {
    let one = RunOptions {
        threads: 1,
        ..opts.clone()
    };
    let mode = if chunk_count(one.paths) <= PILOT_CHUNKS {
        QuantileMode::Exact
    } else {
        let grid = engine::run::pool(1)?.install(|| engine::summary_grid(model, setup, &one));
        binned_modes(&[grid], &one, 1).remove(0)
    };
    let kernels = normal_kernels();
    let mut best: Option<PartTimes> = None;
    let mut sampler = vec![Duration::MAX; kernels.len()];
    for _ in 0..repeats.max(1) {
        let p = model.profile_parts(setup, &one, &mode);
        if best.as_ref().is_none_or(|b| p.elapsed < b.elapsed) {
            best = Some(p);
        }
        for (t, k) in sampler.iter_mut().zip(&kernels) {
            *t = (*t).min(sampler_time(*k, draws, one.paths, steps, one.seed));
        }
    }
    let path_steps = (one.paths * steps as u64).max(1) as f64;
    let last = kernels.len() - 1;
    Ok(Breakdown {
        parts: best.expect("at least one repeat"),
        samplers: kernels
            .iter()
            .zip(sampler)
            .enumerate()
            .map(|(i, (k, t))| SamplerTime {
                name: k.name,
                ns_per_path_step: t.as_secs_f64() * 1e9 / path_steps,
                dispatched: i == last,
            })
            .collect(),
    })
}
