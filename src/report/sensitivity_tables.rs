//! The tables of the sensitivity report: per output its summary line and its indices with their
//! intervals, the factors, and the study's settings and cost.

use super::html::{escape, fixed, kv_table, num};
use super::sensitivity::StudyPage;
use crate::charts::format::pct;
use crate::experiment::sensitivity::NOISE_WARN_SHARE;
use crate::experiment::{OutputSummary, SensitivityResult};
use crate::results::ENGINE_VERSION;
use crate::scenario::{Method, Spread};
use std::fmt::Write;

/// `[lo – hi]` of an interval, or nothing.
fn band(lo: Option<f64>, hi: Option<f64>, f: impl Fn(f64) -> String) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) => format!(" <span class=\"band\">[{} – {}]</span>", f(l), f(h)),
        _ => String::new(),
    }
}

/// An index of the output for a factor as a cell: the estimate and its interval.
fn cell(
    r: &SensitivityResult,
    s: &OutputSummary,
    factor: &str,
    index: &str,
    f: &dyn Fn(f64) -> String,
) -> String {
    r.index(&s.output, factor, index).map_or("—".into(), |x| {
        format!("{}{}", f(x.estimate), band(x.ci_low, x.ci_high, f))
    })
}

/// A share `[value, low, high]` as "0.75 [0.70 – 0.80]".
fn share(t: [f64; 3]) -> String {
    let b = |x: f64| x.is_finite().then_some(x);
    format!(
        "{}{}",
        fixed(t[0], 3),
        band(b(t[1]), b(t[2]), |x| fixed(x, 3))
    )
}

/// The line above an output's table: mean, variance between points, noise and the method's totals.
pub(super) fn output_meta(r: &SensitivityResult, s: &OutputSummary) -> String {
    let mut parts = vec![
        format!("mean over the design points {}", num(s.mean)),
        format!("variance between points {}", num(s.variance)),
    ];
    match s.noise_share {
        _ if r.def.deterministic => parts.push("deterministic model: no inner noise".into()),
        Some(n) if n > NOISE_WARN_SHARE => parts.push(format!(
            "<span class=\"alert\">inner Monte Carlo noise up to {:.0} % of that variance</span>",
            100.0 * n
        )),
        Some(n) => parts.push(format!(
            "inner Monte Carlo noise up to {:.1} % of it",
            100.0 * n
        )),
        None => parts.push("inner noise not estimated (one path per point)".into()),
    }
    if let Some(b) = s.base {
        parts.push(format!("at the base point {}", num(b)));
    }
    let mut o = format!("<p class=\"meta\">{}.</p>\n", parts.join("; "));
    if let (Some(sum), Some(un)) = (s.sum_s1, s.unexplained) {
        let _ = writeln!(
            o,
            "<p>Σ S1 = {} · unexplained by any factor alone (interactions), 1 − Σ S1 = {}</p>",
            share(sum),
            share(un)
        );
    }
    o
}

