//! Unit tests of the sensitivity charts on small studies of the Ishigami function, and those
//! studies as fixtures for the report's tests.

use super::sensitivity::tornado;
use super::tests::{is_png, preview};
use super::*;
use crate::experiment::{run_sensitivity, SensitivityResult};
use crate::scenario::Loader;

/// A finished study of the Ishigami function by `method` (`sobol`, `morris` or `oat`): 16 base
/// samples or trajectories, 200 bootstrap resamples, one output (`y@0:mean`).
pub(crate) fn study(method: &str) -> SensitivityResult {
    let samples = if method == "oat" { "" } else { "samples = 16" };
    let text = format!(
        "[scenario]\nname = \"ishigami\"\ndescription = \"Ishigami test function\"\nmodel = \"ishigami\"\npaths = 1\nseed = 1\n\
         [uncertainty]\n\
         \"model.x1\" = {{ dist = \"uniform\", min = -3.14159, max = 3.14159 }}\n\
         \"model.x2\" = {{ dist = \"uniform\", min = -3.14159, max = 3.14159 }}\n\
         \"model.x3\" = {{ dist = \"uniform\", min = -3.14159, max = 3.14159 }}\n\
         [sensitivity]\nmethod = \"{method}\"\n{samples}\nbootstrap = 200\n"
    );
    let s = Loader::new()
        .with_section("sensitivity")
        .load_str(&text, "test", None)
        .expect("a valid study");
    run_sensitivity(&s, 1, None).expect("the study runs")
}

/// `r` with factor `from` renamed `to` and its one output renamed `output` everywhere.
pub(crate) fn renamed(
    mut r: SensitivityResult,
    from: &str,
    to: &str,
    output: &str,
) -> SensitivityResult {
    let f = |s: &mut String| {
        if s == from {
            *s = to.into();
        }
    };
    for row in &mut r.rows {
        f(&mut row.factor);
        row.output = output.into();
        if row.index == format!("S2:{from}") {
            row.index = format!("S2:{to}");
        }
    }
    for s in &mut r.outputs {
        s.output = output.into();
        s.ranking.iter_mut().for_each(f);
    }
    r.def.factors.iter_mut().for_each(|x| f(&mut x.path));
    r.eval.table.factors.iter_mut().for_each(f);
    r.eval.table.outputs = vec![output.into()];
    r
}

/// Black 2 px lines (whiskers and reference lines) and lines of the first palette colour.
fn strokes(svg: &str, color: &str) -> usize {
    svg.matches(&format!("stroke=\"{color}\" stroke-width=\"2\""))
        .count()
}

/// `r` without any interval.
fn no_intervals(mut r: SensitivityResult) -> SensitivityResult {
    for row in &mut r.rows {
        (row.ci_low, row.ci_high) = (None, None);
    }
    r
}

#[test]
fn each_method_draws_one_chart_per_output_naming_every_factor() {
    for (method, name) in [
        ("sobol", "sobol_1"),
        ("morris", "morris_1"),
        ("oat", "tornado_1"),
    ] {
        let r = study(method);
        let charts = sensitivity_charts(&r, "ishigami").unwrap();
        assert_eq!(charts.len(), 1, "{method}");
        let c = &charts[0];
        assert_eq!(c.name, name);
        assert!(c.title.contains("y@0:mean") && c.title.ends_with(" — ishigami"));
        assert!(is_png(&c.png), "{method}: not a PNG");
        assert!(c.svg.starts_with("<svg") && c.svg.contains("</svg>"));
        for f in ["model.x1", "model.x2", "model.x3"] {
            assert!(c.svg.contains(f), "{method}: {f} missing");
            assert!(c.untitled_svg.contains(f), "{method}: {f} missing");
        }
        preview(method, &chart_files(&charts));
    }
}

#[test]
fn sobol_bars_draw_both_indices_with_their_intervals() {
    let r = study("sobol");
    let svg = &sensitivity_charts(&r, "x").unwrap()[0].svg;
    for f in ["model.x1", "model.x2", "model.x3"] {
        for ix in ["S1", "ST"] {
            let row = r.index("y@0:mean", f, ix).unwrap();
            let (lo, hi) = (row.ci_low.unwrap(), row.ci_high.unwrap());
            let text = format!("{ix} {:.3} [{lo:.3}–{hi:.3}]", row.estimate);
            assert!(svg.contains(&text), "{text} missing");
        }
    }
    // Each of the 6 bars has a whisker of three lines (a zero line, with its legend swatch, is
    // drawn where the axis reaches below 0).
    let bare = &sensitivity_charts(&no_intervals(r), "x").unwrap()[0].svg;
    let lines = |svg: &str| strokes(svg, "#000000") - 2 * usize::from(svg.contains(">zero</text>"));
    assert_eq!(lines(svg) - lines(bare), 18);
}

#[test]
fn morris_points_have_mu_star_whiskers() {
    let r = study("morris");
    let svg = &sensitivity_charts(&r, "x").unwrap()[0].svg;
    assert_eq!(svg.matches("<circle").count(), 3);
    let bare = &sensitivity_charts(&no_intervals(r), "x").unwrap()[0].svg;
    assert_eq!(strokes(svg, "#1F77B4") - strokes(bare, "#1F77B4"), 9);
}

#[test]
fn tornado_rows_run_from_the_base_sorted_by_swing() {
    let r = study("oat");
    let s = &r.outputs[0];
    let bars = tornado(&r, s, "t".into());
    assert_eq!(bars.names, s.ranking);
    let base = s.base.unwrap();
    let swing = |f: &str| r.index(&s.output, f, "swing").unwrap().estimate.abs();
    for w in bars.names.windows(2) {
        assert!(swing(&w[0]) >= swing(&w[1]), "{w:?} not by |swing|");
    }
    for (i, f) in bars.names.iter().enumerate() {
        for (series, ix) in bars.series.iter().zip(["low", "high"]) {
            let b = series.values[i].as_ref().unwrap();
            assert_eq!(b.from, base);
            assert_eq!(b.to, r.index(&s.output, f, ix).unwrap().estimate);
        }
    }
    assert_eq!(bars.reference.as_ref().unwrap().at, base);
}

#[test]
fn file_names_are_safe_whatever_the_output_is_called() {
    let odd = "P(y > 1) @ 2030: <mean> & more";
    let r = renamed(study("sobol"), "model.x1", "model.<x1>", odd);
    let charts = sensitivity_charts(&r, "s").unwrap();
    for (path, _) in chart_files(&charts) {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'),
            "{name}"
        );
    }
    assert!(charts[0].title.contains(odd));
    // SVG text is escaped by plotters.
    assert!(charts[0].svg.contains("model.&lt;x1&gt;") && !charts[0].svg.contains("<x1>"));
}
