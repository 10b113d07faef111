//! Validation of the cultural-export model's sections: `[levers]`, `[response]`, `[imports]`,
//! `[index]`, `[[sector]]`, `[[market]]` and `[[base]]`, each field read through its declaration
//! in [`super::params`].

use super::entities;
use super::params::{Imports, IndexWeights, Response, LEVERS, LEVER_KEYS};
use super::spec::CulturalSpec;
use super::types::*;
use crate::input::{kp, with_key, Ctx, Key, Kind, Range, Seg, TableDecl};
use crate::limits::{
    MAX_BASES, MAX_MARKETS, MAX_SCHEDULE_ENTRIES, MAX_SCHEDULE_ENTRIES_TOTAL, MAX_SECTORS,
};
use crate::model::{FieldDecl, ModelInput, ModelSpec, TimeGrid};
use toml::{Table, Value};

/// The model's top-level sections.
pub const SECTIONS: &[Key] = &[
    Key::new(
        "levers",
        Kind::Table(&TableDecl::of(&LEVER_KEYS)),
        "Policy levers, each a number or a schedule by year like { 2019 = 0.0, 2022 = 3.0 }",
    ),
    Key::new(
        "response",
        Kind::Table(&TableDecl::fields(Response::FIELDS)),
        "Behavioural coefficients (symbols as in docs/model.md)",
    ),
    Key::new(
        "imports",
        Kind::Table(&TableDecl::fields(Imports::FIELDS)),
        "Cultural imports",
    ),
    Key::new(
        "index",
        Kind::Table(&TableDecl::fields(IndexWeights::FIELDS)),
        "Soft-power index weights and half-saturation points",
    ),
    Key::new(
        "sector",
        Kind::Tables(&entities::SECTOR, MAX_SECTORS),
        "Cultural sectors (at least one)",
    ),
    Key::new(
        "market",
        Kind::Tables(&entities::MARKET, MAX_MARKETS),
        "Export markets (at least one; export_share sums to 1)",
    ),
    Key::new(
        "base",
        Kind::Tables(&entities::BASE, MAX_BASES),
        "Export bases (at least one)",
    ),
];

/// Validates the model's part of a scenario.
pub(crate) fn validate(c: &mut Ctx, input: ModelInput<'_>) -> Option<Box<dyn ModelSpec>> {
    let doc = input.doc;
    let before = c.issues().len();
    let (sectors, sector_params) = entities::sectors(c, doc);
    let (markets, market_params) = entities::markets(c, doc);
    let (bases, base_exports) = entities::bases(c, doc, &sectors);
    let levers = levers(c, doc, input.grid);
    let mut response = Response::default();
    for (i, v) in coefficients(c, doc, "response", Response::FIELDS)
        .into_iter()
        .enumerate()
    {
        *response.field_mut(i) = v;
    }
    let mut imports = Imports::default();
    for (i, v) in coefficients(c, doc, "imports", Imports::FIELDS)
        .into_iter()
        .enumerate()
    {
        *imports.field_mut(i) = v;
    }
    let mut index = IndexWeights::default();
    for (i, v) in coefficients(c, doc, "index", IndexWeights::FIELDS)
        .into_iter()
        .enumerate()
    {
        *index.field_mut(i) = v;
    }
    if c.issues().len() > before {
        return None;
    }
    let params = Params {
        sectors: sector_params,
        markets: market_params,
        base_exports,
        levers,
        response,
        imports,
        index,
    };
    Some(Box::new(CulturalSpec::new(
        *input.grid,
        sectors,
        markets,
        bases,
        params,
    )))
}

