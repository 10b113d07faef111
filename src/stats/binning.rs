//! The counts of a binned run: per slot of every cell's grid, how many values fell there, and
//! per cell a [`QuantileSketch`] of the values beyond the grid, in banks shared by every
//! accumulator of the run (one per worker thread, up to [`MAX_BANKS`]).
//!
//! Everything here adds exactly (integer counts; the sketch merges exactly, whatever the order
//! and the split), so which thread counted a value, and in which bank, cannot change a total.
//! Keeping the tails here rather than in each accumulator of the merge tree bounds their memory
//! by the banks, whatever the number of paths.
//!
//! A bank keeps the low 16 bits of each count in a `u16` (half the memory of `u32` counts) and
//! the carries in a `u32` array allocated at the first carry (64 K values in one slot of one
//! bank), so a slot of a bank counts fewer than 2^48 values.

use super::grid::GridSet;
use super::sketch::QuantileSketch;
use std::sync::{Arc, Mutex, MutexGuard};

/// Most count banks of one [`Binning`] (threads beyond share banks under a lock).
pub const MAX_BANKS: usize = 8;

/// The low part of a count (the carries are kept apart).
type Low = u16;

/// One bank: counts of every slot of every cell, and every cell's tail sketch.
#[derive(Debug, Default)]
pub(crate) struct Bank {
    /// Low bits of each slot's count.
    low: Vec<Low>,
    /// Each slot's count `>> Low::BITS` (empty until the first carry).
    high: Vec<u32>,
    /// Per cell, the values beyond its grid.
    tails: Vec<QuantileSketch>,
}

impl Bank {
    /// Count the finite values `xs` of cell `j` (tails into its sketch) and track their
    /// min/max in `min[j]`, `max[j]`. With `next`, also ask the CPU to bring that cell's counts
    /// and region table into cache, a share of their lines with each block of values (no
    /// effect on any value): the cells are counted one after another, so the next cell's lines
    /// arrive while this one's are counted, and spreading the requests keeps them from queuing
    /// behind each other (asking for them all at once, before the run, left the counting
    /// waiting on memory: docs/performance.md).
    #[inline]
    pub(crate) fn bin_run(
        &mut self,
        grid: &GridSet,
        j: usize,
        xs: &[f64],
        min: &mut [f64],
        max: &mut [f64],
        next: Option<usize>,
    ) {
        let search = grid.searcher(j);
        let base = grid.slot_start(j);
        let last = grid.edge_count(j);
        let slots = self.low.len();
        let (mut lo, mut hi) = (min[j], max[j]);
        // The slots of a run of values first, then their increments: the increments (cache
        // misses, all buckets are hot) no longer wait behind the slot arithmetic, and overlap.
        const RUN: usize = 64;
        let mut at = [0u32; RUN];
        let blocks = xs.len().div_ceil(RUN);
        for (block, xs) in xs.chunks(RUN).enumerate() {
            if let Some(next) = next {
                self.prefetch(grid, next, block, blocks);
            }
            let mut n = 0;
            for &x in xs {
                if !x.is_finite() {
                    continue;
                }
                let s = search.slot(x);
                at[n] = s as u32;
                n += 1;
                if s == 0 || s == last {
                    self.tails[j].insert(x);
                }
                lo = if x < lo { x } else { lo };
                hi = if x > hi { x } else { hi };
            }
            let low = &mut self.low[base..base + last + 1];
            for &s in &at[..n] {
                let s = s as usize;
                low[s] = low[s].wrapping_add(1);
                if low[s] == 0 {
                    carry(&mut self.high, slots, base + s);
                }
            }
        }
        (min[j], max[j]) = (lo, hi);
    }

    /// Ask the CPU to bring share `part` of `parts` of the cache lines of cell `j`'s counts
    /// and region table into cache (no effect on any value).
    #[inline]
    fn prefetch(&self, grid: &GridSet, j: usize, part: usize, parts: usize) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            let base = grid.slot_start(j);
            let end = base + grid.edge_count(j) + 1;
            let lines = |p: *const i8, bytes: usize| {
                let n = bytes.div_ceil(64);
                for line in n * part / parts..n * (part + 1) / parts {
                    // SAFETY: SSE is part of the x86-64 baseline, and a prefetch never reads
                    // the memory for the program (any address is allowed; this one lies inside
                    // a live allocation anyway).
                    unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(line * 64)) };
                }
            };
            let counts = &self.low[base..end];
            lines(counts.as_ptr().cast(), std::mem::size_of_val(counts));
            let r = grid.searcher(j).regions();
            lines(r.as_ptr().cast(), std::mem::size_of_val(r));
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (grid, j, part, parts);
    }

    /// The count of slot `i`.
    fn count(&self, i: usize) -> u64 {
        let high = self.high.get(i).map_or(0, |&h| u64::from(h));
        high << Low::BITS | u64::from(self.low[i])
    }
}

