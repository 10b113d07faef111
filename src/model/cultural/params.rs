//! Every numeric parameter of the cultural-export model, declared once: key, valid range, unit
//! and doc of each field of `[response]`, `[imports]`, `[index]`, `[[sector]]`, `[[market]]` and
//! `[levers]`. The validator, the dotted `[uncertainty]` paths, the valid ranges and the model
//! info are generated from these tables.
//!
//! Every range is finite: docs/model.md ("Bounds") derives from the equations why these ranges,
//! with the growth budget of [`super::bounds`], keep every outcome finite over the longest
//! horizon. The named ranges below are the ones several parameters share.

use super::types::{LeverKind, ParamRef, Params};
use crate::input::{Key, Kind, Range};
use crate::param_table;

/// [0.001, 1]: favorability (the model divides by it).
pub const FAVORABILITY: Range = Range::closed(0.001, 1.0);
/// [-1, 1] per year: a rate that compounds over the horizon (growth, demand growth) or an
/// elasticity of the capacity drift.
pub const RATE: Range = Range::closed(-1.0, 1.0);
/// [0, 100]: a rate per year whose size only saturates a probability or a share (Bass
/// coefficients, churn, favorability drifts) or a relative boost or reach elasticity.
pub const COEFFICIENT: Range = Range::closed(0.0, 100.0);
/// [0, 1000] per year: a regime hazard (1 - exp(-h dt) saturates long before).
pub const HAZARD: Range = Range::closed(0.0, 1000.0);
/// [0, 2] per sqrt(year): the volatility of a log level that accumulates (capacity, imports)
/// or of the per-step hit factor.
pub const VOLATILITY: Range = Range::closed(0.0, 2.0);
/// [0, 10] per sqrt(year): the volatility of a quantity that is capped (adoption) or clipped
/// (favorability).
pub const CAPPED_VOLATILITY: Range = Range::closed(0.0, 10.0);
/// [0, 10 000] bn USD per year: exports, imports and funding (ten trillion USD per year).
pub const MONEY: Range = Range::closed(0.0, 1e4);
/// (0, 10 000] bn USD per year: a level that must be positive.
pub const POSITIVE_MONEY: Range = Range::left_open(0.0, 1e4);
/// [0, 10 000] millions: people (ten billion).
pub const PEOPLE: Range = Range::closed(0.0, 1e4);
/// (0, 10 000] millions: people, positive (the model divides by it).
pub const POSITIVE_PEOPLE: Range = Range::left_open(0.0, 1e4);
/// [0, 10^6]: an index weight.
pub const WEIGHT: Range = Range::closed(0.0, 1e6);
/// (0, 10^6]: a half-saturation point of the index.
pub const HALF_POINT: Range = Range::left_open(0.0, 1e6);

param_table! {
    /// `[response]`: behavioural coefficients (symbols as in docs/model.md).
    pub struct Response {
        /// β_F: elasticity of capacity growth to funding per unit of funding scale.
        funding_elasticity: RATE, "per year", true;
        /// β_v: elasticity of capacity growth to visa easing, times talent intensity.
        visa_elasticity: RATE, "per year", true;
        /// β_ι: drift gain of designated bases from IP protection.
        ip_elasticity: RATE, "per year", true;
        /// p: Bass innovation coefficient of own-platform adoption.
        bass_p: Range::left_open(0.0, 100.0), "per year", true;
        /// q: Bass imitation coefficient of own-platform adoption.
        bass_q: COEFFICIENT, "per year", true;
        /// κ_μ: boost of the innovation coefficient by the marketing network.
        marketing_p_boost: COEFFICIENT, "", true;
        /// σ_A: volatility of adoption.
        adoption_volatility: CAPPED_VOLATILITY, "per sqrt(year)", true;
        /// c: churn of own-platform subscribers.
        churn: COEFFICIENT, "per year", true;
        /// λ_D: reach elasticity of digital sectors to audience share.
        digital_reach_elasticity: COEFFICIENT, "", true;
        /// λ_μ: reach elasticity of other sectors to the marketing network.
        marketing_reach_elasticity: COEFFICIENT, "", true;
        /// Export penalty in a market in tension.
        tension_export_penalty: Range::UNIT, "share", true;
        /// Extra digital-access penalty in a market with a ban.
        ban_digital_penalty: Range::UNIT, "share", true;
        /// Adoption penalty in a market in tension.
        tension_adoption_penalty: Range::UNIT, "share", true;
        /// Partner-reach penalty in a market not open.
        tension_partner_penalty: Range::UNIT, "share", true;
        /// Boost of the tension hazard by import restriction.
        restriction_tension_boost: COEFFICIENT, "", true;
        /// Boost of the tension and ban hazards by the own-platform push.
        own_platform_tension_boost: COEFFICIENT, "", true;
        /// Pull of favorability towards exposure (audience share).
        exposure_favorability: COEFFICIENT, "per year", true;
        /// Loss of favorability in a market not open.
        tension_favorability: COEFFICIENT, "per year", true;
        /// Reversion of favorability to its initial value.
        favorability_reversion: COEFFICIENT, "per year", true;
        /// Volatility of favorability.
        favorability_volatility: CAPPED_VOLATILITY, "per sqrt(year)", true;
        /// Elasticity of exports to favorability.
        favorability_elasticity: Range::closed(0.0, 2.0), "", true;
    }
}

