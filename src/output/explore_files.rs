//! An exploration's tables: `experiments.csv` and `experiments.parquet` (one row per experiment:
//! its factor values, its outputs, each target's probability with its Wilson interval; the same
//! columns and values in both) and `explore.json` (the design, factors, seed, paths, timing).

use super::parquet::{Column, TableWriter, Values};
use super::paths::group_rows;
use super::{Output, Rendered};
use crate::experiment::ExploreResult;
use crate::results::ENGINE_VERSION;
use serde::Serialize;

/// The header of `experiments.csv` (and the columns of `experiments.parquet`).
pub fn header(r: &ExploreResult) -> Vec<String> {
    let mut h = vec!["experiment".to_string()];
    h.extend(r.eval.table.factors.iter().cloned());
    h.extend(r.columns().into_iter().map(|c| c.name));
    h
}

/// `experiments.csv`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExperimentsCsv;

impl Output<ExploreResult> for ExperimentsCsv {
    fn name(&self) -> &'static str {
        "experiments.csv"
    }

    fn render(&self, r: &ExploreResult) -> anyhow::Result<Vec<Rendered>> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(header(r))?;
        let cols = r.columns();
        let t = &r.eval.table;
        let k = t.factors.len();
        for i in 0..t.rows() {
            let mut rec = vec![i.to_string()];
            rec.extend(t.x[i * k..(i + 1) * k].iter().map(|v| v.to_string()));
            rec.extend(cols.iter().map(|c| c.values[i].to_string()));
            w.write_record(&rec)?;
        }
        Ok(vec![("experiments.csv".into(), w.into_inner()?)])
    }
}

/// `experiments.parquet`: `experiment` (INT64), then one DOUBLE column per factor and per output,
/// named as in `experiments.csv`, in row groups of [`group_rows`] rows.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExperimentsParquet;

impl Output<ExploreResult> for ExperimentsParquet {
    fn name(&self) -> &'static str {
        "experiments.parquet"
    }

    fn render(&self, r: &ExploreResult) -> anyhow::Result<Vec<Rendered>> {
        let names = header(r);
        let mut columns = vec![Column::int64(names[0].clone())];
        columns.extend(names[1..].iter().map(Column::double));
        let group = group_rows(columns.len());
        let t = &r.eval.table;
        let k = t.factors.len();
        let outputs = r.columns();
        let mut w = TableWriter::new(Vec::new(), columns)?;
        let rows = t.rows();
        let mut lo = 0;
        while lo < rows {
            let hi = (lo + group).min(rows);
            let ids: Vec<i64> = (lo as i64..hi as i64).collect();
            let factors: Vec<Vec<f64>> = (0..k)
                .map(|j| (lo..hi).map(|i| t.x[i * k + j]).collect())
                .collect();
            let mut values = vec![Values::Int64(&ids)];
            values.extend(factors.iter().map(|c| Values::Double(c)));
            values.extend(outputs.iter().map(|c| Values::Double(&c.values[lo..hi])));
            w.write_row_group(&values)?;
            lo = hi;
        }
        Ok(vec![("experiments.parquet".into(), w.finish()?)])
    }
}

#[derive(Debug, Serialize)]
struct FactorJson<'a> {
    path: &'a str,
    min: f64,
    max: f64,
    values: Option<&'a [f64]>,
}

#[derive(Debug, Serialize)]
struct ExploreJsonDoc<'a> {
    scenario: &'a str,
    engine_version: &'static str,
    design: &'static str,
    experiments: usize,
    paths: u64,
    seed: u64,
    scenario_seed: u64,
    factors: Vec<FactorJson<'a>>,
    columns: Vec<String>,
    threads: usize,
    elapsed_s: f64,
    experiments_per_second: f64,
    path_steps_per_second: f64,
}

/// `explore.json`.
#[derive(Debug, Clone, Default)]
pub struct ExploreJson {
    /// Scenario name.
    pub scenario: String,
    /// The scenario's seed (of the paths).
    pub seed: u64,
    /// Steps per path.
    pub steps: usize,
}

impl Output<ExploreResult> for ExploreJson {
    fn name(&self) -> &'static str {
        "explore.json"
    }

    fn render(&self, r: &ExploreResult) -> anyhow::Result<Vec<Rendered>> {
        let secs = r.eval.elapsed.as_secs_f64().max(1e-9);
        let doc = ExploreJsonDoc {
            scenario: &self.scenario,
            engine_version: ENGINE_VERSION,
            design: r.def.design.name(),
            experiments: r.eval.table.rows(),
            paths: r.def.paths,
            seed: r.def.seed,
            scenario_seed: self.seed,
            factors: r
                .def
                .factors
                .iter()
                .map(|f| {
                    let (min, max) = f.bounds();
                    FactorJson {
                        path: &f.path,
                        min,
                        max,
                        values: match &f.spread {
                            crate::scenario::Spread::Values(v) => Some(v),
                            _ => None,
                        },
                    }
                })
                .collect(),
            columns: header(r),
            threads: r.eval.threads,
            elapsed_s: secs,
            experiments_per_second: r.eval.table.rows() as f64 / secs,
            path_steps_per_second: r.eval.path_steps_per_second(self.steps),
        };
        let mut bytes = serde_json::to_vec_pretty(&doc)?;
        bytes.push(b'\n');
        Ok(vec![("explore.json".into(), bytes)])
    }
}
