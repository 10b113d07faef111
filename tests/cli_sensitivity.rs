//! `softpower sensitivity` end to end through the binary: the set of files each method writes
//! (tables, one chart per output as PNG and SVG, report.html) and that `--no-charts` leaves only
//! the tables.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn ishigami() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join("ishigami.toml")
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut v = Vec::new();
    walk(dir, dir, &mut v);
    v.sort();
    v
}

/// Run `softpower sensitivity scenarios/ishigami.toml --quiet --out <tmp>/out <extra>`; returns
/// the temporary directory and the files written.
fn study(extra: &[&str]) -> (tempfile::TempDir, Vec<String>) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    Command::cargo_bin("softpower")
        .unwrap()
        .arg("sensitivity")
        .arg(ishigami())
        .args(["--quiet", "--out"])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    let f = files(&out);
    (d, f)
}

const TABLES: [&str; 4] = [
    ".softpower-manifest",
    "design.csv",
    "sensitivity.csv",
    "sensitivity.json",
];

fn with_charts(chart: &str) -> Vec<String> {
    let mut v: Vec<String> = TABLES.iter().map(|s| s.to_string()).collect();
    v.extend([
        format!("charts/{chart}.png"),
        format!("charts/{chart}.svg"),
        "report.html".into(),
    ]);
    v.sort();
    v
}

#[test]
fn sobol_writes_tables_a_chart_per_output_and_the_report() {
    let (d, f) = study(&["--samples", "256"]);
    assert_eq!(f, with_charts("sobol_1"));
    let out = d.path().join("out");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h1>Sensitivity: ishigami</h1>"));
    assert!(html.contains("<code>y@0:mean</code>") && html.contains("Σ S1"));
    let png = std::fs::read(out.join("charts/sobol_1.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let svg = std::fs::read_to_string(out.join("charts/sobol_1.svg")).unwrap();
    assert!(svg.contains("model.x1") && svg.contains("y@0:mean"));
}

#[test]
fn morris_and_oat_write_their_own_charts() {
    let (_d, f) = study(&["--method", "morris", "--samples", "8"]);
    assert_eq!(f, with_charts("morris_1"));
    let (_d, f) = study(&["--method", "oat"]);
    assert_eq!(f, with_charts("tornado_1"));
}

#[test]
fn no_charts_writes_only_the_tables() {
    let (_d, f) = study(&["--samples", "256", "--no-charts"]);
    assert_eq!(f, TABLES);
}
