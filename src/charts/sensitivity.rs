//! Charts of a sensitivity study, one per output: Sobol S1 and ST bars with their bootstrap
//! intervals, the Morris μ*–σ scatter with labelled factors ([`super::morris`]), and the
//! one-at-a-time tornado.
//!
//! Files are named by the output's position (`sobol_1`, `morris_2`, `tornado_1`, …), since output
//! names hold `@`, `:`, spaces and brackets; the chart's title names the output.

use super::bars::{Bar, BarSeries, Bars, Reference};
use super::draw::{render, Axis};
use super::fan::value_axis;
use super::format::{fmt_sig, palette, pct};
use super::morris::morris_scatter;
use super::{chart, RenderedChart};
use crate::experiment::{OutputSummary, SensitivityResult};
use crate::scenario::Method;

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
