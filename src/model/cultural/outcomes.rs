//! Outcomes of the `cultural-export` model, in the order they are recorded, with their titles,
//! units and which ones are key.

use super::types::Sector;
use crate::model::{OutcomeInfo, PanelInfo};

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

/// What a study measures by default: the mean of each at the horizon.
pub const HEADLINE_OUTCOMES: [&str; 3] = [
    "exports_total_bn",
    "services_balance_bn",
    "soft_power_index",
];

/// Outcomes that only take whole-number values (their quantiles are reported exactly).
pub const INTEGER_VALUED: [&str; 2] = ["markets_in_tension", "markets_banned"];

/// The small-multiple chart of sector exports.
pub fn panels() -> Vec<PanelInfo> {
    vec![PanelInfo {
        name: "sectors".into(),
        title: "Exports by sector (bn USD, own scale per panel)".into(),
    }]
}

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

fn title(metric: &str) -> String {
    let fixed = match metric {
        "exports_total_bn" => "Cultural exports, total",
        "exports_goods_bn" => "Cultural exports, goods",
        "exports_services_bn" => "Cultural exports, services",
        "imports_goods_bn" => "Cultural imports, goods",
        "imports_services_bn" => "Cultural imports, services",
        "services_balance_bn" => "Cultural services trade balance",
        "audience_m" => "Overseas audience",
        "own_platform_subscribers_m" => "Own-platform subscribers",
        "favorability" => "Favorability abroad",
        "soft_power_index" => "Soft-power index",
        "markets_banned" => "Markets with a ban",
        "markets_in_tension" => "Markets in tension",
        "funding_cumulative_bn" => "Cumulative funding",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.into();
    }
    match metric
        .strip_prefix("exports_")
        .and_then(|s| s.strip_suffix("_bn"))
    {
        Some(sector) => format!("Exports: {}", sector.replace('_', " ")),
        None => metric.replace('_', " "),
    }
}

/// Title, unit, tick format and flags of every outcome, in recording order.
pub fn outcome_info(sectors: &[Sector]) -> Vec<OutcomeInfo> {
    let sector_names: Vec<String> = sectors.iter().map(|s| sector_outcome(&s.name)).collect();
    outcome_names(sectors)
        .into_iter()
        .map(|m| {
            let (unit, suffix) = if m.ends_with("_bn") {
                ("bn USD", " bn")
            } else if m.ends_with("_m") {
                ("millions", " m")
            } else if m == "favorability" {
                ("share", "")
            } else if m == "soft_power_index" {
                ("index 0–100", "")
            } else {
                ("count", "")
            };
            OutcomeInfo {
                title: title(&m),
                unit: unit.into(),
                tick_suffix: suffix.into(),
                integer: INTEGER_VALUED.contains(&m.as_str()),
                key: KEY_OUTCOMES.contains(&m.as_str()),
                panel: sector_names.contains(&m).then(|| "sectors".to_string()),
                name: m,
            }
        })
        .collect()
}
