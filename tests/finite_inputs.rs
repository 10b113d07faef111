//! The cultural model at the corners of its parameter ranges stays finite: every parameter at the
//! end of its range that pushes outcomes up (docs/model.md, "Bounds"), over the longest horizon
//! the rates that compound allow, and over the longest horizon of all (200 years) with those
//! rates at their budget. Every outcome of every step of a traced path is finite and below the
//! documented ceiling, and a run's means and sds are finite.

use crate::common;
use softpower::model::cultural::bounds;
use softpower::scenario::Scenario;

/// Overrides that put every parameter of the baseline's structure at the end of its range that
/// pushes outcomes up, except the rates that compound over the horizon (set by the caller) and
/// the volatilities (`vol`: their maximum, or 0).
fn corner(years: u32, steps_per_year: u32, vol: bool, cells: bool) -> Vec<String> {
    let b = common::load("baseline.toml");
    let c = common::spec(&b);
    let v = |x: f64| if vol { x } else { 0.0 };
    let mut sets: Vec<String> = [
        "uncertainty={}".to_string(),
        format!("scenario.years={years}"),
        format!("scenario.steps_per_year={steps_per_year}"),
        "scenario.paths=16".into(),
        "target=[]".into(),
        "levers.funding_bn_per_year=10000".into(),
        "levers.visa_easing=1".into(),
        // Initial retention at its floor (piracy 1, IP 0.001), then all of it.
        "levers.ip_protection={ 2019 = 0.001, 2020 = 1.0 }".into(),
        "levers.platform_partnerships={ 2019 = 0.0, 2020 = 1.0 }".into(),
        "levers.marketing_network={ 2019 = 0.0, 2020 = 1.0 }".into(),
        "levers.own_platform=1".into(),
        // Reported services imports at their floor at the start, then unrestricted.
        "levers.import_restriction={ 2019 = 0.999, 2020 = 0.0 }".into(),
        "imports.restriction_effect=1".into(),
        "imports.goods_bn=10000".into(),
        "imports.services_bn=10000".into(),
        "imports.growth=1".into(),
        format!("imports.volatility={}", v(2.0)),
        "index.exports_weight=1e6".into(),
        "index.audience_weight=1e6".into(),
        "index.favorability_weight=1e6".into(),
        "index.exports_half_bn=1e6".into(),
        "index.audience_half_m=1e6".into(),
        // A market starting in ban: initial access of digital sectors near its floor.
        "market.north_america.initial_regime=\"ban\"".into(),
        "response.tension_export_penalty=0.99".into(),
        "response.ban_digital_penalty=0.89".into(),
        "response.tension_adoption_penalty=0".into(),
        "response.tension_partner_penalty=0".into(),
    ]
    .into();
    for (k, x) in [
        ("bass_p", 100.0),
        ("bass_q", 100.0),
        ("marketing_p_boost", 100.0),
        ("adoption_volatility", v(10.0)),
        ("churn", 0.0),
        ("digital_reach_elasticity", 100.0),
        ("marketing_reach_elasticity", 100.0),
        ("restriction_tension_boost", 100.0),
        ("own_platform_tension_boost", 100.0),
        ("exposure_favorability", 100.0),
        ("tension_favorability", 0.0),
        ("favorability_reversion", 0.0),
        ("favorability_volatility", v(10.0)),
        ("favorability_elasticity", 2.0),
    ] {
        sets.push(format!("response.{k}={x}"));
    }
    for s in c.sectors() {
        let n = &s.name;
        sets.push(format!("sector.{n}.capacity_volatility={}", v(2.0)));
        sets.push(format!("sector.{n}.hit_volatility={}", v(2.0)));
        sets.push(format!("sector.{n}.talent_intensity=10"));
        sets.push(format!("sector.{n}.funding_scale_bn=1e-6"));
    }
    for m in c.markets() {
        let n = &m.name;
        sets.push(format!("market.{n}.addressable_m=10000"));
        sets.push(format!("market.{n}.own_subscribers_m=10000"));
        sets.push(format!("market.{n}.piracy=1"));
        sets.push(format!("market.{n}.partner_reach=1"));
        sets.push(format!("market.{n}.favorability=0.001"));
        for h in ["tension_hazard", "relief_rate", "ban_hazard", "unban_rate"] {
            sets.push(format!("market.{n}.{h}=1000"));
        }
    }
    for base in c.bases() {
        for &s in &base.sectors {
            let sector = &c.sectors()[s].name;
            sets.push(format!("base.{}.exports_bn.{sector}=10000", base.name));
        }
        if cells && base.count > 1 {
            // Many cells of the largest exports (the trace keeps every draw: not a million).
            sets.push(format!("base.{}.count=10000", base.name));
        }
    }
    sets
}

