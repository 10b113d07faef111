//! Per-path output: the engine hands every path's row over in path order with the statistics of
//! a plain run to the bit; `softpower run --per-path` writes `paths.parquet` byte-identical for
//! any thread count, leaves summary.csv as it is without the flag, and pandas (through pyarrow)
//! reads it back with each outcome's mean equal to summary.csv's; bad `[output] per_path`
//! entries exit 2 naming file, line and field, writing nothing.

use crate::common;
use assert_cmd::Command;
use softpower::engine::{self, PathRows, RowPlan, CHUNK_PATHS};
use softpower::output::{csv::SummaryCsv, Output};
use softpower::results::Summary;
use std::fs;
use std::path::{Path, PathBuf};

fn softpower() -> Command {
    Command::cargo_bin("softpower").unwrap()
}

fn baseline() -> String {
    common::path("baseline.toml").display().to_string()
}

fn csv(s: &softpower::scenario::Scenario, out: &engine::RunOutput) -> Vec<u8> {
    SummaryCsv
        .render(&Summary::new(s, out))
        .unwrap()
        .remove(0)
        .1
}

#[test]
fn rows_come_in_path_order_with_the_statistics_of_a_plain_run() {
    // The pilot, then several windows (one thread) or one (three), with a short last chunk.
    let paths = 12 * CHUNK_PATHS + 7;
    let s = common::load_with("baseline.toml", &[format!("scenario.paths={paths}")]);
    let model = s.build_model();
    let setup = s.path_setup();
    let columns = s.per_path_columns();
    let picks: Vec<(usize, usize)> = columns.iter().map(|c| (c.step, c.outcome)).collect();
    let plan = RowPlan::new(s.steps(), s.info().outcomes.len(), &setup, &picks);
    let plain = engine::run(&*model, &setup, &common::run_options(&s, 2), None).unwrap();
    for threads in [1, 3] {
        let mut got: Vec<PathRows> = Vec::new();
        let mut calls = 0;
        let out = engine::run_with_rows(
            &*model,
            &setup,
            &common::run_options(&s, threads),
            &plan,
            &mut |rows| {
                calls += 1;
                got.extend(rows);
                Ok(())
            },
            None,
        )
        .unwrap();
        assert_eq!(csv(&s, &out), csv(&s, &plain), "threads {threads}");
        assert!(calls > 1, "rows stream in pieces");
        let mut next = 0;
        for r in &got {
            assert_eq!(r.first_path, next, "threads {threads}: path order");
            assert_eq!(r.columns.len(), setup.params.len() + picks.len());
            next += r.len() as u64;
        }
        assert_eq!(next, paths);
        // Spot checks against single paths simulated from scratch.
        for path in [0, 1, 4095, 4096, paths - 1] {
            let r = got
                .iter()
                .find(|r| r.first_path + r.len() as u64 > path)
                .unwrap();
            let at = (path - r.first_path) as usize;
            let trace = common::trace(&s, s.seed(), path);
            for (j, &(k, i)) in picks.iter().enumerate() {
                let col = &r.columns[setup.params.len() + j];
                assert_eq!(
                    col[at].to_bits(),
                    trace.outcomes[k][i].to_bits(),
                    "path {path}"
                );
            }
            let mut drawn = Vec::new();
            engine::model::draw_params(&setup.params, s.seed(), path, &mut drawn);
            for (j, (_, v)) in drawn.iter().enumerate() {
                assert_eq!(r.columns[j][at].to_bits(), v.to_bits(), "path {path}");
            }
        }
    }
}

#[test]
fn a_failing_sink_stops_the_run_with_its_error() {
    let s = common::load_with("baseline.toml", &["scenario.paths=50000"]);
    let setup = s.path_setup();
    let plan = RowPlan::new(s.steps(), s.info().outcomes.len(), &setup, &[]);
    let mut calls = 0;
    let e = engine::run_with_rows(
        &*s.build_model(),
        &setup,
        &common::run_options(&s, 2),
        &plan,
        &mut |_| {
            calls += 1;
            anyhow::bail!("disk full")
        },
        None,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "disk full");
    assert_eq!(calls, 1, "no rows are handed over after a failure");
}

