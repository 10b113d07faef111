//! Validation: the merged raw file becomes a [`Scenario`], or every problem is reported by field.
//!
//! Required: every key of the canonical baseline except `[scenario] description` and `extends`,
//! `[output]`, `[uncertainty]`, `[[target]]` and `[[base]] count` (default 1). `designated` and
//! `own_subscribers_m` are required (no silent default for a policy-relevant choice).
//! Once a [`Scenario`] is built nothing in it can make the simulation fail: every number is
//! finite and in range, for the values written and for every value `[uncertainty]` can draw.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::entities;
use super::joint::joint_checks;
use super::locate::{kp, with_key, KeyPath, Seg};
use super::params::{
    range_of, ValidRange, IMPORTS_FIELDS, INDEX_FIELDS, LEVER_KINDS, LEVER_NAMES, RESPONSE_FIELDS,
};
use super::raw::{RawFile, RawLever, RawScenario};
use super::targets::{quantiles, targets};
use super::types::*;
use super::uncertain;

/// Most years a scenario may span.
pub const MAX_YEARS: i64 = 200;
/// Most steps per year.
pub const MAX_STEPS_PER_YEAR: i64 = 365;
/// Most steps in all (`years * steps_per_year`).
pub const MAX_STEPS: i64 = 20_000;
/// Most Monte Carlo paths.
pub const MAX_PATHS: i64 = 1_000_000_000;
/// Most bases one `[[base]]` entry may stand for (`count`).
pub const MAX_BASE_COUNT: i64 = 100_000;
/// Most (base, sector) cells after expanding `count`.
pub const MAX_CELLS: i64 = 1_000_000;

/// A problem with one field, before it is given a file and position.
#[derive(Debug, Clone)]
pub(crate) struct Issue {
    /// Where.
    pub path: KeyPath,
    /// What.
    pub message: String,
}

/// Collects issues; muted while checking the fields of a section already reported missing.
#[derive(Default)]
pub(crate) struct Ctx {
    pub issues: Vec<Issue>,
    mute: bool,
}

impl Ctx {
    pub(crate) fn issue(&mut self, path: KeyPath, message: impl Into<String>) {
        if !self.mute {
            self.issues.push(Issue {
                path,
                message: message.into(),
            });
        }
    }

    /// Runs `f` with issues muted unless `present`.
    pub(crate) fn within<T>(&mut self, present: bool, f: impl FnOnce(&mut Ctx) -> T) -> T {
        let old = self.mute;
        self.mute |= !present;
        let r = f(self);
        self.mute = old;
        r
    }

    pub(crate) fn need<'a, T>(&mut self, v: &'a Option<T>, path: KeyPath) -> Option<&'a T> {
        if v.is_none() {
            self.issue(path, "required field missing");
        }
        v.as_ref()
    }

    /// A required finite number in `range`.
    pub(crate) fn num(&mut self, v: Option<f64>, path: KeyPath, range: ValidRange) -> Option<f64> {
        let x = *self.need(&v, path.clone())?;
        if !range.contains(x) {
            self.issue(path, format!("{}, got {x}", range.describe()));
            return None;
        }
        Some(x)
    }

    /// A required integer in `lo..=hi`.
    pub(crate) fn int(&mut self, v: Option<i64>, path: KeyPath, lo: i64, hi: i64) -> Option<i64> {
        let x = *self.need(&v, path.clone())?;
        if x < lo || x > hi {
            self.issue(path, format!("must be between {lo} and {hi}, got {x}"));
            return None;
        }
        Some(x)
    }

    /// A required non-empty string.
    pub(crate) fn text(&mut self, v: &Option<String>, path: KeyPath) -> Option<String> {
        let s = self.need(v, path.clone())?;
        if s.trim().is_empty() {
            self.issue(path, "must not be empty");
            return None;
        }
        Some(s.clone())
    }

    /// Reports a missing section; the caller checks its fields muted.
    pub(crate) fn section<T>(&mut self, v: &Option<T>, name: &str) -> bool {
        if v.is_none() {
            self.issue(kp(&[name]), format!("required section [{name}] missing"));
        }
        v.is_some()
    }
}

