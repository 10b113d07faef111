//! A buffer of the last few paths' values, cell-major, so that each cell's statistics then take
//! a run of values at once (their buckets and edges stay in cache).

use crate::stats::QuantileCells;

/// Paths buffered before their values go into the statistics (a multiple of `MOMENT_PATHS`, the run the moments take at once).
pub const BATCH_PATHS: usize = 256;

/// Paths per [`Moments::push_batch`](crate::stats::Moments::push_batch): the moments of a cell
/// take its buffered values in runs of this many, whatever [`BATCH_PATHS`] is. Part of the
/// reproducibility contract (the rounding of means and sds depends on it).
pub const MOMENT_PATHS: usize = 32;

const _: () = assert!(BATCH_PATHS.is_multiple_of(MOMENT_PATHS));

/// Values of up to [`BATCH_PATHS`] paths for `cells` cells, indexed `cell * BATCH_PATHS + path`
/// (allocated on first use, released by [`Batch::release`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Batch {
    cells: usize,
    data: Vec<f64>,
    paths: usize,
}

impl Batch {
    /// An empty buffer for `cells` cells.
    pub(crate) fn new(cells: usize) -> Self {
        Batch {
            cells,
            data: Vec::new(),
            paths: 0,
        }
    }

    /// Set cell `cell` of the current path.
    #[inline]
    pub(crate) fn set(&mut self, cell: usize, x: f64) {
        if self.data.is_empty() {
            self.data = vec![0.0; self.cells * BATCH_PATHS];
        }
        self.data[cell * BATCH_PATHS + self.paths] = x;
    }

    /// The current path is complete; true when the buffer is full and must be drained.
    #[inline]
    pub(crate) fn end_path(&mut self) -> bool {
        self.paths += 1;
        self.paths == BATCH_PATHS
    }

    /// Hand the buffered values to `f(data, stride, paths)` and empty the buffer.
    pub(crate) fn drain(&mut self, f: impl FnOnce(&[f64], usize, usize)) {
        if self.paths > 0 {
            f(&self.data, BATCH_PATHS, self.paths);
            self.paths = 0;
        }
    }

    /// [`drain`](Self::drain) into quantile cells alone.
    pub(crate) fn drain_into(&mut self, q: &mut QuantileCells) {
        self.drain(|data, stride, len| q.push_strided(data, stride, len));
    }

    /// Free the buffer (it must be drained).
    pub(crate) fn release(&mut self) {
        debug_assert_eq!(self.paths, 0, "release after drain only");
        self.data = Vec::new();
    }

    /// Paths buffered.
    pub(crate) fn paths(&self) -> usize {
        self.paths
    }
}
