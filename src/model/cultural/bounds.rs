//! Why every outcome stays finite, as numbers the validator checks: the bound on the logarithm
//! of every outcome that the declared ranges give (docs/model.md, "Bounds"), and the growth
//! budget that the rates compounding over the horizon share.
//!
//! Exports are the product of factors (docs/model.md, step 6). Each factor but two is bounded by
//! the ranges alone; the two that compound over the horizon, capacity drift and demand growth,
//! are bounded together by [`rate_budget`]: `years × (max drift⁺ + max demand growth⁺)` may not
//! exceed it (checked with the other joint conditions).

use super::favorability::MIN_FAVORABILITY;
use super::params::{Imports, MarketParams, Response, SectorParams, BASE_EXPORTS, LEVERS};
use super::spec::CulturalSpec;
use super::types::*;
use crate::input::{kp, with_index, with_key, Ctx, KeyPath};
use crate::limits::{MAX_CELLS, MAX_YEARS};
use crate::model::{FieldDecl, Hull};

/// ln(1e140): the largest logarithm any outcome may reach. Its square summed over the most paths
/// (10^9) is 1e289, below f64::MAX (1.8e308), so the mean and sd stay finite too.
pub const LN_OUTCOME_CEILING: f64 = 140.0 * std::f64::consts::LN_10;

/// The largest |Z| the engine's normal sampler can return: the ziggurat's tail starts at
/// R = 3.6542 and its uniforms are at least 2^-54, so the tail's x² ≤ 2 · 54 ln 2 and
/// |Z| ≤ R + sqrt(108 ln 2) = 12.31.
pub const NORMAL_MAX: f64 = 12.31;

/// A walk of normal shocks (log capacity, log imports) stays within this many standard
/// deviations of its accumulated sd: the chance that it does not, P(|Z| > 12) = 3.6e-33, times
/// every cell (10^6), path (10^9) and step (2·10^4) of the largest run, is below 1e-13. Beyond
/// that (never seen), the engine still refuses a run whose outcomes are not finite (exit 1).
pub const SHOCK_SD: f64 = 12.0;

/// The least initial value of a factor that later values are divided by: initial access,
/// initial retention and the initial import-restriction factor (as favorability's floor,
/// [`MIN_FAVORABILITY`]), so that none of these ratios exceeds 1000.
pub const MIN_INITIAL: f64 = 1e-3;

fn max_of(fields: &[FieldDecl], name: &str) -> f64 {
    fields[field(fields, name)].range.max
}

/// The index of a declared field.
fn field(fields: &[FieldDecl], name: &str) -> usize {
    fields
        .iter()
        .position(|f| f.name == name)
        .expect("a declared field")
}

/// The most a sum of normal shocks σ·W_t adds to a log level with its Itô correction −σ²t/2:
/// σ·K·√t − σ²t/2 ≤ K²/2 for every σ and t (K = [`SHOCK_SD`]).
pub fn shock_log_bound() -> f64 {
    SHOCK_SD * SHOCK_SD / 2.0
}

/// The most the log of a hit factor σ·Z − σ²/2 reaches, for σ up to `sigma` (|Z| ≤ [`NORMAL_MAX`]).
pub fn hit_log_bound(sigma: f64) -> f64 {
    let s = sigma.min(NORMAL_MAX);
    NORMAL_MAX * s - s * s / 2.0
}

/// The terms of the bound on ln(exports) that the ranges fix, with what each is.
pub fn fixed_terms() -> Vec<(&'static str, f64)> {
    let r = Response::FIELDS;
    let reach = max_of(r, "digital_reach_elasticity").max(max_of(r, "marketing_reach_elasticity"));
    let ratio = (1.0 / MIN_INITIAL).ln();
    vec![
        (
            "baseline exports of every cell",
            (MAX_CELLS as f64 * BASE_EXPORTS.max).ln(),
        ),
        ("capacity shocks", shock_log_bound()),
        (
            "hit factor",
            hit_log_bound(max_of(SectorParams::FIELDS, "hit_volatility")),
        ),
        ("reach", (1.0 + reach).ln()),
        ("access relative to the initial access", ratio),
        ("retention relative to the initial retention", ratio),
        (
            "favour",
            max_of(r, "favorability_elasticity") * (1.0 / MIN_FAVORABILITY).ln(),
        ),
    ]
}

/// What the rates that compound over the horizon may add to ln(exports) together:
/// [`LN_OUTCOME_CEILING`] less the [`fixed_terms`] (about 172).
pub fn rate_budget() -> f64 {
    LN_OUTCOME_CEILING - fixed_terms().iter().map(|t| t.1).sum::<f64>()
}

/// The bound on ln(imports) over `years`: initial level, growth, shocks and the restriction
/// factor relative to its initial value. Within the ceiling for every valid input, whatever the
/// horizon (checked by a test), so imports need no budget of their own.
pub fn imports_log_bound(years: f64) -> f64 {
    let i = Imports::FIELDS;
    max_of(i, "goods_bn").max(max_of(i, "services_bn")).ln()
        + years * max_of(i, "growth").max(0.0)
        + shock_log_bound()
        + (1.0 / MIN_INITIAL).ln()
}

/// The largest horizon the scenario format allows, in years.
pub fn max_years() -> f64 {
    MAX_YEARS as f64
}

