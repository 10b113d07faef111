//! The user model of examples/market_entry.rs, compiled into the test binary: it registers and
//! validates, writes every output file, and its statistics match closed forms (the logistic
//! curve without noise or bans; the ban probability and the mean share with bans), and a run
//! whose statistics overflow is refused.

// `main` and a few helpers are only used by the example binary.
#[allow(dead_code)]
#[path = "../examples/market_entry.rs"]
mod market_entry;

use market_entry::{logistic, scenario, simulate, OUTCOMES};
use softpower::results::Summary;

/// The statistics of `metric` at step `k`.
fn row<'a>(s: &'a Summary, k: usize, metric: &str) -> &'a softpower::results::Row {
    s.row(k, metric)
        .unwrap_or_else(|| panic!("no row for {metric} at step {k}"))
}

#[test]
fn a_model_whose_statistics_overflow_is_refused_after_the_run() {
    // `market_m` has no upper bound in this user model: revenues near 1e307 have squares beyond
    // f64::MAX, and the run must say so rather than report an sd of inf or 0.
    let s = scenario(&["model.market_m=1e308", "scenario.paths=64"]).unwrap();
    let e = s.check_finite(&crate::common::run(&s).acc).unwrap_err();
    assert!(
        e.contains("is not finite") && e.contains("nothing was written"),
        "{e}"
    );
}

#[test]
fn registers_runs_and_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let (summary, written) = market_entry::run_to(dir.path()).unwrap();
    assert_eq!(summary.model, "market-entry");
    assert_eq!(summary.outcomes, OUTCOMES);
    assert_eq!(summary.key_outcomes, ["share", "revenue_m", "profit_m"]);
    assert_eq!(summary.steps, 120);
    assert_eq!(summary.rows.len(), 121 * OUTCOMES.len());
    assert_eq!(summary.targets.len(), 1);
    let p = summary.targets[0].probability;
    assert!(p > 0.05 && p < 0.95, "payback probability {p}");
    for f in [
        "summary.csv",
        "summary.json",
        "report.html",
        "charts/fan_share.png",
        "charts/fan_profit_m.svg",
        "charts/targets.png",
        "charts/hist_profit_m_2035.png",
    ] {
        let path = dir.path().join(f);
        assert!(
            path.is_file() && std::fs::metadata(&path).unwrap().len() > 0,
            "{f} missing; wrote {written:?}"
        );
    }
    let csv = std::fs::read_to_string(dir.path().join("summary.csv")).unwrap();
    for m in OUTCOMES {
        assert!(csv.contains(&format!(",{m},")), "{m} not in summary.csv");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["model"], "market-entry");
    assert_eq!(json["outcome_info"][3]["integer"], true);
    // The drawn growth rate varies the share between paths; `banned` is 0 or 1.
    let share = row(&summary, 120, "share");
    assert!(share.sd > 0.0 && share.max <= 1.0 && share.min >= 0.0);
    let banned = row(&summary, 120, "banned");
    assert!(banned.min == 0.0 && banned.max == 1.0, "{banned:?}");
}

#[test]
fn without_noise_or_bans_the_share_is_the_logistic_curve() {
    // Tolerance: 1e-9 relative at every step (the scheme is exact when σ = 0; what is left is
    // rounding over at most 120 steps).
    let s = scenario(&["uncertainty={}", "model.sigma=0", "model.ban_hazard=0"]).unwrap();
    let (summary, _) = simulate(&s).unwrap();
    let (r, k, s0) = (0.8, 0.25, 0.01);
    for step in 0..=summary.steps {
        let want = logistic(r, k, s0, step as f64 / 12.0);
        let got = row(&summary, step, "share");
        let rel = (got.mean - want).abs() / want;
        assert!(rel < 1e-9, "step {step}: mean {} vs {want}", got.mean);
        assert!((got.max - got.min).abs() <= 1e-12 * want, "{got:?}");
    }
    assert_eq!(row(&summary, summary.steps, "banned").max, 0.0);
}

#[test]
fn bans_arrive_at_the_declared_hazard() {
    // With σ = 0 a path's share is the logistic curve until a ban, then 0: P(banned by T) =
    // 1 − exp(−h T) exactly, and E[share(T)] = exp(−h T) × logistic(T). Tolerance: 4 standard
    // errors of the mean over the 20 000 paths.
    let h: f64 = 0.1;
    let s = scenario(&[
        "uncertainty={}",
        "model.sigma=0",
        &format!("model.ban_hazard={h}"),
    ])
    .unwrap();
    let (summary, _) = simulate(&s).unwrap();
    let (n, t) = (summary.paths as f64, 10.0);
    let p = 1.0 - (-h * t).exp();
    let se = (p * (1.0 - p) / n).sqrt();
    let banned = row(&summary, summary.steps, "banned").mean;
    assert!(
        (banned - p).abs() < 4.0 * se,
        "P(banned) {banned} vs {p} ± {se}"
    );
    let curve = logistic(0.8, 0.25, 0.01, t);
    let share = row(&summary, summary.steps, "share").mean;
    assert!(
        (share - (1.0 - p) * curve).abs() < 4.0 * se * curve,
        "mean share {share} vs {}",
        (1.0 - p) * curve
    );
}

#[test]
fn s0_above_capacity_is_refused_over_the_uncertainty_support() {
    let e = scenario(&[
        "model.capacity=0.3",
        r#"uncertainty."model.s0"={ dist = "uniform", min = 0.1, max = 0.4 }"#,
    ])
    .unwrap_err()
    .to_string();
    assert!(e.contains("s0 must not exceed capacity"), "{e}");
    assert!(e.contains("uncertainty"), "{e}");
}