fn levers(c: &mut Ctx, doc: &Table, grid: &TimeGrid) -> Levers {
    let empty = Table::new();
    let t = c.section(doc, "levers");
    let present = t.is_some();
    let t = t.unwrap_or(&empty);
    let path = kp(&["levers"]);
    c.known_keys(t, &LEVERS.map(|l| l.name), &path, "[levers]");
    let scheds = c.within(present, |c| {
        LEVERS.map(|decl| {
            let p = with_key(&path, decl.name);
            match t.get(decl.name) {
                None => {
                    c.missing(p);
                    Schedule::constant(0.0)
                }
                Some(Value::Float(_)) | Some(Value::Integer(_)) => {
                    Schedule::constant(c.num(t, &path, decl.name, decl.range).unwrap_or(0.0))
                }
                Some(Value::Table(entries)) => schedule(c, entries, &p, decl.range, grid),
                Some(v) => {
                    c.issue(
                        p,
                        format!(
                            "invalid type: {}, expected a number or a schedule table like {{ 2019 = 0.0, 2022 = 3.0 }}",
                            crate::input::describe_value(v)
                        ),
                    );
                    Schedule::constant(0.0)
                }
            }
        })
    });
    let total: usize = scheds.iter().map(|s| s.entries.len()).sum();
    c.within_limit(
        path,
        total,
        MAX_SCHEDULE_ENTRIES_TOTAL,
        "schedule entries over all levers",
    );
    Levers(scheds)
}

fn schedule(c: &mut Ctx, entries: &Table, path: &[Seg], range: Range, grid: &TimeGrid) -> Schedule {
    if entries.is_empty() {
        c.issue(
            path.to_vec(),
            "a schedule needs at least one entry, e.g. { 2019 = 0.0 }",
        );
        return Schedule::constant(0.0);
    }
    let n = entries.len();
    if !c.within_limit(
        path.to_vec(),
        n,
        MAX_SCHEDULE_ENTRIES,
        "entries in one schedule",
    ) {
        return Schedule::constant(0.0);
    }
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (k, v) in entries {
        let p = with_key(path, k);
        if v.is_table() {
            // An unquoted fractional year (`2022.5 = 1`) is a dotted key in TOML.
            c.key_issue(
                p,
                format!("a schedule value must be a number; a fractional year must be quoted, e.g. \"{k}.5\" = 1.0"),
            );
            continue;
        }
        let year = k.trim().parse::<f64>().ok().filter(|y| y.is_finite());
        let value = c.num(entries, path, k, range);
        match year {
            None => c.issue(
                p,
                format!("schedule keys must be years (numbers), got `{k}`"),
            ),
            Some(y) if out.iter().any(|e| e.0 == y) => {
                c.issue(p, format!("year {y} appears twice in the schedule"))
            }
            Some(y) => out.push((y, value.unwrap_or(0.0))),
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    if out.is_empty() {
        return Schedule::constant(0.0);
    }
    let (start, end) = (grid.start_year as f64, grid.year_of_step(grid.steps()));
    // Written as in the file, so that the warning names the key.
    let key = |y: f64| {
        entries
            .keys()
            .find(|k| k.trim().parse::<f64>().ok() == Some(y))
            .cloned()
            .unwrap_or_default()
    };
    let first = out[0].0;
    if first > start {
        c.warn(
            with_key(path, &key(first)),
            format!("the first entry is for {first}, after the start year {start}: its value also applies from {start}"),
        );
    }
    for &(y, _) in &out {
        // Step k uses the levers in effect at start + (k - 1) dt, so the last one read is end - dt.
        if y > end - grid.dt() {
            c.warn(
                with_key(path, &key(y)),
                format!("the entry for {y} never applies: the last step of the horizon uses the levers in effect at {}", end - grid.dt()),
            );
        }
    }
    Schedule { entries: out }
}

fn coefficients(c: &mut Ctx, doc: &Table, section: &str, fields: &[FieldDecl]) -> Vec<f64> {
    let empty = Table::new();
    let t = c.section(doc, section);
    let present = t.is_some();
    let t = t.unwrap_or(&empty);
    let path = kp(&[section]);
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    c.known_keys(t, &names, &path, &format!("[{section}]"));
    c.within(present, |c| {
        fields
            .iter()
            .map(|f| c.num(t, &path, f.name, f.range).unwrap_or(0.0))
            .collect()
    })
}
