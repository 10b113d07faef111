//! The built-in `cultural-export` model (docs/model.md): its scenario sections and parameter
//! declarations, structure, per-path preparation, and the seven sub-steps in order, each
//! mechanism in a file of its own.

pub mod bounds;
pub mod capacity;
mod entities;
pub mod exports;
pub mod favorability;
pub mod imports;
mod joint;
pub mod levers;
pub mod outcomes;
pub mod params;
mod paths;
pub mod platform;
mod prepare;
mod record;
pub mod regimes;
mod spec;
#[cfg(test)]
mod tests;
pub mod types;
mod validate;
pub mod work;

pub use entities::{MAX_BASE_COUNT, MAX_CELLS};
pub use paths::resolve_param_path;
pub use spec::{CulturalSpec, ENTRY};
pub use types::*;

use crate::engine::{Draws, Model, Part};
use crate::model::DrawCounts;

/// Random numbers one step draws with `cells` (base copy, sector) cells and `markets` markets:
/// normals for capacity and hit per cell, adoption and favorability per market, goods and
/// services imports; of them, capacity × hit per cell (fused), adoption per market and the two
/// imports become log-normal factors through an `exp`; one uniform per market.
pub fn draw_counts(cells: usize, markets: usize) -> DrawCounts {
    DrawCounts {
        uniforms: markets,
        normals: 2 * cells + 2 * markets + 2,
        exps: cells + markets + 2,
    }
}
use levers::{lever_time, LeverValues};
use work::{CulturalWork, MarketConsts, MarketEpochs};

/// Name of the model, as written into summaries.
pub const MODEL_NAME: &str = "cultural-export";

/// One (base copy, sector) cell: the unit with its own capacity and hit shocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Index of the `[[base]]` entry.
    pub base: usize,
    /// Index into that base's `sectors` / `exports_bn` list.
    pub entry: usize,
    /// Sector index.
    pub sector: usize,
    /// Whether the base is designated.
    pub designated: bool,
}

/// The cultural-export model for one scenario: structure fixed for a run.
#[derive(Debug, Clone)]
pub struct CulturalExport {
    params: Params,
    /// The slot of each parameter index (as in the model info).
    refs: Vec<ParamRef>,
    outcomes: usize,
    /// Cells ordered by sector, then base entry, then copy (the order of their normal draws).
    cells: Vec<Cell>,
    /// Range of `cells` belonging to each sector.
    sector_ranges: Vec<(usize, usize)>,
    sector_kinds: Vec<SectorKind>,
    sector_digital: Vec<bool>,
    initial_regimes: Vec<Regime>,
    /// Lever values of each step k = 0..=T from the scenario's levers (used on paths that draw
    /// no lever).
    lever_table: Vec<LeverValues>,
    start_year: f64,
    steps: usize,
    dt: f64,
}

impl CulturalExport {
    /// Build the model for a validated configuration (cannot fail: validation already happened).
    pub fn new(s: &CulturalSpec) -> Self {
        let grid = s.grid;
        let mut cells = Vec::new();
        let mut sector_ranges = Vec::with_capacity(s.sectors.len());
        for sector in 0..s.sectors.len() {
            let start = cells.len();
            for (b, base) in s.bases.iter().enumerate() {
                if let Some(entry) = base.sectors.iter().position(|&x| x == sector) {
                    for _ in 0..base.count {
                        cells.push(Cell {
                            base: b,
                            entry,
                            sector,
                            designated: base.designated,
                        });
                    }
                }
            }
            sector_ranges.push((start, cells.len()));
        }
        let lever_table = (0..=grid.steps())
            .map(|k| {
                LeverValues::at(
                    &s.params.levers,
                    lever_time(grid.start_year as f64, grid.dt(), k),
                )
            })
            .collect();
        CulturalExport {
            lever_table,
            params: s.params.clone(),
            refs: (0..s.info_params()).map(|i| s.slot_of(i)).collect(),
            outcomes: outcomes::outcome_names(&s.sectors).len(),
            cells,
            sector_ranges,
            sector_kinds: s.sectors.iter().map(|x| x.kind).collect(),
            sector_digital: s.sectors.iter().map(|x| x.digital).collect(),
            initial_regimes: s.markets.iter().map(|m| m.initial_regime).collect(),
            start_year: grid.start_year as f64,
            steps: grid.steps(),
            dt: grid.dt(),
        }
    }

