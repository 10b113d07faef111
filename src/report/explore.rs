//! The report of an exploration (`report.html` of `softpower explore`): the design and its
//! factors, the charts, a table of the experiments (probabilities with their intervals) and the
//! run's seeds and timing.

use super::chart_entries;
use super::html::{chart_ids, escape, figures, foot, head, kv_table, num, prob, toc, TocEntry};
use crate::charts::ChartSvg;
use crate::experiment::ExploreResult;
use crate::results::ENGINE_VERSION;
use crate::scenario::{ExploreDesign, Factor, Spread};
use std::fmt::Write;

/// The experiments table shows at most this many experiments (the first ones).
pub const MAX_TABLE_ROWS: usize = 200;
/// A factor's values are listed up to this many (then the first ones, `…` and the last).
const MAX_LISTED_VALUES: usize = 10;

/// What the report says besides the result and its charts.
#[derive(Debug, Clone, Default)]
pub struct ExploreAbout {
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// The scenario's seed (of the paths every experiment runs).
    pub scenario_seed: u64,
    /// Steps per path (for path-steps/s).
    pub steps: usize,
    /// The scenario file, as given.
    pub scenario_file: Option<String>,
}

/// How a design is described.
fn design_text(r: &ExploreResult) -> String {
    let d = &r.def;
    match d.design {
        ExploreDesign::Grid => "grid: every combination of the factors' values".into(),
        ExploreDesign::Lhs => format!("lhs: a Latin hypercube of {} points", d.points),
        ExploreDesign::Sobol => format!(
            "sobol: the first {} points of a scrambled Sobol sequence",
            d.points
        ),
    }
}

/// How a factor varies, in words (not escaped).
fn spread_text(f: &Factor) -> String {
    let (lo, hi) = f.bounds();
    match &f.spread {
        Spread::Uniform { .. } => format!("uniform over [{}, {}]", num(lo), num(hi)),
        Spread::Dist(_) => format!(
            "its [uncertainty] distribution over [{}, {}]",
            num(lo),
            num(hi)
        ),
        Spread::Values(v) => {
            let list: Vec<String> = if v.len() <= MAX_LISTED_VALUES {
                v.iter().map(|x| num(*x)).collect()
            } else {
                let head = v[..MAX_LISTED_VALUES - 1].iter().map(|x| num(*x));
                head.chain(["…".into(), num(v[v.len() - 1])]).collect()
            };
            let n = if v.len() == 1 {
                "1 value".into()
            } else {
                format!("{} values", v.len())
            };
            format!("{n}: {}", list.join(", "))
        }
    }
}

/// The factors: path, how it varies, base value.
fn factors_table(r: &ExploreResult) -> String {
    let mut o = String::from(
        "<table>\n<tr><th>Factor</th><th>Values</th><th class=\"n\">Scenario value</th></tr>\n",
    );
    for f in &r.def.factors {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&f.path),
            escape(&spread_text(f)),
            num(f.base)
        );
    }
    o.push_str("</table>\n");
    o
}

/// `s` escaped, with a line break allowed after each `.`, `@` and `:` (long dotted paths and
/// column names in table heads).
fn breakable(s: &str) -> String {
    let mut o = String::new();
    for c in escape(s).chars() {
        o.push(c);
        if matches!(c, '.' | '@' | ':') {
            o.push_str("<wbr>");
        }
    }
    o
}

