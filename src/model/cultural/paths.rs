//! `[uncertainty]` paths (`response.bass_q`, `levers.visa_easing.2022`, `market.oceania.piracy`, …)
//! resolved to the [`ParamRef`] slot they draw, with a hint when a name is close.

use super::params::{lever_names, Imports, IndexWeights, MarketParams, Response, SectorParams};
use super::spec::CulturalSpec;
use super::types::*;
use crate::input::{hint, hint_or_list};
use crate::model::FieldDecl;

const HEADS: [&str; 7] = [
    "response", "imports", "index", "levers", "sector", "market", "base",
];

fn field_index(
    fields: &[FieldDecl],
    name: &str,
    what: &str,
    non_numeric: &[&str],
) -> Result<usize, String> {
    if let Some(i) = fields.iter().position(|f| f.name == name) {
        return Ok(i);
    }
    if non_numeric.contains(&name) {
        return Err(format!(
            "`{name}` of {what} is not a numeric parameter and cannot be drawn"
        ));
    }
    Err(format!(
        "{what} has no numeric field `{name}`{}",
        hint_or_list(name, fields.iter().map(|f| f.name))
    ))
}

/// A schedule year as written in dotted paths (`2022`, `2022.5`).
pub(crate) fn year_text(y: f64) -> String {
    format!("{y}")
}

