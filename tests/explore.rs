//! `[explore]` and goal seek end to end: a grid's experiments are the scenario's own runs on the
//! same paths (common random numbers), byte-identical for any thread count, and pandas reads
//! experiments.parquet as experiments.csv; goal seek agrees with the crossing of a grid; bad
//! designs exit 2 and write nothing.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

pub(crate) fn softpower() -> Command {
    Command::cargo_bin("softpower").unwrap()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn push_file(dir: &Path, body: &str) -> PathBuf {
    let text = format!(
        "[scenario]\nextends = {:?}\nname = \"push_x\"\n\n{body}",
        repo()
            .join("scenarios/export_push.toml")
            .display()
            .to_string()
    );
    let f = dir.join("push_x.toml");
    fs::write(&f, text).unwrap();
    f
}

const GRID: &str = r#"
[explore]
design = "grid"
paths = 300

[explore.factors]
"levers.funding_bn_per_year.2022" = { min = 0.0, max = 6.0, levels = 3 }
"levers.visa_easing.2022" = { values = [0.0, 0.6] }
"#;

fn read_csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = fs::read_to_string(p).unwrap();
    let mut lines = text.lines();
    let head = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (head, rows)
}

/// Six experiments in grid order; the same bytes on 1 and 2 threads; the experiment with the
/// scenario's own lever values (3 bn, 0.6) reports what `run` reports on the same paths.
#[test]
fn grid_experiments_are_runs_on_common_random_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let file = push_file(dir.path(), GRID);
    for t in ["1", "2"] {
        softpower()
            .args(["explore", "-q", "--threads", t, "--out"])
            .arg(dir.path().join(format!("e{t}")))
            .arg(&file)
            .assert()
            .success();
    }
    for table in ["experiments.csv", "experiments.parquet"] {
        let a = fs::read(dir.path().join("e1").join(table)).unwrap();
        let b = fs::read(dir.path().join("e2").join(table)).unwrap();
        assert!(a == b, "{table} differs between 1 and 2 threads");
    }
    // pandas reads experiments.parquet: the columns and values of experiments.csv.
    let said = crate::common::python_check("check_experiments_parquet.py", [dir.path().join("e1")]);
    assert!(said.starts_with("ok: 6 experiments"), "{said}");
    let (head, rows) = read_csv(&dir.path().join("e1/experiments.csv"));
    assert_eq!(
        &head[..4],
        [
            "experiment",
            "levers.funding_bn_per_year.2022",
            "levers.visa_easing.2022",
            "exports_total_bn@2031:mean"
        ]
    );
    let p = head
        .iter()
        .position(|h| h == "P(services trade surplus in 2030)")
        .unwrap();
    assert_eq!(head[p + 1], "P(services trade surplus in 2030):lo");
    assert_eq!(head[p + 2], "P(services trade surplus in 2030):hi");
    let grid: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        grid,
        [
            ("0", "0"),
            ("0", "0.6"),
            ("3", "0"),
            ("3", "0.6"),
            ("6", "0"),
            ("6", "0.6")
        ]
    );
    // The run of the scenario itself on the same 300 paths.
    let run = dir.path().join("run");
    softpower()
        .args(["run", "-q", "--no-charts", "--paths", "300", "--out"])
        .arg(&run)
        .arg(&file)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(run.join("summary.json")).unwrap()).unwrap();
    let target = summary["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "services trade surplus in 2030")
        .unwrap();
    let own = &rows[3];
    assert_eq!(
        own[p].parse::<f64>().unwrap(),
        target["probability"].as_f64().unwrap(),
        "the experiment at the scenario's own values is not its run"
    );
    let (shead, srows) = read_csv(&run.join("summary.csv"));
    let mean_col = shead.iter().position(|h| h == "mean").unwrap();
    let horizon = srows
        .iter()
        .find(|r| r[2] == "exports_total_bn" && r[1].starts_with("2031"))
        .unwrap();
    let (run_mean, exp_mean): (f64, f64) =
        (horizon[mean_col].parse().unwrap(), own[3].parse().unwrap());
    assert!(
        ((run_mean - exp_mean) / run_mean).abs() < 1e-12,
        "{run_mean} vs {exp_mean}"
    );
    // More funding never lowers the surplus probability on common random numbers here.
    let pr = |i: usize| rows[i][p].parse::<f64>().unwrap();
    assert!(
        pr(1) <= pr(3) && pr(3) <= pr(5),
        "{} {} {}",
        pr(1),
        pr(3),
        pr(5)
    );
}

