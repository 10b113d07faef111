//! Raw scenario file: serde structs mirroring the TOML, every field optional, unknown keys refused.
//!
//! Each file of an `extends` chain is deserialized into [`RawFile`] on its own (to catch wrong
//! types with their position), then the merged table once more; validation turns the merged
//! [`RawFile`] into a [`super::Scenario`].

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::params::{IMPORTS_FIELDS, INDEX_FIELDS, LEVER_NAMES, RESPONSE_FIELDS};

/// Top-level sections.
pub(crate) const TOP_KEYS: &[&str] = &[
    "scenario",
    "output",
    "levers",
    "response",
    "imports",
    "index",
    "uncertainty",
    "target",
    "sector",
    "market",
    "base",
];
/// `[scenario]` keys.
pub(crate) const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "start_year",
    "years",
    "steps_per_year",
    "paths",
    "seed",
    "extends",
];
/// `[output]` keys.
pub(crate) const OUTPUT_KEYS: &[&str] = &["quantiles"];
/// Keys of an `[uncertainty]` entry (which ones a distribution takes is checked in validation).
pub(crate) const DIST_KEYS: &[&str] = &[
    "dist", "value", "min", "max", "mean", "sd", "mu", "sigma", "mode", "alpha", "beta",
];
/// `[[target]]` keys.
pub(crate) const TARGET_KEYS: &[&str] = &["name", "metric", "year", "above", "below"];
/// `[[sector]]` keys.
pub(crate) const SECTOR_KEYS: &[&str] = &[
    "name",
    "kind",
    "digital",
    "growth",
    "capacity_volatility",
    "hit_volatility",
    "talent_intensity",
    "funding_scale_bn",
];
/// `[[market]]` keys.
pub(crate) const MARKET_KEYS: &[&str] = &[
    "name",
    "export_share",
    "addressable_m",
    "demand_growth",
    "piracy",
    "partner_reach",
    "favorability",
    "tension_hazard",
    "relief_rate",
    "ban_hazard",
    "unban_rate",
    "initial_regime",
    "own_subscribers_m",
];
/// `[[base]]` keys.
pub(crate) const BASE_KEYS: &[&str] = &["name", "designated", "count", "exports_bn"];

/// Known keys of a table section, by top-level name (`None` for sections whose keys are free).
pub(crate) fn section_keys(section: &str) -> Option<&'static [&'static str]> {
    Some(match section {
        "scenario" => SCENARIO_KEYS,
        "output" => OUTPUT_KEYS,
        "levers" => &LEVER_NAMES,
        "response" => RESPONSE_FIELDS,
        "imports" => IMPORTS_FIELDS,
        "index" => INDEX_FIELDS,
        "target" => TARGET_KEYS,
        "sector" => SECTOR_KEYS,
        "market" => MARKET_KEYS,
        "base" => BASE_KEYS,
        _ => return None,
    })
}

/// Sections written as arrays of tables (`[[sector]]`); a child file's array replaces the parent's.
pub(crate) const ARRAY_SECTIONS: &[&str] = &["target", "sector", "market", "base"];

/// A whole scenario file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawFile {
    pub scenario: Option<RawScenario>,
    pub output: Option<RawOutput>,
    pub levers: Option<RawLevers>,
    pub response: Option<BTreeMap<String, f64>>,
    pub imports: Option<BTreeMap<String, f64>>,
    pub index: Option<BTreeMap<String, f64>>,
    pub uncertainty: Option<BTreeMap<String, RawDist>>,
    pub target: Option<Vec<RawTarget>>,
    pub sector: Option<Vec<RawSector>>,
    pub market: Option<Vec<RawMarket>>,
    pub base: Option<Vec<RawBase>>,
}

/// `[scenario]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    pub start_year: Option<i64>,
    pub years: Option<i64>,
    pub steps_per_year: Option<i64>,
    pub paths: Option<i64>,
    pub seed: Option<i64>,
    /// Type-checked here; followed by the loader from the position-preserving tree.
    #[allow(dead_code)]
    pub extends: Option<String>,
}

/// `[output]` (an extension of the model contract).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawOutput {
    pub quantiles: Option<Vec<f64>>,
}

/// `[levers]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawLevers {
    pub funding_bn_per_year: Option<RawLever>,
    pub visa_easing: Option<RawLever>,
    pub ip_protection: Option<RawLever>,
    pub platform_partnerships: Option<RawLever>,
    pub marketing_network: Option<RawLever>,
    pub own_platform: Option<RawLever>,
    pub import_restriction: Option<RawLever>,
}

impl RawLevers {
    /// The levers in [`LEVER_NAMES`] order.
    pub(crate) fn all(&self) -> [&Option<RawLever>; 7] {
        [
            &self.funding_bn_per_year,
            &self.visa_easing,
            &self.ip_protection,
            &self.platform_partnerships,
            &self.marketing_network,
            &self.own_platform,
            &self.import_restriction,
        ]
    }
}

/// A lever: a number, or a schedule `{ 2019 = 0.0, "2022.5" = 3.0 }` (year keys as written).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawLever {
    /// A constant.
    Value(f64),
    /// `(year as written, value)` pairs.
    Schedule(Vec<(String, f64)>),
}

