//! Sub-step 5: favorability towards the exporter in each market (mean-reverting, clipped).

use super::types::Regime;
use super::work::MarketConst;

/// Lower bound of favorability (keeps (f/f0)^ε finite).
pub const MIN_FAVORABILITY: f64 = 0.001;

/// Per-path constants of the favorability process.
#[derive(Debug, Clone, Copy, Default)]
pub struct FavorabilityParams {
    /// η.
    pub exposure: f64,
    /// ζ.
    pub tension: f64,
    /// κ_f.
    pub reversion: f64,
    /// σ_f √dt.
    pub noise_sd: f64,
    /// dt.
    pub dt: f64,
}

/// Advance every market's favorability with its normal draw.
#[inline(always)]
pub fn step(
    fav: &mut [f64],
    aud: &[f64],
    regime: &[Regime],
    consts: &[MarketConst],
    p: &FavorabilityParams,
    z: &[f64],
) {
    for m in 0..fav.len() {
        let not_open = (regime[m] != Regime::Open) as u8 as f64;
        let drift = p.exposure * (aud[m] - consts[m].aud0) / consts[m].addressable
            - p.tension * (not_open - consts[m].not_open0)
            - p.reversion * (fav[m] - consts[m].f0);
        fav[m] = (fav[m] + drift * p.dt + p.noise_sd * z[m]).clamp(MIN_FAVORABILITY, 1.0);
    }
}
