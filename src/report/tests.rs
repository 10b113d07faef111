//! Unit tests of the HTML reports: structure, escaping, no external references, inline SVG.

use super::html::{chart_ids, element_id, escape, inline_svg, lever_rows, num, table_years};
use super::*;
use crate::charts::testdata::{comparison, summary};

/// Write the report to `$SOFTPOWER_CHART_PREVIEW/<name>` when set.
pub(super) fn preview(name: &str, html: &str) {
    if let Ok(dir) = std::env::var("SOFTPOWER_CHART_PREVIEW") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), html).unwrap();
    }
}

/// Nothing in the document is loaded from elsewhere.
pub(super) fn assert_self_contained(html: &str) {
    for bad in [
        "http://", "https://", "src=", "<link", "<script", "@import", "url(",
    ] {
        assert!(!html.contains(bad), "report contains {bad:?}");
    }
}

fn svg(text: &str) -> String {
    format!("<svg width=\"100\" height=\"50\" viewBox=\"0 0 100 50\" xmlns=\"http://www.w3.org/2000/svg\"><text>{text}</text></svg>")
}

/// A chart as the report takes it; `histogram_of` names the outcome and year of a histogram.
fn chart(name: &str, title: &str, text: &str, histogram_of: Option<(&str, f64)>) -> ChartSvg {
    ChartSvg {
        name: name.into(),
        title: title.into(),
        svg: svg(text),
        histogram_of: histogram_of.map(|(m, y)| (m.to_string(), y)),
    }
}

