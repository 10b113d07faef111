//! Distributions of per-path parameter draws (`[uncertainty]`): the [`Dist`] type, its support
//! and mean (sampling is in `engine::sample`, quantiles and CDFs in `engine::dist_inverse`), in
//! portable arithmetic. Every draw lies in the closed
//! interval [`Dist::support`]; a scenario's normal and log-normal are cut at [`WINDOW_SD`]
//! standard deviations (see [`normal_window`]), so that every support is bounded.

use super::fastmath::{exp_wide, ln};

/// How many standard deviations (of the log, for a log-normal) a scenario's normal or log-normal
/// reaches on either side of its centre when no `min` or `max` cuts it closer: 10, so that the
/// probability cut off (1.5e-23) is never seen, while the support stays bounded and can be
/// checked against the parameter's range.
pub const WINDOW_SD: f64 = 10.0;

/// `[mean - 10 sd, mean + 10 sd]`: where a normal's draws lie (see [`WINDOW_SD`]).
pub fn normal_window(mean: f64, sd: f64) -> (f64, f64) {
    (mean - WINDOW_SD * sd, mean + WINDOW_SD * sd)
}

/// `[exp(mu - 10 sigma), exp(mu + 10 sigma)]`: where a log-normal's draws lie (see
/// [`WINDOW_SD`]); the ends round to 0 or infinity where the exponent is beyond what a float holds.
pub fn lognormal_window(mu: f64, sigma: f64) -> (f64, f64) {
    let (lo, hi) = normal_window(mu, sigma);
    (exp_wide(lo), exp_wide(hi))
}

/// A distribution for one uncertain parameter (validated: parameters finite and consistent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// Always `value`.
    Fixed(f64),
    /// Uniform on [min, max).
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Normal, truncated to [min, max] by resampling.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sd: f64,
        /// Lower truncation (`-inf` when absent).
        min: f64,
        /// Upper truncation (`+inf` when absent).
        max: f64,
    },
    /// Log-normal with log-mean `mu` and log-sd `sigma`, truncated by resampling.
    LogNormal {
        /// Mean of the log.
        mu: f64,
        /// Sd of the log (> 0).
        sigma: f64,
        /// Lower truncation (0 when absent).
        min: f64,
        /// Upper truncation (`+inf` when absent).
        max: f64,
    },
    /// Triangular on [min, max] with the given mode.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Beta(alpha, beta) scaled to [min, max].
    Beta {
        /// Shape α (> 0).
        alpha: f64,
        /// Shape β (> 0).
        beta: f64,
        /// Lower end of the scaled support (default 0).
        min: f64,
        /// Upper end of the scaled support (default 1).
        max: f64,
    },
    /// PERT on [min, max] with the given mode (λ = 4).
    Pert {
        /// Lower bound.
        min: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
}

impl Dist {
    /// A normal or log-normal cut to its window of [`WINDOW_SD`] standard deviations as well as
    /// to `[min, max]` (see [`normal_window`], [`lognormal_window`]); any other unchanged.
    pub fn windowed(self) -> Dist {
        let (lo, hi) = match self {
            Dist::Normal { mean, sd, .. } => normal_window(mean, sd),
            Dist::LogNormal { mu, sigma, .. } => lognormal_window(mu, sigma),
            _ => return self,
        };
        let mut d = self;
        if let Dist::Normal { min, max, .. } | Dist::LogNormal { min, max, .. } = &mut d {
            *min = min.max(lo);
            *max = max.min(hi);
        }
        d
    }

