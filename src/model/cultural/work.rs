//! Per-path work area of the cultural-export model: parameters, derived constants, state, buffers.

use super::exports::ExportParams;
use super::favorability::FavorabilityParams;
use super::imports::ImportParams;
use super::levers::LeverValues;
use super::platform::Adoption;
use super::types::{Params, Regime};

/// Declares a per-market row struct and its columns struct (one `Vec<f64>` per field) from one
/// list of fields, so the two cannot drift. Preparation writes rows; the step reads columns, so
/// that its market loops load one quantity of consecutive markets at a time and run in SIMD lanes.
macro_rules! market_columns {
    (
        $(#[$rm:meta])* $row:ident,
        $(#[$cm:meta])* $cols:ident {
            $($(#[$fm:meta])* $f:ident,)*
        }
    ) => {
        $(#[$rm])*
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct $row {
            $($(#[$fm])* pub $f: f64,)*
        }

        $(#[$cm])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $cols {
            $($(#[$fm])* pub $f: Vec<f64>,)*
        }

        impl $cols {
            /// Columns for `n` markets, every value 0.
            pub fn new(n: usize) -> Self {
                $cols { $($f: vec![0.0; n],)* }
            }

            /// Columns holding `rows`, market by market.
            pub fn from_rows(rows: &[$row]) -> Self {
                let mut c = Self::new(rows.len());
                for (m, r) in rows.iter().enumerate() {
                    c.set(m, *r);
                }
                c
            }

            /// Store market `m`'s values.
            #[inline]
            pub fn set(&mut self, m: usize, r: $row) {
                $(self.$f[m] = r.$f;)*
            }

            /// Market `m`'s values.
            #[inline]
            pub fn row(&self, m: usize) -> $row {
                $row { $($f: self.$f[m],)* }
            }
        }
    };
}

market_columns! {
    /// Constants of one market for the current path (from its parameters and the initial levers).
    MarketConst,
    /// [`MarketConst`] of every market, a column per field.
    MarketConsts {
        /// N_m, millions reachable.
        addressable,
        /// w_m.
        share,
        /// 1 / (1 + λ_D Aud0/N) (0 when the base is 0: the ratio is then taken as 1).
        inv_reach0_digital,
        /// 1 / access at k = 0 for digital sectors.
        inv_access0_digital,
        /// 1 / access at k = 0 for other sectors.
        inv_access0_other,
        /// Audience at k = 0.
        aud0,
        /// 1 if the market was not open at k = 0.
        not_open0,
        /// f0_m.
        f0,
        /// 1 / f0_m.
        inv_f0,
        /// e^(d_m dt): the demand factor's growth per step.
        demand_step,
    }
}

market_columns! {
    /// Quantities of one market fixed while the levers stay constant (one lever epoch).
    MarketEpoch,
    /// [`MarketEpoch`] of every market, a column per field.
    MarketEpochs {
        /// Per-step probability open → tension.
        p_tension,
        /// Per-step probability tension → ban (scaled if pB + pR > 1).
        p_ban,
        /// Per-step probability tension → open (scaled likewise).
        p_relief,
        /// Per-step probability ban → tension.
        p_unban,
        /// Own-platform potential P_m = N_m ω.
        potential,
        /// Partner reach when open, π r_m N_m.
        partner_open,
        /// Retention ratio (1 - ℓ(1-ι)) / (1 - ℓ(1-ι0)).
        retention,
    }
}

/// Constants of one step's arithmetic for the current path and lever epoch.
#[derive(Debug, Clone, Copy, Default)]
pub struct StepConsts {
    /// Adoption (depends on marketing μ).
    pub adoption: Adoption,
    /// Favorability.
    pub favorability: FavorabilityParams,
    /// Market factors.
    pub exports: ExportParams,
    /// (1 + λ_M μ) / (1 + λ_M μ0).
    pub reach_other: f64,
    /// Imports.
    pub imports: ImportParams,
}

/// Everything one path needs; allocated once per chunk and reused for every path in it.
#[derive(Debug, Clone)]
pub struct CulturalWork {
    /// This path's parameters (the scenario's, with `[uncertainty]` draws applied).
    pub params: Params,
    /// Whether the derived constants below match `params`.
    pub prepared: bool,
    /// Whether this path draws a lever (then lever values are computed per step).
    pub levers_drawn: bool,
    /// Whether `params` holds a path's draws (else the scenario's values).
    pub drawn: bool,
    /// X0 per cell.
    pub x0: Vec<f64>,
    /// σq √dt per cell.
    pub capacity_sd_dt: Vec<f64>,
    /// σH per cell.
    pub hit_sd: Vec<f64>,
    /// -σH²/2 per cell.
    pub hit_log_correction: Vec<f64>,
    /// (drift - σq²/2) dt per cell for the current lever epoch.
    pub mu_dt: Vec<f64>,
    /// Market constants.
    pub market_const: MarketConsts,
    /// Market epoch quantities for `levers`.
    pub market_epoch: MarketEpochs,
    /// Step constants for `levers`.
    pub consts: StepConsts,
    /// Lever values the epoch quantities were computed for.
    pub levers: LeverValues,
    /// Initial lever values.
    pub levers0: LeverValues,
    /// Sum of X0 over designated cells.
    pub designated_x0: f64,
    /// 1 / (1 - e_ρ ρ0).
    pub inv_restriction0: f64,
    // --- state ---
    /// Log capacity per cell.
    pub q: Vec<f64>,
    /// Exports of each sector (annual rate, bn), after the last step.
    pub sector_exports: Vec<f64>,
    /// Regime per market.
    pub regime: Vec<Regime>,
    /// Own-platform subscribers per market (millions).
    pub subs: Vec<f64>,
    /// Audience per market (millions).
    pub aud: Vec<f64>,
    /// Favorability per market.
    pub fav: Vec<f64>,
    /// Demand factor e^(d_m t_k) per market, advanced by e^(d_m dt) each step.
    pub demand: Vec<f64>,
    /// Goods imports (bn).
    pub imports_goods: f64,
    /// Services imports before the restriction factor (bn).
    pub imports_services: f64,
    /// Services imports as reported (bn).
    pub imports_services_reported: f64,
    /// Cumulative funding (bn).
    pub funding_cum: f64,
    // --- buffers ---
    /// Uniform draws of the current step (one per market).
    pub uniforms: Vec<f64>,
    /// Normal draws of the current step: capacity per cell, hit per cell, adoption per market,
    /// favorability per market, goods and services imports.
    pub normals: Vec<f64>,
    /// Per-cell scratch space (X0 C H of the sector being summed).
    pub scratch: Vec<f64>,
}
