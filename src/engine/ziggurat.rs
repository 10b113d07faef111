//! The hot-loop normal sampler: Marsaglia & Tsang's 256-layer ziggurat fed by eight interleaved
//! xoshiro256++ lanes, with an AVX2 fast path that gives the same bits as the portable one.
//!
//! Each raw word `b` from a lane gives a candidate exactly as rand_distr's ziggurat does: layer
//! `i = b & 0xff`, `u` in [-1, 1) from the top 52 bits, `x = u · X[i]`, accepted at once when
//! `|x| < X[i+1]` (98.5 % of candidates). The rest are finished in batches by the exact slow
//! path of [`super::ziggurat_slow`] (wedge test, or the tail beyond R for layer 0), which takes
//! its extra uniforms from the path's scalar dynamics stream and uses the portable `exp` and `ln`
//! of [`super::fastmath`], so the normals are the same bits on every platform.

use super::lanes::{LaneRng, LANES};
use super::rng::PathRng;
use super::zig_tables::ZIG_NORM_X;
pub use super::ziggurat_slow::Pending;

/// Name of the normal sampler, written into every summary.
pub const NORMAL_SAMPLER: &str =
    "256-layer ziggurat (rand_distr's tables) over 8 interleaved xoshiro256++ lanes";

/// `(X[i], X[i+1])` side by side, so the AVX2 path loads both with one 16-byte load.
#[repr(align(16))]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
struct Pairs([[f64; 2]; 256]);

#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
static PAIRS: Pairs = {
    let mut p = [[0.0; 2]; 256];
    let mut i = 0;
    while i < 256 {
        p[i] = [ZIG_NORM_X[i], ZIG_NORM_X[i + 1]];
        i += 1;
    }
    Pairs(p)
};

/// u in [-1, 1) from the top 52 bits of `b` (exact: 2 + 52-bit fraction, minus 3).
#[inline(always)]
pub(crate) fn signed_unit(b: u64) -> f64 {
    f64::from_bits((b >> 12) | 0x4000_0000_0000_0000) - 3.0
}

/// The fast-path candidate of raw word `b` and whether it is accepted as it is.
#[inline(always)]
pub(crate) fn candidate(b: u64) -> (f64, bool) {
    let i = (b & 0xff) as usize;
    let x = signed_unit(b) * ZIG_NORM_X[i];
    (x, x.abs() < ZIG_NORM_X[i + 1])
}

/// Fill `buf` with independent N(0, 1) draws: one block of eight lane words per eight values
/// (a final partial block discards its unused words), slow paths from `rng` (batched in
/// `pending`, empty before and after the call). Runs the AVX2 loop when the CPU has it; the
/// result is the same either way.
pub fn fill_normals(
    lanes: &mut LaneRng,
    rng: &mut PathRng,
    pending: &mut Pending,
    buf: &mut [f64],
) {
    #[cfg(target_arch = "x86_64")]
    if super::simd::level() >= super::simd::Level::Avx2 {
        // SAFETY: the CPU supports AVX2 (the level says so).
        unsafe { super::ziggurat_avx2::fill(lanes, rng, pending, buf, &PAIRS.0) };
        return;
    }
    fill_normals_portable(lanes, rng, pending, buf);
}

/// The portable loop (any target).
pub fn fill_normals_portable(
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

#[cfg(test)]
#[path = "ziggurat_tests.rs"]
mod tests;