/// Slot `i`'s low count wrapped to 0: add one to its high part (allocated on first use, for
/// all `slots` slots; its pages are only touched where a carry lands).
#[cold]
#[inline(never)]
fn carry(high: &mut Vec<u32>, slots: usize, i: usize) {
    if high.is_empty() {
        *high = vec![0; slots];
    }
    high[i] = high[i]
        .checked_add(1)
        .expect("a slot of a bank counts fewer than 2^48 values");
}

/// Exact per-slot counts and tails of a run, for every cell of one grid. Threads add into
/// banks of their own (by rayon thread index); totals are the sums over banks.
#[derive(Debug)]
pub struct Binning {
    grid: Arc<GridSet>,
    alpha: f64,
    banks: Vec<Mutex<Bank>>,
}

impl Binning {
    /// Counts on `grid` in `banks` banks (clamped to `1..=MAX_BANKS`); `alpha` is the relative
    /// accuracy of the tail sketches.
    pub fn new(grid: Arc<GridSet>, alpha: f64, banks: usize) -> Arc<Self> {
        let banks = (0..banks.clamp(1, MAX_BANKS))
            .map(|_| Mutex::new(Bank::default()))
            .collect();
        Arc::new(Binning { grid, alpha, banks })
    }

    /// The grid.
    pub fn grid(&self) -> &GridSet {
        &self.grid
    }

    fn lock(bank: &Mutex<Bank>) -> MutexGuard<'_, Bank> {
        bank.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Run `f` on the calling thread's bank (allocated on first use).
    pub(crate) fn with_bank(&self, f: impl FnOnce(&mut Bank)) {
        let i = rayon::current_thread_index().unwrap_or(0) % self.banks.len();
        let mut bank = Self::lock(&self.banks[i]);
        if bank.low.is_empty() {
            bank.low = vec![0; self.grid.total_slots()];
            bank.tails = vec![QuantileSketch::new(self.alpha); self.grid.cells()];
        }
        f(&mut bank);
    }

    /// The counts of slots `[a, b)` summed over banks.
    fn sum(&self, a: usize, b: usize) -> Vec<u64> {
        let mut t = vec![0u64; b - a];
        for bank in &self.banks {
            let bank = Self::lock(bank);
            if !bank.low.is_empty() {
                for (i, t) in (a..b).zip(t.iter_mut()) {
                    *t += bank.count(i);
                }
            }
        }
        t
    }

    /// Count of every slot of every cell, summed over banks.
    pub fn totals(&self) -> Vec<u64> {
        self.sum(0, self.grid.total_slots())
    }

    /// Counts of cell `j`'s slots (`edge_count(j) + 1` of them), summed over banks.
    pub fn cell_counts(&self, j: usize) -> Vec<u64> {
        let a = self.grid.slot_start(j);
        self.sum(a, a + self.grid.edge_count(j) + 1)
    }

    /// The values of cell `j` beyond its grid, over all banks.
    pub fn tail(&self, j: usize) -> QuantileSketch {
        let mut t = QuantileSketch::new(self.alpha);
        for bank in &self.banks {
            if let Some(b) = Self::lock(bank).tails.get(j) {
                t.merge(b);
            }
        }
        t
    }

    /// Heap bytes held by the grid and the banks (counts and tails).
    pub fn memory_bytes(&self) -> usize {
        let banks = self.banks.iter().map(|b| {
            let b = Self::lock(b);
            b.low.capacity() * std::mem::size_of::<Low>()
                + b.high.capacity() * 4
                + b.tails
                    .iter()
                    .map(|t| t.memory_bytes() + std::mem::size_of::<QuantileSketch>())
                    .sum::<usize>()
        });
        self.grid.memory_bytes() + banks.sum::<usize>()
    }
}

/// A [`Binning`]'s totals, detached from its banks: what a partial result saves of its counts
/// (one per set of cells, not one per accumulator), and what merging partials adds up.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct BinningState {
    /// The grid counted on.
    pub grid: GridSet,
    /// Relative accuracy of the tail sketches.
    pub alpha: f64,
    /// Count of every slot of every cell.
    pub counts: Vec<u64>,
    /// Per cell, the values beyond its grid.
    pub tails: Vec<QuantileSketch>,
}

impl Binning {
    /// The totals so far, summed over banks.
    pub fn state(&self) -> BinningState {
        BinningState {
            grid: (*self.grid).clone(),
            alpha: self.alpha,
            counts: self.totals(),
            tails: (0..self.grid.cells()).map(|j| self.tail(j)).collect(),
        }
    }

