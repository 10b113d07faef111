//! The results of a policy comparison: the structure that `compare.json` serialises.

use crate::results::Summary;
use serde::Serialize;

/// A comparison of scenarios under common random numbers; serialised as `compare.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Engine version.
    pub engine_version: String,
    /// Scenario names, the first is the reference.
    pub scenarios: Vec<String>,
    /// Master seed shared by every scenario.
    pub seed: u64,
    /// Paths per scenario (the same path indices in each).
    pub paths: u64,
    /// Random generator and seeding scheme.
    pub generator: String,
    /// Worker threads used.
    pub threads: usize,
    /// Wall time of the whole comparison, seconds.
    pub elapsed_s: f64,
    /// Pieces merged (`softpower merge`); absent for a comparison in one piece. `elapsed_s` is
    /// then the sum of the pieces' times.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pieces: Option<usize>,
    /// Each scenario's own summary (its fans and target probabilities), in order.
    pub summaries: Vec<Summary>,
    /// Outcome names, in recording order.
    pub outcomes: Vec<String>,
    /// Path-wise differences against the first scenario, per step, outcome and later scenario.
    pub diffs: Vec<DiffRow>,
}

/// Distribution over paths of `outcome(scenario) - outcome(first scenario)` at one step.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiffRow {
    /// Step k.
    pub step: usize,
    /// Calendar time of the step.
    pub year: f64,
    /// Outcome name.
    pub metric: String,
    /// Name of the scenario compared with the first one.
    pub scenario: String,
    /// Mean of the path-wise difference.
    pub diff_mean: f64,
    /// Sample sd of the path-wise difference.
    pub diff_sd: f64,
    /// 5 % quantile of the difference.
    pub diff_p05: f64,
    /// Median of the difference.
    pub diff_p50: f64,
    /// 95 % quantile of the difference.
    pub diff_p95: f64,
    /// Share of paths where the difference is strictly positive.
    pub prob_positive: f64,
    /// sqrt(sd_A² + sd_B²): the difference's sd had the scenarios been run with independent shocks.
    pub independent_sd: f64,
}

impl Comparison {
    /// Difference rows of one later scenario and metric, ordered by step.
    pub fn diff_series<'a>(
        &'a self,
        scenario: &'a str,
        metric: &'a str,
    ) -> impl Iterator<Item = &'a DiffRow> + 'a {
        self.diffs
            .iter()
            .filter(move |d| d.scenario == scenario && d.metric == metric)
    }
}
