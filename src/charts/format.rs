//! What the charts know about outcomes and numbers: titles, units, tick positions and formats, quantile levels.

use plotters::style::RGBColor;

/// Fixed palette: scenario `i` of a comparison is drawn in `PALETTE[i % 8]` on every chart.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// Colour of scenario `i` (by position in a comparison; 0 for a single run).
pub fn palette(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Display information about one outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricInfo {
    /// Human title, e.g. "Cultural exports, total".
    pub title: String,
    /// Unit for axis labels, e.g. "bn USD".
    pub unit: String,
    /// Suffix of tick labels, e.g. " bn".
    pub suffix: String,
    /// Whole-number valued.
    pub integer: bool,
}

impl MetricInfo {
    /// From the model's description of the outcome.
    pub fn of(o: &crate::model::OutcomeInfo) -> Self {
        MetricInfo {
            title: o.title.clone(),
            unit: o.unit.clone(),
            suffix: o.tick_suffix.clone(),
            integer: o.integer,
        }
    }
}

/// Axis description "title (unit)".
pub fn axis_desc(info: &MetricInfo) -> String {
    if info.unit.is_empty() {
        info.title.clone()
    } else {
        format!("{} ({})", info.title, info.unit)
    }
}

/// Tick positions: multiples of a 1-2-2.5-5 step covering `lo..=hi`, about `n` of them, and the decimals they need.
pub fn nice_ticks(lo: f64, hi: f64, n: usize, integer: bool) -> (Vec<f64>, usize) {
    let span = (hi - lo).abs().max(1e-12);
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    if integer {
        step = step.max(1.0).round();
    }
    let mut decimals = (-step.log10().floor()).max(0.0) as usize;
    if (step / 10f64.powi(-(decimals as i32)) - 2.5).abs() < 1e-9 {
        decimals += 1;
    }
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    let ticks = (first..=last).map(|k| k as f64 * step).collect();
    (ticks, decimals.min(6))
}

/// Year tick positions (whole years) from `x0` to `x1`, at most `max_n` of them (at least 2),
/// always including the first and the last whole year, so that the start and the horizon are
/// labelled. The stride is the smallest of 1, 2, 3, 4, 5, 10, 20, 25, 50, 100, … that fits,
/// or one up to twice as long that divides the span evenly; otherwise the last tick before the
/// horizon is dropped when it is within half a stride of it.
pub fn year_ticks(x0: f64, x1: f64, max_n: usize) -> Vec<f64> {
    let (a, b) = (x0.ceil() as i64, x1.floor() as i64);
    if b <= a {
        return if b == a { vec![a as f64] } else { Vec::new() };
    }
    let span = b - a;
    let intervals = max_n.max(2) as i64 - 1;
    let strides = (0..18u32).flat_map(|k| {
        let m = 10i64.pow(k);
        let small: &[i64] = if k == 0 { &[1, 2, 3, 4, 5] } else { &[] };
        small
            .iter()
            .copied()
            .chain([10 * m, 20 * m, 25 * m, 50 * m])
    });
    let fits: Vec<i64> = strides
        .filter(|s| (span + s - 1) / s <= intervals)
        .take(8)
        .collect();
    let least = fits.first().copied().unwrap_or(span);
    let stride = fits
        .iter()
        .copied()
        .find(|s| *s <= 2 * least && span % s == 0)
        .unwrap_or(least);
    let mut ticks: Vec<i64> = (a..b).step_by(stride as usize).collect();
    if ticks.len() > 1 && 2 * (b - ticks[ticks.len() - 1]) <= stride {
        ticks.pop();
    }
    ticks.push(b);
    ticks.into_iter().map(|y| y as f64).collect()
}

/// Format a number with `decimals` and thousands separators, plus `suffix`.
pub fn fmt_num(v: f64, decimals: usize, suffix: &str) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 4 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let zero = s.chars().all(|c| c == '0' || c == '.');
    let sign = if v < 0.0 && !zero { "−" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}{suffix}"),
        None => format!("{sign}{grouped}{suffix}"),
    }
}

/// A number with about `sig` significant digits, trailing zeros dropped, plus `suffix`.
pub fn fmt_sig(v: f64, sig: usize, suffix: &str) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    if v == 0.0 {
        return format!("0{suffix}");
    }
    let mag = v.abs().log10().floor() as i32;
    let s = fmt_num(v, (sig as i32 - 1 - mag).clamp(0, 6) as usize, "");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    format!("{s}{suffix}")
}

