//! Charts and `report.html` for runs, comparisons and sensitivity studies, rendered once and
//! written with the rest.

use super::{Output, Rendered};
use crate::charts::{self, HorizonSamples};
use crate::compare::Comparison;
use crate::engine::SummaryAcc;
use crate::experiment::SensitivityResult;
use crate::report::{self, StudyPage};
use crate::results::Summary;

/// Horizon distributions for the histograms: every key outcome at the horizon and every
/// target's outcome at the target's year, read from the quantile cells (bounded memory).
pub fn horizon_samples(s: &Summary, acc: &SummaryAcc) -> Vec<HorizonSamples> {
    let outcomes = &s.outcomes;
    let n = outcomes.len();
    let year = |k: usize| s.start_year as f64 + k as f64 / s.steps_per_year as f64;
    let mut wanted: Vec<(usize, usize)> = Vec::new();
    for m in &s.key_outcomes {
        if let Some(i) = outcomes.iter().position(|o| o == m) {
            wanted.push((s.steps, i));
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
            year: year(k),
            dated: s.steps > 0,
            values: acc.quantiles.cell(k * n + i).histogram(),
        })
        .collect()
}

/// Charts (PNG and SVG) and `report.html` of a run.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone, Copy)]
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

/// Charts (PNG and SVG, one per output) and `report.html` of a sensitivity study.
#[derive(Debug, Clone)]
pub struct SensitivityVisuals {
    /// What the report says of the scenario.
    pub page: StudyPage,
}

impl Output<SensitivityResult> for SensitivityVisuals {
    fn name(&self) -> &'static str {
        "charts and report"
    }

    fn render(&self, r: &SensitivityResult) -> anyhow::Result<Vec<Rendered>> {
        let rendered = charts::sensitivity_charts(r, &self.page.scenario)?;
        let mut files = charts::chart_files(&rendered);
        let html = report::sensitivity_report(r, &self.page, &charts::chart_svgs(&rendered));
        files.push(("report.html".into(), html.into_bytes()));
        Ok(files)
    }
}