impl<'de> Deserialize<'de> for RawLever {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawLever;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a schedule table like { 2019 = 0.0, 2022 = 3.0 }")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawLever, E> {
                Ok(RawLever::Value(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawLever, E> {
                Ok(RawLever::Value(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawLever, E> {
                Ok(RawLever::Value(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawLever, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, f64>()? {
                    entries.push((k, v));
                }
                Ok(RawLever::Schedule(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// One `[uncertainty]` entry: `dist` and whichever parameters it takes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawDist {
    pub dist: Option<String>,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub mu: Option<f64>,
    pub sigma: Option<f64>,
    pub mode: Option<f64>,
    pub alpha: Option<f64>,
    pub beta: Option<f64>,
}

impl RawDist {
    /// The parameters present, as `(key, value)` in [`DIST_KEYS`] order (without `dist`).
    pub(crate) fn present(&self) -> Vec<(&'static str, f64)> {
        let all = [
            ("value", self.value),
            ("min", self.min),
            ("max", self.max),
            ("mean", self.mean),
            ("sd", self.sd),
            ("mu", self.mu),
            ("sigma", self.sigma),
            ("mode", self.mode),
            ("alpha", self.alpha),
            ("beta", self.beta),
        ];
        all.into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
    }
}

/// One `[[target]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawTarget {
    pub name: Option<String>,
    pub metric: Option<String>,
    pub year: Option<f64>,
    pub above: Option<f64>,
    pub below: Option<f64>,
}

/// One `[[sector]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawSector {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub digital: Option<bool>,
    pub growth: Option<f64>,
    pub capacity_volatility: Option<f64>,
    pub hit_volatility: Option<f64>,
    pub talent_intensity: Option<f64>,
    pub funding_scale_bn: Option<f64>,
}

/// One `[[market]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawMarket {
    pub name: Option<String>,
    pub export_share: Option<f64>,
    pub addressable_m: Option<f64>,
    pub demand_growth: Option<f64>,
    pub piracy: Option<f64>,
    pub partner_reach: Option<f64>,
    pub favorability: Option<f64>,
    pub tension_hazard: Option<f64>,
    pub relief_rate: Option<f64>,
    pub ban_hazard: Option<f64>,
    pub unban_rate: Option<f64>,
    pub initial_regime: Option<String>,
    pub own_subscribers_m: Option<f64>,
}

/// One `[[base]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RawBase {
    pub name: Option<String>,
    pub designated: Option<bool>,
    pub count: Option<i64>,
    pub exports_bn: Option<BTreeMap<String, f64>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lists_match_structs() {
        // Every listed key deserializes; any other key is refused.
        let check = |section: &str, keys: &[&str], value: &str| {
            for k in keys {
                let text = format!("[[{section}]]\n{k} = {value}\n");
                let r = toml::from_str::<RawFile>(&text);
                assert!(
                    r.as_ref()
                        .map_err(|e| e.message().to_string())
                        .err()
                        .is_none_or(|m| !m.contains("unknown field")),
                    "{section}.{k}: {r:?}"
                );
            }
            let text = format!("[[{section}]]\nzzz = 1\n");
            assert!(toml::from_str::<RawFile>(&text).is_err());
        };
        check("sector", SECTOR_KEYS, "1.0");
        check("market", MARKET_KEYS, "1.0");
        check("base", BASE_KEYS, "1");
        check("target", TARGET_KEYS, "1.0");
        for k in SCENARIO_KEYS {
            let r = toml::from_str::<RawFile>(&format!("[scenario]\n{k} = 1\n"));
            assert!(
                r.err()
                    .is_none_or(|e| !e.message().contains("unknown field")),
                "{k}"
            );
        }
        for k in DIST_KEYS {
            let r = toml::from_str::<RawFile>(&format!("[uncertainty]\n\"x\" = {{ {k} = 1.0 }}\n"));
            assert!(
                r.err()
                    .is_none_or(|e| !e.message().contains("unknown field")),
                "{k}"
            );
        }
        for k in LEVER_NAMES {
            let r = toml::from_str::<RawFile>(&format!("[levers]\n{k} = 1\n"));
            assert!(r.is_ok(), "{k}");
        }
    }

    #[test]
    fn lever_number_or_schedule() {
        let f: RawFile = toml::from_str(
            "[levers]\nvisa_easing = 1\nown_platform = { 2019 = 0.5, \"2022.5\" = 1 }\n",
        )
        .unwrap();
        let l = f.levers.unwrap();
        assert_eq!(l.visa_easing, Some(RawLever::Value(1.0)));
        assert_eq!(
            l.own_platform,
            Some(RawLever::Schedule(vec![
                ("2019".into(), 0.5),
                ("2022.5".into(), 1.0)
            ]))
        );
        let e = toml::from_str::<RawFile>("[levers]\nvisa_easing = \"x\"\n").unwrap_err();
        assert!(
            e.message().contains("a number or a schedule"),
            "{}",
            e.message()
        );
    }
}
