//! Unit tests of the sensitivity report: its sections, the ranking in words, warnings, one
//! table and chart per output, Σ S1, and escaping of every name a user chose.

use super::html::{escape, prose};
use super::tests::{assert_self_contained, preview};
use super::*;
use crate::charts::sensitivity_tests::{renamed, study};
use crate::charts::{chart_svgs, sensitivity_charts};
use crate::experiment::sensitivity::sentences;
use crate::experiment::SensitivityResult;

fn page() -> StudyPage {
    StudyPage {
        scenario: "ishigami".into(),
        description: "Ishigami <test> & function".into(),
        steps: 0,
        path_seed: 7,
        scenario_warnings: vec!["`samples` does not apply".into()],
    }
}

fn report(r: &SensitivityResult) -> String {
    let charts = chart_svgs(&sensitivity_charts(r, "ishigami").unwrap());
    sensitivity_report(r, &page(), &charts)
}

#[test]
fn each_method_has_its_sentences_tables_and_charts() {
    for (method, chart, heads) in [
        (
            "sobol",
            "sobol_1",
            &["S1 (alone)", "ST (with interactions)"][..],
        ),
        ("morris", "morris_1", &["μ*", "σ / μ*"][..]),
        ("oat", "tornado_1", &["output at low", "swing"][..]),
    ] {
        let r = study(method);
        let html = report(&r);
        preview(&format!("sensitivity_{method}.html"), &html);
        assert_self_contained(&html);
        assert!(html.starts_with("<!DOCTYPE html>"));
        let sentences = sentences(&r);
        assert!(!sentences.is_empty());
        for s in sentences {
            assert!(
                html.contains(&prose(&s)),
                "{method}: sentence {s:?} missing"
            );
        }
        for id in ["ranking", "outputs", "output-1", "factors", "study"] {
            assert!(html.contains(&format!(" id=\"{id}\"")), "{method}: no {id}");
            assert!(
                html.contains(&format!("<a href=\"#{id}\">")),
                "{method}: no link to {id}"
            );
        }
        for h in heads {
            assert!(
                html.contains(&format!("<th class=\"n\">{}</th>", escape(h))),
                "{method}: {h}"
            );
        }
        for f in ["model.x1", "model.x2", "model.x3"] {
            assert!(
                html.contains(&format!("<tr><td><code>{f}</code></td>")),
                "{method}: row {f}"
            );
        }
        assert!(
            html.contains(&format!("<figure id=\"chart-{chart}\">")),
            "{method}: chart"
        );
        assert_eq!(html.matches("<svg").count(), 1);
        for (k, v) in [
            ("Method", method),
            ("Paths per point", "1"),
            ("Seed of the inner paths", "7"),
        ] {
            assert!(
                html.contains(&format!("<tr><th>{k}</th><td>{v}</td></tr>")),
                "{method}: {k}"
            );
        }
        assert!(html.contains("<tr><th>Throughput</th><td>") && html.contains("path-steps/s"));
        assert!(html.contains("Ishigami &lt;test&gt; &amp; function"));
    }
}

#[test]
fn sobol_reports_the_sum_of_first_order_indices_and_the_unexplained_share() {
    let r = study("sobol");
    let html = report(&r);
    let s = &r.outputs[0];
    let (sum, un) = (s.sum_s1.unwrap(), s.unexplained.unwrap());
    assert!(html.contains(&format!("Σ S1 = {:.3}", sum[0])));
    assert!(html.contains(&format!("1 − Σ S1 = {:.3}", un[0])));
    let x1 = r.index("y@0:mean", "model.x1", "ST").unwrap();
    assert!(html.contains(&format!(
        "{:.3} <span class=\"band\">[{:.3} – {:.3}]</span>",
        x1.estimate,
        x1.ci_low.unwrap(),
        x1.ci_high.unwrap()
    )));
}

#[test]
fn warnings_stand_out_above_the_results() {
    let mut r = study("sobol");
    let html = report(&r);
    // A deterministic model without warnings of its own: only the scenario's.
    assert!(html.contains("<div class=\"warn\" id=\"warnings\""));
    assert!(html.contains("<li><code>samples</code> does not apply</li>"));
    assert!(!html.contains("class=\"alert\""));
    let noise =
        "`y@0:mean`: inner Monte Carlo noise is up to 23 % of its variance between design points";
    r.warnings.push(noise.into());
    r.def.deterministic = false;
    r.outputs[0].noise_share = Some(0.23);
    let html = sensitivity_report(&r, &StudyPage::default(), &[]);
    let warn = html.find("id=\"warnings\"").unwrap();
    assert!(warn < html.find("id=\"ranking\"").unwrap());
    assert!(html[warn..].contains(&prose(noise)));
    assert!(html.contains(
        "<span class=\"alert\">inner Monte Carlo noise up to 23 % of that variance</span>"
    ));
    assert!(html.contains("read them as upper bounds"));
    // No charts: the tables are still there.
    assert!(!html.contains("<figure") && html.contains("<tr><td><code>model.x1</code></td>"));
}

#[test]
fn names_chosen_by_the_user_are_escaped() {
    for method in ["sobol", "morris", "oat"] {
        let r = renamed(study(method), "model.x1", "model.<x1>&", "y<@0>:\"mean\"");
        let html = report(&r);
        assert_self_contained(&html);
        assert!(html.contains("model.&lt;x1&gt;&amp;"), "{method}");
        assert!(html.contains("y&lt;@0&gt;:&quot;mean&quot;"), "{method}");
        assert!(!html.contains("<x1>") && !html.contains("<@0>"), "{method}");
    }
}
