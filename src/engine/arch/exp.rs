//! The exponential loop: every element replaced by [`exp_fma`] of it. The portable loop is the
//! reference; the AVX2 and AVX-512 builds are the same code compiled for those features.

use crate::engine::fastmath::exp_fma;

/// The portable loop (SSE2 on x86-64; `mul_add` is a library call there).
pub(crate) fn portable(xs: &mut [f64]) {
    body(xs);
}

/// The loop compiled for AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(crate) fn avx2(xs: &mut [f64]) {
    body(xs);
}

/// The loop compiled for AVX-512F and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
pub(crate) fn avx512(xs: &mut [f64]) {
    body(xs);
}

/// The one body of every build.
#[inline(always)]
fn body(xs: &mut [f64]) {
    for x in xs.iter_mut() {
        *x = exp_fma(*x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_build_matches_the_portable_bits() {
        let input: Vec<f64> = (0..10_007)
            .map(|i| (i as f64 * 0.618_034).sin() * 30.0 - 3.0)
            .collect();
        let mut reference = input.clone();
        portable(&mut reference);
        let same = |xs: &[f64]| {
            xs.iter()
                .zip(&reference)
                .all(|(x, y)| x.to_bits() == y.to_bits())
        };
        let mut a = input.clone();
        crate::engine::arch::exp_in_place(&mut a);
        assert!(same(&a), "dispatched");
        // Each SIMD build this CPU has, not only the one the dispatch picks.
        #[cfg(target_arch = "x86_64")]
        {
            use crate::engine::simd::{level, Level};
            if level() >= Level::Avx2Fma {
                let mut c = input.clone();
                // SAFETY: `level()` detected AVX2 and FMA at run time, the features of `avx2`.
                unsafe { avx2(&mut c) };
                assert!(same(&c), "AVX2");
            }
            if level() >= Level::Avx512Fma {
                let mut c = input.clone();
                // SAFETY: `level()` detected AVX-512F and FMA at run time, the features of
                // `avx512`.
                unsafe { avx512(&mut c) };
                assert!(same(&c), "AVX-512");
            }
        }
        assert_eq!(
            reference[17].to_bits(),
            exp_fma((17.0 * 0.618_034f64).sin() * 30.0 - 3.0).to_bits()
        );
    }
}
