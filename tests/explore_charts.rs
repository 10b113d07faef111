//! Charts and report.html of `softpower explore`: a two-factor grid gets a heatmap per output
//! (PNG and SVG, safe file names) and a report showing each chart and every experiment;
//! `--no-charts` writes only the tables.

use super::common::listing;
use super::explore::{push_file, softpower};
use std::fs;

/// Two funding levels × three visa levels on few paths.
const TINY: &str = r#"
[explore]
paths = 40

[explore.factors]
"levers.funding_bn_per_year.2022" = { values = [0.0, 8.0] }
"levers.visa_easing.2022" = { values = [0.0, 0.5, 1.0] }
"#;

#[test]
fn a_two_factor_grid_gets_a_heatmap_per_output_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = push_file(dir.path(), TINY);
    let out = dir.path().join("out");
    softpower()
        .args(["explore", "-q", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success();
    let files = listing(&out);
    for f in [
        ".softpower-manifest",
        "experiments.csv",
        "explore.json",
        "report.html",
    ] {
        assert!(files.contains(&f.to_string()), "{f} missing in {files:?}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("explore.json")).unwrap()).unwrap();
    let outputs: Vec<&str> = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .skip(3)
        .filter(|c| !c.ends_with(":lo") && !c.ends_with(":hi"))
        .collect();
    let charts: Vec<&String> = files.iter().filter(|f| f.starts_with("charts/")).collect();
    assert_eq!(charts.len(), 2 * outputs.len(), "{charts:?}");
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    for (j, name) in outputs.iter().enumerate() {
        let stem = format!("charts/heatmap_{:02}_", j + 1);
        let mine: Vec<&&String> = charts.iter().filter(|c| c.starts_with(&stem)).collect();
        assert_eq!(mine.len(), 2, "output {name}: {mine:?}");
        for c in &mine {
            let file = c.trim_start_matches("charts/");
            assert!(
                file.chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "_-.".contains(ch)),
                "unsafe chart file name {file}"
            );
        }
        let svg = fs::read_to_string(out.join(mine[1])).unwrap();
        assert!(
            svg.contains("<svg") && svg.contains("colour: "),
            "{name}: no colour bar"
        );
        if name.starts_with("P(") {
            assert!(
                svg.contains("contour"),
                "{name}: neither the contour nor its note"
            );
        }
        let id = mine[0]
            .trim_start_matches("charts/")
            .trim_end_matches(".png");
        assert!(
            html.contains(&format!("<figure id=\"chart-{id}\">")),
            "{id}"
        );
        // The table's head may break after `.`, `@` and `:`.
        let head: String = name
            .chars()
            .flat_map(|c| {
                let brk = matches!(c, '.' | '@' | ':').then_some("<wbr>");
                std::iter::once(c.to_string()).chain(brk.map(String::from))
            })
            .collect();
        assert!(html.contains(&format!(">{head}</th>")), "{name}");
    }
    // Every experiment is in the table, the last one with its index.
    assert!(html.contains("<td class=\"n\">5</td>") && !html.contains("The first 200"));
    assert!(html.contains("path-steps/s") && html.contains("experiments/s"));
    // Without charts: the tables only.
    let bare = dir.path().join("bare");
    softpower()
        .args(["explore", "-q", "--no-charts", "--out"])
        .arg(&bare)
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        listing(&bare),
        [
            ".softpower-manifest",
            "experiments.csv",
            "experiments.parquet",
            "explore.json"
        ]
    );
    assert_eq!(
        fs::read(bare.join("experiments.csv")).unwrap(),
        fs::read(out.join("experiments.csv")).unwrap()
    );
}
