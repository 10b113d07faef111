//! Sub-step 4: own-platform adoption (Bass diffusion with churn and noise), partner reach, audience.

use super::work::{MarketConst, MarketEpoch};
use crate::engine::fastmath::exp;
use crate::scenario::{Regime, Response};

/// Per-path constants of the adoption process.
#[derive(Debug, Clone, Copy, Default)]
pub struct Adoption {
    /// e^(-churn dt).
    pub retain: f64,
    /// bass_p (1 + k_μ μ) for the current marketing level.
    pub p: f64,
    /// bass_q.
    pub q: f64,
    /// 1 - τ_T.
    pub tension_factor: f64,
    /// 1 - τ_P.
    pub partner_factor: f64,
    /// σ_A √dt.
    pub noise_sd: f64,
    /// -σ_A² dt / 2.
    pub noise_corr: f64,
    /// dt.
    pub dt: f64,
}

impl Adoption {
    /// Constants for a path's response coefficients, marketing level μ and step length.
    pub fn new(r: &Response, marketing: f64, dt: f64) -> Self {
        Adoption {
            retain: exp(-r.churn * dt),
            p: r.bass_p * (1.0 + r.marketing_p_boost * marketing),
            q: r.bass_q,
            tension_factor: 1.0 - r.tension_adoption_penalty,
            partner_factor: 1.0 - r.tension_partner_penalty,
            noise_sd: r.adoption_volatility * dt.sqrt(),
            noise_corr: -0.5 * r.adoption_volatility * r.adoption_volatility * dt,
            dt,
        }
    }
}

/// Subscribers after one step for one market, given its regime and normal draw `z`.
#[inline]
pub fn subscribers(a: f64, regime: Regime, potential: f64, ad: &Adoption, z: f64) -> f64 {
    if regime == Regime::Ban {
        return 0.0;
    }
    let a = (a * ad.retain).min(potential);
    if a < potential {
        let f = if regime == Regime::Tension {
            ad.tension_factor
        } else {
            1.0
        };
        let (p, q) = (ad.p * f, ad.q * f);
        let new = (potential - a)
            * (1.0 - exp(-(p + q * a / potential) * ad.dt))
            * exp(ad.noise_sd * z + ad.noise_corr);
        (a + new).min(potential)
    } else {
        a
    }
}

/// Audience of one market: own subscribers plus partner reach, capped at N.
#[inline]
pub fn audience(a: f64, regime: Regime, mc: &MarketConst, me: &MarketEpoch, ad: &Adoption) -> f64 {
    let reach = if regime == Regime::Open {
        me.partner_open
    } else {
        me.partner_open * ad.partner_factor
    };
    (a + reach).min(mc.addressable)
}

/// Advance subscribers and audience of every market.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn step(
    subs: &mut [f64],
    aud: &mut [f64],
    regime: &[Regime],
    mk: &[MarketConst],
    me: &[MarketEpoch],
    ad: &Adoption,
    z: &[f64],
) {
    for m in 0..subs.len() {
        subs[m] = subscribers(subs[m], regime[m], me[m].potential, ad, z[m]);
        aud[m] = audience(subs[m], regime[m], &mk[m], &me[m], ad);
    }
}
