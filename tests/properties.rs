//! Property tests on random valid scenarios (proptest): the baseline with a handful of its
//! parameters set to random values inside their declared ranges (near the scenario's value,
//! at an end of the range, or anywhere in it). Whatever validates must simulate to finite
//! outcomes that respect the model's invariants on every step of traced paths, and give the
//! same summary for any thread count. `properties.proptest-regressions` keeps the cases that
//! once failed (a subscriber count above the audience at k = 0, which the model allows).

use crate::common;
use proptest::prelude::*;
use softpower::output::{csv::SummaryCsv, Output};
use softpower::results::Summary;
use softpower::scenario::Scenario;
use std::sync::OnceLock;

/// Cases of the invariants property (each loads a scenario and traces three paths).
const CASES: u32 = 256;
/// Cases of the thread-count property (each runs 3 chunks of paths twice).
const RUN_CASES: u32 = 16;
/// Parameters changed per case.
const CHANGED: usize = 6;

/// `(path, min, max, value)` of every parameter of the baseline.
fn params() -> &'static [(String, f64, f64, f64)] {
    static P: OnceLock<Vec<(String, f64, f64, f64)>> = OnceLock::new();
    P.get_or_init(|| {
        common::load("baseline.toml")
            .info()
            .params
            .iter()
            .map(|p| (p.path.clone(), p.range.min, p.range.max, p.value))
            .collect()
    })
}

/// A value for parameter `i`: `how` picks the scenario's value scaled by `t` in [0, 3], an end
/// of the range, or a point `t` of the way through it (a finite stand-in for an open end).
fn value(i: usize, how: u8, t: f64) -> f64 {
    let (_, min, max, v) = &params()[i];
    let lo = if min.is_finite() { *min } else { -1e3 };
    let hi = if max.is_finite() {
        *max
    } else {
        lo.max(0.0) + 1e3
    };
    let x = match how {
        0 | 1 => v * 3.0 * t,
        2 => lo,
        3 => hi,
        _ => lo + (hi - lo) * t,
    };
    x.clamp(lo, hi)
}

/// The baseline with `changes` (parameter, how, t) applied, if it validates.
fn scenario(changes: &[(usize, u8, f64)], paths: u64, yearly: bool) -> Option<Scenario> {
    let mut sets = vec![format!("scenario.paths={paths}")];
    if yearly {
        sets.push("scenario.steps_per_year=1".into());
    }
    for &(i, how, t) in changes {
        let x = value(i, how, t);
        sets.push(format!("{}={x:?}", params()[i].0));
    }
    let loader = softpower::scenario::Loader::new().with_overrides(
        sets.iter()
            .map(|s| softpower::scenario::Override::parse(s).unwrap())
            .collect(),
    );
    loader.load_file(&common::path("baseline.toml")).ok()
}

fn changes() -> impl Strategy<Value = Vec<(usize, u8, f64)>> {
    let n = params().len();
    proptest::collection::vec((0..n, 0u8..6, 0.0f64..=1.0), CHANGED)
}

fn sum_of(s: &Scenario, suffix: &str) -> (usize, f64) {
    let v: Vec<f64> = s
        .info()
        .params
        .iter()
        .filter(|p| p.path.starts_with("market.") && p.path.ends_with(suffix))
        .map(|p| p.value)
        .collect();
    (v.len(), v.iter().sum())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        max_global_rejects: 4096,
        ..ProptestConfig::default()
    })]

    /// Every outcome of every step of three traced paths is finite and within the model's
    /// bounds: exports and imports non-negative, counts of markets within [0, markets],
    /// favourability in [0.001, 1], subscribers at most the audience and the audience at most
    /// the addressable population.
    #[test]
    fn valid_scenarios_simulate_within_the_model_invariants(c in changes()) {
        let s = scenario(&c, 16, false);
        prop_assume!(s.is_some());
        let s = s.unwrap();
        let (markets, addressable) = sum_of(&s, ".addressable_m");
        let o = |name: &str| common::outcome(&s, name);
        let names: Vec<String> = s.info().outcomes.iter().map(|o| o.name.clone()).collect();
        for path in [0, 1, 7] {
            let t = common::trace(&s, s.seed(), path);
            for (k, row) in t.outcomes.iter().enumerate() {
                for (i, x) in row.iter().enumerate() {
                    prop_assert!(x.is_finite(), "{} at step {k} of path {path}: {x}", names[i]);
                    if names[i].starts_with("exports_") || names[i].starts_with("imports_") {
                        prop_assert!(*x >= 0.0, "{} = {x} at step {k}", names[i]);
                    }
                }
                for m in ["markets_in_tension", "markets_banned"] {
                    let x = row[o(m)];
                    prop_assert!((0.0..=markets as f64).contains(&x), "{m} = {x}");
                }
                let f = row[o("favorability")];
                prop_assert!((0.001..=1.0).contains(&f), "favorability {f} at step {k}");
                let (aud, subs) = (row[o("audience_m")], row[o("own_platform_subscribers_m")]);
                // At k = 0 the subscribers are A0 as written (docs/model.md: the first step caps
                // them at the potential, inside the audience).
                if k > 0 {
                    prop_assert!(subs <= aud * (1.0 + 1e-12) + 1e-9, "subscribers {subs} > audience {aud} at step {k}");
                }
                prop_assert!(aud <= addressable * (1.0 + 1e-12), "audience {aud} > addressable {addressable}");
            }
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: RUN_CASES,
        max_global_rejects: 4096,
        ..ProptestConfig::default()
    })]

    /// The summary of a valid scenario (one step a year, 3 chunks of paths) is the same bytes on
    /// 1 and 3 threads.
    #[test]
    fn valid_scenarios_give_one_summary_for_any_thread_count(c in changes()) {
        let s = scenario(&c, 2100, true);
        prop_assume!(s.is_some());
        let s = s.unwrap();
        let csv = |threads| {
            let out = softpower::engine::run(
                &*s.build_model(),
                &s.path_setup(),
                &common::run_options(&s, threads),
                None,
            )
            .unwrap();
            SummaryCsv.render(&Summary::new(&s, &out)).unwrap().remove(0).1
        };
        prop_assert!(csv(1) == csv(3));
    }
}
