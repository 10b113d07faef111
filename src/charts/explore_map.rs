//! Heatmaps of a two-factor exploration grid: a cell per experiment on a viridis colour scale
//! with a colour bar, and for a probability its 0.5 contour (marching squares) or a note that
//! the probability never crosses 0.5.

use super::draw::{font, legend_column, wrap, Area, Axis, LegendItem, Swatch};
use super::explore::Series;
use super::explore_xy::{bounds, plot_on, Scale};
use super::format::{fmt_sig, nice_ticks};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A heatmap shows at most this many levels of each factor (evenly spread over its levels).
pub const MAX_MAP_LEVELS: usize = 60;
/// The probability whose contour a probability's heatmap draws.
const CONTOUR_AT: f64 = 0.5;
/// Factors with at most this many levels get a tick at each level.
const MAX_LEVEL_TICKS: usize = 12;

/// Viridis at nine evenly spaced stops (dark purple to yellow).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 45, 123),
    (59, 82, 139),
    (44, 114, 142),
    (33, 145, 140),
    (40, 174, 128),
    (94, 201, 98),
    (173, 220, 48),
    (253, 231, 37),
];

/// The colour of `t ∈ [0, 1]` on the viridis scale.
pub(crate) fn viridis(t: f64) -> RGBColor {
    let x = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    } * 8.0;
    let i = (x.floor() as usize).min(7);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + f * (f64::from(q) - f64::from(p))).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The cells of a grid over two factors: each factor's sorted distinct levels (at most
/// [`MAX_MAP_LEVELS`]) and the experiment in each cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MapGrid {
    /// Levels of the first factor (across).
    pub xs: Vec<f64>,
    /// Levels of the second factor (up).
    pub ys: Vec<f64>,
    /// Experiment of cell `(i, j)` at `i * ys.len() + j`.
    pub cell: Vec<Option<usize>>,
    /// Which levels were left out, as sentences.
    pub notes: Vec<String>,
}

impl MapGrid {
    /// The grid of experiments with first factor values `x` and second `y`, named `names`.
    pub fn new(x: &[f64], y: &[f64], names: (&str, &str)) -> MapGrid {
        let mut notes = Vec::new();
        let mut axis = |v: &[f64], name: &str| {
            let (kept, all) = levels(v);
            if kept.len() < all {
                notes.push(format!(
                    "The heatmaps show {} of the {all} levels of {name}, evenly spread.",
                    kept.len()
                ));
            }
            kept
        };
        let (xs, ys) = (axis(x, names.0), axis(y, names.1));
        let mut cell = vec![None; xs.len() * ys.len()];
        let find = |l: &[f64], v: f64| l.binary_search_by(|p| p.total_cmp(&v)).ok();
        for (e, (&a, &b)) in x.iter().zip(y).enumerate() {
            if let (Some(i), Some(j)) = (find(&xs, a), find(&ys, b)) {
                cell[i * ys.len() + j].get_or_insert(e);
            }
        }
        MapGrid {
            xs,
            ys,
            cell,
            notes,
        }
    }

    /// The value of each cell (NaN where no experiment).
    pub fn values(&self, v: &[f64]) -> Vec<f64> {
        let at = |c: &Option<usize>| c.map_or(f64::NAN, |e| v[e]);
        self.cell.iter().map(at).collect()
    }
}

/// Sorted distinct values of `v`, thinned to [`MAX_MAP_LEVELS`] evenly spread ones (the ends
/// kept), and how many distinct values there were.
fn levels(v: &[f64]) -> (Vec<f64>, usize) {
    let mut l: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    l.sort_by(f64::total_cmp);
    l.dedup();
    let n = l.len();
    if n <= MAX_MAP_LEVELS {
        return (l, n);
    }
    let pick =
        |k: usize| l[(k as f64 * (n - 1) as f64 / (MAX_MAP_LEVELS - 1) as f64).round() as usize];
    ((0..MAX_MAP_LEVELS).map(pick).collect(), n)
}

/// Cell edges around sorted levels: midway between neighbours, half a gap beyond the ends.
fn edges(l: &[f64]) -> Vec<f64> {
    match l {
        [] => vec![0.0, 1.0],
        [v] => vec![v - 0.5, v + 0.5],
        _ => {
            let n = l.len();
            let mut e = vec![l[0] - (l[1] - l[0]) / 2.0];
            e.extend(l.windows(2).map(|w| (w[0] + w[1]) / 2.0));
            e.push(l[n - 1] + (l[n - 1] - l[n - 2]) / 2.0);
            e
        }
    }
}

