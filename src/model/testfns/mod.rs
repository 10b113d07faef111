//! Analytic test functions registered as models, for validating sensitivity analysis and the
//! pipeline end to end: `ishigami` and `sobol_g`. Both are static (one record, at step 0) and
//! draw no random numbers of their own: every input is a parameter in `[model]`, drawn per path
//! through `[uncertainty]` like any other (e.g. `"model.x1" = { dist = "uniform", ... }`).

pub mod ishigami;
pub mod sobol_g;

use crate::engine::{AnyModel, Draws, Model};
use crate::model::{DrawCounts, ModelInfo, ModelSpec, OutcomeInfo, ParamInfo, TimeGrid};
use std::any::Any;

/// The validated part of a static test function's scenario: its info (whose parameter values
/// are the scenario's) and the function.
#[derive(Debug, Clone)]
pub struct StaticSpec {
    info: ModelInfo,
    f: fn(&[f64]) -> f64,
}

impl StaticSpec {
    /// `f` of the parameters of `info`.
    pub fn new(info: ModelInfo, f: fn(&[f64]) -> f64) -> Self {
        StaticSpec { info, f }
    }
}

impl ModelSpec for StaticSpec {
    fn info(&self) -> &ModelInfo {
        &self.info
    }

    fn build(&self, _grid: &TimeGrid) -> Box<dyn AnyModel> {
        let values = self.info.params.iter().map(|p| p.value).collect();
        Box::new(StaticFn::new(values, self.f))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A static model computing one outcome `y = f(params)` from a parameter vector.
#[derive(Debug, Clone)]
pub struct StaticFn {
    params: Vec<f64>,
    f: fn(&[f64]) -> f64,
}

impl StaticFn {
    /// `f` of the parameters `params` (per-path draws overwrite entries of a copy).
    pub fn new(params: Vec<f64>, f: fn(&[f64]) -> f64) -> Self {
        StaticFn { params, f }
    }
}

/// Work area of a [`StaticFn`]: this path's parameters and its outcome.
#[derive(Debug, Clone)]
pub struct StaticWork {
    params: Vec<f64>,
    y: f64,
}

impl Model for StaticFn {
    type Work = StaticWork;

    fn outcomes(&self) -> usize {
        1
    }

    fn steps(&self) -> usize {
        0
    }

    fn new_work(&self) -> StaticWork {
        StaticWork {
            params: self.params.clone(),
            y: 0.0,
        }
    }

    fn set_params(&self, drawn: &[(usize, f64)], w: &mut StaticWork) {
        w.params.copy_from_slice(&self.params);
        for &(i, v) in drawn {
            w.params[i] = v;
        }
    }

    fn init(&self, w: &mut StaticWork) {
        w.y = (self.f)(&w.params);
    }

    fn step<D: Draws + ?Sized>(&self, _k: usize, _w: &mut StaticWork, _draws: &mut D) {}

    fn record(&self, w: &StaticWork, out: &mut [f64]) {
        out[0] = w.y;
    }
}

/// The info of a static test function with parameters `params` and the one outcome `y`.
pub(crate) fn static_info(name: &str, params: Vec<ParamInfo>, title: &str) -> ModelInfo {
    ModelInfo {
        name: name.into(),
        params,
        outcomes: vec![OutcomeInfo {
            key: true,
            title: title.into(),
            ..OutcomeInfo::plain("y")
        }],
        key_outcomes: vec!["y".into()],
        headline_outcomes: vec!["y".into()],
        panels: Vec::new(),
        draws: DrawCounts::default(),
        policy_section: Some("model".into()),
        policy_title: "Parameters".into(),
    }
}
