//! Eight interleaved xoshiro256++ generators, stored lane by lane so that one step of all eight
//! is a handful of vector instructions: the source of the normal sampler's raw words.
//!
//! Lane `l` of path `p` is exactly the xoshiro256++ generator `rng::stream(seed, p,
//! NORMAL_LANE_STREAMS[l])` (a test checks this against `rand_xoshiro`), so the lanes are eight
//! ordinary, independent, seekable streams; only their interleaving is new. A block is one word
//! from each lane, lane 0 first.

use super::rng::{state_words, NORMAL_LANE_STREAMS};

/// Number of interleaved generators.
pub const LANES: usize = 8;

/// Eight xoshiro256++ states, word-major: `s[w][l]` is word `w` of lane `l`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneRng {
    pub(crate) s: [[u64; LANES]; 4],
}

impl LaneRng {
    /// The lanes of path `path` under `seed`.
    pub fn new(seed: u64, path: u64) -> Self {
        let mut s = [[0u64; LANES]; 4];
        for (l, &id) in NORMAL_LANE_STREAMS.iter().enumerate() {
            for (w, word) in state_words(seed, path, id).into_iter().enumerate() {
                s[w][l] = word;
            }
        }
        LaneRng { s }
    }

    /// One word from every lane (the portable implementation of one xoshiro256++ step).
    #[inline(always)]
    pub fn next_block(&mut self) -> [u64; LANES] {
        let [s0, s1, s2, s3] = &mut self.s;
        let mut out = [0u64; LANES];
        for l in 0..LANES {
            out[l] = s0[l]
                .wrapping_add(s3[l])
                .rotate_left(23)
                .wrapping_add(s0[l]);
            let t = s1[l] << 17;
            s2[l] ^= s0[l];
            s3[l] ^= s1[l];
            s1[l] ^= s2[l];
            s0[l] ^= s3[l];
            s2[l] ^= t;
            s3[l] = s3[l].rotate_left(45);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::stream;
    use rand::Rng;

    #[test]
    fn each_lane_is_the_named_xoshiro_stream() {
        let mut lanes = LaneRng::new(2021, 17);
        let mut refs: Vec<_> = NORMAL_LANE_STREAMS
            .iter()
            .map(|&id| stream(2021, 17, id))
            .collect();
        for _ in 0..1000 {
            let block = lanes.next_block();
            for (l, r) in refs.iter_mut().enumerate() {
                assert_eq!(block[l], r.next_u64());
            }
        }
    }

    #[test]
    fn lanes_differ_by_path_and_seed() {
        let a = LaneRng::new(1, 0).next_block();
        assert_ne!(a, LaneRng::new(1, 1).next_block());
        assert_ne!(a, LaneRng::new(2, 0).next_block());
        let distinct: std::collections::HashSet<u64> = a.into_iter().collect();
        assert_eq!(distinct.len(), LANES);
    }
}
