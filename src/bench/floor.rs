//! The floor: time to draw exactly the random numbers (and hit exponentials) a model's path-steps
//! need, with the engine's generator and samplers, and nothing else.

use crate::engine::fastmath::exp_in_place;
use crate::engine::{Draws, PathDraws};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// What one step of a path draws: `uniforms` uniforms, `normals` normals, and `exps` of them
/// pass through `exp` (the log-normal hit factor of each cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDraws {
    /// Uniform draws per step.
    pub uniforms: usize,
    /// Normal draws per step.
    pub normals: usize,
    /// Exponentials per step.
    pub exps: usize,
}

/// Draw `paths × steps` steps' worth of random numbers on one thread; returns the elapsed time.
pub fn floor_time(d: StepDraws, paths: u64, steps: usize, seed: u64) -> Duration {
    let mut normals = vec![0.0; d.normals];
    let mut uniforms = vec![0.0; d.uniforms];
    let mut exps = vec![0.0; d.exps];
    time_steps(paths, steps, seed, |draws| {
        for u in uniforms.iter_mut() {
            *u = draws.uniform();
        }
        draws.fill_normals(&mut normals);
        // As the engine does: exponentials into a buffer (a loop that vectorises), then a sum.
        exps.copy_from_slice(&normals[..d.exps]);
        exp_in_place(&mut exps);
        sum4(&exps)
            + uniforms.first().copied().unwrap_or(0.0)
            + normals.last().copied().unwrap_or(0.0)
    })
}

/// Time `step` over `steps` steps of each of `paths` paths (each path's own draws), keeping
/// what it returns alive so the work is not optimised away.
fn time_steps(
    paths: u64,
    steps: usize,
    seed: u64,
    mut step: impl FnMut(&mut PathDraws) -> f64,
) -> Duration {
    let start = Instant::now();
    let mut sink = 0.0;
    for path in 0..paths {
        let mut draws = PathDraws::new(black_box(seed), path);
        for _ in 0..steps {
            sink += step(&mut draws);
        }
    }
    black_box(sink);
    start.elapsed()
}

/// The sum of `xs` with four running sums, as the engine's cell loop sums (one serial chain of
/// dependent additions would cost the floor about 4 % more than the engine pays).
#[inline]
fn sum4(xs: &[f64]) -> f64 {
    let mut s = [0.0f64; 4];
    let mut quads = xs.chunks_exact(4);
    for q in &mut quads {
        for (a, &x) in s.iter_mut().zip(q) {
            *a += x;
        }
    }
    for (a, &x) in s.iter_mut().zip(quads.remainder()) {
        *a += x;
    }
    (s[0] + s[1]) + (s[2] + s[3])
}

/// Time to draw `paths × steps` steps' worth of uniforms and normals with one build of the
/// normal sampler (`kernel`), on one thread: the sampler's share of the floor, build by build.
pub fn sampler_time(
    kernel: crate::engine::NormalKernel,
    d: StepDraws,
    paths: u64,
    steps: usize,
    seed: u64,
) -> Duration {
    let mut normals = vec![0.0; d.normals];
    time_steps(paths, steps, seed, |draws| {
        let mut sink = 0.0;
        for _ in 0..d.uniforms {
            sink += draws.uniform();
        }
        draws.fill_normals_with(kernel, &mut normals);
        sink + normals.last().copied().unwrap_or(0.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_sums_add_every_value() {
        for n in 0..11 {
            let xs: Vec<f64> = (1..=n).map(|i| i as f64).collect();
            assert_eq!(sum4(&xs), (n * (n + 1) / 2) as f64, "n = {n}");
        }
    }
}
