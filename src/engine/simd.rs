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

/// The environment variable that caps the level: `portable`, `avx2`, `avx2-fma` or `avx512`
/// (to compare the builds on one CPU; every build gives the same bits).
pub const CAP_VAR: &str = "SOFTPOWER_SIMD";

impl Level {
    /// Every level, best last.
    pub const ALL: [Level; 4] = [
        Level::Portable,
        Level::Avx2,
        Level::Avx2Fma,
        Level::Avx512Fma,
    ];

    /// The level's name as [`CAP_VAR`] takes it.
    pub fn name(self) -> &'static str {
        match self {
            Level::Portable => "portable",
            Level::Avx2 => "avx2",
            Level::Avx2Fma => "avx2-fma",
            Level::Avx512Fma => "avx512",
        }
    }
}

/// The level [`CAP_VAR`] names (`Ok(None)` when it is unset or empty), or an error that says
/// what it holds and what it may hold.
pub fn cap_from_env() -> Result<Option<Level>, String> {
    match std::env::var(CAP_VAR) {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{CAP_VAR} is not valid UTF-8")),
        Ok(v) => parse_cap(&v),
    }
}

/// The level named `v` (`Ok(None)` for an empty string).
fn parse_cap(v: &str) -> Result<Option<Level>, String> {
    if v.is_empty() {
        return Ok(None);
    }
    Level::ALL
        .into_iter()
        .find(|l| l.name() == v)
        .map(Some)
        .ok_or_else(|| {
            let names: Vec<&str> = Level::ALL.iter().map(|l| l.name()).collect();
            format!(
                "{CAP_VAR}={v:?} is not a build: use one of {}",
                names.join(", ")
            )
        })
}

/// The level this process runs: the best the CPU supports, capped by [`CAP_VAR`] when set (an
/// invalid value caps nothing here; the command line rejects it before any work). Read once.
#[inline]
pub fn level() -> Level {
    static LEVEL: std::sync::OnceLock<Level> = std::sync::OnceLock::new();
    *LEVEL.get_or_init(|| {
        let cap = cap_from_env().ok().flatten().unwrap_or(Level::Avx512Fma);
        detected().min(cap)
    })
}

/// Whether the AVX-512 normal sampler reads its ziggurat table with two 8-lane gathers rather
/// than eight 16-byte loads and shuffles: on Intel CPUs, whose gathers are fast (measured on a
/// Xeon with AVX-512: 404–424 against 502–519 ns for a path-step's draws), not on AMD's, whose
/// are slow (Zen 5: 575–617 against 408–428 ns). The bits are the same either way. Read once.
pub fn gathers_are_fast() -> bool {
    static FAST: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FAST.get_or_init(|| {
        #[cfg(target_arch = "x86_64")]
        {
            let v = std::arch::x86_64::__cpuid(0);
            let mut vendor = [0u8; 12];
            vendor[..4].copy_from_slice(&v.ebx.to_le_bytes());
            vendor[4..8].copy_from_slice(&v.edx.to_le_bytes());
            vendor[8..].copy_from_slice(&v.ecx.to_le_bytes());
            &vendor == b"GenuineIntel"
        }
        #[cfg(not(target_arch = "x86_64"))]
        false
    })
}

/// The best level this CPU supports (feature detection is cached by the standard library).
pub fn detected() -> Level {
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
        assert!(Level::ALL.windows(2).all(|w| w[0] < w[1]));
        let l = detected();
        assert!(level() <= l);
        #[cfg(target_arch = "x86_64")]
        assert_eq!(
            l >= Level::Avx2,
            std::arch::is_x86_feature_detected!("avx2")
        );
        println!("this CPU: {l:?}, gathers fast: {}", gathers_are_fast());
    }

    #[test]
    fn the_cap_takes_the_level_names_only() {
        for l in Level::ALL {
            assert_eq!(parse_cap(l.name()), Ok(Some(l)));
        }
        assert_eq!(parse_cap(""), Ok(None));
        for bad in ["AVX2", "avx", "avx512 ", "sse2"] {
            let e = parse_cap(bad).unwrap_err();
            assert!(
                e.contains(CAP_VAR) && e.contains("portable, avx2, avx2-fma, avx512"),
                "{e}"
            );
        }
    }
}
