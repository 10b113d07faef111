//! Synthetic summaries, comparisons and samples built by hand for the chart and report tests.

use super::HorizonSamples;
use crate::compare::results::{Comparison, DiffRow};
use crate::model::cultural::{outcomes, Sector, SectorKind};
use crate::model::OutcomeInfo;
use crate::results::{Row, Summary, TargetResult};

/// The cultural model's description of [`OUTCOMES`] (sectors film, music and games).
fn outcome_info() -> Vec<OutcomeInfo> {
    let sectors: Vec<Sector> = ["film", "music", "games"]
        .iter()
        .map(|n| Sector {
            name: n.to_string(),
            kind: SectorKind::Services,
            digital: true,
        })
        .collect();
    let all = outcomes::outcome_info(&sectors);
    OUTCOMES
        .iter()
        .map(|m| {
            all.iter()
                .find(|o| o.name == *m)
                .cloned()
                .expect("a cultural outcome")
        })
        .collect()
}

/// Outcomes of the synthetic run.
pub(crate) const OUTCOMES: [&str; 12] = [
    "exports_goods_bn",
    "exports_services_bn",
    "exports_total_bn",
    "exports_film_bn",
    "exports_music_bn",
    "exports_games_bn",
    "services_balance_bn",
    "own_platform_subscribers_m",
    "audience_m",
    "favorability",
    "markets_banned",
    "soft_power_index",
];

/// Rough standard-normal quantile (logistic approximation; enough for test pictures).
fn z(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    0.5513 * (p / (1.0 - p)).ln()
}

/// Centre and spread of `metric` after `t` years, shifted by `push` (0 for the baseline).
fn centre_spread(metric: &str, t: f64, push: f64) -> (f64, f64) {
    match metric {
        "exports_goods_bn" => (5.0 + 0.3 * t + push * t * 0.2, 0.3 + 0.1 * t),
        "exports_services_bn" => (7.0 + 0.8 * t + push * t, 0.4 + 0.25 * t),
        "exports_total_bn" => (12.0 + 1.1 * t + push * t * 1.2, 0.6 + 0.3 * t),
        "exports_film_bn" => (1.0 + 0.1 * t, 0.05 + 0.05 * t),
        "exports_music_bn" => (2.0 + 0.3 * t + push * t * 0.3, 0.1 + 0.1 * t),
        "exports_games_bn" => (6.0 + 0.5 * t, 0.3 + 0.2 * t),
        "services_balance_bn" => (-3.0 + 0.35 * t + push * t * 0.4, 0.5 + 0.2 * t),
        "own_platform_subscribers_m" => (2.0 + 4.0 * t + push * t * 3.0, 0.5 + 2.0 * t),
        "audience_m" => (300.0 + 60.0 * t + push * 30.0 * t, 10.0 + 25.0 * t),
        "favorability" => (0.42 + 0.004 * t + push * 0.002 * t, 0.01 + 0.006 * t),
        "markets_banned" => (0.2 + 0.15 * t + push * 0.1 * t, 0.3 + 0.1 * t),
        _ => (30.0 + 1.5 * t + push * t, 1.0 + 0.5 * t),
    }
}

fn value(metric: &str, t: f64, push: f64, z: f64) -> f64 {
    let (c, s) = centre_spread(metric, t, push);
    let v = c + s * z;
    if metric == "markets_banned" {
        v.round().max(0.0)
    } else {
        v
    }
}

fn target(name: &str, metric: &str, year: f64, threshold: f64, p: f64) -> TargetResult {
    TargetResult {
        name: name.into(),
        metric: metric.into(),
        year,
        step: ((year - 2019.0) * 4.0) as usize,
        direction: "above".into(),
        threshold,
        successes: (p * 10_000.0) as u64,
        probability: p,
        ci95_low: (p - 0.01).max(0.0),
        ci95_high: (p + 0.01).min(1.0),
    }
}

