//! The normal sampler's fill loop: a block of eight lane words per eight values, each word's
//! ziggurat candidate ([`candidate`]), the rejected ones deferred to the batched slow path. The
//! portable loop is the reference; the AVX2 loop steps the eight xoshiro256++ lanes as two
//! 4-lane vectors and runs the fast path on four candidates at a time, identical in every bit
//! (the same integer operations, one subtraction, one product and one comparison per candidate;
//! no FMA). The AVX-512 loop does the same eight at a time, in two builds that differ only in
//! how they read the table (loads and shuffles, or gathers).

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
    let mut st = load_halves(lanes);
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
    store_halves(lanes, &st);
}

/// The eight lanes as two halves of four, each half four vectors (one per state word).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn load_halves(lanes: &LaneRng) -> [[__m256i; 4]; 2] {
    // SAFETY: `lanes.s[w]` (bounds-checked) holds LANES = 8 words and `h` is 0 or 1, so the
    // four words read from index 4·h lie inside it; the load is unaligned.
    let load = |w: usize, h: usize| unsafe {
        _mm256_loadu_si256(lanes.s[w].as_ptr().add(4 * h).cast::<__m256i>())
    };
    [
        [load(0, 0), load(1, 0), load(2, 0), load(3, 0)],
        [load(0, 1), load(1, 1), load(2, 1), load(3, 1)],
    ]
}

/// Write the two halves of [`load_halves`] back into `lanes`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn store_halves(lanes: &mut LaneRng, st: &[[__m256i; 4]; 2]) {
    for (h, s) in st.iter().enumerate() {
        for (w, v) in s.iter().enumerate() {
            // SAFETY: `lanes.s[w]` holds 8 words and `h` is 0 or 1 (`st` has two halves), so
            // the four words written from index 4·h lie inside it; the store is unaligned.
            unsafe { _mm256_storeu_si256(lanes.s[w].as_mut_ptr().add(4 * h).cast(), *v) };
        }
    }
}

/// For each 4-bit mask (bit j: 64-bit lane j), the `vpermd` indices that move the flagged
/// lanes to the front in order (left-packing, as AVX-512's `vpcompressq` does in one step).
#[cfg(all(test, target_arch = "x86_64"))]
static LEFT_PACK: [[i32; 8]; 16] = {
    let mut t = [[0i32; 8]; 16];
    let mut m = 0;
    while m < 16 {
        let mut k = 0;
        let mut j: usize = 0;
        while j < 4 {
            if m & (1 << j) != 0 {
                t[m][2 * k] = 2 * j as i32;
                t[m][2 * k + 1] = 2 * j as i32 + 1;
                k += 1;
            }
            j += 1;
        }
        m += 1;
    }
    t
};

