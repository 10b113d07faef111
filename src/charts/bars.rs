//! Horizontal bars with interval whiskers, one row per name and one bar per series within it:
//! target probabilities by scenario, and the sensitivity charts' index bars and tornadoes.

use super::draw::{fit, font, legend_row, mesh, text_w, Area, Axis, Chart, LegendItem, Swatch};
use super::format::{fmt_num, palette};
use crate::results::TargetResult;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One bar: it spans `from`–`to` on the value axis, with an optional interval whisker and the
/// text written for it right of the plot.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    /// Where the bar starts (0 for a probability).
    pub from: f64,
    /// Where it ends (the value).
    pub to: f64,
    /// Interval drawn as a whisker across the bar's middle.
    pub interval: Option<(f64, f64)>,
    /// Text right of the plot, level with the bar (none when empty).
    pub text: String,
}

/// One bar series: a scenario's or an index's bar per row, None when absent.
pub(crate) struct BarSeries {
    /// Legend label.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Per row name, in the chart's order.
    pub values: Vec<Option<Bar>>,
}

/// A vertical reference line across the rows (the base of a tornado, zero), with its legend label.
pub(crate) struct Reference {
    /// Position on the value axis.
    pub at: f64,
    /// Legend label.
    pub label: String,
}

/// Horizontal bars: rows top to bottom, the series grouped within a row (or all in one slot,
/// overlaid, the longest drawn first).
pub(crate) struct Bars {
    /// Title.
    pub title: String,
    /// Row names, top to bottom.
    pub names: Vec<String>,
    /// The series.
    pub series: Vec<BarSeries>,
    /// Value axis (range and ticks).
    pub axis: Axis,
    /// Decimals of the tick labels.
    pub decimals: usize,
    /// Value axis description.
    pub x_desc: String,
    /// Heading of the text column right of the plot.
    pub head: String,
    /// Series share a row's slot instead of standing one below the other; the texts are black.
    pub overlay: bool,
    /// A vertical line across the rows.
    pub reference: Option<Reference>,
}

/// Target probabilities: one row per target, one series per scenario (targets matched by name),
/// colours by position.
pub(crate) fn target_bars(title: String, runs: &[(&str, &[TargetResult])]) -> Bars {
    let mut names: Vec<String> = Vec::new();
    for (_, ts) in runs {
        for t in ts.iter() {
            if !names.contains(&t.name) {
                names.push(t.name.clone());
            }
        }
    }
    let series = runs
        .iter()
        .enumerate()
        .map(|(i, (label, ts))| BarSeries {
            label: label.to_string(),
            color: palette(i),
            values: names
                .iter()
                .map(|n| {
                    ts.iter().find(|t| &t.name == n).map(|t| {
                        let (p, lo, hi) = (t.probability, t.ci95_low, t.ci95_high);
                        Bar {
                            from: 0.0,
                            to: p,
                            interval: Some((lo, hi)),
                            text: format!("{p:.3} [{lo:.3}–{hi:.3}]"),
                        }
                    })
                })
                .collect(),
        })
        .collect();
    Bars {
        title,
        names,
        series,
        axis: Axis::new(0.0, 1.0, (0..=10).map(|i| i as f64 / 10.0).collect()),
        decimals: 1,
        x_desc: "probability (share of paths beyond the threshold) with 95 % interval".into(),
        head: "P [95 % interval]".into(),
        overlay: false,
        reference: None,
    }
}

impl Bars {
    /// Bars in one row's slot.
    fn slots(&self) -> usize {
        if self.overlay {
            1
        } else {
            self.series.len().max(1)
        }
    }
}

