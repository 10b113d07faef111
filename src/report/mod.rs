//! Self-contained HTML reports (`report.html`) of a run, of a policy comparison and of a
//! sensitivity study: inline CSS and SVG, no external resources.

mod compare;
mod explore;
pub mod html;
mod sensitivity;
mod sensitivity_tables;
#[cfg(test)]
mod sensitivity_tests;
#[cfg(test)]
mod tests;

use crate::charts::format::Levels;
use crate::charts::{marks_target, ChartSvg};
use crate::compare::results::Comparison;
use crate::results::Summary;
use html::{
    chart_ids, escape, figure, figures, foot, head, kv_table, lever_rows, metric_cell, num, pbar,
    prob, swatch, table_years, toc, year, TocEntry,
};
use std::fmt::Write;

pub use explore::{explore_report, ExploreAbout};
pub use sensitivity::{sensitivity_report, StudyPage};

/// One target's text: name (with its id), probability and interval, outcome, year and condition.
fn target_item(s: &Summary, i: usize) -> String {
    let t = &s.targets[i];
    format!(
        "<div class=\"target-item\">\n<h3 id=\"{}\">{}</h3>\n<p class=\"prob\">P = <b>{}</b> <span class=\"band\">95 % interval {} – {}</span><br>{}</p>\n<table>\n<tr><th>Outcome</th><td>{}</td></tr>\n<tr><th>Year</th><td>{}</td></tr>\n<tr><th>Condition</th><td>{} {}</td></tr>\n</table>\n</div>\n",
        target_id(i),
        escape(&t.name),
        prob(t.probability),
        prob(t.ci95_low),
        prob(t.ci95_high),
        pbar(t.probability, t.ci95_low, t.ci95_high),
        metric_cell(&s.outcome(&t.metric)),
        if s.steps > 0 { year(t.year) } else { "—".into() },
        escape(&t.direction),
        num(t.threshold),
    )
}

/// Element id of target `i`.
fn target_id(i: usize) -> String {
    format!("target-{}", i + 1)
}

/// For each target, the index of the histogram (among `charts`) that marks it, if any.
fn target_histograms(s: &Summary, charts: &[ChartSvg]) -> Vec<Option<usize>> {
    s.targets
        .iter()
        .map(|t| {
            charts.iter().position(|c| {
                c.histogram_of
                    .as_ref()
                    .is_some_and(|(m, y)| marks_target(m, *y, t))
            })
        })
        .collect()
}

/// The targets of a run, each in a block with its text on the left and, on the right, the
/// histogram of its outcome at its year marking its threshold (targets that share a histogram
/// share a block).
fn target_blocks(
    s: &Summary,
    charts: &[ChartSvg],
    ids: &[String],
    hist: &[Option<usize>],
) -> String {
    if s.targets.is_empty() {
        return "<p class=\"note\">The scenario defines no targets.</p>\n".into();
    }
    let mut o = String::from("<p class=\"note\">P: share of paths strictly beyond the threshold in that year; interval: 95 % Wilson interval. Beside each target, the distribution of its outcome in its year with the threshold marked.</p>\n");
    let mut shown = vec![false; s.targets.len()];
    for i in 0..s.targets.len() {
        if shown[i] {
            continue;
        }
        let group: Vec<usize> = match hist[i] {
            Some(c) => (i..s.targets.len())
                .filter(|&j| hist[j] == Some(c))
                .collect(),
            None => vec![i],
        };
        o.push_str("<div class=\"target\">\n<div class=\"target-text\">\n");
        for &j in &group {
            shown[j] = true;
            o.push_str(&target_item(s, j));
        }
        o.push_str("</div>\n");
        if let Some(c) = hist[i] {
            o.push_str(&figure(&ids[c], &charts[c].title, &charts[c].svg));
        }
        o.push_str("</div>\n");
    }
    o
}

/// Table-of-contents entries of the charts (`title` without the ` — <scenario>` every title ends with).
fn chart_entries(charts: &[(&ChartSvg, &String)], scenario: &str) -> Vec<TocEntry> {
    let tail = format!(" — {scenario}");
    charts
        .iter()
        .map(|(c, id)| TocEntry::new(id, c.title.strip_suffix(&tail).unwrap_or(&c.title)))
        .collect()
}

