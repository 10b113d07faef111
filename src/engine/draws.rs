//! Where a model's dynamics get their random numbers: the [`Draws`] trait and the engine's
//! per-path source, [`PathDraws`].
//!
//! A path's dynamics draw uniforms from its scalar stream `rng::stream(seed, path,
//! DYNAMICS_STREAM)` and normals from the ziggurat over its eight normal lanes (whose rare slow
//! path also reads the scalar stream). Everything is keyed by (seed, path), never by thread.

use super::arch::NormalKernel;
use super::lanes::LaneRng;
use super::rng::{stream, uniform, PathRng, DYNAMICS_STREAM};
use super::ziggurat::{fill_normals, Pending};

/// The parts of a path-step that the bench's breakdown tells apart (`softpower bench`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Drawing the step's random numbers (uniforms and normals).
    Sampler,
    /// The model's per-cell arithmetic (for cultural-export: capacity, hits and sector sums).
    Cells,
    /// The rest of the model's step (for cultural-export: regimes, platform, favourability,
    /// market factors, imports). A model that marks nothing counts all its step here.
    Markets,
    /// Recording the step's outcomes and adding them to the statistics.
    Aggregation,
    /// Per-path set-up: parameter draws, the model's preparation and initial state, streams.
    Setup,
}

impl Part {
    /// Every part, in the order of [`Part::index`].
    pub const ALL: [Part; 5] = [
        Part::Sampler,
        Part::Cells,
        Part::Markets,
        Part::Aggregation,
        Part::Setup,
    ];

    /// Position in [`Part::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as the bench writes it.
    pub fn name(self) -> &'static str {
        match self {
            Part::Sampler => "sampler",
            Part::Cells => "cells",
            Part::Markets => "markets",
            Part::Aggregation => "aggregation",
            Part::Setup => "setup",
        }
    }
}

/// A source of the random numbers a model step needs. The engine passes a [`PathDraws`]; the
/// path-level trace wraps one to record every value, the bench one to time the parts.
pub trait Draws {
    /// A uniform number in [0, 1).
    fn uniform(&mut self) -> f64;
    /// Fill `buf` with independent standard normal draws, in order.
    fn fill_normals(&mut self, buf: &mut [f64]);
    /// The step now enters `part`: a mark for the bench's per-part timing, which a model may
    /// place around its sub-steps. It draws nothing and changes nothing; in a normal run it
    /// compiles to nothing.
    #[inline(always)]
    fn enter(&mut self, _part: Part) {}
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

    /// [`Draws::fill_normals`] with a given build of the fill loop (the same bits as the one
    /// the engine dispatches to; the bench times them side by side).
    pub fn fill_normals_with(&mut self, kernel: NormalKernel, buf: &mut [f64]) {
        kernel.fill(&mut self.lanes, &mut self.scalar, &mut self.pending, buf);
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
