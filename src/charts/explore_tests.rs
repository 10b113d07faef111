//! Unit tests of the exploration charts on hand-built results; set `SOFTPOWER_CHART_PREVIEW=<dir>`
//! to keep the files.

use super::super::chart_files;
use super::super::explore_map::{contour, MapGrid, MAX_MAP_LEVELS};
use super::super::tests::preview;
use super::*;
use crate::experiment::explore::design_values;
use crate::experiment::{Evaluation, Table};
use crate::scenario::{ExploreDef, Factor, Spread, Statistic, StudyOutput};
use std::time::Duration;

/// Paths of every hand-built experiment.
const PATHS: u64 = 400;

/// A factor `path` over `values`.
pub(crate) fn factor(i: usize, path: &str, values: Vec<f64>) -> Factor {
    Factor {
        path: path.into(),
        param: i,
        spread: Spread::Values(values),
        base: 0.0,
    }
}

/// An exploration of `design` whose experiments have the factor values `x` (row-major): outputs
/// a mean of exports and the probability `p(row)` of a target named with `<` and `&`.
pub(crate) fn result(
    design: ExploreDesign,
    factors: Vec<Factor>,
    x: Vec<f64>,
    p: impl Fn(&[f64]) -> f64,
) -> ExploreResult {
    let k = factors.len();
    let rows = x.len() / k;
    let mut y = Vec::new();
    let mut hits = Vec::new();
    for r in x.chunks(k) {
        let h = (p(r) * PATHS as f64).round() as u64;
        y.extend([
            100.0 + 10.0 * r.iter().sum::<f64>(),
            h as f64 / PATHS as f64,
        ]);
        hits.extend([0, h]);
    }
    let outputs = vec![
        StudyOutput {
            name: "exports_total_bn@2031:mean".into(),
            kind: OutputKind::Stat {
                metric: "exports_total_bn".into(),
                outcome: 0,
                year: 2031.0,
                step: 10,
                statistic: Statistic::Mean,
            },
        },
        StudyOutput {
            name: "P(surplus <2030> & more)".into(),
            kind: OutputKind::Probability(0),
        },
    ];
    ExploreResult {
        def: ExploreDef {
            design,
            paths: PATHS,
            points: rows as u64,
            seed: 7,
            factors: factors.clone(),
            outputs: outputs.clone(),
        },
        eval: Evaluation {
            table: Table {
                factors: factors.iter().map(|f| f.path.clone()).collect(),
                outputs: outputs.iter().map(|o| o.name.clone()).collect(),
                x,
                y,
                hits,
                paths: PATHS,
                noise_variance: vec![None, None],
            },
            elapsed: Duration::from_millis(1500),
            threads: 2,
        },
    }
}

/// A grid over `levels` (the last factor fastest) with probability `p`.
pub(crate) fn grid(levels: &[Vec<f64>], p: impl Fn(&[f64]) -> f64) -> ExploreResult {
    let names = [
        "levers.funding_bn_per_year.2022",
        "levers.visa_easing.2022",
        "model.x3",
    ];
    let factors: Vec<Factor> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| factor(i, names[i], l.clone()))
        .collect();
    let x = design_values(&ExploreDef {
        design: ExploreDesign::Grid,
        paths: PATHS,
        points: 0,
        seed: 0,
        factors: factors.clone(),
        outputs: Vec::new(),
    });
    result(ExploreDesign::Grid, factors, x, p)
}

fn labels() -> ExploreLabels {
    ExploreLabels {
        scenario: "push".into(),
        outcomes: Vec::new(),
    }
}

fn steps(n: usize, max: f64) -> Vec<f64> {
    (0..n).map(|i| max * i as f64 / (n - 1) as f64).collect()
}

/// White 2 px strokes: the heatmap's contour (drawn over a black one).
fn contour_strokes(svg: &str) -> usize {
    svg.matches("stroke=\"#FFFFFF\" stroke-width=\"2\"").count()
}

/// The text of an SVG's `<text>` elements, joined by spaces.
fn svg_text(svg: &str) -> String {
    let texts = svg.split("<text").skip(1).filter_map(|t| {
        let body = &t[t.find('>')? + 1..t.find("</text>")?];
        Some(body.trim().to_string())
    });
    texts.collect::<Vec<_>>().join(" ")
}

fn safe(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[test]
fn a_sweep_draws_each_output_against_its_factor_and_bands_probabilities() {
    let r = grid(&[steps(9, 8.0)], |x| 0.2 + 0.07 * x[0]);
    let c = explore_charts(&r, &labels()).unwrap();
    let names: Vec<&str> = c.charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "sweep_01_exports_total_bn_2031_mean",
            "sweep_02_P_surplus__2030____more"
        ]
    );
    assert!(c.notes.is_empty(), "{:?}", c.notes);
    let (stat, prob) = (&c.charts[0], &c.charts[1]);
    assert!(prob.svg.contains("95 % Wilson interval") && prob.svg.contains("<polygon"));
    assert!(!stat.svg.contains("Wilson") && !stat.svg.contains("<polygon"));
    assert!(stat.svg.contains("exports total bn, mean in 2031"));
    assert!(prob
        .title
        .starts_with("P(surplus <2030> & more) vs levers.funding_bn_per_year.2022"));
    assert!(prob.svg.contains("P(surplus &lt;2030&gt; &amp; more)"));
    assert!(prob.png.starts_with(b"\x89PNG"));
    preview("explore_sweep", &chart_files(&c.charts));
}

