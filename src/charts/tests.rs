//! Unit tests of the charts on hand-built summaries; set `SOFTPOWER_CHART_PREVIEW=<dir>` to keep the files.

use super::format::{fmt_num, nice_ticks, year_ticks, Levels};
use super::testdata::{comparison, samples, summary, summary_with};
use super::*;

/// Write the files under `$SOFTPOWER_CHART_PREVIEW/<sub>` when that variable is set.
pub(super) fn preview(sub: &str, files: &[ChartFile]) {
    if let Ok(dir) = std::env::var("SOFTPOWER_CHART_PREVIEW") {
        for (p, b) in files {
            let path = std::path::Path::new(&dir).join(sub).join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b).unwrap();
        }
    }
}

pub(super) fn is_png(b: &[u8]) -> bool {
    b.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a])
}

#[test]
fn run_charts_cover_key_outcomes_sectors_targets_and_histograms() {
    let s = summary();
    let h = [
        samples("services_balance_bn", 2030.0, 0.0, 5000),
        samples("markets_banned", 2031.0, 0.0, 5000),
    ];
    let charts = run_charts(&s, &h).unwrap();
    let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
    for m in &s.key_outcomes {
        assert!(
            names.contains(&format!("fan_{m}").as_str()),
            "{m} missing in {names:?}"
        );
    }
    for n in [
        "sectors",
        "targets",
        "hist_services_balance_bn_2030",
        "hist_markets_banned_2031",
    ] {
        assert!(names.contains(&n), "{n} missing in {names:?}");
    }
    for c in &charts {
        assert!(is_png(&c.png), "{} is not a PNG", c.name);
        assert!(
            c.svg.starts_with("<svg") && c.svg.contains("</svg>"),
            "{}",
            c.name
        );
    }
    let fan = charts
        .iter()
        .find(|c| c.name == "fan_services_balance_bn")
        .unwrap();
    assert!(fan.svg.contains("baseline") && fan.svg.contains("bn USD") && fan.svg.contains("2031"));
    assert!(fan.svg.contains("5–95 % band") && fan.svg.contains("25–75 % band"));
    let files = chart_files(&charts);
    assert_eq!(files.len(), 2 * charts.len());
    assert!(files
        .iter()
        .any(|(p, _)| p == std::path::Path::new("charts/fan_audience_m.svg")));
    preview("run", &files);
}

#[test]
fn histogram_marks_matching_targets_only() {
    let s = summary();
    let (png, svg) = histogram(
        &samples("services_balance_bn", 2030.0, 0.0, 2000),
        MetricInfo::of(&s.outcome("services_balance_bn")),
        &s.targets,
        "baseline",
    )
    .unwrap();
    assert!(is_png(&png));
    assert!(svg.contains("services trade surplus in 2030"));
    assert!(!svg.contains("one billion overseas audience"));
    let (_, empty) = histogram(
        &HorizonSamples {
            metric: "audience_m".into(),
            year: 2031.0,
            dated: true,
            values: vec![],
        },
        MetricInfo::of(&s.outcome("audience_m")),
        &[],
        "x",
    )
    .unwrap();
    assert!(empty.contains("no finite samples"));
}

#[test]
fn missing_levels_fall_back_and_say_so() {
    let s = summary_with("sparse", &[0.1, 0.5, 0.9], 0.0);
    let charts = run_charts(&s, &[]).unwrap();
    let fan = charts
        .iter()
        .find(|c| c.name == "fan_exports_total_bn")
        .unwrap();
    assert!(fan.svg.contains("10–90 % band"), "outer band label");
    assert!(fan.svg.contains("50 % band not drawn"));
    let lv = Levels::of(&[0.5]);
    assert_eq!((lv.median, lv.outer, lv.inner), (Some(0), None, None));
    let lv = Levels::of(&[0.05, 0.95]);
    assert!(lv.median.is_none() && lv.median_label.starts_with("mean"));
}

