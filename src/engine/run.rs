//! Running a model over many paths: chunking, per-path streams, parallel deterministic reduction,
//! and the one entry point ([`execute`]) every command goes through (thread pool, timer, progress).

use super::compare::CompareAcc;
use super::draws::{Draws, Part, PathDraws};
use super::model::{draw_params, AnyModel, Model, ParamDraw, PathSetup};
pub(crate) use super::pilot::reduce_with_pilot;
pub use super::pilot::{binned_modes, PILOT_CHUNKS};
use super::pilot::{reduce_range, Timed};
use super::reduce::{reduce_chunks, Merge, Partial};
use super::rows::{PathRows, RowPlan};
use super::summary::QuantileSets;
use super::summary::{QuantileMode, SummaryAcc, TargetCheck};
use crate::stats::GridSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Set (by the command line's SIGINT/SIGTERM handlers) to stop a run: chunks not yet started
/// are skipped and the run returns [`EngineError::Interrupted`] within about a chunk's time.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Paths per chunk: the unit of work and of the canonical merge tree (part of the reproducibility
/// contract: changing it changes the bytes of the summary).
pub const CHUNK_PATHS: u64 = 1024;

/// How to run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// Number of paths.
    pub paths: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Relative accuracy of the tail sketches (values outside the pilot's range).
    pub alpha: f64,
    /// Keep every value for exact quantiles, however many paths (memory grows with the paths:
    /// for measuring the binned quantiles, not for production runs).
    pub exact_quantiles: bool,
}

/// Errors the engine itself can meet (the model and its inputs are already valid).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The worker thread pool could not be built.
    #[error("could not start {threads} worker threads: {source}")]
    ThreadPool {
        /// Threads asked for.
        threads: usize,
        /// Cause.
        source: rayon::ThreadPoolBuildError,
    },
    /// The models handed to a comparison cannot run together.
    #[error("{0}")]
    Incompatible(String),
    /// The run was interrupted (SIGINT or SIGTERM).
    #[error("interrupted")]
    Interrupted,
    /// The sink of a run's per-path rows failed (e.g. the disk is full).
    #[error(transparent)]
    Rows(anyhow::Error),
}

/// A finished run: the accumulated statistics and how long it took.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// Statistics over all paths.
    pub acc: SummaryAcc,
    /// Wall time of the simulation (excluding input and output).
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
}

/// Simulate one path from scratch, calling `sink(k, outcomes)` at k = 0..=T: the engine draws
/// the path's parameters (`params`, into the reused buffer `drawn`), the model initialises,
/// records, and steps with the dynamics draws `draws` (the path's [`PathDraws`] or a wrapper).
#[allow(clippy::too_many_arguments)]
pub fn simulate_path<M: Model + ?Sized, D: Draws + ?Sized>(
    model: &M,
    work: &mut M::Work,
    params: &[ParamDraw],
    drawn: &mut Vec<(usize, f64)>,
    seed: u64,
    path: u64,
    draws: &mut D,
    out: &mut [f64],
    mut sink: impl FnMut(usize, &[f64]),
) {
    // The marks time the parts for the bench's breakdown; with a path's own draws they are
    // no-ops.
    draws.enter(Part::Setup);
    draw_params(params, seed, path, drawn);
    model.set_params(drawn, work);
    model.init(work);
    draws.enter(Part::Aggregation);
    model.record(work, out);
    sink(0, out);
    for k in 1..=model.steps() {
        draws.enter(Part::Markets);
        model.step(k, work, draws);
        draws.enter(Part::Aggregation);
        model.record(work, out);
        sink(k, out);
    }
}

/// Targets grouped by the step they are checked at.
pub fn checks_by_step(steps: usize, targets: &[TargetCheck]) -> Vec<Vec<(usize, TargetCheck)>> {
    let mut v = vec![Vec::new(); steps + 1];
    for (i, t) in targets.iter().enumerate() {
        v[t.step].push((i, *t));
    }
    v
}

/// Number of chunks for `paths` paths.
pub fn chunk_count(paths: u64) -> u64 {
    paths.div_ceil(CHUNK_PATHS)
}

