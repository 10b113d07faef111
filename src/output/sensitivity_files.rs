//! A sensitivity study's tables: `sensitivity.csv` (long format, one index per line),
//! `design.csv` (every design point's factor values and outputs, for re-analysis elsewhere) and
//! `sensitivity.json` (the study's settings, per-output summaries, warnings, timing).

use super::{Output, Rendered};
use crate::experiment::{OutputSummary, SensitivityResult};
use crate::results::ENGINE_VERSION;
use crate::scenario::Spread;
use serde::Serialize;

/// The header of `sensitivity.csv`.
pub const SENSITIVITY_HEADER: [&str; 6] =
    ["output", "factor", "index", "estimate", "ci_low", "ci_high"];

fn num(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

/// `sensitivity.csv`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SensitivityCsv;

impl Output<SensitivityResult> for SensitivityCsv {
    fn name(&self) -> &'static str {
        "sensitivity.csv"
    }

    fn render(&self, r: &SensitivityResult) -> anyhow::Result<Vec<Rendered>> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(SENSITIVITY_HEADER)?;
        for row in &r.rows {
            w.write_record([
                row.output.clone(),
                row.factor.clone(),
                row.index.clone(),
                row.estimate.to_string(),
                num(row.ci_low),
                num(row.ci_high),
            ])?;
        }
        Ok(vec![("sensitivity.csv".into(), w.into_inner()?)])
    }
}

/// `design.csv`: `point`, one column per factor (its dotted path), one per output.
#[derive(Debug, Clone, Copy, Default)]
pub struct DesignCsv;

impl Output<SensitivityResult> for DesignCsv {
    fn name(&self) -> &'static str {
        "design.csv"
    }

    fn render(&self, r: &SensitivityResult) -> anyhow::Result<Vec<Rendered>> {
        let t = &r.eval.table;
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let mut head = vec!["point".to_string()];
        head.extend(t.factors.iter().cloned());
        head.extend(t.outputs.iter().cloned());
        w.write_record(&head)?;
        let (k, m) = (t.factors.len(), t.outputs.len());
        for i in 0..t.rows() {
            let mut rec = vec![i.to_string()];
            rec.extend(t.x[i * k..(i + 1) * k].iter().map(|v| v.to_string()));
            rec.extend(t.y[i * m..(i + 1) * m].iter().map(|v| v.to_string()));
            w.write_record(&rec)?;
        }
        Ok(vec![("design.csv".into(), w.into_inner()?)])
    }
}

/// One factor as `sensitivity.json` describes it.
#[derive(Debug, Serialize)]
struct FactorJson<'a> {
    path: &'a str,
    /// `uniform`, `distribution` or `values`.
    spread: &'static str,
    min: f64,
    max: f64,
    base: f64,
}

#[derive(Debug, Serialize)]
struct SensitivityJsonDoc<'a> {
    scenario: &'a str,
    engine_version: &'static str,
    method: &'static str,
    samples: u64,
    points: usize,
    paths_per_point: u64,
    seed: u64,
    second_order: bool,
    levels: usize,
    bootstrap: usize,
    confidence: f64,
    deterministic: bool,
    factors: Vec<FactorJson<'a>>,
    outputs: &'a [OutputSummary],
    warnings: &'a [String],
    threads: usize,
    elapsed_s: f64,
    points_per_second: f64,
    path_steps_per_second: f64,
}

/// `sensitivity.json`.
#[derive(Debug, Clone, Default)]
pub struct SensitivityJson {
    /// Scenario name.
    pub scenario: String,
    /// Steps per path (for the path-steps throughput).
    pub steps: usize,
}

impl Output<SensitivityResult> for SensitivityJson {
    fn name(&self) -> &'static str {
        "sensitivity.json"
    }

    fn render(&self, r: &SensitivityResult) -> anyhow::Result<Vec<Rendered>> {
        let d = &r.def;
        let secs = r.eval.elapsed.as_secs_f64().max(1e-9);
        let doc = SensitivityJsonDoc {
            scenario: &self.scenario,
            engine_version: ENGINE_VERSION,
            method: d.method.name(),
            samples: d.samples,
            points: r.eval.table.rows(),
            paths_per_point: d.paths_per_point,
            seed: d.seed,
            second_order: d.second_order,
            levels: d.levels,
            bootstrap: d.bootstrap,
            confidence: d.confidence,
            deterministic: d.deterministic,
            factors: d
                .factors
                .iter()
                .map(|f| {
                    let (min, max) = f.bounds();
                    FactorJson {
                        path: &f.path,
                        spread: match f.spread {
                            Spread::Uniform { .. } => "uniform",
                            Spread::Dist(_) => "distribution",
                            Spread::Values(_) => "values",
                        },
                        min,
                        max,
                        base: f.base,
                    }
                })
                .collect(),
            outputs: &r.outputs,
            warnings: &r.warnings,
            threads: r.eval.threads,
            elapsed_s: secs,
            points_per_second: r.eval.table.rows() as f64 / secs,
            path_steps_per_second: r.eval.path_steps_per_second(self.steps),
        };
        let mut bytes = serde_json::to_vec_pretty(&doc)?;
        bytes.push(b'\n');
        Ok(vec![("sensitivity.json".into(), bytes)])
    }
}