/// A run of 12 years (2019–2031, 4 steps a year) at quantile `levels`; `push` shifts the outcomes up.
pub(crate) fn summary_with(name: &str, levels: &[f64], push: f64) -> Summary {
    let steps = 48;
    let mut rows = Vec::new();
    for k in 0..=steps {
        let t = k as f64 / 4.0;
        for m in OUTCOMES {
            let (c, s) = centre_spread(m, t, push);
            rows.push(Row {
                step: k,
                year: 2019.0 + t,
                metric: m.into(),
                mean: c,
                sd: s,
                min: value(m, t, push, -3.5),
                quantiles: levels.iter().map(|&q| value(m, t, push, z(q))).collect(),
                max: value(m, t, push, 3.5),
            });
        }
    }
    Summary {
        engine_version: "0.1.0".into(),
        model: "cultural-export".into(),
        scenario: name.into(),
        description: "Status quo <levers> held at 2019 levels & \"more\"".into(),
        scenario_file: Some(format!("scenarios/{name}.toml")),
        start_year: 2019,
        steps_per_year: 4,
        steps,
        seed: 2021,
        paths: 10_000,
        generator: "xoshiro256++ (jump per chunk)".into(),
        normal_sampler: "ziggurat".into(),
        chunk_paths: 1024,
        quantile_method: crate::results::QUANTILES_BINNED.into(),
        threads: 2,
        elapsed_s: 1.25,
        path_steps_per_s: 384_000.0,
        pieces: None,
        quantiles: levels.to_vec(),
        targets: vec![
            target(
                "services trade surplus in 2030",
                "services_balance_bn",
                2030.0,
                0.0,
                0.41 + 0.3 * push,
            ),
            target(
                "one billion overseas audience in 2030",
                "audience_m",
                2030.0,
                1000.0,
                0.27 + 0.2 * push,
            ),
            target(
                "index above 50 <by> 2031",
                "soft_power_index",
                2031.0,
                50.0,
                0.62 + 0.1 * push,
            ),
        ],
        outcomes: OUTCOMES.iter().map(|s| s.to_string()).collect(),
        outcome_info: outcome_info(),
        key_outcomes: outcomes::KEY_OUTCOMES
            .iter()
            .map(|s| s.to_string())
            .collect(),
        panels: outcomes::panels(),
        policy_section: Some("levers".into()),
        policy_title: "Policy levers".into(),
        rows,
        resolved_scenario: serde_json::json!({
            "scenario": { "name": name, "start_year": 2019 },
            "levers": {
                "funding_bn_per_year": { "2019": 0.0, "2022": 3.0 + push },
                "visa_easing": { "2019": 0.1, "2022": 0.6 },
                "ip_protection": 0.5,
                "own_platform": 0.2,
                "import_restriction": 0.5,
            }
        }),
    }
}

/// The standard synthetic run (quantiles 5/25/50/75/95 %).
pub(crate) fn summary() -> Summary {
    summary_with("baseline", &[0.05, 0.25, 0.5, 0.75, 0.95], 0.0)
}

/// Deterministic per-path values of `metric` at `year` (a linear congruential generator).
pub(crate) fn samples(metric: &str, year: f64, push: f64, n: usize) -> HorizonSamples {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let values: Vec<f64> = (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
            value(metric, year - 2019.0, push, z(u))
        })
        .collect();
    HorizonSamples::from_values(metric, year, &values)
}

/// A comparison of `baseline` with `export_push` (and a third scenario when `three`).
pub(crate) fn comparison(three: bool) -> Comparison {
    let levels = [0.05, 0.25, 0.5, 0.75, 0.95];
    let mut summaries = vec![
        summary_with("baseline", &levels, 0.0),
        summary_with("export_push", &levels, 1.0),
    ];
    if three {
        summaries.push(summary_with("platform_first", &levels, 0.5));
    }
    let mut diffs = Vec::new();
    for s in &summaries[1..] {
        let push = if s.scenario == "export_push" {
            1.0
        } else {
            0.5
        };
        for k in 0..=48 {
            let t = k as f64 / 4.0;
            for m in OUTCOMES {
                let (c0, s0) = centre_spread(m, t, 0.0);
                let (c1, s1) = centre_spread(m, t, push);
                let d = c1 - c0;
                let sd = 0.3 * s0.max(s1) * (t / 12.0);
                diffs.push(DiffRow {
                    step: k,
                    year: 2019.0 + t,
                    metric: m.into(),
                    scenario: s.scenario.clone(),
                    diff_mean: d,
                    diff_sd: sd,
                    diff_p05: d - 1.645 * sd,
                    diff_p50: d,
                    diff_p95: d + 1.645 * sd,
                    prob_positive: if d > 0.0 { 0.9 } else { 0.5 },
                    independent_sd: (s0 * s0 + s1 * s1).sqrt(),
                });
            }
        }
    }
    Comparison {
        engine_version: "0.1.0".into(),
        scenarios: summaries.iter().map(|s| s.scenario.clone()).collect(),
        seed: 2021,
        paths: 10_000,
        generator: "xoshiro256++ (jump per chunk)".into(),
        threads: 2,
        elapsed_s: 2.5,
        pieces: None,
        outcomes: OUTCOMES.iter().map(|s| s.to_string()).collect(),
        summaries,
        diffs,
    }
}
