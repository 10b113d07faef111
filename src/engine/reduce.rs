//! Deterministic parallel reduction over chunks: a canonical binary merge tree.
//!
//! Chunk `c` covers paths `[c·S, (c+1)·S)`. The result over chunks `[0, C)` is defined by a fixed
//! tree: aligned blocks `[i·2^j, (i+1)·2^j)` merge their two halves (left into right order), and
//! the maximal aligned blocks of `[0, C)` are folded left to right. Floating-point merges are not
//! associative, so fixing the tree is what makes results byte-identical for any thread count.
//! A contiguous piece of the chunk range reduces to a [`Partial`] (its maximal aligned blocks);
//! appending partials in order rebuilds exactly the same tree, so shards computed anywhere merge
//! to the same bytes as one run.

use rayon::prelude::*;

/// An accumulator that absorbs another one (the right neighbour in path order).
pub trait Merge: Send {
    /// Merge `right` (covering later paths) into `self`.
    fn merge(&mut self, right: Self);
    /// Called once when a chunk's paths are all recorded, before any merge (flush buffers).
    fn finish_chunk(&mut self) {}
}

/// One aligned block: chunks `[start, start + 2^level)`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Block<A> {
    start: u64,
    level: u32,
    acc: A,
}

/// The reduction of a contiguous range of chunks, as the list of its maximal aligned blocks.
/// It serialises as its blocks (check a read-back one with [`Partial::check`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Partial<A> {
    blocks: Vec<Block<A>>,
}

impl<A: Merge> Default for Partial<A> {
    fn default() -> Self {
        Partial { blocks: Vec::new() }
    }
}

impl<A: Merge> Partial<A> {
    /// Chunk range covered (`None` when empty).
    pub fn range(&self) -> Option<(u64, u64)> {
        let first = self.blocks.first()?;
        let last = self.blocks.last()?;
        Some((first.start, last.start + (1u64 << last.level)))
    }

    fn push(&mut self, mut b: Block<A>) {
        while let Some(top) = self.blocks.last() {
            let size = 1u64 << b.level;
            let siblings =
                top.level == b.level && top.start + size == b.start && top.start % (2 * size) == 0;
            if !siblings {
                break;
            }
            let mut left = self.blocks.pop().expect("checked above");
            left.acc.merge(b.acc);
            b = Block {
                start: left.start,
                level: left.level + 1,
                acc: left.acc,
            };
        }
        self.blocks.push(b);
    }

    /// Append the partial of the chunks that immediately follow this one.
    ///
    /// Panics if `right` does not start where `self` ends (a programming error, not bad input).
    pub fn append(&mut self, right: Partial<A>) {
        if let (Some((_, end)), Some((start, _))) = (self.range(), right.range()) {
            assert_eq!(end, start, "partials must be contiguous");
        }
        for b in right.blocks {
            self.push(b);
        }
    }

    /// The accumulators of the blocks, in path order.
    pub fn accs(&self) -> impl Iterator<Item = &A> {
        self.blocks.iter().map(|b| &b.acc)
    }

    /// The accumulators of the blocks, mutably (e.g. to attach read-back accumulators to their
    /// counts).
    pub fn accs_mut(&mut self) -> impl Iterator<Item = &mut A> {
        self.blocks.iter_mut().map(|b| &mut b.acc)
    }

    /// Whether this is what [`reduce_chunks`] makes of a range: blocks in order, each aligned,
    /// contiguous, and none a sibling of the one before (so appending rebuilds the canonical
    /// tree). Read-back partials are checked with it.
    pub fn check(&self) -> Result<(), String> {
        for (i, b) in self.blocks.iter().enumerate() {
            if b.level >= 63 || b.start % (1u64 << b.level) != 0 {
                return Err(format!("block {i} is not aligned"));
            }
            if let Some(prev) = i.checked_sub(1).map(|j| &self.blocks[j]) {
                let size = 1u64 << prev.level;
                if prev.start + size != b.start {
                    return Err(format!("block {i} does not follow block {}", i - 1));
                }
                if prev.level == b.level && prev.start % (2 * size) == 0 {
                    return Err(format!("blocks {} and {i} should be one", i - 1));
                }
            }
        }
        Ok(())
    }

