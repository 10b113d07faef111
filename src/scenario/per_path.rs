//! `[output] per_path`: the outcomes `paths.parquet` records for every path, each written
//! `<metric>@<year>`, and the default set (the key outcomes at each target year and at the
//! horizon).

use super::study::{step_of_year, year_label};
use super::types::Target;
use crate::input::{hint_or_list, kp, with_index, Ctx};
use crate::limits::MAX_PER_PATH;
use crate::model::{ModelInfo, TimeGrid};
use toml::Value;

/// One outcome column of `paths.parquet`: an outcome at a step.
#[derive(Debug, Clone, PartialEq)]
pub struct PathColumn {
    /// Column name, `<metric>@<year>` (the year as [`year_label`] writes it).
    pub name: String,
    /// Outcome name.
    pub metric: String,
    /// Outcome index.
    pub outcome: usize,
    /// Calendar year.
    pub year: f64,
    /// Step index.
    pub step: usize,
}

impl PathColumn {
    fn new(metric: &str, outcome: usize, year: f64, step: usize) -> Self {
        PathColumn {
            name: format!("{metric}@{}", year_label(year)),
            metric: metric.to_string(),
            outcome,
            year,
            step,
        }
    }
}

/// `[output] per_path`, when the file sets it.
pub(crate) fn per_path(
    c: &mut Ctx,
    doc: &toml::Table,
    info: &ModelInfo,
    grid: &TimeGrid,
) -> Option<Vec<PathColumn>> {
    // A wrong type of `[output]` itself is reported with its other keys.
    let v = doc.get("output")?.as_table()?.get("per_path")?;
    let path = kp(&["output", "per_path"]);
    let Value::Array(list) = v else {
        c.wrong_type(path, v, "an array of strings like \"<metric>@<year>\"");
        return None;
    };
    if !c.within_limit(path.clone(), list.len(), MAX_PER_PATH, "per-path outcomes") {
        return None;
    }
    if list.is_empty() {
        c.issue(
            path.clone(),
            "must list at least one `<metric>@<year>` (leave the key out for no paths.parquet)",
        );
    }
    let horizon = grid.start_year as f64 + grid.years as f64;
    let example = info.key_outcomes.first().map_or("<metric>", String::as_str);
    let example = format!("{example}@{}", year_label(horizon));
    let mut out: Vec<PathColumn> = Vec::new();
    let mut entries: Vec<usize> = Vec::new();
    for (i, x) in list.iter().enumerate() {
        let at = with_index(&path, i);
        let Value::String(s) = x else {
            c.wrong_type(at, x, "a string like \"<metric>@<year>\"");
            continue;
        };
        let Some((metric, year)) = s.rsplit_once('@') else {
            c.issue(
                at,
                format!("write `<metric>@<year>`, e.g. `{example}`, got `{s}`"),
            );
            continue;
        };
        let Some(outcome) = info.outcome_index(metric) else {
            let hint = hint_or_list(metric, info.outcomes.iter().map(|o| o.name.as_str()));
            c.issue(at, format!("unknown outcome `{metric}`{hint}"));
            continue;
        };
        let Some(y) = year.trim().parse::<f64>().ok().filter(|y| y.is_finite()) else {
            c.issue(
                at,
                format!("`{year}` is not a year: write `<metric>@<year>`, e.g. `{example}`"),
            );
            continue;
        };
        let Some(step) = step_of_year(c, at.clone(), y, grid) else {
            continue;
        };
        let col = PathColumn::new(metric, outcome, y, step);
        if let Some(j) = out
            .iter()
            .position(|o| o.outcome == outcome && o.step == step)
        {
            c.issue(
                at,
                format!(
                    "duplicate `{}` (entry {} already records it)",
                    col.name, entries[j]
                ),
            );
            continue;
        }
        out.push(col);
        entries.push(i);
    }
    Some(out)
}

/// The default outcomes of `paths.parquet`: each key outcome (every outcome of a model that
/// declares none) at each target's year and at the horizon, years ascending.
pub(crate) fn default_per_path(
    info: &ModelInfo,
    grid: &TimeGrid,
    targets: &[Target],
) -> Vec<PathColumn> {
    let mut years: Vec<(usize, f64)> = targets.iter().map(|t| (t.step, t.year)).collect();
    years.push((grid.steps(), grid.start_year as f64 + grid.years as f64));
    years.sort_by_key(|&(k, _)| k);
    years.dedup_by_key(|&mut (k, _)| k);
    let metrics: Vec<&str> = if info.key_outcomes.is_empty() {
        info.outcomes.iter().map(|o| o.name.as_str()).collect()
    } else {
        info.key_outcomes.iter().map(String::as_str).collect()
    };
    let mut out = Vec::new();
    for m in metrics {
        let Some(i) = info.outcome_index(m) else {
            continue;
        };
        out.extend(years.iter().map(|&(k, y)| PathColumn::new(m, i, y, k)));
    }
    out
}
