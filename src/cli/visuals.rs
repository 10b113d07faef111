//! Charts and `report.html` for runs and comparisons, rendered once and written with the rest.

use crate::charts::{self, HorizonSamples};
use crate::compare::Comparison;
use crate::engine::SummaryAcc;
use crate::output::{Output, Rendered};
use crate::report;
use crate::results::Summary;
use crate::scenario::Scenario;

/// Horizon distributions for the histograms: every key outcome at the horizon and every
/// target's outcome at the target's year, read from the quantile sketches (constant memory).
pub fn horizon_samples(s: &Scenario, outcomes: &[String], acc: &SummaryAcc) -> Vec<HorizonSamples> {
    let n = outcomes.len();
    let mut wanted: Vec<(usize, usize)> = Vec::new();
    for m in charts::KEY_OUTCOMES {
        if let Some(i) = outcomes.iter().position(|o| o == m) {
            wanted.push((s.steps(), i));
        }
    }
    for t in &s.targets {
        if let Some(i) = outcomes.iter().position(|o| *o == t.metric) {
            if !wanted.contains(&(t.step, i)) {
                wanted.push((t.step, i));
            }
        }
    }
    wanted
        .into_iter()
        .map(|(k, i)| HorizonSamples {
            metric: outcomes[i].clone(),
            year: s.year_of_step(k),
            values: acc.sketches[k * n + i].bucket_intervals(),
        })
        .collect()
}

/// Charts (PNG and SVG) and `report.html` of a run.
pub struct RunVisuals {
    /// Histogram data.
    pub samples: Vec<HorizonSamples>,
}

impl Output for RunVisuals {
    fn name(&self) -> &'static str {
        "charts and report"
    }

    fn render(&self, s: &Summary) -> anyhow::Result<Vec<Rendered>> {
        let rendered = charts::run_charts(s, &self.samples)?;
        let mut files = charts::chart_files(&rendered);
        let html = report::run_report(s, &charts::chart_svgs(&rendered));
        files.push(("report.html".into(), html.into_bytes()));
        Ok(files)
    }
}

/// Charts (PNG and SVG) and `report.html` of a comparison.
pub struct CompareVisuals;

impl Output<Comparison> for CompareVisuals {
    fn name(&self) -> &'static str {
        "charts and report"
    }

    fn render(&self, c: &Comparison) -> anyhow::Result<Vec<Rendered>> {
        let rendered = charts::comparison_charts(c)?;
        let mut files = charts::chart_files(&rendered);
        let html = report::compare_report(c, &charts::chart_svgs(&rendered));
        files.push(("report.html".into(), html.into_bytes()));
        Ok(files)
    }
}
