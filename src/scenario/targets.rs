//! `[[target]]` (metric, whole-step year, one threshold) and `[output] quantiles`.

use super::types::*;
use super::validate::OUTPUT_KEYS;
use crate::engine::Direction;
use crate::input::{hint_or_list, key_names, kp, with_index, with_key, Ctx, Key, Kind, Range};
use crate::model::{ModelInfo, TimeGrid};
use toml::Value;

pub use crate::limits::MAX_QUANTILES;
use crate::limits::{MAX_TARGETS, MAX_TARGET_NAME_LEN};

/// `[[target]]` keys.
pub const TARGET_KEYS: &[Key] = &[
    Key::new(
        "name",
        Kind::Name(TARGET_NAME_PATTERN),
        "Name of the target (its column `P(<name>)`): unique, not blank, at most 100 characters",
    )
    .required(),
    Key::new("metric", Kind::Text, "The outcome it tests").required(),
    Key::new(
        "year",
        Kind::Number(Range::ANY),
        "Year it is tested at, at a whole step of the horizon (required for a dynamic model)",
    )
    .unit("year"),
    Key::new(
        "above",
        Kind::Number(Range::ANY),
        "Met when the outcome is above this (give `above` or `below`, not both)",
    ),
    Key::new(
        "below",
        Kind::Number(Range::ANY),
        "Met when the outcome is below this (give `above` or `below`, not both)",
    ),
];

/// A target name is not blank (at most [`MAX_TARGET_NAME_LEN`] characters, checked by the
/// validator).
pub const TARGET_NAME_PATTERN: &str = "\\S";

pub(crate) fn quantiles(c: &mut Ctx, doc: &toml::Table) -> Vec<f64> {
    let Some(out) = c.opt_table(doc, &[], "output") else {
        return DEFAULT_QUANTILES.to_vec();
    };
    c.known_keys(out, &key_names(OUTPUT_KEYS), &kp(&["output"]), "[output]");
    let path = kp(&["output", "quantiles"]);
    let qs: Vec<f64> = match out.get("quantiles") {
        None => return DEFAULT_QUANTILES.to_vec(),
        Some(Value::Array(a)) => {
            let mut v = Vec::new();
            for (i, x) in a.iter().enumerate() {
                match x {
                    Value::Float(f) => v.push(*f),
                    Value::Integer(n) => v.push(*n as f64),
                    other => c.wrong_type(with_index(&path, i), other, "a number"),
                }
            }
            v
        }
        Some(other) => {
            c.wrong_type(path, other, "an array of numbers");
            return DEFAULT_QUANTILES.to_vec();
        }
    };
    if qs.len() > MAX_QUANTILES {
        c.issue(
            path.clone(),
            format!("at most {MAX_QUANTILES} quantiles, got {}", qs.len()),
        );
        return DEFAULT_QUANTILES.to_vec();
    }
    if qs.is_empty() {
        c.issue(path.clone(), "must list at least one quantile");
    }
    for (i, &q) in qs.iter().enumerate() {
        if !(q > 0.0 && q < 1.0) {
            c.issue(
                with_index(&path, i),
                format!("a quantile must be strictly between 0 and 1, got {q}"),
            );
        } else if qs[..i].contains(&q) {
            c.issue(with_index(&path, i), format!("duplicate quantile {q}"));
        }
    }
    let mut v = qs.clone();
    v.sort_by(f64::total_cmp);
    v
}

pub(crate) fn targets(
    c: &mut Ctx,
    doc: &toml::Table,
    info: &ModelInfo,
    grid: &TimeGrid,
    dynamic: bool,
) -> Vec<Target> {
    let Some(list) = c.opt_tables(doc, &[], "target") else {
        return Vec::new();
    };
    if !c.within_limit(
        kp(&["target"]),
        list.len(),
        MAX_TARGETS,
        "[[target]] entries",
    ) {
        return Vec::new();
    }
    let outcomes = info.outcome_names();
    let mut out = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let p = with_index(&kp(&["target"]), i);
        c.known_keys(t, &key_names(TARGET_KEYS), &p, "[[target]]");
        let name = c.text(t, &p, "name");
        if let Some(n) = &name {
            let len = n.chars().count();
            if len > MAX_TARGET_NAME_LEN {
                c.issue(
                    with_key(&p, "name"),
                    format!("a target name may have at most {MAX_TARGET_NAME_LEN} characters, got {len}"),
                );
            } else if names.contains(n) {
                c.issue(with_key(&p, "name"), format!("duplicate target name `{n}`"));
            }
            names.push(n.clone());
        }
        let metric = c.text(t, &p, "metric");
        let mut outcome = None;
        if let Some(m) = &metric {
            outcome = outcomes.iter().position(|o| o == m);
            if outcome.is_none() {
                let hint = hint_or_list(m, outcomes.iter().map(String::as_str));
                c.issue(
                    with_key(&p, "metric"),
                    format!("unknown outcome `{m}`{hint}"),
                );
            }
        }
        let year = if dynamic || t.contains_key("year") {
            c.num(t, &p, "year", Range::ANY)
        } else {
            Some(grid.start_year as f64)
        };
        let step = year.and_then(|y| super::study::step_of_year(c, with_key(&p, "year"), y, grid));
        let above = c.opt_f64(t, &p, "above");
        let below = c.opt_f64(t, &p, "below");
        let dir = match (above, below) {
            (Some(v), None) => Some((Direction::Above, v, "above")),
            (None, Some(v)) => Some((Direction::Below, v, "below")),
            (Some(_), Some(_)) => {
                c.issue(
                    with_key(&p, "below"),
                    "give exactly one of `above` or `below`, not both",
                );
                None
            }
            (None, None) => {
                c.issue(
                    p.clone(),
                    "needs a threshold: `above = ...` or `below = ...`",
                );
                None
            }
        };
        let dir = dir.and_then(|(d, v, k)| {
            c.check_range(with_key(&p, k), v, Range::ANY)
                .map(|v| (d, v))
        });
        if let (
            Some(name),
            Some(metric),
            Some(outcome),
            Some(year),
            Some(step),
            Some((direction, threshold)),
        ) = (name, metric, outcome, year, step, dir)
        {
            out.push(Target {
                name,
                metric,
                outcome,
                year,
                step,
                direction,
                threshold,
            });
        }
    }
    out
}
