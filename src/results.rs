//! The results of a run: the structure that `summary.json` serialises, field by field.

use crate::engine::rng::GENERATOR_NAME;
use crate::engine::{Direction, RunOutput, CHUNK_PATHS};
use crate::model::{OutcomeInfo, PanelInfo};
use crate::scenario::Scenario;
use crate::stats::{wilson_interval, Z95};
use serde::Serialize;

/// `quantile_method` of a run whose every value was kept: exact sample quantiles.
pub const QUANTILES_EXACT: &str = "exact";
/// `quantile_method` of a larger run: exact counts on a grid chosen from the first 4 096 paths,
/// interpolated inside a bin (docs/statistics.md gives the measured error).
pub const QUANTILES_BINNED: &str = "pilot-grid";

/// Engine version (the crate version).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Everything a run produced; serialised as `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Engine version that produced the run.
    pub engine_version: String,
    /// Model name (e.g. `cultural-export`).
    pub model: String,
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// Scenario file, when read from one.
    pub scenario_file: Option<String>,
    /// Calendar year of step 0.
    pub start_year: i32,
    /// Steps per year.
    pub steps_per_year: u32,
    /// Number of steps T.
    pub steps: usize,
    /// Master seed.
    pub seed: u64,
    /// Paths simulated.
    pub paths: u64,
    /// Random generator and seeding scheme.
    pub generator: String,
    /// Normal sampler.
    pub normal_sampler: String,
    /// Paths per chunk (fixes the merge tree; part of reproducibility).
    pub chunk_paths: u64,
    /// How the quantiles were computed: [`QUANTILES_EXACT`] or [`QUANTILES_BINNED`].
    pub quantile_method: String,
    /// Worker threads used (does not change any statistic).
    pub threads: usize,
    /// Wall time of the simulation, seconds.
    pub elapsed_s: f64,
    /// Throughput: paths × steps / elapsed (paths / elapsed for a static model).
    pub path_steps_per_s: f64,
    /// Pieces merged (`softpower merge` or a checkpointed run); absent for a run in one piece.
    /// `elapsed_s` is then the sum of the pieces' times.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pieces: Option<usize>,
    /// Quantile levels reported, as fractions.
    pub quantiles: Vec<f64>,
    /// Target probabilities.
    pub targets: Vec<TargetResult>,
    /// Outcome names, in recording order.
    pub outcomes: Vec<String>,
    /// Title, unit and flags of each outcome, in recording order (what charts and the report
    /// show).
    pub outcome_info: Vec<OutcomeInfo>,
    /// Key outcomes in display order.
    pub key_outcomes: Vec<String>,
    /// Small-multiple charts of the model.
    pub panels: Vec<PanelInfo>,
    /// The section of the resolved scenario shown as the policy (e.g. `levers`).
    pub policy_section: Option<String>,
    /// The report's heading of that section.
    pub policy_title: String,
    /// Statistics per step and outcome (step-major, outcomes in recording order).
    pub rows: Vec<Row>,
    /// The scenario as resolved (after `extends`), as JSON.
    pub resolved_scenario: serde_json::Value,
}

/// Statistics of one outcome at one step.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    /// Step k.
    pub step: usize,
    /// Calendar time of the step.
    pub year: f64,
    /// Outcome name.
    pub metric: String,
    /// Mean over paths.
    pub mean: f64,
    /// Sample standard deviation (n − 1; 0 for one path).
    pub sd: f64,
    /// Minimum.
    pub min: f64,
    /// Quantiles at the levels of `Summary::quantiles` (sketch estimates).
    pub quantiles: Vec<f64>,
    /// Maximum.
    pub max: f64,
}

/// The probability of one target with its 95 % Wilson interval.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetResult {
    /// Target name.
    pub name: String,
    /// Outcome checked.
    pub metric: String,
    /// Calendar year.
    pub year: f64,
    /// Step index.
    pub step: usize,
    /// `above` or `below`.
    pub direction: String,
    /// Threshold (strict).
    pub threshold: f64,
    /// Paths beyond the threshold.
    pub successes: u64,
    /// Share of paths beyond the threshold.
    pub probability: f64,
    /// Lower end of the 95 % Wilson interval.
    pub ci95_low: f64,
    /// Upper end of the 95 % Wilson interval.
    pub ci95_high: f64,
}

