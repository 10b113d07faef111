//! Which build of the vectorised hot loops this CPU runs. One rule for every dispatching loop
//! (the cell loop, the exponential loop and the normal sampler in `engine::arch`, the
//! sampler's slow path in `ziggurat_slow` and the cultural model's step); every build
//! gives the same bits, only the speed differs.

/// The instruction sets a hot loop may be compiled for, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Baseline instructions only (SSE2 on x86-64; any other target).
    Portable,
    /// AVX2 without FMA.
    Avx2,
    /// AVX2 and FMA.
    Avx2Fma,
    /// AVX-512F (with AVX2) and FMA.
    Avx512Fma,
}

/// The best level this CPU supports (feature detection is cached by the standard library).
#[inline]
pub fn level() -> Level {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx2") {
            return match (has!("fma"), has!("avx512f")) {
                (true, true) => Level::Avx512Fma,
                (true, false) => Level::Avx2Fma,
                (false, _) => Level::Avx2,
            };
        }
    }
    Level::Portable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_detected() {
        assert!(Level::Portable < Level::Avx2 && Level::Avx2Fma < Level::Avx512Fma);
        let l = level();
        #[cfg(target_arch = "x86_64")]
        assert_eq!(
            l >= Level::Avx2,
            std::arch::is_x86_feature_detected!("avx2")
        );
        println!("this CPU: {l:?}");
    }
}
