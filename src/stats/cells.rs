//! Quantiles of many cells (a cell: one outcome at one step): every value kept while the run is
//! small, then exact counts on a grid chosen from those first values, with the tails in a
//! [`QuantileSketch`].
//!
//! [`QuantileCells`] is an accumulator in one of two modes:
//! - **exact**: the finite values of each cell, in the order pushed (path order after merges).
//!   Quantiles are the exact order statistics. Memory grows with the values kept.
//! - **binned**: each value's slot on the cell's [`GridSet`] grid is counted in a [`Binning`]
//!   shared by every accumulator of the run (integer counts: exact, so which thread counted a
//!   value cannot change a result); values outside the grid also go to the cell's tail sketch
//!   in the same bank. Memory is bounded by the grid and the banks, whatever the number of
//!   values.
//!
//! A run keeps its first paths exactly, builds the grid from them ([`QuantileCells::pilot_grid`]),
//! converts the kept values to counts ([`QuantileCells::into_binned`]) and bins the rest. Any
//! accumulator binned on the same grid merges exactly, so shards that bin on the same grid give
//! the same counts as one run.
//!
//! A quantile of level `q` is the item of rank `r = ⌊q(n−1)⌋` ([`rank_of`]). Binned: the slot
//! where the cumulative count passes `r` (`s` items before it, `c` in it, interval `[a, b)`
//! clamped to the exact `[min, max]`) gives `a + (b − a)·(r − s + 1)/(c + 1)`, the expected
//! order statistic of `c` uniform values; a point bin `[v, next_up(v))` gives `v` exactly; a rank
//! in a tail is read from the tail sketch.

pub use super::binning::{Binning, MAX_BANKS};
use super::grid::{CellPart, GridSet};
use super::radix::sort_total;
use super::sketch::{rank_of, QuantileSketch};
use std::borrow::Cow;
use std::sync::Arc;

#[derive(Debug, Clone)]
enum Store {
    /// Per cell, runs of values in path order (merges move runs, never copy values).
    Exact(Vec<Vec<Vec<f64>>>),
    /// Counts and tails in the shared banks.
    Binned(Arc<Binning>),
}

/// Quantile accumulator of `cells` cells (see the module docs).
#[derive(Debug, Clone)]
pub struct QuantileCells {
    min: Vec<f64>,
    max: Vec<f64>,
    store: Store,
}

impl QuantileCells {
    /// An empty accumulator that keeps every value.
    pub fn exact(cells: usize) -> Self {
        QuantileCells {
            min: vec![f64::INFINITY; cells],
            max: vec![f64::NEG_INFINITY; cells],
            store: Store::Exact(vec![Vec::new(); cells]),
        }
    }

    /// An empty accumulator counting on `binning`'s grid.
    pub fn binned(binning: &Arc<Binning>) -> Self {
        let cells = binning.grid().cells();
        QuantileCells {
            min: vec![f64::INFINITY; cells],
            max: vec![f64::NEG_INFINITY; cells],
            store: Store::Binned(Arc::clone(binning)),
        }
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.min.len()
    }

    /// True in exact mode.
    pub fn is_exact(&self) -> bool {
        matches!(self.store, Store::Exact(_))
    }

    /// Add `len` values to every cell: cell `j`'s are `data[j·stride..j·stride + len]`.
    /// Non-finite values are left out.
    pub fn push_strided(&mut self, data: &[f64], stride: usize, len: usize) {
        self.push_strided_with(data, stride, len, |_, _| {});
    }

