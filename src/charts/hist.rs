//! Histogram of one outcome's per-path values at one year, with the targets on that outcome and year marked.

use super::draw::{
    fit, legend_column, mesh, render, Area, Axis, Chart, Drawn, LegendItem, Swatch, LEGEND_W,
};
use super::format::{axis_desc, fmt_num, fmt_sig, nice_ticks, palette, MetricInfo};
use super::HorizonSamples;
use crate::results::TargetResult;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colour of target markers.
const TARGET: RGBColor = RGBColor(170, 20, 60);
/// Colour of the median marker.
const MEDIAN: RGBColor = RGBColor(60, 60, 60);

/// Render the histogram of `samples` with every target whose metric and year match marked by a
/// dashed vertical line labelled with its probability. Returns (PNG bytes, SVG text).
pub fn histogram(
    samples: &HorizonSamples,
    info: MetricInfo,
    targets: &[TargetResult],
    scenario: &str,
) -> anyhow::Result<(Vec<u8>, String)> {
    let d = draw_histogram(samples, info, targets, scenario)?;
    Ok((d.png, d.svg))
}

/// [`histogram`], also as an SVG without its title.
pub(crate) fn draw_histogram(
    samples: &HorizonSamples,
    info: MetricInfo,
    targets: &[TargetResult],
    scenario: &str,
) -> anyhow::Result<Drawn> {
    let mut vals: Vec<(f64, f64, u64)> = samples
        .values
        .iter()
        .copied()
        .filter(|(lo, hi, c)| lo.is_finite() && hi.is_finite() && *c > 0)
        .collect();
    vals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n: u64 = vals.iter().map(|p| p.2).sum();
    let marked = targets
        .iter()
        .filter(|t| marks_target(&samples.metric, samples.year, t))
        .collect();
    let when = if samples.dated {
        let digits = if samples.year.fract() == 0.0 { 0 } else { 2 };
        format!(" in {}", fmt_num(samples.year, digits, ""))
    } else {
        String::new()
    };
    let chart = Hist {
        title: format!("{}{when} — {}", info.title, scenario),
        bins: bins(&vals, info.integer),
        median: weighted_rank(&vals, n / 2),
        n: n as usize,
        info,
        targets: marked,
    };
    render(&chart)
}

/// Whether the histogram of `metric` at `year` marks target `t` (same outcome and year).
pub fn marks_target(metric: &str, year: f64, t: &TargetResult) -> bool {
    t.metric == metric && (t.year - year).abs() < 1e-6
}

/// The value of 0-based rank `r` in sorted weighted intervals (the interval's midpoint).
fn weighted_rank(v: &[(f64, f64, u64)], r: u64) -> Option<f64> {
    let mut seen = 0;
    for &(lo, hi, c) in v {
        seen += c;
        if seen > r {
            return Some(0.5 * (lo + hi));
        }
    }
    None
}

/// Bins (left edge, right edge, percentage of paths) of sorted finite weighted intervals; each
/// interval's weight is spread over the bins it overlaps in proportion to the overlap.
fn bins(v: &[(f64, f64, u64)], integer: bool) -> Vec<(f64, f64, f64)> {
    let (Some(&(lo, _, _)), Some(hi)) = (v.first(), v.iter().map(|p| p.1).reduce(f64::max)) else {
        return Vec::new();
    };
    let total: u64 = v.iter().map(|p| p.2).sum();
    let n = total as f64;
    let integer = integer || v.iter().all(|x| x.0 == x.1 && x.0.fract() == 0.0);
    let (start, width, nb) = if integer && hi - lo <= 80.0 {
        (
            lo.round() - 0.5,
            1.0,
            (hi.round() - lo.round()) as usize + 1,
        )
    } else if hi - lo < 1e-12 {
        let d = (lo.abs() * 0.01).max(0.5);
        (lo - d, 2.0 * d, 1)
    } else {
        let q = |f: u64| weighted_rank(v, f).unwrap_or(lo);
        let iqr = q(total * 3 / 4) - q(total / 4);
        let fd = 2.0 * iqr / n.cbrt();
        let nb = if fd > 0.0 {
            ((hi - lo) / fd).ceil() as usize
        } else {
            30
        };
        let nb = nb.clamp(10, 60);
        (lo, (hi - lo) / nb as f64, nb)
    };
    let mut counts = vec![0.0f64; nb];
    let bin = |x: f64| (((x - start) / width).floor().max(0.0) as usize).min(nb - 1);
    for &(a, b, c) in v {
        let (a, b) = if integer {
            (a.round(), b.round())
        } else {
            (a, b)
        };
        let (i, j) = (bin(a), bin(b));
        if i == j || b <= a {
            counts[i] += c as f64;
            continue;
        }
        for (k, slot) in counts.iter_mut().enumerate().take(j + 1).skip(i) {
            let (l, r) = (start + k as f64 * width, start + (k + 1) as f64 * width);
            *slot += c as f64 * ((r.min(b) - l.max(a)).max(0.0) / (b - a));
        }
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            (
                start + i as f64 * width,
                start + (i + 1) as f64 * width,
                100.0 * c / n,
            )
        })
        .collect()
}

