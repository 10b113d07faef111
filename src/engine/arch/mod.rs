//! The vectorised hot loops and their one dispatch rule: the normal sampler's fill loop, the
//! exponential loop and the cell loop.
//!
//! Each kernel family has a file of its own ([`normals`], [`exp`], [`cells`]) holding the
//! portable loop, which is the reference, and its x86-64 builds: safe `#[target_feature]`
//! functions, which code not compiled for those features may call only in an `unsafe` block,
//! sound only where the CPU has the features. The safe functions below are their only callers
//! outside the tests: each matches on [`simd::level`](super::simd::level), the one level rule
//! of the crate (run-time feature detection, capped by `SOFTPOWER_SIMD` when it is set), and
//! runs the build of that level. Every
//! build gives the same bits as the portable loop (a test in each family compares every build
//! this CPU can run against it); only the speed differs.
//!
//! Two larger functions are built the same way beside their callers rather than here (one
//! `#[inline(always)]` body, a `#[target_feature]` build of it, and a dispatch on the same
//! level): the normal sampler's slow path (`Pending::resolve`) and the cultural model's step.

mod cells;
mod exp;
mod normals;

pub use cells::Cells;

use super::lanes::LaneRng;
use super::rng::PathRng;
use super::simd::level;
#[cfg(target_arch = "x86_64")]
use super::simd::{use_gathers, Level};
use super::ziggurat_slow::Pending;

/// Fill `buf` with independent N(0, 1) draws from `lanes` (slow paths from `rng`, batched in
/// `pending`, which is empty before and after the call); see [`super::ziggurat`]. Runs the
/// AVX-512 loop at level `Avx512Fma` (its table read by gathers where [`use_gathers`] says so),
/// the AVX2 loop at the AVX2 levels, the portable loop otherwise; the result is the same either
/// way.
#[cfg_attr(not(target_arch = "x86_64"), allow(clippy::match_single_binding))]
pub fn fill_normals(
    lanes: &mut LaneRng,
    rng: &mut PathRng,
    pending: &mut Pending,
    buf: &mut [f64],
) {
    match level() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returns `Avx512Fma` only when the CPU reports AVX-512F and POPCNT at
        // run time (`is_x86_feature_detected!`), the features both AVX-512 builds are built for.
        Level::Avx512Fma => unsafe {
            if use_gathers() {
                normals::avx512_gather(lanes, rng, pending, buf)
            } else {
                normals::avx512(lanes, rng, pending, buf)
            }
        },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returns these levels only when the CPU reports AVX2 at run time
        // (`is_x86_feature_detected!("avx2")`), the one feature `normals::avx2` is built for.
        Level::Avx2 | Level::Avx2Fma => unsafe { normals::avx2(lanes, rng, pending, buf) },
        _ => normals::portable(lanes, rng, pending, buf),
    }
}

/// The signature of a build of the normal sampler's fill loop.
type FillFn = fn(&mut LaneRng, &mut PathRng, &mut Pending, &mut [f64]);

/// One build of the normal sampler's fill loop that this CPU can run, by name: what the bench
/// times side by side and the bit-identity tests compare (every build gives the same bits).
#[derive(Clone, Copy)]
pub struct NormalKernel {
    /// The build's name (`portable`, `avx2`, `avx512`, `avx512-gather`).
    pub name: &'static str,
    fill: FillFn,
}

impl std::fmt::Debug for NormalKernel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl NormalKernel {
    /// Fill `buf` as [`fill_normals`] does, with this build.
    #[inline]
    pub fn fill(
        &self,
        lanes: &mut LaneRng,
        rng: &mut PathRng,
        pending: &mut Pending,
        buf: &mut [f64],
    ) {
        (self.fill)(lanes, rng, pending, buf)
    }
}

/// Every build of the normal sampler's fill loop this CPU can run, the portable one first and
/// the one [`fill_normals`] dispatches to last.
pub fn normal_kernels() -> Vec<NormalKernel> {
    let mut v = vec![NormalKernel {
        name: "portable",
        fill: normals::portable,
    }];
    #[cfg(target_arch = "x86_64")]
    {
        if level() >= Level::Avx2 {
            v.push(NormalKernel {
                name: "avx2",
                // SAFETY: built only when `level()` detected AVX2 at run time, the one feature
                // of `normals::avx2`.
                fill: |l, r, p, b| unsafe { normals::avx2(l, r, p, b) },
            });
        }
        if level() >= Level::Avx512Fma {
            let loads = NormalKernel {
                name: "avx512",
                // SAFETY: built only when `level()` detected AVX-512F and POPCNT at run
                // time, the features of `normals::avx512`.
                fill: |l, r, p, b| unsafe { normals::avx512(l, r, p, b) },
            };
            let gathers = NormalKernel {
                name: "avx512-gather",
                // SAFETY: built only when `level()` detected AVX-512F and POPCNT at run
                // time, the features of `normals::avx512_gather`.
                fill: |l, r, p, b| unsafe { normals::avx512_gather(l, r, p, b) },
            };
            // The one `fill_normals` runs goes last.
            if use_gathers() {
                v.extend([loads, gathers]);
            } else {
                v.extend([gathers, loads]);
            }
        }
    }
    v
}

/// Replace every element of `xs` by [`exp_fma`](super::fastmath::exp_fma) of it. On x86-64 with
/// FMA the loop runs 8 lanes wide with AVX-512F or 4 with AVX2; the portable loop computes the
/// same fused operations through `f64::mul_add` (a correctly rounded library call without FMA
/// hardware), so the results are bit-identical everywhere.
#[cfg_attr(not(target_arch = "x86_64"), allow(clippy::match_single_binding))]
pub fn exp_in_place(xs: &mut [f64]) {
    match level() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returns `Avx512Fma` only when the CPU reports AVX-512F and FMA at run
        // time (`is_x86_feature_detected!`), the features `exp::avx512` is built for.
        Level::Avx512Fma => unsafe { exp::avx512(xs) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returns `Avx2Fma` only when the CPU reports AVX2 and FMA at run time
        // (`is_x86_feature_detected!`), the features `exp::avx2` is built for.
        Level::Avx2Fma => unsafe { exp::avx2(xs) },
        _ => exp::portable(xs),
    }
}

/// Advance the log level of every cell and write Σ X0·exp(q + σH Z′ − σH²/2) over the cells
/// `a..b` of each `ranges[s]` into `sector_exports[s]` (see [`Cells`]). The exponential is
/// [`exp_fma`](super::fastmath::exp_fma); on x86-64 with FMA the loop runs 8 lanes wide with
/// AVX-512F or 4 with AVX2, elsewhere the portable loop gets the same fused operations from
/// `f64::mul_add`, so the bits are the same everywhere, only slower without FMA hardware.
#[cfg_attr(not(target_arch = "x86_64"), allow(clippy::match_single_binding))]
pub fn step_cells(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    match level() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returns `Avx512Fma` only when the CPU reports AVX-512F and FMA at run
        // time (`is_x86_feature_detected!`), the features `cells::avx512` is built for.
        Level::Avx512Fma => unsafe { cells::avx512(cells, ranges, sector_exports) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returns `Avx2Fma` only when the CPU reports AVX2 and FMA at run time
        // (`is_x86_feature_detected!`), the features `cells::avx2` is built for.
        Level::Avx2Fma => unsafe { cells::avx2(cells, ranges, sector_exports) },
        _ => cells::portable(cells, ranges, sector_exports),
    }
}