    /// [`push_strided`](Self::push_strided), handing each cell's values to `each(j, values)`
    /// just before they are counted (all `len` of them, non-finite ones included, once per
    /// cell in cell order): another statistic of the same values reads them while they are in
    /// cache (one pass over the buffer instead of two). In binned mode `each` runs while the
    /// calling thread's bank is locked.
    pub fn push_strided_with(
        &mut self,
        data: &[f64],
        stride: usize,
        len: usize,
        mut each: impl FnMut(usize, &[f64]),
    ) {
        let runs = (0..self.cells()).map(|j| {
            let xs = &data[j * stride..j * stride + len];
            each(j, xs);
            xs
        });
        let (min, max) = (&mut self.min, &mut self.max);
        match &mut self.store {
            Store::Exact(values) => {
                for (j, xs) in runs.enumerate() {
                    if values[j].is_empty() {
                        values[j].push(Vec::new());
                    }
                    let run = values[j].last_mut().expect("pushed above");
                    for &x in xs.iter().filter(|x| x.is_finite()) {
                        run.push(x);
                        min[j] = min[j].min(x);
                        max[j] = max[j].max(x);
                    }
                }
            }
            Store::Binned(binning) => {
                binning.with_bank(|bank| {
                    let cells = binning.grid().cells();
                    for (j, xs) in runs.enumerate() {
                        let next = Some(j + 1).filter(|&n| n < cells);
                        bank.bin_run(binning.grid(), j, xs, min, max, next);
                    }
                });
            }
        }
    }

    /// Merge `right` (later values) into `self`: exact values concatenate (binned counts are
    /// already in the shared banks).
    ///
    /// # Panics
    /// If the two differ in cells or mode, or are binned on different [`Binning`]s (a
    /// programming error).
    pub fn merge(&mut self, right: Self) {
        assert_eq!(self.cells(), right.cells(), "quantile cells differ");
        for j in 0..self.cells() {
            self.min[j] = self.min[j].min(right.min[j]);
            self.max[j] = self.max[j].max(right.max[j]);
        }
        match (&mut self.store, right.store) {
            (Store::Exact(a), Store::Exact(b)) => {
                for (a, b) in a.iter_mut().zip(b) {
                    a.extend(b);
                }
            }
            (Store::Binned(a), Store::Binned(b)) => {
                assert!(Arc::ptr_eq(a, &b), "merging counts of different binnings");
            }
            _ => panic!("merging exact and binned quantile cells"),
        }
    }

    /// The grid that the values of `parts` (exact accumulators, in order; others are skipped)
    /// call for: per cell, [`GridSet`] edges from their sorted values. Cells are sorted and
    /// gridded in parallel on the current rayon pool, and pushed in cell order, so the grid is
    /// the same on any number of threads; each task holds one cell's values at a time, so the
    /// pilot is not copied whole.
    pub fn pilot_grid(parts: &[&QuantileCells]) -> GridSet {
        use rayon::prelude::*;
        let cells = parts.first().map_or(0, |p| p.cells());
        let cell_parts: Vec<CellPart> = (0..cells)
            .into_par_iter()
            .map(|j| {
                let mut v: Vec<f64> = parts
                    .iter()
                    .filter_map(|p| match &p.store {
                        Store::Exact(values) => Some(values[j].iter().flatten().copied()),
                        Store::Binned(_) => None,
                    })
                    .flatten()
                    .collect();
                sort_total(&mut v);
                CellPart::of_sorted(&v)
            })
            .collect();
        GridSet::from_parts(cell_parts)
    }

    /// The same values counted on `binning` instead of kept (no-op when already binned).
    pub fn into_binned(self, binning: &Arc<Binning>) -> Self {
        let Store::Exact(values) = self.store else {
            return self;
        };
        let mut out = QuantileCells::binned(binning);
        let (min, max) = (&mut out.min, &mut out.max);
        binning.with_bank(|bank| {
            for (j, runs) in values.iter().enumerate() {
                for xs in runs {
                    bank.bin_run(binning.grid(), j, xs, min, max, None);
                }
            }
        });
        out
    }

    /// Make queries cheap once every value is in: sort the kept values (binned: nothing to do,
    /// [`cell`](Self::cell) sums the banks of one cell).
    pub fn seal(&mut self) {
        if let Store::Exact(values) = &mut self.store {
            for runs in values {
                let mut v = runs.concat();
                sort_total(&mut v);
                *runs = vec![v];
            }
        }
    }

