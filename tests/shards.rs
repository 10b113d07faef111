//! Jobs in pieces: `run` and `compare` in 3 and 8 shards merged in any order give the single
//! run's summary.csv, charts and compare.csv to the byte (summary.json differing only in what
//! describes the run); the shard can come from Slurm's environment; a corrupt, truncated,
//! missing, repeated or foreign partial exits 2 and writes nothing; a checkpointed run killed
//! with SIGKILL resumes to the same bytes.

use crate::common;
use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

/// 12 chunks: past the 4-chunk pilot, so the shards bin on the pilot's grid, and fewer chunks
/// than 8 shards after the pilot, so some shards are empty.
const PATHS: &str = "12000";
/// One step a year instead of four: the same code paths at a quarter of the cost.
const YEARLY: &str = "scenario.steps_per_year=1";

/// `softpower` in `dir`; a simulating command gets [`YEARLY`] (after its own arguments).
fn softpower(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("softpower").unwrap();
    c.current_dir(dir);
    c
}

/// `args` with `--set YEARLY` when they simulate.
fn yearly<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    if matches!(args.first(), Some(&"run") | Some(&"compare")) {
        v.extend(["--set", YEARLY]);
    }
    v
}

fn scenario(name: &str) -> String {
    common::path(name).display().to_string()
}

fn ok(dir: &Path, args: &[&str]) {
    let o = softpower(dir).args(yearly(args)).output().unwrap();
    assert!(
        o.status.success(),
        "softpower {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Exit 2 with a message containing `says`: the message.
fn refused(dir: &Path, args: &[&str], says: &str) -> String {
    let o = softpower(dir).args(yearly(args)).output().unwrap();
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "softpower {args:?}: {e}");
    assert!(e.contains(says), "softpower {args:?}: {e}");
    e
}

/// Shards `0..n` of `command` (`run FILE` or `compare A B`) into `dir/<tag>-<i>.part`.
fn shards(dir: &Path, command: &[&str], n: usize, tag: &str) -> Vec<String> {
    (0..n)
        .map(|i| {
            let part = format!("{tag}-{i}.part");
            let shard = format!("{i}/{n}");
            let mut args = command.to_vec();
            args.extend([
                "--paths",
                PATHS,
                "--quiet",
                "--shard",
                &shard,
                "--partial",
                &part,
            ]);
            ok(dir, &args);
            part
        })
        .collect()
}

/// summary.json without the fields that describe the run itself.
fn described(path: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    for k in ["elapsed_s", "path_steps_per_s", "threads", "pieces"] {
        v.as_object_mut().unwrap().remove(k);
    }
    v
}

fn same_files(a: &Path, b: &Path, names: &[PathBuf]) {
    for n in names {
        assert!(
            fs::read(a.join(n)).unwrap() == fs::read(b.join(n)).unwrap(),
            "{} differs",
            n.display()
        );
    }
}

#[test]
fn shards_merge_to_the_bytes_of_the_single_run_in_any_order() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let push = scenario("export_push.toml");
    ok(
        dir,
        &["run", &push, "--paths", PATHS, "--quiet", "--out", "single"],
    );
    let charts: Vec<PathBuf> = fs::read_dir(dir.join("single/charts"))
        .unwrap()
        .map(|e| Path::new("charts").join(e.unwrap().file_name()))
        .collect();
    assert!(charts.len() > 4);
    let mut names = charts.clone();
    names.push("summary.csv".into());
    for (n, tag) in [(3, "three"), (8, "eight")] {
        let mut parts = shards(dir, &["run", &push], n, tag);
        parts.reverse();
        let out = format!("merged-{tag}");
        let mut args = vec!["merge", "--quiet", "--out", &out];
        args.extend(parts.iter().map(String::as_str));
        ok(dir, &args);
        same_files(&dir.join("single"), &dir.join(&out), &names);
        let merged = dir.join(&out).join("summary.json");
        assert_eq!(
            described(&merged),
            described(&dir.join("single/summary.json"))
        );
        let raw: serde_json::Value = serde_json::from_slice(&fs::read(&merged).unwrap()).unwrap();
        assert_eq!(raw["pieces"], n, "summary.json says how many pieces");
    }
    // Shards from Slurm's variables, task ids offset from 10.
    let parts: Vec<String> = (0..2)
        .map(|i| {
            let part = format!("slurm-{i}.part");
            let id = (10 + i).to_string();
            let o = softpower(dir)
                .args([
                    "run",
                    &push,
                    "--paths",
                    PATHS,
                    "-q",
                    "--shard-from-env",
                    "--partial",
                    &part,
                ])
                .args(["--set", YEARLY])
                .env("SLURM_ARRAY_TASK_ID", &id)
                .env("SLURM_ARRAY_TASK_MIN", "10")
                .env("SLURM_ARRAY_TASK_COUNT", "2")
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            part
        })
        .collect();
    merged_as_single(dir, &parts, "summary.csv");
}

