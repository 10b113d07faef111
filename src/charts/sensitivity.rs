//! Charts of a sensitivity study, one per output: Sobol S1 and ST bars with their bootstrap
//! intervals, the Morris μ*–σ scatter with labelled factors, and the one-at-a-time tornado.
//!
//! Files are named by the output's position (`sobol_1`, `morris_2`, `tornado_1`, …), since output
//! names hold `@`, `:`, spaces and brackets; the chart's title names the output.

use super::bars::{Bar, BarSeries, Bars, Reference};
use super::clip::Window;
use super::draw::{font, legend_row, mesh, render, text_w, Area, Axis, Chart, LegendItem, Swatch};
use super::fan::value_axis;
use super::format::{fmt_num, fmt_sig, palette, pct};
use super::labels::place_labels;
use super::{chart, RenderedChart};
use crate::experiment::{OutputSummary, SensitivityResult};
use crate::scenario::Method;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// File stem of the chart of output `i` (0-based) under `method`: `sobol_1`, `morris_1`, `tornado_1`.
pub fn sensitivity_chart_name(method: Method, i: usize) -> String {
    let kind = match method {
        Method::Sobol => "sobol",
        Method::Morris => "morris",
        Method::Oat => "tornado",
    };
    format!("{kind}_{}", i + 1)
}

/// One chart per output of the study, in output order; `scenario` ends each title.
pub fn sensitivity_charts(
    r: &SensitivityResult,
    scenario: &str,
) -> anyhow::Result<Vec<RenderedChart>> {
    let level = format!("{} %", pct(r.def.confidence));
    let mut out = Vec::with_capacity(r.outputs.len());
    for (i, s) in r.outputs.iter().enumerate() {
        let name = sensitivity_chart_name(r.def.method, i);
        let (title, drawn) = match r.def.method {
            Method::Sobol => {
                let title = format!("Sobol indices: {} — {scenario}", s.output);
                let d = render(&sobol_bars(r, s, title.clone(), &level))?;
                (title, d)
            }
            Method::Morris => {
                let title = format!("Morris screening: {} — {scenario}", s.output);
                let d = render(&morris_scatter(r, s, title.clone(), &level))?;
                (title, d)
            }
            Method::Oat => {
                let title = format!("One at a time: {} — {scenario}", s.output);
                let d = render(&tornado(r, s, title.clone()))?;
                (title, d)
            }
        };
        out.push(chart(name, title, drawn));
    }
    Ok(out)
}

/// An index of `s`'s output for `factor` as a bar from 0, with its interval and text.
fn index_bar(r: &SensitivityResult, s: &OutputSummary, factor: &str, index: &str) -> Option<Bar> {
    let row = r.index(&s.output, factor, index)?;
    let interval = row.ci_low.zip(row.ci_high);
    let text = match interval {
        Some((lo, hi)) => format!("{index} {:.3} [{lo:.3}–{hi:.3}]", row.estimate),
        None => format!("{index} {:.3}", row.estimate),
    };
    Some(Bar {
        from: 0.0,
        to: row.estimate,
        interval,
        text,
    })
}

/// Two series over the factors of `s` in its ranking, `(index, legend label)` each, in the
/// first two colours; `bar(factor, index, series)` makes each bar. The value axis holds every
/// bar and interval and `include`; the texts, the reference line and the layout are the caller's.
fn ranked_bars(
    s: &OutputSummary,
    title: String,
    kinds: [(&str, &str); 2],
    bar: impl Fn(&str, &str, usize) -> Option<Bar>,
    include: &[f64],
    zero_always: bool,
) -> Bars {
    let series: Vec<BarSeries> = kinds
        .iter()
        .enumerate()
        .map(|(j, (ix, label))| BarSeries {
            label: label.to_string(),
            color: palette(j),
            values: s.ranking.iter().map(|f| bar(f, ix, j)).collect(),
        })
        .collect();
    let mut v: Vec<f64> = include.to_vec();
    for b in series.iter().flat_map(|s| s.values.iter().flatten()) {
        v.extend([b.from, b.to]);
        v.extend(b.interval.iter().flat_map(|&(lo, hi)| [lo, hi]));
    }
    let extent = v
        .iter()
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let a = value_axis(extent, zero_always, if zero_always { 10 } else { 8 }, false);
    Bars {
        title,
        names: s.ranking.clone(),
        series,
        axis: Axis::new(a.lo, a.hi, a.ticks),
        decimals: a.decimals,
        x_desc: String::new(),
        head: String::new(),
        overlay: false,
        reference: None,
    }
}