/// Resolve an `[uncertainty]` path such as `response.bass_q`, `levers.visa_easing.2022`,
/// `sector.film.growth`, `market.oceania.piracy` or `base.wuxi.exports_bn.film` against a
/// scenario's structure. The error message says what is wrong, with a hint where one is close.
pub fn resolve_param_path(s: &CulturalSpec, path: &str) -> Result<ParamRef, String> {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let need_rest = |what: &str| -> Result<(), String> {
        if rest.is_empty() {
            Err(format!("`{path}` is incomplete: write `{head}.<{what}>`"))
        } else {
            Ok(())
        }
    };
    match head {
        "response" | "imports" | "index" => {
            need_rest("field")?;
            let (fields, make): (&[FieldDecl], fn(usize) -> ParamRef) = match head {
                "response" => (Response::FIELDS, ParamRef::Response),
                "imports" => (Imports::FIELDS, ParamRef::Imports),
                _ => (IndexWeights::FIELDS, ParamRef::Index),
            };
            field_index(fields, rest, &format!("[{head}]"), &[]).map(make)
        }
        "levers" => {
            need_rest("lever")?;
            let (name, year) = match rest.split_once('.') {
                Some((n, y)) => (n, Some(y)),
                None => (rest, None),
            };
            let lever = LeverKind::from_name(name).ok_or_else(|| {
                format!(
                    "unknown lever `{name}`{}",
                    hint_or_list(name, lever_names())
                )
            })?;
            let sched = s.params.levers.get(lever);
            let years: Vec<String> = sched.entries.iter().map(|e| year_text(e.0)).collect();
            let from_number = sched.entries[0].0 == f64::NEG_INFINITY;
            match year {
                None if sched.is_constant() => Ok(ParamRef::Lever { lever, entry: 0 }),
                None => Err(format!(
                    "lever `{name}` is a schedule: name one entry, e.g. `levers.{name}.{}` (years: {})",
                    years[0],
                    years.join(", ")
                )),
                Some(_) if from_number => Err(format!(
                    "lever `{name}` is a constant, not a schedule: write `levers.{name}`"
                )),
                Some(y) => {
                    let yv: f64 = y
                        .parse()
                        .ok()
                        .filter(|v: &f64| v.is_finite())
                        .ok_or_else(|| format!("`{y}` in `{path}` is not a year"))?;
                    sched.entries.iter().position(|e| e.0 == yv).map(|entry| ParamRef::Lever { lever, entry }).ok_or_else(|| {
                        format!(
                            "lever `{name}` has no schedule entry for year {y} (years: {})",
                            years.join(", ")
                        )
                    })
                }
            }
        }
        "sector" | "market" => {
            need_rest("name>.<field")?;
            let Some((name, field)) = rest.rsplit_once('.') else {
                return Err(format!(
                    "`{path}` is incomplete: write `{head}.<name>.<field>`"
                ));
            };
            let names: Vec<&str> = if head == "sector" {
                s.sectors.iter().map(|x| x.name.as_str()).collect()
            } else {
                s.markets.iter().map(|x| x.name.as_str()).collect()
            };
            let idx = names.iter().position(|n| *n == name).ok_or_else(|| {
                format!(
                    "no [[{head}]] named `{name}`{}",
                    hint(name, names.iter().copied())
                )
            })?;
            if head == "sector" {
                let f = field_index(
                    SectorParams::FIELDS,
                    field,
                    &format!("sector `{name}`"),
                    &["name", "kind", "digital"],
                )?;
                Ok(ParamRef::Sector(idx, f))
            } else {
                if field == "export_share" {
                    return Err("export shares are not drawable (they must sum to 1)".to_string());
                }
                let f = field_index(
                    MarketParams::FIELDS,
                    field,
                    &format!("market `{name}`"),
                    &["name", "initial_regime"],
                )?;
                Ok(ParamRef::Market(idx, f))
            }
        }
        "base" => {
            need_rest("name>.exports_bn.<sector")?;
            let names: Vec<&str> = s.bases.iter().map(|b| b.name.as_str()).collect();
            let (name, tail) = rest.split_once('.').unwrap_or((rest, ""));
            let b = names.iter().position(|n| *n == name).ok_or_else(|| {
                format!(
                    "no [[base]] named `{name}`{}",
                    hint(name, names.iter().copied())
                )
            })?;
            let (field, sector) = tail.split_once('.').unwrap_or((tail, ""));
            match field {
                "exports_bn" if !sector.is_empty() => {}
                "count" | "designated" | "name" => {
                    return Err(format!("`{field}` of a base is not drawable; only `base.{name}.exports_bn.<sector>` is"))
                }
                _ => return Err(format!("write `base.{name}.exports_bn.<sector>`")),
            }
            let listed: Vec<&str> = s.bases[b]
                .sectors
                .iter()
                .map(|&i| s.sectors[i].name.as_str())
                .collect();
            listed
                .iter()
                .position(|n| *n == sector)
                .map(|i| ParamRef::BaseExport(b, i))
                .ok_or_else(|| {
                    format!(
                        "base `{name}` does not list sector `{sector}` in exports_bn{}",
                        hint_or_list(sector, listed.iter().copied())
                    )
                })
        }
        "scenario" | "output" => Err(format!("[{head}] settings are not drawable")),
        "target" => Err("target thresholds are not drawable".to_string()),
        "uncertainty" => Err("write the parameter's path, without `uncertainty.`".to_string()),
        _ => Err(format!(
            "unknown parameter group `{head}`{}",
            hint_or_list(head, HEADS)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_with_hints() {
        let sc = crate::scenario::baseline();
        let s: &CulturalSpec = sc.spec_as().unwrap();
        assert_eq!(
            resolve_param_path(s, "response.bass_q"),
            Ok(ParamRef::Response(4))
        );
        assert_eq!(
            resolve_param_path(s, "imports.growth"),
            Ok(ParamRef::Imports(2))
        );
        assert_eq!(
            resolve_param_path(s, "sector.film.growth"),
            Ok(ParamRef::Sector(3, 0))
        );
        assert_eq!(
            resolve_param_path(s, "market.oceania.piracy"),
            Ok(ParamRef::Market(7, 3))
        );
        assert_eq!(
            resolve_param_path(s, "base.wuxi.exports_bn.film"),
            Ok(ParamRef::BaseExport(3, 2))
        );
        assert_eq!(
            resolve_param_path(s, "levers.visa_easing"),
            Ok(ParamRef::Lever {
                lever: LeverKind::Visa,
                entry: 0
            })
        );
        let e = resolve_param_path(s, "response.bass_qq").unwrap_err();
        assert!(e.contains("did you mean `bass_q`"), "{e}");
        let e = resolve_param_path(s, "market.ocenia.piracy").unwrap_err();
        assert!(e.contains("did you mean `oceania`"), "{e}");
        let e = resolve_param_path(s, "market.oceania.export_share").unwrap_err();
        assert!(e.contains("not drawable"), "{e}");
        let e = resolve_param_path(s, "base.wuxi.exports_bn.publishing").unwrap_err();
        assert!(e.contains("does not list"), "{e}");
        let e = resolve_param_path(s, "base.wuxi.count").unwrap_err();
        assert!(e.contains("not drawable"), "{e}");
        let e = resolve_param_path(s, "scenario.years").unwrap_err();
        assert!(e.contains("not drawable"), "{e}");
        let e = resolve_param_path(s, "levers.visa_easing.2022").unwrap_err();
        assert!(e.contains("constant"), "{e}");
        let e = resolve_param_path(s, "markets.oceania.piracy").unwrap_err();
        assert!(e.contains("did you mean `market`"), "{e}");
        let e = resolve_param_path(s, "sector.film.kind").unwrap_err();
        assert!(e.contains("not a numeric parameter"), "{e}");
    }

    #[test]
    fn schedule_entries_resolve_by_year() {
        let set =
            crate::scenario::Override::parse("levers.visa_easing={ 2019 = 0.1, \"2022.5\" = 0.6 }")
                .unwrap();
        let sc = crate::scenario::Loader::new()
            .with_overrides(vec![set])
            .load_str(crate::scenario::BASELINE_TOML, "b", None)
            .unwrap();
        let s: &CulturalSpec = sc.spec_as().unwrap();
        let r = ParamRef::Lever {
            lever: LeverKind::Visa,
            entry: 1,
        };
        assert_eq!(resolve_param_path(s, "levers.visa_easing.2022.5"), Ok(r));
        let e = resolve_param_path(s, "levers.visa_easing").unwrap_err();
        assert!(e.contains("is a schedule"), "{e}");
        let e = resolve_param_path(s, "levers.visa_easing.2023").unwrap_err();
        assert!(e.contains("no schedule entry"), "{e}");
        let visa = s.params.levers.get(LeverKind::Visa);
        assert_eq!(visa.index_at(2022.0), 0);
        assert_eq!(visa.index_at(2030.0), 1);
        assert_eq!(visa.index_at(1900.0), 0);
    }
}
