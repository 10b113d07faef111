//! Models: how a model describes itself ([`ModelInfo`]), its validated part of a scenario
//! ([`ModelSpec`]), the [`Registry`] that finds it by name, and the built-in models:
//! `cultural-export` ([`cultural`]) and the test functions `ishigami` and `sobol_g`
//! ([`testfns`]).
//!
//! The trait a model implements to be simulated is [`crate::engine::Model`]: the engine knows
//! nothing about any model. A model plugs in by a [`ModelEntry`] (name, sections, validator)
//! whose validator returns a [`ModelSpec`]; everything downstream (validation of targets and
//! `[uncertainty]`, results, charts, report, bench) reads the spec's [`ModelInfo`].

pub mod cultural;
mod info;
mod spec;
pub mod testfns;

pub use crate::engine::{Draws, Model};
pub use cultural::CulturalExport;
pub use info::{DrawCounts, FieldDecl, ModelInfo, OutcomeInfo, PanelInfo, ParamInfo, TimeGrid};
pub use spec::{Hull, ModelEntry, ModelInput, ModelSpec, Registry, ValidateFn, DEFAULT_MODEL};
