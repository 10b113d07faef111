//! `softpower bench` end to end through the binary (debug build, a tiny workload): the printed
//! figures, the customBiggerIsBetter JSON, the regression guard's exit code, and bad arguments.
//! The figures themselves are not asserted (timing on a shared machine); their presence, units
//! and signs are.

use assert_cmd::Command;
use std::fs;

fn softpower() -> Command {
    Command::cargo_bin("softpower").unwrap()
}

#[test]
fn bench_prints_and_writes_the_tracker_json() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.json");
    let out = softpower()
        .args([
            "bench",
            "--paths",
            "64",
            "--repeat",
            "1",
            "--threads",
            "1",
            "--json",
        ])
        .arg(&json)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for want in [
        "scenario baseline: 64 paths × 48 steps, 1 threads",
        "408 normals",
        "floor_efficiency",
        "peak_rss",
        "where one thread's time goes",
        "  sampler ",
        "  aggregation ",
        "normal sampler builds",
        "portable",
        "(the engine's)",
        "design points (8 × 256 paths, varying levers.",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    let list = v.as_array().expect("a JSON list");
    let names: Vec<&str> = list.iter().map(|m| m["name"].as_str().unwrap()).collect();
    for want in [
        "engine_path_steps_per_s",
        "engine_path_steps_per_s_per_thread",
        "single_thread_path_steps_per_s",
        "floor_path_steps_per_s",
        "floor_efficiency",
        "parallel_efficiency",
        "part_sampler_path_steps_per_s",
        "part_cells_path_steps_per_s",
        "part_markets_path_steps_per_s",
        "part_aggregation_path_steps_per_s",
        "part_setup_path_steps_per_s",
        "sampler_portable_path_steps_per_s",
        "study_point_efficiency",
    ] {
        assert!(names.contains(&want), "missing {want} in {names:?}");
    }
    for m in list {
        let value = m["value"].as_f64().unwrap();
        assert!(value.is_finite() && value > 0.0, "{m}");
        let unit = m["unit"].as_str().unwrap();
        assert!(unit == "path-steps/s" || unit == "ratio", "{m}");
    }
}

#[test]
fn guard_exits_1_below_the_threshold() {
    let out = softpower()
        .args(["bench", "--paths", "32", "--repeat", "1", "--threads", "1"])
        .args(["--min-floor-efficiency", "1000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("below the threshold 1000"), "{stderr}");
}

#[test]
fn simd_cap_picks_the_builds_the_bench_times() {
    let out = softpower()
        .env("SOFTPOWER_SIMD", "portable")
        .args(["bench", "--paths", "32", "--repeat", "1", "--threads", "1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("hot loops: the portable builds"),
        "{stdout}"
    );
    // Only the portable sampler is listed, and it is the engine's.
    let builds: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("normal sampler builds"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(builds.len(), 1, "{stdout}");
    assert!(
        builds[0].contains("portable") && builds[0].contains("the engine's"),
        "{stdout}"
    );
}

#[test]
fn bad_bench_arguments_exit_2() {
    for args in [
        &["bench", "--paths", "0"][..],
        &["bench", "--threads", "100000"][..],
        &["bench", "--repeat", "x"][..],
    ] {
        let out = softpower().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