    /// A binning on `grid` holding the sum of `states` (counted on that grid, with the same
    /// accuracy: checked), in `banks` banks for more counting. Sums are exact, so the order of
    /// `states` does not matter.
    pub fn from_states(
        grid: Arc<GridSet>,
        alpha: f64,
        banks: usize,
        states: &[&BinningState],
    ) -> Result<Arc<Self>, String> {
        let b = Binning::new(Arc::clone(&grid), alpha, banks);
        let slots = grid.total_slots();
        let mut counts = vec![0u64; slots];
        let mut tails = vec![QuantileSketch::new(alpha); grid.cells()];
        for s in states {
            if s.grid != *grid || s.alpha.to_bits() != alpha.to_bits() {
                return Err("the counts were made on another quantile grid".into());
            }
            if s.counts.len() != slots || s.tails.len() != grid.cells() {
                return Err("the counts do not fit their grid".into());
            }
            for (t, c) in counts.iter_mut().zip(&s.counts) {
                *t = t
                    .checked_add(*c)
                    .ok_or("a count overflows 64 bits".to_string())?;
            }
            for (t, x) in tails.iter_mut().zip(&s.tails) {
                t.merge(x);
            }
        }
        if counts.iter().any(|&c| c >> (Low::BITS + u32::BITS) != 0) {
            return Err("a slot counts 2^48 values or more".into());
        }
        {
            let mut bank = Self::lock(&b.banks[0]);
            bank.low = counts.iter().map(|&c| c as Low).collect();
            if counts.iter().any(|&c| c >> Low::BITS != 0) {
                bank.high = counts.iter().map(|&c| (c >> Low::BITS) as u32).collect();
            }
            bank.tails = tails;
        }
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_carry_past_the_low_bits_in_every_bank() {
        let grid = Arc::new(GridSet::from_sorted_cells([vec![2.5; 10], vec![1.0, 2.0]]));
        let slot = grid.slot(0, 2.5);
        let n = 3 * (1usize << Low::BITS) + 5;
        for banks in [1, 3] {
            let b = Binning::new(Arc::clone(&grid), 0.01, banks);
            let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
            let xs = vec![2.5; n];
            b.with_bank(|bank| bank.bin_run(&grid, 0, &xs, &mut min, &mut max, None));
            b.with_bank(|bank| bank.bin_run(&grid, 0, &xs[..7], &mut min, &mut max, Some(1)));
            b.with_bank(|bank| bank.bin_run(&grid, 1, &[0.5, 1.5, 9.0], &mut min, &mut max, None));
            let counts = b.cell_counts(0);
            assert_eq!(counts[slot], n as u64 + 7);
            assert_eq!(counts.iter().sum::<u64>(), n as u64 + 7);
            assert_eq!(b.cell_counts(1).iter().sum::<u64>(), 3);
            assert_eq!(b.totals().iter().sum::<u64>(), n as u64 + 10);
            assert_eq!((min[0], max[0], min[1], max[1]), (2.5, 2.5, 0.5, 9.0));
            // Values beyond the grid are in the tail, the others are not.
            assert_eq!((b.tail(0).count(), b.tail(1).count()), (0, 2));
            // Detached totals add back up, carries included, in any order.
            let (s, g) = (b.state(), Arc::clone(&grid));
            let twice = Binning::from_states(g, 0.01, 2, &[&s, &s]).unwrap();
            assert_eq!(twice.cell_counts(0)[slot], 2 * (n as u64 + 7));
            assert_eq!(twice.tail(1).count(), 4);
            let other = Arc::new(GridSet::from_sorted_cells([vec![1.0], vec![2.0]]));
            assert!(Binning::from_states(other, 0.01, 1, &[&s]).is_err());
        }
    }

    #[test]
    fn runs_and_scattered_values_count_like_the_grid_says() {
        let pilot: Vec<f64> = (0..2000).map(|i| i as f64 * 0.01).collect();
        let grid = Arc::new(GridSet::from_sorted_cells([pilot]));
        // Runs of 1 to 70 equal values (some longer than a 64-value block), between values
        // that change bucket every time, some beyond the grid.
        let mut xs = Vec::new();
        for i in 0..3000usize {
            let x = (i * 7919 % 2300) as f64 * 0.01 - 1.0;
            let run = if i % 5 == 0 { 1 + i % 70 } else { 1 };
            xs.extend(std::iter::repeat_n(x, run));
        }
        let b = Binning::new(Arc::clone(&grid), 0.01, 1);
        let (mut min, mut max) = ([f64::INFINITY], [f64::NEG_INFINITY]);
        b.with_bank(|bank| bank.bin_run(&grid, 0, &xs, &mut min, &mut max, None));
        let mut want = vec![0u64; grid.edge_count(0) + 1];
        for &x in &xs {
            want[grid.slot(0, x)] += 1;
        }
        assert_eq!(b.cell_counts(0), want);
    }
}
