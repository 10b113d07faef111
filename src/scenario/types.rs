//! Validated scenario types: every number checked and every name resolved, so the engine never re-checks.
//!
//! A [`Scenario`] splits into *structure* (names, kinds, regimes, counts: fixed for a run) and
//! [`Params`] (every numeric parameter `[uncertainty]` may draw per path). The engine clones
//! `Params` once per path into a reused buffer and overwrites the drawn slots through [`ParamRef`].

use std::path::PathBuf;

/// Default quantiles reported for every outcome (fractions in (0, 1)).
pub const DEFAULT_QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// A scenario that passed validation: ready to simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// `[scenario] name`.
    pub name: String,
    /// `[scenario] description` (empty when absent).
    pub description: String,
    /// File the scenario was read from (`None` for the embedded baseline or in-memory text).
    pub source_file: Option<PathBuf>,
    /// Calendar year of step 0.
    pub start_year: i32,
    /// Horizon in years (≥ 1).
    pub years: u32,
    /// Steps per year (≥ 1).
    pub steps_per_year: u32,
    /// Number of Monte Carlo paths (≥ 1).
    pub paths: u64,
    /// Master seed.
    pub seed: u64,
    /// Quantiles to report, sorted, each in (0, 1).
    pub quantiles: Vec<f64>,
    /// `[[sector]]` entries in file order.
    pub sectors: Vec<Sector>,
    /// `[[market]]` entries in file order.
    pub markets: Vec<Market>,
    /// `[[base]]` entries in file order (not count-expanded).
    pub bases: Vec<Base>,
    /// Numeric parameters (the part `[uncertainty]` may draw).
    pub params: Params,
    /// `[uncertainty]` entries, sorted by parameter path.
    pub uncertainty: Vec<Uncertain>,
    /// `[[target]]` entries in file order.
    pub targets: Vec<Target>,
    /// The merged TOML after `extends`, for reports and the JSON summary.
    pub resolved: toml::Table,
}

impl Scenario {
    /// Total number of steps `T = years * steps_per_year`.
    pub fn steps(&self) -> usize {
        self.years as usize * self.steps_per_year as usize
    }

    /// Step length in years.
    pub fn dt(&self) -> f64 {
        1.0 / self.steps_per_year as f64
    }

    /// Calendar time of step `k` (years, fractional).
    pub fn year_of_step(&self, k: usize) -> f64 {
        self.start_year as f64 + k as f64 * self.dt()
    }
}

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
}

/// `[levers]`: policy instruments, each a schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Levers {
    /// F: funding for designated bases, bn per year (≥ 0).
    pub funding_bn_per_year: Schedule,
    /// v: visa easing for foreign employees, [0, 1].
    pub visa_easing: Schedule,
    /// ι: intellectual-property protection, [0, 1].
    pub ip_protection: Schedule,
    /// π: cooperation with overseas platforms, [0, 1].
    pub platform_partnerships: Schedule,
    /// μ: international marketing network, [0, 1].
    pub marketing_network: Schedule,
    /// ω: own global platform push, [0, 1].
    pub own_platform: Schedule,
    /// ρ: restriction of foreign content at home, [0, 1].
    pub import_restriction: Schedule,
}

/// Which lever a [`ParamRef::Lever`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// `[response]`: behavioural coefficients (see MODEL.md for symbols).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[allow(missing_docs)]
pub struct Response {
    pub funding_elasticity: f64,
    pub visa_elasticity: f64,
    pub ip_elasticity: f64,
    pub bass_p: f64,
    pub bass_q: f64,
    pub marketing_p_boost: f64,
    pub adoption_volatility: f64,
    pub churn: f64,
    pub digital_reach_elasticity: f64,
    pub marketing_reach_elasticity: f64,
    pub tension_export_penalty: f64,
    pub ban_digital_penalty: f64,
    pub tension_adoption_penalty: f64,
    pub tension_partner_penalty: f64,
    pub restriction_tension_boost: f64,
    pub own_platform_tension_boost: f64,
    pub exposure_favorability: f64,
    pub tension_favorability: f64,
    pub favorability_reversion: f64,
    pub favorability_volatility: f64,
    pub favorability_elasticity: f64,
}

/// `[imports]`: cultural imports.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[allow(missing_docs)]
pub struct Imports {
    pub goods_bn: f64,
    pub services_bn: f64,
    pub growth: f64,
    pub volatility: f64,
    pub restriction_effect: f64,
}

/// `[index]`: soft-power index weights and half-saturation points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[allow(missing_docs)]
pub struct IndexWeights {
    pub exports_weight: f64,
    pub audience_weight: f64,
    pub favorability_weight: f64,
    pub exports_half_bn: f64,
    pub audience_half_m: f64,
}

/// Numeric parameters of one `[[sector]]`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[allow(missing_docs)]
pub struct SectorParams {
    pub growth: f64,
    pub capacity_volatility: f64,
    pub hit_volatility: f64,
    pub talent_intensity: f64,
    pub funding_scale_bn: f64,
}

/// Numeric parameters of one `[[market]]`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[allow(missing_docs)]
pub struct MarketParams {
    /// w_m: not drawable (shares must sum to 1).
    pub export_share: f64,
    pub addressable_m: f64,
    pub demand_growth: f64,
    pub piracy: f64,
    pub partner_reach: f64,
    pub favorability: f64,
    pub tension_hazard: f64,
    pub relief_rate: f64,
    pub ban_hazard: f64,
    pub unban_rate: f64,
    pub own_subscribers_m: f64,
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
#[derive(Debug, Clone, Copy, PartialEq)]
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

/// A distribution for one uncertain parameter (validated: parameters finite and consistent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// Always `value`.
    Fixed(f64),
    /// Uniform on [min, max).
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Normal, truncated to [min, max] by resampling.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sd: f64,
        /// Lower truncation (`-inf` when absent).
        min: f64,
        /// Upper truncation (`+inf` when absent).
        max: f64,
    },
    /// Log-normal with log-mean `mu` and log-sd `sigma`, truncated by resampling.
    LogNormal {
        /// Mean of the log.
        mu: f64,
        /// Sd of the log (> 0).
        sigma: f64,
        /// Lower truncation (0 when absent).
        min: f64,
        /// Upper truncation (`+inf` when absent).
        max: f64,
    },
    /// Triangular on [min, max] with the given mode.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Beta(alpha, beta) scaled to [min, max].
    Beta {
        /// Shape α (> 0).
        alpha: f64,
        /// Shape β (> 0).
        beta: f64,
        /// Lower end of the scaled support (default 0).
        min: f64,
        /// Upper end of the scaled support (default 1).
        max: f64,
    },
    /// PERT on [min, max] with the given mode (λ = 4).
    Pert {
        /// Lower bound.
        min: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
}

/// One `[uncertainty]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    /// The dotted path as written, e.g. `response.bass_q`.
    pub path: String,
    /// The slot it overwrites.
    pub target: ParamRef,
    /// Its distribution.
    pub dist: Dist,
}

/// Direction of a target threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Success when the outcome is strictly above the threshold.
    Above,
    /// Success when the outcome is strictly below the threshold.
    Below,
}

/// One `[[target]]`: the probability that an outcome is beyond a threshold at a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Human name.
    pub name: String,
    /// Outcome name (one of the model's outcomes).
    pub metric: String,
    /// Calendar year as written.
    pub year: f64,
    /// Step index `k = (year - start_year) * steps_per_year`, in `0..=T`.
    pub step: usize,
    /// Above or below.
    pub direction: Direction,
    /// Threshold.
    pub threshold: f64,
}
