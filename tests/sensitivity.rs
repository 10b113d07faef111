//! `[sensitivity]` end to end: the analytic test functions through scenario files (Ishigami and
//! Sobol G against their analytic indices, Morris ranking G's inputs, OAT's exact values), the
//! cultural model (byte-identical output for any thread count, the inner-noise warning), and bad
//! input (exit 2, nothing written).

use assert_cmd::Command;
use softpower::experiment::{run_sensitivity, SensitivityResult};
use softpower::scenario::{Loader, Override, Scenario};
use softpower::study::analytic::{ishigami_indices, sobol_g_indices};
use std::fs;
use std::path::Path;

fn softpower() -> Command {
    Command::cargo_bin("softpower").unwrap()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A canonical scenario with an empty `[sensitivity]` and these overrides.
fn study(name: &str, sets: &[&str]) -> Scenario {
    let o = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    Loader::new()
        .with_overrides(o)
        .with_section("sensitivity")
        .load_file(&repo().join("scenarios").join(name))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn index(r: &SensitivityResult, factor: &str, ix: &str) -> (f64, f64, f64) {
    let row = r
        .rows
        .iter()
        .find(|x| x.factor == factor && x.index == ix)
        .unwrap_or_else(|| panic!("no {ix} of {factor}"));
    (
        row.estimate,
        row.ci_low.unwrap_or(f64::NAN),
        row.ci_high.unwrap_or(f64::NAN),
    )
}

/// Sobol on Ishigami (a = 7, b = 0.1), N = 8192: every S1 and ST within 0.003 of the analytic
/// values, and the 95 % intervals cover them.
#[test]
fn sobol_on_ishigami_matches_the_analytic_indices() {
    let s = study("ishigami.toml", &["sensitivity.samples=8192"]);
    let r = run_sensitivity(&s, 0, None).unwrap();
    let (s1, st) = ishigami_indices(7.0, 0.1);
    for i in 0..3 {
        let f = format!("model.x{}", i + 1);
        for (ix, exact) in [("S1", s1[i]), ("ST", st[i])] {
            let (v, lo, hi) = index(&r, &f, ix);
            assert!((v - exact).abs() < 0.003, "{ix} of {f}: {v} vs {exact}");
            assert!(
                lo <= exact && exact <= hi,
                "{ix} of {f}: [{lo}, {hi}] vs {exact}"
            );
        }
    }
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.eval.table.rows(), 8192 * 5);
}

/// Sobol G with a = (0, 1, 4.5, 9, 99, 99): S1 and ST within 0.01, intervals covering; Morris
/// (r = 100, 4 levels) ranks the inputs in the order of their analytic ST (the two with a = 99
/// tie, so they only have to come last).
#[test]
fn sobol_and_morris_on_sobol_g() {
    let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
    let (s1, st) = sobol_g_indices(&a);
    let s = study("sobol_g.toml", &["sensitivity.samples=8192"]);
    let r = run_sensitivity(&s, 0, None).unwrap();
    for i in 0..6 {
        let f = format!("model.x{}", i + 1);
        for (ix, exact) in [("S1", s1[i]), ("ST", st[i])] {
            let (v, lo, hi) = index(&r, &f, ix);
            assert!((v - exact).abs() < 0.01, "{ix} of {f}: {v} vs {exact}");
            assert!(
                lo <= exact && exact <= hi,
                "{ix} of {f}: [{lo}, {hi}] vs {exact}"
            );
        }
    }
    let s = study(
        "sobol_g.toml",
        &["sensitivity.method=\"morris\"", "sensitivity.samples=100"],
    );
    let r = run_sensitivity(&s, 0, None).unwrap();
    let mu: Vec<f64> = (1..=6)
        .map(|i| index(&r, &format!("model.x{i}"), "mu_star").0)
        .collect();
    for i in 0..3 {
        assert!(mu[i] > mu[i + 1], "μ* not in ST order: {mu:?}");
    }
    assert!(mu[4] < mu[3] && mu[5] < mu[3], "{mu:?}");
    assert_eq!(
        &r.outputs[0].ranking[..4],
        ["model.x1", "model.x2", "model.x3", "model.x4"]
    );
}

/// One at a time on Sobol G: every factor at 0 and 1 with the others at the median 0.5 of their
/// uniform distribution, where |4x − 2| = 0; the values are the product's exact terms.
#[test]
fn oat_on_sobol_g_gives_the_exact_values() {
    let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
    let s = study("sobol_g.toml", &["sensitivity.method=\"oat\""]);
    let r = run_sensitivity(&s, 0, None).unwrap();
    let term = |x: f64, a: f64| ((4.0 * x - 2.0).abs() + a) / (1.0 + a);
    let at = |i: usize, x: f64| -> f64 {
        (0..6)
            .map(|j| term(if j == i { x } else { 0.5 }, a[j]))
            .product()
    };
    assert_eq!(r.eval.table.rows(), 13);
    assert!((r.outputs[0].base.unwrap() - at(9, 0.5)).abs() < 1e-12);
    for i in 0..6 {
        let f = format!("model.x{}", i + 1);
        // The 5 % and 95 % points of uniform(0, 1).
        let (lo, hi) = (index(&r, &f, "low").0, index(&r, &f, "high").0);
        assert!(
            (lo - at(i, 0.05)).abs() < 1e-12,
            "{f}: {lo} vs {}",
            at(i, 0.05)
        );
        assert!((hi - at(i, 0.95)).abs() < 1e-12, "{f}: {hi}");
        assert!((index(&r, &f, "swing").0 - (hi - lo)).abs() < 1e-15);
    }
}

const CULTURAL: &str = r#"
[scenario]
extends = "EXPORT_PUSH"
name = "push_sens"

[sensitivity]
samples = 4
paths_per_point = 16
factors_from_uncertainty = false

[sensitivity.factors]
"levers.funding_bn_per_year.2022" = { min = 0.0, max = 6.0 }
"levers.visa_easing.2022" = { min = 0.0, max = 1.0 }
"response.bass_q" = { min = 0.1, max = 0.8 }
"market.north_america.ban_hazard" = { min = 0.0, max = 0.5 }
"#;

fn cultural_file(dir: &Path, extra: &str) -> std::path::PathBuf {
    let text = CULTURAL.replace(
        "EXPORT_PUSH",
        &repo()
            .join("scenarios/export_push.toml")
            .display()
            .to_string(),
    ) + extra;
    let f = dir.join("push_sens.toml");
    fs::write(&f, text).unwrap();
    f
}

/// The cultural model: the same bytes of sensitivity.csv and design.csv on 1 and 2 threads, and
/// 16 paths per point are flagged as too few for the indices to mean much.
#[test]
fn cultural_study_is_byte_identical_across_threads_and_warns_of_noise() {
    let dir = tempfile::tempdir().unwrap();
    let file = cultural_file(dir.path(), "");
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("t{threads}"));
        let a = softpower()
            .args(["sensitivity", "--threads", threads, "--out"])
            .arg(&out)
            .arg(&file)
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        assert!(
            stderr.contains("inner Monte Carlo noise"),
            "no noise warning: {stderr}"
        );
        outs.push(out);
    }
    for f in ["sensitivity.csv", "design.csv"] {
        assert_eq!(
            fs::read(outs[0].join(f)).unwrap(),
            fs::read(outs[1].join(f)).unwrap(),
            "{f} differs between 1 and 2 threads"
        );
    }
    let csv = fs::read_to_string(outs[0].join("sensitivity.csv")).unwrap();
    assert!(csv.starts_with("output,factor,index,estimate,ci_low,ci_high\n"));
    assert!(csv.contains("P(services trade surplus in 2030),response.bass_q,ST,"));
    // 4 factors, N = 4: 24 points, each with its factor values.
    let design = fs::read_to_string(outs[0].join("design.csv")).unwrap();
    assert_eq!(design.lines().count(), 1 + 24);
    assert!(design
        .lines()
        .next()
        .unwrap()
        .starts_with("point,levers.funding_bn_per_year.2022,"));
}

