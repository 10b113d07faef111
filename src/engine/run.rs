//! Running a model over many paths: chunking, per-path streams, parallel deterministic reduction.

use super::draws::{Draws, PathDraws};
use super::reduce::{reduce_chunks, Merge, Partial};
use super::summary::{SummaryAcc, TargetCheck};
use crate::model::Model;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Paths per chunk: the unit of work and of the canonical merge tree (part of the reproducibility
/// contract: changing it changes the bytes of the summary).
pub const CHUNK_PATHS: u64 = 1024;

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// Number of paths.
    pub paths: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Relative accuracy of the quantile sketches.
    pub alpha: f64,
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

/// Simulate one path from scratch, calling `sink(k, outcomes)` at k = 0..=T.
/// `draws` must be the path's [`PathDraws`] (or a wrapper of it, e.g. to record draws).
pub fn simulate_path<M: Model, D: Draws + ?Sized>(
    model: &M,
    work: &mut M::Work,
    seed: u64,
    path: u64,
    draws: &mut D,
    out: &mut [f64],
    mut sink: impl FnMut(usize, &[f64]),
) {
    model.draw_params(seed, path, work);
    model.init(work);
    model.record(work, out);
    sink(0, out);
    for k in 1..=model.steps() {
        model.step(k, work, draws);
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
pub fn run_chunks<M, A, F, G>(
    model: &M,
    paths: u64,
    lo: u64,
    hi: u64,
    make: G,
    path_fn: F,
    done: &AtomicU64,
) -> Partial<A>
where
    M: Model,
    A: Merge,
    G: Fn() -> A + Sync,
    F: Fn(&mut A, &mut M::Work, u64) + Sync,
{
    reduce_chunks(lo, hi, |c| {
        let mut acc = make();
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

/// Summary statistics of chunks `[lo, hi)`: a partial result that appends to its neighbours.
pub fn run_summary_chunks<M: Model>(
    model: &M,
    targets: &[TargetCheck],
    opts: &RunOptions,
    lo: u64,
    hi: u64,
    done: &AtomicU64,
) -> Partial<SummaryAcc> {
    let n_out = model.outcome_names().len();
    let records = model.steps() + 1;
    let checks = checks_by_step(model.steps(), targets);
    run_chunks(
        model,
        opts.paths,
        lo,
        hi,
        || SummaryAcc::new(records, n_out, targets.len(), opts.alpha),
        |acc, work, path| {
            let mut out = [0.0f64; 64];
            let mut heap;
            let out: &mut [f64] = if n_out <= 64 {
                &mut out[..n_out]
            } else {
                heap = vec![0.0; n_out];
                &mut heap
            };
            let mut draws = PathDraws::new(opts.seed, path);
            simulate_path(model, work, opts.seed, path, &mut draws, out, |k, o| {
                acc.record(k, o, &checks[k])
            });
            acc.finish_path();
        },
        done,
    )
}

/// Build a rayon pool with `threads` workers (0: one per core).
pub fn pool(threads: usize) -> Result<rayon::ThreadPool, EngineError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| EngineError::ThreadPool { threads, source })
}

/// Run `opts.paths` paths of `model` and reduce their statistics. `progress(done)` is called from
/// the calling thread about ten times a second with the number of paths finished.
pub fn run<M: Model>(
    model: &M,
    targets: &[TargetCheck],
    opts: &RunOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<RunOutput, EngineError> {
    let pool = pool(opts.threads)?;
    let threads = pool.current_num_threads();
    let done = AtomicU64::new(0);
    let start = Instant::now();
    let finished = std::sync::atomic::AtomicBool::new(false);
    let partial = std::thread::scope(|s| {
        if let Some(report) = progress {
            let (done, finished) = (&done, &finished);
            s.spawn(move || {
                while !finished.load(Ordering::Relaxed) {
                    report(done.load(Ordering::Relaxed));
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
        }
        let p = pool.install(|| {
            run_summary_chunks(model, targets, opts, 0, chunk_count(opts.paths), &done)
        });
        finished.store(true, Ordering::Relaxed);
        p
    });
    if let Some(report) = progress {
        report(done.load(Ordering::Relaxed));
    }
    let elapsed = start.elapsed();
    let n_out = model.outcome_names().len();
    let acc = partial
        .finish()
        .unwrap_or_else(|| SummaryAcc::new(model.steps() + 1, n_out, targets.len(), opts.alpha));
    Ok(RunOutput {
        acc,
        elapsed,
        threads,
    })
}
