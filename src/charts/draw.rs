//! Chart plumbing: the embedded font, rendering one chart to PNG and SVG, text fitting and legends.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::OnceLock;

/// DejaVu Sans, embedded so that charts render on a machine without system fonts
/// (Bitstream Vera licence, DejaVu changes public domain: `assets/fonts/DejaVuSans-LICENSE.txt`).
pub static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Font family every chart uses; DejaVu Sans is registered under this name.
pub const FAMILY: &str = "sans-serif";

/// Width of the legend column on the right of the fan charts and histograms, pixels.
pub(crate) const LEGEND_W: u32 = 220;

/// A drawing area in pixel coordinates.
pub(crate) type Area<DB> = DrawingArea<DB, Shift>;

/// Register DejaVu Sans as "sans-serif" (once per process; later calls return the first outcome).
pub fn ensure_font() -> anyhow::Result<()> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS)
            .map_err(|_| "the embedded DejaVu Sans font could not be parsed".to_string())
    })
    .clone()
    .map_err(anyhow::Error::msg)
}

/// Height of the band at the top of a chart that holds its title, pixels.
pub(crate) const TITLE_H: u32 = 44;

/// A chart that can draw itself on any plotters backend, below a title that [`render`] draws.
pub(crate) trait Chart {
    /// Size in pixels, the title band included.
    fn size(&self) -> (u32, u32);
    /// The title drawn at the top.
    fn title(&self) -> &str;
    /// Draw the chart on `body` (already filled white), the area below the title band.
    fn draw<DB: DrawingBackend>(&self, body: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static;
}

/// A chart rendered three ways.
#[derive(Debug, Clone)]
pub(crate) struct Drawn {
    /// PNG bytes, with the title.
    pub png: Vec<u8>,
    /// SVG text, with the title.
    pub svg: String,
    /// SVG text without the title band, for a page that captions the chart itself.
    pub untitled_svg: String,
}

/// Render `chart` to PNG bytes and SVG text, each with its title, and to an SVG without it.
pub(crate) fn render<C: Chart>(chart: &C) -> anyhow::Result<Drawn> {
    ensure_font()?;
    let (w, h) = chart.size();
    let mut buf = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        chart.draw(&titled(&root, chart.title())?)?;
        root.present()?;
    }
    let png = encode_png(&buf, w, h)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        chart.draw(&titled(&root, chart.title())?)?;
        root.present()?;
    }
    let mut untitled_svg = String::new();
    {
        let size = (w, h.saturating_sub(TITLE_H).max(1));
        let root = SVGBackend::with_string(&mut untitled_svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        chart.draw(&root)?;
        root.present()?;
    }
    Ok(Drawn {
        png,
        svg,
        untitled_svg,
    })
}

/// Encode an RGB8 buffer as PNG.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

/// A text style of the chart font.
pub(crate) fn font(px: u32) -> TextStyle<'static> {
    (FAMILY, px).into_font().color(&BLACK)
}

/// Text width in pixels.
pub(crate) fn text_w<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    px: u32,
) -> anyhow::Result<i32>
where
    DB::ErrorType: 'static,
{
    Ok(area.estimate_text_size(text, &font(px))?.0 as i32)
}

/// `text`, shortened with an ellipsis so that it is at most `max_px` wide.
pub(crate) fn fit<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    px: u32,
    max_px: i32,
) -> anyhow::Result<String>
where
    DB::ErrorType: 'static,
{
    if text_w(area, text, px)? <= max_px {
        return Ok(text.to_string());
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>() + "…";
        if text_w(area, &s, px)? <= max_px {
            return Ok(s);
        }
    }
    Ok("…".into())
}

/// Greedy word wrap of `text` into lines at most `max_px` wide (long words are shortened).
pub(crate) fn wrap<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    px: u32,
    max_px: i32,
) -> anyhow::Result<Vec<String>>
where
    DB::ErrorType: 'static,
{
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if text_w(area, &candidate, px)? <= max_px || cur.is_empty() {
            cur = candidate;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines.iter().map(|l| fit(area, l, px, max_px)).collect()
}

/// Draw a title centred at the top of `area`; returns the area below its band.
fn titled<DB: DrawingBackend>(area: &Area<DB>, title: &str) -> anyhow::Result<Area<DB>>
where
    DB::ErrorType: 'static,
{
    let (w, _) = area.dim_in_pixel();
    let t = fit(area, title, 22, w as i32 - 40)?;
    let style = font(22).pos(Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(t, (w as i32 / 2, 12), style))?;
    Ok(area.margin(TITLE_H, 0, 0, 0))
}

/// The sample drawn next to a legend label.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A filled band of this colour and opacity.
    Band(RGBColor, f64),
    /// A solid line of this colour and width.
    Line(RGBColor, u32),
    /// A dashed line.
    Dashed(RGBColor),
    /// No sample: a note.
    Note,
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    /// Sample.
    pub swatch: Swatch,
    /// Label text.
    pub label: String,
}

