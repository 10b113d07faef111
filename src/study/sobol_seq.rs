//! The Sobol sequence in up to 1024 dimensions, with Joe and Kuo's direction numbers and
//! optional Owen scrambling, in f64.
//!
//! **Direction numbers.** Dimension 1 is the van der Corput sequence; dimensions 2 to 1024 use
//! the first 1023 rows of Joe and Kuo's table `new-joe-kuo-6.21201` (S. Joe and F. Y. Kuo,
//! "Constructing Sobol sequences with better two-dimensional projections", SIAM J. Sci.
//! Comput. 30, 2635–2654, 2008), embedded verbatim in `new-joe-kuo-6.21201.d1024.txt` beside
//! this file (`scripts/check_joe_kuo.py` compares it with the copies shipped in SciPy and SALib).
//! Points come in Gray-code order, as in Joe and Kuo's generator, SciPy and SALib; point 0 is
//! the origin. The direction numbers have 32 bits, so an unscrambled coordinate is a multiple
//! of 2^-32 and at most 2^32 points exist.
//!
//! **Owen scrambling.** [`SobolSeq::scrambled`] applies Owen's nested uniform scramble (Owen
//! 1995) to each coordinate: reading the 32 binary digits from the most significant, digit `j`
//! is flipped or kept by a pseudo-random bit attached to the node of the binary tree reached by
//! the digits before it; the bit is a SplitMix64 hash of that node and a key drawn per
//! dimension from the seed. The 32 digits below the sequence's resolution are filled from the
//! hash of the full 32-digit node, which is what nested scrambling does there (no two of the
//! 2^32 points share that node), so scrambled coordinates carry 53 random bits. Scrambling is a
//! bijection on each elementary interval, so every stratification property of the sequence
//! survives: the first 2^m points put exactly one point in each interval `[j/2^m, (j+1)/2^m)`
//! of every coordinate, and dimensions 1 and 2 stay a (0, m, 2)-net. The points are uniform on
//! the cube on average over seeds, and the integration error of smooth functions shrinks
//! faster than Monte Carlo's (Owen 1997).

use super::{Points, StudyError};
use crate::engine::rng::{state_words, stream_id};
use rayon::prelude::*;
use std::sync::OnceLock;

/// Joe and Kuo's table, header and rows for dimensions 2 to 1024 (`d s a m_1 … m_s`).
const TABLE: &str = include_str!("new-joe-kuo-6.21201.d1024.txt");

/// The direction numbers `V[d][j] = m_j 2^(31-j)` (j from 0) of every dimension `d`.
fn directions() -> &'static [[u32; 32]] {
    static V: OnceLock<Vec<[u32; 32]>> = OnceLock::new();
    V.get_or_init(|| {
        let mut all = Vec::with_capacity(SobolSeq::MAX_DIMS);
        all.push(std::array::from_fn(|j| 1u32 << (31 - j)));
        for line in TABLE.lines().skip(1) {
            let t: Vec<u32> = line
                .split_whitespace()
                .map(|w| w.parse().expect("the embedded table holds integers"))
                .collect();
            let (s, a, m) = (t[1] as usize, t[2], &t[3..]);
            assert_eq!(m.len(), s, "row {} of the embedded table", t[0]);
            let mut v = [0u32; 32];
            for j in 0..32 {
                v[j] = if j < s {
                    m[j] << (31 - j)
                } else {
                    // Bratley and Fox's recurrence for the primitive polynomial with
                    // coefficients a (most significant first).
                    let mut x = v[j - s] ^ (v[j - s] >> s);
                    for i in 1..s {
                        if (a >> (s - 1 - i)) & 1 == 1 {
                            x ^= v[j - i];
                        }
                    }
                    x
                };
            }
            all.push(v);
        }
        assert_eq!(all.len(), SobolSeq::MAX_DIMS);
        all
    })
}

