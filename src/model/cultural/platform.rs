//! Sub-step 4: own-platform adoption (Bass diffusion with churn and noise), partner reach, audience.

use super::types::{Regime, Response};
use super::work::{MarketConsts, MarketEpochs};
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

/// Audience of one market: own subscribers `a` plus partner reach (`partner_open` when open),
/// capped at the addressable population.
#[inline(always)]
pub fn audience(a: f64, regime: Regime, addressable: f64, partner_open: f64, ad: &Adoption) -> f64 {
    let reach = select(
        regime == Regime::Open,
        partner_open,
        partner_open * ad.partner_factor,
    );
    (a + reach).min(addressable)
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
    consts: &MarketConsts,
    epochs: &MarketEpochs,
    ad: &Adoption,
    z: &[f64],
) {
    const G: usize = 8;
    let n = subs.len();
    let mut start = 0;
    while start < n {
        let len = G.min(n - start);
        let end = start + len;
        // This group's columns, sliced to one length so that the loops below carry no bounds
        // checks and run in SIMD lanes.
        let subs = &mut subs[start..end];
        let aud = &mut aud[start..end];
        let regime = &regime[start..end];
        let z = &z[start..end];
        let potential = &epochs.potential[start..end];
        let partner_open = &epochs.partner_open[start..end];
        let addressable = &consts.addressable[start..end];
        let mut retained = [0.0f64; G];
        // The arguments of both exponentials, growth in [..len] and noise in [len..2 len]:
        // one slice, so that the exponentials run as one SIMD loop.
        let mut e = [0.0f64; 2 * G];
        let (growth, noise) = e[..2 * len].split_at_mut(len);
        for j in 0..len {
            let a = (subs[j] * ad.retain).min(potential[j]);
            let f = select(regime[j] == Regime::Tension, ad.tension_factor, 1.0);
            let (p, q) = (ad.p * f, ad.q * f);
            retained[j] = a;
            growth[j] = -(p + q * a / potential[j]) * ad.dt;
            noise[j] = ad.noise_sd * z[j] + ad.noise_corr;
        }
        for x in e[..2 * len].iter_mut() {
            *x = exp(*x);
        }
        let (growth, noise) = e[..2 * len].split_at(len);
        for j in 0..len {
            let (a, p) = (retained[j], potential[j]);
            // Both cases computed, one selected (no branch on the random state).
            let grown = (a + (p - a) * (1.0 - growth[j]) * noise[j]).min(p);
            let s = select(regime[j] == Regime::Ban, 0.0, select(a < p, grown, a));
            subs[j] = s;
            aud[j] = audience(s, regime[j], addressable[j], partner_open[j], ad);
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::super::work::{MarketConst, MarketEpoch};
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
        let (columns_c, columns_e) = (
            MarketConsts::from_rows(&consts),
            MarketEpochs::from_rows(&epochs),
        );
        step(
            &mut subs, &mut aud, &regime, &columns_c, &columns_e, &ad, &z,
        );
        for m in 0..n {
            assert_eq!(subs[m].to_bits(), want[m].to_bits(), "market {m}");
            assert_eq!(
                aud[m],
                audience(
                    want[m],
                    regime[m],
                    consts[m].addressable,
                    epochs[m].partner_open,
                    &ad
                )
            );
        }
    }
}