/// The AVX2 loop with a branch-free queue: like [`avx2`], but each half-block's rejected words
/// and positions are left-packed through [`LEFT_PACK`] and stored whole, so only a full batch
/// of the slow path branches. Measured on an AVX2-only CPU it was much slower than [`avx2`]
/// (1452 against 819 ns for a baseline path-step's draws: packing costs more µops than the
/// branch's rare mispredictions save), so the engine does not use it; the tests keep it to
/// check, on CPUs without AVX-512, the branch-free queue ([`Pending::slots`] and
/// [`Pending::commit`]) that the AVX-512 loop appends to with `vpcompressq`.
#[cfg(all(test, target_arch = "x86_64"))]
#[target_feature(enable = "avx2")]
pub(crate) fn avx2_packed(
    lanes: &mut LaneRng,
    rng: &mut PathRng,
    pending: &mut Pending,
    buf: &mut [f64],
) {
    let pairs = &PAIRS.0;
    let mut st = load_halves(lanes);
    let n = buf.len();
    let mut pos = 0;
    while pos < n {
        let take = LANES.min(n - pos);
        let mut x = [0.0f64; LANES];
        let (ws, ps) = pending.slots();
        let mut k = 0;
        for (h, s) in st.iter_mut().enumerate() {
            let r = step(s);
            let (xv, mask) = candidates(r, pairs);
            // Lanes past `take` (a final partial block) are neither kept nor queued.
            let live = (((1u32 << take) - 1) >> (4 * h)) & 0xf;
            let rejected = (!mask as u32 & live) as usize;
            let perm = {
                // SAFETY: `LEFT_PACK[rejected]` (bounds-checked: rejected < 16) holds eight
                // i32, the 32 bytes the unaligned load reads.
                unsafe { _mm256_loadu_si256(LEFT_PACK[rejected].as_ptr().cast()) }
            };
            let at = _mm256_add_epi64(
                _mm256_set1_epi64x((pos + 4 * h) as i64),
                _mm256_set_epi64x(3, 2, 1, 0),
            );
            // SAFETY: `h` is 0 or 1. With a full block (pos + 8 ≤ n) the four values written
            // from buf[pos + 4·h] lie inside `buf`, otherwise they go to `x` (8 values) from
            // 4·h. `k` ≤ 4·h, so the four words and four positions written from slot k lie
            // inside `ws` and `ps` (8 each). All stores are unaligned.
            unsafe {
                let dst = if take == LANES {
                    buf.as_mut_ptr().add(pos + 4 * h)
                } else {
                    x.as_mut_ptr().add(4 * h)
                };
                _mm256_storeu_pd(dst, xv);
                _mm256_storeu_si256(
                    ws.as_mut_ptr().add(k).cast(),
                    _mm256_permutevar8x32_epi32(r, perm),
                );
                _mm256_storeu_si256(
                    ps.as_mut_ptr().add(k).cast(),
                    _mm256_permutevar8x32_epi32(at, perm),
                );
            }
            k += rejected.count_ones() as usize;
        }
        if take < LANES {
            buf[pos..].copy_from_slice(&x[..take]);
        }
        pending.commit(k, rng, buf);
        pos += take;
    }
    pending.resolve(rng, buf);
    store_halves(lanes, &st);
}

/// The AVX-512 loop: fills `buf` exactly as [`portable`] does, and leaves `lanes`, `rng` and
/// `pending` in the same state. The eight lanes live in four zmm registers and rotate natively;
/// a block's rejected candidates are appended to the queue without a branch (compressed in a
/// register, then one full-width store of words and one of positions: the memory form of
/// `vpcompressq` is slow on some CPUs), so only a full batch of the slow path branches.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,popcnt")]
pub(crate) fn avx512(
    lanes: &mut LaneRng,
    rng: &mut PathRng,
    pending: &mut Pending,
    buf: &mut [f64],
) {
    avx512_with::<false>(lanes, rng, pending, buf)
}

/// [`avx512`] with the ziggurat table read by two 8-lane gathers (`X[i]` and `X[i+1]`) instead
/// of eight 16-byte loads and shuffles: the same values, so the same bits; faster where gathers
/// are fast ([`use_gathers`](crate::engine::simd::use_gathers) chooses).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,popcnt")]
pub(crate) fn avx512_gather(
    lanes: &mut LaneRng,
    rng: &mut PathRng,
    pending: &mut Pending,
    buf: &mut [f64],
) {
    avx512_with::<true>(lanes, rng, pending, buf)
}