/// The compounding rates: capacity drift terms and demand growth.
fn rates(sets: &mut Vec<String>, s: &Scenario, growth: f64, elasticity: f64, demand: f64) {
    let c = common::spec(s);
    for k in ["funding_elasticity", "visa_elasticity", "ip_elasticity"] {
        sets.push(format!("response.{k}={elasticity}"));
    }
    for x in c.sectors() {
        sets.push(format!("sector.{}.growth={growth}", x.name));
    }
    for m in c.markets() {
        sets.push(format!("market.{}.demand_growth={demand}", m.name));
    }
}

/// Traces path 0 of `s`: every outcome of every step finite and below the ceiling; with `run`,
/// also runs all its paths: no outcome anywhere non-finite, every mean and sd finite.
fn assert_finite(s: &Scenario, run: bool, what: &str) {
    if run {
        s.check_finite(&common::run(s).acc)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
    }
    let names = s.info().outcome_names();
    let t = common::trace(s, s.seed(), 0);
    let ceiling = bounds::LN_OUTCOME_CEILING.exp();
    let mut largest = 0.0f64;
    for (k, row) in t.outcomes.iter().enumerate() {
        for (i, &x) in row.iter().enumerate() {
            assert!(
                x.is_finite() && x.abs() <= ceiling,
                "{what}: `{}` = {x} at step {k}",
                names[i]
            );
            largest = largest.max(x.abs());
        }
    }
    assert!(
        largest > 1e6,
        "{what}: the corner should push outcomes up, largest {largest}"
    );
    eprintln!("{what}: largest outcome {largest:e} (ceiling {ceiling:e})");
}

#[test]
fn every_static_extreme_at_once_stays_finite() {
    // Capacity drift 1 + ln(1 + 1e4 / 1e-6) + 10 + 1 and demand growth 1 per year: the longest
    // horizon the growth budget allows for them.
    let drift = 1.0 + (1.0f64 + 1e4 / 1e-6).ln() + 10.0 + 1.0;
    let years = (bounds::rate_budget() / (drift + 1.0)).floor() as u32;
    assert!(years >= 3, "{years}");
    for vol in [true, false] {
        let mut sets = corner(years, 4, vol, true);
        let b = common::load("baseline.toml");
        rates(&mut sets, &b, 1.0, 1.0, 1.0);
        let s = common::load_with("baseline.toml", &sets);
        assert_finite(&s, true, &format!("{years} years, volatilities {vol}"));
    }
}

#[test]
fn the_longest_horizon_with_rates_at_their_budget_stays_finite() {
    // 200 years; growth and demand growth share the whole budget.
    let rate = 0.99 * bounds::rate_budget() / 200.0 / 2.0;
    for (steps_per_year, vol) in [(1, true), (1, false), (100, true)] {
        let mut sets = corner(200, steps_per_year, vol, false);
        let b = common::load("baseline.toml");
        rates(&mut sets, &b, rate, 0.0, rate);
        let s = common::load_with("baseline.toml", &sets);
        // 20 000 steps are traced, not run: a run keeps statistics of every step.
        assert_finite(
            &s,
            steps_per_year == 1,
            &format!("200 years at {steps_per_year} steps a year, volatilities {vol}"),
        );
    }
}

#[test]
fn rates_beyond_the_budget_are_refused() {
    let rate = 1.01 * bounds::rate_budget() / 200.0 / 2.0;
    let mut sets = corner(200, 1, true, false);
    let b = common::load("baseline.toml");
    rates(&mut sets, &b, rate, 0.0, rate);
    let overrides = sets
        .iter()
        .map(|s| softpower::scenario::Override::parse(s).unwrap())
        .collect();
    let e = softpower::scenario::Loader::new()
        .with_overrides(overrides)
        .load_file(&common::path("baseline.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("over the 200-year horizon"), "{e}");
}