impl Summary {
    /// Assemble the summary of a finished run of `scenario`.
    pub fn new(scenario: &Scenario, run: &RunOutput) -> Self {
        let info = scenario.info();
        let outcomes = info.outcome_names();
        let integer: Vec<bool> = info.outcomes.iter().map(|o| o.integer).collect();
        let (paths, seed) = (scenario.paths(), scenario.seed());
        let acc = &run.acc;
        let n = outcomes.len();
        let mut rows = Vec::with_capacity(acc.moments.len());
        for k in 0..=scenario.steps() {
            for (i, metric) in outcomes.iter().enumerate() {
                let m = &acc.moments[k * n + i];
                let s = acc.quantiles.cell(k * n + i);
                let quantiles = scenario
                    .quantiles()
                    .iter()
                    .map(|&q| {
                        if integer[i] {
                            s.quantile_integer(q)
                        } else {
                            s.quantile(q)
                        }
                    })
                    .collect();
                rows.push(Row {
                    step: k,
                    year: scenario.year_of_step(k),
                    metric: metric.clone(),
                    mean: m.mean(),
                    sd: m.sd(),
                    min: m.min(),
                    quantiles,
                    max: m.max(),
                });
            }
        }
        let targets = scenario
            .targets()
            .iter()
            .zip(&acc.hits)
            .map(|(t, &hits)| {
                let (lo, hi) = wilson_interval(hits, acc.paths, Z95);
                TargetResult {
                    name: t.name.clone(),
                    metric: t.metric.clone(),
                    year: t.year,
                    step: t.step,
                    direction: match t.direction {
                        Direction::Above => "above".into(),
                        Direction::Below => "below".into(),
                    },
                    threshold: t.threshold,
                    successes: hits,
                    probability: if acc.paths > 0 {
                        hits as f64 / acc.paths as f64
                    } else {
                        f64::NAN
                    },
                    ci95_low: lo,
                    ci95_high: hi,
                }
            })
            .collect();
        let secs = run.elapsed.as_secs_f64();
        Summary {
            engine_version: ENGINE_VERSION.into(),
            model: info.name.clone(),
            scenario: scenario.name().to_string(),
            description: scenario.description().to_string(),
            scenario_file: scenario.source_file().map(|p| p.display().to_string()),
            start_year: scenario.grid().start_year,
            steps_per_year: scenario.grid().steps_per_year,
            steps: scenario.steps(),
            seed,
            paths,
            generator: GENERATOR_NAME.into(),
            normal_sampler: crate::engine::ziggurat::NORMAL_SAMPLER.into(),
            chunk_paths: CHUNK_PATHS,
            quantile_method: if acc.quantiles.is_exact() {
                QUANTILES_EXACT.into()
            } else {
                QUANTILES_BINNED.into()
            },
            threads: run.threads,
            elapsed_s: secs,
            path_steps_per_s: if secs > 0.0 {
                (paths as f64 * scenario.steps().max(1) as f64) / secs
            } else {
                0.0
            },
            pieces: None,
            quantiles: scenario.quantiles().to_vec(),
            targets,
            outcomes,
            outcome_info: info.outcomes.clone(),
            key_outcomes: info.key_outcomes.clone(),
            panels: info.panels.clone(),
            policy_section: info.policy_section.clone(),
            policy_title: info.policy_title.clone(),
            rows,
            resolved_scenario: serde_json::to_value(scenario.resolved())
                .unwrap_or(serde_json::Value::Null),
        }
    }

    /// Display information of an outcome (a plain title when the name is unknown).
    pub fn outcome(&self, metric: &str) -> OutcomeInfo {
        self.outcome_info
            .iter()
            .find(|o| o.name == metric)
            .cloned()
            .unwrap_or_else(|| OutcomeInfo::plain(metric))
    }

    /// Calendar year of the horizon.
    pub fn horizon_year(&self) -> f64 {
        self.start_year as f64 + self.steps as f64 / self.steps_per_year as f64
    }

    /// The row of `metric` at step `k`, if any.
    pub fn row(&self, k: usize, metric: &str) -> Option<&Row> {
        let n = self.outcomes.len();
        let i = self.outcomes.iter().position(|m| m == metric)?;
        self.rows.get(k * n + i)
    }
}
