//! Path-level API: simulate one path and keep everything (outcomes per step and every draw).
//!
//! Used to inspect single paths and to check common random numbers: two scenarios that differ
//! only in levers or coefficients must draw exactly the same random numbers, path by path.

use super::draws::{Draws, PathDraws};
use super::model::{Model, PathSetup};
use super::run::simulate_path;

/// A [`Draws`] wrapper that logs every value the inner source hands out.
#[derive(Debug, Clone)]
pub struct RecordingDraws<D> {
    inner: D,
    /// Bit patterns of every uniform and normal drawn so far, in order.
    pub log: Vec<u64>,
}

impl<D: Draws> RecordingDraws<D> {
    /// Wrap a source.
    pub fn new(inner: D) -> Self {
        RecordingDraws {
            inner,
            log: Vec::new(),
        }
    }
}

impl<D: Draws> Draws for RecordingDraws<D> {
    fn uniform(&mut self) -> f64 {
        let u = self.inner.uniform();
        self.log.push(u.to_bits());
        u
    }

    fn fill_normals(&mut self, buf: &mut [f64]) {
        self.inner.fill_normals(buf);
        self.log.extend(buf.iter().map(|z| z.to_bits()));
    }

    fn enter(&mut self, part: super::draws::Part) {
        self.inner.enter(part);
    }
}

/// One simulated path, kept whole.
#[derive(Debug, Clone, PartialEq)]
pub struct PathTrace {
    /// `outcomes[k][i]`: outcome `i` at step `k` (k = 0..=T).
    pub outcomes: Vec<Vec<f64>>,
    /// Bit patterns of every uniform and normal the dynamics drew, in order.
    pub draws: Vec<u64>,
}

/// Simulate path `path` of `model` under `seed`, exactly as a run would, and keep everything.
pub fn trace_path<M: Model + ?Sized>(
    model: &M,
    setup: &PathSetup,
    seed: u64,
    path: u64,
) -> PathTrace {
    let mut work = model.new_work();
    let mut draws = RecordingDraws::new(PathDraws::new(seed, path));
    let mut out = vec![0.0; model.outcomes()];
    let mut outcomes = Vec::with_capacity(model.steps() + 1);
    simulate_path(
        model,
        &mut work,
        &setup.params,
        &mut Vec::new(),
        seed,
        path,
        &mut draws,
        &mut out,
        |_, o| outcomes.push(o.to_vec()),
    );
    PathTrace {
        outcomes,
        draws: draws.log,
    }
}