/// `softpower merge --no-charts` of `parts` has the single run's `file`, byte for byte.
fn merged_as_single(dir: &Path, parts: &[String], file: &str) {
    let mut args = vec!["merge", "-q", "--no-charts", "--out", "merged"];
    args.extend(parts.iter().map(String::as_str));
    ok(dir, &args);
    same_files(&dir.join("single"), &dir.join("merged"), &[file.into()]);
}

#[test]
fn compare_shards_merge_to_the_bytes_of_the_single_comparison() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let (base, push) = (scenario("baseline.toml"), scenario("export_push.toml"));
    let cmp = ["compare", base.as_str(), push.as_str()];
    let mut single = cmp.to_vec();
    single.extend(["--paths", PATHS, "-q", "--no-charts", "--out", "single"]);
    ok(dir, &single);
    let mut parts = shards(dir, &cmp, 3, "c");
    parts.rotate_left(1);
    merged_as_single(dir, &parts, "compare.csv");
}

#[test]
fn bad_partials_exit_2_and_write_nothing() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let push = scenario("export_push.toml");
    let p = shards(dir, &["run", &push], 3, "s");
    // Another seed, another scenario, a comparison.
    let mut args = vec!["run", push.as_str(), "--paths", PATHS, "-q", "--seed", "7"];
    args.extend(["--shard", "1/3", "--partial", "seed7.part"]);
    ok(dir, &args);
    let base = scenario("baseline.toml");
    ok(
        dir,
        &[
            "run",
            &base,
            "--paths",
            PATHS,
            "-q",
            "--shard",
            "1/3",
            "--partial",
            "base.part",
        ],
    );
    let cmp = ["compare", base.as_str(), push.as_str()];
    let c = shards(dir, &cmp, 2, "c");
    // A corrupt byte in the body, and a truncated file.
    let mut bytes = fs::read(dir.join(&p[1])).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x40;
    fs::write(dir.join("corrupt.part"), &bytes).unwrap();
    bytes[at] ^= 0x40;
    fs::write(dir.join("short.part"), &bytes[..bytes.len() / 3]).unwrap();
    fs::write(dir.join("text.part"), "not a partial\n").unwrap();
    let cases: [(&[&str], &str); 9] = [
        (&[&p[0], &p[2]], "shard 1/3 missing (paths 4096..8192)"),
        (
            &[&p[0], "seed7.part", &p[2]],
            "has seed 2021 and seed7.part seed 7",
        ),
        (&[&p[0], "base.part", &p[2]], "are pieces of different jobs"),
        (
            &[&p[0], "corrupt.part", &p[2]],
            "corrupt.part: corrupt: its CRC-32 checksum",
        ),
        (&[&p[0], "short.part", &p[2]], "short.part: truncated"),
        (&[&p[0], &p[1], &p[1], &p[2]], "overlap"),
        (&[&p[0], &c[1]], "of a `run` and c-1.part of a `compare`"),
        (&["text.part"], "not a softpower partial result"),
        (&["nowhere.part"], "nowhere.part"),
    ];
    for (files, says) in cases {
        let mut args = vec!["merge", "-q", "--out", "out"];
        args.extend(files);
        refused(dir, &args, says);
        assert!(!dir.join("out").exists(), "{says}: something was written");
    }
    // Shard flags that do not go together.
    let r = |extra: &[&str], says: &str| {
        let mut args = vec!["run", push.as_str(), "--paths", PATHS, "-q"];
        args.extend(extra);
        refused(dir, &args, says);
    };
    r(&["--shard", "3/3", "--partial", "x.part"], "0 <= I < N");
    r(&["--shard", "1/3"], "--partial");
    r(&["--partial", "x.part"], "--shard I/N or --shard-from-env");
    r(
        &["--shard", "0/3", "--partial", "x.part", "--out", "o"],
        "--out goes to `softpower merge`",
    );
    r(
        &["--shard", "0/3", "--partial", "x.part", "--per-path"],
        "paths.parquet",
    );
    r(
        &["--shard-from-env", "--partial", "x.part"],
        "neither SLURM_ARRAY_TASK_ID",
    );
    assert!(!dir.join("x.part").exists() && !dir.join("o").exists());
}