/// Run any per-path accumulation over chunks `[lo, hi)` on the current rayon pool.
/// `make` builds an empty accumulator, `path_fn(acc, work, path)` simulates and records one path.
pub(crate) fn run_chunks<M, A, F, G>(
    model: &M,
    paths: u64,
    lo: u64,
    hi: u64,
    make: G,
    path_fn: F,
    done: &AtomicU64,
) -> Partial<A>
where
    M: Model + ?Sized,
    A: Merge,
    G: Fn() -> A + Sync,
    F: Fn(&mut A, &mut M::Work, u64) + Sync,
{
    reduce_chunks(lo, hi, |c| {
        let mut acc = make();
        if INTERRUPTED.load(Ordering::Relaxed) {
            return acc; // the run is abandoned: its result is never used
        }
        let mut work = model.new_work();
        let end = ((c + 1) * CHUNK_PATHS).min(paths);
        for path in c * CHUNK_PATHS..end {
            path_fn(&mut acc, &mut work, path);
        }
        acc.finish_chunk();
        done.fetch_add(end - c * CHUNK_PATHS, Ordering::Relaxed);
        acc
    })
}

/// Summary statistics of chunks `[lo, hi)`: a partial result that appends to its neighbours
/// (quantiles kept as `mode` says), and with a `plan`, the rows of the chunks' paths in path
/// order (none without).
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_summary_chunks<M: Model + ?Sized>(
    model: &M,
    setup: &PathSetup,
    opts: &RunOptions,
    lo: u64,
    hi: u64,
    mode: &QuantileMode,
    plan: Option<&RowPlan>,
    done: &AtomicU64,
) -> (Partial<SummaryAcc>, Vec<PathRows>) {
    let n_out = model.outcomes();
    let records = model.steps() + 1;
    let targets = &setup.targets;
    let checks = checks_by_step(model.steps(), targets);
    let partial = run_chunks(
        model,
        opts.paths,
        lo,
        hi,
        || PathState {
            acc: SummaryAcc::new(records, n_out, targets.len(), mode),
            out: vec![0.0; n_out],
            drawn: Vec::new(),
            rows: Vec::new(),
        },
        |st, work, path| {
            let PathState {
                acc,
                out,
                drawn,
                rows,
            } = st;
            let mut draws = PathDraws::new(opts.seed, path);
            let mut row = plan.map(|p| {
                if rows.is_empty() {
                    rows.push(PathRows::new(path, p, CHUNK_PATHS as usize));
                }
                (p, &mut rows[0].columns)
            });
            simulate_path(
                model,
                work,
                &setup.params,
                drawn,
                opts.seed,
                path,
                &mut draws,
                out,
                |k, o| {
                    acc.record(k, o, &checks[k]);
                    if let Some((p, row)) = &mut row {
                        for &(col, i) in p.at_step(k) {
                            row[col].push(o[i]);
                        }
                    }
                },
            );
            if let Some((_, row)) = row {
                for (col, &(_, x)) in row.iter_mut().zip(drawn.iter()) {
                    col.push(x);
                }
            }
            acc.finish_path(path);
        },
        done,
    );
    let mut rows = Vec::new();
    let partial = partial.map(|st| {
        rows.extend(st.rows);
        st.acc
    });
    (partial, rows)
}

/// A chunk's accumulator with its scratch buffers (dropped before merging) and its paths' rows
/// (kept, in path order, when the run asks for them).
struct PathState {
    acc: SummaryAcc,
    out: Vec<f64>,
    drawn: Vec<(usize, f64)>,
    rows: Vec<PathRows>,
}

impl Merge for PathState {
    fn merge(&mut self, mut right: Self) {
        self.acc.merge(right.acc);
        self.rows.append(&mut right.rows);
    }

    fn finish_chunk(&mut self) {
        self.acc.finish_chunk();
        self.out = Vec::new();
        self.drawn = Vec::new();
    }
}

/// Build a rayon pool with `threads` workers (0: one per core).
pub fn pool(threads: usize) -> Result<rayon::ThreadPool, EngineError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| EngineError::ThreadPool { threads, source })
}

