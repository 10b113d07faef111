//! Validation of the arrays of tables `[[sector]]`, `[[market]]` and `[[base]]`.
//!
//! Names of sectors, markets and bases are non-empty, unique within their kind, at most
//! [`MAX_NAME_LEN`] characters and made of letters, digits, `_` and `-` (they appear in outcome
//! names and `[uncertainty]` paths); sector names `goods`, `services` and `total` are reserved.
//! The number of entries of each kind is limited ([`crate::limits`]).

use super::params::{MarketParams, SectorParams, BASE_EXPORTS};
use super::types::*;
use crate::input::{
    declared, hint, kp, with_index, with_key, Ctx, Key, KeyPath, Kind, OtherKeys, TableDecl,
};
use toml::{Table, Value};

use crate::limits::{MAX_BASES, MAX_MARKETS, MAX_NAME_LEN, MAX_SECTORS};
pub use crate::limits::{MAX_BASE_COUNT, MAX_CELLS};
use std::collections::HashSet;

const RESERVED: [&str; 3] = ["goods", "services", "total"];

/// The tables of `[[section]]`: at least one, at most `max`.
fn entries<'a>(c: &mut Ctx, doc: &'a Table, section: &str, max: usize) -> Vec<&'a Table> {
    match c.opt_tables(doc, &[], section) {
        Some(v) if !v.is_empty() => {
            c.within_limit(
                kp(&[section]),
                v.len(),
                max,
                &format!("[[{section}]] entries"),
            );
            v
        }
        // A wrong type is already reported.
        None if doc.contains_key(section) => Vec::new(),
        _ => {
            c.issue(
                kp(&[section]),
                format!("at least one [[{section}]] is required"),
            );
            Vec::new()
        }
    }
}

/// Checks a name and its uniqueness; returns it (or an empty placeholder).
fn name(c: &mut Ctx, t: &Table, p: &KeyPath, seen: &mut HashSet<String>, what: &str) -> String {
    let Some(n) = c.text(t, p, "name") else {
        return String::new();
    };
    let len = n.chars().count();
    if len > MAX_NAME_LEN {
        c.issue(
            with_key(p, "name"),
            format!("a {what} name may have at most {MAX_NAME_LEN} characters, got {len}"),
        );
    } else if !n
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
    seen.insert(n.clone());
    n
}

/// What a sector, market or base name may be (what [`name`] accepts, but for uniqueness).
pub const ENTITY_NAME_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";

/// Values of a sector's `kind`, in [`SectorKind`] order.
pub const SECTOR_KINDS: [&str; 2] = ["goods", "services"];
/// Values of a market's `initial_regime`, in [`Regime`] order.
pub const REGIMES: [&str; 3] = ["open", "tension", "ban"];

/// Keys of `[[sector]]` that are not numeric parameters.
pub const SECTOR_STRUCTURE: &[Key] = &[
    Key::new(
        "name",
        Kind::Name(ENTITY_NAME_PATTERN),
        "Sector name, unique (not goods, services or total)",
    )
    .required(),
    Key::new(
        "kind",
        Kind::Choice(&SECTOR_KINDS),
        "Goods or services trade",
    )
    .required(),
    Key::new(
        "digital",
        Kind::Bool,
        "Whether it reaches audiences through platforms",
    )
    .required(),
];
/// Keys of `[[market]]` that are not numeric parameters.
pub const MARKET_STRUCTURE: &[Key] = &[
    Key::new(
        "name",
        Kind::Name(ENTITY_NAME_PATTERN),
        "Market name, unique",
    )
    .required(),
    Key::new(
        "initial_regime",
        Kind::Choice(&REGIMES),
        "Regime at the start",
    )
    .required(),
];
/// `[[base]]` keys.
pub const BASE_KEYS: &[Key] = &[
    Key::new("name", Kind::Name(ENTITY_NAME_PATTERN), "Base name, unique").required(),
    Key::new(
        "designated",
        Kind::Bool,
        "Whether it is a designated export base (funded, IP drift)",
    )
    .required(),
    Key::new(
        "count",
        Kind::Integer(1, MAX_BASE_COUNT),
        "Identical bases it stands for (default 1)",
    ),
    Key::new(
        "exports_bn",
        Kind::Table(&TableDecl {
            keys: &[],
            fields: &[],
            other: Some(OtherKeys {
                pattern: ENTITY_NAME_PATTERN,
                what: "a sector name",
                kind: Kind::Number(BASE_EXPORTS),
                unit: "bn USD per year",
                doc: "Exports of the base in this sector at the start",
                drawable: true,
            }),
        }),
        "Exports at the start by sector, e.g. { film = 0.1 } (at least one sector)",
    )
    .required(),
];

