//! Validation of the arrays of tables `[[sector]]`, `[[market]]` and `[[base]]`.
//!
//! Names of sectors, markets and bases are non-empty, unique within their kind and made of
//! letters, digits, `_` and `-` (they appear in outcome names and `[uncertainty]` paths); sector
//! names `goods`, `services` and `total` are reserved.

use super::locate::{kp, with_index, with_key, KeyPath};
use super::params::{range_of, MARKET_FIELDS, SECTOR_FIELDS};
use super::raw::{RawBase, RawMarket, RawSector};
use super::suggest::{hint, hint_or_list};
use super::types::*;
use super::validate::{Ctx, MAX_BASE_COUNT, MAX_CELLS};

const RESERVED: [&str; 3] = ["goods", "services", "total"];

fn entries<'a, T>(c: &mut Ctx, raw: &'a Option<Vec<T>>, section: &str) -> &'a [T] {
    match raw {
        Some(v) if !v.is_empty() => v,
        _ => {
            c.issue(
                kp(&[section]),
                format!("at least one [[{section}]] is required"),
            );
            &[]
        }
    }
}

/// Checks a name and its uniqueness; returns it (or an empty placeholder).
fn name(
    c: &mut Ctx,
    v: &Option<String>,
    p: &KeyPath,
    seen: &mut Vec<String>,
    what: &str,
) -> String {
    let Some(n) = c.text(v, with_key(p, "name")) else {
        return String::new();
    };
    if !n
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
    {
        c.issue(
            with_key(p, "name"),
            format!("`{n}`: a {what} name may only contain letters, digits, `_` and `-`"),
        );
    } else if seen.contains(&n) {
        c.issue(with_key(p, "name"), format!("duplicate {what} name `{n}`"));
    }
    seen.push(n.clone());
    n
}

fn choice<T: Copy>(
    c: &mut Ctx,
    v: &Option<String>,
    path: KeyPath,
    options: &[(&str, T)],
) -> Option<T> {
    let s = c.need(v, path.clone())?;
    let found = options.iter().find(|(k, _)| k == s).map(|(_, t)| *t);
    if found.is_none() {
        let hint = hint_or_list(s, options.iter().map(|(k, _)| *k));
        c.issue(path, format!("unknown value `{s}`{hint}"));
    }
    found
}

/// `[[sector]]`: structure and parameters.
pub(crate) fn sectors(
    c: &mut Ctx,
    raw: &Option<Vec<RawSector>>,
) -> (Vec<Sector>, Vec<SectorParams>) {
    let mut seen = Vec::new();
    let (mut out, mut params) = (Vec::new(), Vec::new());
    for (i, r) in entries(c, raw, "sector").iter().enumerate() {
        let p = with_index(&kp(&["sector"]), i);
        let n = name(c, &r.name, &p, &mut seen, "sector");
        if RESERVED.contains(&n.as_str()) {
            c.issue(
                with_key(&p, "name"),
                format!("`{n}` is reserved (outcome `exports_{n}_bn` is an aggregate)"),
            );
        }
        let kind = choice(
            c,
            &r.kind,
            with_key(&p, "kind"),
            &[
                ("goods", SectorKind::Goods),
                ("services", SectorKind::Services),
            ],
        );
        let digital = c.need(&r.digital, with_key(&p, "digital")).copied();
        let values = [
            r.growth,
            r.capacity_volatility,
            r.hit_volatility,
            r.talent_intensity,
            r.funding_scale_bn,
        ];
        let mut sp = SectorParams::default();
        for (f, v) in values.into_iter().enumerate() {
            let range = range_of(ParamRef::Sector(i, f));
            *sp.field_mut(f) = c
                .num(v, with_key(&p, SECTOR_FIELDS[f]), range)
                .unwrap_or(0.0);
        }
        out.push(Sector {
            name: n,
            kind: kind.unwrap_or(SectorKind::Goods),
            digital: digital.unwrap_or(false),
        });
        params.push(sp);
    }
    (out, params)
}