/// The body of both AVX-512 loops; `GATHER` picks how the table is read.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,popcnt")]
#[inline]
fn avx512_with<const GATHER: bool>(
    lanes: &mut LaneRng,
    rng: &mut PathRng,
    pending: &mut Pending,
    buf: &mut [f64],
) {
    let pairs = &PAIRS.0;
    // SAFETY: `lanes.s[w]` (bounds-checked) holds LANES = 8 words, the 64 bytes the unaligned
    // load reads.
    let load = |w: usize| unsafe { _mm512_loadu_si512(lanes.s[w].as_ptr().cast()) };
    let mut st = [load(0), load(1), load(2), load(3)];
    let iota = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    let n = buf.len();
    let full = n - n % LANES;
    let mut pos = 0;
    while pos < full {
        let r = step8(&mut st);
        let (xv, accepted) = if GATHER {
            candidates8_gather(r, pairs)
        } else {
            candidates8(r, pairs)
        };
        // SAFETY: pos + 8 ≤ full ≤ n, so the eight values written from buf[pos] lie inside
        // `buf`; the store is unaligned.
        unsafe { _mm512_storeu_pd(buf.as_mut_ptr().add(pos), xv) };
        queue(pending, !accepted, r, pos, iota, rng, buf);
        pos += LANES;
    }
    if pos < n {
        // A final partial block: the unused lanes are discarded.
        let take = n - pos;
        let r = step8(&mut st);
        let (xv, accepted) = if GATHER {
            candidates8_gather(r, pairs)
        } else {
            candidates8(r, pairs)
        };
        let mut x = [0.0f64; LANES];
        // SAFETY: `x` holds eight values, the 64 bytes the unaligned store writes.
        unsafe { _mm512_storeu_pd(x.as_mut_ptr(), xv) };
        buf[pos..].copy_from_slice(&x[..take]);
        queue(
            pending,
            !accepted & ((1u8 << take) - 1),
            r,
            pos,
            iota,
            rng,
            buf,
        );
    }
    pending.resolve(rng, buf);
    for (w, v) in st.iter().enumerate() {
        // SAFETY: `lanes.s[w]` holds 8 words, the 64 bytes the unaligned store writes.
        unsafe { _mm512_storeu_si512(lanes.s[w].as_mut_ptr().cast(), *v) };
    }
}

/// Append the words of `r` flagged in `rejected` (bit l: lane l, buffer position `pos + l`) to
/// the slow path's queue, in lane order; finishes a batch into `buf` when one is full.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,popcnt")]
#[inline]
fn queue(
    pending: &mut Pending,
    rejected: __mmask8,
    r: __m512i,
    pos: usize,
    iota: __m512i,
    rng: &mut PathRng,
    buf: &mut [f64],
) {
    let words = _mm512_maskz_compress_epi64(rejected, r);
    let at = _mm512_maskz_compress_epi64(
        rejected,
        _mm512_add_epi64(_mm512_set1_epi64(pos as i64), iota),
    );
    let (ws, ps) = pending.slots();
    // SAFETY: `ws` and `ps` are eight u64 each, the 64 bytes each unaligned store writes.
    unsafe {
        _mm512_storeu_si512(ws.as_mut_ptr().cast(), words);
        _mm512_storeu_si512(ps.as_mut_ptr().cast(), at);
    }
    pending.commit(rejected.count_ones() as usize, rng, buf);
}

/// One xoshiro256++ step of all eight lanes (native 64-bit rotates); returns their outputs.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
fn step8(s: &mut [__m512i; 4]) -> __m512i {
    let [s0, s1, s2, s3] = s;
    let r = _mm512_add_epi64(_mm512_rol_epi64::<23>(_mm512_add_epi64(*s0, *s3)), *s0);
    let t = _mm512_slli_epi64::<17>(*s1);
    *s2 = _mm512_xor_si512(*s2, *s0);
    *s3 = _mm512_xor_si512(*s3, *s1);
    *s1 = _mm512_xor_si512(*s1, *s2);
    *s0 = _mm512_xor_si512(*s0, *s3);
    *s2 = _mm512_xor_si512(*s2, t);
    *s3 = _mm512_rol_epi64::<45>(*s3);
    r
}

/// The fast-path candidates of eight raw words and the mask of accepted lanes (bit l: lane l).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
fn candidates8(r: __m512i, pairs: &[[f64; 2]; 256]) -> (__m512d, __mmask8) {
    let mut w = [0u64; LANES];
    // SAFETY: `w` holds eight words, the 64 bytes the unaligned store writes.
    unsafe { _mm512_storeu_si512(w.as_mut_ptr().cast(), r) };
    // SAFETY: `pairs[i]` (bounds-checked; i < 256 after the mask) is two f64, the 16 bytes the
    // unaligned load reads.
    let p = w.map(|b| unsafe { _mm_loadu_pd(pairs[(b & 0xff) as usize].as_ptr()) });
    // [P0, P2, P4, P6] and [P1, P3, P5, P7], each P = (X[i], X[i+1]) → X[i] and X[i+1] in lane
    // order (unpack works within each 128-bit part).
    let half = |a: __m128d, b: __m128d| _mm256_insertf128_pd::<1>(_mm256_castpd128_pd256(a), b);
    let even = _mm512_insertf64x4::<1>(_mm512_castpd256_pd512(half(p[0], p[2])), half(p[4], p[6]));
    let odd = _mm512_insertf64x4::<1>(_mm512_castpd256_pd512(half(p[1], p[3])), half(p[5], p[7]));
    let xi = _mm512_unpacklo_pd(even, odd);
    let xi1 = _mm512_unpackhi_pd(even, odd);
    decide8(r, xi, xi1)
}

