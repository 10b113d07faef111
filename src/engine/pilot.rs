//! The pilot: the first chunks of a job keep their values, the quantile grids are chosen from
//! them, and every later chunk counts on those grids. Any contiguous range of the job reduces as
//! the whole job does (`reduce_range`), which is what lets shards merge into the same bytes.

use super::reduce::Partial;
use super::run::RunOptions;
use super::summary::{QuantileMode, QuantileSets};
use crate::stats::cells::MAX_BANKS;
use crate::stats::{Binning, BinningState, GridSet};
use std::sync::Arc;
use std::time::Duration;

/// Chunks whose values a run keeps exactly before choosing its quantile grids from them (a
/// power of two, so they form one block of the merge tree): 4096 paths. Runs of at most this
/// many paths have exact quantiles. Part of the reproducibility contract, as `CHUNK_PATHS`.
pub const PILOT_CHUNKS: u64 = 4;

/// A reduced range with the wall time it took and the threads used.
pub type Timed<A> = (RangeResult<A>, Duration, usize);

/// A reduced range of chunks and the quantile modes its accumulators count on.
#[derive(Debug)]
pub struct RangeResult<A> {
    /// The blocks of the range (not sealed).
    pub partial: Partial<A>,
    /// One mode per set of quantile cells: [`QuantileMode::Exact`] when the whole job is its
    /// pilot, else the binning every binned accumulator of `partial` counts on.
    pub modes: Vec<QuantileMode>,
}

impl<A> RangeResult<A> {
    /// Each set's counts (`None` for an exact set).
    pub fn states(&self) -> Vec<Option<BinningState>> {
        self.modes
            .iter()
            .map(|m| match m {
                QuantileMode::Exact => None,
                QuantileMode::Binned(b) => Some(b.state()),
            })
            .collect()
    }
}

/// The pilot's grids of a job of `chunks` chunks with `sets` sets of quantile cells (`None`
/// when the whole job is its pilot, or when quantiles are exact).
pub(crate) fn pilot_grids<A: QuantileSets>(
    chunks: u64,
    sets: usize,
    opts: &RunOptions,
    range: &mut impl FnMut(u64, u64, &[QuantileMode]) -> Partial<A>,
) -> Option<Vec<Arc<GridSet>>> {
    let pilot = PILOT_CHUNKS.min(chunks);
    if opts.exact_quantiles || pilot == chunks {
        return None;
    }
    let p = range(0, pilot, &vec![QuantileMode::Exact; sets]);
    let parts: Vec<&A> = p.accs().collect();
    Some(A::pilot_grids(&parts).into_iter().map(Arc::new).collect())
}

/// Reduce chunks `[lo, hi)` of a job of `chunks` chunks as its single run reduces them, on the
/// given grids (those of [`pilot_grids`], computed here when `None`). `lo` is 0 or at least the
/// pilot's end (as [`shard_range`] cuts).
#[allow(clippy::too_many_arguments)]
pub(crate) fn reduce_range<A: QuantileSets>(
    chunks: u64,
    sets: usize,
    opts: &RunOptions,
    threads: usize,
    (lo, hi): (u64, u64),
    grids: Option<Vec<Arc<GridSet>>>,
    mut range: impl FnMut(u64, u64, &[QuantileMode]) -> Partial<A>,
) -> RangeResult<A> {
    let pilot = PILOT_CHUNKS.min(chunks);
    let exact = vec![QuantileMode::Exact; sets];
    if opts.exact_quantiles || pilot == chunks {
        return RangeResult {
            partial: range(lo, hi, &exact),
            modes: exact,
        };
    }
    assert!(lo == 0 || lo >= pilot, "a range that splits the pilot");
    if lo >= hi {
        let grids = grids
            .unwrap_or_else(|| pilot_grids(chunks, sets, opts, &mut range).expect("binned job"));
        return RangeResult {
            partial: Partial::default(),
            modes: binned_modes(&grids, opts, threads),
        };
    }
    if lo == 0 {
        let mut partial = range(0, pilot, &exact);
        let grids = grids.unwrap_or_else(|| {
            let parts: Vec<&A> = partial.accs().collect();
            A::pilot_grids(&parts).into_iter().map(Arc::new).collect()
        });
        let modes = binned_modes(&grids, opts, threads);
        partial = partial.map(|a| a.into_binned(&modes));
        if hi > pilot {
            partial.append(range(pilot, hi, &modes));
        }
        return RangeResult { partial, modes };
    }
    let grids =
        grids.unwrap_or_else(|| pilot_grids(chunks, sets, opts, &mut range).expect("binned job"));
    let modes = binned_modes(&grids, opts, threads);
    RangeResult {
        partial: range(lo, hi, &modes),
        modes,
    }
}

/// Reduce chunks `[0, chunks)` with `sets` sets of quantile cells: the pilot chunks
/// `[0, PILOT_CHUNKS)` keep their values, grids are chosen from them, their values are counted on
/// the grids and the remaining chunks are binned directly (everything kept when `exact`).
/// `range(lo, hi, modes)` reduces chunks `[lo, hi)`. The result is sealed.
pub(crate) fn reduce_with_pilot<A: QuantileSets>(
    chunks: u64,
    sets: usize,
    opts: &RunOptions,
    threads: usize,
    range: impl FnMut(u64, u64, &[QuantileMode]) -> Partial<A>,
) -> Option<A> {
    let r = reduce_range(chunks, sets, opts, threads, (0, chunks), None, range);
    let mut acc = r.partial.finish()?;
    acc.seal();
    Some(acc)
}

/// Fresh counts on `grids` (one [`QuantileMode::Binned`] per grid) for a run on `threads`
/// threads.
pub fn binned_modes(
    grids: &[Arc<GridSet>],
    opts: &RunOptions,
    threads: usize,
) -> Vec<QuantileMode> {
    grids
        .iter()
        .map(|g| QuantileMode::Binned(Binning::new(Arc::clone(g), opts.alpha, banks(threads))))
        .collect()
}

/// Banks for the bin counts of a run on `threads` threads.
fn banks(threads: usize) -> usize {
    threads.clamp(1, MAX_BANKS)
}
