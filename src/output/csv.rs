//! `summary.csv`: long format, one row per step and outcome; nothing run-dependent in it.

use super::{Output, Rendered};
use crate::results::Summary;

/// Column name of a quantile level: 0.05 → `p05`, 0.5 → `p50`, 0.999 → `p99_9`.
pub fn quantile_label(q: f64) -> String {
    let pct = q * 100.0;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("p{:02}", pct.round() as u64)
    } else {
        let s = format!("{:.6}", pct);
        let s = s.trim_end_matches('0');
        format!("p{}", s.replace('.', "_"))
    }
}

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
        assert_eq!(
            header(&[0.05, 0.25, 0.5, 0.75, 0.95]).join(","),
            "step,year,metric,mean,sd,min,p05,p25,p50,p75,p95,max"
        );
    }
}