    /// The quantiles of cell `j`.
    pub fn cell(&self, j: usize) -> CellQuantiles<'_> {
        let (min, max) = (self.min[j], self.max[j]);
        let kind = match &self.store {
            Store::Exact(values) => match values[j].as_slice() {
                [] => Kind::Sorted(Cow::Borrowed(&[])),
                [v] if v.is_sorted_by(|a, b| a.total_cmp(b).is_le()) => {
                    Kind::Sorted(Cow::Borrowed(v))
                }
                runs => {
                    let mut s = runs.concat();
                    sort_total(&mut s);
                    Kind::Sorted(Cow::Owned(s))
                }
            },
            Store::Binned(binning) => Kind::Binned {
                edges: binning.grid().edges(j),
                atoms: binning.grid().atoms(j),
                counts: binning.cell_counts(j),
                tail: binning.tail(j),
            },
        };
        CellQuantiles { kind, min, max }
    }

    /// Heap bytes held by this accumulator (kept values; not the shared binning).
    pub fn memory_bytes(&self) -> usize {
        let own = (self.min.capacity() + self.max.capacity()) * 8;
        own + match &self.store {
            Store::Exact(values) => values
                .iter()
                .flatten()
                .map(|v| v.capacity() * 8)
                .sum::<usize>(),
            Store::Binned(_) => 0,
        }
    }

    /// The shared binning, if binned.
    pub fn binning(&self) -> Option<&Arc<Binning>> {
        match &self.store {
            Store::Binned(binning) => Some(binning),
            Store::Exact(_) => None,
        }
    }

    /// Count on `binning` from now on: binned cells read back from a partial result (which
    /// saves its counts apart, once, as a [`BinningState`](super::BinningState)) are attached to
    /// the binning that sums every partial's counts. Exact cells are left alone.
    ///
    /// # Panics
    /// If `binning` has another number of cells (a programming error).
    pub fn attach(&mut self, binning: &Arc<Binning>) {
        let cells = self.cells();
        if let Store::Binned(b) = &mut self.store {
            assert_eq!(binning.grid().cells(), cells, "grid of another structure");
            *b = Arc::clone(binning);
        }
    }
}

/// Quantile cells as a partial result saves them: the kept values, or for binned cells only the
/// extremes (their counts are the shared binning's, saved once beside them).
#[derive(serde::Serialize, serde::Deserialize)]
enum CellsWire {
    Exact {
        min: Vec<f64>,
        max: Vec<f64>,
        values: Vec<Vec<f64>>,
    },
    Binned {
        min: Vec<f64>,
        max: Vec<f64>,
    },
}

impl serde::Serialize for QuantileCells {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (min, max) = (self.min.clone(), self.max.clone());
        let wire = match &self.store {
            Store::Exact(values) => CellsWire::Exact {
                min,
                max,
                values: values.iter().map(|runs| runs.concat()).collect(),
            },
            Store::Binned(_) => CellsWire::Binned { min, max },
        };
        wire.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for QuantileCells {
    /// Binned cells come back detached (on an empty placeholder binning) until
    /// [`QuantileCells::attach`]ed.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let (min, max, store) = match CellsWire::deserialize(d)? {
            CellsWire::Exact { min, max, values } => {
                if values.len() != min.len() {
                    return Err(D::Error::custom("exact cells without their values"));
                }
                let runs = values.into_iter().map(|v| vec![v]).collect();
                (min, max, Store::Exact(runs))
            }
            CellsWire::Binned { min, max } => {
                let placeholder = Binning::new(Arc::new(GridSet::default()), 0.01, 1);
                (min, max, Store::Binned(placeholder))
            }
        };
        if min.len() != max.len() {
            return Err(D::Error::custom("cells of unequal extremes"));
        }
        Ok(QuantileCells { min, max, store })
    }
}

#[derive(Debug)]
enum Kind<'a> {
    Sorted(Cow<'a, [f64]>),
    Binned {
        edges: Vec<f64>,
        atoms: &'a [(usize, f64)],
        counts: Vec<u64>,
        tail: QuantileSketch,
    },
}

