//! Fan charts: a median line with bands over calendar years, for a run, overlaid scenarios and differences.

use super::clip::{stroke_points, Window};
use super::draw::{
    legend_column, mesh, text_w, Area, Axis, Chart, LegendItem, Plot, Swatch, LEGEND_W,
};
use super::format::{fmt_num, nice_ticks, year_ticks, Levels, MetricInfo};
use crate::compare::results::Comparison;
use crate::results::Summary;
use plotters::prelude::*;
use std::iter::once;

/// One scenario's fan of one outcome: central line and up to two bands, per year.
#[derive(Debug, Clone)]
pub(crate) struct Fan {
    /// Scenario name (legend label of overlays).
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Calendar time of each point.
    pub years: Vec<f64>,
    /// Central line.
    pub median: Vec<f64>,
    /// Legend label of the central line.
    pub median_label: String,
    /// Outer band (lower, upper).
    pub outer: Option<(Vec<f64>, Vec<f64>)>,
    /// Legend label of the outer band.
    pub outer_label: String,
    /// Inner band (lower, upper).
    pub inner: Option<(Vec<f64>, Vec<f64>)>,
    /// Legend label of the inner band.
    pub inner_label: String,
    /// Notes about bands not drawn.
    pub notes: Vec<String>,
}

impl Fan {
    /// The fan of `metric` in a run, or None when the run did not record it.
    pub fn from_summary(s: &Summary, metric: &str, color: RGBColor) -> Option<Fan> {
        let lv = Levels::of(&s.quantiles);
        let rows: Vec<_> = s.rows.iter().filter(|r| r.metric == metric).collect();
        if rows.is_empty() {
            return None;
        }
        let col = |i: usize| {
            rows.iter()
                .map(|r| r.quantiles.get(i).copied().unwrap_or(f64::NAN))
                .collect::<Vec<_>>()
        };
        Some(Fan {
            label: s.scenario.clone(),
            color,
            years: rows.iter().map(|r| r.year).collect(),
            median: lv
                .median
                .map_or_else(|| rows.iter().map(|r| r.mean).collect(), col),
            median_label: lv.median_label,
            outer: lv.outer.map(|(a, b)| (col(a), col(b))),
            outer_label: lv.outer_label,
            inner: lv.inner.map(|(a, b)| (col(a), col(b))),
            inner_label: lv.inner_label,
            notes: lv.notes,
        })
    }

    /// The fan of the path-wise difference `scenario − first scenario` of `metric`.
    pub fn from_diffs(
        c: &Comparison,
        scenario: &str,
        metric: &str,
        color: RGBColor,
    ) -> Option<Fan> {
        let rows: Vec<_> = c.diff_series(scenario, metric).collect();
        if rows.is_empty() {
            return None;
        }
        Some(Fan {
            label: scenario.to_string(),
            color,
            years: rows.iter().map(|d| d.year).collect(),
            median: rows.iter().map(|d| d.diff_p50).collect(),
            median_label: "median difference".into(),
            outer: Some((
                rows.iter().map(|d| d.diff_p05).collect(),
                rows.iter().map(|d| d.diff_p95).collect(),
            )),
            outer_label: "5–95 % band of the path-wise difference".into(),
            inner: None,
            inner_label: String::new(),
            notes: Vec::new(),
        })
    }

    /// Smallest and largest finite value drawn.
    fn y_bounds(&self) -> (f64, f64) {
        let mut all: Vec<&Vec<f64>> = vec![&self.median];
        for (l, h) in self.outer.iter().chain(self.inner.iter()) {
            all.push(l);
            all.push(h);
        }
        let vals = all.into_iter().flatten().copied().filter(|v| v.is_finite());
        vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        })
    }

    /// Legend entries of a fan drawn alone.
    pub fn legend(&self) -> Vec<LegendItem> {
        let mut v = vec![LegendItem::new(
            Swatch::Line(self.color, 3),
            &self.median_label,
        )];
        if self.inner.is_some() {
            v.push(LegendItem::new(
                Swatch::Band(self.color, 0.47),
                &self.inner_label,
            ));
        }
        if self.outer.is_some() {
            v.push(LegendItem::new(
                Swatch::Band(self.color, 0.18),
                &self.outer_label,
            ));
        }
        v.extend(self.notes.iter().map(|n| LegendItem::new(Swatch::Note, n)));
        v
    }
}

