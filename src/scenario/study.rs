//! What every study (`[sensitivity]`, `[explore]`) shares: factors named by dotted parameter
//! path, each checked against its parameter's valid range, and outputs (a statistic of an outcome
//! at a year, or a target's probability), each with its one column name.

use super::types::{Target, Uncertain};
use crate::engine::Dist;
use crate::input::{
    declared, hint_or_list, key_names, kp, show, with_index, with_key, Ctx, Key, KeyPath, Kind,
    Range, TableDecl,
};
use crate::limits::{MAX_FACTORS, MAX_FACTOR_VALUES, MAX_STUDY_OUTPUTS};
use crate::model::{Hull, ModelSpec, TimeGrid};
use crate::stats::{parse_quantile_label, quantile_label};
use toml::Value;

/// How a factor varies.
#[derive(Debug, Clone, PartialEq)]
pub enum Spread {
    /// Uniformly over `[min, max]`: a unit coordinate `u` maps to `min + u (max − min)`.
    Uniform {
        /// Low end.
        min: f64,
        /// High end.
        max: f64,
    },
    /// As the scenario's `[uncertainty]` distribution of the parameter: `u` maps through its
    /// inverse CDF, so a triangular or log-normal assumption is honoured.
    Dist(Dist),
    /// Over these values, in order (explore's `values`, or `levels` from `min` to `max`).
    Values(Vec<f64>),
}

/// One factor of a study: a parameter, named by its dotted path, and how it varies.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// The dotted path as written, e.g. `model.x1` or `market.<name>.<field>`.
    pub path: String,
    /// The parameter's index in the model's parameter list.
    pub param: usize,
    /// How it varies.
    pub spread: Spread,
    /// Its base value: the scenario's value, or the median of its distribution.
    pub base: f64,
}

impl Factor {
    /// The value at unit coordinate `u ∈ [0, 1]`.
    pub fn at(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match &self.spread {
            Spread::Uniform { min, max } => (min + u * (max - min)).clamp(*min, *max),
            Spread::Dist(d) => d.quantile(u),
            Spread::Values(v) => v[((u * v.len() as f64) as usize).min(v.len() - 1)],
        }
    }

    /// The smallest and largest value it takes.
    pub fn bounds(&self) -> (f64, f64) {
        match &self.spread {
            Spread::Uniform { min, max } => (*min, *max),
            Spread::Dist(d) => d.support(),
            Spread::Values(v) => v
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                }),
        }
    }

    /// Low and high values of a one-at-a-time swing: the range's ends, or the 5 % and 95 %
    /// points of the distribution.
    pub fn low_high(&self) -> (f64, f64) {
        match &self.spread {
            Spread::Dist(d) => (d.quantile(0.05), d.quantile(0.95)),
            _ => self.bounds(),
        }
    }
}

/// What an output measures at each design point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Statistic {
    /// The mean over the point's paths.
    Mean,
    /// The standard deviation.
    Sd,
    /// A quantile level in (0, 1).
    Quantile(f64),
}

/// One output of a study.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputKind {
    /// A statistic of an outcome at a step.
    Stat {
        /// Outcome name.
        metric: String,
        /// Outcome index.
        outcome: usize,
        /// Calendar year as written.
        year: f64,
        /// Step index.
        step: usize,
        /// The statistic.
        statistic: Statistic,
    },
    /// The probability of the target of this index.
    Probability(usize),
}

/// An output and its column name: `<metric>@<year>:<statistic>` or `P(<target name>)`.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyOutput {
    /// Column name.
    pub name: String,
    /// What it measures.
    pub kind: OutputKind,
}

/// Keys of an `[[<section>.output]]` entry.
pub const OUTPUT_ENTRY_KEYS: &[Key] = &[
    Key::new(
        "metric",
        Kind::Text,
        "The outcome measured (not with statistic = \"probability\")",
    ),
    Key::new(
        "year",
        Kind::Number(Range::ANY),
        "Year it is measured at, at a whole step (default the horizon)",
    )
    .unit("year"),
    Key::new(
        "statistic",
        Kind::Name(STATISTIC_PATTERN),
        "mean (default), sd, a quantile such as p05 or p50, or probability (of `target`)",
    ),
    Key::new(
        "target",
        Kind::Text,
        "The [[target]] whose probability is measured (with statistic = \"probability\")",
    ),
];

/// What `statistic` may be: `mean`, `sd`, `probability` or a quantile label such as `p05` or
/// `p99_9` (whether the label is one [`crate::stats::quantile_label`] writes is checked by the
/// validator).
pub const STATISTIC_PATTERN: &str = "^(mean|sd|probability|p[0-9]{2}(_[0-9]+)?)$";

