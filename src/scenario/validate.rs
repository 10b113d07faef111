//! Validation: the merged scenario table becomes a [`Scenario`], or every problem is reported by
//! field. The generic part (`[scenario]`, `[output]`, `[uncertainty]`, `[[target]]`) is checked
//! here; the model's own sections by the model's validator, found in the [`Registry`].
//! Once a [`Scenario`] is built nothing in it can make the simulation fail: every number is
//! finite and in range, for the values written and for every value `[uncertainty]` can draw.

use std::path::PathBuf;
use std::sync::Arc;

use super::explore::EXPLORE_KEYS;
use super::seek::SEEK_KEYS;
use super::sensitivity::SENSITIVITY_KEYS;
use super::targets::TARGET_KEYS;
use super::targets::{quantiles, targets};
use super::types::*;
use super::uncertain;
use crate::input::{declared, hint_or_list, key_names, kp, Ctx, Issue, Key, Kind, TableDecl};
use crate::limits::{MAX_PER_PATH, MAX_QUANTILES, MAX_TARGETS};
use crate::model::{Hull, ModelEntry, ModelInput, Registry, TimeGrid, DEFAULT_MODEL};

pub use crate::limits::{MAX_NAME_LEN, MAX_PATHS, MAX_STEPS, MAX_STEPS_PER_YEAR, MAX_YEARS};