/// Validates the merged file. `resolved` is the merged table (kept in the scenario).
pub(crate) fn validate(
    raw: &RawFile,
    resolved: toml::Table,
    source_file: Option<PathBuf>,
) -> Result<Scenario, Vec<Issue>> {
    let mut c = Ctx::default();
    let sc = raw.scenario.clone().unwrap_or_default();
    let present = c.section(&raw.scenario, "scenario");
    let head = c.within(present, |c| scenario_section(c, &sc));
    let quantiles = quantiles(&mut c, raw);
    let (sectors, sector_params) = entities::sectors(&mut c, &raw.sector);
    let (markets, market_params) = entities::markets(&mut c, &raw.market);
    let (bases, base_exports) = entities::bases(&mut c, &raw.base, &sectors);
    let levers = levers(&mut c, raw);
    let mut response = Response::default();
    for (i, v) in coefficients(
        &mut c,
        &raw.response,
        "response",
        RESPONSE_FIELDS,
        ParamRef::Response,
    )
    .into_iter()
    .enumerate()
    {
        *response.field_mut(i) = v;
    }
    let mut imports = Imports::default();
    for (i, v) in coefficients(
        &mut c,
        &raw.imports,
        "imports",
        IMPORTS_FIELDS,
        ParamRef::Imports,
    )
    .into_iter()
    .enumerate()
    {
        *imports.field_mut(i) = v;
    }
    let mut index = IndexWeights::default();
    for (i, v) in coefficients(&mut c, &raw.index, "index", INDEX_FIELDS, ParamRef::Index)
        .into_iter()
        .enumerate()
    {
        *index.field_mut(i) = v;
    }
    let mut s = Scenario {
        name: head.name.unwrap_or_default(),
        description: sc.description.clone().unwrap_or_default(),
        source_file,
        start_year: head.start_year.unwrap_or(0) as i32,
        years: head.years.unwrap_or(1) as u32,
        steps_per_year: head.steps_per_year.unwrap_or(1) as u32,
        paths: head.paths.unwrap_or(1) as u64,
        seed: head.seed.unwrap_or(0) as u64,
        quantiles,
        sectors,
        markets,
        bases,
        params: Params {
            sectors: sector_params,
            markets: market_params,
            base_exports,
            levers,
            response,
            imports,
            index,
        },
        uncertainty: Vec::new(),
        targets: Vec::new(),
        resolved,
    };
    s.uncertainty = uncertain::uncertainty(&mut c, raw.uncertainty.as_ref(), &s);
    if c.issues.is_empty() {
        joint_checks(&mut c, &s);
    }
    if head.start_year.is_some() && head.years.is_some() && head.steps_per_year.is_some() {
        s.targets = targets(&mut c, raw, &s);
    }
    if c.issues.is_empty() {
        Ok(s)
    } else {
        Err(c.issues)
    }
}

#[derive(Default)]
struct Head {
    name: Option<String>,
    start_year: Option<i64>,
    years: Option<i64>,
    steps_per_year: Option<i64>,
    paths: Option<i64>,
    seed: Option<i64>,
}

fn scenario_section(c: &mut Ctx, sc: &RawScenario) -> Head {
    let p = |k: &str| kp(&["scenario", k]);
    let h = Head {
        name: c.text(&sc.name, p("name")),
        start_year: c.int(
            sc.start_year,
            p("start_year"),
            i32::MIN as i64,
            i32::MAX as i64,
        ),
        years: c.int(sc.years, p("years"), 1, MAX_YEARS),
        steps_per_year: c.int(
            sc.steps_per_year,
            p("steps_per_year"),
            1,
            MAX_STEPS_PER_YEAR,
        ),
        paths: c.int(sc.paths, p("paths"), 1, MAX_PATHS),
        seed: c.int(sc.seed, p("seed"), 0, i64::MAX),
    };
    if let (Some(y), Some(n)) = (h.years, h.steps_per_year) {
        if y * n > MAX_STEPS {
            c.issue(
                p("years"),
                format!(
                    "years * steps_per_year = {} exceeds the limit of {MAX_STEPS} steps",
                    y * n
                ),
            );
        }
    }
    h
}

fn levers(c: &mut Ctx, raw: &RawFile) -> Levers {
    let default = Default::default();
    let present = c.section(&raw.levers, "levers");
    let rl = raw.levers.as_ref().unwrap_or(&default);
    let scheds: Vec<Schedule> = c.within(present, |c| {
        LEVER_NAMES
            .iter()
            .zip(rl.all())
            .zip(LEVER_KINDS)
            .map(|((name, l), kind)| {
                let path = kp(&["levers", name]);
                let range = range_of(ParamRef::Lever {
                    lever: kind,
                    entry: 0,
                });
                match c.need(l, path.clone()) {
                    None => Schedule::constant(0.0),
                    Some(RawLever::Value(v)) => {
                        Schedule::constant(c.num(Some(*v), path, range).unwrap_or(0.0))
                    }
                    Some(RawLever::Schedule(entries)) => schedule(c, entries, &path, range),
                }
            })
            .collect()
    });
    let mut it = scheds.into_iter();
    let mut next = || it.next().expect("seven levers");
    Levers {
        funding_bn_per_year: next(),
        visa_easing: next(),
        ip_protection: next(),
        platform_partnerships: next(),
        marketing_network: next(),
        own_platform: next(),
        import_restriction: next(),
    }
}

fn schedule(c: &mut Ctx, entries: &[(String, f64)], path: &[Seg], range: ValidRange) -> Schedule {
    if entries.is_empty() {
        c.issue(
            path.to_vec(),
            "a schedule needs at least one entry, e.g. { 2019 = 0.0 }",
        );
        return Schedule::constant(0.0);
    }
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (k, v) in entries {
        let p = with_key(path, k);
        let year = k.trim().parse::<f64>().ok().filter(|y| y.is_finite());
        let value = c.num(Some(*v), p.clone(), range);
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
    Schedule { entries: out }
}

fn coefficients(
    c: &mut Ctx,
    raw: &Option<BTreeMap<String, f64>>,
    section: &str,
    fields: &[&str],
    make: fn(usize) -> ParamRef,
) -> Vec<f64> {
    let present = c.section(raw, section);
    let empty = BTreeMap::new();
    let map = raw.as_ref().unwrap_or(&empty);
    c.within(present, |c| {
        fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                c.num(map.get(*f).copied(), kp(&[section, f]), range_of(make(i)))
                    .unwrap_or(0.0)
            })
            .collect()
    })
}
