//! The model against docs/model.md: calibration at k = 0, the deterministic mode against an
//! independent implementation of the equations, and the Bass closed form.

use crate::common;
use softpower::model::cultural::{CulturalSpec, LeverKind, Regime, SectorKind};
use softpower::scenario::Scenario;

#[test]
fn calibration_at_step_zero() {
    let s = common::load("baseline.toml");
    let outcome = |name| common::outcome(&s, name);
    for path in 0..20 {
        let t = common::trace(&s, s.seed(), path);
        let k0 = &t.outcomes[0];
        for (name, want) in [
            ("exports_goods_bn", 100.0),
            ("exports_services_bn", 1.2),
            ("imports_goods_bn", 11.6),
            ("imports_services_bn", 4.0),
            ("own_platform_subscribers_m", 5.0),
            ("exports_total_bn", 101.2),
            ("services_balance_bn", 1.2 - 4.0),
            ("funding_cumulative_bn", 0.0),
            ("markets_in_tension", 1.0),
            ("markets_banned", 0.0),
        ] {
            let got = k0[outcome(name)];
            assert!(
                (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{name}: {got} != {want}"
            );
        }
    }
}

/// Lever values in effect during step k (k >= 1; k = 0 uses step 1's).
fn levers(s: &CulturalSpec, k: usize) -> [f64; 7] {
    let g = s.grid();
    let t = g.start_year as f64 + (k.max(1) - 1) as f64 * g.dt();
    let l = &s.params().levers;
    [
        l.get(LeverKind::Funding).at(t),
        l.get(LeverKind::Visa).at(t),
        l.get(LeverKind::Ip).at(t),
        l.get(LeverKind::Partnerships).at(t),
        l.get(LeverKind::Marketing).at(t),
        l.get(LeverKind::OwnPlatform).at(t),
        l.get(LeverKind::ImportRestriction).at(t),
    ]
}

/// docs/model.md written out once more, independently of the engine, for a noise-free scenario.
/// Identical copies of a base are one entry times `count` (no shocks tell them apart).
fn reference(sc: &Scenario) -> Vec<Vec<f64>> {
    let s = common::spec(sc);
    let p = s.params();
    let r = &p.response;
    let dt = s.grid().dt();
    let (nm, ns) = (s.markets().len(), s.sectors().len());
    let l0 = levers(s, 1);
    let designated_sum = common::designated_exports(s);
    let regime: Vec<Regime> = s.markets().iter().map(|m| m.initial_regime).collect();
    let open: Vec<bool> = regime.iter().map(|&x| x == Regime::Open).collect();
    let partner = |lv: &[f64; 7], m: usize| {
        let mp = &p.markets[m];
        let x = lv[3] * mp.partner_reach * mp.addressable_m;
        if open[m] {
            x
        } else {
            x * (1.0 - r.tension_partner_penalty)
        }
    };
    let access = |digital: bool, g: Regime| match (g, digital) {
        (Regime::Open, _) => 1.0,
        (Regime::Tension, _) | (Regime::Ban, false) => 1.0 - r.tension_export_penalty,
        (Regime::Ban, true) => (1.0 - r.tension_export_penalty) * (1.0 - r.ban_digital_penalty),
    };
    let aud0: Vec<f64> = (0..nm)
        .map(|m| (p.markets[m].own_subscribers_m + partner(&l0, m)).min(p.markets[m].addressable_m))
        .collect();
    let mut q: Vec<Vec<f64>> = p.base_exports.iter().map(|e| vec![0.0; e.len()]).collect();
    let mut subs: Vec<f64> = p.markets.iter().map(|m| m.own_subscribers_m).collect();
    let mut aud = aud0.clone();
    let mut fav: Vec<f64> = p.markets.iter().map(|m| m.favorability).collect();
    let (mut ig, mut is) = (p.imports.goods_bn, p.imports.services_bn);
    let mut funding = 0.0;
    let mut rows = Vec::new();
    for k in 0..=sc.steps() {
        let lv = levers(s, k);
        if k > 0 {
            for (b, base) in s.bases().iter().enumerate() {
                for (j, &sec) in base.sectors.iter().enumerate() {
                    let sp = &p.sectors[sec];
                    let mut drift = sp.growth;
                    if base.designated {
                        let f = lv[0] * p.base_exports[b][j] / designated_sum;
                        drift += r.funding_elasticity * (1.0 + f / sp.funding_scale_bn).ln()
                            + r.visa_elasticity * lv[1] * sp.talent_intensity
                            + r.ip_elasticity * lv[2];
                    }
                    q[b][j] += drift * dt;
                }
            }
            for m in 0..nm {
                let mp = &p.markets[m];
                let pot = mp.addressable_m * lv[5];
                if regime[m] == Regime::Ban {
                    subs[m] = 0.0;
                } else {
                    let mut a = (subs[m] * (-r.churn * dt).exp()).min(pot);
                    let f = if regime[m] == Regime::Tension {
                        1.0 - r.tension_adoption_penalty
                    } else {
                        1.0
                    };
                    let (bp, bq) = (
                        r.bass_p * (1.0 + r.marketing_p_boost * lv[4]) * f,
                        r.bass_q * f,
                    );
                    if a < pot {
                        a = (a + (pot - a) * (1.0 - (-(bp + bq * a / pot) * dt).exp())).min(pot);
                    }
                    subs[m] = a;
                }
                aud[m] = (subs[m] + partner(&lv, m)).min(mp.addressable_m);
                fav[m] = (fav[m]
                    + (r.exposure_favorability * (aud[m] - aud0[m]) / mp.addressable_m
                        - r.favorability_reversion * (fav[m] - mp.favorability))
                        * dt)
                    .clamp(0.001, 1.0);
            }
            ig *= (p.imports.growth * dt).exp();
            is *= (p.imports.growth * dt).exp();
            funding += lv[0] * dt;
        }
        let t = k as f64 * dt;
        let mut g = [0.0f64; 2];
        for (di, digital) in [false, true].into_iter().enumerate() {
            for m in 0..nm {
                let mp = &p.markets[m];
                let reach = if digital {
                    (1.0 + r.digital_reach_elasticity * aud[m] / mp.addressable_m)
                        / (1.0 + r.digital_reach_elasticity * aud0[m] / mp.addressable_m)
                } else {
                    (1.0 + r.marketing_reach_elasticity * lv[4])
                        / (1.0 + r.marketing_reach_elasticity * l0[4])
                };
                let acc = access(digital, regime[m]) / access(digital, regime[m]);
                let ret = (1.0 - mp.piracy * (1.0 - lv[2])) / (1.0 - mp.piracy * (1.0 - l0[2]));
                let favour = (fav[m] / mp.favorability).powf(r.favorability_elasticity);
                g[di] +=
                    mp.export_share * reach * acc * ret * (mp.demand_growth * t).exp() * favour;
            }
        }
        let mut sector = vec![0.0; ns];
        for (b, base) in s.bases().iter().enumerate() {
            for (j, &sec) in base.sectors.iter().enumerate() {
                sector[sec] += base.count as f64 * p.base_exports[b][j] * q[b][j].exp();
            }
        }
        for (sec, x) in sector.iter_mut().enumerate() {
            *x *= g[s.sectors()[sec].digital as usize];
        }
        let goods: f64 = (0..ns)
            .filter(|&i| s.sectors()[i].kind == SectorKind::Goods)
            .map(|i| sector[i])
            .sum();
        let services: f64 = (0..ns)
            .filter(|&i| s.sectors()[i].kind == SectorKind::Services)
            .map(|i| sector[i])
            .sum();
        let is_rep = is * (1.0 - p.imports.restriction_effect * lv[6])
            / (1.0 - p.imports.restriction_effect * l0[6]);
        let (sum_a, sum_aud): (f64, f64) = (subs.iter().sum(), aud.iter().sum());
        let fv: f64 = (0..nm).map(|m| p.markets[m].export_share * fav[m]).sum();
        let ix = &p.index;
        let total = goods + services;
        let index = 100.0
            * (ix.exports_weight * total / (total + ix.exports_half_bn)
                + ix.audience_weight * sum_aud / (sum_aud + ix.audience_half_m)
                + ix.favorability_weight * fv)
            / (ix.exports_weight + ix.audience_weight + ix.favorability_weight);
        let mut row = vec![goods, services, total];
        row.extend(&sector);
        let tension = regime.iter().filter(|&&x| x == Regime::Tension).count() as f64;
        let banned = regime.iter().filter(|&&x| x == Regime::Ban).count() as f64;
        row.extend([
            ig,
            is_rep,
            services - is_rep,
            sum_a,
            sum_aud,
            fv,
            tension,
            banned,
            funding,
            index,
        ]);
        rows.push(row);
    }
    rows
}

fn assert_close_rows(got: &[Vec<f64>], want: &[Vec<f64>], names: &[String], tol: f64) {
    assert_eq!(got.len(), want.len());
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        for (i, (a, b)) in g.iter().zip(w).enumerate() {
            assert!(
                (a - b).abs() <= tol * b.abs().max(1.0),
                "step {k} {}: engine {a} vs equations {b}",
                names[i]
            );
        }
    }
}

