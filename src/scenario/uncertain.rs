//! Validation of `[uncertainty]`: each path names a drawable parameter, each distribution is
//! well-formed, and its whole support lies in the parameter's valid range (so no path can ever
//! draw an invalid parameter, and truncated draws cannot resample for ever). A normal or
//! log-normal reaches [`WINDOW_SD`] standard deviations at most (closer where `min` or `max`
//! cut it), so every support is bounded, and a bound the range needs is written in the file.

use super::types::*;
use crate::engine::dist::WINDOW_SD;
use crate::engine::Dist;
use crate::input::{hint_or_list, key_names, kp, show, with_key, Ctx, Key, KeyPath, Kind, Range};
use crate::limits::MAX_UNCERTAIN;
use crate::model::ModelSpec;
use toml::Value;

/// Keys of an `[uncertainty]` entry (which ones a distribution takes is in [`DISTS`]).
pub const DIST_KEYS: &[Key] = &[
    Key::new("dist", Kind::Choice(&DIST_NAMES), "The distribution").required(),
    Key::new("value", Kind::Number(Range::ANY), "fixed: the value"),
    Key::new(
        "min",
        Kind::Number(Range::ANY),
        "Low end (uniform, triangular, pert); truncation (normal, lognormal, beta)",
    ),
    Key::new(
        "max",
        Kind::Number(Range::ANY),
        "High end (uniform, triangular, pert); truncation (normal, lognormal, beta)",
    ),
    Key::new("mean", Kind::Number(Range::ANY), "normal: mean"),
    Key::new(
        "sd",
        Kind::Number(Range::ANY),
        "normal: standard deviation, > 0",
    ),
    Key::new("mu", Kind::Number(Range::ANY), "lognormal: mean of the log"),
    Key::new(
        "sigma",
        Kind::Number(Range::ANY),
        "lognormal: standard deviation of the log, > 0",
    ),
    Key::new(
        "mode",
        Kind::Number(Range::ANY),
        "triangular, pert: the mode, in [min, max]",
    ),
    Key::new("alpha", Kind::Number(Range::ANY), "beta: shape alpha, > 0"),
    Key::new("beta", Kind::Number(Range::ANY), "beta: shape beta, > 0"),
];

/// Distribution names accepted in `dist`, in [`DISTS`] order.
pub const DIST_NAMES: [&str; 7] = [
    "fixed",
    "uniform",
    "normal",
    "lognormal",
    "triangular",
    "beta",
    "pert",
];

/// A distribution and the parameters it takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistDecl {
    /// Its `dist` name.
    pub name: &'static str,
    /// Parameters it needs.
    pub required: &'static [&'static str],
    /// Parameters it may take.
    pub optional: &'static [&'static str],
}

/// Every distribution, in [`DIST_NAMES`] order, with the parameters it takes.
pub const DISTS: [DistDecl; 7] = [
    dist(DIST_NAMES[0], &["value"], &[]),
    dist(DIST_NAMES[1], &["min", "max"], &[]),
    dist(DIST_NAMES[2], &["mean", "sd"], &["min", "max"]),
    dist(DIST_NAMES[3], &["mu", "sigma"], &["min", "max"]),
    dist(DIST_NAMES[4], &["min", "mode", "max"], &[]),
    dist(DIST_NAMES[5], &["alpha", "beta"], &["min", "max"]),
    dist(DIST_NAMES[6], &["min", "mode", "max"], &[]),
];

const fn dist(
    name: &'static str,
    required: &'static [&'static str],
    optional: &'static [&'static str],
) -> DistDecl {
    DistDecl {
        name,
        required,
        optional,
    }
}

/// Smallest probability a truncated normal / log-normal must keep inside `[min, max]`.
pub const MIN_TRUNCATION_MASS: f64 = 1e-6;

/// `(required, optional)` parameters of each distribution.
fn params_of(dist: &str) -> (&'static [&'static str], &'static [&'static str]) {
    DISTS
        .iter()
        .find(|d| d.name == dist)
        .map_or((&[], &[]), |d| (d.required, d.optional))
}

