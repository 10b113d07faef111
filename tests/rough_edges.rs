//! Rough edges a new user met, through the binary: the stdout band follows the configured
//! quantiles, tiny probabilities show their interval, quantile columns are never ambiguous, the
//! number of quantiles is limited, and `compare` pairs targets by name and refuses two
//! scenarios of one name.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .display()
        .to_string()
}

fn softpower(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("softpower")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_stdout_band_follows_the_configured_quantiles() {
    let d = tempfile::tempdir().unwrap();
    let b = scenario("baseline.toml");
    let o = softpower(
        d.path(),
        &[
            "run",
            &b,
            "--paths",
            "300",
            "--no-charts",
            "--out",
            "o",
            "--quantiles",
            "0.1,0.5,0.9",
        ],
    );
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("median [10–90 % band]"), "{out}");
    assert!(!out.contains("n/a"), "{out}");
}

#[test]
fn a_probability_of_zero_shows_its_upper_bound() {
    let d = tempfile::tempdir().unwrap();
    let b = scenario("baseline.toml");
    let o = softpower(
        d.path(),
        &["run", &b, "--paths", "10000", "--no-charts", "--out", "o"],
    );
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    // 0 of 10 000 paths: the 95 % Wilson interval reaches 0.00038.
    assert!(out.contains("P = 0.000  [95% CI 0.000 – 0.00038]"), "{out}");
}

#[test]
fn quantile_columns_are_never_ambiguous_and_limited_in_number() {
    let d = tempfile::tempdir().unwrap();
    let b = scenario("baseline.toml");
    let o = softpower(
        d.path(),
        &[
            "run",
            &b,
            "--paths",
            "50",
            "--quiet",
            "--no-charts",
            "--out",
            "o",
            "--quantiles",
            "1e-10,2e-10,0.05,0.05000000000000001",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = fs::read_to_string(d.path().join("o/summary.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let mut unique = header.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), header.len(), "{header:?}");
    let many: Vec<String> = (1..=200).map(|i| format!("{}", i as f64 / 201.0)).collect();
    let o = softpower(
        d.path(),
        &[
            "run",
            &b,
            "--paths",
            "50",
            "--quiet",
            "--out",
            "p",
            "--quantiles",
            &many.join(","),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("at most 99 quantiles"));
    assert!(!d.path().join("p").exists());
}

#[test]
fn compare_pairs_targets_by_name_and_refuses_duplicate_names() {
    let d = tempfile::tempdir().unwrap();
    let base = fs::read_to_string(scenario("baseline.toml")).unwrap();
    // The same targets in the other order, and one more.
    let targets_at = base.find("[[target]]").unwrap();
    let sectors_at = base.find("[[sector]]").unwrap();
    let (t1, t2) = base[targets_at..sectors_at]
        .split_at(base[targets_at + 1..].find("[[target]]").unwrap() + 1);
    let other = format!(
        "{}{t2}{t1}[[target]]\nname = \"index above 40\"\nmetric = \"soft_power_index\"\nyear = 2031\nabove = 40.0\n\n{}",
        &base[..targets_at],
        &base[sectors_at..]
    )
    .replace("name = \"baseline\"", "name = \"reordered\"");
    fs::write(d.path().join("b.toml"), other).unwrap();
    let a = scenario("baseline.toml");
    let o = softpower(
        d.path(),
        &[
            "compare",
            &a,
            "b.toml",
            "--paths",
            "500",
            "--no-charts",
            "--out",
            "c",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let row = |name: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no row {name}: {out}"))
            .to_string()
    };
    // Same paths, same target: the two probabilities agree.
    let surplus = row("services trade surplus in 2030");
    let ps: Vec<&str> = surplus.split_whitespace().rev().take(3).collect();
    assert_eq!(ps[0], ps[2], "{surplus}");
    assert!(row("index above 40").contains("— |"), "{out}");
    // Two scenarios of one name.
    let o = softpower(
        d.path(),
        &[
            "compare", &a, &a, "--paths", "50", "--quiet", "--out", "dup",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("both named `baseline`"));
    assert!(!d.path().join("dup").exists());
}

#[test]
fn hostile_input_is_escaped_bounded_and_never_blocks() {
    let d = tempfile::tempdir().unwrap();
    let base = fs::read_to_string(scenario("baseline.toml")).unwrap();
    // A key with a newline and an ANSI escape cannot forge a line of the message.
    let text = base.replacen(
        "[levers]",
        "[levers]\n\"x\\nbad.toml:1:1: field `y`: \\u001b[31mforged\" = 1",
        1,
    );
    fs::write(d.path().join("k.toml"), text).unwrap();
    let o = softpower(d.path(), &["validate", "k.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(!e.contains('\u{1b}'), "{e:?}");
    assert!(e.lines().all(|l| !l.starts_with("bad.toml:1:1")), "{e}");
    // A long unknown key gets no costly hint.
    let long = "k".repeat(200_000);
    fs::write(
        d.path().join("l.toml"),
        base.replacen("[levers]", &format!("[levers]\n{long} = 1"), 1),
    )
    .unwrap();
    let o = softpower(d.path(), &["validate", "l.toml"]);
    assert_eq!(o.status.code(), Some(2));
    // `extends` of something that is not a regular file is refused, not read for ever.
    fs::write(
        d.path().join("z.toml"),
        "[scenario]\nextends = \"/dev/zero\"\n",
    )
    .unwrap();
    let o = softpower(d.path(), &["validate", "z.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));
    // A leading `-` would make a spreadsheet run the scenario name as a formula.
    let o = softpower(
        d.path(),
        &[
            "validate",
            &scenario("baseline.toml"),
            "--set",
            "scenario.name=-2+3",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_embedded_baseline_can_be_printed_and_extended() {
    let d = tempfile::tempdir().unwrap();
    let o = softpower(d.path(), &["scenario", "show", "baseline"]);
    assert!(o.status.success());
    fs::write(d.path().join("baseline.toml"), &o.stdout).unwrap();
    fs::write(
        d.path().join("child.toml"),
        "[scenario]\nextends = \"baseline.toml\"\nname = \"child\"\n",
    )
    .unwrap();
    assert!(softpower(d.path(), &["validate", "child.toml"])
        .status
        .success());
    assert_eq!(
        softpower(d.path(), &["scenario", "show", "nope"])
            .status
            .code(),
        Some(2)
    );
    let help = softpower(d.path(), &["run", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("embedded"));
}

#[test]
fn schedule_entries_that_never_apply_or_start_late_get_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let child = format!(
        "[scenario]\nextends = {:?}\nname = \"w\"\n[levers]\nvisa_easing = {{ 2021 = 0.1, 2040 = 0.6 }}\n",
        scenario("baseline.toml")
    );
    fs::write(d.path().join("w.toml"), child).unwrap();
    let o = softpower(d.path(), &["validate", "w.toml"]);
    assert!(o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("warning: w.toml:5:24: field `levers.visa_easing.2021`: the first entry is for 2021, after the start year 2019"), "{e}");
    assert!(
        e.contains("field `levers.visa_easing.2040`: the entry for 2040 never applies"),
        "{e}"
    );
    let o = softpower(d.path(), &["validate", &scenario("export_push.toml")]);
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