    /// Closed interval containing every possible draw (infinite ends where unbounded).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Dist::Fixed(v) => (v, v),
            Dist::Uniform { min, max }
            | Dist::Triangular { min, max, .. }
            | Dist::Beta { min, max, .. }
            | Dist::Pert { min, max, .. } => (min, max),
            Dist::Normal { min, max, .. } => (min, max),
            Dist::LogNormal { min, max, .. } => (min.max(0.0), max),
        }
    }

    /// Theoretical mean (of the truncated distribution where truncated).
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Fixed(v) => v,
            Dist::Uniform { min, max } => 0.5 * (min + max),
            Dist::Normal { mean, sd, .. } => {
                let (a, b) = self.standard_bounds();
                mean + sd * (pdf(a) - pdf(b)) / mass(a, b)
            }
            Dist::LogNormal { mu, sigma, .. } => {
                let (a, b) = self.standard_bounds();
                exp_wide(mu + 0.5 * sigma * sigma) * mass(a - sigma, b - sigma) / mass(a, b)
            }
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => min + (max - min) * alpha / (alpha + beta),
            Dist::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
        }
    }

    /// Probability that the untruncated normal / log-normal falls in `[min, max]` (1 for others).
    pub fn truncation_mass(&self) -> f64 {
        match *self {
            Dist::Normal { .. } | Dist::LogNormal { .. } => {
                let (a, b) = self.standard_bounds();
                mass(a, b)
            }
            _ => 1.0,
        }
    }

    /// The truncation bounds of a normal standardised, `((min - mean) / sd, (max - mean) / sd)`,
    /// or of a log-normal on the log scale, `((ln min - mu) / sigma, (ln max - mu) / sigma)`
    /// (`min = 0` gives -inf); `(-inf, inf)` for the others.
    pub(super) fn standard_bounds(&self) -> (f64, f64) {
        match *self {
            Dist::Normal { mean, sd, min, max } => ((min - mean) / sd, (max - mean) / sd),
            Dist::LogNormal {
                mu,
                sigma,
                min,
                max,
            } => log_bounds(mu, sigma, min, max),
            _ => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }
}

/// Standard normal density.
fn pdf(z: f64) -> f64 {
    if z.is_infinite() {
        0.0
    } else {
        exp_wide(-0.5 * z * z) / (2.0 * std::f64::consts::PI).sqrt()
    }
}

/// Complementary error function (Numerical Recipes `erfcc`, fractional error < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * exp_wide(poly);
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// Upper tail P(Z > z), accurate far into the tail.
fn upper(z: f64) -> f64 {
    if z == f64::INFINITY {
        0.0
    } else if z == f64::NEG_INFINITY {
        1.0
    } else {
        0.5 * erfc(z / std::f64::consts::SQRT_2)
    }
}

/// The standard normal CDF (fractional error below about 1.2e-7, from `erfc`).
pub fn normal_cdf(z: f64) -> f64 {
    upper(-z)
}

/// P(a ≤ Z ≤ b) for a standard normal, without cancellation in either tail.
fn mass(a: f64, b: f64) -> f64 {
    mass_with(a, b, upper)
}

/// P(a ≤ Z ≤ b) from the upper-tail function `upper` (z ↦ P(Z > z)), subtracting only tails
/// below 1/2.
pub(super) fn mass_with(a: f64, b: f64, upper: fn(f64) -> f64) -> f64 {
    if a >= b {
        0.0
    } else if a >= 0.0 {
        upper(a) - upper(b)
    } else if b <= 0.0 {
        upper(-b) - upper(-a)
    } else {
        1.0 - upper(-a) - upper(b)
    }
}

