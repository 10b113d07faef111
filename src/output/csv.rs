//! `summary.csv`: long format, one row per step and outcome; nothing run-dependent in it.

use super::{Output, Rendered};
use crate::results::Summary;

pub use crate::stats::quantile_label;

/// The header: `step,year,metric,mean,sd,min,<quantiles>,max`.
pub fn header(quantiles: &[f64]) -> Vec<String> {
    let mut h: Vec<String> = ["step", "year", "metric", "mean", "sd", "min"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend(quantiles.iter().map(|&q| quantile_label(q)));
    h.push("max".into());
    h
}

/// The `summary.csv` format.
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryCsv;

impl Output for SummaryCsv {
    fn name(&self) -> &'static str {
        "summary.csv"
    }

    fn render(&self, s: &Summary) -> anyhow::Result<Vec<Rendered>> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(header(&s.quantiles))?;
        for r in &s.rows {
            let mut rec = vec![r.step.to_string(), r.year.to_string(), r.metric.clone()];
            rec.extend([r.mean, r.sd, r.min].iter().map(|x| x.to_string()));
            rec.extend(r.quantiles.iter().map(|x| x.to_string()));
            rec.push(r.max.to_string());
            w.write_record(&rec)?;
        }
        Ok(vec![("summary.csv".into(), w.into_inner()?)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(quantile_label(0.05), "p05");
        assert_eq!(quantile_label(0.5), "p50");
        assert_eq!(quantile_label(0.999), "p99_9");
        assert_eq!(quantile_label(0.1), "p10");
        assert_eq!(quantile_label(0.01), "p01");
        assert_eq!(quantile_label(0.0025), "p00_25");
        // Levels that used to share a name.
        assert_ne!(quantile_label(1e-10), quantile_label(2e-10));
        assert_ne!(quantile_label(0.05), quantile_label(0.05000000000000001));
        assert_eq!(
            header(&[0.05, 0.25, 0.5, 0.75, 0.95]).join(","),
            "step,year,metric,mean,sd,min,p05,p25,p50,p75,p95,max"
        );
    }
}
