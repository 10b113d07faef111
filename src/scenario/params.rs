//! Numeric parameter slots: field-name tables, [`Params::slot`] / [`Params::slot_mut`] and the
//! valid range of every parameter.

use super::types::*;

/// Defines the field-name table of a parameter struct and index-based access in the same order
/// (the order of the struct in `types.rs`, which [`ParamRef`] indices follow).
macro_rules! param_fields {
    ($ty:ty, $names:ident, $doc:literal, [$($f:ident),* $(,)?]) => {
        #[doc = $doc]
        pub const $names: &[&str] = &[$(stringify!($f)),*];

        impl $ty {
            /// The field at `i` in declaration order. Panics if `i` is out of range.
            pub(crate) fn field(&self, i: usize) -> f64 {
                [$(self.$f),*][i]
            }

            /// The field at `i` in declaration order. Panics if `i` is out of range.
            pub(crate) fn field_mut(&mut self, i: usize) -> &mut f64 {
                [$(&mut self.$f),*].into_iter().nth(i).expect("parameter index out of range")
            }
        }
    };
}

param_fields!(
    Response,
    RESPONSE_FIELDS,
    "`[response]` keys, in [`Response`] field order.",
    [
        funding_elasticity,
        visa_elasticity,
        ip_elasticity,
        bass_p,
        bass_q,
        marketing_p_boost,
        adoption_volatility,
        churn,
        digital_reach_elasticity,
        marketing_reach_elasticity,
        tension_export_penalty,
        ban_digital_penalty,
        tension_adoption_penalty,
        tension_partner_penalty,
        restriction_tension_boost,
        own_platform_tension_boost,
        exposure_favorability,
        tension_favorability,
        favorability_reversion,
        favorability_volatility,
        favorability_elasticity,
    ]
);
param_fields!(
    Imports,
    IMPORTS_FIELDS,
    "`[imports]` keys, in [`Imports`] field order.",
    [
        goods_bn,
        services_bn,
        growth,
        volatility,
        restriction_effect,
    ]
);
param_fields!(
    IndexWeights,
    INDEX_FIELDS,
    "`[index]` keys, in [`IndexWeights`] field order.",
    [
        exports_weight,
        audience_weight,
        favorability_weight,
        exports_half_bn,
        audience_half_m,
    ]
);
param_fields!(
    SectorParams,
    SECTOR_FIELDS,
    "Numeric `[[sector]]` keys, in [`SectorParams`] order.",
    [
        growth,
        capacity_volatility,
        hit_volatility,
        talent_intensity,
        funding_scale_bn,
    ]
);
param_fields!(
    MarketParams,
    MARKET_FIELDS,
    "Numeric `[[market]]` keys, in [`MarketParams`] order.",
    [
        export_share,
        addressable_m,
        demand_growth,
        piracy,
        partner_reach,
        favorability,
        tension_hazard,
        relief_rate,
        ban_hazard,
        unban_rate,
        own_subscribers_m,
    ]
);

/// Every lever, in `[levers]` order.
pub const LEVER_KINDS: [LeverKind; 7] = [
    LeverKind::Funding,
    LeverKind::Visa,
    LeverKind::Ip,
    LeverKind::Partnerships,
    LeverKind::Marketing,
    LeverKind::OwnPlatform,
    LeverKind::ImportRestriction,
];

/// `[levers]` keys, aligned with [`LEVER_KINDS`].
pub const LEVER_NAMES: [&str; 7] = [
    "funding_bn_per_year",
    "visa_easing",
    "ip_protection",
    "platform_partnerships",
    "marketing_network",
    "own_platform",
    "import_restriction",
];

impl LeverKind {
    /// The `[levers]` key.
    pub fn name(self) -> &'static str {
        LEVER_NAMES[self as usize]
    }

    /// The lever named by a `[levers]` key.
    pub fn from_name(name: &str) -> Option<LeverKind> {
        LEVER_NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| LEVER_KINDS[i])
    }
}

impl Levers {
    /// The schedule of one lever.
    pub fn get(&self, kind: LeverKind) -> &Schedule {
        match kind {
            LeverKind::Funding => &self.funding_bn_per_year,
            LeverKind::Visa => &self.visa_easing,
            LeverKind::Ip => &self.ip_protection,
            LeverKind::Partnerships => &self.platform_partnerships,
            LeverKind::Marketing => &self.marketing_network,
            LeverKind::OwnPlatform => &self.own_platform,
            LeverKind::ImportRestriction => &self.import_restriction,
        }
    }

    /// The schedule of one lever, mutably.
    pub fn get_mut(&mut self, kind: LeverKind) -> &mut Schedule {
        match kind {
            LeverKind::Funding => &mut self.funding_bn_per_year,
            LeverKind::Visa => &mut self.visa_easing,
            LeverKind::Ip => &mut self.ip_protection,
            LeverKind::Partnerships => &mut self.platform_partnerships,
            LeverKind::Marketing => &mut self.marketing_network,
            LeverKind::OwnPlatform => &mut self.own_platform,
            LeverKind::ImportRestriction => &mut self.import_restriction,
        }
    }
}

