//! The test-function models through the binary: `ishigami` and `sobol_g` at 200 000 paths give
//! the analytic mean (within 3 standard errors) and standard deviation (within 1 %), one step,
//! a histogram and a report, and no fan chart.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

/// Runs a shipped scenario with 200 000 paths; returns (mean, sd, paths, files written).
fn run(name: &str) -> (f64, f64, f64, Vec<String>) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    let o = Command::cargo_bin("softpower")
        .unwrap()
        .current_dir(d.path())
        .args([
            "run",
            file.to_str().unwrap(),
            "--paths",
            "200000",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = fs::read_to_string(out.join("summary.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "one outcome at one step: {csv}");
    let f: Vec<&str> = rows[0].split(',').collect();
    assert_eq!((f[0], f[2]), ("0", "y"), "{}", rows[0]);
    let files = crate::common::listing(&out);
    (
        f[3].parse().unwrap(),
        f[4].parse().unwrap(),
        200_000.0,
        files,
    )
}

fn check(name: &str, mean: f64, sd: f64) {
    let (m, s, n, files) = run(name);
    let se = s / n.sqrt();
    assert!(
        (m - mean).abs() < 3.0 * se,
        "{name}: mean {m} vs {mean} ({:.2} standard errors)",
        (m - mean) / se
    );
    assert!(
        (s / sd - 1.0).abs() < 0.01,
        "{name}: sd {s} vs {sd} ({:+.3} %)",
        100.0 * (s / sd - 1.0)
    );
    assert!(files.iter().any(|f| f == "report.html"), "{files:?}");
    assert!(
        files.iter().any(|f| f == "charts/hist_y_0.png"),
        "{files:?}"
    );
    assert!(
        !files.iter().any(|f| f.contains("fan_")),
        "no fan chart for a static model: {files:?}"
    );
    assert!(!files.iter().any(|f| f.contains("sectors")), "{files:?}");
}

#[test]
fn ishigami_mean_and_sd_match_the_analytic_values() {
    let (a, b) = (7.0_f64, 0.1_f64);
    let pi = std::f64::consts::PI;
    let v = a * a / 8.0 + b * pi.powi(4) / 5.0 + b * b * pi.powi(8) / 18.0 + 0.5;
    assert!((v.sqrt() - 3.7208).abs() < 1e-4);
    check("ishigami.toml", a / 2.0, v.sqrt());
}

#[test]
fn sobol_g_mean_and_sd_match_the_analytic_values() {
    let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
    let v: f64 = a
        .iter()
        .map(|x: &f64| 1.0 + 1.0 / (3.0 * (1.0 + x).powi(2)))
        .product::<f64>()
        - 1.0;
    check("sobol_g.toml", 1.0, v.sqrt());
}
