//! Per-path preparation of the model: derived constants from a path's parameters, and the
//! quantities recomputed whenever the levers in effect change (a lever epoch).

use super::levers::{lever_time, LeverValues};
use super::types::Regime;
use super::work::{self, CulturalWork, MarketConst, MarketEpoch};
use super::{capacity, exports, favorability, imports, platform, regimes, CulturalExport};

impl CulturalExport {
    /// Derived per-path constants from `w.params` (cells, markets, initial lever epoch).
    pub(super) fn prepare(&self, w: &mut CulturalWork) {
        let p = &w.params;
        let sqrt_dt = self.dt.sqrt();
        w.designated_x0 = 0.0;
        for (c, cell) in self.cells.iter().enumerate() {
            let sp = &p.sectors[cell.sector];
            let x0 = p.base_exports[cell.base][cell.entry];
            w.x0[c] = x0;
            w.capacity_sd_dt[c] = sp.capacity_volatility * sqrt_dt;
            w.hit_sd[c] = sp.hit_volatility;
            w.hit_log_correction[c] = -0.5 * sp.hit_volatility * sp.hit_volatility;
            if cell.designated {
                w.designated_x0 += x0;
            }
        }
        let l0 = LeverValues::at(&p.levers, lever_time(self.start_year, self.dt, 1));
        let r = &p.response;
        let ex = exports::ExportParams::new(r);
        for (m, mp) in p.markets.iter().enumerate() {
            let regime0 = self.initial_regimes[m];
            let open0 = regime0 == Regime::Open;
            let partner0 = l0.partnerships * mp.partner_reach * mp.addressable_m;
            let partner0 = if open0 {
                partner0
            } else {
                partner0 * (1.0 - r.tension_partner_penalty)
            };
            let aud0 = (mp.own_subscribers_m + partner0).min(mp.addressable_m);
            w.market_const.set(
                m,
                MarketConst {
                    addressable: mp.addressable_m,
                    share: mp.export_share,
                    inv_reach0_digital: exports::inverse_or_one(
                        1.0 + r.digital_reach_elasticity * aud0 / mp.addressable_m,
                    ),
                    inv_access0_digital: exports::inverse_or_one(ex.access_digital(regime0)),
                    inv_access0_other: exports::inverse_or_one(ex.access_other(regime0)),
                    aud0,
                    not_open0: if open0 { 0.0 } else { 1.0 },
                    f0: mp.favorability,
                    inv_f0: 1.0 / mp.favorability,
                    demand_step: crate::engine::fastmath::exp(mp.demand_growth * self.dt),
                },
            );
        }
        w.inv_restriction0 =
            exports::inverse_or_one(1.0 - p.imports.restriction_effect * l0.restriction);
        w.levers0 = l0;
        self.set_epoch(w, l0);
        w.prepared = true;
    }

    /// Recompute the quantities that depend on lever values.
    pub(super) fn set_epoch(&self, w: &mut CulturalWork, lv: LeverValues) {
        let p = &w.params;
        let r = &p.response;
        // Without funding a cell's drift depends only on its sector and whether it is designated,
        // and cells come ordered by sector: compute it once per (sector, designated) run.
        let mut memo: Option<(usize, bool, f64)> = None;
        for (c, cell) in self.cells.iter().enumerate() {
            if lv.funding == 0.0 {
                if let Some((s, d, mu)) = memo {
                    if s == cell.sector && d == cell.designated {
                        w.mu_dt[c] = mu;
                        continue;
                    }
                }
            }
            let sp = &p.sectors[cell.sector];
            let terms = cell.designated.then(|| capacity::DesignatedTerms {
                funding_elasticity: r.funding_elasticity,
                funding: if w.designated_x0 > 0.0 {
                    lv.funding * w.x0[c] / w.designated_x0
                } else {
                    0.0
                },
                funding_scale: sp.funding_scale_bn,
                visa_elasticity: r.visa_elasticity,
                visa: lv.visa,
                talent_intensity: sp.talent_intensity,
                ip_elasticity: r.ip_elasticity,
                ip: lv.ip,
            });
            w.mu_dt[c] = capacity::mu_dt(sp.growth, sp.capacity_volatility, self.dt, terms);
            memo = Some((cell.sector, cell.designated, w.mu_dt[c]));
        }
        let l0 = w.levers0;
        for (m, mp) in p.markets.iter().enumerate() {
            let h_tension = mp.tension_hazard
                * (1.0 + r.restriction_tension_boost * lv.restriction)
                * (1.0 + r.own_platform_tension_boost * lv.own_platform);
            let h_ban = mp.ban_hazard * (1.0 + r.own_platform_tension_boost * lv.own_platform);
            let (pt, pb, pr, pu) =
                regimes::probabilities(h_tension, h_ban, mp.relief_rate, mp.unban_rate, self.dt);
            let retention0 = 1.0 - mp.piracy * (1.0 - l0.ip);
            w.market_epoch.set(
                m,
                MarketEpoch {
                    p_tension: pt,
                    p_ban: pb,
                    p_relief: pr,
                    p_unban: pu,
                    potential: mp.addressable_m * lv.own_platform,
                    partner_open: lv.partnerships * mp.partner_reach * mp.addressable_m,
                    retention: (1.0 - mp.piracy * (1.0 - lv.ip))
                        * exports::inverse_or_one(retention0),
                },
            );
        }
        let dt = self.dt;
        w.consts = work::StepConsts {
            adoption: platform::Adoption::new(r, lv.marketing, dt),
            favorability: favorability::FavorabilityParams {
                exposure: r.exposure_favorability,
                tension: r.tension_favorability,
                reversion: r.favorability_reversion,
                noise_sd: r.favorability_volatility * dt.sqrt(),
                dt,
            },
            exports: exports::ExportParams::new(r),
            reach_other: (1.0 + r.marketing_reach_elasticity * lv.marketing)
                * exports::inverse_or_one(1.0 + r.marketing_reach_elasticity * l0.marketing),
            imports: imports::ImportParams::new(
                p.imports.growth,
                p.imports.volatility,
                p.imports.restriction_effect,
                dt,
            ),
        };
        w.levers = lv;
    }
}
