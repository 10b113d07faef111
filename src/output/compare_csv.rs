//! `compare.csv`: path-wise differences against the first scenario, one row per step, outcome and
//! later scenario.

use super::{Output, Rendered};
use crate::compare::Comparison;

/// The header of `compare.csv`.
pub const HEADER: [&str; 11] = [
    "step",
    "year",
    "metric",
    "scenario",
    "diff_mean",
    "diff_sd",
    "diff_p05",
    "diff_p50",
    "diff_p95",
    "prob_positive",
    "independent_sd",
];

/// The `compare.csv` format.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompareCsv;

impl Output<Comparison> for CompareCsv {
    fn name(&self) -> &'static str {
        "compare.csv"
    }

    fn render(&self, c: &Comparison) -> anyhow::Result<Vec<Rendered>> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(HEADER)?;
        for d in &c.diffs {
            let mut rec = vec![
                d.step.to_string(),
                d.year.to_string(),
                d.metric.clone(),
                d.scenario.clone(),
            ];
            rec.extend(
                [
                    d.diff_mean,
                    d.diff_sd,
                    d.diff_p05,
                    d.diff_p50,
                    d.diff_p95,
                    d.prob_positive,
                    d.independent_sd,
                ]
                .iter()
                .map(|x| x.to_string()),
            );
            w.write_record(&rec)?;
        }
        Ok(vec![("compare.csv".into(), w.into_inner()?)])
    }
}