#[test]
fn a_killed_checkpointed_run_resumes_to_the_same_bytes() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let push = scenario("export_push.toml");
    // 60 chunks: checkpoint blocks of 4 chunks, 15 of them.
    let paths = "60000";
    ok(
        dir,
        &[
            "run",
            &push,
            "--paths",
            paths,
            "-q",
            "--no-charts",
            "--out",
            "plain",
        ],
    );
    let args = [
        "run",
        &push,
        "--paths",
        paths,
        "-q",
        "--no-charts",
        "--out",
        "resumed",
    ];
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("softpower"))
        .current_dir(dir)
        .args(args)
        .args(["--checkpoint", "ck", "--threads", "1", "--set", YEARLY])
        .spawn()
        .unwrap();
    let saved = |dir: &Path| {
        fs::read_dir(dir.join("ck"))
            .map(|r| {
                r.filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .path()
                        .extension()
                        .is_some_and(|x| x == "part")
                })
                .count()
            })
            .unwrap_or(0)
    };
    let start = std::time::Instant::now();
    while saved(dir) < 2 && start.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    let before = saved(dir);
    assert!(!status.success(), "the run ended before it was killed");
    assert!((2..15).contains(&before), "{before} blocks saved");
    assert!(!dir.join("resumed").exists(), "a killed run wrote results");
    let o = softpower(dir)
        .args([
            "run",
            &push,
            "--paths",
            paths,
            "--no-charts",
            "--out",
            "resumed",
            "--checkpoint",
            "ck",
        ])
        .args(["--set", YEARLY])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains(&format!("resuming from {before} of 15 blocks")),
        "{stdout}"
    );
    same_files(
        &dir.join("plain"),
        &dir.join("resumed"),
        &["summary.csv".into()],
    );
    assert_eq!(saved(dir), 15);
    // The checkpoints of one job are refused to another.
    refused(
        dir,
        &[
            "run",
            &push,
            "--paths",
            "50000",
            "-q",
            "--out",
            "other",
            "--checkpoint",
            "ck",
        ],
        "holds a partial result of another job",
    );
    assert!(!dir.join("other").exists());
}

#[test]
fn study_shards_merge_to_the_bytes_of_the_whole_study() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    // An exploration of 54 experiments in 3 shards, given in reverse.
    let grid = scenario("push_grid.toml");
    let explore = [
        "explore",
        grid.as_str(),
        "--paths",
        "100",
        "-q",
        "--set",
        YEARLY,
    ];
    let mut whole = explore.to_vec();
    whole.extend(["--no-charts", "--out", "single"]);
    ok(dir, &whole);
    let mut parts: Vec<String> = (0..3)
        .map(|i| {
            let (shard, part) = (format!("{i}/3"), format!("e-{i}.part"));
            let mut args = explore.to_vec();
            args.extend(["--shard", &shard, "--partial", &part]);
            ok(dir, &args);
            part
        })
        .collect();
    parts.reverse();
    merged_as_single(dir, &parts, "experiments.csv");
    same_files(
        &dir.join("single"),
        &dir.join("merged"),
        &["experiments.parquet".into()],
    );
    // A Sobol study in 4 shards: the indices of the whole design.
    let ishigami = scenario("ishigami.toml");
    let sens = ["sensitivity", ishigami.as_str(), "--samples", "128", "-q"];
    let mut whole = sens.to_vec();
    whole.extend(["--no-charts", "--out", "whole"]);
    ok(dir, &whole);
    let parts: Vec<String> = (0..4)
        .map(|i| {
            let (shard, part) = (format!("{i}/4"), format!("s-{i}.part"));
            let mut args = sens.to_vec();
            args.extend(["--shard", &shard, "--partial", &part]);
            ok(dir, &args);
            part
        })
        .collect();
    let mut args = vec!["merge", "-q", "--no-charts", "--out", "sens", &parts[2]];
    args.extend([&parts[0], &parts[3], &parts[1]].map(String::as_str));
    ok(dir, &args);
    same_files(
        &dir.join("whole"),
        &dir.join("sens"),
        &["sensitivity.csv".into(), "design.csv".into()],
    );
    // A missing study shard is named by its design rows.
    let args = [
        "merge", "-q", "--out", "none", &parts[0], &parts[1], &parts[3],
    ];
    refused(dir, &args, "shard 2/4 missing (design rows");
    assert!(!dir.join("none").exists());
}