/// A Sobol sequence of a fixed number of dimensions, plain or Owen-scrambled.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolSeq {
    dims: usize,
    /// One scrambling key per dimension; `None` for the plain sequence.
    keys: Option<Vec<u64>>,
}

const TWO_POW_M32: f64 = 1.0 / (1u64 << 32) as f64;
const TWO_POW_M53: f64 = 1.0 / (1u64 << 53) as f64;

impl SobolSeq {
    /// Most dimensions.
    pub const MAX_DIMS: usize = 1024;
    /// Most points (indices are `u32`).
    pub const MAX_POINTS: u64 = 1 << 32;

    /// The plain (unscrambled) sequence in `dims` dimensions (1 to [`Self::MAX_DIMS`]).
    pub fn new(dims: usize) -> Result<Self, StudyError> {
        check_dims(dims)?;
        Ok(SobolSeq { dims, keys: None })
    }

    /// The Owen-scrambled sequence in `dims` dimensions, a deterministic function of `seed`.
    pub fn scrambled(dims: usize, seed: u64) -> Result<Self, StudyError> {
        check_dims(dims)?;
        let id = stream_id("study.sobol.owen");
        let keys = (0..dims as u64)
            .map(|d| state_words(seed, d, id)[0])
            .collect();
        Ok(SobolSeq {
            dims,
            keys: Some(keys),
        })
    }

    /// Number of dimensions.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Whether the sequence is scrambled.
    pub fn is_scrambled(&self) -> bool {
        self.keys.is_some()
    }

    /// The 32 digits of unscrambled coordinate `dim` of point `index`.
    fn digits(index: u32, dim: usize) -> u32 {
        let v = &directions()[dim];
        let mut g = index ^ (index >> 1);
        let mut x = 0;
        while g != 0 {
            x ^= v[g.trailing_zeros() as usize];
            g &= g - 1;
        }
        x
    }

    /// The coordinate in [0, 1) of the digits `x` of dimension `dim`.
    fn value(&self, x: u32, dim: usize) -> f64 {
        match &self.keys {
            None => x as f64 * TWO_POW_M32,
            Some(keys) => (owen(x, keys[dim]) >> 11) as f64 * TWO_POW_M53,
        }
    }

    /// Coordinate `dim` (from 0) of point `index` (from 0), in [0, 1).
    ///
    /// Panics if `dim >= self.dims()`.
    pub fn coord(&self, index: u32, dim: usize) -> f64 {
        assert!(dim < self.dims, "dimension {dim} of {}", self.dims);
        self.value(Self::digits(index, dim), dim)
    }

    /// Point `index` into `out` (of length [`Self::dims`]).
    pub fn point(&self, index: u32, out: &mut [f64]) {
        assert_eq!(out.len(), self.dims);
        for (d, o) in out.iter_mut().enumerate() {
            *o = self.coord(index, d);
        }
    }

    /// The first `n` points (indices 0 to n − 1). Stratification holds for the first 2^m
    /// points: prefer powers of two.
    pub fn points(&self, n: usize) -> Result<Points, StudyError> {
        if n as u64 > Self::MAX_POINTS {
            return Err(StudyError::TooLarge {
                what: "Sobol points",
                max: Self::MAX_POINTS,
                value: n as u64,
            });
        }
        let columns: Vec<Vec<f64>> = (0..self.dims)
            .into_par_iter()
            .map(|d| {
                let v = &directions()[d];
                let mut x = 0u32;
                (0..n)
                    .map(|i| {
                        if i > 0 {
                            x ^= v[i.trailing_zeros() as usize];
                        }
                        self.value(x, d)
                    })
                    .collect()
            })
            .collect();
        let mut data = Vec::with_capacity(n * self.dims);
        for i in 0..n {
            data.extend(columns.iter().map(|c| c[i]));
        }
        Ok(Points::new(self.dims, data))
    }
}

