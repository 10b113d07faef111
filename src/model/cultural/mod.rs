//! The built-in `cultural-export` model (MODEL.md v1): structure, per-path preparation, and the
//! seven sub-steps in order, each mechanism in a file of its own.

pub mod capacity;
pub mod exports;
pub mod favorability;
pub mod imports;
pub mod levers;
pub mod platform;
mod prepare;
mod record;
pub mod regimes;
pub mod work;

use crate::engine::rng::{stream, stream_id};
use crate::engine::Draws;
use crate::model::{outcomes, Model};
use crate::scenario::{Dist, ParamRef, Params, Regime, Scenario, SectorKind};
use levers::{lever_time, LeverValues};
use work::{CulturalWork, MarketConst, MarketEpoch};

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
    uncertainty: Vec<(u64, ParamRef, Dist)>,
    outcome_names: Vec<String>,
    /// Cells ordered by sector, then base entry, then copy (the order of their normal draws).
    cells: Vec<Cell>,
    /// Range of `cells` belonging to each sector.
    sector_ranges: Vec<(usize, usize)>,
    sector_kinds: Vec<SectorKind>,
    sector_digital: Vec<bool>,
    initial_regimes: Vec<Regime>,
    /// Lever values of each step k = 0..=T, when no `[uncertainty]` entry draws a lever.
    lever_table: Option<Vec<LeverValues>>,
    start_year: f64,
    steps: usize,
    dt: f64,
}

impl CulturalExport {
    /// Build the model for a validated scenario (cannot fail: validation already happened).
    pub fn new(s: &Scenario) -> Self {
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
        let levers_drawn = s
            .uncertainty
            .iter()
            .any(|u| matches!(u.target, ParamRef::Lever { .. }));
        let lever_table = (!levers_drawn).then(|| {
            (0..=s.steps())
                .map(|k| {
                    LeverValues::at(&s.params.levers, lever_time(s.start_year as f64, s.dt(), k))
                })
                .collect()
        });
        CulturalExport {
            lever_table,
            params: s.params.clone(),
            uncertainty: s
                .uncertainty
                .iter()
                .map(|u| (stream_id(&u.path), u.target, u.dist))
                .collect(),
            outcome_names: outcomes::outcome_names(&s.sectors),
            cells,
            sector_ranges,
            sector_kinds: s.sectors.iter().map(|x| x.kind).collect(),
            sector_digital: s.sectors.iter().map(|x| x.digital).collect(),
            initial_regimes: s.markets.iter().map(|m| m.initial_regime).collect(),
            start_year: s.start_year as f64,
            steps: s.steps(),
            dt: s.dt(),
        }
    }

    /// The (base copy, sector) cells in draw order.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// Number of normal draws per step: capacity and hit per cell, adoption and favorability per
    /// market, goods and services imports. Uniform draws per step: one per market.
    pub fn normals_per_step(&self) -> usize {
        2 * self.cells.len() + 2 * self.initial_regimes.len() + 2
    }

    /// Normal draws per step that become log-normal factors through an `exp`: capacity × hit
    /// per cell (fused), adoption noise per market, goods and services imports.
    pub fn lognormal_shocks_per_step(&self) -> usize {
        self.cells.len() + self.initial_regimes.len() + 2
    }

    /// Number of uniform draws per step (one per market).
    pub fn uniforms_per_step(&self) -> usize {
        self.initial_regimes.len()
    }

    fn markets(&self) -> usize {
        self.initial_regimes.len()
    }
}

impl Model for CulturalExport {
    type Work = CulturalWork;

    fn outcome_names(&self) -> &[String] {
        &self.outcome_names
    }

    fn integer_valued(&self) -> Vec<bool> {
        self.outcome_names
            .iter()
            .map(|n| outcomes::INTEGER_VALUED.contains(&n.as_str()))
            .collect()
    }

    fn steps(&self) -> usize {
        self.steps
    }

    fn new_work(&self) -> CulturalWork {
        let (c, m) = (self.cells.len(), self.markets());
        CulturalWork {
            params: self.params.clone(),
            prepared: false,
            x0: vec![0.0; c],
            sdt: vec![0.0; c],
            sh: vec![0.0; c],
            hcorr: vec![0.0; c],
            mu_dt: vec![0.0; c],
            mk: vec![MarketConst::default(); m],
            me: vec![MarketEpoch::default(); m],
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
            normals: vec![0.0; self.normals_per_step()],
            scratch: vec![0.0; c],
        }
    }

    fn draw_params(&self, seed: u64, path: u64, w: &mut CulturalWork) {
        if self.uncertainty.is_empty() {
            if !w.prepared {
                self.prepare(w);
            }
            return;
        }
        w.params.clone_from(&self.params);
        for &(id, target, dist) in &self.uncertainty {
            *w.params.slot_mut(target) = dist.sample(&mut stream(seed, path, id));
        }
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
            w.aud[m] = w.mk[m].aud0;
            w.fav[m] = mp.favorability;
            w.demand[m] = 1.0;
        }
        w.imports_goods = p.imports.goods_bn;
        w.imports_services = p.imports.services_bn;
        w.imports_services_reported = p.imports.services_bn;
        w.funding_cum = 0.0;
    }

    fn step<D: Draws + ?Sized>(&self, k: usize, w: &mut CulturalWork, draws: &mut D) {
        let (nc, nm) = (self.cells.len(), self.markets());
        let lv = match &self.lever_table {
            Some(table) => table[k],
            None => LeverValues::at(&w.params.levers, lever_time(self.start_year, self.dt, k)),
        };
        if lv != w.levers {
            self.set_epoch(w, lv);
        }
        // Every random number of the step, in a fixed order that depends only on structure.
        for u in w.uniforms.iter_mut() {
            *u = draws.uniform();
        }
        draws.fill_normals(&mut w.normals);
        let (zq, rest) = w.normals.split_at(nc);
        let (zh, rest) = rest.split_at(nc);
        let (za, rest) = rest.split_at(nm);
        let (zf, zi) = rest.split_at(nm);

        // 1. Regimes.
        regimes::step(&mut w.regime, &w.uniforms, &w.me);
        // 2-3. Capacity and hits, summed per sector.
        let cells = capacity::Cells {
            q: &mut w.q,
            mu_dt: &w.mu_dt,
            sdt: &w.sdt,
            x0: &w.x0,
            sh: &w.sh,
            hcorr: &w.hcorr,
            zq,
            zh,
            scratch: &mut w.scratch,
        };
        capacity::step_cells(cells, &self.sector_ranges, &mut w.sector_exports);
        // 4. Own platform, partner reach, audience.
        let c = w.consts;
        platform::step(
            &mut w.subs,
            &mut w.aud,
            &w.regime,
            &w.mk,
            &w.me,
            &c.adoption,
            za,
        );
        // 5. Favorability.
        favorability::step(&mut w.fav, &w.aud, &w.regime, &w.mk, &c.favorability, zf);
        // 6. Exports.
        for (d, mc) in w.demand.iter_mut().zip(&w.mk) {
            *d *= mc.demand_step;
        }
        let (g_digital, g_other) = exports::market_sums(
            &w.regime,
            &w.aud,
            &w.fav,
            &w.demand,
            &w.mk,
            &w.me,
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

    fn record(&self, w: &CulturalWork, out: &mut [f64]) {
        record::record(w, &self.sector_kinds, out);
    }
}
