//! `softpower run` and `softpower compare` end to end through the binary (debug build, small path
//! counts): output files and their layout, reproducibility across thread counts, the effect of
//! `--seed` and `--quantiles`, the human summary, and the variance reduction of common random
//! numbers in `compare`.
//!
//! Other files (charts, an HTML report) may appear in the output directory; these tests only look
//! at the ones they name.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scenario(name: &str) -> String {
    repo().join("scenarios").join(name).display().to_string()
}

fn softpower() -> Command {
    Command::cargo_bin("softpower").unwrap()
}

const SUMMARY_HEADER: &str = "step,year,metric,mean,sd,min,p05,p25,p50,p75,p95,max";
const COMPARE_HEADER: &str =
    "step,year,metric,scenario,diff_mean,diff_sd,diff_p05,diff_p50,diff_p95,prob_positive,independent_sd";

/// Runs `softpower run <file> --out <dir>/out <extra>` in `dir` and returns (out dir, stdout).
pub(crate) fn run_in(dir: &Path, file: &str, extra: &[&str]) -> (PathBuf, String) {
    let out = dir.join("out");
    let o = softpower()
        .current_dir(dir)
        .arg("run")
        .arg(file)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "run {file} {extra:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (out, String::from_utf8(o.stdout).unwrap())
}

/// `summary.csv` of a quiet run of the baseline with these extra arguments.
fn summary_csv(extra: &[&str]) -> String {
    let d = tempfile::tempdir().unwrap();
    let mut args = vec!["--quiet"];
    args.extend_from_slice(extra);
    let (out, _) = run_in(d.path(), &scenario("baseline.toml"), &args);
    fs::read_to_string(out.join("summary.csv")).unwrap()
}

/// The header and the step-0 rows of a CSV (step 0 is the calibration point: stable values).
fn header_and_step0(csv: &str) -> String {
    let mut lines = csv.lines();
    let mut v = vec![lines.next().unwrap()];
    v.extend(lines.filter(|l| l.starts_with("0,")));
    v.join("\n")
}

/// No temporary file in `dir` (beyond softpower's manifest) and no temporary directory beside it.
fn assert_no_temporary_files(dir: &Path) {
    for e in fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == ".softpower-manifest"
                || (!name.starts_with('.') && !name.contains(".tmp") && !name.ends_with('~')),
            "temporary file left in {}: {name}",
            dir.display()
        );
    }
    for e in fs::read_dir(dir.parent().unwrap()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains(".softpower-"),
            "temporary directory left beside {}: {name}",
            dir.display()
        );
    }
}

