//! The AVX2 loop of the normal sampler: eight xoshiro256++ lanes stepped as two 4-lane vectors,
//! the ziggurat fast path on four candidates at a time, identical in every bit to the portable
//! loop in [`super::ziggurat`] (the same integer operations, one subtraction, one product and
//! one comparison per candidate; no FMA). A test compares the two on a million draws.

use super::lanes::{LaneRng, LANES};
use super::rng::PathRng;
use super::ziggurat::Pending;
use std::arch::x86_64::*;

/// Fill `buf` as `ziggurat::fill_normals_portable` does; `pairs[i] = (X[i], X[i+1])`.
///
/// # Safety
/// The CPU must support AVX2.
#[target_feature(enable = "avx2")]
pub(crate) unsafe fn fill(
    lanes: &mut LaneRng,
    rng: &mut PathRng,
    pending: &mut Pending,
    buf: &mut [f64],
    pairs: &[[f64; 2]; 256],
) {
    let load = |w: usize, h: usize| _mm256_loadu_si256(lanes.s[w].as_ptr().add(4 * h).cast());
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
            let dst = if take == LANES {
                buf.as_mut_ptr().add(pos + 4 * h)
            } else {
                x.as_mut_ptr().add(4 * h)
            };
            _mm256_storeu_pd(dst, xv);
            _mm256_storeu_si256(words.as_mut_ptr().add(4 * h).cast(), r);
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
            _mm256_storeu_si256(lanes_s[w].as_mut_ptr().add(4 * h).cast(), *v);
        }
    }
}

/// One xoshiro256++ step of four lanes; returns their outputs.
#[inline(always)]
unsafe fn step(s: &mut [__m256i; 4]) -> __m256i {
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
#[inline(always)]
unsafe fn candidates(r: __m256i, pairs: &[[f64; 2]; 256]) -> (__m256d, i32) {
    let lo = _mm256_castsi256_si128(r);
    let hi = _mm256_extracti128_si256::<1>(r);
    let idx = [
        _mm_cvtsi128_si64(lo),
        _mm_extract_epi64::<1>(lo),
        _mm_cvtsi128_si64(hi),
        _mm_extract_epi64::<1>(hi),
    ]
    .map(|w| (w & 0xff) as usize);
    let p = idx.map(|i| _mm_loadu_pd(pairs[i].as_ptr()));
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