#[test]
fn run_report_structure() {
    let s = summary();
    let charts = [
        chart("fan_exports_total_bn", "Exports & more", "CHART-ONE", None),
        chart("second", "Second", "CHART-TWO", None),
    ];
    let html = run_report(&s, &charts);
    preview("report.html", &html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>softpower report: baseline</title>"));
    for h in ["Policy levers", "Targets", "Key outcomes", "Charts", "Run"] {
        assert!(html.contains(&format!("\">{h}</h2>")), "heading {h}");
    }
    for t in &s.targets {
        assert!(html.contains(&escape(&t.name)), "target {}", t.name);
    }
    assert!(html.contains("index above 50 &lt;by&gt; 2031"));
    assert!(html.contains("Status quo &lt;levers&gt; held at 2019 levels &amp; &quot;more&quot;"));
    assert!(!html.contains("<levers>") && !html.contains("<by>"));
    assert!(
        html.contains("CHART-ONE")
            && html.contains("CHART-TWO")
            && html.matches("<svg").count() == 2
    );
    assert!(html.contains(
        "<figure id=\"chart-fan_exports_total_bn\"><figcaption>Exports &amp; more</figcaption>"
    ));
    for id in [
        "levers",
        "targets",
        "target-1",
        "target-3",
        "outcomes",
        "charts",
        "chart-second",
        "run",
    ] {
        assert!(
            html.contains(&format!("<a href=\"#{id}\">")),
            "contents: no link to {id}"
        );
        assert!(html.contains(&format!(" id=\"{id}\"")), "no element {id}");
    }
    assert!(
        html.contains("funding_bn_per_year")
            && html.contains("from 2019: 0; from 2022: 3 ")
            && html.contains("(schedule)")
    );
    assert!(
        html.contains("2021")
            && html.contains("xoshiro256++")
            && html.contains("3.840e5 path-steps/s")
    );
    assert!(
        html.contains("<th class=\"n\">2031</th>") && html.contains("<th class=\"n\">2019</th>")
    );
    assert_self_contained(&html);
}

#[test]
fn targets_stand_beside_the_histograms_that_mark_them() {
    let s = summary();
    // Targets 1 and 2 are in 2030 on two outcomes; target 3 on the index in 2031.
    let charts = [
        chart("fan_audience_m", "Audience", "FAN", None),
        chart(
            "hist_services_balance_bn_2030",
            "Balance in 2030",
            "HIST-BALANCE",
            Some(("services_balance_bn", 2030.0)),
        ),
        chart(
            "hist_audience_m_2030",
            "Audience in 2030",
            "HIST-AUDIENCE",
            Some(("audience_m", 2030.0)),
        ),
        chart(
            "hist_audience_m_2031",
            "Audience in 2031",
            "HIST-HORIZON",
            Some(("audience_m", 2031.0)),
        ),
    ];
    let html = run_report(&s, &charts);
    preview("report_targets.html", &html);
    let blocks: Vec<&str> = html.split("<div class=\"target\">").skip(1).collect();
    assert_eq!(blocks.len(), 3, "one block per target here");
    let block = |i: usize| blocks[i].split("<h2").next().unwrap();
    assert!(
        block(0).contains("services trade surplus in 2030") && block(0).contains("HIST-BALANCE")
    );
    assert!(
        block(1).contains("one billion overseas audience") && block(1).contains("HIST-AUDIENCE")
    );
    assert!(block(2).contains("index above 50") && !block(2).contains("<figure"));
    // Each chart once: the target histograms are not repeated under Charts.
    for text in ["FAN", "HIST-BALANCE", "HIST-AUDIENCE", "HIST-HORIZON"] {
        assert_eq!(html.matches(text).count(), 1, "{text}");
    }
    let charts_section = html.split("<h2 id=\"charts\">").nth(1).unwrap();
    assert!(charts_section.contains("HIST-HORIZON") && !charts_section.contains("HIST-BALANCE"));
    // Two targets on one histogram share its block.
    let mut two = summary();
    two.targets[1].metric = "services_balance_bn".into();
    let html = run_report(&two, &charts);
    let blocks: Vec<&str> = html.split("<div class=\"target\">").skip(1).collect();
    assert_eq!(blocks.len(), 2);
    assert_eq!(html.matches("HIST-BALANCE").count(), 1);
    assert!(blocks[0].contains("services trade surplus") && blocks[0].contains("one billion"));
}

#[test]
fn run_report_with_real_charts_is_self_contained() {
    let s = summary();
    let h = [crate::charts::testdata::samples(
        "services_balance_bn",
        2030.0,
        0.0,
        2000,
    )];
    let charts = crate::charts::run_charts(&s, &h).unwrap();
    let html = run_report(&s, &crate::charts::chart_svgs(&charts));
    preview("report_full.html", &html);
    assert_eq!(html.matches("<svg").count(), charts.len());
    assert_self_contained(&html);
}

#[test]
fn compare_report_structure() {
    let c = comparison(true);
    let charts = crate::charts::comparison_charts(&c).unwrap();
    let html = compare_report(&c, &crate::charts::chart_svgs(&charts));
    preview("compare.html", &html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(
        "<title>softpower comparison: baseline vs export_push vs platform_first</title>"
    ));
    for h in [
        "Policy levers",
        "Target probabilities",
        "Key outcomes at the horizon",
        "Differences against the first scenario",
        "Charts",
        "Run",
    ] {
        assert!(html.contains(&format!("\">{h}</h2>")), "heading {h}");
    }
    for s in &c.summaries {
        for t in &s.targets {
            assert!(html.contains(&escape(&t.name)));
        }
    }
    assert!(html.contains("export_push − baseline") && html.contains("platform_first − baseline"));
    assert!(html.contains("Independent sd") && html.contains("Variance reduction"));
    assert_eq!(html.matches("<svg").count(), charts.len());
    assert_self_contained(&html);
}

#[test]
fn helpers() {
    assert_eq!(
        escape("a<b & 'c' \"d\">"),
        "a&lt;b &amp; &#39;c&#39; &quot;d&quot;&gt;"
    );
    assert_eq!(num(1234.5678), "1235");
    assert_eq!(num(12.345), "12.35");
    assert_eq!(num(0.012345), "0.01235");
    assert_eq!(num(123456.0), "123,456");
    assert_eq!(num(-2.5), "−2.5");
    let y: Vec<f64> = table_years(2019, 48, 4)
        .into_iter()
        .map(|(_, y)| y)
        .collect();
    assert_eq!(y, vec![2019.0, 2022.0, 2025.0, 2028.0, 2031.0]);
    let y: Vec<f64> = table_years(2019, 7, 1)
        .into_iter()
        .map(|(_, y)| y)
        .collect();
    assert_eq!(y, vec![2019.0, 2021.0, 2023.0, 2025.0, 2026.0]);
    assert_eq!(element_id("chart", "fan_a.b c"), "chart-fan_a_b_c");
    let ids = chart_ids(&[
        chart("a.b", "", "", None),
        chart("a_b", "", "", None),
        chart("c", "", "", None),
    ]);
    assert_eq!(ids, ["chart-a_b", "chart-a_b-2", "chart-c"]);
    let inl = inline_svg(&svg("x"));
    assert!(
        inl.starts_with("<svg width=\"100\"") && !inl.contains("xmlns") && inl.ends_with("</svg>")
    );
    let rows = lever_rows(
        &serde_json::json!({"levers": {"a": 0.5, "b": {"2022": 3.0, "2019": 0.0}, "c": "odd"}}),
        "levers",
    );
    assert_eq!(rows[0], ("a".to_string(), "constant", "0.5".to_string()));
    assert_eq!(
        rows[1],
        (
            "b".to_string(),
            "schedule",
            "from 2019: 0; from 2022: 3".to_string()
        )
    );
    assert_eq!(rows[2].1, "other");
}

#[test]
fn a_target_never_hit_shows_its_upper_bound() {
    // 0 hits on 10 000 paths: the Wilson upper bound 0.00038 must not print as 0.000.
    let mut s = summary();
    let (lo, hi) = crate::stats::wilson_interval(0, 10_000, crate::stats::Z95);
    let t = &mut s.targets[0];
    (t.successes, t.probability, t.ci95_low, t.ci95_high) = (0, 0.0, lo, hi);
    let html = run_report(&s, &[]);
    assert!(
        html.contains("P = <b>0.000</b> <span class=\"band\">95 % interval 0.000 – 0.00038</span>"),
        "{}",
        html.split("<p class=\"prob\">")
            .nth(1)
            .unwrap_or("no target")
    );
    assert_eq!(super::html::prob(f64::NAN), "n/a");
}