/// Goal seek on funding 2022 lands inside the grid's crossing of the same probability on the
/// same paths; the JSON says the same; an unreachable probability says so and exits 0.
#[test]
fn seek_agrees_with_the_grid_crossing() {
    let dir = tempfile::tempdir().unwrap();
    let levels = 9;
    let body = format!(
        "[explore]\npaths = 400\n[explore.factors]\n\"levers.funding_bn_per_year.2022\" = {{ min = 0.0, max = 8.0, levels = {levels} }}\n"
    );
    let file = push_file(dir.path(), &body);
    softpower()
        .args(["explore", "-q", "--out"])
        .arg(dir.path().join("g"))
        .arg(&file)
        .assert()
        .success();
    let (head, rows) = read_csv(&dir.path().join("g/experiments.csv"));
    let p = head
        .iter()
        .position(|h| h == "P(services trade surplus in 2030)")
        .unwrap();
    let ps: Vec<f64> = rows.iter().map(|r| r[p].parse().unwrap()).collect();
    // A level the grid crosses between its ends.
    let goal = 0.5 * (ps[0] + ps[levels - 1]);
    let cross = ps.iter().position(|&x| x >= goal).unwrap();
    assert!(cross > 0, "{ps:?}");
    let json = dir.path().join("seek.json");
    softpower()
        .args([
            "seek",
            "-q",
            "--factor",
            "levers.funding_bn_per_year.2022",
            "--min",
            "0",
            "--max",
            "8",
            "--target",
            "services trade surplus in 2030",
            "--paths",
            "400",
            "--probability",
            &goal.to_string(),
            "--json",
        ])
        .arg(&json)
        .arg(&file)
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    assert_eq!(r["reachable"], true);
    let v = r["value"].as_f64().unwrap();
    let step = 8.0 / (levels - 1) as f64;
    assert!(
        v > (cross - 1) as f64 * step && v <= cross as f64 * step,
        "seek {v} outside the grid's crossing ({}, {}] of {goal}: {ps:?}",
        (cross - 1) as f64 * step,
        cross as f64 * step
    );
    assert!(r["probability"].as_f64().unwrap() >= goal);
    let (lo, hi) = (
        r["range_low"].as_f64().unwrap(),
        r["range_high"].as_f64().unwrap(),
    );
    assert!(lo <= v && v <= hi, "{lo} {v} {hi}");
    let out = softpower()
        .args([
            "seek",
            "--factor",
            "levers.funding_bn_per_year.2022",
            "--min",
            "0",
            "--max",
            "1",
            "--target",
            "services trade surplus in 2030",
            "--paths",
            "100",
            "--probability",
            "0.99",
        ])
        .arg(&file)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("not reachable within [0, 1]"), "{stdout}");
}

/// Bad designs: exit 2 naming file, line and field; nothing written.
#[test]
fn bad_designs_exit_2_and_write_nothing() {
    let f = "[explore.factors]\n";
    let cases: &[(String, &str)] = &[
        (
            format!("[explore]\n{f}\"response.nope\" = {{ values = [1.0] }}\n"),
            "unknown factor `response.nope`",
        ),
        (
            format!("[explore]\n{f}\"levers.visa_easing.2022\" = {{ min = 0.0, max = 3.0, levels = 4 }}\n"),
            "ranges over [0, 3]",
        ),
        (
            format!("[explore]\n{f}\"levers.visa_easing.2022\" = {{ values = [] }}\n"),
            "must list at least one value",
        ),
        (
            format!("[explore]\n{f}\"levers.visa_easing.2022\" = {{ min = 0.0, max = 1.0 }}\n"),
            "a grid factor needs `levels`",
        ),
        (
            format!(
                "[explore]\n{f}\"levers.visa_easing.2022\" = {{ min = 0.0, max = 1.0, levels = 1000 }}\n\
                 \"levers.funding_bn_per_year.2022\" = {{ min = 0.0, max = 1.0, levels = 1001 }}\n"
            ),
            "at most 1000000 experiments",
        ),
        (
            format!("[explore]\n{f}\"levers.visa_easing.2022\" = {{ values = [0.5] }}\n[[explore.output]]\nmetric = \"exports\"\n"),
            "unknown outcome `exports`",
        ),
        (
            format!("[explore]\n{f}\"levers.visa_easing.2022\" = {{ values = [0.5] }}\n[[explore.output]]\nstatistic = \"probability\"\ntarget = \"x\"\n"),
            "unknown target `x`",
        ),
        (
            format!("[explore]\n{f}\"levers.visa_easing.2022\" = {{ values = [0.5] }}\n[[explore.output]]\nmetric = \"audience_m\"\nyear = 1990\n"),
            "outside the horizon",
        ),
        (
            format!("[explore]\ndesign = \"lhs\"\n{f}\"levers.visa_easing.2022\" = {{ min = 0.0, max = 1.0 }}\n"),
            "explore.points",
        ),
    ];
    for (i, (body, message)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let file = push_file(dir.path(), body);
        let out = dir.path().join("out");
        let a = softpower()
            .args(["explore", "--out"])
            .arg(&out)
            .arg(&file)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        assert!(stderr.contains(message), "case {i}: {stderr}");
        assert!(stderr.contains("push_x.toml:"), "case {i}: {stderr}");
        assert!(!out.exists(), "case {i}");
    }
    // seek: an unknown target and a factor range outside the parameter's.
    let dir = tempfile::tempdir().unwrap();
    let file = push_file(dir.path(), "");
    for (args, message) in [
        (
            ["levers.visa_easing.2022", "0", "1", "no such target"],
            "unknown target `no such target`",
        ),
        (
            [
                "levers.visa_easing.2022",
                "0",
                "5",
                "services trade surplus in 2030",
            ],
            "ranges over [0, 5]",
        ),
    ] {
        let json = dir.path().join("s.json");
        let a = softpower()
            .args([
                "seek", "--factor", args[0], "--min", args[1], "--max", args[2],
            ])
            .args(["--target", args[3], "--probability", "0.5", "--json"])
            .arg(&json)
            .arg(&file)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        assert!(stderr.contains(message), "{stderr}");
        assert!(!json.exists());
    }
}
