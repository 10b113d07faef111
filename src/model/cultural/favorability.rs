//! Sub-step 5: favorability towards the exporter in each market (mean-reverting, clipped).

use super::types::Regime;
use super::work::MarketConsts;

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
    consts: &MarketConsts,
    p: &FavorabilityParams,
    z: &[f64],
) {
    let n = fav.len();
    let (aud, regime, z) = (&aud[..n], &regime[..n], &z[..n]);
    let (aud0, addressable) = (&consts.aud0[..n], &consts.addressable[..n]);
    let (not_open0, f0) = (&consts.not_open0[..n], &consts.f0[..n]);
    for m in 0..n {
        let not_open = (regime[m] != Regime::Open) as u8 as f64;
        let drift = p.exposure * (aud[m] - aud0[m]) / addressable[m]
            - p.tension * (not_open - not_open0[m])
            - p.reversion * (fav[m] - f0[m]);
        fav[m] = (fav[m] + drift * p.dt + p.noise_sd * z[m]).clamp(MIN_FAVORABILITY, 1.0);
    }
}