param_table! {
    /// `[imports]`: cultural imports.
    pub struct Imports {
        /// Cultural goods imports at the start.
        goods_bn: POSITIVE_MONEY, "bn USD per year", true;
        /// Cultural services imports at the start.
        services_bn: POSITIVE_MONEY, "bn USD per year", true;
        /// Growth of imports.
        growth: RATE, "per year", true;
        /// Volatility of imports.
        volatility: VOLATILITY, "per sqrt(year)", true;
        /// Share of services imports removed by full import restriction.
        restriction_effect: COEFFICIENT, "", true;
    }
}

param_table! {
    /// `[index]`: soft-power index weights and half-saturation points.
    pub struct IndexWeights {
        /// Weight of exports in the index.
        exports_weight: WEIGHT, "", true;
        /// Weight of the overseas audience in the index.
        audience_weight: WEIGHT, "", true;
        /// Weight of favorability in the index.
        favorability_weight: WEIGHT, "", true;
        /// Exports at which their index term is half saturated.
        exports_half_bn: HALF_POINT, "bn USD per year", true;
        /// Audience at which its index term is half saturated.
        audience_half_m: HALF_POINT, "millions", true;
    }
}

param_table! {
    /// Numeric parameters of one `[[sector]]`.
    pub struct SectorParams {
        /// g_s: capacity growth.
        growth: RATE, "per year", true;
        /// σ_s: capacity volatility.
        capacity_volatility: VOLATILITY, "per sqrt(year)", true;
        /// h_s: volatility of the hit factor.
        hit_volatility: VOLATILITY, "", true;
        /// τ_s: talent intensity (scales the visa effect).
        talent_intensity: Range::closed(0.0, 10.0), "", true;
        /// S_s: funding at which the funding effect saturates.
        funding_scale_bn: Range::closed(1e-6, 1e4), "bn USD per year", true;
    }
}

param_table! {
    /// Numeric parameters of one `[[market]]`.
    pub struct MarketParams {
        /// w_m: share of exports sold in this market (not drawable: the shares sum to 1).
        export_share: Range::UNIT, "share", false;
        /// N_m: people reachable.
        addressable_m: POSITIVE_PEOPLE, "millions", true;
        /// d_m: growth of demand.
        demand_growth: RATE, "per year", true;
        /// ℓ_m: piracy rate.
        piracy: Range::UNIT, "share", true;
        /// r_m: reach of partner platforms.
        partner_reach: Range::UNIT, "share", true;
        /// f0_m: favorability at the start.
        favorability: FAVORABILITY, "share", true;
        /// Hazard of open → tension.
        tension_hazard: HAZARD, "per year", true;
        /// Rate of tension → open.
        relief_rate: HAZARD, "per year", true;
        /// Hazard of tension → ban.
        ban_hazard: HAZARD, "per year", true;
        /// Rate of ban → tension.
        unban_rate: HAZARD, "per year", true;
        /// Own-platform subscribers at the start.
        own_subscribers_m: PEOPLE, "millions", true;
    }
}

/// One declared lever: its key, range, unit and doc.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeverDecl {
    /// Which lever.
    pub kind: LeverKind,
    /// The `[levers]` key.
    pub name: &'static str,
    /// Values allowed.
    pub range: Range,
    /// Unit.
    pub unit: &'static str,
    /// One-line doc.
    pub doc: &'static str,
}

/// Every lever, in `[levers]` order (the order of [`LeverKind`]).
pub const LEVERS: [LeverDecl; 7] = [
    LeverDecl {
        kind: LeverKind::Funding,
        name: "funding_bn_per_year",
        range: MONEY,
        unit: "bn USD per year",
        doc: "F: funding for designated bases",
    },
    LeverDecl {
        kind: LeverKind::Visa,
        name: "visa_easing",
        range: Range::UNIT,
        unit: "share",
        doc: "v: visa easing for foreign employees",
    },
    LeverDecl {
        kind: LeverKind::Ip,
        name: "ip_protection",
        range: Range::UNIT,
        unit: "share",
        doc: "ι: intellectual-property protection",
    },
    LeverDecl {
        kind: LeverKind::Partnerships,
        name: "platform_partnerships",
        range: Range::UNIT,
        unit: "share",
        doc: "π: cooperation with overseas platforms",
    },
    LeverDecl {
        kind: LeverKind::Marketing,
        name: "marketing_network",
        range: Range::UNIT,
        unit: "share",
        doc: "μ: international marketing network",
    },
    LeverDecl {
        kind: LeverKind::OwnPlatform,
        name: "own_platform",
        range: Range::UNIT,
        unit: "share",
        doc: "ω: own global platform push",
    },
    LeverDecl {
        kind: LeverKind::ImportRestriction,
        name: "import_restriction",
        range: Range::UNIT,
        unit: "share",
        doc: "ρ: restriction of foreign content at home",
    },
];

