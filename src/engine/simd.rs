//! Which build of the vectorised hot loops this CPU runs. One rule for every dispatching loop
//! (the cell loop, the exponential loop and the normal sampler in `engine::arch`, the
//! sampler's slow path in `ziggurat_slow` and the cultural model's step): the best level the
//! CPU reports ([`detected`]), capped by the `SOFTPOWER_SIMD` variable when it is set
//! ([`level`]). The AVX-512 sampler comes in two builds that read its table differently; the
//! same variable can pick one, otherwise [`use_gathers`] does. Every build gives the same bits,
//! only the speed differs.

/// The instruction sets a hot loop may be compiled for, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Baseline instructions only (SSE2 on x86-64; any other target).
    Portable,
    /// AVX2 without FMA.
    Avx2,
    /// AVX2 and FMA.
    Avx2Fma,
    /// AVX-512F (with AVX2), FMA and POPCNT.
    Avx512Fma,
}

/// The environment variable that caps the level and may pick the AVX-512 sampler's build:
/// one of [`CAP_NAMES`] (to compare the builds on one CPU; every build gives the same bits).
pub const CAP_VAR: &str = "SOFTPOWER_SIMD";

/// What [`CAP_VAR`] may hold: a level (`avx512` leaves the sampler's table reads to
/// [`use_gathers`]), or `avx512` with the table read by loads or by gathers.
pub const CAP_NAMES: [(&str, Cap); 6] = [
    ("portable", Cap::level(Level::Portable)),
    ("avx2", Cap::level(Level::Avx2)),
    ("avx2-fma", Cap::level(Level::Avx2Fma)),
    ("avx512", Cap::level(Level::Avx512Fma)),
    (
        "avx512-loads",
        Cap {
            level: Level::Avx512Fma,
            gathers: Some(false),
        },
    ),
    (
        "avx512-gather",
        Cap {
            level: Level::Avx512Fma,
            gathers: Some(true),
        },
    ),
];

/// A value of [`CAP_VAR`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    /// The best level to run (the CPU's own is the limit).
    pub level: Level,
    /// Whether the AVX-512 sampler reads its table by gathers (`None`: as [`use_gathers`]
    /// decides for this CPU).
    pub gathers: Option<bool>,
}

impl Cap {
    const fn level(level: Level) -> Self {
        Cap {
            level,
            gathers: None,
        }
    }
}

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

/// The cap [`CAP_VAR`] names (`Ok(None)` when it is unset or empty), or an error that says what
/// it holds and what it may hold.
pub fn cap_from_env() -> Result<Option<Cap>, String> {
    match std::env::var(CAP_VAR) {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{CAP_VAR} is not valid UTF-8")),
        Ok(v) => parse_cap(&v),
    }
}

/// The cap named `v` (`Ok(None)` for an empty string).
fn parse_cap(v: &str) -> Result<Option<Cap>, String> {
    if v.is_empty() {
        return Ok(None);
    }
    CAP_NAMES
        .iter()
        .find(|(name, _)| *name == v)
        .map(|&(_, cap)| Some(cap))
        .ok_or_else(|| {
            let names: Vec<&str> = CAP_NAMES.iter().map(|(name, _)| *name).collect();
            format!(
                "{CAP_VAR}={v:?} is not a build: use one of {}",
                names.join(", ")
            )
        })
}

/// [`CAP_VAR`]'s cap, read once (an invalid value caps nothing here; the command line rejects
/// it before any work).
fn cap() -> Option<Cap> {
    static CAP: std::sync::OnceLock<Option<Cap>> = std::sync::OnceLock::new();
    *CAP.get_or_init(|| cap_from_env().ok().flatten())
}

/// The level this process runs: the best the CPU supports ([`detected`]), capped by
/// [`CAP_VAR`] when set, so never above what the CPU reports.
#[inline]
pub fn level() -> Level {
    static LEVEL: std::sync::OnceLock<Level> = std::sync::OnceLock::new();
    *LEVEL.get_or_init(|| match cap() {
        Some(c) => detected().min(c.level),
        None => detected(),
    })
}

/// Whether the AVX-512 normal sampler reads its ziggurat table with two 8-lane gathers rather
/// than eight 16-byte loads and shuffles (the same bits either way): as [`CAP_VAR`] says when
/// it picks one, else on Intel CPUs that report AVX512-FP16 (Sapphire Rapids and later, whose
/// gathers are not slowed by the Gather Data Sampling mitigation of earlier Intel cores), and
/// not on others. Measured on one such Xeon: 373 against 465 ns for a path-step's draws (best of
/// 5 bench rounds). On AMD Zen 5 the prototype measured gathers slower: 575–617 against
/// 408–428 ns. Read once.
pub fn use_gathers() -> bool {
    static GATHER: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *GATHER.get_or_init(|| {
        if let Some(g) = cap().and_then(|c| c.gathers) {
            return g;
        }
        #[cfg(target_arch = "x86_64")]
        {
            let v = std::arch::x86_64::__cpuid(0);
            let mut vendor = [0u8; 12];
            vendor[..4].copy_from_slice(&v.ebx.to_le_bytes());
            vendor[4..8].copy_from_slice(&v.edx.to_le_bytes());
            vendor[8..].copy_from_slice(&v.ecx.to_le_bytes());
            &vendor == b"GenuineIntel" && std::arch::is_x86_feature_detected!("avx512fp16")
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
            // Every CPU with AVX-512F has POPCNT; the AVX-512 sampler counts its rejected lanes
            // with it, so the level asks for both.
            return match (has!("fma"), has!("avx512f") && has!("popcnt")) {
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
        #[cfg(target_arch = "x86_64")]
        assert_eq!(
            l >= Level::Avx2,
            std::arch::is_x86_feature_detected!("avx2")
        );
        println!(
            "this CPU: {l:?}, runs {:?}, gathers: {}",
            level(),
            use_gathers()
        );
        if let Ok(v) = std::env::var(CAP_VAR) {
            println!("note: {CAP_VAR}={v:?} is set, so the tests skip the builds above it");
        }
    }

    #[test]
    fn the_cap_takes_its_names_only() {
        for l in Level::ALL {
            let cap = parse_cap(l.name()).unwrap().unwrap();
            assert_eq!((cap.level, cap.gathers), (l, None));
        }
        let pick = |v| parse_cap(v).unwrap().unwrap().gathers;
        assert_eq!(pick("avx512-loads"), Some(false));
        assert_eq!(pick("avx512-gather"), Some(true));
        assert_eq!(parse_cap(""), Ok(None));
        for bad in ["AVX2", "avx", "avx512 ", "sse2", "avx512-gathers"] {
            let e = parse_cap(bad).unwrap_err();
            assert!(
                e.contains(CAP_VAR)
                    && e.contains("portable, avx2, avx2-fma, avx512, avx512-loads, avx512-gather"),
                "{e}"
            );
        }
    }
}
