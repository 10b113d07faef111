//! Unit tests of the HTML reports: structure, escaping, no external references, inline SVG.

use super::html::{escape, inline_svg, lever_rows, num, table_years};
use super::*;
use crate::charts::testdata::{comparison, summary};

/// Write the report to `$SOFTPOWER_CHART_PREVIEW/<name>` when set.
fn preview(name: &str, html: &str) {
    if let Ok(dir) = std::env::var("SOFTPOWER_CHART_PREVIEW") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), html).unwrap();
    }
}

/// Nothing in the document is loaded from elsewhere.
fn assert_self_contained(html: &str) {
    for bad in [
        "http://", "https://", "src=", "<link", "<script", "@import", "url(",
    ] {
        assert!(!html.contains(bad), "report contains {bad:?}");
    }
}

fn svg(text: &str) -> String {
    format!("<svg width=\"100\" height=\"50\" viewBox=\"0 0 100 50\" xmlns=\"http://www.w3.org/2000/svg\"><text>{text}</text></svg>")
}

#[test]
fn run_report_structure() {
    let s = summary();
    let charts = [
        ("Exports & more".to_string(), svg("CHART-ONE")),
        ("Second".to_string(), svg("CHART-TWO")),
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
    assert!(html.contains("<figcaption>Exports &amp; more</figcaption>"));
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