/// S1 and ST of every factor, factors by ST (the study's ranking), on an axis holding 0 to 1.
fn sobol_bars(r: &SensitivityResult, s: &OutputSummary, title: String, level: &str) -> Bars {
    let kinds = [
        ("S1", "S1: the factor alone"),
        ("ST", "ST: with its interactions"),
    ];
    let bar = |f: &str, ix: &str, _| index_bar(r, s, f, ix);
    let mut b = ranked_bars(s, title, kinds, bar, &[0.0, 1.0], true);
    let sum = s
        .sum_s1
        .map_or(String::new(), |t| format!("; Σ S1 = {:.3}", t[0]));
    b.x_desc = format!("share of the output's variance, {level} bootstrap intervals{sum}");
    b.head = format!("index [{level} interval]");
    b.reference = (b.axis.lo < 0.0).then(|| Reference {
        at: 0.0,
        label: "zero".into(),
    });
    b
}

/// Per factor, by |swing|: a bar from the base output to the output at the factor's low value and
/// one to the output at its high value, over one another.
pub(super) fn tornado(r: &SensitivityResult, s: &OutputSummary, title: String) -> Bars {
    let base = s.base.unwrap_or(f64::NAN);
    let value = |f: &str, ix: &str| r.index(&s.output, f, ix).map(|x| x.estimate);
    let kinds = [
        ("low", "output at the factor's low value"),
        ("high", "at its high value"),
    ];
    let bar = |f: &str, ix: &str, j: usize| {
        let y = value(f, ix)?;
        let text = match (j, value(f, "high")) {
            (0, Some(hi)) => format!("{} → {}", fmt_sig(y, 4, ""), fmt_sig(hi, 4, "")),
            _ => String::new(),
        };
        Some(Bar {
            from: base,
            to: y,
            interval: None,
            text,
        })
    };
    let mut b = ranked_bars(s, title, kinds, bar, &[base], false);
    b.x_desc = format!(
        "{} (each factor moved alone, the others at their base)",
        s.output
    );
    b.head = "low → high".into();
    b.overlay = true;
    b.reference = Some(Reference {
        at: base,
        label: format!("base: every factor at its base ({})", fmt_sig(base, 4, "")),
    });
    b
}

/// One factor of a Morris scatter.
struct MorrisPoint {
    name: String,
    mu_star: f64,
    interval: Option<(f64, f64)>,
    sigma: f64,
}

/// The μ*–σ plane of one output.
struct MorrisScatter {
    title: String,
    level: String,
    /// By μ*, largest first (labels are placed in this order).
    points: Vec<MorrisPoint>,
}

fn morris_scatter(
    r: &SensitivityResult,
    s: &OutputSummary,
    title: String,
    level: &str,
) -> MorrisScatter {
    let points = s
        .ranking
        .iter()
        .filter_map(|f| {
            let m = r.index(&s.output, f, "mu_star")?;
            Some(MorrisPoint {
                name: f.clone(),
                mu_star: m.estimate,
                interval: m.ci_low.zip(m.ci_high),
                sigma: r.index(&s.output, f, "sigma")?.estimate,
            })
        })
        .collect();
    MorrisScatter {
        title,
        level: level.into(),
        points,
    }
}

/// Colour of the σ = μ* line.
const GUIDE: RGBColor = RGBColor(120, 120, 120);