/// One entry as written: `dist` and the numbers present, in [`DIST_KEYS`] order.
struct RawDist {
    dist: Option<String>,
    present: Vec<(&'static str, f64)>,
}

/// Reads an entry's keys and types; `None` when they are wrong (reported).
fn raw_dist(c: &mut Ctx, v: &Value, path: &KeyPath, key: &str) -> Option<RawDist> {
    let Value::Table(t) = v else {
        c.wrong_type(
            path.clone(),
            v,
            "a table like { dist = \"uniform\", min = 0, max = 1 }",
        );
        return None;
    };
    if let Some((sub, _)) = t.iter().find(|(_, x)| x.is_table()) {
        // `section.key = {...}` unquoted is a nested table in TOML.
        c.key_issue(
            path.clone(),
            format!(
                "an [uncertainty] key is a quoted path: write \"{key}.{sub}\" = {{ dist = ... }}"
            ),
        );
        return None;
    }
    let before = c.issues().len();
    c.known_keys(t, &key_names(DIST_KEYS), path, "an [uncertainty] entry");
    let dist = if t.contains_key("dist") {
        c.opt_str(t, path, "dist").map(str::to_string)
    } else {
        None
    };
    let mut present = Vec::new();
    for k in &DIST_KEYS[1..] {
        if let Some(x) = c.opt_f64(t, path, k.name) {
            present.push((k.name, x));
        }
    }
    (c.issues().len() == before).then_some(RawDist { dist, present })
}

/// Checks every entry; returns them sorted by path.
pub(crate) fn uncertainty(c: &mut Ctx, doc: &toml::Table, spec: &dyn ModelSpec) -> Vec<Uncertain> {
    let mut out: Vec<Uncertain> = Vec::new();
    let Some(table) = c.opt_table(doc, &[], "uncertainty") else {
        return out;
    };
    let n = table.len();
    if !c.within_limit(
        kp(&["uncertainty"]),
        n,
        MAX_UNCERTAIN,
        "[uncertainty] entries",
    ) {
        return out;
    }
    for (key, v) in table {
        let path = kp(&["uncertainty", key]);
        let Some(rd) = raw_dist(c, v, &path, key) else {
            continue;
        };
        let target = match spec.resolve(key) {
            Ok(r) => Some(r),
            Err(msg) => {
                c.issue(path.clone(), format!("cannot draw `{key}`: {msg}"));
                None
            }
        };
        let Some(dist) = parse_dist(c, &rd, &path) else {
            continue;
        };
        let Some(param) = target else { continue };
        if let Some(other) = out.iter().find(|u| u.param == param) {
            c.issue(
                path,
                format!("draws the same parameter as `{}`", other.path),
            );
            continue;
        }
        let range = spec.info().params[param].range;
        if check_support(c, &dist, &rd, range, key, &path) {
            out.push(Uncertain {
                path: key.clone(),
                param,
                dist,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn parse_dist(c: &mut Ctx, rd: &RawDist, path: &KeyPath) -> Option<Dist> {
    let Some(name) = rd.dist.as_deref() else {
        c.issue(
            with_key(path, "dist"),
            format!("required field missing: one of {}", DIST_NAMES.join(", ")),
        );
        return None;
    };
    if !DIST_NAMES.contains(&name) {
        let hint = hint_or_list(name, DIST_NAMES);
        c.issue(
            with_key(path, "dist"),
            format!("unknown distribution `{name}`{hint}"),
        );
        return None;
    }
    let (required, optional) = params_of(name);
    let present = &rd.present;
    let mut ok = true;
    for (k, _) in present {
        if !required.contains(k) && !optional.contains(k) {
            let takes: Vec<&str> = required.iter().chain(optional).copied().collect();
            c.issue(
                with_key(path, k),
                format!(
                    "`{k}` is not a parameter of `{name}` (it takes {})",
                    takes.join(", ")
                ),
            );
            ok = false;
        }
    }
    for k in required {
        if !present.iter().any(|(p, _)| p == k) {
            c.issue(path.clone(), format!("`{name}` needs `{k}`"));
            ok = false;
        }
    }
    if present.iter().any(|(_, v)| !v.is_finite()) {
        c.issue(
            path.clone(),
            "distribution parameters must be finite numbers",
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    let get = |k: &str| present.iter().find(|(p, _)| *p == k).map(|(_, v)| *v);
    let req = |k: &str| get(k).unwrap_or(0.0);
    let inf = f64::INFINITY;
    let mut problems: Vec<(&str, String)> = Vec::new();
    let dist = match name {
        "fixed" => Dist::Fixed(req("value")),
        "uniform" => Dist::Uniform {
            min: req("min"),
            max: req("max"),
        },
        "normal" => Dist::Normal {
            mean: req("mean"),
            sd: req("sd"),
            min: get("min").unwrap_or(-inf),
            max: get("max").unwrap_or(inf),
        },
        "lognormal" => Dist::LogNormal {
            mu: req("mu"),
            sigma: req("sigma"),
            min: get("min").unwrap_or(0.0),
            max: get("max").unwrap_or(inf),
        },
        "triangular" => Dist::Triangular {
            min: req("min"),
            mode: req("mode"),
            max: req("max"),
        },
        "pert" => Dist::Pert {
            min: req("min"),
            mode: req("mode"),
            max: req("max"),
        },
        _ => Dist::Beta {
            alpha: req("alpha"),
            beta: req("beta"),
            min: get("min").unwrap_or(0.0),
            max: get("max").unwrap_or(1.0),
        },
    };
    for k in ["sd", "sigma", "alpha", "beta"] {
        if let Some(v) = get(k) {
            if v <= 0.0 {
                problems.push((k, format!("`{k}` must be > 0, got {v}")));
            }
        }
    }
    if name == "lognormal" {
        if let Some(m) = get("min") {
            if m < 0.0 {
                problems.push((
                    "min",
                    format!("a log-normal is positive: `min` must be >= 0, got {m}"),
                ));
            }
        }
    }
    let (lo, hi) = dist.support();
    if lo >= hi && name != "fixed" {
        problems.push((
            "max",
            format!("`min` must be below `max`, got min = {lo}, max = {hi}"),
        ));
    }
    if lo < hi && hi.is_finite() && !(hi - lo).is_finite() {
        problems.push((
            "max",
            format!("the range max - min = {hi} - {lo} is too large to sample"),
        ));
    }
    if let Some(mode) = get("mode") {
        if lo < hi && !(lo <= mode && mode <= hi) {
            problems.push((
                "mode",
                format!("`mode` must lie in [min, max] = [{lo}, {hi}], got {mode}"),
            ));
        }
    }
    if problems.is_empty() && lo < hi {
        let mass = dist.truncation_mass();
        if mass < MIN_TRUNCATION_MASS {
            problems.push((
                "min",
                format!(
                    "[min, max] = [{lo}, {hi}] keeps only {mass:.3e} of the `{name}` distribution's probability \
                     (at least {MIN_TRUNCATION_MASS:e} is needed, or draws would resample for ever); widen it or move the centre"
                ),
            ));
        }
    }
    let ok = problems.is_empty();
    for (k, msg) in problems {
        c.issue(with_key(path, k), msg);
    }
    // The window keeps all but 1.5e-23 of the probability, so a truncation that keeps at least
    // MIN_TRUNCATION_MASS keeps almost all of it inside the window.
    ok.then_some(dist.windowed())
}

/// The support must lie in the parameter's valid range; says which bound to add or move.
fn check_support(
    c: &mut Ctx,
    dist: &Dist,
    rd: &RawDist,
    range: Range,
    key: &str,
    path: &KeyPath,
) -> bool {
    let (lo, hi) = dist.support();
    if range.covers(lo, hi) {
        return true;
    }
    let (rlo, rhi) = range.bounds();
    let given = |k: &str| rd.present.iter().any(|(p, _)| *p == k);
    let cut = matches!(
        dist,
        Dist::Normal { .. } | Dist::LogNormal { .. } | Dist::Beta { .. }
    );
    let low_bad = !(lo > rlo || (lo == rlo && !range.min_exclusive));
    let fix = match (cut, low_bad) {
        (false, _) => String::new(),
        (true, true) => {
            let at_least = if range.min_exclusive {
                format!("above {}", show(rlo))
            } else {
                format!("at least {}", show(rlo))
            };
            if given("min") {
                format!("; set `min` to {at_least}")
            } else if range.min_exclusive {
                format!("; add `min` (a number {at_least}) to truncate")
            } else {
                format!("; add `min = {}` to truncate", show(rlo))
            }
        }
        (true, false) if given("max") => format!("; set `max` to at most {}", show(rhi)),
        (true, false) if rhi.is_finite() => format!("; add `max = {}` to truncate", show(rhi)),
        (true, false) => "; add a finite `max` to truncate".into(),
    };
    let window = match dist {
        Dist::Normal { .. } if !lo.is_finite() || !hi.is_finite() => {
            format!(" (mean ± {WINDOW_SD} sd is beyond what a number can hold)")
        }
        Dist::LogNormal { .. } if !hi.is_finite() => {
            format!(" (exp(mu + {WINDOW_SD} sigma) overflows)")
        }
        Dist::LogNormal { .. } if lo == 0.0 => {
            format!(" (exp(mu - {WINDOW_SD} sigma) rounds to 0)")
        }
        _ => String::new(),
    };
    let what = if lo == hi {
        format!("the value {}", show(lo))
    } else {
        format!("draws in [{}, {}]", show(lo), show(hi))
    };
    c.issue(
        path.clone(),
        format!(
            "`{key}` {} but this distribution gives {what}{window}{fix}",
            range.describe()
        ),
    );
    false
}
