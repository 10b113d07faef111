//! Path-level API: simulate one path and keep everything (outcomes per step and every raw draw).
//!
//! Used to inspect single paths and to check common random numbers: two scenarios that differ
//! only in levers or coefficients must consume exactly the same raw random numbers, path by path.

use super::rng::{stream, DYNAMICS_STREAM};
use super::run::simulate_path;
use crate::model::Model;
use core::convert::Infallible;

/// A generator wrapper that logs every 64-bit word drawn from the inner generator.
#[derive(Debug, Clone)]
pub struct RecordingRng<R> {
    inner: R,
    /// Raw words drawn so far, in order (`u32` draws are logged widened).
    pub log: Vec<u64>,
}

impl<R: rand::Rng> RecordingRng<R> {
    /// Wrap a generator.
    pub fn new(inner: R) -> Self {
        RecordingRng {
            inner,
            log: Vec::new(),
        }
    }
}

impl<R: rand::Rng> rand::TryRng for RecordingRng<R> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let x = self.inner.next_u32();
        self.log.push(x as u64);
        Ok(x)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let x = self.inner.next_u64();
        self.log.push(x);
        Ok(x)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let x = self.inner.next_u64();
            self.log.push(x);
            chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
        }
        Ok(())
    }
}

/// One simulated path, kept whole.
#[derive(Debug, Clone, PartialEq)]
pub struct PathTrace {
    /// `outcomes[k][i]`: outcome `i` at step `k` (k = 0..=T).
    pub outcomes: Vec<Vec<f64>>,
    /// Every raw 64-bit word the dynamics drew, in order.
    pub draws: Vec<u64>,
}

/// Simulate path `path` of `model` under `seed`, exactly as a run would, and keep everything.
pub fn trace_path<M: Model>(model: &M, seed: u64, path: u64) -> PathTrace {
    let mut work = model.new_work();
    let mut rng = RecordingRng::new(stream(seed, path, DYNAMICS_STREAM));
    let mut out = vec![0.0; model.outcome_names().len()];
    let mut outcomes = Vec::with_capacity(model.steps() + 1);
    simulate_path(model, &mut work, seed, path, &mut rng, &mut out, |_, o| {
        outcomes.push(o.to_vec())
    });
    PathTrace {
        outcomes,
        draws: rng.log,
    }
}