impl Chart for MorrisScatter {
    fn size(&self) -> (u32, u32) {
        (1000, 640)
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let color = palette(0);
        let (legend, body) = area.split_vertically(30);
        legend_row(
            &legend,
            &[
                LegendItem::new(
                    Swatch::Line(color, 2),
                    format!("factor: μ* with its {} interval", self.level),
                ),
                LegendItem::new(
                    Swatch::Dashed(GUIDE),
                    "σ = μ*: above it, effects vary (nonlinear or interacting)",
                ),
            ],
            12,
        )?;
        let xs = self
            .points
            .iter()
            .flat_map(|p| [p.mu_star, p.interval.map_or(0.0, |i| i.1)]);
        let xmax = xs.filter(|x| x.is_finite()).fold(0.0, f64::max);
        let ymax = self
            .points
            .iter()
            .map(|p| p.sigma)
            .filter(|x| x.is_finite())
            .fold(0.0, f64::max);
        let (xa, ya) = (
            value_axis((0.0, xmax), false, 8, false),
            value_axis((0.0, ymax), false, 6, false),
        );
        let mut ch = ChartBuilder::on(&body)
            .margin_top(10)
            .margin_right(24)
            .margin_left(4)
            .x_label_area_size(46)
            .y_label_area_size(72)
            .build_cartesian_2d(
                Axis::new(xa.lo, xa.hi, xa.ticks.clone()),
                Axis::new(ya.lo, ya.hi, ya.ticks.clone()),
            )?;
        let xfmt = |v: &f64| fmt_num(*v, xa.decimals, "");
        let yfmt = |v: &f64| fmt_num(*v, ya.decimals, "");
        mesh(&mut ch, 14)
            .x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .x_desc(
                "μ*: mean |elementary effect| (change of the output over the factor's whole range)",
            )
            .y_desc("σ: sd of the elementary effects")
            .draw()?;
        let win = Window {
            x0: xa.lo,
            x1: xa.hi,
            y0: ya.lo,
            y1: ya.hi,
        };
        let far = xa.hi.max(ya.hi);
        for run in win.polyline(&[(0.0, 0.0), (far, far)]) {
            ch.draw_series(DashedLineSeries::new(run, 8, 5, GUIDE.stroke_width(1)))?;
        }
        let finite: Vec<&MorrisPoint> = self
            .points
            .iter()
            .filter(|p| p.mu_star.is_finite() && p.sigma.is_finite())
            .collect();
        let whisker = color.stroke_width(2);
        for p in &finite {
            let Some((lo, hi)) = p.interval else { continue };
            let (lo, hi) = (lo.clamp(xa.lo, xa.hi), hi.clamp(xa.lo, xa.hi));
            ch.draw_series(std::iter::once(PathElement::new(
                vec![(lo, p.sigma), (hi, p.sigma)],
                whisker,
            )))?;
            for x in [lo, hi] {
                ch.draw_series(std::iter::once(
                    EmptyElement::at((x, p.sigma))
                        + PathElement::new(vec![(0, -5), (0, 5)], whisker),
                ))?;
            }
        }
        ch.draw_series(
            finite
                .iter()
                .map(|p| Circle::new((p.mu_star, p.sigma), 5, color.filled())),
        )?;
        let at: Vec<(i32, i32)> = finite
            .iter()
            .map(|p| ch.backend_coord(&(p.mu_star, p.sigma)))
            .collect();
        let (l, b) = ch.backend_coord(&(xa.lo, ya.lo));
        let (r, t) = ch.backend_coord(&(xa.hi, ya.hi));
        let mut texts = Vec::with_capacity(finite.len());
        for p in &finite {
            let s = super::draw::fit(&body, &p.name, 13, 300)?;
            texts.push((text_w(&body, &s, 13)?, s));
        }
        let sizes: Vec<(i32, i32)> = texts.iter().map(|(w, _)| (*w, 16)).collect();
        let whiskers: Vec<_> = finite
            .iter()
            .filter_map(|p| {
                let (lo, hi) = p.interval?;
                let (x0, y) = ch.backend_coord(&(lo.clamp(xa.lo, xa.hi), p.sigma));
                let (x1, _) = ch.backend_coord(&(hi.clamp(xa.lo, xa.hi), p.sigma));
                Some((x0, y - 5, x1, y + 5))
            })
            .collect();
        let places = place_labels(&at, &sizes, &whiskers, (l, t, r, b));
        for ((p, (_, text)), &q) in finite.iter().zip(texts).zip(&places) {
            let anchor = (p.mu_star, p.sigma);
            if q.far() {
                ch.draw_series(std::iter::once(
                    EmptyElement::at(anchor)
                        + PathElement::new(vec![(0, 0), (q.dx, q.dy)], GUIDE.stroke_width(1)),
                ))?;
            }
            let h = if q.left { HPos::Right } else { HPos::Left };
            let style = font(13).pos(Pos::new(h, VPos::Center));
            ch.plotting_area()
                .draw(&(EmptyElement::at(anchor) + Text::new(text, (q.dx, q.dy), style)))?;
        }
        Ok(())
    }
}
