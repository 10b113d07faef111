//! Several models of one structure on the same paths: each one's statistics and each later
//! model's path-wise difference to the first (common random numbers).

use super::draws::PathDraws;
use super::model::{Model, PathSetup};
use super::reduce::{Merge, Partial};
use super::run::{checks_by_step, run_chunks, simulate_path, RunOptions};
use super::summary::SummaryAcc;
use crate::stats::{Moments, QuantileSketch};
use std::sync::atomic::AtomicU64;

/// Statistics of every scenario and of every later scenario's difference to the first.
#[derive(Debug, Clone)]
pub struct CompareAcc {
    /// Each scenario's own statistics.
    pub own: Vec<SummaryAcc>,
    /// Difference moments, indexed `(j - 1) * per + k * outcomes + i`.
    pub diff_moments: Vec<Moments>,
    /// Difference sketches, indexed like `diff_moments`.
    pub diff_sketches: Vec<QuantileSketch>,
    /// Paths with a strictly positive difference, indexed like `diff_moments`.
    pub positive: Vec<u64>,
}

impl CompareAcc {
    /// Empty statistics for `setups.len()` scenarios of `records` steps and `outcomes` outcomes.
    pub fn empty(records: usize, outcomes: usize, setups: &[&PathSetup], alpha: f64) -> Self {
        let per = records * outcomes;
        let later = setups.len().saturating_sub(1);
        CompareAcc {
            own: setups
                .iter()
                .map(|s| SummaryAcc::new(records, outcomes, s.targets.len(), alpha))
                .collect(),
            diff_moments: vec![Moments::default(); later * per],
            diff_sketches: vec![QuantileSketch::new(alpha); later * per],
            positive: vec![0; later * per],
        }
    }
}

impl Merge for CompareAcc {
    fn finish_chunk(&mut self) {
        for a in &mut self.own {
            a.finish_chunk();
        }
    }

    fn merge(&mut self, right: Self) {
        for (a, b) in self.own.iter_mut().zip(right.own) {
            a.merge(b);
        }
        for (a, b) in self.diff_moments.iter_mut().zip(&right.diff_moments) {
            a.merge(b);
        }
        for (a, b) in self.diff_sketches.iter_mut().zip(&right.diff_sketches) {
            a.merge(b);
        }
        for (a, b) in self.positive.iter_mut().zip(&right.positive) {
            *a += b;
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

/// The comparison statistics of chunks `[lo, hi)` (`models[0]` is the reference).
pub(crate) fn compare_chunks<M: Model>(
    models: &[&M],
    setups: &[&PathSetup],
    opts: &RunOptions,
    lo: u64,
    hi: u64,
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
            acc: CompareAcc::empty(records, n, setups, opts.alpha),
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
            }
            let (first_traj, later_trajs) = traj.split_first().expect("at least one scenario");
            for (j, tj) in later_trajs.iter().enumerate() {
                let range = j * per..(j + 1) * per;
                let stats = acc.diff_moments[range.clone()]
                    .iter_mut()
                    .zip(&mut acc.diff_sketches[range.clone()])
                    .zip(&mut acc.positive[range]);
                for (((m, sk), pos), (b, a)) in stats.zip(tj.iter().zip(first_traj)) {
                    let d = b - a;
                    m.push(d);
                    sk.insert(d);
                    *pos += (d > 0.0) as u64;
                }
            }
        },
        done,
    )
    .map(|st| st.acc)
}
