//! Per-path rows: a run that also hands every path's drawn parameters and chosen outcomes to a
//! sink, in path order, with memory bounded whatever the number of paths.
//!
//! The run goes through windows of consecutive chunks: each window is reduced in parallel and
//! appended to the run's partial result (the canonical merge tree does not depend on where a
//! range is cut, so the statistics are the same bytes as a plain [`super::run()`]), and its rows
//! go to the sink while the next window is simulated. The pilot logic is the plain run's.

use super::model::{AnyModel, PathSetup};
use super::reduce::Partial;
use super::run::{chunk_count, execute, reduce_with_pilot, run_output, EngineError, RunOptions};
use super::run::{RunOutput, CHUNK_PATHS, INTERRUPTED};
use super::summary::SummaryAcc;
use std::sync::atomic::Ordering;

/// Rows in flight are kept to about this many bytes per window (at least one chunk per thread).
pub const WINDOW_BYTES: usize = 32 << 20;

/// What each path contributes to its row besides the drawn parameters: outcome `outcome` at
/// step `step`, for each pick in order.
#[derive(Debug, Clone, PartialEq)]
pub struct RowPlan {
    params: usize,
    picks: Vec<(usize, usize)>,
    by_step: Vec<Vec<(usize, usize)>>,
}

impl RowPlan {
    /// Rows of the `setup.params.len()` drawn parameters (in the order of `setup.params`), then
    /// the outcomes `picks` as `(step, outcome)`, for a model of `steps` steps and `outcomes`
    /// outcomes. Panics if a pick is out of range (callers resolve them from the model's own
    /// description).
    pub fn new(steps: usize, outcomes: usize, setup: &PathSetup, picks: &[(usize, usize)]) -> Self {
        let params = setup.params.len();
        let mut by_step = vec![Vec::new(); steps + 1];
        for (j, &(k, i)) in picks.iter().enumerate() {
            assert!(k <= steps && i < outcomes, "pick out of range");
            by_step[k].push((params + j, i));
        }
        RowPlan {
            params,
            picks: picks.to_vec(),
            by_step,
        }
    }

    /// Columns of a row (besides the path index): parameters, then picks.
    pub fn columns(&self) -> usize {
        self.params + self.picks.len()
    }

    /// Drawn parameters per row (the first columns).
    pub fn params(&self) -> usize {
        self.params
    }

    /// `(column, outcome)` of the picks at step `k`.
    #[inline]
    pub(crate) fn at_step(&self, k: usize) -> &[(usize, usize)] {
        &self.by_step[k]
    }
}

/// The rows of consecutive paths, column by column (parameters, then picks).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathRows {
    /// Index of the first path.
    pub first_path: u64,
    /// `columns[j][r]`: column `j` of path `first_path + r`.
    pub columns: Vec<Vec<f64>>,
}

impl PathRows {
    /// No rows yet, the first to be path `first_path`.
    pub fn new(first_path: u64, plan: &RowPlan, capacity: usize) -> Self {
        PathRows {
            first_path,
            columns: (0..plan.columns())
                .map(|_| Vec::with_capacity(capacity))
                .collect(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where rows go: called with runs of consecutive rows, in path order, from one thread at a time.
pub type RowSink<'a> = dyn FnMut(Vec<PathRows>) -> anyhow::Result<()> + Send + 'a;

/// Chunks per window: a few per thread, within [`WINDOW_BYTES`] of rows, at least one per thread.
fn window_chunks(threads: usize, columns: usize) -> u64 {
    let per_chunk = CHUNK_PATHS as usize * columns.max(1) * 8;
    let threads = threads.max(1);
    (4 * threads).min(WINDOW_BYTES / per_chunk).max(threads) as u64
}

/// Run `opts.paths` paths of `model` as [`super::run()`] does (the same statistics, to the
/// bit), handing each path's row (as `plan` says) to `sink` in path order. The sink is called on
/// a worker while the next window is simulated; its first error stops the run and is returned.
pub fn run_with_rows(
    model: &dyn AnyModel,
    setup: &PathSetup,
    opts: &RunOptions,
    plan: &RowPlan,
    sink: &mut RowSink<'_>,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<RunOutput, EngineError> {
    let ((acc, written), elapsed, threads) = execute(opts.threads, progress, |done| {
        let window = window_chunks(rayon::current_num_threads(), plan.columns());
        let mut pending: Vec<PathRows> = Vec::new();
        let mut failed: Option<anyhow::Error> = None;
        let threads = rayon::current_num_threads();
        let acc = reduce_with_pilot(
            chunk_count(opts.paths),
            1,
            opts,
            threads,
            |lo, hi, modes| {
                let mut partial: Partial<SummaryAcc> = Partial::default();
                let mut c = lo;
                while c < hi && failed.is_none() && !INTERRUPTED.load(Ordering::Relaxed) {
                    let end = ((c / window + 1) * window).min(hi);
                    let ready = std::mem::take(&mut pending);
                    let (written, (part, rows)) = rayon::join(
                        || flush(sink, ready),
                        || model.summary_chunks(setup, opts, c, end, modes, Some(plan), done),
                    );
                    if let Err(e) = written {
                        failed = Some(e);
                    }
                    partial.append(part);
                    pending = rows;
                    c = end;
                }
                partial
            },
        );
        let written = match failed {
            Some(e) => Err(e),
            None if INTERRUPTED.load(Ordering::Relaxed) => Ok(()),
            None => flush(sink, pending),
        };
        (acc, written)
    })?;
    written.map_err(EngineError::Rows)?;
    Ok(run_output(model, setup, acc, elapsed, threads))
}

fn flush(sink: &mut RowSink<'_>, rows: Vec<PathRows>) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    sink(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_hold_a_few_chunks_per_thread_within_the_budget() {
        assert_eq!(window_chunks(2, 20), 8);
        assert_eq!(window_chunks(0, 20), 4);
        // Wide rows: fewer chunks per window, but never fewer than the threads.
        assert_eq!(window_chunks(16, 1000), 16);
        assert_eq!(window_chunks(16, 500), 16);
        assert_eq!(window_chunks(16, 100), 40);
    }
}