/// `softpower run <baseline> --quiet --no-charts <extra>` in `<dir>/<name>`, which must succeed:
/// the output directory.
fn run(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let cwd = dir.join(name);
    fs::create_dir_all(&cwd).unwrap();
    let args = [&["--quiet", "--no-charts"], extra].concat();
    crate::cli_run::run_in(&cwd, &baseline(), &args).0
}

#[test]
fn paths_parquet_is_byte_identical_across_threads_and_leaves_summary_csv_alone() {
    let d = tempfile::tempdir().unwrap();
    // 13 chunks: the pilot, then windows [4, 8), [8, 12), [12, 13) on one thread and [4, 8),
    // [8, 13) on two.
    let args = ["--paths", "12500", "--per-path"];
    let one = run(d.path(), "one", &[&args[..], &["--threads", "1"]].concat());
    let two = run(d.path(), "two", &[&args[..], &["--threads", "2"]].concat());
    let plain = run(d.path(), "plain", &["--paths", "12500", "--threads", "2"]);
    let bytes = fs::read(one.join("paths.parquet")).unwrap();
    assert_eq!(&bytes[..4], b"PAR1");
    assert!(
        bytes == fs::read(two.join("paths.parquet")).unwrap(),
        "paths.parquet differs between 1 and 2 threads"
    );
    for f in ["summary.csv", "summary.json"] {
        let a = fs::read_to_string(one.join(f)).unwrap();
        let b = fs::read_to_string(plain.join(f)).unwrap();
        if f == "summary.csv" {
            assert_eq!(a, b, "summary.csv changes with --per-path");
        } else {
            let strip = |t: &str| {
                let mut v: serde_json::Value = serde_json::from_str(t).unwrap();
                for k in ["elapsed_s", "path_steps_per_s", "threads"] {
                    v.as_object_mut().unwrap().remove(k);
                }
                v
            };
            assert_eq!(strip(&a), strip(&b), "summary.json changes with --per-path");
        }
    }
    assert_eq!(
        common::listing(&one),
        [
            ".softpower-manifest",
            "paths.parquet",
            "summary.csv",
            "summary.json"
        ]
    );
    let manifest = fs::read_to_string(one.join(".softpower-manifest")).unwrap();
    assert!(manifest.lines().any(|l| l == "paths.parquet"), "{manifest}");
    // A rerun without it replaces the whole set: no stale paths.parquet.
    run(d.path(), "one", &["--paths", "100"]);
    assert!(!one.join("paths.parquet").exists());
}

/// The Python read-back: pandas through pyarrow, as a user would (installed by the test when
/// missing; without them the test fails).
fn python_check(out: &Path, s: &softpower::scenario::Scenario) {
    let mut args: Vec<std::ffi::OsString> = vec![out.into()];
    for u in s.uncertainty() {
        let (lo, hi) = u.dist.support();
        args.extend(["--column".into(), u.path.clone().into()]);
        args.extend(["--param".into(), u.path.clone().into()]);
        args.extend([lo.to_string().into(), hi.to_string().into()]);
    }
    for c in s.per_path_columns() {
        args.extend(["--column".into(), c.name.clone().into()]);
    }
    println!("{}", common::python_check("check_paths_parquet.py", args));
}

#[test]
fn pandas_reads_paths_parquet_with_the_means_of_summary_csv() {
    let d = tempfile::tempdir().unwrap();
    // The default columns.
    let out = run(d.path(), "baseline", &["--paths", "5000", "--per-path"]);
    python_check(
        &out,
        &common::load_with("baseline.toml", &["scenario.paths=5000"]),
    );
    // Columns named in the file, on a static test model, past one row group (65 536 rows).
    let sets = ["scenario.paths=70000", "output.per_path=[\"y@0\"]"];
    let cwd = d.path().join("ishigami");
    fs::create_dir(&cwd).unwrap();
    let file = common::path("ishigami.toml").display().to_string();
    let args = ["--quiet", "--no-charts", "--set", sets[0], "--set", sets[1]];
    let (out, _) = crate::cli_run::run_in(&cwd, &file, &args);
    python_check(&out, &common::load_with("ishigami.toml", &sets));
}