/// Keys of a factor of `[sensitivity.factors]`.
pub const RANGE_FACTOR: TableDecl = TableDecl::of(&[
    Key::new("min", Kind::Number(Range::ANY), "Low end (below max)").required(),
    Key::new("max", Kind::Number(Range::ANY), "High end").required(),
]);

/// Keys of a factor of `[explore.factors]`.
pub const EXPLORE_FACTOR: TableDecl = TableDecl::of(&[
    Key::new("min", Kind::Number(Range::ANY), "Low end (below max)"),
    Key::new("max", Kind::Number(Range::ANY), "High end"),
    Key::new(
        "levels",
        Kind::Integer(2, MAX_FACTOR_VALUES as i64),
        "Values evenly spaced from min to max",
    ),
    Key::new(
        "values",
        Kind::Array {
            items: &Kind::Number(Range::ANY),
            min: 1,
            max: MAX_FACTOR_VALUES,
        },
        "The values, in order (instead of min and max)",
    ),
]);

/// A year as written in column names: `2031`, or `2031.5`.
pub fn year_label(y: f64) -> String {
    if y.fract() == 0.0 && y.abs() < 1e15 {
        format!("{}", y as i64)
    } else {
        format!("{y}")
    }
}

/// The statistic's name in a column: `mean`, `sd`, `p05`.
pub fn statistic_label(s: Statistic) -> String {
    match s {
        Statistic::Mean => "mean".into(),
        Statistic::Sd => "sd".into(),
        Statistic::Quantile(q) => quantile_label(q),
    }
}

/// The step of calendar year `y`, or an issue at `path` (not at a whole step, or outside the
/// horizon).
pub(crate) fn step_of_year(c: &mut Ctx, path: KeyPath, y: f64, grid: &TimeGrid) -> Option<usize> {
    let k = (y - grid.start_year as f64) * grid.steps_per_year as f64;
    let end = grid.start_year as f64 + grid.years as f64;
    if (k - k.round()).abs() > 1e-9 * k.abs().max(1.0) {
        c.issue(
            path,
            format!("year {y} is not at a whole step ((year - start_year) * steps_per_year = {k})"),
        );
        None
    } else if k.round() < 0.0 || k.round() > grid.steps() as f64 {
        c.issue(
            path,
            format!(
                "year {y} is outside the horizon {}..={end}",
                grid.start_year
            ),
        );
        None
    } else {
        Some(k.round() as usize)
    }
}

/// What a study section is being read for (the keys its factor entries take).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FactorKeys {
    /// `{ min, max }`.
    Range,
    /// `{ min, max }`, `{ min, max, levels }` or `{ values = [...] }`.
    Explore,
}

