//! Charts of a run or a comparison as PNG and SVG: fan charts, sector small multiples, histograms, target bars.
//!
//! Everything is drawn with plotters into memory, with the DejaVu Sans font embedded in the binary
//! (no system fonts needed). A run gets `charts/fan_<metric>`, `charts/sectors`, `charts/targets`
//! and, for each [`HorizonSamples`] passed, `charts/hist_<metric>_<year>`; a comparison gets
//! `charts/compare_<metric>`, `charts/diff_<scenario>_<metric>` and `charts/compare_targets`;
//! a sensitivity study `charts/sobol_<i>`, `charts/morris_<i>` or `charts/tornado_<i>` per
//! output; each as `.png` and `.svg`. See `docs/charts.md` and `docs/sensitivity.md`.

mod bars;
mod clip;
mod draw;
mod explore;
mod explore_map;
mod explore_xy;
mod fan;
pub mod format;
mod hist;
mod labels;
mod morris;
mod sectors;
mod sensitivity;
#[cfg(test)]
pub(crate) mod sensitivity_tests;
#[cfg(test)]
pub(crate) mod testdata;
#[cfg(test)]
mod tests;

pub use draw::{ensure_font, DEJAVU_SANS, FAMILY};
pub use explore::{explore_charts, ExploreCharts, ExploreLabels};
pub use format::{palette, PALETTE};
pub use hist::{histogram, marks_target};
pub use sensitivity::{sensitivity_chart_name, sensitivity_charts};

use crate::compare::results::Comparison;
use crate::results::Summary;
use draw::{render, Drawn, LegendItem, Swatch};
use fan::{overlay_legend, Fan, FanChart};
use format::{axis_desc, MetricInfo};
use sectors::SectorPanels;
use std::path::PathBuf;

/// A rendered file: its path relative to the output directory and its bytes.
pub type ChartFile = (PathBuf, Vec<u8>);

/// The distribution of one outcome at one calendar year, as weighted value intervals (for
/// histograms; a summary has no per-path data). Runs fill it from the quantile sketch's buckets
/// (1 % wide), so memory stays independent of the path count; a plain sample is one
/// zero-width interval of weight 1 per value.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizonSamples {
    /// Outcome name.
    pub metric: String,
    /// Calendar year of the values (the horizon, or a target's year).
    pub year: f64,
    /// Whether `year` is a calendar year worth showing (false for a static model's one record).
    pub dated: bool,
    /// `(lo, hi, number of paths)`: that many paths have values in `[lo, hi]`; ascending.
    pub values: Vec<(f64, f64, u64)>,
}

impl HorizonSamples {
    /// From one value per path.
    pub fn from_values(metric: &str, year: f64, values: &[f64]) -> Self {
        let mut v: Vec<(f64, f64, u64)> = values.iter().map(|&x| (x, x, 1)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        HorizonSamples {
            metric: metric.into(),
            year,
            dated: true,
            values: v,
        }
    }
}

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct RenderedChart {
    /// File stem, e.g. `fan_exports_total_bn`.
    pub name: String,
    /// Human title (for the report's figure captions).
    pub title: String,
    /// PNG bytes.
    pub png: Vec<u8>,
    /// SVG text.
    pub svg: String,
    /// SVG text without the title drawn at the top, for a page that captions the chart itself
    /// (the report).
    pub untitled_svg: String,
    /// For a histogram: the outcome and the calendar year it shows.
    pub histogram_of: Option<(String, f64)>,
}

/// A chart as the report embeds it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSvg {
    /// File stem, e.g. `fan_exports_total_bn` (the report derives the figure's id from it).
    pub name: String,
    /// Human title (the figure's caption).
    pub title: String,
    /// SVG text, without a title of its own.
    pub svg: String,
    /// For a histogram: the outcome and the calendar year it shows (the report puts it beside
    /// the targets on that outcome and year).
    pub histogram_of: Option<(String, f64)>,
}

/// Keep letters, digits, `-` and `_` of a name for use in a file name.
fn file_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn chart(name: String, title: String, d: Drawn) -> RenderedChart {
    RenderedChart {
        name,
        title,
        png: d.png,
        svg: d.svg,
        untitled_svg: d.untitled_svg,
        histogram_of: None,
    }
}

