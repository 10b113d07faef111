//! Sub-step 7: cultural imports (geometric Brownian motion) and the restriction effect on services.

use crate::engine::fastmath::exp;

/// Per-path constants of the import process.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportParams {
    /// (g_I - σ_I²/2) dt.
    pub drift_dt: f64,
    /// σ_I √dt.
    pub noise_sd: f64,
    /// e_ρ.
    pub restriction_effect: f64,
}

impl ImportParams {
    /// Constants from growth, volatility, restriction effect and step length.
    pub fn new(growth: f64, volatility: f64, restriction_effect: f64, dt: f64) -> Self {
        ImportParams {
            drift_dt: (growth - 0.5 * volatility * volatility) * dt,
            noise_sd: volatility * dt.sqrt(),
            restriction_effect,
        }
    }

    /// One GBM step of an import level with normal draw `z`.
    #[inline]
    pub fn grow(&self, level: f64, z: f64) -> f64 {
        level * exp(self.drift_dt + self.noise_sd * z)
    }

    /// Services imports as reported: I_s (1 - e_ρ ρ) / (1 - e_ρ ρ0), given 1/(1 - e_ρ ρ0).
    #[inline]
    pub fn reported_services(&self, level: f64, restriction: f64, inv_restriction0: f64) -> f64 {
        level * (1.0 - self.restriction_effect * restriction) * inv_restriction0
    }
}