/// The candidates `u·X[i]` of eight raw words `r` given their `X[i]` and `X[i+1]`, and the mask
/// of lanes accepted by the fast path (`|x| < X[i+1]`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
fn decide8(r: __m512i, xi: __m512d, xi1: __m512d) -> (__m512d, __mmask8) {
    let u = _mm512_sub_pd(
        _mm512_castsi512_pd(_mm512_or_si512(
            _mm512_srli_epi64::<12>(r),
            _mm512_set1_epi64(0x4000_0000_0000_0000),
        )),
        _mm512_set1_pd(3.0),
    );
    let x = _mm512_mul_pd(u, xi);
    let ax = _mm512_castsi512_pd(_mm512_and_si512(
        _mm512_castpd_si512(x),
        _mm512_set1_epi64(0x7fff_ffff_ffff_ffff),
    ));
    (x, _mm512_cmp_pd_mask::<_CMP_LT_OQ>(ax, xi1))
}

/// [`candidates8`] with the table read by gathers.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
fn candidates8_gather(r: __m512i, pairs: &[[f64; 2]; 256]) -> (__m512d, __mmask8) {
    let at = _mm512_slli_epi64::<1>(_mm512_and_si512(r, _mm512_set1_epi64(0xff)));
    let base: *const f64 = pairs.as_ptr().cast();
    // SAFETY: every index is 2i with i < 256, so 2i and 2i + 1 lie in the 512 f64 of `pairs`.
    let (xi, xi1) = unsafe {
        (
            _mm512_i64gather_pd::<8>(at, base),
            _mm512_i64gather_pd::<8>(at, base.add(1)),
        )
    };
    decide8(r, xi, xi1)
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
    type Fill<'a> = &'a dyn Fn(&mut LaneRng, &mut PathRng, &mut Pending, &mut [f64]);

    /// `fill` and the portable loop agree to the bit on three million draws, with buffer lengths
    /// that are and are not multiples of eight (the long ones fill the slow path's batch many
    /// times within one call), and leave the generators in the same state.
    fn matches_portable(fill: Fill) {
        let (mut la, mut ra) = (LaneRng::new(7, 3), stream(7, 3, 0));
        let (mut lb, mut rb) = (la.clone(), ra.clone());
        let (mut pa, mut pb) = (Pending::default(), Pending::default());
        let mut total = 0;
        for (k, len) in [408usize, 1, 7, 8, 9, 1000, 4096, 13, 408, 20_000, 65_541]
            .iter()
            .cycle()
            .enumerate()
        {
            if total > 3_000_000 {
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
        matches_portable(&crate::engine::arch::fill_normals);
        let kernels = crate::engine::arch::normal_kernels();
        for k in &kernels {
            println!("checking the {} build", k.name);
            matches_portable(&|l, r, p, b| k.fill(l, r, p, b));
        }
        #[cfg(target_arch = "x86_64")]
        {
            use crate::engine::simd::{level, Level};
            if level() >= Level::Avx2 {
                // SAFETY: `level()` detected AVX2 at run time, the one feature of `avx2_packed`.
                matches_portable(&|l, r, p, b| unsafe { avx2_packed(l, r, p, b) });
            }
            let names: Vec<&str> = kernels.iter().map(|k| k.name).collect();
            assert_eq!(names.contains(&"avx2"), level() >= Level::Avx2);
            assert_eq!(names.contains(&"avx512"), level() >= Level::Avx512Fma);
            if level() < Level::Avx512Fma {
                println!("no AVX-512 here: its build was not run");
            }
        }
    }
}
