//! Dense bucket-count store used by [`QuantileSketch`](super::QuantileSketch): one per sign.
//!
//! Counts live in a `Vec<u64>` whose slot `k` holds bucket `offset + k`. The
//! vector grows on demand in either direction, so memory is proportional to
//! the range of bucket indices actually seen (plus a bounded slack). `u64`
//! counts cannot overflow in practice (2^64 insertions).
//!
//! The logical content (the non-zero `(index, count)` pairs) is a pure
//! function of the multiset of inserted indices; `offset`, length and
//! capacity depend on insertion history and never influence query results.

/// Dense counts over a contiguous range of bucket indices.
#[derive(Clone, Debug, Default)]
pub(crate) struct DenseStore {
    /// Bucket index of `counts[0]`.
    offset: i32,
    /// Per-bucket counts.
    counts: Vec<u64>,
}

impl DenseStore {
    /// Adds one to bucket `idx`.
    #[inline]
    pub(crate) fn add_one(&mut self, idx: i32) {
        // Indices are bounded by |idx| < 2^30 (see the sketch), so the
        // subtraction cannot overflow; negative k wraps to a huge usize.
        let k = idx.wrapping_sub(self.offset) as isize as usize;
        match self.counts.get_mut(k) {
            Some(c) => *c += 1,
            None => self.grow_and_add(idx, 1),
        }
    }

    /// Slow path: extend the range to include `idx`, then add `c`.
    #[cold]
    #[inline(never)]
    fn grow_and_add(&mut self, idx: i32, c: u64) {
        self.extend_to(idx, idx);
        self.counts[(idx - self.offset) as usize] += c;
    }

    /// Makes the dense range cover `[lo, hi]`, with slack on the grown side.
    fn extend_to(&mut self, lo: i32, hi: i32) {
        if self.counts.is_empty() {
            self.offset = lo;
            self.counts = vec![0; (hi - lo) as usize + 1];
            return;
        }
        let cur_lo = self.offset;
        let cur_hi = self.offset + self.counts.len() as i32 - 1;
        // Slack amortizes repeated growth: a quarter of the span, at least 16.
        let slack = ((hi.max(cur_hi) - lo.min(cur_lo)) / 4).clamp(16, 1 << 16);
        let new_lo = if lo < cur_lo { lo - slack } else { cur_lo };
        let new_hi = if hi > cur_hi { hi + slack } else { cur_hi };
        // Fresh exact-size allocation: memory stays ~ span + slack.
        let mut counts = Vec::with_capacity((new_hi - new_lo) as usize + 1);
        counts.resize((cur_lo - new_lo) as usize, 0);
        counts.extend_from_slice(&self.counts);
        counts.resize((new_hi - new_lo) as usize + 1, 0);
        self.counts = counts;
        self.offset = new_lo;
    }

    /// Adds every count of `other` into `self` (exact, order independent).
    pub(crate) fn merge(&mut self, other: &Self) {
        let Some((lo, hi)) = other.nonzero_range() else {
            return;
        };
        let self_lo = self.offset;
        let self_hi = self.offset + self.counts.len() as i32 - 1;
        if self.counts.is_empty() || lo < self_lo || hi > self_hi {
            self.extend_to(lo, hi);
        }
        let src = &other.counts[(lo - other.offset) as usize..=(hi - other.offset) as usize];
        let start = (lo - self.offset) as usize;
        for (d, s) in self.counts[start..start + src.len()].iter_mut().zip(src) {
            *d += *s;
        }
    }

    /// Lowest and highest bucket index with a non-zero count.
    fn nonzero_range(&self) -> Option<(i32, i32)> {
        let first = self.counts.iter().position(|&c| c != 0)?;
        let last = self.counts.iter().rposition(|&c| c != 0)?;
        Some((self.offset + first as i32, self.offset + last as i32))
    }

    /// Total count over all buckets.
    pub(crate) fn total(&self) -> u64 {
        // Summed on demand: keeping a running total costs a dependent add on every insert.
        self.counts.iter().sum()
    }

    /// Non-zero `(bucket index, count)` pairs in increasing index order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        let off = self.offset;
        self.counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c != 0)
            .map(move |(k, &c)| (off + k as i32, c))
    }

    /// Heap bytes allocated (capacity, not length).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.counts.capacity() * std::mem::size_of::<u64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_both_ways_and_merges_exactly() {
        let idx = [5, -300, 40, 5, 2000, -301, 0, 5];
        let mut a = DenseStore::default();
        idx.iter().for_each(|&i| a.add_one(i));
        assert_eq!(a.total(), 8);
        let got: Vec<_> = a.iter().collect();
        let want = vec![(-301, 1), (-300, 1), (0, 1), (5, 3), (40, 1), (2000, 1)];
        assert_eq!(got, want);
        // Merge of two halves (and into an empty store) gives the same content.
        let (mut b, mut c) = (DenseStore::default(), DenseStore::default());
        idx[..3].iter().for_each(|&i| b.add_one(i));
        idx[3..].iter().for_each(|&i| c.add_one(i));
        let mut e = DenseStore::default();
        e.merge(&c);
        e.merge(&DenseStore::default());
        e.merge(&b);
        assert_eq!(e.iter().collect::<Vec<_>>(), want);
        assert_eq!(e.total(), 8);
        assert!(a.heap_bytes() >= 8 * (2000 + 301 + 1));
    }
}