    /// The (base copy, sector) cells in draw order.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// Random numbers one step draws.
    pub fn draws_per_step(&self) -> DrawCounts {
        draw_counts(self.cells.len(), self.markets())
    }

    fn markets(&self) -> usize {
        self.initial_regimes.len()
    }
}

impl Model for CulturalExport {
    type Work = CulturalWork;

    fn outcomes(&self) -> usize {
        self.outcomes
    }

    fn steps(&self) -> usize {
        self.steps
    }

    fn new_work(&self) -> CulturalWork {
        let (c, m) = (self.cells.len(), self.markets());
        CulturalWork {
            params: self.params.clone(),
            prepared: false,
            levers_drawn: false,
            drawn: false,
            x0: vec![0.0; c],
            capacity_sd_dt: vec![0.0; c],
            hit_sd: vec![0.0; c],
            hit_log_correction: vec![0.0; c],
            mu_dt: vec![0.0; c],
            market_const: MarketConsts::new(m),
            market_epoch: MarketEpochs::new(m),
            consts: work::StepConsts::default(),
            levers: LeverValues::default(),
            levers0: LeverValues::default(),
            designated_x0: 0.0,
            inv_restriction0: 1.0,
            q: vec![0.0; c],
            sector_exports: vec![0.0; self.sector_ranges.len()],
            regime: self.initial_regimes.clone(),
            subs: vec![0.0; m],
            aud: vec![0.0; m],
            fav: vec![0.0; m],
            demand: vec![1.0; m],
            imports_goods: 0.0,
            imports_services: 0.0,
            imports_services_reported: 0.0,
            funding_cum: 0.0,
            uniforms: vec![0.0; m],
            normals: vec![0.0; self.draws_per_step().normals],
            scratch: vec![0.0; c],
        }
    }

    fn set_params(&self, drawn: &[(usize, f64)], w: &mut CulturalWork) {
        if drawn.is_empty() {
            if !w.prepared || w.drawn {
                w.params.clone_from(&self.params);
                w.levers_drawn = false;
                w.drawn = false;
                self.prepare(w);
            }
            return;
        }
        w.params.clone_from(&self.params);
        w.levers_drawn = false;
        for &(i, v) in drawn {
            let r = self.refs[i];
            w.levers_drawn |= matches!(r, ParamRef::Lever { .. });
            *w.params.slot_mut(r) = v;
        }
        w.drawn = true;
        self.prepare(w);
    }

    fn init(&self, w: &mut CulturalWork) {
        if w.levers != w.levers0 {
            let l0 = w.levers0;
            self.set_epoch(w, l0);
        }
        let p = &w.params;
        w.q.fill(0.0);
        w.regime.copy_from_slice(&self.initial_regimes);
        let share: f64 = p.markets.iter().map(|m| m.export_share).sum();
        for (s, &(a, b)) in self.sector_ranges.iter().enumerate() {
            w.sector_exports[s] = w.x0[a..b].iter().sum::<f64>() * share;
        }
        for (m, mp) in p.markets.iter().enumerate() {
            w.subs[m] = mp.own_subscribers_m;
            w.aud[m] = w.market_const.aud0[m];
            w.fav[m] = mp.favorability;
            w.demand[m] = 1.0;
        }
        w.imports_goods = p.imports.goods_bn;
        w.imports_services = p.imports.services_bn;
        w.imports_services_reported = p.imports.services_bn;
        w.funding_cum = 0.0;
    }

