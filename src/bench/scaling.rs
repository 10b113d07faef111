//! Thread scaling: engine throughput at 1, 2, 4, … threads up to the machine's (or the asked)
//! maximum, so a bigger machine reports its own curve.

use crate::engine::{self, AnyModel, EngineError, PathSetup, RunOptions, CHUNK_PATHS};
use std::time::Duration;

/// Throughput at one thread count.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingPoint {
    /// Worker threads.
    pub threads: usize,
    /// Paths of the timed run (at least eight chunks per thread, so no thread waits for work).
    pub paths: u64,
    /// Engine throughput, path-steps/s (fastest of the repeats).
    pub path_steps_per_s: f64,
}

/// The thread counts measured for a maximum of `max`: powers of two below it, then `max`.
pub fn thread_counts(max: usize) -> Vec<usize> {
    let max = max.max(1);
    let mut v: Vec<usize> = std::iter::successors(Some(1usize), |t| t.checked_mul(2))
        .take_while(|&t| t < max)
        .collect();
    v.push(max);
    v
}

/// Measure the engine at each of `thread_counts(max_threads)` (0: all cores). Each point runs
/// max(`paths`, 8 chunks × threads) paths `repeats` times and keeps the fastest.
pub fn measure(
    model: &dyn AnyModel,
    setup: &PathSetup,
    seed: u64,
    paths: u64,
    max_threads: usize,
    repeats: usize,
) -> Result<Vec<ScalingPoint>, EngineError> {
    let max = engine::run::pool(max_threads)?.current_num_threads();
    let mut points = Vec::new();
    for threads in thread_counts(max) {
        let paths = paths.max(8 * CHUNK_PATHS * threads as u64);
        let opts = RunOptions {
            paths,
            seed,
            threads,
            alpha: crate::stats::DEFAULT_ALPHA,
            exact_quantiles: false,
        };
        let mut best = Duration::MAX;
        for _ in 0..repeats.max(1) {
            best = best.min(engine::run(model, setup, &opts, None)?.elapsed);
        }
        points.push(ScalingPoint {
            threads,
            paths,
            path_steps_per_s: super::throughput(paths, model.step_count().max(1), best),
        });
    }
    Ok(points)
}

/// Parallel efficiency of each point against the one-thread point: T_n / (n · T_1).
pub fn efficiencies(points: &[ScalingPoint]) -> Vec<f64> {
    let one = points
        .iter()
        .find(|p| p.threads == 1)
        .map_or(f64::NAN, |p| p.path_steps_per_s);
    points
        .iter()
        .map(|p| p.path_steps_per_s / (p.threads as f64 * one))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_counts_are_powers_of_two_then_the_maximum() {
        assert_eq!(thread_counts(1), vec![1]);
        assert_eq!(thread_counts(2), vec![1, 2]);
        assert_eq!(thread_counts(6), vec![1, 2, 4, 6]);
        assert_eq!(thread_counts(16), vec![1, 2, 4, 8, 16]);
        assert_eq!(thread_counts(0), vec![1]);
    }

    #[test]
    fn efficiency_is_relative_to_one_thread() {
        let p = |threads, v| ScalingPoint {
            threads,
            paths: 1,
            path_steps_per_s: v,
        };
        let e = efficiencies(&[p(1, 100.0), p(2, 180.0), p(4, 200.0)]);
        assert_eq!(e, vec![1.0, 0.9, 0.5]);
    }
}