#[test]
fn a_two_factor_heatmap_draws_the_half_contour_or_says_there_is_none() {
    let levels = [steps(9, 8.0), steps(6, 1.0)];
    let r = grid(&levels, |x| 0.1 + 0.06 * x[0] + 0.3 * x[1]);
    let c = explore_charts(&r, &labels()).unwrap();
    assert_eq!(c.charts.len(), 2);
    assert!(c
        .charts
        .iter()
        .all(|c| c.name.starts_with("heatmap_") && safe(&c.name)));
    let prob = &c.charts[1];
    assert!(prob.svg.contains("P = 0.5 contour"));
    assert!(contour_strokes(&prob.svg) > 3, "no contour path");
    assert!(prob.svg.contains("colour: P(surplus"));
    assert!(!c.charts[0].svg.contains("contour"));
    preview("explore_heatmap", &chart_files(&c.charts));
    let low = grid(&levels, |x| 0.05 + 0.01 * x[0]);
    let c = explore_charts(&low, &labels()).unwrap();
    let svg = &c.charts[1].svg;
    // The note is wrapped into the legend column.
    let text = svg_text(svg);
    assert!(
        text.contains("P stays below 0.5 in every experiment (highest 0.130)"),
        "{text}"
    );
    assert_eq!(contour_strokes(svg), 0);
    let high = grid(&levels, |_| 0.9);
    let svg = explore_charts(&high, &labels()).unwrap().charts[1]
        .svg
        .clone();
    assert!(svg_text(&svg).contains("P is at least 0.5 in every experiment (lowest 0.900)"));
}

#[test]
fn marching_squares_interpolates_crossings_and_splits_saddles() {
    // z = x on a 2 × 2 grid over [0, 1]²: the 0.25 contour is the vertical x = 0.25.
    let segs = contour(&[0.0, 1.0], &[0.0, 1.0], &[0.0, 0.0, 1.0, 1.0], 0.25);
    assert_eq!(segs, vec![[(0.25, 0.0), (0.25, 1.0)]]);
    // A saddle: corners (0,0) and (1,1) above; the centre (mean 0.5) is above too, so the two
    // below corners are cut off.
    let z = [1.0, 0.0, 0.0, 1.0];
    let segs = contour(&[0.0, 1.0], &[0.0, 1.0], &z, 0.5);
    assert_eq!(
        segs,
        vec![[(0.5, 0.0), (1.0, 0.5)], [(0.5, 1.0), (0.0, 0.5)]]
    );
    assert!(contour(&[0.0, 1.0], &[0.0, 1.0], &[f64::NAN, 0.0, 1.0, 1.0], 0.5).is_empty());
    // Cells sharing an edge agree on its crossing.
    let z = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0];
    let segs = contour(&[0.0, 1.0], &[0.0, 1.0, 2.0], &z, 0.5);
    assert_eq!(segs.len(), 2);
    assert_eq!(segs[0][1], segs[1][0]);
}

#[test]
fn heatmaps_thin_long_factors_and_say_so() {
    let x: Vec<f64> = (0..200).map(f64::from).collect();
    let y = vec![0.0; 200];
    let g = MapGrid::new(&x, &y, ("a", "b"));
    assert_eq!(g.xs.len(), MAX_MAP_LEVELS);
    assert_eq!((g.xs[0], g.xs[MAX_MAP_LEVELS - 1]), (0.0, 199.0));
    assert_eq!(
        g.notes,
        ["The heatmaps show 60 of the 200 levels of a, evenly spread."]
    );
    // Experiments off the kept levels have no cell.
    assert_eq!(g.cell.iter().flatten().count(), MAX_MAP_LEVELS);
    assert_eq!(
        (g.cell[1], g.cell[MAX_MAP_LEVELS - 1]),
        (Some(3), Some(199))
    );
}

#[test]
fn sampled_designs_and_wide_grids_get_scatters_against_each_factor() {
    let levels = [steps(3, 8.0), steps(3, 1.0), steps(2, 1.0)];
    let c = explore_charts(&grid(&levels, |x| x[1] * 0.8), &labels()).unwrap();
    assert!(c.charts.iter().all(|c| c.name.starts_with("scatter_")));
    let svg = &c.charts[1].svg;
    for f in [
        "levers.funding_bn_per_year.2022",
        "levers.visa_easing.2022",
        "model.x3",
    ] {
        assert!(svg.contains(f), "{f}");
    }
    assert!(svg.contains("95 % Wilson interval"));
    preview("explore_scatter", &chart_files(&c.charts));
    // An lhs over 14 factors: 12 panels, the cap said in the notes.
    let k = 14;
    let factors: Vec<Factor> = (0..k)
        .map(|i| factor(i, &format!("f.{i}"), vec![0.0, 1.0]))
        .collect();
    let x: Vec<f64> = (0..30 * k).map(|v| (v % 7) as f64 / 7.0).collect();
    let r = result(ExploreDesign::Lhs, factors, x, |x| x[0]);
    let c = explore_charts(&r, &labels()).unwrap();
    assert_eq!(
        c.notes,
        ["Scatter charts show the first 12 of the 14 factors."]
    );
    assert!(c.charts[0].svg.contains("f.11") && !c.charts[0].svg.contains("f.12"));
}

#[test]
fn scatter_subsets_are_fixed_and_spread() {
    let s = subset(10_000, 2000);
    assert_eq!(s.len(), 2000);
    assert!(s.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(s, subset(10_000, 2000));
    // Not a stride: both halves and both parities are drawn from.
    assert!(s.iter().filter(|&&i| i < 5000).count() > 800);
    assert!(s.iter().filter(|&&i| i % 2 == 0).count() > 800);
    assert_eq!(subset(5, 10), [0, 1, 2, 3, 4]);
}

#[test]
fn one_experiment_has_nothing_to_chart() {
    let c = explore_charts(&grid(&[vec![1.0]], |_| 0.5), &labels()).unwrap();
    assert!(c.charts.is_empty());
    assert_eq!(c.notes.len(), 1);
}