    /// The same blocks with each accumulator mapped (e.g. scratch state dropped).
    pub fn map<B: Merge>(self, mut f: impl FnMut(A) -> B) -> Partial<B> {
        Partial {
            blocks: self
                .blocks
                .into_iter()
                .map(|b| Block {
                    start: b.start,
                    level: b.level,
                    acc: f(b.acc),
                })
                .collect(),
        }
    }

    /// Fold the blocks left to right into the final accumulator (`None` when empty).
    pub fn finish(self) -> Option<A> {
        let mut it = self.blocks.into_iter();
        let mut acc = it.next()?.acc;
        for b in it {
            acc.merge(b.acc);
        }
        Some(acc)
    }
}

/// Maximal aligned blocks covering `[lo, hi)`, as `(start, level)`.
fn aligned_blocks(mut lo: u64, hi: u64) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    while lo < hi {
        let mut level = if lo == 0 { 63 } else { lo.trailing_zeros() };
        while level > 0 && lo + (1u64 << level) > hi {
            level -= 1;
        }
        out.push((lo, level));
        lo += 1u64 << level;
    }
    out
}

fn reduce_block<A: Merge, F: Fn(u64) -> A + Sync>(start: u64, level: u32, leaf: &F) -> A {
    // An interrupted run is abandoned: one (skipped) leaf stands for the whole block, so the rest
    // of a long run unwinds in microseconds.
    if level == 0 || super::run::INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed) {
        return leaf(start);
    }
    let half = 1u64 << (level - 1);
    let (mut left, right) = rayon::join(
        || reduce_block(start, level - 1, leaf),
        || reduce_block(start + half, level - 1, leaf),
    );
    left.merge(right);
    left
}

/// Reduce chunks `[lo, hi)` in parallel on the current rayon pool; `leaf(c)` computes chunk `c`.
pub fn reduce_chunks<A: Merge, F: Fn(u64) -> A + Sync>(lo: u64, hi: u64, leaf: F) -> Partial<A> {
    let blocks: Vec<Block<A>> = aligned_blocks(lo, hi)
        .into_par_iter()
        .map(|(start, level)| Block {
            start,
            level,
            acc: reduce_block(start, level, &leaf),
        })
        .collect();
    let mut p = Partial::default();
    for b in blocks {
        p.push(b);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A merge that records the tree shape, so equality means the same tree.
    #[derive(Debug, Clone, PartialEq)]
    struct Shape(String);
    impl Merge for Shape {
        fn merge(&mut self, right: Self) {
            self.0 = format!("({} {})", self.0, right.0);
        }
    }

    fn whole(n: u64) -> String {
        reduce_chunks(0, n, |c| Shape(c.to_string()))
            .finish()
            .unwrap()
            .0
    }

    #[test]
    fn blocks_cover_range_exactly() {
        for lo in 0..20 {
            for hi in lo..40 {
                let b = aligned_blocks(lo, hi);
                let mut x = lo;
                for (s, l) in b {
                    assert_eq!(s, x);
                    assert_eq!(s % (1 << l), 0);
                    x += 1 << l;
                }
                assert_eq!(x, hi);
            }
        }
    }

    #[test]
    fn any_split_gives_the_same_tree() {
        for n in 1..34u64 {
            let reference = whole(n);
            for cut in 0..=n {
                let mut p = reduce_chunks(0, cut, |c| Shape(c.to_string()));
                p.append(reduce_chunks(cut, n, |c| Shape(c.to_string())));
                assert_eq!(p.finish().unwrap().0, reference, "n={n} cut={cut}");
            }
        }
        assert_eq!(whole(5), "(((0 1) (2 3)) 4)");
    }

    #[test]
    fn three_way_split_and_thread_counts_agree() {
        let reference = whole(77);
        for threads in [1, 2, 8] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let got = pool.install(|| {
                let mut p = reduce_chunks(0, 13, |c| Shape(c.to_string()));
                p.append(reduce_chunks(13, 40, |c| Shape(c.to_string())));
                p.append(reduce_chunks(40, 77, |c| Shape(c.to_string())));
                p.finish().unwrap().0
            });
            assert_eq!(got, reference);
        }
    }
}
