//! Where a model's dynamics get their random numbers: the [`Draws`] trait and the engine's
//! per-path source, [`PathDraws`].
//!
//! A path's dynamics draw uniforms from its scalar stream `rng::stream(seed, path,
//! DYNAMICS_STREAM)` and normals from the ziggurat over its eight normal lanes (whose rare slow
//! path also reads the scalar stream). Everything is keyed by (seed, path), never by thread.

use super::lanes::LaneRng;
use super::rng::{stream, uniform, PathRng, DYNAMICS_STREAM};
use super::ziggurat::{fill_normals, Pending};

/// A source of the random numbers a model step needs. The engine passes a [`PathDraws`]; the
/// path-level trace wraps one to record every value.
pub trait Draws {
    /// A uniform number in [0, 1).
    fn uniform(&mut self) -> f64;
    /// Fill `buf` with independent standard normal draws, in order.
    fn fill_normals(&mut self, buf: &mut [f64]);
}

/// The random numbers of one path's dynamics.
#[derive(Debug, Clone)]
pub struct PathDraws {
    scalar: PathRng,
    lanes: LaneRng,
    pending: Pending,
}

impl PathDraws {
    /// The dynamics streams of path `path` under `seed`.
    pub fn new(seed: u64, path: u64) -> Self {
        PathDraws {
            scalar: stream(seed, path, DYNAMICS_STREAM),
            lanes: LaneRng::new(seed, path),
            pending: Pending::default(),
        }
    }
}

impl Draws for PathDraws {
    #[inline]
    fn uniform(&mut self) -> f64 {
        uniform(&mut self.scalar)
    }

    #[inline]
    fn fill_normals(&mut self, buf: &mut [f64]) {
        fill_normals(&mut self.lanes, &mut self.scalar, &mut self.pending, buf);
    }
}
