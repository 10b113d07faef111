//! A validated scenario: the generic run settings (name, model, time grid, paths, seed,
//! quantiles, `[uncertainty]`, targets) and the model's own validated part, a [`ModelSpec`].
//! Nothing in it can be changed after validation: overrides go through the raw form
//! ([`super::Override`]) and pass the same checks.

use super::per_path::PathColumn;
use crate::engine::{AnyModel, Direction, Dist, ParamDraw, PathSetup, TargetCheck};
use crate::model::{ModelInfo, ModelSpec, TimeGrid};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Default quantiles reported for every outcome (fractions in (0, 1)).
pub const DEFAULT_QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// A scenario that passed validation: ready to simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) source_file: Option<PathBuf>,
    pub(crate) grid: TimeGrid,
    pub(crate) paths: u64,
    pub(crate) seed: u64,
    pub(crate) quantiles: Vec<f64>,
    pub(crate) spec: Arc<dyn ModelSpec>,
    pub(crate) uncertainty: Vec<Uncertain>,
    pub(crate) targets: Vec<Target>,
    pub(crate) per_path: Option<Vec<PathColumn>>,
    pub(crate) sensitivity: Option<super::SensitivityDef>,
    pub(crate) explore: Option<super::ExploreDef>,
    pub(crate) seek: Option<super::SeekDef>,
    pub(crate) resolved: toml::Table,
    pub(crate) warnings: Vec<String>,
}

impl Scenario {
    /// `[scenario] name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `[scenario] description` (empty when absent).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// File the scenario was read from (`None` for the embedded baseline or in-memory text).
    pub fn source_file(&self) -> Option<&Path> {
        self.source_file.as_deref()
    }

    /// The same scenario, said to come from `file` (a scenario rebuilt from the resolved copy in
    /// a partial result keeps the file it was first read from).
    pub fn with_source_file(mut self, file: Option<std::path::PathBuf>) -> Self {
        self.source_file = file;
        self
    }

    /// The time grid (a static model's has no steps).
    pub fn grid(&self) -> &TimeGrid {
        &self.grid
    }

    /// Number of Monte Carlo paths.
    pub fn paths(&self) -> u64 {
        self.paths
    }

    /// Master seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Quantiles to report, sorted, each in (0, 1).
    pub fn quantiles(&self) -> &[f64] {
        &self.quantiles
    }

    /// The model's validated part.
    pub fn spec(&self) -> &dyn ModelSpec {
        &*self.spec
    }

    /// The model's part as its own type (e.g. the cultural model's `CulturalSpec`).
    pub fn spec_as<T: 'static>(&self) -> Option<&T> {
        self.spec.as_any().downcast_ref::<T>()
    }

    /// The model's self-description.
    pub fn info(&self) -> &ModelInfo {
        self.spec.info()
    }

    /// `[uncertainty]` entries, sorted by parameter path.
    pub fn uncertainty(&self) -> &[Uncertain] {
        &self.uncertainty
    }

    /// `[[target]]` entries in file order.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// `[output] per_path`, when the file sets it (a run then writes `paths.parquet`).
    pub fn per_path(&self) -> Option<&[PathColumn]> {
        self.per_path.as_deref()
    }

    /// The outcome columns of `paths.parquet`: `[output] per_path`, or the default set (each
    /// key outcome at each target's year and at the horizon).
    pub fn per_path_columns(&self) -> Vec<PathColumn> {
        match &self.per_path {
            Some(v) => v.clone(),
            None => super::per_path::default_per_path(self.info(), &self.grid, &self.targets),
        }
    }

    /// The `[sensitivity]` study, when the file has one.
    pub fn sensitivity(&self) -> Option<&super::SensitivityDef> {
        self.sensitivity.as_ref()
    }

    /// The `[explore]` experiments, when the file has them.
    pub fn explore(&self) -> Option<&super::ExploreDef> {
        self.explore.as_ref()
    }

    /// The `[seek]` goal seek, when the file (or `softpower seek`) has one.
    pub fn seek(&self) -> Option<&super::SeekDef> {
        self.seek.as_ref()
    }

    /// Warnings of validation (valid, but probably not what was meant), each with its file,
    /// line and field, e.g. a schedule entry after the horizon.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The merged TOML after `extends` and overrides, for reports and the JSON summary.
    pub fn resolved(&self) -> &toml::Table {
        &self.resolved
    }

    /// Total number of steps T.
    pub fn steps(&self) -> usize {
        self.grid.steps()
    }

    /// Calendar time of step `k`.
    pub fn year_of_step(&self, k: usize) -> f64 {
        self.grid.year_of_step(k)
    }

    /// `Err` describing the first non-finite outcome a run of this scenario recorded (outcome,
    /// step, year and path), or the first statistic that overflowed, if any: such a run must not
    /// be reported as if it were fine.
    pub fn check_finite(&self, acc: &crate::engine::SummaryAcc) -> Result<(), String> {
        let outcome = |i: usize| {
            self.info()
                .outcomes
                .get(i)
                .map_or("?".to_string(), |o| o.name.clone())
        };
        let Some(nf) = acc.nonfinite else {
            let n = acc.outcomes().max(1);
            if let Some(j) = acc
                .moments
                .iter()
                .position(|m| m.count() > 0 && !(m.mean().is_finite() && m.sd().is_finite()))
            {
                let (k, m) = (j / n, &acc.moments[j]);
                return Err(format!(
                    "scenario `{}`: the mean or sd of outcome `{}` at step {k} (year {}) is not finite \
                     (values reach {:e}): the parameters let the model explode; nothing was written",
                    self.name,
                    outcome(j % n),
                    self.year_of_step(k),
                    m.max()
                ));
            }
            return Ok(());
        };
        let name = outcome(nf.outcome);
        Err(format!(
            "scenario `{}`: outcome `{name}` is not finite (NaN or infinite) at step {} (year {}) on path {}: \
             the parameters let the model overflow; nothing was written",
            self.name,
            nf.step,
            self.year_of_step(nf.step),
            nf.path
        ))
    }

    /// The runnable model.
    pub fn build_model(&self) -> Box<dyn AnyModel> {
        self.spec.build(&self.grid)
    }

    /// The engine's per-path draws and target checks of this scenario.
    pub fn path_setup(&self) -> PathSetup {
        PathSetup {
            params: self
                .uncertainty
                .iter()
                .map(|u| ParamDraw::new(&u.path, u.param, u.dist))
                .collect(),
            targets: self
                .targets
                .iter()
                .map(|t| TargetCheck {
                    step: t.step,
                    outcome: t.outcome,
                    direction: t.direction,
                    threshold: t.threshold,
                })
                .collect(),
        }
    }
}

/// One `[uncertainty]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    /// The dotted path as written, e.g. `model.x1`.
    pub path: String,
    /// Index of the parameter it draws (into [`ModelInfo::params`]).
    pub param: usize,
    /// Its distribution.
    pub dist: Dist,
}

/// One `[[target]]`: the probability that an outcome is beyond a threshold at a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Human name.
    pub name: String,
    /// Outcome name (one of the model's outcomes).
    pub metric: String,
    /// Index of the outcome.
    pub outcome: usize,
    /// Calendar year as written (the record year for a static model).
    pub year: f64,
    /// Step index `k = (year - start_year) * steps_per_year`, in `0..=T`.
    pub step: usize,
    /// Above or below.
    pub direction: Direction,
    /// Threshold.
    pub threshold: f64,
}
