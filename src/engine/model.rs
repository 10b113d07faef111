//! What the engine runs: the [`Model`] trait, the per-path parameter draws the engine owns
//! ([`ParamDraw`]), and [`AnyModel`], the object-safe face of every model that the pipeline
//! holds without knowing its type.

use super::compare::{compare_chunks, CompareAcc};
use super::dist::Dist;
use super::draws::Draws;
use super::probe::{probe_chunk, PointAcc, ProbePlan};
use super::profile::PartTimes;
use super::reduce::Partial;
use super::rng::stream;
use super::rows::{PathRows, RowPlan};
use super::run::{run_summary_chunks, RunOptions};
use super::summary::{QuantileMode, SummaryAcc, TargetCheck};
use super::trace::{trace_path, PathTrace};
use std::any::Any;
use std::sync::atomic::AtomicU64;

/// A stochastic model simulated path by path.
///
/// Contract: `step` draws a number and order of random values that depends only on the model's
/// structure, never on state or parameter values, so that two models with the same structure see
/// the same random numbers path by path (common random numbers). Per-path parameter values are
/// drawn by the engine (see [`ParamDraw`]) and handed to [`Model::set_params`]: a model never
/// seeds a generator of its own.
pub trait Model: Sync {
    /// Per-path work area (parameters, state, buffers); allocated once per chunk and reused.
    type Work: Send;

    /// Number of outcomes recorded at each step.
    fn outcomes(&self) -> usize;
    /// Number of steps after the initial record (outcomes are recorded `steps() + 1` times;
    /// 0 for a static model).
    fn steps(&self) -> usize;
    /// Allocate a work area.
    fn new_work(&self) -> Self::Work;
    /// Set this path's parameters: the scenario's values with `drawn` (parameter index, value)
    /// pairs overwritten. Called once per path, with an empty list when nothing is drawn.
    fn set_params(&self, drawn: &[(usize, f64)], work: &mut Self::Work);
    /// Set the state at k = 0.
    fn init(&self, work: &mut Self::Work);
    /// Advance from step `k - 1` to `k` (k in 1..=steps) using random numbers from `draws`.
    fn step<D: Draws + ?Sized>(&self, k: usize, work: &mut Self::Work, draws: &mut D);
    /// Write the current outcomes into `out` (length = number of outcomes).
    fn record(&self, work: &Self::Work, out: &mut [f64]);
}

/// One per-path parameter draw: parameter `param` (an index into the model's parameter list)
/// takes a value from `dist`, drawn from the path's stream `stream` (keyed by the parameter's
/// dotted path, so adding a draw never shifts another).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamDraw {
    /// Stream id, `rng::stream_id(path)`.
    pub stream: u64,
    /// Parameter index.
    pub param: usize,
    /// Distribution.
    pub dist: Dist,
}

impl ParamDraw {
    /// A draw of parameter `param`, named `path`, from `dist`.
    pub fn new(path: &str, param: usize, dist: Dist) -> Self {
        ParamDraw {
            stream: super::rng::stream_id(path),
            param,
            dist,
        }
    }
}

/// Draw path `path`'s parameters into `out` (cleared first), in the order of `draws`.
pub fn draw_params(draws: &[ParamDraw], seed: u64, path: u64, out: &mut Vec<(usize, f64)>) {
    out.clear();
    for d in draws {
        out.push((d.param, d.dist.sample(&mut stream(seed, path, d.stream))));
    }
}

/// What the engine needs besides the model to run it: the per-path draws and the targets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathSetup {
    /// Per-path parameter draws.
    pub params: Vec<ParamDraw>,
    /// Targets checked on every path.
    pub targets: Vec<TargetCheck>,
}

