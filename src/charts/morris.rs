//! The Morris μ*–σ plane of one output: a point per factor with μ*'s interval as a horizontal
//! whisker, labelled with the factor's name clear of the other labels, points and whiskers, and
//! the σ = μ* guide.

use super::clip::Window;
use super::draw::{fit, font, legend_row, mesh, text_w, Area, Axis, Chart, LegendItem, Swatch};
use super::fan::value_axis;
use super::format::{fmt_num, palette};
use super::labels::place_labels;
use crate::experiment::{OutputSummary, SensitivityResult};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One factor of a Morris scatter.
struct MorrisPoint {
    name: String,
    mu_star: f64,
    interval: Option<(f64, f64)>,
    sigma: f64,
}

/// The μ*–σ plane of one output.
pub(super) struct MorrisScatter {
    title: String,
    level: String,
    /// By μ*, largest first (labels are placed in this order).
    points: Vec<MorrisPoint>,
}

/// The scatter of `s`'s output: its factors in the study's ranking (by μ*), `level` naming the
/// intervals' confidence.
pub(super) fn morris_scatter(
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
            let s = fit(&body, &p.name, 13, 300)?;
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