/// The factors of `[<section>.factors]`, sorted by path; with `defaults`, each `[uncertainty]`
/// entry not overridden is a factor too (varying as its distribution). No factor at all is an
/// error.
pub(crate) fn factors(
    c: &mut Ctx,
    section: &toml::Table,
    name: &str,
    spec: &dyn ModelSpec,
    uncertainty: &[Uncertain],
    keys: FactorKeys,
    defaults: bool,
) -> Vec<Factor> {
    let info = spec.info();
    let path = kp(&[name, "factors"]);
    let mut out: Vec<Factor> = Vec::new();
    if let Some(table) = c.opt_table(section, &kp(&[name]), "factors") {
        if !c.within_limit(path.clone(), table.len(), MAX_FACTORS, "factors") {
            return Vec::new();
        }
        for (key, v) in table {
            let at = with_key(&path, key);
            let Some(spread) = factor_spread(c, v, &at, key, keys) else {
                continue;
            };
            let param = match spec.resolve(key) {
                Ok(i) => i,
                Err(msg) => {
                    c.issue(at.clone(), format!("unknown factor `{key}`: {msg}"));
                    continue;
                }
            };
            let p = &info.params[param];
            let f = Factor {
                path: key.clone(),
                param,
                base: p.value,
                spread,
            };
            let (lo, hi) = f.bounds();
            if !p.range.covers(lo, hi) {
                c.issue(
                    at,
                    format!(
                        "factor `{key}` ranges over [{}, {}], but `{key}` {}",
                        show(lo),
                        show(hi),
                        p.range.describe()
                    ),
                );
                continue;
            }
            out.push(f);
        }
    }
    if defaults {
        for u in uncertainty {
            if out.iter().all(|f| f.param != u.param) {
                out.push(Factor {
                    path: u.path.clone(),
                    param: u.param,
                    spread: Spread::Dist(u.dist),
                    base: u.dist.quantile(0.5),
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    if c.within_limit(path.clone(), out.len(), MAX_FACTORS, "factors")
        && out.is_empty()
        && c.is_clean()
    {
        c.issue(
            path,
            format!(
                "no factors: add [uncertainty] entries or [{name}.factors] entries by dotted \
                 parameter path, e.g. \"<section>.<parameter>\" = {{ min = 0.0, max = 1.0 }}"
            ),
        );
    }
    out
}

fn factor_spread(
    c: &mut Ctx,
    v: &Value,
    at: &KeyPath,
    key: &str,
    keys: FactorKeys,
) -> Option<Spread> {
    let shape = match keys {
        FactorKeys::Range => "a table like { min = 0.0, max = 6.0 }",
        FactorKeys::Explore => {
            "a table like { min = 0.0, max = 6.0, levels = 5 } or { values = [1.0, 2.0] }"
        }
    };
    let Value::Table(t) = v else {
        c.wrong_type(at.clone(), v, shape);
        return None;
    };
    if let Some((sub, _)) = t.iter().find(|(_, x)| x.is_table()) {
        c.key_issue(
            at.clone(),
            format!("a factor's key is a quoted path: write \"{key}.{sub}\" = {{ min = ..., max = ... }}"),
        );
        return None;
    }
    let decl = match keys {
        FactorKeys::Range => &RANGE_FACTOR,
        FactorKeys::Explore => &EXPLORE_FACTOR,
    };
    let before = c.issues().len();
    c.known_keys(t, &decl.names(), at, "a factor");
    if t.contains_key("values") {
        for k in ["min", "max", "levels"] {
            if t.contains_key(k) {
                c.issue(
                    with_key(at, k),
                    "give either `values` or `min` and `max`, not both",
                );
            }
        }
        let vals = number_list(c, t, at, "values")?;
        if vals.is_empty() {
            c.issue(with_key(at, "values"), "must list at least one value");
        }
        if !c.within_limit(
            with_key(at, "values"),
            vals.len(),
            MAX_FACTOR_VALUES,
            "values",
        ) {
            return None;
        }
        return (c.issues().len() == before).then_some(Spread::Values(vals));
    }
    let min = c.num(t, at, "min", Range::ANY);
    let max = c.num(t, at, "max", Range::ANY);
    let levels = if t.contains_key("levels") {
        let (lo, hi) = declared(EXPLORE_FACTOR.keys, "levels").ints();
        c.int(t, at, "levels", lo, hi)
    } else {
        None
    };
    let (min, max) = (min?, max?);
    if min >= max {
        c.issue(
            with_key(at, "max"),
            format!(
                "`min` must be below `max`, got min = {}, max = {}",
                show(min),
                show(max)
            ),
        );
        return None;
    }
    if !(max - min).is_finite() {
        c.issue(
            with_key(at, "max"),
            "the range max - min is too large to sample",
        );
        return None;
    }
    if c.issues().len() != before {
        return None;
    }
    Some(match levels {
        Some(n) => Spread::Values(
            (0..n)
                .map(|i| {
                    if i == n - 1 {
                        max
                    } else {
                        min + (max - min) * i as f64 / (n - 1) as f64
                    }
                })
                .collect(),
        ),
        None => Spread::Uniform { min, max },
    })
}

fn number_list(c: &mut Ctx, t: &toml::Table, at: &KeyPath, key: &str) -> Option<Vec<f64>> {
    let p = with_key(at, key);
    let Some(Value::Array(a)) = t.get(key) else {
        c.wrong_type(
            p,
            t.get(key).expect("checked by the caller"),
            "an array of numbers",
        );
        return None;
    };
    let mut out = Vec::with_capacity(a.len());
    for (i, x) in a.iter().enumerate() {
        match x {
            Value::Float(f) if f.is_finite() => out.push(*f),
            Value::Integer(n) => out.push(*n as f64),
            other => c.wrong_type(with_index(&p, i), other, "a finite number"),
        }
    }
    Some(out)
}

/// Checks the conditions linking several parameters over every value the factors and the
/// remaining `[uncertainty]` draws can take together: the box of the design holds every design
/// point, so every point is valid once the box is.
pub(crate) fn check_factor_box(
    c: &mut Ctx,
    spec: &dyn ModelSpec,
    uncertainty: &[Uncertain],
    factors: &[Factor],
    section: &str,
) {
    if !c.is_clean() {
        return;
    }
    let drawn: Vec<(usize, (f64, f64), String)> = uncertainty
        .iter()
        .filter(|u| factors.iter().all(|f| f.param != u.param))
        .map(|u| (u.param, u.dist.support(), u.path.clone()))
        .collect();
    let mut hull = Hull::new(spec.info(), &drawn);
    for f in factors {
        hull = hull.with_factor(
            f.param,
            f.bounds(),
            &f.path,
            kp(&[section, "factors", &f.path]),
        );
    }
    spec.joint_checks(c, &hull);
}

/// The outputs of `[[<section>.output]]`, or the defaults: the only outcome of a static model of
/// one outcome; otherwise the mean of each headline outcome at the horizon and every target's
/// probability.
pub(crate) fn outputs(
    c: &mut Ctx,
    section: &toml::Table,
    name: &str,
    spec: &dyn ModelSpec,
    grid: &TimeGrid,
    targets: &[Target],
) -> Vec<StudyOutput> {
    let info = spec.info();
    let horizon = grid.start_year as f64 + grid.years as f64;
    let mut out = Vec::new();
    let Some(list) = c.opt_tables(section, &kp(&[name]), "output") else {
        let stat = |metric: &str| {
            let outcome = info.outcome_index(metric)?;
            Some(stat_output(
                metric,
                outcome,
                horizon,
                grid.steps(),
                Statistic::Mean,
            ))
        };
        if grid.years == 0 && info.outcomes.len() == 1 {
            return stat(&info.outcomes[0].name).into_iter().collect();
        }
        let names = if info.headline_outcomes.is_empty() {
            &info.key_outcomes
        } else {
            &info.headline_outcomes
        };
        out.extend(names.iter().filter_map(|m| stat(m)));
        out.extend(targets.iter().enumerate().map(|(i, t)| StudyOutput {
            name: format!("P({})", t.name),
            kind: OutputKind::Probability(i),
        }));
        return out;
    };
    let base = kp(&[name, "output"]);
    if !c.within_limit(base.clone(), list.len(), MAX_STUDY_OUTPUTS, "outputs") {
        return out;
    }
    if list.is_empty() {
        c.issue(base.clone(), "must list at least one output");
    }
    for (i, t) in list.iter().enumerate() {
        let p = with_index(&base, i);
        c.known_keys(t, &key_names(OUTPUT_ENTRY_KEYS), &p, "an output");
        let Some(o) = one_output(c, t, &p, spec, grid, targets) else {
            continue;
        };
        if out.iter().any(|x: &StudyOutput| x.name == o.name) {
            c.issue(p, format!("duplicate output `{}`", o.name));
            continue;
        }
        out.push(o);
    }
    out
}

fn stat_output(
    metric: &str,
    outcome: usize,
    year: f64,
    step: usize,
    statistic: Statistic,
) -> StudyOutput {
    StudyOutput {
        name: format!(
            "{metric}@{}:{}",
            year_label(year),
            statistic_label(statistic)
        ),
        kind: OutputKind::Stat {
            metric: metric.to_string(),
            outcome,
            year,
            step,
            statistic,
        },
    }
}

fn one_output(
    c: &mut Ctx,
    t: &toml::Table,
    p: &KeyPath,
    spec: &dyn ModelSpec,
    grid: &TimeGrid,
    targets: &[Target],
) -> Option<StudyOutput> {
    let info = spec.info();
    let statistic = match t.get("statistic") {
        None => "mean".to_string(),
        Some(_) => c.text(t, p, "statistic")?,
    };
    if statistic == "probability" {
        for k in ["metric", "year"] {
            if t.contains_key(k) {
                c.issue(
                    with_key(p, k),
                    format!("a probability output names only its `target` (the target sets `{k}`)"),
                );
            }
        }
        let name = c.text(t, p, "target")?;
        let Some(i) = targets.iter().position(|x| x.name == name) else {
            c.issue(
                with_key(p, "target"),
                format!(
                    "unknown target `{name}`{}",
                    hint_or_list(&name, targets.iter().map(|x| x.name.as_str()))
                ),
            );
            return None;
        };
        return Some(StudyOutput {
            name: format!("P({name})"),
            kind: OutputKind::Probability(i),
        });
    }
    if t.contains_key("target") {
        c.issue(
            with_key(p, "target"),
            "`target` goes with statistic = \"probability\"",
        );
    }
    let stat = match statistic.as_str() {
        "mean" => Some(Statistic::Mean),
        "sd" => Some(Statistic::Sd),
        s => parse_quantile_label(s).map(Statistic::Quantile),
    };
    let Some(stat) = stat else {
        c.issue(
            with_key(p, "statistic"),
            format!(
                "unknown statistic `{statistic}`: one of mean, sd, a quantile such as p05 or p50, or probability"
            ),
        );
        return None;
    };
    let metric = c.text(t, p, "metric")?;
    let Some(outcome) = info.outcome_index(&metric) else {
        c.issue(
            with_key(p, "metric"),
            format!(
                "unknown outcome `{metric}`{}",
                hint_or_list(&metric, info.outcomes.iter().map(|o| o.name.as_str()))
            ),
        );
        return None;
    };
    let horizon = grid.start_year as f64 + grid.years as f64;
    let year = match t.get("year") {
        None => horizon,
        Some(_) => c.num(t, p, "year", Range::ANY)?,
    };
    let step = step_of_year(c, with_key(p, "year"), year, grid)?;
    Some(stat_output(&metric, outcome, year, step, stat))
}
