//! Conditions linking several parameters, checked over every value `[uncertainty]` can draw:
//! the import-restriction product, index weights, the initial retention and access (exports are
//! measured relative to them, so each must be at least [`MIN_INITIAL`]), positive exports, and
//! the growth budget of the rates that compound over the horizon ([`super::bounds`]).

use super::bounds::{compounding_check, MIN_INITIAL};
use super::params::Response;
use super::spec::CulturalSpec;
use super::types::*;
use crate::input::{kp, with_index, with_key, Ctx};
use crate::model::Hull;

/// Conditions linking several parameters, checked over the whole support of every draw.
pub(crate) fn joint_checks(c: &mut Ctx, s: &CulturalSpec, h: &Hull) {
    let hull = |_: &CulturalSpec, r: ParamRef| h.range(s.index_of(r));
    let at = |_: &CulturalSpec, r: ParamRef, path| h.at(s.index_of(r), path);
    let drawn = |_: &CulturalSpec, r: ParamRef| h.note(s.index_of(r));
    let lever_refs = |lever: LeverKind| {
        (0..s.params.levers.get(lever).entries.len())
            .map(move |entry| ParamRef::Lever { lever, entry })
    };
    let most = 1.0 - MIN_INITIAL;
    // Reported services imports scale by (1 - e·ρ) / (1 - e·ρ0).
    let e_ref = ParamRef::Imports(4);
    let e_hi = hull(s, e_ref).1;
    let rho_hi = lever_refs(LeverKind::ImportRestriction)
        .map(|r| hull(s, r).1)
        .fold(0.0, f64::max);
    if e_hi * rho_hi > most {
        c.issue(
            at(s, e_ref, kp(&["imports", "restriction_effect"])),
            format!("restriction_effect * import_restriction must stay below 1 (at most {most}, so that at least {MIN_INITIAL} of services imports is left), but reaches {e_hi} * {rho_hi}{}", drawn(s, e_ref)),
        );
    }
    // The soft-power index divides by the sum of its weights.
    let w_lo: f64 = (0..3).map(|i| hull(s, ParamRef::Index(i)).0).sum();
    if w_lo <= 0.0 {
        c.issue(
            kp(&["index"]),
            "the index weights must have a positive sum (on every path)",
        );
    }
    // Exports are measured relative to their k = 0 values: retention and access must start positive.
    let ip0 = ParamRef::Lever {
        lever: LeverKind::Ip,
        entry: s
            .params
            .levers
            .get(LeverKind::Ip)
            .index_at(s.grid.start_year as f64),
    };
    let ip_lo = hull(s, ip0).0;
    for (m, market) in s.markets.iter().enumerate() {
        let r = ParamRef::Market(m, 3);
        let l_hi = hull(s, r).1;
        let retention = 1.0 - l_hi * (1.0 - ip_lo);
        if retention < MIN_INITIAL {
            c.issue(
                at(s, r, with_key(&with_index(&kp(&["market"]), m), "piracy")),
                format!(
                    "piracy {l_hi} with initial ip_protection {ip_lo} leaves almost no retention at the start (1 - piracy * (1 - ip_protection) = {retention}, below {MIN_INITIAL}) in market `{}`{}",
                    market.name,
                    drawn(s, r)
                ),
            );
        }
    }
    let not_open = s.markets.iter().any(|m| m.initial_regime != Regime::Open);
    let banned = s.markets.iter().any(|m| m.initial_regime == Regime::Ban);
    let digital = s.sectors.iter().any(|x| x.digital);
    // Initial access: 1 - τ_X in tension, (1 - τ_X)(1 - τ_B) for a digital sector in ban.
    let tension_left = 1.0 - hull(s, ParamRef::Response(10)).1;
    for (i, needed, access, why) in [
        (
            10,
            not_open,
            tension_left,
            "a market starts in tension or ban",
        ),
        (
            11,
            banned && digital,
            tension_left * (1.0 - hull(s, ParamRef::Response(11)).1),
            "a market starts in ban and a sector is digital",
        ),
    ] {
        let r = ParamRef::Response(i);
        if needed && access < MIN_INITIAL {
            c.issue(
                at(s, r, kp(&["response", Response::FIELDS[i].name])),
                format!("must be below 1 because {why}: exports are measured relative to the initial access, which must be at least {MIN_INITIAL}, but is {access}{}", drawn(s, r)),
            );
        }
    }
    // Exports: something must be exported, and funding is shared in proportion to designated exports.
    let (mut total, mut designated) = (0.0, 0.0);
    for (b, base) in s.bases.iter().enumerate() {
        for i in 0..base.sectors.len() {
            let x = hull(s, ParamRef::BaseExport(b, i)).0 * base.count as f64;
            total += x;
            if base.designated {
                designated += x;
            }
        }
    }
    if total <= 0.0 {
        c.issue(
            kp(&["base"]),
            "at least one base export must be positive (on every path)",
        );
    }
    let funding_hi = lever_refs(LeverKind::Funding)
        .map(|r| hull(s, r).1)
        .fold(0.0, f64::max);
    if funding_hi > 0.0 && s.bases.iter().any(|b| b.designated) && designated <= 0.0 {
        c.issue(
            kp(&["base"]),
            "designated bases must have positive total exports (funding is shared in proportion to them)",
        );
    }
    compounding_check(c, s, h);
}