/// The axis over the cells of `levels` with their `edges`: a tick at each level when there are
/// few (labelled with the decimals they need), else evenly spaced ticks.
fn level_scale(levels: &[f64], edges: &[f64]) -> Scale {
    let (lo, hi) = (edges[0], edges[edges.len() - 1]);
    if levels.len() > MAX_LEVEL_TICKS {
        let mut s = Scale::span((lo, hi), 8, 0);
        s.axis.ticks.retain(|t| (lo..=hi).contains(t));
        return s;
    }
    let exact = |d: usize| {
        let m = 10f64.powi(d as i32);
        levels
            .iter()
            .all(|v| ((v * m).round() / m - v).abs() <= 1e-9 * v.abs().max(1.0))
    };
    Scale {
        axis: Axis::new(lo, hi, levels.to_vec()),
        decimals: (0..6).find(|&d| exact(d)).unwrap_or(6),
        suffix: String::new(),
    }
}

/// A contour segment.
pub(crate) type Segment = [(f64, f64); 2];

/// Segments of the `level` contour of `z` over the nodes `xs × ys` (`z[i * ys.len() + j]` at
/// `(xs[i], ys[j])`), by marching squares: a node is above when `z ≥ level`, a crossing lies
/// where the linear interpolation along a cell edge meets `level`, and a saddle (corners
/// alternating) is resolved by the mean of its four corners. Cells with a non-finite corner
/// are left out.
pub(crate) fn contour(xs: &[f64], ys: &[f64], z: &[f64], level: f64) -> Vec<Segment> {
    let ny = ys.len();
    let at = |(i, j): (usize, usize)| z[i * ny + j];
    // From the lower node to the higher, so that two cells compute a shared edge's point alike.
    let cross = |a: (usize, usize), b: (usize, usize)| {
        let t = (level - at(a)) / (at(b) - at(a));
        let (pa, pb) = ((xs[a.0], ys[a.1]), (xs[b.0], ys[b.1]));
        (pa.0 + t * (pb.0 - pa.0), pa.1 + t * (pb.1 - pa.1))
    };
    let mut out = Vec::new();
    for i in 0..xs.len().saturating_sub(1) {
        for j in 0..ny.saturating_sub(1) {
            // Corners counter-clockwise from the bottom left; edges bottom, right, top, left.
            let c = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let zs = c.map(at);
            if zs.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let up = zs.map(|v| v >= level);
            let sides = [(0, 1), (1, 2), (3, 2), (0, 3)];
            let hit: Vec<Option<(f64, f64)>> = sides
                .iter()
                .map(|&(a, b)| (up[a] != up[b]).then(|| cross(c[a], c[b])))
                .collect();
            let p: Vec<(f64, f64)> = hit.iter().flatten().copied().collect();
            match p.len() {
                2 => out.push([p[0], p[1]]),
                4 => {
                    let centre_up = zs.iter().sum::<f64>() / 4.0 >= level;
                    // p is [bottom, right, top, left]; cut off the corners unlike the centre.
                    if centre_up == up[0] {
                        out.extend([[p[0], p[1]], [p[2], p[3]]]);
                    } else {
                        out.extend([[p[3], p[0]], [p[1], p[2]]]);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// One output over a two-factor grid, colour bar and legend on the right.
pub(crate) struct HeatMap<'a> {
    /// The cells.
    pub grid: &'a MapGrid,
    /// Factor paths (across, up).
    pub names: (&'a str, &'a str),
    /// The output.
    pub s: &'a Series,
}

impl HeatMap<'_> {
    /// Draw the cells and contour in `plot`, the colour bar and legend in `legend`.
    pub fn draw<DB: DrawingBackend>(&self, plot: &Area<DB>, legend: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let g = self.grid;
        let z = g.values(&self.s.values);
        let (ex, ey) = (edges(&g.xs), edges(&g.ys));
        let (xsc, ysc) = (level_scale(&g.xs, &ex), level_scale(&g.ys, &ey));
        let desc = (Some(self.names.0), Some(self.names.1));
        let mut ch = plot_on(plot, (&xsc, &ysc), desc, 14, None)?;
        let probability = self.s.band.is_some();
        let (lo, hi) = match (probability, bounds(&z)) {
            (true, _) => (0.0, 1.0),
            (false, (a, b)) if b > a => (a, b),
            (false, (a, _)) if a.is_finite() => (a - 0.5, a + 0.5),
            _ => (0.0, 1.0),
        };
        let t = |v: f64| (v - lo) / (hi - lo);
        let ny = g.ys.len();
        let cells = z.iter().enumerate().filter(|(_, v)| v.is_finite());
        ch.draw_series(cells.clone().map(|(k, &v)| {
            let (i, j) = (k / ny, k % ny);
            Rectangle::new(
                [(ex[i], ey[j]), (ex[i + 1], ey[j + 1])],
                viridis(t(v)).filled(),
            )
        }))?;
        let (x0, _) = ch.backend_coord(&(ex[0], ey[0]));
        let (x1, _) = ch.backend_coord(&(ex[1], ey[0]));
        let (_, y0) = ch.backend_coord(&(ex[0], ey[0]));
        let (_, y1) = ch.backend_coord(&(ex[0], ey[1]));
        let (cw, chh) = ((x1 - x0).abs(), (y0 - y1).abs());
        let labelled = g.xs.len() <= MAX_LEVEL_TICKS && g.ys.len() <= MAX_LEVEL_TICKS;
        if labelled && cw >= 44 && chh >= 20 {
            let text = |v: f64| {
                if probability {
                    format!("{v:.2}")
                } else {
                    fmt_sig(v, 3, "")
                }
            };
            ch.draw_series(cells.map(|(k, &v)| {
                let ink: &'static RGBColor = if t(v) < 0.6 { &WHITE } else { &BLACK };
                let style = font(12)
                    .color(ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                Text::new(text(v), (g.xs[k / ny], g.ys[k % ny]), style)
            }))?;
        }
        let mut items = Vec::new();
        if probability {
            let segs = contour(&g.xs, &g.ys, &z, CONTOUR_AT);
            let line = |width: u32, c: RGBColor| {
                segs.iter()
                    .map(move |s| PathElement::new(s.to_vec(), c.stroke_width(width)))
            };
            ch.draw_series(line(5, BLACK))?;
            ch.draw_series(line(2, WHITE))?;
            items.push(if segs.is_empty() {
                LegendItem::new(Swatch::Note, no_crossing(bounds(&z)))
            } else {
                LegendItem::new(Swatch::Line(BLACK, 5), "P = 0.5 contour")
            });
        }
        let bottom = colour_bar(legend, (lo, hi), self.s, 14)?;
        legend_column(legend, &items, bottom + 18)?;
        if items.iter().any(|i| matches!(i.swatch, Swatch::Line(..))) {
            let y = bottom + 18 + 8;
            legend.draw(&PathElement::new(
                vec![(8, y), (32, y)],
                WHITE.stroke_width(2),
            ))?;
        }
        Ok(())
    }
}

/// The note of a probability heatmap without a 0.5 contour, given the smallest and largest P.
fn no_crossing((lo, hi): (f64, f64)) -> String {
    if lo >= CONTOUR_AT {
        format!("no P = 0.5 contour: P is at least 0.5 in every experiment (lowest {lo:.3})")
    } else if hi < CONTOUR_AT {
        format!("no P = 0.5 contour: P stays below 0.5 in every experiment (highest {hi:.3})")
    } else {
        "no P = 0.5 contour: too few finite cells".into()
    }
}

/// Draw the colour bar of `lo..hi` with its description and ticks in the legend column,
/// starting `top` pixels down; returns the y of its bottom.
fn colour_bar<DB: DrawingBackend>(
    area: &Area<DB>,
    (lo, hi): (f64, f64),
    s: &Series,
    top: i32,
) -> anyhow::Result<i32>
where
    DB::ErrorType: 'static,
{
    let (w, _) = area.dim_in_pixel();
    let lines = wrap(area, &format!("colour: {}", s.desc), 13, w as i32 - 14)?;
    for (k, l) in lines.iter().enumerate() {
        let style = font(13).pos(Pos::new(HPos::Left, VPos::Top));
        area.draw(&Text::new(l.clone(), (8, top + 17 * k as i32), style))?;
    }
    let (y0, h) = (top + 17 * lines.len() as i32 + 8, 260);
    let steps = 64;
    for k in 0..steps {
        let (a, b) = (y0 + h * k / steps, y0 + h * (k + 1) / steps);
        let c = viridis(1.0 - (k as f64 + 0.5) / steps as f64);
        area.draw(&Rectangle::new([(8, a), (32, b)], c.filled()))?;
    }
    area.draw(&Rectangle::new([(8, y0), (32, y0 + h)], BLACK.mix(0.5)))?;
    let (ticks, dec) = nice_ticks(lo, hi, 6, s.info.integer && s.band.is_none());
    for v in ticks {
        let y = y0 + h - ((v - lo) / (hi - lo) * h as f64).round() as i32;
        area.draw(&PathElement::new(vec![(32, y), (37, y)], BLACK))?;
        let label = super::format::fmt_num(v, dec, &s.info.suffix);
        let style = font(12).pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(label, (41, y), style))?;
    }
    Ok(y0 + h)
}