impl Chart for Bars {
    fn size(&self) -> (u32, u32) {
        let (n, k) = (self.names.len() as u32, self.slots() as u32);
        (1000, (150 + n * (k * 26 + 18)).clamp(320, 2400))
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        // Text right of the plot is placed from backend coordinates, relative to `area`.
        let (bx, by) = area.get_base_pixel();
        let mut body = area.clone();
        let mut items: Vec<_> = self
            .series
            .iter()
            .filter(|_| self.series.len() > 1)
            .map(|s| LegendItem::new(Swatch::Band(s.color, 0.7), &s.label))
            .collect();
        if let Some(r) = &self.reference {
            items.push(LegendItem::new(Swatch::Line(BLACK, 2), &r.label));
        }
        if !items.is_empty() {
            let (legend, rest) = body.split_vertically(30);
            legend_row(&legend, &items, 12)?;
            body = rest;
        }
        let n = self.names.len();
        let mut names = Vec::with_capacity(n);
        let mut name_w = 60;
        for name in &self.names {
            let s = fit(&body, name, 14, 360)?;
            name_w = name_w.max(text_w(&body, &s, 14)?);
            names.push(s);
        }
        let centres: Vec<f64> = (0..n).map(|i| i as f64 + 0.5).collect();
        let (x0, x1) = (self.axis.lo, self.axis.hi);
        let mut ch = ChartBuilder::on(&body)
            .margin_top(26)
            .margin_left(6)
            .margin_right(190)
            .margin_bottom(4)
            .x_label_area_size(46)
            .y_label_area_size(name_w as u32 + 14)
            .build_cartesian_2d(self.axis.clone(), Axis::new(0.0, n.max(1) as f64, centres))?;
        let yfmt = |v: &f64| {
            let row = v.floor() as usize;
            names
                .get(n.wrapping_sub(1).wrapping_sub(row))
                .cloned()
                .unwrap_or_default()
        };
        let xfmt = |v: &f64| fmt_num(*v, self.decimals, "");
        mesh(&mut ch, 14)
            .x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .x_desc(&self.x_desc)
            .draw()?;
        let (right, top) = ch.backend_coord(&(x1, n as f64));
        let head = font(13).pos(Pos::new(HPos::Left, VPos::Bottom));
        area.draw(&Text::new(
            self.head.as_str(),
            (right + 12 - bx, top - 4 - by),
            head,
        ))?;
        let k = self.slots();
        let bh = 0.76 / k as f64;
        for gi in 0..n {
            let r = (n - 1 - gi) as f64;
            let mut row: Vec<(usize, &BarSeries, &Bar)> = self
                .series
                .iter()
                .enumerate()
                .filter_map(|(j, s)| {
                    Some((if self.overlay { 0 } else { j }, s, s.values[gi].as_ref()?))
                })
                .collect();
            if self.overlay {
                row.sort_by(|a, b| {
                    (b.2.to - b.2.from)
                        .abs()
                        .total_cmp(&(a.2.to - a.2.from).abs())
                });
            }
            for (j, s, bar) in row {
                let y1 = r + 0.88 - j as f64 * bh;
                let y0 = y1 - bh * 0.86;
                let yc = (y0 + y1) / 2.0;
                let clamp = |x: f64| x.clamp(x0, x1);
                ch.draw_series(std::iter::once(Rectangle::new(
                    [(clamp(bar.from), y0), (clamp(bar.to), y1)],
                    s.color.mix(0.7).filled(),
                )))?;
                if let Some((lo, hi)) = bar.interval {
                    let (lo, hi) = (clamp(lo), clamp(hi));
                    let cap = bh * 0.18;
                    let whisker = [
                        vec![(lo, yc), (hi, yc)],
                        vec![(lo, yc - cap), (lo, yc + cap)],
                        vec![(hi, yc - cap), (hi, yc + cap)],
                    ];
                    ch.draw_series(
                        whisker
                            .into_iter()
                            .map(|pts| PathElement::new(pts, BLACK.stroke_width(2))),
                    )?;
                }
                if bar.text.is_empty() {
                    continue;
                }
                let (_, py) = ch.backend_coord(&(x1, if self.overlay { r + 0.5 } else { yc }));
                let color = if self.overlay { BLACK } else { s.color };
                let style = font(13)
                    .color(&color)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                area.draw(&Text::new(
                    bar.text.as_str(),
                    (right + 12 - bx, py - by),
                    style,
                ))?;
            }
        }
        if let Some(rf) = &self.reference {
            let at = rf.at.clamp(x0, x1);
            ch.draw_series(std::iter::once(PathElement::new(
                vec![(at, 0.0), (at, n.max(1) as f64)],
                BLACK.stroke_width(2),
            )))?;
        }
        Ok(())
    }
}