#[test]
fn comparison_charts_overlay_differences_and_grouped_targets() {
    let c = comparison(true);
    let charts = comparison_charts(&c).unwrap();
    let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
    for n in [
        "compare_exports_total_bn",
        "diff_export_push_audience_m",
        "diff_platform_first_favorability",
        "compare_targets",
    ] {
        assert!(names.contains(&n), "{n} missing in {names:?}");
    }
    let t = charts.iter().find(|c| c.name == "compare_targets").unwrap();
    assert!(t.svg.contains("export_push") && t.svg.contains("platform_first"));
    let files = chart_files(&charts);
    assert_eq!(files.len(), 2 * charts.len());
    preview("compare", &files);
}

#[test]
fn year_ticks_cover_the_whole_horizon() {
    for (x0, x1) in [
        (2019.0, 2031.0),
        (2019.0, 2032.0),
        (2020.0, 2050.0),
        (2019.0, 2024.0),
    ] {
        for max_n in [2, 4, 6, 8, 14] {
            let t = year_ticks(x0, x1, max_n);
            assert!(
                t.len() <= max_n.max(2) && t.len() >= 2,
                "{x0}–{x1}, at most {max_n}: {t:?}"
            );
            assert_eq!(
                (t[0], *t.last().unwrap()),
                (x0, x1),
                "{x0}–{x1}, at most {max_n}: {t:?}"
            );
            let gaps: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
            let (least, most) = gaps
                .iter()
                .fold((f64::MAX, 0.0f64), |(a, b), g| (a.min(*g), b.max(*g)));
            assert!(
                least * 2.0 > most,
                "{x0}–{x1}, at most {max_n}: uneven {t:?}"
            );
        }
    }
    // A horizon between whole years: the last whole year is ticked.
    assert_eq!(*year_ticks(2019.0, 2031.25, 6).last().unwrap(), 2031.0);
}

#[test]
fn ticks_and_numbers() {
    assert_eq!(
        year_ticks(2019.0, 2031.0, 14),
        (2019..=2031).map(f64::from).collect::<Vec<_>>()
    );
    // The sector panels take at most 6 ticks over 2019–2031: start and horizon are both ticked.
    assert_eq!(
        year_ticks(2019.0, 2031.0, 6),
        vec![2019.0, 2022.0, 2025.0, 2028.0, 2031.0]
    );
    let (t, d) = nice_ticks(0.0, 1.0, 5, false);
    assert_eq!((t.len(), d), (6, 1));
    let (t, d) = nice_ticks(0.0, 3.0, 8, true);
    assert_eq!((t, d), (vec![0.0, 1.0, 2.0, 3.0], 0));
    assert_eq!(fmt_num(1234567.0, 0, " m"), "1,234,567 m");
    assert_eq!(fmt_num(1234.5, 1, ""), "1234.5");
    assert_eq!(fmt_num(-2.5, 1, " bn"), "−2.5 bn");
    assert_eq!(fmt_num(-0.0001, 2, ""), "0.00");
}

/// RGB pixels of a PNG, row by row, and its width.
fn rgb_pixels(png_bytes: &[u8]) -> (Vec<[u8; 3]>, usize) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = buf[..info.buffer_size()]
        .chunks(3)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (px, info.width as usize)
}