/// A rate per year as the message shows it: at most four decimals.
fn per_year(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// One term of a rate: its value (per year) and the parameter it comes from.
struct Term {
    value: f64,
    what: String,
    at: KeyPath,
}

/// `years × (max capacity drift⁺ + max demand growth⁺)` must stay within [`rate_budget`]; the
/// message names the rates and is reported at the largest term's parameter.
pub(crate) fn compounding_check(c: &mut Ctx, s: &CulturalSpec, h: &Hull) {
    let hi = |r: ParamRef| h.range(s.index_of(r)).1;
    let at = |r: ParamRef, path: KeyPath| h.at(s.index_of(r), path);
    let lever_hi = |kind: LeverKind| {
        (0..s.params.levers.get(kind).entries.len())
            .map(|entry| hi(ParamRef::Lever { lever: kind, entry }))
            .fold(0.0, f64::max)
    };
    let lever_at = |kind: LeverKind| kp(&["levers", LEVERS[kind as usize].name]);
    let (sf, mf, rf) = (SectorParams::FIELDS, MarketParams::FIELDS, Response::FIELDS);
    let (funding, visa, ip) = (
        lever_hi(LeverKind::Funding),
        lever_hi(LeverKind::Visa),
        lever_hi(LeverKind::Ip),
    );
    let response = |name: &str| {
        let r = ParamRef::Response(field(rf, name));
        (hi(r), at(r, kp(&["response", name])))
    };
    let (a_f, a_f_at) = response("funding_elasticity");
    let (a_v, a_v_at) = response("visa_elasticity");
    let (a_i, a_i_at) = response("ip_elasticity");
    // The worst sector: the largest drift over its cells (designated ones add the policy terms).
    let mut drift: Option<(f64, String, Vec<Term>)> = None;
    for (si, sector) in s.sectors.iter().enumerate() {
        let mut cells = s
            .bases
            .iter()
            .filter(|b| b.sectors.contains(&si))
            .peekable();
        if cells.peek().is_none() {
            continue;
        }
        let designated = cells.any(|b| b.designated);
        let sp = |name: &str| {
            let f = field(sf, name);
            let p = with_key(&with_index(&kp(&["sector"]), si), name);
            (
                hi(ParamRef::Sector(si, f)),
                at(ParamRef::Sector(si, f), p),
                f,
            )
        };
        let (g, g_at, _) = sp("growth");
        let mut terms = vec![Term {
            value: g,
            what: format!("growth {}", per_year(g)),
            at: g_at,
        }];
        if designated {
            let lo_scale = h
                .range(s.index_of(ParamRef::Sector(si, field(sf, "funding_scale_bn"))))
                .0;
            let (tau, ..) = sp("talent_intensity");
            let f_term = (a_f * (1.0 + funding / lo_scale).ln()).max(0.0);
            terms.push(Term {
                value: f_term,
                what: format!("funding {}", per_year(f_term)),
                at: if a_f > 0.0 {
                    a_f_at.clone()
                } else {
                    lever_at(LeverKind::Funding)
                },
            });
            let v_term = (a_v * visa * tau).max(0.0);
            terms.push(Term {
                value: v_term,
                what: format!("visas {}", per_year(v_term)),
                at: a_v_at.clone(),
            });
            let i_term = (a_i * ip).max(0.0);
            terms.push(Term {
                value: i_term,
                what: format!("IP {}", per_year(i_term)),
                at: a_i_at.clone(),
            });
        }
        let total: f64 = terms.iter().map(|t| t.value).sum();
        if drift.as_ref().is_none_or(|d| total > d.0) {
            drift = Some((total, sector.name.clone(), terms));
        }
    }
    let demand = (0..s.markets.len())
        .map(|m| {
            let f = field(mf, "demand_growth");
            let r = ParamRef::Market(m, f);
            let p = with_key(&with_index(&kp(&["market"]), m), "demand_growth");
            (hi(r), m, at(r, p))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let Some((drift, sector, mut terms)) = drift else {
        return;
    };
    let years = s.grid.years as f64;
    let (d, m, d_at) = demand.unwrap_or((0.0, 0, kp(&["market"])));
    let rate = drift.max(0.0) + d.max(0.0);
    let budget = rate_budget();
    if years * rate <= budget {
        return;
    }
    terms.push(Term {
        value: d,
        what: String::new(),
        at: d_at,
    });
    let largest = terms
        .iter()
        .max_by(|a, b| a.value.total_cmp(&b.value))
        .map(|t| t.at.clone())
        .unwrap_or_default();
    let parts: Vec<&str> = terms[..terms.len() - 1]
        .iter()
        .map(|t| t.what.as_str())
        .collect();
    c.issue(
        largest,
        format!(
            "the rates that compound over the {}-year horizon could multiply exports by e^{:.1} \
             (capacity drift up to {} per year in sector `{sector}`: {}; demand growth up to {} per year in market `{}`), \
             beyond e^{budget:.1}, the most that keeps every outcome below 1e140 (docs/model.md, \"Bounds\"); \
             lower these rates or shorten the horizon",
            s.grid.years,
            years * rate,
            per_year(drift),
            parts.join(", "),
            per_year(d),
            s.markets[m].name,
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_leaves_room_and_imports_fit_under_the_ceiling() {
        let b = rate_budget();
        assert!((170.0..175.0).contains(&b), "{b}: {:?}", fixed_terms());
        // 200 years of growth and demand growth together near 0.86 per year.
        assert!(b / max_years() > 0.8);
        assert!(imports_log_bound(max_years()) < LN_OUTCOME_CEILING);
        // The sampler's bound: R + sqrt(108 ln 2).
        let r = 3.654_152_885_361_009;
        assert!((r + (108.0 * std::f64::consts::LN_2).sqrt() - NORMAL_MAX).abs() < 0.005);
    }
}
