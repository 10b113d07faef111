//! Validated types of the cultural-export model: structure (sectors, markets, bases: fixed for
//! a run) and [`Params`] (every numeric parameter, the part a path may redraw through
//! [`ParamRef`] slots).

pub use super::params::{Imports, IndexWeights, MarketParams, Response, SectorParams};

/// Goods or services: decides which trade aggregate a sector's exports count towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectorKind {
    /// Cultural goods (arts and crafts, books, creative goods).
    Goods,
    /// Cultural and entertainment services (film, TV, games, performance).
    Services,
}

/// Structure of one `[[sector]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sector {
    /// Sector name (not `goods`, `services` or `total`).
    pub name: String,
    /// Goods or services.
    pub kind: SectorKind,
    /// Digital sectors gain reach from audiences and lose access under bans.
    pub digital: bool,
}

/// A market's political regime towards the exporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Regime {
    /// Normal access.
    Open = 0,
    /// Frictions: export penalty, slower adoption, weaker partners.
    Tension = 1,
    /// Own platform banned; digital access further reduced.
    Ban = 2,
}

impl Regime {
    /// Every regime, in code order.
    pub const ALL: [Regime; 3] = [Regime::Open, Regime::Tension, Regime::Ban];

    /// 0, 1 or 2 (open, tension, ban): an index into per-regime tables.
    #[inline(always)]
    pub fn code(self) -> usize {
        self as usize
    }

    /// The regime of code `c` (2 and above: ban).
    #[inline(always)]
    pub fn from_code(c: u8) -> Regime {
        match c {
            0 => Regime::Open,
            1 => Regime::Tension,
            _ => Regime::Ban,
        }
    }
}

/// Structure of one `[[market]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    /// Market name.
    pub name: String,
    /// Regime at step 0.
    pub initial_regime: Regime,
}

/// Structure of one `[[base]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    /// Base name.
    pub name: String,
    /// Designated bases receive funding, visa easing and the IP drift term.
    pub designated: bool,
    /// The entry stands for this many identical bases with independent shocks (≥ 1).
    pub count: u32,
    /// Sector indices listed in `exports_bn`, in the order of `[[sector]]`;
    /// `Params::base_exports[b][i]` is the baseline export of sector `sectors[i]`.
    pub sectors: Vec<usize>,
}

/// A lever schedule: value in effect from each year on; the first entry also applies before its year.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// `(year, value)` pairs sorted by year, at least one.
    pub entries: Vec<(f64, f64)>,
}

impl Schedule {
    /// A constant schedule.
    pub fn constant(value: f64) -> Self {
        Schedule {
            entries: vec![(f64::NEG_INFINITY, value)],
        }
    }

    /// Value in effect at calendar time `t`: the entry with the latest year not after `t`,
    /// or the first entry when `t` is before all of them.
    pub fn at(&self, t: f64) -> f64 {
        let mut v = self.entries[0].1;
        for &(y, x) in &self.entries {
            if y <= t {
                v = x;
            } else {
                break;
            }
        }
        v
    }

    /// True when the schedule has a single value.
    pub fn is_constant(&self) -> bool {
        self.entries.len() == 1
    }

    /// Index of the entry in effect at calendar time `t` (see [`Schedule::at`]).
    pub fn index_at(&self, t: f64) -> usize {
        self.entries.iter().rposition(|&(y, _)| y <= t).unwrap_or(0)
    }
}

/// `[levers]`: policy instruments, each a schedule, indexed by [`LeverKind`] (declared in
/// [`super::params::LEVERS`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Levers(pub [Schedule; 7]);

impl Levers {
    /// The schedule of one lever.
    pub fn get(&self, kind: LeverKind) -> &Schedule {
        &self.0[kind as usize]
    }

    /// The schedule of one lever, mutably.
    pub fn get_mut(&mut self, kind: LeverKind) -> &mut Schedule {
        &mut self.0[kind as usize]
    }
}

/// Which lever a [`ParamRef::Lever`] names (the index into [`super::params::LEVERS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeverKind {
    /// `funding_bn_per_year`.
    Funding,
    /// `visa_easing`.
    Visa,
    /// `ip_protection`.
    Ip,
    /// `platform_partnerships`.
    Partnerships,
    /// `marketing_network`.
    Marketing,
    /// `own_platform`.
    OwnPlatform,
    /// `import_restriction`.
    ImportRestriction,
}

/// Every numeric parameter of the model: what a path may redraw.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Per sector, aligned with `Scenario::sectors`.
    pub sectors: Vec<SectorParams>,
    /// Per market, aligned with `Scenario::markets`.
    pub markets: Vec<MarketParams>,
    /// Per base, baseline exports X0 aligned with `Base::sectors`.
    pub base_exports: Vec<Vec<f64>>,
    /// Lever schedules.
    pub levers: Levers,
    /// Behavioural coefficients.
    pub response: Response,
    /// Imports.
    pub imports: Imports,
    /// Index weights.
    pub index: IndexWeights,
}

/// A resolved `[uncertainty]` key: which numeric slot of [`Params`] a draw overwrites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamRef {
    /// `response.<field>`: index into the field order of [`Response`].
    Response(usize),
    /// `imports.<field>`: index into the field order of [`Imports`].
    Imports(usize),
    /// `index.<field>`: index into the field order of [`IndexWeights`].
    Index(usize),
    /// `levers.<lever>` (constant lever, `entry = 0`) or `levers.<lever>.<year>` (one entry).
    Lever {
        /// Which lever.
        lever: LeverKind,
        /// Index into `Schedule::entries`.
        entry: usize,
    },
    /// `sector.<name>.<field>`: sector index, field index in [`SectorParams`] order.
    Sector(usize, usize),
    /// `market.<name>.<field>`: market index, field index in [`MarketParams`] order.
    Market(usize, usize),
    /// `base.<name>.exports_bn.<sector>`: base index, index into `Base::sectors`.
    BaseExport(usize, usize),
}
