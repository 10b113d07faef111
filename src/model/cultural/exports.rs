//! Sub-step 6: market factors G[s, m] and export totals (annual rate, bn).
//!
//! G depends on the sector only through whether it is digital, so the engine needs two sums over
//! markets per step, ΣG_digital and ΣG_other, and each sector total is (Σ_b X0 C H)(Σ_m G).

use super::types::{Regime, Response};
use super::work::{MarketConst, MarketEpoch};
use crate::engine::fastmath::{exp, ln};

/// Per-path constants of the market factors.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportParams {
    /// λ_D.
    pub digital_reach: f64,
    /// 1 - τ_X.
    pub tension_access: f64,
    /// (1 - τ_X)(1 - τ_B).
    pub ban_access_digital: f64,
    /// ε_f.
    pub favour_elasticity: f64,
}

impl ExportParams {
    /// Constants from the response coefficients.
    pub fn new(r: &Response) -> Self {
        ExportParams {
            digital_reach: r.digital_reach_elasticity,
            tension_access: 1.0 - r.tension_export_penalty,
            ban_access_digital: (1.0 - r.tension_export_penalty) * (1.0 - r.ban_digital_penalty),
            favour_elasticity: r.favorability_elasticity,
        }
    }

    /// Access of digital sectors in a regime (before dividing by its k = 0 value).
    #[inline]
    pub fn access_digital(&self, r: Regime) -> f64 {
        match r {
            Regime::Open => 1.0,
            Regime::Tension => self.tension_access,
            Regime::Ban => self.ban_access_digital,
        }
    }

    /// Access of other sectors in a regime (before dividing by its k = 0 value).
    #[inline]
    pub fn access_other(&self, r: Regime) -> f64 {
        if r == Regime::Open {
            1.0
        } else {
            self.tension_access
        }
    }
}

/// x^e for x > 0: exact special cases for e = 0, 1/2 and 1 (the square root is correctly
/// rounded everywhere), otherwise e^(e ln x).
#[inline]
pub fn power(x: f64, e: f64) -> f64 {
    if e == 0.5 {
        x.sqrt()
    } else if e == 1.0 {
        x
    } else if e == 0.0 {
        1.0
    } else {
        exp(e * ln(x))
    }
}

/// `1 / x0`, or 1 when `x0` is 0 (a term that is 0 at calibration is used unnormalised).
pub fn inverse_or_one(x0: f64) -> f64 {
    if x0 != 0.0 {
        1.0 / x0
    } else {
        1.0
    }
}

/// ΣG over markets for digital and for other sectors; `demand[m]` is e^(d_m t) and
/// `reach_other` is (1 + λ_M μ) / (1 + λ_M μ0), the same in every market.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn market_sums(
    regime: &[Regime],
    aud: &[f64],
    fav: &[f64],
    demand: &[f64],
    consts: &[MarketConst],
    epochs: &[MarketEpoch],
    p: &ExportParams,
    reach_other: f64,
) -> (f64, f64) {
    let (mut digital, mut other) = (0.0, 0.0);
    // Access by regime code, looked up instead of branched on (the regime is random state).
    let access_d = Regime::ALL.map(|r| p.access_digital(r));
    let access_o = Regime::ALL.map(|r| p.access_other(r));
    for m in 0..regime.len() {
        let c = &consts[m];
        let favour = power(fav[m] * c.inv_f0, p.favour_elasticity);
        let common = c.share * epochs[m].retention * demand[m] * favour;
        let reach_d = (1.0 + p.digital_reach * aud[m] / c.addressable) * c.inv_reach0_digital;
        let code = regime[m].code();
        digital += common * reach_d * access_d[code] * c.inv_access0_digital;
        other += common * access_o[code] * c.inv_access0_other;
    }
    (digital, other * reach_other)
}
