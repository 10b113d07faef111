//! Several models of one structure on the same paths: each one's statistics and each later
//! model's path-wise difference to the first (common random numbers).

use super::batch::Batch;
use super::draws::PathDraws;
use super::model::{Model, PathSetup};
use super::reduce::{Merge, Partial};
use super::run::{checks_by_step, run_chunks, simulate_path, RunOptions};
use super::summary::{grid_of, QuantileMode, QuantileSets, SummaryAcc};
use crate::stats::{GridSet, Moments, QuantileCells};
use std::sync::atomic::AtomicU64;

/// Statistics of every scenario and of every later scenario's difference to the first
/// (serialised as [`SummaryAcc`] is).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CompareAcc {
    /// Each scenario's own statistics.
    pub own: Vec<SummaryAcc>,
    /// Difference moments, indexed `(j - 1) * per + k * outcomes + i`.
    pub diff_moments: Vec<Moments>,
    /// Difference quantiles, cells indexed like `diff_moments`.
    pub diff_quantiles: QuantileCells,
    /// Paths with a strictly positive difference, indexed like `diff_moments`.
    pub positive: Vec<u64>,
    /// Differences of the paths not yet in `diff_quantiles`.
    #[serde(skip)]
    diff_batch: Batch,
    /// Nanoseconds spent simulating and recording each scenario's paths (summed over threads;
    /// timing only, never part of a statistic).
    pub busy_ns: Vec<u64>,
}

impl CompareAcc {
    /// Move the buffered differences into the quantiles.
    fn flush_diffs(&mut self) {
        self.diff_batch.drain_into(&mut self.diff_quantiles);
    }
}

impl CompareAcc {
    /// Empty statistics for `setups.len()` scenarios of `records` steps and `outcomes` outcomes;
    /// `modes[j]` keeps scenario `j`'s quantiles, the last one the differences'
    /// (one more than the scenarios).
    pub fn empty(
        records: usize,
        outcomes: usize,
        setups: &[&PathSetup],
        modes: &[QuantileMode],
    ) -> Self {
        let per = records * outcomes;
        let later = setups.len().saturating_sub(1);
        assert_eq!(
            modes.len(),
            setups.len() + 1,
            "one mode per scenario and one for the differences"
        );
        CompareAcc {
            own: setups
                .iter()
                .zip(modes)
                .map(|(s, m)| SummaryAcc::new(records, outcomes, s.targets.len(), m))
                .collect(),
            diff_moments: vec![Moments::default(); later * per],
            diff_quantiles: modes[setups.len()].cells(later * per),
            diff_batch: Batch::new(later * per),
            busy_ns: vec![0; setups.len()],
            positive: vec![0; later * per],
        }
    }
}

impl Merge for CompareAcc {
    fn finish_chunk(&mut self) {
        for a in &mut self.own {
            a.finish_chunk();
        }
        self.flush_diffs();
        self.diff_batch.release();
    }

    fn merge(&mut self, right: Self) {
        for (a, b) in self.own.iter_mut().zip(right.own) {
            a.merge(b);
        }
        for (a, b) in self.diff_moments.iter_mut().zip(&right.diff_moments) {
            a.merge(b);
        }
        self.diff_quantiles.merge(right.diff_quantiles);
        for (a, b) in self.positive.iter_mut().zip(&right.positive) {
            *a += b;
        }
        for (a, b) in self.busy_ns.iter_mut().zip(&right.busy_ns) {
            *a += b;
        }
    }
}

impl QuantileSets for CompareAcc {
    fn pilot_grids(parts: &[&Self]) -> Vec<GridSet> {
        let scenarios = parts.first().map_or(0, |p| p.own.len());
        let mut grids: Vec<GridSet> = (0..scenarios)
            .map(|j| grid_of(parts.iter().map(|p| &p.own[j].quantiles)))
            .collect();
        grids.push(grid_of(parts.iter().map(|p| &p.diff_quantiles)));
        grids
    }

    fn into_binned(mut self, modes: &[QuantileMode]) -> Self {
        let own = std::mem::take(&mut self.own);
        self.own = own
            .into_iter()
            .zip(modes)
            .map(|(a, m)| a.into_binned(std::slice::from_ref(m)))
            .collect();
        if let Some(QuantileMode::Binned(b)) = modes.get(self.own.len()) {
            let q = std::mem::replace(&mut self.diff_quantiles, QuantileCells::exact(0));
            self.diff_quantiles = q.into_binned(b);
        }
        self
    }