/// Legend entries of several fans overlaid (central line and outer band of each).
pub(crate) fn overlay_legend(fans: &[Fan]) -> Vec<LegendItem> {
    let mut v = Vec::new();
    for f in fans {
        v.push(LegendItem::new(
            Swatch::Line(f.color, 3),
            format!("{}: {}", f.label, f.median_label),
        ));
        if f.outer.is_some() {
            v.push(LegendItem::new(
                Swatch::Band(f.color, 0.13),
                format!("{}: {}", f.label, f.outer_label),
            ));
        }
    }
    let mut notes: Vec<&String> = fans.iter().flat_map(|f| &f.notes).collect();
    notes.dedup();
    v.extend(notes.into_iter().map(|n| LegendItem::new(Swatch::Note, n)));
    v
}

/// How one panel of fans is drawn.
pub(crate) struct Panel<'a> {
    /// Caption above the panel (small multiples).
    pub caption: Option<String>,
    /// Tick label size, pixels.
    pub px: u32,
    /// Y axis description.
    pub y_desc: Option<String>,
    /// Show the "year" description under the x axis.
    pub x_desc: bool,
    /// At most this many year ticks.
    pub max_x_ticks: usize,
    /// About this many value ticks.
    pub y_ticks: usize,
    /// Units and tick format.
    pub info: &'a MetricInfo,
    /// Always include 0 in the value range (differences).
    pub zero_always: bool,
}

/// Polygon of a band: upper edge forward, lower edge back.
pub(crate) fn band_polygon(years: &[f64], (lo, hi): &(Vec<f64>, Vec<f64>)) -> Vec<(f64, f64)> {
    let up = years.iter().zip(hi).map(|(x, y)| (*x, *y));
    let down = years.iter().zip(lo).rev().map(|(x, y)| (*x, *y));
    up.chain(down).collect()
}

/// Points of a line over the years.
fn line(years: &[f64], values: &[f64]) -> Vec<(f64, f64)> {
    years.iter().zip(values).map(|(x, y)| (*x, *y)).collect()
}

/// The value axis of a panel: range, ticks, their decimals and whether a zero line is drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueAxis {
    /// Bottom of the range.
    pub lo: f64,
    /// Top of the range.
    pub hi: f64,
    /// Tick positions.
    pub ticks: Vec<f64>,
    /// Decimals of the tick labels.
    pub decimals: usize,
    /// Draw a line at 0 (the range crosses it, or differences).
    pub zero_line: bool,
}

/// The value axis over the data's `(smallest, largest)` value, about `n` ticks: 6 % of the span
/// is added above and below, but never below 0 when no value is negative (a count, a share or an
/// amount that cannot be negative gets no negative room); `zero_always` includes 0 (differences).
pub(crate) fn value_axis(
    bounds: (f64, f64),
    zero_always: bool,
    n: usize,
    integer: bool,
) -> ValueAxis {
    let (mut lo, mut hi) = bounds;
    if !lo.is_finite() || !hi.is_finite() || lo > hi {
        (lo, hi) = (0.0, 1.0);
    }
    if zero_always {
        (lo, hi) = (lo.min(0.0), hi.max(0.0));
    }
    let nonneg = lo >= 0.0;
    let zero_line = zero_always || (lo < 0.0 && hi > 0.0);
    if hi - lo < 1e-9 {
        let d = (lo.abs() * 0.1).max(1.0);
        (lo, hi) = (if nonneg { lo.min(0.0) } else { lo - d }, hi + d);
    }
    let pad = (hi - lo) * 0.06;
    (lo, hi) = (lo - pad, hi + pad);
    if nonneg {
        lo = lo.max(0.0);
    }
    let (ticks, decimals) = nice_ticks(lo, hi, n, integer);
    ValueAxis {
        lo,
        hi,
        ticks,
        decimals,
        zero_line,
    }
}

/// Draw the part of a shape inside the window: a filled style fills `pts` as a polygon, any
/// other strokes them as a line; a thick line gets only the points that make it level on the
/// screen (see [`stroke_points`]).
pub(crate) fn draw_clipped<DB: DrawingBackend>(
    ch: &mut Plot<DB>,
    win: &Window,
    pts: &[(f64, f64)],
    style: ShapeStyle,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    if style.filled {
        let inside = win.polygon(pts);
        if inside.len() > 2 {
            ch.draw_series(once(Polygon::new(inside, style)))?;
        }
        return Ok(());
    }
    for run in win.polyline(pts) {
        let run: Vec<(f64, f64)> = if style.stroke_width > 1 {
            let px: Vec<(i32, i32)> = run.iter().map(|p| ch.backend_coord(p)).collect();
            stroke_points(&px).into_iter().map(|i| run[i]).collect()
        } else {
            run
        };
        ch.draw_series(LineSeries::new(run, style))?;
    }
    Ok(())
}