/// Bad studies: exit 2, the file, line and field named, nothing written.
#[test]
fn bad_studies_exit_2_and_write_nothing() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[sensitivity.factors]\n\"response.no_such\" = { min = 0.0, max = 1.0 }\n",
            "unknown factor `response.no_such`",
            "sensitivity.factors",
        ),
        (
            "[sensitivity.factors]\n\"response.bass_p\" = { min = 1.0, max = 0.5 }\n",
            "`min` must be below `max`",
            "max",
        ),
        (
            "[sensitivity.factors]\n\"levers.visa_easing.2019\" = { min = 0.0, max = 2.0 }\n",
            "ranges over [0, 2]",
            "levers.visa_easing.2019",
        ),
        ("", "must be a power of two, got 5", "sensitivity.samples"),
        ("", "at most 4000000 design points", "sensitivity.samples"),
        (
            "[[sensitivity.output]]\nmetric = \"no_metric\"\n",
            "unknown outcome `no_metric`",
            "metric",
        ),
        (
            "[[sensitivity.output]]\nstatistic = \"probability\"\ntarget = \"nope\"\n",
            "unknown target `nope`",
            "target",
        ),
        (
            "[[sensitivity.output]]\nmetric = \"audience_m\"\nyear = 2040\n",
            "outside the horizon",
            "year",
        ),
        (
            "[[sensitivity.output]]\nmetric = \"audience_m\"\nstatistic = \"median\"\n",
            "unknown statistic `median`",
            "statistic",
        ),
    ];
    for (i, (extra, message, field)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = (*extra).to_string();
        // Cases 3 and 4 change `samples`, the others keep the file's.
        let base = match i {
            3 => CULTURAL.replace("samples = 4", "samples = 5"),
            4 => CULTURAL.replace("samples = 4", "samples = 1048576"),
            _ => CULTURAL.to_string(),
        };
        if extra.starts_with("[sensitivity.factors]") {
            text = text.replace("[sensitivity.factors]\n", "");
        }
        let full = base.replace(
            "EXPORT_PUSH",
            &repo()
                .join("scenarios/export_push.toml")
                .display()
                .to_string(),
        ) + &text;
        let file = dir.path().join("bad.toml");
        fs::write(&file, full).unwrap();
        let out = dir.path().join("out");
        let a = softpower()
            .args(["sensitivity", "--out"])
            .arg(&out)
            .arg(&file)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        assert!(stderr.contains(message), "case {i}: {stderr}");
        assert!(
            stderr.contains(field),
            "case {i}: no field {field}: {stderr}"
        );
        assert!(
            stderr.contains("bad.toml:"),
            "case {i}: no file:line: {stderr}"
        );
        assert!(!out.exists(), "case {i}: wrote {}", out.display());
    }
}

/// The command-line flags go through the same checks, named by the flag.
#[test]
fn flags_are_checked_like_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = softpower()
        .args(["sensitivity", "--samples", "1000", "--out"])
        .arg(&out)
        .arg(repo().join("scenarios/ishigami.toml"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(stderr.contains("--samples 1000"), "{stderr}");
    assert!(stderr.contains("power of two"), "{stderr}");
    assert!(!out.exists());
    let a = softpower()
        .args(["sensitivity", "--method", "sobl", "--out"])
        .arg(&out)
        .arg(repo().join("scenarios/ishigami.toml"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(stderr.contains("did you mean `sobol`"), "{stderr}");
}