#[test]
fn a_thick_median_at_zero_stays_flat_and_above_the_axis() {
    // markets_banned's median is 0 for the first two years: its 3 px line must run level on
    // the 0 tick (plotters' stroker put the ends and the corners a pixel lower) and the value
    // axis must not extend below 0 for a count, while the line keeps clear of the axis line.
    let s = summary();
    let charts = run_charts(&s, &[]).unwrap();
    let fan = charts
        .iter()
        .find(|c| c.name == "fan_markets_banned")
        .unwrap();
    let (px, w) = rgb_pixels(&fan.png);
    let h = px.len() / w;
    let plot_w = w - draw::LEGEND_W as usize;
    let at = |x: usize, y: usize| px[y * w + x];
    let median = palette(0);
    let is_median = |p: [u8; 3]| p == [median.0, median.1, median.2];
    let axis_row = (0..h)
        .max_by_key(|&y| (0..plot_w).filter(|&x| at(x, y) == [0, 0, 0]).count())
        .unwrap();
    let cols: Vec<(usize, usize, usize)> = (0..plot_w)
        .filter_map(|x| {
            let rows: Vec<usize> = (0..h).filter(|&y| is_median(at(x, y))).collect();
            Some((x, *rows.first()?, *rows.last()?))
        })
        .collect();
    let bottom = cols.iter().map(|c| c.2).max().unwrap();
    let flat: Vec<_> = cols.iter().filter(|c| c.1 + 6 > bottom).collect();
    assert!(
        flat.len() > 100,
        "the level part at 0: {} columns",
        flat.len()
    );
    let (top0, bot0) = (flat[0].1, flat[0].2);
    for &&(x, top, bot) in &flat {
        assert_eq!(
            (top, bot),
            (top0, bot0),
            "column {x}: the line at 0 is not level"
        );
    }
    assert!(
        bot0 < axis_row,
        "the line touches the axis ({bot0} vs {axis_row})"
    );
    assert!(
        axis_row - bot0 <= 4,
        "the value axis extends below 0 for a count: line bottom {bot0}, axis {axis_row}"
    );
}

#[test]
fn value_axes_hold_the_data_and_go_below_zero_only_for_negative_values() {
    use super::fan::value_axis;
    // A count from 0 to 3: nothing below 0, the data inside, ticks from 0.
    let a = value_axis((0.0, 3.0), false, 8, true);
    assert_eq!(a.lo, 0.0);
    assert!(a.hi > 3.0 && a.ticks.first() == Some(&0.0) && a.ticks.last() == Some(&3.0));
    assert!(!a.zero_line);
    // Close to 0 but positive: the padding stops at 0.
    let a = value_axis((0.1, 5.0), false, 5, false);
    assert_eq!(a.lo, 0.0);
    // Far from 0: 6 % either side.
    let a = value_axis((100.0, 200.0), false, 8, false);
    assert_eq!((a.lo, a.hi), (94.0, 206.0));
    // Crossing 0: padded below too, with a zero line.
    let a = value_axis((-4.0, 1.0), false, 8, false);
    assert!(a.lo < -4.0 && a.hi > 1.0 && a.zero_line);
    // Differences always include 0; all positive ones start at 0.
    let a = value_axis((2.0, 3.0), true, 8, false);
    assert!(a.lo == 0.0 && a.zero_line);
    // A constant count of 0 and no data at all still give a usable range.
    let a = value_axis((0.0, 0.0), false, 8, true);
    assert!(a.lo == 0.0 && a.hi > 0.0);
    let a = value_axis((f64::INFINITY, f64::NEG_INFINITY), false, 8, false);
    assert!(a.lo < a.hi);
}

#[test]
fn every_chart_has_an_untitled_svg_for_the_report() {
    let s = summary();
    let h = [samples("services_balance_bn", 2030.0, 0.0, 2000)];
    let mut charts = run_charts(&s, &h).unwrap();
    charts.extend(comparison_charts(&comparison(false)).unwrap());
    for m in ["sobol", "morris", "oat"] {
        charts.extend(sensitivity_charts(&super::sensitivity_tests::study(m), "x").unwrap());
    }
    let height = |svg: &str| -> u32 {
        let at = svg.find("height=\"").unwrap() + 8;
        svg[at..].split('"').next().unwrap().parse().unwrap()
    };
    for c in &charts {
        let drawn = draw::TITLE_H;
        // The title is the text centred 12 px from the top.
        let title = "<text x=\"500\" y=\"12\"";
        assert!(c.svg.contains(title), "{}: no title in the file", c.name);
        assert!(
            !c.untitled_svg.contains(title),
            "{}: the report's SVG draws the title again",
            c.name
        );
        assert_eq!(
            height(&c.untitled_svg) + drawn,
            height(&c.svg),
            "{}",
            c.name
        );
        // Everything but the title is still drawn (same legends and labels).
        assert!(c.untitled_svg.matches("<text").count() + 1 == c.svg.matches("<text").count());
    }
}