impl Schedule {
    /// Index of the entry in effect at calendar time `t` (see [`Schedule::at`]).
    pub fn index_at(&self, t: f64) -> usize {
        self.entries.iter().rposition(|&(y, _)| y <= t).unwrap_or(0)
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

/// The values a parameter may take (checked for the value written and for the whole support of
/// any `[uncertainty]` distribution on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValidRange {
    /// Any finite number.
    Any,
    /// ≥ 0.
    NonNeg,
    /// > 0.
    Pos,
    /// [0, 1].
    Unit,
    /// [0.001, 1] (favorability).
    Fav,
}

impl ValidRange {
    /// Closed bounds (`Pos` reports 0 as its lower end; see [`ValidRange::contains`]).
    pub(crate) fn bounds(self) -> (f64, f64) {
        match self {
            ValidRange::Any => (f64::NEG_INFINITY, f64::INFINITY),
            ValidRange::NonNeg | ValidRange::Pos => (0.0, f64::INFINITY),
            ValidRange::Unit => (0.0, 1.0),
            ValidRange::Fav => (0.001, 1.0),
        }
    }

    /// Whether a finite `x` is allowed.
    pub(crate) fn contains(self, x: f64) -> bool {
        let (lo, hi) = self.bounds();
        x.is_finite() && x >= lo && x <= hi && (self != ValidRange::Pos || x > 0.0)
    }

    /// "must be in [0, 1]" and the like.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            ValidRange::Any => "must be a finite number",
            ValidRange::NonNeg => "must be >= 0",
            ValidRange::Pos => "must be > 0",
            ValidRange::Unit => "must be in [0, 1]",
            ValidRange::Fav => "must be in [0.001, 1]",
        }
    }
}

const RESPONSE_RANGES: [ValidRange; 21] = {
    use ValidRange::*;
    [
        Any, Any, Any, Pos, NonNeg, NonNeg, NonNeg, NonNeg, NonNeg, NonNeg, Unit, Unit, Unit, Unit,
        NonNeg, NonNeg, NonNeg, NonNeg, NonNeg, NonNeg, NonNeg,
    ]
};
const IMPORTS_RANGES: [ValidRange; 5] = {
    use ValidRange::*;
    [Pos, Pos, Any, NonNeg, NonNeg]
};
const INDEX_RANGES: [ValidRange; 5] = {
    use ValidRange::*;
    [NonNeg, NonNeg, NonNeg, Pos, Pos]
};
const SECTOR_RANGES: [ValidRange; 5] = {
    use ValidRange::*;
    [Any, NonNeg, NonNeg, NonNeg, Pos]
};
const MARKET_RANGES: [ValidRange; 11] = {
    use ValidRange::*;
    [
        Unit, Pos, Any, Unit, Unit, Fav, NonNeg, NonNeg, NonNeg, NonNeg, NonNeg,
    ]
};

/// The valid range of a parameter slot (each on its own; joint conditions are checked in validation).
///
/// Elasticities of funding, visas and IP, and the growth rates (`growth`, `demand_growth`,
/// `imports.growth`) may be any finite number; every other coefficient is non-negative, and the
/// penalties, piracy, partner reach, export shares and the levers other than funding lie in [0, 1].
pub(crate) fn range_of(r: ParamRef) -> ValidRange {
    match r {
        ParamRef::Response(i) => RESPONSE_RANGES[i],
        ParamRef::Imports(i) => IMPORTS_RANGES[i],
        ParamRef::Index(i) => INDEX_RANGES[i],
        ParamRef::Sector(_, f) => SECTOR_RANGES[f],
        ParamRef::Market(_, f) => MARKET_RANGES[f],
        ParamRef::BaseExport(..) => ValidRange::NonNeg,
        ParamRef::Lever {
            lever: LeverKind::Funding,
            ..
        } => ValidRange::NonNeg,
        ParamRef::Lever { .. } => ValidRange::Unit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn debug_field_names(dbg: &str) -> Vec<String> {
        let inner = &dbg[dbg.find('{').unwrap() + 1..dbg.rfind('}').unwrap()];
        inner
            .split(',')
            .map(|p| p.split(':').next().unwrap().trim().to_string())
            .collect()
    }

    #[test]
    fn field_tables_follow_declaration_order() {
        assert_eq!(
            debug_field_names(&format!("{:?}", Response::default())),
            RESPONSE_FIELDS
        );
        assert_eq!(
            debug_field_names(&format!("{:?}", Imports::default())),
            IMPORTS_FIELDS
        );
        assert_eq!(
            debug_field_names(&format!("{:?}", IndexWeights::default())),
            INDEX_FIELDS
        );
        assert_eq!(
            debug_field_names(&format!("{:?}", SectorParams::default())),
            SECTOR_FIELDS
        );
        assert_eq!(
            debug_field_names(&format!("{:?}", MarketParams::default())),
            MARKET_FIELDS
        );
        assert_eq!(RESPONSE_RANGES.len(), RESPONSE_FIELDS.len());
        assert_eq!(MARKET_RANGES.len(), MARKET_FIELDS.len());
    }

    #[test]
    fn slots_read_and_write_the_named_fields() {
        let mut s = super::super::baseline();
        *s.params.slot_mut(ParamRef::Response(4)) = 0.5;
        assert_eq!(s.params.response.bass_q, 0.5);
        assert_eq!(s.params.slot(ParamRef::Response(4)), 0.5);
        *s.params.slot_mut(ParamRef::Market(1, 3)) = 0.7;
        assert_eq!(s.params.markets[1].piracy, 0.7);
        assert_eq!(s.params.slot(ParamRef::Market(1, 3)), 0.7);
        *s.params.slot_mut(ParamRef::Index(4)) = 9.0;
        assert_eq!(s.params.index.audience_half_m, 9.0);
        let r = ParamRef::Lever {
            lever: LeverKind::Visa,
            entry: 0,
        };
        *s.params.slot_mut(r) = 0.3;
        assert_eq!(s.params.levers.visa_easing.at(2030.0), 0.3);
        assert_eq!(s.params.slot(ParamRef::BaseExport(0, 0)), 1.0);
    }
}