/// A level as a percentage without trailing zeros ("5", "2.5").
pub fn pct(q: f64) -> String {
    let s = format!("{:.2}", q * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A probability with enough digits to tell it from 0 and 1: three decimals, or two
/// significant digits when it lies within 0.0005 of either end (`0.00038`, `0.99962`).
pub fn prob(p: f64) -> String {
    if !p.is_finite() {
        return format!("{p}");
    }
    let edge = p.min(1.0 - p);
    if edge == 0.0 || edge >= 0.0005 {
        return format!("{p:.3}");
    }
    let digits = (-edge.log10()).floor() as usize + 2;
    format!("{p:.digits$}")
}

/// Which quantile columns draw the median and the bands, with legend labels saying what was drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Levels {
    /// Column of the median (None: the mean is drawn instead).
    pub median: Option<usize>,
    /// Label of the central line.
    pub median_label: String,
    /// Columns of the outer (90 %) band.
    pub outer: Option<(usize, usize)>,
    /// Label of the outer band.
    pub outer_label: String,
    /// Columns of the inner (50 %) band.
    pub inner: Option<(usize, usize)>,
    /// Label of the inner band.
    pub inner_label: String,
    /// Notes for the legend about bands that could not be drawn.
    pub notes: Vec<String>,
}

impl Levels {
    /// Pick the 5/25/50/75/95 % columns among `levels`; a missing level is replaced by the nearest
    /// reported one on the same side of the median, and a band that cannot be drawn is noted.
    pub fn of(levels: &[f64]) -> Levels {
        let exact = |q: f64| levels.iter().position(|&l| (l - q).abs() < 1e-9);
        let nearest = |q: f64, ok: &dyn Fn(f64) -> bool| {
            let mut best: Option<usize> = None;
            for (i, &l) in levels.iter().enumerate() {
                if ok(l) && best.is_none_or(|b| (l - q).abs() < (levels[b] - q).abs()) {
                    best = Some(i);
                }
            }
            best
        };
        let median = exact(0.5);
        let median_label = if median.is_some() {
            "median".into()
        } else {
            "mean (50 % level not reported)".into()
        };
        let mut notes = Vec::new();
        let band = |want: (f64, f64), lo_ok: &dyn Fn(f64) -> bool, hi_ok: &dyn Fn(f64) -> bool| {
            let lo = exact(want.0).or_else(|| nearest(want.0, lo_ok));
            let hi = exact(want.1).or_else(|| nearest(want.1, hi_ok));
            lo.zip(hi)
        };
        let outer = band((0.05, 0.95), &|l| l < 0.5, &|l| l > 0.5);
        let mut outer_label = String::new();
        match outer {
            Some((a, b)) => {
                outer_label = format!("{}–{} % band", pct(levels[a]), pct(levels[b]));
                if exact(0.05).is_none() || exact(0.95).is_none() {
                    outer_label.push_str(" (5/95 % not reported)");
                }
            }
            None => {
                notes.push("outer band not drawn: no levels below and above 50 % reported".into())
            }
        }
        let (olo, ohi) = outer.map_or((0.0, 1.0), |(a, b)| (levels[a], levels[b]));
        let mut inner = band((0.25, 0.75), &|l| l > olo && l < 0.5, &|l| {
            l < ohi && l > 0.5
        });
        let mut inner_label = String::new();
        match inner {
            Some((a, b)) if Some((a, b)) != outer => {
                inner_label = format!("{}–{} % band", pct(levels[a]), pct(levels[b]));
                if exact(0.25).is_none() || exact(0.75).is_none() {
                    inner_label.push_str(" (25/75 % not reported)");
                }
            }
            _ => {
                inner = None;
                if outer.is_some() {
                    notes.push("50 % band not drawn: 25/75 % levels not reported".into());
                }
            }
        }
        Levels {
            median,
            median_label,
            outer,
            outer_label,
            inner,
            inner_label,
            notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_show_their_distance_from_the_ends() {
        assert_eq!(prob(0.0), "0.000");
        assert_eq!(prob(0.00038), "0.00038");
        assert_eq!(prob(0.081), "0.081");
        assert_eq!(prob(0.99962), "0.99962");
        assert_eq!(prob(1.0), "1.000");
    }
}
