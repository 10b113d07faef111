//! Sub-step 6: market factors G[s, m] and export totals (annual rate, bn).
//!
//! G depends on the sector only through whether it is digital, so the engine needs two sums over
//! markets per step, ΣG_digital and ΣG_other, and each sector total is (Σ_b X0 C H)(Σ_m G).

use super::types::{Regime, Response};
use super::work::{MarketConsts, MarketEpochs};
use crate::engine::fastmath::{exp, ln, select};

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

    /// Access of digital sectors in a regime (before dividing by its k = 0 value): 1 when
    /// open, 1 - τ_X in tension, (1 - τ_X)(1 - τ_B) under a ban. Selected, not branched on (the
    /// regime is random state), so a loop over markets runs in SIMD lanes.
    #[inline(always)]
    pub fn access_digital(&self, r: Regime) -> f64 {
        select(
            r == Regime::Open,
            1.0,
            select(
                r == Regime::Tension,
                self.tension_access,
                self.ban_access_digital,
            ),
        )
    }

    /// Access of other sectors in a regime (before dividing by its k = 0 value): 1 when open,
    /// else 1 - τ_X; selected like [`ExportParams::access_digital`].
    #[inline(always)]
    pub fn access_other(&self, r: Regime) -> f64 {
        select(r == Regime::Open, 1.0, self.tension_access)
    }
}

/// x^e for x > 0: exact special cases for e = 0, 1/2 and 1 (the square root is correctly
/// rounded everywhere), otherwise e^(e ln x).
#[inline(always)]
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

