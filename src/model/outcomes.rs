//! Outcome names of the `cultural-export` model, in the order they are recorded.

use crate::scenario::Sector;

/// Outcomes recorded before the per-sector ones.
pub const HEAD: [&str; 3] = [
    "exports_goods_bn",
    "exports_services_bn",
    "exports_total_bn",
];

/// Outcomes recorded after the per-sector ones.
pub const TAIL: [&str; 10] = [
    "imports_goods_bn",
    "imports_services_bn",
    "services_balance_bn",
    "own_platform_subscribers_m",
    "audience_m",
    "favorability",
    "markets_in_tension",
    "markets_banned",
    "funding_cumulative_bn",
    "soft_power_index",
];

/// Key outcomes: fan charts, histograms, the stdout summary and comparison tables show these.
pub const KEY_OUTCOMES: [&str; 9] = [
    "exports_total_bn",
    "exports_goods_bn",
    "exports_services_bn",
    "services_balance_bn",
    "audience_m",
    "own_platform_subscribers_m",
    "favorability",
    "soft_power_index",
    "markets_banned",
];

/// Outcomes that only take whole-number values (their quantiles are reported exactly).
pub const INTEGER_VALUED: [&str; 2] = ["markets_in_tension", "markets_banned"];

/// Name of the per-sector export outcome.
pub fn sector_outcome(sector: &str) -> String {
    format!("exports_{sector}_bn")
}

/// Every outcome name for a scenario with these sectors, in recording order.
pub fn outcome_names(sectors: &[Sector]) -> Vec<String> {
    let mut v: Vec<String> = HEAD.iter().map(|s| s.to_string()).collect();
    v.extend(sectors.iter().map(|s| sector_outcome(&s.name)));
    v.extend(TAIL.iter().map(|s| s.to_string()));
    v
}
