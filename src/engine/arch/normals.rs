//! The normal sampler's fill loop: a block of eight lane words per eight values, each word's
//! ziggurat candidate ([`candidate`]), the rejected ones deferred to the batched slow path. The
//! portable loop is the reference; the AVX2 loop steps the eight xoshiro256++ lanes as two
//! 4-lane vectors and runs the fast path on four candidates at a time, identical in every bit
//! (the same integer operations, one subtraction, one product and one comparison per candidate;
//! no FMA).

use crate::engine::lanes::{LaneRng, LANES};
use crate::engine::rng::PathRng;
#[cfg(target_arch = "x86_64")]
use crate::engine::zig_tables::ZIG_NORM_X;
use crate::engine::ziggurat::candidate;
use crate::engine::ziggurat_slow::Pending;
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// The portable loop (any target): `buf` filled in blocks of eight lane words (a final partial
/// block discards its unused words), slow paths from `rng`, batched in `pending`.
pub(crate) fn portable(
    lanes: &mut LaneRng,
    rng: &mut PathRng,
    pending: &mut Pending,
    buf: &mut [f64],
) {
    let n = buf.len();
    let mut pos = 0;
    while pos < n {
        let block = lanes.next_block();
        let take = LANES.min(n - pos);
        let mut accepted = 0u32;
        for (l, &b) in block[..take].iter().enumerate() {
            let (x, ok) = candidate(b);
            buf[pos + l] = x;
            accepted |= (ok as u32) << l;
        }
        let rejected = !accepted & ((1 << take) - 1);
        if rejected != 0 {
            pending.defer(&block, rejected, pos, rng, buf);
        }
        pos += take;
    }
    pending.resolve(rng, buf);
}

/// `(X[i], X[i+1])` side by side, so the AVX2 loop loads both with one 16-byte load.
#[cfg(target_arch = "x86_64")]
#[repr(align(16))]
struct Pairs([[f64; 2]; 256]);

#[cfg(target_arch = "x86_64")]
static PAIRS: Pairs = {
    let mut p = [[0.0; 2]; 256];
    let mut i = 0;
    while i < 256 {
        p[i] = [ZIG_NORM_X[i], ZIG_NORM_X[i + 1]];
        i += 1;
    }
    Pairs(p)
};

/// The AVX2 loop: fills `buf` exactly as [`portable`] does, and leaves `lanes`, `rng` and
/// `pending` in the same state.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
pub(crate) fn avx2(lanes: &mut LaneRng, rng: &mut PathRng, pending: &mut Pending, buf: &mut [f64]) {
    let pairs = &PAIRS.0;
    // SAFETY: `lanes.s[w]` (bounds-checked) holds LANES = 8 words and the calls below pass `h` 0
    // or 1, so the four words read from index 4·h lie inside it; the load is unaligned.
    let load =
        |w: usize, h: usize| unsafe { _mm256_loadu_si256(lanes.s[w].as_ptr().add(4 * h).cast()) };
    let mut st = [
        [load(0, 0), load(1, 0), load(2, 0), load(3, 0)],
        [load(0, 1), load(1, 1), load(2, 1), load(3, 1)],
    ];
    let n = buf.len();
    let mut pos = 0;
    while pos < n {
        let take = LANES.min(n - pos);
        let mut x = [0.0f64; LANES];
        let mut words = [0u64; LANES];
        let mut accepted = 0;
        for (h, s) in st.iter_mut().enumerate() {
            let r = step(s);
            let (xv, mask) = candidates(r, pairs);
            // SAFETY: `h` is 0 or 1 (`st` has two halves). With a full block (`take == LANES`, so pos + 8 ≤ n) the four
            // values written from buf[pos + 4·h] lie inside `buf`; otherwise they go to `x`
            // (8 values) from index 4·h. Likewise the four words go to `words` (8 words) from
            // index 4·h. Both stores are unaligned.
            unsafe {
                let dst = if take == LANES {
                    buf.as_mut_ptr().add(pos + 4 * h)
                } else {
                    x.as_mut_ptr().add(4 * h)
                };
                _mm256_storeu_pd(dst, xv);
                _mm256_storeu_si256(words.as_mut_ptr().add(4 * h).cast(), r);
            }
            accepted |= mask << (4 * h);
        }
        if take < LANES {
            // A final partial block: the unused lanes are discarded.
            buf[pos..].copy_from_slice(&x[..take]);
        }
        let rejected = !accepted as u32 & ((1 << take) - 1);
        if rejected != 0 {
            pending.defer(&words, rejected, pos, rng, buf);
        }
        pos += take;
    }
    pending.resolve(rng, buf);
    let lanes_s = &mut lanes.s;
    for (h, s) in st.iter().enumerate() {
        for (w, v) in s.iter().enumerate() {
            // SAFETY: `lanes_s[w]` holds 8 words and `h` is 0 or 1 (`st` has two halves), so the
            // four words written from index 4·h lie inside it; the store is unaligned.
            unsafe { _mm256_storeu_si256(lanes_s[w].as_mut_ptr().add(4 * h).cast(), *v) };
        }
    }
}