/// `[[market]]`: structure and parameters; export shares must sum to 1.
pub(crate) fn markets(
    c: &mut Ctx,
    raw: &Option<Vec<RawMarket>>,
) -> (Vec<Market>, Vec<MarketParams>) {
    let mut seen = Vec::new();
    let (mut out, mut params) = (Vec::new(), Vec::new());
    let mut share_sum = 0.0;
    let mut shares_ok = true;
    let list = entries(c, raw, "market");
    for (i, r) in list.iter().enumerate() {
        let p = with_index(&kp(&["market"]), i);
        let n = name(c, &r.name, &p, &mut seen, "market");
        let regime = choice(
            c,
            &r.initial_regime,
            with_key(&p, "initial_regime"),
            &[
                ("open", Regime::Open),
                ("tension", Regime::Tension),
                ("ban", Regime::Ban),
            ],
        );
        let values = [
            r.export_share,
            r.addressable_m,
            r.demand_growth,
            r.piracy,
            r.partner_reach,
            r.favorability,
            r.tension_hazard,
            r.relief_rate,
            r.ban_hazard,
            r.unban_rate,
            r.own_subscribers_m,
        ];
        let mut mp = MarketParams::default();
        for (f, v) in values.into_iter().enumerate() {
            let range = range_of(ParamRef::Market(i, f));
            let x = c.num(v, with_key(&p, MARKET_FIELDS[f]), range);
            shares_ok &= f != 0 || x.is_some();
            *mp.field_mut(f) = x.unwrap_or(0.0);
        }
        share_sum += mp.export_share;
        out.push(Market {
            name: n,
            initial_regime: regime.unwrap_or(Regime::Open),
        });
        params.push(mp);
    }
    if !list.is_empty() && shares_ok && (share_sum - 1.0).abs() > 1e-9 {
        c.issue(
            kp(&["market"]),
            format!("export_share must sum to 1 over all markets (within 1e-9), got {share_sum}"),
        );
    }
    (out, params)
}

/// `[[base]]`: structure and baseline exports (listed sectors in `[[sector]]` order).
pub(crate) fn bases(
    c: &mut Ctx,
    raw: &Option<Vec<RawBase>>,
    sectors: &[Sector],
) -> (Vec<Base>, Vec<Vec<f64>>) {
    let mut seen = Vec::new();
    let (mut out, mut exports) = (Vec::new(), Vec::new());
    let mut cells: i64 = 0;
    let sector_names: Vec<&str> = sectors.iter().map(|s| s.name.as_str()).collect();
    for (i, r) in entries(c, raw, "base").iter().enumerate() {
        let p = with_index(&kp(&["base"]), i);
        let n = name(c, &r.name, &p, &mut seen, "base");
        let designated = c
            .need(&r.designated, with_key(&p, "designated"))
            .copied()
            .unwrap_or(false);
        let count = match r.count {
            None => 1,
            Some(_) => c
                .int(r.count, with_key(&p, "count"), 1, MAX_BASE_COUNT)
                .unwrap_or(1),
        };
        let mut listed: Vec<(usize, f64)> = Vec::new();
        if let Some(map) = c.need(&r.exports_bn, with_key(&p, "exports_bn")) {
            let ep = with_key(&p, "exports_bn");
            if map.is_empty() {
                c.issue(
                    ep.clone(),
                    "must list at least one sector, e.g. { film = 0.1 }",
                );
            }
            for (sector, &x) in map {
                let x = c.num(
                    Some(x),
                    with_key(&ep, sector),
                    super::params::ValidRange::NonNeg,
                );
                match sector_names.iter().position(|s| s == sector) {
                    Some(si) => listed.push((si, x.unwrap_or(0.0))),
                    None => {
                        let hint = hint(sector, sector_names.iter().copied());
                        c.issue(
                            with_key(&ep, sector),
                            format!("unknown sector `{sector}`{hint}"),
                        );
                    }
                }
            }
        }
        listed.sort_by_key(|e| e.0);
        cells += count * listed.len() as i64;
        out.push(Base {
            name: n,
            designated,
            count: count as u32,
            sectors: listed.iter().map(|e| e.0).collect(),
        });
        exports.push(listed.iter().map(|e| e.1).collect());
    }
    if cells > MAX_CELLS {
        c.issue(kp(&["base"]), format!("{cells} (base, sector) cells after expanding `count` exceed the limit of {MAX_CELLS}"));
    }
    (out, exports)
}