    fn seal(&mut self) {
        for a in &mut self.own {
            a.seal();
        }
        self.diff_quantiles.seal();
    }

    fn attach(&mut self, modes: &[QuantileMode]) {
        for (a, m) in self.own.iter_mut().zip(modes) {
            a.attach(std::slice::from_ref(m));
        }
        if let Some(QuantileMode::Binned(b)) = modes.get(self.own.len()) {
            self.diff_quantiles.attach(b);
        }
    }
}

/// What one chunk of a comparison holds: the accumulator and its scratch space (the work areas
/// of the later models, every model's trajectory of the current path, buffers).
/// The engine's chunk runner supplies the first model's work area itself.
struct ChunkState<W> {
    acc: CompareAcc,
    traj: Vec<Vec<f64>>,
    works: Vec<W>,
    out: Vec<f64>,
    drawn: Vec<(usize, f64)>,
}

impl<W: Send> Merge for ChunkState<W> {
    fn merge(&mut self, right: Self) {
        self.acc.merge(right.acc);
    }

    fn finish_chunk(&mut self) {
        self.acc.finish_chunk();
        // Merged nodes of the tree keep only the statistics.
        self.traj = Vec::new();
        self.works = Vec::new();
        self.out = Vec::new();
        self.drawn = Vec::new();
    }
}

/// The comparison statistics of chunks `[lo, hi)` (`models[0]` is the reference), quantiles
/// kept as `modes` says (see [`CompareAcc::empty`]).
pub(crate) fn compare_chunks<M: Model>(
    models: &[&M],
    setups: &[&PathSetup],
    opts: &RunOptions,
    lo: u64,
    hi: u64,
    modes: &[QuantileMode],
    done: &AtomicU64,
) -> Partial<CompareAcc> {
    let first = models[0];
    let n = first.outcomes();
    let records = first.steps() + 1;
    let per = records * n;
    let seed = opts.seed;
    let checks: Vec<_> = setups
        .iter()
        .map(|s| checks_by_step(first.steps(), &s.targets))
        .collect();
    run_chunks(
        first,
        opts.paths,
        lo,
        hi,
        || ChunkState {
            acc: CompareAcc::empty(records, n, setups, modes),
            traj: vec![vec![0.0; per]; models.len()],
            works: models[1..].iter().map(|m| m.new_work()).collect(),
            out: vec![0.0; n],
            drawn: Vec::new(),
        },
        |st: &mut ChunkState<_>, w0, path| {
            let ChunkState {
                acc,
                traj,
                works,
                out,
                drawn,
            } = st;
            for (j, m) in models.iter().enumerate() {
                let started = std::time::Instant::now();
                let mut draws = PathDraws::new(seed, path);
                let t = &mut traj[j];
                let w = if j == 0 { &mut *w0 } else { &mut works[j - 1] };
                let own = &mut acc.own[j];
                simulate_path(
                    *m,
                    w,
                    &setups[j].params,
                    drawn,
                    seed,
                    path,
                    &mut draws,
                    out,
                    |k, o| {
                        t[k * n..(k + 1) * n].copy_from_slice(o);
                        own.record(k, o, &checks[j][k]);
                    },
                );
                own.finish_path(path);
                acc.busy_ns[j] += started.elapsed().as_nanos() as u64;
            }
            let (first_traj, later_trajs) = traj.split_first().expect("at least one scenario");
            for (j, tj) in later_trajs.iter().enumerate() {
                let range = j * per..(j + 1) * per;
                let stats = acc.diff_moments[range.clone()]
                    .iter_mut()
                    .zip(&mut acc.positive[range]);
                for (c, ((m, pos), (b, a))) in stats.zip(tj.iter().zip(first_traj)).enumerate() {
                    let d = b - a;
                    m.push(d);
                    *pos += (d > 0.0) as u64;
                    acc.diff_batch.set(j * per + c, d);
                }
            }
            if acc.diff_batch.end_path() {
                acc.flush_diffs();
            }
        },
        done,
    )
    .map(|st| st.acc)
}
