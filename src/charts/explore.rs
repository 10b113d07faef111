//! Charts of an exploration (`softpower explore`): a sweep's line per output with each
//! probability's Wilson band, a two-factor grid's heatmap per output with each probability's
//! 0.5 contour ([`super::explore_map`]), and for other designs each output against each factor
//! as small multiples of scatters ([`super::explore_xy`]).

use super::draw::{render, Area, Axis, Chart, LEGEND_W};
use super::explore_map::{HeatMap, MapGrid};
use super::explore_xy::{bounds, Panel, Scale, Scatter, Sweep};
use super::fan::value_axis;
use super::format::{axis_desc, MetricInfo};
use super::{chart, file_part, RenderedChart};
use crate::engine::rng::state_words;
use crate::experiment::ExploreResult;
use crate::model::OutcomeInfo;
use crate::scenario::{statistic_label, year_label, ExploreDesign, OutputKind};
use plotters::prelude::*;

/// What the exploration charts need besides the result.
#[derive(Debug, Clone, Default)]
pub struct ExploreLabels {
    /// Scenario name (ends every title).
    pub scenario: String,
    /// The model's outcomes: titles and units of the statistics' axes.
    pub outcomes: Vec<OutcomeInfo>,
}

/// The charts of an exploration and what a report should say about them.
#[derive(Debug, Clone, Default)]
pub struct ExploreCharts {
    /// The charts, output by output.
    pub charts: Vec<RenderedChart>,
    /// What was capped or left undrawn, as sentences.
    pub notes: Vec<String>,
}

/// One output as drawn: its column name, axis description, tick format and values, and for a
/// probability its 95 % Wilson bounds.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    /// Column name: `<metric>@<year>:<statistic>` or `P(<target>)`.
    pub name: String,
    /// Axis description.
    pub desc: String,
    /// Tick suffix and whether whole numbers.
    pub info: MetricInfo,
    /// Value per experiment.
    pub values: Vec<f64>,
    /// For a probability: the (low, high) Wilson bounds per experiment.
    pub band: Option<(Vec<f64>, Vec<f64>)>,
}

impl Series {
    /// Every output of `r`, in column order.
    pub fn all(r: &ExploreResult, labels: &ExploreLabels) -> Vec<Series> {
        let cols = r.output_columns();
        let outputs = r.def.outputs.iter().zip(cols);
        outputs
            .map(|(o, (c, bounds))| {
                let (desc, info) = match &o.kind {
                    OutputKind::Probability(_) => {
                        let info = MetricInfo {
                            title: o.name.clone(),
                            unit: String::new(),
                            suffix: String::new(),
                            integer: false,
                        };
                        (o.name.clone(), info)
                    }
                    OutputKind::Stat {
                        metric,
                        year,
                        statistic,
                        ..
                    } => {
                        let found = labels.outcomes.iter().find(|x| &x.name == metric);
                        let plain = || OutcomeInfo::plain(metric);
                        let info = MetricInfo::of(&found.cloned().unwrap_or_else(plain));
                        let (stat, year) = (statistic_label(*statistic), year_label(*year));
                        (format!("{}, {stat} in {year}", axis_desc(&info)), info)
                    }
                };
                Series {
                    name: c.name,
                    desc,
                    info,
                    values: c.values,
                    band: bounds.map(|(lo, hi)| (lo.values, hi.values)),
                }
            })
            .collect()
    }

    /// The value scale: 0 to 1 for a probability, else the values' range with some room.
    pub fn scale(&self, ticks: usize) -> Scale {
        if self.band.is_some() {
            let tenths = (0..=10).map(|i| f64::from(i) / 10.0).collect();
            return Scale {
                axis: Axis::new(0.0, 1.0, tenths).with_inset(3),
                decimals: 1,
                suffix: String::new(),
            };
        }
        let va = value_axis(bounds(&self.values), false, ticks, self.info.integer);
        Scale {
            axis: Axis::new(va.lo, va.hi, va.ticks).with_inset(3),
            decimals: va.decimals,
            suffix: self.info.suffix.clone(),
        }
    }
}

/// Charts are drawn for at most this many outputs (the first ones).
pub const MAX_CHARTED_OUTPUTS: usize = 20;
/// A scatter chart has one panel per factor, for at most this many factors (the first ones).
pub const MAX_SCATTER_PANELS: usize = 12;
/// A scatter chart draws at most this many experiments (a fixed pseudo-random subset of them).
pub const MAX_SCATTER_POINTS: usize = 2000;

/// How an exploration is charted.
enum Layout {
    /// Nothing varies: one experiment.
    Nothing,
    /// A grid over one varying factor (others fixed): lines.
    Sweep(usize),
    /// A grid over two varying factors: heatmaps.
    Map(usize, usize),
    /// Anything else: scatters against every factor.
    Scatter,
}

fn layout(r: &ExploreResult) -> Layout {
    if r.def.design != ExploreDesign::Grid {
        return Layout::Scatter;
    }
    let varying: Vec<usize> = (0..r.def.factors.len())
        .filter(|&i| {
            let v = r.factor_values(i);
            v.iter().any(|x| x.total_cmp(&v[0]).is_ne())
        })
        .collect();
    match varying[..] {
        [] => Layout::Nothing,
        [a] => Layout::Sweep(a),
        [a, b] => Layout::Map(a, b),
        _ => Layout::Scatter,
    }
}

