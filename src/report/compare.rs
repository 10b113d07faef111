//! Comparison report tables: target probabilities side by side, horizon outcomes and path-wise differences.

use super::html::{escape, metric_cell, num, prob, swatch, table_years, year};
use crate::charts::format::Levels;
use crate::compare::results::Comparison;
use std::fmt::Write;

/// Header row: a first column, then one column per scenario with its colour.
fn scenario_header(c: &Comparison, first: &str) -> String {
    let mut o = format!("<tr><th>{}</th>", escape(first));
    for (i, s) in c.summaries.iter().enumerate() {
        let _ = write!(
            o,
            "<th class=\"n\">{}{}</th>",
            swatch(i),
            escape(&s.scenario)
        );
    }
    o.push_str("</tr>\n");
    o
}

/// Target probabilities with 95 % intervals, one column per scenario (targets matched by name).
pub(super) fn targets(c: &Comparison) -> String {
    let mut names: Vec<&String> = Vec::new();
    for s in &c.summaries {
        for t in &s.targets {
            if !names.contains(&&t.name) {
                names.push(&t.name);
            }
        }
    }
    if names.is_empty() {
        return "<p class=\"note\">The scenarios define no targets.</p>\n".into();
    }
    let mut o = String::from("<table>\n");
    o.push_str(&scenario_header(c, "Target"));
    for n in names {
        let _ = write!(o, "<tr><td>{}</td>", escape(n));
        for s in &c.summaries {
            let cell = s
                .targets
                .iter()
                .find(|t| &t.name == n)
                .map_or("—".to_string(), |t| {
                    format!(
                        "{} <span class=\"band\">[{} – {}]</span>",
                        prob(t.probability),
                        prob(t.ci95_low),
                        prob(t.ci95_high)
                    )
                });
            let _ = write!(o, "<td class=\"n\">{cell}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n<p class=\"note\">P [95 % Wilson interval]: share of paths strictly beyond the target's threshold.</p>\n");
    o
}

/// Key outcomes at the horizon: central value and outer band per scenario.
pub(super) fn horizon(c: &Comparison) -> String {
    let Some(first) = c.summaries.first() else {
        return String::new();
    };
    let lv = Levels::of(&first.quantiles);
    let band = if lv.outer.is_some() {
        lv.outer_label.as_str()
    } else {
        "no band"
    };
    let h = first.start_year as f64 + first.steps as f64 / first.steps_per_year.max(1) as f64;
    let mut o = format!(
        "<p class=\"note\">In {}; each cell: {} [{}].</p>\n<table>\n",
        year(h),
        escape(&lv.median_label),
        escape(band)
    );
    o.push_str(&scenario_header(c, "Outcome"));
    for m in &first.key_outcomes {
        let _ = write!(o, "<tr><td>{}</td>", metric_cell(&first.outcome(m)));
        for s in &c.summaries {
            let lv = Levels::of(&s.quantiles);
            let cell = s.row(s.steps, m).map_or("n/a".to_string(), |r| {
                let q = |i: usize| r.quantiles.get(i).copied().unwrap_or(f64::NAN);
                let b = lv.outer.map_or(String::new(), |(a, b)| {
                    format!(
                        " <span class=\"band\">[{} – {}]</span>",
                        num(q(a)),
                        num(q(b))
                    )
                });
                format!("{}{b}", num(lv.median.map_or(r.mean, q)))
            });
            let _ = write!(o, "<td class=\"n\">{cell}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n");
    o
}

/// Per later scenario: the path-wise difference at the table years (after the start), with its sd next to
/// the sd independent runs would have had, so the variance reduction of common random numbers is visible.
pub(super) fn differences(c: &Comparison) -> String {
    let Some(first) = c.summaries.first() else {
        return String::new();
    };
    let years = table_years(first.start_year, first.steps, first.steps_per_year);
    let mut o = String::from(
        "<p class=\"note\">Difference = outcome(scenario) − outcome(first scenario) on the same path. \
         Independent sd = √(sd₁² + sd₂²), the spread the difference would have had with independent shocks; \
         variance reduction = (independent sd / diff sd)².</p>\n",
    );
    for (i, scn) in c.scenarios.iter().enumerate().skip(1) {
        let _ = writeln!(
            o,
            "<h3>{}{} − {}</h3>\n<table>",
            swatch(i),
            escape(scn),
            escape(&c.scenarios[0])
        );
        o.push_str("<tr><th>Outcome</th><th class=\"n\">Year</th><th class=\"n\">Diff mean</th><th class=\"n\">Diff 5–95 %</th><th class=\"n\">Diff sd</th><th class=\"n\">Independent sd</th><th class=\"n\">Variance reduction</th><th class=\"n\">P(diff &gt; 0)</th></tr>\n");
        for m in &first.key_outcomes {
            let rows: Vec<_> = c
                .diff_series(scn, m)
                .filter(|d| years.iter().any(|(k, _)| *k == d.step && *k > 0))
                .collect();
            for (j, d) in rows.iter().enumerate() {
                let lead = if j == 0 {
                    format!(
                        "<td rowspan=\"{}\">{}</td>",
                        rows.len(),
                        metric_cell(&first.outcome(m))
                    )
                } else {
                    String::new()
                };
                let vr = if d.diff_sd > 0.0 {
                    format!("×{}", num((d.independent_sd / d.diff_sd).powi(2)))
                } else {
                    "—".into()
                };
                let _ = writeln!(
                    o,
                    "<tr>{lead}<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} – {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{vr}</td><td class=\"n\">{}</td></tr>",
                    year(d.year),
                    num(d.diff_mean),
                    num(d.diff_p05),
                    num(d.diff_p95),
                    num(d.diff_sd),
                    num(d.independent_sd),
                    prob(d.prob_positive)
                );
            }
        }
        o.push_str("</table>\n");
    }
    o
}
