//! Dense bucket-count store used by [`QuantileSketch`](super::QuantileSketch): one per sign,
//! with a resolution that adapts to the range of the data (uniform collapse).
//!
//! Values arrive as *fine indices* (the top bits of `|x|`'s bit pattern, see the sketch). The
//! store keeps counts at *level* `L`: bucket `fine >> L`, so each level halves the resolution.
//! `L` is a pure function of the fine-index range `[fmin, fmax]` seen so far: the smallest
//! `L` with at most [`BUDGET`] buckets between `fmin >> L` and `fmax >> L`, capped at
//! `max_level` (the coarsest resolution the sketch's α allows). It only grows as the range
//! grows, and the range of a union contains each part's range, so a merge collapses both sides
//! to the level of the merged range and adds counts: exact, associative and commutative.
//!
//! Counts are `u32`: the sketch refuses more than `u32::MAX` values in all, so no bucket
//! overflows. Memory is at most about `1.25 · BUDGET · 4` bytes, unless `max_level` caps the
//! level (ranges of more than `BUDGET / 2^(20 − max_level)` octaves: 8 octaves at α = 0.01), where
//! it grows with the number of octaves as in a plain log-bucket sketch.
//!
//! The logical content (level and non-zero `(index, count)` pairs) is a pure function of the
//! multiset of inserted fine indices; `offset`, length and capacity depend on insertion
//! history and never influence query results.

/// Most buckets spanned by the data at the chosen level (unless `max_level` caps it).
pub(crate) const BUDGET: i32 = 1024;

/// Dense counts over a contiguous range of bucket indices at one level.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct DenseStore {
    /// Coarsest level allowed.
    max_level: u32,
    /// Current level: buckets are `fine >> level`.
    level: u32,
    /// Fine-index range seen (`fmin > fmax` when empty).
    fmin: i32,
    fmax: i32,
    /// Bucket index of `counts[0]`.
    offset: i32,
    /// Per-bucket counts; always covers `[fmin >> level, fmax >> level]` when non-empty.
    counts: Vec<u32>,
}

impl DenseStore {
    /// An empty store whose level never exceeds `max_level`.
    pub(crate) fn new(max_level: u32) -> Self {
        DenseStore {
            max_level,
            level: 0,
            fmin: i32::MAX,
            fmax: i32::MIN,
            offset: 0,
            counts: Vec::new(),
        }
    }

    /// Adds one to the bucket of fine index `fine` (non-negative).
    #[inline]
    pub(crate) fn add_one(&mut self, fine: i32) {
        if fine < self.fmin || fine > self.fmax {
            self.widen(fine, fine);
        }
        let k = ((fine >> self.level) - self.offset) as usize;
        self.counts[k] += 1;
    }

    /// The canonical level of the fine range `[lo, hi]`, searched upwards from `from`.
    fn level_for(&self, lo: i32, hi: i32, from: u32) -> u32 {
        let mut l = from;
        while l < self.max_level && (hi >> l) - (lo >> l) >= BUDGET {
            l += 1;
        }
        l
    }

    /// Slow path: the range grows to include `[lo, hi]`; re-level and re-allocate as needed.
    #[cold]
    #[inline(never)]
    fn widen(&mut self, lo: i32, hi: i32) {
        self.widen_to_level(lo, hi, self.level);
    }

    fn widen_to_level(&mut self, lo: i32, hi: i32, at_least: u32) {
        let (fmin, fmax) = (self.fmin.min(lo), self.fmax.max(hi));
        let level = self.level_for(fmin, fmax, self.level.max(at_least));
        let (blo, bhi) = (fmin >> level, fmax >> level);
        let cur_hi = self.offset + self.counts.len() as i32 - 1;
        let covered = !self.counts.is_empty() && blo >= self.offset && bhi <= cur_hi;
        if level != self.level || !covered {
            // Re-allocate with slack on the grown sides: a quarter of the span, at least 8.
            let slack = ((bhi - blo) / 4).clamp(8, BUDGET / 4);
            let grow_lo = self.counts.is_empty() || fmin < self.fmin;
            let grow_hi = self.counts.is_empty() || fmax > self.fmax;
            let new_lo = if grow_lo { blo - slack } else { blo };
            let new_hi = if grow_hi { bhi + slack } else { bhi };
            let mut counts = vec![0u32; (new_hi - new_lo) as usize + 1];
            let shift = level - self.level;
            for (i, c) in self.iter() {
                counts[((i >> shift) - new_lo) as usize] += c as u32;
            }
            self.counts = counts;
            self.offset = new_lo;
            self.level = level;
        }
        self.fmin = fmin;
        self.fmax = fmax;
    }

    /// Adds every count of `other` into `self` (exact, order independent).
    ///
    /// # Panics
    /// If the two stores have different `max_level` (different sketch α).
    pub(crate) fn merge(&mut self, other: &Self) {
        assert_eq!(self.max_level, other.max_level, "store levels differ");
        if other.fmin > other.fmax {
            return;
        }
        self.widen_to_level(other.fmin, other.fmax, other.level);
        let shift = self.level - other.level;
        for (i, c) in other.iter() {
            self.counts[((i >> shift) - self.offset) as usize] += c as u32;
        }
    }

    /// The coarsest level allowed.
    #[cfg(test)]
    pub(crate) fn max_level_for_tests(&self) -> u32 {
        self.max_level
    }

    /// Current level (buckets are `fine >> level`).
    pub(crate) fn level(&self) -> u32 {
        self.level
    }

    /// Non-zero `(bucket index, count)` pairs in increasing index order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        let off = self.offset;
        self.counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c != 0)
            .map(move |(k, &c)| (off + k as i32, c as u64))
    }

    /// Heap bytes allocated (capacity, not length).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.counts.capacity() * std::mem::size_of::<u32>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_to_the_level_of_the_range_and_merges_exactly() {
        let idx = [5, 3000, 40, 5, 2000, 3001, 0, 5];
        let mut a = DenseStore::new(20);
        idx.iter().for_each(|&i| a.add_one(i));
        // Range 0..=3001 needs level 2 (751 buckets ≤ 1024 < 1501).
        assert_eq!(a.level(), 2);
        let got: Vec<_> = a.iter().collect();
        let want = vec![(0, 1), (1, 3), (10, 1), (500, 1), (750, 2)];
        assert_eq!(got, want);
        let (mut b, mut c) = (DenseStore::new(20), DenseStore::new(20));
        idx[..3].iter().for_each(|&i| b.add_one(i));
        idx[3..].iter().for_each(|&i| c.add_one(i));
        let mut e = DenseStore::new(20);
        e.merge(&c);
        e.merge(&DenseStore::new(20));
        e.merge(&b);
        assert_eq!(e.iter().collect::<Vec<_>>(), want);
        assert_eq!(e.level(), 2);
        let mut capped = DenseStore::new(1);
        idx.iter().for_each(|&i| capped.add_one(i));
        assert_eq!(capped.level(), 1);
        assert_eq!(capped.iter().map(|p| p.1).sum::<u64>(), 8);
    }
}