/// The quantiles and histogram of one cell.
#[derive(Debug)]
pub struct CellQuantiles<'a> {
    kind: Kind<'a>,
    min: f64,
    max: f64,
}

impl CellQuantiles<'_> {
    /// Finite values counted.
    pub fn count(&self) -> u64 {
        match &self.kind {
            Kind::Sorted(v) => v.len() as u64,
            Kind::Binned { counts, .. } => counts.iter().sum(),
        }
    }

    /// Value at quantile `q ∈ [0, 1]` (clamped): the item of rank `⌊q(n−1)⌋`, exactly in exact
    /// mode, interpolated inside its bin when binned. NaN when empty or `q` is NaN.
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 || q.is_nan() {
            return f64::NAN;
        }
        self.value_at_rank(rank_of(q, n))
    }

    /// The item of 0-based rank `r` (clamped to `n − 1`) in sorted order, as
    /// [`quantile`](Self::quantile) estimates it. NaN when empty.
    pub fn value_at_rank(&self, r: u64) -> f64 {
        let n = self.count();
        if n == 0 {
            return f64::NAN;
        }
        let r = r.min(n - 1);
        match &self.kind {
            Kind::Sorted(v) => v[r as usize],
            Kind::Binned {
                edges,
                atoms,
                counts,
                tail,
            } => {
                if r == 0 {
                    return self.min;
                }
                if r == n - 1 {
                    return self.max;
                }
                let mut seen = counts[0];
                if r < seen {
                    return tail.value_at_rank(r);
                }
                for (i, &c) in counts.iter().enumerate().take(edges.len()).skip(1) {
                    if seen + c > r {
                        let (a, b) = self.interval(edges, atoms, i);
                        let t = (r - seen + 1) as f64 / (c + 1) as f64;
                        return (a + (b - a) * t).clamp(self.min, self.max);
                    }
                    seen += c;
                }
                tail.value_at_rank(counts[0] + (r - seen))
            }
        }
    }

    /// The value interval of bucket slot `i`, clamped to the exact `[min, max]`: `[v, v]` for an
    /// atom, else the bucket's `[e_{i−1}, e_i)`.
    fn interval(&self, edges: &[f64], atoms: &[(usize, f64)], i: usize) -> (f64, f64) {
        match atoms.binary_search_by_key(&i, |a| a.0) {
            Ok(k) => {
                let v = atoms[k].1.clamp(self.min, self.max);
                (v, v)
            }
            Err(_) => (edges[i - 1].max(self.min), edges[i].min(self.max)),
        }
    }

    /// [`quantile`](Self::quantile) rounded to the nearest integer, for integer-valued data
    /// (exact: integer data within the pilot's range has one point bin per integer).
    pub fn quantile_integer(&self, q: f64) -> f64 {
        self.quantile(q).round()
    }

    /// The distribution as ascending `(lo, hi, count)` intervals (`lo == hi` for a single
    /// value), for histograms: distinct values in exact mode; bins and tail buckets when binned.
    pub fn histogram(&self) -> Vec<(f64, f64, u64)> {
        match &self.kind {
            Kind::Sorted(v) => {
                let mut out: Vec<(f64, f64, u64)> = Vec::new();
                for &x in v.iter() {
                    match out.last_mut() {
                        Some(last) if last.0 == x => last.2 += 1,
                        _ => out.push((x, x, 1)),
                    }
                }
                out
            }
            Kind::Binned {
                edges,
                atoms,
                counts,
                tail,
            } => {
                let tails = tail.bucket_intervals();
                let first = edges.first().copied().unwrap_or(f64::INFINITY);
                let (low, high): (Vec<_>, Vec<_>) = tails.into_iter().partition(|t| t.0 < first);
                let mut out = low;
                for (i, &c) in counts.iter().enumerate().take(edges.len()).skip(1) {
                    if c > 0 {
                        let (a, b) = self.interval(edges, atoms, i);
                        out.push((a, b, c));
                    }
                }
                out.extend(high);
                out
            }
        }
    }
}

#[cfg(test)]
#[path = "cells_tests.rs"]
mod tests;
