//! The line and scatter charts of an exploration: a sweep's output against its factor (a
//! probability with its Wilson band) and small multiples of an output against each factor; and
//! what every exploration chart shares: value scales and a plot with the charts' mesh.

use super::clip::Window;
use super::draw::Plot;
use super::draw::{legend_column, legend_row, text_w, Area, Axis, LegendItem, Swatch, FAMILY};
use super::explore::Series;
use super::fan::{band_polygon, draw_clipped};
use super::format::{fmt_num, nice_ticks, palette};
use plotters::prelude::*;

/// Sweeps mark each experiment with a dot up to this many experiments.
const MAX_DOTS: usize = 60;

/// An axis and how its tick labels are written.
#[derive(Debug, Clone)]
pub(crate) struct Scale {
    /// Range and ticks.
    pub axis: Axis,
    /// Decimals of the labels.
    pub decimals: usize,
    /// Suffix of the labels.
    pub suffix: String,
}

impl Scale {
    /// A factor's range `lo..hi` exactly, about `n` ticks, `inset` pixels free at each end.
    pub fn span((lo, hi): (f64, f64), n: usize, inset: i32) -> Scale {
        let (lo, hi) = if hi > lo {
            (lo, hi)
        } else {
            (lo - 0.5, lo + 0.5)
        };
        let (ticks, decimals) = nice_ticks(lo, hi, n, false);
        Scale {
            axis: Axis::new(lo, hi, ticks).with_inset(inset),
            decimals,
            suffix: String::new(),
        }
    }

    /// A tick label.
    pub fn label(&self, v: f64) -> String {
        fmt_num(v, self.decimals, &self.suffix)
    }

    /// The value window of a plot over `self` (x) and `y`.
    pub fn window(&self, y: &Scale) -> Window {
        let (x, y) = (&self.axis, &y.axis);
        Window {
            x0: x.lo,
            x1: x.hi,
            y0: y.lo,
            y1: y.hi,
        }
    }
}

/// Smallest and largest finite value (`(inf, -inf)` when none).
pub(crate) fn bounds(v: &[f64]) -> (f64, f64) {
    let finite = v.iter().copied().filter(|x| x.is_finite());
    finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    })
}

/// A plot over `x` and `y` in `area` with the charts' light grid, `px` labels, the axis
/// descriptions `desc` (x, y) where given and a caption above where given.
pub(crate) fn plot_on<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    (x, y): (&Scale, &Scale),
    desc: (Option<&str>, Option<&str>),
    px: u32,
    caption: Option<&str>,
) -> anyhow::Result<Plot<'a, DB>>
where
    DB::ErrorType: 'static,
{
    let mut y_w = 0;
    for v in &y.axis.ticks {
        y_w = y_w.max(text_w(area, &y.label(*v), px)? as u32);
    }
    let room = |d: Option<&str>| if d.is_some() { px + 16 } else { 0 };
    let mut b = ChartBuilder::on(area);
    b.margin(4).margin_top(10).margin_right(18);
    b.x_label_area_size(px + 12 + room(desc.0));
    b.y_label_area_size(y_w + 12 + room(desc.1));
    if let Some(c) = caption {
        b.caption(c, (FAMILY, px + 3));
    }
    let mut ch = b.build_cartesian_2d(x.axis.clone(), y.axis.clone())?;
    let (xf, yf) = (|v: &f64| x.label(*v), |v: &f64| y.label(*v));
    let mut mesh = ch.configure_mesh();
    mesh.x_label_formatter(&xf).y_label_formatter(&yf);
    mesh.label_style((FAMILY, px))
        .axis_desc_style((FAMILY, px + 1));
    mesh.bold_line_style(BLACK.mix(0.1));
    mesh.light_line_style(TRANSPARENT);
    if let Some(d) = desc.0 {
        mesh.x_desc(d);
    }
    if let Some(d) = desc.1 {
        mesh.y_desc(d);
    }
    mesh.draw()?;
    Ok(ch)
}

/// One output against the one factor of a sweep, legend on the right.
pub(crate) struct Sweep<'a> {
    /// The factor's path.
    pub x_desc: &'a str,
    /// The factor's value in each experiment.
    pub x: &'a [f64],
    /// The output.
    pub s: &'a Series,
}