struct Hist<'a> {
    title: String,
    info: MetricInfo,
    bins: Vec<(f64, f64, f64)>,
    median: Option<f64>,
    n: usize,
    targets: Vec<&'a TargetResult>,
}

impl Chart for Hist<'_> {
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
        let (mut x0, mut x1) = match (self.bins.first(), self.bins.last()) {
            (Some(a), Some(b)) => (a.0, b.1),
            _ => (0.0, 1.0),
        };
        let (d0, d1) = (x0, x1);
        let near = move |t: f64| t >= d0 - (d1 - d0) && t <= d1 + (d1 - d0);
        for t in &self.targets {
            if near(t.threshold) {
                (x0, x1) = (x0.min(t.threshold), x1.max(t.threshold));
            }
        }
        let pad = (x1 - x0) * 0.04;
        (x0, x1) = (x0 - pad, x1 + pad);
        let ymax = self.bins.iter().map(|b| b.2).fold(0.0, f64::max).max(1e-9);
        let ytop = ymax * (1.1 + 0.1 * self.targets.len() as f64);
        let (xt, xd) = nice_ticks(x0, x1, 8, self.info.integer);
        let (yt, yd) = nice_ticks(0.0, ytop, 6, false);
        let suffix = self.info.suffix.as_str();
        let mut ch = ChartBuilder::on(&plot)
            .margin_top(10)
            .margin_right(18)
            .margin_left(4)
            .x_label_area_size(46)
            .y_label_area_size(72)
            .build_cartesian_2d(Axis::new(x0, x1, xt), Axis::new(0.0, ytop, yt))?;
        let xfmt = move |v: &f64| fmt_num(*v, xd, suffix);
        let yfmt = move |v: &f64| fmt_num(*v, yd, " %");
        mesh(&mut ch, 14)
            .x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .x_desc(axis_desc(&self.info))
            .y_desc("share of paths")
            .draw()?;
        let color = palette(0);
        ch.draw_series(
            self.bins
                .iter()
                .map(|&(a, b, s)| Rectangle::new([(a, 0.0), (b, s)], color.mix(0.75).filled())),
        )?;
        ch.draw_series(
            self.bins
                .iter()
                .map(|&(a, b, s)| Rectangle::new([(a, 0.0), (b, s)], WHITE.stroke_width(1))),
        )?;
        if let Some(m) = self.median {
            ch.draw_series(LineSeries::new(
                vec![(m, 0.0), (m, ymax * 1.05)],
                MEDIAN.stroke_width(2),
            ))?;
        }
        let half = (plot.dim_in_pixel().0 as i32 - 120) / 2;
        for (i, t) in self.targets.iter().enumerate() {
            let off = !near(t.threshold);
            let x = t.threshold.clamp(x0, x1);
            let line = vec![(x, 0.0), (x, ytop)];
            ch.draw_series(DashedLineSeries::new(line, 8, 5, TARGET.stroke_width(2)))?;
            let mut label = format!(
                "{}: P({} {}) = {:.3}",
                t.name,
                t.direction,
                fmt_num(
                    t.threshold,
                    if t.threshold.fract() == 0.0 { 0 } else { 2 },
                    suffix
                ),
                t.probability
            );
            if off {
                label.push_str(" (off scale)");
            }
            let label = fit(&plot, &label, 14, half)?;
            let right_half = x > (x0 + x1) / 2.0;
            let (dx, h) = if right_half {
                (-6, HPos::Right)
            } else {
                (6, HPos::Left)
            };
            let y = ymax * (1.1 + 0.1 * (i as f64 + 0.5));
            let style = super::draw::font(14)
                .color(&TARGET)
                .pos(Pos::new(h, VPos::Center));
            ch.plotting_area()
                .draw(&(EmptyElement::at((x, y)) + Text::new(label, (dx, 0), style)))?;
        }
        if self.bins.is_empty() {
            let style = super::draw::font(16).pos(Pos::new(HPos::Center, VPos::Center));
            ch.plotting_area().draw(&Text::new(
                "no finite samples",
                ((x0 + x1) / 2.0, ytop / 2.0),
                style,
            ))?;
        }
        let mut items = vec![LegendItem::new(
            Swatch::Band(color, 0.75),
            format!("paths per bin (n = {})", fmt_num(self.n as f64, 0, "")),
        )];
        if let Some(m) = self.median {
            items.push(LegendItem::new(
                Swatch::Line(MEDIAN, 2),
                format!("median {}", fmt_sig(m, 4, suffix)),
            ));
        }
        if !self.targets.is_empty() {
            items.push(LegendItem::new(
                Swatch::Dashed(TARGET),
                "target threshold; P = share of paths strictly beyond it",
            ));
        }
        legend_column(&legend, &items, 14)
    }
}