/// `[[sector]]`.
pub const SECTOR: TableDecl = TableDecl {
    keys: SECTOR_STRUCTURE,
    fields: SectorParams::FIELDS,
    other: None,
};
/// `[[market]]`.
pub const MARKET: TableDecl = TableDecl {
    keys: MARKET_STRUCTURE,
    fields: MarketParams::FIELDS,
    other: None,
};
/// `[[base]]`.
pub const BASE: TableDecl = TableDecl::of(BASE_KEYS);

/// `[[sector]]`: structure and parameters.
pub(crate) fn sectors(c: &mut Ctx, doc: &Table) -> (Vec<Sector>, Vec<SectorParams>) {
    let mut seen = HashSet::new();
    let (mut out, mut params) = (Vec::new(), Vec::new());
    let known = SECTOR.names();
    for (i, t) in entries(c, doc, "sector", MAX_SECTORS)
        .into_iter()
        .enumerate()
    {
        let p = with_index(&kp(&["sector"]), i);
        c.known_keys(t, &known, &p, "[[sector]]");
        let n = name(c, t, &p, &mut seen, "sector");
        if RESERVED.contains(&n.as_str()) {
            c.issue(
                with_key(&p, "name"),
                format!("`{n}` is reserved (outcome `exports_{n}_bn` is an aggregate)"),
            );
        }
        let kind = c.choice(
            t,
            &p,
            "kind",
            &[
                (SECTOR_KINDS[0], SectorKind::Goods),
                (SECTOR_KINDS[1], SectorKind::Services),
            ],
        );
        let digital = c.boolean(t, &p, "digital");
        let mut sp = SectorParams::default();
        for (f, decl) in SectorParams::FIELDS.iter().enumerate() {
            *sp.field_mut(f) = c.num(t, &p, decl.name, decl.range).unwrap_or(0.0);
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
pub(crate) fn markets(c: &mut Ctx, doc: &Table) -> (Vec<Market>, Vec<MarketParams>) {
    let mut seen = HashSet::new();
    let (mut out, mut params) = (Vec::new(), Vec::new());
    let mut share_sum = 0.0;
    let mut shares_ok = true;
    let known = MARKET.names();
    let list = entries(c, doc, "market", MAX_MARKETS);
    for (i, t) in list.iter().enumerate() {
        let p = with_index(&kp(&["market"]), i);
        c.known_keys(t, &known, &p, "[[market]]");
        let n = name(c, t, &p, &mut seen, "market");
        let regime = c.choice(
            t,
            &p,
            "initial_regime",
            &[
                (REGIMES[0], Regime::Open),
                (REGIMES[1], Regime::Tension),
                (REGIMES[2], Regime::Ban),
            ],
        );
        let mut mp = MarketParams::default();
        for (f, decl) in MarketParams::FIELDS.iter().enumerate() {
            let x = c.num(t, &p, decl.name, decl.range);
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
pub(crate) fn bases(c: &mut Ctx, doc: &Table, sectors: &[Sector]) -> (Vec<Base>, Vec<Vec<f64>>) {
    let mut seen = HashSet::new();
    let (mut out, mut exports) = (Vec::new(), Vec::new());
    let mut cells: i64 = 0;
    let sector_names: Vec<&str> = sectors.iter().map(|s| s.name.as_str()).collect();
    for (i, t) in entries(c, doc, "base", MAX_BASES).into_iter().enumerate() {
        let p = with_index(&kp(&["base"]), i);
        c.known_keys(t, &BASE.names(), &p, "[[base]]");
        let n = name(c, t, &p, &mut seen, "base");
        let designated = c.boolean(t, &p, "designated").unwrap_or(false);
        let count = if t.contains_key("count") {
            let (lo, hi) = declared(BASE_KEYS, "count").ints();
            c.int(t, &p, "count", lo, hi).unwrap_or(1)
        } else {
            1
        };
        let mut listed: Vec<(usize, f64)> = Vec::new();
        let ep = with_key(&p, "exports_bn");
        match t.get("exports_bn") {
            None => c.missing(ep.clone()),
            Some(Value::Table(map)) => {
                if map.is_empty() {
                    c.issue(
                        ep.clone(),
                        "must list at least one sector, e.g. { film = 0.1 }",
                    );
                }
                for sector in map.keys() {
                    let x = c.num(map, &ep, sector, BASE_EXPORTS);
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
            Some(v) => c.wrong_type(ep.clone(), v, "a table like { film = 0.1 }"),
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
