//! The per-part timing behind `softpower bench`'s breakdown: one thread simulating paths exactly
//! as a run does, with a clock read at every part boundary (the engine's marks around path
//! set-up, stepping and recording, the model's own through [`Draws::enter`]).
//!
//! Reading the clock costs a few nanoseconds per mark (the time-stamp counter on x86-64), so the
//! profiled run is a little slower than a plain one; the bench reports both.

use super::draws::{Draws, Part, PathDraws};
use super::model::{Model, PathSetup};
use super::reduce::Merge;
use super::run::{checks_by_step, simulate_path, RunOptions, CHUNK_PATHS};
use super::summary::{QuantileMode, SummaryAcc};
use std::cell::Cell;
use std::time::{Duration, Instant};

/// Where one thread's time went over a profiled run.
#[derive(Debug, Clone, PartialEq)]
pub struct PartTimes {
    /// Seconds spent in each part, indexed by [`Part::index`].
    pub seconds: [f64; Part::ALL.len()],
    /// Path-steps simulated.
    pub path_steps: u64,
    /// Wall time of the profiled run.
    pub elapsed: Duration,
}

impl PartTimes {
    /// Nanoseconds per path-step spent in `part`.
    pub fn ns_per_path_step(&self, part: Part) -> f64 {
        self.seconds[part.index()] * 1e9 / self.path_steps.max(1) as f64
    }
}

/// A monotonic tick count: the time-stamp counter on x86-64 (invariant on every CPU this
/// engine's SIMD builds target), nanoseconds since the first call elsewhere.
#[inline(always)]
fn ticks() -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: `rdtsc` exists on every x86-64 CPU and only reads the time-stamp counter.
        #[allow(unused_unsafe)]
        unsafe {
            std::arch::x86_64::_rdtsc()
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_nanos() as u64
    }
}

/// The part being timed and the ticks each part has taken so far.
struct Clock {
    current: Cell<Part>,
    since: Cell<u64>,
    spent: [Cell<u64>; Part::ALL.len()],
}

impl Clock {
    fn new(start: u64) -> Self {
        Clock {
            current: Cell::new(Part::Setup),
            since: Cell::new(start),
            spent: Default::default(),
        }
    }

    #[inline(always)]
    fn enter(&self, part: Part) {
        let now = ticks();
        let c = &self.spent[self.current.get().index()];
        c.set(c.get() + now.wrapping_sub(self.since.get()));
        self.since.set(now);
        self.current.set(part);
    }
}

/// A path's draws that report the model's marks to the clock.
struct Timed<'a> {
    inner: PathDraws,
    clock: &'a Clock,
}

impl Draws for Timed<'_> {
    #[inline]
    fn uniform(&mut self) -> f64 {
        self.inner.uniform()
    }

    #[inline]
    fn fill_normals(&mut self, buf: &mut [f64]) {
        self.inner.fill_normals(buf)
    }

    #[inline(always)]
    fn enter(&mut self, part: Part) {
        self.clock.enter(part)
    }
}

/// Simulate paths `0..opts.paths` of `model` on this thread into one accumulator that keeps
/// quantiles as `mode` says (the same work a one-thread run does per path, without the merge
/// tree), timing each part.
pub fn profile<M: Model + ?Sized>(
    model: &M,
    setup: &PathSetup,
    opts: &RunOptions,
    mode: &QuantileMode,
) -> PartTimes {
    let records = model.steps() + 1;
    let checks = checks_by_step(model.steps(), &setup.targets);
    let mut acc = SummaryAcc::new(records, model.outcomes(), setup.targets.len(), mode);
    let mut work = model.new_work();
    let mut out = vec![0.0; model.outcomes()];
    let mut drawn = Vec::new();
    let start = Instant::now();
    let t0 = ticks();
    let clock = Clock::new(t0);
    for path in 0..opts.paths {
        clock.enter(Part::Setup);
        let mut draws = Timed {
            inner: PathDraws::new(opts.seed, path),
            clock: &clock,
        };
        simulate_path(
            model,
            &mut work,
            &setup.params,
            &mut drawn,
            opts.seed,
            path,
            &mut draws,
            &mut out,
            |k, o| acc.record(k, o, &checks[k]),
        );
        clock.enter(Part::Aggregation);
        acc.finish_path(path);
        if (path + 1) % CHUNK_PATHS == 0 {
            // A chunk's end, as in a run: its statistics are complete.
            acc.finish_chunk();
        }
    }
    clock.enter(Part::Setup);
    let elapsed = start.elapsed();
    std::hint::black_box(&acc);
    let total = ticks().wrapping_sub(t0).max(1) as f64;
    let per_tick = elapsed.as_secs_f64() / total;
    PartTimes {
        seconds: std::array::from_fn(|i| clock.spent[i].get() as f64 * per_tick),
        path_steps: opts.paths * model.steps() as u64,
        elapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile_of(toml: &str, paths: u64) -> PartTimes {
        let sc = crate::scenario::Loader::new()
            .load_str(toml, "s", None)
            .unwrap();
        let model = sc.build_model();
        let opts = RunOptions {
            paths,
            seed: sc.seed(),
            threads: 1,
            alpha: crate::stats::DEFAULT_ALPHA,
            exact_quantiles: true,
        };
        model.profile_parts(&sc.path_setup(), &opts, &QuantileMode::Exact)
    }

    #[test]
    fn the_parts_add_up_to_the_run_and_follow_the_marks() {
        let p = profile_of(crate::scenario::BASELINE_TOML, 200);
        assert_eq!(p.path_steps, 200 * 48);
        let total: f64 = p.seconds.iter().sum();
        let wall = p.elapsed.as_secs_f64();
        assert!(
            (total / wall - 1.0).abs() < 0.01,
            "{total} s of parts in {wall} s"
        );
        // The cultural model marks all five parts.
        for part in Part::ALL {
            assert!(p.seconds[part.index()] > 0.0, "{part:?}: {p:?}");
        }
        // A model that marks nothing and has no steps (a test function evaluated at its
        // drawn point): its time is the parameter draws and the recording alone.
        let ishigami = include_str!("../../scenarios/ishigami.toml");
        let p = profile_of(ishigami, 200);
        assert_eq!(p.path_steps, 0);
        for part in [Part::Sampler, Part::Cells, Part::Markets] {
            assert_eq!(p.seconds[part.index()], 0.0, "{part:?}: {p:?}");
        }
        assert!(p.seconds[Part::Setup.index()] > 0.0, "{p:?}");
        assert!(p.seconds[Part::Aggregation.index()] > 0.0, "{p:?}");
    }
}