/// One xoshiro256++ step of four lanes; returns their outputs.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn step(s: &mut [__m256i; 4]) -> __m256i {
    // AVX2 has no 64-bit rotate: two shifts and an or.
    let rotl23 = |v| _mm256_or_si256(_mm256_slli_epi64::<23>(v), _mm256_srli_epi64::<41>(v));
    let rotl45 = |v| _mm256_or_si256(_mm256_slli_epi64::<45>(v), _mm256_srli_epi64::<19>(v));
    let [s0, s1, s2, s3] = s;
    let r = _mm256_add_epi64(rotl23(_mm256_add_epi64(*s0, *s3)), *s0);
    let t = _mm256_slli_epi64::<17>(*s1);
    *s2 = _mm256_xor_si256(*s2, *s0);
    *s3 = _mm256_xor_si256(*s3, *s1);
    *s1 = _mm256_xor_si256(*s1, *s2);
    *s0 = _mm256_xor_si256(*s0, *s3);
    *s2 = _mm256_xor_si256(*s2, t);
    *s3 = rotl45(*s3);
    r
}

/// The fast-path candidates of four raw words and the mask (bit j: lane j accepted).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn candidates(r: __m256i, pairs: &[[f64; 2]; 256]) -> (__m256d, i32) {
    let lo = _mm256_castsi256_si128(r);
    let hi = _mm256_extracti128_si256::<1>(r);
    let idx = [
        _mm_cvtsi128_si64(lo),
        _mm_extract_epi64::<1>(lo),
        _mm_cvtsi128_si64(hi),
        _mm_extract_epi64::<1>(hi),
    ]
    .map(|w| (w & 0xff) as usize);
    // SAFETY: `pairs[i]` (bounds-checked) is two f64, the 16 bytes the unaligned load reads.
    let p = idx.map(|i| unsafe { _mm_loadu_pd(pairs[i].as_ptr()) });
    // [X0, X0', X2, X2'] and [X1, X1', X3, X3'] → X[i] and X[i+1] in lane order.
    let a02 = _mm256_insertf128_pd::<1>(_mm256_castpd128_pd256(p[0]), p[2]);
    let a13 = _mm256_insertf128_pd::<1>(_mm256_castpd128_pd256(p[1]), p[3]);
    let xi = _mm256_unpacklo_pd(a02, a13);
    let xi1 = _mm256_unpackhi_pd(a02, a13);
    let u = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(
            _mm256_srli_epi64::<12>(r),
            _mm256_set1_epi64x(0x4000_0000_0000_0000),
        )),
        _mm256_set1_pd(3.0),
    );
    let x = _mm256_mul_pd(u, xi);
    let ax = _mm256_andnot_pd(_mm256_set1_pd(-0.0), x);
    let mask = _mm256_movemask_pd(_mm256_cmp_pd::<_CMP_LT_OQ>(ax, xi1));
    (x, mask)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::stream;
    use rand::Rng;

    /// Fill with one loop, given the same sources as the portable one.
    type Fill = fn(&mut LaneRng, &mut PathRng, &mut Pending, &mut [f64]);

    /// `fill` and the portable loop agree to the bit on a million draws, with buffer lengths
    /// that are and are not multiples of eight, and leave the generators in the same state.
    fn matches_portable(fill: Fill) {
        let (mut la, mut ra) = (LaneRng::new(7, 3), stream(7, 3, 0));
        let (mut lb, mut rb) = (la.clone(), ra.clone());
        let (mut pa, mut pb) = (Pending::default(), Pending::default());
        let mut total = 0;
        for (k, len) in [408usize, 1, 7, 8, 9, 1000, 4096, 13, 408]
            .iter()
            .cycle()
            .enumerate()
        {
            if total > 1_200_000 {
                break;
            }
            let (mut a, mut b) = (vec![0.0; *len], vec![0.0; *len]);
            fill(&mut la, &mut ra, &mut pa, &mut a);
            portable(&mut lb, &mut rb, &mut pb, &mut b);
            assert!(
                a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()),
                "fill {k} (length {len}) differs"
            );
            assert_eq!(la, lb);
            assert_eq!(ra.clone().next_u64(), rb.clone().next_u64());
            total += len;
        }
    }

    #[test]
    fn every_build_matches_the_portable_bits() {
        matches_portable(crate::engine::arch::fill_normals);
        #[cfg(target_arch = "x86_64")]
        {
            use crate::engine::simd::{level, Level};
            if level() >= Level::Avx2 {
                // SAFETY: `level()` detected AVX2 at run time, the one feature of `avx2`.
                matches_portable(|l, r, p, b| unsafe { avx2(l, r, p, b) });
            } else {
                println!("no AVX2 here: only the portable loop was run");
            }
        }
    }
}