/// File stem of output `j`'s chart of `kind`: the index and the name's safe characters.
fn stem(kind: &str, j: usize, name: &str) -> String {
    let part: String = file_part(name).chars().take(40).collect();
    format!("{kind}_{:02}_{}", j + 1, part.trim_matches('_'))
}

/// Every chart of an exploration: for a grid over one factor a line per output against it
/// (probabilities with their 95 % Wilson band), over two factors a heatmap per output (the first
/// factor across, the second up; probabilities with their 0.5 contour), and otherwise one chart
/// of small multiples per output, a scatter against each factor. Factors that keep one value in
/// a grid do not count. At most `MAX_CHARTED_OUTPUTS` (20) outputs are charted.
pub fn explore_charts(r: &ExploreResult, labels: &ExploreLabels) -> anyhow::Result<ExploreCharts> {
    let all = Series::all(r, labels);
    let mut notes = Vec::new();
    if all.len() > MAX_CHARTED_OUTPUTS {
        notes.push(format!(
            "Charts show the first {MAX_CHARTED_OUTPUTS} of the {} outputs; experiments.csv has them all.",
            all.len()
        ));
    }
    let shown = all.iter().enumerate().take(MAX_CHARTED_OUTPUTS);
    let mut charts = Vec::new();
    let mut push = |kind: &str, (j, s): (usize, &Series), what: &str, body: Body| {
        let title = format!("{} {what} — {}", s.name, labels.scenario);
        let c = Framed {
            title: title.clone(),
            body,
        };
        charts.push(chart(stem(kind, j, &s.name), title, render(&c)?));
        anyhow::Ok(())
    };
    let factors = &r.def.factors;
    match layout(r) {
        Layout::Nothing => {
            notes.push("One experiment: no factor varies, so there is nothing to chart.".into())
        }
        Layout::Sweep(i) => {
            let (x, x_desc) = (r.factor_values(i), factors[i].path.as_str());
            for (j, s) in shown {
                let body = Body::Sweep(Sweep { x_desc, x: &x, s });
                push("sweep", (j, s), &format!("vs {x_desc}"), body)?;
            }
        }
        Layout::Map(a, b) => {
            let names = (factors[a].path.as_str(), factors[b].path.as_str());
            let grid = MapGrid::new(&r.factor_values(a), &r.factor_values(b), names);
            notes.extend(grid.notes.iter().cloned());
            for (j, s) in shown {
                let body = Body::Map(HeatMap {
                    grid: &grid,
                    names,
                    s,
                });
                push("heatmap", (j, s), "over the factor grid", body)?;
            }
        }
        Layout::Scatter => {
            let n = r.eval.table.rows();
            let rows = subset(n, MAX_SCATTER_POINTS);
            let k = factors.len().min(MAX_SCATTER_PANELS);
            if k < factors.len() {
                notes.push(format!(
                    "Scatter charts show the first {k} of the {} factors.",
                    factors.len()
                ));
            }
            let note = (rows.len() < n).then(|| {
                format!(
                    "{} of the {n} experiments drawn (a fixed pseudo-random subset)",
                    rows.len()
                )
            });
            notes.extend(note.iter().map(|m| format!("Scatter charts: {m}.")));
            let panels: Vec<Panel> = (0..k)
                .map(|i| {
                    let v = r.factor_values(i);
                    let (lo, hi) = bounds(&v);
                    let (a, b) = factors[i].bounds();
                    Panel {
                        path: &factors[i].path,
                        range: (a.min(lo), b.max(hi)),
                        x: rows.iter().map(|&e| v[e]).collect(),
                    }
                })
                .collect();
            for (j, s) in shown {
                let body = Body::Scatter(Scatter {
                    panels: &panels,
                    rows: &rows,
                    s,
                    note: note.clone(),
                });
                push("scatter", (j, s), "vs each factor", body)?;
            }
        }
    }
    Ok(ExploreCharts { charts, notes })
}

/// What an exploration chart draws below its title.
enum Body<'a> {
    /// A sweep's line.
    Sweep(Sweep<'a>),
    /// A two-factor heatmap.
    Map(HeatMap<'a>),
    /// Scatters against each factor.
    Scatter(Scatter<'a>),
}

/// An exploration chart: a title over a body; lines and heatmaps have a legend column.
struct Framed<'a> {
    title: String,
    body: Body<'a>,
}

impl Chart for Framed<'_> {
    fn title(&self) -> &str {
        &self.title
    }

    fn size(&self) -> (u32, u32) {
        match &self.body {
            Body::Sweep(_) => (1000, 600),
            Body::Map(_) => (1000, 640),
            Body::Scatter(s) => s.size(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (w, _) = area.dim_in_pixel();
        let (plot, legend) = area.split_horizontally(w - LEGEND_W);
        match &self.body {
            Body::Sweep(s) => s.draw(&plot, &legend),
            Body::Map(m) => m.draw(&plot, &legend),
            Body::Scatter(s) => s.draw(area),
        }
    }
}

/// `max` of the indices `0..n` (all when `n ≤ max`), picked by a fixed hash so that no grid
/// stride is favoured, in ascending order.
fn subset(n: usize, max: usize) -> Vec<usize> {
    if n <= max {
        return (0..n).collect();
    }
    let mut keyed: Vec<(u64, usize)> = (0..n)
        .map(|i| (state_words(0, i as u64, 0)[0], i))
        .collect();
    keyed.select_nth_unstable(max - 1);
    let mut picked: Vec<usize> = keyed[..max].iter().map(|k| k.1).collect();
    picked.sort_unstable();
    picked
}

#[cfg(test)]
#[path = "explore_tests.rs"]
mod tests;
