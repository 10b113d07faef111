//! The cultural-export model's validated part of a scenario ([`CulturalSpec`]): structure,
//! parameters, the list of every parameter by dotted path, and the registry entry.

use super::joint::joint_checks;
use super::params::{
    range_of, Imports, IndexWeights, MarketParams, Response, SectorParams, LEVERS,
};
use super::paths::{resolve_param_path, year_text};
use super::types::*;
use super::{outcomes, CulturalExport, MODEL_NAME};
use crate::engine::AnyModel;
use crate::input::Ctx;
use crate::model::{Hull, ModelEntry, ModelInfo, ModelSpec, ParamInfo, TimeGrid};
use std::any::Any;
use std::collections::HashMap;

/// The registry entry of the cultural-export model.
pub const ENTRY: ModelEntry = ModelEntry {
    name: MODEL_NAME,
    doc: "cultural goods and services exports from export bases under policy levers",
    dynamic: true,
    sections: super::validate::SECTIONS,
    validate: super::validate::validate,
};

/// A validated cultural-export configuration: what [`CulturalExport`] is built from.
#[derive(Debug, Clone)]
pub struct CulturalSpec {
    pub(crate) grid: TimeGrid,
    pub(crate) sectors: Vec<Sector>,
    pub(crate) markets: Vec<Market>,
    pub(crate) bases: Vec<Base>,
    pub(crate) params: Params,
    refs: Vec<ParamRef>,
    index: HashMap<ParamRef, usize>,
    info: ModelInfo,
}

impl CulturalSpec {
    pub(crate) fn new(
        grid: TimeGrid,
        sectors: Vec<Sector>,
        markets: Vec<Market>,
        bases: Vec<Base>,
        params: Params,
    ) -> Self {
        let mut refs = Vec::new();
        let mut infos = Vec::new();
        let mut add = |r: ParamRef, path: String, unit: &str, doc: &str, drawable: bool| {
            infos.push(ParamInfo {
                path,
                unit: unit.into(),
                range: range_of(r),
                doc: doc.trim().into(),
                value: params.slot(r),
                drawable,
            });
            refs.push(r);
        };
        for (section, fields, make) in [
            (
                "response",
                Response::FIELDS,
                ParamRef::Response as fn(usize) -> ParamRef,
            ),
            ("imports", Imports::FIELDS, ParamRef::Imports),
            ("index", IndexWeights::FIELDS, ParamRef::Index),
        ] {
            for (i, f) in fields.iter().enumerate() {
                add(
                    make(i),
                    format!("{section}.{}", f.name),
                    f.unit,
                    f.doc,
                    f.drawable,
                );
            }
        }
        for decl in &LEVERS {
            let sched = params.levers.get(decl.kind);
            for (entry, &(year, _)) in sched.entries.iter().enumerate() {
                let path = if year == f64::NEG_INFINITY {
                    format!("levers.{}", decl.name)
                } else {
                    format!("levers.{}.{}", decl.name, year_text(year))
                };
                add(
                    ParamRef::Lever {
                        lever: decl.kind,
                        entry,
                    },
                    path,
                    decl.unit,
                    decl.doc,
                    true,
                );
            }
        }
        for (s, sector) in sectors.iter().enumerate() {
            for (f, d) in SectorParams::FIELDS.iter().enumerate() {
                add(
                    ParamRef::Sector(s, f),
                    format!("sector.{}.{}", sector.name, d.name),
                    d.unit,
                    d.doc,
                    d.drawable,
                );
            }
        }
        for (m, market) in markets.iter().enumerate() {
            for (f, d) in MarketParams::FIELDS.iter().enumerate() {
                add(
                    ParamRef::Market(m, f),
                    format!("market.{}.{}", market.name, d.name),
                    d.unit,
                    d.doc,
                    d.drawable,
                );
            }
        }
        for (b, base) in bases.iter().enumerate() {
            for (i, &s) in base.sectors.iter().enumerate() {
                add(
                    ParamRef::BaseExport(b, i),
                    format!("base.{}.exports_bn.{}", base.name, sectors[s].name),
                    "bn USD per year",
                    "baseline exports of one base copy in one sector",
                    true,
                );
            }
        }
        let cells: usize = bases
            .iter()
            .map(|b| b.count as usize * b.sectors.len())
            .sum();
        let nm = markets.len();
        let info = ModelInfo {
            name: MODEL_NAME.into(),
            params: infos,
            outcomes: outcomes::outcome_info(&sectors),
            key_outcomes: outcomes::KEY_OUTCOMES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            headline_outcomes: outcomes::HEADLINE_OUTCOMES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            panels: outcomes::panels(),
            draws: super::draw_counts(cells, nm),
            policy_section: Some("levers".into()),
            policy_title: "Policy levers".into(),
        };
        let index = refs.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        CulturalSpec {
            grid,
            sectors,
            markets,
            bases,
            params,
            refs,
            index,
            info,
        }
    }

    /// `[[sector]]` entries in file order.
    pub fn sectors(&self) -> &[Sector] {
        &self.sectors
    }

    /// `[[market]]` entries in file order.
    pub fn markets(&self) -> &[Market] {
        &self.markets
    }

    /// `[[base]]` entries in file order (not count-expanded).
    pub fn bases(&self) -> &[Base] {
        &self.bases
    }

    /// Every numeric parameter as written (before per-path draws).
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The time grid.
    pub fn grid(&self) -> &TimeGrid {
        &self.grid
    }

    /// Number of parameters (the length of [`ModelInfo::params`]).
    pub fn info_params(&self) -> usize {
        self.refs.len()
    }

    /// The slot of parameter `i` (an index into [`ModelInfo::params`]).
    pub fn slot_of(&self, i: usize) -> ParamRef {
        self.refs[i]
    }

    /// The parameter index of a slot. Panics on a slot these parameters do not have.
    pub fn index_of(&self, r: ParamRef) -> usize {
        self.index[&r]
    }

    /// The model, built for its time grid.
    pub fn model(&self) -> CulturalExport {
        CulturalExport::new(self)
    }
}

impl ModelSpec for CulturalSpec {
    fn info(&self) -> &ModelInfo {
        &self.info
    }

    fn resolve(&self, path: &str) -> Result<usize, String> {
        resolve_param_path(self, path).map(|r| self.index_of(r))
    }

    fn joint_checks(&self, c: &mut Ctx, hull: &Hull) {
        joint_checks(c, self, hull)
    }

    fn structure(&self) -> Vec<(String, Vec<String>)> {
        let sectors: Vec<String> = self
            .sectors
            .iter()
            .map(|x| {
                format!(
                    "{} ({:?}{})",
                    x.name,
                    x.kind,
                    if x.digital { ", digital" } else { "" }
                )
            })
            .collect();
        let markets: Vec<String> = self
            .markets
            .iter()
            .map(|m| format!("{} (starts {:?})", m.name, m.initial_regime))
            .collect();
        let bases: Vec<String> = self
            .bases
            .iter()
            .map(|x| {
                let secs: Vec<&str> = x
                    .sectors
                    .iter()
                    .map(|&i| self.sectors[i].name.as_str())
                    .collect();
                format!(
                    "{} (count {}, {}: {})",
                    x.name,
                    x.count,
                    if x.designated {
                        "designated"
                    } else {
                        "not designated"
                    },
                    secs.join("/")
                )
            })
            .collect();
        vec![
            ("sectors".into(), sectors),
            ("markets".into(), markets),
            ("bases".into(), bases),
        ]
    }

    fn build(&self, _grid: &TimeGrid) -> Box<dyn AnyModel> {
        Box::new(CulturalExport::new(self))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