fn check_dims(dims: usize) -> Result<(), StudyError> {
    if dims == 0 {
        Err(StudyError::TooSmall {
            what: "Sobol dimensions",
            min: 1,
            value: 0,
        })
    } else if dims > SobolSeq::MAX_DIMS {
        Err(StudyError::TooLarge {
            what: "Sobol dimensions",
            max: SobolSeq::MAX_DIMS as u64,
            value: dims as u64,
        })
    } else {
        Ok(())
    }
}

/// The SplitMix64 output for state `key + node · golden`: a random 64-bit word per tree node.
#[inline]
fn node_hash(key: u64, node: u64) -> u64 {
    let mut z = key.wrapping_add(node.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Owen's nested uniform scramble of the 32 digits `x`, extended to 64 digits: digit `j`
/// (from the most significant, j = 0 … 31) is flipped by the top bit of the hash of the node
/// `2^j + (the j digits above it)`, and the low 32 digits are the hash of node `2^32 + x`.
#[inline]
fn owen(x: u32, key: u64) -> u64 {
    let x64 = x as u64;
    let mut flips = 0u32;
    for j in 0..32 {
        let node = (1u64 << j) | (x64 >> (32 - j));
        flips |= ((node_hash(key, node) >> 63) as u32) << (31 - j);
    }
    let tail = node_hash(key, (1u64 << 32) | x64) >> 32;
    (((x ^ flips) as u64) << 32) | tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unscrambled values from SciPy 1.17 (`qmc.Sobol(d=1024, scramble=False, bits=32)`, its
    /// own copy of new-joe-kuo-6.21201): the first nine points of some dimensions.
    #[test]
    fn first_points_match_published_values() {
        let s = SobolSeq::new(1024).unwrap();
        let cases: [(usize, [f64; 9]); 8] = [
            (
                0,
                [0.0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875],
            ),
            (
                1,
                [0.0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125],
            ),
            (
                2,
                [0.0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375],
            ),
            (
                3,
                [0.0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125, 0.4375],
            ),
            (
                4,
                [0.0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.5625],
            ),
            (
                63,
                [0.0, 0.5, 0.75, 0.25, 0.125, 0.625, 0.875, 0.375, 0.6875],
            ),
            (
                127,
                [0.0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.0625],
            ),
            (
                1023,
                [0.0, 0.5, 0.75, 0.25, 0.875, 0.375, 0.125, 0.625, 0.0625],
            ),
        ];
        let pts = s.points(9).unwrap();
        for (d, want) in cases {
            for (i, w) in want.into_iter().enumerate() {
                assert_eq!(s.coord(i as u32, d), w, "dim {d} point {i}");
                assert_eq!(pts.row(i)[d], w, "dim {d} point {i} (points)");
            }
        }
    }

    /// Deeper digits: SciPy's points 100, 1000, 12345 and 1000000, times 2^32.
    #[test]
    fn later_points_match_published_values() {
        let s = SobolSeq::new(1024).unwrap();
        let cases: [(u32, [(usize, u32); 5]); 4] = [
            (
                100,
                [
                    (0, 1778384896),
                    (1, 1107296256),
                    (2, 3321888768),
                    (5, 3187671040),
                    (1023, 4060086272),
                ],
            ),
            (
                1000,
                [
                    (0, 943718400),
                    (1, 415236096),
                    (2, 2227175424),
                    (5, 3896508416),
                    (1023, 3066036224),
                ],
            ),
            (
                12345,
                [
                    (0, 2752774144),
                    (1, 3493593088),
                    (2, 688652288),
                    (5, 252968960),
                    (1023, 2478571520),
                ],
            ),
            (
                1_000_000,
                [
                    (0, 113709056),
                    (1, 1339682816),
                    (2, 3556216832),
                    (5, 3414765568),
                    (1023, 1283518464),
                ],
            ),
        ];
        for (i, dims) in cases {
            for (d, want) in dims {
                assert_eq!(SobolSeq::digits(i, d), want, "dim {d} point {i}");
                assert_eq!(s.coord(i, d), want as f64 * TWO_POW_M32);
            }
        }
        let p = s.points(12346).unwrap();
        assert_eq!(p.row(12345)[500], s.coord(12345, 500));
    }

    fn assert_stratified(s: &SobolSeq, m: u32) {
        let n = 1usize << m;
        let p = s.points(n).unwrap();
        for d in 0..s.dims() {
            let mut seen = vec![false; n];
            for row in p.rows() {
                let x = row[d];
                assert!((0.0..1.0).contains(&x));
                let cell = (x * n as f64) as usize;
                assert!(!seen[cell], "dim {d}, m = {m}: two points in cell {cell}");
                seen[cell] = true;
            }
        }
        // Dimensions 1 and 2 form a (0, m, 2)-net: one point in every elementary box of
        // volume 2^-m.
        for a in 0..=m {
            let (na, nb) = (1usize << a, 1usize << (m - a));
            let mut seen = vec![false; n];
            for row in p.rows() {
                let cell = (row[0] * na as f64) as usize * nb + (row[1] * nb as f64) as usize;
                assert!(!seen[cell], "m = {m}, box {a}: two points in cell {cell}");
                seen[cell] = true;
            }
        }
    }

    #[test]
    fn plain_and_scrambled_points_are_stratified() {
        for m in 0..=11 {
            assert_stratified(&SobolSeq::new(40).unwrap(), m);
            assert_stratified(&SobolSeq::scrambled(40, 12345).unwrap(), m);
        }
        assert_stratified(&SobolSeq::scrambled(1024, 7).unwrap(), 6);
    }

    #[test]
    fn scrambling_is_deterministic_and_fine_grained() {
        let a = SobolSeq::scrambled(6, 42).unwrap();
        assert_eq!(a, SobolSeq::scrambled(6, 42).unwrap());
        assert_ne!(a, SobolSeq::scrambled(6, 43).unwrap());
        let p = a.points(1024).unwrap();
        assert_eq!(p, a.points(1024).unwrap());
        // Each coordinate uses all 53 bits (not multiples of 2^-32, let alone 2^-24).
        let fine = p
            .as_slice()
            .iter()
            .filter(|&&x| (x * (1u64 << 32) as f64).fract() != 0.0)
            .count();
        assert!(fine > 6 * 1024 - 10, "{fine}");
        // The point for an index is the same whichever way it is asked for.
        let mut out = [0.0; 6];
        a.point(777, &mut out);
        assert_eq!(&out[..], p.row(777));
        // Pinned values: an accidental change of the scramble shows here.
        assert_eq!(p.row(0), PINNED_ROW0);
        assert_eq!(p.row(1000), PINNED_ROW1000);
    }

    const PINNED_ROW0: &[f64] = &[
        0.3586681877914931,
        0.9062408363606507,
        0.1290555444599858,
        0.30356482586512223,
        0.857692838957571,
        0.8411166982474177,
    ];
    const PINNED_ROW1000: &[f64] = &[
        0.42905486836856677,
        0.9948633063050577,
        0.6787021639419831,
        0.6870736388138884,
        0.5576860824579876,
        0.3647647694171793,
    ];

    #[test]
    fn scrambled_mean_is_a_half() {
        // An unbiased integral of x: the average over 64 seeds of the mean of 256 points.
        let mut sum = 0.0;
        for seed in 0..64 {
            let p = SobolSeq::scrambled(3, seed).unwrap().points(256).unwrap();
            sum += p.as_slice().iter().sum::<f64>() / (256.0 * 3.0);
        }
        assert!((sum / 64.0 - 0.5).abs() < 1e-4, "{}", sum / 64.0);
    }

    #[test]
    fn bad_sizes_are_refused() {
        assert!(SobolSeq::new(0).is_err());
        assert!(SobolSeq::new(1025).is_err());
        assert!(SobolSeq::scrambled(1024, 0).is_ok());
    }
}
