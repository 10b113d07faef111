//! The report of a sensitivity study (`report.html` of `softpower sensitivity`): the study's
//! settings and cost, its warnings, the ranking in words, and per output a table of the indices
//! with their intervals ([`super::sensitivity_tables`]) and its chart.

use super::html::{chart_ids, escape, figure, foot, head, num, prose, toc, TocEntry};
use super::sensitivity_tables::{factors_table, index_table, output_meta, study_table};
use crate::charts::format::pct;
use crate::charts::{sensitivity_chart_name, ChartSvg};
use crate::experiment::sensitivity::{sentences, NOISE_WARN_SHARE};
use crate::experiment::SensitivityResult;
use crate::results::ENGINE_VERSION;
use std::fmt::Write;

/// What the page says beyond the study's result: the scenario it ran.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StudyPage {
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// Steps per path (for the path-steps throughput).
    pub steps: usize,
    /// Seed of the inner paths (the scenario's).
    pub path_seed: u64,
    /// Warnings from loading the scenario.
    pub scenario_warnings: Vec<String>,
}

/// Element id of output `i`'s section.
fn output_id(i: usize) -> String {
    format!("output-{}", i + 1)
}

/// The warnings, in a box above everything else: the study's first, then the scenario's.
fn warnings_box(r: &SensitivityResult, page: &StudyPage) -> String {
    let mut o = String::from(
        "<div class=\"warn\" id=\"warnings\" role=\"alert\">\n<h2>Warnings</h2>\n<ul>\n",
    );
    for w in r.warnings.iter().chain(&page.scenario_warnings) {
        let _ = writeln!(o, "<li>{}</li>", prose(w));
    }
    o.push_str("</ul>\n");
    if r.outputs
        .iter()
        .any(|s| s.noise_share.is_some_and(|n| n > NOISE_WARN_SHARE))
        && !r.def.deterministic
    {
        let _ = writeln!(
            o,
            "<p class=\"note\">Inner Monte Carlo noise above {} % of an output's variance between design points inflates its indices (and the unexplained share): read them as upper bounds, or run again with more paths_per_point.</p>",
            pct(NOISE_WARN_SHARE)
        );
    }
    o.push_str("</div>\n");
    o
}

/// The report of a study: the charts are matched to outputs by name
/// ([`sensitivity_chart_name`]); an output without one gets its table only.
pub fn sensitivity_report(r: &SensitivityResult, page: &StudyPage, charts: &[ChartSvg]) -> String {
    let ids = chart_ids(charts);
    let warned = !r.warnings.is_empty() || !page.scenario_warnings.is_empty();
    let mut o = head(&format!("softpower sensitivity: {}", page.scenario));
    let _ = writeln!(
        o,
        "<h1>Sensitivity: {}</h1>\n<p class=\"desc\">{}</p>",
        escape(&page.scenario),
        escape(&page.description)
    );
    let _ = writeln!(
        o,
        "<p class=\"meta\">{} study of {} factors and {} outputs: {} design points × {} paths per point.</p>",
        escape(r.def.method.name()),
        r.def.factors.len(),
        r.outputs.len(),
        num(r.eval.table.rows() as f64),
        num(r.def.paths_per_point as f64)
    );
    if warned {
        o.push_str(&warnings_box(r, page));
    }
    let mut contents = Vec::new();
    if warned {
        contents.push(TocEntry::new("warnings", "Warnings"));
    }
    contents.push(TocEntry::new("ranking", "Ranking"));
    let outputs: Vec<(String, &str)> = (r.outputs.iter().enumerate())
        .map(|(i, s)| (output_id(i), s.output.as_str()))
        .collect();
    contents.push(TocEntry::with_children("outputs", "Outputs", &outputs));
    contents.push(TocEntry::new("factors", "Factors"));
    contents.push(TocEntry::new("study", "Study"));
    o.push_str(&toc(&contents));
    o.push_str("<h2 id=\"ranking\">Ranking</h2>\n<ul>\n");
    for s in sentences(r) {
        let _ = writeln!(o, "<li>{}</li>", prose(&s));
    }
    o.push_str("</ul>\n<h2 id=\"outputs\">Outputs</h2>\n");
    for (i, s) in r.outputs.iter().enumerate() {
        let _ = writeln!(
            o,
            "<h3 id=\"{}\"><code>{}</code></h3>",
            output_id(i),
            escape(&s.output)
        );
        o.push_str(&output_meta(r, s));
        o.push_str(&index_table(r, s));
        let name = sensitivity_chart_name(r.def.method, i);
        if let Some(c) = charts.iter().position(|c| c.name == name) {
            o.push_str(&figure(&ids[c], &charts[c].title, &charts[c].svg));
        }
    }
    o.push_str("<h2 id=\"factors\">Factors</h2>\n");
    o.push_str(&factors_table(r));
    o.push_str("<h2 id=\"study\">Study</h2>\n");
    o.push_str(&study_table(r, page));
    o.push_str(&foot(ENGINE_VERSION));
    o
}