/// Draw fans in `area`: axes, bands, a zero line where the range crosses 0, then the central
/// lines, all kept inside the plotting area.
pub(crate) fn plot_fans<DB: DrawingBackend>(
    area: &Area<DB>,
    fans: &[Fan],
    p: &Panel,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let xs = fans.iter().flat_map(|f| f.years.iter().copied());
    let (mut x0, mut x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !x0.is_finite() || !x1.is_finite() {
        (x0, x1) = (0.0, 1.0);
    } else if x1 <= x0 {
        (x0, x1) = (x0 - 0.5, x0 + 0.5);
    }
    let bounds = fans
        .iter()
        .map(Fan::y_bounds)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |a, b| {
            (a.0.min(b.0), a.1.max(b.1))
        });
    let va = value_axis(bounds, p.zero_always, p.y_ticks, p.info.integer);
    let (lo, hi, dec) = (va.lo, va.hi, va.decimals);
    let suffix = p.info.suffix.as_str();
    let mut ylw = 0;
    for v in &va.ticks {
        ylw = ylw.max(text_w(area, &fmt_num(*v, dec, suffix), p.px)?);
    }
    let mut b = ChartBuilder::on(area);
    b.margin_top(10)
        .margin_right(18)
        .margin_left(4)
        .margin_bottom(4);
    b.x_label_area_size(if p.x_desc { 46 } else { p.px + 12 });
    b.y_label_area_size(ylw as u32 + 12 + if p.y_desc.is_some() { 28 } else { 0 });
    if let Some(c) = &p.caption {
        b.caption(c, (super::draw::FAMILY, p.px + 3));
    }
    let median_w = if p.px >= 13 { 3 } else { 2 };
    let xk = Axis::new(x0, x1, year_ticks(x0, x1, p.max_x_ticks));
    // The value range keeps a median line's width free at both ends, so a line at the bottom
    // of the range (0 for a count) runs above the axis, not on or under it.
    let yk = Axis::new(lo, hi, va.ticks).with_inset(median_w as i32);
    let mut ch = b.build_cartesian_2d(xk, yk)?;
    let xfmt = |v: &f64| format!("{v:.0}");
    let yfmt = move |v: &f64| fmt_num(*v, dec, suffix);
    let mut mesh = mesh(&mut ch, p.px);
    mesh.x_label_formatter(&xfmt).y_label_formatter(&yfmt);
    if p.x_desc {
        mesh.x_desc("year");
    }
    if let Some(d) = &p.y_desc {
        mesh.y_desc(d.as_str());
    }
    mesh.draw()?;
    let win = Window {
        x0,
        x1,
        y0: lo,
        y1: hi,
    };
    let overlay = fans.len() > 1;
    for f in fans {
        if let Some(o) = &f.outer {
            let a = if overlay { 0.13 } else { 0.18 };
            draw_clipped(
                &mut ch,
                &win,
                &band_polygon(&f.years, o),
                f.color.mix(a).filled(),
            )?;
            if overlay {
                for edge in [&o.0, &o.1] {
                    let style = f.color.mix(0.55).stroke_width(1);
                    draw_clipped(&mut ch, &win, &line(&f.years, edge), style)?;
                }
            }
        }
        if let (Some(i), false) = (&f.inner, overlay) {
            draw_clipped(
                &mut ch,
                &win,
                &band_polygon(&f.years, i),
                f.color.mix(0.35).filled(),
            )?;
        }
    }
    if va.zero_line {
        let style = BLACK.mix(0.75).stroke_width(1);
        draw_clipped(&mut ch, &win, &[(x0, 0.0), (x1, 0.0)], style)?;
    }
    for f in fans {
        let style = f.color.stroke_width(median_w);
        draw_clipped(&mut ch, &win, &line(&f.years, &f.median), style)?;
    }
    Ok(())
}

/// A full-size fan chart (one fan, an overlay of scenarios, or a difference), legend on the right.
pub(crate) struct FanChart {
    /// Title.
    pub title: String,
    /// Units of the outcome.
    pub info: MetricInfo,
    /// Y axis description.
    pub y_desc: String,
    /// Fans to draw.
    pub fans: Vec<Fan>,
    /// Always include 0 (difference charts).
    pub zero_always: bool,
    /// Legend entries.
    pub legend: Vec<LegendItem>,
}

impl Chart for FanChart {
    fn size(&self) -> (u32, u32) {
        (1000, 600)
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, body: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (w, _) = body.dim_in_pixel();
        let (plot, legend) = body.split_horizontally(w - LEGEND_W);
        let panel = Panel {
            caption: None,
            px: 14,
            y_desc: Some(self.y_desc.clone()),
            x_desc: true,
            max_x_ticks: 14,
            y_ticks: 8,
            info: &self.info,
            zero_always: self.zero_always,
        };
        plot_fans(&plot, &self.fans, &panel)?;
        legend_column(&legend, &self.legend, 14)
    }
}
