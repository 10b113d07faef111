//! Target probabilities as horizontal bars with 95 % interval error bars, one bar per scenario and target.

use super::draw::{fit, font, legend_row, text_w, Area, Axis, Chart, LegendItem, Swatch, FAMILY};
use super::format::palette;
use crate::results::TargetResult;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One bar series: a scenario's (probability, interval low, interval high) per target, None when absent.
pub(crate) struct BarSeries {
    /// Scenario name.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Per target name, in the chart's order.
    pub values: Vec<Option<(f64, f64, f64)>>,
}

/// Target probability chart: targets top to bottom, scenarios grouped within a target.
pub(crate) struct TargetBars {
    /// Title.
    pub title: String,
    /// Target names, top to bottom.
    pub names: Vec<String>,
    /// One series per scenario.
    pub series: Vec<BarSeries>,
}

impl TargetBars {
    /// Bars of the targets of each `(scenario, targets)`, colours by position; targets matched by name.
    pub fn new(title: String, runs: &[(&str, &[TargetResult])]) -> Self {
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
                        ts.iter()
                            .find(|t| &t.name == n)
                            .map(|t| (t.probability, t.ci95_low, t.ci95_high))
                    })
                    .collect(),
            })
            .collect();
        TargetBars {
            title,
            names,
            series,
        }
    }
}

impl Chart for TargetBars {
    fn size(&self) -> (u32, u32) {
        let (n, k) = (self.names.len() as u32, self.series.len().max(1) as u32);
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
        let k = self.series.len().max(1);
        if k > 1 {
            let (legend, rest) = body.split_vertically(30);
            let items: Vec<_> = self
                .series
                .iter()
                .map(|s| LegendItem::new(Swatch::Band(s.color, 0.7), &s.label))
                .collect();
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
        let ticks: Vec<f64> = (0..=10).map(|i| i as f64 / 10.0).collect();
        let centres: Vec<f64> = (0..n).map(|i| i as f64 + 0.5).collect();
        let mut ch = ChartBuilder::on(&body)
            .margin_top(26)
            .margin_left(6)
            .margin_right(190)
            .margin_bottom(4)
            .x_label_area_size(46)
            .y_label_area_size(name_w as u32 + 14)
            .build_cartesian_2d(
                Axis::new(0.0, 1.0, ticks),
                Axis::new(0.0, n.max(1) as f64, centres),
            )?;
        let yfmt = |v: &f64| {
            let row = v.floor() as usize;
            names
                .get(n.wrapping_sub(1).wrapping_sub(row))
                .cloned()
                .unwrap_or_default()
        };
        let xfmt = |v: &f64| format!("{v:.1}");
        ch.configure_mesh()
            .x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .label_style((FAMILY, 14))
            .axis_desc_style((FAMILY, 15))
            .bold_line_style(BLACK.mix(0.1))
            .light_line_style(TRANSPARENT)
            .x_desc("probability (share of paths beyond the threshold) with 95 % interval")
            .draw()?;
        let (right, top) = ch.backend_coord(&(1.0, n as f64));
        let head = font(13).pos(Pos::new(HPos::Left, VPos::Bottom));
        area.draw(&Text::new(
            "P [95 % interval]",
            (right + 12 - bx, top - 4 - by),
            head,
        ))?;
        let bh = 0.76 / k as f64;
        for (gi, _) in self.names.iter().enumerate() {
            let r = (n - 1 - gi) as f64;
            for (j, s) in self.series.iter().enumerate() {
                let Some((p, lo, hi)) = s.values[gi] else {
                    continue;
                };
                let y1 = r + 0.88 - j as f64 * bh;
                let y0 = y1 - bh * 0.86;
                let yc = (y0 + y1) / 2.0;
                ch.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y0), (p, y1)],
                    s.color.mix(0.7).filled(),
                )))?;
                let cap = bh * 0.18;
                let bar = [
                    vec![(lo, yc), (hi, yc)],
                    vec![(lo, yc - cap), (lo, yc + cap)],
                    vec![(hi, yc - cap), (hi, yc + cap)],
                ];
                ch.draw_series(
                    bar.into_iter()
                        .map(|pts| PathElement::new(pts, BLACK.stroke_width(2))),
                )?;
                let (_, py) = ch.backend_coord(&(1.0, yc));
                let text = format!("{p:.3} [{lo:.3}–{hi:.3}]");
                let style = font(13)
                    .color(&s.color)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                area.draw(&Text::new(text, (right + 12 - bx, py - by), style))?;
            }
        }
        Ok(())
    }
}