/// Every chart of a run: a fan per key outcome (a model that records only once gets none),
/// small multiples per declared panel, target bars and one histogram per entry of `samples`
/// (marking the targets on that metric and year).
pub fn run_charts(s: &Summary, samples: &[HorizonSamples]) -> anyhow::Result<Vec<RenderedChart>> {
    let mut out = Vec::new();
    let dynamic = s.steps > 0;
    for m in s.key_outcomes.iter().filter(|_| dynamic) {
        let Some(f) = Fan::from_summary(s, m, palette(0)) else {
            continue;
        };
        let info = MetricInfo::of(&s.outcome(m));
        let title = format!("{} — {}", info.title, s.scenario);
        let legend = f.legend();
        let c = FanChart {
            title: title.clone(),
            y_desc: axis_desc(&info),
            info,
            fans: vec![f],
            zero_always: false,
            legend,
        };
        out.push(chart(format!("fan_{m}"), title, render(&c)?));
    }
    for panel in s.panels.iter().filter(|_| dynamic) {
        let members: Vec<_> = s
            .outcome_info
            .iter()
            .filter(|o| o.panel.as_deref() == Some(panel.name.as_str()))
            .collect();
        let fans: Vec<(String, Fan)> = members
            .iter()
            .filter_map(|o| {
                // A panel shows the part of the title after its prefix ("Exports: film" → "film").
                let short = o.title.split_once(": ").map_or(o.title.as_str(), |x| x.1);
                Some((
                    short.to_string(),
                    Fan::from_summary(s, &o.name, palette(0))?,
                ))
            })
            .collect();
        let Some(first) = members.first() else {
            continue;
        };
        if fans.is_empty() {
            continue;
        }
        let title = format!("{} — {}", panel.title, s.scenario);
        let c = SectorPanels {
            title: title.clone(),
            info: MetricInfo::of(first),
            fans,
        };
        out.push(chart(file_part(&panel.name), title, render(&c)?));
    }
    if !s.targets.is_empty() {
        let title = format!("Target probabilities — {}", s.scenario);
        let c = bars::target_bars(title.clone(), &[(s.scenario.as_str(), &s.targets)]);
        out.push(chart("targets".into(), title, render(&c)?));
    }
    for h in samples {
        let info = MetricInfo::of(&s.outcome(&h.metric));
        let title = if dynamic {
            format!(
                "{} in {:.0}: distribution over paths — {}",
                info.title, h.year, s.scenario
            )
        } else {
            format!("{}: distribution over paths — {}", info.title, s.scenario)
        };
        let name = format!(
            "hist_{}_{}",
            file_part(&h.metric),
            file_part(&format!("{}", h.year))
        );
        let mut c = chart(
            name,
            title,
            hist::draw_histogram(h, info, &s.targets, &s.scenario)?,
        );
        c.histogram_of = Some((h.metric.clone(), h.year));
        out.push(c);
    }
    Ok(out)
}

/// Every chart of a comparison: overlaid fans per key outcome, a difference fan per later scenario
/// and key outcome, and grouped target probabilities. Scenario `i` is drawn in [`palette`]`(i)`.
pub fn comparison_charts(c: &Comparison) -> anyhow::Result<Vec<RenderedChart>> {
    let mut out = Vec::new();
    let base = c.scenarios.first().cloned().unwrap_or_default();
    let Some(first) = c.summaries.first() else {
        return Ok(out);
    };
    let keys: Vec<&String> = first
        .key_outcomes
        .iter()
        .filter(|_| first.steps > 0)
        .collect();
    for m in keys.iter().copied() {
        let fans: Vec<Fan> = c
            .summaries
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Fan::from_summary(s, m, palette(i)))
            .collect();
        if fans.is_empty() {
            continue;
        }
        let info = MetricInfo::of(&first.outcome(m));
        let title = format!("{} — {}", info.title, c.scenarios.join(" vs "));
        let legend = overlay_legend(&fans);
        let ch = FanChart {
            title: title.clone(),
            y_desc: axis_desc(&info),
            info,
            fans,
            zero_always: false,
            legend,
        };
        out.push(chart(format!("compare_{m}"), title, render(&ch)?));
    }
    for (i, scn) in c.scenarios.iter().enumerate().skip(1) {
        for m in keys.iter().copied() {
            let Some(f) = Fan::from_diffs(c, scn, m, palette(i)) else {
                continue;
            };
            let info = MetricInfo::of(&first.outcome(m));
            let title = format!("{}: {} − {} (same paths)", info.title, scn, base);
            let mut legend = f.legend();
            legend.push(LegendItem::new(
                Swatch::Line(plotters::style::BLACK, 1),
                "zero: no difference",
            ));
            let y_desc = format!(
                "difference ({})",
                if info.unit.is_empty() {
                    "value"
                } else {
                    info.unit.as_str()
                }
            );
            let ch = FanChart {
                title: title.clone(),
                y_desc,
                info,
                fans: vec![f],
                zero_always: true,
                legend,
            };
            out.push(chart(
                format!("diff_{}_{m}", file_part(scn)),
                title,
                render(&ch)?,
            ));
        }
    }
    if c.summaries.iter().any(|s| !s.targets.is_empty()) {
        let runs: Vec<(&str, &[_])> = c
            .summaries
            .iter()
            .map(|s| (s.scenario.as_str(), s.targets.as_slice()))
            .collect();
        let title = "Target probabilities by scenario".to_string();
        out.push(chart(
            "compare_targets".into(),
            title.clone(),
            render(&bars::target_bars(title, &runs))?,
        ));
    }
    Ok(out)
}

/// Files `charts/<name>.png` and `charts/<name>.svg` of each chart.
pub fn chart_files(charts: &[RenderedChart]) -> Vec<ChartFile> {
    let mut v = Vec::with_capacity(charts.len() * 2);
    for c in charts {
        v.push((
            PathBuf::from("charts").join(format!("{}.png", c.name)),
            c.png.clone(),
        ));
        v.push((
            PathBuf::from("charts").join(format!("{}.svg", c.name)),
            c.svg.clone().into_bytes(),
        ));
    }
    v
}

/// Each chart as the report takes it: name, title, the SVG without its drawn title (the report
/// gives each chart its title as a caption, once) and what a histogram shows.
pub fn chart_svgs(charts: &[RenderedChart]) -> Vec<ChartSvg> {
    charts
        .iter()
        .map(|c| ChartSvg {
            name: c.name.clone(),
            title: c.title.clone(),
            svg: c.untitled_svg.clone(),
            histogram_of: c.histogram_of.clone(),
        })
        .collect()
}