impl Sweep<'_> {
    /// Draw the line in `plot` and its legend in `legend`.
    pub fn draw<DB: DrawingBackend>(&self, plot: &Area<DB>, legend: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let mut order: Vec<usize> = (0..self.x.len()).collect();
        order.sort_by(|&a, &b| self.x[a].total_cmp(&self.x[b]));
        let sorted = |v: &[f64]| order.iter().map(|&i| v[i]).collect::<Vec<f64>>();
        let xs = sorted(self.x);
        let (xsc, ysc) = (Scale::span(bounds(&xs), 10, 8), self.s.scale(8));
        let desc = (Some(self.x_desc), Some(self.s.desc.as_str()));
        let mut ch = plot_on(plot, (&xsc, &ysc), desc, 14, None)?;
        let win = xsc.window(&ysc);
        let color = palette(0);
        let mut items = Vec::new();
        if let Some((lo, hi)) = &self.s.band {
            let band = band_polygon(&xs, &(sorted(lo), sorted(hi)));
            draw_clipped(&mut ch, &win, &band, color.mix(0.18).filled())?;
            items.push(LegendItem::new(
                Swatch::Band(color, 0.18),
                "95 % Wilson interval",
            ));
        }
        let line: Vec<(f64, f64)> = xs.iter().copied().zip(sorted(&self.s.values)).collect();
        draw_clipped(&mut ch, &win, &line, color.stroke_width(3))?;
        if line.len() <= MAX_DOTS {
            let dots = line.iter().filter(|p| p.1.is_finite());
            ch.draw_series(dots.map(|&p| Circle::new(p, 4, color.filled())))?;
        }
        let what = if self.s.band.is_some() {
            "P per experiment: share of its paths beyond the target's threshold"
        } else {
            "value per experiment"
        };
        items.insert(0, LegendItem::new(Swatch::Line(color, 3), what));
        legend_column(legend, &items, 14)
    }
}

/// `c` at opacity `a` over white.
fn tint(c: RGBColor, a: f64) -> RGBColor {
    let m = |v: u8| (255.0 - a * (255.0 - f64::from(v))).round() as u8;
    RGBColor(m(c.0), m(c.1), m(c.2))
}

/// One factor's panel of a scatter.
pub(crate) struct Panel<'a> {
    /// Factor path (the caption).
    pub path: &'a str,
    /// The x range: the factor's range (and every value it took).
    pub range: (f64, f64),
    /// Its value in each drawn experiment.
    pub x: Vec<f64>,
}

/// One output against each factor: small multiples on one value scale, legend on top.
pub(crate) struct Scatter<'a> {
    /// One per factor drawn.
    pub panels: &'a [Panel<'a>],
    /// The experiments drawn.
    pub rows: &'a [usize],
    /// The output.
    pub s: &'a Series,
    /// Says how many experiments are drawn when not all.
    pub note: Option<String>,
}

impl Scatter<'_> {
    /// Size in pixels: rows of panels 260 px high (one panel: 480).
    pub fn size(&self) -> (u32, u32) {
        let (rows, cols) = self.grid();
        let h = if cols == 1 { 480 } else { 260 };
        (1000, (90 + h * rows as u32).max(400))
    }

    /// (rows, columns) of panels.
    fn grid(&self) -> (usize, usize) {
        let n = self.panels.len().max(1);
        let cols = ((n as f64).sqrt().ceil() as usize).clamp(1, 4);
        (n.div_ceil(cols), cols)
    }

    /// Draw the legend row and the panels in `body`.
    pub fn draw<DB: DrawingBackend>(&self, body: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (legend, cells) = body.split_vertically(30);
        let color = palette(0);
        let mut items = vec![LegendItem::new(
            Swatch::Band(color, 0.6),
            format!("{}: one dot per experiment", self.s.desc),
        )];
        if self.s.band.is_some() {
            let line = Swatch::Line(tint(color, 0.6), 2);
            items.push(LegendItem::new(line, "95 % Wilson interval"));
        }
        items.extend(self.note.iter().map(|n| LegendItem::new(Swatch::Note, n)));
        legend_row(&legend, &items, 12)?;
        let ysc = self.s.scale(5);
        let value = |e: usize| self.s.values[e];
        let r = if self.rows.len() > 500 { 2 } else { 3 };
        let grid = self.grid();
        for (cell, p) in cells.split_evenly(grid).iter().zip(self.panels) {
            let xsc = Scale::span(p.range, 5, 6);
            let y_desc = (grid.1 == 1).then_some(self.s.desc.as_str());
            let mut ch = plot_on(cell, (&xsc, &ysc), (None, y_desc), 12, Some(p.path))?;
            let pts = p.x.iter().zip(self.rows).map(|(&x, &e)| (x, e));
            if let Some((lo, hi)) = &self.s.band {
                let bars = pts
                    .clone()
                    .map(|(x, e)| PathElement::new(vec![(x, lo[e]), (x, hi[e])], color.mix(0.4)));
                ch.draw_series(bars)?;
            }
            let finite = pts.filter(|&(x, e)| x.is_finite() && value(e).is_finite());
            let dots = finite.map(|(x, e)| Circle::new((x, value(e)), r, color.mix(0.6).filled()));
            ch.draw_series(dots)?;
        }
        Ok(())
    }
}