    fn step<D: Draws + ?Sized>(&self, k: usize, w: &mut CulturalWork, draws: &mut D) {
        #[cfg(target_arch = "x86_64")]
        if crate::engine::simd::level() >= crate::engine::simd::Level::Avx2Fma {
            // SAFETY: `level()` returns `Avx2Fma` or better only when the CPU reports AVX2 and
            // FMA at run time (`is_x86_feature_detected!`), the features `step_avx2` is built for.
            return unsafe { self.step_avx2(k, w, draws) };
        }
        self.step_body(k, w, draws)
    }

    fn record(&self, w: &CulturalWork, out: &mut [f64]) {
        record::record(w, &self.sector_kinds, out);
    }
}

impl CulturalExport {
    /// [`Model::step`] compiled for AVX2 and FMA: the same IEEE operations (Rust never fuses
    /// or reorders them on its own), so the same bits, with the market loops 4 lanes wide.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn step_avx2<D: Draws + ?Sized>(&self, k: usize, w: &mut CulturalWork, draws: &mut D) {
        self.step_body(k, w, draws)
    }

    /// The one body of every build of [`Model::step`].
    #[inline(always)]
    fn step_body<D: Draws + ?Sized>(&self, k: usize, w: &mut CulturalWork, draws: &mut D) {
        let (nc, nm) = (self.cells.len(), self.markets());
        let lv = if w.levers_drawn {
            LeverValues::at(&w.params.levers, lever_time(self.start_year, self.dt, k))
        } else {
            self.lever_table[k]
        };
        if lv != w.levers {
            self.set_epoch(w, lv);
        }
        // Every random number of the step, in a fixed order that depends only on structure.
        draws.enter(Part::Sampler);
        for u in w.uniforms.iter_mut() {
            *u = draws.uniform();
        }
        draws.fill_normals(&mut w.normals);
        let (zq, rest) = w.normals.split_at(nc);
        let (zh, rest) = rest.split_at(nc);
        let (za, rest) = rest.split_at(nm);
        let (zf, zi) = rest.split_at(nm);

        // 1. Regimes.
        draws.enter(Part::Markets);
        regimes::step(&mut w.regime, &w.uniforms, &w.market_epoch);
        // 2-3. Capacity and hits, summed per sector.
        let cells = capacity::Cells {
            q: &mut w.q,
            mu_dt: &w.mu_dt,
            capacity_sd_dt: &w.capacity_sd_dt,
            x0: &w.x0,
            hit_sd: &w.hit_sd,
            hit_log_correction: &w.hit_log_correction,
            zq,
            zh,
            scratch: &mut w.scratch,
        };
        draws.enter(Part::Cells);
        capacity::step_cells(cells, &self.sector_ranges, &mut w.sector_exports);
        draws.enter(Part::Markets);
        // 4. Own platform, partner reach, audience.
        let c = w.consts;
        platform::step(
            &mut w.subs,
            &mut w.aud,
            &w.regime,
            &w.market_const,
            &w.market_epoch,
            &c.adoption,
            za,
        );
        // 5. Favorability.
        favorability::step(
            &mut w.fav,
            &w.aud,
            &w.regime,
            &w.market_const,
            &c.favorability,
            zf,
        );
        // 6. Exports.
        for (d, g) in w.demand.iter_mut().zip(&w.market_const.demand_step) {
            *d *= g;
        }
        let (g_digital, g_other) = exports::market_sums(
            &w.regime,
            &w.aud,
            &w.fav,
            &w.demand,
            &w.market_const,
            &w.market_epoch,
            &c.exports,
            c.reach_other,
        );
        for (s, x) in w.sector_exports.iter_mut().enumerate() {
            *x *= if self.sector_digital[s] {
                g_digital
            } else {
                g_other
            };
        }
        // 7. Imports.
        let ip = c.imports;
        w.imports_goods = ip.grow(w.imports_goods, zi[0]);
        w.imports_services = ip.grow(w.imports_services, zi[1]);
        w.imports_services_reported =
            ip.reported_services(w.imports_services, lv.restriction, w.inv_restriction0);
        w.funding_cum += lv.funding * self.dt;
    }
}