/// Why `name` cannot name a scenario (and so a directory), if it cannot: letters, digits, `_`,
/// `.` and `-` only, no leading dot, at most [`MAX_NAME_LEN`] characters.
pub fn name_problem(name: &str) -> Option<String> {
    if name.chars().count() > MAX_NAME_LEN {
        return Some(format!(
            "a scenario name may have at most {MAX_NAME_LEN} characters, got {}",
            name.chars().count()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        return Some(format!(
            "a scenario name names its output directory: only letters, digits, `_`, `.` and `-`, got {c:?}"
        ));
    }
    if name.starts_with('.') || name.starts_with('-') {
        return Some(
            "a scenario name may not start with `.` or `-` (it names its output directory and a column of compare.csv)"
                .into(),
        );
    }
    None
}

/// Regular expression of a valid scenario name (what [`name_problem`] accepts).
pub const SCENARIO_NAME_PATTERN: &str = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$";

/// `[scenario]` keys.
pub const SCENARIO_KEYS: &[Key] = &[
    Key::new(
        "name",
        Kind::Name(SCENARIO_NAME_PATTERN),
        "Name of the scenario: its output directory and its column in compare.csv (letters, digits, `_`, `.` and `-`; required in the merged file)",
    ),
    Key::new("description", Kind::Text, "One-line description"),
    Key::new(
        "model",
        Kind::Model,
        "The registered model the rest of the file configures (default `cultural-export`)",
    ),
    Key::new(
        "start_year",
        Kind::Integer(i32::MIN as i64, i32::MAX as i64),
        "Calendar year of step 0",
    )
    .unit("year"),
    Key::new(
        "years",
        Kind::Integer(1, MAX_YEARS),
        "Horizon (a dynamic model only; years * steps_per_year is at most 20000 steps)",
    )
    .unit("years"),
    Key::new(
        "steps_per_year",
        Kind::Integer(1, MAX_STEPS_PER_YEAR),
        "Steps per year (a dynamic model only)",
    ),
    Key::new("paths", Kind::Integer(1, MAX_PATHS), "Monte Carlo paths"),
    Key::new(
        "seed",
        Kind::Integer(0, i64::MAX),
        "Seed of the random numbers (path i draws the same numbers in every run)",
    ),
    Key::new(
        "extends",
        Kind::Text,
        "A scenario file this one is merged over (relative to this file): tables merge, arrays and schedules are replaced",
    ),
];

/// `[output]` keys.
pub const OUTPUT_KEYS: &[Key] = &[
    Key::new(
        "quantiles",
        Kind::Array {
            items: &Kind::OpenUnit,
            min: 1,
            max: MAX_QUANTILES,
        },
        "Quantile levels of the summary, each strictly between 0 and 1 and listed once",
    ),
    Key::new(
        "per_path",
        Kind::Array {
            items: &Kind::Name("^.+@[^@]+$"),
            min: 1,
            max: MAX_PER_PATH,
        },
        "Outcomes paths.parquet records for every path, each `<metric>@<year>`",
    ),
];

/// The sections every scenario may have, whatever its model: the top-level keys of the file
/// besides the model's own.
pub const GENERIC_SECTIONS: &[Key] = &[
    Key::new(
        "scenario",
        Kind::Table(&TableDecl::of(SCENARIO_KEYS)),
        "The scenario: name, model, time grid, paths and seed",
    ),
    Key::new(
        "output",
        Kind::Table(&TableDecl::of(OUTPUT_KEYS)),
        "What the summary and paths.parquet record",
    ),
    Key::new(
        "uncertainty",
        Kind::ByParam(&Kind::Dist),
        "Parameters drawn per path, keyed by quoted dotted parameter path (e.g. \"model.x1\")",
    ),
    Key::new(
        "target",
        Kind::Tables(&TableDecl::of(TARGET_KEYS), MAX_TARGETS),
        "Targets: the probability that an outcome is above or below a threshold at a year",
    ),
    Key::new(
        "sensitivity",
        Kind::Table(&TableDecl::of(SENSITIVITY_KEYS)),
        "A global sensitivity study (softpower sensitivity)",
    ),
    Key::new(
        "explore",
        Kind::Table(&TableDecl::of(EXPLORE_KEYS)),
        "Experiments over the policy space (softpower explore)",
    ),
    Key::new(
        "seek",
        Kind::Table(&TableDecl::of(SEEK_KEYS)),
        "Goal seek of one factor (softpower seek)",
    ),
];

/// Validates the merged file. `doc` is the merged table (kept in the scenario).
pub(crate) fn validate(
    doc: toml::Table,
    registry: &Registry,
    source_file: Option<PathBuf>,
) -> Result<(Scenario, Vec<Issue>), Vec<Issue>> {
    let mut c = Ctx::default();
    let empty = toml::Table::new();
    let sc = c.section(&doc, "scenario");
    let present = sc.is_some();
    let sc = sc.unwrap_or(&empty);
    let p = kp(&["scenario"]);
    c.known_keys(sc, &key_names(SCENARIO_KEYS), &p, "[scenario]");
    let model_name = if sc.contains_key("model") {
        c.text(sc, &p, "model")
    } else {
        Some(DEFAULT_MODEL.to_string())
    };
    let entry: Option<&ModelEntry> = match &model_name {
        Some(n) => match registry.get(n) {
            Some(e) => Some(e),
            None => {
                let names: Vec<&str> = registry.entries().iter().map(|e| e.name).collect();
                c.issue(
                    kp(&["scenario", "model"]),
                    format!("unknown model `{n}`{}", hint_or_list(n, names)),
                );
                None
            }
        },
        None => None,
    };
    if let Some(e) = entry {
        let known: Vec<&str> = GENERIC_SECTIONS
            .iter()
            .chain(e.sections)
            .map(|k| k.name)
            .collect();
        c.known_keys(&doc, &known, &[], "the scenario file (sections)");
    }
    let dynamic = entry.is_none_or(|e| e.dynamic);
    let head = c.within(present, |c| scenario_section(c, sc, dynamic));
    let quantiles = quantiles(&mut c, &doc);
    let grid = head.grid();
    let spec = entry.and_then(|e| {
        (e.validate)(
            &mut c,
            ModelInput {
                doc: &doc,
                grid: &grid.unwrap_or(TimeGrid::fixed(0)),
            },
        )
    });
    let (Some(spec), Some(grid)) = (spec, grid) else {
        // Still report the problems of the generic sections that need no model.
        return Err(finish(c));
    };
    let spec: Arc<dyn crate::model::ModelSpec> = Arc::from(spec);
    let uncertainty = uncertain::uncertainty(&mut c, &doc, &*spec);
    if c.is_clean() {
        let drawn: Vec<(usize, (f64, f64), String)> = uncertainty
            .iter()
            .map(|u| (u.param, u.dist.support(), u.path.clone()))
            .collect();
        spec.joint_checks(&mut c, &Hull::new(spec.info(), &drawn));
    }
    let targets = targets(&mut c, &doc, spec.info(), &grid, dynamic);
    let per_path = super::per_path::per_path(&mut c, &doc, spec.info(), &grid);
    let sensitivity = if c.is_clean() {
        let d = spec.info().draws;
        super::sensitivity::sensitivity(
            &mut c,
            &doc,
            &*spec,
            &grid,
            &uncertainty,
            &targets,
            head.seed.unwrap_or(0) as u64,
            d.uniforms + d.normals + d.exps,
        )
    } else {
        None
    };
    let (paths, seed) = (
        head.paths.unwrap_or(1) as u64,
        head.seed.unwrap_or(0) as u64,
    );
    let explore = if c.is_clean() {
        super::explore::explore(
            &mut c,
            &doc,
            &*spec,
            &grid,
            &uncertainty,
            &targets,
            paths,
            seed,
        )
    } else {
        None
    };
    let seek = if c.is_clean() {
        super::seek::seek(&mut c, &doc, &*spec, &uncertainty, &targets, paths)
    } else {
        None
    };
    if !c.is_clean() {
        return Err(finish(c));
    }
    let warnings = c.take_warnings();
    Ok((
        Scenario {
            name: head.name.unwrap_or_default(),
            description: sc
                .get("description")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
            source_file,
            grid,
            paths: head.paths.unwrap_or(1) as u64,
            seed: head.seed.unwrap_or(0) as u64,
            quantiles,
            spec,
            uncertainty,
            targets,
            per_path,
            sensitivity,
            explore,
            seek,
            resolved: doc,
            warnings: Vec::new(),
        },
        warnings,
    ))
}

fn finish(c: Ctx) -> Vec<Issue> {
    let issues = c.into_issues();
    debug_assert!(!issues.is_empty(), "validation failed without an issue");
    issues
}

#[derive(Default)]
struct Head {
    name: Option<String>,
    start_year: Option<i64>,
    years: Option<i64>,
    steps_per_year: Option<i64>,
    paths: Option<i64>,
    seed: Option<i64>,
    dynamic: bool,
}

impl Head {
    fn grid(&self) -> Option<TimeGrid> {
        if !self.dynamic {
            return Some(TimeGrid::fixed(self.start_year.unwrap_or(0) as i32));
        }
        Some(TimeGrid {
            start_year: self.start_year? as i32,
            years: self.years? as u32,
            steps_per_year: self.steps_per_year? as u32,
        })
    }
}

fn scenario_section(c: &mut Ctx, sc: &toml::Table, dynamic: bool) -> Head {
    let p = kp(&["scenario"]);
    if sc.contains_key("description") {
        c.opt_str(sc, &p, "description");
    }
    let int = |c: &mut Ctx, name: &str| {
        let (lo, hi) = declared(SCENARIO_KEYS, name).ints();
        c.int(sc, &p, name, lo, hi)
    };
    let time = |c: &mut Ctx, name: &str| {
        if dynamic || sc.contains_key(name) {
            int(c, name)
        } else {
            None
        }
    };
    let name = c.text(sc, &p, "name");
    if let Some(problem) = name.as_deref().and_then(name_problem) {
        c.issue(kp(&["scenario", "name"]), problem);
    }
    let h = Head {
        name,
        start_year: time(c, "start_year"),
        years: time(c, "years"),
        steps_per_year: time(c, "steps_per_year"),
        paths: int(c, "paths"),
        seed: int(c, "seed"),
        dynamic,
    };
    if !dynamic {
        for key in ["years", "steps_per_year"] {
            if sc.contains_key(key) {
                c.issue(
                    kp(&["scenario", key]),
                    format!("a static model records once: `{key}` does not apply (leave it out)"),
                );
            }
        }
    }
    if let (Some(y), Some(n)) = (h.years, h.steps_per_year) {
        if y * n > MAX_STEPS {
            c.issue(
                kp(&["scenario", "years"]),
                format!(
                    "years * steps_per_year = {} exceeds the limit of {MAX_STEPS} steps",
                    y * n
                ),
            );
        }
    }
    h
}