#[test]
fn deterministic_mode_follows_the_equations() {
    for file in ["baseline.toml", "export_push.toml"] {
        // Exercise every regime: one market banned and one in tension from the start.
        let markets: Vec<String> = common::spec(&common::load(file))
            .markets()
            .iter()
            .map(|m| m.name.clone())
            .collect();
        let s = common::deterministic(
            file,
            &[
                format!("market.{}.initial_regime=ban", markets[1]),
                format!("market.{}.initial_regime=tension", markets[2]),
            ],
        );
        let want = reference(&s);
        let first = common::trace(&s, s.seed(), 0);
        assert_close_rows(&first.outcomes, &want, &s.info().outcome_names(), 1e-11);
        for path in [1, 7, 1000] {
            assert_eq!(
                common::trace(&s, s.seed(), path).outcomes,
                first.outcomes,
                "paths must be equal"
            );
        }
    }
}

#[test]
fn bass_diffusion_matches_closed_form() {
    let mut extra = vec![
        "response.churn=0".to_string(),
        "scenario.steps_per_year=200".into(),
        "scenario.years=10".into(),
        "target=[]".into(),
    ];
    for m in common::spec(&common::load("baseline.toml")).markets() {
        extra.push(format!("market.{}.initial_regime=open", m.name));
        extra.push(format!("market.{}.own_subscribers_m=0", m.name));
    }
    let sc = common::deterministic("baseline.toml", &extra);
    let s = common::spec(&sc);
    let r = &s.params().response;
    let start = s.grid().start_year as f64;
    let omega = s.params().levers.get(LeverKind::OwnPlatform).at(start);
    let mu = s.params().levers.get(LeverKind::Marketing).at(start);
    let (p, q) = (r.bass_p * (1.0 + r.marketing_p_boost * mu), r.bass_q);
    let potential: f64 = s
        .params()
        .markets
        .iter()
        .map(|m| m.addressable_m * omega)
        .sum();
    let subs = common::outcome(&sc, "own_platform_subscribers_m");
    let tr = common::trace(&sc, 1, 0);
    for year in 1..=10 {
        let t = year as f64;
        let k = year * s.grid().steps_per_year as usize;
        let bass = (1.0 - (-(p + q) * t).exp()) / (1.0 + q / p * (-(p + q) * t).exp());
        let got = tr.outcomes[k][subs] / potential;
        assert!(
            (got / bass - 1.0).abs() < 0.01,
            "t = {t}: simulated {got} vs Bass {bass}"
        );
    }
}