/// `softpower run <file> --paths 10 --quiet` in `dir` (the file's directory), which must exit 2
/// and write nothing: its stderr.
fn refused(dir: &Path, file: &Path) -> String {
    let o = softpower()
        .current_dir(dir)
        .arg("run")
        .arg(file)
        .args(["--paths", "10", "--quiet"])
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert_eq!(
        fs::read_dir(dir).unwrap().count(),
        1,
        "something was written: {e}"
    );
    e
}

#[test]
fn bad_per_path_entries_exit_2_naming_the_field_and_write_nothing() {
    let cases: &[(&str, &[&str])] = &[
        (
            "[\"exports_totl_bn@2030\"]",
            &[
                "unknown outcome `exports_totl_bn`",
                "did you mean `exports_total_bn`?",
            ],
        ),
        ("[\"exports_total_bn@2030.1\"]", &["not at a whole step"]),
        (
            "[\"exports_total_bn@2040\"]",
            &["outside the horizon 2019..=2031"],
        ),
        (
            "[\"exports_total_bn\"]",
            &["write `<metric>@<year>`, e.g. `exports_total_bn@2031`"],
        ),
        ("[\"exports_total_bn@soon\"]", &["`soon` is not a year"]),
        (
            "[\"audience_m@2030\", \"audience_m@2030.0\"]",
            &["duplicate `audience_m@2030` (entry 0 already records it)"],
        ),
        ("[]", &["must list at least one"]),
        ("[3]", &["invalid type: integer `3`, expected a string"]),
        (
            "\"audience_m@2030\"",
            &["invalid type", "an array of strings"],
        ),
    ];
    for (value, expect) in cases {
        let d = tempfile::tempdir().unwrap();
        let text = fs::read_to_string(baseline()).unwrap().replace(
            "\n[levers]\n",
            &format!("\n[output]\nper_path = {value}\n\n[levers]\n"),
        );
        let file = d.path().join("bad.toml");
        fs::write(&file, &text).unwrap();
        let line = text[..text.find("per_path").unwrap()].matches('\n').count() + 1;
        let e = refused(d.path(), &file);
        assert!(
            e.contains(&format!("{}:{line}:", file.display())) && e.contains("output.per_path"),
            "{value}: {e}"
        );
        for x in *expect {
            assert!(e.contains(x), "{value}: lacks {x:?}: {e}");
        }
    }
    // The limit on the count.
    let many: Vec<String> = (0..=softpower::limits::MAX_PER_PATH)
        .map(|i| format!("\"audience_m@{}\"", 2019.0 + i as f64 * 0.25))
        .collect();
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("many.toml");
    let text = format!(
        "[scenario]\nextends = {:?}\n\n[output]\nper_path = [{}]\n",
        baseline(),
        many.join(", ")
    );
    fs::write(&file, text).unwrap();
    let e = refused(d.path(), &file);
    assert!(
        e.contains("at most 1000 per-path outcomes, got 1001"),
        "{e}"
    );
}

#[test]
fn the_default_columns_are_the_key_outcomes_at_the_target_years_and_the_horizon() {
    let s = common::load("baseline.toml");
    assert!(s.per_path().is_none());
    let names: Vec<String> = s.per_path_columns().into_iter().map(|c| c.name).collect();
    let mut expected = Vec::new();
    for m in &s.info().key_outcomes {
        expected.push(format!("{m}@2030")); // both targets' year
        expected.push(format!("{m}@2031")); // the horizon
    }
    assert_eq!(names, expected);
    // Named in the file: as written, in order, the year as a column names it.
    let s = common::load_with(
        "baseline.toml",
        &["output.per_path=[\"audience_m@2031.0\", \"favorability@2019.25\"]"],
    );
    let cols = s.per_path().unwrap();
    assert_eq!(cols[0].name, "audience_m@2031");
    assert_eq!(
        (cols[1].name.as_str(), cols[1].step),
        ("favorability@2019.25", 1)
    );
    assert_eq!(s.per_path_columns(), cols);
}
