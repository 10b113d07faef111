//! The hot-loop normal sampler: Marsaglia & Tsang's 256-layer ziggurat fed by eight interleaved
//! xoshiro256++ lanes. The fill loop ([`fill_normals`]) lives with the other vectorised loops
//! in `engine::arch` (`arch/normals.rs`: the portable loop and an AVX2 loop with the same bits).
//!
//! Each raw word `b` from a lane gives a candidate exactly as rand_distr's ziggurat does: layer
//! `i = b & 0xff`, `u` in [-1, 1) from the top 52 bits, `x = u · X[i]`, accepted at once when
//! `|x| < X[i+1]` (98.5 % of candidates). The rest are finished in batches by the exact slow
//! path of `ziggurat_slow` (wedge test, or the tail beyond R for layer 0), which takes
//! its extra uniforms from the path's scalar dynamics stream and uses the portable `exp` and `ln`
//! of [`super::fastmath`], so the normals are the same bits on every platform.

pub use super::arch::fill_normals;
use super::zig_tables::ZIG_NORM_X;
pub use super::ziggurat_slow::Pending;

/// Name of the normal sampler, written into every summary.
pub const NORMAL_SAMPLER: &str =
    "256-layer ziggurat (rand_distr's tables) over 8 interleaved xoshiro256++ lanes";

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

#[cfg(test)]
#[path = "ziggurat_tests.rs"]
mod tests;
