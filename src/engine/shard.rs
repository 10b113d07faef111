//! Shards of a job: contiguous, chunk-aligned pieces of its chunk range, each reduced to a
//! [`Partial`] that appends to its neighbours into exactly the single run's merge tree, with
//! its quantiles counted on the single run's grids (so the merged counts are the same integers).
//!
//! The pilot chunks `[0, PILOT_CHUNKS)` are never split: the first shard reduces them as a run
//! does (values kept, then counted on the grids chosen from them); every other shard simulates
//! them too, only to choose the same grids, and keeps nothing of them.

use super::model::{AnyModel, PathSetup};
use super::pilot::{pilot_grids, reduce_range};
pub use super::pilot::{RangeResult, Timed};
use super::reduce::Partial;
pub use super::run::compare_range;
use super::run::{chunk_count, execute, EngineError, RunOptions, PILOT_CHUNKS};
use super::summary::{QuantileMode, QuantileSets, SummaryAcc};
use crate::stats::{Binning, BinningState, GridSet};
use std::sync::Arc;

/// The chunks `[lo, hi)` of shard `shard` of `shards` (0-based) in a job of `chunks` chunks:
/// cut at `⌊i·chunks/shards⌋`, moved to the end of the pilot when that falls inside it (the first
/// shard then holds the pilot; shards can be empty when there are fewer chunks than shards).
///
/// # Panics
/// If `shard >= shards`.
pub fn shard_range(chunks: u64, shard: u64, shards: u64) -> (u64, u64) {
    assert!(shard < shards, "shard {shard} of {shards}");
    let pilot = PILOT_CHUNKS.min(chunks);
    let cut = |i: u64| -> u64 {
        match i {
            0 => 0,
            i if i >= shards => chunks,
            i => ((u128::from(i) * u128::from(chunks) / u128::from(shards)) as u64).max(pilot),
        }
    };
    (cut(shard), cut(shard + 1))
}

/// Reduce chunks `range` of a run of `model` as the whole run reduces them, binning on its grids
/// (`grids` from [`run_grids`], or `None` to choose them here), timed as [`execute`] times a run.
pub fn run_range(
    model: &dyn AnyModel,
    setup: &PathSetup,
    opts: &RunOptions,
    range: (u64, u64),
    grids: Option<Vec<Arc<GridSet>>>,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<Timed<SummaryAcc>, EngineError> {
    let (r, elapsed, threads) = execute(opts.threads, progress, |done| {
        let threads = rayon::current_num_threads();
        reduce_range(
            chunk_count(opts.paths),
            1,
            opts,
            threads,
            range,
            grids,
            |lo, hi, modes| {
                model
                    .summary_chunks(setup, opts, lo, hi, modes, None, done)
                    .0
            },
        )
    })?;
    Ok((r, elapsed, threads))
}

/// The quantile grids of a run of `model` (`None` when it is all pilot), simulated on
/// `opts.threads` threads: what every range of the run counts on.
pub fn run_grids(
    model: &dyn AnyModel,
    setup: &PathSetup,
    opts: &RunOptions,
) -> Result<Option<Vec<Arc<GridSet>>>, EngineError> {
    let (g, _, _) = execute(opts.threads, None, |done| {
        pilot_grids(chunk_count(opts.paths), 1, opts, &mut |lo, hi, modes| {
            model
                .summary_chunks(setup, opts, lo, hi, modes, None, done)
                .0
        })
    })?;
    Ok(g)
}

/// Join the partials of contiguous ranges read back from disk (`pieces`: each with its sets'
/// counts, in any order) into the job's statistics, sealed: the same as the single run's.
/// Errors name what does not fit (ranges are checked by the caller).
pub fn join<A: QuantileSets>(
    mut pieces: Vec<(Partial<A>, Vec<Option<BinningState>>)>,
) -> Result<Option<A>, String> {
    pieces.sort_by_key(|(p, _)| p.range().map_or(u64::MAX, |r| r.0));
    let sets = pieces.first().map_or(0, |(_, s)| s.len());
    if pieces.iter().any(|(_, s)| s.len() != sets) {
        return Err("the partials hold different sets of quantile cells".into());
    }
    let mut modes = Vec::with_capacity(sets);
    for set in 0..sets {
        let states: Vec<&BinningState> =
            pieces.iter().filter_map(|(_, s)| s[set].as_ref()).collect();
        match states.first() {
            None => modes.push(QuantileMode::Exact),
            Some(first) if states.len() == pieces.len() => {
                let grid = Arc::new(first.grid.clone());
                let b = Binning::from_states(grid, first.alpha, 1, &states)?;
                modes.push(QuantileMode::Binned(b));
            }
            Some(_) => return Err("some partials are binned and some are not".into()),
        }
    }
    let mut whole: Partial<A> = Partial::default();
    for (mut p, _) in pieces {
        for a in p.accs_mut() {
            a.attach(&modes);
        }
        if p.range().is_some() {
            whole.append(p);
        }
    }
    let mut acc = whole.finish();
    if let Some(a) = &mut acc {
        a.seal();
    }
    Ok(acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_range_once_and_never_split_the_pilot() {
        for chunks in [0u64, 1, 3, 4, 5, 9, 100, 977] {
            for shards in 1..=12u64 {
                let mut next = 0;
                for i in 0..shards {
                    let (lo, hi) = shard_range(chunks, i, shards);
                    assert_eq!(lo, next, "chunks {chunks} shards {shards} shard {i}");
                    assert!(lo <= hi);
                    assert!(lo == 0 || lo >= PILOT_CHUNKS.min(chunks));
                    next = hi;
                }
                assert_eq!(next, chunks);
            }
        }
        assert_eq!(shard_range(977, 2, 3), (651, 977));
        assert_eq!(shard_range(6, 1, 3), (4, 4));
    }
}