/// Every element x replaced by [`power`]`(x, e)`, in a loop of its own: the case of `e` does
/// not change inside it, so the compiler chooses it once and the square root's loop runs in
/// SIMD lanes.
#[inline(always)]
pub fn power_in_place(xs: &mut [f64], e: f64) {
    for x in xs.iter_mut() {
        *x = power(*x, e);
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
///
/// Markets go in groups of eight: each market's two terms are computed column by column (SIMD
/// lanes; access selected by the regime instead of branched on, since the regime is random
/// state), then added to the two running sums in market order, so the sums are the same
/// additions as taking the markets one by one.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn market_sums(
    regime: &[Regime],
    aud: &[f64],
    fav: &[f64],
    demand: &[f64],
    consts: &MarketConsts,
    epochs: &MarketEpochs,
    p: &ExportParams,
    reach_other: f64,
) -> (f64, f64) {
    const G: usize = 8;
    let n = regime.len();
    let (mut digital, mut other) = (0.0, 0.0);
    let mut start = 0;
    while start < n {
        let end = (start + G).min(n);
        let len = end - start;
        let (regime, aud, fav) = (&regime[start..end], &aud[start..end], &fav[start..end]);
        let (demand, retention) = (&demand[start..end], &epochs.retention[start..end]);
        let (share, inv_f0) = (&consts.share[start..end], &consts.inv_f0[start..end]);
        let addressable = &consts.addressable[start..end];
        let inv_reach0_digital = &consts.inv_reach0_digital[start..end];
        let inv_access0_digital = &consts.inv_access0_digital[start..end];
        let inv_access0_other = &consts.inv_access0_other[start..end];
        let mut favour = [0.0f64; G];
        for j in 0..len {
            favour[j] = fav[j] * inv_f0[j];
        }
        power_in_place(&mut favour[..len], p.favour_elasticity);
        let (mut term_digital, mut term_other) = ([0.0f64; G], [0.0f64; G]);
        for j in 0..len {
            let common = share[j] * retention[j] * demand[j] * favour[j];
            let reach_d = (1.0 + p.digital_reach * aud[j] / addressable[j]) * inv_reach0_digital[j];
            term_digital[j] =
                common * reach_d * p.access_digital(regime[j]) * inv_access0_digital[j];
            term_other[j] = common * p.access_other(regime[j]) * inv_access0_other[j];
        }
        for j in 0..len {
            digital += term_digital[j];
            other += term_other[j];
        }
        start = end;
    }
    (digital, other * reach_other)
}

#[cfg(test)]
mod tests {
    use super::super::work::{MarketConst, MarketEpoch};
    use super::*;

    /// ΣG as docs/model.md states it, market by market with a branch on the regime: the
    /// reference the grouped, column-wise [`market_sums`] must match bit for bit.
    #[allow(clippy::too_many_arguments)]
    fn sums_reference(
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
        for m in 0..regime.len() {
            let c = &consts[m];
            let favour = power(fav[m] * c.inv_f0, p.favour_elasticity);
            let common = c.share * epochs[m].retention * demand[m] * favour;
            let reach_d = (1.0 + p.digital_reach * aud[m] / c.addressable) * c.inv_reach0_digital;
            digital += common * reach_d * p.access_digital(regime[m]) * c.inv_access0_digital;
            other += common * p.access_other(regime[m]) * c.inv_access0_other;
        }
        (digital, other * reach_other)
    }

    #[test]
    fn grouped_sums_equal_market_by_market() {
        // 1 to 19 markets: one group, a full group, and a partial third group of eight.
        for n in 1..=19 {
            let f = |m: usize, a: f64| (m as f64 * a).sin().abs() + 0.1;
            let regime: Vec<Regime> = (0..n).map(|m| Regime::ALL[m * 5 % 3]).collect();
            let aud: Vec<f64> = (0..n).map(|m| 50.0 * f(m, 0.7)).collect();
            let fav: Vec<f64> = (0..n).map(|m| 0.8 * f(m, 1.3)).collect();
            let demand: Vec<f64> = (0..n).map(|m| 1.0 + 0.1 * f(m, 2.1)).collect();
            let consts: Vec<MarketConst> = (0..n)
                .map(|m| MarketConst {
                    addressable: 100.0 + m as f64,
                    share: 0.1 * f(m, 0.3),
                    inv_reach0_digital: 1.0 / (1.0 + f(m, 0.9)),
                    inv_access0_digital: 1.0 / f(m, 1.7),
                    inv_access0_other: 1.0 / f(m, 1.9),
                    inv_f0: 1.0 / (0.5 * f(m, 2.3)),
                    ..MarketConst::default()
                })
                .collect();
            let epochs: Vec<MarketEpoch> = (0..n)
                .map(|m| MarketEpoch {
                    retention: 0.9 + 0.1 * f(m, 3.1),
                    ..MarketEpoch::default()
                })
                .collect();
            let (columns_c, columns_e) = (
                MarketConsts::from_rows(&consts),
                MarketEpochs::from_rows(&epochs),
            );
            // Each case of the power: the square root, the identity, 1, and e^(e ln x).
            for elasticity in [0.5, 1.0, 0.0, 0.7] {
                let p = ExportParams {
                    digital_reach: 2.0,
                    tension_access: 0.8,
                    ban_access_digital: 0.3,
                    favour_elasticity: elasticity,
                };
                let want = sums_reference(&regime, &aud, &fav, &demand, &consts, &epochs, &p, 1.1);
                let got = market_sums(
                    &regime, &aud, &fav, &demand, &columns_c, &columns_e, &p, 1.1,
                );
                assert_eq!(
                    (got.0.to_bits(), got.1.to_bits()),
                    (want.0.to_bits(), want.1.to_bits()),
                    "{n} markets, elasticity {elasticity}"
                );
            }
        }
    }

    #[test]
    fn power_in_place_is_power_elementwise() {
        let xs: Vec<f64> = (1..40).map(|i| i as f64 * 0.137).collect();
        for e in [0.5, 1.0, 0.0, 0.7, -0.3] {
            let mut ys = xs.clone();
            power_in_place(&mut ys, e);
            for (x, y) in xs.iter().zip(&ys) {
                assert_eq!(y.to_bits(), power(*x, e).to_bits(), "x {x}, e {e}");
            }
        }
    }
}