/// The truncation bounds of a log-normal, standardised on the log scale (min = 0 is no bound).
fn log_bounds(mu: f64, sigma: f64, min: f64, max: f64) -> (f64, f64) {
    let a = if min > 0.0 {
        (ln(min) - mu) / sigma
    } else {
        f64::NEG_INFINITY
    };
    (a, (ln(max) - mu) / sigma)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::SeedableRng;

    const INF: f64 = f64::INFINITY;

    fn check_mean(d: Dist) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        let se = (var / n as f64).sqrt();
        let (lo, hi) = d.support();
        assert!(
            xs.iter().all(|&x| x >= lo && x <= hi),
            "{d:?} draw outside support"
        );
        assert!(
            (m - d.mean()).abs() <= 4.0 * se + 1e-12,
            "{d:?}: sample mean {m}, theory {}, se {se}",
            d.mean()
        );
    }

    #[test]
    fn sample_means_match_theory() {
        check_mean(Dist::Fixed(2.5));
        check_mean(Dist::Uniform {
            min: -1.0,
            max: 3.0,
        });
        check_mean(Dist::Normal {
            mean: 0.04,
            sd: 0.015,
            min: -INF,
            max: INF,
        });
        check_mean(Dist::Normal {
            mean: 0.04,
            sd: 0.015,
            min: 0.0,
            max: INF,
        });
        check_mean(Dist::Normal {
            mean: 0.0,
            sd: 1.0,
            min: 1.0,
            max: 2.0,
        });
        check_mean(Dist::LogNormal {
            mu: 0.0,
            sigma: 0.5,
            min: 0.0,
            max: INF,
        });
        check_mean(Dist::LogNormal {
            mu: 1.0,
            sigma: 1.0,
            min: 1.0,
            max: 5.0,
        });
        check_mean(Dist::Triangular {
            min: 0.2,
            mode: 0.38,
            max: 0.6,
        });
        check_mean(Dist::Triangular {
            min: 0.0,
            mode: 0.0,
            max: 1.0,
        });
        check_mean(Dist::Beta {
            alpha: 2.0,
            beta: 5.0,
            min: 0.0,
            max: 1.0,
        });
        check_mean(Dist::Beta {
            alpha: 0.5,
            beta: 0.5,
            min: 10.0,
            max: 20.0,
        });
        check_mean(Dist::Pert {
            min: 0.0,
            mode: 0.1,
            max: 1.0,
        });
    }

    #[test]
    fn deterministic_given_seed() {
        let d = Dist::Normal {
            mean: 0.0,
            sd: 1.0,
            min: 0.5,
            max: INF,
        };
        let draw = |seed| {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            (0..5).map(|_| d.sample(&mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn draws_never_leave_the_support() {
        let (lo, hi) = lognormal_window(0.0, 1000.0);
        assert_eq!((lo, hi), (0.0, INF));
        let (lo, hi) = normal_window(0.04, 0.015);
        assert!((lo + 0.11).abs() < 1e-12 && (hi - 0.19).abs() < 1e-12);
        let cases = [
            // A log-normal whose draws underflow to 0 four times in ten: cut above 0.
            Dist::LogNormal {
                mu: 0.0,
                sigma: 1000.0,
                min: 1e-300,
                max: 1.0,
            },
            // A uniform whose width rounds.
            Dist::Uniform {
                min: -1.0,
                max: 1e-17,
            },
            Dist::Beta {
                alpha: 0.01,
                beta: 0.01,
                min: 0.1,
                max: 0.3,
            },
            Dist::Triangular {
                min: 0.1,
                mode: 0.3,
                max: 0.3,
            },
        ];
        for d in cases {
            let (lo, hi) = d.support();
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
            for _ in 0..20_000 {
                let x = d.sample(&mut rng);
                assert!(x >= lo && x <= hi && x != 0.0, "{d:?}: {x}");
            }
        }
    }

    #[test]
    fn normal_tail_mass() {
        assert!((mass(f64::NEG_INFINITY, 0.0) - 0.5).abs() < 1e-7);
        assert!((mass(-1.959964, 1.959964) - 0.95).abs() < 1e-6);
        let tail = mass(6.0, INF);
        assert!(
            (tail / 9.865_876_450_376_98e-10 - 1.0).abs() < 1e-6,
            "{tail}"
        );
        assert!(
            Dist::Normal {
                mean: 0.0,
                sd: 1.0,
                min: 6.0,
                max: INF
            }
            .truncation_mass()
                < 1e-6
        );
        assert_eq!(Dist::Uniform { min: 0.0, max: 1.0 }.truncation_mass(), 1.0);
    }
}