/// Key outcomes table: central value and outer band at the table years.
fn outcomes_table(s: &Summary) -> String {
    let lv = Levels::of(&s.quantiles);
    let years = table_years(s.start_year, s.steps, s.steps_per_year);
    let band = if lv.outer.is_some() {
        lv.outer_label.as_str()
    } else {
        "no band"
    };
    let mut o = format!(
        "<p class=\"note\">Each cell: {} [{}].</p>\n<table>\n<tr><th>Outcome</th>",
        escape(&lv.median_label),
        escape(band)
    );
    for (_, y) in &years {
        let head = if s.steps > 0 {
            year(*y)
        } else {
            "value".into()
        };
        let _ = write!(o, "<th class=\"n\">{head}</th>");
    }
    o.push_str("</tr>\n");
    for m in &s.key_outcomes {
        let _ = write!(o, "<tr><td>{}</td>", metric_cell(&s.outcome(m)));
        for (k, _) in &years {
            let cell = s.row(*k, m).map_or("n/a".to_string(), |r| {
                let q = |i: usize| r.quantiles.get(i).copied().unwrap_or(f64::NAN);
                let mid = lv.median.map_or(r.mean, q);
                let b = lv.outer.map_or(String::new(), |(a, c)| {
                    format!(
                        "<br><span class=\"band\">[{} – {}]</span>",
                        num(q(a)),
                        num(q(c))
                    )
                });
                format!("{}{b}", num(mid))
            });
            let _ = write!(o, "<td class=\"n\">{cell}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n");
    o
}

/// The policy section (e.g. levers) of one or more scenarios side by side.
fn levers_table(names: &[&str], resolved: &[&serde_json::Value], section: &str) -> String {
    let rows: Vec<_> = resolved.iter().map(|r| lever_rows(r, section)).collect();
    let mut levers: Vec<&String> = Vec::new();
    for r in &rows {
        for (n, _, _) in r {
            if !levers.contains(&n) {
                levers.push(n);
            }
        }
    }
    if levers.is_empty() {
        return "<p class=\"note\">No levers recorded.</p>\n".into();
    }
    let mut o = String::from("<table>\n<tr><th>Name</th>");
    for (i, n) in names.iter().enumerate() {
        let sw = if names.len() > 1 {
            swatch(i)
        } else {
            String::new()
        };
        let _ = write!(
            o,
            "<th>{sw}{}</th>",
            if names.len() > 1 {
                escape(n)
            } else {
                "Value".into()
            }
        );
    }
    o.push_str("</tr>\n");
    for l in levers {
        let _ = write!(o, "<tr><td>{}</td>", escape(l));
        for r in &rows {
            let cell = r
                .iter()
                .find(|(n, _, _)| n == l)
                .map_or("—".to_string(), |(_, kind, v)| {
                    format!("{} <span class=\"band\">({kind})</span>", escape(v))
                });
            let _ = write!(o, "<td>{cell}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n");
    o
}

/// The report of one run: scenario, a table of contents, levers, targets (each beside the
/// histogram that marks it), key outcomes, the other charts and run metadata.
pub fn run_report(summary: &Summary, charts: &[ChartSvg]) -> String {
    let s = summary;
    let ids = chart_ids(charts);
    let hist = target_histograms(s, charts);
    let rest: Vec<(&ChartSvg, &String)> = charts
        .iter()
        .zip(&ids)
        .enumerate()
        .filter(|(i, _)| !hist.contains(&Some(*i)))
        .map(|(_, c)| c)
        .collect();
    let horizon = s.start_year as f64 + s.steps as f64 / s.steps_per_year.max(1) as f64;
    let mut o = head(&format!("softpower report: {}", s.scenario));
    let _ = writeln!(
        o,
        "<h1>{}</h1>\n<p class=\"desc\">{}</p>",
        escape(&s.scenario),
        escape(&s.description)
    );
    let period = if s.steps > 0 {
        format!("{} – {}, ", s.start_year, year(horizon))
    } else {
        "one record (a static model), ".into()
    };
    let _ = writeln!(
        o,
        "<p class=\"meta\">{} paths, {period}model {}.</p>",
        num(s.paths as f64),
        escape(&s.model)
    );
    let mut contents = Vec::new();
    if s.policy_section.is_some() {
        contents.push(TocEntry::new("levers", &s.policy_title));
    }
    let targets: Vec<(String, &str)> = (0..s.targets.len())
        .map(|i| (target_id(i), s.targets[i].name.as_str()))
        .collect();
    contents.push(TocEntry::with_children("targets", "Targets", &targets));
    contents.push(TocEntry::new("outcomes", "Key outcomes"));
    if !rest.is_empty() {
        let mut c = TocEntry::new("charts", "Charts");
        c.children = chart_entries(&rest, &s.scenario);
        contents.push(c);
    }
    contents.push(TocEntry::new("run", "Run"));
    o.push_str(&toc(&contents));
    if let Some(section) = &s.policy_section {
        let _ = writeln!(o, "<h2 id=\"levers\">{}</h2>", escape(&s.policy_title));
        o.push_str(&levers_table(
            &[&s.scenario],
            &[&s.resolved_scenario],
            section,
        ));
    }
    o.push_str("<h2 id=\"targets\">Targets</h2>\n");
    o.push_str(&target_blocks(s, charts, &ids, &hist));
    o.push_str("<h2 id=\"outcomes\">Key outcomes</h2>\n");
    o.push_str(&outcomes_table(s));
    if !rest.is_empty() {
        o.push_str("<h2 id=\"charts\">Charts</h2>\n");
        o.push_str(&figures(&rest));
    }
    o.push_str("<h2 id=\"run\">Run</h2>\n");
    let q: Vec<String> = s
        .quantiles
        .iter()
        .map(|q| format!("{} %", crate::charts::format::pct(*q)))
        .collect();
    o.push_str(&kv_table(&[
        ("Seed", s.seed.to_string()),
        ("Paths", s.paths.to_string()),
        ("Generator", s.generator.clone()),
        ("Normal sampler", s.normal_sampler.clone()),
        ("Paths per chunk", s.chunk_paths.to_string()),
        ("Quantile levels", q.join(", ")),
        ("Quantiles", s.quantile_method.clone()),
        ("Threads", s.threads.to_string()),
        ("Elapsed", format!("{:.2} s", s.elapsed_s)),
        (
            "Throughput",
            format!("{:.3e} path-steps/s", s.path_steps_per_s),
        ),
        ("Engine version", s.engine_version.clone()),
        (
            "Scenario file",
            s.scenario_file.clone().unwrap_or_else(|| "—".into()),
        ),
    ]));
    o.push_str(&foot(&s.engine_version));
    o
}

/// The report of a comparison: scenarios, a table of contents, levers and target probabilities
/// side by side, key outcomes at the horizon, difference table (diff mean, diff sd, independent
/// sd), the given charts and metadata.
pub fn compare_report(c: &Comparison, charts: &[ChartSvg]) -> String {
    let ids = chart_ids(charts);
    let all: Vec<(&ChartSvg, &String)> = charts.iter().zip(&ids).collect();
    let names: Vec<&str> = c.summaries.iter().map(|s| s.scenario.as_str()).collect();
    let mut o = head(&format!(
        "softpower comparison: {}",
        c.scenarios.join(" vs ")
    ));
    let _ = writeln!(o, "<h1>Policy comparison</h1>\n<p class=\"meta\">{} paths per scenario under common random numbers (seed {}); differences are against <b>{}</b>.</p>\n<table>", num(c.paths as f64), c.seed, escape(c.scenarios.first().map_or("", |s| s.as_str())));
    for (i, s) in c.summaries.iter().enumerate() {
        let _ = writeln!(
            o,
            "<tr><th>{}{}</th><td>{}</td></tr>",
            swatch(i),
            escape(&s.scenario),
            escape(&s.description)
        );
    }
    o.push_str("</table>\n");
    let mut contents = Vec::new();
    let policy = c.summaries.first().filter(|f| f.policy_section.is_some());
    if let Some(first) = policy {
        contents.push(TocEntry::new("levers", &first.policy_title));
    }
    contents.push(TocEntry::new("targets", "Target probabilities"));
    contents.push(TocEntry::new("outcomes", "Key outcomes at the horizon"));
    contents.push(TocEntry::new(
        "differences",
        "Differences against the first scenario",
    ));
    if !all.is_empty() {
        let mut ch = TocEntry::new("charts", "Charts");
        ch.children = chart_entries(&all, &c.scenarios.join(" vs "));
        contents.push(ch);
    }
    contents.push(TocEntry::new("run", "Run"));
    o.push_str(&toc(&contents));
    let resolved: Vec<&serde_json::Value> =
        c.summaries.iter().map(|s| &s.resolved_scenario).collect();
    if let Some(first) = c.summaries.first() {
        if let Some(section) = &first.policy_section {
            let _ = writeln!(o, "<h2 id=\"levers\">{}</h2>", escape(&first.policy_title));
            o.push_str(&levers_table(&names, &resolved, section));
        }
    }
    o.push_str("<h2 id=\"targets\">Target probabilities</h2>\n");
    o.push_str(&compare::targets(c));
    o.push_str("<h2 id=\"outcomes\">Key outcomes at the horizon</h2>\n");
    o.push_str(&compare::horizon(c));
    o.push_str("<h2 id=\"differences\">Differences against the first scenario</h2>\n");
    o.push_str(&compare::differences(c));
    if !all.is_empty() {
        o.push_str("<h2 id=\"charts\">Charts</h2>\n");
        o.push_str(&figures(&all));
    }
    o.push_str("<h2 id=\"run\">Run</h2>\n");
    o.push_str(&kv_table(&[
        ("Seed", c.seed.to_string()),
        ("Paths per scenario", c.paths.to_string()),
        ("Generator", c.generator.clone()),
        ("Threads", c.threads.to_string()),
        ("Elapsed", format!("{:.2} s", c.elapsed_s)),
        ("Engine version", c.engine_version.clone()),
    ]));
    o.push_str(&foot(&c.engine_version));
    o
}