impl LegendItem {
    /// A legend entry.
    pub fn new(swatch: Swatch, label: impl Into<String>) -> Self {
        LegendItem {
            swatch,
            label: label.into(),
        }
    }
}

/// Draw a swatch 24 px wide with its left end at `x` and its middle at `cy`.
fn draw_swatch<DB: DrawingBackend>(
    area: &Area<DB>,
    s: Swatch,
    x: i32,
    cy: i32,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    match s {
        Swatch::Band(c, a) => area.draw(&Rectangle::new(
            [(x, cy - 6), (x + 24, cy + 6)],
            c.mix(a).filled(),
        ))?,
        Swatch::Line(c, w) => area.draw(&PathElement::new(
            vec![(x, cy), (x + 24, cy)],
            c.stroke_width(w),
        ))?,
        Swatch::Dashed(c) => {
            for k in 0..3 {
                let x0 = x + k * 9;
                area.draw(&PathElement::new(
                    vec![(x0, cy), (x0 + 6, cy)],
                    c.stroke_width(2),
                ))?;
            }
        }
        Swatch::Note => {}
    }
    Ok(())
}

/// Draw legend entries stacked in `area` (the legend column), starting `top` pixels down.
pub(crate) fn legend_column<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[LegendItem],
    top: i32,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (w, _) = area.dim_in_pixel();
    let mut y = top;
    for it in items {
        let (x_text, px) = match it.swatch {
            Swatch::Note => (8, 13),
            _ => (38, 14),
        };
        let lines = wrap(area, &it.label, px, w as i32 - x_text - 6)?;
        draw_swatch(area, it.swatch, 8, y + 8)?;
        for (j, line) in lines.iter().enumerate() {
            let style = font(px).pos(Pos::new(HPos::Left, VPos::Center));
            area.draw(&Text::new(
                line.clone(),
                (x_text, y + 8 + 17 * j as i32),
                style,
            ))?;
        }
        y += 17 * lines.len().max(1) as i32 + 9;
    }
    Ok(())
}

/// Draw legend entries side by side in one row of `area`, centred, with its middle `cy` pixels down.
pub(crate) fn legend_row<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[LegendItem],
    cy: i32,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (w, _) = area.dim_in_pixel();
    let max_label = (w as i32 / items.len().max(1) as i32 - 50).max(40);
    let mut labels = Vec::with_capacity(items.len());
    let mut total = 0;
    for it in items {
        let l = fit(area, &it.label, 13, max_label)?;
        total += text_w(area, &l, 13)? + 50;
        labels.push(l);
    }
    let mut x = ((w as i32 - total) / 2).max(0);
    for (it, l) in items.iter().zip(labels) {
        draw_swatch(area, it.swatch, x, cy)?;
        let lw = text_w(area, &l, 13)?;
        area.draw(&Text::new(
            l,
            (x + 30, cy),
            font(13).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += lw + 50;
    }
    Ok(())
}

/// A chart's plotting context: value axes both ways.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<Axis, Axis>>;

/// The mesh every chart draws: tick labels of `px` pixels, axis descriptions a pixel larger,
/// faint grid lines at the ticks and none between them. The caller adds formatters and
/// descriptions, then draws it.
pub(crate) fn mesh<'a, 'b, DB: DrawingBackend>(
    ch: &'b mut Plot<'a, DB>,
    px: u32,
) -> MeshStyle<'a, 'b, Axis, Axis, DB> {
    let mut m = ch.configure_mesh();
    m.label_style((FAMILY, px))
        .axis_desc_style((FAMILY, px + 1))
        .bold_line_style(BLACK.mix(0.1))
        .light_line_style(TRANSPARENT);
    m
}

/// A linear f64 axis with fixed tick positions (plotters' `WithKeyPoints` over f64 cannot take a label formatter).
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    /// Start of the range.
    pub lo: f64,
    /// End of the range.
    pub hi: f64,
    /// Tick positions.
    pub ticks: Vec<f64>,
    /// Pixels kept free at each end between the range and the edge of the plotting area, so that
    /// a thick line at `lo` or `hi` stays inside it.
    pub inset: i32,
}

impl Axis {
    /// An axis over `lo..hi` with ticks at `ticks`, the range filling the plotting area.
    pub fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> Self {
        Axis {
            lo,
            hi,
            ticks,
            inset: 0,
        }
    }

    /// The same axis with `px` pixels kept free at each end.
    pub fn with_inset(self, px: i32) -> Self {
        Axis { inset: px, ..self }
    }
}

impl plotters::coord::ranged1d::Ranged for Axis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let dir = (limit.1 - limit.0).signum();
        let limit = if (limit.1 - limit.0).abs() > 4 * self.inset {
            (limit.0 + dir * self.inset, limit.1 - dir * self.inset)
        } else {
            limit
        };
        let len = limit.1 - limit.0;
        if self.hi == self.lo || len == 0 {
            return limit.0 + len / 2;
        }
        let t = ((*v - self.lo) / (self.hi - self.lo)).clamp(-10.0, 10.0);
        limit.0 + (len as f64 * t).round() as i32
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}
