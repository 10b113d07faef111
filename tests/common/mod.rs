//! Helpers shared by the integration tests: loading scenarios and switching noise off.
#![allow(dead_code)]

use softpower::scenario::{self, Regime, Scenario, Schedule};

/// A canonical scenario from `scenarios/`.
pub fn load(name: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    scenario::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Every volatility and regime rate at 0 and no `[uncertainty]`: the deterministic mode.
pub fn deterministic(mut s: Scenario) -> Scenario {
    for sp in &mut s.params.sectors {
        sp.capacity_volatility = 0.0;
        sp.hit_volatility = 0.0;
    }
    for m in &mut s.params.markets {
        m.tension_hazard = 0.0;
        m.relief_rate = 0.0;
        m.ban_hazard = 0.0;
        m.unban_rate = 0.0;
    }
    s.params.response.adoption_volatility = 0.0;
    s.params.response.favorability_volatility = 0.0;
    s.params.imports.volatility = 0.0;
    s.uncertainty.clear();
    s
}

/// Set every market's initial regime.
pub fn all_regimes(s: &mut Scenario, r: Regime) {
    for m in &mut s.markets {
        m.initial_regime = r;
    }
}

/// A constant schedule.
pub fn constant(v: f64) -> Schedule {
    Schedule::constant(v)
}

/// Σ X0 over every designated cell (all sectors, every count-expanded base): the funding split's denominator.
pub fn designated_exports(s: &Scenario) -> f64 {
    s.bases
        .iter()
        .enumerate()
        .filter(|(_, b)| b.designated)
        .map(|(i, b)| b.count as f64 * s.params.base_exports[i].iter().sum::<f64>())
        .sum()
}