/// The first [`MAX_TABLE_ROWS`] experiments: factor values, then each output (a probability
/// with its 95 % Wilson interval).
fn experiments_table(r: &ExploreResult) -> String {
    let t = &r.eval.table;
    let (rows, k) = (t.rows(), t.factors.len());
    let shown = rows.min(MAX_TABLE_ROWS);
    let mut o = String::from("<p class=\"note\">");
    if shown < rows {
        let _ = write!(
            o,
            "The first {shown} of {} experiments; experiments.csv has them all. ",
            num(rows as f64)
        );
    }
    o.push_str("A probability is the share of an experiment's paths beyond the target's threshold, with its 95 % Wilson interval.</p>\n<div style=\"overflow-x:auto\">\n<table>\n<tr><th class=\"n\">#</th>");
    let cols = r.output_columns();
    let heads = t.factors.iter().chain(cols.iter().map(|c| &c.0.name));
    for h in heads {
        let _ = write!(o, "<th style=\"text-align:right\">{}</th>", breakable(h));
    }
    o.push_str("</tr>\n");
    for e in 0..shown {
        let _ = write!(o, "<tr><td class=\"n\">{e}</td>");
        for v in &t.x[e * k..(e + 1) * k] {
            let _ = write!(o, "<td class=\"n\">{}</td>", num(*v));
        }
        for (c, bounds) in &cols {
            let cell = match bounds {
                Some((lo, hi)) => format!(
                    "{} <span class=\"band\">[{} – {}]</span>",
                    prob(c.values[e]),
                    prob(lo.values[e]),
                    prob(hi.values[e])
                ),
                None => num(c.values[e]),
            };
            let _ = write!(o, "<td class=\"n\">{cell}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n</div>\n");
    o
}

/// The report of an exploration: the design and its factors, the charts (with `notes` on what
/// they leave out), the first experiments and the run.
pub fn explore_report(
    r: &ExploreResult,
    about: &ExploreAbout,
    charts: &[ChartSvg],
    notes: &[String],
) -> String {
    let ids = chart_ids(charts);
    let all: Vec<(&ChartSvg, &String)> = charts.iter().zip(&ids).collect();
    let (d, t) = (&r.def, &r.eval.table);
    let mut o = head(&format!("softpower exploration: {}", about.scenario));
    let _ = writeln!(
        o,
        "<h1>{}: exploration</h1>\n<p class=\"desc\">{}</p>",
        escape(&about.scenario),
        escape(&about.description)
    );
    let _ = writeln!(
        o,
        "<p class=\"meta\">{} design, {} experiments × {} paths, the same paths in every experiment (seed {}).</p>",
        d.design.name(),
        num(t.rows() as f64),
        num(d.paths as f64),
        about.scenario_seed
    );
    let mut contents = vec![TocEntry::new("design", "Design")];
    let mut ch = TocEntry::new("charts", "Charts");
    ch.children = chart_entries(&all, &about.scenario);
    contents.push(ch);
    contents.push(TocEntry::new("experiments", "Experiments"));
    contents.push(TocEntry::new("run", "Run"));
    o.push_str(&toc(&contents));
    o.push_str("<h2 id=\"design\">Design</h2>\n");
    o.push_str(&kv_table(&[
        ("Design", design_text(r)),
        ("Experiments", t.rows().to_string()),
        ("Paths per experiment", d.paths.to_string()),
        ("Outputs", d.outputs.len().to_string()),
    ]));
    o.push_str(&factors_table(r));
    o.push_str("<h2 id=\"charts\">Charts</h2>\n");
    for n in notes {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", escape(n));
    }
    if all.is_empty() && notes.is_empty() {
        o.push_str("<p class=\"note\">No charts.</p>\n");
    }
    o.push_str(&figures(&all));
    o.push_str("<h2 id=\"experiments\">Experiments</h2>\n");
    o.push_str(&experiments_table(r));
    o.push_str("<h2 id=\"run\">Run</h2>\n");
    let secs = r.eval.elapsed.as_secs_f64().max(1e-9);
    let design_seed = match d.design {
        ExploreDesign::Grid => "— (a grid is not sampled)".to_string(),
        _ => d.seed.to_string(),
    };
    o.push_str(&kv_table(&[
        ("Seed of the paths", about.scenario_seed.to_string()),
        ("Seed of the design", design_seed),
        ("Paths per experiment", d.paths.to_string()),
        ("Threads", r.eval.threads.to_string()),
        ("Elapsed", format!("{secs:.2} s")),
        (
            "Throughput",
            format!(
                "{:.1} experiments/s, {:.3e} path-steps/s",
                t.rows() as f64 / secs,
                r.eval.path_steps_per_second(about.steps)
            ),
        ),
        ("Engine version", ENGINE_VERSION.to_string()),
        (
            "Scenario file",
            about.scenario_file.clone().unwrap_or_else(|| "—".into()),
        ),
    ]));
    o.push_str(&foot(ENGINE_VERSION));
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{chart_svgs, explore_charts, ExploreLabels};
    use crate::experiment::{Evaluation, Table};
    use crate::scenario::{ExploreDef, OutputKind, StudyOutput};

    /// A three-experiment sweep over a factor named with `<` and `&`.
    fn sweep(rows: usize) -> ExploreResult {
        let factor = Factor {
            path: "levers.<x>&y".into(),
            param: 0,
            spread: Spread::Values((0..rows).map(|i| i as f64).collect()),
            base: 1.0,
        };
        let outputs = vec![StudyOutput {
            name: "P(a <b>)".into(),
            kind: OutputKind::Probability(0),
        }];
        let hits: Vec<u64> = (0..rows as u64).map(|i| (i * 10) % 101).collect();
        ExploreResult {
            def: ExploreDef {
                design: ExploreDesign::Grid,
                paths: 100,
                points: rows as u64,
                seed: 1,
                factors: vec![factor],
                outputs: outputs.clone(),
            },
            eval: Evaluation {
                table: Table {
                    factors: vec!["levers.<x>&y".into()],
                    outputs: vec!["P(a <b>)".into()],
                    x: (0..rows).map(|i| i as f64).collect(),
                    y: hits.iter().map(|&h| h as f64 / 100.0).collect(),
                    hits,
                    paths: 100,
                    noise_variance: vec![None],
                },
                elapsed: std::time::Duration::from_secs(2),
                threads: 1,
            },
        }
    }

    fn about() -> ExploreAbout {
        ExploreAbout {
            scenario: "push <&>".into(),
            description: "a \"test\"".into(),
            scenario_seed: 2021,
            steps: 40,
            scenario_file: None,
        }
    }

    #[test]
    fn the_report_escapes_names_and_shows_intervals_and_timing() {
        let r = sweep(3);
        let labels = ExploreLabels {
            scenario: "push <&>".into(),
            outcomes: Vec::new(),
        };
        let c = explore_charts(&r, &labels).unwrap();
        let html = explore_report(&r, &about(), &chart_svgs(&c.charts), &c.notes);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<td>levers.&lt;x&gt;&amp;y</td>"));
        assert!(html.contains(">P(a &lt;b&gt;)</th>"));
        assert!(html.contains(">levers.<wbr>&lt;x&gt;&amp;y</th>"));
        assert!(html.contains("<h1>push &lt;&amp;&gt;: exploration</h1>"));
        assert!(!html.contains("<x>") && !html.contains("<b>)") && !html.contains("<&>"));
        // P = 0.1 with its Wilson interval on 100 paths.
        assert!(
            html.contains("0.100 <span class=\"band\">[0.055 – 0.174]</span>"),
            "{html}"
        );
        assert!(html.contains("1.5 experiments/s") && html.contains("path-steps/s"));
        assert!(html.contains("<figure id=\"chart-sweep_01_P_a__b\">"));
        assert!(html.contains("href=\"#chart-sweep_01_P_a__b\""));
        assert!(!html.contains("The first 200"));
        for bad in ["http://", "https://", "src=", "<script", "url("] {
            assert!(!html.contains(bad), "{bad}");
        }
    }

    #[test]
    fn long_tables_are_capped_and_say_so() {
        let html = explore_report(&sweep(450), &about(), &[], &["a note <i>".into()]);
        assert!(html.contains("The first 200 of 450 experiments; experiments.csv has them all."));
        assert!(
            html.contains("<td class=\"n\">199</td>") && !html.contains("<td class=\"n\">200</td>")
        );
        assert!(html.contains("<p class=\"note\">a note &lt;i&gt;</p>"));
        assert!(html.contains("450 values: 0, 1, 2, 3, 4, 5, 6, 7, 8, …, 449"));
    }
}
