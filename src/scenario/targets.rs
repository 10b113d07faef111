//! `[[target]]` (metric, whole-step year, one threshold) and `[output] quantiles`.

use super::locate::{kp, with_index, with_key};
use super::params::ValidRange;
use super::raw::RawFile;
use super::suggest::hint_or_list;
use super::types::*;
use super::validate::Ctx;

pub(crate) fn quantiles(c: &mut Ctx, raw: &RawFile) -> Vec<f64> {
    let Some(qs) = raw.output.as_ref().and_then(|o| o.quantiles.as_ref()) else {
        return DEFAULT_QUANTILES.to_vec();
    };
    let path = kp(&["output", "quantiles"]);
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

pub(crate) fn targets(c: &mut Ctx, raw: &RawFile, s: &Scenario) -> Vec<Target> {
    let Some(list) = raw.target.as_ref() else {
        return Vec::new();
    };
    let outcomes = crate::model::outcomes::outcome_names(&s.sectors);
    let steps = s.steps() as f64;
    let mut out = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let p = with_index(&kp(&["target"]), i);
        let name = c.text(&t.name, with_key(&p, "name"));
        if let Some(n) = &name {
            if names.contains(n) {
                c.issue(with_key(&p, "name"), format!("duplicate target name `{n}`"));
            }
            names.push(n.clone());
        }
        let metric = c.need(&t.metric, with_key(&p, "metric")).cloned();
        if let Some(m) = &metric {
            if !outcomes.contains(m) {
                let hint = hint_or_list(m, outcomes.iter().map(String::as_str));
                c.issue(
                    with_key(&p, "metric"),
                    format!("unknown outcome `{m}`{hint}"),
                );
            }
        }
        let year = c.num(t.year, with_key(&p, "year"), ValidRange::Any);
        let mut step = None;
        if let Some(y) = year {
            let k = (y - s.start_year as f64) * s.steps_per_year as f64;
            let end = s.start_year as f64 + s.years as f64;
            if (k - k.round()).abs() > 1e-9 * k.abs().max(1.0) {
                c.issue(with_key(&p, "year"), format!("year {y} is not at a whole step ((year - start_year) * steps_per_year = {k})"));
            } else if k.round() < 0.0 || k.round() > steps {
                c.issue(
                    with_key(&p, "year"),
                    format!("year {y} is outside the horizon {}..={end}", s.start_year),
                );
            } else {
                step = Some(k.round() as usize);
            }
        }
        let dir = match (t.above, t.below) {
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
            c.num(Some(v), with_key(&p, k), ValidRange::Any)
                .map(|v| (d, v))
        });
        if let (Some(name), Some(metric), Some(year), Some(step), Some((direction, threshold))) =
            (name, metric, year, step, dir)
        {
            out.push(Target {
                name,
                metric,
                year,
                step,
                direction,
                threshold,
            });
        }
    }
    out
}
