//! Sub-step 4: own-platform adoption (Bass diffusion with churn and noise), partner reach, audience.

use super::types::{Regime, Response};
use super::work::{MarketConst, MarketEpoch};
use crate::engine::fastmath::{exp, select};

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

/// Audience of one market: own subscribers plus partner reach, capped at N.
#[inline]
pub fn audience(
    a: f64,
    regime: Regime,
    mc: &MarketConst,
    epoch: &MarketEpoch,
    ad: &Adoption,
) -> f64 {
    let reach = select(
        regime == Regime::Open,
        epoch.partner_open,
        epoch.partner_open * ad.partner_factor,
    );
    (a + reach).min(mc.addressable)
}

/// Advance subscribers and audience of every market. Markets go in groups of eight: first the
/// arguments of both exponentials of every market, then the exponentials as one independent
/// loop, then the regime cases, all branch-free (selections by bit mask: the regime differs by
/// market and path); the same values as taking the markets one by one, which the tests check.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn step(
    subs: &mut [f64],
    aud: &mut [f64],
    regime: &[Regime],
    consts: &[MarketConst],
    epochs: &[MarketEpoch],
    ad: &Adoption,
    z: &[f64],
) {
    const G: usize = 8;
    let n = subs.len();
    let mut start = 0;
    while start < n {
        let len = G.min(n - start);
        let mut retained = [0.0f64; G];
        let mut e = [0.0f64; 2 * G];
        for j in 0..len {
            let m = start + j;
            let potential = epochs[m].potential;
            let a = (subs[m] * ad.retain).min(potential);
            let f = select(regime[m] == Regime::Tension, ad.tension_factor, 1.0);
            let (p, q) = (ad.p * f, ad.q * f);
            retained[j] = a;
            e[2 * j] = -(p + q * a / potential) * ad.dt;
            e[2 * j + 1] = ad.noise_sd * z[m] + ad.noise_corr;
        }
        for x in e[..2 * len].iter_mut() {
            *x = exp(*x);
        }
        for j in 0..len {
            let m = start + j;
            let (a, potential) = (retained[j], epochs[m].potential);
            // Both cases computed, one selected (no branch on the random state).
            let grown = (a + (potential - a) * (1.0 - e[2 * j]) * e[2 * j + 1]).min(potential);
            subs[m] = select(
                regime[m] == Regime::Ban,
                0.0,
                select(a < potential, grown, a),
            );
            aud[m] = audience(subs[m], regime[m], &consts[m], &epochs[m], ad);
        }
        start += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Subscribers after one step for one market, written market by market as in docs/model.md:
    /// the reference the grouped step must match.
    fn subscribers(a: f64, regime: Regime, potential: f64, ad: &Adoption, z: f64) -> f64 {
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

    #[test]
    fn grouped_step_equals_market_by_market() {
        let ad = Adoption {
            retain: 0.97,
            p: 0.02,
            q: 0.4,
            tension_factor: 0.5,
            partner_factor: 0.7,
            noise_sd: 0.15,
            noise_corr: -0.011,
            dt: 0.25,
        };
        let n = 19;
        let regimes = [Regime::Open, Regime::Tension, Regime::Ban];
        let regime: Vec<Regime> = (0..n).map(|m| regimes[m * 7 % 3]).collect();
        let consts: Vec<MarketConst> = (0..n)
            .map(|m| MarketConst {
                addressable: 100.0 + m as f64,
                ..MarketConst::default()
            })
            .collect();
        let epochs: Vec<MarketEpoch> = (0..n)
            .map(|m| MarketEpoch {
                // Some markets without a platform (P = 0), some saturated.
                potential: if m % 5 == 0 { 0.0 } else { 20.0 + m as f64 },
                partner_open: 3.0,
                ..MarketEpoch::default()
            })
            .collect();
        let z: Vec<f64> = (0..n).map(|m| (m as f64 * 1.3).sin() * 2.0).collect();
        let mut subs: Vec<f64> = (0..n)
            .map(|m| if m % 4 == 0 { 60.0 } else { m as f64 })
            .collect();
        let mut aud = vec![0.0; n];
        let mut want = subs.clone();
        for m in 0..n {
            want[m] = subscribers(want[m], regime[m], epochs[m].potential, &ad, z[m]);
        }
        step(&mut subs, &mut aud, &regime, &consts, &epochs, &ad, &z);
        for m in 0..n {
            assert_eq!(subs[m].to_bits(), want[m].to_bits(), "market {m}");
            assert_eq!(
                aud[m],
                audience(want[m], regime[m], &consts[m], &epochs[m], &ad)
            );
        }
    }
}