/// Run `work(done)` on a pool of `threads` workers, timing it; `progress(done)` is called from
/// the calling thread about ten times a second with the paths finished (as counted by `work`
/// in `done`). Returns the result, the wall time and the threads used.
pub fn execute<P: Send>(
    threads: usize,
    progress: Option<&(dyn Fn(u64) + Sync)>,
    work: impl FnOnce(&AtomicU64) -> P + Send,
) -> Result<(P, Duration, usize), EngineError> {
    let pool = pool(threads)?;
    let threads = pool.current_num_threads();
    let done = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    let start = Instant::now();
    let result = std::thread::scope(|s| {
        if let Some(report) = progress {
            let (done, finished) = (&done, &finished);
            s.spawn(move || {
                while !finished.load(Ordering::Relaxed) {
                    report(done.load(Ordering::Relaxed));
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
        }
        let r = pool.install(|| work(&done));
        finished.store(true, Ordering::Relaxed);
        r
    });
    let elapsed = start.elapsed();
    if INTERRUPTED.load(Ordering::Relaxed) {
        return Err(EngineError::Interrupted);
    }
    if let Some(report) = progress {
        report(done.load(Ordering::Relaxed));
    }
    Ok((result, elapsed, threads))
}

/// The quantile grid of a run of `model`, chosen from its pilot chunks (simulated here, on the
/// current rayon pool): what every shard of the run must bin on to merge into the same bytes.
pub fn summary_grid(model: &dyn AnyModel, setup: &PathSetup, opts: &RunOptions) -> Arc<GridSet> {
    let pilot = PILOT_CHUNKS.min(chunk_count(opts.paths));
    let done = AtomicU64::new(0);
    let (partial, _) =
        model.summary_chunks(setup, opts, 0, pilot, &[QuantileMode::Exact], None, &done);
    let parts: Vec<&SummaryAcc> = partial.accs().collect();
    let mut grids = SummaryAcc::pilot_grids(&parts);
    Arc::new(grids.remove(0))
}

/// Run `opts.paths` paths of `model` and reduce their statistics (see [`execute`] for `progress`).
pub fn run(
    model: &dyn AnyModel,
    setup: &PathSetup,
    opts: &RunOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<RunOutput, EngineError> {
    let (acc, elapsed, threads) = execute(opts.threads, progress, |done| {
        let threads = rayon::current_num_threads();
        reduce_with_pilot(
            chunk_count(opts.paths),
            1,
            opts,
            threads,
            |lo, hi, modes| {
                model
                    .summary_chunks(setup, opts, lo, hi, modes, None, done)
                    .0
            },
        )
    })?;
    Ok(run_output(model, setup, acc, elapsed, threads))
}

/// The output of a run of `model` from its reduced statistics (`None`: no paths).
pub(crate) fn run_output(
    model: &dyn AnyModel,
    setup: &PathSetup,
    acc: Option<SummaryAcc>,
    elapsed: Duration,
    threads: usize,
) -> RunOutput {
    let acc = acc.unwrap_or_else(|| {
        SummaryAcc::new(
            model.step_count() + 1,
            model.outcome_count(),
            setup.targets.len(),
            &QuantileMode::Exact,
        )
    });
    RunOutput {
        acc,
        elapsed,
        threads,
    }
}

/// Reduce chunks `range` of a comparison of `models` as the whole comparison reduces them (see
/// `reduce_range`), timed as [`execute`] times a run.
pub fn compare_range(
    models: &[&dyn AnyModel],
    setups: &[&PathSetup],
    opts: &RunOptions,
    range: (u64, u64),
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<Timed<CompareAcc>, EngineError> {
    let (first, later) = models
        .split_first()
        .ok_or_else(|| EngineError::Incompatible("nothing to compare".into()))?;
    let sets = models.len() + 1;
    let (r, elapsed, threads) = execute(opts.threads, progress, |done| {
        let threads = rayon::current_num_threads();
        let failed = std::sync::Mutex::new(None);
        let r = reduce_range(
            chunk_count(opts.paths),
            sets,
            opts,
            threads,
            range,
            None,
            |lo, hi, modes| {
                first
                    .compare_chunks(later, setups, opts, lo, hi, modes, done)
                    .unwrap_or_else(|e| {
                        *failed.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                        Partial::default()
                    })
            },
        );
        match failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => Err(EngineError::Incompatible(e)),
            None => Ok(r),
        }
    })?;
    Ok((r?, elapsed, threads))
}

/// Run `models` (of one type and structure) on the same paths `0..opts.paths` and accumulate
/// each one's statistics and each later model's path-wise difference to the first. `progress`
/// counts paths (each simulated under every model).
pub fn run_compare(
    models: &[&dyn AnyModel],
    setups: &[&PathSetup],
    opts: &RunOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<(CompareAcc, RunOutput), EngineError> {
    let whole = (0, chunk_count(opts.paths));
    let (r, elapsed, threads) = compare_range(models, setups, opts, whole, progress)?;
    let acc = r.partial.finish().map(|mut a| {
        a.seal();
        a
    });
    let acc = acc.unwrap_or_else(|| {
        CompareAcc::empty(
            models[0].step_count() + 1,
            models[0].outcome_count(),
            setups,
            &vec![QuantileMode::Exact; models.len() + 1],
        )
    });
    let run = RunOutput {
        acc: acc.own[0].clone(),
        elapsed,
        threads,
    };
    Ok((acc, run))
}
