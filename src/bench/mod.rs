//! Throughput benchmark: engine path-steps per second against the random-number floor, thread
//! scaling and peak memory, reported for CI trackers in the customBiggerIsBetter layout.

pub mod floor;
pub mod memory;
pub mod parts;
pub mod scaling;
pub mod study;

use crate::engine::{self, Part, RunOptions};
use crate::scenario::Scenario;
use serde::Serialize;
use std::time::Duration;

/// One entry of the customBiggerIsBetter list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Metric {
    /// Metric name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Value (bigger is better).
    pub value: f64,
}

/// Everything one benchmark measured.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// Scenario name.
    pub scenario: String,
    /// Paths per timed run.
    pub paths: u64,
    /// Steps per path.
    pub steps: usize,
    /// Threads of the parallel run.
    pub threads: usize,
    /// Engine throughput on `threads` threads, path-steps/s.
    pub engine_path_steps_per_s: f64,
    /// Engine throughput on one thread, path-steps/s.
    pub single_thread_path_steps_per_s: f64,
    /// Floor throughput on one thread, path-steps/s.
    pub floor_path_steps_per_s: f64,
    /// Draws per step the floor reproduces.
    pub draws: floor::StepDraws,
    /// Peak RSS of the process, bytes.
    pub peak_rss_bytes: Option<u64>,
    /// Throughput at 1, 2, 4, … threads (empty unless asked for).
    pub scaling: Vec<scaling::ScalingPoint>,
    /// Where one thread's time goes, and each sampler build.
    pub breakdown: parts::Breakdown,
    /// What a study pays per design point (`None`: the model has no parameter to vary).
    pub study: Option<study::StudyOverhead>,
}

impl BenchReport {
    /// Single-thread engine throughput / floor throughput (1.0: the model costs nothing beyond
    /// its random numbers).
    pub fn floor_efficiency(&self) -> f64 {
        self.single_thread_path_steps_per_s / self.floor_path_steps_per_s
    }

    /// Throughput on N threads / (N × throughput on 1 thread).
    pub fn parallel_efficiency(&self) -> f64 {
        self.engine_path_steps_per_s / (self.threads as f64 * self.single_thread_path_steps_per_s)
    }

    /// The customBiggerIsBetter list.
    pub fn metrics(&self) -> Vec<Metric> {
        let m = |name: &str, unit: &str, value: f64| Metric {
            name: name.into(),
            unit: unit.into(),
            value,
        };
        vec![
            m(
                "engine_path_steps_per_s",
                "path-steps/s",
                self.engine_path_steps_per_s,
            ),
            m(
                "engine_path_steps_per_s_per_thread",
                "path-steps/s",
                self.engine_path_steps_per_s / self.threads as f64,
            ),
            m(
                "single_thread_path_steps_per_s",
                "path-steps/s",
                self.single_thread_path_steps_per_s,
            ),
            m(
                "floor_path_steps_per_s",
                "path-steps/s",
                self.floor_path_steps_per_s,
            ),
            m("floor_efficiency", "ratio", self.floor_efficiency()),
            m("parallel_efficiency", "ratio", self.parallel_efficiency()),
        ]
        .into_iter()
        .chain(Part::ALL.iter().map(|&p| {
            m(
                &format!("part_{}_path_steps_per_s", p.name()),
                "path-steps/s",
                1e9 / self.breakdown.parts.ns_per_path_step(p).max(1e-9),
            )
        }))
        .chain(self.breakdown.samplers.iter().map(|t| {
            m(
                &format!("sampler_{}_path_steps_per_s", t.name),
                "path-steps/s",
                1e9 / t.ns_per_path_step.max(1e-9),
            )
        }))
        .chain(self.study.iter().map(|st| {
            m(
                "study_point_efficiency",
                "ratio",
                st.reference_s / st.points_s,
            )
        }))
        .chain(
            self.scaling
                .iter()
                .zip(scaling::efficiencies(&self.scaling))
                .flat_map(|(p, e)| {
                    [
                        m(
                            &format!("engine_path_steps_per_s_{}_threads", p.threads),
                            "path-steps/s",
                            p.path_steps_per_s,
                        ),
                        m(
                            &format!("parallel_efficiency_{}_threads", p.threads),
                            "ratio",
                            e,
                        ),
                    ]
                }),
        )
        .collect()
    }
}

fn throughput(paths: u64, steps: usize, t: Duration) -> f64 {
    paths as f64 * steps as f64 / t.as_secs_f64().max(1e-9)
}

/// Run the fixed workload: the scenario's model on `paths` paths with `threads` threads and on
/// one thread, and the floor on one thread, all in this process.
/// Every timed workload runs `repeats` times, interleaved, and the fastest of each counts (the
/// usual defence against a shared, noisy machine: interference only ever slows a run down).
/// With `with_scaling`, the engine is also measured at 1, 2, 4, … up to `threads` threads.
pub fn run(
    s: &Scenario,
    paths: u64,
    threads: usize,
    repeats: usize,
    with_scaling: bool,
) -> Result<BenchReport, engine::EngineError> {
    let model = s.build_model();
    let model = &*model;
    let steps = s.steps().max(1);
    let targets = s.path_setup();
    let opts = |threads| RunOptions {
        paths,
        seed: s.seed(),
        threads,
        alpha: crate::stats::DEFAULT_ALPHA,
        exact_quantiles: false,
    };
    // Warm-up (page faults, caches, thread start-up).
    engine::run(
        model,
        &targets,
        &RunOptions {
            paths: paths.min(2048),
            ..opts(threads)
        },
        None,
    )?;
    let d = s.info().draws;
    let draws = floor::StepDraws {
        uniforms: d.uniforms,
        normals: d.normals,
        exps: d.exps,
    };
    let (mut par_t, mut one_t, mut floor) = (Duration::MAX, Duration::MAX, Duration::MAX);
    let mut used_threads = 1;
    for _ in 0..repeats.max(1) {
        let par = engine::run(model, &targets, &opts(threads), None)?;
        used_threads = par.threads;
        par_t = par_t.min(par.elapsed);
        one_t = one_t.min(engine::run(model, &targets, &opts(1), None)?.elapsed);
        floor = floor.min(floor::floor_time(draws, paths, steps, s.seed()));
    }
    let scaling = if with_scaling {
        scaling::measure(model, &targets, s.seed(), paths, threads, repeats)?
    } else {
        Vec::new()
    };
    let breakdown = parts::measure(model, &targets, &opts(1), draws, steps, repeats)?;
    let points = (paths / study::PATHS_PER_POINT).clamp(8, 64) as usize;
    let study = study::measure(model, s.info(), &targets, s.seed(), points, repeats)?;
    Ok(BenchReport {
        scenario: s.name().to_string(),
        paths,
        steps,
        threads: used_threads,
        engine_path_steps_per_s: throughput(paths, steps, par_t),
        single_thread_path_steps_per_s: throughput(paths, steps, one_t),
        floor_path_steps_per_s: throughput(paths, steps, floor),
        draws,
        peak_rss_bytes: memory::peak_rss_bytes(),
        scaling,
        breakdown,
        study,
    })
}