/// The table of an output's indices, factors in the study's ranking.
pub(super) fn index_table(r: &SensitivityResult, s: &OutputSummary) -> String {
    let level = format!("{} % interval", pct(r.def.confidence));
    let three = |x: f64| fixed(x, 3);
    let mut o = String::from("<table>\n");
    let head: &[&str] = match r.def.method {
        Method::Sobol => &["S1 (alone)", "ST (with interactions)"],
        Method::Morris => &["μ*", "μ", "σ", "σ / μ*"],
        Method::Oat => &[
            "low value",
            "output at low",
            "high value",
            "output at high",
            "swing",
        ],
    };
    o.push_str("<tr><th>Factor</th>");
    for h in head {
        let _ = write!(o, "<th class=\"n\">{}</th>", escape(h));
    }
    o.push_str("</tr>\n");
    for f in &s.ranking {
        let _ = write!(o, "<tr><td><code>{}</code></td>", escape(f));
        let cells: Vec<String> = match r.def.method {
            Method::Sobol => vec![cell(r, s, f, "S1", &three), cell(r, s, f, "ST", &three)],
            Method::Morris => {
                let v = |ix: &str| r.index(&s.output, f, ix).map_or(f64::NAN, |x| x.estimate);
                vec![
                    cell(r, s, f, "mu_star", &num),
                    num(v("mu")),
                    num(v("sigma")),
                    num(v("sigma") / v("mu_star")),
                ]
            }
            Method::Oat => {
                let (lo, hi) = r
                    .def
                    .factors
                    .iter()
                    .find(|x| &x.path == f)
                    .map_or((f64::NAN, f64::NAN), |x| x.low_high());
                vec![
                    num(lo),
                    cell(r, s, f, "low", &num),
                    num(hi),
                    cell(r, s, f, "high", &num),
                    cell(r, s, f, "swing", &num),
                ]
            }
        };
        for c in cells {
            let _ = write!(o, "<td class=\"n\">{c}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n");
    let pairs: Vec<_> = r
        .rows
        .iter()
        .filter(|x| x.output == s.output && x.index.starts_with("S2:"))
        .collect();
    if !pairs.is_empty() {
        o.push_str(
            "<table>\n<tr><th>Factors</th><th class=\"n\">S2 (the pair's interaction)</th></tr>\n",
        );
        for p in pairs {
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code> × <code>{}</code></td><td class=\"n\">{}{}</td></tr>",
                escape(&p.factor),
                escape(&p.index["S2:".len()..]),
                three(p.estimate),
                band(p.ci_low, p.ci_high, three)
            );
        }
        o.push_str("</table>\n");
    }
    if r.def.method != Method::Oat {
        let _ = writeln!(
            o,
            "<p class=\"note\">Brackets: {level} (bootstrap percentile).</p>"
        );
    }
    o
}

/// The factors: path, how each varies, its range and base.
pub(super) fn factors_table(r: &SensitivityResult) -> String {
    let mut o = String::from("<table>\n<tr><th>Factor</th><th>Varies</th><th class=\"n\">Min</th><th class=\"n\">Max</th><th class=\"n\">Base</th></tr>\n");
    for f in &r.def.factors {
        let (min, max) = f.bounds();
        let spread = match &f.spread {
            Spread::Uniform { .. } => "uniformly over its range".to_string(),
            Spread::Dist(_) => "as its [uncertainty] distribution".to_string(),
            Spread::Values(v) => format!("over {} values", v.len()),
        };
        let _ = writeln!(
            o,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&f.path),
            escape(&spread),
            num(min),
            num(max),
            num(f.base)
        );
    }
    o.push_str("</table>\n");
    o
}

/// The study's settings and cost.
pub(super) fn study_table(r: &SensitivityResult, page: &StudyPage) -> String {
    let d = &r.def;
    let points = r.eval.table.rows();
    let secs = r.eval.elapsed.as_secs_f64().max(1e-9);
    let mut rows = vec![("Method", d.method.name().to_string())];
    match d.method {
        Method::Sobol => {
            rows.push(("Base samples N", d.samples.to_string()));
            rows.push((
                "Second order",
                if d.second_order { "yes" } else { "no" }.into(),
            ));
        }
        Method::Morris => {
            rows.push(("Trajectories r", d.samples.to_string()));
            rows.push(("Levels", d.levels.to_string()));
        }
        Method::Oat => {}
    }
    rows.extend([
        ("Design points", points.to_string()),
        ("Paths per point", d.paths_per_point.to_string()),
        ("Seed of the design and bootstrap", d.seed.to_string()),
        ("Seed of the inner paths", page.path_seed.to_string()),
    ]);
    if d.method != Method::Oat {
        rows.push(("Bootstrap resamples", d.bootstrap.to_string()));
        rows.push(("Confidence", format!("{} %", pct(d.confidence))));
    }
    rows.extend([
        ("Threads", r.eval.threads.to_string()),
        ("Elapsed", format!("{:.2} s", secs)),
        (
            "Throughput",
            format!(
                "{} points/s, {:.3e} path-steps/s",
                num(points as f64 / secs),
                r.eval.path_steps_per_second(page.steps)
            ),
        ),
        ("Engine version", ENGINE_VERSION.to_string()),
    ]);
    kv_table(&rows)
}