/// A model whose type the caller does not know; every [`Model`] is one.
pub trait AnyModel: Send + Sync + 'static {
    /// Number of outcomes.
    fn outcome_count(&self) -> usize;
    /// Number of steps.
    fn step_count(&self) -> usize;
    /// The model itself, for downcasting.
    fn as_any(&self) -> &dyn Any;
    /// Summary statistics of chunks `[lo, hi)`, quantiles kept as `modes[0]` says; with a
    /// `plan`, also each path's row as it says (its drawn parameters and chosen outcomes), in
    /// path order (no rows without).
    #[allow(clippy::too_many_arguments)]
    fn summary_chunks(
        &self,
        setup: &PathSetup,
        opts: &RunOptions,
        lo: u64,
        hi: u64,
        modes: &[QuantileMode],
        plan: Option<&RowPlan>,
        done: &AtomicU64,
    ) -> (Partial<SummaryAcc>, Vec<PathRows>);
    /// Statistics of `self` and `others` (models of the same type) on the same paths, and of
    /// each later model's path-wise difference to `self`, over chunks `[lo, hi)`.
    /// `setups[0]` belongs to `self`, `setups[j]` to `others[j - 1]`; `modes` as in
    /// [`CompareAcc::empty`].
    #[allow(clippy::too_many_arguments)]
    fn compare_chunks(
        &self,
        others: &[&dyn AnyModel],
        setups: &[&PathSetup],
        opts: &RunOptions,
        lo: u64,
        hi: u64,
        modes: &[QuantileMode],
        done: &AtomicU64,
    ) -> Result<Partial<CompareAcc>, String>;
    /// Simulate one path exactly as a run would and keep everything.
    fn trace(&self, setup: &PathSetup, seed: u64, path: u64) -> PathTrace;
    /// Chunk `chunk` of a design point that fixes the parameters `fixed` (none of them drawn
    /// by `setup`), measured by `plan` (see [`crate::engine::probe`]).
    fn probe_chunk(
        &self,
        setup: &PathSetup,
        fixed: &[(usize, f64)],
        plan: &ProbePlan,
        seed: u64,
        paths: u64,
        chunk: u64,
    ) -> PointAcc;
    /// Where one thread's time goes over paths `0..opts.paths`, quantiles kept as `mode` says
    /// (see [`crate::engine::profile`]).
    fn profile_parts(&self, setup: &PathSetup, opts: &RunOptions, mode: &QuantileMode)
        -> PartTimes;
}

impl<M: Model + Send + 'static> AnyModel for M {
    fn outcome_count(&self) -> usize {
        self.outcomes()
    }

    fn step_count(&self) -> usize {
        self.steps()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn summary_chunks(
        &self,
        setup: &PathSetup,
        opts: &RunOptions,
        lo: u64,
        hi: u64,
        modes: &[QuantileMode],
        plan: Option<&RowPlan>,
        done: &AtomicU64,
    ) -> (Partial<SummaryAcc>, Vec<PathRows>) {
        run_summary_chunks(self, setup, opts, lo, hi, &modes[0], plan, done)
    }

    fn compare_chunks(
        &self,
        others: &[&dyn AnyModel],
        setups: &[&PathSetup],
        opts: &RunOptions,
        lo: u64,
        hi: u64,
        modes: &[QuantileMode],
        done: &AtomicU64,
    ) -> Result<Partial<CompareAcc>, String> {
        let mut models: Vec<&M> = vec![self];
        for o in others {
            models.push(
                o.as_any()
                    .downcast_ref::<M>()
                    .ok_or("scenarios of different models cannot be compared path by path")?,
            );
        }
        Ok(compare_chunks(&models, setups, opts, lo, hi, modes, done))
    }

    fn trace(&self, setup: &PathSetup, seed: u64, path: u64) -> PathTrace {
        trace_path(self, setup, seed, path)
    }

    fn probe_chunk(
        &self,
        setup: &PathSetup,
        fixed: &[(usize, f64)],
        plan: &ProbePlan,
        seed: u64,
        paths: u64,
        chunk: u64,
    ) -> PointAcc {
        probe_chunk(self, setup, fixed, plan, seed, paths, chunk)
    }

    fn profile_parts(
        &self,
        setup: &PathSetup,
        opts: &RunOptions,
        mode: &QuantileMode,
    ) -> PartTimes {
        super::profile::profile(self, setup, opts, mode)
    }
}