/// The `[levers]` keys as declared keys, in [`LEVERS`] order: each a number or a schedule by
/// year in the lever's range.
pub const LEVER_KEYS: [Key; 7] = lever_keys();

const fn lever_keys() -> [Key; 7] {
    let mut out = [Key::new("", Kind::Bool, ""); 7];
    let mut i = 0;
    while i < LEVERS.len() {
        let l = LEVERS[i];
        out[i] = Key::new(l.name, Kind::Schedule(l.range), l.doc)
            .unit(l.unit)
            .required();
        i += 1;
    }
    out
}

/// `[levers]` keys, in [`LEVERS`] order.
pub fn lever_names() -> impl Iterator<Item = &'static str> + Clone {
    LEVERS.iter().map(|l| l.name)
}

impl LeverKind {
    /// The declaration of this lever.
    pub fn decl(self) -> &'static LeverDecl {
        &LEVERS[self as usize]
    }

    /// The `[levers]` key.
    pub fn name(self) -> &'static str {
        self.decl().name
    }

    /// The lever named by a `[levers]` key.
    pub fn from_name(name: &str) -> Option<LeverKind> {
        LEVERS.iter().find(|l| l.name == name).map(|l| l.kind)
    }
}

/// Range of base exports (`[[base]] exports_bn`).
pub const BASE_EXPORTS: Range = MONEY;

/// The valid range of a parameter slot, read from its declaration.
pub fn range_of(r: ParamRef) -> Range {
    match r {
        ParamRef::Response(i) => Response::FIELDS[i].range,
        ParamRef::Imports(i) => Imports::FIELDS[i].range,
        ParamRef::Index(i) => IndexWeights::FIELDS[i].range,
        ParamRef::Sector(_, f) => SectorParams::FIELDS[f].range,
        ParamRef::Market(_, f) => MarketParams::FIELDS[f].range,
        ParamRef::BaseExport(..) => BASE_EXPORTS,
        ParamRef::Lever { lever, .. } => lever.decl().range,
    }
}

impl Params {
    /// The value of one slot. Panics on a reference that does not fit these parameters
    /// (validated references always fit).
    pub fn slot(&self, r: ParamRef) -> f64 {
        match r {
            ParamRef::Response(i) => self.response.field(i),
            ParamRef::Imports(i) => self.imports.field(i),
            ParamRef::Index(i) => self.index.field(i),
            ParamRef::Lever { lever, entry } => self.levers.get(lever).entries[entry].1,
            ParamRef::Sector(s, f) => self.sectors[s].field(f),
            ParamRef::Market(m, f) => self.markets[m].field(f),
            ParamRef::BaseExport(b, i) => self.base_exports[b][i],
        }
    }

    /// The slot a draw overwrites. Panics on a reference that does not fit these parameters
    /// (validated references always fit).
    pub fn slot_mut(&mut self, r: ParamRef) -> &mut f64 {
        match r {
            ParamRef::Response(i) => self.response.field_mut(i),
            ParamRef::Imports(i) => self.imports.field_mut(i),
            ParamRef::Index(i) => self.index.field_mut(i),
            ParamRef::Lever { lever, entry } => &mut self.levers.get_mut(lever).entries[entry].1,
            ParamRef::Sector(s, f) => self.sectors[s].field_mut(f),
            ParamRef::Market(m, f) => self.markets[m].field_mut(f),
            ParamRef::BaseExport(b, i) => &mut self.base_exports[b][i],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_name_the_struct_fields() {
        let mut r = Response::default();
        let i = Response::FIELDS
            .iter()
            .position(|f| f.name == "bass_q")
            .unwrap();
        *r.field_mut(i) = 0.5;
        assert_eq!(r.bass_q, 0.5);
        let m = MarketParams::FIELDS
            .iter()
            .position(|f| f.name == "piracy")
            .unwrap();
        let mut mp = MarketParams::default();
        *mp.field_mut(m) = 0.7;
        assert_eq!(mp.piracy, 0.7);
        assert_eq!(MarketParams::FIELDS[5].range, FAVORABILITY);
        assert_eq!(LeverKind::Visa.name(), "visa_easing");
        assert_eq!(
            LeverKind::from_name("own_platform"),
            Some(LeverKind::OwnPlatform)
        );
        for (i, l) in LEVERS.iter().enumerate() {
            assert_eq!(l.kind as usize, i);
        }
    }
}