#[test]
fn run_writes_summary_csv_and_json() {
    let d = tempfile::tempdir().unwrap();
    let (out, stdout) = run_in(
        d.path(),
        &scenario("baseline.toml"),
        &["--paths", "2000", "--quiet"],
    );
    assert!(stdout.is_empty(), "--quiet printed: {stdout}");
    assert!(
        !d.path().join("output").exists(),
        "default output/ written despite --out"
    );
    assert_no_temporary_files(&out);

    let csv = fs::read_to_string(out.join("summary.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(SUMMARY_HEADER));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 12), "ragged rows");
    // 12 years × 4 steps: steps 0..=48, every outcome at each.
    let steps: Vec<usize> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(steps.first(), Some(&0));
    assert_eq!(steps.last(), Some(&48));
    let horizon = rows
        .iter()
        .find(|r| r[0] == "48" && r[2] == "exports_total_bn")
        .expect("horizon row of exports_total_bn");
    assert_eq!(horizon[1], "2031");
    let nums: Vec<f64> = horizon[3..].iter().map(|x| x.parse().unwrap()).collect();
    let (mean, sd, min, qs, max) = (nums[0], nums[1], nums[2], &nums[3..8], nums[8]);
    assert!(sd > 0.0 && min <= qs[0] && qs[4] <= max, "{horizon:?}");
    assert!(
        qs.windows(2).all(|w| w[0] <= w[1]),
        "quantiles not sorted: {horizon:?}"
    );
    assert!(min < mean && mean < max, "{horizon:?}");

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    for key in [
        "seed",
        "paths",
        "generator",
        "engine_version",
        "elapsed_s",
        "path_steps_per_s",
        "targets",
        "resolved_scenario",
    ] {
        assert!(json.get(key).is_some(), "summary.json lacks `{key}`");
    }
    assert_eq!(json["paths"], 2000);
    assert_eq!(json["seed"], 2021, "the scenario's seed");
    assert!(json["generator"].as_str().is_some_and(|g| !g.is_empty()));
    assert!(json["engine_version"]
        .as_str()
        .is_some_and(|g| !g.is_empty()));
    assert!(json["elapsed_s"].as_f64().is_some_and(|x| x >= 0.0));
    assert!(json["path_steps_per_s"].as_f64().is_some_and(|x| x >= 0.0));
    let targets = json["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 2);
    for t in targets {
        let p = t["probability"].as_f64().unwrap();
        let (lo, hi) = (
            t["ci95_low"].as_f64().unwrap(),
            t["ci95_high"].as_f64().unwrap(),
        );
        assert!(
            (0.0..=1.0).contains(&lo) && lo <= p && p <= hi && hi <= 1.0,
            "{t}"
        );
    }
    assert_eq!(
        json["resolved_scenario"]["scenario"]["name"], "baseline",
        "resolved_scenario is the merged scenario"
    );
}

#[test]
fn summary_is_byte_identical_for_1_and_2_threads() {
    // 2500 paths: three chunks of 1024, the last one partial.
    let one = summary_csv(&["--paths", "2500", "--threads", "1"]);
    let two = summary_csv(&["--paths", "2500", "--threads", "2"]);
    assert!(one == two, "summary.csv differs between --threads 1 and 2");
}

#[test]
fn every_simd_build_writes_the_same_bytes() {
    // SOFTPOWER_SIMD caps the hot loops' build; every build computes the same IEEE operations.
    // On a CPU without AVX-512 (or AVX2) the higher caps run the best build it has. That the cap
    // takes effect at all is checked by `cli_bench::simd_cap_picks_the_builds_the_bench_times`.
    let files = |level: &str| {
        let d = tempfile::tempdir().unwrap();
        let o = softpower()
            .current_dir(d.path())
            .env("SOFTPOWER_SIMD", level)
            .args(["run", &scenario("export_push.toml"), "--paths", "300"])
            .args(["--quiet", "--no-charts", "--per-path", "--out", "out"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        ["summary.csv", "paths.parquet"].map(|f| fs::read(d.path().join("out").join(f)).unwrap())
    };
    let portable = files("portable");
    for level in [
        "avx2",
        "avx2-fma",
        "avx512",
        "avx512-loads",
        "avx512-gather",
    ] {
        assert!(
            files(level) == portable,
            "{level} differs from the portable build"
        );
    }
}

#[test]
fn seed_changes_the_summary() {
    let a = summary_csv(&["--paths", "300"]);
    let b = summary_csv(&["--paths", "300", "--seed", "7"]);
    assert_ne!(a, b, "--seed had no effect");
    // The calibration point does not depend on the seed.
    assert_eq!(header_and_step0(&a), header_and_step0(&b));
    // The same seed twice gives the same bytes.
    assert_eq!(b, summary_csv(&["--paths", "300", "--seed", "7"]));
}

#[test]
fn quantiles_option_changes_the_columns() {
    let csv = summary_csv(&["--paths", "200", "--quantiles", "0.1,0.9"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("step,year,metric,mean,sd,min,p10,p90,max")
    );
    assert!(lines.all(|l| l.split(',').count() == 9));
    // Given out of order, they are sorted.
    let csv = summary_csv(&["--paths", "50", "--quantiles", "0.99,0.5,0.01"]);
    assert_eq!(
        csv.lines().next(),
        Some("step,year,metric,mean,sd,min,p01,p50,p99,max")
    );
}

#[test]
fn output_quantiles_in_the_scenario_file() {
    let d = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(scenario("baseline.toml")).unwrap();
    let file = d.path().join("q.toml");
    fs::write(&file, format!("[output]\nquantiles = [0.9, 0.5]\n\n{text}")).unwrap();
    let (out, _) = run_in(
        d.path(),
        file.to_str().unwrap(),
        &["--paths", "50", "--quiet"],
    );
    let csv = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(
        csv.lines().next(),
        Some("step,year,metric,mean,sd,min,p50,p90,max")
    );
    // --quantiles overrides the file.
    let (out, _) = run_in(
        d.path(),
        file.to_str().unwrap(),
        &["--paths", "50", "--quiet", "--quantiles", "0.25"],
    );
    let csv = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(
        csv.lines().next(),
        Some("step,year,metric,mean,sd,min,p25,max")
    );
}

#[test]
fn rerun_into_the_same_directory_replaces_files_cleanly() {
    let d = tempfile::tempdir().unwrap();
    let (out, _) = run_in(
        d.path(),
        &scenario("baseline.toml"),
        &["--paths", "50", "--quiet"],
    );
    let first = fs::read(out.join("summary.csv")).unwrap();
    let (out, _) = run_in(
        d.path(),
        &scenario("baseline.toml"),
        &["--paths", "50", "--quiet"],
    );
    assert_eq!(first, fs::read(out.join("summary.csv")).unwrap());
    assert_no_temporary_files(&out);
}

#[test]
fn stdout_names_the_targets_and_the_median() {
    let d = tempfile::tempdir().unwrap();
    let (out, stdout) = run_in(d.path(), &scenario("baseline.toml"), &["--paths", "200"]);
    assert!(
        stdout.contains("services trade surplus in 2030"),
        "{stdout}"
    );
    assert!(
        stdout.contains("one billion overseas audience in 2030"),
        "{stdout}"
    );
    assert!(stdout.contains("median"), "{stdout}");
    assert!(stdout.contains("exports_total_bn"), "{stdout}");
    assert!(stdout.contains(&out.display().to_string()), "{stdout}");
}

#[test]
fn default_output_directory_is_under_the_working_directory() {
    let d = tempfile::tempdir().unwrap();
    softpower()
        .current_dir(d.path())
        .args([
            "run",
            &scenario("export_push.toml"),
            "--paths",
            "20",
            "--quiet",
        ])
        .assert()
        .success();
    let out = d.path().join("output").join("export_push");
    assert!(out.join("summary.csv").is_file());
    assert!(out.join("summary.json").is_file());
}

#[test]
fn summary_csv_layout_snapshot() {
    let csv = summary_csv(&["--paths", "50", "--seed", "1"]);
    insta::assert_snapshot!("summary_csv_header_and_step0", header_and_step0(&csv));
}

/// Runs `compare baseline export_push` and returns compare.csv.
fn compare_csv(paths: &str) -> String {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let o = softpower()
        .current_dir(d.path())
        .args([
            "compare",
            &scenario("baseline.toml"),
            &scenario("export_push.toml"),
            "--paths",
            paths,
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "compare failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("export_push"), "{stdout}");
    assert!(stdout.contains("exports_total_bn"), "{stdout}");
    assert!(out.join("compare.json").is_file());
    assert_no_temporary_files(&out);
    assert!(!d.path().join("output").exists());
    fs::read_to_string(out.join("compare.csv")).unwrap()
}

#[test]
fn compare_common_random_numbers_shrink_the_difference_sd() {
    let csv = compare_csv("2000");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(COMPARE_HEADER));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 11));
    assert!(rows.iter().all(|r| r[3] == "export_push"));
    let horizon = rows
        .iter()
        .map(|r| r[0].parse::<usize>().unwrap())
        .max()
        .unwrap();
    assert_eq!(horizon, 48);
    let row = rows
        .iter()
        .find(|r| r[0] == "48" && r[2] == "exports_total_bn")
        .expect("horizon row of exports_total_bn");
    let num = |i: usize| row[i].parse::<f64>().unwrap();
    let (diff_mean, diff_sd, prob_positive, independent_sd) = (num(4), num(5), num(9), num(10));
    // Measured with seed 2021 and 2000 paths: diff_sd / independent_sd ≈ 0.41 (19.5 vs 47.2).
    assert!(
        diff_sd > 0.0 && diff_sd < 0.5 * independent_sd,
        "diff_sd {diff_sd} is not well below independent_sd {independent_sd}"
    );
    assert!(
        diff_mean > 0.0,
        "the export push should raise exports: {row:?}"
    );
    assert!((0.0..=1.0).contains(&prob_positive));
    // At k = 0 both scenarios sit at the same calibration point.
    for r in rows.iter().filter(|r| r[0] == "0") {
        assert_eq!(r[4].parse::<f64>().unwrap(), 0.0, "{r:?}");
        assert_eq!(r[5].parse::<f64>().unwrap(), 0.0, "{r:?}");
    }
}

#[test]
fn compare_csv_layout_snapshot() {
    let csv = compare_csv("50");
    insta::assert_snapshot!("compare_csv_header_and_step0", header_and_step0(&csv));
}

/// The shape of a JSON value: keys (in order) and value types, arrays by their first element.
fn json_shape(v: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value;
    let pad = "  ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let kind = match x {
                    Value::Object(_) => "object",
                    Value::Array(_) => "array",
                    Value::String(_) => "string",
                    Value::Number(_) => "number",
                    Value::Bool(_) => "bool",
                    Value::Null => "null",
                };
                out.push_str(&format!("{pad}{k}: {kind}\n"));
                if k != "resolved_scenario" {
                    json_shape(x, indent + 1, out);
                }
            }
        }
        Value::Array(a) => {
            if let Some(first) = a.first() {
                out.push_str(&format!("{pad}[0]:\n"));
                json_shape(first, indent + 1, out);
            }
        }
        _ => {}
    }
}

#[test]
fn summary_json_layout_snapshot() {
    let d = tempfile::tempdir().unwrap();
    let (out, _) = run_in(
        d.path(),
        &scenario("baseline.toml"),
        &["--paths", "50", "--no-charts", "--quiet"],
    );
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    let mut shape = String::new();
    json_shape(&v, 0, &mut shape);
    insta::assert_snapshot!("summary_json_shape", shape);
}

#[test]
fn compare_csv_is_byte_identical_for_1_and_2_threads() {
    let d = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let out = d.path().join(format!("out{threads}"));
        softpower()
            .args([
                "compare",
                &scenario("baseline.toml"),
                &scenario("export_push.toml"),
            ])
            .args([
                "--paths",
                "2100",
                "--no-charts",
                "--quiet",
                "--threads",
                threads,
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        files.push(fs::read(out.join("compare.csv")).unwrap());
    }
    assert!(files[0].len() > 1000);
    assert_eq!(files[0], files[1]);
}

#[test]
fn set_overrides_a_lever_entry_and_the_path_count() {
    let d = tempfile::tempdir().unwrap();
    let (out, _) = run_in(
        d.path(),
        &scenario("export_push.toml"),
        &[
            "--quiet",
            "--set",
            "levers.funding_bn_per_year.2022=6",
            "--set",
            "scenario.paths=300",
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["paths"], 300);
    assert_eq!(
        json["resolved_scenario"]["levers"]["funding_bn_per_year"]["2022"],
        6
    );
    // More funding from 2022 on: more total exports at the horizon than without the override.
    let (plain, _) = run_in(
        &d.path().join("plain").tap_mkdir(),
        &scenario("export_push.toml"),
        &["--quiet", "--paths", "300"],
    );
    let horizon_mean = |dir: &Path| {
        let csv = fs::read_to_string(dir.join("summary.csv")).unwrap();
        let row = csv
            .lines()
            .rfind(|l| l.split(',').nth(2) == Some("exports_total_bn"))
            .unwrap()
            .to_string();
        row.split(',').nth(3).unwrap().parse::<f64>().unwrap()
    };
    assert!(horizon_mean(&out) > horizon_mean(&plain));
}

#[test]
fn set_works_on_compare_and_validate() {
    let d = tempfile::tempdir().unwrap();
    let o = softpower()
        .current_dir(d.path())
        .args([
            "compare",
            &scenario("baseline.toml"),
            &scenario("export_push.toml"),
            "--paths",
            "200",
            "--quiet",
            "--no-charts",
            "--set",
            "response.bass_q=0.5",
            "--out",
            "cmp",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("cmp/compare.json")).unwrap())
            .unwrap();
    for s in json["summaries"].as_array().unwrap() {
        assert_eq!(s["resolved_scenario"]["response"]["bass_q"], 0.5);
    }
    // Each scenario gets its own share of the time, not the whole compare's (#9).
    let total = json["elapsed_s"].as_f64().unwrap();
    let parts: Vec<f64> = json["summaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["elapsed_s"].as_f64().unwrap())
        .collect();
    assert!(
        parts.iter().all(|&p| p > 0.0 && p < total),
        "{parts:?} of {total}"
    );
    let sum: f64 = parts.iter().sum();
    assert!(
        (sum - total).abs() <= 1e-6 * total + 1e-9,
        "{parts:?} sum to {sum}, not {total}"
    );
    let o = softpower()
        .args([
            "validate",
            &scenario("baseline.toml"),
            "--set",
            "scenario.name=other",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("scenario `other`"));
}

trait TapMkdir {
    fn tap_mkdir(self) -> PathBuf;
}

impl TapMkdir for PathBuf {
    fn tap_mkdir(self) -> PathBuf {
        fs::create_dir_all(&self).unwrap();
        self
    }
}
